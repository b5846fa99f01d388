/* homeward C ABI: capacity planning by discrete-event simulation.
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
 * of threads, so the `_buf` forms (which run the simulation again when asked
 * for the size first) return the same text each time. Replications run in
 * threads ("threads" in the model; 0: one per core). A progress callback (may
 * be NULL) is called on the calling thread with (done, total, user);
 * returning 0 cancels: HW_ERR_INVALID_ARGUMENT with field "progress".
 *
 * Errors: HW_ERR_PARSE (malformed JSON), HW_ERR_INVALID_ARGUMENT (negative
 * rates, zero beds with arrivals, invalid distribution parameters, an empty
 * history to fit from, ...), HW_ERR_IO (the _file forms), HW_ERR_NULL_POINTER.
 * The error names the field: `model.length_of_stay.sd: must be > 0, got -2`.
 * Outputs are written only on success; release them with hw_string_free(). */
#ifndef HOMEWARD_HW_PLAN_H
#define HOMEWARD_HW_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "homeward/hw_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Progress: replications done out of total; return non-zero to go on (since 0.2). */
typedef int (*hw_plan_progress_fn)(int64_t done, int64_t total, void* user);

/* What a simulation result holds (since 0.2). */
typedef enum hw_plan_runs HW_ENUM_INT {
  HW_PLAN_SUMMARY = 0,  /* summary, workers and daily series */
  HW_PLAN_WITH_RUNS = 1 /* ... and one entry per replication under "runs" */
} hw_plan_runs;

/* What a sweep returns (since 0.2). */
typedef enum hw_plan_sweep_output HW_ENUM_INT {
  HW_PLAN_SWEEP_JSON = 0, /* rows and smallest beds meeting the target, as JSON */
  HW_PLAN_SWEEP_TABLE = 1 /* "k beds: mean wait w days, savings £s, occupancy o%" lines */
} hw_plan_sweep_output;

/* Simulate a model given as JSON text (since 0.2). */
HW_API int hw_plan_simulate(char** out_json, const char* model_json, hw_plan_runs runs,
                            hw_plan_progress_fn progress, void* user, hw_error* err);
/* (since 0.2) */
HW_API int hw_plan_simulate_buf(char* buf, size_t capacity, size_t* needed, const char* model_json,
                                hw_plan_runs runs, hw_plan_progress_fn progress, void* user,
                                hw_error* err);

/* Sweep beds x arrival rates x lengths of stay (since 0.2). */
HW_API int hw_plan_sweep(char** out_text, const char* sweep_json, hw_plan_sweep_output output,
                         hw_plan_progress_fn progress, void* user, hw_error* err);
/* (since 0.2) */
HW_API int hw_plan_sweep_buf(char* buf, size_t capacity, size_t* needed, const char* sweep_json,
                             hw_plan_sweep_output output, hw_plan_progress_fn progress, void* user,
                             hw_error* err);

/* Fit a model from a caseload document (JSON text; _file: a path).
 * `base_model_json` (may be NULL) gives the other settings (since 0.2). */
HW_API int hw_plan_fit(char** out_json, const char* caseload_json, const char* base_model_json,
                       hw_error* err);
/* (since 0.2) */
HW_API int hw_plan_fit_buf(char* buf, size_t capacity, size_t* needed, const char* caseload_json,
                           const char* base_model_json, hw_error* err);
/* (since 0.2) */
HW_API int hw_plan_fit_file(char** out_json, const char* caseload_path, const char* base_model_json,
                            hw_error* err);
/* (since 0.2) */
HW_API int hw_plan_fit_file_buf(char* buf, size_t capacity, size_t* needed,
                                const char* caseload_path, const char* base_model_json,
                                hw_error* err);

/* Beds and workers for the next year from a caseload (JSON text; _file: a
 * path), under the current arrival rate and a stated growth. `options_json`
 * (may be NULL): {"growth": 0.1, "max_beds": 40, "replications": 200,
 * "seed": 1, "target": {"days": 14, "fraction": 0.9}, "costs": {...},
 * "workers": [...]} (since 0.2). */
HW_API int hw_plan_capacity(char** out_json, const char* caseload_json, const char* options_json,
                            hw_plan_progress_fn progress, void* user, hw_error* err);
/* (since 0.2) */
HW_API int hw_plan_capacity_buf(char* buf, size_t capacity, size_t* needed,
                                const char* caseload_json, const char* options_json,
                                hw_plan_progress_fn progress, void* user, hw_error* err);
/* (since 0.2) */
HW_API int hw_plan_capacity_file(char** out_json, const char* caseload_path,
                                 const char* options_json, hw_plan_progress_fn progress, void* user,
                                 hw_error* err);
/* (since 0.2) */
HW_API int hw_plan_capacity_file_buf(char* buf, size_t capacity, size_t* needed,
                                     const char* caseload_path, const char* options_json,
                                     hw_plan_progress_fn progress, void* user, hw_error* err);

#ifdef __cplusplus
}
#endif

#endif /* HOMEWARD_HW_PLAN_H */
