/* homeward C ABI: a service's own tables in (events, Star readings, places,
 * workers, people) as plain column buffers.
 *
 * Build an hw_table from columns (text, numbers, day numbers, timestamps),
 * then load it; the core applies every rule of docs/ingest.md: column names
 * and MHSDS aliases, rows in any order, codes read as numbers (18.0 -> "18"),
 * dates (ISO text, Excel serial numbers, midnight timestamps, day numbers),
 * names matched case-insensitively, comma-separated lists, and one error
 * listing every bad row ("events.csv: row 14, column delay_reason: \"18.5\"
 * is not a delay reason code"), after which nothing is allocated.
 *
 *   hw_ingest_table* t = NULL;
 *   hw_error err;
 *   hw_ingest_table_new(&t, "events.csv", 2, &err);
 *   hw_ingest_table_add_text(t, "person_id", ids, n, &err);
 *   hw_ingest_table_add_text(t, "type", types, n, &err);
 *   hw_ingest_table_add_days(t, "date", days, n, &err);
 *   hw_caseload* c = NULL;
 *   if (hw_ingest_events(&c, t, NULL, &err) != HW_OK) puts(err.message);
 *   hw_ingest_table_free(t);
 *
 * The table copies nothing: buffers must stay valid until the load returns.
 * options_json may be NULL or {"mapping": {"Patient": "person_id"},
 * "max_errors": 20}. Compiles as C99 and as C++. */
#ifndef HOMEWARD_HW_INGEST_H
#define HOMEWARD_HW_INGEST_H

#include "homeward/hw_common.h"
#include "homeward/hw_star.h"
#include "homeward/hw_timeline.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hw_ingest_table hw_ingest_table;

/* source names the table in messages ("events.csv"; NULL: the table's kind);
 * first_row is the number messages give the first data row (2 for a file
 * whose header is row 1, 0 for positions). Since 0.2. */
/* (since 0.2) */
HW_API int hw_ingest_table_new(hw_ingest_table** out, const char* source, size_t first_row,
                               hw_error* err);
/* (since 0.2) */
HW_API void hw_ingest_table_free(hw_ingest_table* table);
/* Every column of a table has the same count of values; a pointer to zero
 * values may be NULL. */
/* Text cells, UTF-8 and NUL-terminated; a NULL or blank cell is missing. */
/* (since 0.2) */
HW_API int hw_ingest_table_add_text(hw_ingest_table* table, const char* name,
                                    const char* const* values, size_t count, hw_error* err);
/* Numbers; NaN is missing. A date column of numbers holds Excel serial dates. */
/* (since 0.2) */
HW_API int hw_ingest_table_add_numbers(hw_ingest_table* table, const char* name,
                                       const double* values, size_t count, hw_error* err);
/* Dates as days since 1970-01-01; HW_NO_DAY is missing. */
/* (since 0.2) */
HW_API int hw_ingest_table_add_days(hw_ingest_table* table, const char* name, const int32_t* values,
                                    size_t count, hw_error* err);
/* Timestamps as nanoseconds since 1970-01-01T00:00 (INT64_MIN is missing);
 * a date must be at midnight. */
/* (since 0.2) */
HW_API int hw_ingest_table_add_timestamps(hw_ingest_table* table, const char* name,
                                          const int64_t* values, size_t count, hw_error* err);

/* Load a table. On error *out is unchanged and nothing is allocated. */
/* (since 0.2) */
HW_API int hw_ingest_events(hw_caseload** out, const hw_ingest_table* table,
                            const char* options_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_ingest_readings(hw_star_readings** out, const hw_star* star,
                              const hw_ingest_table* table, const char* options_json,
                              hw_error* err);
/* Places, workers or people as a JSON array of records in the schema of
 * docs/matching.md (the input of the matching functions); release with
 * hw_string_free, or use the _buf forms (docs/conventions.md). */
/* (since 0.2) */
HW_API int hw_ingest_places(char** out_json, const hw_ingest_table* table, const char* options_json,
                            hw_error* err);
/* (since 0.2) */
HW_API int hw_ingest_places_buf(char* buf, size_t capacity, size_t* needed,
                                const hw_ingest_table* table, const char* options_json,
                                hw_error* err);
/* (since 0.2) */
HW_API int hw_ingest_workers(char** out_json, const hw_ingest_table* table,
                             const char* options_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_ingest_workers_buf(char* buf, size_t capacity, size_t* needed,
                                 const hw_ingest_table* table, const char* options_json,
                                 hw_error* err);
/* (since 0.2) */
HW_API int hw_ingest_people(char** out_json, const hw_ingest_table* table, const char* options_json,
                            hw_error* err);
/* (since 0.2) */
HW_API int hw_ingest_people_buf(char* buf, size_t capacity, size_t* needed,
                                const hw_ingest_table* table, const char* options_json,
                                hw_error* err);
/* The documented columns of every table (name, kind, required, aliases). */
/* (since 0.2) */
HW_API int hw_ingest_schemas(char** out_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_ingest_schemas_buf(char* buf, size_t capacity, size_t* needed, hw_error* err);

/* Measures grouped by a per-person attribute ("ward"): {"by", "groups":
 * [{"value", "people", "measures"}]} (value null for people without it).
 * as_of == HW_NO_DAY uses `end`. */
/* (since 0.2) */
HW_API int hw_caseload_measures_by(char** out_json, const hw_caseload* caseload, const char* by,
                                   int32_t start, int32_t end, int32_t as_of,
                                   const char* policy_json, const char* costs_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_caseload_measures_by_buf(char* buf, size_t capacity, size_t* needed,
                                       const hw_caseload* caseload, const char* by, int32_t start,
                                       int32_t end, int32_t as_of, const char* policy_json,
                                       const char* costs_json, hw_error* err);

#ifdef __cplusplus
}
#endif

#endif
