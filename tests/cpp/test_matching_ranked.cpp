// Ranked alternatives and rules in the domain layer, against brute-force
// enumeration of every recommendation of small random instances.
#include <catch2/catch.hpp>

#include "homeward/error.hpp"
#include "homeward/matching.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace homeward;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Key {
  std::size_t matched;
  double cost;
};

// Every recommendation (person -> place index or -1 within capacities),
// best first; costs from `c` (kInf = not allowed).
std::vector<Key> enumerate_keys(const std::vector<std::vector<double>>& c,
                                const std::vector<std::int64_t>& cap,
                                std::vector<std::vector<std::int64_t>>* sols = nullptr) {
  const std::size_t n = c.size(), m = cap.size();
  std::vector<std::pair<Key, std::vector<std::int64_t>>> all;
  std::vector<std::int64_t> a(n, -1), load(m, 0);
  std::function<void(std::size_t)> rec = [&](std::size_t i) {
    if (i == n) {
      Key k{0, 0.0};
      for (std::size_t r = 0; r < n; ++r) {
        if (a[r] >= 0) {
          ++k.matched;
          k.cost += c[r][static_cast<std::size_t>(a[r])];
        }
      }
      all.emplace_back(k, a);
      return;
    }
    a[i] = -1;
    rec(i + 1);
    for (std::size_t j = 0; j < m; ++j) {
      if (c[i][j] == kInf || load[j] >= cap[j]) continue;
      ++load[j];
      a[i] = static_cast<std::int64_t>(j);
      rec(i + 1);
      --load[j];
    }
    a[i] = -1;
  };
  rec(0);
  std::stable_sort(all.begin(), all.end(), [](const auto& x, const auto& y) {
    return x.first.matched != y.first.matched ? x.first.matched > y.first.matched
                                              : x.first.cost < y.first.cost;
  });
  std::vector<Key> keys;
  for (auto& [k, s] : all) {
    keys.push_back(k);
    if (sols) sols->push_back(s);
  }
  return keys;
}

struct Instance {
  std::vector<Person> people;
  std::vector<Place> places;
};

Instance random_instance(std::mt19937& rng) {
  std::uniform_int_distribution<int> dn(1, 5), dm(1, 3), dbeds(0, 2), dday(0, 20), dcoin(0, 3);
  const char* areas[] = {"Leeds", "York"};
  Instance in;
  const int m = dm(rng);
  for (int j = 0; j < m; ++j) {
    Place p;
    p.id = "SD-0" + std::to_string(j + 1);
    p.area = areas[dcoin(rng) % 2];
    p.beds = dbeds(rng);
    p.max_risk = dcoin(rng) == 0 ? RiskLevel::low : RiskLevel::high;
    p.free_date = parse_date("2026-03-02") + boost::gregorian::days(dday(rng));
    in.places.push_back(p);
  }
  const int n = dn(rng);
  for (int i = 0; i < n; ++i) {
    Person p;
    p.id = "P000" + std::to_string(i + 1);
    p.area = areas[dcoin(rng) % 2];
    p.gender = "female";
    p.risk = dcoin(rng) == 0 ? RiskLevel::medium : RiskLevel::low;
    p.ready_date = parse_date("2026-03-02") + boost::gregorian::days(dday(rng));
    if (dcoin(rng) != 0) p.acceptable_areas = {"Leeds", "York"};
    for (const Place& pl : in.places) {
      if (dcoin(rng) == 0) p.preferences.push_back(pl.id);
    }
    in.people.push_back(p);
  }
  return in;
}

// Pair costs through the public API: the best recommendation in which
// person i must get place j, for that person alone.
std::vector<std::vector<double>> pair_costs(const Instance& in) {
  std::vector<std::vector<double>> c(in.people.size(), std::vector<double>(in.places.size(), kInf));
  std::vector<Place> roomy = in.places;
  for (Place& p : roomy) p.beds = 1;
  for (std::size_t i = 0; i < in.people.size(); ++i) {
    for (std::size_t j = 0; j < in.places.size(); ++j) {
      const auto r = match_placements_with({in.people[i]}, roomy,
                                           {MatchRule{in.people[i].id, in.places[j].id, true, ""}});
      if (r) c[i][j] = r->total_cost;
    }
  }
  return c;
}

std::vector<std::int64_t> beds(const Instance& in) {
  std::vector<std::int64_t> b;
  for (const Place& p : in.places) b.push_back(p.beds);
  return b;
}

}  // namespace

TEST_CASE("match_placements_ranked: the k best against brute force", "[matching][ranked]") {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 150; ++trial) {
    const Instance in = random_instance(rng);
    const auto keys = enumerate_keys(pair_costs(in), beds(in));
    const std::size_t k = 1 + static_cast<std::size_t>(trial % 8);
    const auto ranked = match_placements_ranked(in.people, in.places, k);
    INFO("trial " << trial);
    REQUIRE(ranked.size() == std::min(k, keys.size()));
    const MatchResult opt = match_placements(in.people, in.places);
    CHECK(ranked[0].total_cost == Approx(opt.total_cost).margin(1e-9));
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      CHECK(ranked[i].matches.size() == keys[i].matched);
      CHECK(ranked[i].total_cost == Approx(keys[i].cost).margin(1e-9));
      CHECK(ranked[i].rank == i + 1);
      CHECK(ranked[i].cost_change == Approx(keys[i].cost - keys[0].cost).margin(1e-9));
      CHECK(ranked[i].matches.size() + ranked[i].unmatched.size() == in.people.size());
      for (const Match& m : ranked[i].matches) {  // the same reasons as the optimum
        CHECK_FALSE(m.terms.empty());
        CHECK(std::all_of(m.constraints.begin(), m.constraints.end(),
                          [](const ConstraintCheck& c) { return c.passed; }));
      }
    }
  }
}

TEST_CASE("per-person alternatives in match_placements against brute force", "[matching][ranked]") {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 150; ++trial) {
    const Instance in = random_instance(rng);
    std::vector<std::vector<std::int64_t>> sols;
    const auto c = pair_costs(in);
    const auto keys = enumerate_keys(c, beds(in), &sols);
    const MatchResult opt = match_placements(in.people, in.places);
    // Person order in the result is by id, which is the input order here.
    std::vector<std::int64_t> mine(in.people.size(), -1);
    for (const Match& m : opt.matches) {
      const std::size_t i = static_cast<std::size_t>(std::stoi(m.person.substr(1)) - 1);
      for (std::size_t j = 0; j < in.places.size(); ++j) {
        if (in.places[j].id == m.resource) mine[i] = static_cast<std::int64_t>(j);
      }
    }
    INFO("trial " << trial);
    for (std::size_t i = 0; i < in.people.size(); ++i) {
      std::optional<Key> want;
      for (std::size_t q = 0; q < sols.size(); ++q) {
        if (sols[q][i] != mine[i] && (mine[i] >= 0 || sols[q][i] >= 0)) {
          want = keys[q];
          break;
        }
      }
      const std::optional<Alternative>* got = nullptr;
      for (const Match& m : opt.matches) {
        if (m.person == in.people[i].id) got = &m.alternative;
      }
      for (const Unmatched& u : opt.unmatched) {
        if (u.person == in.people[i].id) got = &u.alternative;
      }
      REQUIRE(got != nullptr);
      REQUIRE(got->has_value() == want.has_value());
      if (!want) continue;
      const Alternative& a = **got;
      CHECK(a.matched_change ==
            static_cast<std::int64_t>(want->matched) - static_cast<std::int64_t>(keys[0].matched));
      CHECK(a.cost_change == Approx(want->cost - keys[0].cost).margin(1e-9));
      CHECK_FALSE(a.summary.empty());
      if (!a.resource.empty()) {
        CHECK(a.cost ==
              Approx(c[i][static_cast<std::size_t>(
                         std::find_if(in.places.begin(), in.places.end(),
                                      [&](const Place& p) { return p.id == a.resource; }) -
                         in.places.begin())])
                  .margin(1e-9));
      }
    }
  }
}

TEST_CASE("rules in the domain layer: must / must not", "[matching][ranked]") {
  std::vector<Person> people;
  for (const char* id : {"P0001", "P0002", "P0003"}) {
    Person p;
    p.id = id;
    p.area = "Leeds";
    p.gender = "female";
    p.ready_date = parse_date("2026-03-02");
    people.push_back(p);
  }
  people[0].preferences = {"SD-01", "SD-02"};
  std::vector<Place> places;
  for (const char* id : {"SD-01", "SD-02"}) {
    Place p;
    p.id = id;
    p.area = "Leeds";
    p.beds = 1;
    p.max_risk = RiskLevel::high;
    p.free_date = parse_date("2026-03-02");
    places.push_back(p);
  }
  const MatchResult opt = match_placements(people, places);
  REQUIRE(opt.matches.size() == 2);
  const auto not_first =
      match_placements_with(people, places, {MatchRule{"P0001", "SD-01", false, ""}});
  REQUIRE(not_first);
  CHECK(not_first->rank == 0);
  CHECK(not_first->matches.size() == 2);
  CHECK(not_first->cost_change == Approx(not_first->total_cost - opt.total_cost));
  for (const Match& m : not_first->matches)
    CHECK_FALSE((m.person == "P0001" && m.resource == "SD-01"));
  const auto must = match_placements_with(people, places, {MatchRule{"P0003", "SD-02", true, ""}});
  REQUIRE(must);
  CHECK(std::any_of(must->matches.begin(), must->matches.end(),
                    [](const Match& m) { return m.person == "P0003" && m.resource == "SD-02"; }));
  // Both must have SD-01 (one bed): nothing obeys.
  CHECK_FALSE(match_placements_with(
      people, places,
      {MatchRule{"P0001", "SD-01", true, ""}, MatchRule{"P0002", "SD-01", true, ""}}));
  CHECK_THROWS_AS(match_placements_with(people, places, {MatchRule{"P9999", "SD-01", true, ""}}),
                  NotFound);
  CHECK_THROWS_AS(match_placements_with(people, places, {MatchRule{"P0001", "SD-99", true, ""}}),
                  NotFound);
  MatchOptions stable;
  stable.method = MatchMethod::stable;
  CHECK_THROWS_AS(match_placements_ranked(people, places, 3, stable), InvalidArgument);
  // The explanation names the alternative.
  const std::string text = explain_match(opt, "P0001");
  CHECK(text.find("Best alternative") != std::string::npos);
  // JSON round trip keeps alternatives and ranks.
  const auto ranked = match_placements_ranked(people, places, 3);
  REQUIRE(ranked.size() == 3);
  const MatchResult back = match_result_from_json(match_result_to_json(ranked[1]));
  CHECK(back.rank == 2);
  CHECK(back.cost_change == Approx(ranked[1].cost_change));
  const MatchResult back0 = match_result_from_json(match_result_to_json(opt));
  REQUIRE(back0.matches.size() == opt.matches.size());
  for (std::size_t i = 0; i < opt.matches.size(); ++i) {
    REQUIRE(back0.matches[i].alternative.has_value() == opt.matches[i].alternative.has_value());
    if (opt.matches[i].alternative) {
      CHECK(back0.matches[i].alternative->resource == opt.matches[i].alternative->resource);
      CHECK(back0.matches[i].alternative->cost_change ==
            Approx(opt.matches[i].alternative->cost_change));
    }
  }
  // JSON entry points.
  const std::string input =
      R"({"people": [{"id": "P0001", "area": "Leeds", "risk": "low", "ready_date": "2026-03-02"},
                                           {"id": "P0002", "area": "Leeds", "risk": "low", "ready_date": "2026-03-02"}],
                                "places": [{"id": "SD-01", "area": "Leeds", "beds": 1, "free_date": "2026-03-02", "max_risk": "high"},
                                           {"id": "SD-02", "area": "Leeds", "beds": 1, "free_date": "2026-03-09", "max_risk": "high"}]})";
  const auto arr = nlohmann::json::parse(match_placements_ranked_json(input, 2));
  REQUIRE(arr.size() == 2);
  CHECK(arr[1]["summary"]["rank"] == 2);
  const auto w = nlohmann::json::parse(match_placements_with_json(
      input, R"([{"person": "P0001", "place": "SD-01", "rule": "must_not"}])"));
  for (const auto& m : w["matches"]) CHECK_FALSE((m["person"] == "P0001" && m["place"] == "SD-01"));
  CHECK(match_placements_with_json(input, R"([{"person": "P0001", "place": "SD-01", "rule": "must"},
                                               {"person": "P0002", "place": "SD-01", "rule": "must"}])") ==
        "null");
  CHECK_THROWS_AS(match_placements_with_json(input, R"([{"person": "P0001", "rule": "maybe"}])"),
                  InvalidArgument);
}

TEST_CASE("allocate_workers_ranked combines the roles' k best", "[matching][ranked]") {
  std::mt19937 rng(17);
  std::uniform_int_distribution<int> dload(0, 2), dcoin(0, 2);
  for (int trial = 0; trial < 60; ++trial) {
    std::vector<Worker> workers;
    for (int j = 0; j < 3; ++j) {
      Worker w;
      w.id = "W-0" + std::to_string(j + 1);
      w.role = j < 2 ? Role::pathway_navigator : Role::peer_support_worker;
      w.areas = {"Leeds"};
      w.caseload_limit = 3;
      w.current_load = 1 + dload(rng);
      workers.push_back(w);
    }
    std::vector<Person> people;
    for (int i = 0; i < 3; ++i) {
      Person p;
      p.id = "P000" + std::to_string(i + 1);
      p.area = "Leeds";
      p.ready_date = parse_date("2026-03-02");
      p.roles = {Role::pathway_navigator};
      if (dcoin(rng) == 0) p.roles.push_back(Role::peer_support_worker);
      if (dcoin(rng) == 0) p.known_workers = {"W-02"};
      people.push_back(p);
    }
    const auto ranked = allocate_workers_ranked(people, workers, 6);
    const MatchResult opt = allocate_workers(people, workers);
    INFO("trial " << trial);
    REQUIRE_FALSE(ranked.empty());
    CHECK(ranked[0].matches.size() == opt.matches.size());
    CHECK(ranked[0].total_cost == Approx(opt.total_cost).margin(1e-9));
    for (std::size_t i = 1; i < ranked.size(); ++i) {
      const bool ordered = ranked[i].matches.size() < ranked[i - 1].matches.size() ||
                           (ranked[i].matches.size() == ranked[i - 1].matches.size() &&
                            ranked[i].total_cost >= ranked[i - 1].total_cost - 1e-9);
      CHECK(ordered);
    }
    // Brute force over both roles together (caseload capacities).
    std::vector<std::vector<double>> c;  // rows: (person, role) needs
    std::vector<std::int64_t> cap;
    for (const Worker& w : workers) cap.push_back(w.spare());
    for (const Person& p : people) {
      for (Role role : p.roles) {
        std::vector<double> row(workers.size(), kInf);
        for (std::size_t j = 0; j < workers.size(); ++j) {
          if (workers[j].role != role || workers[j].spare() <= 0) continue;
          const auto r =
              allocate_workers_with({p}, workers, {MatchRule{p.id, workers[j].id, true, ""}});
          REQUIRE(r);
          for (const Match& m : r->matches) {
            if (m.resource == workers[j].id) row[j] = m.cost;
          }
        }
        c.push_back(row);
      }
    }
    const auto keys = enumerate_keys(c, cap);
    REQUIRE(ranked.size() == std::min<std::size_t>(6, keys.size()));
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      CHECK(ranked[i].matches.size() == keys[i].matched);
      CHECK(ranked[i].total_cost == Approx(keys[i].cost).margin(1e-9));
    }
  }
}
