// FHIR R4 both ways: the whole pathway out, Bundles and resources back in,
// export -> import -> export identical, and errors that name the resource and
// element. (HL7's own validator checks the exports in CI: tests/fhir_validator.)
#include <catch2/catch.hpp>

#include "homeward/error.hpp"
#include "homeward/fhir.hpp"
#include "homeward/timeline.hpp"

#include <nlohmann/json.hpp>

#include <random>
#include <set>

using namespace homeward;
using nlohmann::json;

namespace {

Date D(const char* s) { return parse_date(s); }

Event ev(EventType t, const char* date) {
  Event e;
  e.type = t;
  e.date = D(date);
  return e;
}

// Every kind of event homeward knows, in one person's history.
Pathway rich() {
  Pathway p;
  p.person_id = "P0042";
  p.attributes = R"({"ward":"Cedar","team":"North"})";
  Event ref = ev(EventType::referral_received, "2025-01-06");
  ref.planned_discharge = D("2025-07-01");
  ref.attributes = R"({"source":"IMPACT"})";
  ref.admitted = D("2024-09-02");
  p.events.push_back(ref);
  Event change = ev(EventType::planned_discharge_changed, "2025-02-03");
  change.planned_discharge = D("2025-06-16");
  p.events.push_back(change);
  p.events.push_back(ev(EventType::initial_visit, "2025-01-13"));
  std::swap(p.events[1], p.events[2]);  // keep date order: visit 13 Jan, change 3 Feb
  p.events.push_back(ev(EventType::accepted, "2025-02-10"));
  p.events.push_back(ev(EventType::transition_plan_agreed, "2025-03-03"));
  Event crfd = ev(EventType::clinically_ready_for_discharge, "2025-05-01");
  crfd.delay_reason = "18";
  crfd.end_date = D("2025-05-20");
  crfd.attributable_to = "05";
  p.events.push_back(crfd);
  Event dis = ev(EventType::discharged, "2025-05-20");
  dis.discharge_method = "1";
  dis.destination = "19";
  dis.bed_type = "200";
  dis.ward_security_level = "0";
  p.events.push_back(dis);
  p.events.push_back(ev(EventType::step_down_admitted, "2025-05-20"));
  Event contact = ev(EventType::follow_up_contact, "2025-05-22");
  contact.attend_status = "5";
  contact.consultation_mechanism = "02";
  p.events.push_back(contact);
  p.events.push_back(ev(EventType::readmitted, "2025-06-10"));
  Event oap = ev(EventType::out_of_area_placement, "2025-06-10");
  oap.out_of_area_reason = "10";
  oap.end_date = D("2025-06-24");
  p.events.push_back(oap);
  Event crfd2 = ev(EventType::clinically_ready_for_discharge, "2025-07-01");
  crfd2.delay_reason = "07";
  p.events.push_back(crfd2);
  p.events.push_back(ev(EventType::discharged, "2025-07-15"));
  p.events.push_back(ev(EventType::step_down_admitted, "2025-07-15"));
  Event left = ev(EventType::step_down_left, "2025-09-30");
  left.destination = "permanent_home";
  left.attributes = R"({"tenancy":"council"})";
  p.events.push_back(left);
  p.events.push_back(ev(EventType::closed, "2025-10-31"));
  p.events.push_back(ev(EventType::died, "2025-11-20"));
  return p;
}

const json& resource_of(const json& bundle, const std::string& type, std::size_t nth = 0) {
  for (const auto& e : bundle["entry"])
    if (e["resource"]["resourceType"] == type && nth-- == 0) return e["resource"];
  FAIL("no " << type << " #" << nth);
  static json none;
  return none;
}

std::size_t count_of(const json& bundle, const std::string& type) {
  std::size_t n = 0;
  for (const auto& e : bundle["entry"]) n += e["resource"]["resourceType"] == type;
  return n;
}

template <class F>
Error catch_error(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("expected a homeward::Error");
  return Error(ErrorCode::invalid_argument, "", "");
}

Event at(EventType t, Date d) {
  Event e;
  e.type = t;
  e.date = d;
  return e;
}

// A random valid pathway (the walk the sequence rules allow), with the MHSDS
// details of schema version 2 drawn from the code tables.
Pathway random_pathway(std::mt19937& rng, const std::string& id) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto code = [&](CodeTable t) {
    const auto& table = code_table(t);
    return pick(3) == 0
               ? std::string()
               : std::string(
                     table[static_cast<std::size_t>(pick(static_cast<int>(table.size())))].code);
  };
  Pathway p;
  p.person_id = id;
  Date d = D("2024-01-01") + boost::gregorian::days(pick(300));
  auto step = [&](int max) {
    d = d + boost::gregorian::days(pick(max + 1));
    return d;
  };
  const int referrals = 1 + pick(2);
  enum { hospital, community, step_down } where = hospital;
  bool died = false;
  for (int r = 0; r < referrals && !died; ++r) {
    Event ref = at(EventType::referral_received, step(20));
    if (pick(2)) ref.planned_discharge = ref.date + boost::gregorian::days(100 + pick(100));
    if (where == hospital && pick(2))
      ref.admitted = ref.date - boost::gregorian::days(30 + pick(200));
    p.events.push_back(ref);
    if (pick(3) == 0) {
      Event c = at(EventType::planned_discharge_changed, step(10));
      c.planned_discharge = c.date + boost::gregorian::days(30 + pick(60));
      p.events.push_back(c);
    }
    if (pick(2)) p.events.push_back(at(EventType::initial_visit, step(10)));
    if (pick(5) == 0) {
      p.events.push_back(at(EventType::declined, step(10)));
      p.events.push_back(at(EventType::closed, step(5)));
      continue;
    }
    p.events.push_back(at(EventType::accepted, step(10)));
    if (pick(2)) p.events.push_back(at(EventType::transition_plan_agreed, step(10)));
    const int moves = pick(5);
    for (int m = 0; m < moves && !died; ++m) {
      if (where == hospital) {
        if (pick(4) == 0) {
          Event o = at(EventType::out_of_area_placement, step(10));
          o.out_of_area_reason = code(CodeTable::out_of_area_reason);
          if (o.out_of_area_reason.empty()) o.out_of_area_reason = "10";
          if (pick(2)) o.end_date = o.date + boost::gregorian::days(pick(20));
          p.events.push_back(o);
          if (o.end_date) d = *o.end_date;
        }
        if (pick(2)) {
          Event c = at(EventType::clinically_ready_for_discharge, step(15));
          c.delay_reason = code(CodeTable::delay_reason);
          if (c.delay_reason.empty()) c.delay_reason = "18";
          c.attributable_to = code(CodeTable::attributable_to);
          p.events.push_back(c);
        }
        Event dis = at(EventType::discharged, step(15));
        dis.discharge_method = code(CodeTable::discharge_method);
        if (dis.discharge_method == "4" || dis.discharge_method == "5") dis.discharge_method = "1";
        dis.destination = code(CodeTable::discharge_destination);
        dis.bed_type = code(CodeTable::bed_type);
        dis.ward_security_level = code(CodeTable::ward_security_level);
        p.events.push_back(dis);
        where = community;
        if (pick(2)) {
          Event f = at(EventType::follow_up_contact, step(4));
          f.attend_status = code(CodeTable::attend_status);
          f.consultation_mechanism = code(CodeTable::consultation_mechanism);
          p.events.push_back(f);
        }
      } else if (where == community) {
        if (pick(2)) {
          p.events.push_back(at(EventType::step_down_admitted, step(3)));
          where = step_down;
        } else {
          p.events.push_back(at(EventType::readmitted, step(30)));
          where = hospital;
        }
      } else {
        Event l = at(EventType::step_down_left, step(80));
        l.destination = pick(2) ? "permanent_home" : "";
        p.events.push_back(l);
        where = community;
      }
      if (pick(15) == 0) {
        p.events.push_back(at(EventType::died, step(10)));
        died = true;
      }
    }
    if (died) break;
    if (r + 1 < referrals || pick(2))
      p.events.push_back(at(EventType::closed, step(20)));
    else
      break;
  }
  validate_pathway(p);
  return p;
}

}  // namespace

TEST_CASE("fhir: the whole pathway goes out", "[fhir]") {
  const Pathway p = rich();
  const json b = json::parse(fhir_export_pathway(p));
  CHECK(b["resourceType"] == "Bundle");
  CHECK(b["type"] == "collection");
  CHECK(count_of(b, "ServiceRequest") == 1);
  CHECK(count_of(b, "EpisodeOfCare") == 1);
  CHECK(count_of(b, "Encounter") == 6);  // visit, follow-up, 2 spells, 2 step-down stays
  CHECK(count_of(b, "Flag") == 3);       // two CRFD periods, one out-of-area placement
  // Every entry has a urn:uuid fullUrl that is the resource's id, and a narrative.
  std::set<std::string> urls;
  for (const auto& e : b["entry"]) {
    const std::string url = e["fullUrl"];
    CHECK(url == "urn:uuid:" + e["resource"]["id"].get<std::string>());
    CHECK(urls.insert(url).second);
    CHECK(e["resource"]["text"]["status"] == "generated");
    CHECK(e["resource"]["text"]["div"].get<std::string>().find(
              "xmlns=\"http://www.w3.org/1999/xhtml\"") != std::string::npos);
  }
  // Every reference inside the Bundle resolves to an entry.
  for (const auto& e : b["entry"]) {
    const std::string dumped = e["resource"].dump();
    for (std::size_t at = dumped.find("\"reference\":\""); at != std::string::npos;
         at = dumped.find("\"reference\":\"", at + 1)) {
      const std::size_t start = at + 13;
      CHECK(urls.count(dumped.substr(start, dumped.find('"', start) - start)) == 1);
    }
  }
  const json& sr = resource_of(b, "ServiceRequest");
  CHECK(sr["authoredOn"] == "2025-01-06");
  CHECK(sr["status"] == "completed");
  CHECK(sr["subject"]["identifier"]["value"] == "P0042");
  CHECK(sr.dump().find("2025-06-16") != std::string::npos);  // the changed planned discharge
  const json& eoc = resource_of(b, "EpisodeOfCare");
  CHECK(eoc["status"] == "finished");
  CHECK(eoc["period"]["end"] == "2025-10-31");
  CHECK(eoc.dump().find("\"died\"") != std::string::npos);
  // The first spell is the one the person was in when referred: no start.
  const json& spell1 = resource_of(b, "Encounter", 2);
  CHECK(spell1["class"]["code"] == "IMP");
  CHECK(spell1["period"]["start"] == "2024-09-02");  // StartDateHospProvSpell from the referral
  CHECK(spell1["period"]["end"] == "2025-05-20");
  CHECK(spell1["hospitalization"]["dischargeDisposition"]["coding"][0]["code"] == "19");
  CHECK(spell1["serviceType"]["coding"][0]["code"] == "200");
  const json& contact = resource_of(b, "Encounter", 1);
  CHECK(contact["class"]["code"] == "VR");  // by telephone
  CHECK(contact["status"] == "finished");   // attended
  const json& spell2 = resource_of(b, "Encounter", 3);
  CHECK(spell2["period"]["start"] == "2025-06-10");
  CHECK(spell2["period"]["end"] == "2025-07-15");
  const json& stay2 = resource_of(b, "Encounter", 5);
  CHECK(stay2["class"]["code"] == "NONAC");
  CHECK(stay2["hospitalization"]["dischargeDisposition"]["text"] == "permanent_home");
  const json& flag = resource_of(b, "Flag");
  CHECK(flag["code"]["coding"][0]["code"] == "18");
  CHECK(flag["period"]["start"] == "2025-05-01");
  CHECK(flag["period"]["end"] == "2025-05-20");
  CHECK(flag["status"] == "inactive");
  CHECK(resource_of(b, "Flag", 1)["status"] == "active");  // no recorded end
  const json& oap = resource_of(b, "Flag", 2);
  CHECK(oap["code"]["coding"][0]["code"] == "10");
  CHECK(oap["code"]["coding"][0]["display"].get<std::string>().find("navailability of bed") !=
        std::string::npos);
  // No names anywhere: the person is an identifier only.
  CHECK(b.dump().find("\"name\"") == std::string::npos);
  // The same pathway always gives the same Bundle.
  CHECK(fhir_export_pathway(p) == fhir_export_pathway(p));
  // as_of keeps only what was known then.
  FhirExportOptions o;
  o.as_of = D("2025-03-01");
  const json early = json::parse(fhir_export_pathway(p, nullptr, o));
  CHECK(count_of(early, "Encounter") == 1);
  CHECK(resource_of(early, "EpisodeOfCare")["status"] == "active");
}

TEST_CASE("fhir: export -> import -> export is identical", "[fhir]") {
  const Pathway p = rich();
  const std::string first = fhir_export_pathway(p);
  const FhirImport in = fhir_import(first);
  REQUIRE(in.caseload.size() == 1);
  CHECK(in.ignored.empty());
  const Pathway back = in.caseload.pathway(0);
  REQUIRE(back.events.size() == p.events.size());
  for (std::size_t j = 0; j < p.events.size(); ++j) {
    INFO("event " << j);
    CHECK(back.events[j].type == p.events[j].type);
    CHECK(back.events[j].date == p.events[j].date);
    CHECK(back.events[j].planned_discharge == p.events[j].planned_discharge);
    CHECK(back.events[j].end_date == p.events[j].end_date);
    CHECK(back.events[j].delay_reason == p.events[j].delay_reason);
    CHECK(back.events[j].destination == p.events[j].destination);
    CHECK(back.events[j].admitted == p.events[j].admitted);
    CHECK(back.events[j].attributable_to == p.events[j].attributable_to);
    CHECK(back.events[j].discharge_method == p.events[j].discharge_method);
    CHECK(back.events[j].bed_type == p.events[j].bed_type);
    CHECK(back.events[j].ward_security_level == p.events[j].ward_security_level);
    CHECK(back.events[j].attend_status == p.events[j].attend_status);
    CHECK(back.events[j].consultation_mechanism == p.events[j].consultation_mechanism);
    CHECK(back.events[j].out_of_area_reason == p.events[j].out_of_area_reason);
  }
  CHECK(json::parse(back.attributes) == json::parse(p.attributes));
  CHECK(fhir_export_pathway(back) == first);
}

TEST_CASE("fhir: round trip on generated pathways and a whole caseload with readings", "[fhir]") {
  std::mt19937 rng(20251130);
  std::vector<Pathway> ps;
  for (int i = 0; i < 300; ++i) ps.push_back(random_pathway(rng, "G" + std::to_string(1000 + i)));
  const Caseload c = Caseload::from_pathways(ps);
  const StarDefinition star = StarDefinition::recovery_star();
  std::vector<StarReading> rs;
  for (int i = 0; i < 40; ++i) {
    StarReading r;
    r.person_id =
        i < 35 ? "G" + std::to_string(1000 + i) : "Q" + std::to_string(i);  // 5 not on the caseload
    r.date = D("2025-01-10") + boost::gregorian::days(i);
    r.completed_by = static_cast<Completion>(i % 3);
    r.retrospective = i % 7 == 0;
    for (std::size_t a = 0; a < star.area_count(); ++a) {
      if ((i + static_cast<int>(a)) % 9 == 0) continue;  // a missing score
      r.scores.push_back({star.areas()[a].id, 1 + (i + static_cast<int>(a)) % 10});
    }
    rs.push_back(r);
  }
  const StarReadings readings = StarReadings::from_readings(star, rs);
  const std::string first = fhir_export_caseload(c, &readings);
  const FhirImport in = fhir_import(first);
  CHECK(in.caseload.size() == c.size());
  CHECK(in.caseload.event_count() == c.event_count());
  REQUIRE(in.readings);
  CHECK(in.readings->size() == readings.size());
  CHECK(in.readings->to_json() == readings.to_json());
  CHECK(fhir_export_caseload(in.caseload, &*in.readings) == first);
  for (std::size_t i = 0; i < c.size(); ++i) {
    INFO(c.person_ids()[i]);
    CHECK(fhir_export_pathway(in.caseload.pathway(i)) == fhir_export_pathway(c.pathway(i)));
  }
  // Split into single resources (a folder of files): the same caseload.
  const json b = json::parse(first);
  std::vector<std::string> docs, names;
  for (std::size_t i = 0; i < b["entry"].size(); ++i) {
    docs.push_back(b["entry"][i]["resource"].dump());
    names.push_back("r" + std::to_string(i) + ".json");
  }
  const FhirImport folder = fhir_import(docs, names);
  CHECK(folder.caseload.to_json() == in.caseload.to_json());
}

TEST_CASE("fhir: another system's Bundle, read by its standard elements", "[fhir]") {
  const std::string bundle = R"({"resourceType": "Bundle", "type": "searchset", "entry": [
    {"fullUrl": "https://epr.example/fhir/Patient/pt1", "resource": {"resourceType": "Patient", "id": "pt1",
      "identifier": [{"system": "urn:homeward:person-id", "value": "X0001"}]}},
    {"fullUrl": "https://epr.example/fhir/ServiceRequest/s1", "resource": {"resourceType": "ServiceRequest", "id": "s1",
      "status": "active", "intent": "order", "subject": {"reference": "Patient/pt1"}, "authoredOn": "2025-03-03"}},
    {"fullUrl": "https://epr.example/fhir/EpisodeOfCare/e1", "resource": {"resourceType": "EpisodeOfCare", "id": "e1",
      "status": "finished", "patient": {"reference": "Patient/pt1"},
      "statusHistory": [{"status": "planned", "period": {"start": "2025-03-03", "end": "2025-03-09"}},
                        {"status": "active", "period": {"start": "2025-03-10", "end": "2025-06-29"}}],
      "period": {"start": "2025-03-03", "end": "2025-06-30"}}},
    {"fullUrl": "https://epr.example/fhir/Encounter/h1", "resource": {"resourceType": "Encounter", "id": "h1",
      "status": "finished", "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "IMP"},
      "subject": {"reference": "Patient/pt1"}, "period": {"start": "2024-11-01T00:00:00Z", "end": "2025-05-02"}}},
    {"fullUrl": "https://epr.example/fhir/Encounter/c1", "resource": {"resourceType": "Encounter", "id": "c1",
      "status": "finished", "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
      "subject": {"reference": "Patient/pt1"}, "period": {"start": "2025-05-04"}}},
    {"fullUrl": "https://epr.example/fhir/Encounter/c2", "resource": {"resourceType": "Encounter", "id": "c2",
      "status": "cancelled", "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
      "subject": {"reference": "Patient/pt1"}, "period": {"start": "2025-05-03"}}},
    {"fullUrl": "https://epr.example/fhir/Condition/d1", "resource": {"resourceType": "Condition", "id": "d1"}}
  ]})";
  const FhirImport in = fhir_import(bundle);
  REQUIRE(in.caseload.size() == 1);
  const Pathway p = in.caseload.pathway("X0001");
  // The spell began before the referral: it is the one the person was in when
  // referred, so only its end (the discharge) is an event.
  const std::vector<std::pair<EventType, const char*>> want{
      {EventType::referral_received, "2025-03-03"},
      {EventType::accepted, "2025-03-10"},
      {EventType::discharged, "2025-05-02"},
      {EventType::follow_up_contact, "2025-05-04"},
      {EventType::closed, "2025-06-30"}};
  REQUIRE(p.events.size() == want.size());
  for (std::size_t j = 0; j < want.size(); ++j) {
    CHECK(p.events[j].type == want[j].first);
    CHECK(p.events[j].date == D(want[j].second));
  }
  CHECK(in.ignored.size() == 2);  // the cancelled contact and the Condition
  CHECK(in.ignored[0].find("Encounter/c2") != std::string::npos);
  CHECK(in.ignored[1] == "entry[6] Condition/d1: not used");
}

TEST_CASE("fhir: errors name the resource and the element; nothing half-built", "[fhir]") {
  auto one = [](const std::string& resource) {
    return R"({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": )" +
           resource + "}]}";
  };
  Error e = catch_error([&] {
    fhir_import(one(R"({"resourceType": "ServiceRequest", "id": "s1", "authoredOn": "2025-01-01",
                        "subject": {"identifier": {"system": "urn:other", "value": "A"}}})"));
  });
  CHECK(e.field() == "entry[0] ServiceRequest/s1: subject");
  e = catch_error([&] {
    fhir_import(one(R"({"resourceType": "ServiceRequest", "id": "s1", "authoredOn": "2025-02-30",
                        "subject": {"identifier": {"system": "urn:homeward:person-id", "value": "A"}}})"));
  });
  CHECK(e.field() == "entry[0] ServiceRequest/s1: authoredOn");
  CHECK(std::string(e.what()).find("2025-02-30") != std::string::npos);
  e = catch_error([&] {
    fhir_import(
        one(R"({"resourceType": "ServiceRequest", "id": "s1", "authoredOn": "2025-01-01T09:30:00Z",
                        "subject": {"identifier": {"system": "urn:homeward:person-id", "value": "A"}}})"));
  });
  CHECK(e.field() == "entry[0] ServiceRequest/s1: authoredOn");
  e = catch_error([&] {
    fhir_import(one(R"({"resourceType": "Encounter", "id": "x", "status": "finished",
                        "subject": {"identifier": {"system": "urn:homeward:person-id", "value": "A"}}})"));
  });
  CHECK(e.field() == "entry[0] Encounter/x: period.start");
  e = catch_error([&] {
    fhir_import(one(R"({"resourceType": "Observation", "id": "o", "status": "final",
      "code": {"coding": [{"system": "https://homeward.invalid/fhir/CodeSystem/outcomes-star", "code": "recovery-star"}]},
      "subject": {"identifier": {"system": "urn:homeward:person-id", "value": "A"}}, "effectiveDateTime": "2025-01-01",
      "component": [{"code": {"text": "Work"}, "valueInteger": 11}]})"));
  });
  CHECK(e.field() == "entry[0] Observation/o: component[0].valueInteger");
  e = catch_error([&] {
    fhir_import(one(R"({"resourceType": "Flag", "id": "f", "status": "active",
      "category": [{"coding": [{"system": "https://homeward.invalid/fhir/CodeSystem/flag-category", "code": "clinically-ready-for-discharge"}]}],
      "code": {"text": "CRFD"}, "subject": {"identifier": {"system": "urn:homeward:person-id", "value": "A"}},
      "period": {"start": "2025-01-01"}})"));
  });
  CHECK(e.field() == "entry[0] Flag/f: code");
  // A sequence the pathway rules refuse names the person.
  e = catch_error([&] {
    fhir_import(one(R"({"resourceType": "Encounter", "id": "x", "status": "finished",
      "class": {"code": "AMB"}, "subject": {"identifier": {"system": "urn:homeward:person-id", "value": "A"}},
      "period": {"start": "2025-01-01"}})"));
  });
  CHECK(e.field().rfind("person \"A\"", 0) == 0);
  CHECK(catch_error([&] { fhir_import("[1, 2]"); }).field() == "fhir");
  CHECK(catch_error([&] { fhir_import("{\"id\": 3}"); }).field() == "resourceType");
  CHECK(catch_error([&] { fhir_import("{"); }).code() == ErrorCode::parse_error);
  FhirImportOptions small;
  small.max_bytes = 10;
  CHECK(catch_error([&] { fhir_import(one("{}"), small); }).code() == ErrorCode::out_of_range);
  CHECK(catch_error([&] { fhir_export_options_from_json(R"({"as_of": "2025-13-01"})"); }).field() ==
        "options.as_of");
  CHECK(catch_error([&] { fhir_export_options_from_json(R"({"colour": 1})"); }).field() ==
        "options.colour");
  CHECK(catch_error([&] { fhir_import_options_from_json(R"({"max_bytes": -1})"); }).field() ==
        "options.max_bytes");
}

TEST_CASE("fhir: definitions cover every code homeward writes", "[fhir]") {
  const json defs = json::parse(fhir_definitions_json());
  std::map<std::string, std::set<std::string>> systems;
  for (const auto& e : defs["entry"]) {
    const json& cs = e["resource"];
    CHECK(cs["resourceType"] == "CodeSystem");
    CHECK(cs["content"] == "complete");
    for (const auto& c : cs["concept"]) systems[cs["url"]].insert(c["code"].get<std::string>());
  }
  std::mt19937 rng(7);
  std::vector<Pathway> ps{rich()};
  for (int i = 0; i < 50; ++i) ps.push_back(random_pathway(rng, "R" + std::to_string(i)));
  for (const auto& p : ps) {
    const json b = json::parse(fhir_export_pathway(p));
    std::function<void(const json&)> walk = [&](const json& j) {
      if (j.is_object()) {
        if (j.contains("system") && j.contains("code") && j["system"].is_string()) {
          const std::string sys = j["system"];
          if (sys.rfind("https://homeward.invalid/", 0) == 0) {
            INFO(sys << "#" << j["code"]);
            REQUIRE(systems.count(sys) == 1);
            CHECK(systems[sys].count(j["code"].get<std::string>()) == 1);
          }
        }
        for (const auto& [k, v] : j.items()) walk(v);
      } else if (j.is_array()) {
        for (const auto& v : j) walk(v);
      }
    };
    walk(b);
  }
}
