// Referral timelines: sequence rules, milestones, snapshots, measures, JSON, FHIR.
// Expected values are worked out by hand in the comments (2025 England and
// Wales bank holidays: 1 Jan, 18 and 21 Apr, 5 and 26 May, 25 Aug, 25 and 26 Dec).
#include <catch2/catch.hpp>

#include "homeward/error.hpp"
#include "homeward/io.hpp"
#include "homeward/timeline.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

using namespace homeward;
using nlohmann::json;

namespace {

const std::string kFixture = std::string(HOMEWARD_TEST_DATA_DIR) + "/timeline_caseload.json";

Date D(const char* s) { return parse_date(s); }
std::int32_t day(const char* s) { return to_days(parse_date(s)); }

Caseload fixture() { return Caseload::from_file(kFixture); }

// Rows of one person's milestone of one kind, in order.
std::vector<std::size_t> rows(const Evaluation& ev, const Caseload& c, const char* person,
                              Milestone m) {
  const auto i = static_cast<std::int32_t>(*c.find(person));
  std::vector<std::size_t> out;
  for (std::size_t r = 0; r < ev.milestones.size(); ++r) {
    if (ev.milestones.pathway[r] == i &&
        ev.milestones.milestone[r] == static_cast<std::uint8_t>(m)) {
      out.push_back(r);
    }
  }
  return out;
}

MilestoneStatus status(const Evaluation& ev, std::size_t r) {
  return static_cast<MilestoneStatus>(ev.milestones.status[r]);
}

Stage stage_of(const Evaluation& ev, const Caseload& c, const char* person) {
  return static_cast<Stage>(ev.stage[*c.find(person)]);
}

std::string one_pathway(const std::string& events) {
  return R"({"version": 1, "pathways": [{"person_id": "P0001", "events": [)" + events + "]}]}";
}

template <class F>
Error catch_error(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("expected a homeward::Error");
  throw std::logic_error("unreachable");
}

const char* kRef = R"({"type": "referral_received", "date": "2025-01-06"})";

}  // namespace

TEST_CASE("timeline: names round-trip", "[timeline]") {
  for (std::size_t i = 0; i < kEventTypeCount; ++i) {
    const auto t = static_cast<EventType>(i);
    CHECK(parse_event_type(event_type_name(t)) == t);
  }
  CHECK(stage_name(Stage::in_step_down) == "in_step_down");
  CHECK(milestone_name(Milestone::follow_up) == "follow_up");
  CHECK(milestone_status_name(MilestoneStatus::not_applicable) == "not_applicable");
  const Error e = catch_error([] { parse_event_type("discharge", "x.type"); });
  CHECK(e.code() == ErrorCode::not_found);
  CHECK(e.field() == "x.type");
}

TEST_CASE("timeline: fixture loads", "[timeline]") {
  const Caseload c = fixture();
  REQUIRE(c.size() == 4);
  CHECK(c.event_count() == 9 + 1 + 8 + 4);
  CHECK(c.person_ids()[2] == "P0003");
  CHECK(*c.first_date() == D("2025-01-06"));
  CHECK(*c.last_date() == D("2025-08-15"));
  const Pathway p = c.pathway("P0001");
  REQUIRE(p.events.size() == 9);
  CHECK(p.events[0].planned_discharge == D("2025-07-14"));
  CHECK(p.events[4].delay_reason == "18");
  CHECK(p.events[8].destination == "permanent_home");
  CHECK(json::parse(p.attributes) == json({{"county", "Derbyshire"}, {"risk", 2}}));
  CHECK(json::parse(p.events[0].attributes) == json({{"referrer", "IMPACT"}}));
  CHECK_THROWS_AS(c.pathway("P9999"), NotFound);
  CHECK_THROWS_AS(c.pathway(std::size_t{4}), OutOfRange);
}

TEST_CASE("timeline: JSON round trip is lossless", "[timeline]") {
  const Caseload c = fixture();
  const std::string a = c.to_json();
  const Caseload c2 = Caseload::from_json(a);
  CHECK(c2.to_json() == a);
  CHECK(Caseload::from_json(c.to_json(false)).to_json() == a);
  // Same document as the fixture, as JSON values.
  json orig = json::parse(read_file(kFixture));
  orig["schema"] = "homeward.caseload";
  CHECK(orig["version"] == 1);  // a version 1 document loads and is written as version 2
  orig["version"] = 2;
  CHECK(json::parse(a) == orig);
  CHECK(json::parse(a)["attributes"]["note"] == "Zoë's caseload ✓");
}

TEST_CASE("timeline: lenient mode keeps unknown fields", "[timeline]") {
  const std::string text = R"({"version": 1, "exported_by": "x", "pathways": [
    {"person_id": "P0001", "ward": "Oak", "events": [
      {"type": "referral_received", "date": "2025-01-06", "source_system": "EPR \"7\""}]}]})";
  const Error e = catch_error([&] { Caseload::from_json(text); });
  CHECK(e.code() == ErrorCode::invalid_argument);
  CHECK(e.field() == "exported_by");
  LoadOptions lenient;
  lenient.strict = false;
  const Caseload c = Caseload::from_json(text, lenient);
  const json out = json::parse(c.to_json());
  CHECK(out["exported_by"] == "x");
  CHECK(out["pathways"][0]["ward"] == "Oak");
  CHECK(out["pathways"][0]["events"][0]["source_system"] == "EPR \"7\"");
  // Strict parsing of the lenient output names the innermost unknown field first seen.
  const Error e2 = catch_error([&] {
    Caseload::from_json(
        R"({"version":1,"pathways":[{"person_id":"P1","events":[{"type":"referral_received","date":"2025-01-06","colour":1}]}]})");
  });
  CHECK(e2.field() == "pathways[0].events[0].colour");
}

TEST_CASE("timeline: impossible sequences are rejected with the event and the rule", "[timeline]") {
  struct Case {
    std::string events;
    std::string field;
    std::string words;
  };
  const std::vector<Case> cases = {
      {R"({"type": "initial_visit", "date": "2025-01-06"})", "pathways[0].events[0]",
       "before the referral"},
      {std::string(kRef) + R"(, {"type": "follow_up_contact", "date": "2025-01-07"})",
       "pathways[0].events[1]", "before any discharge"},
      {std::string(kRef) +
           R"(, {"type": "discharged", "date": "2025-01-07"}, {"type": "step_down_left", "date": "2025-01-08"})",
       "pathways[0].events[2]", "without a step_down_admitted"},
      {std::string(kRef) +
           R"(, {"type": "declined", "date": "2025-01-07"}, {"type": "accepted", "date": "2025-01-08"})",
       "pathways[0].events[2]", "accepted after declined at events[1] without a new referral"},
      {std::string(kRef) +
           R"(, {"type": "accepted", "date": "2025-01-07"}, {"type": "accepted", "date": "2025-01-08"})",
       "pathways[0].events[2]", "second accepted"},
      {std::string(kRef) +
           R"(, {"type": "clinically_ready_for_discharge", "date": "2025-02-01", "end_date": "2025-01-20", "delay_reason": "18"})",
       "pathways[0].events[1].end_date", "before the period's start"},
      {std::string(kRef) +
           R"(, {"type": "clinically_ready_for_discharge", "date": "2025-02-01", "end_date": "2025-03-20", "delay_reason": "18"}, {"type": "discharged", "date": "2025-03-01"})",
       "pathways[0].events[1].end_date", "after the discharge"},
      {std::string(kRef) +
           R"(, {"type": "clinically_ready_for_discharge", "date": "2025-02-01", "delay_reason": "18"}, {"type": "clinically_ready_for_discharge", "date": "2025-02-05", "delay_reason": "18"})",
       "pathways[0].events[2]", "overlaps"},
      {std::string(kRef) + R"(, {"type": "initial_visit", "date": "2025-01-05"})",
       "pathways[0].events[1].date", "date order"},
      {std::string(kRef) + R"(, {"type": "readmitted", "date": "2025-01-07"})",
       "pathways[0].events[1]", "already in hospital"},
      {std::string(kRef) + R"(, {"type": "step_down_admitted", "date": "2025-01-07"})",
       "pathways[0].events[1]", "record discharged first"},
      {std::string(kRef) +
           R"(, {"type": "closed", "date": "2025-01-07"}, {"type": "initial_visit", "date": "2025-01-08"})",
       "pathways[0].events[2]", "new referral_received is needed"},
      {std::string(kRef) + R"(, {"type": "referral_received", "date": "2025-01-07"})",
       "pathways[0].events[1]", "still open"},
      {std::string(kRef) + R"(, {"type": "transition_plan_agreed", "date": "2025-01-07"})",
       "pathways[0].events[1]", "before the person accepted"},
      {std::string(kRef) + R"(, {"type": "clinically_ready_for_discharge", "date": "2025-02-01"})",
       "pathways[0].events[1].delay_reason", "required"},
      {std::string(kRef) + R"(, {"type": "planned_discharge_changed", "date": "2025-02-01"})",
       "pathways[0].events[1].planned_discharge", "required"},
      {std::string(kRef) +
           R"(, {"type": "initial_visit", "date": "2025-02-01", "planned_discharge": "2025-06-01"})",
       "pathways[0].events[1].planned_discharge", "not a field of initial_visit"},
  };
  for (const auto& tc : cases) {
    INFO(tc.events);
    const Error e = catch_error([&] { Caseload::from_json(one_pathway(tc.events)); });
    CHECK(e.code() == ErrorCode::invalid_argument);
    CHECK(e.field() == tc.field);
    CHECK_THAT(e.message(), Catch::Contains(tc.words));
  }
}

TEST_CASE("timeline: readmission then discharge again is a normal path", "[timeline]") {
  const std::string events = std::string(kRef) +
                             R"(, {"type": "discharged", "date": "2025-02-01"},
        {"type": "readmitted", "date": "2025-02-10"}, {"type": "discharged", "date": "2025-03-01"},
        {"type": "step_down_admitted", "date": "2025-03-01"}, {"type": "readmitted", "date": "2025-03-05"},
        {"type": "discharged", "date": "2025-04-01"}, {"type": "closed", "date": "2025-05-01"},
        {"type": "referral_received", "date": "2025-06-01"})";
  CHECK_NOTHROW(Caseload::from_json(one_pathway(events)));
}

TEST_CASE("timeline: bad documents give clear errors", "[timeline]") {
  auto field_of = [](const std::string& text) {
    return catch_error([&] { Caseload::from_json(text); });
  };
  {
    const Error e = field_of(one_pathway(R"({"type": "referral_received", "date": "2025-02-30"})"));
    CHECK(e.code() == ErrorCode::invalid_argument);
    CHECK(e.field() == "pathways[0].events[0].date");
  }
  {
    const Error e =
        field_of(one_pathway(std::string(kRef) + R"(, {"type": "visit", "date": "2025-02-01"})"));
    CHECK(e.code() == ErrorCode::not_found);
    CHECK(e.field() == "pathways[0].events[1].type");
  }
  {
    const Error e = field_of(one_pathway(R"({"type": "referral_received"})"));
    CHECK(e.field() == "pathways[0].events[0].date");
    CHECK_THAT(e.message(), Catch::Contains("missing"));
  }
  {
    const Error e = field_of(one_pathway(R"({"type": "referral_received", "date": 20250106})"));
    CHECK(e.field() == "pathways[0].events[0].date");
  }
  {
    const Error e = field_of(R"({"version": 1, "pathways": [{"person_id": "P1", "events": [)" +
                             std::string(kRef) + R"(]}, {"person_id": "P1", "events": [)" +
                             std::string(kRef) + "]}]}");
    CHECK(e.field() == "pathways[1].person_id");
    CHECK_THAT(e.message(), Catch::Contains("duplicate") && Catch::Contains("pathways[0]"));
  }
  {
    const Error e = field_of(R"({"version": 1, "pathways": [{"person_id": "P1", "events": [)");
    CHECK(e.code() == ErrorCode::parse_error);
    CHECK_THAT(e.message(), Catch::Contains("byte"));
  }
  CHECK(field_of(R"({"version": 3, "pathways": []})").field() == "version");
  CHECK(field_of(R"({"pathways": []})").field() == "version");
  CHECK(field_of(R"({"version": 1})").field() == "pathways");
  CHECK(field_of(R"([1, 2])").code() == ErrorCode::invalid_argument);
  CHECK(field_of(R"({"version": 1, "pathways": [{"person_id": "", "events": []}]})").field() ==
        "pathways[0].person_id");
  CHECK(field_of(R"({"version": 1, "pathways": [{"person_id": "P1", "events": []}]})").field() ==
        "pathways[0].events");
  CHECK(field_of("").code() == ErrorCode::parse_error);  // empty text, like every loader
  CHECK(field_of("/nonexistent/caseload.json").code() ==
        ErrorCode::parse_error);  // text, never a path
  // An empty caseload is fine.
  CHECK(Caseload::from_json(R"({"version": 1, "pathways": []})").empty());
}

TEST_CASE("timeline: size limit is checked before reading", "[timeline]") {
  LoadOptions small;
  small.max_bytes = 100;
  const Error e = catch_error([&] { Caseload::from_file(kFixture, small); });
  CHECK(e.code() == ErrorCode::out_of_range);
  CHECK(e.field() == "path");
  CHECK_THAT(e.message(), Catch::Contains("max_bytes"));
  const Error t = catch_error([&] { Caseload::from_json(read_file(kFixture), small); });
  CHECK(t.code() == ErrorCode::out_of_range);
  CHECK(t.field() == "source");
  small.max_bytes = 0;  // no limit
  CHECK(Caseload::from_file(kFixture, small).size() == 4);
}

TEST_CASE("timeline: milestones as of a date", "[timeline]") {
  const Caseload c = fixture();
  const Evaluation ev = evaluate(c, D("2025-06-01"));
  const auto& t = ev.milestones;
  // P0001 lead time: planned 2025-07-14 - referral 2025-01-06 = 189 days >= 182; due 2025-01-13.
  auto r = rows(ev, c, "P0001", Milestone::referral_lead_time);
  REQUIRE(r.size() == 1);
  CHECK(status(ev, r[0]) == MilestoneStatus::met);
  CHECK(t.days[r[0]] == 189);
  CHECK(t.due[r[0]] == day("2025-01-13"));
  // First visit due 10 working days after Mon 6 Jan = Mon 20 Jan; visit Fri 17 Jan
  // after 11 days, 9 working days.
  r = rows(ev, c, "P0001", Milestone::first_visit);
  REQUIRE(r.size() == 1);
  CHECK(status(ev, r[0]) == MilestoneStatus::met);
  CHECK(t.due[r[0]] == day("2025-01-20"));
  CHECK(t.date[r[0]] == day("2025-01-17"));
  CHECK(t.days[r[0]] == 11);
  CHECK(t.working_days[r[0]] == 9);
  // Decision due 20 working days after Fri 17 Jan = Fri 14 Feb; accepted Thu 20 Feb:
  // missed, 34 days, 24 working days.
  r = rows(ev, c, "P0001", Milestone::decision);
  REQUIRE(r.size() == 1);
  CHECK(status(ev, r[0]) == MilestoneStatus::missed);
  CHECK(t.due[r[0]] == day("2025-02-14"));
  CHECK(t.days[r[0]] == 34);
  CHECK(t.working_days[r[0]] == 24);
  // Follow-up: discharged 1 May, contact Mon 5 May (bank holiday): 4 days > 3: missed.
  r = rows(ev, c, "P0001", Milestone::follow_up);
  REQUIRE(r.size() == 1);
  CHECK(status(ev, r[0]) == MilestoneStatus::missed);
  CHECK(t.due[r[0]] == day("2025-05-04"));
  CHECK(t.days[r[0]] == 4);
  // Step-down since 1 May, due 31 Jul, still there on 1 Jun: pending, 31 days so far.
  r = rows(ev, c, "P0001", Milestone::step_down_stay);
  REQUIRE(r.size() == 1);
  CHECK(status(ev, r[0]) == MilestoneStatus::pending);
  CHECK(t.due[r[0]] == day("2025-07-31"));
  CHECK(t.days[r[0]] == 31);
  // Readmission window 1..30 May ends before 1 Jun: met.
  r = rows(ev, c, "P0001", Milestone::readmission);
  REQUIRE(r.size() == 1);
  CHECK(status(ev, r[0]) == MilestoneStatus::met);
  CHECK(t.due[r[0]] == day("2025-05-30"));
  CHECK(stage_of(ev, c, "P0001") == Stage::in_step_down);
  CHECK(ev.stage_since[0] == day("2025-05-01"));

  // P0002: lead 91 days: missed. No visit by 17 Mar: overdue on 1 Jun.
  r = rows(ev, c, "P0002", Milestone::referral_lead_time);
  CHECK(status(ev, r[0]) == MilestoneStatus::missed);
  CHECK(t.days[r[0]] == 91);
  r = rows(ev, c, "P0002", Milestone::first_visit);
  CHECK(status(ev, r[0]) == MilestoneStatus::overdue);
  CHECK(t.due[r[0]] == day("2025-03-17"));
  CHECK(rows(ev, c, "P0002", Milestone::decision).empty());

  // P0003: no planned discharge; readmitted 2 days after discharge without follow-up.
  r = rows(ev, c, "P0003", Milestone::referral_lead_time);
  CHECK(status(ev, r[0]) == MilestoneStatus::not_applicable);
  r = rows(ev, c, "P0003", Milestone::follow_up);
  REQUIRE(r.size() == 2);
  CHECK(status(ev, r[0]) == MilestoneStatus::not_applicable);
  CHECK(status(ev, r[1]) == MilestoneStatus::met);
  CHECK(t.days[r[1]] == 3);
  r = rows(ev, c, "P0003", Milestone::readmission);
  REQUIRE(r.size() == 2);
  CHECK(status(ev, r[0]) == MilestoneStatus::missed);
  CHECK(t.days[r[0]] == 2);
  CHECK(status(ev, r[1]) == MilestoneStatus::met);

  // P0004 declined after a visit, then closed.
  r = rows(ev, c, "P0004", Milestone::decision);
  CHECK(status(ev, r[0]) == MilestoneStatus::met);
  CHECK(stage_of(ev, c, "P0004") == Stage::closed);
}

TEST_CASE("timeline: stages move with as_of", "[timeline]") {
  const Caseload c = fixture();
  CHECK(stage_of(evaluate(c, D("2025-01-06")), c, "P0002") == Stage::not_yet_referred);
  CHECK(stage_of(evaluate(c, D("2025-01-06")), c, "P0001") == Stage::referred);
  CHECK(stage_of(evaluate(c, D("2025-01-20")), c, "P0001") == Stage::engaged);
  CHECK(stage_of(evaluate(c, D("2025-04-15")), c, "P0001") == Stage::awaiting_discharge);
  CHECK(stage_of(evaluate(c, D("2025-09-01")), c, "P0001") == Stage::in_community);
  CHECK(stage_of(evaluate(c, D("2025-02-12")), c, "P0003") == Stage::awaiting_discharge);
  CHECK(stage_of(evaluate(c, D("2025-02-25")), c, "P0003") == Stage::readmitted);
  CHECK(stage_of(evaluate(c, D("2025-02-06")), c, "P0004") == Stage::declined);
  // Step-down overdue after 31 Jul; left 15 Aug after 106 days: missed.
  const Evaluation ev = evaluate(c, D("2025-08-05"));
  auto r = rows(ev, c, "P0001", Milestone::step_down_stay);
  CHECK(status(ev, r[0]) == MilestoneStatus::overdue);
  const Evaluation ev2 = evaluate(c, D("2025-09-01"));
  r = rows(ev2, c, "P0001", Milestone::step_down_stay);
  CHECK(status(ev2, r[0]) == MilestoneStatus::missed);
  CHECK(ev2.milestones.days[r[0]] == 106);
}

TEST_CASE("timeline: policy values change the rules", "[timeline]") {
  const Caseload c = fixture();
  TimelinePolicy p;
  p.step_down_max_days = 120;
  p.follow_up_days = 7;  // the older 7-day standard
  p.referral_lead_days = 190;
  const Evaluation ev = evaluate(c, D("2025-09-01"), p);
  CHECK(status(ev, rows(ev, c, "P0001", Milestone::step_down_stay)[0]) == MilestoneStatus::met);
  CHECK(status(ev, rows(ev, c, "P0001", Milestone::follow_up)[0]) == MilestoneStatus::met);
  CHECK(status(ev, rows(ev, c, "P0001", Milestone::referral_lead_time)[0]) ==
        MilestoneStatus::missed);
  // A closure day (a service training day) moves the working-day due date.
  p = TimelinePolicy{};
  p.calendar = Calendar::england_and_wales().with_closures({D("2025-01-15")});
  const Evaluation ev2 = evaluate(c, D("2025-03-01"), p);
  CHECK(ev2.milestones.due[rows(ev2, c, "P0001", Milestone::first_visit)[0]] == day("2025-01-21"));
  // JSON form.
  const TimelinePolicy pj =
      timeline_policy_from_json(R"({"first_visit_working_days": 5, "closures": ["2025-01-08"]})");
  CHECK(pj.first_visit_working_days == 5);
  const Evaluation ev3 = evaluate(c, D("2025-03-01"), pj);
  // 5 working days after Mon 6 Jan skipping Wed 8 Jan: Tue 14 Jan.
  CHECK(ev3.milestones.due[rows(ev3, c, "P0001", Milestone::first_visit)[0]] == day("2025-01-14"));
  CHECK(json::parse(timeline_policy_to_json(TimelinePolicy{}))["referral_lead_days"] == 182);
  CHECK(catch_error([] { timeline_policy_from_json(R"({"follow_up_days": -1})"); }).field() ==
        "policy.follow_up_days");
  CHECK(catch_error([] { timeline_policy_from_json(R"({"follow_up": 3})"); }).field() ==
        "policy.follow_up");
  CHECK(catch_error([] { timeline_policy_from_json(R"({"closures": ["2025-02-30"]})"); }).field() ==
        "policy.closures[0]");
  CHECK(catch_error([] { timeline_policy_from_json(R"({"follow_up_days": )"); }).code() ==
        ErrorCode::parse_error);
  TimelinePolicy bad;
  bad.readmission_window_days = 0;
  CHECK(catch_error([&] { evaluate(c, D("2025-03-01"), bad); }).field() ==
        "policy.readmission_window_days");
}

TEST_CASE("timeline: as_of before every event, dates outside the calendar", "[timeline]") {
  const Caseload c = fixture();
  const Error e = catch_error([&] { evaluate(c, D("2024-12-31")); });
  CHECK(e.field() == "as_of");
  CHECK_THAT(e.message(), Catch::Contains("before every event"));
  // An empty caseload evaluates to nothing.
  CHECK(evaluate(Caseload{}, D("2025-01-01")).stage.empty());
  // 2250 is beyond the England and Wales calendar (1978..2199).
  const Caseload far =
      Caseload::from_json(one_pathway(R"({"type": "referral_received", "date": "2250-01-06"})"));
  const Error e2 = catch_error([&] { evaluate(far, D("2250-02-01")); });
  CHECK(e2.code() == ErrorCode::out_of_range);
  CHECK(e2.field() == "pathways[0].events[0].date");
}

TEST_CASE("timeline: snapshot", "[timeline]") {
  const Caseload c = fixture();
  const Snapshot s = snapshot(c, D("2025-03-20"));
  CHECK(s.stage_counts[static_cast<std::size_t>(Stage::referred)] == 1);
  CHECK(s.stage_counts[static_cast<std::size_t>(Stage::engaged)] == 1);
  CHECK(s.stage_counts[static_cast<std::size_t>(Stage::in_community)] == 1);
  CHECK(s.stage_counts[static_cast<std::size_t>(Stage::closed)] == 1);
  REQUIRE(s.overdue.size() == 1);
  CHECK(s.overdue[0].person_id == "P0002");
  CHECK(s.overdue[0].milestone == Milestone::first_visit);
  CHECK(s.overdue[0].due == D("2025-03-17"));
  CHECK(s.overdue[0].days_late == 3);
  CHECK(s.overdue[0].working_days_late == 3);  // Tue 18, Wed 19, Thu 20 March
  const json j = json::parse(snapshot_to_json(s));
  CHECK(j["stage_counts"]["closed"] == 1);
  CHECK(j["overdue"][0]["due"] == "2025-03-17");
}

TEST_CASE("timeline: measures over a period", "[timeline]") {
  const Caseload c = fixture();
  const Measures m = measures(c, D("2025-01-01"), D("2025-06-30"));
  // Discharges in the period: P0001 1 May (follow-up after 4 days: miss),
  // P0003 3 Feb (readmitted before follow-up was due: excluded), P0003 10 Mar (met).
  CHECK(m.follow_up.numerator == 1);
  CHECK(m.follow_up.denominator == 2);
  CHECK(m.follow_up.excluded == 1);
  REQUIRE(m.follow_up_misses.size() == 1);
  CHECK(m.follow_up_misses[0].person_id == "P0001");
  CHECK(m.follow_up_misses[0].days == 4);
  CHECK(*m.follow_up.rate() == Approx(0.5));
  // 30-day readmission: one of three discharges (P0003 after 2 days).
  CHECK(m.readmission.numerator == 1);
  CHECK(m.readmission.denominator == 3);
  REQUIRE(m.readmissions.size() == 1);
  CHECK(m.readmissions[0].days == 2);
  // CRFD: P0001 [1 Apr, 1 May) = 30 days reason 18; P0003 [10 Feb, 20 Feb) = 10 days reason 14.
  CHECK(m.crfd.periods == 2);
  CHECK(m.crfd.days == 40);
  CHECK(m.crfd.days_by_reason.at("18") == 30);
  CHECK(m.crfd.days_by_reason.at("14") == 10);
  // No step-down stay ended in the period; P0001's open stay counts 1 May..30 Jun = 61 days.
  CHECK(m.step_down.count == 0);
  CHECK_FALSE(m.step_down.mean);
  CHECK(m.bed_days.days == 61);
  CHECK(m.bed_days.savings == Approx(61 * 450.0));
  REQUIRE(m.bed_days.people.size() == 1);
  CHECK(m.bed_days.people[0].person_id == "P0001");
  // Referral lead times: P0001 189 (met), P0002 91; P0003 and P0004 had no planned date.
  CHECK(m.lead_times.count == 2);
  CHECK(m.lead_times.without_planned_discharge == 2);
  CHECK(m.lead_times.meeting_target == 1);
  CHECK(*m.lead_times.mean == Approx(140.0));
  CHECK(*m.lead_times.median == Approx(140.0));
  CHECK(*m.lead_times.shortest == 91);
  CHECK(*m.lead_times.longest == 189);
}

TEST_CASE("timeline: step-down length of stay and clipped bed days", "[timeline]") {
  const Caseload c = fixture();
  CostModel costs;
  costs.inpatient_day_cost = 564;
  costs.step_down_day_cost = 64;
  const Measures m = measures(c, D("2025-08-01"), D("2025-08-31"), TimelinePolicy{}, costs);
  CHECK(m.step_down.count == 1);
  CHECK(*m.step_down.mean == Approx(106.0));
  REQUIRE(m.step_down.longest);
  CHECK(m.step_down.longest->person_id == "P0001");
  CHECK(m.step_down.longest->destination == "permanent_home");
  CHECK(m.bed_days.days == 14);  // 1..14 August
  CHECK(m.bed_days.savings == Approx(14 * 500.0));
  TimelinePolicy plus_one;
  plus_one.length_of_stay_add_one = true;
  CHECK(*measures(c, D("2025-08-01"), D("2025-08-31"), plus_one).step_down.median == Approx(107.0));
}

TEST_CASE("timeline: open CRFD periods count to the period end plus one day", "[timeline]") {
  const Caseload c = Caseload::from_json(one_pathway(
      std::string(kRef) +
      R"(, {"type": "clinically_ready_for_discharge", "date": "2025-06-20", "delay_reason": "18"})"));
  const Measures m = measures(c, D("2025-06-01"), D("2025-06-30"));
  CHECK(m.crfd.days == 11);  // 20 June .. 30 June inclusive
  const Measures later = measures(c, D("2025-07-01"), D("2025-07-31"));
  CHECK(later.crfd.days == 31);
  const Measures before = measures(c, D("2025-05-01"), D("2025-05-31"));
  CHECK(before.crfd.periods == 0);
  CHECK(before.crfd.days == 0);
}

TEST_CASE("timeline: measures reject bad periods and costs", "[timeline]") {
  const Caseload c = fixture();
  CHECK(catch_error([&] { measures(c, D("2025-02-01"), D("2025-01-01")); }).field() == "end");
  CHECK(catch_error([&] {
          measures(c, D("2025-01-01"), D("2025-02-01"), {}, {}, D("2025-01-15"));
        }).field() == "as_of");
  CostModel neg;
  neg.step_down_day_cost = -1;
  CHECK(catch_error([&] { measures(c, D("2025-01-01"), D("2025-02-01"), {}, neg); }).field() ==
        "costs.step_down_day_cost");
  CHECK(catch_error([] { cost_model_from_json(R"({"inpatient_day_cost": -500})"); }).field() ==
        "costs.inpatient_day_cost");
  CHECK(catch_error([] { cost_model_from_json(R"({"inpatient_day_cost": "500"})"); }).field() ==
        "costs.inpatient_day_cost");
  CHECK(cost_model_from_json(R"({"inpatient_day_cost": 564})").step_down_day_cost == 50.0);
  const json j = json::parse(measures_to_json(measures(c, D("2025-01-01"), D("2025-06-30"))));
  CHECK(j["follow_up"]["rate"] == 0.5);
  CHECK(j["crfd"]["by_reason"]["18"]["days"] == 30);
  CHECK(j["bed_days"]["savings"] == 27450.0);
}

TEST_CASE("timeline: pathways built in C++ and from columns", "[timeline]") {
  Pathway p;
  p.person_id = "P0100";
  auto event = [](EventType type, Date date) {
    Event e;
    e.type = type;
    e.date = date;
    return e;
  };
  p.events.push_back(event(EventType::referral_received, D("2025-01-06")));
  p.events.back().planned_discharge = D("2025-08-01");
  p.events.push_back(event(EventType::initial_visit, D("2025-01-08")));
  p.events.back().attributes = R"({"where": "ward"})";
  Caseload c;
  c.add(p);
  CHECK(c.size() == 1);
  // A failed add leaves the caseload unchanged.
  Pathway bad = p;
  bad.person_id = "P0101";
  bad.events.push_back(event(EventType::follow_up_contact, D("2025-01-09")));
  CHECK_THROWS_AS(c.add(bad), InvalidArgument);
  Pathway dup = p;
  CHECK_THROWS_AS(c.add(dup), InvalidArgument);
  Pathway bad_attr = p;
  bad_attr.person_id = "P0102";
  bad_attr.attributes = "[1]";
  CHECK_THROWS_AS(c.add(bad_attr), InvalidArgument);
  CHECK(c.size() == 1);
  CHECK(c.event_count() == 2);
  CHECK_FALSE(c.find("P0101"));
  CHECK(json::parse(c.pathway(0).events[1].attributes)["where"] == "ward");

  EventColumns col;
  col.person_ids = {"P0100"};
  col.offsets = {0, 2};
  col.types = {0, 2};
  col.dates = {day("2025-01-06"), day("2025-01-08")};
  col.dates2 = {day("2025-08-01"), kNoDay};
  const Caseload cc = Caseload::from_columns(col);
  const Evaluation a = evaluate(cc, D("2025-03-01"));
  const Evaluation b = evaluate(c, D("2025-03-01"));
  CHECK(a.milestones.status == b.milestones.status);
  CHECK(a.milestones.due == b.milestones.due);
  col.types = {2, 0};
  CHECK(catch_error([&] { Caseload::from_columns(col); }).field() == "events[0] (P0100)");
  col.types = {0, 2};
  col.dates2.pop_back();
  CHECK(catch_error([&] { Caseload::from_columns(col); }).field() == "dates2");
  col.dates2 = {kNoDay, kNoDay};
  col.offsets = {0, 3};
  CHECK(catch_error([&] { Caseload::from_columns(col); }).field() == "offsets[1]");
  // Evaluating one pathway.
  CHECK(evaluate(p, D("2025-01-08")).stage[0] == static_cast<std::uint8_t>(Stage::engaged));
}

TEST_CASE("timeline: FHIR export", "[timeline]") {
  const Caseload c = fixture();
  const json b = json::parse(pathway_to_fhir(c.pathway("P0001")));
  CHECK(b["resourceType"] == "Bundle");
  REQUIRE(b["entry"].size() >= 2);
  const json& sr = b["entry"][0]["resource"];
  const json& eoc = b["entry"][1]["resource"];
  CHECK(sr["resourceType"] == "ServiceRequest");
  CHECK(sr["status"] == "active");
  CHECK(sr["authoredOn"] == "2025-01-06");
  CHECK(eoc["status"] == "active");
  // planned over [6 Jan, 20 Feb): inclusive end 19 Feb.
  CHECK(eoc["statusHistory"][0]["status"] == "planned");
  CHECK(eoc["statusHistory"][0]["period"]["end"] == "2025-02-19");
  CHECK(eoc["statusHistory"][1]["period"]["start"] == "2025-02-20");
  CHECK(eoc["referralRequest"][0]["reference"] == b["entry"][0]["fullUrl"]);
  const json d = json::parse(pathway_to_fhir(c.pathway("P0004")));
  const json& eoc4 = d["entry"][1]["resource"];
  CHECK(eoc4["status"] == "cancelled");
  // Declined 6 Feb, closed 7 Feb: the closing day is the episode's last day.
  CHECK(eoc4["period"]["end"] == "2025-02-07");
  CHECK(eoc4["statusHistory"][0]["period"]["end"] == "2025-02-05");  // planned over [3 Feb, 6 Feb)
  CHECK(eoc4["statusHistory"][1]["status"] == "cancelled");
  CHECK(d["entry"][0]["resource"]["status"] == "revoked");
  CHECK(catch_error([&] { pathway_to_fhir(c.pathway("P0001"), D("2024-01-01")); }).field() ==
        "as_of");
  const json early = json::parse(pathway_to_fhir(c.pathway("P0001"), D("2025-02-01")));
  CHECK(early["entry"][1]["resource"]["status"] == "planned");
}

TEST_CASE("timeline: evaluation JSON", "[timeline]") {
  const Caseload c = fixture();
  const json j = json::parse(evaluation_to_json(evaluate(c, D("2025-06-01")), c));
  CHECK(j["as_of"] == "2025-06-01");
  CHECK(j["pathways"][0]["stage"] == "in_step_down");
  CHECK(j["pathways"][0]["milestones"][0]["milestone"] == "referral_lead_time");
  CHECK(j["pathways"][1]["milestones"][1]["status"] == "overdue");
  CHECK(j["pathways"][1]["milestones"][1]["date"].is_null());
}

TEST_CASE("timeline: the bundled sample caseload is valid and sized like the pilot", "[timeline]") {
  const std::string path =
      std::string(HOMEWARD_TEST_DATA_DIR) + "/../../python/homeward/data/sample_caseload.json";
  const Caseload c = Caseload::from_file(path);
  const json attrs = json::parse(c.attributes());
  const json& period = attrs["report_period"];
  const Date start = D(period["start"].get<std::string>().c_str());
  const Date end = D(period["end"].get<std::string>().c_str());
  CHECK((end - start).days() + 1 == 30 * 7);
  const Measures m = measures(c, start, end);
  CHECK(m.bed_days.days == attrs["expected_step_down_bed_days"].get<std::int64_t>());
  CHECK(m.bed_days.savings > 500000.0);
  CHECK(m.bed_days.savings < 600000.0);
  CHECK(c.person_ids().front() == "P0001");
  // Every stage and milestone evaluates as of the data cut.
  const Evaluation ev = evaluate(c, D(period["as_of"].get<std::string>().c_str()));
  CHECK(ev.stage.size() == c.size());
}

TEST_CASE("timeline: every truncation and many corruptions fail cleanly", "[timeline]") {
  const std::string text = read_file(kFixture);
  // Every proper prefix is malformed or incomplete: a homeward::Error, never a crash.
  for (std::size_t n = 1; n < text.size(); ++n) {
    const std::string prefix = text.substr(0, n);
    bool threw = false;
    try {
      Caseload::from_json(prefix);
    } catch (const Error&) {
      threw = true;
    }
    if (!threw) {
      // Only a prefix ending with the closing brace could be complete.
      CHECK(prefix.find_last_not_of(" \n\r\t") == prefix.rfind('}'));
    }
  }
  // Single-byte corruptions (fixed pseudo-random sequence): an Error or a valid load.
  std::uint32_t state = 12345;
  const char replacements[] = {'{', '}', '[', ']',  '"',    ',',   ':',
                               '0', 'x', ' ', '\\', '\x01', '\xff'};
  for (int k = 0; k < 3000; ++k) {
    state = state * 1664525u + 1013904223u;
    std::string bad = text;
    const std::size_t pos = state % bad.size();
    bad[pos] = replacements[(state >> 16) % sizeof replacements];
    try {
      const Caseload c = Caseload::from_json(bad);
      CHECK(Caseload::from_json(c.to_json()).to_json() == c.to_json());
    } catch (const Error&) {
    }
  }
  // Lenient mode with deep nesting in an unknown member.
  std::string deep = R"({"version": 1, "x": )" + std::string(500, '[') + std::string(500, ']') +
                     R"(, "pathways": []})";
  LoadOptions lenient;
  lenient.strict = false;
  // Deeper than the default depth limit (64): refused, naming the limit and the path.
  const Error e = catch_error([&] { Caseload::from_json(deep, lenient); });
  CHECK(e.code() == ErrorCode::out_of_range);
  CHECK_THAT(e.field(), Catch::StartsWith("x[0][0]"));
  CHECK_THAT(e.message(), Catch::Contains("limit of 64") && Catch::Contains("max_depth"));
  lenient.max_depth = 600;  // raised: accepted
  CHECK(Caseload::from_json(deep, lenient).empty());
}

TEST_CASE("timeline: FHIR export of several referrals and unusual ids", "[timeline]") {
  const Caseload c =
      Caseload::from_json(R"({"version": 1, "pathways": [{"person_id": "Zoë/7 x", "events": [
    {"type": "referral_received", "date": "2025-01-06"},
    {"type": "accepted", "date": "2025-01-06"},
    {"type": "closed", "date": "2025-03-01"},
    {"type": "referral_received", "date": "2025-04-01"}]}]})");
  const json b = json::parse(pathway_to_fhir(c.pathway(0)));
  REQUIRE(b["entry"].size() == 4);  // ServiceRequest + EpisodeOfCare per referral
  const json& eoc1 = b["entry"][1]["resource"];
  // Accepted on the referral day: "planned" held for no whole day is left out.
  REQUIRE(eoc1["statusHistory"].size() == 2);
  CHECK(eoc1["statusHistory"][0]["status"] == "active");
  CHECK(eoc1["statusHistory"][0]["period"]["end"] == "2025-02-28");
  CHECK(eoc1["status"] == "finished");
  CHECK(b["entry"][0]["resource"]["status"] == "completed");
  const json& eoc2 = b["entry"][3]["resource"];
  CHECK(eoc2["status"] == "planned");
  CHECK_FALSE(eoc2["period"].contains("end"));
  // FHIR ids allow [A-Za-z0-9-.] only; the person id itself travels as an identifier.
  const std::string id = eoc2["id"];
  CHECK(id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.") ==
        std::string::npos);
  CHECK(eoc2["patient"]["identifier"]["value"] == "Zoë/7 x");
}
