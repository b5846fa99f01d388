// National measures as NHS England computes them (docs/measures.md): one
// hand-built pathway per rule, each asserting the national result for the
// reporting period March 2025 (1..31 March).
#include <catch2/catch.hpp>

#include "homeward/error.hpp"
#include "homeward/timeline.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

using namespace homeward;
using nlohmann::json;

namespace {

Date D(const char* s) { return parse_date(s); }

std::string ref(const char* admitted = nullptr) {
  std::string s = R"({"type": "referral_received", "date": "2025-01-06")";
  if (admitted) s += std::string(R"(, "admitted": ")") + admitted + "\"";
  return s + "}";
}
std::string disch(const char* date, const std::string& extra = R"(, "bed_type": "200")") {
  return std::string(R"({"type": "discharged", "date": ")") + date + "\"" + extra + "}";
}
std::string contact(const char* date, const char* attend = "5", const char* mech = "01") {
  std::string s = std::string(R"({"type": "follow_up_contact", "date": ")") + date + "\"";
  if (attend) s += std::string(R"(, "attend_status": ")") + attend + "\"";
  if (mech) s += std::string(R"(, "consultation_mechanism": ")") + mech + "\"";
  return s + "}";
}
std::string ev(const char* type, const char* date) {
  return std::string(R"({"type": ")") + type + R"(", "date": ")" + date + "\"}";
}
std::string crfd(const char* start, const char* end, const char* reason,
                 const char* att = nullptr) {
  std::string s = std::string(R"({"type": "clinically_ready_for_discharge", "date": ")") + start +
                  R"(", "delay_reason": ")" + reason + "\"";
  if (end) s += std::string(R"(, "end_date": ")") + end + "\"";
  if (att) s += std::string(R"(, "attributable_to": ")") + att + "\"";
  return s + "}";
}

struct Doc {
  std::vector<std::pair<std::string, std::vector<std::string>>> people;
  Doc& add(const std::string& id, std::vector<std::string> events) {
    people.emplace_back(id, std::move(events));
    return *this;
  }
  Caseload caseload() const {
    std::string s = R"({"version": 2, "pathways": [)";
    for (std::size_t i = 0; i < people.size(); ++i) {
      if (i) s += ",";
      s += R"({"person_id": ")" + people[i].first + R"(", "events": [)";
      for (std::size_t j = 0; j < people[i].second.size(); ++j) {
        if (j) s += ",";
        s += people[i].second[j];
      }
      s += "]}";
    }
    return Caseload::from_json(s + "]}");
  }
};

const Date kStart = D("2025-03-01");
const Date kEnd = D("2025-03-31");

// The follow-up cases: discharges on 10 March unless said otherwise.
Caseload follow_up_cases() {
  Doc d;
  d.add("P01", {ref(), disch("2025-03-10"), contact("2025-03-10")});     // same day: not counted
  d.add("P02", {ref(), disch("2025-03-10"), contact("2025-03-13")});     // day 3: met
  d.add("P03", {ref(), disch("2025-03-10"), contact("2025-03-14")});     // day 4: missed
  d.add("P04", {ref(), disch("2025-03-10"), ev("died", "2025-03-12")});  // death on day 2: excluded
  d.add("P05", {ref(), disch("2025-03-10",
                             R"(, "bed_type": "200", "destination": "40")")});  // prison: excluded
  d.add("P06",
        {ref(), disch("2025-03-10"), contact("2025-03-11", "5", "05")});  // email only: missed
  d.add("P07",
        {ref(), disch("2025-03-10"), contact("2025-03-11", "3", "01")});  // did not attend: missed
  d.add("P08",
        {ref(), disch("2025-03-10"), ev("readmitted", "2025-03-12")});  // new spell in 3 days: met
  d.add("P09", {ref(), disch("2025-03-29"), contact("2025-03-30")});    // after end - 4: not in
  d.add("P10", {ref(), disch("2025-02-26"), contact("2025-02-28")});    // start - 4 .. : met
  d.add("P11", {ref(), disch("2025-03-10", R"(, "bed_type": "207")"),
                contact("2025-03-11")});                                  // not acute
  d.add("P12", {ref(), disch("2025-03-10", ""), contact("2025-03-11")});  // no bed type
  d.add("P13",
        {ref(), disch("2025-03-10", R"(, "bed_type": "200", "discharge_method": "4")")});  // died
  d.add("P14", {ref(), disch("2025-03-10"),
                contact("2025-03-11", "6", "11")});  // video, late but seen: met
  d.add("P15", {ref(), disch("2025-03-10"),
                contact("2025-03-12", nullptr, "02")});  // no attend status: missed
  d.add("P16",
        {ref(), disch("2025-03-10"), ev("closed", "2025-03-11")});  // closed, no contact: missed
  return d.caseload();
}

std::vector<std::string> ids_of(const std::vector<DischargeItem>& v) {
  std::vector<std::string> out;
  for (const auto& x : v) out.push_back(x.person_id);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("measures: 72-hour follow-up as MHS78/MHS79", "[timeline][measures]") {
  const Caseload c = follow_up_cases();
  const TimelinePolicy nhs = TimelinePolicy::nhs_england();
  const Measures m = measures(c, kStart, kEnd, nhs);
  CHECK(m.follow_up_from == D("2025-02-25"));
  CHECK(m.follow_up_to == D("2025-03-27"));
  // MHS78: P01 P02 P03 P06 P07 P08 P10 P14 P15 P16; MHS79: P02 P08 P10 P14.
  CHECK(m.follow_up.denominator == 10);
  CHECK(m.follow_up.numerator == 4);
  CHECK(m.follow_up.pending == 0);
  CHECK(ids_of(m.follow_up_misses) ==
        std::vector<std::string>{"P01", "P03", "P06", "P07", "P15", "P16"});
  for (const auto& x : m.follow_up_misses) {
    CHECK(x.discharged == D("2025-03-10"));
    if (x.person_id == "P03") {
      CHECK(x.date == D("2025-03-14"));  // the late contact, with its day count
      CHECK(x.days == 4);
    }
  }
  REQUIRE(m.follow_up_exclusions.size() == 5);
  std::map<std::string, FollowUpExclusion> ex;
  for (const auto& x : m.follow_up_exclusions) ex[x.person_id] = x;
  CHECK(ex["P04"].reason == "died");
  CHECK(ex["P04"].date == D("2025-03-12"));
  CHECK(ex["P05"].reason == "discharge_destination");
  CHECK(ex["P05"].code == "40");
  CHECK(ex["P11"].reason == "bed_type");
  CHECK(ex["P11"].code == "207");
  CHECK(ex["P12"].reason == "bed_type_missing");
  CHECK(ex["P13"].reason == "discharge_method");
  CHECK(ex["P13"].code == "4");
  CHECK(m.follow_up.excluded == 5);
}

TEST_CASE("measures: follow-up rules are settings one step from the national ones",
          "[timeline][measures]") {
  const Caseload c = follow_up_cases();
  // homeward's default: same-day contacts count, any contact counts, every
  // bed type, the discharges of the period itself, a readmission is not a follow-up.
  const Measures h = measures(c, kStart, kEnd);
  CHECK(h.follow_up_from == kStart);
  auto missed = ids_of(h.follow_up_misses);
  CHECK(std::find(missed.begin(), missed.end(), "P01") == missed.end());  // same day: met
  CHECK(std::find(missed.begin(), missed.end(), "P06") == missed.end());  // any mechanism
  CHECK(std::find(missed.begin(), missed.end(), "P03") != missed.end());  // day 4 still late
  // The older 7-day standard is one setting away.
  TimelinePolicy seven = TimelinePolicy::nhs_england();
  seven.follow_up_days = 7;
  const Measures s = measures(c, kStart, kEnd, seven);
  CHECK(s.follow_up.numerator == 5);  // P03 (day 4) now met
  CHECK(s.follow_up.denominator == 10);
  // Without the readmission rule the readmitted discharge is a miss.
  TimelinePolicy no_readmit = TimelinePolicy::nhs_england();
  no_readmit.follow_up_readmission_counts = false;
  const Measures r = measures(c, kStart, kEnd, no_readmit);
  CHECK(r.follow_up.numerator == 3);
  // Policy JSON: preset plus one override.
  const TimelinePolicy j =
      timeline_policy_from_json(R"({"follow_up_days": 7, "preset": "nhs_england"})");
  CHECK(j.follow_up_days == 7);
  CHECK(j.follow_up_min_days == 1);
  CHECK(timeline_policy_from_json(timeline_policy_to_json(TimelinePolicy::nhs_england()))
            .crfd_day_count == "mhs26");
}

TEST_CASE("measures: CRFD days as MHS26 counts them", "[timeline][measures]") {
  Doc d;
  // A first period 1..15 March counts 13 days (neither its first day nor its end day).
  d.add("C1", {ref(), crfd("2025-03-01", "2025-03-15", "18", "05"), disch("2025-03-15")});
  // Back to back: the second period continues the first, so its start day counts: 4 + 10.
  d.add("C2", {ref(), crfd("2025-03-05", "2025-03-10", "18", "05"),
               crfd("2025-03-10", "2025-03-20", "11", "04"), disch("2025-03-20")});
  // A gap of more than a day: a new period again loses its first day: 2 + 7.
  d.add("C3", {ref(), crfd("2025-03-05", "2025-03-08", "03", "06"),
               crfd("2025-03-12", "2025-03-20", "03", "06"), disch("2025-03-20")});
  // Begun before the period and open at its end: 1 March .. 31 March, 31 days.
  d.add("C4", {ref(), crfd("2025-02-20", nullptr, "05")});
  // A same-day period is left out (and does not rank): the next one is a first period: 3 days.
  d.add("C5", {ref(), crfd("2025-03-05", "2025-03-05", "14"),
               crfd("2025-03-06", "2025-03-10", "14"), disch("2025-03-10")});
  // Ended by the discharge: 3 .. 13 March, 9 days.
  d.add("C6", {ref(), crfd("2025-03-03", nullptr, "36", "04"), disch("2025-03-13")});
  const Caseload c = d.caseload();
  const Measures m = measures(c, kStart, kEnd, TimelinePolicy::nhs_england());
  CHECK(m.crfd.day_count == "mhs26");
  std::map<std::string, std::int64_t> by_person;
  for (const auto& x : m.crfd.items) by_person[x.person_id] += x.days;
  CHECK(by_person["C1"] == 13);
  CHECK(by_person["C2"] == 14);
  CHECK(by_person["C3"] == 9);
  CHECK(by_person["C4"] == 31);
  CHECK(by_person["C5"] == 3);
  CHECK(by_person["C6"] == 9);
  CHECK(m.crfd.days == 13 + 14 + 9 + 31 + 3 + 9);
  CHECK(m.crfd.periods == 8);  // the same-day period is not counted
  // By reason, NHS England's reason groups and attributable-to.
  CHECK(m.crfd.days_by_reason.at("18") == 13 + 4);
  CHECK(m.crfd.days_by_group.at("housing") == 13 + 4 + 3);
  CHECK(m.crfd.days_by_group.at("hospital") == 10 + 9);
  CHECK(m.crfd.days_by_group.at("social_care") == 9);
  CHECK(m.crfd.days_by_group.at("community") == 31);
  CHECK(m.crfd.days_by_attributable.at("05") == 17);
  CHECK(m.crfd.days_by_attributable.at("04") == 19);
  CHECK(m.crfd.days_by_attributable.at("06") == 9);
  CHECK(m.crfd.days_by_attributable.at("unknown") == 34);
  // homeward's half-open count, clipped to the period: 14 + 15 + 11 + 31 + 4 + 10.
  const Measures h = measures(c, kStart, kEnd);
  CHECK(h.crfd.day_count == "half_open");
  CHECK(h.crfd.days == 14 + 15 + 11 + 31 + 4 + 10);
  // JSON carries the breakdowns, names and items.
  const json j = json::parse(measures_to_json(m));
  CHECK(j["crfd"]["by_group"]["housing"]["days"] == 20);
  CHECK(j["crfd"]["by_reason"]["18"]["name"] == "Housing - Awaiting supported accommodation");
  CHECK(j["crfd"]["by_reason"]["18"]["group"] == "housing");
  CHECK(j["crfd"]["by_attributable_to"]["05"]["name"] == "Social Care, excluding housing");
  CHECK(j["crfd"]["items"].size() == 8);
}

TEST_CASE("measures: readmission presets", "[timeline][measures]") {
  Doc d;
  d.add("R1", {ref(), disch("2025-03-01"), ev("readmitted", "2025-03-14")});  // 13 days
  d.add("R2", {ref(), disch("2025-03-01"), ev("readmitted", "2025-03-15")});  // 14 days
  d.add("R3", {ref(), disch("2025-03-01", R"(, "destination": "50")"),
               ev("readmitted", "2025-03-05")});  // to a secure unit
  d.add("R4", {ref(), disch("2025-03-02"), ev("died", "2025-03-06")});
  const Caseload c = d.caseload();
  TimelinePolicy p;
  p.use_readmission_preset("acute_dashboard_14");
  Measures m = measures(c, kStart, kEnd, p);
  CHECK(m.readmission.numerator == 1);
  CHECK(m.readmission.denominator == 2);  // R1 readmitted, R2 not within 14 days
  CHECK(m.readmission.excluded == 2);     // R3 by destination, R4 died
  REQUIRE(m.readmissions.size() == 1);
  CHECK(m.readmissions[0].person_id == "R1");
  CHECK(m.readmissions[0].days == 13);
  p.use_readmission_preset("emergency_30");
  m = measures(c, kStart, kEnd, p, {}, D("2025-04-30"));
  CHECK(m.readmission.numerator == 3);  // R1, R2 and R3 (destination 50 is not excluded here)
  CHECK(m.readmission.excluded == 1);
  CHECK_THROWS_AS(p.use_readmission_preset("seven_day"), NotFound);
}

TEST_CASE("measures: inpatient length of stay with and without CRFD days", "[timeline][measures]") {
  Doc d;
  d.add("L1", {ref("2025-01-01"), crfd("2025-03-01", nullptr, "18"), disch("2025-03-10")});
  d.add("L2",
        {ref("2025-01-01"), disch("2025-03-10", R"(, "bed_type": "201")")});  // older adult: 90+
  d.add("L3", {ref(), disch("2025-03-10")});                                  // admission unknown
  d.add("L4", {ref(), disch("2025-01-20"), ev("readmitted", "2025-02-01"), disch("2025-03-03")});
  const Caseload c = d.caseload();
  const Measures m = measures(c, kStart, kEnd, TimelinePolicy::nhs_england());
  REQUIRE(m.inpatient.count == 3);
  std::map<std::string, InpatientStayItem> s;
  for (const auto& x : m.inpatient.stays) s[x.person_id] = x;
  CHECK(s["L1"].days == 69);  // 1 Jan .. 10 Mar: 68 days, +1 as the acute dashboard counts
  CHECK(s["L1"].crfd_days == 9);
  CHECK(s["L1"].days_without_crfd == 60);
  CHECK(s["L1"].long_stay);  // more than 60 days
  CHECK(s["L2"].days == 69);
  CHECK_FALSE(s["L2"].long_stay);  // older adult bed: more than 90 days
  CHECK(s["L4"].days == 31);       // the readmission spell 1 Feb .. 3 Mar, +1
  CHECK(m.inpatient.long_stays == 1);
  const Measures h = measures(c, kStart, kEnd);
  CHECK(h.inpatient.mean == Approx((68.0 + 68.0 + 30.0) / 3));
}

TEST_CASE("measures: out-of-area placements", "[timeline][measures]") {
  Doc d;
  d.add(
      "O1",
      {ref(),
       R"({"type": "out_of_area_placement", "date": "2025-02-15", "out_of_area_reason": "10", "end_date": "2025-03-10"})",
       disch("2025-03-20")});
  d.add("O2",
        {ref(),
         R"({"type": "out_of_area_placement", "date": "2025-03-20", "out_of_area_reason": "14"})"});
  d.add("O3",
        {ref(),
         R"({"type": "out_of_area_placement", "date": "2025-03-25", "out_of_area_reason": "10"})",
         disch("2025-04-10")});
  d.add("O4",
        {ref(),
         R"({"type": "out_of_area_placement", "date": "2025-01-10", "out_of_area_reason": "10"})",
         disch("2025-02-10")});  // ended before March: not in the period
  const Caseload c = d.caseload();
  const Measures m = measures(c, kStart, kEnd, TimelinePolicy::nhs_england());
  const auto& o = m.out_of_area;
  CHECK(o.placements.size() == 3);
  CHECK(o.starts == 2);
  CHECK(o.ends == 1);
  CHECK(o.active_at_end == 2);  // O2 open; O3's discharge is after as_of
  CHECK(o.inappropriate_active_at_end == 1);
  CHECK(o.inappropriate_starts == 1);
  CHECK(o.bed_days == 9 + 12 + 7);  // 1..9 Mar, 20..31 Mar, 25..31 Mar
  CHECK(o.inappropriate_bed_days == 9 + 7);
  // With later events known, O3 ends on its discharge after the period.
  const Measures later =
      measures(c, kStart, kEnd, TimelinePolicy::nhs_england(), {}, D("2025-04-30"));
  CHECK(later.out_of_area.active_at_end == 2);
  CHECK(later.out_of_area.bed_days == 9 + 12 + 7);
}

TEST_CASE("measures: a death within 3 days excludes the discharge even after a contact",
          "[timeline][measures]") {
  Doc d;
  d.add("P1", {ref(), disch("2025-03-10"), contact("2025-03-11"),
               ev("died", "2025-03-13")});  // day 3: excluded
  d.add("P2", {ref(), disch("2025-03-10"), contact("2025-03-11"),
               ev("died", "2025-03-14")});  // day 4: met
  const Measures m = measures(d.caseload(), kStart, kEnd, TimelinePolicy::nhs_england());
  CHECK(m.follow_up.denominator == 1);
  CHECK(m.follow_up.numerator == 1);
  REQUIRE(m.follow_up_exclusions.size() == 1);
  CHECK(m.follow_up_exclusions[0].person_id == "P1");
  CHECK(m.follow_up_exclusions[0].reason == "died");
  CHECK(m.follow_up_exclusions[0].date == D("2025-03-13"));
}

// ---------------------------------------------------------------------------
// Shared evaluation: measures_windows() equals measures() window by window.

namespace {

// A generated caseload exercising every measure: referrals with and without
// an admission date or planned discharge, CRFD periods (open, ended, ended by
// the discharge, same-day), out-of-area placements, discharges with bed types,
// methods and destinations, follow-up contacts, step-down stays, readmissions,
// deaths and closures. A fixed linear congruential sequence, so the same
// caseload on every platform.
Caseload generated_caseload(int people, std::uint32_t seed) {
  std::uint32_t x = seed;
  auto next = [&](std::uint32_t n) {
    x = x * 1664525u + 1013904223u;
    return (x >> 8) % n;
  };
  const char* reasons[] = {"18", "02", "07", "11", "24", "98"};
  const char* beds[] = {R"(, "bed_type": "200")", R"(, "bed_type": "201")", ""};
  const char* dests[] = {"", R"(, "destination": "40")", R"(, "destination": "19")"};
  std::string s = R"({"version": 2, "pathways": [)";
  for (int i = 0; i < people; ++i) {
    if (i) s += ",";
    char id[16];
    std::snprintf(id, sizeof id, "G%05d", i);
    std::int32_t day = to_days(D("2023-06-01")) + static_cast<std::int32_t>(next(700));
    auto date = [&](std::int32_t d) { return format_date(from_days(d)); };
    auto event = [&](const char* type, std::int32_t d, const std::string& extra = "") {
      return std::string(R"({"type": ")") + type + R"(", "date": ")" + date(d) + "\"" + extra + "}";
    };
    std::vector<std::string> evs;
    std::string extra;
    if (next(3) != 0)
      extra += R"(, "admitted": ")" + date(day - 5 - static_cast<int>(next(60))) + "\"";
    if (next(2) == 0)
      extra += R"(, "planned_discharge": ")" + date(day + static_cast<int>(next(200))) + "\"";
    evs.push_back(event("referral_received", day, extra));
    day += static_cast<std::int32_t>(next(10));
    evs.push_back(event("initial_visit", day));
    if (next(4) != 0) evs.push_back(event("accepted", day + static_cast<std::int32_t>(next(5))));
    day += 5;
    const int spells = 1 + static_cast<int>(next(3));
    bool ended = false;
    for (int sp = 0; sp < spells && !ended; ++sp) {
      // In hospital: an out-of-area placement, CRFD periods, then a discharge
      // (dates never go back).
      std::int32_t last = day;
      if (next(5) == 0) {
        day += static_cast<std::int32_t>(next(3));
        std::string e = R"(, "out_of_area_reason": ")" + std::string(next(2) ? "10" : "14") + "\"";
        if (next(2) == 0) {
          last = day + static_cast<std::int32_t>(next(10));
          e += R"(, "end_date": ")" + date(last) + "\"";
        }
        evs.push_back(event("out_of_area_placement", day, e));
      }
      if (next(3) != 0) {
        day += static_cast<std::int32_t>(next(5));
        std::string e = R"(, "delay_reason": ")" + std::string(reasons[next(6)]) + "\"";
        const auto k = next(4);
        std::int32_t end = kNoDay;
        if (k == 0) end = day;  // same day
        if (k == 1) end = day + 1 + static_cast<std::int32_t>(next(20));
        if (end != kNoDay) e += R"(, "end_date": ")" + date(end) + "\"";
        if (next(2) == 0) e += R"(, "attributable_to": "05")";
        evs.push_back(event("clinically_ready_for_discharge", day, e));
        if (end != kNoDay) last = std::max(last, end);
        if (k == 1 && next(2) == 0) {  // a second period after the first ended
          day = end + static_cast<std::int32_t>(next(5));
          evs.push_back(event("clinically_ready_for_discharge", day, R"(, "delay_reason": "18")"));
        }
      }
      const std::int32_t discharge =
          std::max(last, day) + static_cast<std::int32_t>(next(60)) + (next(8) == 0 ? 0 : 1);
      if (next(6) == 0) {
        evs.push_back(event("died", discharge));
        ended = true;
        break;
      }
      std::string e = beds[next(3)];
      e += dests[next(3)];
      if (next(10) == 0) e += R"(, "discharge_method": "4")";
      evs.push_back(event("discharged", discharge, e));
      day = discharge;
      if (next(3) != 0) {
        day += static_cast<std::int32_t>(next(6));
        evs.push_back(event("follow_up_contact", day,
                            R"(, "attend_status": "5", "consultation_mechanism": "01")"));
      }
      if (next(2) == 0) {
        day += static_cast<std::int32_t>(next(7));
        evs.push_back(event("step_down_admitted", day));
        day += 3 + static_cast<std::int32_t>(next(120));
        const auto k = next(4);
        if (k == 0) {
          evs.push_back(event("step_down_left", day, R"(, "destination": "19")"));
        } else if (k == 1) {
          evs.push_back(event("step_down_left", day));
        } else if (k == 2) {
          evs.push_back(event("died", day));
          ended = true;
          break;
        }
        // k == 3: readmitted from step-down below, or still there.
        if (k == 3 && next(2) == 0) break;  // still in step-down: no more spells
      }
      if (sp + 1 < spells) {
        day += 1 + static_cast<std::int32_t>(next(40));
        evs.push_back(event("readmitted", day));
      }
    }
    if (!ended) {
      const auto k = next(3);
      if (k == 0) evs.push_back(event("closed", day + 10 + static_cast<std::int32_t>(next(30))));
    }
    s += R"({"person_id": ")" + std::string(id) + R"(", "events": [)";
    for (std::size_t j = 0; j < evs.size(); ++j) {
      if (j) s += ",";
      s += evs[j];
    }
    s += "]}";
  }
  return Caseload::from_json(s + "]}");
}

}  // namespace

TEST_CASE("measures_windows: one shared evaluation equals measures() for every window",
          "[timeline][measures]") {
  const Caseload c = generated_caseload(600, 12345u);
  REQUIRE(c.size() == 600);
  const Date as_of = D("2025-06-30");
  std::vector<std::pair<Date, Date>> windows = {{D("2025-01-01"), D("2025-03-31")},
                                                {D("2024-10-01"), D("2024-12-31")},
                                                {D("2023-01-01"), D("2025-06-30")},
                                                {D("2025-06-30"), D("2025-06-30")}};
  for (Date ms = D("2024-04-01"); ms <= D("2025-06-01"); ms += boost::gregorian::months(1))
    windows.emplace_back(ms, ms.end_of_month());
  for (const char* count : {"half_open", "mhs26"}) {
    TimelinePolicy policy;
    policy.crfd_day_count = count;
    CostModel costs;
    costs.inpatient_day_cost = 500;
    costs.step_down_day_cost = 120;
    const auto shared = measures_windows(c, windows, as_of, policy, costs);
    REQUIRE(shared.size() == windows.size());
    std::int64_t counted = 0;
    for (std::size_t w = 0; w < windows.size(); ++w) {
      const Measures one = measures(c, windows[w].first, windows[w].second, policy, costs, as_of);
      INFO(count << " window " << format_date(windows[w].first) << ".."
                 << format_date(windows[w].second));
      CHECK(measures_to_json(shared[w]) == measures_to_json(one));
      counted += one.follow_up.denominator + one.crfd.periods + one.inpatient.count +
                 static_cast<std::int64_t>(one.out_of_area.placements.size()) +
                 one.step_down.count + one.readmission.numerator;
    }
    CHECK(counted > 1000);  // the generated caseload exercises the measures
  }
  // The whole span: every kind of item occurs.
  const Measures all = measures(c, D("2023-01-01"), as_of, {}, {}, as_of);
  CHECK(all.crfd.periods > 0);
  CHECK(all.out_of_area.placements.size() > 0);
  CHECK(all.inpatient.count > 0);
  CHECK(all.step_down.count > 0);
  CHECK(all.readmission.numerator > 0);
  CHECK(!all.follow_up_exclusions.empty());
  CHECK(!all.follow_up_misses.empty());
}

TEST_CASE("measures_windows: errors name the window", "[timeline][measures]") {
  const Caseload c = generated_caseload(5, 7u);
  const Date as_of = D("2025-06-30");
  CHECK(measures_windows(c, {}, as_of).empty());
  try {
    (void)measures_windows(
        c, {{D("2025-01-01"), D("2025-01-31")}, {D("2025-03-01"), D("2025-02-01")}}, as_of);
    FAIL("expected an error");
  } catch (const InvalidArgument& e) {
    CHECK(e.field() == "windows[1].end");
  }
  try {
    (void)measures_windows(c, {{D("2025-01-01"), D("2025-07-31")}}, as_of);
    FAIL("expected an error");
  } catch (const InvalidArgument& e) {
    CHECK(e.field() == "as_of");
    CHECK(std::string(e.what()).find("windows[0]") != std::string::npos);
  }
  try {
    (void)measures_windows(c, {{Date(boost::gregorian::not_a_date_time), D("2025-01-31")}}, as_of);
    FAIL("expected an error");
  } catch (const InvalidArgument& e) {
    CHECK(e.field() == "windows[0].start");
  }
  // An empty caseload: zeros for every window.
  const auto none = measures_windows(Caseload{}, {{D("2025-01-01"), D("2025-01-31")}}, as_of);
  REQUIRE(none.size() == 1);
  CHECK(none[0].follow_up.denominator == 0);
}
