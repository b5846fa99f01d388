/* homeward C ABI: working-day calendars (England and Wales bank holidays,
 * gov.uk bank-holidays JSON, closures, custom weekends).
 *
 * Semantics match NumPy: hw_calendar_working_days_between == numpy.busday_count
 * (half-open [a, b), negative when b < a) and hw_calendar_add_working_days ==
 * numpy.busday_offset(roll="forward"), with the calendar's holidays.
 * Dates are int32_t days since 1970-01-01. A date outside the calendar's
 * range is HW_ERR_OUT_OF_RANGE: the calendar never guesses.
 * Every fallible function takes a trailing hw_error* err (may be NULL), see
 * hw_common.h. */
#ifndef HOMEWARD_HW_CALENDAR_H
#define HOMEWARD_HW_CALENDAR_H

#include "homeward/hw_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hw_calendar hw_calendar;

/* England and Wales, 1978..2199, Monday to Friday (since 0.1). */
HW_API int hw_calendar_new_england_and_wales(hw_calendar** out, hw_error* err);
/* From gov.uk bank-holidays JSON text (json_len bytes; need not be
 * NUL-terminated) for one division ("england-and-wales", "scotland",
 * "northern-ireland") (since 0.1). */
HW_API int hw_calendar_new_from_govuk_json(hw_calendar** out, const char* json, size_t json_len,
                                           const char* division, hw_error* err);
/* The same, reading the JSON from a file (since 0.1). */
HW_API int hw_calendar_new_from_govuk_file(hw_calendar** out, const char* path,
                                           const char* division, hw_error* err);
/* A new calendar: `cal` plus extra closure dates (not bank holidays) (since 0.1). */
HW_API int hw_calendar_with_closures(hw_calendar** out, const hw_calendar* cal,
                                     const int32_t* dates, size_t count, hw_error* err);
/* A new calendar: `cal` with another working week, given as NumPy weekmask
 * text ("1111100" or "Mon Tue Wed Thu Fri") (since 0.1). */
HW_API int hw_calendar_with_weekmask(hw_calendar** out, const hw_calendar* cal,
                                     const char* weekmask, hw_error* err);
/* Release a calendar. NULL is allowed (since 0.1). */
HW_API void hw_calendar_free(hw_calendar* cal);

/* The whole years the calendar covers (since 0.1). */
HW_API int hw_calendar_years(int* out_first_year, int* out_last_year, const hw_calendar* cal,
                             hw_error* err);
/* Bank holidays of first_year..last_year as a JSON array of
 * {"date": "YYYY-MM-DD", "name": "...", "notes": "..."} in date order.
 * Release *out_json with hw_string_free() (since 0.1). */
HW_API int hw_calendar_bank_holidays_json(char** out_json, const hw_calendar* cal, int first_year,
                                          int last_year, hw_error* err);
/* The same into a caller buffer: *needed = bytes with the NUL; buf NULL and
 * capacity 0 asks for the size; too small is HW_ERR_BUFFER_TOO_SMALL (since 0.2). */
HW_API int hw_calendar_bank_holidays_json_buf(char* buf, size_t capacity, size_t* needed,
                                              const hw_calendar* cal, int first_year, int last_year,
                                              hw_error* err);
/* Every holiday date (bank holidays and closures) in date order. Call with
 * out == NULL to learn the count; otherwise capacity must be >= the count
 * (since 0.1). */
HW_API int hw_calendar_holiday_dates(int32_t* out, size_t capacity, size_t* out_count,
                                     const hw_calendar* cal, hw_error* err);

/* *out = 1 or 0 (since 0.1). */
HW_API int hw_calendar_is_bank_holiday(int* out, const hw_calendar* cal, int32_t date,
                                       hw_error* err);
/* (since 0.1) */
HW_API int hw_calendar_is_working_day(int* out, const hw_calendar* cal, int32_t date,
                                      hw_error* err);

/* Working days in [a, b). b may be the day after the calendar's last date.
 * Errors name "a" or "b" (since 0.1). */
HW_API int hw_calendar_working_days_between(int64_t* out, const hw_calendar* cal, int32_t a,
                                            int32_t b, hw_error* err);
/* Roll `date` forward to a working day, then move n working days. Errors name
 * "date" or "n" (since 0.1). */
HW_API int hw_calendar_add_working_days(int32_t* out, const hw_calendar* cal, int32_t date,
                                        int64_t n, hw_error* err);

/* Array forms: `count` elements each. On error the status names the first
 * bad element ("b[12]") and the contents of `out` are unspecified (since 0.1). */
HW_API int hw_calendar_working_days_between_array(int64_t* out, const hw_calendar* cal,
                                                  const int32_t* a, const int32_t* b, size_t count,
                                                  hw_error* err);
/* (since 0.1) */
HW_API int hw_calendar_add_working_days_array(int32_t* out, const hw_calendar* cal,
                                              const int32_t* dates, const int64_t* offsets,
                                              size_t count, hw_error* err);

/* ISO "YYYY-MM-DD" <-> days since 1970-01-01 (since 0.1). */
HW_API int hw_date_parse(int32_t* out, const char* iso, hw_error* err);
/* Writes "YYYY-MM-DD" and a NUL into out (at least 11 bytes) (since 0.1). */
HW_API int hw_date_format(char* out, size_t out_size, int32_t date, hw_error* err);

#ifdef __cplusplus
}
#endif

#endif /* HOMEWARD_HW_CALENDAR_H */
