/* homeward C ABI: 0.1 names kept as deprecated aliases for one release.
 *
 * Each forwards to its 0.2 replacement with the 0.1 signature (no hw_error*
 * argument: errors go to hw_last_error() only) and the 0.1 behaviour. They
 * will be removed in 0.3. Included by <homeward/homeward.h> unless
 * HW_NO_DEPRECATED is defined; HW_NO_DEPRECATION_WARNINGS silences the
 * compiler warnings. See docs/conventions.md for the 0.1 -> 0.2 table. */
#ifndef HOMEWARD_HW_DEPRECATED_H
#define HOMEWARD_HW_DEPRECATED_H

#include "homeward/hw_assignment.h"
#include "homeward/hw_common.h"
#include "homeward/hw_timeline.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- assignment (0.1 names without the area noun) ----------------------- */

typedef struct hw_assignment_solver hw_capacitated_solver;

HW_DEPRECATED("use hw_assignment_linear_sum")
/* (since 0.1, deprecated since 0.2) */
HW_API int hw_linear_sum_assignment(int64_t* out_rows, int64_t* out_cols, size_t* out_count,
                                    double* out_total, const double* cost, size_t nrows,
                                    size_t ncols, int maximize);
HW_DEPRECATED("use hw_assignment_linear_sum_sparse")
/* (since 0.1, deprecated since 0.2) */
HW_API int hw_sparse_linear_sum_assignment(int64_t* out_rows, int64_t* out_cols, size_t* out_count,
                                           double* out_total, size_t nrows, size_t ncols,
                                           const int64_t* indptr, const int64_t* indices,
                                           const double* data, size_t nnz, int maximize);
HW_DEPRECATED("use hw_assignment_capacitated")
/* (since 0.1, deprecated since 0.2) */
HW_API int hw_capacitated_assignment(int64_t* out_assigned, size_t* out_matched, double* out_total,
                                     const double* cost, size_t nrows, size_t ncols,
                                     const int64_t* capacity);
HW_DEPRECATED("use hw_assignment_capacitated_sparse")
/* (since 0.1, deprecated since 0.2) */
HW_API int hw_capacitated_assignment_sparse(int64_t* out_assigned, size_t* out_matched,
                                            double* out_total, size_t nrows, size_t ncols,
                                            const int64_t* indptr, const int64_t* indices,
                                            const double* data, size_t nnz,
                                            const int64_t* capacity);
HW_DEPRECATED("use hw_assignment_solver_new")
/* (since 0.1, deprecated since 0.2) */
HW_API int hw_capacitated_solver_new(hw_capacitated_solver** out, const double* cost, size_t nrows,
                                     size_t ncols, const int64_t* capacity);
HW_DEPRECATED("use hw_assignment_solver_new_sparse")
/* (since 0.1, deprecated since 0.2) */
HW_API int hw_capacitated_solver_new_sparse(hw_capacitated_solver** out, size_t nrows, size_t ncols,
                                            const int64_t* indptr, const int64_t* indices,
                                            const double* data, size_t nnz,
                                            const int64_t* capacity);
HW_DEPRECATED("use hw_assignment_solver_free")
/* (since 0.1, deprecated since 0.2) */
HW_API void hw_capacitated_solver_free(hw_capacitated_solver* solver);
HW_DEPRECATED("use hw_assignment_solver_nrows")
/* (since 0.1, deprecated since 0.2) */
HW_API int hw_capacitated_solver_nrows(size_t* out, const hw_capacitated_solver* solver);
HW_DEPRECATED("use hw_assignment_solver_add_row")
/* (since 0.1, deprecated since 0.2) */
HW_API int hw_capacitated_solver_add_row(size_t* out_row, hw_capacitated_solver* solver,
                                         const int64_t* cols, const double* costs, size_t n);
HW_DEPRECATED("use hw_assignment_solver_set_row")
/* (since 0.1, deprecated since 0.2) */
HW_API int hw_capacitated_solver_set_row(hw_capacitated_solver* solver, size_t row,
                                         const int64_t* cols, const double* costs, size_t n);
HW_DEPRECATED("use hw_assignment_solver_remove_row")
/* (since 0.1, deprecated since 0.2) */
HW_API int hw_capacitated_solver_remove_row(hw_capacitated_solver* solver, size_t row);
HW_DEPRECATED("use hw_assignment_solver_set_capacity")
/* (since 0.1, deprecated since 0.2) */
HW_API int hw_capacitated_solver_set_capacity(hw_capacitated_solver* solver, size_t col,
                                              int64_t capacity);
HW_DEPRECATED("use hw_assignment_solver_solve")
/* (since 0.1, deprecated since 0.2) */
HW_API int hw_capacitated_solver_solve(int64_t* out_assigned, size_t out_len, size_t* out_matched,
                                       double* out_total, hw_capacitated_solver* solver);
HW_DEPRECATED("use hw_assignment_stable_match")
/* (since 0.1, deprecated since 0.2) */
HW_API int hw_stable_match(int64_t* out_resident_hospital, size_t n_residents,
                           const int64_t* res_ptr, const int64_t* res_idx, const int64_t* res_rank,
                           size_t n_hospitals, const int64_t* hosp_ptr, const int64_t* hosp_idx,
                           const int64_t* hosp_rank, const int64_t* capacity, int optimal);
HW_DEPRECATED("use hw_assignment_stable_blocking_pairs_json")
/* (since 0.1, deprecated since 0.2) */
HW_API int hw_stable_blocking_pairs_json(char** out_json, size_t n_residents,
                                         const int64_t* res_ptr, const int64_t* res_idx,
                                         const int64_t* res_rank, size_t n_hospitals,
                                         const int64_t* hosp_ptr, const int64_t* hosp_idx,
                                         const int64_t* hosp_rank, const int64_t* capacity,
                                         const int64_t* resident_hospital);

/* ---- matching (0.1 names without the area noun; text or path) ----------- */

HW_DEPRECATED("use hw_matching_placements or hw_matching_placements_file")
/* (since 0.1, deprecated since 0.2) */
HW_API int hw_match_placements(char** out_json, const char* input_json, const char* options_json);
HW_DEPRECATED("use hw_matching_workers or hw_matching_workers_file")
/* (since 0.1, deprecated since 0.2) */
HW_API int hw_allocate_workers(char** out_json, const char* input_json, const char* options_json);
HW_DEPRECATED("use hw_matching_explain")
/* (since 0.1, deprecated since 0.2) */
HW_API int hw_match_explain(char** out_text, const char* result_json, const char* person_id);
HW_DEPRECATED("use hw_matching_report")
/* (since 0.1, deprecated since 0.2) */
HW_API int hw_match_report(char** out_text, const char* result_json);

/* ---- timeline names ---------------------------------------------------- */

HW_DEPRECATED("use hw_timeline_stage_name")
/* (since 0.1, deprecated since 0.2) */
HW_API const char* hw_stage_name(int stage);
HW_DEPRECATED("use hw_timeline_milestone_name")
/* (since 0.1, deprecated since 0.2) */
HW_API const char* hw_milestone_name(int milestone);
HW_DEPRECATED("use hw_timeline_milestone_status_name")
/* (since 0.1, deprecated since 0.2) */
HW_API const char* hw_milestone_status_name(int status);

#ifdef __cplusplus
}
#endif

#endif /* HOMEWARD_HW_DEPRECATED_H */
