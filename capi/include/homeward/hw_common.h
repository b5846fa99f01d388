/* homeward C ABI: status codes, errors, versions, constants and memory.
 *
 * Conventions for every hw_ function (docs/conventions.md has them all):
 *  - named hw_<area>_<verb> (or hw_<object>_<verb> for an area's handle type);
 *  - returns int: HW_OK (0) or a negative hw_status;
 *  - out-parameters come first, inputs after, and every fallible function
 *    takes a trailing `hw_error* err` (may be NULL): on return it holds the
 *    status, the field at fault and the message of *this* call, in memory the
 *    caller owns, so no thread-local state has to be read afterwards (safe for
 *    Go, Node worker threads, Java virtual threads, async Rust);
 *  - the same error also goes to the thread-local hw_last_error() for C;
 *  - on error no output is changed except where a function documents otherwise;
 *  - strings in are NUL-terminated UTF-8; text out comes either as a string the
 *    library allocates (released with hw_string_free(), never free()) or, in
 *    the `_buf` form, into a caller buffer (buf, capacity, *needed);
 *  - dates are int32_t days since 1970-01-01 (NumPy datetime64[D], Arrow
 *    date32); hw_no_day() (HW_NO_DAY) marks "no date".
 * Compiles as C99 and as C++. */
#ifndef HOMEWARD_HW_COMMON_H
#define HOMEWARD_HW_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "homeward/version.h"

#if defined(_WIN32)
#if defined(HOMEWARD_C_BUILDING)
#define HW_API __declspec(dllexport)
#else
#define HW_API __declspec(dllimport)
#endif
#else
#define HW_API __attribute__((visibility("default")))
#endif

/* HW_DEPRECATED(msg): marks a name kept for one release after it was
 * replaced. Define HW_NO_DEPRECATION_WARNINGS to silence the warnings;
 * define HW_NO_DEPRECATED to hide the deprecated names altogether. */
#if defined(HW_NO_DEPRECATION_WARNINGS) || defined(HOMEWARD_C_BUILDING)
#define HW_DEPRECATED(msg)
#elif defined(__GNUC__) || defined(__clang__)
#define HW_DEPRECATED(msg) __attribute__((deprecated(msg)))
#elif defined(_MSC_VER)
#define HW_DEPRECATED(msg) __declspec(deprecated(msg))
#else
#define HW_DEPRECATED(msg)
#endif

/* Every enum is int-sized. In C++ its underlying type is int, so a value from
 * another language that is outside the enumerators reaches the library as a
 * plain int (and is rejected as HW_ERR_INVALID_ARGUMENT), never as undefined
 * behaviour. */
#ifdef __cplusplus
#define HW_ENUM_INT : int
#else
#define HW_ENUM_INT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. Codes are only ever added, never renumbered or removed. */
typedef enum hw_status HW_ENUM_INT {
  HW_OK = 0,
  HW_ERR_INVALID_ARGUMENT = -1, /* a value is malformed or outside its domain */
  HW_ERR_OUT_OF_RANGE = -2,     /* a date or year outside what is supported */
  HW_ERR_PARSE = -3,            /* malformed or truncated JSON or text */
  HW_ERR_NOT_FOUND = -4,        /* unknown name, id or division */
  HW_ERR_INFEASIBLE = -5,       /* the problem has no solution */
  HW_ERR_IO = -6,               /* a file could not be read or written */
  HW_ERR_NULL_POINTER = -7,     /* a required pointer or handle was NULL */
  HW_ERR_NO_MEMORY = -8,        /* allocation failed */
  HW_ERR_BUFFER_TOO_SMALL = -9, /* since 0.2: a caller buffer is too small; *needed says how big */
  HW_ERR_INTERNAL = -99         /* a bug: please report it */
} hw_status;

/* ---- errors ------------------------------------------------------------ */

#define HW_ERROR_FIELD_SIZE 256
#define HW_ERROR_MESSAGE_SIZE 1024

/* An error the caller owns (since 0.2). Fixed size, no pointers, nothing to
 * free: put one on the stack (or in any memory the caller owns) and pass its
 * address as the trailing `err` of any hw_ call. On return:
 *   status   HW_OK or the status the call returned;
 *   field    the field at fault, NUL-terminated ("dates[3]", "people[2].id"),
 *            "" when none;
 *   message  the whole message naming the field, NUL-terminated, "" on success.
 * Longer texts are cut at a UTF-8 character boundary (the full text stays in
 * hw_last_error()). The layout is part of the ABI and will not change within
 * 0.x: 4 + 256 + 1024 = 1284 bytes, alignment 4; hw_error_size() reports it. */
typedef struct hw_error {
  int32_t status;
  char field[HW_ERROR_FIELD_SIZE];
  char message[HW_ERROR_MESSAGE_SIZE];
} hw_error;

/* sizeof(hw_error) as the library was built (since 0.2). */
HW_API size_t hw_error_size(void);
/* Accessors, for FFIs that treat hw_error as opaque memory (since 0.2).
 * err may be NULL (then HW_OK and ""). Never return NULL. */
HW_API int hw_error_status(const hw_error* err);
/* (since 0.2) */
HW_API const char* hw_error_field(const hw_error* err);
/* (since 0.2) */
HW_API const char* hw_error_message(const hw_error* err);
/* Reset an error to HW_OK with empty texts. NULL is allowed (since 0.2). */
HW_API void hw_error_clear(hw_error* err);
/* A new zeroed hw_error on the heap, released with hw_error_free(); for FFIs
 * that prefer a handle to a struct layout. NULL when out of memory (since 0.2). */
HW_API hw_error* hw_error_new(void);
/* (since 0.2) */
HW_API void hw_error_free(hw_error* err);

/* The message of the last error on this thread ("" if none). Valid until the
 * next hw_ call on this thread. Never NULL. For C callers that stay on one
 * thread; every other caller should read the call's hw_error (since 0.1). */
HW_API const char* hw_last_error(void);
/* The field path of the last error on this thread ("" if none) (since 0.1). */
HW_API const char* hw_last_error_field(void);
/* Forget the last error on this thread (since 0.1). */
HW_API void hw_clear_error(void);
/* A static name for a status code ("HW_ERR_PARSE"); "HW_UNKNOWN" otherwise
 * (since 0.1). */
HW_API const char* hw_status_name(int status);

/* ---- versions and constants ---------------------------------------------- */

/* The library's version string, "MAJOR.MINOR.PATCH" (static storage) (since 0.1). */
HW_API const char* hw_version(void);
/* MAJOR*10000 + MINOR*100 + PATCH of the loaded library; compare with
 * HOMEWARD_VERSION_NUMBER from the header you compiled against (since 0.1). */
HW_API int hw_version_number(void);

/* "No date" in date arguments and date columns: INT32_MIN. hw_no_day() gives
 * the same value for FFIs that cannot read #defines (since 0.2). */
#define HW_NO_DAY INT32_MIN
/* (since 0.2) */
HW_API int32_t hw_no_day(void);

/* ---- memory -------------------------------------------------------------- */

/* Release a string returned by the library. NULL is allowed (since 0.1). */
HW_API void hw_string_free(char* s);

#ifdef __cplusplus
}
#endif

#endif /* HOMEWARD_HW_COMMON_H */
