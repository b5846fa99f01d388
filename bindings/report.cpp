// homeward._core: the service report (thin; the model lives in src/report_*.cpp).
#include "common.hpp"

#include "homeward/report.hpp"

#include <optional>
#include <string>
#include <vector>

namespace homeward::py_bind {

void bind_report(py::module_& m) {
  m.def(
      "report_json",
      [](const Caseload& caseload, const std::string& settings_json,
         std::optional<StarReadings> readings, std::optional<std::string> matching_json,
         std::vector<std::string> sources, bool pretty) {
        // Parse everything before releasing the GIL (errors name the field).
        const ReportSettings settings = report_settings_from_json(settings_json, "settings");
        ReportInput input;
        input.caseload = caseload;
        input.readings = std::move(readings);
        if (matching_json) {
          try {
            input.matching = match_input_from_json(*matching_json);
          } catch (const Error& e) {
            throw Error(e.code(), join_path("matching", e.field()), e.message());
          }
        }
        input.sources = std::move(sources);
        std::string out;
        {
          py::gil_scoped_release release;
          out = report_to_json(make_report(input, settings), pretty);
        }
        return out;
      },
      py::arg("caseload"), py::arg("settings_json"), py::arg("readings") = py::none(),
      py::arg("matching_json") = py::none(), py::arg("sources") = std::vector<std::string>{},
      py::arg("pretty") = false,
      R"doc(The service report model as JSON (docs/report-schema.md).

settings_json: {"as_of": ..., "period": "month" | "quarter" | "financial_year"} or
{"as_of", "start", "end"}, plus targets, costs, policy, step_down_beds, ...
readings: StarReadings (optional); matching_json: a people/places/workers
document (optional); sources: where the inputs came from, for the page.)doc");

  m.def(
      "report_json_from_documents",
      [](const std::string& input_json) { return report_json(input_json); }, py::arg("input_json"),
      R"doc(JSON in, JSON out (as the C ABI's hw_report_json): {"caseload", "readings",
"matching", "settings", "sources"}; each document embedded or a path to a file.)doc");
}

}  // namespace homeward::py_bind
