// The integer-cost path of sparse_linear_sum_assignment (ε-scaling auction,
// src/assignment_auction.cpp) against the shortest-augmenting-path core on
// the same instances: totals, witnesses, fallbacks at the scaling limit.
#include <catch2/catch.hpp>

#include "assignment_internal.hpp"
#include "homeward/assignment.hpp"
#include "homeward/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace {

using homeward::AssignmentInfeasible;
using homeward::SparseCost;
namespace detail = homeward::detail;

// A random n x m sparse matrix: each pair allowed with probability `density`,
// plus (when `feasible`) a hidden permutation; integer costs lo..lo+levels-1.
SparseCost random_sparse(std::mt19937_64& rng, std::size_t n, std::size_t m, double density,
                         bool feasible, std::int64_t lo, std::int64_t levels) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<std::size_t> perm(std::max(n, m));
  for (std::size_t j = 0; j < perm.size(); ++j) perm[j] = j;
  std::shuffle(perm.begin(), perm.end(), rng);
  SparseCost s;
  s.nrows = n;
  s.ncols = m;
  s.indptr.push_back(0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < m; ++j) {
      const bool forced = feasible && (n <= m ? perm[i] == j : perm[j] == i);
      if (forced || u(rng) < density) {
        s.indices.push_back(static_cast<std::int64_t>(j));
        s.data.push_back(static_cast<double>(
            lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(levels))));
      }
    }
    s.indptr.push_back(static_cast<std::int64_t>(s.indices.size()));
  }
  return s;
}

double total_of(const SparseCost& s, const std::vector<std::int32_t>& x) {
  double t = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    for (auto k = static_cast<std::size_t>(s.indptr[i]);
         k < static_cast<std::size_t>(s.indptr[i + 1]); ++k) {
      if (s.indices[k] == x[i]) t += s.data[k];
    }
  }
  return t;
}

void check_perfect(const SparseCost& s, const std::vector<std::int32_t>& x) {
  REQUIRE(x.size() == s.nrows);
  std::vector<char> used(s.ncols, 0);
  for (std::size_t i = 0; i < x.size(); ++i) {
    REQUIRE(x[i] >= 0);
    const auto j = static_cast<std::size_t>(x[i]);
    REQUIRE(!used[j]);
    used[j] = 1;
    bool listed = false;
    for (auto k = static_cast<std::size_t>(s.indptr[i]);
         k < static_cast<std::size_t>(s.indptr[i + 1]); ++k) {
      listed = listed || s.indices[k] == x[i];
    }
    REQUIRE(listed);
  }
}

// The shortest-path core's answer (total, or the witness it throws).
struct Reference {
  bool feasible = true;
  double total = 0.0;
  std::vector<std::int64_t> members, partners;
};

Reference reference(const SparseCost& s, bool maximize) {
  Reference r;
  const auto a = detail::csr_from_sparse(s, maximize);
  try {
    r.total = total_of(s, detail::sparse_full_assignment(a, true));
  } catch (const AssignmentInfeasible& e) {
    r.feasible = false;
    r.members = e.members();
    r.partners = e.partners();
  }
  return r;
}

// Square instance: the auction (directly and through the public entry point)
// against the reference.
bool compare_square(const SparseCost& s, bool maximize) {
  const Reference ref = reference(s, maximize);
  std::vector<std::int32_t> x;
  const bool ran = detail::integer_auction_assignment(detail::csr_from_sparse(s, maximize), x);
  REQUIRE(ran == ref.feasible);  // applies to every feasible square integer instance here
  if (!ref.feasible) {
    try {
      homeward::sparse_linear_sum_assignment(s, maximize);
      FAIL("expected infeasible");
    } catch (const AssignmentInfeasible& e) {
      CHECK(e.members() == ref.members);  // the same Hall witness as before
      CHECK(e.partners() == ref.partners);
    }
    return false;
  }
  check_perfect(s, x);
  REQUIRE(total_of(s, x) == ref.total);
  const auto r = homeward::sparse_linear_sum_assignment(s, maximize);
  REQUIRE(r.total_cost == ref.total);
  for (std::size_t i = 0; i < r.rows.size(); ++i) REQUIRE(r.cols[i] == x[i]);
  // Deterministic.
  CHECK(homeward::sparse_linear_sum_assignment(s, maximize).cols == r.cols);
  return true;
}

}  // namespace

TEST_CASE("sparse assignment, integer auction: small random square instances vs shortest paths",
          "[assignment][auction]") {
  std::mt19937_64 rng(20261130);
  int feasible = 0, infeasible = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    const auto n = static_cast<std::size_t>(1 + trial % 12);
    const double density = (trial % 4 == 0) ? 1.0 : (trial % 4 == 1 ? 0.5 : 0.2);
    const bool hidden = trial % 3 != 0;
    const std::int64_t levels = (trial % 2) ? 3 : 1000;  // heavy ties half the time
    const std::int64_t lo = (trial % 5 == 0) ? -500 : 0;
    const auto s = random_sparse(rng, n, n, density, hidden, lo, levels);
    const bool maximize = trial % 7 == 3;
    if (compare_square(s, maximize)) {
      ++feasible;
    } else {
      ++infeasible;
    }
  }
  CHECK(feasible > 2000);
  CHECK(infeasible > 100);
}

TEST_CASE("sparse assignment, integer auction: medium sparse instances, ties and single-pair rows",
          "[assignment][auction]") {
  std::mt19937_64 rng(77);
  for (int trial = 0; trial < 60; ++trial) {
    const std::size_t n = 50 + static_cast<std::size_t>(trial) * 13;
    const double density =
        std::min(1.0, (1.0 + static_cast<double>(trial % 6)) * 2.0 / static_cast<double>(n));
    const std::int64_t levels = trial % 3 == 0 ? 2 : (trial % 3 == 1 ? 20 : 1000);
    const auto s = random_sparse(rng, n, n, density, trial % 10 != 9, 1, levels);
    compare_square(s, trial % 4 == 1);
  }
}

TEST_CASE("sparse assignment, integer auction: explicit zeros and negative costs",
          "[assignment][auction]") {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 300; ++trial) {
    const auto n = static_cast<std::size_t>(2 + trial % 30);
    auto s = random_sparse(rng, n, n, 0.3, true, -2, 5);  // costs -2..2, many zeros
    compare_square(s, trial % 2 == 1);
  }
}

TEST_CASE("sparse assignment, integer auction: rectangular inputs keep the shortest-path core",
          "[assignment][auction]") {
  std::mt19937_64 rng(9);
  for (int trial = 0; trial < 300; ++trial) {
    const auto n = static_cast<std::size_t>(1 + trial % 9);
    const auto m = n + 1 + static_cast<std::size_t>(trial % 4);
    const auto s = random_sparse(rng, n, m, 0.4, true, 0, trial % 2 ? 3 : 100);
    std::vector<std::int32_t> x;
    CHECK_FALSE(detail::integer_auction_assignment(detail::csr_from_sparse(s, false), x));
    const auto r = homeward::sparse_linear_sum_assignment(s);
    CHECK(r.total_cost == reference(s, false).total);
    // The transposed shape (more rows than columns) also works.
    SparseCost t;
    t.nrows = m;
    t.ncols = n;
    std::vector<std::vector<std::pair<std::int64_t, double>>> rows(m);
    for (std::size_t i = 0; i < n; ++i) {
      for (auto k = static_cast<std::size_t>(s.indptr[i]);
           k < static_cast<std::size_t>(s.indptr[i + 1]); ++k) {
        rows[static_cast<std::size_t>(s.indices[k])].emplace_back(static_cast<std::int64_t>(i),
                                                                  s.data[k]);
      }
    }
    t.indptr.push_back(0);
    for (const auto& row : rows) {
      for (const auto& [j, c] : row) {
        t.indices.push_back(j);
        t.data.push_back(c);
      }
      t.indptr.push_back(static_cast<std::int64_t>(t.indices.size()));
    }
    CHECK(homeward::sparse_linear_sum_assignment(t).total_cost == r.total_cost);
  }
}

TEST_CASE("sparse assignment, integer auction: non-integer and too large costs fall back",
          "[assignment][auction]") {
  std::mt19937_64 rng(11);
  std::vector<std::int32_t> x;
  // A fraction anywhere: not the auction's.
  auto s = random_sparse(rng, 20, 20, 0.3, true, 0, 100);
  s.data[3] += 0.5;
  CHECK_FALSE(detail::integer_auction_assignment(detail::csr_from_sparse(s, false), x));
  CHECK(homeward::sparse_linear_sum_assignment(s).total_cost == reference(s, false).total);
  // Magnitude above 2^52.
  s = random_sparse(rng, 20, 20, 0.3, true, 0, 100);
  s.data[0] = 4503599627370496.0 * 2.0;
  CHECK_FALSE(detail::integer_auction_assignment(detail::csr_from_sparse(s, false), x));
  CHECK(homeward::sparse_linear_sum_assignment(s).total_cost == reference(s, false).total);
  // The scaling limit (R + 1)(n + 1)^2 < 2^58: n = 999 gives R + 1 < 288,230,376,151.
  const std::size_t n = 999;
  const double limit = 288230376151.0;  // floor(2^58 / 1000^2) (2^58 / 10^6 = 288230376151.7)
  for (const double range : {limit - 2.0, limit - 1.0, limit, limit + 1.0, 4e12}) {
    s = random_sparse(rng, n, n, 4.0 / static_cast<double>(n), true, 0, 1000);
    // Spread the costs over 0..range, keeping them integers; one pair at each end.
    for (auto& c : s.data) c = std::floor(c / 999.0 * range);
    s.data[0] = 0.0;
    s.data[1] = range;
    const bool fits = (range + 1.0) * 1000.0 * 1000.0 < 288230376151711744.0;
    CHECK(detail::integer_auction_assignment(detail::csr_from_sparse(s, false), x) == fits);
    const auto ref = reference(s, false);
    REQUIRE(ref.feasible);
    if (fits) {
      check_perfect(s, x);
      CHECK(total_of(s, x) == ref.total);
    }
    CHECK(homeward::sparse_linear_sum_assignment(s).total_cost == ref.total);
    CHECK(homeward::sparse_linear_sum_assignment(s, true).total_cost == reference(s, true).total);
  }
  // A wide scaled range (int64 benefits inside the auction), small n.
  for (int trial = 0; trial < 200; ++trial) {
    const auto m = static_cast<std::size_t>(2 + trial % 40);
    s = random_sparse(rng, m, m, 0.3, true, -(std::int64_t{1} << 40), std::int64_t{1} << 41);
    compare_square(s, trial % 2 == 0);
  }
}

TEST_CASE("sparse assignment, integer auction: Hall violators with no empty row or column",
          "[assignment][auction]") {
  // Rows 0 and 1 both allow only column 0; row 2 allows every column. No
  // empty row or column, so the auction starts and the feasibility check
  // after its bid budget hands over to the shortest-path core's witness.
  SparseCost s;
  s.nrows = s.ncols = 3;
  s.indptr = {0, 1, 2, 5};
  s.indices = {0, 0, 0, 1, 2};
  s.data = {1, 2, 3, 4, 5};
  std::vector<std::int32_t> x;
  CHECK_FALSE(detail::integer_auction_assignment(detail::csr_from_sparse(s, false), x));
  compare_square(s, false);
  compare_square(s, true);
  // Larger: a feasible sparse instance with a planted violator (rows 0..9
  // restricted to columns 0..8).
  std::mt19937_64 rng(3);
  for (const std::size_t n : {std::size_t{60}, std::size_t{500}}) {
    auto big = random_sparse(rng, n, n, 6.0 / static_cast<double>(n), true, 1, 1000);
    SparseCost t;
    t.nrows = t.ncols = n;
    t.indptr.push_back(0);
    for (std::size_t i = 0; i < n; ++i) {
      for (auto k = static_cast<std::size_t>(big.indptr[i]);
           k < static_cast<std::size_t>(big.indptr[i + 1]); ++k) {
        if (i < 10 && big.indices[k] >= 9) continue;
        t.indices.push_back(big.indices[k]);
        t.data.push_back(big.data[k]);
      }
      if (i < 10) {  // keep the row non-empty
        t.indices.push_back(static_cast<std::int64_t>(i % 9));
        t.data.push_back(7.0);
        // Sorted, unique columns within the row.
        std::vector<std::pair<std::int64_t, double>> row;
        for (auto k = static_cast<std::size_t>(t.indptr.back()); k < t.indices.size(); ++k)
          row.emplace_back(t.indices[k], t.data[k]);
        std::sort(row.begin(), row.end());
        row.erase(std::unique(row.begin(), row.end(),
                              [](const auto& p, const auto& q) { return p.first == q.first; }),
                  row.end());
        t.indices.resize(static_cast<std::size_t>(t.indptr.back()));
        t.data.resize(t.indices.size());
        for (const auto& [j, c] : row) {
          t.indices.push_back(j);
          t.data.push_back(c);
        }
      }
      t.indptr.push_back(static_cast<std::int64_t>(t.indices.size()));
    }
    CHECK_FALSE(compare_square(t, false));
  }
}
