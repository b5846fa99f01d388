// Internal to the C ABI: the one exception translator every hw_ entry point
// goes through, and small helpers. Nothing here is exported.
//
// Writing a new C function (docs/conventions.md):
//
//   int hw_area_verb(T* out, const U* in, hw_error* err) {
//     return homeward::capi::guard(err, [&] {
//       require(out, "out");
//       *out = ...;                       // outputs written last, only on success
//     });
//   }
//
// and for text, both forms, sharing one function that builds the string:
//
//   int hw_area_text(char** out, ..., hw_error* err) {
//     return text_out(err, out, "out", [&] { return build(...); });
//   }
//   int hw_area_text_buf(char* buf, size_t capacity, size_t* needed, ..., hw_error* err) {
//     return text_buf(err, buf, capacity, needed, [&] { return build(...); });
//   }
#pragma once

#include "homeward/error.hpp"
#include "homeward/hw_common.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <utility>

namespace homeward::capi {

// Thrown by adapters for NULL pointers and handles.
struct NullPointer {
  std::string field;
};

// Thrown when a caller buffer is too small (HW_ERR_BUFFER_TOO_SMALL).
struct BufferTooSmall {
  std::string field;
  std::string message;
};

// Record an error: the thread-local last error, and *err when not NULL.
void set_error(hw_error* err, int status, std::string field, std::string message);
// Clear the thread-local last error and *err when not NULL.
void clear_error(hw_error* err = nullptr);

inline void require(const void* p, const char* field) {
  if (p == nullptr) throw NullPointer{field};
}

// The status of a homeward::Error.
int status_of(const homeward::Error& e) noexcept;

// Run f() and translate every exception into a status and a message, written
// to *err (when not NULL) and to the thread-local last error.
// Returns HW_OK when f returns normally.
template <class F>
int guard(hw_error* err, F&& f) noexcept {
  try {
    clear_error(err);
    std::forward<F>(f)();
    return HW_OK;
  } catch (const homeward::Error& e) {
    const int status = status_of(e);
    set_error(err, status, e.field(), e.what());
    return status;
  } catch (const NullPointer& e) {
    set_error(err, HW_ERR_NULL_POINTER, e.field, e.field + ": must not be NULL");
    return HW_ERR_NULL_POINTER;
  } catch (const BufferTooSmall& e) {
    set_error(err, HW_ERR_BUFFER_TOO_SMALL, e.field, e.message);
    return HW_ERR_BUFFER_TOO_SMALL;
  } catch (const std::bad_alloc&) {
    set_error(err, HW_ERR_NO_MEMORY, "", "out of memory");
    return HW_ERR_NO_MEMORY;
  } catch (const std::exception& e) {
    set_error(err, HW_ERR_INTERNAL, "", std::string("internal error: ") + e.what());
    return HW_ERR_INTERNAL;
  } catch (...) {
    set_error(err, HW_ERR_INTERNAL, "", "internal error: unknown exception");
    return HW_ERR_INTERNAL;
  }
}

// 0.1 form (thread-local error only). New functions take an hw_error* instead.
template <class F>
int guard(F&& f) noexcept {
  return guard(static_cast<hw_error*>(nullptr), std::forward<F>(f));
}

// Copy a std::string into memory the caller releases with hw_string_free().
char* dup_string(const std::string& s);

// Text out, library-allocated: *out = make() (a std::string) on success.
template <class Make>
int text_out(hw_error* err, char** out, const char* field, Make&& make) noexcept {
  return guard(err, [&] {
    require(out, field);
    const std::string s = std::forward<Make>(make)();
    *out = dup_string(s);
  });
}

// Copy s into a caller buffer: *needed (when not NULL) = s.size() + 1 (the
// NUL included). buf == NULL with capacity 0 only asks for the size;
// otherwise capacity < needed is HW_ERR_BUFFER_TOO_SMALL and buf is untouched.
void copy_to_buffer(const std::string& s, char* buf, std::size_t capacity, std::size_t* needed);

// Text out, caller buffer: see copy_to_buffer.
template <class Make>
int text_buf(hw_error* err, char* buf, std::size_t capacity, std::size_t* needed,
             Make&& make) noexcept {
  return guard(err, [&] {
    if (buf == nullptr && capacity != 0) throw NullPointer{"buf"};
    const std::string s = std::forward<Make>(make)();
    copy_to_buffer(s, buf, capacity, needed);
  });
}

// Convert a C string argument, rejecting NULL.
inline std::string str_arg(const char* s, const char* field) {
  require(s, field);
  return std::string(s);
}

// JSON text given as text: never read as a path. Rejects NULL, and text whose
// first non-blank character is not '{' or '[' (HW_ERR_PARSE naming `field`,
// pointing to the _file form).
std::string json_text_arg(const char* text, const char* field);
// JSON read from a file path (HW_ERR_IO naming `field` when unreadable), checked
// like json_text_arg.
std::string json_file_arg(const char* path, const char* field);

}  // namespace homeward::capi
