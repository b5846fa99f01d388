// C ABI: the 0.1 names, kept as deprecated aliases for one release (0.2.x).
// Each forwards to its replacement with err = NULL (thread-local error only).
#include "capi_common.hpp"

#include "homeward/hw_deprecated.h"
#include "homeward/hw_matching.h"
#include "homeward/matching.hpp"

namespace {
hw_assignment_sense sense_of(int maximize) {
  return maximize != 0 ? HW_ASSIGNMENT_MAXIMIZE : HW_ASSIGNMENT_MINIMIZE;
}
std::string opt(const char* s) { return s == nullptr ? std::string() : std::string(s); }
}  // namespace

extern "C" {

int hw_linear_sum_assignment(int64_t* out_rows, int64_t* out_cols, size_t* out_count,
                             double* out_total, const double* cost, size_t nrows, size_t ncols,
                             int maximize) {
  return hw_assignment_linear_sum(out_rows, out_cols, out_count, out_total, cost, nrows, ncols,
                                  sense_of(maximize), nullptr);
}

int hw_sparse_linear_sum_assignment(int64_t* out_rows, int64_t* out_cols, size_t* out_count,
                                    double* out_total, size_t nrows, size_t ncols,
                                    const int64_t* indptr, const int64_t* indices,
                                    const double* data, size_t nnz, int maximize) {
  return hw_assignment_linear_sum_sparse(out_rows, out_cols, out_count, out_total, nrows, ncols,
                                         indptr, indices, data, nnz, sense_of(maximize), nullptr);
}

int hw_capacitated_assignment(int64_t* out_assigned, size_t* out_matched, double* out_total,
                              const double* cost, size_t nrows, size_t ncols,
                              const int64_t* capacity) {
  return hw_assignment_capacitated(out_assigned, out_matched, out_total, cost, nrows, ncols,
                                   capacity, nullptr);
}

int hw_capacitated_assignment_sparse(int64_t* out_assigned, size_t* out_matched, double* out_total,
                                     size_t nrows, size_t ncols, const int64_t* indptr,
                                     const int64_t* indices, const double* data, size_t nnz,
                                     const int64_t* capacity) {
  return hw_assignment_capacitated_sparse(out_assigned, out_matched, out_total, nrows, ncols,
                                          indptr, indices, data, nnz, capacity, nullptr);
}

int hw_capacitated_solver_new(hw_capacitated_solver** out, const double* cost, size_t nrows,
                              size_t ncols, const int64_t* capacity) {
  return hw_assignment_solver_new(out, cost, nrows, ncols, capacity, nullptr);
}

int hw_capacitated_solver_new_sparse(hw_capacitated_solver** out, size_t nrows, size_t ncols,
                                     const int64_t* indptr, const int64_t* indices,
                                     const double* data, size_t nnz, const int64_t* capacity) {
  return hw_assignment_solver_new_sparse(out, nrows, ncols, indptr, indices, data, nnz, capacity,
                                         nullptr);
}

void hw_capacitated_solver_free(hw_capacitated_solver* solver) {
  hw_assignment_solver_free(solver);
}

int hw_capacitated_solver_nrows(size_t* out, const hw_capacitated_solver* solver) {
  return hw_assignment_solver_nrows(out, solver, nullptr);
}

int hw_capacitated_solver_add_row(size_t* out_row, hw_capacitated_solver* solver,
                                  const int64_t* cols, const double* costs, size_t n) {
  return hw_assignment_solver_add_row(out_row, solver, cols, costs, n, nullptr);
}

int hw_capacitated_solver_set_row(hw_capacitated_solver* solver, size_t row, const int64_t* cols,
                                  const double* costs, size_t n) {
  return hw_assignment_solver_set_row(solver, row, cols, costs, n, nullptr);
}

int hw_capacitated_solver_remove_row(hw_capacitated_solver* solver, size_t row) {
  return hw_assignment_solver_remove_row(solver, row, nullptr);
}

int hw_capacitated_solver_set_capacity(hw_capacitated_solver* solver, size_t col,
                                       int64_t capacity) {
  return hw_assignment_solver_set_capacity(solver, col, capacity, nullptr);
}

int hw_capacitated_solver_solve(int64_t* out_assigned, size_t out_len, size_t* out_matched,
                                double* out_total, hw_capacitated_solver* solver) {
  return hw_assignment_solver_solve(out_assigned, out_len, out_matched, out_total, solver, nullptr);
}

int hw_stable_match(int64_t* out_resident_hospital, size_t n_residents, const int64_t* res_ptr,
                    const int64_t* res_idx, const int64_t* res_rank, size_t n_hospitals,
                    const int64_t* hosp_ptr, const int64_t* hosp_idx, const int64_t* hosp_rank,
                    const int64_t* capacity, int optimal) {
  return hw_assignment_stable_match(out_resident_hospital, n_residents, res_ptr, res_idx, res_rank,
                                    n_hospitals, hosp_ptr, hosp_idx, hosp_rank, capacity,
                                    static_cast<hw_assignment_optimal>(optimal), nullptr);
}

int hw_stable_blocking_pairs_json(char** out_json, size_t n_residents, const int64_t* res_ptr,
                                  const int64_t* res_idx, const int64_t* res_rank,
                                  size_t n_hospitals, const int64_t* hosp_ptr,
                                  const int64_t* hosp_idx, const int64_t* hosp_rank,
                                  const int64_t* capacity, const int64_t* resident_hospital) {
  return hw_assignment_stable_blocking_pairs_json(out_json, n_residents, res_ptr, res_idx, res_rank,
                                                  n_hospitals, hosp_ptr, hosp_idx, hosp_rank,
                                                  capacity, resident_hospital, nullptr);
}

// 0.1 behaviour: the input is JSON text or a path to a file.
int hw_match_placements(char** out_json, const char* input_json, const char* options_json) {
  return homeward::capi::text_out(nullptr, out_json, "out_json", [&] {
    return homeward::match_placements_json(homeward::capi::str_arg(input_json, "input_json"),
                                           opt(options_json));
  });
}

int hw_allocate_workers(char** out_json, const char* input_json, const char* options_json) {
  return homeward::capi::text_out(nullptr, out_json, "out_json", [&] {
    return homeward::allocate_workers_json(homeward::capi::str_arg(input_json, "input_json"),
                                           opt(options_json));
  });
}

int hw_match_explain(char** out_text, const char* result_json, const char* person_id) {
  return hw_matching_explain(out_text, result_json, person_id, nullptr);
}

int hw_match_report(char** out_text, const char* result_json) {
  return hw_matching_report(out_text, result_json, nullptr);
}

const char* hw_stage_name(int stage) {
  return hw_timeline_stage_name(static_cast<hw_stage>(stage));
}

const char* hw_milestone_name(int milestone) {
  return hw_timeline_milestone_name(static_cast<hw_milestone>(milestone));
}

const char* hw_milestone_status_name(int status) {
  return hw_timeline_milestone_status_name(static_cast<hw_milestone_status>(status));
}

}  // extern "C"
