/* homeward C ABI: capacity planning by discrete-event simulation (since 0.2).
 *
 * Models, sweeps and results cross as JSON (schemas in docs/plan.md):
 *
 *   model:  {"beds": 6, "arrivals": {"kind": "poisson", "rate_per_day": 0.1},
 *            "length_of_stay": {"kind": "gamma", "mean": 70, "sd": 30},
 *            "replications": 200, "seed": 1, "horizon_days": 365,
 *            "warmup_days": "auto", "workers": [...], "target": {...}, ...}
 *           (every key optional);
 *   sweep:  {"model": {...}, "beds": [1, 2, ...] | {"from": 1, "to": 40},
 *            "arrival_rates": [...], "los_means": [...]};
 *   result: {"model", "warmup_days", "summary": {figure: {"mean", "sd",
 *            "ci_low", "ci_high", "n"}}, "workers", "series", "runs"}.
 *
 * The same seed gives the same results on every platform and for any number
 * of threads. Replications run in threads ("threads" in the model; 0: one per
 * core). A progress callback, when given, is called on the calling thread
 * with (done, total, user); returning 0 cancels (HW_ERR_INVALID_ARGUMENT,
 * field "progress").
 *
 * Errors: HW_ERR_PARSE (malformed JSON), HW_ERR_INVALID_ARGUMENT (negative
 * rates, zero beds with arrivals, invalid distribution parameters, an empty
 * history to fit from, ...), HW_ERR_IO, HW_ERR_NULL_POINTER. hw_last_error()
 * names the field: `model.length_of_stay.sd: must be > 0, got -2.000000`.
 * Outputs are written only on success; release them with hw_string_free(). */
#ifndef HOMEWARD_HW_PLAN_H
#define HOMEWARD_HW_PLAN_H

#include <stdint.h>

#include "homeward/hw_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Progress: replications done out of total; return non-zero to go on. */
typedef int (*hw_plan_progress_fn)(int64_t done, int64_t total, void* user);

/* Simulate a model (JSON text). `include_runs` non-zero adds one entry per
 * replication under "runs". `progress` may be NULL. */
HW_API int hw_plan_simulate(char** out_json, const char* model_json, int include_runs,
                            hw_plan_progress_fn progress, void* user);

/* Sweep beds x arrival rates x lengths of stay. `out_table` (may be NULL)
 * receives the text table "k beds: mean wait w days, savings £s, occupancy o%"
 * with the smallest number of beds meeting the target. */
HW_API int hw_plan_sweep(char** out_json, char** out_table, const char* sweep_json,
                         hw_plan_progress_fn progress, void* user);

/* Fit a model from a caseload (the caseload document as JSON text, or a
 * path to it). `base_model_json` (may be NULL) gives the other settings. */
HW_API int hw_plan_fit(char** out_json, const char* caseload_json, const char* base_model_json);

/* Beds and workers for the next year from a caseload, under the current
 * arrival rate and a stated growth. `options_json` (may be NULL):
 * {"growth": 0.1, "max_beds": 40, "replications": 200, "seed": 1,
 *  "target": {"days": 14, "fraction": 0.9}, "costs": {...}, "workers": [...]}. */
HW_API int hw_plan_capacity(char** out_json, const char* caseload_json, const char* options_json,
                            hw_plan_progress_fn progress, void* user);

#ifdef __cplusplus
}
#endif

#endif /* HOMEWARD_HW_PLAN_H */
