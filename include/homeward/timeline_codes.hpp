// homeward: MHSDS code tables used by referral timelines (codes -> names ->
// groups). One home for every code list: the loaders validate against them,
// the measures group by them, and the C ABI and Python expose them as data.
//
// Sources (cited in docs/measures.md): NHS England's published MHSDS
// monthly statistics code (NHSDigital/mental-health-monthly-statistics) and
// the MHSDS v6 technical output specification.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace homeward {

enum class CodeTable : std::uint8_t {
  delay_reason = 0,            // ClinReadyforDischDelayReason (MHS518), v6
  attributable_to = 1,         // AttribToIndic (MHS518)
  discharge_method = 2,        // MethOfDischMHHospProvSpell (MHS501)
  discharge_destination = 3,   // DestOfDischHospProvSpell (MHS501)
  bed_type = 4,                // MHAdmittedPatientClass (MHS502), v6
  ward_security_level = 5,     // WardSecLevel (MHS502)
  attend_status = 6,           // AttendStatus (MHS201)
  consultation_mechanism = 7,  // ConsMechanismMH (MHS201), v5+
  out_of_area_reason = 8,      // ReasonOAT (MHS101)
};
inline constexpr std::size_t kCodeTableCount = 9;

struct CodeEntry {
  std::string_view code;
  std::string_view name;
  std::string_view group;  // e.g. "housing" for delay reasons; "" when the table has no groups
};

// "delay_reason", ...
std::string_view code_table_name(CodeTable t);
// The MHSDS data item the table holds ("ClinReadyforDischDelayReason").
std::string_view code_table_mhsds_name(CodeTable t);
// Throws NotFound naming `field` (and listing the tables) for an unknown name.
CodeTable parse_code_table(std::string_view name, std::string_view field = "table");
const std::vector<CodeEntry>& code_table(CodeTable t);
// Index of `code` in the table, nullopt when absent.
std::optional<std::size_t> find_code(CodeTable t, std::string_view code);
// Index of `code`; throws InvalidArgument naming `field`, quoting the code and
// listing every valid code when it is not in the table.
std::size_t require_code(CodeTable t, std::string_view code, const std::string& field);
// Name of `code` ("" when unknown), group of `code` ("" when unknown).
std::string_view code_name(CodeTable t, std::string_view code);
std::string_view code_group(CodeTable t, std::string_view code);
// {"delay_reason": {"mhsds": "ClinReadyforDischDelayReason",
//   "codes": [{"code", "name", "group"}]}, ...}; one table with `only`.
std::string code_tables_to_json(std::optional<CodeTable> only = std::nullopt);

}  // namespace homeward
