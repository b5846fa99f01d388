// Python bindings for placement matching and worker allocation. Thin: the
// domain crosses as JSON text (converted in python/homeward/_matching.py),
// the core validates, solves and explains; the GIL is released while it runs.
#include "common.hpp"

#include "homeward/matching.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace homeward::py_bind {

void bind_matching(py::module_& m) {
  py::class_<MatchResult, std::shared_ptr<MatchResult>>(
      m, "_MatchResult",
      "A matching or allocation result held by the core. Use homeward.MatchResult, "
      "which wraps it.")
      .def_property_readonly(
          "kind", [](const MatchResult& r) { return r.kind; }, "'placements' or 'workers'.")
      .def_property_readonly(
          "people", [](const MatchResult& r) { return r.people; }, "Number of people in the input.")
      .def_property_readonly(
          "matched", [](const MatchResult& r) { return r.matches.size(); },
          "Number of recommended matches.")
      .def_property_readonly(
          "unmatched", [](const MatchResult& r) { return r.unmatched.size(); },
          "Number of people (per role for workers) left unmatched.")
      .def_property_readonly(
          "total_cost", [](const MatchResult& r) { return r.total_cost; },
          "Sum of the matches' costs.")
      .def_property_readonly(
          "solver", [](const MatchResult& r) { return r.solver; },
          "'dense', 'sparse', 'mixed' or 'none'.")
      .def(
          "to_json",
          [](const MatchResult& r, int indent) {
            py::gil_scoped_release release;
            return match_result_to_json(r, indent);
          },
          py::arg("indent") = -1, "The result as JSON text (schema in docs/matching.md).")
      .def(
          "explain",
          [](const MatchResult& r, const std::string& person) { return explain_match(r, person); },
          py::arg("person_id"),
          "A readable multi-line explanation of one person's outcome. Raises NotFoundError for "
          "a person not in the result.")
      .def(
          "report", [](const MatchResult& r) { return match_report(r); },
          "A Markdown report: recommendations with reasons, unmatched people with why.")
      .def("__repr__", [](const MatchResult& r) {
        return "<homeward._core._MatchResult " + r.kind + ": " + std::to_string(r.matches.size()) +
               " matched, " + std::to_string(r.unmatched.size()) + " unmatched>";
      });

  m.def(
      "_match_placements",
      [](const PyJsonSource& input, const std::string& options) {
        const JsonSource src = json_source_from_py(input, "input");
        py::gil_scoped_release release;
        const MatchInput in =
            src.is_path ? match_input_from_file(src.data) : match_input_from_json(src.data);
        const MatchOptions opt = match_options_from_json(options);
        return std::make_shared<MatchResult>(match_placements(in.people, in.places, opt));
      },
      py::arg("input"), py::arg("options") = "",
      "Match people to places. `input` is the input JSON document (str/bytes) or a path "
      "(os.PathLike), "
      "`options` the options JSON. Use homeward.match_placements.");
  m.def(
      "_allocate_workers",
      [](const PyJsonSource& input, const std::string& options) {
        const JsonSource src = json_source_from_py(input, "input");
        py::gil_scoped_release release;
        const MatchInput in =
            src.is_path ? match_input_from_file(src.data) : match_input_from_json(src.data);
        const MatchOptions opt = match_options_from_json(options);
        return std::make_shared<MatchResult>(allocate_workers(in.people, in.workers, opt));
      },
      py::arg("input"), py::arg("options") = "",
      "Allocate workers per role. Use homeward.allocate_workers.");
  m.def(
      "_match_placements_ranked",
      [](const PyJsonSource& input, std::size_t k, const std::string& options) {
        const JsonSource src = json_source_from_py(input, "input");
        std::vector<std::shared_ptr<MatchResult>> out;
        {
          py::gil_scoped_release release;
          const MatchInput in =
              src.is_path ? match_input_from_file(src.data) : match_input_from_json(src.data);
          const MatchOptions opt = match_options_from_json(options);
          for (auto& r : match_placements_ranked(in.people, in.places, k, opt)) {
            out.push_back(std::make_shared<MatchResult>(std::move(r)));
          }
        }
        return out;
      },
      py::arg("input"), py::arg("k"), py::arg("options") = "",
      "The k best placement recommendations in order. Use homeward.match_placements_ranked.");
  m.def(
      "_allocate_workers_ranked",
      [](const PyJsonSource& input, std::size_t k, const std::string& options) {
        const JsonSource src = json_source_from_py(input, "input");
        std::vector<std::shared_ptr<MatchResult>> out;
        {
          py::gil_scoped_release release;
          const MatchInput in =
              src.is_path ? match_input_from_file(src.data) : match_input_from_json(src.data);
          const MatchOptions opt = match_options_from_json(options);
          for (auto& r : allocate_workers_ranked(in.people, in.workers, k, opt)) {
            out.push_back(std::make_shared<MatchResult>(std::move(r)));
          }
        }
        return out;
      },
      py::arg("input"), py::arg("k"), py::arg("options") = "",
      "The k best worker allocations in order. Use homeward.allocate_workers_ranked.");
  m.def(
      "_match_placements_with",
      [](const PyJsonSource& input, const std::string& rules,
         const std::string& options) -> std::optional<std::shared_ptr<MatchResult>> {
        const JsonSource src = json_source_from_py(input, "input");
        std::optional<MatchResult> r;
        {
          py::gil_scoped_release release;
          const MatchInput in =
              src.is_path ? match_input_from_file(src.data) : match_input_from_json(src.data);
          const std::vector<MatchRule> rs = match_rules_from_json(rules);
          const MatchOptions opt = match_options_from_json(options);
          r = match_placements_with(in.people, in.places, rs, opt);
        }
        if (!r) return std::nullopt;
        return std::make_shared<MatchResult>(std::move(*r));
      },
      py::arg("input"), py::arg("rules"), py::arg("options") = "",
      "The best placements obeying rules (JSON), or None. Use homeward.match_placements_with.");
  m.def(
      "_allocate_workers_with",
      [](const PyJsonSource& input, const std::string& rules,
         const std::string& options) -> std::optional<std::shared_ptr<MatchResult>> {
        const JsonSource src = json_source_from_py(input, "input");
        std::optional<MatchResult> r;
        {
          py::gil_scoped_release release;
          const MatchInput in =
              src.is_path ? match_input_from_file(src.data) : match_input_from_json(src.data);
          const std::vector<MatchRule> rs = match_rules_from_json(rules);
          const MatchOptions opt = match_options_from_json(options);
          r = allocate_workers_with(in.people, in.workers, rs, opt);
        }
        if (!r) return std::nullopt;
        return std::make_shared<MatchResult>(std::move(*r));
      },
      py::arg("input"), py::arg("rules"), py::arg("options") = "",
      "The best allocation obeying rules (JSON), or None. Use homeward.allocate_workers_with.");
  m.def(
      "_match_result_from_json",
      [](const std::string& text) {
        py::gil_scoped_release release;
        return std::make_shared<MatchResult>(match_result_from_json(text));
      },
      py::arg("text"), "Read a result back from its JSON.");
  m.def(
      "_match_options_json",
      [](const std::string& options) {
        return match_options_to_json(match_options_from_json(options));
      },
      py::arg("options") = "", "Validate options JSON and return it with every default filled in.");
  auto result_cls = py::reinterpret_borrow<py::class_<MatchResult, std::shared_ptr<MatchResult>>>(
      m.attr("_MatchResult"));
  def_pickle<MatchResult>(
      result_cls, "MatchResult", "homeward.match_result",
      [](const MatchResult& r) { return match_result_to_json(r); },
      [](const std::string& payload) {
        return std::make_shared<MatchResult>(match_result_from_json(payload));
      });
}

}  // namespace homeward::py_bind
