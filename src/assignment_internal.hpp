// Internal to the assignment solvers (src/assignment_*.cpp). Not installed.
#pragma once

#include "homeward/assignment.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace homeward::detail {

// "cost[3][7]"
std::string cell_path(std::size_t r, std::size_t c);

// Compressed rows with 32-bit column indices: the layout every flow-based
// solver works on.
struct Csr {
  std::size_t nrows = 0;
  std::size_t ncols = 0;
  std::vector<std::size_t> ptr;  // nrows + 1
  std::vector<std::int32_t> col;
  std::vector<double> cost;
};

// Sparse/dense -> Csr, validating. `negate` maximises. Columns keep their
// input order within a row.
Csr csr_from_sparse(const SparseCost& cost, bool negate);
Csr csr_from_dense(const double* cost, std::size_t nrows, std::size_t ncols, bool negate);
Csr transpose(const Csr& a);

// Throws AssignmentInfeasible with sorted sets.
[[noreturn]] void throw_hall(bool members_are_rows, std::vector<std::int64_t> members,
                             std::vector<std::int64_t> partners);

// Minimum-cost assignment saturating every row of `a` (a.nrows <= a.ncols
// is not required but must hold for feasibility). Returns row -> column.
// Throws AssignmentInfeasible (rows are `a`'s rows; the caller maps them
// back when it transposed) on failure.
std::vector<std::int32_t> sparse_full_assignment(const Csr& a, bool rows_are_rows);

// Square problems with integer costs of bounded range (see
// assignment_auction.cpp): an exact optimum by ε-scaling auction into `x`
// (row -> column), returning true; false when the method does not apply
// (not square, non-integer or too large costs, no perfect matching), and the
// caller uses sparse_full_assignment.
bool integer_auction_assignment(const Csr& a, std::vector<std::int32_t>& x);

}  // namespace homeward::detail
