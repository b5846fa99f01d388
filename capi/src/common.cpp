// C ABI: errors (thread-local and caller-owned), versions, constants, memory.
#include "capi_common.hpp"

#define HW_EXPERIMENTAL
#include "homeward/homeward.hpp"
#include "homeward/hw_experimental.h"
#include "homeward/io.hpp"

namespace homeward::capi {
namespace {
thread_local std::string t_message;
thread_local std::string t_field;
thread_local int t_status = HW_OK;

// Copy s into dst[cap] NUL-terminated, cutting at a UTF-8 character boundary.
void copy_truncated(char* dst, std::size_t cap, const std::string& s) {
  std::size_t n = s.size();
  if (n >= cap) {
    n = cap - 1;
    // Step back over continuation bytes (10xxxxxx) so no character is split.
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0u) == 0x80u) --n;
  }
  std::memcpy(dst, s.data(), n);
  dst[n] = '\0';
}

std::size_t first_non_blank(const std::string& s) { return s.find_first_not_of(" \t\r\n"); }

}  // namespace

int status_of(const homeward::Error& e) noexcept {
  switch (e.code()) {
    case ErrorCode::invalid_argument: return HW_ERR_INVALID_ARGUMENT;
    case ErrorCode::out_of_range: return HW_ERR_OUT_OF_RANGE;
    case ErrorCode::parse_error: return HW_ERR_PARSE;
    case ErrorCode::not_found: return HW_ERR_NOT_FOUND;
    case ErrorCode::infeasible: return HW_ERR_INFEASIBLE;
    case ErrorCode::io_error: return HW_ERR_IO;
  }
  return HW_ERR_INTERNAL;
}

void set_error(hw_error* err, int status, std::string field, std::string message) {
  if (err != nullptr) {
    err->status = status;
    copy_truncated(err->field, sizeof err->field, field);
    copy_truncated(err->message, sizeof err->message, message);
  }
  t_status = status;
  try {
    t_field = std::move(field);
    t_message = std::move(message);
  } catch (...) {  // out of memory while reporting: keep what fits
    t_field.clear();
    t_message.clear();
  }
}

void clear_error(hw_error* err) {
  if (err != nullptr) {
    err->status = HW_OK;
    err->field[0] = '\0';
    err->message[0] = '\0';
  }
  t_status = HW_OK;
  t_field.clear();
  t_message.clear();
}

char* dup_string(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out == nullptr) throw std::bad_alloc();
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  return out;
}

void copy_to_buffer(const std::string& s, char* buf, std::size_t capacity, std::size_t* needed) {
  const std::size_t n = s.size() + 1;
  if (buf != nullptr && capacity < n) {
    if (needed) *needed = n;  // documented: *needed is set on HW_ERR_BUFFER_TOO_SMALL too
    throw BufferTooSmall{"capacity", "capacity: " + std::to_string(capacity) +
                                         " bytes is too small; the text needs " +
                                         std::to_string(n) + " (NUL included)"};
  }
  if (buf != nullptr) std::memcpy(buf, s.c_str(), n);
  if (needed) *needed = n;
}

std::string json_text_arg(const char* text, const char* field) {
  std::string s = str_arg(text, field);
  const std::size_t i = first_non_blank(s);
  if (i != std::string::npos && s[i] != '{' && s[i] != '[') {
    throw homeward::ParseError(field,
                               "is not JSON text (it must start with '{' or '['); "
                               "to read a file, use the _file form of this function");
  }
  return s;
}

std::string json_file_arg(const char* path, const char* field) {
  const std::string p = str_arg(path, field);
  std::string s = homeward::read_file(p, field);
  const std::size_t i = first_non_blank(s);
  if (i == std::string::npos || (s[i] != '{' && s[i] != '[')) {
    throw homeward::ParseError(field,
                               "the file \"" + p + "\" does not hold a JSON object or array");
  }
  return s;
}

}  // namespace homeward::capi

extern "C" {

const char* hw_version(void) { return HOMEWARD_VERSION_STRING; }

int hw_version_number(void) { return HOMEWARD_VERSION_NUMBER; }

int32_t hw_no_day(void) { return HW_NO_DAY; }

size_t hw_error_size(void) { return sizeof(hw_error); }

int hw_error_status(const hw_error* err) { return err ? err->status : HW_OK; }

const char* hw_error_field(const hw_error* err) { return err ? err->field : ""; }

const char* hw_error_message(const hw_error* err) { return err ? err->message : ""; }

void hw_error_clear(hw_error* err) {
  if (err == nullptr) return;
  err->status = HW_OK;
  err->field[0] = '\0';
  err->message[0] = '\0';
}

hw_error* hw_error_new(void) { return static_cast<hw_error*>(std::calloc(1, sizeof(hw_error))); }

void hw_error_free(hw_error* err) { std::free(err); }

const char* hw_last_error(void) { return homeward::capi::t_message.c_str(); }

const char* hw_last_error_field(void) { return homeward::capi::t_field.c_str(); }

void hw_clear_error(void) { homeward::capi::clear_error(); }

const char* hw_status_name(int status) {
  switch (status) {
    case HW_OK: return "HW_OK";
    case HW_ERR_INVALID_ARGUMENT: return "HW_ERR_INVALID_ARGUMENT";
    case HW_ERR_OUT_OF_RANGE: return "HW_ERR_OUT_OF_RANGE";
    case HW_ERR_PARSE: return "HW_ERR_PARSE";
    case HW_ERR_NOT_FOUND: return "HW_ERR_NOT_FOUND";
    case HW_ERR_INFEASIBLE: return "HW_ERR_INFEASIBLE";
    case HW_ERR_IO: return "HW_ERR_IO";
    case HW_ERR_NULL_POINTER: return "HW_ERR_NULL_POINTER";
    case HW_ERR_NO_MEMORY: return "HW_ERR_NO_MEMORY";
    case HW_ERR_BUFFER_TOO_SMALL: return "HW_ERR_BUFFER_TOO_SMALL";
    case HW_ERR_INTERNAL: return "HW_ERR_INTERNAL";
    default: return "HW_UNKNOWN";
  }
}

void hw_string_free(char* s) { std::free(s); }

int hw_experimental_error_from_last(hw_error* err) {
  using namespace homeward::capi;
  if (err != nullptr) {
    err->status = t_status;
    copy_truncated(err->field, sizeof err->field, t_field);
    copy_truncated(err->message, sizeof err->message, t_message);
  }
  return t_status;
}

}  // extern "C"
