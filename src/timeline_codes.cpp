// MHSDS code tables (include/homeward/timeline_codes.hpp). The lists and
// their sources are documented in docs/measures.md ("Code tables").
#include "homeward/timeline_codes.hpp"

#include "homeward/error.hpp"
#include "timeline_internal.hpp"

#include <array>

namespace homeward {
namespace {

// ClinReadyforDischDelayReason, MHSDS v6 (menh_analysis/notebooks/01_Prepare/
// 0.5_VersionChanges.py lines 336-373); groups as NHS England's acute
// inpatient dashboard derives Der_CRFD_ReasonGroup (nhsengland/MHSDS,
// "Mental Health Inpatient Dashboard/Acute Inpatient Dashboard 2025.sql"
// lines 1016-1024).
const std::vector<CodeEntry> kDelayReasons = {
    {"01", "Awaiting care coordinator allocation", "community"},
    {"02", "Awaiting allocation of community psychiatrist", "community"},
    {"03", "Awaiting allocation of social worker", "social_care"},
    {"04", "Awaiting public funding or decision from funding panel", "community"},
    {"05",
     "Awaiting further community or mental health NHS Services not delivered in an acute setting "
     "including intermediate care, rehabilitation services, step down service",
     "community"},
    {"06", "Awaiting availability of placement in prison or Immigration Removal Centre",
     "community"},
    {"07", "Awaiting availability of placement in care home without nursing", "social_care"},
    {"08", "Awaiting availability of placement in care home with nursing", "community"},
    {"09", "Awaiting commencement of care package in usual or temporary place of residence",
     "community"},
    {"10", "Awaiting provision of community equipment and/or adaptations to own home", "community"},
    {"11", "Patient or Family choice", "hospital"},
    {"12", "Disputes relating to responsible commissioner for post-discharge care", "community"},
    {"13",
     "Disputes relating to post-discharge care pathway between clinical teams and/or care panels",
     "community"},
    {"14", "Housing - awaiting availability of private rented accommodation", "housing"},
    {"15",
     "Housing - awaiting availability of social rented housing via council housing waiting list",
     "housing"},
    {"16", "Housing - awaiting purchase/sourcing of own home", "housing"},
    {"17", "Housing - Patient NOT eligible for funded care or support", "housing"},
    {"18", "Housing - Awaiting supported accommodation", "housing"},
    {"19",
     "Housing - Awaiting temporary accommodation from the Local Authority under housing "
     "legislation",
     "housing"},
    {"20", "Awaiting availability of residential children's home (non-secure)", "social_care"},
    {"21", "Awaiting availability of secure children's home (welfare or non-welfare)",
     "social_care"},
    {"22", "Awaiting availability of placement in Youth Offender Institution", "community"},
    {"23", "Child or young person awaiting foster placement", "community"},
    {"24", "Awaiting Ministry of Justice agreement to proposed placement", "community"},
    {"25", "Awaiting outcome of legal proceedings under relevant Mental Health legislation",
     "community"},
    {"26", "Awaiting Court of Protection proceedings", "community"},
    {"27", "Awaiting Deprivation of Liberty Safeguards (DOLS) Application", "community"},
    {"28", "Delay due to consideration of specific court judgements", "community"},
    {"29", "Awaiting residential special school or college placement", "community"},
    {"30", "Lack of local education support", "community"},
    {"31",
     "Public safety concern unrelated to clinical treatment need (care team and/or ministry of "
     "justice)",
     "community"},
    {"32", "Highly bespoke housing and/or care arrangements not available in the community",
     "housing"},
    {"33", "No lawful support available in the community excluding social care", "community"},
    {"34", "No social care support including social care funded placement", "social_care"},
    {"35", "Delays to NHS-led assessments in the community", "hospital"},
    {"36", "Hospital staff shortages", "hospital"},
    {"37", "Delays to non-NHS led assessments in the community", "community"},
    {"98", "Reason not known", "not_known"},
};

// AttribToIndic, v6 (0.5_VersionChanges.py lines 291-293).
const std::vector<CodeEntry> kAttributable = {
    {"04", "NHS, excluding housing", "nhs"},
    {"05", "Social Care, excluding housing", "social_care"},
    {"06", "Both (NHS and Social Care), excluding housing", "both"},
};

// MethOfDischMHHospProvSpell (NHS Data Dictionary, "Method of discharge
// from mental health hospital provider spell"); 4 and 5 are the 72-hour
// measure's exclusions (02_72HOURS/01_Prepare/PrepViews.py line 208).
const std::vector<CodeEntry> kMethods = {
    {"1", "Patient discharged on clinical advice or with clinical consent", "discharged"},
    {"2", "Patient discharged themselves or was discharged by a relative or advocate",
     "discharged"},
    {"3", "Patient discharged by mental health review tribunal, Home Secretary or court",
     "discharged"},
    {"4", "Patient died", "died"},
    {"5", "Stillbirth", "died"},
    {"8", "Not applicable", "not_known"},
    {"9", "Not known", "not_known"},
};

// DestOfDischHospProvSpell (NHS Data Dictionary "Discharge destination
// code (hospital provider spell)"); the 72-hour exclusion list is in
// menh_publications/notebooks/00_common_objects/00_version_change_tables.py
// lines 272-284.
const std::vector<CodeEntry> kDestinations = {
    {"19", "Usual place of residence unless listed below", "home"},
    {"29", "Temporary place of residence when usually resident elsewhere", "home"},
    {"30", "Repatriation from high security psychiatric hospital", "repatriation"},
    {"37", "Court", "justice"},
    {"38", "Penal establishment or police station", "justice"},
    {"40", "Penal establishment", "justice"},
    {"42", "Police station", "justice"},
    {"48", "High security psychiatric hospital, Scotland", "psychiatric_or_secure_hospital"},
    {"49", "NHS other hospital provider - high security psychiatric accommodation",
     "psychiatric_or_secure_hospital"},
    {"50", "NHS other hospital provider - medium secure unit", "psychiatric_or_secure_hospital"},
    {"51",
     "NHS other hospital provider - ward for general patients or the younger physically disabled",
     "other_hospital"},
    {"52", "NHS other hospital provider - ward for maternity patients or neonates",
     "other_hospital"},
    {"53",
     "NHS other hospital provider - ward for patients who are mentally ill or have learning "
     "disabilities",
     "psychiatric_or_secure_hospital"},
    {"54", "NHS run Care Home", "care_home"},
    {"65", "Local Authority residential accommodation", "care_home"},
    {"66", "Local Authority foster care", "home"},
    {"79", "Not applicable - patient died or stillbirth", "died"},
    {"84", "Non-NHS run hospital - medium secure unit", "psychiatric_or_secure_hospital"},
    {"85", "Non-NHS (other than Local Authority) run Care Home", "care_home"},
    {"87", "Non-NHS run hospital", "psychiatric_or_secure_hospital"},
    {"88", "Non-NHS (other than Local Authority) run Hospice", "other_hospital"},
    {"89", "Organisation responsible for forced repatriation", "repatriation"},
    {"98", "Not applicable", "not_known"},
    {"99", "Not known", "not_known"},
};

// MHAdmittedPatientClass, v6. The codes are the ones NHS England's code
// tests (02_72HOURS/01_Prepare/PrepViews.py lines 214-225); the names of
// 200-202 follow menh_analysis Inpatient measures.py lines 825-826; group
// "acute" is the 72-hour measure's adult acute list (line 214).
const std::vector<CodeEntry> kBedTypes = {
    {"200", "Adult Acute", "acute"},
    {"201", "Older Adult Acute", "acute"},
    {"202", "Adult Acute (psychiatric intensive care)", "acute"},
    {"203", "Adult specialist class 203", "other"},
    {"204", "Adult specialist class 204", "other"},
    {"205", "Adult class 205 (counted as acute by the 72-hour measure)", "acute"},
    {"206", "Adult specialist class 206", "other"},
    {"207", "Adult specialist class 207", "other"},
    {"208", "Adult specialist class 208", "other"},
    {"209", "Adult specialist class 209", "other"},
    {"212", "Adult class 212 (counted as acute by the 72-hour measure)", "acute"},
    {"213", "Adult class 213 (counted as acute by the 72-hour measure)", "acute"},
    {"300", "Children and young people class 300", "other"},
    {"301", "Children and young people class 301", "other"},
    {"302", "Children and young people class 302", "other"},
    {"303", "Children and young people class 303", "other"},
    {"304", "Children and young people class 304", "other"},
    {"305", "Children and young people class 305", "other"},
    {"306", "Children and young people class 306", "other"},
    {"307", "Children and young people class 307", "other"},
    {"308", "Children and young people class 308", "other"},
    {"309", "Children and young people class 309", "other"},
    {"310", "Children and young people class 310", "other"},
    {"311", "Children and young people class 311", "other"},
};

// WardSecLevel.
const std::vector<CodeEntry> kSecurity = {
    {"0", "General", "general"},
    {"1", "Low Secure", "secure"},
    {"2", "Medium Secure", "secure"},
    {"3", "High Secure", "secure"},
};

// AttendStatus (menh_analysis/notebooks/01_Prepare/1.Main_monthly_prep.py
// lines 1678-1699); 5 and 6 are attended (PrepViews.py line 22).
const std::vector<CodeEntry> kAttend = {
    {"2", "Appointment cancelled by, or on behalf of the patient", "not_attended"},
    {"3", "Did not attend, no advance warning given", "not_attended"},
    {"4", "Appointment cancelled or postponed by the health care provider", "not_attended"},
    {"5",
     "Attended on time or, if late, before the relevant professional was ready to see the patient",
     "attended"},
    {"6",
     "Arrived late, after the relevant professional was ready to see the patient, but was seen",
     "attended"},
    {"7", "Patient arrived late and could not be seen", "not_attended"},
};

// ConsMechanismMH, v5+ (0.5_VersionChanges.py lines 228-241); 01, 02, 04
// and 11 count for the 72-hour follow-up (00_version_change_tables.py
// lines 195-199).
const std::vector<CodeEntry> kMechanisms = {
    {"01", "Face to face", "direct"},
    {"02", "Telephone", "direct"},
    {"04", "Talk type for a person unable to speak", "direct"},
    {"05", "Email", "written"},
    {"09", "Text Message (Asynchronous)", "written"},
    {"10", "Instant messaging (Synchronous)", "written"},
    {"11", "Video consultation", "direct"},
    {"12", "Message Board (Asynchronous)", "written"},
    {"13", "Chat Room (Synchronous)", "written"},
    {"98", "Other (not listed)", "other"},
};

// ReasonOAT: 10-15 mark an out of area placement (menh_analysis/notebooks/
// 01_Prepare/0.Generic_prep.py line 515); 10 is the inappropriate one
// (menh_bbrb/notebooks/02_Specific_Prepare/08_oaps/oaps_prep.py line 180).
const std::vector<CodeEntry> kOatReasons = {
    {"10", "Unavailability of bed at referring organisation", "inappropriate"},
    {"11", "Safeguarding", "appropriate"},
    {"12", "Offending restrictions", "appropriate"},
    {"13", "Staff member or their family member", "appropriate"},
    {"14", "Patient choice", "appropriate"},
    {"15", "Patient away from home", "appropriate"},
};

struct TableInfo {
  std::string_view name;
  std::string_view mhsds;
  const std::vector<CodeEntry>* entries;
};

const std::array<TableInfo, kCodeTableCount>& tables() {
  static const std::array<TableInfo, kCodeTableCount> t = {{
      {"delay_reason", "ClinReadyforDischDelayReason", &kDelayReasons},
      {"attributable_to", "AttribToIndic", &kAttributable},
      {"discharge_method", "MethOfDischMHHospProvSpell", &kMethods},
      {"discharge_destination", "DestOfDischHospProvSpell", &kDestinations},
      {"bed_type", "MHAdmittedPatientClass", &kBedTypes},
      {"ward_security_level", "WardSecLevel", &kSecurity},
      {"attend_status", "AttendStatus", &kAttend},
      {"consultation_mechanism", "ConsMechanismMH", &kMechanisms},
      {"out_of_area_reason", "ReasonOAT", &kOatReasons},
  }};
  return t;
}

const TableInfo& info(CodeTable t) {
  const auto i = static_cast<std::size_t>(t);
  if (i >= kCodeTableCount)
    throw InvalidArgument("table", "unknown code table " + std::to_string(i));
  return tables()[i];
}

}  // namespace

std::string_view code_table_name(CodeTable t) { return info(t).name; }
std::string_view code_table_mhsds_name(CodeTable t) { return info(t).mhsds; }

CodeTable parse_code_table(std::string_view name, std::string_view field) {
  std::string known;
  for (std::size_t i = 0; i < kCodeTableCount; ++i) {
    if (tables()[i].name == name) return static_cast<CodeTable>(i);
    if (i) known += ", ";
    known += tables()[i].name;
  }
  throw NotFound(std::string(field), "unknown code table \"" + std::string(name.substr(0, 60)) +
                                         "\" (known: " + known + ")");
}

const std::vector<CodeEntry>& code_table(CodeTable t) { return *info(t).entries; }

std::optional<std::size_t> find_code(CodeTable t, std::string_view code) {
  const auto& e = code_table(t);
  for (std::size_t i = 0; i < e.size(); ++i) {
    if (e[i].code == code) return i;
  }
  return std::nullopt;
}

std::size_t require_code(CodeTable t, std::string_view code, const std::string& field) {
  if (auto i = find_code(t, code)) return *i;
  std::string valid;
  for (const auto& e : code_table(t)) {
    if (!valid.empty()) valid += ", ";
    valid += e.code;
  }
  std::string shown;
  timeline_detail::append_json_string(shown, code.substr(0, 40));
  throw InvalidArgument(field, shown + " is not a valid " + std::string(info(t).mhsds) +
                                   " code (valid: " + valid + ")");
}

std::string_view code_name(CodeTable t, std::string_view code) {
  auto i = find_code(t, code);
  return i ? code_table(t)[*i].name : std::string_view();
}

std::string_view code_group(CodeTable t, std::string_view code) {
  auto i = find_code(t, code);
  return i ? code_table(t)[*i].group : std::string_view();
}

std::string code_tables_to_json(std::optional<CodeTable> only) {
  using timeline_detail::append_json_string;
  std::string out = "{";
  bool first = true;
  for (std::size_t i = 0; i < kCodeTableCount; ++i) {
    if (only && static_cast<std::size_t>(*only) != i) continue;
    const auto& t = tables()[i];
    if (!first) out += ',';
    first = false;
    append_json_string(out, t.name);
    out += ":{\"mhsds\":";
    append_json_string(out, t.mhsds);
    out += ",\"codes\":[";
    for (std::size_t k = 0; k < t.entries->size(); ++k) {
      const auto& e = (*t.entries)[k];
      if (k) out += ',';
      out += "{\"code\":";
      append_json_string(out, e.code);
      out += ",\"name\":";
      append_json_string(out, e.name);
      out += ",\"group\":";
      append_json_string(out, e.group);
      out += '}';
    }
    out += "]}";
  }
  out += '}';
  return out;
}

}  // namespace homeward
