// The service report model: periods, settings, summary figures with RAG
// status and change, trends, stages, exclusions and the JSON form.
// Expected values are worked out by hand from tests/data/timeline_caseload.json
// in the comments.
#include <catch2/catch.hpp>

#include "homeward/error.hpp"
#include "homeward/report.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

using namespace homeward;
using nlohmann::json;

namespace {

const std::string kFixture = std::string(HOMEWARD_TEST_DATA_DIR) + "/timeline_caseload.json";
Date D(const char* s) { return parse_date(s); }

const ReportFigure& fig(const Report& r, const std::string& id) {
  for (const auto& f : r.summary) {
    if (f.id == id) return f;
  }
  FAIL("no figure " << id);
  return r.summary.front();
}

// May 2025, told as of 30 June, with 2 step-down beds.
Report may_report(ReportSettings s = {}) {
  ReportInput in;
  in.caseload = Caseload::from_file(kFixture);
  in.sources = {"timeline_caseload.json"};
  s.period = report_period(D("2025-05-01"), D("2025-05-31"), D("2025-06-30"));
  s.step_down_beds = 2;
  return make_report(in, s);
}

}  // namespace

TEST_CASE("report periods: latest complete month, quarter and financial year", "[report]") {
  const auto m = report_period(ReportPeriodKind::month, D("2025-08-03"));
  CHECK(m.start == D("2025-07-01"));
  CHECK(m.end == D("2025-07-31"));
  CHECK(m.label == "July 2025");
  // The last day of a month completes it.
  CHECK(report_period(ReportPeriodKind::month, D("2025-08-31")).start == D("2025-08-01"));

  const auto q = report_period(ReportPeriodKind::quarter, D("2025-08-03"));
  CHECK(q.start == D("2025-04-01"));
  CHECK(q.end == D("2025-06-30"));
  CHECK(q.label.rfind("Q1 2025/26", 0) == 0);
  const auto q4 = report_period(ReportPeriodKind::quarter, D("2025-04-15"));
  CHECK(q4.start == D("2025-01-01"));
  CHECK(q4.label.rfind("Q4 2024/25", 0) == 0);

  const auto fy = report_period(ReportPeriodKind::financial_year, D("2025-08-03"));
  CHECK(fy.start == D("2024-04-01"));
  CHECK(fy.end == D("2025-03-31"));
  CHECK(report_period(ReportPeriodKind::financial_year, D("2025-03-31")).start == D("2024-04-01"));
  CHECK(report_period(ReportPeriodKind::financial_year, D("2025-03-30")).start == D("2023-04-01"));
  CHECK_FALSE(fy.source.empty());

  const auto pq = previous_report_period(q);
  CHECK(pq.start == D("2025-01-01"));
  CHECK(pq.end == D("2025-03-31"));
  const auto pm = previous_report_period(report_period(ReportPeriodKind::month, D("2025-03-31")));
  CHECK(pm.start == D("2025-02-01"));
  CHECK(pm.end == D("2025-02-28"));
  // Whole calendar months: the months just before.
  const auto c2 =
      previous_report_period(report_period(D("2025-04-01"), D("2025-05-31"), D("2025-06-30")));
  CHECK(c2.start == D("2025-02-01"));
  CHECK(c2.end == D("2025-03-31"));
  // Custom: the same number of days just before.
  const auto c = report_period(D("2025-05-11"), D("2025-05-20"), D("2025-05-20"));
  const auto pc = previous_report_period(c);
  CHECK(pc.start == D("2025-05-01"));
  CHECK(pc.end == D("2025-05-10"));

  CHECK_THROWS_AS(report_period(ReportPeriodKind::custom, D("2025-08-03")), InvalidArgument);
  CHECK_THROWS_WITH(report_period(D("2025-05-01"), D("2025-04-01"), D("2025-06-01")),
                    Catch::Contains("end"));
  CHECK_THROWS_WITH(report_period(D("2025-05-01"), D("2025-06-01"), D("2025-05-20")),
                    Catch::Contains("as_of"));
}

TEST_CASE("report settings from JSON name the field at fault", "[report]") {
  const auto s = report_settings_from_json(
      R"({"as_of": "2025-08-03", "period": "quarter", "step_down_beds": 6,
          "targets": {"crfd_days": {"green": 100, "amber": 150, "higher_is_better": false}}})");
  CHECK(s.period.start == D("2025-04-01"));
  CHECK(s.step_down_beds == 6);
  CHECK(*s.targets.crfd_days.green == 100.0);
  CHECK(*s.targets.follow_up.green == 0.80);  // default kept

  CHECK_THROWS_WITH(report_settings_from_json(R"({"period": "month"})"),
                    Catch::Contains("settings.as_of"));
  CHECK_THROWS_WITH(
      report_settings_from_json(R"({"as_of": "2025-08-03", "colour": 1, "period": "month"})"),
      Catch::Contains("settings.colour"));
  CHECK_THROWS_WITH(report_settings_from_json(R"({"as_of": "2025-08-03", "period": "fortnight"})"),
                    Catch::Contains("settings.period"));
  CHECK_THROWS_WITH(report_settings_from_json(
                        R"({"as_of": "2025-08-03", "period": "month", "start": "2025-01-01"})"),
                    Catch::Contains("settings.start"));
  CHECK_THROWS_WITH(report_settings_from_json(R"({"as_of": "2025-08-03", "start": "2025-01-01"})"),
                    Catch::Contains("settings.end"));
  CHECK_THROWS_WITH(
      report_settings_from_json(
          R"({"as_of": "2025-08-03", "period": "month", "targets": {"follow_up": {"green": 0.8, "amber": 0.9}}})"),
      Catch::Contains("settings.targets.follow_up.amber"));
  CHECK_THROWS_WITH(report_settings_from_json(R"({"as_of": "2025-02-30", "period": "month"})"),
                    Catch::Contains("settings.as_of"));
  CHECK_THROWS_AS(report_settings_from_json(R"({"as_of": )"), ParseError);
}

TEST_CASE("report summary: values, previous period, change and RAG status", "[report]") {
  const Report r = may_report();
  CHECK(r.previous.start == D("2025-04-01"));
  CHECK(r.previous.end == D("2025-04-30"));

  // On 31 May: P0001 in step-down, P0002 referred, P0003 in the community
  // (P0004 closed); on 30 April the same three (P0001 awaiting discharge).
  const auto& people = fig(r, "caseload");
  CHECK(*people.value == 3.0);
  CHECK(*people.previous == 3.0);
  CHECK(*people.change == 0.0);
  CHECK(people.status == "no_target");

  // P0001 discharged 1 May, first contact 5 May: 4 days, missed. No
  // discharge in April: no previous rate.
  const auto& fu = fig(r, "follow_up");
  CHECK(*fu.numerator == 0);
  CHECK(*fu.denominator == 1);
  CHECK(*fu.value == 0.0);
  CHECK_FALSE(fu.previous.has_value());
  CHECK_FALSE(fu.change.has_value());
  CHECK(fu.status == "red");

  // CRFD: P0001 from 1 April to the discharge on 1 May: 30 days in April,
  // none in May.
  const auto& crfd = fig(r, "crfd_days");
  CHECK(*crfd.value == 0.0);
  CHECK(*crfd.previous == 30.0);
  CHECK(*crfd.change == -30.0);

  // Step-down: P0001 every night of May: 31 of 2 x 31 bed-nights.
  const auto& occ = fig(r, "step_down_occupancy");
  CHECK(*occ.value == Approx(0.5));
  CHECK(*occ.numerator == 31);
  CHECK(*occ.denominator == 62);
  CHECK(occ.status == "red");  // below the 70% amber threshold
  CHECK(*fig(r, "bed_days_avoided").value == 31.0);
  CHECK(*fig(r, "savings").value == Approx(31 * (500.0 - 50.0)));
}

TEST_CASE("report RAG status follows the targets in the settings", "[report]") {
  ReportSettings s;
  s.targets.step_down_occupancy = {true, 0.5, 0.4};
  CHECK(fig(may_report(s), "step_down_occupancy").status == "green");
  s.targets.step_down_occupancy = {true, 0.6, 0.45};
  CHECK(fig(may_report(s), "step_down_occupancy").status == "amber");
  s.targets.crfd_days = {false, 0.0, std::nullopt};
  CHECK(fig(may_report(s), "crfd_days").status == "green");  // 0 days <= 0
  s.step_down_beds.reset();
  ReportInput in;
  in.caseload = Caseload::from_file(kFixture);
  s.period = report_period(D("2025-05-01"), D("2025-05-31"), D("2025-06-30"));
  const Report r = make_report(in, s);
  CHECK(fig(r, "step_down_occupancy").status == "no_data");
}

TEST_CASE("report trends, stages and exclusions", "[report]") {
  const Report r = may_report();
  // Twelve months ending with May 2025.
  REQUIRE(r.trends.size() == 12);
  CHECK(r.trends.front().start == D("2024-06-01"));
  CHECK(r.trends.back().start == D("2025-05-01"));
  const auto& april = r.trends[10];
  CHECK(april.crfd_days == 30);
  CHECK(april.crfd_days_by_group.at("housing") == 30);  // reason 18
  CHECK(r.trends.back().step_down_days == 31);
  CHECK(r.trends.back().step_down_beds_occupied == Approx(1.0));
  // February: P0003's CRFD period 10-20 Feb, reason 14 (housing): 10 days.
  CHECK(r.trends[8].crfd_days_by_group.at("housing") == 10);
  double cumulative = 0.0;
  for (const auto& m : r.trends) {
    cumulative += m.savings;
    CHECK(m.cumulative_savings == Approx(cumulative));
  }

  // Stages as of 30 June.
  std::int64_t total = 0;
  for (auto n : r.stages) total += n;
  CHECK(total == 4);
  CHECK(r.stages[static_cast<std::size_t>(Stage::closed)] == 1);
  CHECK(r.stages[static_cast<std::size_t>(Stage::in_step_down)] == 1);

  // P0001's step_down_left on 15 August is after the report date.
  REQUIRE_FALSE(r.exclusions.empty());
  CHECK(r.exclusions.front().id == "events_after_report_date");
  CHECK(r.exclusions.front().count == 1);
  CHECK(r.exclusions.front().people == std::vector<std::string>{"P0001"});
  CHECK(r.cautions.size() >= 2);
}

TEST_CASE("report with Star readings and matching; JSON form", "[report]") {
  ReportInput in;
  in.caseload = Caseload::from_file(kFixture);
  const auto def = StarDefinition::recovery_star();
  std::vector<StarReading> rd;
  auto reading = [&](const char* who, const char* date, int score) {
    StarReading x;
    x.person_id = who;
    x.date = D(date);
    for (const auto& a : def.areas()) x.scores.emplace_back(a.id, score);
    rd.push_back(x);
  };
  reading("P0001", "2025-01-20", 3);
  reading("P0001", "2025-04-20", 5);
  reading("P0001", "2025-07-20", 7);  // after the report date
  reading("P0003", "2025-02-01", 4);
  in.readings = StarReadings::from_readings(def, rd);
  in.matching = match_input_from_json(
      R"({"people": [{"id": "P0002", "area": "Derbyshire", "risk": "low", "ready_date": "2025-07-01"}],
          "places": [{"id": "SD-01", "area": "Derbyshire", "beds": 1, "max_risk": "high", "free_date": "2025-07-01"}],
          "workers": [{"id": "W-NAV-01", "role": "pathway_navigator", "areas": ["Derbyshire"], "caseload_limit": 2}]})");
  ReportSettings s;
  s.period = report_period(ReportPeriodKind::quarter, D("2025-06-30"));
  const Report r = make_report(in, s);
  REQUIRE(r.cohort.has_value());
  CHECK(r.cohort->readings == 3);
  CHECK(r.cohort->people_compared == 1);
  REQUIRE(r.star_charts.size() == 2);  // cohort + P0001 (P0003 has one reading)
  CHECK(r.star_charts[1].person_id == "P0001");
  CHECK(r.star_charts[0].svg.find("<svg") != std::string::npos);
  REQUIRE(r.recommendations.placements.has_value());
  CHECK(r.recommendations.placements->matches.size() == 1);
  REQUIRE(r.recommendations.workers.has_value());

  const json j = json::parse(report_to_json(r));
  CHECK(j["schema_version"] == kReportSchemaVersion);
  CHECK(j["period"]["start"] == "2025-04-01");
  CHECK(j["period"]["kind"] == "quarter");
  CHECK(j["summary"].size() == 7);
  CHECK(j["trends"]["months"].size() == 12);
  CHECK(j["outcomes"]["charts"].size() == 2);
  CHECK(j["recommendations"]["placements"]["matches"].size() == 1);
  bool late = false;
  for (const auto& e : j["exclusions"]) {
    if (e["id"] == "readings_after_report_date") {
      late = true;
      CHECK(e["count"] == 1);
    }
  }
  CHECK(late);
}

TEST_CASE("report_json: documents in, the model out; errors name the field", "[report]") {
  const std::string out =
      report_json(R"({"caseload": ")" + kFixture +
                  R"(", "settings": {"as_of": "2025-06-30", "period": "month"}})");
  const json j = json::parse(out);
  CHECK(j["period"]["label"] == "June 2025");
  CHECK(j["stages"]["people"] == 4);
  CHECK_THROWS_WITH(report_json(R"({"caseload": ")" + kFixture + R"("})"),
                    Catch::Contains("input.settings"));
  CHECK_THROWS_WITH(
      report_json(
          R"({"caseload": {"schema": "x"}, "settings": {"as_of": "2025-06-30", "period": "month"}})"),
      Catch::Contains("caseload"));
  CHECK_THROWS_WITH(
      report_json(R"({"caseload": ")" + kFixture +
                  R"(", "settings": {"as_of": "2025-06-30", "period": "month"}, "extra": 1})"),
      Catch::Contains("input.extra"));
  CHECK_THROWS_AS(report_json("[1, 2"), ParseError);
}

TEST_CASE("report delay reasons carry their names and NHS England groups", "[report]") {
  CHECK(crfd_reason_group("18").id == "housing");
  CHECK(crfd_reason_group("3").id == "social_care");  // "3" is "03"
  CHECK(crfd_reason_group("03").id == "social_care");
  CHECK(crfd_reason_group("11").id == "hospital");
  CHECK(crfd_reason_group("01").id == "community");
  CHECK(crfd_reason_name("18").find("supported accommodation") != std::string::npos);
  CHECK(crfd_reason_name("ZZ").empty());
}
