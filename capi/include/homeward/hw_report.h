/* homeward C ABI: the service report model (since 0.2).
 *
 * JSON in, JSON out. The input document:
 *
 *   {"caseload": <caseload document, or a path to one>,
 *    "readings": <Recovery Star readings document or path> (optional),
 *    "matching": <people/places/workers document or path> (optional),
 *    "settings": {"as_of": "2025-08-03", "period": "quarter"} or
 *                {"as_of": ..., "start": ..., "end": ...}, plus optional
 *                "targets", "costs", "policy", "step_down_beds", "trend_months",
 *                "star_people", "list_limit", "match_options", "title",
 *    "sources": ["where the data came from", ...] (optional)}
 *
 * The output is the report model under the versioned schema in
 * docs/report-schema.md ("schema_version": 1): every figure of the service
 * report (summary with red/amber/green status, monthly trends, stages,
 * overdue list, Star cohort and charts as SVG, recommendations with reasons,
 * exclusions, cautions).
 *
 * Inside the input document, a member given as a JSON string is a path to a
 * file holding that document; a member given as an object is the document.
 *
 * Errors (in the trailing hw_error, which may be NULL, and hw_last_error()):
 * HW_ERR_PARSE (malformed JSON), HW_ERR_INVALID_ARGUMENT (bad values; the
 * field is named, e.g. "settings.as_of: the report date is required"),
 * HW_ERR_NOT_FOUND, HW_ERR_OUT_OF_RANGE, HW_ERR_IO (a path that cannot be
 * read), HW_ERR_NULL_POINTER, HW_ERR_BUFFER_TOO_SMALL (_buf). The output is
 * written only on success; release char** outputs with hw_string_free(). */
#ifndef HOMEWARD_HW_REPORT_H
#define HOMEWARD_HW_REPORT_H

#include "homeward/hw_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The report model as JSON. `input_json` is the input document above as
 * JSON text (never read as a path) (since 0.2). */
HW_API int hw_report_json(char** out_json, const char* input_json, hw_error* err);
/* The same into a caller-owned buffer: *needed is the size with the NUL
 * (call with buf = NULL, capacity = 0 to learn it) (since 0.2). */
HW_API int hw_report_json_buf(char* buf, size_t capacity, size_t* needed, const char* input_json,
                              hw_error* err);
/* The same, reading the input document from a file (since 0.2). */
HW_API int hw_report_json_file(char** out_json, const char* input_path, hw_error* err);
/* The same from a file into a caller buffer (since 0.2). */
HW_API int hw_report_json_file_buf(char* buf, size_t capacity, size_t* needed,
                                   const char* input_path, hw_error* err);

#ifdef __cplusplus
}
#endif

#endif /* HOMEWARD_HW_REPORT_H */
