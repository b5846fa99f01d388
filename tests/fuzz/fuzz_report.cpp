// The service report model (hw_report_json).
// Input: NUL-separated parts: caseload, settings, readings (optional), matching
// (optional), sources (optional), each a JSON document; the harness builds
// {"caseload": ..., "settings": ..., "readings": ..., "matching": ...,
// "sources": ...} from the parts given.
//
// In the input document a member given as a JSON string is a file path: to keep
// the fuzzer off the file system, an input whose document has such a member is
// skipped (a part that is a string, or text that reshapes the document so that
// one becomes a string). Bounded: 16 KB, trend months <= 24, list limit <= 50.
// Checks: the output is untouched on error, and is JSON on success.
#include "fuzz_common.hpp"
#include "fuzz_json.hpp"

namespace {

bool is_string_part(const std::string& s) {
  const auto k = s.find_first_not_of(" \t\r\n");
  return k != std::string::npos && s[k] == '"';
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16384) return 0;
  fuzz::Input in(data, size);
  static const char* const kNames[] = {"caseload", "settings", "readings", "matching", "sources"};
  std::string doc = "{";
  bool first = true;
  for (const char* name : kNames) {
    const std::string part = in.until_nul();
    if (blank(part)) continue;
    if (is_string_part(part)) return 0;
    if (!first) doc += ", ";
    first = false;
    doc += "\"" + std::string(name) + "\": " + part;
  }
  doc += "}";

  // Parts may close the document early and add members of their own: judge the
  // document as a whole. Text that does not parse here does not parse in the
  // library either (it refuses nesting deeper than 64 and duplicate keys too),
  // so it never reaches a path.
  if (auto j = fuzz::parse_object(doc)) {
    for (auto it = j->begin(); it != j->end(); ++it) {
      if (it->is_string()) return 0;
    }
    if (auto s = j->find("settings"); s != j->end() && s->is_object()) {
      fuzz::clamp_member(*s, "trend_months", 24);
      fuzz::clamp_member(*s, "list_limit", 50);
      doc = fuzz::dump(*j);
    }
  } else if (doc.size() > 16384 || !fuzz::shallow(doc)) {
    return 0;
  }

  fuzz::Str out;
  const int st = hw_report_json(out.out(), doc.c_str(), fuzz::E());
  if (!fuzz::ok(st, "hw_report_json")) {
    FUZZ_CHECK(out.p == nullptr, "a result was written although the call failed");
    FUZZ_CHECK(st != HW_ERR_IO, "hw_report_json read a file");
    return 0;
  }
  FUZZ_CHECK(nlohmann::json::accept(out.str()), "the report is not JSON");
  return 0;
}
