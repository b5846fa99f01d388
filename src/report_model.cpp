// Report: the model -- every figure of the service report, from the
// timeline measures, snapshots, the Star cohort and the matching layer.
#include "homeward/error.hpp"
#include "homeward/report.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace homeward {
namespace {

namespace bg = boost::gregorian;

bool is_active(Stage s) {
  switch (s) {
    case Stage::referred:
    case Stage::engaged:
    case Stage::awaiting_discharge:
    case Stage::in_step_down:
    case Stage::in_community:
    case Stage::readmitted: return true;
    default: return false;
  }
}

std::int64_t active_people(const std::array<std::int64_t, kStageCount>& counts) {
  std::int64_t n = 0;
  for (std::size_t s = 0; s < kStageCount; ++s) {
    if (is_active(static_cast<Stage>(s))) n += counts[s];
  }
  return n;
}

// People on the caseload on a date; nullopt when every event is later.
std::optional<std::int64_t> caseload_on(const Caseload& c, const Date& on,
                                        const TimelinePolicy& policy) {
  if (c.empty()) return 0;
  const auto first = c.first_date();
  if (first && on < *first) return std::nullopt;
  return active_people(snapshot(c, on, policy).stage_counts);
}

std::string rag(const ReportTarget& t, const std::optional<double>& v) {
  if (!v) return "no_data";
  if (!t.green) return "no_target";
  const double amber = t.amber ? *t.amber : *t.green;
  auto meets = [&](double x) { return t.higher_is_better ? *v >= x : *v <= x; };
  if (meets(*t.green)) return "green";
  if (meets(amber)) return "amber";
  return "red";
}

ReportFigure figure(std::string id, std::string label, std::string unit,
                    std::optional<double> value, std::optional<double> previous,
                    const ReportTarget& target, std::string note) {
  ReportFigure f;
  f.id = std::move(id);
  f.label = std::move(label);
  f.unit = std::move(unit);
  f.value = value;
  f.previous = previous;
  if (value && previous) f.change = *value - *previous;
  f.target = target;
  f.status = rag(target, value);
  f.note = std::move(note);
  return f;
}

std::optional<double> as_double(const std::optional<std::int64_t>& v) {
  if (!v) return std::nullopt;
  return static_cast<double>(*v);
}

std::int64_t period_days(const Date& start, const Date& end) { return (end - start).days() + 1; }

std::optional<double> occupancy(const Measures& m, std::optional<std::int64_t> beds) {
  if (!beds || *beds <= 0) return std::nullopt;
  return static_cast<double>(m.bed_days.days) /
         static_cast<double>(*beds * period_days(m.start, m.end));
}

// Step-down beds: the setting, else the caseload's attributes.step_down_beds.
std::optional<std::int64_t> beds_of(const ReportInput& in, const ReportSettings& s) {
  if (s.step_down_beds) return s.step_down_beds;
  const std::string& a = in.caseload.attributes();
  const std::string key = "\"step_down_beds\"";
  const auto pos = a.find(key);
  if (pos == std::string::npos) return std::nullopt;
  std::size_t i = pos + key.size();
  while (i < a.size() && (a[i] == ' ' || a[i] == ':' || a[i] == '\n' || a[i] == '\t')) ++i;
  std::int64_t v = 0;
  std::size_t digits = 0;
  while (i < a.size() && a[i] >= '0' && a[i] <= '9' && digits < 9) {
    v = v * 10 + (a[i] - '0');
    ++i;
    ++digits;
  }
  if (digits == 0 || v <= 0) return std::nullopt;
  return v;
}

std::string pct(double target) {
  const double p = target * 100.0;
  const double r = std::round(p);
  return std::to_string(static_cast<long long>(r)) + "%";
}

}  // namespace

Report make_report(const ReportInput& in, const ReportSettings& s) {
  // Validate first.
  s.policy.validate("settings.policy");
  s.costs.validate("settings.costs");
  const ReportPeriod& p = s.period;
  if (p.start.is_special() || p.end.is_special() || p.as_of.is_special()) {
    throw InvalidArgument("settings.period", "start, end and as_of must be dates");
  }
  if (p.end < p.start)
    throw InvalidArgument("settings.end",
                          format_date(p.end) + " is before start " + format_date(p.start));
  if (p.as_of < p.end) {
    throw InvalidArgument("settings.as_of", "the report date " + format_date(p.as_of) +
                                                " is before the period end " + format_date(p.end));
  }
  if (s.trend_months < 1 || s.trend_months > 120) {
    throw InvalidArgument("settings.trend_months",
                          std::to_string(s.trend_months) + " is outside 1..120");
  }
  if (s.star_people < 0 || s.star_people > 50) {
    throw InvalidArgument("settings.star_people",
                          std::to_string(s.star_people) + " is outside 0..50");
  }
  if (s.list_limit < 1) throw InvalidArgument("settings.list_limit", "must be at least 1");

  const Caseload& c = in.caseload;
  Report r;
  r.period = p;
  r.previous = previous_report_period(p);
  r.settings = s;
  r.sources = in.sources;
  r.people = static_cast<std::int64_t>(c.size());

  // Every window measured: the period, the previous period, then the trend
  // months (trend_months ending with the period's last month, extended back
  // to cover the whole period). Events up to the report date.
  std::vector<std::pair<Date, Date>> windows = {{p.start, p.end},
                                                {r.previous.start, r.previous.end}};
  {
    Date first(p.end.year(), p.end.month(), 1);
    first -= bg::months(s.trend_months - 1);
    const Date period_first(p.start.year(), p.start.month(), 1);
    if (period_first < first) first = period_first;
    for (Date ms = first; ms <= p.end; ms += bg::months(1)) {
      Date me = ms.end_of_month();
      if (me > p.end) me = p.end;
      windows.emplace_back(ms, me);
    }
  }
  // One shared evaluation for every window (measures_windows: the same rules
  // as measures(), one pass over each pathway).
  const std::vector<Measures> measured = measures_windows(c, windows, p.as_of, s.policy, s.costs);
  r.measures = measured[0];
  const Measures& prev = measured[1];
  const auto beds = beds_of(in, s);

  // Summary.
  const auto& t = s.targets;
  const auto& m = r.measures;
  r.summary.push_back(figure(
      "caseload", "People on the caseload", "people", as_double(caseload_on(c, p.end, s.policy)),
      as_double(caseload_on(c, r.previous.end, s.policy)), t.caseload,
      "People referred and not yet closed or declined on the last day of the period."));
  {
    ReportFigure f =
        figure("follow_up", "72-hour follow-up", "rate", m.follow_up.rate(), prev.follow_up.rate(),
               t.follow_up,
               "Discharges in the period followed up within " +
                   std::to_string(s.policy.follow_up_days) + " days, against the " +
                   (t.follow_up.green ? pct(*t.follow_up.green) : "no") + " standard.");
    f.numerator = m.follow_up.numerator;
    f.denominator = m.follow_up.denominator;
    r.summary.push_back(std::move(f));
  }
  {
    ReportFigure f =
        figure("readmission",
               "Readmissions within " + std::to_string(s.policy.readmission_window_days) + " days",
               "rate", m.readmission.rate(), prev.readmission.rate(), t.readmission,
               "Discharges in the period followed by a readmission 0 to " +
                   std::to_string(s.policy.readmission_window_days - 1) + " days later.");
    f.numerator = m.readmission.numerator;
    f.denominator = m.readmission.denominator;
    r.summary.push_back(std::move(f));
  }
  r.summary.push_back(
      figure("crfd_days", "Days clinically ready for discharge", "days",
             static_cast<double>(m.crfd.days), static_cast<double>(prev.crfd.days), t.crfd_days,
             "Days inside the period that people were clinically ready for discharge but still in "
             "hospital (end minus start), over " +
                 std::to_string(m.crfd.periods) + " periods."));
  {
    ReportFigure f =
        figure("step_down_occupancy", "Step-down occupancy", "rate", occupancy(m, beds),
               occupancy(prev, beds), t.step_down_occupancy,
               beds ? "Nights in step-down beds over " + std::to_string(*beds) + " beds x " +
                          std::to_string(period_days(p.start, p.end)) + " nights."
                    : "The number of step-down beds is not set (settings.step_down_beds).");
    if (beds) {
      f.numerator = m.bed_days.days;
      f.denominator = *beds * period_days(p.start, p.end);
    }
    r.summary.push_back(std::move(f));
  }
  r.summary.push_back(figure("bed_days_avoided", "Hospital bed-days avoided", "days",
                             static_cast<double>(m.bed_days.days),
                             static_cast<double>(prev.bed_days.days), t.bed_days_avoided,
                             "Nights spent in step-down instead of a hospital bed."));
  r.summary.push_back(figure("savings", "Savings", "money", m.bed_days.savings,
                             prev.bed_days.savings, t.savings,
                             "Bed-days avoided x (inpatient day cost - step-down day cost)."));

  // Monthly trends.
  {
    double cumulative = 0.0;
    for (std::size_t w = 2; w < windows.size(); ++w) {
      const Measures& mm = measured[w];
      const Date ms = windows[w].first;
      const Date me = windows[w].second;
      ReportMonth row;
      row.start = ms;
      row.end = me;
      row.follow_up = mm.follow_up;
      row.readmission = mm.readmission;
      row.crfd_days = mm.crfd.days;
      for (const char* g : {"housing", "social_care", "hospital", "community"})
        row.crfd_days_by_group[g] = 0;
      for (const auto& [code, days] : mm.crfd.days_by_reason)
        row.crfd_days_by_group[crfd_reason_group(code).id] += days;
      row.step_down_days = mm.bed_days.days;
      row.step_down_beds_occupied =
          static_cast<double>(mm.bed_days.days) / static_cast<double>(period_days(ms, me));
      row.savings = mm.bed_days.savings;
      cumulative += mm.bed_days.savings;
      row.cumulative_savings = cumulative;
      r.trends.push_back(std::move(row));
    }
  }

  // Stages and the overdue list as of the report date.
  if (!c.empty() && c.first_date() && !(p.as_of < *c.first_date())) {
    Snapshot snap = snapshot(c, p.as_of, s.policy);
    r.stages = snap.stage_counts;
    r.overdue.total = snap.overdue.size();
    if (snap.overdue.size() > s.list_limit) snap.overdue.resize(s.list_limit);
    r.overdue.items = std::move(snap.overdue);
  } else {
    r.stages[static_cast<std::size_t>(Stage::not_yet_referred)] =
        static_cast<std::int64_t>(c.size());
  }

  // Exclusions: events after the report date.
  {
    ReportExclusion e;
    e.id = "events_after_report_date";
    e.what = "Events dated after the report date";
    e.reason =
        "Every figure is told as of " + format_date(p.as_of) + "; later events are not counted.";
    const std::int32_t cut = to_days(p.as_of);
    const auto& off = c.offsets();
    const auto& dates = c.dates();
    for (std::size_t i = 0; i < c.size(); ++i) {
      std::int64_t later = 0;
      for (auto k = off[i]; k < off[i + 1]; ++k) {
        if (dates[static_cast<std::size_t>(k)] > cut) ++later;
      }
      if (later > 0) {
        e.count += later;
        if (e.people.size() < s.list_limit) e.people.push_back(c.person_ids()[i]);
      }
    }
    r.exclusions.push_back(std::move(e));
  }
  auto add_count = [&](std::string id, std::string what, std::string reason, std::int64_t count) {
    ReportExclusion e;
    e.id = std::move(id);
    e.what = std::move(what);
    e.reason = std::move(reason);
    e.count = count;
    r.exclusions.push_back(std::move(e));
  };
  add_count("follow_up_pending", "Discharges whose follow-up window is still open",
            "Discharged within " + std::to_string(s.policy.follow_up_days) +
                " days of the report date and not yet followed up: left out of the follow-up rate "
                "until due.",
            m.follow_up.pending);
  add_count("follow_up_not_applicable", "Discharges where follow-up did not apply",
            "For example readmitted before the follow-up was due: left out of the follow-up rate.",
            m.follow_up.excluded);
  add_count(
      "readmission_pending", "Discharges whose readmission window is still open",
      "Discharged less than " + std::to_string(s.policy.readmission_window_days) +
          " days before the report date without a readmission: left out of the readmission rate.",
      m.readmission.pending + m.readmission.excluded);

  // Recovery Star: readings up to the report date.
  if (in.readings) {
    const StarReadings& all = *in.readings;
    ReportExclusion late;
    late.id = "readings_after_report_date";
    late.what = "Star readings dated after the report date";
    late.reason =
        "Outcomes are told as of " + format_date(p.as_of) + "; later readings are not used.";
    const std::int32_t cut = to_days(p.as_of);
    for (std::size_t pi = 0; pi < all.person_count(); ++pi) {
      std::int64_t later = 0;
      for (std::size_t row = all.person_begin(pi); row < all.person_begin(pi + 1); ++row) {
        if (all.day(row) > cut) ++later;
      }
      if (later > 0) {
        late.count += later;
        if (late.people.size() < s.list_limit) late.people.push_back(all.people()[pi]);
      }
    }
    StarCohortOptions opt;
    opt.filter.end = p.as_of;
    const StarReadings used = all.filtered(opt.filter);
    StarCohort cohort = star_cohort(used, opt);
    r.exclusions.push_back(std::move(late));
    add_count("star_single_reading", "People with one Star reading",
              "Distance travelled needs two readings; they count in the stage distribution only.",
              static_cast<std::int64_t>(cohort.people - cohort.people_compared));
    if (cohort.readings > 0) {
      ReportStarChart chart;
      chart.title = "Recovery Star: cohort mean, first and latest readings (" +
                    std::to_string(cohort.people_compared) + " people)";
      chart.readings = cohort.readings;
      chart.svg = cohort.svg(chart.title);
      r.star_charts.push_back(std::move(chart));
      // Individual charts: the people with the most readings, then by id.
      std::vector<std::pair<std::size_t, std::string>> ranked;
      for (std::size_t pi = 0; pi < used.person_count(); ++pi) {
        const std::size_t n = used.person_begin(pi + 1) - used.person_begin(pi);
        if (n >= 2) ranked.emplace_back(n, used.people()[pi]);
      }
      std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
      });
      for (std::size_t k = 0; k < ranked.size() && k < static_cast<std::size_t>(s.star_people);
           ++k) {
        ReportStarChart pc;
        pc.person_id = ranked[k].second;
        pc.readings = ranked[k].first;
        pc.title =
            "Recovery Star: " + pc.person_id + " (" + std::to_string(pc.readings) + " readings)";
        pc.svg = StarJourney(used, pc.person_id).svg({}, pc.title);
        r.star_charts.push_back(std::move(pc));
      }
    }
    r.cohort = std::move(cohort);
  }

  // Recommendations (matching layer).
  if (in.matching) {
    r.recommendations.placements =
        match_placements(in.matching->people, in.matching->places, s.match_options);
    if (!in.matching->workers.empty()) {
      r.recommendations.workers =
          allocate_workers(in.matching->people, in.matching->workers, s.match_options);
    }
  }

  // Cautions.
  r.cautions.push_back(std::string("Recovery Star: ") + kStarCaution);
  r.cautions.push_back(kHumanReviewNotice);
  r.cautions.push_back(
      "Days clinically ready for discharge are counted end minus start inside the period; NHS "
      "England's MHS26 "
      "counts neither the first nor the last day, so these figures are not the national ones.");
  r.cautions.push_back(
      "Figures for the last days before the report date are provisional: follow-up and "
      "readmission windows still open are left out until they close.");
  return r;
}

}  // namespace homeward
