// Placement matching and worker allocation (include/homeward/matching.hpp).
// Expected values are worked out by hand in the comments.
#include <catch2/catch.hpp>

#include "homeward/error.hpp"
#include "homeward/matching.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

using namespace homeward;
using nlohmann::json;

namespace {

Person person(std::string id, std::string area, std::string ready = "2026-03-02") {
  Person p;
  p.id = std::move(id);
  p.area = std::move(area);
  p.gender = "female";
  p.risk = RiskLevel::medium;
  p.ready_date = parse_date(ready);
  return p;
}

Place place(std::string id, std::string area, std::int64_t beds, std::string free = "2026-03-02") {
  Place p;
  p.id = std::move(id);
  p.area = std::move(area);
  p.beds = beds;
  p.max_risk = RiskLevel::high;
  p.free_date = parse_date(free);
  return p;
}

Worker worker(std::string id, Role role, std::vector<std::string> areas, std::int64_t limit,
              std::int64_t load) {
  Worker w;
  w.id = std::move(id);
  w.role = role;
  w.areas = std::move(areas);
  w.caseload_limit = limit;
  w.current_load = load;
  return w;
}

const Match* find_match(const MatchResult& r, const std::string& person,
                        const std::string& role = "") {
  for (const Match& m : r.matches) {
    if (m.person == person && m.role == role) return &m;
  }
  return nullptr;
}

const Unmatched* find_unmatched(const MatchResult& r, const std::string& person,
                                const std::string& role = "") {
  for (const Unmatched& u : r.unmatched) {
    if (u.person == person && u.role == role) return &u;
  }
  return nullptr;
}

double term(const Match& m, const std::string& name) {
  for (const CostTerm& t : m.terms) {
    if (t.name == name) return t.value;
  }
  FAIL("no term " << name);
  return 0.0;
}

const CandidateOutcome& candidate(const Unmatched& u, const std::string& id) {
  for (const CandidateOutcome& c : u.candidates) {
    if (c.resource == id) return c;
  }
  FAIL("no candidate " << id);
  throw 0;
}

template <class F>
void require_error(F&& f, ErrorCode code, const std::string& what) {
  try {
    f();
    FAIL("expected an error: " << what);
  } catch (const Error& e) {
    CHECK(e.code() == code);
    CHECK(std::string(e.what()) == what);
  }
}

// One person and one place per hard constraint (docs/matching.md).
std::vector<Place> constraint_places() {
  std::vector<Place> v;
  Place ok = place("SD-01", "Derbyshire", 1, "2026-03-05");
  ok.step_free = true;
  v.push_back(ok);
  Place male = ok;
  male.id = "SD-02";
  male.gender = "male";
  v.push_back(male);
  Place linc = ok;
  linc.id = "SD-03";
  linc.area = "Lincolnshire";
  v.push_back(linc);
  Place steps = ok;
  steps.id = "SD-04";
  steps.step_free = false;
  v.push_back(steps);
  Place low = ok;
  low.id = "SD-05";
  low.max_risk = RiskLevel::low;
  v.push_back(low);
  Place late = ok;
  late.id = "SD-06";
  late.free_date = parse_date("2026-04-30");  // 59 days after 2026-03-02
  v.push_back(late);
  Place none = ok;
  none.id = "SD-07";
  none.beds = 0;
  v.push_back(none);
  Place shortstay = ok;
  shortstay.id = "SD-08";
  shortstay.max_stay_days = 60;
  v.push_back(shortstay);
  return v;
}

}  // namespace

TEST_CASE("matching: each hard constraint excludes the place it should", "[matching]") {
  Person p = person("P0001", "Derbyshire");
  p.needs_step_free = true;
  p.expected_stay_days = 90;
  p.preferences = {"SD-02", "SD-01"};
  const MatchResult r = match_placements({p}, constraint_places());
  REQUIRE(r.matches.size() == 1);
  const Match& m = r.matches[0];
  CHECK(m.resource == "SD-01");
  // 2nd choice: 1 x 10; bed free 3 days after ready: 3 x 1; home area: 0.
  CHECK(term(m, "preference") == 10.0);
  CHECK(term(m, "wait") == 3.0);
  CHECK(term(m, "out_of_area") == 0.0);
  CHECK(m.cost == 13.0);
  CHECK(r.total_cost == 13.0);
  REQUIRE(m.constraints.size() == 8);
  for (const ConstraintCheck& c : m.constraints) CHECK(c.passed);
  CHECK(r.unmatched.empty());
  CHECK(r.kind == "placements");

  // Without SD-01 the person is unmatched and each place names its constraint.
  std::vector<Place> rest = constraint_places();
  rest.erase(rest.begin());
  p.preferences = {"SD-02"};
  const MatchResult r2 = match_placements({p}, rest);
  REQUIRE(r2.matches.empty());
  REQUIRE(r2.unmatched.size() == 1);
  const Unmatched& u = r2.unmatched[0];
  CHECK(u.reason == "excluded");
  const std::pair<const char*, const char*> expect[] = {
      {"SD-02", "gender"}, {"SD-03", "area"}, {"SD-04", "step_free"}, {"SD-05", "risk"},
      {"SD-06", "date"},   {"SD-07", "beds"}, {"SD-08", "max_stay"}};
  for (const auto& [id, constraint] : expect) {
    const CandidateOutcome& c = candidate(u, id);
    CHECK_FALSE(c.allowed);
    REQUIRE(c.failed.size() == 1);
    CHECK(c.failed[0].constraint == constraint);
  }
  CHECK(candidate(u, "SD-06").failed[0].detail ==
        "bed free 2026-04-30, 59 days after the ready date 2026-03-02 (limit 28)");
  CHECK(candidate(u, "SD-05").failed[0].detail == "risk medium above SD-05's maximum low");
}

TEST_CASE("matching: wait limit, substance-use support and accepted areas", "[matching]") {
  Person p = person("P0001", "Derbyshire");
  p.needs_substance_use_support = true;
  p.acceptable_areas = {"Nottinghamshire"};
  Place a = place("SD-01", "Nottinghamshire", 1, "2026-03-12");  // 10 days
  a.substance_use_support = true;
  Place b = place("SD-02", "Derbyshire", 1);
  MatchOptions opt;
  opt.max_wait_days = 10;
  MatchResult r = match_placements({p}, {a, b}, opt);
  REQUIRE(r.matches.size() == 1);
  // SD-02 lacks substance-use support; SD-01: 10 days x 1 + out of area 25.
  CHECK(r.matches[0].resource == "SD-01");
  CHECK(r.matches[0].cost == 35.0);
  opt.max_wait_days = 9;
  r = match_placements({p}, {a, b}, opt);
  REQUIRE(r.unmatched.size() == 1);
  CHECK(candidate(r.unmatched[0], "SD-01").failed[0].constraint == "date");
  CHECK(candidate(r.unmatched[0], "SD-02").failed[0].constraint == "substance_use_support");

  // allow_out_of_area lifts the area constraint but keeps its cost.
  Person q = person("P0002", "Derbyshire");
  Place linc = place("SD-03", "Lincolnshire", 1);
  MatchOptions o2;
  CHECK(match_placements({q}, {linc}, o2).matches.empty());
  o2.allow_out_of_area = true;
  o2.weights.out_of_area = 7.5;
  r = match_placements({q}, {linc}, o2);
  REQUIRE(r.matches.size() == 1);
  CHECK(r.matches[0].cost == 7.5);
}

TEST_CASE("matching: single-gender units", "[matching]") {
  Person f = person("P0001", "Derbyshire");
  Person m = person("P0002", "Derbyshire");
  m.gender = "male";
  Place fem = place("SD-01", "Derbyshire", 1);
  fem.gender = "female";
  Place mal = place("SD-02", "Derbyshire", 1);
  mal.gender = "male";
  const MatchResult r = match_placements({f, m}, {fem, mal});
  REQUIRE(r.matches.size() == 2);
  CHECK(find_match(r, "P0001")->resource == "SD-01");
  CHECK(find_match(r, "P0002")->resource == "SD-02");
}

// Three Derbyshire people competing for two Derbyshire beds, and one
// Lincolnshire person with a bed of their own (worked out where used).
namespace {

struct CompetitionCase {
  Person p1, p2, p3, p4;
  std::vector<Place> places;
};

CompetitionCase competition_case() {
  CompetitionCase c;
  c.p1 = person("P0001", "Derbyshire", "2026-03-10");
  c.p1.preferences = {"SD-01", "SD-02"};
  c.p2 = person("P0002", "Derbyshire", "2026-03-05");
  c.p2.preferences = {"SD-01", "SD-02"};
  c.p3 = person("P0003", "Derbyshire", "2026-03-05");
  c.p3.preferences = {"SD-02", "SD-01"};
  c.p4 = person("P0004", "Lincolnshire", "2026-03-05");
  c.places = {place("SD-01", "Derbyshire", 1, "2026-03-10"),
              place("SD-02", "Derbyshire", 1, "2026-03-01"),
              place("SD-03", "Lincolnshire", 1, "2026-03-01")};
  return c;
}

}  // namespace

TEST_CASE("matching: too few beds gives a Hall witness", "[matching]") {
  // SD-01 (A) free 2026-03-10, SD-02 (B) free 2026-03-01, both Derbyshire,
  // one bed each; SD-03 Lincolnshire, one bed.
  //   P0001 ready 03-10, prefs [A, B]: A = 0,       B = 10
  //   P0002 ready 03-05, prefs [A, B]: A = 5 wait,  B = 10
  //   P0003 ready 03-05, prefs [B, A]: A = 10 + 5,  B = 0
  //   P0004 Lincolnshire: only SD-03, cost 0.
  // Two of the first three fit. Leaving out P0001: 5 + 0 = 5; P0002:
  // 0 + 0 = 0; P0003: 0 + 10 = 10. So P0002 is left out, total 0.
  const CompetitionCase c = competition_case();
  const Person &p1 = c.p1, &p2 = c.p2, &p3 = c.p3, &p4 = c.p4;
  const std::vector<Place>& places = c.places;
  for (SolverChoice s : {SolverChoice::dense, SolverChoice::sparse, SolverChoice::automatic}) {
    MatchOptions opt;
    opt.solver = s;
    const MatchResult r = match_placements({p1, p2, p3, p4}, places, opt);
    REQUIRE(r.matches.size() == 3);
    CHECK(find_match(r, "P0001")->resource == "SD-01");
    CHECK(find_match(r, "P0003")->resource == "SD-02");
    CHECK(find_match(r, "P0004")->resource == "SD-03");
    CHECK(r.total_cost == 0.0);
    const Unmatched* u = find_unmatched(r, "P0002");
    REQUIRE(u != nullptr);
    CHECK(u->reason == "competition");
    CHECK(u->competition.people == std::vector<std::string>{"P0001", "P0002", "P0003"});
    CHECK(u->competition.resources == std::vector<std::string>{"SD-01", "SD-02"});
    CHECK(u->competition.capacity == 2);
    CHECK(candidate(*u, "SD-01").allowed);
    CHECK(candidate(*u, "SD-01").taken_by == std::vector<std::string>{"P0001"});
    CHECK(candidate(*u, "SD-03").failed[0].constraint == "area");
    CHECK(u->summary ==
          "3 people (P0001, P0002, P0003) could use only SD-01, SD-02, which have 2 beds "
          "between them; all are taken");
    CHECK(r.resources.size() == 3);
    CHECK(r.resources[0].used == 1);
  }
  CHECK(match_placements({p1, p2, p3, p4}, places,
                         [] {
                           MatchOptions o;
                           o.solver = SolverChoice::dense;
                           return o;
                         }())
            .solver == "dense");
}

TEST_CASE("matching: the result does not depend on input order", "[matching]") {
  std::mt19937 rng(20260301);
  std::vector<Person> people;
  std::vector<Place> places;
  const char* areas[] = {"Derbyshire", "Lincolnshire", "Nottinghamshire"};
  for (int i = 0; i < 30; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "P%04d", i + 1);
    Person p = person(id, areas[rng() % 3]);
    p.ready_date = parse_date("2026-03-01") + boost::gregorian::days(static_cast<long>(rng() % 20));
    p.risk = static_cast<RiskLevel>(rng() % 3);
    people.push_back(p);
  }
  for (int i = 0; i < 8; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "SD-%02d", i + 1);
    Place pl = place(id, areas[rng() % 3], 1 + static_cast<std::int64_t>(rng() % 3));
    pl.free_date = parse_date("2026-03-01") + boost::gregorian::days(static_cast<long>(rng() % 30));
    places.push_back(pl);
  }
  for (Person& p : people) {
    // Rank two different places.
    p.preferences = {places[rng() % 4].id, places[4 + rng() % 4].id};
  }
  const std::string first = match_result_to_json(match_placements(people, places));
  for (int k = 0; k < 3; ++k) {
    std::shuffle(people.begin(), people.end(), rng);
    std::shuffle(places.begin(), places.end(), rng);
    CHECK(match_result_to_json(match_placements(people, places)) == first);
  }
  // Every competition witness is a Hall violator: its people outnumber the
  // beds of its places, which are all full and hold every allowed place of
  // its people.
  const MatchResult r = match_placements(people, places);
  CHECK(r.matches.size() + r.unmatched.size() == people.size());
  for (const Unmatched& u : r.unmatched) {
    if (u.reason != "competition") continue;
    CHECK(static_cast<std::int64_t>(u.competition.people.size()) == u.competition.capacity + 1);
    for (const std::string& id : u.competition.resources) {
      for (const ResourceUsage& use : r.resources) {
        if (use.id == id) CHECK(use.used == use.capacity);
      }
    }
  }
}

TEST_CASE("matching: workers per role within caseload limits", "[matching]") {
  // Caseload term 10 x load/limit: NAV-01 8/10 -> 8, NAV-02 9/10 -> 9.
  // P0001 knows NAV-02: NAV-01 costs 8 + 30 continuity = 38, NAV-02 9.
  // P0002: NAV-01 8, NAV-02 9. NAV-02 has one spare place.
  //   P0001->NAV-02 + P0002->NAV-01 = 17 (best); P0001->NAV-01 + P0002->NAV-01 = 46.
  // P0001 also needs a substance-use specialist; the only one is full.
  // P0003 lives in Lincolnshire, which no navigator covers.
  const std::vector<Worker> workers = {
      worker("W-NAV-01", Role::pathway_navigator, {"Derbyshire"}, 10, 8),
      worker("W-NAV-02", Role::pathway_navigator, {"Derbyshire", "Nottinghamshire"}, 10, 9),
      worker("W-SUS-01", Role::substance_use_specialist, {"Derbyshire"}, 5, 5),
  };
  Person p1 = person("P0001", "Derbyshire");
  p1.known_workers = {"W-NAV-02"};
  p1.roles = {Role::pathway_navigator, Role::substance_use_specialist};
  Person p2 = person("P0002", "Derbyshire");  // default roles: navigator
  Person p3 = person("P0003", "Lincolnshire");
  const MatchResult r = allocate_workers({p3, p2, p1}, workers);
  CHECK(r.kind == "workers");
  REQUIRE(r.matches.size() == 2);
  const Match* m1 = find_match(r, "P0001", "pathway_navigator");
  REQUIRE(m1);
  CHECK(m1->resource == "W-NAV-02");
  CHECK(m1->cost == Approx(9.0));
  CHECK(term(*m1, "continuity") == 0.0);
  const Match* m2 = find_match(r, "P0002", "pathway_navigator");
  REQUIRE(m2);
  CHECK(m2->resource == "W-NAV-01");
  CHECK(term(*m2, "caseload") == Approx(8.0));
  CHECK(r.total_cost == Approx(17.0));
  const Unmatched* u1 = find_unmatched(r, "P0001", "substance_use_specialist");
  REQUIRE(u1);
  CHECK(u1->reason == "excluded");
  CHECK(candidate(*u1, "W-SUS-01").failed[0].constraint == "caseload");
  const Unmatched* u3 = find_unmatched(r, "P0003", "pathway_navigator");
  REQUIRE(u3);
  CHECK(candidate(*u3, "W-NAV-01").failed[0].constraint == "area");
  CHECK(candidate(*u3, "W-NAV-02").failed[0].detail ==
        "W-NAV-02 covers Derbyshire, Nottinghamshire, not Lincolnshire");
  // Results come in person order.
  REQUIRE(r.unmatched.size() == 2);
  CHECK(r.unmatched[0].person == "P0001");
  CHECK(r.unmatched[1].person == "P0003");
  // Spare caseload before and after.
  REQUIRE(r.resources.size() == 3);
  CHECK(r.resources[0].id == "W-NAV-01");
  CHECK(r.resources[0].capacity == 2);
  CHECK(r.resources[0].used == 1);
  CHECK(r.resources[1].capacity == 1);
  CHECK(r.resources[1].used == 1);

  // A person needing a role nobody has.
  Person p4 = person("P0004", "Derbyshire");
  p4.roles = {Role::family_liaison_officer};
  const MatchResult r4 = allocate_workers({p4}, workers);
  REQUIRE(r4.unmatched.size() == 1);
  CHECK(r4.unmatched[0].reason == "no_candidates");
  CHECK(r4.unmatched[0].summary == "there are no family_liaison_officer workers");
}

TEST_CASE("matching: workers compete for spare caseload", "[matching]") {
  // One navigator with one spare place; two people; equal costs. One is
  // allocated, the other gets a witness of both people and the one worker.
  const std::vector<Worker> workers = {
      worker("W-NAV-01", Role::pathway_navigator, {"Derbyshire"}, 4, 3)};
  const MatchResult r =
      allocate_workers({person("P0001", "Derbyshire"), person("P0002", "Derbyshire")}, workers);
  REQUIRE(r.matches.size() == 1);
  REQUIRE(r.unmatched.size() == 1);
  // Equal costs: the earlier id wins the tie (documented).
  CHECK(r.matches[0].person == "P0001");
  const Unmatched& u = r.unmatched[0];
  CHECK(u.reason == "competition");
  CHECK(u.competition.people == std::vector<std::string>{"P0001", "P0002"});
  CHECK(u.competition.resources == std::vector<std::string>{"W-NAV-01"});
  CHECK(u.competition.capacity == 1);
}

TEST_CASE("matching: empty inputs are valid", "[matching]") {
  MatchResult r = match_placements({}, {});
  CHECK(r.matches.empty());
  CHECK(r.unmatched.empty());
  CHECK(r.solver == "none");
  r = match_placements({person("P0001", "Derbyshire")}, {});
  REQUIRE(r.unmatched.size() == 1);
  CHECK(r.unmatched[0].reason == "no_candidates");
  CHECK(r.unmatched[0].summary == "there are no places to match");
  r = match_placements({}, {place("SD-01", "Derbyshire", 2)});
  CHECK(r.matches.empty());
  REQUIRE(r.resources.size() == 1);
  CHECK(r.resources[0].used == 0);
  CHECK(allocate_workers({}, {}).matches.empty());
}

TEST_CASE("matching: bad C++ inputs name the field", "[matching][errors]") {
  const Person p = person("P0001", "Derbyshire");
  const Place pl = place("SD-01", "Derbyshire", 1);
  require_error(
      [&] {
        match_placements({p, p}, {pl});
      },
      ErrorCode::invalid_argument, "people[1].id: duplicate id \"P0001\" (first at people[0].id)");
  require_error(
      [&] {
        match_placements({p}, {pl, pl});
      },
      ErrorCode::invalid_argument, "places[1].id: duplicate id \"SD-01\" (first at places[0].id)");
  Place neg = pl;
  neg.beds = -1;
  require_error([&] { match_placements({p}, {neg}); }, ErrorCode::invalid_argument,
                "places[0].beds: must be >= 0, got -1");
  Person bad = p;
  bad.preferences = {"SD-01", "X9"};
  require_error(
      [&] {
        match_placements({p, p, person("P0003", "Derbyshire"),
                          [&] {
                            Person q = bad;
                            q.id = "P0004";
                            return q;
                          }()},
                         {pl});
      },
      ErrorCode::invalid_argument, "people[1].id: duplicate id \"P0001\" (first at people[0].id)");
  std::vector<Person> four = {person("P0001", "Derbyshire"), person("P0002", "Derbyshire"),
                              person("P0003", "Derbyshire"), bad};
  four[3].id = "P0004";
  require_error([&] { match_placements(four, {pl}); }, ErrorCode::not_found,
                "people[3].preferences[1]: unknown place \"X9\"");
  Person dup_pref = p;
  dup_pref.preferences = {"SD-01", "SD-01"};
  require_error([&] { match_placements({dup_pref}, {pl}); }, ErrorCode::invalid_argument,
                "people[0].preferences[1]: place \"SD-01\" is already ranked at "
                "people[0].preferences[0]");
  Person nodate = p;
  nodate.ready_date = Date(boost::gregorian::not_a_date_time);
  require_error([&] { match_placements({nodate}, {pl}); }, ErrorCode::invalid_argument,
                "people[0].ready_date: is not a date");
  Person g = p;
  g.gender = "F";
  CHECK_THROWS_AS(match_placements({g}, {pl}), InvalidArgument);
  MatchOptions o;
  o.weights.wait_day = -1;
  require_error([&] { match_placements({p}, {pl}, o); }, ErrorCode::invalid_argument,
                "options.weights.wait_day: must be a finite number >= 0, got -1");
  o = MatchOptions{};
  o.weights.preference_rank = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(match_placements({p}, {pl}, o), InvalidArgument);
  o = MatchOptions{};
  o.max_wait_days = -3;
  CHECK_THROWS_AS(match_placements({p}, {pl}, o), InvalidArgument);

  Worker w = worker("W-NAV-01", Role::pathway_navigator, {"Derbyshire"}, 5, 6);
  require_error([&] { allocate_workers({p}, {w}); }, ErrorCode::invalid_argument,
                "workers[0].current_load: 6 is above the caseload limit 5");
  w.current_load = -1;
  CHECK_THROWS_AS(allocate_workers({p}, {w}), InvalidArgument);
  w.current_load = 0;
  w.caseload_limit = -2;
  CHECK_THROWS_AS(allocate_workers({p}, {w}), InvalidArgument);
  w.caseload_limit = 5;
  w.areas.clear();
  CHECK_THROWS_AS(allocate_workers({p}, {w}), InvalidArgument);
  w.areas = {"Derbyshire"};
  Person k = p;
  k.known_workers = {"W-NOPE"};
  require_error([&] { allocate_workers({k}, {w}); }, ErrorCode::not_found,
                "people[0].known_workers[0]: unknown worker \"W-NOPE\"");
  Person rr = p;
  rr.roles = {Role::peer_support_worker, Role::peer_support_worker};
  CHECK_THROWS_AS(allocate_workers({rr}, {w}), InvalidArgument);
}

// ---------------------------------------------------------------------------
// JSON

namespace {
const char* kInput = R"({
  "meta": {"description": "synthetic"},
  "people": [
    {"id": "P0001", "area": "Derbyshire", "gender": "female", "risk": "medium",
     "needs": ["step_free_access"], "ready_date": "2026-03-02",
     "preferences": ["SD-02", "SD-01"], "known_workers": ["W-NAV-01"],
     "roles": ["pathway_navigator"]},
    {"id": "P0002", "area": "Derbyshire", "risk": "low", "ready_date": "2026-03-04"}
  ],
  "places": [
    {"id": "SD-01", "area": "Derbyshire", "beds": 1, "gender": "mixed", "step_free": true,
     "max_risk": "high", "free_date": "2026-03-05", "max_stay_days": 90},
    {"id": "SD-02", "area": "Derbyshire", "beds": 1, "gender": "male", "step_free": true,
     "max_risk": "high", "free_date": "2026-03-01"}
  ],
  "workers": [
    {"id": "W-NAV-01", "role": "pathway_navigator", "areas": ["Derbyshire"],
     "caseload_limit": 10, "current_load": 4}
  ]
})";

std::string with(const std::string& path_to_replace, const std::string& by) {
  std::string s = kInput;
  const auto pos = s.find(path_to_replace);
  REQUIRE(pos != std::string::npos);
  s.replace(pos, path_to_replace.size(), by);
  return s;
}
}  // namespace

TEST_CASE("matching JSON: placements and workers from one document", "[matching][json]") {
  // P0001: SD-02 is male-only, SD-01 2nd choice (10) + 3 days wait (3) = 13.
  // P0002: no preferences; SD-01 taken; SD-02 male-only; so unmatched.
  // Both could only use SD-01 -> P0001 wins? P0002 on SD-01: 1 day wait = 1.
  // Only one bed: P0001 alone can use SD-01 (SD-02 excludes both), so the
  // cheaper total is P0002 on SD-01 (1) rather than P0001 (13).
  const json out = json::parse(match_placements_json(kInput));
  CHECK(out["kind"] == "placements");
  CHECK(out["summary"]["matched"] == 1);
  CHECK(out["matches"][0]["person"] == "P0002");
  CHECK(out["matches"][0]["place"] == "SD-01");
  CHECK(out["matches"][0]["cost"] == 1.0);
  CHECK(out["unmatched"][0]["person"] == "P0001");
  CHECK(out["unmatched"][0]["reason"] == "competition");
  CHECK(out["unmatched"][0]["competition"]["places"] == json::array({"SD-01"}));
  CHECK(out["unmatched"][0]["competition"]["people"] == json::array({"P0001", "P0002"}));
  CHECK(out["unmatched"][0]["candidates"][1]["failed"][0]["constraint"] == "gender");
  CHECK(out["places"][0]["remaining"] == 0);
  CHECK(out["notice"] == kHumanReviewNotice);
  CHECK(out["options"]["weights"]["preference_rank"] == 10.0);

  // Options change the weights: a wait day now costs 20, so P0001 (3 days,
  // 10 + 60 = 70) vs P0002 (1 day, 20): P0002 still wins.
  const json o2 = json::parse(match_placements_json(kInput, R"({"weights": {"wait_day": 20}})"));
  CHECK(o2["matches"][0]["cost"] == 20.0);

  const json w = json::parse(allocate_workers_json(kInput, "{}"));
  CHECK(w["kind"] == "workers");
  CHECK(w["summary"]["matched"] == 2);
  CHECK(w["matches"][0]["worker"] == "W-NAV-01");
  CHECK(w["matches"][0]["role"] == "pathway_navigator");
  CHECK(w["workers"][0]["capacity"] == 6);
  CHECK(w["workers"][0]["used"] == 2);
}

TEST_CASE("matching JSON: results round-trip", "[matching][json]") {
  const std::string a = match_placements_json(kInput);
  CHECK(match_result_to_json(match_result_from_json(a)) == a);
  const std::string b = allocate_workers_json(kInput);
  CHECK(match_result_to_json(match_result_from_json(b)) == b);
  CHECK_THROWS_AS(match_result_from_json("{\"kind\": \"x\"}"), InvalidArgument);
  CHECK_THROWS_AS(match_result_from_json("{"), ParseError);
}

TEST_CASE("matching JSON: bad input names the field", "[matching][json][errors]") {
  using E = ErrorCode;
  require_error([] { match_placements_json(with(R"("SD-02", "SD-01"])", R"("SD-02", "X9"])")); },
                E::not_found, "people[0].preferences[1]: unknown place \"X9\"");
  require_error([] { match_placements_json(with(R"("id": "P0002")", R"("id": "P0001")")); },
                E::invalid_argument,
                "people[1].id: duplicate id \"P0001\" (first at people[0].id)");
  require_error(
      [] {
        match_placements_json(
            with(R"("beds": 1, "gender": "male")", R"("beds": -2, "gender": "male")"));
      },
      E::invalid_argument, "places[1].beds: must be >= 0, got -2");
  require_error([] { match_placements_json(with("2026-03-04", "2026-02-30")); },
                E::invalid_argument, "people[1].ready_date: \"2026-02-30\" is not a calendar date");
  require_error([] { match_placements_json(with("\"risk\": \"low\"", "\"risk\": \"extreme\"")); },
                E::invalid_argument,
                "people[1].risk: \"extreme\" is not a risk level (low, medium, high)");
  require_error(
      [] {
        match_placements_json(
            with("\"beds\": 1, \"gender\": \"mixed\"", "\"beds\": 1.5, \"gender\": \"mixed\""));
      },
      E::invalid_argument, "places[0].beds: expected a whole number, got 1.5");
  require_error(
      [] {
        match_placements_json(with("\"gender\": \"male\", \"step_free\": true",
                                   "\"gender\": \"male\", \"step_free\": \"yes\""));
      },
      E::invalid_argument, "places[1].step_free: expected true or false, got string");
  require_error(
      [] {
        match_placements_json(with("\"needs\": [\"step_free_access\"]", "\"needs\": [\"lift\"]"));
      },
      E::invalid_argument,
      "people[0].needs[0]: unknown need \"lift\" (known: step_free_access, substance_use_support)");
  require_error(
      [] {
        match_placements_json(with("\"risk\": \"low\",", "\"risk\": \"low\", \"colour\": 1,"));
      },
      E::invalid_argument,
      "people[1].colour: unknown field (known fields: id, area, gender, risk, needs, ready_date, "
      "preferences, acceptable_areas, expected_stay_days, known_workers, roles)");
  require_error(
      [] {
        match_placements_json(
            with("\"id\": \"P0002\", \"area\": \"Derbyshire\", ", "\"id\": \"P0002\", "));
      },
      E::invalid_argument, "people[1].area: is required");
  require_error(
      [] {
        allocate_workers_json(with("\"role\": \"pathway_navigator\", \"areas\"",
                                   "\"role\": \"psychiatrist\", \"areas\""));
      },
      E::invalid_argument,
      "workers[0].role: unknown role \"psychiatrist\" (known: pathway_navigator, "
      "substance_use_specialist, transition_support_worker, peer_support_worker, "
      "family_liaison_officer)");
  require_error([] { allocate_workers_json(with("\"current_load\": 4", "\"current_load\": 11")); },
                E::invalid_argument, "workers[0].current_load: 11 is above the caseload limit 10");
  require_error([] { match_placements_json(R"({"people": {}})"); }, E::invalid_argument,
                "people: expected an array, got object");
  require_error([] { match_placements_json(R"({"people": [3]})"); }, E::invalid_argument,
                "people[0]: expected an object, got number");
  require_error([] { match_placements_json(R"({"persons": []})"); }, E::invalid_argument,
                "persons: unknown field (known fields: people, places, workers, meta)");
  require_error([] { match_placements_json(R"([])"); }, E::invalid_argument,
                "input: expected an object, got array");
  CHECK_THROWS_AS(match_placements_json(std::string(kInput).substr(0, 200)), ParseError);
  CHECK_THROWS_AS(match_placements_json("{\"people\": [}"), ParseError);
  CHECK_THROWS_AS(match_placements_json("/no/such/file.json"), ParseError);  // text, never a path
  require_error([] { match_placements_json(kInput, R"({"weights": {"wait": 1}})"); },
                E::invalid_argument,
                "options.weights.wait: unknown field (known fields: preference_rank, unranked, "
                "wait_day, out_of_area, continuity, caseload)");
  require_error([] { match_placements_json(kInput, R"({"solver": "fast"})"); }, E::invalid_argument,
                "options.solver: \"fast\" is not one of auto, dense, sparse");
  require_error([] { match_placements_json(kInput, R"({"max_wait_days": -1})"); },
                E::invalid_argument,
                "options.max_wait_days: must be between 0 and 36500 days, got -1");
  CHECK_THROWS_AS(match_placements_json(kInput, "{"), ParseError);
  CHECK_THROWS_AS(match_placements_json(kInput, "[]"), InvalidArgument);

  // Empty documents are valid.
  const json e = json::parse(match_placements_json("{}"));
  CHECK(e["summary"]["people"] == 0);
  CHECK(e["matches"].empty());
  const json e2 = json::parse(match_placements_json(R"({"people": [], "places": []})", ""));
  CHECK(e2["unmatched"].empty());
}

TEST_CASE("matching: explanations and the report", "[matching][text]") {
  const MatchResult r = match_result_from_json(match_placements_json(kInput));
  const std::string ok = explain_match(r, "P0002");
  CHECK(ok.find("P0002: recommended place SD-01 (total cost 1)") == 0);
  CHECK(ok.find("[ok] risk: risk low within SD-01's maximum high") != std::string::npos);
  CHECK(ok.find("1 day waiting x 1") != std::string::npos);
  CHECK(ok.find("UK GDPR art. 22") != std::string::npos);
  const std::string no = explain_match(r, "P0001");
  CHECK(no.find("P0001: no place recommended") == 0);
  CHECK(no.find("SD-01: allowed but full (recommended for P0002)") != std::string::npos);
  CHECK(no.find("SD-02: excluded by gender (SD-02 is a male-only unit; the person is female)") !=
        std::string::npos);
  require_error([&] { explain_match(r, "P9999"); }, ErrorCode::not_found,
                "person: \"P9999\" is not in this result");
  const std::string rep = match_report(r);
  CHECK(rep.find("## Placement matching") == 0);
  CHECK(rep.find("- **P0002** -> SD-01, cost 1.") != std::string::npos);
  CHECK(rep.find("- **P0001**: 2 people (P0001, P0002) could use only SD-01") != std::string::npos);
  CHECK(rep.find("| SD-01 | 1 | 1 | 0 |") != std::string::npos);

  const MatchResult w =
      allocate_workers(match_input_from_json(kInput).people, match_input_from_json(kInput).workers);
  CHECK(explain_match(w, "P0001").find("P0001, pathway_navigator: recommended worker W-NAV-01") ==
        0);
  CHECK(match_report(w).find("## Worker allocation") == 0);
}

TEST_CASE("matching JSON: options and list parsers", "[matching][json]") {
  MatchOptions o = match_options_from_json(
      R"({"weights": {"preference_rank": 5, "caseload": 0}, "max_wait_days": 14,
          "allow_out_of_area": true, "default_roles": ["peer_support_worker"],
          "solver": "sparse"})");
  CHECK(o.weights.preference_rank == 5.0);
  CHECK(o.weights.unranked == 40.0);  // default kept
  CHECK(o.weights.caseload == 0.0);
  CHECK(o.max_wait_days == 14);
  CHECK(o.allow_out_of_area);
  CHECK(o.default_roles == std::vector<Role>{Role::peer_support_worker});
  CHECK(o.solver == SolverChoice::sparse);
  const MatchOptions back = match_options_from_json(match_options_to_json(o));
  CHECK(match_options_to_json(back) == match_options_to_json(o));
  CHECK(match_options_from_json("").max_wait_days == 28);
  CHECK(match_options_from_json("null").max_wait_days == 28);
  // Adapters spell non-finite numbers as strings; the core rejects them.
  o = match_options_from_json(R"({"weights": {"wait_day": "nan"}})");
  CHECK(std::isnan(o.weights.wait_day));
  require_error([&] { match_placements({}, {}, o); }, ErrorCode::invalid_argument,
                "options.weights.wait_day: must be a finite number >= 0, got nan");
  require_error([] { match_options_from_json(R"({"weights": {"wait_day": "fast"}})"); },
                ErrorCode::invalid_argument,
                "options.weights.wait_day: expected a number, got string");

  const std::vector<Person> people = people_from_json(
      R"([{"id": "P0001", "area": "Hertfordshire", "gender": "male", "risk": "high",
           "needs": ["substance_use_support"], "ready_date": "2026-03-02",
           "acceptable_areas": ["Derbyshire"], "expected_stay_days": 90,
           "roles": ["family_liaison_officer", "pathway_navigator"]}])");
  REQUIRE(people.size() == 1);
  CHECK(people[0].risk == RiskLevel::high);
  CHECK(people[0].needs_substance_use_support);
  CHECK_FALSE(people[0].needs_step_free);
  CHECK(people[0].expected_stay_days == std::optional<std::int64_t>(90));
  CHECK(people[0].roles.size() == 2);
  CHECK(people[0].ready_date == Date(2026, 3, 2));
  const std::vector<Place> places = places_from_json(
      R"([{"id": "SD-01", "area": "Hertfordshire", "beds": 2.0, "max_risk": "medium",
           "free_date": "2026-03-01", "max_stay_days": 91}])");
  REQUIRE(places.size() == 1);
  CHECK(places[0].beds == 2);
  CHECK(places[0].gender == "mixed");
  CHECK(places[0].max_stay_days == std::optional<std::int64_t>(91));
  const std::vector<Worker> workers = workers_from_json(
      R"([{"id": "W-FLO-01", "role": "family_liaison_officer", "areas": ["Hertfordshire"],
           "caseload_limit": 6}])");
  REQUIRE(workers.size() == 1);
  CHECK(workers[0].current_load == 0);
  CHECK(workers[0].spare() == 6);
  require_error([] { people_from_json("{}"); }, ErrorCode::invalid_argument,
                "people: expected an array, got object");
  CHECK_THROWS_AS(places_from_json("[{]"), ParseError);
  // Parsing checks types; values are checked when solving.
  const std::vector<Worker> no_areas = workers_from_json(
      R"([{"id": "W", "role": "peer_support_worker", "areas": [], "caseload_limit": 1}])");
  require_error([&] { allocate_workers({}, no_areas); }, ErrorCode::invalid_argument,
                "workers[0].areas: must list at least one area covered");
}

TEST_CASE("matching: ties fall to ids, whatever the input order", "[matching]") {
  // Two identical places and two identical people, one bed in all: the
  // earlier person id gets the bed, and it is the earlier place id.
  const std::vector<Place> places = {place("SD-02", "Derbyshire", 1),
                                     place("SD-01", "Derbyshire", 0)};
  const std::vector<Person> two = {person("P0002", "Derbyshire"), person("P0001", "Derbyshire")};
  MatchResult r = match_placements(two, places);
  REQUIRE(r.matches.size() == 1);
  CHECK(r.matches[0].person == "P0001");
  const std::vector<Place> both = {place("SD-02", "Derbyshire", 1),
                                   place("SD-01", "Derbyshire", 1)};
  r = match_placements({person("P0001", "Derbyshire")}, both);
  REQUIRE(r.matches.size() == 1);
  CHECK(r.matches[0].resource == "SD-01");
  CHECK(r.resources[0].id == "SD-01");
}

TEST_CASE("matching: the stable method", "[matching][stable]") {
  // The competition case with method = stable. Places rank people by ready
  // date: P0002 and P0003 (03-05) ahead of P0001 (03-10). People rank places
  // by cost: P0001 SD-01 (0) then SD-02 (10); P0002 SD-01 (5) then SD-02
  // (10); P0003 SD-02 (0) then SD-01 (15). Person-proposing Gale-Shapley:
  // P0001 -> SD-01; P0002 -> SD-01, which prefers P0002, so P0001 -> SD-02;
  // P0003 -> SD-02, which prefers P0003: P0001 is left out. Cost 5 + 0 + 0.
  const CompetitionCase c = competition_case();
  const Person &p1 = c.p1, &p2 = c.p2, &p3 = c.p3, &p4 = c.p4;
  const std::vector<Place>& places = c.places;
  MatchOptions opt;
  opt.method = MatchMethod::stable;
  const MatchResult r = match_placements({p4, p3, p2, p1}, places, opt);
  CHECK(r.solver == "stable");
  REQUIRE(r.matches.size() == 3);
  CHECK(find_match(r, "P0002")->resource == "SD-01");
  CHECK(find_match(r, "P0003")->resource == "SD-02");
  CHECK(find_match(r, "P0004")->resource == "SD-03");
  CHECK(r.total_cost == 5.0);
  const Unmatched* u = find_unmatched(r, "P0001");
  REQUIRE(u);
  CHECK(u->reason == "competition");
  CHECK(u->competition.people == std::vector<std::string>{"P0001", "P0002", "P0003"});
  CHECK(u->competition.resources == std::vector<std::string>{"SD-01", "SD-02"});
  CHECK(u->competition.capacity == 2);
  CHECK(u->summary ==
        "every allowed place (SD-01, SD-02) is full with people it ranks ahead (P0002, P0003)");
  CHECK(json::parse(match_placements_json(
            kInput, R"({"method": "stable"})"))["options"]["method"] == "stable");
  require_error([] { match_placements_json(kInput, R"({"method": "greedy"})"); },
                ErrorCode::invalid_argument,
                "options.method: \"greedy\" is not one of optimal, stable");

  // Workers: a worker ranks first the people who know them. One place left
  // at W-NAV-01; P0002 is ready earlier but P0001 knows the worker.
  const std::vector<Worker> workers = {
      worker("W-NAV-01", Role::pathway_navigator, {"Derbyshire"}, 5, 4)};
  Person a = person("P0001", "Derbyshire", "2026-03-20");
  a.known_workers = {"W-NAV-01"};
  Person b = person("P0002", "Derbyshire", "2026-03-01");
  const MatchResult w = allocate_workers({a, b}, workers, opt);
  REQUIRE(w.matches.size() == 1);
  CHECK(w.matches[0].person == "P0001");
  CHECK(w.unmatched[0].summary ==
        "every allowed worker (W-NAV-01) is full with people it ranks ahead (P0001)");
}
