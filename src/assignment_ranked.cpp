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
#include <deque>
#include <functional>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <queue>
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
        throw InvalidArgument(
            cell, "NaN is not a cost (the cost matrix contains invalid numeric entries)");
      }
      if (c == -std::numeric_limits<double>::infinity()) {
        throw InvalidArgument(cell,
                              "-inf is not allowed (+inf forbids a pair; the cost matrix "
                              "contains invalid numeric entries)");
      }
    }
    s.indptr.push_back(static_cast<std::int64_t>(s.indices.size()));
  }
  return s;
}

namespace {

struct Constraints {
  std::vector<std::int32_t> fix;  // per row: kFree, -1 (unmatched) or a column
  std::vector<char> must_match;   // per row
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
  double shift() const { return shift_; }
  double surcharge() const { return surcharge_; }

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
      if (f < 0 && std::find(k.forbid.begin(), k.forbid.end(),
                             std::make_pair(static_cast<std::int32_t>(r), c)) != k.forbid.end()) {
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

namespace {

// The residual graph of an optimal capacitated solution, as a transportation
// problem: every row sends one unit to a column (cost c - shift) or to the
// "unmatched" node D (cost M); columns send to the sink T (capacity), D to T
// (unbounded). Nodes: rows 0..n-1, columns n..n+m-1, D = n+m, T = n+m+1.
// The best solution in which row r's outcome o changes is the optimum plus
// the cheapest cycle through the reverse arc o -> r, i.e. the shortest path
// r ~> o in the residual graph (a simple path never uses o -> r): one
// Dijkstra on reduced costs per row, stopped when o is settled.
class Residual {
 public:
  // `k` (may be null): rows fixed by it are left out of every cycle, its
  // forbidden pairs are no arcs, rows that must be matched have no arc to D.
  Residual(const SparseCost& cost, const std::vector<std::int64_t>& cap,
           const std::vector<std::int64_t>& x, double shift, double big,
           const Constraints* k = nullptr)
      : c_(cost), cap_(cap), x_(x), shift_(shift), big_(big), n_(cost.nrows), m_(cost.ncols) {
    blocked_.assign(n_, 0);
    no_d_.assign(n_, 0);
    forbid_.assign(n_, {});
    if (k != nullptr) {
      for (std::size_t r = 0; r < n_; ++r) {
        blocked_[r] = k->fix[r] != kFree ? 1 : 0;
        no_d_[r] = k->must_match[r] ? 1 : 0;
      }
      for (const auto& [r, c] : k->forbid) {
        if (c < 0) {
          no_d_[static_cast<std::size_t>(r)] = 1;
        } else {
          forbid_[static_cast<std::size_t>(r)].push_back(c);
        }
      }
    }
    used_.assign(m_, 0);
    holders_.assign(m_, {});
    for (std::size_t r = 0; r < n_; ++r) {
      if (x_[r] >= 0) {
        ++used_[static_cast<std::size_t>(x_[r])];
        holders_[static_cast<std::size_t>(x_[r])].push_back(r);
      } else {
        unmatched_.push_back(r);
      }
    }
    potentials();
  }

  std::size_t nodes() const { return n_ + m_ + 2; }
  std::size_t D() const { return n_ + m_; }
  std::size_t T() const { return n_ + m_ + 1; }

  // Calls f(to, cost) for every residual arc out of v.
  template <class F>
  void arcs(std::size_t v, F&& f) const {
    if (v < n_) {
      if (blocked_[v]) return;
      const auto lo = static_cast<std::size_t>(c_.indptr[v]);
      const auto hi = static_cast<std::size_t>(c_.indptr[v + 1]);
      const auto& fb = forbid_[v];
      for (std::size_t q = lo; q < hi; ++q) {
        const std::int64_t col = c_.indices[q];
        if (col == x_[v] || cap_[static_cast<std::size_t>(col)] == 0) continue;
        if (!fb.empty() &&
            std::find(fb.begin(), fb.end(), static_cast<std::int32_t>(col)) != fb.end()) {
          continue;
        }
        f(n_ + static_cast<std::size_t>(col), c_.data[q] - shift_);
      }
      if (x_[v] >= 0 && !no_d_[v]) f(D(), big_);
    } else if (v < n_ + m_) {
      const std::size_t col = v - n_;
      for (std::size_t r : holders_[col]) {
        if (!blocked_[r]) f(r, -(cost_of(r, static_cast<std::int64_t>(col)) - shift_));
      }
      if (used_[col] < cap_[col]) f(T(), 0.0);
    } else if (v == D()) {
      for (std::size_t r : unmatched_) {
        if (!blocked_[r]) f(r, -big_);
      }
      f(T(), 0.0);
    } else {  // T
      for (std::size_t col = 0; col < m_; ++col) {
        if (used_[col] > 0) f(n_ + col, 0.0);
      }
      if (!unmatched_.empty()) f(D(), 0.0);
    }
  }

  // For every row, the same as alternative(r), computed by one backward
  // Dijkstra per target (each used column, and D) instead of one forward
  // search per row: the distance of row r to its own outcome o in the search
  // backward from o is the cheapest path r ~> o. Each search stops when all
  // the rows whose outcome is o are settled.
  std::vector<std::optional<std::vector<std::int64_t>>> all_alternatives() {
    const std::size_t V = nodes();
    // Reverse adjacency with reduced costs.
    std::vector<std::size_t> start(V + 1, 0);
    std::vector<std::pair<std::size_t, double>> in;
    {
      std::vector<std::vector<std::pair<std::size_t, double>>> tmp(V);
      for (std::size_t u = 0; u < V; ++u) {
        arcs(u, [&](std::size_t v, double w) {
          tmp[v].emplace_back(u, std::max(0.0, w + pi_[u] - pi_[v]));
        });
      }
      for (std::size_t v = 0; v < V; ++v) {
        start[v + 1] = start[v] + tmp[v].size();
        in.insert(in.end(), tmp[v].begin(), tmp[v].end());
      }
    }
    std::vector<std::vector<std::size_t>> by_target(V);
    for (std::size_t r = 0; r < n_; ++r) {
      by_target[x_[r] >= 0 ? n_ + static_cast<std::size_t>(x_[r]) : D()].push_back(r);
    }
    std::vector<std::optional<std::vector<std::int64_t>>> out(n_);
    std::vector<double> dist(V);
    std::vector<std::size_t> succ(V);
    std::vector<char> done(V);
    using Item = std::pair<double, std::size_t>;
    for (std::size_t target = n_; target < V; ++target) {
      const auto& rows = by_target[target];
      if (rows.empty()) continue;
      std::fill(dist.begin(), dist.end(), std::numeric_limits<double>::infinity());
      std::fill(succ.begin(), succ.end(), V);
      std::fill(done.begin(), done.end(), 0);
      std::priority_queue<Item, std::vector<Item>, std::greater<Item>> heap;
      dist[target] = 0.0;
      heap.emplace(0.0, target);
      std::size_t left = rows.size();
      while (!heap.empty() && left > 0) {
        const auto [d, v] = heap.top();
        heap.pop();
        if (done[v] || d > dist[v]) continue;
        done[v] = 1;
        if (v < n_ && (x_[v] >= 0 ? n_ + static_cast<std::size_t>(x_[v]) : D()) == target) --left;
        for (std::size_t q = start[v]; q < start[v + 1]; ++q) {
          const auto [u, w] = in[q];
          if (done[u]) continue;
          const double nd = d + w;
          if (nd < dist[u] || (nd == dist[u] && v < succ[u])) {
            dist[u] = nd;
            succ[u] = v;
            heap.emplace(nd, u);
          }
        }
      }
      for (std::size_t r : rows) {
        if (!done[r]) continue;
        std::vector<std::int64_t> y = x_;
        for (std::size_t u = r; u != target;) {
          const std::size_t v = succ[u];
          if (u < n_) {
            if (v >= n_ && v < n_ + m_) y[u] = static_cast<std::int64_t>(v - n_);
            if (v == D()) y[u] = -1;
          }
          u = v;
        }
        out[r] = std::move(y);
      }
    }
    return out;
  }

  // Leave row r out of every later cycle (Murty: fixed for the next parts).
  void block(std::size_t r) { blocked_[r] = 1; }

  double cost_of(std::size_t r, std::int64_t col) const {
    const auto lo = static_cast<std::size_t>(c_.indptr[r]);
    const auto hi = static_cast<std::size_t>(c_.indptr[r + 1]);
    for (std::size_t q = lo; q < hi; ++q) {
      if (c_.indices[q] == col) return c_.data[q];
    }
    return 0.0;
  }

  // Shortest path r ~> o (o: the column node or D); returns the new
  // assignment, or nothing when o is unreachable.
  std::optional<std::vector<std::int64_t>> alternative(std::size_t r) {
    const std::size_t target = x_[r] >= 0 ? n_ + static_cast<std::size_t>(x_[r]) : D();
    const std::size_t V = nodes();
    dist_.assign(V, std::numeric_limits<double>::infinity());
    pred_.assign(V, V);
    done_.assign(V, 0);
    using Item = std::pair<double, std::size_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> heap;
    dist_[r] = 0.0;
    heap.emplace(0.0, r);
    while (!heap.empty()) {
      // (Plain variables, not a structured binding: C++17 lambdas cannot capture those.)
      const double d = heap.top().first;
      const std::size_t v = heap.top().second;
      heap.pop();
      if (done_[v] || d > dist_[v]) continue;
      done_[v] = 1;
      if (v == target) break;
      arcs(v, [&](std::size_t to, double w) {
        if (done_[to]) return;
        // Reduced costs are >= 0 at an optimum (up to rounding: clamp).
        const double nd = d + std::max(0.0, w + pi_[v] - pi_[to]);
        if (nd < dist_[to] || (nd == dist_[to] && v < pred_[to])) {
          dist_[to] = nd;
          pred_[to] = v;
          heap.emplace(nd, to);
        }
      });
    }
    if (!done_[target]) return std::nullopt;
    std::vector<std::int64_t> y = x_;
    for (std::size_t v = target; v != r;) {
      const std::size_t u = pred_[v];
      if (u < n_) {
        if (v >= n_ && v < n_ + m_) y[u] = static_cast<std::int64_t>(v - n_);
        if (v == D()) y[u] = -1;
      }
      v = u;
    }
    return y;
  }

 private:
  // Bellman-Ford (queue-based) from a virtual source linked to every node:
  // potentials that make every residual arc's reduced cost >= 0.
  void potentials() {
    const std::size_t V = nodes();
    pi_.assign(V, 0.0);
    std::deque<std::size_t> queue;
    std::vector<char> in(V, 1);
    std::vector<std::size_t> passes(V, 0);
    for (std::size_t v = 0; v < V; ++v) queue.push_back(v);
    while (!queue.empty()) {
      const std::size_t v = queue.front();
      queue.pop_front();
      in[v] = 0;
      if (++passes[v] > V + 1) continue;  // rounding-level cycles: stop relaxing
      arcs(v, [&](std::size_t to, double w) {
        const double nd = pi_[v] + w;
        if (nd < pi_[to] - 1e-12 * (1.0 + std::fabs(nd))) {
          pi_[to] = nd;
          if (!in[to]) {
            in[to] = 1;
            queue.push_back(to);
          }
        }
      });
    }
  }

  const SparseCost& c_;
  const std::vector<std::int64_t>& cap_;
  const std::vector<std::int64_t>& x_;
  double shift_, big_;
  std::size_t n_, m_;
  std::vector<char> blocked_, no_d_;
  std::vector<std::vector<std::int32_t>> forbid_;
  std::vector<std::int64_t> used_;
  std::vector<std::vector<std::size_t>> holders_;
  std::vector<std::size_t> unmatched_;
  std::vector<double> pi_, dist_;
  std::vector<std::size_t> pred_;
  std::vector<char> done_;
};

}  // namespace

std::vector<CapacitatedResult> k_best_capacitated_assignments(const SparseCost& cost,
                                                              const std::int64_t* capacity,
                                                              std::size_t k) {
  Ranker rk(cost, capacity);
  std::vector<CapacitatedResult> out;
  if (k == 0) return out;
  const std::vector<std::int64_t> cap(capacity, capacity + rk.ncols());
  auto finish = [&](std::vector<std::int64_t> y) {
    CapacitatedResult r;
    r.assigned = std::move(y);
    for (std::size_t q = 0; q < rk.nrows(); ++q) {
      const std::int64_t c = r.assigned[q];
      if (c < 0) continue;
      ++r.matched;
      r.total_cost += rk.pair_cost(q, c);
    }
    return r;
  };
  std::vector<std::unique_ptr<Node>> store;
  std::set<Node*, NodeOrder> queue;
  std::uint64_t seq = 0;
  store.push_back(std::make_unique<Node>(
      Node{rk.free_constraints(), finish(capacitated_assignment(cost, capacity).assigned), seq++}));
  queue.insert(store.back().get());
  while (!queue.empty() && out.size() < k) {
    Node* best = *queue.begin();
    queue.erase(queue.begin());
    out.push_back(best->sol);
    if (out.size() == k) break;
    // Every other solution of this part differs from `s` on some free row:
    // part t fixes the free rows before r_t as in s and changes r_t. The best
    // of part t is s plus the cheapest cycle through r_t's arc in the
    // residual graph of s without the rows fixed so far (s is optimal for
    // the node, so the reduced costs stay >= 0 and every other cycle of the
    // difference costs >= 0).
    const std::vector<std::int64_t> s = best->sol.assigned;
    Constraints cur = std::move(best->k);
    Residual g(cost, cap, s, rk.shift(), rk.surcharge(), &cur);
    for (std::size_t r = 0; r < rk.nrows(); ++r) {
      if (cur.fix[r] != kFree) continue;
      const auto sr = static_cast<std::int32_t>(s[r]);
      const std::size_t room = k - out.size();
      if (auto y = g.alternative(r)) {
        CapacitatedResult sol = finish(std::move(*y));
        Node probe{{}, sol, seq};
        if (queue.size() < room || NodeOrder{}(&probe, *std::prev(queue.end()))) {
          Constraints child = cur;
          if (sr >= 0) {
            child.forbid.emplace_back(static_cast<std::int32_t>(r), sr);
          } else {
            child.must_match[r] = 1;
          }
          store.push_back(std::make_unique<Node>(Node{std::move(child), std::move(sol), seq++}));
          queue.insert(store.back().get());
          if (queue.size() > room) queue.erase(std::prev(queue.end()));
        }
      }
      cur.fix[r] = sr;  // fixed as in s for the following parts
      g.block(r);
    }
  }
  return out;
}

std::vector<CapacitatedResult> k_best_capacitated_assignments(const double* cost, std::size_t nrows,
                                                              std::size_t ncols,
                                                              const std::int64_t* capacity,
                                                              std::size_t k) {
  const SparseCost s = sparse_cost_from_dense(cost, nrows, ncols);
  return k_best_capacitated_assignments(s, capacity, k);
}

std::vector<RowAlternative> row_alternatives(const SparseCost& cost, const std::int64_t* capacity,
                                             const CapacitatedResult& best) {
  Ranker rk(cost, capacity);  // validates cost and capacity
  if (best.assigned.size() != rk.nrows()) {
    throw InvalidArgument("best", "has " + std::to_string(best.assigned.size()) +
                                      " rows; the cost matrix has " + std::to_string(rk.nrows()));
  }
  const std::vector<std::int64_t> cap(capacity, capacity + rk.ncols());
  std::vector<std::int64_t> load(rk.ncols(), 0);
  for (std::size_t r = 0; r < rk.nrows(); ++r) {
    const std::int64_t c = best.assigned[r];
    if (c < -1 || c >= static_cast<std::int64_t>(rk.ncols()) ||
        (c >= 0 && std::isnan(rk.pair_cost(r, c)))) {
      throw InvalidArgument(
          index_path("best.assigned", r),
          "column " + std::to_string(c) + " is not an allowed column of row " + std::to_string(r));
    }
    if (c >= 0 && ++load[static_cast<std::size_t>(c)] > cap[static_cast<std::size_t>(c)]) {
      throw InvalidArgument(index_path("best.assigned", r),
                            "column " + std::to_string(c) + " is over its capacity");
    }
  }
  Residual g(cost, cap, best.assigned, rk.shift(), rk.surcharge());
  std::vector<RowAlternative> out(rk.nrows());
  auto all = g.all_alternatives();
  for (std::size_t r = 0; r < rk.nrows(); ++r) {
    auto& y = all[r];
    if (!y) continue;
    RowAlternative& a = out[r];
    a.exists = true;
    a.col = (*y)[r];
    a.solution.assigned = std::move(*y);
    for (std::size_t q = 0; q < rk.nrows(); ++q) {
      const std::int64_t c = a.solution.assigned[q];
      if (c < 0) continue;
      ++a.solution.matched;
      a.solution.total_cost += rk.pair_cost(q, c);
    }
    a.matched_change =
        static_cast<std::int64_t>(a.solution.matched) - static_cast<std::int64_t>(best.matched);
    a.cost_change = a.solution.total_cost - best.total_cost;
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
