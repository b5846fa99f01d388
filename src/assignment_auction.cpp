// Square sparse assignment with integer costs: an ε-scaling forward auction
// (Bertsekas), used by sparse_linear_sum_assignment ahead of the
// shortest-augmenting-path core when it applies.
//
// Applies when the problem is square (n rows, n columns, after the caller's
// transpose), every listed cost is an integer of magnitude <= 2^52, and the
// scaled range fits: costs are shifted to 0..R and multiplied by n + 1, so
// with ε = 1 in the last phase the ε-complementary-slackness bound (total
// within n·ε of the optimum) is below one unit of the original costs and the
// assignment is an exact optimum. The limit (R + 1)·(n + 1)^2 < 2^58 keeps
// every price and bid far from int64 overflow; prices are also checked
// against 2^61 during the run and the caller falls back when one gets there
// (it cannot for a feasible problem within the limit).
//
// Feasibility: a row or column without allowed pairs is refused up front.
// Otherwise the auction starts at once: if it ends, it has found a full
// assignment; if it has made 4·nnz + 16·n bids (far more than a feasible
// instance needs in practice) Hopcroft–Karp checks that a full assignment
// exists (without one the forward auction would never end) and the auction
// goes on only if so. When there is none the caller runs the shortest-path
// solver, which reports the Hall witness.
//
// Prices start at each column's best benefit (column reduction). Phases: ε
// starts at about R·(n+1)/kTheta and is divided by kTheta until it
// is 1. A phase keeps the previous phase's pairs that still satisfy ε-CS and
// re-bids for the others in a FIFO queue (rows in index order, displaced rows
// appended). A bid takes the row's best column (largest benefit - price; the
// first such in the row's listed order) and raises its price by the gap to
// the second best plus ε; a row with one allowed column bids as if its second
// best were R·(n+1) + ε below the best.
//
// Deterministic: no floating point after the integer conversion, a fixed
// processing order. Among tied optima the auction may pick a different one
// than the shortest-path solver.
#include "assignment_internal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace homeward::detail {

namespace {

constexpr std::int64_t kTheta = 10;  // ε reduction factor per phase
constexpr std::int64_t kPriceGuard = std::int64_t{1} << 61;

// Hopcroft–Karp: is there a matching saturating every row? (square CSR)
bool has_perfect_matching(const Csr& a) {
  const std::size_t n = a.nrows;
  std::vector<std::int32_t> mr(n, -1), mc(a.ncols, -1);
  std::size_t matched = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = a.ptr[i]; k < a.ptr[i + 1]; ++k) {
      const auto j = static_cast<std::size_t>(a.col[k]);
      if (mc[j] < 0) {
        mc[j] = static_cast<std::int32_t>(i);
        mr[i] = static_cast<std::int32_t>(j);
        ++matched;
        break;
      }
    }
  }
  std::vector<std::int32_t> dist(n), queue(n), stack;
  std::vector<std::size_t> it(n);
  constexpr std::int32_t kFar = std::numeric_limits<std::int32_t>::max();
  while (matched < n) {
    // BFS layers over rows from the free rows.
    std::size_t qh = 0, qt = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (mr[i] < 0) {
        dist[i] = 0;
        queue[qt++] = static_cast<std::int32_t>(i);
      } else {
        dist[i] = kFar;
      }
    }
    std::int32_t found = kFar;
    while (qh < qt) {
      const auto i = static_cast<std::size_t>(queue[qh++]);
      if (dist[i] >= found) continue;
      for (std::size_t k = a.ptr[i]; k < a.ptr[i + 1]; ++k) {
        const std::int32_t r = mc[static_cast<std::size_t>(a.col[k])];
        if (r < 0) {
          found = std::min(found, dist[i] + 1);
        } else if (dist[static_cast<std::size_t>(r)] == kFar) {
          dist[static_cast<std::size_t>(r)] = dist[i] + 1;
          queue[qt++] = r;
        }
      }
    }
    if (found == kFar) return false;
    // DFS (iterative) along the layers from each free row.
    std::size_t grown = 0;
    for (std::size_t i = 0; i < n; ++i) it[i] = a.ptr[i];
    for (std::size_t s = 0; s < n; ++s) {
      if (mr[s] >= 0) continue;
      stack.assign(1, static_cast<std::int32_t>(s));
      while (!stack.empty()) {
        const auto i = static_cast<std::size_t>(stack.back());
        bool advanced = false;
        while (it[i] < a.ptr[i + 1]) {
          const auto j = static_cast<std::size_t>(a.col[it[i]]);
          const std::int32_t r = mc[j];
          if (r < 0) {
            if (dist[i] + 1 == found) {
              // Augment along the stack.
              std::int32_t jj = static_cast<std::int32_t>(j);
              for (std::size_t d = stack.size(); d-- > 0;) {
                const auto row = static_cast<std::size_t>(stack[d]);
                const std::int32_t prev = mr[row];
                mr[row] = jj;
                mc[static_cast<std::size_t>(jj)] = static_cast<std::int32_t>(row);
                jj = prev;
              }
              ++grown;
              stack.clear();
              advanced = true;
              break;
            }
            ++it[i];
          } else if (dist[static_cast<std::size_t>(r)] == dist[i] + 1) {
            ++it[i];
            stack.push_back(r);
            advanced = true;
            break;
          } else {
            ++it[i];
          }
        }
        if (!advanced) {
          dist[i] = kFar;  // dead end
          stack.pop_back();
        }
      }
    }
    if (grown == 0) return false;
    matched += grown;
  }
  return true;
}

inline void prefetch(const void* p) {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(p);
#else
  (void)p;
#endif
}

// An allowed pair: its column and benefit -(scaled cost); B is int32 when
// the scaled range fits (half the memory traffic), else int64.
template <class B>
struct Arc {
  std::int32_t col;
  B benefit;
};

template <class B>
bool run_auction(const Csr& a, std::int64_t lo, std::int64_t scale, std::int64_t span,
                 std::vector<std::int32_t>& x) {
  const std::size_t n = a.nrows;
  std::vector<Arc<B>> arcs(a.col.size());
  for (std::size_t k = 0; k < arcs.size(); ++k) {
    arcs[k].col = a.col[k];
    arcs[k].benefit = static_cast<B>(-(static_cast<std::int64_t>(a.cost[k]) - lo) * scale);
  }
  const std::vector<std::size_t>& ptr = a.ptr;
  // Initial prices: each column at its best benefit over the rows (LAPJV's
  // column reduction in auction terms; shifted by span to stay >= 0; every
  // column has an arc). A row's first bid then starts near its true value.
  std::vector<std::int64_t> price(n, std::numeric_limits<std::int64_t>::min());
  for (const auto& arc : arcs) {
    auto& p = price[static_cast<std::size_t>(arc.col)];
    p = std::max<std::int64_t>(p, arc.benefit);
  }
  for (auto& p : price) p += span;
  std::vector<std::int32_t> row_of(n, -1);  // column -> row
  std::vector<std::int32_t> arc_of(n, -1);  // row -> its column's arc index (local)
  x.assign(n, -1);
  // FIFO of unassigned rows: at most n at a time, so a ring of n + 1.
  std::vector<std::int32_t> queue(n + 1);
  std::size_t qh = 0, qt = 0;
  const auto push = [&](std::int32_t r) {
    queue[qt] = r;
    if (++qt == queue.size()) qt = 0;
  };

  std::uint64_t bids = 0;
  const std::uint64_t budget = 4 * static_cast<std::uint64_t>(arcs.size()) + 16 * n;
  std::int64_t eps = std::max<std::int64_t>(1, span / kTheta);
  for (;;) {
    // Keep the pairs that satisfy ε-CS; queue the other rows.
    qh = qt = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (x[i] >= 0) {
        const std::size_t b = ptr[i], e = ptr[i + 1];
        const Arc<B>& mine = arcs[b + static_cast<std::size_t>(arc_of[i])];
        const std::int64_t have = mine.benefit - price[static_cast<std::size_t>(mine.col)];
        bool ok = true;
        for (std::size_t k = b; k < e; ++k) {
          if (arcs[k].benefit - price[static_cast<std::size_t>(arcs[k].col)] > have + eps) {
            ok = false;
            break;
          }
        }
        if (ok) continue;
        row_of[static_cast<std::size_t>(x[i])] = -1;
        x[i] = -1;
      }
      push(static_cast<std::int32_t>(i));
    }
    // Bid until every row is assigned.
    while (qh != qt) {
      const auto i = static_cast<std::size_t>(queue[qh]);
      if (++qh == queue.size()) qh = 0;
      const std::size_t b = ptr[i], e = ptr[i + 1];
      // Look ahead in the queue (the bids are memory-bound): the prices of
      // the next row's columns, the arcs of the row after it and the arc
      // range of the one after that.
      if (qh != qt) {
        const auto r1 = static_cast<std::size_t>(queue[qh]);
        for (std::size_t k = ptr[r1]; k < ptr[r1 + 1]; ++k) {
          prefetch(&price[static_cast<std::size_t>(arcs[k].col)]);
        }
        const std::size_t q2 = qh + 1 == queue.size() ? 0 : qh + 1;
        if (q2 != qt) {
          const auto r2 = static_cast<std::size_t>(queue[q2]);
          constexpr std::size_t kStep = 64 / sizeof(Arc<B>);
          for (std::size_t k = ptr[r2]; k < ptr[r2 + 1]; k += kStep) prefetch(&arcs[k]);
          const std::size_t q3 = q2 + 1 == queue.size() ? 0 : q2 + 1;
          if (q3 != qt) prefetch(&ptr[static_cast<std::size_t>(queue[q3])]);
        }
      }
      std::int64_t v1 = std::numeric_limits<std::int64_t>::min();
      std::int64_t v2 = v1;
      std::size_t best = b;
      for (std::size_t k = b; k < e; ++k) {
        const std::int64_t v = arcs[k].benefit - price[static_cast<std::size_t>(arcs[k].col)];
        // Branch-free top two (the comparisons are unpredictable).
        const bool up = v > v1;
        v2 = up ? v1 : std::max(v2, v);
        best = up ? k : best;
        v1 = up ? v : v1;
      }
      if (++bids == budget) {
        // Many bids: check that a full assignment exists (without one the
        // auction would bid forever); a bid count below the budget needs no
        // check, as an auction that ends has found one.
        if (!has_perfect_matching(a)) return false;
      }
      if (e - b == 1) v2 = v1 - span - eps;
      const auto j = static_cast<std::size_t>(arcs[best].col);
      const std::int64_t p = price[j] + (v1 - v2) + eps;
      if (p >= kPriceGuard) return false;
      price[j] = p;
      const std::int32_t prev = row_of[j];
      row_of[j] = static_cast<std::int32_t>(i);
      x[i] = static_cast<std::int32_t>(j);
      arc_of[i] = static_cast<std::int32_t>(best - b);
      if (prev >= 0) {
        x[static_cast<std::size_t>(prev)] = -1;
        push(prev);
      }
    }
    if (eps == 1) break;
    eps = std::max<std::int64_t>(1, eps / kTheta);
  }
  return true;
}

}  // namespace

bool integer_auction_assignment(const Csr& a, std::vector<std::int32_t>& x) {
  const std::size_t n = a.nrows;
  if (n == 0 || n != a.ncols) return false;
  // Integer costs of bounded size?
  constexpr double kMaxAbs = 4503599627370496.0;  // 2^52
  double cmin = std::numeric_limits<double>::infinity(), cmax = -cmin;
  for (const double c : a.cost) {
    if (!(std::fabs(c) <= kMaxAbs) || static_cast<double>(static_cast<std::int64_t>(c)) != c) {
      return false;
    }
    cmin = std::min(cmin, c);
    cmax = std::max(cmax, c);
  }
  if (a.cost.empty()) return false;
  // Every row and every column needs an allowed pair.
  for (std::size_t i = 0; i < n; ++i) {
    if (a.ptr[i] == a.ptr[i + 1]) return false;
  }
  {
    std::vector<char> seen(n, 0);
    std::size_t cols = 0;
    for (const auto j : a.col) {
      char& s = seen[static_cast<std::size_t>(j)];
      cols += s == 0;
      s = 1;
    }
    if (cols != n) return false;
  }
  const auto lo = static_cast<std::int64_t>(cmin);
  const auto range = static_cast<std::int64_t>(cmax) - lo;  // R, < 2^53
  const auto n1 = static_cast<long double>(n) + 1.0L;
  if ((static_cast<long double>(range) + 1.0L) * n1 * n1 >= 288230376151711744.0L) {  // 2^58
    return false;
  }
  const auto scale = static_cast<std::int64_t>(n) + 1;
  const std::int64_t span = range * scale;  // the scaled range
  if (span < std::numeric_limits<std::int32_t>::max()) {
    return run_auction<std::int32_t>(a, lo, scale, span, x);
  }
  return run_auction<std::int64_t>(a, lo, scale, span, x);
}

}  // namespace homeward::detail
