// JSON helpers for the harnesses that edit a fuzz document before passing it on
// (fuzz_plan, fuzz_report): bound the work a document asks for (replications,
// horizons, list lengths) without keeping the fuzzer off the library's parser.
//
// nlohmann's DOM parser is recursive, so a document is parsed here only when it
// is small (16 KB) and shallow (bracket nesting <= 200, counted over every byte,
// which over-counts brackets inside strings: the safe side). The library itself
// refuses nesting deeper than 64 levels by default, so text passed on raw
// because it is too deep for the harness never reaches a simulation.
#pragma once

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace fuzz {

inline bool shallow(const std::string& s, int limit = 200) {
  int depth = 0;
  for (char c : s) {
    if (c == '[' || c == '{') {
      if (++depth > limit) return false;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

// The text as a JSON object, or nothing (not JSON, not an object, too big or deep).
inline std::optional<nlohmann::json> parse_object(const std::string& s) {
  if (s.size() > 16384 || !shallow(s)) return std::nullopt;
  try {
    nlohmann::json j = nlohmann::json::parse(s);
    if (!j.is_object()) return std::nullopt;
    return j;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Text of a document the harness edited (strings that are not UTF-8 are
// replaced, so dump() never throws).
inline std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A number at most `hi` (a number member above it becomes `hi`; anything else is
// left for the library to judge).
inline void clamp_value(nlohmann::json& v, double hi) {
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (!(d <= hi)) v = hi;  // also NaN (cannot come from JSON, but cheap)
  } else if (v.is_number_unsigned()) {
    if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(hi)) v = static_cast<std::int64_t>(hi);
  } else if (v.is_number_integer()) {
    if (v.get<std::int64_t>() > static_cast<std::int64_t>(hi)) v = static_cast<std::int64_t>(hi);
  }
}

inline void clamp_member(nlohmann::json& o, const char* key, double hi) {
  if (!o.is_object()) return;
  auto it = o.find(key);
  if (it != o.end()) clamp_value(*it, hi);
}

// Every number of an array member (or the member itself when a number) at most hi.
inline void clamp_numbers(nlohmann::json& o, const char* key, double hi) {
  if (!o.is_object()) return;
  auto it = o.find(key);
  if (it == o.end()) return;
  if (it->is_array()) {
    for (auto& v : *it) clamp_value(v, hi);
  } else {
    clamp_value(*it, hi);
  }
}

// An array member cut to at most n entries.
inline void cut_array(nlohmann::json& o, const char* key, std::size_t n) {
  if (!o.is_object()) return;
  auto it = o.find(key);
  if (it != o.end() && it->is_array() && it->size() > n) it->erase(it->begin() + n, it->end());
}

}  // namespace fuzz
