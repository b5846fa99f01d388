// Matching options JSON (weights, limits, solver, method) on a fixed input.
#include "fuzz_common.hpp"

namespace {
const char* const kInput = R"({"people": [
 {"id": "P0001", "area": "Derbyshire", "gender": "male", "risk": "medium", "ready_date": "2026-04-03",
  "preferences": ["SD-01", "SD-02"], "roles": ["pathway_navigator"]},
 {"id": "P0002", "area": "Lincolnshire", "gender": "female", "risk": "low", "needs": ["step_free_access"],
  "ready_date": "2026-03-20", "preferences": ["SD-02"], "expected_stay_days": 60,
  "known_workers": ["W-NAV-02"], "roles": ["pathway_navigator", "transition_support_worker"]},
 {"id": "P0003", "area": "Derbyshire", "risk": "high", "ready_date": "2026-03-01",
  "acceptable_areas": ["Lincolnshire"]}],
 "places": [
 {"id": "SD-01", "area": "Derbyshire", "beds": 1, "gender": "mixed", "max_risk": "high",
  "free_date": "2026-03-01"},
 {"id": "SD-02", "area": "Lincolnshire", "beds": 2, "step_free": true, "max_risk": "medium",
  "free_date": "2026-03-10", "max_stay_days": 90}],
 "workers": [
 {"id": "W-NAV-01", "role": "pathway_navigator", "areas": ["Derbyshire"], "caseload_limit": 3,
  "current_load": 1},
 {"id": "W-NAV-02", "role": "pathway_navigator", "areas": ["Lincolnshire", "Derbyshire"],
  "caseload_limit": 2},
 {"id": "W-TSW-01", "role": "transition_support_worker", "areas": ["Lincolnshire"],
  "caseload_limit": 1}]})";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16384) return 0;
  const std::string options(reinterpret_cast<const char*>(data), size);
  for (int workers = 0; workers < 2; ++workers) {
    fuzz::Str result;
    const int st = workers
                       ? hw_matching_workers(result.out(), kInput, options.c_str(), fuzz::E())
                       : hw_matching_placements(result.out(), kInput, options.c_str(), fuzz::E());
    if (!fuzz::ok(st, workers ? "hw_matching_workers" : "hw_matching_placements")) {
      FUZZ_CHECK(result.p == nullptr);
      continue;
    }
    fuzz::Str report, explain;
    if (hw_matching_report(report.out(), result.p, fuzz::E()) != HW_OK) {
      fuzz::fail("hw_matching_report refuses the library's own result",
                 result.str().substr(0, 400));
    }
    if (hw_matching_explain(explain.out(), result.p, "P0002", fuzz::E()) != HW_OK) {
      fuzz::fail("hw_matching_explain refuses the library's own result",
                 result.str().substr(0, 400));
    }
  }
  return 0;
}
