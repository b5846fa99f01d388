// Matching input JSON (hw_matching_placements, hw_matching_workers), then the
// library's own result through hw_matching_explain and hw_matching_report: a result
// the library produced must always reload. On input the library accepts, also the
// ranked alternatives (hw_matching_placements_ranked / _workers_ranked, k <= 4)
// and the best result obeying rules (hw_matching_placements_with / _workers_with).
// Input: one byte (bit 0: placements or workers; bit 1: stable or optimal;
// bit 2: ranked, k = 1 + bits 4-5; bit 3: with rules), the JSON, then
// optionally a NUL byte and the rules JSON.
#include "fuzz_common.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace {

// The first "person" of a result (good enough to pick a person to explain).
std::string first_person(const std::string& text) {
  const std::string key = "\"person\":\"";
  const auto k = text.find(key);
  if (k == std::string::npos) return "P0001";
  const auto e = text.find('"', k + key.size());
  return text.substr(k + key.size(), e - (k + key.size()));
}

// A result the library produced is accepted by hw_matching_report.
void check_reloads(const std::string& result, const char* what) {
  fuzz::Str report;
  if (hw_matching_report(report.out(), result.c_str(), fuzz::E()) != HW_OK) {
    fuzz::fail(what, result.substr(0, 400));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 32768) return 0;
  fuzz::Input in(data, size);
  const std::uint8_t mode = in.byte();
  const std::string text = in.until_nul();
  const std::string rules = in.rest();
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
  const bool workers = (mode & 1) != 0;

  if (mode & 4) {
    // Ranked alternatives (optimal only): at most k, best first, each a result.
    const std::size_t k = 1 + ((mode >> 4) & 3);
    fuzz::Str ranked;
    const int rs =
        workers ? hw_matching_workers_ranked(ranked.out(), text.c_str(), k, nullptr, fuzz::E())
                : hw_matching_placements_ranked(ranked.out(), text.c_str(), k, nullptr, fuzz::E());
    if (!fuzz::ok(rs, workers ? "hw_matching_workers_ranked" : "hw_matching_placements_ranked")) {
      FUZZ_CHECK(ranked.p == nullptr, "a result was written although the call failed");
    } else {
      const auto arr = nlohmann::json::parse(ranked.str());
      FUZZ_CHECK(arr.is_array() && !arr.empty() && arr.size() <= k,
                 "ranked alternatives: not an array of 1..k results");
      for (std::size_t i = 0; i < arr.size(); ++i) {
        check_reloads(arr[i].dump(), "hw_matching_report refuses a ranked alternative");
        if (i == 0) continue;
        const auto& a = arr[i - 1].at("summary");
        const auto& b = arr[i].at("summary");
        const auto ma = a.value("matched", 0.0), mb = b.value("matched", 0.0);
        const auto ca = a.value("total_cost", 0.0), cb = b.value("total_cost", 0.0);
        FUZZ_CHECK(ma > mb || (ma == mb && ca <= cb + 1e-6 * (1.0 + std::abs(cb))),
                   "ranked alternatives out of order");
      }
    }
  }
  if ((mode & 8) && !rules.empty()) {
    // The best result obeying rules: a result, or the JSON text null.
    fuzz::Str with;
    const int ws = workers ? hw_matching_workers_with(with.out(), text.c_str(), rules.c_str(),
                                                      options, fuzz::E())
                           : hw_matching_placements_with(with.out(), text.c_str(), rules.c_str(),
                                                         options, fuzz::E());
    if (!fuzz::ok(ws, workers ? "hw_matching_workers_with" : "hw_matching_placements_with")) {
      FUZZ_CHECK(with.p == nullptr, "a result was written although the call failed");
    } else if (with.str() != "null") {
      check_reloads(with.str(), "hw_matching_report refuses a result obeying rules");
    }
  }
  return 0;
}
