// C ABI: capacity planning (thin; logic in src/plan_*.cpp).
#include "capi_common.hpp"

#include "homeward/hw_plan.h"
#include "homeward/plan.hpp"
#include "homeward/timeline.hpp"

using homeward::capi::json_file_arg;
using homeward::capi::json_text_arg;
using homeward::capi::text_buf;
using homeward::capi::text_out;

namespace {

homeward::PlanProgress progress_arg(hw_plan_progress_fn fn, void* user) {
  if (fn == nullptr) return nullptr;
  return [fn, user](std::int64_t done, std::int64_t total) { return fn(done, total, user) != 0; };
}

std::string simulate(const char* model_json, hw_plan_runs runs, hw_plan_progress_fn fn,
                     void* user) {
  if (runs != HW_PLAN_SUMMARY && runs != HW_PLAN_WITH_RUNS) {
    throw homeward::InvalidArgument("runs", "must be HW_PLAN_SUMMARY or HW_PLAN_WITH_RUNS");
  }
  const homeward::PlanModel model =
      homeward::plan_model_from_json(json_text_arg(model_json, "model_json"));
  return homeward::simulation_result_to_json(homeward::simulate(model, progress_arg(fn, user)),
                                             runs == HW_PLAN_WITH_RUNS);
}

std::string sweep(const char* sweep_json, hw_plan_sweep_output output, hw_plan_progress_fn fn,
                  void* user) {
  if (output != HW_PLAN_SWEEP_JSON && output != HW_PLAN_SWEEP_TABLE) {
    throw homeward::InvalidArgument("output", "must be HW_PLAN_SWEEP_JSON or HW_PLAN_SWEEP_TABLE");
  }
  const homeward::SweepSpec spec =
      homeward::sweep_spec_from_json(json_text_arg(sweep_json, "sweep_json"));
  const homeward::SweepResult r = homeward::sweep(spec, progress_arg(fn, user));
  return output == HW_PLAN_SWEEP_TABLE ? homeward::sweep_table(r)
                                       : homeward::sweep_result_to_json(r);
}

homeward::PlanModel base_arg(const char* base_model_json) {
  if (base_model_json == nullptr || *base_model_json == '\0') return homeward::PlanModel{};
  return homeward::plan_model_from_json(json_text_arg(base_model_json, "base_model_json"));
}

std::string fit(const std::string& caseload_text, const char* base_model_json) {
  const homeward::PlanModel base = base_arg(base_model_json);
  const homeward::Caseload caseload = homeward::Caseload::from_json(caseload_text);
  return homeward::plan_fit_to_json(homeward::fit_plan_model(caseload, base));
}

std::string capacity(const std::string& caseload_text, const char* options_json,
                     hw_plan_progress_fn fn, void* user) {
  const homeward::CapacityPlanOptions options =
      homeward::capacity_plan_options_from_json(options_json ? options_json : "");
  const homeward::Caseload caseload = homeward::Caseload::from_json(caseload_text);
  return homeward::capacity_plan_to_json(
      homeward::capacity_plan(caseload, options, {}, progress_arg(fn, user)));
}

}  // namespace

extern "C" {

int hw_plan_simulate(char** out_json, const char* model_json, hw_plan_runs runs,
                     hw_plan_progress_fn progress, void* user, hw_error* err) {
  return text_out(err, out_json, "out_json",
                  [&] { return simulate(model_json, runs, progress, user); });
}

int hw_plan_simulate_buf(char* buf, size_t capacity, size_t* needed, const char* model_json,
                         hw_plan_runs runs, hw_plan_progress_fn progress, void* user,
                         hw_error* err) {
  return text_buf(err, buf, capacity, needed,
                  [&] { return simulate(model_json, runs, progress, user); });
}

int hw_plan_sweep(char** out_text, const char* sweep_json, hw_plan_sweep_output output,
                  hw_plan_progress_fn progress, void* user, hw_error* err) {
  return text_out(err, out_text, "out_text",
                  [&] { return sweep(sweep_json, output, progress, user); });
}

int hw_plan_sweep_buf(char* buf, size_t capacity, size_t* needed, const char* sweep_json,
                      hw_plan_sweep_output output, hw_plan_progress_fn progress, void* user,
                      hw_error* err) {
  return text_buf(err, buf, capacity, needed,
                  [&] { return sweep(sweep_json, output, progress, user); });
}

int hw_plan_fit(char** out_json, const char* caseload_json, const char* base_model_json,
                hw_error* err) {
  return text_out(err, out_json, "out_json", [&] {
    return fit(json_text_arg(caseload_json, "caseload_json"), base_model_json);
  });
}

int hw_plan_fit_buf(char* buf, size_t capacity, size_t* needed, const char* caseload_json,
                    const char* base_model_json, hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] {
    return fit(json_text_arg(caseload_json, "caseload_json"), base_model_json);
  });
}

int hw_plan_fit_file(char** out_json, const char* caseload_path, const char* base_model_json,
                     hw_error* err) {
  return text_out(err, out_json, "out_json", [&] {
    return fit(json_file_arg(caseload_path, "caseload_path"), base_model_json);
  });
}

int hw_plan_fit_file_buf(char* buf, size_t capacity, size_t* needed, const char* caseload_path,
                         const char* base_model_json, hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] {
    return fit(json_file_arg(caseload_path, "caseload_path"), base_model_json);
  });
}

int hw_plan_capacity(char** out_json, const char* caseload_json, const char* options_json,
                     hw_plan_progress_fn progress, void* user, hw_error* err) {
  return text_out(err, out_json, "out_json", [&] {
    return capacity(json_text_arg(caseload_json, "caseload_json"), options_json, progress, user);
  });
}

int hw_plan_capacity_buf(char* buf, size_t capacity_, size_t* needed, const char* caseload_json,
                         const char* options_json, hw_plan_progress_fn progress, void* user,
                         hw_error* err) {
  return text_buf(err, buf, capacity_, needed, [&] {
    return capacity(json_text_arg(caseload_json, "caseload_json"), options_json, progress, user);
  });
}

int hw_plan_capacity_file(char** out_json, const char* caseload_path, const char* options_json,
                          hw_plan_progress_fn progress, void* user, hw_error* err) {
  return text_out(err, out_json, "out_json", [&] {
    return capacity(json_file_arg(caseload_path, "caseload_path"), options_json, progress, user);
  });
}

int hw_plan_capacity_file_buf(char* buf, size_t capacity_, size_t* needed,
                              const char* caseload_path, const char* options_json,
                              hw_plan_progress_fn progress, void* user, hw_error* err) {
  return text_buf(err, buf, capacity_, needed, [&] {
    return capacity(json_file_arg(caseload_path, "caseload_path"), options_json, progress, user);
  });
}

}  // extern "C"
