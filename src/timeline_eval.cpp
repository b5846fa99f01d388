// Timeline evaluation: stages and milestones as of a date, snapshots, and
// the national measures and bed-day savings over a reporting period.
#include "timeline_internal.hpp"

#include "homeward/error.hpp"

#include <algorithm>
#include <cmath>

namespace homeward {
namespace {

using timeline_detail::fmt_day;

// Working-day arithmetic on day numbers, with errors naming the event.
class WorkCal {
 public:
  explicit WorkCal(const Calendar& c) : cal_(c) {}
  template <class PathFn>
  std::int32_t add(std::int32_t d, std::int64_t n, const PathFn& path) const {
    std::int32_t out = 0;
    try {
      cal_.add_working_days(&d, &n, 1, &out);
    } catch (const Error& e) {
      throw OutOfRange(path(), fmt_day(d) + ": " + e.message());
    }
    return out;
  }
  template <class PathFn>
  std::int32_t between(std::int32_t a, std::int32_t b, const PathFn& path) const {
    std::int64_t out = 0;
    try {
      cal_.working_days_between(&a, &b, 1, &out);
    } catch (const Error& e) {
      throw OutOfRange(
          path(), "working days from " + fmt_day(a) + " to " + fmt_day(b) + ": " + e.message());
    }
    return static_cast<std::int32_t>(out);
  }

 private:
  const Calendar& cal_;
};

enum class Where : std::uint8_t { hospital, community, step_down };

// Evaluates one pathway's events [o, o + n) (already cut at as_of) and
// appends its milestone rows.
struct PathwayEvaluator {
  const Caseload& caseload;
  const TimelinePolicy& policy;
  const WorkCal& cal;
  std::int32_t as_of;
  MilestoneTable& t;
  const std::uint8_t* types;
  const std::int32_t* dates;
  const std::int32_t* dates2;
  std::int32_t pathway;
  std::size_t base_event;  // global index of the pathway's first event (for error paths)

  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  std::string path(std::size_t j) const {
    return "pathways[" + std::to_string(pathway) + "].events[" + std::to_string(j) + "].date";
  }

  std::size_t push(Milestone m, std::size_t j, std::int32_t start, std::int32_t due) {
    t.pathway.push_back(pathway);
    t.event.push_back(static_cast<std::int32_t>(j));
    t.milestone.push_back(static_cast<std::uint8_t>(m));
    t.status.push_back(static_cast<std::uint8_t>(MilestoneStatus::pending));
    t.start.push_back(start);
    t.due.push_back(due);
    t.date.push_back(kNoDay);
    t.days.push_back(kNoDay);
    t.working_days.push_back(kNoDay);
    return t.pathway.size() - 1;
  }

  void set(std::size_t r, MilestoneStatus s) { t.status[r] = static_cast<std::uint8_t>(s); }

  // Settle row r by an event on date d (index j): met if d <= due.
  void settle(std::size_t r, std::int32_t d, std::size_t j) {
    t.date[r] = d;
    t.days[r] = d - t.start[r];
    t.working_days[r] = cal.between(t.start[r], d, [&] { return path(j); });
    set(r, d <= t.due[r] ? MilestoneStatus::met : MilestoneStatus::missed);
  }
  // The chance to meet row r ended on date d without the event.
  void lapse(std::size_t r, std::int32_t d) {
    set(r, d <= t.due[r] ? MilestoneStatus::not_applicable : MilestoneStatus::missed);
  }
  // Row r still open at as_of.
  void open(std::size_t r, std::size_t j) {
    t.days[r] = as_of - t.start[r];
    t.working_days[r] = cal.between(t.start[r], as_of, [&] { return path(j) + " (as_of)"; });
    set(r, as_of > t.due[r] ? MilestoneStatus::overdue : MilestoneStatus::pending);
  }

  // Returns the stage and the date it began.
  std::pair<Stage, std::int32_t> run(std::size_t n) {
    if (n == 0) return {Stage::not_yet_referred, kNoDay};
    enum class Episode { open, declined, closed };
    Episode episode = Episode::open;
    Where where = Where::hospital;
    std::int32_t episode_end = kNoDay, where_since = kNoDay, engaged_since = kNoDay,
                 referral_date = kNoDay, readmit_date = kNoDay, crfd_start = kNoDay,
                 crfd_end = kNoDay;
    bool crfd_open = false, readmitted = false, decided = false;
    std::size_t fv = kNone, dec = kNone, fu = kNone, rd = kNone, sd = kNone;
    std::size_t fv_j = 0, dec_j = 0, fu_j = 0, rd_j = 0, sd_j = 0;

    for (std::size_t j = 0; j < n; ++j) {
      const auto type = static_cast<EventType>(types[j]);
      const std::int32_t d = dates[j];
      if (crfd_open && crfd_end != kNoDay && crfd_end <= d) crfd_open = false;
      switch (type) {
        case EventType::referral_received: {
          episode = Episode::open;
          referral_date = d;
          engaged_since = kNoDay;
          decided = false;
          readmitted = false;
          const std::int32_t planned = dates2[j];
          const std::size_t r = push(Milestone::referral_lead_time, j, d, kNoDay);
          if (planned == kNoDay) {
            set(r, MilestoneStatus::not_applicable);
          } else {
            t.due[r] = planned - policy.referral_lead_days;
            t.date[r] = d;
            t.days[r] = planned - d;
            if (planned >= d) {
              t.working_days[r] = cal.between(d, planned, [&] { return path(j); });
            } else {
              t.working_days[r] = -cal.between(planned, d, [&] { return path(j); });
            }
            set(r, d <= t.due[r] ? MilestoneStatus::met : MilestoneStatus::missed);
          }
          fv = push(Milestone::first_visit, j, d,
                    cal.add(d, policy.first_visit_working_days, [&] { return path(j); }));
          fv_j = j;
          dec = kNone;
          break;
        }
        case EventType::planned_discharge_changed:
        case EventType::transition_plan_agreed: break;
        case EventType::initial_visit:
          if (engaged_since == kNoDay) engaged_since = d;
          if (fv != kNone) {
            settle(fv, d, j);
            fv = kNone;
            if (!decided) {
              dec = push(Milestone::decision, j, d,
                         cal.add(d, policy.decision_working_days, [&] { return path(j); }));
              dec_j = j;
            }
          }
          break;
        case EventType::accepted:
        case EventType::declined:
          decided = true;
          if (type == EventType::accepted && engaged_since == kNoDay) engaged_since = d;
          if (dec != kNone) {
            settle(dec, d, j);
            dec = kNone;
          }
          if (type == EventType::declined) {
            episode = Episode::declined;
            episode_end = d;
            if (fv != kNone) {
              lapse(fv, d);
              fv = kNone;
            }
            if (fu != kNone && policy.follow_up_closure_excludes) {
              lapse(fu, d);
              fu = kNone;
            }
            if (sd != kNone) {
              lapse(sd, d);
              sd = kNone;
            }
          }
          break;
        case EventType::clinically_ready_for_discharge:
          crfd_open = true;
          crfd_start = d;
          crfd_end = dates2[j];
          break;
        case EventType::discharged:
          crfd_open = false;
          where = Where::community;
          where_since = d;
          readmitted = false;
          fu = push(Milestone::follow_up, j, d, d + policy.follow_up_days);
          fu_j = j;
          if (!timeline_detail::follow_up_field_exclusion(caseload, base_event + j, policy)
                   .empty()) {
            set(fu,
                MilestoneStatus::not_applicable);  // excluded from the measure (docs/measures.md)
            fu = kNone;
          }
          rd = push(Milestone::readmission, j, d, d + policy.readmission_window_days - 1);
          rd_j = j;
          if (timeline_detail::has_code(
                  policy.readmission_excluded_methods,
                  caseload.event_detail(base_event + j, CodeTable::discharge_method)) ||
              timeline_detail::has_code(policy.readmission_excluded_destinations,
                                        timeline_detail::event_code(caseload, base_event + j))) {
            set(rd, MilestoneStatus::not_applicable);
            rd = kNone;
          }
          break;
        case EventType::follow_up_contact:
          if (fu != kNone && d >= t.start[fu] + policy.follow_up_min_days &&
              timeline_detail::contact_qualifies(caseload, base_event + j, policy)) {
            settle(fu, d, j);
            fu = kNone;
          }
          break;
        case EventType::out_of_area_placement: break;
        case EventType::died:
          // The pathway ends: open clocks lapse; no readmission can follow.
          episode = Episode::closed;
          episode_end = d;
          if (fv != kNone) {
            lapse(fv, d);
            fv = kNone;
          }
          if (dec != kNone) {
            lapse(dec, d);
            dec = kNone;
          }
          if (fu != kNone) {
            if (policy.follow_up_death_exclusion_days >= 0 &&
                d - t.start[fu] <= policy.follow_up_death_exclusion_days) {
              set(fu, MilestoneStatus::not_applicable);
            } else {
              lapse(fu, d);
            }
            fu = kNone;
          }
          if (sd != kNone) {
            settle(sd, d, j);
            sd = kNone;
          }
          if (rd != kNone) {
            set(rd, MilestoneStatus::not_applicable);
            rd = kNone;
          }
          crfd_open = false;
          break;
        case EventType::step_down_admitted:
          where = Where::step_down;
          where_since = d;
          sd = push(Milestone::step_down_stay, j, d, d + policy.step_down_max_days);
          sd_j = j;
          break;
        case EventType::step_down_left:
          where = Where::community;
          where_since = d;
          if (sd != kNone) {
            settle(sd, d, j);
            sd = kNone;
          }
          break;
        case EventType::readmitted:
          if (sd != kNone) {
            settle(sd, d, j);
            sd = kNone;
          }
          if (fu != kNone) {
            if (policy.follow_up_readmission_counts &&
                d >= t.start[fu] + policy.follow_up_min_days) {
              settle(fu, d, j);  // a new hospital spell counts as the follow-up
            } else {
              lapse(fu, d);
            }
            fu = kNone;
          }
          if (rd != kNone) {
            t.date[rd] = d;
            t.days[rd] = d - t.start[rd];
            t.working_days[rd] = cal.between(t.start[rd], d, [&] { return path(j); });
            set(rd, d <= t.due[rd] ? MilestoneStatus::missed : MilestoneStatus::met);
            rd = kNone;
          }
          where = Where::hospital;
          where_since = d;
          readmitted = true;
          readmit_date = d;
          crfd_open = false;
          break;
        case EventType::closed:
          episode = Episode::closed;
          episode_end = d;
          if (fv != kNone) {
            lapse(fv, d);
            fv = kNone;
          }
          if (dec != kNone) {
            lapse(dec, d);
            dec = kNone;
          }
          if (fu != kNone && policy.follow_up_closure_excludes) {
            lapse(fu, d);
            fu = kNone;
          }
          if (sd != kNone) {
            lapse(sd, d);
            sd = kNone;
          }
          break;
      }
      if (type == EventType::declined && dec != kNone) {
        lapse(dec, d);
        dec = kNone;
      }
    }
    if (crfd_open && crfd_end != kNoDay && crfd_end <= as_of) crfd_open = false;
    // Rows still open at as_of.
    if (fv != kNone) open(fv, fv_j);
    if (dec != kNone) open(dec, dec_j);
    if (fu != kNone) open(fu, fu_j);
    if (sd != kNone) open(sd, sd_j);
    if (rd != kNone) {
      if (as_of > t.due[rd]) {
        set(rd, MilestoneStatus::met);
      } else {
        open(rd, rd_j);
      }
    }
    // Stage.
    if (episode == Episode::closed) return {Stage::closed, episode_end};
    if (episode == Episode::declined) return {Stage::declined, episode_end};
    if (where == Where::step_down) return {Stage::in_step_down, where_since};
    if (where == Where::community) return {Stage::in_community, where_since};
    if (crfd_open) return {Stage::awaiting_discharge, crfd_start};
    if (readmitted) return {Stage::readmitted, readmit_date};
    if (engaged_since != kNoDay) return {Stage::engaged, engaged_since};
    return {Stage::referred, referral_date};
  }
};

std::size_t cut(const std::int32_t* dates, std::size_t n, std::int32_t as_of) {
  // Events are in date order: the number with date <= as_of.
  return static_cast<std::size_t>(std::upper_bound(dates, dates + n, as_of) - dates);
}

void check_as_of(const Caseload& c, const Date& as_of, const char* field) {
  if (as_of.is_special()) throw InvalidArgument(field, "not a date");
  if (c.empty()) return;
  const Date first = *c.first_date();
  if (as_of < first) {
    throw InvalidArgument(field, format_date(as_of) +
                                     " is before every event in the caseload (the earliest is " +
                                     format_date(first) + ")");
  }
}

}  // namespace

Evaluation evaluate(const Caseload& c, const Date& as_of, const TimelinePolicy& policy) {
  policy.validate();
  check_as_of(c, as_of, "as_of");
  const WorkCal cal(policy.working_calendar());
  Evaluation ev;
  ev.as_of = as_of;
  const std::int32_t as_of_day = to_days(as_of);
  const std::size_t np = c.size();
  ev.stage.resize(np);
  ev.stage_since.resize(np);
  auto& t = ev.milestones;
  const std::size_t reserve = c.event_count() / 2 + np;
  t.pathway.reserve(reserve);
  t.event.reserve(reserve);
  t.milestone.reserve(reserve);
  t.status.reserve(reserve);
  t.start.reserve(reserve);
  t.due.reserve(reserve);
  t.date.reserve(reserve);
  t.days.reserve(reserve);
  t.working_days.reserve(reserve);
  const auto& off = c.offsets();
  for (std::size_t i = 0; i < np; ++i) {
    const auto o = static_cast<std::size_t>(off[i]);
    const auto e = static_cast<std::size_t>(off[i + 1]);
    PathwayEvaluator pe{c,
                        policy,
                        cal,
                        as_of_day,
                        t,
                        c.types().data() + o,
                        c.dates().data() + o,
                        c.dates2().data() + o,
                        static_cast<std::int32_t>(i),
                        o};
    const auto [stage, since] = pe.run(cut(c.dates().data() + o, e - o, as_of_day));
    ev.stage[i] = static_cast<std::uint8_t>(stage);
    ev.stage_since[i] = since;
    ++ev.stage_counts[static_cast<std::size_t>(stage)];
  }
  return ev;
}

Evaluation evaluate(const Pathway& p, const Date& as_of, const TimelinePolicy& policy) {
  Caseload c;
  c.add(p);
  return evaluate(c, as_of, policy);
}

// ---------------------------------------------------------------------------

Snapshot snapshot(const Caseload& c, const Date& on, const TimelinePolicy& policy) {
  Evaluation ev = evaluate(c, on, policy);
  Snapshot s;
  s.on = on;
  s.stage_counts = ev.stage_counts;
  const auto& t = ev.milestones;
  const Calendar& cal = policy.working_calendar();
  const std::int32_t on_day = to_days(on);
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (t.status[r] != static_cast<std::uint8_t>(MilestoneStatus::overdue)) continue;
    OverdueItem o;
    o.person_id = c.person_ids()[static_cast<std::size_t>(t.pathway[r])];
    o.milestone = static_cast<Milestone>(t.milestone[r]);
    o.start = from_days(t.start[r]);
    o.due = from_days(t.due[r]);
    o.days_late = on_day - t.due[r];
    const std::int32_t a = t.due[r] + 1, b = on_day + 1;
    std::int64_t w = 0;
    cal.working_days_between(&a, &b, 1, &w);
    o.working_days_late = w;
    s.overdue.push_back(std::move(o));
  }
  std::stable_sort(s.overdue.begin(), s.overdue.end(),
                   [](const OverdueItem& x, const OverdueItem& y) {
                     if (x.days_late != y.days_late) return x.days_late > y.days_late;
                     if (x.person_id != y.person_id) return x.person_id < y.person_id;
                     return x.milestone < y.milestone;
                   });
  return s;
}

// ---------------------------------------------------------------------------

std::optional<double> RateMeasure::rate() const {
  if (denominator == 0) return std::nullopt;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

namespace {

std::optional<double> median_of(std::vector<std::int32_t> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  if (n % 2) return static_cast<double>(v[n / 2]);
  return (static_cast<double>(v[n / 2 - 1]) + static_cast<double>(v[n / 2])) / 2.0;
}

std::optional<double> mean_of(const std::vector<std::int32_t>& v) {
  if (v.empty()) return std::nullopt;
  double s = 0;
  for (auto x : v) s += x;
  return s / static_cast<double>(v.size());
}

std::int64_t overlap(std::int64_t a, std::int64_t b, std::int64_t lo, std::int64_t hi) {
  return std::max<std::int64_t>(0, std::min(b, hi) - std::max(a, lo));
}

}  // namespace

namespace {

// The follow-up, readmission and referral lead-time rules for milestone row
// r of the evaluation, counted into m when the row falls in [s0, e1).
void count_milestone(const Caseload& c, const Evaluation& ev, std::size_t r, std::int32_t s0,
                     std::int32_t e1, std::int32_t as_of_day, const TimelinePolicy& policy,
                     Measures& m, std::vector<std::int32_t>& leads) {
  const auto& t = ev.milestones;
  const std::int32_t off_days = policy.follow_up_window_offset_days;
  const auto ms = static_cast<Milestone>(t.milestone[r]);
  const auto st = static_cast<MilestoneStatus>(t.status[r]);
  const std::int32_t sd = t.start[r];
  // The follow-up measure takes discharges dated start - offset .. end - offset
  // (MHS78: 02_72HOURS/01_Prepare/PrepViews.py line 204).
  const bool in_period =
      ms == Milestone::follow_up ? sd >= s0 - off_days && sd < e1 - off_days : sd >= s0 && sd < e1;
  if (!in_period) return;
  const std::string& who = c.person_ids()[static_cast<std::size_t>(t.pathway[r])];
  auto item = [&]() {
    DischargeItem d;
    d.person_id = who;
    d.discharged = from_days(sd);
    if (t.date[r] != kNoDay) {
      d.date = from_days(t.date[r]);
      d.days = t.days[r];
    }
    return d;
  };
  switch (ms) {
    case Milestone::follow_up:
      if (st != MilestoneStatus::not_applicable &&
          timeline_detail::died_within(c, static_cast<std::size_t>(t.pathway[r]),
                                       static_cast<std::size_t>(t.event[r]), as_of_day,
                                       policy.follow_up_death_exclusion_days)) {
        // A death within N days excludes the discharge even when a contact came
        // first (DiedBeforeFollowUp, 02_72HOURS/02_Aggregate/72hours_Aggregate.py line 28).
        ++m.follow_up.excluded;
        m.follow_up_exclusions.push_back(timeline_detail::follow_up_exclusion(
            c, static_cast<std::size_t>(t.pathway[r]), static_cast<std::size_t>(t.event[r]),
            as_of_day, policy));
        break;
      }
      if (st == MilestoneStatus::met) {
        ++m.follow_up.numerator;
        ++m.follow_up.denominator;
      } else if (st == MilestoneStatus::missed || st == MilestoneStatus::overdue) {
        ++m.follow_up.denominator;
        m.follow_up_misses.push_back(item());
      } else if (st == MilestoneStatus::pending) {
        ++m.follow_up.pending;
      } else {
        ++m.follow_up.excluded;
        m.follow_up_exclusions.push_back(timeline_detail::follow_up_exclusion(
            c, static_cast<std::size_t>(t.pathway[r]), static_cast<std::size_t>(t.event[r]),
            as_of_day, policy));
      }
      break;
    case Milestone::readmission:
      if (st == MilestoneStatus::missed) {
        ++m.readmission.numerator;
        ++m.readmission.denominator;
        m.readmissions.push_back(item());
      } else if (st == MilestoneStatus::met) {
        ++m.readmission.denominator;
      } else if (st == MilestoneStatus::not_applicable) {
        ++m.readmission.excluded;  // excluded method or destination, or the person died
      } else {
        ++m.readmission.pending;
      }
      break;
    case Milestone::referral_lead_time:
      if (st == MilestoneStatus::not_applicable) {
        ++m.lead_times.without_planned_discharge;
      } else {
        ++m.lead_times.count;
        leads.push_back(t.days[r]);
        if (st == MilestoneStatus::met) ++m.lead_times.meeting_target;
      }
      break;
    default: break;
  }
}

struct StepDownStay {
  std::int32_t admitted;
  std::int32_t left;  // kNoDay: still in step-down at as_of
  std::string_view destination;
};

// Every measure for each window, from one evaluation as of as_of and one
// pass over each pathway (the windows are validated by the caller).
std::vector<Measures> measures_spans(const Caseload& c,
                                     const std::vector<std::pair<Date, Date>>& windows,
                                     const TimelinePolicy& policy, const CostModel& costs,
                                     const Date& as_of,
                                     std::vector<std::vector<std::int32_t>>* leads_out = nullptr) {
  const std::size_t nw = windows.size();
  std::vector<Measures> out(nw);
  std::vector<timeline_detail::MeasureSpan> spans(nw);
  for (std::size_t w = 0; w < nw; ++w) {
    Measures& m = out[w];
    m.start = windows[w].first;
    m.end = windows[w].second;
    m.as_of = as_of;
    m.bed_days.inpatient_day_cost = costs.inpatient_day_cost;
    m.bed_days.step_down_day_cost = costs.step_down_day_cost;
    m.crfd.day_count = policy.crfd_day_count;
    spans[w] = {to_days(m.start), to_days(m.end) + 1};  // end exclusive
    // The follow-up measure takes discharges dated start - offset .. end - offset.
    m.follow_up_from = from_days(spans[w].s0 - policy.follow_up_window_offset_days);
    m.follow_up_to = from_days(spans[w].e1 - 1 - policy.follow_up_window_offset_days);
  }
  // No data (an empty caseload, or nothing has happened by as_of): every
  // measure is zero, as for any other period without events.
  if (c.empty() || as_of < *c.first_date()) return out;

  const Evaluation ev = evaluate(c, as_of, policy);
  const std::int32_t as_of_day = to_days(as_of);
  const auto& ids = c.person_ids();

  // Follow-up, readmission and lead times: one pass over the milestone rows.
  std::vector<std::vector<std::int32_t>> leads(nw);
  const std::size_t rows = ev.milestones.size();
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t w = 0; w < nw; ++w)
      count_milestone(c, ev, r, spans[w].s0, spans[w].e1, as_of_day, policy, out[w], leads[w]);
  }
  for (std::size_t w = 0; w < nw; ++w) {
    const auto& l = leads[w];
    if (l.empty()) continue;
    Measures& m = out[w];
    m.lead_times.mean = mean_of(l);
    m.lead_times.median = median_of(l);
    m.lead_times.shortest = *std::min_element(l.begin(), l.end());
    m.lead_times.longest = *std::max_element(l.begin(), l.end());
  }
  if (leads_out) *leads_out = leads;

  // Step-down stays and bed days: one pass over each pathway's events
  // gathers its stays, then each window counts them.
  const auto& off = c.offsets();
  const auto& types = c.types();
  const auto& dates = c.dates();
  const auto& codes = c.codes();
  const auto& pool = c.code_pool();
  const double saving_per_day = costs.inpatient_day_cost - costs.step_down_day_cost;
  std::vector<std::vector<std::int32_t>> stays(nw);
  std::vector<StepDownStay> person_stays;
  for (std::size_t i = 0; i < c.size(); ++i) {
    const auto o = static_cast<std::size_t>(off[i]);
    const auto n = cut(dates.data() + o, static_cast<std::size_t>(off[i + 1]) - o, as_of_day);
    person_stays.clear();
    std::int32_t admitted = kNoDay;
    auto close_stay = [&](std::int32_t left_day, std::string_view destination) {
      person_stays.push_back(StepDownStay{admitted, left_day, destination});
      admitted = kNoDay;
    };
    for (std::size_t k = o; k < o + n; ++k) {
      const auto type = static_cast<EventType>(types[k]);
      const std::int32_t d = dates[k];
      switch (type) {
        case EventType::readmitted:
          if (admitted != kNoDay) close_stay(d, "readmitted");
          break;
        case EventType::died:
          if (admitted != kNoDay) close_stay(d, "died");
          break;
        case EventType::step_down_admitted: admitted = d; break;
        case EventType::step_down_left:
          if (admitted != kNoDay) {
            close_stay(d, codes[k] >= 0 ? std::string_view(pool[static_cast<std::size_t>(codes[k])])
                                        : std::string_view());
          }
          break;
        default: break;
      }
    }
    if (admitted != kNoDay) close_stay(kNoDay, "");
    if (person_stays.empty()) continue;
    for (std::size_t w = 0; w < nw; ++w) {
      const std::int32_t s0 = spans[w].s0, e1 = spans[w].e1;
      Measures& m = out[w];
      std::int64_t person_days = 0;
      for (const StepDownStay& st : person_stays) {
        const std::int64_t stop = st.left == kNoDay ? e1 : st.left;
        person_days += overlap(st.admitted, stop, s0, e1);
        if (st.left != kNoDay && st.left >= s0 && st.left < e1) {
          StayItem s;
          s.person_id = ids[i];
          s.admitted = from_days(st.admitted);
          s.left = from_days(st.left);
          s.days = st.left - st.admitted + (policy.length_of_stay_add_one ? 1 : 0);
          s.destination = std::string(st.destination);
          stays[w].push_back(s.days);
          m.step_down.stays.push_back(std::move(s));
        }
      }
      if (person_days > 0) {
        SavingsItem s;
        s.person_id = ids[i];
        s.days = person_days;
        s.savings = static_cast<double>(person_days) * saving_per_day;
        m.bed_days.days += person_days;
        m.bed_days.people.push_back(std::move(s));
      }
    }
  }
  timeline_detail::crfd_stays_and_placements(c, spans, as_of_day, policy, out);
  for (std::size_t w = 0; w < nw; ++w) {
    Measures& m = out[w];
    m.bed_days.savings = static_cast<double>(m.bed_days.days) * saving_per_day;
    std::sort(m.bed_days.people.begin(), m.bed_days.people.end(),
              [](const SavingsItem& a, const SavingsItem& b) { return a.person_id < b.person_id; });
    m.step_down.count = static_cast<std::int64_t>(stays[w].size());
    m.step_down.mean = mean_of(stays[w]);
    m.step_down.median = median_of(stays[w]);
    for (const auto& s : m.step_down.stays) {
      if (!m.step_down.longest || s.days > m.step_down.longest->days) m.step_down.longest = s;
    }
  }
  return out;
}

}  // namespace

Measures measures(const Caseload& c, const Date& start, const Date& end,
                  const TimelinePolicy& policy, const CostModel& costs,
                  std::optional<Date> as_of_opt) {
  return timeline_detail::measures_with_leads(c, start, end, policy, costs, as_of_opt, nullptr);
}

namespace timeline_detail {

Measures measures_with_leads(const Caseload& c, const Date& start, const Date& end,
                             const TimelinePolicy& policy, const CostModel& costs,
                             std::optional<Date> as_of_opt, std::vector<std::int32_t>* leads_out) {
  if (start.is_special()) throw InvalidArgument("start", "not a date");
  if (end.is_special()) throw InvalidArgument("end", "not a date");
  if (end < start) {
    throw InvalidArgument("end", format_date(end) + " is before start " + format_date(start));
  }
  const Date as_of = as_of_opt ? *as_of_opt : end;
  if (as_of.is_special()) throw InvalidArgument("as_of", "not a date");
  if (as_of < end) {
    throw InvalidArgument("as_of",
                          format_date(as_of) + " is before the period end " + format_date(end));
  }
  policy.validate();
  costs.validate();
  std::vector<std::vector<std::int32_t>> leads;
  Measures m = std::move(
      measures_spans(c, {{start, end}}, policy, costs, as_of, leads_out ? &leads : nullptr)
          .front());
  if (leads_out)
    *leads_out = leads.empty() ? std::vector<std::int32_t>{} : std::move(leads.front());
  return m;
}

}  // namespace timeline_detail

std::vector<Measures> measures_windows(const Caseload& c,
                                       const std::vector<std::pair<Date, Date>>& windows,
                                       const Date& as_of, const TimelinePolicy& policy,
                                       const CostModel& costs) {
  if (as_of.is_special()) throw InvalidArgument("as_of", "not a date");
  for (std::size_t w = 0; w < windows.size(); ++w) {
    const auto& [start, end] = windows[w];
    const std::string path = "windows[" + std::to_string(w) + "]";
    if (start.is_special()) throw InvalidArgument(path + ".start", "not a date");
    if (end.is_special()) throw InvalidArgument(path + ".end", "not a date");
    if (end < start) {
      throw InvalidArgument(path + ".end",
                            format_date(end) + " is before start " + format_date(start));
    }
    if (as_of < end) {
      throw InvalidArgument("as_of", format_date(as_of) + " is before the period end " +
                                         format_date(end) + " of " + path);
    }
  }
  policy.validate();
  costs.validate();
  if (windows.empty()) return {};
  return measures_spans(c, windows, policy, costs, as_of);
}

}  // namespace homeward
