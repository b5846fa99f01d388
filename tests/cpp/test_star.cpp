// Recovery Star outcomes: definitions, readings, journeys, cohorts, charts.
#include <catch2/catch.hpp>

#include "homeward/error.hpp"
#include "homeward/star.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

using namespace homeward;
using nlohmann::json;

namespace {

const StarDefinition& rs() {
  static const StarDefinition d = StarDefinition::recovery_star();
  return d;
}

// All areas 5 except `work`.
StarReading reading(const std::string& pid, const std::string& date, std::optional<int> work,
                    Completion cb = Completion::jointly, bool retro = false) {
  StarReading r;
  r.person_id = pid;
  r.date = parse_date(date);
  for (const auto& a : rs().areas()) {
    if (a.id == "work") {
      if (work) r.scores.emplace_back(a.id, *work);
    } else {
      r.scores.emplace_back(a.id, 5);
    }
  }
  r.completed_by = cb;
  r.retrospective = retro;
  return r;
}

// The worked example of docs/star.md: work scores first -> latest
// A 2 -> 6, B 5 -> 4, C 7 -> 7, D 3 -> (4) -> 8 (latest by the worker),
// E a single reading of 9, F first reading with work missing.
std::vector<StarReading> cohort_readings() {
  return {
      reading("A", "2025-01-10", 2),
      reading("B", "2025-01-12", 5),
      reading("A", "2025-05-10", 6),  // out of order on purpose
      reading("B", "2025-06-12", 4),
      reading("C", "2025-02-01", 7),
      reading("C", "2025-07-01", 7),
      reading("D", "2025-01-05", 3),
      reading("D", "2025-03-05", 4),
      reading("D", "2025-06-05", 8, Completion::worker),
      reading("E", "2025-02-20", 9),
      reading("F", "2025-01-15", std::nullopt),
      reading("F", "2025-04-15", 5, Completion::jointly, true),
  };
}

template <class F>
std::string field_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.field();
  }
  return "<no error>";
}

double sample_sd(const std::vector<double>& xs) {
  double m = 0;
  for (double x : xs) m += x;
  m /= static_cast<double>(xs.size());
  double ss = 0;
  for (double x : xs) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(xs.size() - 1));
}

const char* kFivePoint = R"({
  "id": "wellbeing-5", "edition": "1", "name": "Wellbeing Five",
  "scale": {"min": 1, "max": 5},
  "areas": [{"id": "home", "name": "Home"}, {"id": "money", "name": "Money & bills"},
            {"id": "health", "name": "Health"}, {"id": "friends", "name": "Friends"}],
  "stages": [{"name": "Starting", "min": 1, "max": 2}, {"name": "Growing", "min": 3, "max": 4},
             {"name": "Thriving", "min": 5, "max": 5}]
})";

std::string with(const std::string& base, const std::string& from, const std::string& to) {
  std::string s = base;
  const auto pos = s.find(from);
  REQUIRE(pos != std::string::npos);
  s.replace(pos, from.size(), to);
  return s;
}

}  // namespace

TEST_CASE("the built-in Recovery Star", "[star]") {
  const StarDefinition& d = rs();
  CHECK(d.id() == "recovery-star");
  CHECK(d.edition() == "2");
  REQUIRE(d.area_count() == 10);
  CHECK(d.areas()[0].name == "Managing mental health");
  CHECK(d.areas()[4].id == "work");
  CHECK(d.areas()[9].name == "Trust and hope");
  CHECK(d.scale_min() == 1);
  CHECK(d.scale_max() == 10);
  REQUIRE(d.stages().size() == 5);
  const char* names[] = {"Stuck", "Accepting help", "Believing", "Learning", "Self-reliance"};
  for (int score = 1; score <= 10; ++score) {
    CHECK(d.stages()[d.stage_index(score)].name == names[(score - 1) / 2]);
  }
  CHECK_THROWS_AS(d.stage_index(0), OutOfRange);
  CHECK_THROWS_AS(d.stage_index(11), OutOfRange);
  CHECK(d.area_index("trust_and_hope") == 9);
  CHECK_THROWS_AS(d.area_index("wrk"), NotFound);
  // Round trip through JSON.
  const StarDefinition back = StarDefinition::from_json(d.to_json());
  CHECK(back == d);
  // No ladder text: the definition JSON has only ids, names, scale and stages.
  const json j = json::parse(d.to_json());
  CHECK(j.size() == 6);
  CHECK(j["areas"][0].size() == 2);
}

TEST_CASE("a 5-point star from JSON alone", "[star]") {
  const StarDefinition d = StarDefinition::from_json(kFivePoint);
  CHECK(d.area_count() == 4);
  CHECK(d.stages()[d.stage_index(5)].name == "Thriving");
  CHECK(d.stages()[d.stage_index(3)].name == "Growing");
  const StarReadings r = StarReadings::from_json(d, R"({"star": "wellbeing-5", "readings": [
    {"person_id": "P0001", "date": "2025-01-01", "completed_by": "jointly",
     "scores": {"home": 1, "money": 2, "health": 5, "friends": 3}},
    {"person_id": "P0001", "date": "2025-03-01", "completed_by": "jointly",
     "scores": {"home": 4, "money": 2, "health": 4, "friends": null}}]})");
  const StarJourney j(r, "P0001");
  const StarDistance dist = j.distance_travelled();
  CHECK(dist.areas_compared == 3);
  CHECK(dist.total_baseline == 1 + 2 + 5);
  CHECK(dist.total_latest == 4 + 2 + 4);
  CHECK(dist.total_change == 2);
  CHECK_FALSE(dist.areas[3].change().has_value());
  // 6 on a 5-point scale is out of range.
  CHECK(field_of([&] {
          StarReadings::from_json(d, R"([{"person_id": "P1", "date": "2025-01-01",
            "completed_by": "worker", "scores": {"home": 6}}])");
        }) == "readings[0].scores.home");
}

TEST_CASE("definition validation names the field", "[star][errors]") {
  const std::string base = kFivePoint;
  // Overlapping bands.
  CHECK(field_of([&] {
          StarDefinition::from_json(with(base, R"("min": 3, "max": 4)", R"("min": 2, "max": 4)"));
        }) == "stages[1].min");
  // A gap between bands.
  CHECK(field_of([&] {
          StarDefinition::from_json(with(base, R"("min": 3, "max": 4)", R"("min": 4, "max": 4)"));
        }) == "stages[1].min");
  // Bands stop short of the scale's top.
  CHECK(field_of([&] {
          StarDefinition::from_json(with(base, R"("min": 5, "max": 5)", R"("min": 5, "max": 5},
            {"name": "Extra", "min": 6, "max": 6)"));
        }) == "stages[3]");
  CHECK(field_of([&] {
          StarDefinition::from_json(
              with(base, R"("scale": {"min": 1, "max": 5})", R"("scale": {"min": 1, "max": 6})"));
        }) == "stages");
  // Duplicate area ids, bad ids, duplicate stage names.
  CHECK(field_of([&] {
          StarDefinition::from_json(with(base, R"("id": "money")", R"("id": "home")"));
        }) == "areas[1].id");
  CHECK(field_of([&] {
          StarDefinition::from_json(with(base, R"("id": "money")", R"("id": "mo ney")"));
        }) == "areas[1].id");
  CHECK(field_of([&] {
          StarDefinition::from_json(with(base, R"("name": "Growing")", R"("name": "Starting")"));
        }) == "stages[1].name");
  // Scale.
  CHECK(field_of([&] {
          StarDefinition::from_json(with(base, R"("min": 1, "max": 5})", R"("min": 5, "max": 5})"));
        }) == "scale");
  CHECK(field_of([&] {
          StarDefinition::from_json(
              with(base, R"("min": 1, "max": 5})", R"("min": 1, "max": 500})"));
        }) == "scale.max");
  CHECK(field_of([&] {
          StarDefinition::from_json(
              with(base, R"("min": 1, "max": 5})", R"("min": 1.5, "max": 5})"));
        }) == "scale.min");
  // Missing and mistyped fields.
  CHECK(field_of([&] { StarDefinition::from_json(with(base, R"("id": "wellbeing-5", )", "")); }) ==
        "id");
  CHECK(field_of([&] {
          StarDefinition::from_json(with(base, R"("name": "Home")", R"("name": 7)"));
        }) == "areas[0].name");
  CHECK(field_of([&] {
          StarDefinition::from_json(
              with(base, R"("areas": [)", R"("areas": [{"id": "x", "name": "X"}, )"));
        }) == "<no error>");  // 5 areas: fine
  CHECK_THROWS_AS(
      StarDefinition::create("x", "1", "X", {{"a", "A"}, {"b", "B"}}, 1, 5, {{"All", 1, 5}}),
      InvalidArgument);  // fewer than 3 areas
  // Malformed, truncated, empty, wrong type, missing file.
  CHECK_THROWS_AS(StarDefinition::from_json("{\"id\": "), ParseError);
  CHECK_THROWS_AS(StarDefinition::from_json(base.substr(0, base.size() / 2)), ParseError);
  CHECK_THROWS_AS(StarDefinition::from_json("[1, 2]"), InvalidArgument);
  CHECK_THROWS_AS(StarDefinition::from_json(""), Error);
  CHECK_THROWS_AS(StarDefinition::from_json("/no/such/star.json"),
                  ParseError);  // text, never a path
  CHECK_THROWS_AS(StarDefinition::from_file("/no/such/star.json"), IoError);
}

TEST_CASE("a definition loads from a file", "[star]") {
  const std::string path = std::string(HOMEWARD_TEST_DATA_DIR) + "/star_five_point.json";
  const StarDefinition d = StarDefinition::from_file(path);
  CHECK(d.id() == "wellbeing-5");
  CHECK(d.area_count() == 4);
}

TEST_CASE("readings are sorted by person and date and validated", "[star]") {
  const StarReadings r = StarReadings::from_readings(rs(), cohort_readings());
  CHECK(r.size() == 12);
  CHECK(r.person_count() == 6);
  CHECK(r.people() == std::vector<std::string>{"A", "B", "C", "D", "E", "F"});
  CHECK(r.person_begin(0) == 0);
  CHECK(r.person_begin(1) == 2);
  CHECK(format_date(r.date(0)) == "2025-01-10");
  CHECK(format_date(r.date(1)) == "2025-05-10");
  CHECK(r.score(1, 4) == 6);
  CHECK_FALSE(r.score(10, 4).has_value());  // F's first reading has no work score
  CHECK(r.retrospective(11));
  CHECK(r.completed_by(8) == Completion::worker);
  // JSON round trip.
  const StarReadings back = StarReadings::from_json(rs(), r.to_json());
  CHECK(back.to_json() == r.to_json());
  CHECK_THROWS_AS(StarReadings(r).score(12, 0), OutOfRange);
}

TEST_CASE("bad readings name the reading and field", "[star][errors]") {
  auto base = cohort_readings();
  SECTION("out of range") {
    base[3].scores[4].second = 11;
    CHECK(field_of([&] { StarReadings::from_readings(rs(), base); }) == "readings[3].scores.work");
    CHECK_THROWS_AS(StarReadings::from_readings(rs(), base), OutOfRange);
  }
  SECTION("unknown area") {
    base[2].scores.emplace_back("wrk", 3);
    CHECK(field_of([&] { StarReadings::from_readings(rs(), base); }) == "readings[2].scores.wrk");
    CHECK_THROWS_AS(StarReadings::from_readings(rs(), base), NotFound);
  }
  SECTION("two readings for one person on one date") {
    base.push_back(reading("C", "2025-02-01", 3));
    CHECK(field_of([&] { StarReadings::from_readings(rs(), base); }) == "readings[12].date");
  }
  SECTION("empty person id") {
    base[5].person_id = "";
    CHECK(field_of([&] { StarReadings::from_readings(rs(), base); }) == "readings[5].person_id");
  }
  SECTION("area scored twice") {
    base[0].scores.emplace_back("work", 3);
    CHECK(field_of([&] { StarReadings::from_readings(rs(), base); }) == "readings[0].scores.work");
  }
}

TEST_CASE("bad JSON readings", "[star][errors]") {
  auto one = [](const std::string& body) {
    return field_of([&] { StarReadings::from_json(rs(), "[" + body + "]"); });
  };
  const std::string ok =
      R"({"person_id": "P0001", "date": "2025-01-01", "completed_by": "jointly", "scores": {"work": 3}})";
  CHECK(one(ok) == "<no error>");
  CHECK(one(with(ok, "\"work\": 3", "\"work\": 3.5")) == "readings[0].scores.work");
  CHECK(one(with(ok, "\"work\": 3", "\"work\": 0")) == "readings[0].scores.work");
  CHECK(one(with(ok, "\"work\": 3", "\"work\": \"3\"")) == "readings[0].scores.work");
  CHECK(one(with(ok, "\"work\": 3", "\"job\": 3")) == "readings[0].scores.job");
  CHECK(one(with(ok, "2025-01-01", "2025-02-30")) == "readings[0].date");
  CHECK(one(with(ok, "\"jointly\"", "\"together\"")) == "readings[0].completed_by");
  CHECK(one(with(ok, "\"person_id\": \"P0001\", ", "")) == "readings[0].person_id");
  CHECK(one(with(ok, "\"scores\"", "\"retrospective\": 1, \"scores\"")) ==
        "readings[0].retrospective");
  CHECK(one(with(ok, "{\"work\": 3}", "[3]")) == "readings[0].scores");
  CHECK(one("7") == "readings[0]");
  CHECK(one(with(ok, "\"scores\"", "\"retrospectve\": true, \"scores\"")) ==
        "readings[0].retrospectve");
  CHECK(field_of([&] {
          StarReadings::from_json(rs(), R"({"format": "homeward.caseload", "readings": []})");
        }) == "format");
  CHECK(field_of([&] { StarReadings::from_json(rs(), R"({"version": 2, "readings": []})"); }) ==
        "version");
  CHECK(field_of([&] { StarReadings::from_json(rs(), R"({"reading": []})"); }) == "reading");
  CHECK(field_of([&] {
          StarReadings::from_json(rs(), R"({"star": "other-star", "readings": []})");
        }) == "star");
  CHECK_THROWS_AS(StarReadings::from_json(rs(), "[" + ok), ParseError);
  CHECK_THROWS_AS(StarReadings::from_json(rs(), "{\"readings\": 3}"), InvalidArgument);
  // Empty input is fine and gives an empty set.
  CHECK(StarReadings::from_json(rs(), "[]").size() == 0);
}

TEST_CASE("column-wise readings", "[star]") {
  const std::vector<std::string_view> ids = {"P2", "P1", "P2"};
  const std::vector<std::int64_t> days = {to_days(parse_date("2025-03-01")),
                                          to_days(parse_date("2025-01-01")),
                                          to_days(parse_date("2025-01-01"))};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::vector<double>> cols(10, std::vector<double>{4, 5, 6});
  cols[4] = {8, nan, 2};
  const std::vector<std::uint8_t> cb = {0, 1, 2};
  const std::vector<std::uint8_t> retro = {0, 0, 1};
  StarColumns c;
  c.count = 3;
  c.person_ids = ids.data();
  c.dates = days.data();
  for (auto& col : cols) c.area_scores.push_back(col.data());
  c.completed_by = cb.data();
  c.retrospective = retro.data();
  const StarReadings r = StarReadings::from_columns(rs(), c);
  REQUIRE(r.size() == 3);
  CHECK(r.people() == std::vector<std::string>{"P2", "P1"});
  // P2's readings sorted by date: 2025-01-01 (row 2) then 2025-03-01 (row 0).
  CHECK(r.score(0, 4) == 2);
  CHECK(r.score(1, 4) == 8);
  CHECK(r.completed_by(0) == Completion::service_user);
  CHECK(r.retrospective(0));
  CHECK_FALSE(r.score(2, 4).has_value());

  SECTION("NaN is an error when not marking missing") {
    c.nan_is_missing = false;
    CHECK(field_of([&] { StarReadings::from_columns(rs(), c); }) == "readings[1].scores.work");
  }
  SECTION("fractional") {
    cols[2][2] = 4.5;
    CHECK(field_of([&] { StarReadings::from_columns(rs(), c); }) ==
          "readings[2].scores.living_skills");
  }
  SECTION("infinite and out of range") {
    cols[0][0] = std::numeric_limits<double>::infinity();
    CHECK(field_of([&] { StarReadings::from_columns(rs(), c); }) ==
          "readings[0].scores.managing_mental_health");
    cols[0][0] = -3;
    CHECK_THROWS_AS(StarReadings::from_columns(rs(), c), OutOfRange);
  }
  SECTION("NaT and out-of-range dates") {
    std::vector<std::int64_t> bad = days;
    bad[1] = kNaT;
    c.dates = bad.data();
    CHECK(field_of([&] { StarReadings::from_columns(rs(), c); }) == "readings[1].date");
    bad[1] = 5000000;
    CHECK_THROWS_AS(StarReadings::from_columns(rs(), c), OutOfRange);
  }
  SECTION("same person, same date") {
    std::vector<std::int64_t> bad = days;
    bad[2] = bad[0];
    c.dates = bad.data();
    CHECK(field_of([&] { StarReadings::from_columns(rs(), c); }) == "readings[2].date");
  }
  SECTION("bad codes and shapes") {
    std::vector<std::uint8_t> bad = {0, 3, 0};
    c.completed_by = bad.data();
    CHECK(field_of([&] { StarReadings::from_columns(rs(), c); }) == "readings[1].completed_by");
    c.completed_by = cb.data();
    c.area_scores.pop_back();
    CHECK(field_of([&] { StarReadings::from_columns(rs(), c); }) == "scores");
  }
  SECTION("empty") {
    StarColumns e;
    e.area_scores.assign(10, nullptr);
    CHECK(StarReadings::from_columns(rs(), e).size() == 0);
  }
}

namespace {

// Shuffled column input against an order computed here: stable by person
// (first appearance) then date, with every column carried along. Covers the
// counting sort, the per-person date sort (people with many readings too) and
// the fixed-size (10 areas) and general (4 areas) row copies.
void check_shuffled_columns(const StarDefinition& def) {
  const std::size_t A = def.area_count();
  const std::size_t n = 3000;
  std::uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::size_t>(state >> 33);
  };
  std::vector<std::string> names;
  for (int p = 0; p < 150; ++p) {
    names.push_back(p % 7 == 0 ? "person-with-a-long-id-" + std::to_string(p)
                               : "P" + std::to_string(p));
  }
  std::vector<std::string_view> ids(n);
  std::vector<std::int64_t> days(n);
  std::vector<std::uint8_t> cb(n), retro(n);
  std::vector<std::vector<double>> cols(A, std::vector<double>(n));
  std::vector<std::size_t> person(n);
  std::vector<std::vector<std::int64_t>> used(names.size());
  for (std::size_t i = 0; i < n; ++i) {
    // Person 3 has a third of all readings (a large group to sort).
    const std::size_t p = i % 3 == 0 ? 3 : next() % names.size();
    std::int64_t d = 0;
    do {
      d = 20000 + static_cast<std::int64_t>(next() % 4000);
    } while (std::find(used[p].begin(), used[p].end(), d) != used[p].end());
    used[p].push_back(d);
    person[i] = p;
    ids[i] = names[p];
    days[i] = d;
    cb[i] = static_cast<std::uint8_t>(next() % 3);
    retro[i] = static_cast<std::uint8_t>(next() % 5 == 0);
    for (std::size_t a = 0; a < A; ++a) {
      const std::size_t v = next() % 12;
      cols[a][i] =
          v == 11
              ? std::numeric_limits<double>::quiet_NaN()
              : static_cast<double>(def.scale_min() +
                                    static_cast<int>(v) % (def.scale_max() - def.scale_min() + 1));
    }
  }
  StarColumns c;
  c.count = n;
  c.person_ids = ids.data();
  c.dates = days.data();
  for (auto& col : cols) c.area_scores.push_back(col.data());
  c.completed_by = cb.data();
  c.retrospective = retro.data();
  const StarReadings r = StarReadings::from_columns(def, c);
  // The expected order.
  std::vector<std::size_t> first_seen(names.size(), n);
  for (std::size_t i = 0; i < n; ++i) first_seen[person[i]] = std::min(first_seen[person[i]], i);
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    if (first_seen[person[x]] != first_seen[person[y]]) {
      return first_seen[person[x]] < first_seen[person[y]];
    }
    return days[x] < days[y];
  });
  REQUIRE(r.size() == n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order[k];
    REQUIRE(r.people()[r.person_of(k)] == names[person[i]]);
    REQUIRE(r.day(k) == days[i]);
    REQUIRE(static_cast<std::uint8_t>(r.completed_by(k)) == cb[i]);
    REQUIRE(r.retrospective(k) == (retro[i] != 0));
    for (std::size_t a = 0; a < A; ++a) {
      const std::optional<int> v = r.score(k, a);
      if (std::isnan(cols[a][i])) {
        REQUIRE_FALSE(v.has_value());
      } else {
        REQUIRE(v == static_cast<int>(cols[a][i]));
      }
    }
  }
  for (std::size_t p = 0; p < r.person_count(); ++p) {
    const auto q = static_cast<std::size_t>(std::find(names.begin(), names.end(), r.people()[p]) -
                                            names.begin());
    REQUIRE(q < names.size());
    CHECK(r.person_begin(p + 1) - r.person_begin(p) == used[q].size());
  }
  // A duplicate date in the large group names the later input row.
  std::vector<std::int64_t> dup = days;
  dup[2999 - 2999 % 3] = days[0];  // both rows are person 3
  c.dates = dup.data();
  CHECK(field_of([&] { StarReadings::from_columns(def, c); }) ==
        "readings[" + std::to_string(2999 - 2999 % 3) + "].date");
}

}  // namespace

TEST_CASE("shuffled column-wise readings are sorted like a stable sort", "[star]") {
  check_shuffled_columns(rs());
  check_shuffled_columns(StarDefinition::from_json(kFivePoint));
}

TEST_CASE("column scores: the first bad area, then the first bad row, is named", "[star][errors]") {
  const std::size_t n = 50;
  std::vector<std::string_view> ids(n, "P1");
  std::vector<std::int64_t> days(n);
  for (std::size_t i = 0; i < n; ++i) days[i] = 20000 + static_cast<std::int64_t>(i);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::vector<double>> cols(10, std::vector<double>(n, 5.0));
  const std::vector<std::uint8_t> cb(n, 0);
  StarColumns c;
  c.count = n;
  c.person_ids = ids.data();
  c.dates = days.data();
  for (auto& col : cols) c.area_scores.push_back(col.data());
  c.completed_by = cb.data();
  cols[2][7] = nan;   // missing: fine
  cols[2][30] = 2.5;  // the error
  cols[2][40] = 11;   // later in the same area
  cols[6][1] = -1;    // a later area
  CHECK(field_of([&] { StarReadings::from_columns(rs(), c); }) ==
        "readings[30].scores.living_skills");
  cols[2][30] = 5;
  CHECK_THROWS_AS(StarReadings::from_columns(rs(), c), OutOfRange);
  CHECK(field_of([&] { StarReadings::from_columns(rs(), c); }) ==
        "readings[40].scores.living_skills");
  c.nan_is_missing = false;
  CHECK(field_of([&] { StarReadings::from_columns(rs(), c); }) ==
        "readings[7].scores.living_skills");
  c.nan_is_missing = true;
  cols[2][40] = 10;
  CHECK(field_of([&] { StarReadings::from_columns(rs(), c); }) ==
        "readings[1].scores.addictive_behaviour");
  cols[6][1] = std::numeric_limits<double>::infinity();
  CHECK(field_of([&] { StarReadings::from_columns(rs(), c); }) ==
        "readings[1].scores.addictive_behaviour");
  cols[6][1] = 1e300;  // far outside int: an error, not undefined behaviour
  CHECK(field_of([&] { StarReadings::from_columns(rs(), c); }) ==
        "readings[1].scores.addictive_behaviour");
  cols[6][1] = 1;
  const StarReadings r = StarReadings::from_columns(rs(), c);
  CHECK_FALSE(r.score(7, 2).has_value());
  CHECK(r.score(40, 2) == 10);
  CHECK(r.score(1, 6) == 1);
}

TEST_CASE("journeys: stages, change, distance travelled", "[star]") {
  const StarReadings r = StarReadings::from_readings(rs(), cohort_readings());
  const StarJourney d(r, "D");
  REQUIRE(d.size() == 3);
  CHECK(format_date(d.date(0)) == "2025-01-05");
  CHECK(d.stage(0, 4) == std::size_t{1});  // 3: Accepting help
  CHECK(d.stage(2, 4) == std::size_t{3});  // 8: Learning
  const auto ch = d.change(1, 2);
  CHECK(ch[4].from == 4);
  CHECK(ch[4].to == 8);
  CHECK(ch[4].change() == 4);
  CHECK(ch[0].change() == 0);
  CHECK_THROWS_AS(d.change(0, 3), OutOfRange);
  const StarDistance dist = d.distance_travelled();
  CHECK(dist.areas[4].from == 3);
  CHECK(dist.areas[4].to == 8);
  CHECK(dist.areas_compared == 10);
  CHECK(dist.total_baseline == 9 * 5 + 3);
  CHECK(dist.total_latest == 9 * 5 + 8);
  CHECK(dist.total_change == 5);

  // Lower of the first two readings.
  const StarJourney b(r, "B");  // work 5 -> 4
  CHECK(b.distance_travelled(StarBaseline::lower_of_first_two).areas[4].from == 4);
  CHECK(b.distance_travelled(StarBaseline::lower_of_first_two).areas[4].change() == 0);
  const StarJourney f(r, "F");  // work missing -> 5: the lower of the two present
  CHECK_FALSE(f.distance_travelled().areas[4].from.has_value());
  CHECK(f.distance_travelled().areas_compared == 9);
  CHECK(f.distance_travelled(StarBaseline::lower_of_first_two).areas[4].from == 5);
  // One reading: baseline and latest are the same reading.
  const StarJourney e(r, "E");
  CHECK(e.distance_travelled().total_change == 0);

  CHECK_THROWS_AS(StarJourney(r, "Z"), NotFound);
  CHECK_THROWS_AS(StarJourney(rs(), std::vector<StarReading>{}), InvalidArgument);
  auto mixed = cohort_readings();
  mixed.resize(2);
  CHECK(field_of([&] { StarJourney(rs(), mixed); }) == "readings[1].person_id");
}

TEST_CASE("reliable change", "[star]") {
  // S_diff = sqrt(2) * 2 * sqrt(1 - 0.8) = 1.2649110640673518.
  const double sdiff = 1.2649110640673518;
  CHECK(reliable_change_sdiff(2.0, 0.8) == Approx(sdiff).epsilon(1e-12));
  const StarReadings r = StarReadings::from_readings(rs(), cohort_readings());
  const auto a = StarJourney(r, "A").reliable_change({2.0}, 0.8);  // work 2 -> 6
  CHECK(*a[4].rci == Approx(4.0 / sdiff));
  CHECK(a[4].classification == ChangeClass::reliable_improvement);
  CHECK(a[0].classification == ChangeClass::no_reliable_change);
  const auto b = StarJourney(r, "B").reliable_change({2.0}, 0.8);  // 5 -> 4
  CHECK(*b[4].rci == Approx(-1.0 / sdiff));
  CHECK(b[4].classification == ChangeClass::no_reliable_change);
  // A per-area SD: small SD for work makes B's drop reliable.
  std::vector<double> sds(10, 2.0);
  sds[4] = 0.3;  // S_diff = sqrt(2) * 0.3 * sqrt(0.2) = 0.18973665961010275
  const auto b2 = StarJourney(r, "B").reliable_change(sds, 0.8);
  CHECK(*b2[4].rci == Approx(-1.0 / 0.18973665961010275));
  CHECK(b2[4].classification == ChangeClass::reliable_deterioration);
  const auto f = StarJourney(r, "F").reliable_change({2.0}, 0.8);
  CHECK_FALSE(f[4].rci.has_value());
  CHECK_FALSE(f[4].classification.has_value());

  CHECK(field_of([&] { StarJourney(r, "A").reliable_change({0.0}, 0.8); }) == "sd");
  CHECK(field_of([&] { StarJourney(r, "A").reliable_change({2.0}, 1.0); }) == "reliability");
  CHECK(field_of([&] { StarJourney(r, "A").reliable_change({2.0}, 0.0); }) == "reliability");
  CHECK(field_of([&] { StarJourney(r, "A").reliable_change({2.0}, std::nan("")); }) ==
        "reliability");
  sds[3] = -1;
  CHECK(field_of([&] { StarJourney(r, "A").reliable_change(sds, 0.8); }) == "sd.social_networks");
  CHECK(field_of([&] { StarJourney(r, "A").reliable_change({1.0, 2.0}, 0.8); }) == "sd");

  // Arrays with broadcasting.
  const double x1[] = {2, 5, 3};
  const double x2[] = {6, 4, 3};
  const double sd[] = {2.0};
  const double rel[] = {0.8};
  double out[3];
  std::int8_t cls[3];
  reliable_change(x1, 3, x2, 3, sd, 1, rel, 1, 1.96, 3, out, cls);
  CHECK(out[0] == Approx(4.0 / sdiff));
  CHECK(out[1] == Approx(-1.0 / sdiff));
  CHECK(out[2] == 0.0);
  CHECK(cls[0] == 1);
  CHECK(cls[1] == 0);
  const double bad_x2[] = {6, std::nan(""), 3};
  out[0] = -99;
  CHECK(field_of([&] { reliable_change(x1, 3, bad_x2, 3, sd, 1, rel, 1, 1.96, 3, out, cls); }) ==
        "x2[1]");
  CHECK(out[0] == -99);  // nothing written
  CHECK(field_of([&] { reliable_change(x1, 3, x2, 2, sd, 1, rel, 1, 1.96, 3, out, cls); }) == "x2");
  const double bad_rel[] = {0.8, 0.8, 1.2};
  CHECK(field_of([&] { reliable_change(x1, 3, x2, 3, sd, 1, bad_rel, 3, 1.96, 3, out, cls); }) ==
        "reliability[2]");
}

TEST_CASE("journey JSON", "[star]") {
  const StarReadings r = StarReadings::from_readings(rs(), cohort_readings());
  const StarJourney d(r, "D");
  const json j = json::parse(d.to_json(R"({"sd": 2, "reliability": 0.8})"));
  CHECK(j["person_id"] == "D");
  CHECK(j["caution"].get<std::string>().find("inter-rater") != std::string::npos);
  CHECK(j["readings"].size() == 3);
  CHECK(j["readings"][2]["stages"]["work"] == "Learning");
  CHECK(j["readings"][2]["completed_by"] == "worker");
  CHECK(j["distance_travelled"]["areas"]["work"]["change"] == 5);
  CHECK(j["reliable_change"]["areas"]["work"]["classification"] == "reliable_improvement");
  CHECK(j["reliable_change"]["areas"]["work"]["rci"].get<double>() ==
        Approx(5.0 / 1.2649110640673518));
  CHECK(json::parse(d.to_json())["reliable_change"].is_null());
  CHECK(field_of([&] { d.to_json(R"({"sd": 2})"); }) == "options.reliability");
  CHECK(field_of([&] { d.to_json(R"({"sd": {"work": 2}, "reliability": 0.8})"); }) ==
        "options.sd.managing_mental_health");
  CHECK(field_of([&] { d.to_json(R"({"sd": 2, "reliability": 1.5})"); }) == "options.reliability");
  CHECK(field_of([&] { d.to_json(R"({"baseline": "last"})"); }) == "options.baseline");
  CHECK(field_of([&] { d.to_json(R"({"sdd": 2})"); }) == "options.sdd");
  CHECK_THROWS_AS(d.to_json("{"), ParseError);
}

TEST_CASE("cohort summary", "[star]") {
  const StarReadings r = StarReadings::from_readings(rs(), cohort_readings());
  const StarCohort c = star_cohort(r);
  CHECK(c.readings == 12);
  CHECK(c.people == 6);
  CHECK(c.people_compared == 5);
  CHECK(format_date(*c.first_date) == "2025-01-05");
  CHECK(format_date(*c.last_date) == "2025-07-01");
  const StarCohortArea& w = c.areas[4];
  // A 2->6, B 5->4, C 7->7, D 3->8 (F has no first work score; E one reading).
  CHECK(w.n == 4);
  CHECK(w.mean_first == Approx((2 + 5 + 7 + 3) / 4.0));
  CHECK(w.mean_latest == Approx((6 + 4 + 7 + 8) / 4.0));
  CHECK(w.mean_change == Approx(2.0));
  CHECK(w.sd_change == Approx(sample_sd({4, -1, 0, 5})));
  CHECK(w.sd_first == Approx(sample_sd({2, 5, 7, 3})));
  CHECK(w.srm == Approx(2.0 / std::sqrt(26.0 / 3.0)));
  CHECK(w.glass_delta == Approx(2.0 / std::sqrt(14.75 / 3.0)));
  CHECK(w.improved == 2);
  CHECK(w.unchanged == 1);
  CHECK(w.declined == 1);
  // Stages: Stuck 0, Accepting help 1, Believing 2, Learning 3, Self-reliance 4.
  std::vector<std::size_t> t(25, 0);
  t[0 * 5 + 2] = 1;  // A: 2 -> 6
  t[2 * 5 + 1] = 1;  // B: 5 -> 4
  t[3 * 5 + 3] = 1;  // C: 7 -> 7
  t[1 * 5 + 3] = 1;  // D: 3 -> 8
  CHECK(w.transitions == t);
  // First readings with a work score: A 2, B 5, C 7, D 3, E 9.
  CHECK(w.first_n == 5);
  CHECK(w.first_stages == std::vector<std::size_t>{1, 1, 1, 1, 1});
  // Every other area is 5 throughout: no change, SRM and Glass undefined.
  const StarCohortArea& m = c.areas[0];
  CHECK(m.n == 5);
  CHECK(m.mean_change == 0.0);
  CHECK(m.unchanged == 5);
  CHECK(std::isnan(m.srm));
  CHECK(std::isnan(m.glass_delta));
  CHECK(m.first_stages == std::vector<std::size_t>{0, 0, 6, 0, 0});

  const json j = json::parse(c.to_json());
  CHECK(j["areas"][4]["id"] == "work");
  CHECK(j["areas"][4]["share_improved"].get<double>() == Approx(0.5));
  CHECK(j["areas"][0]["srm"].is_null());
  CHECK(j["areas"][4]["transitions"][0][2] == 1);
  CHECK(j["stages"][4] == "Self-reliance");
  CHECK(j["options"]["baseline"] == "first");
}

TEST_CASE("cohort filters and baselines", "[star]") {
  const StarReadings r = StarReadings::from_readings(rs(), cohort_readings());
  SECTION("jointly agreed readings only, in one call") {
    StarCohortOptions o;
    o.filter.completed_by = {Completion::jointly};
    const StarCohort c = star_cohort(r, o);
    CHECK(c.readings == 11);
    // D's latest joint reading is 4: changes 4, -1, 0, 1.
    CHECK(c.areas[4].mean_change == Approx(1.0));
    CHECK(c.areas[4].mean_latest == Approx((6 + 4 + 7 + 4) / 4.0));
    const StarCohort c2 =
        star_cohort(r, star_cohort_options_from_json(R"({"completed_by": ["jointly"]})"));
    CHECK(c2.areas[4].mean_change == Approx(1.0));
  }
  SECTION("date range") {
    StarCohortOptions o =
        star_cohort_options_from_json(R"({"start": "2025-02-01", "end": "2025-06-30"})");
    const StarCohort c = star_cohort(r, o);
    // Kept: A 05-10; B 06-12; C 02-01; D 03-05, 06-05; E 02-20; F 04-15.
    CHECK(c.readings == 7);
    CHECK(c.people == 6);
    CHECK(c.people_compared == 1);  // only D
    CHECK(c.areas[4].n == 1);
    CHECK(c.areas[4].mean_change == Approx(4.0));
    CHECK(std::isnan(c.areas[4].sd_change));
  }
  SECTION("retrospective readings excluded") {
    StarCohortOptions o;
    o.filter.include_retrospective = false;
    CHECK(star_cohort(r, o).people_compared == 4);
  }
  SECTION("lower of the first two") {
    StarCohortOptions o;
    o.baseline = StarBaseline::lower_of_first_two;
    const StarCohort c = star_cohort(r, o);
    // A min(2,6)=2 ->6; B min(5,4)=4 ->4; C 7->7; D min(3,4)=3 ->8; F min(-,5)=5 -> 5.
    CHECK(c.areas[4].n == 5);
    CHECK(c.areas[4].mean_first == Approx((2 + 4 + 7 + 3 + 5) / 5.0));
    CHECK(c.areas[4].mean_change == Approx((4 + 0 + 0 + 5 + 0) / 5.0));
  }
  SECTION("option errors") {
    CHECK(field_of([&] { star_cohort_options_from_json(R"({"start": "2025-13-01"})"); }) ==
          "options.start");
    CHECK(field_of([&] {
            star_cohort_options_from_json(R"({"start": "2025-05-01", "end": "2025-01-01"})");
          }) == "options.end");
    CHECK(field_of([&] { star_cohort_options_from_json(R"({"completed_by": ["everyone"]})"); }) ==
          "options.completed_by[0]");
    CHECK(field_of([&] { star_cohort_options_from_json(R"({"completed_by": []})"); }) ==
          "options.completed_by");
    CHECK(field_of([&] { star_cohort_options_from_json(R"({"baseline": 2})"); }) ==
          "options.baseline");
    CHECK(field_of([&] { star_cohort_options_from_json(R"({"from": "2025-01-01"})"); }) ==
          "options.from");
    CHECK_THROWS_AS(star_cohort_options_from_json("[1]"), InvalidArgument);
    CHECK_THROWS_AS(star_cohort_options_from_json("{\"start\""), ParseError);
    CHECK_NOTHROW(star_cohort_options_from_json(""));
  }
  SECTION("filtered() keeps the same readings") {
    StarFilter f;
    f.completed_by = {Completion::worker};
    const StarReadings w = r.filtered(f);
    CHECK(w.size() == 1);
    CHECK(w.people() == std::vector<std::string>{"D"});
  }
  SECTION("empty cohort") {
    const StarCohort c = star_cohort(StarReadings::from_json(rs(), "[]"));
    CHECK(c.people == 0);
    CHECK(std::isnan(c.areas[0].mean_first));
    CHECK(json::parse(c.to_json())["areas"][0]["mean_first"].is_null());
    CHECK(c.svg().find("</svg>") != std::string::npos);
  }
}

TEST_CASE("star charts", "[star][svg]") {
  const StarReadings r = StarReadings::from_readings(rs(), cohort_readings());
  const std::string svg = StarJourney(r, "D").svg();
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg.find("</svg>") != std::string::npos);
  CHECK(svg.find("<title id=") != std::string::npos);
  CHECK(svg.find("<desc id=") != std::string::npos);
  CHECK(svg.find("role=\"img\"") != std::string::npos);
  CHECK(svg.find("Recovery Star: D") != std::string::npos);
  for (const char* banned : {"<script", "href", "url(", "@import", "<image", "<foreignObject",
                             "@font-face", "http://www.w3.org/1999/xlink"}) {
    CHECK(svg.find(banned) == std::string::npos);
  }
  // Three readings: first, the one before latest, latest.
  CHECK(svg.find("2025-01-05 (first)") != std::string::npos);
  CHECK(svg.find("2025-03-05, joint") != std::string::npos);
  CHECK(svg.find("2025-06-05 (latest), worker") != std::string::npos);
  // Every area is labelled, the scale's rings drawn (10 rings + 5 stage bands).
  for (const auto& a : rs().areas()) {
    const auto first_word = a.name.substr(0, a.name.find(' '));
    CHECK(svg.find(first_word) != std::string::npos);
  }
  std::size_t polygons = 0;
  for (auto p = svg.find("<polygon"); p != std::string::npos; p = svg.find("<polygon", p + 1)) {
    ++polygons;
  }
  CHECK(polygons >= 15 + 3);
  // Missing scores are said in words.
  const std::string f = StarJourney(r, "F").svg();
  CHECK(f.find("not scored: Work") != std::string::npos);
  // Escaping.
  const std::string esc = StarJourney(r, "A").svg({}, "Tom & Jerry <3");
  CHECK(esc.find("Tom &amp; Jerry &lt;3") != std::string::npos);
  CHECK(esc.find("Tom & Jerry") == std::string::npos);
  // Bad input.
  CHECK(field_of([&] { StarJourney(r, "D").svg({0, 1, 2, 0}); }) == "readings");
  CHECK(field_of([&] { StarJourney(r, "D").svg({0, 7}); }) == "readings[1]");
  StarChartSeries s{"x", std::vector<std::optional<double>>(10, 5.0)};
  s.scores[2] = 10.5;
  CHECK(field_of([&] { star_chart_svg(rs(), {s}); }) == "series[0].scores.living_skills");
  s.scores[2] = std::nan("");
  CHECK(field_of([&] { star_chart_svg(rs(), {s}); }) == "series[0].scores.living_skills");
  s.scores.pop_back();
  CHECK(field_of([&] { star_chart_svg(rs(), {s}); }) == "series[0].scores");
  CHECK(field_of([&] { star_chart_svg(rs(), {}); }) == "series");
  StarChartOptions big;
  big.size = 5000;
  const StarChartSeries fives{"x", std::vector<std::optional<double>>(10, 5.0)};
  CHECK(field_of([&] { star_chart_svg(rs(), {fives}, big); }) == "size");
  // Cohort chart: mean first and latest.
  const std::string c = star_cohort(r).svg();
  CHECK(c.find("Mean first reading") != std::string::npos);
  CHECK(c.find("Mean latest reading") != std::string::npos);
  CHECK(c.find("cohort of 5 people") != std::string::npos);
  // From JSON.
  const std::string j = star_chart_svg_from_json(
      rs(),
      R"({"title": "Mine", "series": [{"label": "now", "scores": {"work": 4, "living_skills": null}}]})");
  CHECK(j.find("Mine") != std::string::npos);
  CHECK(field_of([&] {
          star_chart_svg_from_json(rs(), R"({"series": [{"scores": {"wrok": 4}}]})");
        }) == "series[0].scores.wrok");
  CHECK(field_of([&] { star_chart_svg_from_json(rs(), R"({"colour": "red"})"); }) == "colour");
  CHECK_THROWS_AS(star_chart_svg_from_json(rs(), R"({"series": [)"), ParseError);
}

TEST_CASE("service data names: areas by display name, completed-by by display form", "[star]") {
  const StarDefinition& def = rs();
  const std::size_t mmh = def.area_index("managing_mental_health");
  CHECK(def.find_area("managing_mental_health") == mmh);
  CHECK(def.find_area("Managing mental health") == mmh);
  CHECK(def.find_area("  MANAGING-MENTAL  health ") == mmh);
  CHECK(def.find_area(def.areas()[mmh].name) == mmh);
  CHECK_FALSE(def.find_area("managing mental").has_value());
  CHECK_FALSE(def.find_area("").has_value());
  CHECK_FALSE(def.find_area("person_id").has_value());

  CHECK(completion_from_name("Jointly") == Completion::jointly);
  CHECK(completion_from_name("Worker only") == Completion::worker);
  CHECK(completion_from_name("SERVICE USER ONLY") == Completion::service_user);
  CHECK(completion_from_name("service_user") == Completion::service_user);
  CHECK_FALSE(completion_from_name("nobody").has_value());
  CHECK_FALSE(completion_from_name("").has_value());
  // Homeward's own JSON keeps the strict names.
  CHECK_THROWS_AS(parse_completion("Worker only"), InvalidArgument);
}

TEST_CASE("misc parsers", "[star]") {
  CHECK(parse_completion("service_user") == Completion::service_user);
  CHECK_THROWS_AS(parse_completion("Jointly"), InvalidArgument);
  CHECK(parse_baseline("lower_of_first_two") == StarBaseline::lower_of_first_two);
  CHECK(score_from_double(7.0, "x") == 7);
  CHECK_THROWS_AS(score_from_double(7.25, "x"), InvalidArgument);
  CHECK(std::string(change_class_name(ChangeClass::reliable_deterioration)) ==
        "reliable_deterioration");
  CHECK(classify_reliable_change(1.96) == ChangeClass::no_reliable_change);
  CHECK(classify_reliable_change(1.97) == ChangeClass::reliable_improvement);
  CHECK(classify_reliable_change(-2.5) == ChangeClass::reliable_deterioration);
}
