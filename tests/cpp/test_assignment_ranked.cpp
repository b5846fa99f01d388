// Ranked alternatives, rules and maximum-cardinality mode against brute-force
// enumeration of every solution of small instances.
#include <catch2/catch.hpp>

#include "homeward/assignment.hpp"
#include "homeward/assignment_ranked.hpp"
#include "homeward/error.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <set>
#include <vector>

using homeward::CapacitatedResult;
using homeward::PairRule;
using homeward::SparseCost;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

struct Sol {
  std::vector<std::int64_t> a;
  std::size_t matched = 0;
  double cost = 0;
};

// Every feasible solution (each row a column or -1, capacities respected),
// best first: most matched, then least cost (summed in row order).
std::vector<Sol> enumerate(const std::vector<double>& c, std::size_t n, std::size_t m,
                           const std::vector<std::int64_t>& cap) {
  std::vector<Sol> all;
  std::vector<std::int64_t> a(n, -1), load(m, 0);
  std::function<void(std::size_t)> rec = [&](std::size_t i) {
    if (i == n) {
      Sol s{a, 0, 0.0};
      for (std::size_t r = 0; r < n; ++r) {
        if (a[r] >= 0) {
          ++s.matched;
          s.cost += c[r * m + static_cast<std::size_t>(a[r])];
        }
      }
      all.push_back(s);
      return;
    }
    a[i] = -1;
    rec(i + 1);
    for (std::size_t j = 0; j < m; ++j) {
      if (c[i * m + j] == kInf || load[j] >= cap[j]) continue;
      ++load[j];
      a[i] = static_cast<std::int64_t>(j);
      rec(i + 1);
      --load[j];
    }
    a[i] = -1;
  };
  rec(0);
  std::stable_sort(all.begin(), all.end(), [](const Sol& x, const Sol& y) {
    return x.matched != y.matched ? x.matched > y.matched : x.cost < y.cost;
  });
  return all;
}

SparseCost to_sparse(const std::vector<double>& c, std::size_t n, std::size_t m) {
  SparseCost s;
  s.nrows = n;
  s.ncols = m;
  s.indptr.push_back(0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < m; ++j) {
      if (c[i * m + j] == kInf) continue;
      s.indices.push_back(static_cast<std::int64_t>(j));
      s.data.push_back(c[i * m + j]);
    }
    s.indptr.push_back(static_cast<std::int64_t>(s.indices.size()));
  }
  return s;
}

void check_solution(const CapacitatedResult& r, const std::vector<double>& c, std::size_t n,
                    std::size_t m, const std::vector<std::int64_t>& cap) {
  REQUIRE(r.assigned.size() == n);
  std::vector<std::int64_t> load(m, 0);
  std::size_t matched = 0;
  double cost = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t j = r.assigned[i];
    if (j < 0) continue;
    REQUIRE(j < static_cast<std::int64_t>(m));
    REQUIRE(c[i * m + static_cast<std::size_t>(j)] != kInf);
    ++load[static_cast<std::size_t>(j)];
    ++matched;
    cost += c[i * m + static_cast<std::size_t>(j)];
  }
  for (std::size_t j = 0; j < m; ++j) REQUIRE(load[j] <= cap[j]);
  CHECK(r.matched == matched);
  CHECK(r.total_cost == Approx(cost).margin(1e-9));
}

struct Instance {
  std::size_t n, m;
  std::vector<double> c;
  std::vector<std::int64_t> cap;
};

Instance random_instance(std::mt19937& rng) {
  std::uniform_int_distribution<int> dn(1, 5), dm(1, 3), dcap(0, 2), dcost(-3, 6), dforbid(0, 4);
  Instance in;
  in.n = static_cast<std::size_t>(dn(rng));
  in.m = static_cast<std::size_t>(dm(rng));
  in.c.resize(in.n * in.m);
  for (double& x : in.c) x = dforbid(rng) == 0 ? kInf : static_cast<double>(dcost(rng));
  in.cap.resize(in.m);
  for (auto& k : in.cap) k = dcap(rng);
  return in;
}

}  // namespace

TEST_CASE("k best capacitated assignments equal brute-force enumeration", "[assignment][ranked]") {
  std::mt19937 rng(20261130);
  for (int trial = 0; trial < 600; ++trial) {
    const Instance in = random_instance(rng);
    const auto all = enumerate(in.c, in.n, in.m, in.cap);
    const std::size_t k = 1 + static_cast<std::size_t>(trial % 12);
    const SparseCost sp = to_sparse(in.c, in.n, in.m);
    const auto got = homeward::k_best_capacitated_assignments(sp, in.cap.data(), k);
    const auto dense =
        homeward::k_best_capacitated_assignments(in.c.data(), in.n, in.m, in.cap.data(), k);
    INFO("trial " << trial << " n=" << in.n << " m=" << in.m << " k=" << k);
    REQUIRE(got.size() == std::min(k, all.size()));
    REQUIRE(dense.size() == got.size());
    std::set<std::vector<std::int64_t>> seen;
    for (std::size_t i = 0; i < got.size(); ++i) {
      check_solution(got[i], in.c, in.n, in.m, in.cap);
      CHECK(got[i].matched == all[i].matched);
      CHECK(got[i].total_cost == Approx(all[i].cost).margin(1e-9));
      CHECK(seen.insert(got[i].assigned).second);  // all different
      CHECK(dense[i].assigned == got[i].assigned);
    }
    // The first is an optimum like capacitated_assignment's.
    const auto opt = homeward::capacitated_assignment(sp, in.cap.data());
    CHECK(got[0].matched == opt.matched);
    CHECK(got[0].total_cost == Approx(opt.total_cost).margin(1e-9));
  }
}

TEST_CASE("rules: must / must not, against brute force", "[assignment][ranked]") {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 800; ++trial) {
    const Instance in = random_instance(rng);
    const auto all = enumerate(in.c, in.n, in.m, in.cap);
    std::uniform_int_distribution<int> dr(0, static_cast<int>(in.n) - 1),
        dc(-1, static_cast<int>(in.m) - 1), dk(1, 3), db(0, 1);
    std::vector<PairRule> rules;
    const int nrules = dk(rng);
    for (int q = 0; q < nrules; ++q) rules.push_back({dr(rng), dc(rng), db(rng) == 1});
    const auto got =
        homeward::capacitated_assignment_with(to_sparse(in.c, in.n, in.m), in.cap.data(), rules);
    const Sol* want = nullptr;
    for (const Sol& s : all) {
      bool ok = true;
      for (const PairRule& rule : rules) {
        const bool has = s.a[static_cast<std::size_t>(rule.row)] == rule.col;
        if (has != rule.must) ok = false;
      }
      if (ok) {
        want = &s;
        break;
      }
    }
    INFO("trial " << trial);
    REQUIRE(got.has_value() == (want != nullptr));
    if (!got) continue;
    check_solution(*got, in.c, in.n, in.m, in.cap);
    CHECK(got->matched == want->matched);
    CHECK(got->total_cost == Approx(want->cost).margin(1e-9));
    for (const PairRule& rule : rules) {
      CHECK((got->assigned[static_cast<std::size_t>(rule.row)] == rule.col) == rule.must);
    }
  }
}

TEST_CASE("row alternatives: the best solution changing each row's outcome",
          "[assignment][ranked]") {
  std::mt19937 rng(99);
  for (int trial = 0; trial < 500; ++trial) {
    const Instance in = random_instance(rng);
    const auto all = enumerate(in.c, in.n, in.m, in.cap);
    const SparseCost sp = to_sparse(in.c, in.n, in.m);
    const auto best = homeward::capacitated_assignment(sp, in.cap.data());
    const auto alts = homeward::row_alternatives(sp, in.cap.data(), best);
    REQUIRE(alts.size() == in.n);
    for (std::size_t r = 0; r < in.n; ++r) {
      const Sol* want = nullptr;
      for (const Sol& s : all) {
        if (s.a[r] != best.assigned[r] && (best.assigned[r] >= 0 || s.a[r] >= 0)) {
          want = &s;
          break;
        }
      }
      INFO("trial " << trial << " row " << r);
      REQUIRE(alts[r].exists == (want != nullptr));
      if (!want) continue;
      check_solution(alts[r].solution, in.c, in.n, in.m, in.cap);
      CHECK(alts[r].col == alts[r].solution.assigned[r]);
      CHECK(alts[r].col != best.assigned[r]);
      CHECK(static_cast<std::int64_t>(want->matched) - static_cast<std::int64_t>(best.matched) ==
            alts[r].matched_change);
      CHECK(alts[r].cost_change == Approx(want->cost - best.total_cost).margin(1e-9));
    }
  }
}

TEST_CASE("sparse maximum-cardinality mode against brute force", "[assignment][ranked]") {
  std::mt19937 rng(3);
  for (int trial = 0; trial < 600; ++trial) {
    Instance in = random_instance(rng);
    in.cap.assign(in.m, 1);
    const bool maximize = trial % 3 == 0;
    std::vector<double> c = in.c;
    if (maximize) {
      for (double& x : c) x = x == kInf ? kInf : -x;
    }
    const auto all = enumerate(c, in.n, in.m, in.cap);
    const auto got =
        homeward::sparse_max_cardinality_assignment(to_sparse(in.c, in.n, in.m), maximize);
    INFO("trial " << trial);
    CHECK(got.rows.size() == all[0].matched);
    CHECK(got.rows.size() + got.unmatched_rows.size() == in.n);
    CHECK(std::is_sorted(got.rows.begin(), got.rows.end()));
    CHECK(std::is_sorted(got.unmatched_rows.begin(), got.unmatched_rows.end()));
    double total = 0;
    std::set<std::int64_t> used;
    for (std::size_t q = 0; q < got.rows.size(); ++q) {
      const double x = in.c[static_cast<std::size_t>(got.rows[q]) * in.m +
                            static_cast<std::size_t>(got.cols[q])];
      REQUIRE(x != kInf);
      CHECK(used.insert(got.cols[q]).second);
      total += x;
    }
    CHECK(got.total_cost == Approx(total).margin(1e-9));
    CHECK((maximize ? -total : total) == Approx(all[0].cost).margin(1e-9));
  }
}

TEST_CASE("rules and ranked calls validate their input", "[assignment][ranked]") {
  const std::vector<double> c = {1, 2, 3, 4};
  const std::vector<std::int64_t> cap = {1, 1};
  try {
    homeward::capacitated_assignment_with(c.data(), 2, 2, cap.data(), {{5, 0, true}});
    FAIL("accepted");
  } catch (const homeward::InvalidArgument& e) {
    CHECK(e.field() == "rules[0].row");
  }
  try {
    homeward::capacitated_assignment_with(c.data(), 2, 2, cap.data(),
                                          {{0, 0, true}, {1, 7, false}});
    FAIL("accepted");
  } catch (const homeward::InvalidArgument& e) {
    CHECK(e.field() == "rules[1].col");
  }
  // Contradictory rules: nothing obeys them.
  CHECK_FALSE(homeward::capacitated_assignment_with(c.data(), 2, 2, cap.data(),
                                                    {{0, 0, true}, {0, 1, true}}));
  CHECK_FALSE(homeward::capacitated_assignment_with(c.data(), 2, 2, cap.data(),
                                                    {{0, 0, true}, {0, 0, false}}));
  const std::vector<double> bad = {1, std::numeric_limits<double>::quiet_NaN(), 3, 4};
  CHECK_THROWS_AS(homeward::k_best_capacitated_assignments(bad.data(), 2, 2, cap.data(), 3),
                  homeward::InvalidArgument);
  const std::vector<std::int64_t> neg = {1, -1};
  CHECK_THROWS_AS(homeward::k_best_capacitated_assignments(c.data(), 2, 2, neg.data(), 3),
                  homeward::InvalidArgument);
  CHECK(homeward::k_best_capacitated_assignments(c.data(), 2, 2, cap.data(), 0).empty());
}
