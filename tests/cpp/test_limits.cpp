// Limits that the catalogue of bad inputs cannot express (docs/limits.md):
// files of every kind respect max_bytes, output limits, the library reloads
// its own output.
#include "homeward/homeward.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

using namespace homeward;

namespace {
template <class F>
Error error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("no homeward::Error thrown");
  return Error(ErrorCode::invalid_argument, "", "");
}
}  // namespace

TEST_CASE("limits: /dev/zero respects max_bytes for every loader", "[limits]") {
  InputLimits small;
  small.max_bytes = 1000;
  const auto check = [](const Error& e) {
    CHECK(e.code() == ErrorCode::out_of_range);
    CHECK(e.field() == "path");
    CHECK_THAT(e.message(), Catch::Contains("limit of 1000 bytes") && Catch::Contains("max_bytes"));
  };
  check(error_of([&] { read_file("/dev/zero", "path", 1000); }));
  check(error_of([&] { Calendar::from_govuk_file("/dev/zero", "england-and-wales", small); }));
  check(error_of([&] { StarDefinition::from_file("/dev/zero", small); }));
  check(error_of(
      [&] { StarReadings::from_file(StarDefinition::recovery_star(), "/dev/zero", small); }));
  check(error_of([&] { match_input_from_file("/dev/zero", small); }));
  LoadOptions o;
  o.max_bytes = 1000;
  check(error_of([&] { Caseload::from_file("/dev/zero", o); }));
}

TEST_CASE("limits: a FIFO respects max_bytes", "[limits]") {
  const std::string fifo = "homeward_test_limits.fifo";
  std::remove(fifo.c_str());
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::signal(SIGPIPE, SIG_IGN);  // the reader stops early: the writer sees EPIPE
  std::thread writer([&] {
    std::FILE* f = std::fopen(fifo.c_str(), "wb");
    if (f == nullptr) return;
    const std::string block(4096, ' ');
    for (int i = 0; i < 64; ++i) {
      if (std::fwrite(block.data(), 1, block.size(), f) != block.size()) break;
    }
    std::fclose(f);
  });
  const Error e = error_of([&] { read_file(fifo, "path", 10000); });
  writer.join();
  std::remove(fifo.c_str());
  CHECK(e.code() == ErrorCode::out_of_range);
}

TEST_CASE("limits: directories and missing files are IoError naming the path", "[limits]") {
  CHECK(error_of([] { read_file("/", "path"); }).code() == ErrorCode::io_error);
  CHECK(error_of([] { Caseload::from_file("/no/such/caseload.json"); }).field() == "path");
}

TEST_CASE("limits: max_depth is validated and applies to the caseload", "[limits]") {
  LoadOptions o;
  o.max_depth = 0;
  CHECK(error_of([&] { Caseload::from_json(R"({"version": 1, "pathways": []})", o); }).field() ==
        "options.max_depth");
  o.max_depth = 1001;
  CHECK(error_of([&] { Caseload::from_json(R"({"version": 1, "pathways": []})", o); }).field() ==
        "options.max_depth");
  o.max_depth = 2;  // the document and its pathways array
  CHECK(Caseload::from_json(R"({"version": 1, "pathways": []})", o).empty());
  CHECK(load_options_from_json(R"({"max_depth": 100})").max_depth == 100);
}

TEST_CASE("limits: matching explanations are bounded (max_explained_pairs)", "[limits]") {
  // 400 people and 400 places, everything excluded (risk): 160,000 pairs.
  std::vector<Person> people(400);
  std::vector<Place> places(400);
  for (std::size_t i = 0; i < people.size(); ++i) {
    people[i].id = "P" + std::to_string(i);
    people[i].area = "A";
    people[i].risk = RiskLevel::high;
    people[i].ready_date = Date(2026, 3, 2);
  }
  for (std::size_t i = 0; i < places.size(); ++i) {
    places[i].id = "S" + std::to_string(i);
    places[i].area = "A";
    places[i].beds = 1;
    places[i].max_risk = RiskLevel::low;
    places[i].free_date = Date(2026, 3, 2);
  }
  const Error e = error_of([&] { match_placements(people, places); });
  CHECK(e.code() == ErrorCode::out_of_range);
  CHECK(e.field() == "options.max_explained_pairs");
  CHECK_THAT(e.message(), Catch::Contains("limit of 100000"));
  MatchOptions o;
  o.max_explained_pairs = 0;  // no limit
  CHECK(match_placements(people, places, o).unmatched.size() == 400);
  CHECK(match_options_from_json(R"({"max_explained_pairs": 5})").max_explained_pairs == 5);
}

TEST_CASE("limits: the library reloads its own output (large weights)", "[limits]") {
  const char* input =
      R"({"people": [{"id": "P1", "area": "A", "risk": "low", "ready_date": "2026-03-02"},)"
      R"( {"id": "P2", "area": "A", "risk": "low", "ready_date": "2026-03-02"}],)"
      R"( "places": [{"id": "S1", "area": "B", "beds": 2, "max_risk": "high", "free_date": "2026-03-30"}]})";
  // The largest weights allowed: the total is finite, written as a number and read back.
  const std::string opts =
      R"({"allow_out_of_area": true, "weights": {"wait_day": 1e9, "out_of_area": 1e9, "unranked": 1e9}})";
  const std::string out = match_placements_json(input, opts);
  const MatchResult r = match_result_from_json(out);
  CHECK(r.matches.size() == 2);
  CHECK(r.total_cost > 1e9);
  CHECK(match_result_to_json(r) ==
        match_result_to_json(match_result_from_json(match_result_to_json(r))));
  CHECK_THAT(explain_match(r, "P1"), Catch::Contains("P1"));
  // Above the cap: refused at input, naming the weight.
  const Error e =
      error_of([&] { match_placements_json(input, R"({"weights": {"wait_day": 1e300}})"); });
  CHECK(e.field() == "options.weights.wait_day");
}
