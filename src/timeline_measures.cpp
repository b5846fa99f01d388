// National measures as NHS England computes them (docs/measures.md): the
// 72-hour follow-up (MHS78/MHS79), days clinically ready for discharge
// (MHS26), readmission, inpatient length of stay and out-of-area placements.
#include "timeline_internal.hpp"

#include "homeward/error.hpp"

#include <algorithm>

namespace homeward {
namespace timeline_detail {

bool has_code(const std::vector<std::string>& list, std::string_view code) {
  if (code.empty()) return false;
  return std::find(list.begin(), list.end(), code) != list.end();
}

std::string_view event_code(const Caseload& c, std::size_t k) {
  const std::int32_t ix = c.codes()[k];
  return ix < 0 ? std::string_view()
                : std::string_view(c.code_pool()[static_cast<std::size_t>(ix)]);
}

bool contact_qualifies(const Caseload& c, std::size_t k, const TimelinePolicy& p) {
  if (!p.follow_up_attend_statuses.empty() &&
      !has_code(p.follow_up_attend_statuses, c.event_detail(k, CodeTable::attend_status))) {
    return false;
  }
  if (!p.follow_up_mechanisms.empty() &&
      !has_code(p.follow_up_mechanisms, c.event_detail(k, CodeTable::consultation_mechanism))) {
    return false;
  }
  return true;
}

std::string_view follow_up_field_exclusion(const Caseload& c, std::size_t k,
                                           const TimelinePolicy& p) {
  if (has_code(p.follow_up_excluded_methods, c.event_detail(k, CodeTable::discharge_method))) {
    return "discharge_method";
  }
  if (has_code(p.follow_up_excluded_destinations, event_code(c, k))) return "discharge_destination";
  if (!p.follow_up_bed_types.empty()) {
    const auto bed = c.event_detail(k, CodeTable::bed_type);
    if (bed.empty()) return "bed_type_missing";
    if (!has_code(p.follow_up_bed_types, bed)) return "bed_type";
  }
  return {};
}

}  // namespace timeline_detail
}  // namespace homeward

namespace homeward {
namespace timeline_detail {
namespace {

std::optional<double> mean_days(const std::vector<std::int32_t>& v) {
  if (v.empty()) return std::nullopt;
  double s = 0;
  for (auto x : v) s += x;
  return s / static_cast<double>(v.size());
}

std::optional<double> median_days(std::vector<std::int32_t> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  if (n % 2) return static_cast<double>(v[n / 2]);
  return (static_cast<double>(v[n / 2 - 1]) + static_cast<double>(v[n / 2])) / 2.0;
}

std::int64_t overlap_days(std::int64_t a, std::int64_t b, std::int64_t lo, std::int64_t hi) {
  return std::max<std::int64_t>(0, std::min(b, hi) - std::max(a, lo));
}

std::size_t events_up_to(const std::int32_t* dates, std::size_t n, std::int32_t as_of) {
  return static_cast<std::size_t>(std::upper_bound(dates, dates + n, as_of) - dates);
}

struct Period {
  std::int32_t start = kNoDay;
  std::int32_t end = kNoDay;  // kNoDay: open at as_of
  std::string_view reason;    // codes live in the caseload's pool or the code tables
  std::string_view attributable;
};

// MHS26 (menh_analysis/notebooks/02_Aggregate/1.Main_monthly_agg/1.National/
// Inpatient measures.py lines 690-704, ranking in 01_Prepare/0.Generic_prep.py
// lines 1905-1951): periods of one hospital spell, in start order.
void count_mhs26(const Period* spell, std::size_t n, std::int32_t s0, std::int32_t e1,
                 std::vector<std::int64_t>& days, std::vector<char>& counted) {
  const std::int32_t rp_end = e1 - 1;
  int rnk = 0;
  std::int32_t last_end = kNoDay;
  for (std::size_t k = 0; k < n; ++k) {
    const Period& p = spell[k];
    // Same-day periods are dropped before ranking (0.Generic_prep.py line 1951);
    // the month's submission holds the periods active in the month.
    if (p.end != kNoDay && p.end == p.start) continue;
    if (p.start > rp_end || (p.end != kNoDay && p.end < s0)) continue;
    ++rnk;
    const std::int32_t stop = p.end == kNoDay ? e1 : p.end;
    std::int32_t from;
    if (p.start < s0)
      from = s0;
    else if (rnk == 1)
      from = p.start + 1;
    else if (last_end != kNoDay && p.start > last_end + 1)
      from = p.start + 1;
    else
      from = p.start;  // continues the previous period (or LEAD(...) is NULL)
    days[k] = stop - from;
    counted[k] = 1;
    last_end = p.end;
  }
}

// One pathway's CRFD periods (grouped by hospital spell), spells and
// out-of-area placements up to as_of: everything that does not depend on
// the reporting period, gathered once and then counted for each period.
struct HospitalHistory {
  struct Spell {
    std::size_t begin = 0, end = 0;  // its CRFD periods: periods[begin, end)
    bool discharged = false;         // ended by a discharge (else: the events ran out)
    std::int32_t day = kNoDay;       // the discharge
    std::size_t event = 0;           // the discharge event (global index)
    std::int32_t admitted = kNoDay;  // spell start when known
    std::int64_t crfd_days = 0;      // half-open CRFD days inside the spell
  };
  std::vector<Period> periods;
  std::vector<Spell> spells;
  std::vector<Period> placements;  // out-of-area, in the order they closed

  void gather(const Caseload& c, std::size_t o, std::size_t n, std::int32_t as_of) {
    periods.clear();
    spells.clear();
    placements.clear();
    const auto& types = c.types();
    const auto& dates = c.dates();
    const auto& dates2 = c.dates2();
    const auto& dates3 = c.dates3();
    std::size_t spell_begin = 0;
    std::int32_t admitted = kNoDay;
    std::int64_t spell_crfd = 0;
    bool open_crfd = false, open_oap = false;
    Period crfd, oap;
    auto explicit_end = [&](std::size_t k) {
      return dates2[k] != kNoDay && dates2[k] <= as_of ? dates2[k] : kNoDay;
    };
    auto close_crfd = [&](std::int32_t end) {
      crfd.end = end;
      if (end != kNoDay) spell_crfd += end - crfd.start;
      periods.push_back(crfd);
      open_crfd = false;
    };
    auto close_oap = [&](std::int32_t end) {
      oap.end = end;
      placements.push_back(oap);
      open_oap = false;
    };
    auto flush_spell = [&](bool discharged, std::size_t k, std::int32_t d) {
      spells.push_back(Spell{spell_begin, periods.size(), discharged, d, k, admitted, spell_crfd});
      spell_begin = periods.size();
    };
    for (std::size_t q = 0; q < n; ++q) {
      const std::size_t k = o + q;
      const auto t = static_cast<EventType>(types[k]);
      const std::int32_t d = dates[k];
      if (open_crfd && crfd.end != kNoDay && crfd.end <= d) close_crfd(crfd.end);
      if (open_oap && oap.end != kNoDay && oap.end <= d) close_oap(oap.end);
      switch (t) {
        case EventType::referral_received:
          if (dates3[k] != kNoDay && admitted == kNoDay) admitted = dates3[k];
          break;
        case EventType::clinically_ready_for_discharge:
          open_crfd = true;
          crfd = Period{d, explicit_end(k), event_code(c, k),
                        c.event_detail(k, CodeTable::attributable_to)};
          break;
        case EventType::out_of_area_placement:
          open_oap = true;
          oap = Period{d, explicit_end(k), event_code(c, k), {}};
          break;
        case EventType::discharged:  // the spell ends on day d
          if (open_crfd) close_crfd(d);
          if (open_oap) close_oap(d);
          flush_spell(true, k, d);
          admitted = kNoDay;
          spell_crfd = 0;
          break;
        case EventType::readmitted:
          admitted = d;
          spell_crfd = 0;
          break;
        case EventType::died:
          if (open_crfd) close_crfd(d);
          if (open_oap) close_oap(d);
          break;
        default: break;
      }
    }
    if (open_crfd) close_crfd(crfd.end);
    if (open_oap) close_oap(oap.end);
    if (spell_begin < periods.size()) flush_spell(false, 0, kNoDay);
  }
};

}  // namespace

FollowUpExclusion follow_up_exclusion(const Caseload& c, std::size_t i, std::size_t j,
                                      std::int32_t as_of, const TimelinePolicy& p) {
  FollowUpExclusion x;
  x.person_id = c.person_ids()[i];
  const auto o = static_cast<std::size_t>(c.offsets()[i]);
  const auto e = static_cast<std::size_t>(c.offsets()[i + 1]);
  const std::size_t k = o + j;
  const std::int32_t dd = c.dates()[k];
  x.discharged = from_days(dd);
  const auto field = follow_up_field_exclusion(c, k, p);
  if (!field.empty()) {
    x.reason = std::string(field);
    if (field == "discharge_method")
      x.code = std::string(c.event_detail(k, CodeTable::discharge_method));
    else if (field == "discharge_destination")
      x.code = std::string(event_code(c, k));
    else if (field == "bed_type")
      x.code = std::string(c.event_detail(k, CodeTable::bed_type));
    return x;
  }
  if (died_within(c, i, j, as_of, p.follow_up_death_exclusion_days)) {
    for (std::size_t q = k + 1; q < e; ++q) {
      if (static_cast<EventType>(c.types()[q]) == EventType::died) {
        x.reason = "died";
        x.date = from_days(c.dates()[q]);
        return x;
      }
    }
  }
  for (std::size_t q = k + 1; q < e && c.dates()[q] <= as_of; ++q) {
    const auto t = static_cast<EventType>(c.types()[q]);
    if (t == EventType::died) {
      x.reason = "died";
      x.date = from_days(c.dates()[q]);
      return x;
    }
    if (t == EventType::readmitted) {
      x.reason = "readmitted";
      x.date = from_days(c.dates()[q]);
      return x;
    }
    if (t == EventType::closed || t == EventType::declined) {
      x.reason = "referral_ended";
      x.date = from_days(c.dates()[q]);
      return x;
    }
  }
  x.reason = "not_applicable";
  return x;
}

bool died_within(const Caseload& c, std::size_t i, std::size_t j, std::int32_t as_of,
                 std::int32_t days) {
  if (days < 0) return false;
  const auto o = static_cast<std::size_t>(c.offsets()[i]);
  const auto e = static_cast<std::size_t>(c.offsets()[i + 1]);
  const std::int32_t dd = c.dates()[o + j];
  for (std::size_t k = o + j + 1; k < e && c.dates()[k] <= as_of && c.dates()[k] - dd <= days;
       ++k) {
    if (static_cast<EventType>(c.types()[k]) == EventType::died) return true;
  }
  return false;
}

void crfd_stays_and_placements(const Caseload& c, const std::vector<MeasureSpan>& windows,
                               std::int32_t as_of, const TimelinePolicy& p,
                               std::vector<Measures>& out) {
  const bool mhs26 = p.crfd_day_count == "mhs26";
  const std::size_t nw = windows.size();
  for (auto& m : out) m.crfd.day_count = p.crfd_day_count;
  const auto& off = c.offsets();
  const auto& dates = c.dates();
  const auto& ids = c.person_ids();
  std::vector<std::vector<std::int32_t>> los(nw), los_wo(nw);
  HospitalHistory h;
  std::vector<std::int64_t> days;
  std::vector<char> counted;
  for (std::size_t i = 0; i < c.size(); ++i) {
    const auto o = static_cast<std::size_t>(off[i]);
    const std::size_t n =
        events_up_to(dates.data() + o, static_cast<std::size_t>(off[i + 1]) - o, as_of);
    h.gather(c, o, n, as_of);
    if (h.periods.empty() && h.spells.empty() && h.placements.empty()) continue;
    for (std::size_t w = 0; w < nw; ++w) {
      const std::int32_t s0 = windows[w].s0, e1 = windows[w].e1;
      Measures& m = out[w];
      // CRFD periods of each spell, then the spell as an inpatient stay.
      for (const auto& sp : h.spells) {
        const Period* spell = h.periods.data() + sp.begin;
        const std::size_t ns = sp.end - sp.begin;
        days.assign(ns, 0);
        counted.assign(ns, 0);
        if (mhs26) {
          count_mhs26(spell, ns, s0, e1, days, counted);
        } else {
          for (std::size_t k = 0; k < ns; ++k) {
            const Period& q = spell[k];
            const std::int64_t stop = q.end == kNoDay ? e1 : q.end;
            const bool overlaps = q.start < e1 && (stop > s0 || (stop == q.start && q.start >= s0));
            if (!overlaps) continue;
            counted[k] = 1;
            days[k] = overlap_days(q.start, stop, s0, e1);
          }
        }
        for (std::size_t k = 0; k < ns; ++k) {
          if (!counted[k]) continue;
          const Period& q = spell[k];
          CrfdPeriodItem x;
          x.person_id = ids[i];
          x.start = from_days(q.start);
          if (q.end != kNoDay) x.end = from_days(q.end);
          x.reason = std::string(q.reason);
          x.group = std::string(code_group(CodeTable::delay_reason, q.reason));
          if (x.group.empty()) x.group = "unknown";
          x.attributable_to = std::string(q.attributable);
          x.days = days[k];
          auto& cm = m.crfd;
          ++cm.periods;
          cm.days += x.days;
          cm.days_by_reason[x.reason] += x.days;
          ++cm.periods_by_reason[x.reason];
          cm.days_by_group[x.group] += x.days;
          ++cm.periods_by_group[x.group];
          cm.days_by_attributable[x.attributable_to.empty() ? std::string("unknown")
                                                            : x.attributable_to] += x.days;
          cm.items.push_back(std::move(x));
        }
        const std::int32_t d = sp.day;
        if (sp.discharged && sp.admitted != kNoDay && d >= s0 && d < e1) {
          InpatientStayItem x;
          x.person_id = ids[i];
          x.admitted = from_days(sp.admitted);
          x.discharged = from_days(d);
          x.days = d - sp.admitted + (p.inpatient_length_of_stay_add_one ? 1 : 0);
          x.crfd_days = static_cast<std::int32_t>(sp.crfd_days);
          x.days_without_crfd = x.days - x.crfd_days;
          x.bed_type = std::string(c.event_detail(sp.event, CodeTable::bed_type));
          const std::int32_t limit =
              x.bed_type == "201" ? p.long_stay_older_adult_days : p.long_stay_days;
          x.long_stay = x.days > limit;
          if (x.long_stay) ++m.inpatient.long_stays;
          los[w].push_back(x.days);
          los_wo[w].push_back(x.days_without_crfd);
          m.inpatient.stays.push_back(std::move(x));
        }
      }
      // Out-of-area placements overlapping the period.
      const std::int32_t rp_end = e1 - 1;
      for (const Period& oap : h.placements) {
        const std::int32_t end = oap.end;
        const bool overlaps = oap.start <= rp_end && (end == kNoDay || end >= s0);
        if (!overlaps) continue;
        OutOfAreaItem x;
        x.person_id = ids[i];
        x.start = from_days(oap.start);
        if (end != kNoDay) x.end = from_days(end);
        x.reason = std::string(oap.reason);
        x.inappropriate = has_code(p.out_of_area_inappropriate_reasons, oap.reason);
        x.active_at_end = end == kNoDay || end > rp_end;
        x.bed_days = overlap_days(oap.start, end == kNoDay ? e1 : end, s0, e1);
        auto& s = m.out_of_area;
        if (x.active_at_end) ++s.active_at_end;
        if (oap.start >= s0) ++s.starts;
        if (end != kNoDay && end >= s0 && end <= rp_end) ++s.ends;
        if (x.inappropriate) {
          if (x.active_at_end) ++s.inappropriate_active_at_end;
          if (oap.start >= s0) ++s.inappropriate_starts;
          s.inappropriate_bed_days += x.bed_days;
        }
        s.bed_days += x.bed_days;
        s.placements.push_back(std::move(x));
      }
    }
  }
  for (std::size_t w = 0; w < nw; ++w) {
    Measures& m = out[w];
    m.inpatient.count = static_cast<std::int64_t>(los[w].size());
    m.inpatient.mean = mean_days(los[w]);
    m.inpatient.median = median_days(los[w]);
    m.inpatient.mean_without_crfd = mean_days(los_wo[w]);
    m.inpatient.median_without_crfd = median_days(los_wo[w]);
  }
}

}  // namespace timeline_detail
}  // namespace homeward
