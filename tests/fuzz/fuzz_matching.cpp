// Matching input JSON (hw_matching_placements, hw_matching_workers), then the
// library's own result through hw_matching_explain and hw_matching_report: a result
// the library produced must always reload.
// Input: one byte (placements or workers, stable or optimal), then the JSON.
#include "fuzz_common.hpp"

namespace {

// The first "person" of a result (good enough to pick a person to explain).
std::string first_person(const std::string& text) {
  const std::string key = "\"person\":\"";
  const auto k = text.find(key);
  if (k == std::string::npos) return "P0001";
  const auto e = text.find('"', k + key.size());
  return text.substr(k + key.size(), e - (k + key.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 32768) return 0;
  fuzz::Input in(data, size);
  const std::uint8_t mode = in.byte();
  const std::string text = in.rest();
  const char* options = (mode & 2) ? "{\"method\": \"stable\"}" : nullptr;

  fuzz::Str result;
  const int st = (mode & 1)
                     ? hw_matching_workers(result.out(), text.c_str(), options, fuzz::E())
                     : hw_matching_placements(result.out(), text.c_str(), options, fuzz::E());
  if (!fuzz::ok(st, (mode & 1) ? "hw_matching_workers" : "hw_matching_placements")) {
    FUZZ_CHECK(result.p == nullptr, "a result was written although the call failed");
    return 0;
  }
  fuzz::Str report, explain;
  if (hw_matching_report(report.out(), result.p, fuzz::E()) != HW_OK) {
    fuzz::fail("hw_matching_report refuses the library's own result", result.str().substr(0, 400));
  }
  const std::string id = first_person(result.str());
  const int ex = hw_matching_explain(explain.out(), result.p, id.c_str(), fuzz::E());
  if (ex != HW_OK && ex != HW_ERR_NOT_FOUND) {
    fuzz::fail("hw_matching_explain refuses the library's own result", result.str().substr(0, 400));
  }
  return 0;
}
