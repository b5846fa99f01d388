// homeward: placement matching and worker allocation (the domain layer).
//
// People ready for discharge are matched to step-down places (beds in
// supported accommodation), and separately to workers with limited caseloads
// in each of the five roles of the transition team. Both solves:
//
//  1. check hard constraints for every (person, place/worker) pair: a pair
//     failing any constraint is forbidden;
//  2. turn the soft preferences into a cost from configurable weights
//     (MatchWeights): preference rank, days waiting, out of area, continuity
//     with a known worker, worker caseload;
//  3. call capacitated_assignment() (assignment.hpp) with beds / spare
//     caseload as capacities: the most people placed first, then the least
//     total cost (the sparse form when fewer than half the pairs are allowed);
//  4. explain: every match lists the constraints it passed and what each cost
//     term contributed; every unmatched person lists, place by place, the
//     constraints that excluded it or who took its beds, and when allowed
//     places were all full, a Hall-type witness: the group of people whose
//     allowed places, all full, have fewer beds than them.
//
// Determinism: people, places and workers are sorted by id (byte order)
// before solving, so the result depends only on the records, never on their
// order, and lists in the result are in id order. Among optimal solutions of
// equal cost, ties fall to ids (capacitated_assignment's rule on the sorted
// order): an earlier person id keeps a contested bed, and a person's first
// candidate is the lowest place id of least cost (docs/matching.md).
//
// Results are recommendations for human review (UK GDPR art. 22), not
// decisions.
#pragma once

#include "homeward/date.hpp"
#include "homeward/io.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace homeward {

// Risk levels, ordered: a place accepting `high` accepts every level.
enum class RiskLevel : int { low = 0, medium = 1, high = 2 };
std::string_view risk_name(RiskLevel r);
// "low" | "medium" | "high"; throws InvalidArgument naming `field`.
RiskLevel parse_risk(std::string_view text, std::string_view field = "risk");

// The five roles of the assertive transition team (DOMAIN.md), in this order.
enum class Role : int {
  pathway_navigator = 0,
  substance_use_specialist = 1,
  transition_support_worker = 2,
  peer_support_worker = 3,
  family_liaison_officer = 4,
};
inline constexpr int kRoleCount = 5;
std::string_view role_name(Role r);
// Throws InvalidArgument naming `field` for an unknown role.
Role parse_role(std::string_view text, std::string_view field = "role");

// Genders a person may record, and the gender rule of a place.
// Person: "female" | "male" | "non_binary" | "other" | "not_stated".
// Place:  "mixed" (anyone) | "female" | "male" (single-gender units).
inline constexpr const char* kPersonGenders[] = {"female", "male", "non_binary", "other",
                                                 "not_stated"};
inline constexpr const char* kPlaceGenders[] = {"mixed", "female", "male"};

// Needs a person may list. Each is met by the place flag of the same meaning.
inline constexpr const char* kNeedStepFree = "step_free_access";
inline constexpr const char* kNeedSubstanceUse = "substance_use_support";

struct Person {
  std::string id;    // pseudonymous, unique (e.g. "P0001")
  std::string area;  // home area or county
  std::string gender = "not_stated";
  RiskLevel risk = RiskLevel::low;
  bool needs_step_free = false;
  bool needs_substance_use_support = false;
  Date ready_date;                            // clinically ready for discharge
  std::vector<std::string> preferences;       // ranked place ids, best first
  std::vector<std::string> acceptable_areas;  // other areas they would accept
  std::optional<std::int64_t> expected_stay_days;
  std::vector<std::string> known_workers;  // worker ids already known
  std::vector<Role> roles;                 // roles needed; empty = MatchOptions::default_roles
};

struct Place {
  std::string id;  // unique (e.g. "SD-01")
  std::string area;
  std::int64_t beds = 0;         // beds free from free_date (>= 0)
  std::string gender = "mixed";  // "mixed" | "female" | "male"
  bool step_free = false;
  bool substance_use_support = false;
  RiskLevel max_risk = RiskLevel::low;  // highest risk level accepted
  Date free_date;                       // when the beds become free
  std::optional<std::int64_t> max_stay_days;
};

struct Worker {
  std::string id;  // unique (e.g. "W-NAV-01")
  Role role = Role::pathway_navigator;
  std::vector<std::string> areas;  // areas covered
  std::int64_t caseload_limit = 0;
  std::int64_t current_load = 0;  // 0 <= current_load <= caseload_limit
  std::int64_t spare() const { return caseload_limit - current_load; }
};

// Cost weights (all finite, 0 <= w <= kMaxMatchWeight, so no cost or total
// can overflow and every result reloads from its JSON). Defaults are
// documented in docs/matching.md; a cost of 1 is "one day waiting".
inline constexpr double kMaxMatchWeight = 1.0e9;
struct MatchWeights {
  double preference_rank = 10.0;  // per rank below first choice (2nd = 10, 3rd = 20)
  double unranked = 40.0;         // a place absent from a non-empty preference list
  double wait_day = 1.0;          // per day between ready date and bed free date
  double out_of_area = 25.0;      // a place outside the person's home area
  double continuity = 30.0;       // a worker other than the one already known in that role
  double caseload = 10.0;         // x worker's current_load / caseload_limit
};

enum class SolverChoice { automatic, dense, sparse };

// optimal: the most people matched, then the least total cost (default).
// stable: a stable matching (hospitals/residents, person-proposing
//   Gale-Shapley, assignment_stable.hpp): each person ranks their allowed places (or
//   workers) by cost, then id; each place ranks its allowed people by ready
//   date (longest ready first), then id; a worker ranks first the people who
//   already know them. No person and place would both rather have each other
//   than what they got; it may place fewer people than `optimal`.
enum class MatchMethod { optimal, stable };

struct MatchOptions {
  MatchWeights weights;
  // A bed free up to this many days after the ready date is allowed.
  std::int64_t max_wait_days = 28;
  // false: a place must be in the home area or in acceptable_areas (hard);
  // true: any area is allowed (the out_of_area cost still applies).
  bool allow_out_of_area = false;
  // Roles a person needs when their `roles` list is empty.
  std::vector<Role> default_roles = {Role::pathway_navigator};
  // automatic: sparse when fewer than half the pairs are allowed.
  SolverChoice solver = SolverChoice::automatic;
  MatchMethod method = MatchMethod::optimal;
  // Output limit (docs/limits.md): the most (unmatched person, candidate)
  // pairs a result explains; past it the call fails with OutOfRange naming
  // "options.max_explained_pairs" instead of building a huge result
  // (0: no limit).
  std::int64_t max_explained_pairs = 100000;
  // With the optimal method: give every match and every unmatched person the
  // best alternative (Match::alternative, Unmatched::alternative).
  bool alternatives = true;
};

// ---------------------------------------------------------------------------
// Results

struct ConstraintCheck {
  std::string constraint;  // "beds", "area", "gender", "step_free", ...
  bool passed = false;
  std::string detail;  // human-readable, e.g. "risk medium <= maximum high"
};

struct CostTerm {
  std::string name;    // "preference", "wait", "out_of_area", "continuity", "caseload"
  double value = 0.0;  // contribution to the pair's cost
  std::string detail;  // e.g. "2nd choice: 1 x 10"
};

// The best arrangement in which one person's outcome differs from the
// recommendation (a matched person does not get their place or worker; an
// unmatched person is matched), and what it costs the whole allocation.
struct Alternative {
  std::string resource;                     // their place/worker in it; "" = unmatched
  double cost = 0.0;                        // their own pair cost there (sum of terms)
  std::vector<CostTerm> terms;              // their cost terms there
  std::int64_t matched_change = 0;          // people matched in it minus in the recommendation
  double cost_change = 0.0;                 // its total cost minus the recommendation's
  std::vector<std::string> others_changed;  // other people whose outcome differs in it
  std::string summary;                      // one readable sentence
};

struct Match {
  std::string person;
  std::string resource;                      // place id or worker id
  std::string role;                          // worker allocation: the role; placements: ""
  double cost = 0.0;                         // sum of the terms
  std::vector<ConstraintCheck> constraints;  // every check, all passed
  std::vector<CostTerm> terms;
  std::optional<Alternative> alternative;  // none when no other outcome is possible
};

struct CandidateOutcome {
  std::string resource;
  bool allowed = false;                 // passed every hard constraint
  std::vector<ConstraintCheck> failed;  // the constraints that excluded it
  std::vector<std::string> taken_by;    // allowed but full: who was given it
};

// A Hall-type witness: these people could only use these resources, which
// are all full and have `capacity` places between them (< people.size()).
struct Competition {
  std::vector<std::string> people;
  std::vector<std::string> resources;
  std::int64_t capacity = 0;
};

struct Unmatched {
  std::string person;
  std::string role;  // worker allocation: the role; placements: ""
  // "no_candidates": there are no places (or no workers in the role);
  // "excluded": every candidate failed a hard constraint;
  // "competition": allowed candidates exist but all are full (see competition;
  //   with MatchMethod::stable, every allowed place is full with people it
  //   ranks ahead, and the witness lists them).
  std::string reason;
  std::string summary;                       // one readable sentence
  std::vector<CandidateOutcome> candidates;  // every place / worker in the role
  Competition competition;
  std::optional<Alternative> alternative;  // the best arrangement that matches them
};

struct ResourceUsage {
  std::string id;
  std::string role;           // workers only
  std::int64_t capacity = 0;  // beds, or spare caseload
  std::int64_t used = 0;      // recommended in this result
};

struct MatchResult {
  std::string kind;                      // "placements" | "workers"
  std::vector<Match> matches;            // by person id (then role order)
  std::vector<Unmatched> unmatched;      // by person id (then role order)
  std::vector<ResourceUsage> resources;  // by id (workers: by role, then id)
  std::size_t people = 0;
  double total_cost = 0.0;
  std::string solver;    // "dense" | "sparse" | "mixed" | "stable" | "none"
  MatchOptions options;  // the options used
  // Ranked alternatives (match_placements_ranked, ..._with): 1 for the best,
  // 2 for the next ...; 0 for a solution under rules. Differences to the
  // optimum: people matched, total cost.
  std::size_t rank = 1;
  std::int64_t matched_change = 0;
  double cost_change = 0.0;
};

// ---------------------------------------------------------------------------
// Solving

// Validates everything first (duplicate ids, unknown places in preferences,
// negative beds, weights, ...) and throws InvalidArgument / NotFound naming
// the field, e.g. `people[3].preferences[1]: unknown place "X9"`. Empty people
// or places are valid and give an empty result (everyone unmatched).
MatchResult match_placements(const std::vector<Person>& people, const std::vector<Place>& places,
                             const MatchOptions& options = {});

// One capacitated assignment per role: people needing the role against the
// workers in it, with spare caseload (limit - load) as capacity. Worker
// constraints: spare caseload and area covered (the person's `area`).
MatchResult allocate_workers(const std::vector<Person>& people, const std::vector<Worker>& workers,
                             const MatchOptions& options = {});

// ---------------------------------------------------------------------------
// Ranked alternatives and rules (optimal method only; InvalidArgument naming
// "options.method" otherwise). Per-person alternatives are not computed in
// these results.

// The k best recommendations in order (most people matched, then least total
// cost; assignment_ranked.hpp), each explained like match_placements' result,
// with rank, matched_change and cost_change against the first. Fewer than k
// when fewer exist.
std::vector<MatchResult> match_placements_ranked(const std::vector<Person>& people,
                                                 const std::vector<Place>& places, std::size_t k,
                                                 const MatchOptions& options = {});
// Per role the k best, combined: the k best allocations over all roles.
std::vector<MatchResult> allocate_workers_ranked(const std::vector<Person>& people,
                                                 const std::vector<Worker>& workers, std::size_t k,
                                                 const MatchOptions& options = {});

// "The best recommendation in which person P does (not) get place X":
// resource "" stands for "unmatched" (must: stays unmatched; must not: is
// matched), for workers together with `role`. Unknown ids are NotFound naming
// "rules[k].person" / "rules[k].resource".
struct MatchRule {
  std::string person;
  std::string resource;  // place or worker id; "" = unmatched
  bool must = false;
  std::string role;  // workers, with resource "": the role
};
// The best result obeying every rule (rank 0, with its differences to the
// optimum), or nothing when no recommendation obeys them all.
std::optional<MatchResult> match_placements_with(const std::vector<Person>& people,
                                                 const std::vector<Place>& places,
                                                 const std::vector<MatchRule>& rules,
                                                 const MatchOptions& options = {});
std::optional<MatchResult> allocate_workers_with(const std::vector<Person>& people,
                                                 const std::vector<Worker>& workers,
                                                 const std::vector<MatchRule>& rules,
                                                 const MatchOptions& options = {});

// ---------------------------------------------------------------------------
// JSON (schemas in docs/matching.md). Inputs are JSON text; the match input
// can also be read from a file (match_input_from_file). Errors: ParseError for malformed JSON (with
// the byte position), InvalidArgument / NotFound with the JSON path for bad values.

struct MatchInput {
  std::vector<Person> people;
  std::vector<Place> places;
  std::vector<Worker> workers;
};

// {"people": [...], "places": [...], "workers": [...], "meta": {...}}; every
// key optional (missing = empty).
MatchInput match_input_from_json(std::string_view json_text, const InputLimits& limits = {});
// The same document read from a file (bounded by limits.max_bytes); IoError
// names "path".
MatchInput match_input_from_file(const std::string& path, const InputLimits& limits = {});
std::vector<Person> people_from_json(std::string_view json_text, std::string_view field = "people");
std::vector<Place> places_from_json(std::string_view json_text, std::string_view field = "places");
std::vector<Worker> workers_from_json(std::string_view json_text,
                                      std::string_view field = "workers");
// {"weights": {...}, "max_wait_days": 28, "allow_out_of_area": false,
//  "default_roles": [...], "solver": "auto"}; empty text = defaults.
MatchOptions match_options_from_json(std::string_view json_text);
std::string match_options_to_json(const MatchOptions& options);

std::string match_result_to_json(const MatchResult& result, int indent = -1);
MatchResult match_result_from_json(std::string_view json_text);

// The JSON-in, JSON-out forms used by the C ABI.
std::string match_placements_json(std::string_view input, std::string_view options_json = {});
std::string allocate_workers_json(std::string_view input, std::string_view options_json = {});
// Ranked: a JSON array of k results. Rules: [{"person": "P0001", "place":
// "SD-04" (or "worker", or "resource"; null = unmatched), "rule": "must" |
// "must_not", "role": ...}]; the result, or JSON null when none obeys them.
std::vector<MatchRule> match_rules_from_json(std::string_view json_text);
std::string match_placements_ranked_json(std::string_view input, std::size_t k,
                                         std::string_view options_json = {});
std::string allocate_workers_ranked_json(std::string_view input, std::size_t k,
                                         std::string_view options_json = {});
std::string match_placements_with_json(std::string_view input, std::string_view rules_json,
                                       std::string_view options_json = {});
std::string allocate_workers_with_json(std::string_view input, std::string_view rules_json,
                                       std::string_view options_json = {});

// ---------------------------------------------------------------------------
// Text

// A readable multi-line explanation of one person's outcome (every role for
// worker allocation). Throws NotFound for a person not in the result.
std::string explain_match(const MatchResult& result, std::string_view person_id);

// A Markdown section: recommendations with reasons, then unmatched people
// with why, then resource use. Ends with the human-review notice.
std::string match_report(const MatchResult& result);

// The notice every report and JSON result carries.
inline constexpr const char* kHumanReviewNotice =
    "These are recommendations for human review, not decisions (UK GDPR art. 22): "
    "a practitioner must review each one with the person before it is acted on.";

}  // namespace homeward
