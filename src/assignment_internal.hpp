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

// Column reduction of a square n x n row-major matrix: each column's least
// entry and the lowest-index row attaining it (-1 for a column with no
// finite entry), and each row's least entry. With `shifted`, the same single
// pass over the matrix also gives, for the matrix less its row minima, each
// column's least entry and the first row attaining it. Returns true when the
// matrix holds NaN or -inf (the caller names the first one); the minima are
// then meaningless.
struct ColumnReduction {
  std::vector<double> colmin;
  std::vector<std::ptrdiff_t> argmin;
  std::vector<double> rowmin;
  std::vector<double> shifted_colmin;  // empty unless `shifted`
  std::vector<std::ptrdiff_t> shifted_argmin;
};
bool column_reduce(const double* c, std::size_t n, ColumnReduction& out, bool shifted);

// Large square dense matrices (assignment_dense_sparsified.cpp): solve on
// each row's few least reduced costs, then prove the answer optimal for the
// whole matrix, adding the entries that fail the proof and solving again.
// `prices` are starting column prices with `argrow` a row attaining each
// (c[argrow[j]][j] - prices[j] is that row's least reduced cost; -1 for a
// column with no finite entry): a column reduction, plain or after the row
// minima are taken off. Returns true with `x` (row -> column) an optimum of
// the whole matrix; false when the method gives up (the whole matrix has no
// full assignment, or the proof keeps failing), and the caller solves the
// dense matrix instead. `c` must be free of NaN and -inf.
struct SparsifiedStats {
  std::size_t free_after_init = 0;  // rows left to the first searches
  std::size_t expansions = 0;       // searches that had to widen the candidates
  int rounds = 0;                   // proof rounds that freed rows
  std::size_t rows_read = 0;        // rows the proof read in full
  bool gave_up = false;
};
// The method's settings (the defaults are the library's; tests vary them to
// reach every step on small matrices).
struct SparsifiedTuning {
  // Candidates per row (K). On uniform costs 10 leave a handful of rows to
  // the proof's full reads at 1000^2-5000^2.
  std::size_t candidates = 10;
  // Full-row reads allowed, as a share of n: in the first solve (needing
  // many there means the candidates are poor), and in all.
  double first_read_share = 0.5;
  double read_share = 4.0;
  // Give up when more than this share of the rows is left unproved by the
  // floors after the first solve (on geometric costs the optimum reaches far
  // beyond each row's few least; the dense solver is quicker then).
  double unproved_share = 0.125;
  // Give up when a search of the first solve finds no free column and its
  // tree spans more than this share of the rows (the candidates miss much
  // of the optimum; widening them row by row would cost more than LAPJV).
  double tree_share = 0.125;
  // Proof rounds that free rows before giving up.
  int max_rounds = 16;
};
bool sparsified_square_assignment(const double* c, std::size_t n, const std::vector<double>& prices,
                                  const std::vector<std::ptrdiff_t>& argrow,
                                  std::vector<std::ptrdiff_t>& x, SparsifiedStats* stats = nullptr,
                                  const SparsifiedTuning& tuning = SparsifiedTuning{});

}  // namespace homeward::detail
