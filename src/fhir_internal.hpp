// Internal to src/: the FHIR vocabulary homeward writes and reads (one home for
// every URI, so export and import cannot drift apart).
#pragma once

#include "homeward/timeline_codes.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace homeward::fhir_detail {

// Extensions (StructureDefinition URLs).
inline const std::string kExtBase = "https://homeward.invalid/fhir/StructureDefinition/";
inline const std::string kExtPlannedDischarge = kExtBase + "planned-discharge-date";
inline const std::string kExtPlannedDischargeChange = kExtBase + "planned-discharge-change";
inline const std::string kExtPathwayEvent = kExtBase + "pathway-event";
inline const std::string kExtAttributes = kExtBase + "attributes";
inline const std::string kExtPathwayAttributes = kExtBase + "pathway-attributes";
inline const std::string kExtRetrospective = kExtBase + "star-reading-retrospective";
// The position of the event(s) a resource carries in the pathway (0-based), so
// that same-day events come back in their recorded order.
inline const std::string kExtEventIndex = kExtBase + "event-index";
// MHSDS details without a FHIR element of their own.
inline const std::string kExtSpellAdmission =
    kExtBase + "spell-admission-date";  // StartDateHospProvSpell
inline const std::string kExtDischargeMethod =
    kExtBase + "discharge-method";  // MethOfDischMHHospProvSpell
inline const std::string kExtWardSecurity = kExtBase + "ward-security-level";  // WardSecLevel
inline const std::string kExtAttendStatus = kExtBase + "attend-status";        // AttendStatus
inline const std::string kExtConsMechanism =
    kExtBase + "consultation-mechanism";                                     // ConsMechanismMH
inline const std::string kExtAttributableTo = kExtBase + "attributable-to";  // AttribToIndic

// Code systems.
inline const std::string kCsBase = "https://homeward.invalid/fhir/CodeSystem/";
inline const std::string kCsEventType = kCsBase + "event-type";
// One CodeSystem per MHSDS code table: kCsBase + "mhsds-" + table name with
// hyphens ("mhsds-delay-reason", "mhsds-discharge-destination", ...).
std::string mhsds_system(CodeTable t);
inline const std::string kCsStar = kCsBase + "outcomes-star";
inline const std::string kCsStarArea = kCsBase + "outcomes-star-area";
inline const std::string kCsCompletedBy = kCsBase + "star-completed-by";
inline const std::string kCsFlagCategory = kCsBase + "flag-category";

// Identifier systems.
inline const std::string kIdReferral = "urn:homeward:referral";
inline const std::string kIdEpisode = "urn:homeward:episode";

// HL7 systems.
inline const std::string kV3ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
inline const std::string kObsCategory =
    "http://terminology.hl7.org/CodeSystem/observation-category";

// A deterministic UUID (RFC 9562 version 8, "custom") from a name: the same
// person, resource kind and ordinal always give the same fullUrl.
std::string name_uuid(std::string_view name);

}  // namespace homeward::fhir_detail
