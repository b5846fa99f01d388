// Match result JSON from outside (hw_matching_explain, hw_matching_report).
// Input: a person id, a NUL byte, the result JSON.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 65536) return 0;
  fuzz::Input in(data, size);
  const std::string id = in.until_nul();
  const std::string result = in.rest();
  fuzz::Str report, explain;
  if (!fuzz::ok(hw_matching_report(report.out(), result.c_str(), fuzz::E()),
                "hw_matching_report")) {
    FUZZ_CHECK(report.p == nullptr);
  }
  if (!fuzz::ok(hw_matching_explain(explain.out(), result.c_str(), id.c_str(), fuzz::E()),
                "hw_matching_explain")) {
    FUZZ_CHECK(explain.p == nullptr);
  }
  return 0;
}
