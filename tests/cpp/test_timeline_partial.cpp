// Measures over parts of a caseload merged exactly (timeline_partial.cpp), and
// the calendar and policy documents that pickling uses.
#include <catch2/catch.hpp>

#include "homeward/calendar.hpp"
#include "homeward/error.hpp"
#include "homeward/star.hpp"
#include "homeward/timeline.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace homeward;

namespace {

Caseload sample() {
  return Caseload::from_file(std::string(HOMEWARD_TEST_DATA_DIR) +
                             "/../../python/homeward/data/sample_caseload.json");
}

// The figures of a measures document: every key except the per-person lists.
nlohmann::json figures(const Measures& m) {
  auto j = nlohmann::json::parse(measures_to_json(m));
  j["follow_up"].erase("misses");
  j["follow_up"].erase("exclusions");
  j["readmission"].erase("readmissions");
  j["crfd"].erase("items");
  j["inpatient"].erase("stays");
  j["out_of_area"].erase("placements");
  j["step_down"].erase("stays");
  j["step_down"]["longest"] = j["step_down"]["longest"].is_null()
                                  ? nlohmann::json(nullptr)
                                  : j["step_down"]["longest"]["days"];
  j["bed_days"].erase("people");
  return j;
}

Caseload part(const Caseload& c, std::size_t k, std::size_t n) {
  std::vector<Pathway> ps;
  for (std::size_t i = 0; i < c.size(); ++i) {
    if ((i * 7 + 3) % n == k) ps.push_back(c.pathway(i));
  }
  return Caseload::from_pathways(ps);
}

}  // namespace

TEST_CASE("measures partials merged over any split equal the whole") {
  const Caseload c = sample();
  REQUIRE(c.size() > 10);
  const Date start = *c.first_date() + boost::gregorian::days(60);
  const Date end = *c.last_date() - boost::gregorian::days(30);
  TimelinePolicy policy = TimelinePolicy::nhs_england();
  const CostModel costs{612.5, 47.25};
  const auto whole = figures(measures(c, start, end, policy, costs));
  for (std::size_t n : {1u, 2u, 3u, 7u}) {
    MeasuresPartial total = measures_partial(part(c, 0, n), start, end, policy, costs);
    for (std::size_t k = 1; k < n; ++k) {
      // Through JSON, as the engines ship them.
      const auto text =
          measures_partial_to_json(measures_partial(part(c, k, n), start, end, policy, costs));
      merge_measures_partial(total, measures_partial_from_json(text));
    }
    INFO("parts: " << n);
    CHECK(total.people == static_cast<std::int64_t>(c.size()));
    CHECK(figures(measures_from_partial(total)) == whole);
  }
}

TEST_CASE("measures partials by attribute equal measures_by") {
  const Caseload c = sample();
  const Date start = *c.first_date() + boost::gregorian::days(30);
  const Date end = *c.last_date();
  const auto by = measures_by(c, "county", start, end);
  const auto parts = measures_partial_by(c, "county", start, end);
  REQUIRE(parts.size() == by.groups.size());
  for (std::size_t g = 0; g < parts.size(); ++g) {
    CHECK(parts[g].value == by.groups[g].value);
    CHECK(parts[g].people == by.groups[g].people);
    CHECK(figures(measures_from_partial(parts[g].partial)) == figures(by.groups[g].measures));
  }
}

TEST_CASE("measures partials refuse to merge different periods, policies and bad documents") {
  const Caseload c = sample();
  const Date start = *c.first_date();
  const Date end = *c.last_date();
  MeasuresPartial a = measures_partial(c, start, end);
  CHECK_THROWS_AS(
      merge_measures_partial(a, measures_partial(c, start + boost::gregorian::days(1), end)),
      InvalidArgument);
  TimelinePolicy other;
  other.follow_up_days = 7;
  CHECK_THROWS_AS(merge_measures_partial(a, measures_partial(c, start, end, other)),
                  InvalidArgument);
  const std::string text = measures_partial_to_json(a);
  auto j = nlohmann::json::parse(text);
  j["version"] = 2;
  CHECK_THROWS_WITH(measures_partial_from_json(j.dump()), Catch::Contains("version"));
  j = nlohmann::json::parse(text);
  j["follow_up"]["numerator"] = -1;
  CHECK_THROWS_WITH(measures_partial_from_json(j.dump()), Catch::Contains("follow_up.numerator"));
  j = nlohmann::json::parse(text);
  j["lead_times"]["days"] = nlohmann::json::array({nlohmann::json::array({5, 0})});
  CHECK_THROWS_WITH(measures_partial_from_json(j.dump()), Catch::Contains("lead_times.days[0]"));
  CHECK_THROWS_AS(measures_partial_from_json(text.substr(0, text.size() / 2)), ParseError);
}

TEST_CASE("calendar documents round-trip and are compact for England and Wales") {
  const Calendar ew = Calendar::england_and_wales();
  const std::string text = ew.to_json();
  CHECK(text.size() < 400);
  CHECK(Calendar::from_json(text) == ew);
  const Calendar custom =
      ew.with_closures({parse_date("2025-12-29"), parse_date("2026-01-02")}, "Training")
          .with_weekmask(parse_weekmask("1111110"));
  CHECK(Calendar::from_json(custom.to_json()) == custom);
  CHECK(Calendar::from_json(custom.to_json()) != ew);
  std::vector<Holiday> hs = {{parse_date("2030-01-01"), "New Year", "", true},
                             {parse_date("2030-06-01"), "Closed", "", false}};
  const Calendar own = Calendar::from_holidays(hs, 2030, 2031, kMondayToFriday, "service");
  CHECK(Calendar::from_json(own.to_json()) == own);
  auto j = nlohmann::json::parse(own.to_json());
  j["version"] = 9;
  CHECK_THROWS_WITH(Calendar::from_json(j.dump()), Catch::Contains("version 9"));
  j = nlohmann::json::parse(own.to_json());
  j["holidays"][0]["date"] = "2040-01-01";
  CHECK_THROWS_AS(Calendar::from_json(j.dump()), OutOfRange);
  j = nlohmann::json::parse(own.to_json());
  j["extra"] = 1;
  CHECK_THROWS_WITH(Calendar::from_json(j.dump()), Catch::Contains("extra"));
}

TEST_CASE("a policy with its calendar round-trips through JSON") {
  TimelinePolicy p = TimelinePolicy::nhs_england();
  p.calendar = Calendar::england_and_wales().with_closures({parse_date("2025-08-01")});
  const std::string text = timeline_policy_to_json(p, true);
  const TimelinePolicy q = timeline_policy_from_json(text);
  REQUIRE(q.calendar);
  CHECK(*q.calendar == *p.calendar);
  CHECK(timeline_policy_to_json(q, true) == text);
  CHECK_THROWS_WITH(timeline_policy_from_json(R"({"calendar": {"format": "x"}})"),
                    Catch::Contains("policy.calendar"));
}

TEST_CASE("a star cohort summary reads back from its JSON") {
  const StarDefinition def = StarDefinition::recovery_star();
  const StarReadings r =
      StarReadings::from_file(def, std::string(HOMEWARD_TEST_DATA_DIR) +
                                       "/../../python/homeward/data/sample_readings.json");
  const StarCohort c = star_cohort(r);
  const StarCohort back = StarCohort::from_json(def, c.to_json());
  CHECK(back.to_json() == c.to_json());
  auto j = nlohmann::json::parse(c.to_json());
  j["areas"][0]["improved"] = 100000;
  CHECK_THROWS_WITH(StarCohort::from_json(def, j.dump()), Catch::Contains("areas[0].n"));
}
