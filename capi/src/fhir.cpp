// C ABI adapter for FHIR R4 export and import: conversions only.
#include "capi_common.hpp"
#include "capi_types.hpp"

#include "homeward/fhir.hpp"
#include "homeward/hw_fhir.h"
#include "homeward/io.hpp"

#include <memory>

using homeward::capi::dup_string;
using homeward::capi::guard;
using homeward::capi::require;
using homeward::capi::text_buf;
using homeward::capi::text_out;

namespace {

std::string export_text(const hw_caseload* caseload, const char* person_id,
                        const hw_star_readings* readings, const char* options_json) {
  require(caseload, "caseload");
  homeward::FhirExportOptions o;
  if (options_json) o = homeward::fhir_export_options_from_json(options_json, "options_json");
  const homeward::StarReadings* r = readings ? &readings->readings : nullptr;
  if (person_id)
    return homeward::fhir_export_pathway(caseload->value.pathway(std::string_view(person_id)), r,
                                         o);
  return homeward::fhir_export_caseload(caseload->value, r, o);
}

std::string definitions_text(const hw_star* star) {
  return star ? homeward::fhir_definitions_json(star->def) : homeward::fhir_definitions_json();
}

int import(hw_caseload** out_caseload, hw_star_readings** out_readings, char** out_summary_json,
           const char* text_or_path, bool is_path, const char* options_json, hw_error* err) {
  return guard(err, [&] {
    require(out_caseload, "out_caseload");
    require(text_or_path, is_path ? "path" : "json_text");
    homeward::FhirImportOptions o;
    if (options_json) o = homeward::fhir_import_options_from_json(options_json, "options_json");
    homeward::FhirImport result =
        is_path ? homeward::fhir_import(
                      std::vector<std::string>{homeward::read_file(text_or_path, "path")},
                      std::vector<std::string>{text_or_path}, o)
                : homeward::fhir_import(text_or_path, o);
    // The summary counts the caseload's people and events: write it before the
    // caseload moves out of `result`.
    const std::string summary_text =
        out_summary_json ? homeward::fhir_import_summary_json(result) : std::string();
    auto c = std::make_unique<hw_caseload>(hw_caseload{std::move(result.caseload)});
    std::unique_ptr<hw_star_readings> r;
    if (out_readings && result.readings)
      r = std::make_unique<hw_star_readings>(hw_star_readings{*result.readings});
    char* summary = out_summary_json ? dup_string(summary_text) : nullptr;
    *out_caseload = c.release();
    if (out_readings) *out_readings = r.release();
    if (out_summary_json) *out_summary_json = summary;
  });
}

}  // namespace

int hw_fhir_export(char** out_json, const hw_caseload* caseload, const char* person_id,
                   const hw_star_readings* readings, const char* options_json, hw_error* err) {
  return text_out(err, out_json, "out_json",
                  [&] { return export_text(caseload, person_id, readings, options_json); });
}

int hw_fhir_export_buf(char* buf, size_t capacity, size_t* needed, const hw_caseload* caseload,
                       const char* person_id, const hw_star_readings* readings,
                       const char* options_json, hw_error* err) {
  return text_buf(err, buf, capacity, needed,
                  [&] { return export_text(caseload, person_id, readings, options_json); });
}

int hw_fhir_import(hw_caseload** out_caseload, hw_star_readings** out_readings,
                   char** out_summary_json, const char* json_text, const char* options_json,
                   hw_error* err) {
  return import(out_caseload, out_readings, out_summary_json, json_text, false, options_json, err);
}

int hw_fhir_import_file(hw_caseload** out_caseload, hw_star_readings** out_readings,
                        char** out_summary_json, const char* path, const char* options_json,
                        hw_error* err) {
  return import(out_caseload, out_readings, out_summary_json, path, true, options_json, err);
}

int hw_fhir_definitions(char** out_json, const hw_star* star, hw_error* err) {
  return text_out(err, out_json, "out_json", [&] { return definitions_text(star); });
}

int hw_fhir_definitions_buf(char* buf, size_t capacity, size_t* needed, const hw_star* star,
                            hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] { return definitions_text(star); });
}
