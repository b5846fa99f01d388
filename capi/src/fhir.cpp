// C ABI adapter for FHIR R4 export and import: conversions only.
#include "capi_common.hpp"
#include "capi_types.hpp"

#include "homeward/fhir.hpp"
#include "homeward/hw_fhir.h"

#include <memory>

using homeward::capi::dup_string;
using homeward::capi::guard;
using homeward::capi::require;

int hw_fhir_export(char** out_json, const hw_caseload* caseload, const char* person_id,
                   const hw_star_readings* readings, const char* options_json) {
  return guard([&] {
    require(out_json, "out_json");
    require(caseload, "caseload");
    homeward::FhirExportOptions o;
    if (options_json) o = homeward::fhir_export_options_from_json(options_json, "options_json");
    const homeward::StarReadings* r = readings ? &readings->readings : nullptr;
    std::string out;
    if (person_id) {
      out = homeward::fhir_export_pathway(caseload->value.pathway(std::string_view(person_id)), r, o);
    } else {
      out = homeward::fhir_export_caseload(caseload->value, r, o);
    }
    *out_json = dup_string(out);
  });
}

int hw_fhir_import(hw_caseload** out_caseload, hw_star_readings** out_readings, char** out_summary_json,
                   const char* json_text, const char* options_json) {
  return guard([&] {
    require(out_caseload, "out_caseload");
    require(json_text, "json_text");
    homeward::FhirImportOptions o;
    if (options_json) o = homeward::fhir_import_options_from_json(options_json, "options_json");
    homeward::FhirImport result = homeward::fhir_import(json_text, o);
    auto c = std::make_unique<hw_caseload>(hw_caseload{std::move(result.caseload)});
    std::unique_ptr<hw_star_readings> r;
    if (out_readings && result.readings) r = std::make_unique<hw_star_readings>(hw_star_readings{*result.readings});
    char* summary = out_summary_json ? dup_string(homeward::fhir_import_summary_json(result)) : nullptr;
    *out_caseload = c.release();
    if (out_readings) *out_readings = r.release();
    if (out_summary_json) *out_summary_json = summary;
  });
}

int hw_fhir_definitions(char** out_json, const hw_star* star) {
  return guard([&] {
    require(out_json, "out_json");
    *out_json = dup_string(star ? homeward::fhir_definitions_json(star->def) : homeward::fhir_definitions_json());
  });
}
