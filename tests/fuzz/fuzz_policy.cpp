// Timeline policy and cost-model JSON (the policy_json / costs_json arguments),
// applied to a fixed caseload through evaluate, snapshot and measures.
// Input: policy JSON, a NUL byte, costs JSON.
#include "fuzz_common.hpp"

namespace {

const char* const kCaseload = R"({"schema": "homeward.caseload", "version": 1, "pathways": [
 {"person_id": "P0001", "events": [
  {"type": "referral_received", "date": "2025-01-06", "planned_discharge": "2025-07-14"},
  {"type": "initial_visit", "date": "2025-01-17"}, {"type": "accepted", "date": "2025-02-20"},
  {"type": "clinically_ready_for_discharge", "date": "2025-04-01", "delay_reason": "18"},
  {"type": "discharged", "date": "2025-05-01"}, {"type": "step_down_admitted", "date": "2025-05-01"},
  {"type": "follow_up_contact", "date": "2025-05-05"},
  {"type": "step_down_left", "date": "2025-08-15", "destination": "permanent_home"}]},
 {"person_id": "P0002", "events": [{"type": "referral_received", "date": "2025-03-03"}]},
 {"person_id": "P0003", "events": [
  {"type": "referral_received", "date": "2025-01-06"}, {"type": "initial_visit", "date": "2025-01-08"},
  {"type": "accepted", "date": "2025-01-10"}, {"type": "discharged", "date": "2025-02-03"},
  {"type": "readmitted", "date": "2025-02-05"}, {"type": "discharged", "date": "2025-03-10"}]}]})";

hw_caseload* caseload() {
  static hw_caseload* c = [] {
    hw_caseload* x = nullptr;
    fuzz::must(hw_caseload_from_json(&x, kCaseload, nullptr, fuzz::E()), "fixed caseload");
    return x;
  }();
  return c;
}

const char* opt(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16384) return 0;
  fuzz::Input in(data, size);
  const std::string policy = in.until_nul();
  const std::string costs = in.rest();
  hw_caseload* c = caseload();

  hw_evaluation* ev = nullptr;
  if (fuzz::ok(hw_caseload_evaluate(&ev, c, 20240, opt(policy), fuzz::E()),
               "hw_caseload_evaluate")) {
    fuzz::Str j;
    fuzz::must(hw_evaluation_to_json(j.out(), ev, fuzz::E()), "hw_evaluation_to_json");
    hw_evaluation_free(ev);
  } else {
    FUZZ_CHECK(ev == nullptr, "the out handle was written although evaluate failed");
  }
  fuzz::Str snap, meas;
  fuzz::ok(hw_caseload_snapshot(snap.out(), c, 20240, opt(policy), fuzz::E()),
           "hw_caseload_snapshot");
  int st = hw_caseload_measures(meas.out(), c, 20089, 20179, HW_NO_DAY, opt(policy), opt(costs),
                                fuzz::E());
  if (!fuzz::ok(st, "hw_caseload_measures")) FUZZ_CHECK(meas.p == nullptr);
  return 0;
}
