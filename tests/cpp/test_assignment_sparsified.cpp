// Large square dense matrices: the candidate method with an optimality proof
// (src/assignment_dense_sparsified.cpp), through the public function and
// white-box with its settings varied so that every step runs on small
// matrices. The oracle is the sparse shortest-path solver on the same
// matrix (a different implementation).
#include <catch2/catch.hpp>

#include "assignment_internal.hpp"
#include "homeward/assignment.hpp"
#include "homeward/error.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

enum class Shape {
  uniform,
  row_offsets,
  column_offsets,
  sums,
  geometric,
  integers,
  normal,
  forbidden
};

std::vector<double> make(Shape shape, std::size_t n, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::normal_distribution<double> z(0.0, 1000.0);
  std::vector<double> a(n), b(n), a2(n), b2(n);
  for (std::size_t i = 0; i < n; ++i) {
    a[i] = u(rng);
    b[i] = u(rng);
    a2[i] = u(rng);
    b2[i] = u(rng);
  }
  std::vector<double> c(n * n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      double& x = c[i * n + j];
      switch (shape) {
        case Shape::uniform: x = u(rng); break;
        case Shape::row_offsets: x = u(rng) + 100.0 * a[i]; break;
        case Shape::column_offsets: x = u(rng) + 100.0 * b[j]; break;
        case Shape::sums: x = a[i] + b[j] + 1e-3 * u(rng); break;
        case Shape::geometric: x = std::hypot(a[i] - b[j], a2[i] - b2[j]); break;
        case Shape::integers: x = static_cast<double>(rng() % 1000000); break;
        case Shape::normal: x = z(rng); break;
        case Shape::forbidden: x = (i == j || u(rng) < 0.5) ? u(rng) : kInf; break;
      }
    }
  }
  return c;
}

double sparse_optimum(const std::vector<double>& c, std::size_t n) {
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
  return homeward::sparse_linear_sum_assignment(s).total_cost;
}

// x is a permutation with finite entries; returns its total.
double total_of(const std::vector<double>& c, std::size_t n, const std::vector<std::ptrdiff_t>& x) {
  REQUIRE(x.size() == n);
  std::vector<char> used(n, 0);
  double t = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    REQUIRE(x[i] >= 0);
    const auto j = static_cast<std::size_t>(x[i]);
    REQUIRE(j < n);
    REQUIRE(!used[j]);
    used[j] = 1;
    REQUIRE(std::isfinite(c[i * n + j]));
    t += c[i * n + j];
  }
  return t;
}

bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); }

}  // namespace

TEST_CASE("dense, large square matrices: optimum on many cost shapes, deterministic",
          "[assignment][sparsified]") {
  std::mt19937_64 rng(20261130);
  for (const std::size_t n : {std::size_t{256}, std::size_t{333}}) {
    for (const Shape shape :
         {Shape::uniform, Shape::row_offsets, Shape::column_offsets, Shape::sums, Shape::geometric,
          Shape::integers, Shape::normal, Shape::forbidden}) {
      const std::vector<double> c = make(shape, n, rng);
      const auto r = homeward::linear_sum_assignment(c.data(), n, n);
      REQUIRE(r.rows.size() == n);
      std::vector<std::ptrdiff_t> x(n);
      for (std::size_t i = 0; i < n; ++i) {
        CHECK(r.rows[i] == static_cast<std::int64_t>(i));
        x[i] = static_cast<std::ptrdiff_t>(r.cols[i]);
      }
      const double t = total_of(c, n, x);
      CHECK(t == r.total_cost);
      CHECK(close(t, sparse_optimum(c, n)));
      CHECK(homeward::linear_sum_assignment(c.data(), n, n).cols == r.cols);
      // Maximising the negated matrix is the same problem.
      std::vector<double> neg(c.size());
      for (std::size_t k = 0; k < c.size(); ++k) neg[k] = -c[k];
      const auto m = homeward::linear_sum_assignment(neg.data(), n, n, true);
      CHECK(close(-m.total_cost, t));
    }
  }
}

TEST_CASE("dense, large square matrices: every step of the candidate method, against the oracle",
          "[assignment][sparsified]") {
  // Two or three candidates per row and no giving up: the searches run out
  // of candidates (and widen them), the proof frees rows over several
  // rounds, on both kinds of starting prices.
  std::mt19937_64 rng(7);
  homeward::detail::SparsifiedTuning tight;
  tight.first_read_share = 1e9;
  tight.read_share = 1e9;
  tight.unproved_share = 1.0;
  tight.tree_share = 1.0;
  std::size_t expansions = 0, rounds = 0, reads = 0, solved = 0;
  for (const std::size_t n : {std::size_t{40}, std::size_t{120}, std::size_t{300}}) {
    for (const Shape shape : {Shape::uniform, Shape::row_offsets, Shape::column_offsets,
                              Shape::geometric, Shape::normal, Shape::forbidden}) {
      const std::vector<double> c = make(shape, n, rng);
      homeward::detail::ColumnReduction red;
      REQUIRE_FALSE(homeward::detail::column_reduce(c.data(), n, red, true));
      const double best = sparse_optimum(c, n);
      for (const std::size_t k : {std::size_t{2}, std::size_t{3}, std::size_t{10}}) {
        for (const bool shifted : {false, true}) {
          tight.candidates = k;
          std::vector<std::ptrdiff_t> x;
          homeward::detail::SparsifiedStats st;
          const bool ok = homeward::detail::sparsified_square_assignment(
              c.data(), n, shifted ? red.shifted_colmin : red.colmin,
              shifted ? red.shifted_argmin : red.argmin, x, &st, tight);
          INFO("n " << n << " shape " << static_cast<int>(shape) << " k " << k << " shifted "
                    << shifted << " expansions " << st.expansions << " rounds " << st.rounds);
          REQUIRE(ok);  // nothing stops it here but a missing full assignment
          CHECK_FALSE(st.gave_up);
          CHECK(close(total_of(c, n, x), best));
          expansions += st.expansions;
          rounds += static_cast<std::size_t>(st.rounds);
          reads += st.rows_read;
          ++solved;
        }
      }
    }
  }
  // The steps were reached (not just the easy path).
  CHECK(solved == 3 * 6 * 3 * 2);
  CHECK(expansions > 0);
  CHECK(rounds > 0);
  CHECK(reads > 0);
}

TEST_CASE("dense, large square matrices: the method gives up and the dense solver answers",
          "[assignment][sparsified]") {
  std::mt19937_64 rng(11);
  const std::size_t n = 300;
  // Geometric costs: the optimum reaches beyond each row's few least.
  const std::vector<double> c = make(Shape::geometric, n, rng);
  homeward::detail::ColumnReduction red;
  REQUIRE_FALSE(homeward::detail::column_reduce(c.data(), n, red, true));
  std::vector<std::ptrdiff_t> x;
  homeward::detail::SparsifiedStats st;
  CHECK_FALSE(
      homeward::detail::sparsified_square_assignment(c.data(), n, red.colmin, red.argmin, x, &st));
  CHECK(st.gave_up);
  CHECK(x.empty());
  const auto r = homeward::linear_sum_assignment(c.data(), n, n);
  CHECK(close(r.total_cost, sparse_optimum(c, n)));
}

TEST_CASE("dense, large square matrices: no full assignment is reported with the Hall witness",
          "[assignment][sparsified]") {
  const std::size_t n = 300;
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> c(n * n);
  for (auto& v : c) v = u(rng);
  // Rows 10..14 may only use columns 20..23.
  for (std::size_t i = 10; i < 15; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (j < 20 || j > 23) c[i * n + j] = kInf;
    }
  }
  try {
    homeward::linear_sum_assignment(c.data(), n, n);
    FAIL("no throw");
  } catch (const homeward::AssignmentInfeasible& e) {
    CHECK(e.members_are_rows());
    CHECK(e.members() == std::vector<std::int64_t>{10, 11, 12, 13, 14});
    CHECK(e.partners() == std::vector<std::int64_t>{20, 21, 22, 23});
  }
  // A row with no allowed column at all.
  std::vector<double> d(n * n, 1.0);
  for (std::size_t k = 0; k < d.size(); ++k) d[k] = u(rng);
  for (std::size_t j = 0; j < n; ++j) d[7 * n + j] = kInf;
  CHECK_THROWS_AS(homeward::linear_sum_assignment(d.data(), n, n), homeward::AssignmentInfeasible);
}

TEST_CASE("dense, large square matrices: bad entries are named", "[assignment][sparsified]") {
  const std::size_t n = 300;
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (const bool maximize : {false, true}) {
    for (const double bad : {std::nan(""), maximize ? kInf : -kInf}) {
      std::vector<double> c(n * n);
      for (auto& v : c) v = u(rng);
      c[(n - 1) * n + 150] = bad;
      c[n * n - 1] = bad;
      try {
        homeward::linear_sum_assignment(c.data(), n, n, maximize);
        FAIL("no throw");
      } catch (const homeward::InvalidArgument& e) {
        CHECK(e.field() == "cost[299][150]");
      }
    }
  }
}

TEST_CASE("dense, large square matrices with many ties keep the dense solver's tie rules",
          "[assignment][sparsified][ties]") {
  // Integer costs 0..3 at 400 x 400: most column minima are equal, so the
  // dense solver runs; a constant matrix still gets the identity.
  const std::size_t n = 400;
  std::mt19937_64 rng(9);
  std::vector<double> c(n * n);
  for (auto& v : c) v = static_cast<double>(rng() % 4);
  const auto r = homeward::linear_sum_assignment(c.data(), n, n);
  std::vector<std::ptrdiff_t> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<std::ptrdiff_t>(r.cols[i]);
  CHECK(total_of(c, n, x) == sparse_optimum(c, n));
  std::vector<double> k(n * n, 2.0);
  const auto id = homeward::linear_sum_assignment(k.data(), n, n);
  for (std::size_t i = 0; i < n; ++i) CHECK(id.cols[i] == static_cast<std::int64_t>(i));
}
