// Python bindings for capacity planning. Thin: models and results cross as
// JSON text (shaped in python/homeward/_plan.py); the core validates and
// simulates with the GIL released; progress callbacks take the GIL back.
#include "common.hpp"

#include "homeward/plan.hpp"
#include "homeward/timeline.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace homeward::py_bind {
namespace {

// Wraps an optional Python callable(done, total) -> bool | None. Called by
// the core on the calling thread; a Python exception cancels the run and is
// re-raised after the core returns.
// The progress argument: None or callable(done, total) -> bool | None.
HW_PY_NAMED(PyProgress, "collections.abc.Callable[[int, int], bool | None] | None");
// Per-replication figures by name (simulation results' "runs").
HW_PY_NAMED(PyRunColumns, "dict[str, list[float]]");

struct Progress {
  py::object callback;
  std::shared_ptr<py::error_already_set> error;

  PlanProgress function() {
    if (callback.is_none()) return nullptr;
    return [this](std::int64_t done, std::int64_t total) {
      py::gil_scoped_acquire gil;
      try {
        py::object r = callback(done, total);
        return r.is_none() || r.cast<bool>();
      } catch (py::error_already_set& e) {
        error = std::make_shared<py::error_already_set>(std::move(e));
        return false;
      }
    };
  }

  template <class F>
  auto run(F&& f) {
    PlanProgress p = function();
    try {
      py::gil_scoped_release release;
      return f(p);
    } catch (const InvalidArgument&) {
      if (error) throw *error;
      throw;
    }
  }
};

}  // namespace

void bind_plan(py::module_& m) {
  m.def(
      "_plan_simulate",
      [](const std::string& model_json, PyProgress progress, bool include_runs) {
        Progress pr{std::move(progress), nullptr};
        // The per-replication figures cross as columns of Python numbers (the
        // values JSON would carry, without printing and parsing 23 x N numbers).
        auto out = pr.run([&](const PlanProgress& p) {
          const PlanModel model = plan_model_from_json(model_json);
          const SimulationResult r = simulate(model, p);
          std::vector<RunColumn> columns;
          if (include_runs) columns = run_columns(r);
          return std::make_pair(simulation_result_to_json(r, false), std::move(columns));
        });
        py::dict runs;
        for (const RunColumn& c : out.second) {
          py::list values(c.values.size());
          for (std::size_t i = 0; i < c.values.size(); ++i) {
            if (c.field->integer)
              values[i] = py::int_(static_cast<std::int64_t>(c.values[i]));
            else
              values[i] = py::float_(c.values[i]);
          }
          runs[c.field->name] = std::move(values);
        }
        return std::make_pair(std::move(out.first), PyRunColumns(std::move(runs)));
      },
      py::arg("model"), py::arg("progress") = py::none(), py::arg("include_runs") = true,
      "Run the model's replications: (result JSON without runs, the runs' columns: counts "
      "as int, the rest float; empty without include_runs). Use homeward.simulate.");
  m.def(
      "_plan_sweep",
      [](const std::string& sweep_json, PyProgress progress) {
        Progress pr{std::move(progress), nullptr};
        // Python objects are made only once the GIL is held again.
        const auto out = pr.run([&](const PlanProgress& p) {
          const SweepSpec spec = sweep_spec_from_json(sweep_json);
          const SweepResult r = sweep(spec, p);
          return std::make_pair(sweep_result_to_json(r), sweep_table(r));
        });
        return std::make_pair(out.first, out.second);
      },
      py::arg("sweep"), py::arg("progress") = py::none(),
      "Sweep beds x arrival rates x lengths of stay; returns (JSON, table text). Use "
      "homeward.sweep.");
  m.def(
      "_plan_fit",
      [](const Caseload& caseload, const std::string& base_json, const TimelinePolicy& policy) {
        py::gil_scoped_release release;
        const PlanModel base = base_json.empty() ? PlanModel{} : plan_model_from_json(base_json);
        return plan_fit_to_json(fit_plan_model(caseload, base, policy));
      },
      py::arg("caseload"), py::arg("base") = "", py::arg("policy") = TimelinePolicy{},
      "Fit a model from a caseload's history; returns the fit as JSON. Use "
      "homeward.fit_plan_model.");
  m.def(
      "_plan_capacity",
      [](const Caseload& caseload, const std::string& options_json, const TimelinePolicy& policy,
         PyProgress progress) {
        Progress pr{std::move(progress), nullptr};
        return pr.run([&](const PlanProgress& p) {
          const CapacityPlanOptions o = capacity_plan_options_from_json(options_json);
          return capacity_plan_to_json(capacity_plan(caseload, o, policy, p));
        });
      },
      py::arg("caseload"), py::arg("options") = "", py::arg("policy") = TimelinePolicy{},
      py::arg("progress") = py::none(),
      "Beds and workers for the next year from a caseload; returns JSON. Use "
      "homeward.capacity_plan.");
  m.def(
      "_plan_model_json",
      [](const std::string& model_json) {
        return plan_model_to_json(plan_model_from_json(model_json));
      },
      py::arg("model") = "{}", "Validate a model and return it with every default filled in.");
}

}  // namespace homeward::py_bind
