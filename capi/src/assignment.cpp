// C ABI adapter for the assignment and stable-matching solvers (thin).
#include "capi_common.hpp"

#include "homeward/assignment.hpp"
#include "homeward/assignment_ranked.hpp"
#include "homeward/assignment_stable.hpp"
#include "homeward/hw_assignment.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

struct hw_assignment_solver {
  homeward::CapacitatedSolver solver;
};

namespace {

using homeward::capi::require;

bool maximize_arg(hw_assignment_sense sense) {
  if (sense != HW_ASSIGNMENT_MINIMIZE && sense != HW_ASSIGNMENT_MAXIMIZE) {
    throw homeward::InvalidArgument("sense",
                                    std::to_string(static_cast<int>(sense)) +
                                        " is not an hw_assignment_sense "
                                        "(HW_ASSIGNMENT_MINIMIZE 0, HW_ASSIGNMENT_MAXIMIZE 1)");
  }
  return sense == HW_ASSIGNMENT_MAXIMIZE;
}

void require_n(const void* p, std::size_t n, const char* field) {
  if (n != 0) require(p, field);
}

// Dimensions are checked before any pointer arithmetic uses them (indptr +
// nrows + 1, nrows * ncols): a huge count must not overflow a pointer or a
// size before the library can refuse it.
void check_dims(std::size_t nrows, std::size_t ncols) {
  const auto lim = static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()) - 1;
  if (nrows > lim) {
    throw homeward::InvalidArgument("nrows", std::to_string(nrows) + " is more than 2^31-2");
  }
  if (ncols > lim) {
    throw homeward::InvalidArgument("ncols", std::to_string(ncols) + " is more than 2^31-2");
  }
  if (ncols != 0 && nrows > std::numeric_limits<std::size_t>::max() / sizeof(double) / ncols) {
    throw homeward::InvalidArgument("cost", "nrows x ncols (" + std::to_string(nrows) + " x " +
                                                std::to_string(ncols) + ") is too large");
  }
}

homeward::SparseCost sparse_arg(std::size_t nrows, std::size_t ncols, const int64_t* indptr,
                                const int64_t* indices, const double* data, std::size_t nnz) {
  check_dims(nrows, ncols);
  if (nnz > std::numeric_limits<std::size_t>::max() / sizeof(double)) {
    throw homeward::InvalidArgument("nnz", std::to_string(nnz) + " is too large");
  }
  require(indptr, "indptr");
  require_n(indices, nnz, "indices");
  require_n(data, nnz, "data");
  homeward::SparseCost s;
  s.nrows = nrows;
  s.ncols = ncols;
  s.indptr.assign(indptr, indptr + nrows + 1);
  if (nnz) {
    s.indices.assign(indices, indices + nnz);
    s.data.assign(data, data + nnz);
  }
  return s;
}

void write_assignment(const homeward::AssignmentResult& r, int64_t* out_rows, int64_t* out_cols,
                      size_t* out_count, double* out_total) {
  std::copy(r.rows.begin(), r.rows.end(), out_rows);
  std::copy(r.cols.begin(), r.cols.end(), out_cols);
  if (out_count) *out_count = r.rows.size();
  if (out_total) *out_total = r.total_cost;
}

void write_capacitated(const homeward::CapacitatedResult& r, int64_t* out_assigned,
                       size_t* out_matched, double* out_total) {
  std::copy(r.assigned.begin(), r.assigned.end(), out_assigned);
  if (out_matched) *out_matched = r.matched;
  if (out_total) *out_total = r.total_cost;
}

homeward::Preferences prefs_arg(std::size_t n, const int64_t* ptr, const int64_t* idx,
                                const int64_t* rank, const char* ptr_name, const char* idx_name) {
  homeward::Preferences p;
  p.lists.resize(n);
  if (n == 0) return p;
  require(ptr, ptr_name);
  if (ptr[0] != 0) throw homeward::InvalidArgument(std::string(ptr_name) + "[0]", "must be 0");
  for (std::size_t a = 0; a < n; ++a) {
    if (ptr[a + 1] < ptr[a]) {
      throw homeward::InvalidArgument(homeward::index_path(ptr_name, a + 1),
                                      "decreases (must be non-decreasing)");
    }
  }
  require_n(idx, static_cast<std::size_t>(ptr[n]), idx_name);
  if (rank) p.ranks.resize(n);
  for (std::size_t a = 0; a < n; ++a) {
    p.lists[a].assign(idx + ptr[a], idx + ptr[a + 1]);
    if (rank) p.ranks[a].assign(rank + ptr[a], rank + ptr[a + 1]);
  }
  return p;
}

}  // namespace

extern "C" {

int hw_assignment_linear_sum(int64_t* out_rows, int64_t* out_cols, size_t* out_count,
                             double* out_total, const double* cost, size_t nrows, size_t ncols,
                             hw_assignment_sense sense, hw_error* err) {
  return homeward::capi::guard(err, [&] {
    const std::size_t k = std::min(nrows, ncols);
    require_n(out_rows, k, "out_rows");
    require_n(out_cols, k, "out_cols");
    check_dims(nrows, ncols);
    require_n(cost, nrows * ncols, "cost");
    const auto r = homeward::linear_sum_assignment(cost, nrows, ncols, maximize_arg(sense));
    write_assignment(r, out_rows, out_cols, out_count, out_total);
  });
}

int hw_assignment_linear_sum_sparse(int64_t* out_rows, int64_t* out_cols, size_t* out_count,
                                    double* out_total, size_t nrows, size_t ncols,
                                    const int64_t* indptr, const int64_t* indices,
                                    const double* data, size_t nnz, hw_assignment_sense sense,
                                    hw_error* err) {
  return homeward::capi::guard(err, [&] {
    const std::size_t k = std::min(nrows, ncols);
    require_n(out_rows, k, "out_rows");
    require_n(out_cols, k, "out_cols");
    const auto s = sparse_arg(nrows, ncols, indptr, indices, data, nnz);
    const auto r = homeward::sparse_linear_sum_assignment(s, maximize_arg(sense));
    write_assignment(r, out_rows, out_cols, out_count, out_total);
  });
}

int hw_assignment_capacitated(int64_t* out_assigned, size_t* out_matched, double* out_total,
                              const double* cost, size_t nrows, size_t ncols,
                              const int64_t* capacity, hw_error* err) {
  return homeward::capi::guard(err, [&] {
    check_dims(nrows, ncols);
    require_n(out_assigned, nrows, "out_assigned");
    require_n(cost, nrows * ncols, "cost");
    require_n(capacity, ncols, "capacity");
    const auto r = homeward::capacitated_assignment(cost, nrows, ncols, capacity);
    write_capacitated(r, out_assigned, out_matched, out_total);
  });
}

int hw_assignment_capacitated_sparse(int64_t* out_assigned, size_t* out_matched, double* out_total,
                                     size_t nrows, size_t ncols, const int64_t* indptr,
                                     const int64_t* indices, const double* data, size_t nnz,
                                     const int64_t* capacity, hw_error* err) {
  return homeward::capi::guard(err, [&] {
    require_n(out_assigned, nrows, "out_assigned");
    require_n(capacity, ncols, "capacity");
    const auto s = sparse_arg(nrows, ncols, indptr, indices, data, nnz);
    const auto r = homeward::capacitated_assignment(s, capacity);
    write_capacitated(r, out_assigned, out_matched, out_total);
  });
}

int hw_assignment_capacitated_k_best(int64_t* out_assigned, size_t* out_matched, double* out_totals,
                                     size_t* out_count, const double* cost, size_t nrows,
                                     size_t ncols, const int64_t* capacity, size_t k,
                                     hw_error* err) {
  return homeward::capi::guard(err, [&] {
    require_n(out_assigned, nrows * k, "out_assigned");
    require_n(out_matched, k, "out_matched");
    require_n(out_totals, k, "out_totals");
    require(out_count, "out_count");
    require_n(cost, nrows * ncols, "cost");
    require_n(capacity, ncols, "capacity");
    const auto r = homeward::k_best_capacitated_assignments(cost, nrows, ncols, capacity, k);
    for (std::size_t i = 0; i < r.size(); ++i) {
      std::copy(r[i].assigned.begin(), r[i].assigned.end(), out_assigned + i * nrows);
      out_matched[i] = r[i].matched;
      out_totals[i] = r[i].total_cost;
    }
    *out_count = r.size();
  });
}

int hw_assignment_capacitated_with(int64_t* out_assigned, size_t* out_matched, double* out_total,
                                   int* out_found, const double* cost, size_t nrows, size_t ncols,
                                   const int64_t* capacity, const int64_t* rules, size_t n_rules,
                                   hw_error* err) {
  return homeward::capi::guard(err, [&] {
    require_n(out_assigned, nrows, "out_assigned");
    require(out_found, "out_found");
    require_n(cost, nrows * ncols, "cost");
    require_n(capacity, ncols, "capacity");
    require_n(rules, n_rules, "rules");
    std::vector<homeward::PairRule> rs;
    for (std::size_t i = 0; i < n_rules; ++i) {
      const int64_t must = rules[3 * i + 2];
      if (must != 0 && must != 1) {
        throw homeward::InvalidArgument(homeward::index_path("rules", i) + ".must",
                                        std::to_string(must) + " is not 0 or 1");
      }
      rs.push_back(homeward::PairRule{rules[3 * i], rules[3 * i + 1], must == 1});
    }
    const auto r = homeward::capacitated_assignment_with(cost, nrows, ncols, capacity, rs);
    if (r) write_capacitated(*r, out_assigned, out_matched, out_total);
    *out_found = r ? 1 : 0;
  });
}

int hw_assignment_max_cardinality_sparse(int64_t* out_rows, int64_t* out_cols, size_t* out_count,
                                         int64_t* out_unmatched, size_t* out_unmatched_count,
                                         double* out_total, size_t nrows, size_t ncols,
                                         const int64_t* indptr, const int64_t* indices,
                                         const double* data, size_t nnz, hw_assignment_sense sense,
                                         hw_error* err) {
  return homeward::capi::guard(err, [&] {
    const std::size_t k = std::min(nrows, ncols);
    require_n(out_rows, k, "out_rows");
    require_n(out_cols, k, "out_cols");
    require_n(out_unmatched, nrows, "out_unmatched");
    require(out_count, "out_count");
    require(out_unmatched_count, "out_unmatched_count");
    const auto s = sparse_arg(nrows, ncols, indptr, indices, data, nnz);
    const auto r = homeward::sparse_max_cardinality_assignment(s, maximize_arg(sense));
    std::copy(r.rows.begin(), r.rows.end(), out_rows);
    std::copy(r.cols.begin(), r.cols.end(), out_cols);
    std::copy(r.unmatched_rows.begin(), r.unmatched_rows.end(), out_unmatched);
    *out_count = r.rows.size();
    *out_unmatched_count = r.unmatched_rows.size();
    if (out_total) *out_total = r.total_cost;
  });
}

int hw_assignment_solver_new(hw_assignment_solver** out, const double* cost, size_t nrows,
                             size_t ncols, const int64_t* capacity, hw_error* err) {
  return homeward::capi::guard(err, [&] {
    require(out, "out");
    check_dims(nrows, ncols);
    require_n(cost, nrows * ncols, "cost");
    require_n(capacity, ncols, "capacity");
    *out = new hw_assignment_solver{homeward::CapacitatedSolver(cost, nrows, ncols, capacity)};
  });
}

int hw_assignment_solver_new_sparse(hw_assignment_solver** out, size_t nrows, size_t ncols,
                                    const int64_t* indptr, const int64_t* indices,
                                    const double* data, size_t nnz, const int64_t* capacity,
                                    hw_error* err) {
  return homeward::capi::guard(err, [&] {
    require(out, "out");
    require_n(capacity, ncols, "capacity");
    const auto s = sparse_arg(nrows, ncols, indptr, indices, data, nnz);
    *out = new hw_assignment_solver{homeward::CapacitatedSolver(s, capacity)};
  });
}

void hw_assignment_solver_free(hw_assignment_solver* solver) { delete solver; }

int hw_assignment_solver_nrows(size_t* out, const hw_assignment_solver* solver, hw_error* err) {
  return homeward::capi::guard(err, [&] {
    require(out, "out");
    require(solver, "solver");
    *out = solver->solver.nrows();
  });
}

int hw_assignment_solver_add_row(size_t* out_row, hw_assignment_solver* solver, const int64_t* cols,
                                 const double* costs, size_t n, hw_error* err) {
  return homeward::capi::guard(err, [&] {
    require(solver, "solver");
    require_n(cols, n, "cols");
    require_n(costs, n, "costs");
    const std::vector<std::int64_t> c(cols, cols + n);
    const std::vector<double> w(costs, costs + n);
    const std::size_t r = solver->solver.add_row(c, w);
    if (out_row) *out_row = r;
  });
}

int hw_assignment_solver_set_row(hw_assignment_solver* solver, size_t row, const int64_t* cols,
                                 const double* costs, size_t n, hw_error* err) {
  return homeward::capi::guard(err, [&] {
    require(solver, "solver");
    require_n(cols, n, "cols");
    require_n(costs, n, "costs");
    solver->solver.set_row(row, std::vector<std::int64_t>(cols, cols + n),
                           std::vector<double>(costs, costs + n));
  });
}

int hw_assignment_solver_remove_row(hw_assignment_solver* solver, size_t row, hw_error* err) {
  return homeward::capi::guard(err, [&] {
    require(solver, "solver");
    solver->solver.remove_row(row);
  });
}

int hw_assignment_solver_set_capacity(hw_assignment_solver* solver, size_t col, int64_t capacity,
                                      hw_error* err) {
  return homeward::capi::guard(err, [&] {
    require(solver, "solver");
    solver->solver.set_capacity(col, capacity);
  });
}

int hw_assignment_solver_solve(int64_t* out_assigned, size_t out_len, size_t* out_matched,
                               double* out_total, hw_assignment_solver* solver, hw_error* err) {
  return homeward::capi::guard(err, [&] {
    require(solver, "solver");
    const std::size_t n = solver->solver.nrows();
    require_n(out_assigned, n, "out_assigned");
    if (out_len < n) {
      throw homeward::InvalidArgument(
          "out_len",
          "is " + std::to_string(out_len) + "; the solver has " + std::to_string(n) + " rows");
    }
    const auto r = solver->solver.solve();
    write_capacitated(r, out_assigned, out_matched, out_total);
  });
}

int hw_assignment_stable_match(int64_t* out_resident_hospital, size_t n_residents,
                               const int64_t* res_ptr, const int64_t* res_idx,
                               const int64_t* res_rank, size_t n_hospitals, const int64_t* hosp_ptr,
                               const int64_t* hosp_idx, const int64_t* hosp_rank,
                               const int64_t* capacity, hw_assignment_optimal optimal,
                               hw_error* err) {
  return homeward::capi::guard(err, [&] {
    require_n(out_resident_hospital, n_residents, "out_resident_hospital");
    require_n(capacity, n_hospitals, "capacity");
    if (optimal != HW_ASSIGNMENT_RESIDENT_OPTIMAL && optimal != HW_ASSIGNMENT_HOSPITAL_OPTIMAL) {
      throw homeward::InvalidArgument("optimal", std::to_string(static_cast<int>(optimal)) +
                                                     " is not an hw_assignment_optimal "
                                                     "(HW_ASSIGNMENT_RESIDENT_OPTIMAL 0, "
                                                     "HW_ASSIGNMENT_HOSPITAL_OPTIMAL 1)");
    }
    const auto res = prefs_arg(n_residents, res_ptr, res_idx, res_rank, "res_ptr", "res_idx");
    const auto hosp = prefs_arg(n_hospitals, hosp_ptr, hosp_idx, hosp_rank, "hosp_ptr", "hosp_idx");
    const std::vector<std::int64_t> cap(capacity, capacity + (n_hospitals ? n_hospitals : 0));
    const auto m = homeward::stable_match(res, hosp, cap,
                                          optimal == HW_ASSIGNMENT_RESIDENT_OPTIMAL
                                              ? homeward::StableOptimal::resident
                                              : homeward::StableOptimal::hospital);
    std::copy(m.resident_hospital.begin(), m.resident_hospital.end(), out_resident_hospital);
  });
}

}  // extern "C"

namespace {

std::string blocking_pairs_json(size_t n_residents, const int64_t* res_ptr, const int64_t* res_idx,
                                const int64_t* res_rank, size_t n_hospitals,
                                const int64_t* hosp_ptr, const int64_t* hosp_idx,
                                const int64_t* hosp_rank, const int64_t* capacity,
                                const int64_t* resident_hospital) {
  require_n(capacity, n_hospitals, "capacity");
  require_n(resident_hospital, n_residents, "resident_hospital");
  const auto res = prefs_arg(n_residents, res_ptr, res_idx, res_rank, "res_ptr", "res_idx");
  const auto hosp = prefs_arg(n_hospitals, hosp_ptr, hosp_idx, hosp_rank, "hosp_ptr", "hosp_idx");
  const std::vector<std::int64_t> cap(capacity, capacity + (n_hospitals ? n_hospitals : 0));
  const std::vector<std::int64_t> m(resident_hospital,
                                    resident_hospital + (n_residents ? n_residents : 0));
  const auto pairs = homeward::blocking_pairs(res, hosp, cap, m);
  std::string json = "[";
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    if (k) json += ',';
    json += '[' + std::to_string(pairs[k].first) + ',' + std::to_string(pairs[k].second) + ']';
  }
  json += ']';
  return json;
}

}  // namespace

extern "C" {

int hw_assignment_stable_blocking_pairs_json(char** out_json, size_t n_residents,
                                             const int64_t* res_ptr, const int64_t* res_idx,
                                             const int64_t* res_rank, size_t n_hospitals,
                                             const int64_t* hosp_ptr, const int64_t* hosp_idx,
                                             const int64_t* hosp_rank, const int64_t* capacity,
                                             const int64_t* resident_hospital, hw_error* err) {
  return homeward::capi::text_out(err, out_json, "out_json", [&] {
    return blocking_pairs_json(n_residents, res_ptr, res_idx, res_rank, n_hospitals, hosp_ptr,
                               hosp_idx, hosp_rank, capacity, resident_hospital);
  });
}

int hw_assignment_stable_blocking_pairs_json_buf(char* buf, size_t capacity_bytes, size_t* needed,
                                                 size_t n_residents, const int64_t* res_ptr,
                                                 const int64_t* res_idx, const int64_t* res_rank,
                                                 size_t n_hospitals, const int64_t* hosp_ptr,
                                                 const int64_t* hosp_idx, const int64_t* hosp_rank,
                                                 const int64_t* capacity,
                                                 const int64_t* resident_hospital, hw_error* err) {
  return homeward::capi::text_buf(err, buf, capacity_bytes, needed, [&] {
    return blocking_pairs_json(n_residents, res_ptr, res_idx, res_rank, n_hospitals, hosp_ptr,
                               hosp_idx, hosp_rank, capacity, resident_hospital);
  });
}

}  // extern "C"
