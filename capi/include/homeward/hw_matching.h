/* homeward C ABI: placement matching and worker allocation.
 *
 * The domain crosses as JSON (schemas in docs/matching.md):
 *
 *   input:   {"people": [...], "places": [...], "workers": [...], "meta": {...}}
 *            as JSON text (never a file path: nothing guesses);
 *   options: {"weights": {"preference_rank": 10, "unranked": 40, "wait_day": 1,
 *             "out_of_area": 25, "continuity": 30, "caseload": 10},
 *             "max_wait_days": 28, "allow_out_of_area": false,
 *             "default_roles": ["pathway_navigator"], "solver": "auto"}
 *            (every key optional; NULL or "" for the defaults);
 *   result:  {"kind", "notice", "summary", "matches", "unmatched",
 *             "places" | "workers", "options"}.
 *
 * Results are recommendations for human review (UK GDPR art. 22), with the
 * reasons for every match and every unmatched person. The same input always
 * gives the same output.
 *
 * Errors: HW_ERR_PARSE (malformed or truncated JSON), HW_ERR_INVALID_ARGUMENT
 * (bad values: duplicate ids, negative beds, loads above limits, unknown
 * roles, invalid dates, ...), HW_ERR_NOT_FOUND (preferences naming unknown
 * places, unknown known_workers, an unknown person in hw_match_explain),
 * HW_ERR_OUT_OF_RANGE (a size, depth or output limit: docs/limits.md),
 * HW_ERR_NULL_POINTER.
 * hw_last_error() names the field: `people[3].preferences[1]: unknown place "X9"`.
 * Outputs are written only on success; release them with hw_string_free(). */
#ifndef HOMEWARD_HW_MATCHING_H
#define HOMEWARD_HW_MATCHING_H

#include "homeward/hw_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Match people to step-down places (beds as capacities). `input_json` is the
 * input document as JSON text; `options_json` may be NULL. */
HW_API int hw_match_placements(char** out_json, const char* input_json,
                               const char* options_json);

/* Allocate workers to people, one solve per role, spare caseload
 * (caseload_limit - current_load) as capacities. */
HW_API int hw_allocate_workers(char** out_json, const char* input_json,
                               const char* options_json);

/* A readable multi-line explanation of one person's outcome in a result
 * returned by hw_match_placements or hw_allocate_workers. */
HW_API int hw_match_explain(char** out_text, const char* result_json, const char* person_id);

/* A Markdown report of a result: recommendations with reasons, unmatched
 * people with why, and resource use. */
HW_API int hw_match_report(char** out_text, const char* result_json);

#ifdef __cplusplus
}
#endif

#endif /* HOMEWARD_HW_MATCHING_H */
