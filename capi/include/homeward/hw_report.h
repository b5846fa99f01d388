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
 * Errors: HW_ERR_PARSE (malformed JSON), HW_ERR_INVALID_ARGUMENT (bad values;
 * hw_last_error() names the field, e.g. "settings.as_of: the report date is
 * required"), HW_ERR_NOT_FOUND, HW_ERR_OUT_OF_RANGE, HW_ERR_IO (a path that
 * cannot be read), HW_ERR_NULL_POINTER. The output is written only on
 * success; release it with hw_string_free(). */
#ifndef HOMEWARD_HW_REPORT_H
#define HOMEWARD_HW_REPORT_H

#include "homeward/hw_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The report model as JSON. `input_json` is the input document above. */
HW_API int hw_report_json(char** out_json, const char* input_json);

#ifdef __cplusplus
}
#endif

#endif /* HOMEWARD_HW_REPORT_H */
