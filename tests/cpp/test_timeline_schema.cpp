// Caseload schema version 2: the MHSDS fields the national measures need
// (docs/caseload-schema.md), their code tables, and the died and
// out_of_area_placement events.
#include <catch2/catch.hpp>

#include "homeward/error.hpp"
#include "homeward/timeline.hpp"
#include "homeward/timeline_codes.hpp"

#include <nlohmann/json.hpp>

using namespace homeward;
using nlohmann::json;

namespace {

std::string doc(const std::string& events, int version = 2) {
  return R"({"version": )" + std::to_string(version) +
         R"(, "pathways": [{"person_id": "P0001", "events": [)" + events + "]}]}";
}

const char* kRef =
    R"({"type": "referral_received", "date": "2025-01-06", "admitted": "2024-11-02"})";

template <class F>
Error error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("expected a homeward::Error");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("schema: code tables hold codes, names and groups", "[timeline][schema]") {
  const auto& reasons = code_table(CodeTable::delay_reason);
  CHECK(reasons.size() == 38);  // 37 v6 reasons plus 98
  CHECK(code_name(CodeTable::delay_reason, "18") == "Housing - Awaiting supported accommodation");
  CHECK(code_group(CodeTable::delay_reason, "18") == "housing");
  CHECK(code_group(CodeTable::delay_reason, "32") == "housing");
  CHECK(code_group(CodeTable::delay_reason, "36") == "hospital");
  CHECK(code_group(CodeTable::delay_reason, "34") == "social_care");
  CHECK(code_group(CodeTable::delay_reason, "05") == "community");
  CHECK(code_group(CodeTable::delay_reason, "98") == "not_known");
  CHECK(code_group(CodeTable::attributable_to, "06") == "both");
  CHECK(code_group(CodeTable::consultation_mechanism, "05") == "written");
  CHECK(code_group(CodeTable::out_of_area_reason, "10") == "inappropriate");
  CHECK(find_code(CodeTable::discharge_destination, "40").has_value());
  CHECK_FALSE(find_code(CodeTable::discharge_destination, "41").has_value());
  CHECK(parse_code_table("bed_type") == CodeTable::bed_type);
  CHECK_THROWS_AS(parse_code_table("colour"), NotFound);
  const json all = json::parse(code_tables_to_json());
  CHECK(all.size() == kCodeTableCount);
  CHECK(all["delay_reason"]["mhsds"] == "ClinReadyforDischDelayReason");
  CHECK(all["delay_reason"]["codes"][17]["code"] == "18");
  const json one = json::parse(code_tables_to_json(CodeTable::attend_status));
  CHECK(one.size() == 1);
  CHECK(one["attend_status"]["codes"].size() == 6);
}

TEST_CASE("schema: the new fields load, round-trip and come back on pathways",
          "[timeline][schema]") {
  const std::string text = doc(std::string(kRef) + R"(,
    {"type": "clinically_ready_for_discharge", "date": "2025-02-01", "end_date": "2025-02-10",
     "delay_reason": "18", "attributable_to": "05"},
    {"type": "out_of_area_placement", "date": "2025-02-03", "out_of_area_reason": "10", "end_date": "2025-02-09"},
    {"type": "discharged", "date": "2025-02-10", "destination": "19", "discharge_method": "1",
     "bed_type": "200", "ward_security_level": "0"},
    {"type": "follow_up_contact", "date": "2025-02-11", "attend_status": "5", "consultation_mechanism": "02"},
    {"type": "died", "date": "2025-03-01"})");
  const Caseload c = Caseload::from_json(text);
  const Pathway p = c.pathway(0);
  REQUIRE(p.events.size() == 6);
  CHECK(p.events[0].admitted == parse_date("2024-11-02"));
  CHECK(p.events[1].delay_reason == "18");
  CHECK(p.events[1].attributable_to == "05");
  CHECK(p.events[2].type == EventType::out_of_area_placement);
  CHECK(p.events[2].out_of_area_reason == "10");
  CHECK(p.events[2].end_date == parse_date("2025-02-09"));
  CHECK(p.events[3].destination == "19");
  CHECK(p.events[3].discharge_method == "1");
  CHECK(p.events[3].bed_type == "200");
  CHECK(p.events[3].ward_security_level == "0");
  CHECK(p.events[4].attend_status == "5");
  CHECK(p.events[4].consultation_mechanism == "02");
  CHECK(p.events[5].type == EventType::died);
  CHECK(c.event_detail(3, CodeTable::bed_type) == "200");
  CHECK(c.event_detail(3, CodeTable::attend_status).empty());
  // Written as version 2 and read back unchanged; from_pathways agrees.
  const std::string out = c.to_json();
  CHECK(json::parse(out)["version"] == 2);
  CHECK(Caseload::from_json(out).to_json() == out);
  CHECK(Caseload::from_pathways({p}).to_json() == out);
  // Columns carry the same fields.
  EventColumns col;
  col.person_ids = {"P0001"};
  col.offsets = {0, 6};
  for (const auto& e : p.events) {
    col.types.push_back(static_cast<std::uint8_t>(e.type));
    col.dates.push_back(to_days(e.date));
    col.dates2.push_back(e.end_date ? to_days(*e.end_date) : kNoDay);
    col.codes.push_back(!e.delay_reason.empty()  ? e.delay_reason
                        : !e.destination.empty() ? e.destination
                                                 : e.out_of_area_reason);
    col.admitted.push_back(e.admitted ? to_days(*e.admitted) : kNoDay);
    col.discharge_method.push_back(e.discharge_method);
    col.bed_type.push_back(e.bed_type);
    col.ward_security_level.push_back(e.ward_security_level);
    col.attend_status.push_back(e.attend_status);
    col.consultation_mechanism.push_back(e.consultation_mechanism);
    col.attributable_to.push_back(e.attributable_to);
  }
  CHECK(Caseload::from_columns(col).to_json() == out);
  col.bed_type[4] = "200";  // a follow-up contact has no bed type
  const Error e = error_of([&] { Caseload::from_columns(col); });
  CHECK(e.field() == "bed_type[4]");
}

TEST_CASE("schema: version 1 documents still load", "[timeline][schema]") {
  const Caseload c = Caseload::from_json(doc(R"({"type": "referral_received", "date": "2025-01-06"},
    {"type": "clinically_ready_for_discharge", "date": "2025-02-01", "delay_reason": "18"},
    {"type": "discharged", "date": "2025-02-10"})",
                                             1));
  CHECK(c.event_count() == 3);
  CHECK(c.pathway(0).events[2].destination.empty());
}

TEST_CASE("schema: bad codes name the event and list the valid codes", "[timeline][schema]") {
  auto e = error_of([&] {
    Caseload::from_json(doc(
        std::string(kRef) +
        R"(, {"type": "clinically_ready_for_discharge", "date": "2025-02-01", "delay_reason": "99"})"));
  });
  CHECK(e.field() == "pathways[0].events[1].delay_reason");
  CHECK(e.message().find("\"99\"") != std::string::npos);
  CHECK(e.message().find("01, 02, 03") != std::string::npos);
  CHECK(e.message().find("37, 98") != std::string::npos);
  e = error_of([&] {
    Caseload::from_json(
        doc(std::string(kRef) +
            R"(, {"type": "discharged", "date": "2025-02-01", "destination": "home"})"));
  });
  CHECK(e.field() == "pathways[0].events[1].destination");
  CHECK(e.message().find("DestOfDischHospProvSpell") != std::string::npos);
  e = error_of([&] {
    Caseload::from_json(doc(std::string(kRef) + R"(, {"type": "discharged", "date": "2025-02-01"},
      {"type": "follow_up_contact", "date": "2025-02-02", "consultation_mechanism": "03"})"));
  });
  CHECK(e.field() == "pathways[0].events[2].consultation_mechanism");
  CHECK(e.message().find("01, 02, 04, 05, 09, 10, 11, 12, 13, 98") != std::string::npos);
  e = error_of([&] {
    Caseload::from_json(
        doc(std::string(kRef) +
            R"(, {"type": "initial_visit", "date": "2025-02-01", "attend_status": "5"})"));
  });
  CHECK(e.field() == "pathways[0].events[1].attend_status");
  CHECK(e.message().find("follow_up_contact") != std::string::npos);
  e = error_of([&] {
    Caseload::from_json(
        doc(std::string(kRef) + R"(, {"type": "out_of_area_placement", "date": "2025-02-01"})"));
  });
  CHECK(e.field() == "pathways[0].events[1].out_of_area_reason");
  // The same rules hold for pathways built in C++.
  Pathway p;
  p.person_id = "P0002";
  Event r;
  r.type = EventType::referral_received;
  r.date = parse_date("2025-01-06");
  Event crfd;
  crfd.type = EventType::clinically_ready_for_discharge;
  crfd.date = parse_date("2025-02-01");
  crfd.delay_reason = "18";
  crfd.attributable_to = "07";  // housing: retired in v6
  p.events = {r, crfd};
  Caseload c;
  e = error_of([&] { c.add(p); });
  CHECK(e.field() == "pathways[0].events[1].attributable_to");
  CHECK(c.empty());  // nothing half-added
}

TEST_CASE("schema: died ends the pathway; out-of-area placements follow hospital stays",
          "[timeline][schema]") {
  auto e = error_of([&] {
    Caseload::from_json(doc(std::string(kRef) + R"(, {"type": "died", "date": "2025-02-01"},
      {"type": "closed", "date": "2025-02-02"})"));
  });
  CHECK(e.field() == "pathways[0].events[2]");
  CHECK(e.message().find("after the person died") != std::string::npos);
  e = error_of([&] {
    Caseload::from_json(doc(std::string(kRef) + R"(, {"type": "discharged", "date": "2025-02-01"},
      {"type": "out_of_area_placement", "date": "2025-02-02", "out_of_area_reason": "10"})"));
  });
  CHECK(e.message().find("not in hospital") != std::string::npos);
  e = error_of([&] {
    Caseload::from_json(doc(
        std::string(kRef) +
        R"(, {"type": "out_of_area_placement", "date": "2025-02-02", "out_of_area_reason": "10", "end_date": "2025-03-01"},
      {"type": "discharged", "date": "2025-02-20"})"));
  });
  CHECK(e.field() == "pathways[0].events[1].end_date");
  // Died after closure is allowed; the stage is closed.
  const Caseload c =
      Caseload::from_json(doc(std::string(kRef) + R"(, {"type": "discharged", "date": "2025-02-01"},
      {"type": "closed", "date": "2025-02-02"}, {"type": "died", "date": "2025-02-03"})"));
  const Evaluation ev = evaluate(c, parse_date("2025-03-01"));
  CHECK(static_cast<Stage>(ev.stage[0]) == Stage::closed);
}

TEST_CASE("schema: a death finishes the FHIR episode", "[timeline][schema]") {
  const Caseload c =
      Caseload::from_json(doc(std::string(kRef) + R"(, {"type": "accepted", "date": "2025-01-10"},
      {"type": "discharged", "date": "2025-02-01"}, {"type": "died", "date": "2025-02-03"})"));
  const json b = json::parse(pathway_to_fhir(c.pathway(0)));
  const json& eoc = b["entry"][1]["resource"];
  CHECK(eoc["resourceType"] == "EpisodeOfCare");
  CHECK(eoc["status"] == "finished");
  CHECK(eoc["period"]["end"] == "2025-02-03");
}
