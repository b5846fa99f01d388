// FHIR R4 import (hw_fhir_import): a Bundle or a single resource as JSON text,
// with options JSON ({"person_system", "max_bytes", "star"}).
// Input: a flags byte (bit 0: ask for the readings, bit 1: ask for the
// summary), the FHIR JSON, a NUL byte, the options JSON (empty: NULL).
// Checks: on failure every out pointer stays NULL; on success the caseload's
// own JSON reloads with hw_caseload_from_json (to the same document), the
// readings serialise, and the summary is JSON whose people and events are the
// caseload's (hw_caseload_size).
#include "fuzz_common.hpp"

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16384) return 0;
  fuzz::Input in(data, size);
  const std::uint8_t flags = in.byte();
  const std::string text = in.until_nul();
  const std::string options = in.rest();

  hw_caseload* caseload = nullptr;
  hw_star_readings* readings = nullptr;
  char* summary = nullptr;
  const int st =
      hw_fhir_import(&caseload, (flags & 1) ? &readings : nullptr, (flags & 2) ? &summary : nullptr,
                     text.c_str(), options.empty() ? nullptr : options.c_str(), fuzz::E());
  if (!fuzz::ok(st, "hw_fhir_import")) {
    FUZZ_CHECK(caseload == nullptr && readings == nullptr && summary == nullptr,
               "an out pointer was written although hw_fhir_import failed");
    return 0;
  }
  FUZZ_CHECK(caseload != nullptr, "hw_fhir_import succeeded without a caseload");
  std::size_t people = 0, events = 0;
  fuzz::must(hw_caseload_size(&people, &events, caseload, fuzz::E()), "hw_caseload_size");
  if (summary != nullptr) {
    // The summary counts what the caseload holds.
    FUZZ_CHECK(nlohmann::json::accept(summary), "the import summary is not JSON");
    const auto j = nlohmann::json::parse(summary);
    if (j.value("people", std::size_t{0}) != people ||
        j.value("events", std::size_t{0}) != events) {
      fuzz::fail("the import summary's people / events differ from the caseload's", summary);
    }
    hw_string_free(summary);
  }

  fuzz::Str doc, doc2;
  fuzz::must(hw_caseload_to_json(doc.out(), caseload, HW_JSON_COMPACT, fuzz::E()),
             "hw_caseload_to_json");
  hw_caseload* again = nullptr;
  if (hw_caseload_from_json(&again, doc.p, nullptr, fuzz::E()) != HW_OK) {
    fuzz::fail("the imported caseload's own JSON does not reload", doc.str().substr(0, 400));
  }
  fuzz::must(hw_caseload_to_json(doc2.out(), again, HW_JSON_COMPACT, fuzz::E()),
             "hw_caseload_to_json (reloaded)");
  if (doc.str() != doc2.str())
    fuzz::fail("the reloaded caseload differs", doc.str().substr(0, 400));
  hw_caseload_free(again);
  hw_caseload_free(caseload);

  if (readings != nullptr) {
    fuzz::Str r;
    fuzz::must(hw_star_readings_to_json(r.out(), readings, fuzz::E()), "hw_star_readings_to_json");
    hw_star_readings_free(readings);
  }
  return 0;
}
