/* homeward C ABI: assignment and stable-matching solvers.
 *
 * Cost matrices cross as row-major `const double*` plus dimensions; sparse
 * matrices as CSR (indptr[nrows+1], indices[nnz], data[nnz]). +INFINITY
 * forbids a pair (dense); NaN and -INFINITY are HW_ERR_INVALID_ARGUMENT with
 * err->field naming the cell ("cost[3][7]"). An instance whose
 * smaller side cannot be fully matched is HW_ERR_INFEASIBLE and
 * err->message names a witness (a set of rows with fewer allowed columns).
 * Results go into caller buffers, written only on success. Every function
 * takes a trailing hw_error* err (may be NULL), see hw_common.h; 0.1 names
 * (hw_linear_sum_assignment, hw_capacitated_solver_*, hw_stable_match, ...)
 * are deprecated aliases in hw_deprecated.h. Pointers to
 * zero-length arrays may be NULL. See docs/assignment.md.
 * Compiles as C99 and as C++. */
#ifndef HOMEWARD_HW_ASSIGNMENT_H
#define HOMEWARD_HW_ASSIGNMENT_H

#include "homeward/hw_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Minimise or maximise the total (since 0.2). */
typedef enum hw_assignment_sense HW_ENUM_INT {
  HW_ASSIGNMENT_MINIMIZE = 0,
  HW_ASSIGNMENT_MAXIMIZE = 1
} hw_assignment_sense;

/* Which side a stable matching favours (since 0.2). */
typedef enum hw_assignment_optimal HW_ENUM_INT {
  HW_ASSIGNMENT_RESIDENT_OPTIMAL = 0,
  HW_ASSIGNMENT_HOSPITAL_OPTIMAL = 1
} hw_assignment_optimal;

/* Minimum-cost (HW_ASSIGNMENT_MAXIMIZE: maximum) rectangular assignment, SciPy's
 * form: k = min(nrows, ncols) pairs, out_rows ascending, out_cols the
 * matched column of each. out_rows and out_cols hold at least k entries;
 * out_count (may be NULL) receives k, out_total (may be NULL) the total. */
/* (since 0.2) */
HW_API int hw_assignment_linear_sum(int64_t* out_rows, int64_t* out_cols, size_t* out_count,
                                    double* out_total, const double* cost, size_t nrows,
                                    size_t ncols, hw_assignment_sense sense, hw_error* err);

/* The same over a CSR matrix: unlisted pairs are forbidden, listed costs
 * must be finite, a column may appear once per row. */
/* (since 0.2) */
HW_API int hw_assignment_linear_sum_sparse(int64_t* out_rows, int64_t* out_cols, size_t* out_count,
                                           double* out_total, size_t nrows, size_t ncols,
                                           const int64_t* indptr, const int64_t* indices,
                                           const double* data, size_t nnz,
                                           hw_assignment_sense sense, hw_error* err);

/* Many-to-one with capacities: each row gets at most one column, column c
 * at most capacity[c] rows; most rows matched first, then least cost.
 * out_assigned (nrows entries) receives each row's column or -1. */
/* (since 0.2) */
HW_API int hw_assignment_capacitated(int64_t* out_assigned, size_t* out_matched, double* out_total,
                                     const double* cost, size_t nrows, size_t ncols,
                                     const int64_t* capacity, hw_error* err);
/* (since 0.2) */
HW_API int hw_assignment_capacitated_sparse(int64_t* out_assigned, size_t* out_matched,
                                            double* out_total, size_t nrows, size_t ncols,
                                            const int64_t* indptr, const int64_t* indices,
                                            const double* data, size_t nnz, const int64_t* capacity,
                                            hw_error* err);

/* The k best solutions of hw_assignment_capacitated in order (most rows
 * matched, then least cost; Murty's method), since 0.2. out_assigned holds
 * k * nrows entries (solution i at i * nrows), out_matched and out_totals k;
 * out_count receives how many exist (<= k). */
HW_API int hw_assignment_capacitated_k_best(int64_t* out_assigned, size_t* out_matched,
                                            double* out_totals, size_t* out_count,
                                            const double* cost, size_t nrows, size_t ncols,
                                            const int64_t* capacity, size_t k, hw_error* err);

/* The best solution of hw_assignment_capacitated obeying rules, since 0.2:
 * rules holds n_rules triples (row, col, must): must = 1 means row gets col,
 * 0 that it does not; col = -1 stands for "unmatched". *out_found is 0 (and
 * nothing else is written) when no solution obeys every rule. */
HW_API int hw_assignment_capacitated_with(int64_t* out_assigned, size_t* out_matched,
                                          double* out_total, int* out_found, const double* cost,
                                          size_t nrows, size_t ncols, const int64_t* capacity,
                                          const int64_t* rules, size_t n_rules, hw_error* err);

/* Maximum-cardinality, then minimum-cost (maximum with HW_ASSIGNMENT_MAXIMIZE)
 * assignment over a CSR matrix, since 0.2: rows may stay unmatched. out_rows
 * and out_cols hold min(nrows, ncols) entries, out_unmatched nrows; the
 * counts are written to out_count and out_unmatched_count. */
HW_API int hw_assignment_max_cardinality_sparse(int64_t* out_rows, int64_t* out_cols,
                                                size_t* out_count, int64_t* out_unmatched,
                                                size_t* out_unmatched_count, double* out_total,
                                                size_t nrows, size_t ncols, const int64_t* indptr,
                                                const int64_t* indices, const double* data,
                                                size_t nnz, hw_assignment_sense sense,
                                                hw_error* err);

/* A warm-start capacitated solver: re-solving after a small change repairs
 * the previous optimum. Rows keep their indices; a removed row reports -1. */
typedef struct hw_assignment_solver hw_assignment_solver;

/* (since 0.2) */
HW_API int hw_assignment_solver_new(hw_assignment_solver** out, const double* cost, size_t nrows,
                                    size_t ncols, const int64_t* capacity, hw_error* err);
/* (since 0.2) */
HW_API int hw_assignment_solver_new_sparse(hw_assignment_solver** out, size_t nrows, size_t ncols,
                                           const int64_t* indptr, const int64_t* indices,
                                           const double* data, size_t nnz, const int64_t* capacity,
                                           hw_error* err);
/* (since 0.2) */
HW_API void hw_assignment_solver_free(hw_assignment_solver* solver);
/* Rows so far (removed rows included). */
/* (since 0.2) */
HW_API int hw_assignment_solver_nrows(size_t* out, const hw_assignment_solver* solver,
                                      hw_error* err);
/* A new row with `n` allowed pairs (cols[k], costs[k]); out_row its index. */
/* (since 0.2) */
HW_API int hw_assignment_solver_add_row(size_t* out_row, hw_assignment_solver* solver,
                                        const int64_t* cols, const double* costs, size_t n,
                                        hw_error* err);
/* (since 0.2) */
HW_API int hw_assignment_solver_set_row(hw_assignment_solver* solver, size_t row,
                                        const int64_t* cols, const double* costs, size_t n,
                                        hw_error* err);
/* (since 0.2) */
HW_API int hw_assignment_solver_remove_row(hw_assignment_solver* solver, size_t row, hw_error* err);
/* (since 0.2) */
HW_API int hw_assignment_solver_set_capacity(hw_assignment_solver* solver, size_t col,
                                             int64_t capacity, hw_error* err);
/* Solve or repair. out_assigned has room for out_len >= nrows entries. */
/* (since 0.2) */
HW_API int hw_assignment_solver_solve(int64_t* out_assigned, size_t out_len, size_t* out_matched,
                                      double* out_total, hw_assignment_solver* solver,
                                      hw_error* err);

/* Stable matching with capacities (hospitals/residents). Each side's lists
 * cross as CSR: resident r ranks hospitals res_idx[res_ptr[r]..res_ptr[r+1])
 * most preferred first, with optional tie ranks res_rank (same layout,
 * non-decreasing within a list; NULL = strict). Likewise for hospitals.
 * optimal: HW_ASSIGNMENT_RESIDENT_OPTIMAL or HW_ASSIGNMENT_HOSPITAL_OPTIMAL. out_resident_hospital
 * (n_residents entries) receives each resident's hospital or -1. */
/* (since 0.2) */
HW_API int hw_assignment_stable_match(int64_t* out_resident_hospital, size_t n_residents,
                                      const int64_t* res_ptr, const int64_t* res_idx,
                                      const int64_t* res_rank, size_t n_hospitals,
                                      const int64_t* hosp_ptr, const int64_t* hosp_idx,
                                      const int64_t* hosp_rank, const int64_t* capacity,
                                      hw_assignment_optimal optimal, hw_error* err);

/* The blocking pairs of a matching, as JSON [[resident, hospital], ...]
 * (ascending; "[]" when stable), released with hw_string_free(). */
/* (since 0.2) */
HW_API int hw_assignment_stable_blocking_pairs_json(
    char** out_json, size_t n_residents, const int64_t* res_ptr, const int64_t* res_idx,
    const int64_t* res_rank, size_t n_hospitals, const int64_t* hosp_ptr, const int64_t* hosp_idx,
    const int64_t* hosp_rank, const int64_t* capacity, const int64_t* resident_hospital,
    hw_error* err);
/* The same into a caller buffer of buf_capacity bytes (since 0.2). */
HW_API int hw_assignment_stable_blocking_pairs_json_buf(
    char* buf, size_t buf_capacity, size_t* needed, size_t n_residents, const int64_t* res_ptr,
    const int64_t* res_idx, const int64_t* res_rank, size_t n_hospitals, const int64_t* hosp_ptr,
    const int64_t* hosp_idx, const int64_t* hosp_rank, const int64_t* capacity,
    const int64_t* resident_hospital, hw_error* err);

#ifdef __cplusplus
}
#endif

#endif /* HOMEWARD_HW_ASSIGNMENT_H */
