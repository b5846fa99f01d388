// homeward: exact assignment solvers (the matching core).
//
// Costs are doubles; +infinity marks a forbidden pair. NaN and -infinity are
// errors (InvalidArgument naming the cell, e.g. "cost[3][7]").
// Every solver is deterministic; tie-breaking is documented per function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "homeward/error.hpp"

namespace homeward {

// SciPy's form: rows in increasing order and the column matched to each.
// The smaller side is fully matched.
struct AssignmentResult {
  std::vector<std::int64_t> rows;
  std::vector<std::int64_t> cols;
  double total_cost = 0.0;  // in the caller's units (before any negation)
};

// Dense rectangular minimum-cost (or maximum with maximize=true) assignment
// over a row-major nrows x ncols matrix. Throws Infeasible naming a witness
// (a set of rows whose allowed columns are fewer than the rows) when the
// smaller side cannot be fully matched. Exact (LAPJV; large square matrices
// are first solved on each row's least reduced costs and proved optimal on
// the whole matrix); deterministic tie rules in docs/assignment.md.
AssignmentResult linear_sum_assignment(const double* cost, std::size_t nrows, std::size_t ncols,
                                       bool maximize = false);

// A sparse cost matrix in CSR form: row r's allowed pairs are
// indices[indptr[r] .. indptr[r+1]) with costs data[...]. Pairs not listed
// are forbidden.
struct SparseCost {
  std::size_t nrows = 0;
  std::size_t ncols = 0;
  std::vector<std::int64_t> indptr;   // nrows + 1 entries
  std::vector<std::int64_t> indices;  // column of each allowed pair
  std::vector<double> data;           // cost of each allowed pair (finite)
};

// Many-to-one assignment with capacities: each row (person) gets at most one
// column (place or worker); column c takes at most capacity[c] rows.
// Lexicographic objective: the most rows matched first, then the least total
// cost. Unmatched rows are allowed and reported as -1.
struct CapacitatedResult {
  std::vector<std::int64_t> assigned;  // per row: the column, or -1
  std::size_t matched = 0;
  double total_cost = 0.0;
};

CapacitatedResult capacitated_assignment(const double* cost, std::size_t nrows, std::size_t ncols,
                                         const std::int64_t* capacity);
CapacitatedResult capacitated_assignment(const SparseCost& cost, const std::int64_t* capacity);

// ---------------------------------------------------------------------------
// Additions beyond the first sketch (the declarations above are unchanged).

// The infeasibility witness thrown by the assignment solvers (a Hall
// violator): `members` (indices on the side that must be fully matched:
// rows when nrows <= ncols, else columns) whose allowed partners, listed in
// `partners`, are fewer than the members. Found from the alternating tree of
// a maximum matching, so it is a proof that no full assignment exists.
// The field is "cost"; what() names both sets.
class AssignmentInfeasible : public Infeasible {
 public:
  AssignmentInfeasible(bool members_are_rows, std::vector<std::int64_t> members,
                       std::vector<std::int64_t> partners);
  bool members_are_rows() const noexcept { return members_are_rows_; }
  const std::vector<std::int64_t>& members() const noexcept { return members_; }
  const std::vector<std::int64_t>& partners() const noexcept { return partners_; }

 private:
  bool members_are_rows_;
  std::vector<std::int64_t> members_;
  std::vector<std::int64_t> partners_;
};

// Sparse rectangular assignment (pairs not listed are forbidden): the same
// contract and result form as linear_sum_assignment. Validates the CSR
// structure (field names "indptr[k]", "indices[k]", "data[k]"); a column
// listed twice in one row is an error. With maximize=true the listed costs
// are maximised.
// Square inputs whose costs are all integers (|c| <= 2^52, range R with
// (R + 1)(n + 1)^2 < 2^58) are solved by an ε-scaling auction, others by
// shortest augmenting paths; both are exact and deterministic. Tie-breaking:
// on the auction path the optimum returned among equal-cost ones is the one
// the auction reaches (not "earlier rows win ties" as on the shortest-path
// path); see docs/assignment.md.
AssignmentResult sparse_linear_sum_assignment(const SparseCost& cost, bool maximize = false);

// Validate a SparseCost (sizes, monotone indptr, column range, duplicates,
// finite data); throws InvalidArgument naming the field. Called by every
// sparse entry point; exposed for adapters that want to fail early.
void validate_sparse_cost(const SparseCost& cost);

// A warm-start solver for the capacitated problem: keeps the assignment and
// the column duals between solves, so that after a small change (a person
// arrives or leaves, a bed frees or closes, a row's costs change) solve()
// repairs the previous optimum instead of starting again. Each solve()
// returns an optimum of the current problem (the same matched count and
// total cost as capacitated_assignment on the same data); among tied optima
// it may pick a different one than a fresh solve.
// Row indices are stable: remove_row() leaves an inactive row (reported -1)
// and add_row() appends a new index.
class CapacitatedSolver {
 public:
  CapacitatedSolver(const SparseCost& cost, const std::int64_t* capacity);
  CapacitatedSolver(const double* cost, std::size_t nrows, std::size_t ncols,
                    const std::int64_t* capacity);
  ~CapacitatedSolver();
  CapacitatedSolver(CapacitatedSolver&&) noexcept;
  CapacitatedSolver& operator=(CapacitatedSolver&&) noexcept;
  CapacitatedSolver(const CapacitatedSolver&) = delete;
  CapacitatedSolver& operator=(const CapacitatedSolver&) = delete;

  std::size_t nrows() const noexcept;  // including removed rows
  std::size_t ncols() const noexcept;

  // A new row with its allowed pairs (columns with finite costs); returns
  // its index. Dense form: ncols costs, +inf forbidden.
  std::size_t add_row(const std::vector<std::int64_t>& cols, const std::vector<double>& costs);
  std::size_t add_row_dense(const std::vector<double>& costs);
  // Replace row r's allowed pairs.
  void set_row(std::size_t r, const std::vector<std::int64_t>& cols,
               const std::vector<double>& costs);
  // The row leaves (stays as an inactive index).
  void remove_row(std::size_t r);
  // Change a column's capacity (>= 0).
  void set_capacity(std::size_t c, std::int64_t capacity);

  // Solve (or repair) and return the optimum of the current problem.
  CapacitatedResult solve();
  // How many rows the last solve() had to (re)process with a shortest-path
  // search, a measure of the work the warm start saved.
  std::size_t last_rows_processed() const noexcept;

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace homeward
