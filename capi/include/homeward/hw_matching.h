/* homeward C ABI: placement matching and worker allocation.
 *
 * The domain crosses as JSON (schemas in docs/matching.md):
 *
 *   input:   {"people": [...], "places": [...], "workers": [...], "meta": {...}}
 *            as JSON text, or (the _file forms) a path to a file holding it;
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
 * places, unknown known_workers, an unknown person in hw_matching_explain),
 * HW_ERR_IO (an input path that cannot be read), HW_ERR_NULL_POINTER.
 * err->message (and hw_last_error()) names the field: `people[3].preferences[1]: unknown place
 * "X9"`. Outputs are written only on success; release them with hw_string_free(). */
#ifndef HOMEWARD_HW_MATCHING_H
#define HOMEWARD_HW_MATCHING_H

#include "homeward/hw_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Match people to step-down places (beds as capacities). `input_json` is the
 * input document as JSON text (never read as a path); `options_json` may be
 * NULL (since 0.2; replaces hw_match_placements). */
HW_API int hw_matching_placements(char** out_json, const char* input_json, const char* options_json,
                                  hw_error* err);
/* (since 0.2) */
HW_API int hw_matching_placements_buf(char* buf, size_t capacity, size_t* needed,
                                      const char* input_json, const char* options_json,
                                      hw_error* err);
/* The same, reading the input document from a file (since 0.2). */
HW_API int hw_matching_placements_file(char** out_json, const char* input_path,
                                       const char* options_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_matching_placements_file_buf(char* buf, size_t capacity, size_t* needed,
                                           const char* input_path, const char* options_json,
                                           hw_error* err);

/* Allocate workers to people, one solve per role, spare caseload
 * (caseload_limit - current_load) as capacities (since 0.2; replaces
 * hw_allocate_workers). */
HW_API int hw_matching_workers(char** out_json, const char* input_json, const char* options_json,
                               hw_error* err);
/* (since 0.2) */
HW_API int hw_matching_workers_buf(char* buf, size_t capacity, size_t* needed,
                                   const char* input_json, const char* options_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_matching_workers_file(char** out_json, const char* input_path,
                                    const char* options_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_matching_workers_file_buf(char* buf, size_t capacity, size_t* needed,
                                        const char* input_path, const char* options_json,
                                        hw_error* err);

/* Ranked alternatives (since 0.2): a JSON array of the k best results in
 * order (most people matched, then least total cost), each with
 * summary.rank, summary.cost_change and summary.matched_change against the
 * first. Optimal method only. */
HW_API int hw_matching_placements_ranked(char** out_json, const char* input_json, size_t k,
                                         const char* options_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_matching_placements_ranked_buf(char* buf, size_t capacity, size_t* needed,
                                             const char* input_json, size_t k,
                                             const char* options_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_matching_workers_ranked(char** out_json, const char* input_json, size_t k,
                                      const char* options_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_matching_workers_ranked_buf(char* buf, size_t capacity, size_t* needed,
                                          const char* input_json, size_t k,
                                          const char* options_json, hw_error* err);

/* The best result obeying rules (since 0.2): rules_json is an array of
 * {"person": "P0001", "place": "SD-04" (or "worker"; null = unmatched),
 *  "rule": "must" | "must_not", "role": "..." (workers, with null)}.
 * The output is the result JSON (summary.rank 0, with cost_change and
 * matched_change against the optimum), or the JSON text "null" when no
 * recommendation obeys every rule. */
HW_API int hw_matching_placements_with(char** out_json, const char* input_json,
                                       const char* rules_json, const char* options_json,
                                       hw_error* err);
/* (since 0.2) */
HW_API int hw_matching_placements_with_buf(char* buf, size_t capacity, size_t* needed,
                                           const char* input_json, const char* rules_json,
                                           const char* options_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_matching_workers_with(char** out_json, const char* input_json, const char* rules_json,
                                    const char* options_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_matching_workers_with_buf(char* buf, size_t capacity, size_t* needed,
                                        const char* input_json, const char* rules_json,
                                        const char* options_json, hw_error* err);

/* A readable multi-line explanation of one person's outcome in a result
 * returned by hw_matching_placements or hw_matching_workers (since 0.2;
 * replaces hw_match_explain). */
HW_API int hw_matching_explain(char** out_text, const char* result_json, const char* person_id,
                               hw_error* err);
/* (since 0.2) */
HW_API int hw_matching_explain_buf(char* buf, size_t capacity, size_t* needed,
                                   const char* result_json, const char* person_id, hw_error* err);

/* A Markdown report of a result: recommendations with reasons, unmatched
 * people with why, and resource use (since 0.2; replaces hw_match_report). */
HW_API int hw_matching_report(char** out_text, const char* result_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_matching_report_buf(char* buf, size_t capacity, size_t* needed,
                                  const char* result_json, hw_error* err);

#ifdef __cplusplus
}
#endif

#endif /* HOMEWARD_HW_MATCHING_H */
