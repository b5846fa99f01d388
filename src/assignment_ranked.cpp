// Ranked alternatives for capacitated assignment (Murty's partitioning with
// warm re-solves), rules on pairs, per-row alternatives, and the
// maximum-cardinality mode of sparse assignment.
//
// Every subproblem is a capacitated assignment on the same columns in which
// some rows are fixed (to a column, or to "unmatched"), some pairs are
// removed, and some rows must be matched. "Must be matched" is expressed in
// costs: every row that is not forced pays a surcharge M on each of its
// pairs, M larger than any difference in cost between two solutions with the
// same number of matched rows. The solver maximises the matched count first,
// so among its optima, those matching every forced row win, and the true cost
// (without surcharges) ranks them exactly as before. Costs are first shifted
// to be >= 0 (a constant per matched row, so the ranking among solutions with
// the same matched count is unchanged). The result is checked against the
// rules; a subproblem whose optimum breaks one has no solution obeying them.
#include "homeward/assignment_ranked.hpp"

#include "homeward/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace homeward {
namespace {

constexpr std::int32_t kFree = -2;

}  // namespace

SparseCost sparse_cost_from_dense(const double* cost, std::size_t nrows, std::size_t ncols) {
  SparseCost s;
  s.nrows = nrows;
  s.ncols = ncols;
  s.indptr.reserve(nrows + 1);
  s.indptr.push_back(0);
  if (nrows != 0 && ncols != 0 && cost == nullptr) throw InvalidArgument("cost", "is null");
  for (std::size_t i = 0; i < nrows; ++i) {
    for (std::size_t j = 0; j < ncols; ++j) {
      const double c = cost[i * ncols + j];
      if (std::isfinite(c)) {
        s.indices.push_back(static_cast<std::int64_t>(j));
        s.data.push_back(c);
        continue;
      }
      const std::string cell = "cost[" + std::to_string(i) + "][" + std::to_string(j) + "]";
      if (std::isnan(c)) {
        throw InvalidArgument(cell, "NaN is not a cost (the cost matrix contains invalid numeric entries)");
      }
      if (c == -std::numeric_limits<double>::infinity()) {
        throw InvalidArgument(cell, "-inf is not allowed (+inf forbids a pair; the cost matrix "
                                    "contains invalid numeric entries)");
      }
    }
    s.indptr.push_back(static_cast<std::int64_t>(s.indices.size()));
  }
  return s;
}

namespace {

struct Constraints {
  std::vector<std::int32_t> fix;         // per row: kFree, -1 (unmatched) or a column
  std::vector<char> must_match;          // per row
  std::vector<std::pair<std::int32_t, std::int32_t>> forbid;  // (row, col), col may be -1
};

class Ranker {
 public:
  Ranker(const SparseCost& cost, const std::int64_t* capacity) : base_(cost) {
    validate_sparse_cost(base_);
    if (base_.ncols != 0 && capacity == nullptr) throw InvalidArgument("capacity", "is null");
    cap_.assign(capacity, capacity + base_.ncols);
    for (std::size_t j = 0; j < cap_.size(); ++j) {
      if (cap_[j] < 0) {
        throw InvalidArgument(index_path("capacity", j),
                              "must be >= 0, got " + std::to_string(cap_[j]));
      }
    }
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double c : base_.data) {
      lo = std::min(lo, c);
      hi = std::max(hi, c);
    }
    shift_ = base_.data.empty() ? 0.0 : lo;
    const double range = base_.data.empty() ? 0.0 : hi - lo;
    surcharge_ = (range + 1.0) * (static_cast<double>(base_.nrows) + 1.0);
  }

  std::size_t nrows() const { return base_.nrows; }
  std::size_t ncols() const { return base_.ncols; }

  Constraints free_constraints() const {
    Constraints c;
    c.fix.assign(base_.nrows, kFree);
    c.must_match.assign(base_.nrows, 0);
    return c;
  }

  // Row r's pairs under the constraints, in solver costs.
  void row(const Constraints& k, std::size_t r, std::vector<std::int64_t>& cols,
           std::vector<double>& costs) const {
    cols.clear();
    costs.clear();
    const auto lo = static_cast<std::size_t>(base_.indptr[r]);
    const auto hi = static_cast<std::size_t>(base_.indptr[r + 1]);
    const std::int32_t f = k.fix[r];
    if (f == -1) return;
    const bool forced = f >= 0 || k.must_match[r];
    for (std::size_t q = lo; q < hi; ++q) {
      const auto c = static_cast<std::int32_t>(base_.indices[q]);
      if (f >= 0 && c != f) continue;
      if (f < 0 && std::find(k.forbid.begin(), k.forbid.end(), std::make_pair(
                                 static_cast<std::int32_t>(r), c)) != k.forbid.end()) {
        continue;
      }
      cols.push_back(c);
      costs.push_back(base_.data[q] - shift_ + (forced ? 0.0 : surcharge_));
    }
  }

  CapacitatedSolver make_solver(const Constraints& k) const {
    SparseCost s;
    s.nrows = base_.nrows;
    s.ncols = base_.ncols;
    s.indptr.push_back(0);
    std::vector<std::int64_t> cols;
    std::vector<double> costs;
    for (std::size_t r = 0; r < base_.nrows; ++r) {
      row(k, r, cols, costs);
      s.indices.insert(s.indices.end(), cols.begin(), cols.end());
      s.data.insert(s.data.end(), costs.begin(), costs.end());
      s.indptr.push_back(static_cast<std::int64_t>(s.indices.size()));
    }
    return CapacitatedSolver(s, cap_.data());
  }

  void set_row(CapacitatedSolver& s, const Constraints& k, std::size_t r) const {
    std::vector<std::int64_t> cols;
    std::vector<double> costs;
    row(k, r, cols, costs);
    s.set_row(r, cols, costs);
  }

  double pair_cost(std::size_t r, std::int64_t c) const {
    const auto lo = static_cast<std::size_t>(base_.indptr[r]);
    const auto hi = static_cast<std::size_t>(base_.indptr[r + 1]);
    for (std::size_t q = lo; q < hi; ++q) {
      if (base_.indices[q] == c) return base_.data[q];
    }
    return std::numeric_limits<double>::quiet_NaN();
  }

  // The solver's answer in true costs, or nothing when it breaks a rule.
  std::optional<CapacitatedResult> check(const Constraints& k, CapacitatedResult res) const {
    res.total_cost = 0.0;
    res.matched = 0;
    for (std::size_t r = 0; r < base_.nrows; ++r) {
      const std::int64_t c = res.assigned[r];
      if (k.fix[r] != kFree && c != k.fix[r]) return std::nullopt;
      if (k.must_match[r] && c < 0) return std::nullopt;
      if (c >= 0) {
        res.total_cost += pair_cost(r, c);
        ++res.matched;
      }
    }
    for (const auto& [r, c] : k.forbid) {
      if (res.assigned[static_cast<std::size_t>(r)] == c) return std::nullopt;
    }
    return res;
  }

  void apply_rules(Constraints& k, const std::vector<PairRule>& rules) const {
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const PairRule& rule = rules[i];
      const std::string at = index_path("rules", i);
      if (rule.row < 0 || static_cast<std::size_t>(rule.row) >= base_.nrows) {
        throw InvalidArgument(at + ".row", std::to_string(rule.row) + " is outside 0.." +
                                               std::to_string(base_.nrows));
      }
      if (rule.col < -1 || (rule.col >= 0 && static_cast<std::size_t>(rule.col) >= base_.ncols)) {
        throw InvalidArgument(at + ".col", std::to_string(rule.col) + " is outside -1.." +
                                               std::to_string(base_.ncols));
      }
      const auto r = static_cast<std::size_t>(rule.row);
      const auto c = static_cast<std::int32_t>(rule.col);
      if (rule.must) {
        if (k.fix[r] != kFree && k.fix[r] != c) k.must_match[r] = 2;  // contradiction
        k.fix[r] = c;
      } else if (c == -1) {
        k.must_match[r] = std::max<char>(k.must_match[r], 1);
      } else {
        k.forbid.emplace_back(static_cast<std::int32_t>(r), c);
      }
    }
  }

 private:
  const SparseCost& base_;
  std::vector<std::int64_t> cap_;
  double shift_ = 0.0;
  double surcharge_ = 0.0;
};

bool contradictory(const Constraints& k) {
  for (std::size_t r = 0; r < k.fix.size(); ++r) {
    if (k.must_match[r] == 2) return true;
    if (k.fix[r] == -1 && k.must_match[r]) return true;
    if (k.fix[r] >= 0) {
      for (const auto& [fr, fc] : k.forbid) {
        if (static_cast<std::size_t>(fr) == r && fc == k.fix[r]) return true;
      }
    }
  }
  return false;
}

struct Node {
  Constraints k;
  CapacitatedResult sol;
  std::uint64_t seq = 0;
};

// Better first: more matched, then less cost, then found earlier.
struct NodeOrder {
  bool operator()(const Node* a, const Node* b) const {
    if (a->sol.matched != b->sol.matched) return a->sol.matched > b->sol.matched;
    if (a->sol.total_cost != b->sol.total_cost) return a->sol.total_cost < b->sol.total_cost;
    return a->seq < b->seq;
  }
};

}  // namespace

std::optional<CapacitatedResult> capacitated_assignment_with(const SparseCost& cost,
                                                             const std::int64_t* capacity,
                                                             const std::vector<PairRule>& rules) {
  Ranker rk(cost, capacity);
  Constraints k = rk.free_constraints();
  rk.apply_rules(k, rules);
  if (contradictory(k)) return std::nullopt;
  CapacitatedSolver s = rk.make_solver(k);
  return rk.check(k, s.solve());
}

std::optional<CapacitatedResult> capacitated_assignment_with(const double* cost, std::size_t nrows,
                                                             std::size_t ncols,
                                                             const std::int64_t* capacity,
                                                             const std::vector<PairRule>& rules) {
  const SparseCost s = sparse_cost_from_dense(cost, nrows, ncols);
  return capacitated_assignment_with(s, capacity, rules);
}

std::vector<CapacitatedResult> k_best_capacitated_assignments(const SparseCost& cost,
                                                              const std::int64_t* capacity,
                                                              std::size_t k) {
  Ranker rk(cost, capacity);
  std::vector<CapacitatedResult> out;
  if (k == 0) return out;
  std::vector<std::unique_ptr<Node>> store;
  std::set<Node*, NodeOrder> queue;
  std::uint64_t seq = 0;
  {
    Constraints root = rk.free_constraints();
    CapacitatedSolver s = rk.make_solver(root);
    auto sol = rk.check(root, s.solve());
    if (!sol) return out;  // cannot happen: no rules
    store.push_back(std::make_unique<Node>(Node{std::move(root), std::move(*sol), seq++}));
    queue.insert(store.back().get());
  }
  std::vector<std::int64_t> cols;
  std::vector<double> costs;
  while (!queue.empty() && out.size() < k) {
    Node* best = *queue.begin();
    queue.erase(queue.begin());
    out.push_back(best->sol);
    if (out.size() == k) break;
    const std::vector<std::int64_t> s = best->sol.assigned;
    Constraints cur = std::move(best->k);
    CapacitatedSolver solver = rk.make_solver(cur);
    solver.solve();
    for (std::size_t r = 0; r < rk.nrows(); ++r) {
      if (cur.fix[r] != kFree) continue;
      const auto sr = static_cast<std::int32_t>(s[r]);
      // Child: everything fixed so far, and row r not as in s.
      Constraints child = cur;
      if (sr >= 0) {
        child.forbid.emplace_back(static_cast<std::int32_t>(r), sr);
      } else {
        child.must_match[r] = 1;
      }
      rk.set_row(solver, child, r);
      auto sol = rk.check(child, solver.solve());
      if (sol) {
        const std::size_t room = k - out.size();
        auto node = std::make_unique<Node>(Node{std::move(child), std::move(*sol), seq++});
        // Keep only as many candidates as can still be reported.
        if (queue.size() < room || NodeOrder{}(node.get(), *std::prev(queue.end()))) {
          queue.insert(node.get());
          store.push_back(std::move(node));
          if (queue.size() > room) queue.erase(std::prev(queue.end()));
        }
      }
      // Then fix row r as in s for the following children.
      cur.fix[r] = sr;
      rk.set_row(solver, cur, r);
    }
  }
  return out;
}

std::vector<CapacitatedResult> k_best_capacitated_assignments(const double* cost,
                                                              std::size_t nrows, std::size_t ncols,
                                                              const std::int64_t* capacity,
                                                              std::size_t k) {
  const SparseCost s = sparse_cost_from_dense(cost, nrows, ncols);
  return k_best_capacitated_assignments(s, capacity, k);
}

std::vector<RowAlternative> row_alternatives(const SparseCost& cost, const std::int64_t* capacity,
                                             const CapacitatedResult& best) {
  Ranker rk(cost, capacity);
  if (best.assigned.size() != rk.nrows()) {
    throw InvalidArgument("best", "has " + std::to_string(best.assigned.size()) +
                                      " rows; the cost matrix has " + std::to_string(rk.nrows()));
  }
  std::vector<RowAlternative> out(rk.nrows());
  Constraints k = rk.free_constraints();
  CapacitatedSolver solver = rk.make_solver(k);
  solver.solve();
  for (std::size_t r = 0; r < rk.nrows(); ++r) {
    const std::int64_t c = best.assigned[r];
    if (c < -1 || c >= static_cast<std::int64_t>(rk.ncols())) {
      throw InvalidArgument(index_path("best.assigned", r), "column " + std::to_string(c) +
                                                                " is outside -1.." +
                                                                std::to_string(rk.ncols()));
    }
    Constraints child = k;
    if (c >= 0) {
      child.forbid.emplace_back(static_cast<std::int32_t>(r), static_cast<std::int32_t>(c));
    } else {
      child.must_match[r] = 1;
    }
    rk.set_row(solver, child, r);
    auto sol = rk.check(child, solver.solve());
    if (sol) {
      RowAlternative& a = out[r];
      a.exists = true;
      a.col = sol->assigned[r];
      a.matched_change =
          static_cast<std::int64_t>(sol->matched) - static_cast<std::int64_t>(best.matched);
      a.cost_change = sol->total_cost - best.total_cost;
      a.solution = std::move(*sol);
    }
    rk.set_row(solver, k, r);
  }
  return out;
}

MaxCardinalityResult sparse_max_cardinality_assignment(const SparseCost& cost, bool maximize) {
  validate_sparse_cost(cost);
  SparseCost work = cost;
  if (maximize) {
    for (double& c : work.data) c = -c;
  }
  if (!work.data.empty()) {
    const double lo = *std::min_element(work.data.begin(), work.data.end());
    for (double& c : work.data) c -= lo;  // >= 0: the same optimum (one shift per matched row)
  }
  const std::vector<std::int64_t> ones(cost.ncols, 1);
  const CapacitatedResult res = capacitated_assignment(work, ones.data());
  MaxCardinalityResult out;
  for (std::size_t r = 0; r < cost.nrows; ++r) {
    const std::int64_t c = res.assigned[r];
    if (c < 0) {
      out.unmatched_rows.push_back(static_cast<std::int64_t>(r));
      continue;
    }
    out.rows.push_back(static_cast<std::int64_t>(r));
    out.cols.push_back(c);
    for (auto q = static_cast<std::size_t>(cost.indptr[r]);
         q < static_cast<std::size_t>(cost.indptr[r + 1]); ++q) {
      if (cost.indices[q] == c) {
        out.total_cost += cost.data[q];
        break;
      }
    }
  }
  return out;
}

}  // namespace homeward
