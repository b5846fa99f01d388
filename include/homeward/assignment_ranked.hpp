// homeward: ranked alternatives for capacitated assignment, rules on pairs,
// and the maximum-cardinality mode of sparse assignment.
//
// Solutions of the capacitated problem (assignment.hpp) are ordered as the
// solver's objective orders them: more rows matched first, then less total
// cost. Two solutions are different when some row gets a different column
// (or is matched in one and not in the other).
#pragma once

#include "homeward/assignment.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace homeward {

// A rule on one row: `must` = the row gets `col`; otherwise it must not get
// `col`. col == -1 stands for "unmatched": must(-1) keeps the row unmatched,
// not(-1) requires it to be matched (to any allowed column).
struct PairRule {
  std::int64_t row = 0;
  std::int64_t col = -1;
  bool must = false;
};

// The best solution obeying every rule (most rows matched, then least cost,
// among the solutions that obey them), or nothing when no solution obeys
// them all (e.g. must(r, c) on a forbidden pair). Rules are validated
// (InvalidArgument naming "rules[k].row" / "rules[k].col").
std::optional<CapacitatedResult> capacitated_assignment_with(const SparseCost& cost,
                                                             const std::int64_t* capacity,
                                                             const std::vector<PairRule>& rules);
std::optional<CapacitatedResult> capacitated_assignment_with(const double* cost, std::size_t nrows,
                                                             std::size_t ncols,
                                                             const std::int64_t* capacity,
                                                             const std::vector<PairRule>& rules);

// The k best solutions in order (Murty's partitioning, each subproblem
// re-solved warm from its parent's optimum). Fewer than k when fewer exist.
// The first is an optimum (the same matched count and total as
// capacitated_assignment). Deterministic: ties keep the order in which the
// partitioning found them.
std::vector<CapacitatedResult> k_best_capacitated_assignments(const SparseCost& cost,
                                                              const std::int64_t* capacity,
                                                              std::size_t k);
std::vector<CapacitatedResult> k_best_capacitated_assignments(const double* cost, std::size_t nrows,
                                                              std::size_t ncols,
                                                              const std::int64_t* capacity,
                                                              std::size_t k);

// For every row of an optimum `best` (as returned by capacitated_assignment
// on the same data): the best solution in which that row does not keep its
// outcome: a matched row does not get its column (it moves or goes
// unmatched), an unmatched row is matched. Each is reported by the row's
// outcome in it and its difference to the optimum.
struct RowAlternative {
  bool exists = false;              // false: no solution changes this row's outcome
  std::int64_t col = -1;            // the row's column in the alternative (-1: unmatched)
  std::int64_t matched_change = 0;  // alternative.matched - best.matched (<= 0)
  double cost_change = 0.0;         // alternative.total_cost - best.total_cost
  CapacitatedResult solution;       // the whole alternative
};
std::vector<RowAlternative> row_alternatives(const SparseCost& cost, const std::int64_t* capacity,
                                             const CapacitatedResult& best);

// A dense matrix as a SparseCost: finite entries are the allowed pairs, +inf
// forbids; NaN and -inf are InvalidArgument naming the cell.
SparseCost sparse_cost_from_dense(const double* cost, std::size_t nrows, std::size_t ncols);

// Maximum-cardinality, then minimum-cost assignment over a sparse matrix:
// as many rows matched as possible (capacity 1 per column), then the least
// total cost (greatest with maximize=true). SciPy's sparse solver has no
// such mode: it refuses a matrix whose smaller side cannot be fully matched.
struct MaxCardinalityResult {
  std::vector<std::int64_t> rows;            // matched rows, increasing
  std::vector<std::int64_t> cols;            // their columns
  std::vector<std::int64_t> unmatched_rows;  // increasing
  double total_cost = 0.0;
};
MaxCardinalityResult sparse_max_cardinality_assignment(const SparseCost& cost,
                                                       bool maximize = false);

}  // namespace homeward
