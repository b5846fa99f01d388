// Shared helpers for the libFuzzer harnesses in tests/fuzz (see docs/fuzzing.md).
//
// Every harness calls the library through its C ABI (the surface other
// programs hand hostile bytes to) or its C++ core, and turns a broken
// invariant into an abort, which libFuzzer records as a finding:
//   - a crash, leak, timeout or sanitizer report (ASan, UBSan);
//   - HW_ERR_INTERNAL: bad input must give a status that names the problem,
//     never "internal error" (an exception that escaped the library's own
//     error types);
//   - an error without a message, or an output written although the call failed;
//   - a result that disagrees with an independent check (round trips, brute force).
#pragma once

#include "homeward/homeward.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace fuzz {

[[noreturn]] inline void fail(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "\n*** homeward fuzz finding: %s\n", what);
  if (!detail.empty()) std::fprintf(stderr, "    %s\n", detail.c_str());
  std::fprintf(stderr, "    last error: [%s] %s\n", hw_last_error_field(), hw_last_error());
  std::fflush(stderr);
  std::abort();
}

// FUZZ_CHECK(condition) or FUZZ_CHECK(condition, "what it means").
inline void check(const char* text, bool holds, const std::string& detail = {}) {
  if (!holds) fail((std::string("check failed: ") + text).c_str(), detail);
}
#define FUZZ_CHECK(...) ::fuzz::check(#__VA_ARGS__, __VA_ARGS__)

// Internal errors already reported and being fixed elsewhere: lines of the
// file named by HOMEWARD_FUZZ_KNOWN (scripts/fuzz.sh passes
// tests/fuzz/known_findings.txt), each a substring of hw_last_error(); '#'
// starts a comment. Unset (replaying a reproducer by hand): nothing is known.
inline bool known_finding(const char* message) {
  static const std::vector<std::string> known = [] {
    std::vector<std::string> v;
    const char* path = std::getenv("HOMEWARD_FUZZ_KNOWN");
    if (path == nullptr || *path == '\0') return v;
    if (std::FILE* f = std::fopen(path, "r")) {
      char line[512];
      while (std::fgets(line, sizeof line, f) != nullptr) {
        std::string s(line);
        while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
        if (!s.empty() && s[0] != '#') v.push_back(s);
      }
      std::fclose(f);
    }
    return v;
  }();
  for (const auto& k : known) {
    if (std::strstr(message, k.c_str()) != nullptr) return true;
  }
  return false;
}

// The caller-owned error of the current call (one per thread, cleared before
// each use): every harness call passes fuzz::E(), and ok() checks that it
// agrees with the status and with the thread-local hw_last_error().
inline hw_error& error_slot() {
  static thread_local hw_error err;
  return err;
}
inline hw_error* E() {
  hw_error_clear(&error_slot());
  return &error_slot();
}
inline const hw_error* last_E() { return &error_slot(); }

// A status from a call that received hostile input: any status is acceptable
// except an internal error, and an error must carry a message.
// Returns true when the call succeeded.
inline bool ok(int status, const char* call) {
  const hw_error* err = last_E();
  if (hw_error_status(err) != status)
    fail("the hw_error's status differs from the returned one", call);
  // The caller-owned error holds the same texts, cut at a character boundary
  // when they are longer than its fields (docs/conventions.md).
  auto same = [](const char* cut, const char* full, std::size_t capacity) {
    const std::size_t n = std::strlen(cut);
    if (std::strncmp(cut, full, n) != 0) return false;
    return full[n] == '\0' || n + 4 >= capacity - 1;
  };
  if (!same(hw_error_message(err), hw_last_error(), sizeof(err->message)) ||
      !same(hw_error_field(err), hw_last_error_field(), sizeof(err->field))) {
    fail("the hw_error and hw_last_error() disagree", call);
  }
  if (status == HW_OK) return true;
  if (status == HW_ERR_INTERNAL && !known_finding(hw_last_error())) {
    fail("HW_ERR_INTERNAL from hostile input", call);
  }
  if (status == HW_ERR_NULL_POINTER) {
    fail("HW_ERR_NULL_POINTER although every pointer was given", call);
  }
  if (hw_last_error()[0] == '\0') fail("an error status without a message", call);
  if (std::strcmp(hw_status_name(status), "HW_UNKNOWN") == 0) fail("an unknown status", call);
  return false;
}

// A call on valid input made by the harness itself must succeed.
inline void must(int status, const char* call) {
  if (status != HW_OK) fail("a call on valid input failed", call);
}

// Consumes the fuzz bytes as small numbers and strings.
class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : p_(data), n_(size) {}
  bool empty() const { return n_ == 0; }
  std::size_t remaining() const { return n_; }
  std::uint8_t byte() {
    if (n_ == 0) return 0;
    --n_;
    return *p_++;
  }
  // 0 <= value < bound (bound > 0).
  std::size_t below(std::size_t bound) { return bound == 0 ? 0 : byte() % bound; }
  bool flag() { return (byte() & 1) != 0; }
  std::int32_t i32() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | byte();
    return static_cast<std::int32_t>(v);
  }
  // Everything that is left, as text.
  std::string rest() {
    std::string s(reinterpret_cast<const char*>(p_), n_);
    p_ += n_;
    n_ = 0;
    return s;
  }
  // Text up to the next NUL byte (or the end): the way harnesses split one
  // fuzz input into several documents.
  std::string until_nul() {
    std::size_t k = 0;
    while (k < n_ && p_[k] != 0) ++k;
    std::string s(reinterpret_cast<const char*>(p_), k);
    p_ += k;
    n_ -= k;
    if (n_ > 0) {
      ++p_;
      --n_;
    }
    return s;
  }

 private:
  const std::uint8_t* p_;
  std::size_t n_;
};

// Owns a string returned by the library.
struct Str {
  char* p = nullptr;
  Str() = default;
  Str(const Str&) = delete;
  Str& operator=(const Str&) = delete;
  ~Str() { hw_string_free(p); }
  char** out() {
    hw_string_free(p);
    p = nullptr;
    return &p;
  }
  std::string str() const { return p == nullptr ? std::string() : std::string(p); }
};

// A day in 1990..2040 from two bytes (days since 1970-01-01).
inline std::int32_t day_in_range(Input& in) {
  return 7305 + static_cast<std::int32_t>((in.byte() << 8 | in.byte()) % 18262);
}

}  // namespace fuzz
