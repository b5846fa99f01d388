// Documented tie rules of the dense solver.
#include <catch2/catch.hpp>

#include "homeward/assignment.hpp"

#include <vector>

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
