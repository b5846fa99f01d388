// FHIR R4 export and import: conversions only (the mapping lives in src/fhir_*.cpp).
#include "common.hpp"

#include "homeward/fhir.hpp"

#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace homeward::py_bind {
namespace {
HW_PY_NAMED(PyOptReadings, "StarReadings | None");
HW_PY_NAMED(PyOptDefinition, "StarDefinition | None");
}  // namespace

void bind_fhir(py::module_& m) {
  m.def(
      "_fhir_export",
      [](const Caseload& c, std::optional<std::string> person_id, const PyOptReadings& readings_in,
         std::optional<Date> as_of, const std::string& options_json) {
        const StarReadings* readings =
            readings_in.is_none() ? nullptr : readings_in.cast<const StarReadings*>();
        FhirExportOptions o = fhir_export_options_from_json(options_json, "options");
        o.as_of = as_of;
        py::gil_scoped_release release;
        if (person_id) return fhir_export_pathway(c.pathway(*person_id), readings, o);
        return fhir_export_caseload(c, readings, o);
      },
      py::arg("caseload"), py::arg("person_id"), py::arg("readings"), py::arg("as_of"),
      py::arg("options_json"),
      "A FHIR R4 collection Bundle (JSON text) of one person's pathway or of the whole caseload.");
  m.def(
      "_fhir_import",
      [](const std::vector<std::string>& texts, const std::vector<std::string>& names,
         const std::string& options_json) {
        const FhirImportOptions o = fhir_import_options_from_json(options_json, "options");
        std::optional<FhirImport> r;
        {
          py::gil_scoped_release release;
          r = texts.size() == 1 && names.size() == 1 && names[0].empty()
                  ? fhir_import(texts[0], o)
                  : fhir_import(texts, names, o);
        }
        std::string summary = fhir_import_summary_json(*r);
        return std::make_tuple(std::move(r->caseload), std::move(r->readings), std::move(summary));
      },
      py::arg("texts"), py::arg("names"), py::arg("options_json"),
      "Read FHIR JSON documents: (caseload, readings or None, summary JSON).");
  m.def(
      "_fhir_definitions",
      [](const PyOptDefinition& star_in) {
        const StarDefinition* star =
            star_in.is_none() ? nullptr : star_in.cast<const StarDefinition*>();
        return star ? fhir_definitions_json(*star) : fhir_definitions_json();
      },
      py::arg("star"), "homeward's CodeSystems as a FHIR collection Bundle (JSON text).");
}

}  // namespace homeward::py_bind
