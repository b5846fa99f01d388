// C ABI: capacity planning (thin; logic in src/plan_*.cpp).
#include "capi_common.hpp"

#include "homeward/hw_plan.h"
#include "homeward/plan.hpp"
#include "homeward/timeline.hpp"

using homeward::capi::dup_string;
using homeward::capi::guard;
using homeward::capi::require;
using homeward::capi::str_arg;

namespace {
homeward::PlanProgress progress_arg(hw_plan_progress_fn fn, void* user) {
  if (fn == nullptr) return nullptr;
  return [fn, user](std::int64_t done, std::int64_t total) { return fn(done, total, user) != 0; };
}
}  // namespace

extern "C" {

int hw_plan_simulate(char** out_json, const char* model_json, int include_runs, hw_plan_progress_fn progress,
                     void* user) {
  return guard([&] {
    require(out_json, "out_json");
    const std::string text = str_arg(model_json, "model_json");
    const homeward::PlanModel model = homeward::plan_model_from_json(text);
    const auto result = homeward::simulate(model, progress_arg(progress, user));
    *out_json = dup_string(homeward::simulation_result_to_json(result, include_runs != 0));
  });
}

int hw_plan_sweep(char** out_json, char** out_table, const char* sweep_json, hw_plan_progress_fn progress,
                  void* user) {
  return guard([&] {
    require(out_json, "out_json");
    const std::string text = str_arg(sweep_json, "sweep_json");
    const homeward::SweepResult r = homeward::sweep(homeward::sweep_spec_from_json(text), progress_arg(progress, user));
    const std::string json = homeward::sweep_result_to_json(r);
    const std::string table = out_table ? homeward::sweep_table(r) : std::string();
    char* j = dup_string(json);
    if (out_table) {
      try {
        *out_table = dup_string(table);
      } catch (...) {
        hw_string_free(j);
        throw;
      }
    }
    *out_json = j;
  });
}

int hw_plan_fit(char** out_json, const char* caseload_json, const char* base_model_json) {
  return guard([&] {
    require(out_json, "out_json");
    const std::string source = str_arg(caseload_json, "caseload_json");
    const homeward::Caseload caseload = homeward::Caseload::from_json(source);
    const homeward::PlanModel base = (base_model_json == nullptr || *base_model_json == '\0')
                                         ? homeward::PlanModel{}
                                         : homeward::plan_model_from_json(base_model_json);
    *out_json = dup_string(homeward::plan_fit_to_json(homeward::fit_plan_model(caseload, base)));
  });
}

int hw_plan_capacity(char** out_json, const char* caseload_json, const char* options_json,
                     hw_plan_progress_fn progress, void* user) {
  return guard([&] {
    require(out_json, "out_json");
    const std::string source = str_arg(caseload_json, "caseload_json");
    const homeward::CapacityPlanOptions options =
        homeward::capacity_plan_options_from_json(options_json ? options_json : "");
    const homeward::Caseload caseload = homeward::Caseload::from_json(source);
    const auto plan = homeward::capacity_plan(caseload, options, {}, progress_arg(progress, user));
    *out_json = dup_string(homeward::capacity_plan_to_json(plan));
  });
}

}  // extern "C"
