// Stable matching against brute force on small instances.
#include <catch2/catch.hpp>

#include "homeward/assignment_stable.hpp"
#include "homeward/error.hpp"

#include <algorithm>
#include <functional>
#include <random>
#include <vector>

using homeward::Preferences;
using homeward::StableOptimal;

namespace {

struct Instance {
  Preferences res, hosp;
  std::vector<std::int64_t> cap;
};

Instance random_instance(std::mt19937_64& rng, std::size_t nr, std::size_t nh, bool ties) {
  Instance in;
  std::uniform_real_distribution<double> u(0, 1);
  in.res.lists.resize(nr);
  in.hosp.lists.resize(nh);
  for (std::size_t r = 0; r < nr; ++r) {
    for (std::size_t h = 0; h < nh; ++h) {
      if (u(rng) < 0.8) in.res.lists[r].push_back(static_cast<std::int64_t>(h));
    }
    std::shuffle(in.res.lists[r].begin(), in.res.lists[r].end(), rng);
  }
  for (std::size_t h = 0; h < nh; ++h) {
    for (std::size_t r = 0; r < nr; ++r) {
      if (u(rng) < 0.8) in.hosp.lists[h].push_back(static_cast<std::int64_t>(r));
    }
    std::shuffle(in.hosp.lists[h].begin(), in.hosp.lists[h].end(), rng);
  }
  if (ties) {
    for (auto* side : {&in.res, &in.hosp}) {
      side->ranks.resize(side->lists.size());
      for (std::size_t a = 0; a < side->lists.size(); ++a) {
        std::int64_t rank = 0;
        for (std::size_t k = 0; k < side->lists[a].size(); ++k) {
          if (k > 0 && u(rng) < 0.5) ++rank;
          side->ranks[a].push_back(rank);
        }
      }
    }
  }
  std::uniform_int_distribution<int> capd(0, 2);
  for (std::size_t h = 0; h < nh; ++h) in.cap.push_back(capd(rng));
  return in;
}

int position(const std::vector<std::int64_t>& list, std::int64_t x) {
  auto it = std::find(list.begin(), list.end(), x);
  return it == list.end() ? -1 : static_cast<int>(it - list.begin());
}

// Every stable matching (strict preferences) by enumeration.
std::vector<std::vector<std::int64_t>> all_stable(const Instance& in) {
  const std::size_t nr = in.res.lists.size(), nh = in.hosp.lists.size();
  std::vector<std::vector<std::int64_t>> out;
  std::vector<std::int64_t> m(nr, -1);
  std::vector<std::int64_t> load(nh, 0);
  std::function<void(std::size_t)> rec = [&](std::size_t r) {
    if (r == nr) {
      if (homeward::is_stable(in.res, in.hosp, in.cap, m)) out.push_back(m);
      return;
    }
    m[r] = -1;
    rec(r + 1);
    for (const auto h : in.res.lists[r]) {
      const auto uh = static_cast<std::size_t>(h);
      if (position(in.hosp.lists[uh], static_cast<std::int64_t>(r)) < 0) continue;
      if (load[uh] >= in.cap[uh]) continue;
      ++load[uh];
      m[r] = h;
      rec(r + 1);
      --load[uh];
      m[r] = -1;
    }
  };
  rec(0);
  return out;
}

// Independent blocking-pair count straight from the definition.
std::size_t count_blocking(const Instance& in, const std::vector<std::int64_t>& m) {
  const std::size_t nr = in.res.lists.size(), nh = in.hosp.lists.size();
  auto rrank = [&](std::size_t r, std::int64_t h) {
    const int p = position(in.res.lists[r], h);
    return in.res.ranks.empty() ? p
                                : static_cast<int>(in.res.ranks[r][static_cast<std::size_t>(p)]);
  };
  auto hrank = [&](std::size_t h, std::int64_t r) {
    const int p = position(in.hosp.lists[h], r);
    return in.hosp.ranks.empty() ? p
                                 : static_cast<int>(in.hosp.ranks[h][static_cast<std::size_t>(p)]);
  };
  std::size_t count = 0;
  for (std::size_t r = 0; r < nr; ++r) {
    for (std::size_t h = 0; h < nh; ++h) {
      const auto ih = static_cast<std::int64_t>(h), ir = static_cast<std::int64_t>(r);
      if (position(in.res.lists[r], ih) < 0 || position(in.hosp.lists[h], ir) < 0) continue;
      if (m[r] == ih) continue;
      if (m[r] >= 0 && !(rrank(r, ih) < rrank(r, m[r]))) continue;
      std::int64_t load = 0;
      bool prefers = false;
      for (std::size_t q = 0; q < nr; ++q) {
        if (m[q] != ih) continue;
        ++load;
        if (hrank(h, ir) < hrank(h, static_cast<std::int64_t>(q))) prefers = true;
      }
      if (in.cap[h] > 0 && (load < in.cap[h] || prefers)) ++count;
    }
  }
  return count;
}

}  // namespace

TEST_CASE("stable_match: a textbook instance", "[stable]") {
  Preferences res, hosp;
  res.lists = {{0, 1}, {0, 1}, {0}, {1, 0}};
  hosp.lists = {{3, 2, 1, 0}, {0, 1, 2, 3}};
  const std::vector<std::int64_t> cap = {2, 1};
  const auto r = homeward::stable_match(res, hosp, cap, StableOptimal::resident);
  // Residents propose: 0,1 -> h0; 2 -> h0 evicts 0 (h0 prefers 2); 0 -> h1;
  // 3 -> h1 evicts? h1 prefers 0 over 3, so 3 -> h0 evicts 1 (worst); 1 -> h1
  // rejected (h1 holds 0, prefers 0). Result: 0->1, 1->-1, 2->0, 3->0.
  CHECK(r.resident_hospital == std::vector<std::int64_t>{1, -1, 0, 0});
  CHECK(r.hospital_residents[0] == std::vector<std::int64_t>{2, 3});
  CHECK(homeward::is_stable(res, hosp, cap, r.resident_hospital));
  const auto h = homeward::stable_match(res, hosp, cap, StableOptimal::hospital);
  CHECK(homeward::is_stable(res, hosp, cap, h.resident_hospital));
  // An unstable matching reports its blocking pairs.
  const auto bp = homeward::blocking_pairs(res, hosp, cap, {0, 0, -1, -1});
  CHECK_FALSE(bp.empty());
  CHECK(std::find(bp.begin(), bp.end(), std::make_pair<std::int64_t, std::int64_t>(2, 0)) !=
        bp.end());
}

TEST_CASE("stable_match: optimal sides against brute force", "[stable]") {
  std::mt19937_64 rng(31);
  for (int trial = 0; trial < 400; ++trial) {
    const std::size_t nr = 1 + static_cast<std::size_t>(trial % 5);
    const std::size_t nh = 1 + static_cast<std::size_t>((trial / 5) % 3);
    const Instance in = random_instance(rng, nr, nh, false);
    const auto all = all_stable(in);
    REQUIRE_FALSE(all.empty());
    const auto ro = homeward::stable_match(in.res, in.hosp, in.cap, StableOptimal::resident);
    const auto ho = homeward::stable_match(in.res, in.hosp, in.cap, StableOptimal::hospital);
    REQUIRE(count_blocking(in, ro.resident_hospital) == 0);
    REQUIRE(count_blocking(in, ho.resident_hospital) == 0);
    // Resident-optimal: every resident does at least as well as in any
    // stable matching; hospital-optimal: at most as well (lattice ends).
    auto pos = [&](std::size_t r, std::int64_t h) {
      return h < 0 ? 1000 : position(in.res.lists[r], h);
    };
    for (const auto& m : all) {
      for (std::size_t r = 0; r < nr; ++r) {
        REQUIRE(pos(r, ro.resident_hospital[r]) <= pos(r, m[r]));
        REQUIRE(pos(r, ho.resident_hospital[r]) >= pos(r, m[r]));
      }
    }
  }
}

TEST_CASE("stable_match: ties give weakly stable matchings", "[stable]") {
  std::mt19937_64 rng(77);
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t nr = 2 + static_cast<std::size_t>(trial % 20);
    const std::size_t nh = 1 + static_cast<std::size_t>(trial % 6);
    const Instance in = random_instance(rng, nr, nh, true);
    for (auto opt : {StableOptimal::resident, StableOptimal::hospital}) {
      const auto m = homeward::stable_match(in.res, in.hosp, in.cap, opt);
      REQUIRE(count_blocking(in, m.resident_hospital) == 0);
      REQUIRE(homeward::blocking_pairs(in.res, in.hosp, in.cap, m.resident_hospital).empty());
    }
  }
}

TEST_CASE("blocking_pairs agrees with the definition on random matchings", "[stable]") {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 300; ++trial) {
    const Instance in = random_instance(rng, 5, 3, trial % 2 == 0);
    // A random valid matching: greedy over a random order.
    std::vector<std::int64_t> m(5, -1);
    std::vector<std::int64_t> load(3, 0);
    for (std::size_t r = 0; r < 5; ++r) {
      for (const auto h : in.res.lists[r]) {
        const auto uh = static_cast<std::size_t>(h);
        if (rng() % 2 && load[uh] < in.cap[uh] &&
            position(in.hosp.lists[uh], static_cast<std::int64_t>(r)) >= 0) {
          m[r] = h;
          ++load[uh];
          break;
        }
      }
    }
    REQUIRE(homeward::blocking_pairs(in.res, in.hosp, in.cap, m).size() == count_blocking(in, m));
  }
}

TEST_CASE("stable_match: bad input names the field", "[stable]") {
  Preferences res, hosp;
  res.lists = {{0}, {0, 1}};
  hosp.lists = {{0, 1}, {1}};
  auto field_of = [&](const std::vector<std::int64_t>& cap) {
    try {
      homeward::stable_match(res, hosp, cap);
    } catch (const homeward::InvalidArgument& e) {
      return e.field();
    }
    return std::string("no error");
  };
  CHECK(field_of({1, 1}) == "no error");
  CHECK(field_of({1, -1}) == "capacity[1]");
  CHECK(field_of({1}) == "capacity");
  res.lists = {{0}, {0, 2}};
  CHECK(field_of({1, 1}) == "resident_prefs[1][1]");
  res.lists = {{0}, {1, 1}};
  CHECK(field_of({1, 1}) == "resident_prefs[1][1]");
  res.lists = {{0}, {0, 1}};
  hosp.lists = {{0, -1}, {1}};
  CHECK(field_of({1, 1}) == "hospital_prefs[0][1]");
  hosp.lists = {{0, 1}, {1}};
  hosp.ranks = {{1, 0}, {0}};
  CHECK(field_of({1, 1}) == "hospital_ranks[0][1]");
  hosp.ranks = {{0, 0}};
  CHECK(field_of({1, 1}) == "hospital_ranks");
  hosp.ranks.clear();
  CHECK_THROWS_AS(homeward::blocking_pairs(res, hosp, {1, 1}, {0}), homeward::InvalidArgument);
  CHECK_THROWS_AS(homeward::blocking_pairs(res, hosp, {1, 1}, {0, 5}), homeward::InvalidArgument);
  CHECK_THROWS_AS(homeward::blocking_pairs(res, hosp, {1, 1}, {1, -1}),
                  homeward::InvalidArgument);  // not mutually acceptable
  CHECK_THROWS_AS(homeward::blocking_pairs(res, hosp, {1, 1}, {0, 0}),
                  homeward::InvalidArgument);  // over capacity
  // Empty problem.
  const auto e = homeward::stable_match(Preferences{}, Preferences{}, {});
  CHECK(e.resident_hospital.empty());
}
