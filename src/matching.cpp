// Placement matching and worker allocation: validation, constraints, costs,
// the capacitated solve and the reasons (see include/homeward/matching.hpp).
#include "homeward/matching.hpp"

#include "homeward/assignment.hpp"
#include "homeward/assignment_ranked.hpp"
#include "homeward/assignment_stable.hpp"
#include "homeward/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <unordered_map>

namespace homeward {
namespace {

constexpr std::string_view kRiskNames[] = {"low", "medium", "high"};
constexpr std::string_view kRoleNames[] = {"pathway_navigator", "substance_use_specialist",
                                           "transition_support_worker", "peer_support_worker",
                                           "family_liaison_officer"};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string num(std::int64_t v) { return std::to_string(v); }

std::string ordinal(std::size_t n) {
  const std::size_t mod100 = n % 100;
  const char* suffix = "th";
  if (mod100 < 11 || mod100 > 13) {
    switch (n % 10) {
      case 1: suffix = "st"; break;
      case 2: suffix = "nd"; break;
      case 3: suffix = "rd"; break;
      default: break;
    }
  }
  return std::to_string(n) + suffix;
}

std::string plural(std::int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string join_ids(const std::vector<std::string>& ids, std::size_t max_shown = 12) {
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < max_shown; ++i) {
    if (i) out += ", ";
    out += ids[i];
  }
  if (ids.size() > max_shown) out += ", ... (" + std::to_string(ids.size()) + " in all)";
  return out;
}

bool in_list(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

template <std::size_t N>
bool in_names(const char* const (&names)[N], const std::string& s) {
  for (const char* n : names) {
    if (s == n) return true;
  }
  return false;
}

template <std::size_t N>
std::string names_list(const char* const (&names)[N]) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    if (i) out += ", ";
    out += names[i];
  }
  return out;
}

// ---------------------------------------------------------------------------
// Validation: everything is checked before anything is solved.

void check_weight(double w, const char* name) {
  if (!std::isfinite(w) || w < 0.0) {
    throw InvalidArgument(std::string("options.weights.") + name,
                          "must be a finite number >= 0, got " + num(w));
  }
  if (w > kMaxMatchWeight) {
    throw InvalidArgument(std::string("options.weights.") + name,
                          "must be at most 1e9 (so no cost or total can overflow), got " + num(w));
  }
}

void validate_options(const MatchOptions& o) {
  const MatchWeights& w = o.weights;
  check_weight(w.preference_rank, "preference_rank");
  check_weight(w.unranked, "unranked");
  check_weight(w.wait_day, "wait_day");
  check_weight(w.out_of_area, "out_of_area");
  check_weight(w.continuity, "continuity");
  check_weight(w.caseload, "caseload");
  if (o.max_wait_days < 0 || o.max_wait_days > 36500) {
    throw InvalidArgument("options.max_wait_days",
                          "must be between 0 and 36500 days, got " + num(o.max_wait_days));
  }
  std::set<int> seen;
  for (std::size_t i = 0; i < o.default_roles.size(); ++i) {
    const int r = static_cast<int>(o.default_roles[i]);
    const std::string f = index_path("options.default_roles", i);
    if (r < 0 || r >= kRoleCount) throw InvalidArgument(f, "not a role");
    if (!seen.insert(r).second) {
      throw InvalidArgument(f, "duplicate role " + std::string(kRoleNames[r]));
    }
  }
  if (o.max_explained_pairs < 0) {
    throw InvalidArgument("options.max_explained_pairs",
                          "must be >= 0 (0: no limit), got " + num(o.max_explained_pairs));
  }
  const int s = static_cast<int>(o.solver);
  if (s < 0 || s > 2) throw InvalidArgument("options.solver", "not a solver choice");
  const int m = static_cast<int>(o.method);
  if (m < 0 || m > 1) throw InvalidArgument("options.method", "not a matching method");
}

void check_valid_date(const Date& d, const std::string& field) {
  if (d.is_special()) throw InvalidArgument(field, "is not a date");
}

void check_id(const std::string& id, const std::string& field,
              std::unordered_map<std::string, std::string>& seen) {
  if (id.empty()) throw InvalidArgument(field, "must be a non-empty id");
  auto [it, inserted] = seen.emplace(id, field);
  if (!inserted) {
    throw InvalidArgument(field,
                          "duplicate id " + quote_value(id) + " (first at " + it->second + ")");
  }
}

void check_nonempty(const std::string& s, const std::string& field, const char* what) {
  if (s.empty()) throw InvalidArgument(field, std::string("must be a non-empty ") + what);
}

void check_risk(RiskLevel r, const std::string& field) {
  const int v = static_cast<int>(r);
  if (v < 0 || v > 2) throw InvalidArgument(field, "not a risk level (low, medium, high)");
}

void validate_places(const std::vector<Place>& places) {
  std::unordered_map<std::string, std::string> seen;
  for (std::size_t i = 0; i < places.size(); ++i) {
    const Place& p = places[i];
    const std::string base = index_path("places", i);
    check_id(p.id, join_path(base, "id"), seen);
    check_nonempty(p.area, join_path(base, "area"), "area");
    if (p.beds < 0) {
      throw InvalidArgument(join_path(base, "beds"), "must be >= 0, got " + num(p.beds));
    }
    if (!in_names(kPlaceGenders, p.gender)) {
      throw InvalidArgument(join_path(base, "gender"),
                            quote_value(p.gender) + " is not one of " + names_list(kPlaceGenders));
    }
    check_risk(p.max_risk, join_path(base, "max_risk"));
    check_valid_date(p.free_date, join_path(base, "free_date"));
    if (p.max_stay_days && *p.max_stay_days < 1) {
      throw InvalidArgument(join_path(base, "max_stay_days"),
                            "must be >= 1 day, got " + num(*p.max_stay_days));
    }
  }
}

void validate_workers(const std::vector<Worker>& workers) {
  std::unordered_map<std::string, std::string> seen;
  for (std::size_t i = 0; i < workers.size(); ++i) {
    const Worker& w = workers[i];
    const std::string base = index_path("workers", i);
    check_id(w.id, join_path(base, "id"), seen);
    const int r = static_cast<int>(w.role);
    if (r < 0 || r >= kRoleCount) throw InvalidArgument(join_path(base, "role"), "not a role");
    if (w.areas.empty()) {
      throw InvalidArgument(join_path(base, "areas"), "must list at least one area covered");
    }
    for (std::size_t a = 0; a < w.areas.size(); ++a) {
      check_nonempty(w.areas[a], index_path(join_path(base, "areas"), a), "area");
    }
    if (w.caseload_limit < 0) {
      throw InvalidArgument(join_path(base, "caseload_limit"),
                            "must be >= 0, got " + num(w.caseload_limit));
    }
    if (w.current_load < 0) {
      throw InvalidArgument(join_path(base, "current_load"),
                            "must be >= 0, got " + num(w.current_load));
    }
    if (w.current_load > w.caseload_limit) {
      throw InvalidArgument(
          join_path(base, "current_load"),
          num(w.current_load) + " is above the caseload limit " + num(w.caseload_limit));
    }
  }
}

enum class Mode { placements, workers };

void validate_people(const std::vector<Person>& people, Mode mode,
                     const std::unordered_map<std::string, std::size_t>& resource_index) {
  std::unordered_map<std::string, std::string> seen;
  for (std::size_t i = 0; i < people.size(); ++i) {
    const Person& p = people[i];
    const std::string base = index_path("people", i);
    check_id(p.id, join_path(base, "id"), seen);
    check_nonempty(p.area, join_path(base, "area"), "area");
    if (!in_names(kPersonGenders, p.gender)) {
      throw InvalidArgument(join_path(base, "gender"),
                            quote_value(p.gender) + " is not one of " + names_list(kPersonGenders));
    }
    check_risk(p.risk, join_path(base, "risk"));
    check_valid_date(p.ready_date, join_path(base, "ready_date"));
    const std::string prefs = join_path(base, "preferences");
    std::unordered_map<std::string, std::size_t> pref_seen;
    for (std::size_t k = 0; k < p.preferences.size(); ++k) {
      const std::string f = index_path(prefs, k);
      const std::string& id = p.preferences[k];
      check_nonempty(id, f, "place id");
      if (mode == Mode::placements && resource_index.count(id) == 0) {
        throw NotFound(f, "unknown place " + quote_value(id));
      }
      auto [it, inserted] = pref_seen.emplace(id, k);
      if (!inserted) {
        throw InvalidArgument(f, "place " + quote_value(id) + " is already ranked at " +
                                     index_path(prefs, it->second));
      }
    }
    for (std::size_t k = 0; k < p.acceptable_areas.size(); ++k) {
      check_nonempty(p.acceptable_areas[k], index_path(join_path(base, "acceptable_areas"), k),
                     "area");
    }
    if (p.expected_stay_days && *p.expected_stay_days < 1) {
      throw InvalidArgument(join_path(base, "expected_stay_days"),
                            "must be >= 1 day, got " + num(*p.expected_stay_days));
    }
    for (std::size_t k = 0; k < p.known_workers.size(); ++k) {
      const std::string f = index_path(join_path(base, "known_workers"), k);
      check_nonempty(p.known_workers[k], f, "worker id");
      if (mode == Mode::workers && resource_index.count(p.known_workers[k]) == 0) {
        throw NotFound(f, "unknown worker " + quote_value(p.known_workers[k]));
      }
    }
    std::set<int> roles_seen;
    for (std::size_t k = 0; k < p.roles.size(); ++k) {
      const std::string f = index_path(join_path(base, "roles"), k);
      const int r = static_cast<int>(p.roles[k]);
      if (r < 0 || r >= kRoleCount) throw InvalidArgument(f, "not a role");
      if (!roles_seen.insert(r).second) {
        throw InvalidArgument(f, "duplicate role " + std::string(kRoleNames[r]));
      }
    }
  }
}

// ---------------------------------------------------------------------------
// The generic capacitated block: rows are people (in id order), columns are
// resources (in id order). `eval(r, c, cost)` says whether the pair is allowed
// and its cost.

struct Block {
  std::size_t nrows = 0;
  std::size_t ncols = 0;
  std::vector<std::int64_t> capacity;  // per column
  SparseCost allowed;                  // allowed pairs, CSR, columns ascending
};

template <class Eval>
Block build_block(std::size_t nrows, std::size_t ncols, std::vector<std::int64_t> capacity,
                  Eval&& eval) {
  Block b;
  b.nrows = nrows;
  b.ncols = ncols;
  b.capacity = std::move(capacity);
  b.allowed.nrows = nrows;
  b.allowed.ncols = ncols;
  b.allowed.indptr.reserve(nrows + 1);
  b.allowed.indptr.push_back(0);
  for (std::size_t r = 0; r < nrows; ++r) {
    for (std::size_t c = 0; c < ncols; ++c) {
      double cost = 0.0;
      if (eval(r, c, cost)) {
        b.allowed.indices.push_back(static_cast<std::int64_t>(c));
        b.allowed.data.push_back(cost);
      }
    }
    b.allowed.indptr.push_back(static_cast<std::int64_t>(b.allowed.indices.size()));
  }
  return b;
}

// Stable matching over the allowed pairs: rows rank columns by (cost, column);
// columns rank rows by (key(r, c), row). Returns the column of each row or -1.
template <class Key>
std::vector<std::int64_t> stable_block(const Block& b, Key&& key) {
  Preferences rows, cols;
  rows.lists.resize(b.nrows);
  cols.lists.resize(b.ncols);
  std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>> by_col(b.ncols);
  for (std::size_t r = 0; r < b.nrows; ++r) {
    const auto lo = static_cast<std::size_t>(b.allowed.indptr[r]);
    const auto hi = static_cast<std::size_t>(b.allowed.indptr[r + 1]);
    std::vector<std::pair<double, std::int64_t>> mine;
    for (std::size_t k = lo; k < hi; ++k) {
      const std::int64_t c = b.allowed.indices[k];
      mine.emplace_back(b.allowed.data[k], c);
      by_col[static_cast<std::size_t>(c)].emplace_back(key(r, static_cast<std::size_t>(c)),
                                                       static_cast<std::int64_t>(r));
    }
    std::sort(mine.begin(), mine.end());
    for (const auto& [cost, c] : mine) rows.lists[r].push_back(c);
  }
  for (std::size_t c = 0; c < b.ncols; ++c) {
    std::sort(by_col[c].begin(), by_col[c].end());
    for (const auto& [k, r] : by_col[c]) cols.lists[c].push_back(r);
  }
  return stable_match(rows, cols, b.capacity, StableOptimal::resident).resident_hospital;
}

// Solve the block; returns the column of each row or -1, and the solver used.
// `key(r, c)`: how column c ranks row r for the stable method (smaller first).
template <class Key>
std::vector<std::int64_t> solve_block(const Block& b, const MatchOptions& opt, std::string& solver,
                                      Key&& key) {
  const SolverChoice choice = opt.solver;
  std::vector<std::int64_t> assigned(b.nrows, -1);
  const std::size_t nallowed = b.allowed.indices.size();
  if (b.nrows == 0 || b.ncols == 0 || nallowed == 0) {
    if (solver.empty()) solver = "none";
    return assigned;
  }
  bool sparse = false;
  switch (choice) {
    case SolverChoice::dense: sparse = false; break;
    case SolverChoice::sparse: sparse = true; break;
    case SolverChoice::automatic:
      sparse = static_cast<double>(nallowed) * 2.0 <
               static_cast<double>(b.nrows) * static_cast<double>(b.ncols);
      break;
  }
  CapacitatedResult res;
  if (opt.method == MatchMethod::stable) {
    res.assigned = stable_block(b, key);
  } else if (sparse) {
    res = capacitated_assignment(b.allowed, b.capacity.data());
  } else {
    std::vector<double> dense(b.nrows * b.ncols, std::numeric_limits<double>::infinity());
    for (std::size_t r = 0; r < b.nrows; ++r) {
      const auto lo = static_cast<std::size_t>(b.allowed.indptr[r]);
      const auto hi = static_cast<std::size_t>(b.allowed.indptr[r + 1]);
      for (std::size_t k = lo; k < hi; ++k) {
        dense[r * b.ncols + static_cast<std::size_t>(b.allowed.indices[k])] = b.allowed.data[k];
      }
    }
    res = capacitated_assignment(dense.data(), b.nrows, b.ncols, b.capacity.data());
  }
  const std::string name =
      opt.method == MatchMethod::stable ? "stable" : (sparse ? "sparse" : "dense");
  if (solver.empty() || solver == "none") {
    solver = name;
  } else if (solver != name) {
    solver = "mixed";
  }
  if (res.assigned.size() != b.nrows) {
    throw std::logic_error("the solver returned the wrong number of rows");
  }
  // Check the solver's answer against the allowed pairs and capacities: a
  // wrong recommendation about a person must never pass silently.
  std::vector<std::int64_t> used(b.ncols, 0);
  for (std::size_t r = 0; r < b.nrows; ++r) {
    const std::int64_t c = res.assigned[r];
    if (c < 0) continue;
    const auto lo = b.allowed.indices.begin() + b.allowed.indptr[r];
    const auto hi = b.allowed.indices.begin() + b.allowed.indptr[r + 1];
    if (!std::binary_search(lo, hi, c)) {
      throw std::logic_error("the solver chose a forbidden pair");
    }
    if (++used[static_cast<std::size_t>(c)] > b.capacity[static_cast<std::size_t>(c)]) {
      throw std::logic_error("the solver exceeded a capacity");
    }
    assigned[r] = c;
  }
  return assigned;
}

// The Hall-type witness for an unmatched row: everyone reachable by
// alternating paths (allowed column -> the rows holding it -> their allowed
// columns ...). In a maximum assignment every reached column is full, so the
// reached rows outnumber the reached columns' capacity by one.
Competition witness(const Block& b, const std::vector<std::vector<std::size_t>>& occupants,
                    std::size_t row, const std::vector<std::string>& row_ids,
                    const std::vector<std::string>& col_ids) {
  std::vector<bool> row_seen(b.nrows, false), col_seen(b.ncols, false);
  std::deque<std::size_t> queue{row};
  row_seen[row] = true;
  std::vector<std::size_t> rows{row}, cols;
  while (!queue.empty()) {
    const std::size_t r = queue.front();
    queue.pop_front();
    const auto lo = static_cast<std::size_t>(b.allowed.indptr[r]);
    const auto hi = static_cast<std::size_t>(b.allowed.indptr[r + 1]);
    for (std::size_t k = lo; k < hi; ++k) {
      const auto c = static_cast<std::size_t>(b.allowed.indices[k]);
      if (col_seen[c]) continue;
      col_seen[c] = true;
      cols.push_back(c);
      for (std::size_t q : occupants[c]) {
        if (!row_seen[q]) {
          row_seen[q] = true;
          rows.push_back(q);
          queue.push_back(q);
        }
      }
    }
  }
  std::sort(rows.begin(), rows.end());
  std::sort(cols.begin(), cols.end());
  Competition w;
  for (std::size_t r : rows) w.people.push_back(row_ids[r]);
  for (std::size_t c : cols) {
    w.resources.push_back(col_ids[c]);
    w.capacity += b.capacity[c];
  }
  return w;
}

template <class T>
std::vector<std::size_t> order_by_id(const std::vector<T>& items) {
  std::vector<std::size_t> order(items.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return items[a].id < items[b].id; });
  return order;
}

// ---------------------------------------------------------------------------
// Placements: constraints and cost terms for one pair.

std::int64_t days_between(const Date& from, const Date& to) {
  return static_cast<std::int64_t>((to - from).days());
}

struct PlacementEval {
  const MatchOptions& opt;

  bool area_ok(const Person& p, const Place& pl) const {
    return opt.allow_out_of_area || pl.area == p.area || in_list(p.acceptable_areas, pl.area);
  }
  bool gender_ok(const Person& p, const Place& pl) const {
    return pl.gender == "mixed" || pl.gender == p.gender;
  }
  bool date_ok(const Person& p, const Place& pl) const {
    return days_between(p.ready_date, pl.free_date) <= opt.max_wait_days;
  }
  bool stay_ok(const Person& p, const Place& pl) const {
    return !(p.expected_stay_days && pl.max_stay_days && *p.expected_stay_days > *pl.max_stay_days);
  }

  bool allowed(const Person& p, const Place& pl) const {
    return pl.beds > 0 && area_ok(p, pl) && gender_ok(p, pl) &&
           (!p.needs_step_free || pl.step_free) &&
           (!p.needs_substance_use_support || pl.substance_use_support) && p.risk <= pl.max_risk &&
           date_ok(p, pl) && stay_ok(p, pl);
  }

  std::vector<ConstraintCheck> checks(const Person& p, const Place& pl) const {
    std::vector<ConstraintCheck> out;
    auto add = [&](const char* name, bool ok, std::string detail) {
      out.push_back(ConstraintCheck{name, ok, std::move(detail)});
    };
    add("beds", pl.beds > 0,
        pl.beds > 0 ? pl.id + " has " + plural(pl.beds, "free bed", "free beds")
                    : pl.id + " has no free beds");
    {
      std::string d;
      if (pl.area == p.area) {
        d = pl.id + " is in " + pl.area + ", the home area";
      } else if (in_list(p.acceptable_areas, pl.area)) {
        d = pl.id + " is in " + pl.area + ", an area the person accepts";
      } else if (opt.allow_out_of_area) {
        d = pl.id + " is in " + pl.area + "; out-of-area places are allowed";
      } else {
        d = pl.id + " is in " + pl.area + ", not the home area " + p.area +
            (p.acceptable_areas.empty()
                 ? std::string()
                 : " or an accepted area (" + join_ids(p.acceptable_areas) + ")");
      }
      add("area", area_ok(p, pl), d);
    }
    if (pl.gender == "mixed") {
      add("gender", true, pl.id + " is a mixed unit");
    } else if (pl.gender == p.gender) {
      add("gender", true, pl.id + " is a " + pl.gender + "-only unit; the person is " + p.gender);
    } else {
      add("gender", false, pl.id + " is a " + pl.gender + "-only unit; the person is " + p.gender);
    }
    if (!p.needs_step_free) {
      add("step_free", true, "step-free access not needed");
    } else {
      add("step_free", pl.step_free,
          pl.step_free ? "step-free access needed and " + pl.id + " has it"
                       : "step-free access needed; " + pl.id + " is not step-free");
    }
    if (!p.needs_substance_use_support) {
      add("substance_use_support", true, "substance-use support not needed");
    } else {
      add("substance_use_support", pl.substance_use_support,
          pl.substance_use_support
              ? "substance-use support needed and " + pl.id + " provides it"
              : "substance-use support needed; " + pl.id + " does not provide it");
    }
    {
      const std::string pr(risk_name(p.risk)), mr(risk_name(pl.max_risk));
      const bool ok = p.risk <= pl.max_risk;
      add("risk", ok,
          ok ? "risk " + pr + " within " + pl.id + "'s maximum " + mr
             : "risk " + pr + " above " + pl.id + "'s maximum " + mr);
    }
    {
      const std::int64_t wait = days_between(p.ready_date, pl.free_date);
      std::string d = "bed free " + format_date(pl.free_date);
      if (wait <= 0) {
        d += ", on or before the ready date " + format_date(p.ready_date);
      } else {
        d += ", " + plural(wait, "day", "days") + " after the ready date " +
             format_date(p.ready_date) + " (limit " + num(opt.max_wait_days) + ")";
      }
      add("date", date_ok(p, pl), d);
    }
    if (p.expected_stay_days && pl.max_stay_days) {
      const bool ok = stay_ok(p, pl);
      add("max_stay", ok,
          "expected stay " + plural(*p.expected_stay_days, "day", "days") +
              (ok ? " within " : " exceeds ") + pl.id + "'s maximum " + num(*pl.max_stay_days));
    } else {
      add("max_stay", true,
          pl.max_stay_days ? "expected stay not given" : pl.id + " has no maximum stay");
    }
    return out;
  }

  std::vector<CostTerm> terms(const Person& p, const Place& pl) const {
    const MatchWeights& w = opt.weights;
    std::vector<CostTerm> out;
    {
      CostTerm t{"preference", 0.0, ""};
      if (p.preferences.empty()) {
        t.detail = "no preferences given";
      } else {
        const auto it = std::find(p.preferences.begin(), p.preferences.end(), pl.id);
        if (it == p.preferences.end()) {
          t.value = w.unranked;
          t.detail = "not in the preference list (unranked cost " + num(w.unranked) + ")";
        } else {
          const auto k = static_cast<std::size_t>(it - p.preferences.begin());
          t.value = static_cast<double>(k) * w.preference_rank;
          t.detail = ordinal(k + 1) + " choice";
          if (k > 0)
            t.detail += ": " + num(static_cast<std::int64_t>(k)) + " x " + num(w.preference_rank);
        }
      }
      out.push_back(std::move(t));
    }
    {
      const std::int64_t wait = std::max<std::int64_t>(0, days_between(p.ready_date, pl.free_date));
      out.push_back(CostTerm{"wait", static_cast<double>(wait) * w.wait_day,
                             plural(wait, "day", "days") + " waiting x " + num(w.wait_day)});
    }
    if (pl.area == p.area) {
      out.push_back(CostTerm{"out_of_area", 0.0, "in the home area"});
    } else {
      out.push_back(
          CostTerm{"out_of_area", w.out_of_area, pl.area + " is outside the home area " + p.area});
    }
    return out;
  }

  double cost(const Person& p, const Place& pl) const {
    const MatchWeights& w = opt.weights;
    double c = 0.0;
    if (!p.preferences.empty()) {
      const auto it = std::find(p.preferences.begin(), p.preferences.end(), pl.id);
      c += it == p.preferences.end()
               ? w.unranked
               : static_cast<double>(it - p.preferences.begin()) * w.preference_rank;
    }
    c += static_cast<double>(std::max<std::int64_t>(0, days_between(p.ready_date, pl.free_date))) *
         w.wait_day;
    if (pl.area != p.area) c += w.out_of_area;
    return c;
  }
};

// ---------------------------------------------------------------------------
// Workers: constraints and cost terms for one pair.

struct WorkerEval {
  const MatchOptions& opt;
  const std::unordered_map<std::string, std::size_t>& worker_index;
  const std::vector<Worker>& workers;

  bool allowed(const Person& p, const Worker& w) const {
    return w.spare() > 0 && in_list(w.areas, p.area);
  }

  std::vector<ConstraintCheck> checks(const Person& p, const Worker& w) const {
    std::vector<ConstraintCheck> out;
    const std::string load = "load " + num(w.current_load) + " of " + num(w.caseload_limit);
    out.push_back(ConstraintCheck{
        "caseload", w.spare() > 0,
        w.spare() > 0
            ? w.id + " has " + plural(w.spare(), "spare place", "spare places") + " (" + load + ")"
            : w.id + "'s caseload is full (" + load + ")"});
    const bool covers = in_list(w.areas, p.area);
    out.push_back(ConstraintCheck{"area", covers,
                                  covers
                                      ? w.id + " covers " + p.area
                                      : w.id + " covers " + join_ids(w.areas) + ", not " + p.area});
    return out;
  }

  // The other known worker in this role, if any, when w is not known.
  const Worker* known_other(const Person& p, const Worker& w) const {
    if (in_list(p.known_workers, w.id)) return nullptr;
    for (const std::string& id : p.known_workers) {
      const Worker& k = workers[worker_index.at(id)];
      if (k.role == w.role) return &k;
    }
    return nullptr;
  }

  double caseload_term(const Worker& w) const {
    if (w.caseload_limit <= 0) return 0.0;
    return opt.weights.caseload * static_cast<double>(w.current_load) /
           static_cast<double>(w.caseload_limit);
  }

  std::vector<CostTerm> terms(const Person& p, const Worker& w) const {
    std::vector<CostTerm> out;
    if (in_list(p.known_workers, w.id)) {
      out.push_back(CostTerm{"continuity", 0.0, w.id + " is already known to the person"});
    } else if (const Worker* k = known_other(p, w)) {
      out.push_back(CostTerm{"continuity", opt.weights.continuity,
                             "the person already knows " + k->id + " in this role"});
    } else {
      out.push_back(CostTerm{"continuity", 0.0, "no worker known in this role"});
    }
    out.push_back(CostTerm{"caseload", caseload_term(w),
                           "load " + num(w.current_load) + " of " + num(w.caseload_limit) + " x " +
                               num(opt.weights.caseload)});
    return out;
  }

  double cost(const Person& p, const Worker& w) const {
    double c = caseload_term(w);
    if (known_other(p, w) != nullptr) c += opt.weights.continuity;
    return c;
  }
};

double sum_terms(const std::vector<CostTerm>& terms) {
  double s = 0.0;
  for (const CostTerm& t : terms) s += t.value;
  return s;
}

// The first allowed column of `row` with a free place, or b.ncols.
std::size_t first_with_room(const Block& b, const std::vector<std::vector<std::size_t>>& occupants,
                            std::size_t row) {
  const auto lo = static_cast<std::size_t>(b.allowed.indptr[row]);
  const auto hi = static_cast<std::size_t>(b.allowed.indptr[row + 1]);
  for (std::size_t k = lo; k < hi; ++k) {
    const auto c = static_cast<std::size_t>(b.allowed.indices[k]);
    if (static_cast<std::int64_t>(occupants[c].size()) < b.capacity[c]) return c;
  }
  return b.ncols;
}

// Counts the (unmatched person, candidate) pairs a result explains and
// refuses more than options.max_explained_pairs (an output limit: a small
// input where everything is excluded would otherwise explain every pair).
class ExplainBudget {
 public:
  explicit ExplainBudget(std::int64_t limit) : limit_(limit) {}
  void take(std::size_t pairs) {
    used_ += static_cast<std::int64_t>(pairs);
    if (limit_ > 0 && used_ > limit_) {
      throw OutOfRange("options.max_explained_pairs",
                       "the result would explain more than the limit of " + num(limit_) +
                           " (unmatched person, candidate) pairs; raise max_explained_pairs "
                           "(0: no limit) or match a smaller group");
    }
  }

 private:
  std::int64_t limit_;
  std::int64_t used_ = 0;
};

// Fill the reasons for one unmatched row.
Unmatched explain_unmatched(const std::string& person, const std::string& role,
                            std::vector<CandidateOutcome> candidates, const Block& b,
                            const std::vector<std::vector<std::size_t>>& occupants, std::size_t row,
                            const std::vector<std::string>& row_ids,
                            const std::vector<std::string>& col_ids, const char* noun_one,
                            const char* noun_many, bool stable) {
  Unmatched u;
  u.person = person;
  u.role = role;
  u.candidates = std::move(candidates);
  const bool any_allowed = b.allowed.indptr[row + 1] > b.allowed.indptr[row];
  if (u.candidates.empty()) {
    u.reason = "no_candidates";
    u.summary = role.empty() ? std::string("there are no ") + noun_many + " to match"
                             : "there are no " + role + " workers";
  } else if (!any_allowed) {
    u.reason = "excluded";
    std::map<std::string, std::int64_t> by;
    for (const CandidateOutcome& c : u.candidates) {
      for (const ConstraintCheck& f : c.failed) ++by[f.constraint];
    }
    u.summary = std::string("every ") + noun_one + " is excluded by a hard constraint (";
    bool first = true;
    for (const auto& [name, count] : by) {
      if (!first) u.summary += ", ";
      first = false;
      u.summary += name + ": " + num(count);
    }
    u.summary += ")";
  } else if (stable) {
    // Every allowed column is full (else the pair would block) with rows it
    // ranks ahead of this one.
    u.reason = "competition";
    Competition& w = u.competition;
    std::vector<std::size_t> rows{row};
    const auto lo = static_cast<std::size_t>(b.allowed.indptr[row]);
    const auto hi = static_cast<std::size_t>(b.allowed.indptr[row + 1]);
    for (std::size_t k = lo; k < hi; ++k) {
      const auto c = static_cast<std::size_t>(b.allowed.indices[k]);
      w.resources.push_back(col_ids[c]);
      w.capacity += b.capacity[c];
      for (std::size_t q : occupants[c]) rows.push_back(q);
    }
    std::sort(rows.begin(), rows.end());
    std::vector<std::string> others;
    for (std::size_t r : rows) {
      w.people.push_back(row_ids[r]);
      if (r != row) others.push_back(row_ids[r]);
    }
    u.summary = std::string("every allowed ") + noun_one + " (" + join_ids(w.resources) +
                ") is full with people it ranks ahead (" + join_ids(others) + ")";
  } else if (const std::size_t room = first_with_room(b, occupants, row); room < b.ncols) {
    // Only in a ranked alternative that matches fewer people than it could.
    u.reason = "not_chosen";
    u.summary = std::string("not matched in this alternative although ") + noun_one + " " +
                col_ids[room] + " has room (a ranked alternative, not an optimum)";
  } else {
    u.reason = "competition";
    u.competition = witness(b, occupants, row, row_ids, col_ids);
    const Competition& w = u.competition;
    u.summary =
        plural(static_cast<std::int64_t>(w.people.size()), "person", "people") + " (" +
        join_ids(w.people) + ") could use only " + join_ids(w.resources) + ", which " +
        (w.resources.size() == 1 ? "has " : "have ") +
        plural(w.capacity, role.empty() ? "bed" : "place", role.empty() ? "beds" : "places") +
        (w.resources.size() == 1 ? "" : " between them") + "; all are taken";
  }
  return u;
}

}  // namespace

// ---------------------------------------------------------------------------

std::string_view risk_name(RiskLevel r) {
  const int v = static_cast<int>(r);
  return (v >= 0 && v <= 2) ? kRiskNames[v] : std::string_view("invalid");
}

RiskLevel parse_risk(std::string_view text, std::string_view field) {
  for (int i = 0; i < 3; ++i) {
    if (text == kRiskNames[i]) return static_cast<RiskLevel>(i);
  }
  throw InvalidArgument(std::string(field),
                        quote_value(text) + " is not a risk level (low, medium, high)");
}

std::string_view role_name(Role r) {
  const int v = static_cast<int>(r);
  return (v >= 0 && v < kRoleCount) ? kRoleNames[v] : std::string_view("invalid");
}

Role parse_role(std::string_view text, std::string_view field) {
  for (int i = 0; i < kRoleCount; ++i) {
    if (text == kRoleNames[i]) return static_cast<Role>(i);
  }
  std::string known;
  for (int i = 0; i < kRoleCount; ++i) {
    if (i) known += ", ";
    known += kRoleNames[i];
  }
  throw InvalidArgument(std::string(field),
                        "unknown role " + quote_value(text) + " (known: " + known + ")");
}

namespace {

// ---------------------------------------------------------------------------
// Alternatives: what the allocation would look like if one person's outcome
// changed (row_alternatives in assignment_ranked.hpp), in the domain's words.

double block_total(const Block& b, const std::vector<std::int64_t>& assigned) {
  double t = 0.0;
  for (std::size_t r = 0; r < b.nrows; ++r) {
    const std::int64_t c = assigned[r];
    if (c < 0) continue;
    const auto lo = static_cast<std::size_t>(b.allowed.indptr[r]);
    const auto hi = static_cast<std::size_t>(b.allowed.indptr[r + 1]);
    for (std::size_t k = lo; k < hi; ++k) {
      if (b.allowed.indices[k] == c) {
        t += b.allowed.data[k];
        break;
      }
    }
  }
  return t;
}

CapacitatedResult as_result(const Block& b, const std::vector<std::int64_t>& assigned) {
  CapacitatedResult r;
  r.assigned = assigned;
  for (std::int64_t c : assigned) r.matched += c >= 0 ? 1 : 0;
  r.total_cost = block_total(b, assigned);
  return r;
}

// terms(r, c): the cost terms of row r on column c.
template <class Terms>
std::vector<std::optional<Alternative>> block_alternatives(
    const Block& b, const std::vector<std::int64_t>& assigned,
    const std::vector<std::string>& row_ids, const std::vector<std::string>& col_ids,
    const char* noun, Terms&& terms) {
  std::vector<std::optional<Alternative>> out(b.nrows);
  if (b.nrows == 0 || b.ncols == 0) return out;
  const CapacitatedResult best = as_result(b, assigned);
  const std::vector<RowAlternative> alts = row_alternatives(b.allowed, b.capacity.data(), best);
  for (std::size_t r = 0; r < b.nrows; ++r) {
    const RowAlternative& a = alts[r];
    if (!a.exists) continue;
    Alternative alt;
    alt.matched_change = a.matched_change;
    alt.cost_change = a.cost_change;
    if (a.col >= 0) {
      alt.resource = col_ids[static_cast<std::size_t>(a.col)];
      alt.terms = terms(r, static_cast<std::size_t>(a.col));
      alt.cost = sum_terms(alt.terms);
    }
    for (std::size_t q = 0; q < b.nrows; ++q) {
      if (q != r && a.solution.assigned[q] != assigned[q]) alt.others_changed.push_back(row_ids[q]);
    }
    std::string what = a.col >= 0 ? std::string("the next best is ") + noun + " " + alt.resource
                                  : std::string("the next best leaves them without a ") + noun;
    if (assigned[r] < 0) {
      what =
          std::string("the best arrangement that gives them a ") + noun + " gives " + alt.resource;
    }
    std::string effect;
    if (alt.matched_change != 0) {
      effect = plural(-alt.matched_change, "person", "people") + " fewer matched";
    }
    if (alt.cost_change != 0.0 || effect.empty()) {
      if (!effect.empty()) effect += " and ";
      effect += "total cost " + std::string(alt.cost_change >= 0 ? "+" : "") + num(alt.cost_change);
    }
    alt.summary = what + ": " + effect;
    if (!alt.others_changed.empty()) {
      alt.summary += "; also changes " + join_ids(alt.others_changed);
    }
    out[r] = std::move(alt);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Placements

struct PlacementCtx {
  const std::vector<Person>& people;
  const std::vector<Place>& places;
  const MatchOptions& options;
  std::vector<std::size_t> prow, pcol;
  std::vector<std::string> row_ids, col_ids;
  std::vector<std::int64_t> capacity;
  PlacementEval ev;
  Block block;

  PlacementCtx(const std::vector<Person>& pe, const std::vector<Place>& pl, const MatchOptions& o)
      : people(pe), places(pl), options(o), ev{o} {
    validate_options(options);
    validate_places(places);
    std::unordered_map<std::string, std::size_t> place_index;
    for (std::size_t i = 0; i < places.size(); ++i) place_index.emplace(places[i].id, i);
    validate_people(people, Mode::placements, place_index);
    prow = order_by_id(people);
    pcol = order_by_id(places);
    for (std::size_t r : prow) row_ids.push_back(people[r].id);
    for (std::size_t c : pcol) col_ids.push_back(places[c].id);
    for (std::size_t c : pcol) capacity.push_back(places[c].beds);
    block = build_block(prow.size(), pcol.size(), capacity,
                        [&](std::size_t r, std::size_t c, double& cost) {
                          const Person& p = people[prow[r]];
                          const Place& place = places[pcol[c]];
                          if (!ev.allowed(p, place)) return false;
                          cost = ev.cost(p, place);
                          return true;
                        });
  }

  std::vector<std::int64_t> solve(std::string& solver) const {
    // Stable method: a place ranks people by ready date (longest ready first).
    return solve_block(block, options, solver, [&](std::size_t r, std::size_t /*c*/) {
      return static_cast<std::int64_t>(to_days(people[prow[r]].ready_date));
    });
  }

  MatchResult result(const std::vector<std::int64_t>& assigned, const std::string& solver,
                     bool alternatives) const {
    MatchResult res;
    res.kind = "placements";
    ExplainBudget budget(options.max_explained_pairs);
    res.people = people.size();
    res.options = options;
    res.solver = solver;
    std::vector<std::optional<Alternative>> alts(prow.size());
    if (alternatives) {
      alts = block_alternatives(
          block, assigned, row_ids, col_ids, "place",
          [&](std::size_t r, std::size_t c) { return ev.terms(people[prow[r]], places[pcol[c]]); });
    }
    std::vector<std::vector<std::size_t>> occupants(pcol.size());
    for (std::size_t r = 0; r < prow.size(); ++r) {
      if (assigned[r] >= 0) occupants[static_cast<std::size_t>(assigned[r])].push_back(r);
    }
    for (std::size_t r = 0; r < prow.size(); ++r) {
      const Person& p = people[prow[r]];
      if (assigned[r] >= 0) {
        const Place& pl = places[pcol[static_cast<std::size_t>(assigned[r])]];
        Match m;
        m.person = p.id;
        m.resource = pl.id;
        m.constraints = ev.checks(p, pl);
        m.terms = ev.terms(p, pl);
        m.cost = sum_terms(m.terms);
        m.alternative = std::move(alts[r]);
        res.total_cost += m.cost;
        res.matches.push_back(std::move(m));
        continue;
      }
      budget.take(pcol.size());
      std::vector<CandidateOutcome> cands;
      for (std::size_t c = 0; c < pcol.size(); ++c) {
        const Place& pl = places[pcol[c]];
        CandidateOutcome o;
        o.resource = pl.id;
        o.allowed = ev.allowed(p, pl);
        if (o.allowed) {
          for (std::size_t q : occupants[c]) o.taken_by.push_back(row_ids[q]);
        } else {
          for (ConstraintCheck& chk : ev.checks(p, pl)) {
            if (!chk.passed) o.failed.push_back(std::move(chk));
          }
        }
        cands.push_back(std::move(o));
      }
      Unmatched u =
          explain_unmatched(p.id, "", std::move(cands), block, occupants, r, row_ids, col_ids,
                            "place", "places", options.method == MatchMethod::stable);
      u.alternative = std::move(alts[r]);
      res.unmatched.push_back(std::move(u));
    }
    for (std::size_t c = 0; c < pcol.size(); ++c) {
      res.resources.push_back(ResourceUsage{col_ids[c], "", capacity[c],
                                            static_cast<std::int64_t>(occupants[c].size())});
    }
    return res;
  }
};

// ---------------------------------------------------------------------------
// Workers: one block per role.

struct RoleBlock {
  int role = 0;
  std::vector<std::size_t> rows;  // positions in people_order
  std::vector<std::size_t> cols;  // indices into workers
  std::vector<std::string> row_ids, col_ids;
  std::vector<std::int64_t> capacity;
  Block block;
};

struct WorkerCtx {
  const std::vector<Person>& people;
  const std::vector<Worker>& workers;
  const MatchOptions& options;
  std::unordered_map<std::string, std::size_t> worker_index;
  std::vector<std::size_t> people_order, worker_order;
  WorkerEval ev;
  std::vector<RoleBlock> roles;

  WorkerCtx(const std::vector<Person>& pe, const std::vector<Worker>& wo, const MatchOptions& o)
      : people(pe), workers(wo), options(o), ev{o, worker_index, wo} {
    validate_options(options);
    validate_workers(workers);
    for (std::size_t i = 0; i < workers.size(); ++i) worker_index.emplace(workers[i].id, i);
    validate_people(people, Mode::workers, worker_index);
    people_order = order_by_id(people);
    worker_order = order_by_id(workers);
    for (int role = 0; role < kRoleCount; ++role) {
      RoleBlock rb;
      rb.role = role;
      for (std::size_t pos = 0; pos < people_order.size(); ++pos) {
        const Person& p = people[people_order[pos]];
        const std::vector<Role>& needs = p.roles.empty() ? options.default_roles : p.roles;
        for (Role r : needs) {
          if (static_cast<int>(r) == role) rb.rows.push_back(pos);
        }
      }
      for (std::size_t w : worker_order) {
        if (static_cast<int>(workers[w].role) == role) rb.cols.push_back(w);
      }
      for (std::size_t w : rb.cols) rb.capacity.push_back(workers[w].spare());
      for (std::size_t pos : rb.rows) rb.row_ids.push_back(people[people_order[pos]].id);
      for (std::size_t w : rb.cols) rb.col_ids.push_back(workers[w].id);
      rb.block = build_block(rb.rows.size(), rb.cols.size(), rb.capacity,
                             [&](std::size_t r, std::size_t c, double& cost) {
                               const Person& p = people[people_order[rb.rows[r]]];
                               const Worker& w = workers[rb.cols[c]];
                               if (!ev.allowed(p, w)) return false;
                               cost = ev.cost(p, w);
                               return true;
                             });
      roles.push_back(std::move(rb));
    }
  }

  std::vector<std::int64_t> solve(const RoleBlock& rb, std::string& solver) const {
    if (rb.rows.empty()) return {};
    // Stable method: a worker ranks first the people who know them, then by
    // ready date (longest ready first).
    return solve_block(rb.block, options, solver, [&](std::size_t r, std::size_t c) {
      const Person& p = people[people_order[rb.rows[r]]];
      const bool knows = in_list(p.known_workers, workers[rb.cols[c]].id);
      return (knows ? 0 : std::int64_t{1} << 40) + static_cast<std::int64_t>(to_days(p.ready_date));
    });
  }

  // assigned[role]: the column of each row of that role's block.
  MatchResult result(const std::vector<std::vector<std::int64_t>>& assigned,
                     const std::string& solver, bool alternatives) const {
    MatchResult res;
    res.kind = "workers";
    ExplainBudget budget(options.max_explained_pairs);
    res.people = people.size();
    res.options = options;
    res.solver = solver.empty() ? "none" : solver;
    struct Outcome {
      std::size_t person_pos;
      int role;
      std::optional<Match> match;
      std::optional<Unmatched> unmatched;
    };
    std::vector<Outcome> outcomes;
    for (const RoleBlock& rb : roles) {
      const int role = rb.role;
      const std::size_t usage_base = res.resources.size();
      for (std::size_t k = 0; k < rb.cols.size(); ++k) {
        res.resources.push_back(ResourceUsage{workers[rb.cols[k]].id, std::string(kRoleNames[role]),
                                              rb.capacity[k], 0});
      }
      if (rb.rows.empty()) continue;
      const std::vector<std::int64_t>& as = assigned[static_cast<std::size_t>(role)];
      std::vector<std::optional<Alternative>> alts(rb.rows.size());
      if (alternatives) {
        alts = block_alternatives(
            rb.block, as, rb.row_ids, rb.col_ids, "worker", [&](std::size_t r, std::size_t c) {
              return ev.terms(people[people_order[rb.rows[r]]], workers[rb.cols[c]]);
            });
      }
      std::vector<std::vector<std::size_t>> occupants(rb.cols.size());
      for (std::size_t r = 0; r < rb.rows.size(); ++r) {
        if (as[r] >= 0) occupants[static_cast<std::size_t>(as[r])].push_back(r);
      }
      for (std::size_t c = 0; c < rb.cols.size(); ++c) {
        res.resources[usage_base + c].used = static_cast<std::int64_t>(occupants[c].size());
      }
      for (std::size_t r = 0; r < rb.rows.size(); ++r) {
        const Person& p = people[people_order[rb.rows[r]]];
        Outcome out{rb.rows[r], role, std::nullopt, std::nullopt};
        if (as[r] >= 0) {
          const Worker& w = workers[rb.cols[static_cast<std::size_t>(as[r])]];
          Match m;
          m.person = p.id;
          m.resource = w.id;
          m.role = kRoleNames[role];
          m.constraints = ev.checks(p, w);
          m.terms = ev.terms(p, w);
          m.cost = sum_terms(m.terms);
          m.alternative = std::move(alts[r]);
          out.match = std::move(m);
        } else {
          budget.take(rb.cols.size());
          std::vector<CandidateOutcome> cands;
          for (std::size_t c = 0; c < rb.cols.size(); ++c) {
            const Worker& w = workers[rb.cols[c]];
            CandidateOutcome o;
            o.resource = w.id;
            o.allowed = ev.allowed(p, w);
            if (o.allowed) {
              for (std::size_t q : occupants[c]) o.taken_by.push_back(rb.row_ids[q]);
            } else {
              for (ConstraintCheck& chk : ev.checks(p, w)) {
                if (!chk.passed) o.failed.push_back(std::move(chk));
              }
            }
            cands.push_back(std::move(o));
          }
          out.unmatched = explain_unmatched(
              p.id, std::string(kRoleNames[role]), std::move(cands), rb.block, occupants, r,
              rb.row_ids, rb.col_ids, "worker", "workers", options.method == MatchMethod::stable);
          out.unmatched->alternative = std::move(alts[r]);
        }
        outcomes.push_back(std::move(out));
      }
    }
    std::stable_sort(outcomes.begin(), outcomes.end(), [](const Outcome& a, const Outcome& b) {
      return a.person_pos != b.person_pos ? a.person_pos < b.person_pos : a.role < b.role;
    });
    for (Outcome& o : outcomes) {
      if (o.match) {
        res.total_cost += o.match->cost;
        res.matches.push_back(std::move(*o.match));
      } else if (o.unmatched) {
        res.unmatched.push_back(std::move(*o.unmatched));
      }
    }
    return res;
  }
};

bool want_alternatives(const MatchOptions& o) {
  return o.alternatives && o.method == MatchMethod::optimal;
}

void set_rank(MatchResult& r, std::size_t rank, const MatchResult& best) {
  r.rank = rank;
  r.cost_change = r.total_cost - best.total_cost;
  r.matched_change =
      static_cast<std::int64_t>(r.matches.size()) - static_cast<std::int64_t>(best.matches.size());
}

void check_ranked_options(const MatchOptions& o) {
  if (o.method != MatchMethod::optimal) {
    throw InvalidArgument("options.method",
                          "ranked alternatives and rules need the optimal method, not stable");
  }
}

}  // namespace

MatchResult match_placements(const std::vector<Person>& people, const std::vector<Place>& places,
                             const MatchOptions& options) {
  const PlacementCtx ctx(people, places, options);
  std::string solver;
  const std::vector<std::int64_t> assigned = ctx.solve(solver);
  return ctx.result(assigned, solver, want_alternatives(options));
}

MatchResult allocate_workers(const std::vector<Person>& people, const std::vector<Worker>& workers,
                             const MatchOptions& options) {
  const WorkerCtx ctx(people, workers, options);
  std::string solver;
  std::vector<std::vector<std::int64_t>> assigned;
  for (const RoleBlock& rb : ctx.roles) assigned.push_back(ctx.solve(rb, solver));
  return ctx.result(assigned, solver, want_alternatives(options));
}

std::vector<MatchResult> match_placements_ranked(const std::vector<Person>& people,
                                                 const std::vector<Place>& places, std::size_t k,
                                                 const MatchOptions& options) {
  check_ranked_options(options);
  const PlacementCtx ctx(people, places, options);
  std::vector<MatchResult> out;
  if (k == 0) return out;
  std::vector<std::vector<std::int64_t>> sols;
  if (ctx.block.nrows == 0 || ctx.block.ncols == 0) {
    sols.emplace_back(ctx.block.nrows, -1);
  } else {
    for (auto& s :
         k_best_capacitated_assignments(ctx.block.allowed, ctx.block.capacity.data(), k)) {
      sols.push_back(std::move(s.assigned));
    }
  }
  for (std::size_t i = 0; i < sols.size(); ++i) {
    out.push_back(
        ctx.result(sols[i], ctx.block.allowed.indices.empty() ? "none" : "sparse", false));
    set_rank(out.back(), i + 1, out.front());
  }
  return out;
}

std::vector<MatchResult> allocate_workers_ranked(const std::vector<Person>& people,
                                                 const std::vector<Worker>& workers, std::size_t k,
                                                 const MatchOptions& options) {
  check_ranked_options(options);
  const WorkerCtx ctx(people, workers, options);
  std::vector<MatchResult> out;
  if (k == 0) return out;
  // The k best of each role, then the k best combinations (the roles are
  // independent: a combination's matched count and cost are sums).
  std::vector<std::vector<CapacitatedResult>> lists;
  std::string solver;
  for (const RoleBlock& rb : ctx.roles) {
    if (rb.block.nrows == 0 || rb.block.ncols == 0) {
      CapacitatedResult none;
      none.assigned.assign(rb.block.nrows, -1);
      lists.push_back({none});
      continue;
    }
    solver = "sparse";
    lists.push_back(k_best_capacitated_assignments(rb.block.allowed, rb.block.capacity.data(), k));
  }
  using Combo = std::vector<std::size_t>;
  auto key = [&](const Combo& c) {
    std::size_t matched = 0;
    double cost = 0.0;
    for (std::size_t i = 0; i < c.size(); ++i) {
      matched += lists[i][c[i]].matched;
      cost += lists[i][c[i]].total_cost;
    }
    return std::make_pair(matched, cost);
  };
  auto better = [&](const Combo& a, const Combo& b) {
    const auto ka = key(a), kb = key(b);
    if (ka.first != kb.first) return ka.first > kb.first;
    if (ka.second != kb.second) return ka.second < kb.second;
    return a < b;
  };
  std::set<Combo, decltype(better)> frontier(better);
  std::set<Combo> seen;
  const Combo first(lists.size(), 0);
  frontier.insert(first);
  seen.insert(first);
  while (!frontier.empty() && out.size() < k) {
    const Combo c = *frontier.begin();
    frontier.erase(frontier.begin());
    std::vector<std::vector<std::int64_t>> assigned;
    for (std::size_t i = 0; i < c.size(); ++i) assigned.push_back(lists[i][c[i]].assigned);
    out.push_back(ctx.result(assigned, solver, false));
    set_rank(out.back(), out.size(), out.front());
    for (std::size_t i = 0; i < c.size(); ++i) {
      if (c[i] + 1 >= lists[i].size()) continue;
      Combo n = c;
      ++n[i];
      if (seen.insert(n).second) frontier.insert(n);
    }
  }
  return out;
}

std::optional<MatchResult> match_placements_with(const std::vector<Person>& people,
                                                 const std::vector<Place>& places,
                                                 const std::vector<MatchRule>& rules,
                                                 const MatchOptions& options) {
  check_ranked_options(options);
  const PlacementCtx ctx(people, places, options);
  std::vector<PairRule> prs;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const MatchRule& mr = rules[i];
    const std::string at = index_path("rules", i);
    const auto pr = std::find(ctx.row_ids.begin(), ctx.row_ids.end(), mr.person);
    if (pr == ctx.row_ids.end()) {
      throw NotFound(join_path(at, "person"), "unknown person " + quote_value(mr.person));
    }
    std::int64_t col = -1;
    if (!mr.resource.empty()) {
      const auto pc = std::find(ctx.col_ids.begin(), ctx.col_ids.end(), mr.resource);
      if (pc == ctx.col_ids.end()) {
        throw NotFound(join_path(at, "resource"), "unknown place " + quote_value(mr.resource));
      }
      col = pc - ctx.col_ids.begin();
    }
    prs.push_back(PairRule{pr - ctx.row_ids.begin(), col, mr.must});
  }
  std::string solver;
  const MatchResult best = ctx.result(ctx.solve(solver), solver, false);
  if (ctx.block.nrows == 0) {
    MatchResult r = best;
    set_rank(r, 0, best);
    return r;
  }
  const auto sol = capacitated_assignment_with(ctx.block.allowed, ctx.block.capacity.data(), prs);
  if (!sol) return std::nullopt;
  MatchResult r = ctx.result(sol->assigned, "sparse", false);
  set_rank(r, 0, best);
  return r;
}

std::optional<MatchResult> allocate_workers_with(const std::vector<Person>& people,
                                                 const std::vector<Worker>& workers,
                                                 const std::vector<MatchRule>& rules,
                                                 const MatchOptions& options) {
  check_ranked_options(options);
  const WorkerCtx ctx(people, workers, options);
  std::vector<std::vector<PairRule>> per_role(ctx.roles.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const MatchRule& mr = rules[i];
    const std::string at = index_path("rules", i);
    int role = -1;
    if (!mr.resource.empty()) {
      const auto it = ctx.worker_index.find(mr.resource);
      if (it == ctx.worker_index.end()) {
        throw NotFound(join_path(at, "resource"), "unknown worker " + quote_value(mr.resource));
      }
      role = static_cast<int>(workers[it->second].role);
      if (!mr.role.empty() &&
          parse_role(mr.role, join_path(at, "role")) != workers[it->second].role) {
        throw InvalidArgument(join_path(at, "role"), quote_value(mr.role) + " is not " +
                                                         quote_value(mr.resource) + "'s role");
      }
    } else {
      role = static_cast<int>(parse_role(mr.role, join_path(at, "role")));
    }
    const RoleBlock& rb = ctx.roles[static_cast<std::size_t>(role)];
    const auto pr = std::find(rb.row_ids.begin(), rb.row_ids.end(), mr.person);
    if (pr == rb.row_ids.end()) {
      if (std::none_of(people.begin(), people.end(),
                       [&](const Person& p) { return p.id == mr.person; })) {
        throw NotFound(join_path(at, "person"), "unknown person " + quote_value(mr.person));
      }
      throw InvalidArgument(join_path(at, "person"), quote_value(mr.person) + " does not need a " +
                                                         std::string(kRoleNames[role]));
    }
    std::int64_t col = -1;
    if (!mr.resource.empty()) {
      col = std::find(rb.col_ids.begin(), rb.col_ids.end(), mr.resource) - rb.col_ids.begin();
    }
    per_role[static_cast<std::size_t>(role)].push_back(
        PairRule{pr - rb.row_ids.begin(), col, mr.must});
  }
  std::string solver;
  std::vector<std::vector<std::int64_t>> opt, constrained;
  for (const RoleBlock& rb : ctx.roles) opt.push_back(ctx.solve(rb, solver));
  const MatchResult best = ctx.result(opt, solver, false);
  for (std::size_t role = 0; role < ctx.roles.size(); ++role) {
    const RoleBlock& rb = ctx.roles[role];
    if (per_role[role].empty() || rb.block.nrows == 0) {
      constrained.push_back(opt[role]);
      continue;
    }
    const auto sol =
        capacitated_assignment_with(rb.block.allowed, rb.block.capacity.data(), per_role[role]);
    if (!sol) return std::nullopt;
    constrained.push_back(sol->assigned);
  }
  MatchResult r = ctx.result(constrained, solver, false);
  set_rank(r, 0, best);
  return r;
}

}  // namespace homeward
