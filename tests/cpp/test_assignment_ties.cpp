// Documented tie rules of the dense solver.
#include <catch2/catch.hpp>

#include "homeward/assignment.hpp"
#include "homeward/error.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {
constexpr double kInfPos = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("dense: a constant matrix gets the identity assignment", "[assignment][ties]") {
  for (std::size_t n = 1; n <= 9; ++n) {
    for (std::size_t m : {n, n + 2}) {
      for (bool maximize : {false, true}) {
        std::vector<double> c(n * m, 3.5);
        auto r = homeward::linear_sum_assignment(c.data(), n, m, maximize);
        REQUIRE(r.rows.size() == n);
        for (std::size_t i = 0; i < n; ++i) {
          CHECK(r.rows[i] == static_cast<std::int64_t>(i));
          CHECK(r.cols[i] == static_cast<std::int64_t>(i));
        }
        CHECK(r.total_cost == 3.5 * static_cast<double>(n));
        // Transposed shape: rows n+2 x n columns.
        auto t = homeward::linear_sum_assignment(c.data(), m, n, maximize);
        REQUIRE(t.rows.size() == n);
        for (std::size_t i = 0; i < n; ++i) {
          CHECK(t.rows[i] == static_cast<std::int64_t>(i));
          CHECK(t.cols[i] == static_cast<std::int64_t>(i));
        }
      }
    }
  }
  // One entry different: the ordinary solver, still an optimum.
  std::vector<double> c(16, 1.0);
  c[5] = 0.0;
  auto r = homeward::linear_sum_assignment(c.data(), 4, 4);
  CHECK(r.total_cost == 3.0);
  CHECK(r.cols[1] == 1);
}

TEST_CASE("dense: a row whose least-cost columns are taken takes a free one among them",
          "[assignment][ties]") {
  // Column reduction gives columns 0, 1, 2 to rows 0, 1, 2 and leaves row 3
  // free. Row 3's least reduced cost (0) is shared by columns 0, 1 (taken)
  // and 3 (free): it takes column 3 rather than displacing the owner of
  // column 1 (the rule before 0.2.0 gave 0 3 2 1, the same total).
  const std::vector<double> c = {0, 5, 5, 5,  //
                                 5, 0, 5, 5,  //
                                 0, 0, 0, 5,  //
                                 0, 0, 5, 5};
  const auto r = homeward::linear_sum_assignment(c.data(), 4, 4);
  CHECK(r.cols == std::vector<std::int64_t>{0, 1, 2, 3});
  CHECK(r.total_cost == 5.0);
}

TEST_CASE("dense: many ties, optimum and determinism against the sparse solver",
          "[assignment][ties]") {
  std::mt19937_64 rng(2026);
  for (const std::size_t n : {std::size_t{50}, std::size_t{200}, std::size_t{400}}) {
    for (const int levels : {2, 4, 101}) {
      std::vector<double> c(n * n);
      for (auto& x : c) x = static_cast<double>(rng() % static_cast<unsigned>(levels));
      const auto d = homeward::linear_sum_assignment(c.data(), n, n);
      REQUIRE(d.rows.size() == n);
      std::vector<char> used(n, 0);
      double total = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        const auto j = static_cast<std::size_t>(d.cols[i]);
        REQUIRE(!used[j]);
        used[j] = 1;
        total += c[i * n + j];
      }
      CHECK(total == d.total_cost);
      homeward::SparseCost s;
      s.nrows = s.ncols = n;
      s.indptr.push_back(0);
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
          s.indices.push_back(static_cast<std::int64_t>(j));
          s.data.push_back(c[i * n + j]);
        }
        s.indptr.push_back(static_cast<std::int64_t>(s.indices.size()));
      }
      CHECK(homeward::sparse_linear_sum_assignment(s).total_cost == d.total_cost);
      CHECK(homeward::linear_sum_assignment(c.data(), n, n).cols == d.cols);
    }
  }
}

TEST_CASE("dense: bad entries of a square matrix are named (checked during column reduction)",
          "[assignment]") {
  for (const std::size_t n : {std::size_t{3}, std::size_t{7}, std::size_t{64}}) {
    for (const bool maximize : {false, true}) {
      for (const double bad : {std::nan(""), maximize ? kInfPos : -kInfPos}) {
        std::vector<double> c(n * n, 1.0);
        c[1] = 0.0;  // not constant
        c[(n - 1) * n + n / 2] = bad;
        c[n * n - 1] = bad;  // a later bad entry: the first one is named
        try {
          homeward::linear_sum_assignment(c.data(), n, n, maximize);
          FAIL("no throw");
        } catch (const homeward::InvalidArgument& e) {
          CHECK(e.field() == "cost[" + std::to_string(n - 1) + "][" + std::to_string(n / 2) + "]");
        }
      }
    }
  }
}
