// Assignment solvers against brute-force references.
#include <catch2/catch.hpp>

#include "homeward/assignment.hpp"
#include "homeward/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <set>
#include <vector>

using homeward::AssignmentInfeasible;
using homeward::CapacitatedResult;
using homeward::InvalidArgument;
using homeward::SparseCost;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

// Best total over injections of the smaller side; returns +inf if none.
double brute_lsap(const std::vector<double>& c, std::size_t n, std::size_t m) {
  const bool tr = n > m;
  const std::size_t a = tr ? m : n, b = tr ? n : m;
  auto at = [&](std::size_t i, std::size_t j) { return tr ? c[j * m + i] : c[i * m + j]; };
  std::vector<std::size_t> perm(b);
  for (std::size_t k = 0; k < b; ++k) perm[k] = k;
  double best = kInf;
  // Enumerate permutations of b; the first a entries are the injection.
  do {
    double s = 0;
    for (std::size_t i = 0; i < a && s < kInf; ++i) s += at(i, perm[i]);
    best = std::min(best, s);
  } while (std::next_permutation(perm.begin(), perm.end()));
  return best;
}

struct Lex {
  std::size_t matched = 0;
  double cost = 0;
};

// Lexicographic optimum (most matched, then least cost) for capacities.
Lex brute_capacitated(const std::vector<double>& c, std::size_t n, std::size_t m,
                      const std::vector<std::int64_t>& cap) {
  Lex best;
  best.cost = kInf;
  bool have = false;
  std::vector<int> choice(n, -1);
  std::vector<std::int64_t> load(m, 0);
  std::function<void(std::size_t, std::size_t, double)> rec = [&](std::size_t i, std::size_t k,
                                                                  double s) {
    if (i == n) {
      if (!have || k > best.matched || (k == best.matched && s < best.cost)) {
        best = {k, s};
        have = true;
      }
      return;
    }
    rec(i + 1, k, s);
    for (std::size_t j = 0; j < m; ++j) {
      const double w = c[i * m + j];
      if (std::isinf(w) || load[j] >= cap[j]) continue;
      ++load[j];
      rec(i + 1, k + 1, s + w);
      --load[j];
    }
  };
  rec(0, 0, 0.0);
  return best;
}

SparseCost to_sparse(const std::vector<double>& c, std::size_t n, std::size_t m) {
  SparseCost s;
  s.nrows = n;
  s.ncols = m;
  s.indptr.push_back(0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < m; ++j) {
      if (std::isinf(c[i * m + j])) continue;
      s.indices.push_back(static_cast<std::int64_t>(j));
      s.data.push_back(c[i * m + j]);
    }
    s.indptr.push_back(static_cast<std::int64_t>(s.indices.size()));
  }
  return s;
}

std::vector<double> random_matrix(std::mt19937_64& rng, std::size_t n, std::size_t m,
                                  double p_forbid, int levels) {
  std::uniform_int_distribution<int> val(0, levels - 1);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> c(n * m);
  for (auto& x : c) x = u(rng) < p_forbid ? kInf : static_cast<double>(val(rng));
  return c;
}

void check_form(const homeward::AssignmentResult& r, const std::vector<double>& c, std::size_t n,
                std::size_t m) {
  REQUIRE(r.rows.size() == std::min(n, m));
  REQUIRE(r.cols.size() == r.rows.size());
  std::set<std::int64_t> used;
  double s = 0;
  for (std::size_t k = 0; k < r.rows.size(); ++k) {
    if (k > 0) REQUIRE(r.rows[k] > r.rows[k - 1]);
    REQUIRE(r.cols[k] >= 0);
    REQUIRE(static_cast<std::size_t>(r.cols[k]) < m);
    REQUIRE(used.insert(r.cols[k]).second);
    s += c[static_cast<std::size_t>(r.rows[k]) * m + static_cast<std::size_t>(r.cols[k])];
  }
  REQUIRE(s == Approx(r.total_cost));
}

void check_witness(const AssignmentInfeasible& e, const std::vector<double>& c, std::size_t n,
                   std::size_t m) {
  REQUIRE(e.members().size() > e.partners().size());
  std::set<std::int64_t> partners(e.partners().begin(), e.partners().end());
  for (const auto a : e.members()) {
    const std::size_t other = e.members_are_rows() ? m : n;
    for (std::size_t b = 0; b < other; ++b) {
      const double w = e.members_are_rows() ? c[static_cast<std::size_t>(a) * m + b]
                                            : c[b * m + static_cast<std::size_t>(a)];
      if (!std::isinf(w)) REQUIRE(partners.count(static_cast<std::int64_t>(b)) == 1);
    }
  }
}
}  // namespace

TEST_CASE("linear_sum_assignment: small known answers", "[assignment]") {
  // SciPy's documentation example: optimum 5 with columns [1, 0, 2].
  const std::vector<double> c = {4, 1, 3, 2, 0, 5, 3, 2, 2};
  const auto r = homeward::linear_sum_assignment(c.data(), 3, 3);
  CHECK(r.rows == std::vector<std::int64_t>{0, 1, 2});
  CHECK(r.cols == std::vector<std::int64_t>{1, 0, 2});
  CHECK(r.total_cost == 5.0);
  const auto mx = homeward::linear_sum_assignment(c.data(), 3, 3, true);
  CHECK(mx.total_cost == 11.0);  // 4 + 5 + 2
}

TEST_CASE("linear_sum_assignment: empty and 1x1", "[assignment]") {
  const auto e = homeward::linear_sum_assignment(nullptr, 0, 5);
  CHECK(e.rows.empty());
  CHECK(e.cols.empty());
  const double one = 7.5;
  const auto r = homeward::linear_sum_assignment(&one, 1, 1);
  CHECK(r.rows == std::vector<std::int64_t>{0});
  CHECK(r.cols == std::vector<std::int64_t>{0});
  CHECK(r.total_cost == 7.5);
  const double forbidden = kInf;
  CHECK_THROWS_AS(homeward::linear_sum_assignment(&forbidden, 1, 1), AssignmentInfeasible);
}

TEST_CASE("linear_sum_assignment: bad values name the cell", "[assignment]") {
  std::vector<double> c = {1, 2, 3, 4, 5, 6};
  c[4] = std::nan("");
  try {
    homeward::linear_sum_assignment(c.data(), 2, 3);
    FAIL("no throw");
  } catch (const InvalidArgument& e) {
    CHECK(e.field() == "cost[1][1]");
  }
  c[4] = -kInf;
  CHECK_THROWS_AS(homeward::linear_sum_assignment(c.data(), 2, 3), InvalidArgument);
  // When maximising, -inf forbids and +inf is the error.
  c[4] = -kInf;
  const auto r = homeward::linear_sum_assignment(c.data(), 2, 3, true);
  CHECK(r.total_cost == 2 + 6.0);
  c[4] = kInf;
  CHECK_THROWS_AS(homeward::linear_sum_assignment(c.data(), 2, 3, true), InvalidArgument);
  CHECK_THROWS_AS(homeward::linear_sum_assignment(nullptr, 2, 3), InvalidArgument);
}

TEST_CASE("linear_sum_assignment: infeasible names a Hall violator", "[assignment]") {
  // Rows 0, 1 and 2 may only use columns 0 and 1.
  const std::vector<double> c = {1, 2, kInf, kInf, 3, 1, kInf, kInf, 2, 2, kInf, kInf, 5, 5, 5, 5};
  try {
    homeward::linear_sum_assignment(c.data(), 4, 4);
    FAIL("no throw");
  } catch (const AssignmentInfeasible& e) {
    CHECK(e.members_are_rows());
    CHECK(e.members() == std::vector<std::int64_t>{0, 1, 2});
    CHECK(e.partners() == std::vector<std::int64_t>{0, 1});
    CHECK(e.field() == "cost");
    CHECK(e.code() == homeward::ErrorCode::infeasible);
  }
  // Transposed (more rows than columns): the witness is a set of columns.
  std::vector<double> t(16);
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 4; ++j) t[j * 4 + i] = c[i * 4 + j];
  std::vector<double> wide;  // 5 x 4: add a row of forbidden pairs
  wide = t;
  for (int k = 0; k < 4; ++k) wide.push_back(kInf);
  try {
    homeward::linear_sum_assignment(wide.data(), 5, 4);
    FAIL("no throw");
  } catch (const AssignmentInfeasible& e) {
    CHECK_FALSE(e.members_are_rows());
    check_witness(e, wide, 5, 4);
  }
}

TEST_CASE("linear_sum_assignment and sparse agree with brute force", "[assignment]") {
  std::mt19937_64 rng(12345);
  int feasible = 0, infeasible = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const auto n = static_cast<std::size_t>(1 + trial % 6);
    const auto m = static_cast<std::size_t>(1 + (trial / 6) % 6);
    const double p = (trial % 3 == 0) ? 0.0 : (trial % 3 == 1 ? 0.3 : 0.6);
    const int levels = (trial % 2) ? 3 : 1000;  // heavy ties half the time
    const auto c = random_matrix(rng, n, m, p, levels);
    const double ref = brute_lsap(c, n, m);
    const bool maximize = trial % 5 == 4 && p == 0.0;
    if (maximize) {
      std::vector<double> neg(c);
      for (auto& x : neg) x = -x;
      const double refmax = -brute_lsap(neg, n, m);
      const auto r = homeward::linear_sum_assignment(c.data(), n, m, true);
      check_form(r, c, n, m);
      REQUIRE(r.total_cost == Approx(refmax));
      continue;
    }
    if (ref == kInf) {
      ++infeasible;
      try {
        homeward::linear_sum_assignment(c.data(), n, m);
        FAIL("dense: expected infeasible");
      } catch (const AssignmentInfeasible& e) {
        check_witness(e, c, n, m);
      }
      try {
        homeward::sparse_linear_sum_assignment(to_sparse(c, n, m));
        FAIL("sparse: expected infeasible");
      } catch (const AssignmentInfeasible& e) {
        check_witness(e, c, n, m);
      }
      continue;
    }
    ++feasible;
    const auto r = homeward::linear_sum_assignment(c.data(), n, m);
    check_form(r, c, n, m);
    REQUIRE(r.total_cost == Approx(ref));
    const auto s = homeward::sparse_linear_sum_assignment(to_sparse(c, n, m));
    check_form(s, c, n, m);
    REQUIRE(s.total_cost == Approx(ref));
    // Deterministic: the same input gives the same output.
    const auto again = homeward::linear_sum_assignment(c.data(), n, m);
    REQUIRE(again.cols == r.cols);
  }
  CHECK(feasible > 1000);
  CHECK(infeasible > 100);
}

TEST_CASE("linear_sum_assignment: larger instances, dense vs sparse", "[assignment]") {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 40; ++trial) {
    const std::size_t n = 30 + static_cast<std::size_t>(trial) * 3;
    const std::size_t m = n + static_cast<std::size_t>(trial % 4) * 5;
    auto c = random_matrix(rng, n, m, trial % 2 ? 0.0 : 0.5, trial % 3 ? 1000000 : 4);
    for (std::size_t i = 0; i < n; ++i) c[i * m + i] = 1e6;  // keep it feasible
    const auto d = homeward::linear_sum_assignment(c.data(), n, m);
    const auto s = homeward::sparse_linear_sum_assignment(to_sparse(c, n, m));
    check_form(d, c, n, m);
    check_form(s, c, n, m);
    REQUIRE(d.total_cost == Approx(s.total_cost));
    // Transposed input gives the same optimum.
    std::vector<double> t(n * m);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < m; ++j) t[j * n + i] = c[i * m + j];
    const auto dt = homeward::linear_sum_assignment(t.data(), m, n);
    REQUIRE(dt.total_cost == Approx(d.total_cost));
  }
}

TEST_CASE("sparse_linear_sum_assignment: validation names the field", "[assignment]") {
  SparseCost s;
  s.nrows = 2;
  s.ncols = 2;
  s.indptr = {0, 1};
  s.indices = {0};
  s.data = {1.0};
  auto field_of = [](const SparseCost& x) {
    try {
      homeward::sparse_linear_sum_assignment(x);
    } catch (const InvalidArgument& e) {
      return e.field();
    }
    return std::string("no error");
  };
  CHECK(field_of(s) == "indptr");
  s.indptr = {0, 1, 2};
  s.indices = {0, 5};
  s.data = {1.0, 2.0};
  CHECK(field_of(s) == "indices[1]");
  s.indices = {0, 0};
  s.data = {1.0, std::nan("")};
  CHECK(field_of(s) == "data[1]");
  s.indptr = {0, 2, 1};
  CHECK(field_of(s) == "indptr[2]");
  s.indptr = {0, 2, 2};
  s.indices = {1, 1};
  s.data = {1.0, 1.0};
  CHECK(field_of(s) == "indices[1]");
  s.indptr = {1, 2, 2};
  CHECK(field_of(s) == "indptr[0]");
}

TEST_CASE("capacitated_assignment agrees with brute force", "[assignment]") {
  std::mt19937_64 rng(99);
  std::uniform_int_distribution<int> capd(0, 3);
  for (int trial = 0; trial < 2000; ++trial) {
    const auto n = static_cast<std::size_t>(1 + trial % 6);
    const auto m = static_cast<std::size_t>(1 + (trial / 6) % 3);
    const auto c = random_matrix(rng, n, m, trial % 2 ? 0.3 : 0.0, trial % 3 ? 3 : 100);
    std::vector<std::int64_t> cap(m);
    for (auto& k : cap) k = capd(rng);
    const Lex ref = brute_capacitated(c, n, m, cap);
    for (int form = 0; form < 2; ++form) {
      const CapacitatedResult r =
          form == 0 ? homeward::capacitated_assignment(c.data(), n, m, cap.data())
                    : homeward::capacitated_assignment(to_sparse(c, n, m), cap.data());
      REQUIRE(r.assigned.size() == n);
      std::vector<std::int64_t> load(m, 0);
      double s = 0;
      std::size_t k = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const auto j = r.assigned[i];
        if (j < 0) continue;
        REQUIRE(static_cast<std::size_t>(j) < m);
        REQUIRE_FALSE(std::isinf(c[i * m + static_cast<std::size_t>(j)]));
        ++load[static_cast<std::size_t>(j)];
        s += c[i * m + static_cast<std::size_t>(j)];
        ++k;
      }
      for (std::size_t j = 0; j < m; ++j) REQUIRE(load[j] <= cap[j]);
      REQUIRE(k == r.matched);
      REQUIRE(r.matched == ref.matched);
      REQUIRE(r.total_cost == Approx(ref.cost));
      REQUIRE(s == Approx(r.total_cost));
    }
  }
}

TEST_CASE("capacitated_assignment: competition keeps the cheaper person", "[assignment]") {
  // One bed; row 1 is far cheaper, so it gets the bed though row 0 came first.
  const std::vector<double> c = {10, 1};
  const std::vector<std::int64_t> cap = {1};
  const auto r = homeward::capacitated_assignment(c.data(), 2, 1, cap.data());
  CHECK(r.assigned == std::vector<std::int64_t>{-1, 0});
  CHECK(r.matched == 1);
  CHECK(r.total_cost == 1.0);
  // Equal costs: the earlier row keeps its place.
  const std::vector<double> tie = {4, 4};
  const auto t = homeward::capacitated_assignment(tie.data(), 2, 1, cap.data());
  CHECK(t.assigned == std::vector<std::int64_t>{0, -1});
}

TEST_CASE("capacitated_assignment: bad input", "[assignment]") {
  const std::vector<double> c = {1, 2, 3, 4};
  std::vector<std::int64_t> cap = {1, -1};
  try {
    homeward::capacitated_assignment(c.data(), 2, 2, cap.data());
    FAIL("no throw");
  } catch (const InvalidArgument& e) {
    CHECK(e.field() == "capacity[1]");
  }
  CHECK_THROWS_AS(homeward::capacitated_assignment(c.data(), 2, 2, nullptr), InvalidArgument);
  cap = {1, 1};
  std::vector<double> bad = c;
  bad[3] = std::nan("");
  CHECK_THROWS_AS(homeward::capacitated_assignment(bad.data(), 2, 2, cap.data()), InvalidArgument);
  const auto empty = homeward::capacitated_assignment(nullptr, 0, 0, nullptr);
  CHECK(empty.assigned.empty());
  CHECK(empty.matched == 0);
  // Rows but no columns: everyone unmatched.
  const auto nocols = homeward::capacitated_assignment(nullptr, 3, 0, nullptr);
  CHECK(nocols.assigned == std::vector<std::int64_t>{-1, -1, -1});
}

TEST_CASE("CapacitatedSolver: warm re-solve equals a fresh solve", "[assignment]") {
  std::mt19937_64 rng(2024);
  std::uniform_int_distribution<int> capd(0, 3);
  for (int trial = 0; trial < 400; ++trial) {
    const std::size_t n = 4 + static_cast<std::size_t>(trial % 9);
    const std::size_t m = 1 + static_cast<std::size_t>(trial % 4);
    auto c = random_matrix(rng, n, m, 0.25, trial % 2 ? 4 : 1000);
    std::vector<std::int64_t> cap(m);
    for (auto& k : cap) k = capd(rng);
    homeward::CapacitatedSolver solver(c.data(), n, m, cap.data());
    solver.solve();
    std::vector<char> active(n, 1);
    for (int step = 0; step < 6; ++step) {
      const int kind = static_cast<int>(rng() % 4);
      if (kind == 0) {  // a person arrives
        const auto row = random_matrix(rng, 1, m, 0.25, trial % 2 ? 4 : 1000);
        solver.add_row_dense(row);
        c.insert(c.end(), row.begin(), row.end());
        active.push_back(1);
      } else if (kind == 1) {  // a person leaves
        const std::size_t r = rng() % active.size();
        solver.remove_row(r);
        active[r] = 0;
      } else if (kind == 2) {  // a bed frees or closes
        const std::size_t j = rng() % m;
        cap[j] = capd(rng);
        solver.set_capacity(j, cap[j]);
      } else {  // a person's costs change
        const std::size_t r = rng() % active.size();
        const auto row = random_matrix(rng, 1, m, 0.25, trial % 2 ? 4 : 1000);
        std::vector<std::int64_t> cols;
        std::vector<double> w;
        for (std::size_t j = 0; j < m; ++j) {
          c[r * m + j] = row[j];
          if (std::isinf(row[j])) continue;
          cols.push_back(static_cast<std::int64_t>(j));
          w.push_back(row[j]);
        }
        solver.set_row(r, cols, w);
        active[r] = 1;
      }
      const auto warm = solver.solve();
      // Fresh reference on the active rows only (inactive rows: all forbidden).
      std::vector<double> ref = c;
      for (std::size_t r = 0; r < active.size(); ++r) {
        if (!active[r])
          std::fill(ref.begin() + static_cast<std::ptrdiff_t>(r * m),
                    ref.begin() + static_cast<std::ptrdiff_t>((r + 1) * m), kInf);
      }
      const auto fresh = homeward::capacitated_assignment(ref.data(), active.size(), m, cap.data());
      REQUIRE(warm.matched == fresh.matched);
      REQUIRE(warm.total_cost == Approx(fresh.total_cost));
      for (std::size_t r = 0; r < active.size(); ++r) {
        if (!active[r]) REQUIRE(warm.assigned[r] == -1);
      }
    }
  }
}

TEST_CASE("CapacitatedSolver: bad input", "[assignment]") {
  const std::vector<double> c = {1, 2, 3, 4};
  const std::vector<std::int64_t> cap = {1, 1};
  homeward::CapacitatedSolver s(c.data(), 2, 2, cap.data());
  CHECK_THROWS_AS(s.remove_row(5), InvalidArgument);
  CHECK_THROWS_AS(s.set_capacity(2, 1), InvalidArgument);
  CHECK_THROWS_AS(s.set_capacity(0, -1), InvalidArgument);
  CHECK_THROWS_AS(s.add_row({0, 0}, {1.0, 2.0}), InvalidArgument);
  CHECK_THROWS_AS(s.add_row({3}, {1.0}), InvalidArgument);
  CHECK_THROWS_AS(s.add_row({0}, {std::nan("")}), InvalidArgument);
  CHECK_THROWS_AS(s.add_row_dense({1.0}), InvalidArgument);
  const auto r = s.solve();
  CHECK(r.matched == 2);
  CHECK(r.total_cost == 5.0);
}

TEST_CASE("sparse solvers on low-degree graphs (heap search) agree with dense", "[assignment]") {
  std::mt19937_64 rng(4242);
  for (int trial = 0; trial < 20; ++trial) {
    const std::size_t n = 200 + static_cast<std::size_t>(trial) * 10;
    const std::size_t m = n + static_cast<std::size_t>(trial % 3) * 7;
    std::vector<double> c(n * m, kInf);
    std::vector<std::size_t> perm(m);
    for (std::size_t j = 0; j < m; ++j) perm[j] = j;
    std::shuffle(perm.begin(), perm.end(), rng);
    for (std::size_t i = 0; i < n; ++i) {
      c[i * m + perm[i]] = static_cast<double>(rng() % 1000);  // keeps it feasible
      for (int t = 0; t < 5; ++t)
        c[i * m + rng() % m] = static_cast<double>(rng() % (trial % 2 ? 5 : 1000));
    }
    const auto d = homeward::linear_sum_assignment(c.data(), n, m);
    const auto s = homeward::sparse_linear_sum_assignment(to_sparse(c, n, m));
    check_form(s, c, n, m);
    REQUIRE(s.total_cost == Approx(d.total_cost));
    // Capacities of one with room for everyone: the same optimum.
    const std::vector<std::int64_t> ones(m, 1);
    const auto k = homeward::capacitated_assignment(to_sparse(c, n, m), ones.data());
    REQUIRE(k.matched == n);
    REQUIRE(k.total_cost == Approx(d.total_cost));
    // Scarce capacity: fewer places than rows, sparse vs dense forms agree.
    std::vector<std::int64_t> scarce(m, 0);
    for (std::size_t j = 0; j < m; j += 3) scarce[j] = 1;
    const auto k1 = homeward::capacitated_assignment(to_sparse(c, n, m), scarce.data());
    // Independent reference: rectangular assignment on the open columns,
    // which saturates them when that is possible.
    std::vector<std::size_t> open;
    for (std::size_t j = 0; j < m; ++j)
      if (scarce[j]) open.push_back(j);
    std::vector<double> sub(n * open.size());
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t t = 0; t < open.size(); ++t) sub[i * open.size() + t] = c[i * m + open[t]];
    try {
      const auto ref = homeward::linear_sum_assignment(sub.data(), n, open.size());
      REQUIRE(k1.matched == open.size());
      REQUIRE(k1.total_cost == Approx(ref.total_cost));
    } catch (const AssignmentInfeasible&) {
      REQUIRE(k1.matched < open.size());
    }
  }
}

TEST_CASE("sparse_linear_sum_assignment: large square instances (row-reduction cap reached)",
          "[assignment]") {
  // ~8 allowed pairs per row with continuous costs: the augmenting row
  // reduction runs into its cap and the searches place the rest; the total
  // must equal the dense solver's on the same matrix (forbidden = +inf).
  std::mt19937_64 rng(31);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (const std::size_t n : {std::size_t{800}, std::size_t{1500}}) {
    std::vector<double> c(n * n, kInf);
    std::vector<std::size_t> perm(n);
    for (std::size_t i = 0; i < n; ++i) perm[i] = i;
    std::shuffle(perm.begin(), perm.end(), rng);
    for (std::size_t i = 0; i < n; ++i) {
      c[i * n + perm[i]] = u(rng);  // a full matching exists
      for (int k = 0; k < 8; ++k) c[i * n + rng() % n] = u(rng);
    }
    const auto d = homeward::linear_sum_assignment(c.data(), n, n);
    const auto s = homeward::sparse_linear_sum_assignment(to_sparse(c, n, n));
    check_form(s, c, n, n);
    REQUIRE(s.total_cost == Approx(d.total_cost).epsilon(1e-12));
    CHECK(homeward::sparse_linear_sum_assignment(to_sparse(c, n, n)).cols == s.cols);
  }
}
