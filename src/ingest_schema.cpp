// The documented table schemas (docs/ingest.md): the one home of column
// names, kinds and MHSDS aliases for every loader and adapter.
#include "ingest_internal.hpp"

#include <nlohmann/json.hpp>

namespace homeward {
namespace {

SchemaField f(const char* name, const char* kind, bool required, std::vector<std::string> aliases,
              const char* description) {
  return SchemaField{name, kind, required, std::move(aliases), description};
}

const std::vector<SchemaField>& events_schema() {
  static const std::vector<SchemaField> s = {
      f("person_id", "text", true, {"LocalPatientId", "Person_ID", "patient_id", "person"},
        "pseudonymous person id; every row of one person carries the same id"),
      f("type", "event_type", true, {"event_type", "event"},
        "event type name (referral_received, ...), case-insensitive, spaces allowed"),
      f("date", "date", true, {"event_date"}, "the event's date"),
      f("planned_discharge", "date", false,
        {"PlannedDischDateHospProvSpell", "planned_discharge_date"},
        "referral_received / planned_discharge_changed: the planned discharge date"),
      f("end_date", "date", false, {"EndDateClinReadyforDisch", "crfd_end_date"},
        "clinically_ready_for_discharge: the end of the period (blank while open)"),
      f("delay_reason", "code", false, {"ClinReadyforDischDelayReason", "delay_reason_code"},
        "clinically_ready_for_discharge: the MHSDS delay reason, two digits (\"18\")"),
      f("destination", "code", false, {"DestOfDischHospProvSpell", "step_down_destination"},
        "discharged: the MHSDS discharge destination code; step_down_left: where the person went "
        "(\"permanent_home\")"),
      f("admitted", "date", false, {"StartDateHospProvSpell", "admission_date"},
        "referral_received: the start of the hospital spell the person is in"),
      f("out_of_area_reason", "code", false, {"ReasonOAT"},
        "out_of_area_placement: the MHSDS reason code (\"10\" no bed at the referring "
        "organisation)"),
      f("discharge_method", "code", false, {"MethOfDischMHHospProvSpell"},
        "discharged: MHSDS method of discharge"),
      f("bed_type", "code", false, {"MHAdmittedPatientClass"},
        "discharged: MHSDS admitted patient class (\"200\")"),
      f("ward_security_level", "code", false, {"WardSecLevel"},
        "discharged: MHSDS ward security level"),
      f("attend_status", "code", false, {"AttendStatus"},
        "follow_up_contact: MHSDS attendance (\"5\" attended)"),
      f("consultation_mechanism", "code", false, {"ConsMechanismMH"},
        "follow_up_contact: MHSDS consultation mechanism (\"01\" face to face)"),
      f("attributable_to", "code", false, {"AttribToIndic"},
        "clinically_ready_for_discharge: MHSDS attributable to (\"04\" NHS)"),
  };
  return s;
}

const std::vector<SchemaField>& readings_schema() {
  static const std::vector<SchemaField> s = {
      f("person_id", "text", true, {"LocalPatientId", "Person_ID", "patient_id", "person"},
        "pseudonymous person id"),
      f("date", "date", true, {"reading_date", "star_date", "assessment_date"},
        "the reading's date"),
      f("completed_by", "completion", false, {"completed", "completedby"},
        "jointly, worker or service_user (also \"Worker only\", \"Service user only\", \"Joint\"); "
        "blank: jointly"),
      f("retrospective", "boolean", false, {"retro"},
        "true when recorded after the event; blank: false"),
  };
  return s;
}

const std::vector<SchemaField>& places_schema() {
  static const std::vector<SchemaField> s = {
      f("id", "text", true, {"place_id", "place"}, "unique place id (\"SD-01\")"),
      f("area", "text", true, {"county", "locality"}, "the place's area or county"),
      f("beds", "integer", true, {"free_beds", "beds_free"}, "beds free from free_date (>= 0)"),
      f("gender", "place_gender", false, {"unit_gender"}, "mixed (blank), female or male"),
      f("step_free", "boolean", false, {"step_free_access"}, "step-free access; blank: false"),
      f("substance_use_support", "boolean", false, {},
        "substance-use support on site; blank: false"),
      f("max_risk", "risk", true, {"risk", "highest_risk"},
        "highest risk level accepted: low, medium, high"),
      f("free_date", "date", true, {"available_from", "date_free"}, "when the beds become free"),
      f("max_stay_days", "integer", false, {"max_stay"}, "longest stay in days; blank: none"),
  };
  return s;
}

const std::vector<SchemaField>& workers_schema() {
  static const std::vector<SchemaField> s = {
      f("id", "text", true, {"worker_id", "worker"}, "unique worker id (\"W-NAV-01\")"),
      f("role", "role", true, {"job_role"},
        "pathway_navigator, substance_use_specialist, transition_support_worker, "
        "peer_support_worker, "
        "family_liaison_officer, or their display names (\"Pathway navigator\")"),
      f("areas", "list", true, {"area", "areas_covered"}, "areas covered, comma-separated"),
      f("caseload_limit", "integer", true, {"limit", "caseload_max"}, "most people at once"),
      f("current_load", "integer", false, {"caseload", "current_caseload"}, "people now; blank: 0"),
  };
  return s;
}

const std::vector<SchemaField>& people_schema() {
  static const std::vector<SchemaField> s = {
      f("id", "text", true, {"person_id", "LocalPatientId", "Person_ID"}, "pseudonymous person id"),
      f("area", "text", true, {"county", "home_area"}, "home area or county"),
      f("gender", "person_gender", false, {},
        "female, male, non_binary, other, not_stated (blank)"),
      f("risk", "risk", true, {"risk_level"}, "low, medium or high"),
      f("needs", "list", false, {}, "step_free_access, substance_use_support (comma-separated)"),
      f("ready_date", "date", true, {"StartDateClinReadyforDisch", "crfd_date"},
        "clinically ready for discharge"),
      f("preferences", "list", false, {"preferred_places"},
        "ranked place ids, best first (comma-separated)"),
      f("acceptable_areas", "list", false, {"other_areas"}, "other areas the person would accept"),
      f("expected_stay_days", "integer", false, {"expected_stay"},
        "expected step-down stay in days"),
      f("known_workers", "list", false, {}, "worker ids already known (comma-separated)"),
      f("roles", "list", false, {"roles_needed"},
        "roles needed (comma-separated; blank: the default roles)"),
  };
  return s;
}

}  // namespace

const std::vector<SchemaField>& table_schema(std::string_view table) {
  if (table == "events") return events_schema();
  if (table == "readings") return readings_schema();
  if (table == "places") return places_schema();
  if (table == "workers") return workers_schema();
  if (table == "people") return people_schema();
  throw NotFound("table", "unknown table " + quote_value(table) +
                              " (known: events, readings, places, workers, people)");
}

std::string table_schemas_to_json() {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const char* t : {"events", "readings", "places", "workers", "people"}) {
    auto arr = nlohmann::ordered_json::array();
    for (const auto& fld : table_schema(t)) {
      arr.push_back({{"name", fld.name},
                     {"kind", fld.kind},
                     {"required", fld.required},
                     {"aliases", fld.aliases},
                     {"description", fld.description}});
    }
    out[t] = std::move(arr);
  }
  return out.dump();
}

int event_type_precedence(EventType t) {
  switch (t) {
    case EventType::referral_received: return 0;
    case EventType::planned_discharge_changed: return 1;
    case EventType::initial_visit: return 2;
    case EventType::accepted: return 3;
    case EventType::declined: return 4;
    case EventType::transition_plan_agreed: return 5;
    case EventType::clinically_ready_for_discharge: return 6;
    case EventType::discharged: return 7;
    case EventType::follow_up_contact: return 8;
    case EventType::step_down_admitted: return 9;
    case EventType::step_down_left: return 10;
    case EventType::readmitted: return 11;
    case EventType::out_of_area_placement: return 12;
    case EventType::died: return 13;
    case EventType::closed: return 14;
  }
  return 100;
}

}  // namespace homeward
