// The catalogue of bad inputs (tests/data/bad_inputs/catalogue.json) through
// the C++ API: every case throws the catalogued homeward::Error subclass,
// names the catalogued field, and leaves the objects it was given unchanged.
// The same catalogue runs through C (tests/c/test_bad_inputs.c) and Python.
#include "homeward/homeward.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>

using namespace homeward;
using nlohmann::json;

namespace {

const char* kBaseMatchInput =
    R"({"people": [{"id": "P0001", "area": "Derbyshire", "risk": "medium", "ready_date": "2026-03-02"}],)"
    R"( "places": [{"id": "SD-01", "area": "Derbyshire", "beds": 1, "max_risk": "high", "free_date": "2026-03-05"}]})";

// Code points 0-255 of a UTF-8 catalogue string stand for bytes.
std::string latin1_bytes(const std::string& utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      REQUIRE((c & 0xE0) == 0xC0);  // the catalogue holds code points < 256 only
      REQUIRE(i + 1 < utf8.size());
      const unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[++i]) & 0x3Fu);
      REQUIRE(cp < 256);
      out += static_cast<char>(cp);
    }
  }
  return out;
}

std::string case_input(const json& c) {
  std::string text;
  const json& in = c.at("input");
  if (in.is_object()) {
    for (const json& piece : in.at("repeat")) {
      const std::string p = latin1_bytes(piece.at(0).get<std::string>());
      const auto times = piece.at(1).get<std::size_t>();
      for (std::size_t k = 0; k < times; ++k) text += p;
    }
  } else {
    text = latin1_bytes(in.get<std::string>());
  }
  if (c.contains("length")) text.resize(c.at("length").get<std::size_t>());
  return text;
}

ErrorCode code_of(const std::string& name) {
  static const std::map<std::string, ErrorCode> codes = {
      {"invalid_argument", ErrorCode::invalid_argument},
      {"out_of_range", ErrorCode::out_of_range},
      {"parse_error", ErrorCode::parse_error},
      {"not_found", ErrorCode::not_found},
      {"infeasible", ErrorCode::infeasible},
      {"io_error", ErrorCode::io_error}};
  return codes.at(name);
}

struct Op {
  std::function<void(const std::string&, const json&)> call;
  std::function<std::string()> state = [] { return std::string(); };
};

const StarDefinition& definition() {
  static const StarDefinition d = StarDefinition::recovery_star();
  return d;
}

const std::map<std::string, Op>& ops() {
  static const std::map<std::string, Op> table = {
      {"calendar_govuk", {[](const std::string& t, const json&) {
         Calendar::from_govuk_json(t, "england-and-wales");
       }}},
      {"star_definition",
       {[](const std::string& t, const json&) { StarDefinition::from_json(t); }}},
      {"star_readings",
       {[](const std::string& t, const json&) { StarReadings::from_json(definition(), t); },
        [] { return definition().to_json(); }}},
      {"match_input", {[](const std::string& t, const json&) { match_placements_json(t); }}},
      {"match_options",
       {[](const std::string& t, const json&) { match_placements_json(kBaseMatchInput, t); }}},
      {"match_result", {[](const std::string& t, const json&) { match_result_from_json(t); }}},
      {"caseload", {[](const std::string& t, const json& c) {
         LoadOptions o;
         if (c.contains("options")) o = load_options_from_json(c.at("options").dump());
         Caseload::from_json(t, o);
       }}},
      {"policy", {[](const std::string& t, const json&) { timeline_policy_from_json(t); }}},
      {"costs", {[](const std::string& t, const json&) { cost_model_from_json(t); }}},
  };
  return table;
}

json catalogue() {
  return json::parse(read_file(std::string(HOMEWARD_TEST_DATA_DIR) + "/bad_inputs/catalogue.json"));
}

bool in_layer(const json& c, const char* layer) {
  if (!c.contains("layers")) return true;
  for (const json& l : c.at("layers")) {
    if (l.get<std::string>() == layer) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("bad inputs: the catalogue through C++", "[bad_inputs]") {
  const json cat = catalogue();
  REQUIRE(cat.at("cases").size() >= 150);
  std::size_t run = 0;
  for (const json& c : cat.at("cases")) {
    if (!in_layer(c, "cpp")) continue;
    const std::string id = c.at("id").get<std::string>();
    INFO(id);
    json exp = {{"error", c.at("error")}};
    if (c.contains("field")) exp["field"] = c.at("field");
    if (c.contains("field_prefix")) exp["field_prefix"] = c.at("field_prefix");
    if (c.contains("expect_cpp")) exp.update(c.at("expect_cpp"));
    const Op& op = ops().at(c.at("op").get<std::string>());
    const std::string text = case_input(c);
    const std::string before = op.state();
    bool threw = false;
    try {
      op.call(text, c);
    } catch (const Error& e) {
      threw = true;
      INFO(e.what());
      CHECK(e.code() == code_of(exp.at("error").get<std::string>()));
      if (exp.contains("field")) {
        CHECK(e.field() == exp.at("field").get<std::string>());
      } else {
        CHECK(e.field().rfind(exp.at("field_prefix").get<std::string>(), 0) == 0);
      }
      CHECK(std::string(e.what()).size() < 2000);  // a short excerpt at most
      CHECK(std::string(e.what()).find("last read") == std::string::npos);
    } catch (const std::exception& e) {
      FAIL_CHECK("not a homeward::Error: " << e.what());
      threw = true;
    }
    CHECK(threw);
    CHECK(op.state() == before);  // nothing changed
    ++run;
  }
  CHECK(run >= 150);
}
