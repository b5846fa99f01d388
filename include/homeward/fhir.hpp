// homeward: FHIR R4 both ways -- a person's pathway (and Star readings) out as
// a Bundle that HL7's validator accepts, and Bundles or resources back in as a
// Caseload and StarReadings.
//
// The mapping (docs/fhir.md has every element):
//   referral_received            ServiceRequest (authoredOn; planned discharge date
//                                as an extension; changes of it as extensions)
//   accepted, declined, closed,  EpisodeOfCare (status, statusHistory, period) with
//   transition_plan_agreed       one pathway-event extension per event
//   initial_visit                Encounter (class AMB, type initial-visit)
//   follow_up_contact            Encounter (type follow-up-contact)
//   discharged / readmitted      Encounter (class IMP): one per hospital spell,
//                                period.start = readmission date (absent for the spell
//                                the person was in when referred), period.end =
//                                discharge date, hospitalization.dischargeDisposition
//   step_down_admitted / left    Encounter (class NONAC, type step-down-stay):
//                                period, hospitalization.dischargeDisposition = destination
//   clinically_ready_for_discharge  Flag (code = MHSDS delay reason, period)
//   a Star reading               Observation (category survey; one component per
//                                outcome area; area names only, no ladder text)
// People are never named: every resource refers to the person by a logical
// identifier (system urn:homeward:person-id by default). Every entry has a
// urn:uuid fullUrl derived deterministically from the person, the resource kind
// and its ordinal, so the same pathway always gives the same Bundle.
#pragma once

#include "homeward/date.hpp"
#include "homeward/star.hpp"
#include "homeward/timeline.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace homeward {

// Code systems and extension URLs homeward writes (docs/fhir.md).
inline constexpr const char* kFhirPersonIdSystem = "urn:homeward:person-id";
inline constexpr const char* kFhirBase = "https://homeward.invalid/fhir";

struct FhirExportOptions {
  // Only events (and readings) dated on or before this date.
  std::optional<Date> as_of;
  // Human-readable narrative (Resource.text) on every resource (dom-6).
  bool narrative = true;
  // The identifier system for person ids.
  std::string person_system = kFhirPersonIdSystem;
};
// {"as_of": "2025-06-30", "narrative": true, "person_system": "urn:..."}; every key optional.
FhirExportOptions fhir_export_options_from_json(std::string_view json_text,
                                                std::string_view field = "options");

// One person's pathway (with their Star readings when `readings` is given and
// holds the person) as a FHIR R4 Bundle of type "collection" (JSON text).
std::string fhir_export_pathway(const Pathway& pathway, const StarReadings* readings = nullptr,
                                const FhirExportOptions& options = {});
// Every pathway of a caseload in one collection Bundle (people in caseload
// order, then readings of people not on the caseload).
std::string fhir_export_caseload(const Caseload& caseload, const StarReadings* readings = nullptr,
                                 const FhirExportOptions& options = {});

struct FhirImportOptions {
  // The identifier system that carries person ids.
  std::string person_system = kFhirPersonIdSystem;
  // The star that Observations are read against (default: the Recovery Star).
  std::optional<StarDefinition> star;
  // Largest accepted input in bytes, over all documents (0: no limit).
  std::size_t max_bytes = std::size_t{128} << 20;
};
// {"person_system": "...", "max_bytes": n, "star": {star definition}}; every key optional.
FhirImportOptions fhir_import_options_from_json(std::string_view json_text,
                                                std::string_view field = "options");

struct FhirImport {
  Caseload caseload;
  std::optional<StarReadings> readings;  // nullopt when the input held no Star readings
  std::size_t resources = 0;             // resources read
  // Resources that homeward does not use, one line each:
  // "entry[4] Condition/c1: not used".
  std::vector<std::string> ignored;
};

// Read FHIR JSON: a Bundle ("collection", "searchset", "transaction",
// "batch", "document"), or a single resource. Resources homeward does not use
// are listed in `ignored`; anything it uses but cannot map is an error naming
// the entry, the resource and the element ("entry[3] Encounter/e1:
// hospitalization.dischargeDisposition: ..."). Nothing is returned half-built.
FhirImport fhir_import(std::string_view json_text, const FhirImportOptions& options = {});
// The same over several documents (a folder of resources), `names[i]` naming
// document i in errors (for example its file name).
FhirImport fhir_import(const std::vector<std::string>& json_texts,
                       const std::vector<std::string>& names,
                       const FhirImportOptions& options = {});

// homeward's own FHIR definitions as a collection Bundle of CodeSystem
// resources (event types, flag categories, who completed a Star reading, the
// star and its outcome areas, MHSDS code lists homeward writes), so that a
// receiver or a validator can check every code homeward writes.
std::string fhir_definitions_json(const StarDefinition& star = StarDefinition::recovery_star());

// The import report as JSON: {"resources": n, "people": n, "events": n,
// "readings": n, "ignored": [...]}.
std::string fhir_import_summary_json(const FhirImport& result);

}  // namespace homeward
