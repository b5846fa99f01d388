// Large square dense assignment (256..272 rows, the candidate method with an
// optimality proof, src/assignment_dense_sparsified.cpp) against the sparse
// shortest-path solver on the same matrix. The fuzz bytes choose the cost
// shape (uniform, row or column offsets, sums, geometric, small or large
// integers), its scales, forbidden pairs (sometimes leaving no full
// assignment), the sense, and a seed for the entries; then
//   * hw_assignment_linear_sum must agree with the oracle on feasibility and
//     on the optimum total, and return a valid assignment;
//   * the candidate method itself, with few candidates per row and no giving
//     up (so that widening and proof rounds run), must return the oracle's
//     optimum or report that no full assignment exists.
#include "assignment_internal.hpp"
#include "fuzz_common.hpp"
#include "homeward/assignment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct SplitMix {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

bool close(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max(1.0, std::max(std::abs(a), std::abs(b)));
}

// The oracle: the sparse solver over the allowed (finite) entries; NaN when
// no full assignment exists.
double oracle(const std::vector<double>& c, std::size_t n) {
  homeward::SparseCost s;
  s.nrows = s.ncols = n;
  s.indptr.push_back(0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (std::isfinite(c[i * n + j])) {
        s.indices.push_back(static_cast<std::int64_t>(j));
        s.data.push_back(c[i * n + j]);
      }
    }
    s.indptr.push_back(static_cast<std::int64_t>(s.indices.size()));
  }
  try {
    return homeward::sparse_linear_sum_assignment(s).total_cost;
  } catch (const homeward::AssignmentInfeasible&) {
    return std::numeric_limits<double>::quiet_NaN();
  }
}

double total_of(const std::vector<double>& c, std::size_t n,
                const std::vector<std::int64_t>& cols) {
  std::vector<bool> seen(n, false);
  double t = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    FUZZ_CHECK(cols[i] >= 0 && static_cast<std::size_t>(cols[i]) < n, "column out of range");
    const auto j = static_cast<std::size_t>(cols[i]);
    FUZZ_CHECK(!seen[j], "a column used twice");
    seen[j] = true;
    FUZZ_CHECK(std::isfinite(c[i * n + j]), "a forbidden pair in the assignment");
    t += c[i * n + j];
  }
  return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64) return 0;
  fuzz::Input in(data, size);
  const std::size_t n = 256 + in.below(17);
  const std::size_t shape = in.below(7);
  const double row_scale = static_cast<double>(in.byte());
  const double col_scale = static_cast<double>(in.byte());
  const std::size_t levels = 2 + in.below(200);
  const double forbid = 0.15 * static_cast<double>(in.below(5));  // 0 .. 0.6
  const bool keep_diagonal = in.below(4) != 0;                    // else maybe infeasible
  const bool maximize = in.flag();
  const std::size_t k = 1 + in.below(12);
  SplitMix rng{static_cast<std::uint64_t>(static_cast<std::uint32_t>(in.i32()))};

  std::vector<double> a(n), b(n), a2(n), b2(n);
  for (std::size_t i = 0; i < n; ++i) {
    a[i] = rng.unit();
    b[i] = rng.unit();
    a2[i] = rng.unit();
    b2[i] = rng.unit();
  }
  // The minimisation matrix (the maximisation input is its negation).
  std::vector<double> c(n * n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      double x = 0.0;
      switch (shape) {
        case 0: x = rng.unit(); break;
        case 1: x = rng.unit() + row_scale * a[i]; break;
        case 2: x = rng.unit() + col_scale * b[j]; break;
        case 3: x = row_scale * a[i] + col_scale * b[j] + 1e-3 * rng.unit(); break;
        case 4: x = std::hypot(a[i] - b[j], a2[i] - b2[j]); break;
        case 5: x = static_cast<double>(rng.next() % levels); break;
        default: x = static_cast<double>(rng.next() % 1000000) - 500000.0; break;
      }
      const bool diagonal = keep_diagonal && i == j;
      c[i * n + j] = (!diagonal && rng.unit() < forbid) ? kInf : x;
    }
  }
  const double best = oracle(c, n);

  // Through the C ABI, as a caller would.
  std::vector<double> input(c);
  if (maximize) {
    for (auto& x : input) x = -x;
  }
  std::vector<std::int64_t> rows(n, -5), cols(n, -5);
  std::size_t count = 0;
  double total = 0.0;
  const int st = hw_assignment_linear_sum(
      rows.data(), cols.data(), &count, &total, input.data(), n, n,
      maximize ? HW_ASSIGNMENT_MAXIMIZE : HW_ASSIGNMENT_MINIMIZE, fuzz::E());
  if (std::isnan(best)) {
    FUZZ_CHECK(st == HW_ERR_INFEASIBLE, "no full assignment exists but the solver did not say so");
  } else {
    fuzz::must(st, "hw_assignment_linear_sum");
    FUZZ_CHECK(count == n);
    for (std::size_t i = 0; i < n; ++i) FUZZ_CHECK(rows[i] == static_cast<std::int64_t>(i));
    const double t = total_of(c, n, cols);
    FUZZ_CHECK(close(maximize ? -total : total, t), "the reported total is not the pairs' sum");
    FUZZ_CHECK(close(t, best),
               "dense optimum " + std::to_string(t) + " != oracle " + std::to_string(best));
  }

  // The candidate method itself, few candidates, never giving up early.
  homeward::detail::ColumnReduction red;
  FUZZ_CHECK(!homeward::detail::column_reduce(c.data(), n, red, true), "no bad entries here");
  homeward::detail::SparsifiedTuning tight;
  tight.candidates = k;
  tight.first_read_share = 1e9;
  tight.read_share = 1e9;
  tight.unproved_share = 1.0;
  tight.tree_share = 1.0;
  tight.max_rounds = 1 << 20;
  for (const bool shifted : {false, true}) {
    std::vector<std::ptrdiff_t> x;
    const bool ok = homeward::detail::sparsified_square_assignment(
        c.data(), n, shifted ? red.shifted_colmin : red.colmin,
        shifted ? red.shifted_argmin : red.argmin, x, nullptr, tight);
    if (std::isnan(best)) {
      FUZZ_CHECK(!ok, "the candidate method found a full assignment the oracle says is impossible");
      continue;
    }
    FUZZ_CHECK(ok, "the candidate method gave up on a feasible matrix without a budget");
    std::vector<std::int64_t> xc(x.begin(), x.end());
    FUZZ_CHECK(xc.size() == n);
    FUZZ_CHECK(close(total_of(c, n, xc), best), "candidate method optimum differs from the oracle");
  }
  return 0;
}
