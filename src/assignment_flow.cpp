// Many-to-one assignment with capacities, sparse assignment, and the
// warm-start solver: one successive-shortest-path core.
//
// The problem is a min-cost flow source -> row (capacity 1) -> column
// (cost c[r][j]) -> sink (capacity[j]) with the lexicographic objective
// "largest flow, then least cost". Rows are added one at a time (in index
// order); after row r the flow is optimal for rows 0..r:
//  * if an augmenting path from r to the sink exists, the shortest one is
//    applied (the flow grows by one);
//  * otherwise r competes with matched rows: the cheapest cycle
//    source -> r -> ... -> column -> q -> source is applied when it is
//    negative (r takes a place and q loses it), else r stays unmatched.
// Both follow from decomposing the difference to any better flow into one
// path or cycle through the new row plus non-negative cycles.
//
// Shortest paths run Dijkstra over the columns with LAPJV-style reduced
// costs c[r][j] - v[j]; each matched row sits at a column of least reduced
// cost, column prices v are <= 0 and columns with spare capacity keep
// v = 0 (these invariants are what the warm start repairs).
//
// Tie-breaking: a row's first candidate is its lowest-index column of least
// reduced cost; the search settles columns in order of (distance, column
// index); a competing row keeps its place when the exchange would not lower
// the cost by more than 1e-12 of the cost scale, so earlier rows win ties.
// sparse_linear_sum_assignment sends square integer-cost inputs to the
// ε-scaling auction instead (assignment_auction.cpp), whose tie-breaking
// differs (the optimum its bidding reaches); everything else comes here.
//
// Speed (none of it changes which optimum is returned; outputs are
// bit-identical to the plain search, checked on random instances and
// change sequences):
//  * the search stops as soon as it settles a column with room whose
//    distance is the sink's (always so for square problems; otherwise when
//    every column with room has price 0). The plain search went on to
//    settle the whole plateau of columns at that distance, whose prices
//    move by 0 and which cannot change the path; with integer costs that
//    plateau was 90 % of the work on people x workers instances;
//  * sparse searches use an indexed 4-ary heap (decrease-key, keys stored
//    in the heap) with the same (distance, column) pop order as before;
//  * distance and price sit side by side (one cache line per column);
//  * rows listing every column in order (dense input) are relaxed two
//    columns at a time with SSE2, in the same floating-point order.
#include "assignment_internal.hpp"

#include "homeward/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace homeward {
namespace detail {

namespace {

// The valid indices of a container of n items, for range messages:
// index_range(2) -> "0..1", index_range(0) -> "no valid index (empty)".
[[maybe_unused]] std::string index_range(std::size_t n) {
  if (n == 0) return "no valid index (empty)";
  return "0.." + std::to_string(n - 1);
}
constexpr int kArrRounds = 2;  // rounds of augmenting row reduction
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

void throw_if_bad_dims(std::size_t nrows, std::size_t ncols) {
  const auto lim = static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max());
  if (nrows >= lim || ncols >= lim) {
    throw InvalidArgument("cost", "more than 2^31-2 rows or columns");
  }
}

Csr csr_from_dense(const double* cost, std::size_t nrows, std::size_t ncols, bool negate) {
  throw_if_bad_dims(nrows, ncols);
  if (nrows != 0 && ncols != 0 && cost == nullptr) throw InvalidArgument("cost", "is null");
  Csr a;
  a.nrows = nrows;
  a.ncols = ncols;
  a.ptr.assign(nrows + 1, 0);
  // One pass: validate and copy (room for every cell is reserved up front;
  // the dense matrix itself is that large).
  a.col.reserve(nrows * ncols);
  a.cost.reserve(nrows * ncols);
  for (std::size_t i = 0; i < nrows; ++i) {
    const double* ci = cost + i * ncols;
    for (std::size_t j = 0; j < ncols; ++j) {
      const double c = ci[j];
      if (std::fabs(c) < kInf) {  // finite (false for NaN and +-inf)
        a.col.push_back(static_cast<std::int32_t>(j));
        a.cost.push_back(negate ? -c : c);
        continue;
      }
      if (std::isnan(c)) {
        throw InvalidArgument(
            cell_path(i, j),
            "NaN is not a cost (the cost matrix contains invalid numeric entries)");
      }
      if ((c < 0) != negate) {
        throw InvalidArgument(cell_path(i, j),
                              negate ? "+inf is not allowed when maximising (-inf forbids a pair; "
                                       "the cost matrix contains invalid numeric entries)"
                                     : "-inf is not allowed (+inf forbids a pair; the cost matrix "
                                       "contains invalid numeric entries)");
      }
    }
    a.ptr[i + 1] = a.col.size();
  }
  if (a.col.size() < a.col.capacity() / 2) {  // mostly forbidden: give the room back
    a.col.shrink_to_fit();
    a.cost.shrink_to_fit();
  }
  return a;
}

}  // namespace detail

void validate_sparse_cost(const SparseCost& s) {
  detail::throw_if_bad_dims(s.nrows, s.ncols);
  if (s.indptr.size() != s.nrows + 1) {
    throw InvalidArgument("indptr",
                          "has " + std::to_string(s.indptr.size()) +
                              " entries; expected nrows + 1 = " + std::to_string(s.nrows + 1));
  }
  if (s.indices.size() != s.data.size()) {
    throw InvalidArgument("data", "has " + std::to_string(s.data.size()) +
                                      " entries but indices has " +
                                      std::to_string(s.indices.size()));
  }
  if (s.indptr[0] != 0) throw InvalidArgument("indptr[0]", "must be 0");
  for (std::size_t r = 0; r < s.nrows; ++r) {
    if (s.indptr[r + 1] < s.indptr[r]) {
      throw InvalidArgument(index_path("indptr", r + 1),
                            "decreases (indptr must be non-decreasing)");
    }
  }
  if (static_cast<std::size_t>(s.indptr[s.nrows]) != s.indices.size()) {
    throw InvalidArgument(index_path("indptr", s.nrows),
                          "is " + std::to_string(s.indptr[s.nrows]) + " but there are " +
                              std::to_string(s.indices.size()) + " entries");
  }
  std::vector<std::size_t> seen(s.ncols, static_cast<std::size_t>(-1));
  for (std::size_t r = 0; r < s.nrows; ++r) {
    for (auto k = static_cast<std::size_t>(s.indptr[r]);
         k < static_cast<std::size_t>(s.indptr[r + 1]); ++k) {
      const std::int64_t j = s.indices[k];
      if (j < 0 || static_cast<std::size_t>(j) >= s.ncols) {
        throw InvalidArgument(index_path("indices", k), "column " + std::to_string(j) +
                                                            " is outside " +
                                                            detail::index_range(s.ncols) +
                                                            " (row " + std::to_string(r) + ")");
      }
      if (seen[static_cast<std::size_t>(j)] == r) {
        throw InvalidArgument(
            index_path("indices", k),
            "column " + std::to_string(j) + " is listed twice in row " + std::to_string(r));
      }
      seen[static_cast<std::size_t>(j)] = r;
      if (!std::isfinite(s.data[k])) {
        throw InvalidArgument(index_path("data", k),
                              "costs of listed pairs must be finite (row " + std::to_string(r) +
                                  ", column " + std::to_string(j) + "); omit forbidden pairs");
      }
    }
  }
}

namespace detail {

Csr csr_from_sparse(const SparseCost& s, bool negate) {
  validate_sparse_cost(s);
  Csr a;
  a.nrows = s.nrows;
  a.ncols = s.ncols;
  a.ptr.resize(s.nrows + 1);
  for (std::size_t r = 0; r <= s.nrows; ++r) a.ptr[r] = static_cast<std::size_t>(s.indptr[r]);
  a.col.resize(s.indices.size());
  a.cost.resize(s.data.size());
  for (std::size_t k = 0; k < s.indices.size(); ++k) {
    a.col[k] = static_cast<std::int32_t>(s.indices[k]);
    a.cost[k] = negate ? -s.data[k] : s.data[k];
  }
  return a;
}

Csr transpose(const Csr& a) {
  Csr t;
  t.nrows = a.ncols;
  t.ncols = a.nrows;
  t.ptr.assign(a.ncols + 1, 0);
  for (const auto j : a.col) ++t.ptr[static_cast<std::size_t>(j) + 1];
  for (std::size_t j = 0; j < a.ncols; ++j) t.ptr[j + 1] += t.ptr[j];
  t.col.resize(a.col.size());
  t.cost.resize(a.cost.size());
  std::vector<std::size_t> next(t.ptr.begin(), t.ptr.end() - 1);
  for (std::size_t i = 0; i < a.nrows; ++i) {
    for (std::size_t k = a.ptr[i]; k < a.ptr[i + 1]; ++k) {
      const auto j = static_cast<std::size_t>(a.col[k]);
      const std::size_t p = next[j]++;
      t.col[p] = static_cast<std::int32_t>(i);
      t.cost[p] = a.cost[k];
    }
  }
  return t;
}

// ---------------------------------------------------------------------------
// The successive-shortest-path core.
class FlowCore {
 public:
  FlowCore(Csr a, std::vector<std::int64_t> cap) : a_(std::move(a)), cap_(std::move(cap)) {
    const std::size_t n = a_.nrows, m = a_.ncols;
    load_.assign(m, 0);
    members_.assign(m, {});
    x_.assign(n, -1);
    acost_.assign(n, 0.0);
    mpos_.assign(n, 0);
    active_.assign(n, 1);
    cs_.assign(m, ColState{kInf, 0.0});
    predk_.assign(m, 0);
    hpos_.assign(m, -1);
    owner_.assign(m, -1);
    unit_ = std::all_of(cap_.begin(), cap_.end(), [](std::int64_t c) { return c <= 1; });
    dense_.resize(n);
    for (std::size_t i = 0; i < n; ++i) dense_[i] = is_dense_row(i);
    ones_ = std::all_of(cap_.begin(), cap_.end(), [](std::int64_t c) { return c == 1; });
    update_scale();
  }

  enum class Outcome { matched, swapped, unmatched };

  std::size_t nrows() const { return a_.nrows; }
  std::size_t ncols() const { return a_.ncols; }

  // Process one free row. strict: throw the Hall witness instead of
  // leaving a row unmatched (cap must be 1 for the witness to be exact).
  Outcome process(std::size_t r, bool strict, bool rows_are_rows) {
    const std::size_t b = a_.ptr[r], e = a_.ptr[r + 1];
    if (b == e) {
      if (strict) throw_hall(rows_are_rows, {static_cast<std::int64_t>(r)}, {});
      return Outcome::unmatched;
    }
    // Fast path: the row's best column has room.
    double best = kInf;
    std::int32_t a = -1;
    std::size_t ka = b;
    for (std::size_t k = b; k < e; ++k) {
      const std::int32_t j = a_.col[k];
      const double h = a_.cost[k] - cs_[static_cast<std::size_t>(j)].v;
      if (h < best || (h == best && j < a)) {
        best = h;
        a = j;
        ka = k;
      }
    }
    const auto ua = static_cast<std::size_t>(a);
    if (load_[ua] < cap_[ua] && (square_ || cs_[ua].v == 0.0)) {
      attach(r, ua, a_.cost[ka]);
      return Outcome::matched;
    }
    return search(r, strict, rows_are_rows);
  }

  // Square assignment (n == m, every capacity 1): all columns end matched, so
  // free columns need no price condition and LAPJV's initialisation applies:
  // column reduction, reduction transfer and two rounds of augmenting row
  // reduction (each capped at 30n + 64 row steps; 8n + 64 left 5x more rows to the
  // search on uniform costs, which cost more than the extra steps). Returns the rows
  // left free, in order.
  std::vector<std::size_t> init_square() {
    square_ = true;
    const std::size_t n = a_.nrows;
    // The initialisation works on plain arrays (prices, row -> column,
    // column -> row, the arc of each row's column) and hands its result to
    // the core at the end: the augmenting row reduction is a long chain of
    // small random accesses, and the core's per-column member lists would
    // triple them. Same steps, same result as working on the core directly.
    std::vector<double> v(n, 0.0);
    std::vector<std::int32_t> x(n, -1), y(n, -1);
    std::vector<std::size_t> xk(n, 0);
    std::vector<std::size_t> free_rows;
    const auto put = [&](std::size_t i, std::size_t j, std::size_t k) {
      x[i] = static_cast<std::int32_t>(j);
      y[j] = static_cast<std::int32_t>(i);
      xk[i] = k;
    };
    {
      std::vector<double> colmin(n, kInf);
      std::vector<std::int64_t> argmin(n, -1);
      std::vector<std::size_t> argk(n, 0);
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t k = a_.ptr[i]; k < a_.ptr[i + 1]; ++k) {
          const auto j = static_cast<std::size_t>(a_.col[k]);
          if (a_.cost[k] < colmin[j]) {
            colmin[j] = a_.cost[k];
            argmin[j] = static_cast<std::int64_t>(i);
            argk[j] = k;
          }
        }
      }
      std::vector<int> matches(n, 0);
      for (std::size_t jj = n; jj-- > 0;) {
        if (argmin[jj] < 0) continue;  // an empty column: the search reports it
        v[jj] = colmin[jj];
        const auto i = static_cast<std::size_t>(argmin[jj]);
        if (++matches[i] == 1) {
          put(i, jj, argk[jj]);
        } else if (v[jj] < v[static_cast<std::size_t>(x[i])]) {
          y[static_cast<std::size_t>(x[i])] = -1;
          put(i, jj, argk[jj]);
        }
      }
      for (std::size_t i = 0; i < n; ++i) {
        if (x[i] < 0) {
          free_rows.push_back(i);
        } else if (matches[i] == 1) {
          const auto j1 = static_cast<std::size_t>(x[i]);
          double mn = kInf;
          for (std::size_t k = a_.ptr[i]; k < a_.ptr[i + 1]; ++k) {
            const auto j = static_cast<std::size_t>(a_.col[k]);
            if (j == j1) continue;
            mn = std::min(mn, a_.cost[k] - v[j]);
          }
          if (mn < kInf) v[j1] = a_.cost[xk[i]] - mn;
        }
      }
    }
    for (int round = 0; round < kArrRounds && !free_rows.empty(); ++round) {
      std::size_t k = 0;
      const std::size_t prev = free_rows.size();
      std::vector<std::size_t> next;
      std::size_t budget = 30 * n + 64;
      auto& fr = free_rows;
      while (k < prev) {
        const std::size_t i = fr[k++];
        if (budget == 0) {
          next.push_back(i);
          continue;
        }
        --budget;
        double umin = kInf, usub = kInf;
        std::int64_t j1 = -1, j2 = -1;
        std::size_t k1 = 0, k2 = 0;
        for (std::size_t q = a_.ptr[i]; q < a_.ptr[i + 1]; ++q) {
          const auto j = static_cast<std::int64_t>(a_.col[q]);
          const double h = a_.cost[q] - v[static_cast<std::size_t>(j)];
          if (h < usub) {
            if (h >= umin) {
              usub = h;
              j2 = j;
              k2 = q;
            } else {
              usub = umin;
              j2 = j1;
              k2 = k1;
              umin = h;
              j1 = j;
              k1 = q;
            }
          }
        }
        if (j1 < 0) {
          next.push_back(i);
          continue;
        }
        const bool strict = umin < usub;
        std::int64_t jsel = j1;
        std::size_t ksel = k1;
        if (strict) {
          if (usub < kInf) v[static_cast<std::size_t>(j1)] -= (usub - umin);
        } else if (y[static_cast<std::size_t>(j1)] >= 0) {
          jsel = j2;
          ksel = k2;
        }
        const auto uj = static_cast<std::size_t>(jsel);
        const std::int64_t i0 = y[uj];
        if (i0 >= 0 && strict && usub == kInf) {
          next.push_back(i);  // its only column is taken: leave it to the search
          continue;
        }
        if (i0 >= 0) x[static_cast<std::size_t>(i0)] = -1;
        put(i, uj, ksel);
        if (i0 >= 0) {
          if (strict) {
            fr[--k] = static_cast<std::size_t>(i0);
          } else {
            next.push_back(static_cast<std::size_t>(i0));
          }
        }
      }
      free_rows.swap(next);
    }
    for (std::size_t j = 0; j < n; ++j) cs_[j].v = v[j];
    for (std::size_t i = 0; i < n; ++i) {
      if (x[i] >= 0) attach(i, static_cast<std::size_t>(x[i]), a_.cost[xk[i]]);
    }
    return free_rows;
  }

  void detach(std::size_t q) {
    const auto j = static_cast<std::size_t>(x_[q]);
    auto& mem = members_[j];
    const std::size_t p = mpos_[q];
    const std::int32_t last = mem.back();
    mem[p] = last;
    mpos_[static_cast<std::size_t>(last)] = p;
    mem.pop_back();
    owner_[j] = mem.empty() ? -1 : mem.front();
    --load_[j];
    x_[q] = -1;
  }

  void attach(std::size_t q, std::size_t j, double c) {
    x_[q] = static_cast<std::int32_t>(j);
    acost_[q] = c;
    mpos_[q] = members_[j].size();
    members_[j].push_back(static_cast<std::int32_t>(q));
    owner_[j] = members_[j].front();
    ++load_[j];
  }

  CapacitatedResult result() const {
    CapacitatedResult out;
    out.assigned.resize(a_.nrows);
    double total = 0.0;
    for (std::size_t i = 0; i < a_.nrows; ++i) {
      out.assigned[i] = x_[i];
      if (x_[i] >= 0) {
        ++out.matched;
        total += acost_[i];
      }
    }
    out.total_cost = total;
    return out;
  }

  const std::vector<std::int32_t>& x() const { return x_; }

  // ---- warm-start support -------------------------------------------------
  bool is_active(std::size_t r) const { return active_[r] != 0; }

  // Make a column with spare capacity satisfy v = 0 again, unassigning the
  // matched rows that would no longer sit at a least-reduced-cost column,
  // and repeat for the columns they leave. Unassigned rows go to `freed`.
  void restore_spare_prices(std::vector<std::size_t> cols, std::vector<std::size_t>& freed) {
    while (true) {
      bool raised = false;
      for (const auto j : cols) {
        if (load_[j] < cap_[j] && cs_[j].v < 0.0) {
          cs_[j].v = 0.0;
          raised = true;
        }
      }
      if (!raised) return;
      cols.clear();
      for (std::size_t q = 0; q < a_.nrows; ++q) {
        if (x_[q] < 0) continue;
        const auto jq = static_cast<std::size_t>(x_[q]);
        const double uq = acost_[q] - cs_[jq].v;
        for (std::size_t k = a_.ptr[q]; k < a_.ptr[q + 1]; ++k) {
          const auto j = static_cast<std::size_t>(a_.col[k]);
          if (a_.cost[k] - cs_[j].v < uq) {
            detach(q);
            freed.push_back(q);
            cols.push_back(jq);
            break;
          }
        }
      }
    }
  }

  void remove_row(std::size_t r, std::vector<std::size_t>& freed) {
    active_[r] = 0;
    if (x_[r] >= 0) {
      const auto j = static_cast<std::size_t>(x_[r]);
      detach(r);
      restore_spare_prices({j}, freed);
    }
  }

  void set_capacity(std::size_t j, std::int64_t c, std::vector<std::size_t>& freed) {
    if (load_[j] > c) {
      while (!members_[j].empty()) {
        const auto q = static_cast<std::size_t>(members_[j].back());
        detach(q);
        freed.push_back(q);
      }
    }
    cap_[j] = c;
    unit_ = std::all_of(cap_.begin(), cap_.end(), [](std::int64_t x) { return x <= 1; });
    ones_ = std::all_of(cap_.begin(), cap_.end(), [](std::int64_t x) { return x == 1; });
    restore_spare_prices({j}, freed);
  }

  // Replace row r's arcs (r < nrows) or append a row (r == nrows).
  void set_row(std::size_t r, const std::vector<std::int32_t>& cols,
               const std::vector<double>& costs, std::vector<std::size_t>& freed) {
    if (r < a_.nrows && x_[r] >= 0) {
      const auto j = static_cast<std::size_t>(x_[r]);
      detach(r);
      restore_spare_prices({j}, freed);
    }
    if (r == a_.nrows) {
      a_.col.insert(a_.col.end(), cols.begin(), cols.end());
      a_.cost.insert(a_.cost.end(), costs.begin(), costs.end());
      a_.ptr.push_back(a_.col.size());
      ++a_.nrows;
      x_.push_back(-1);
      acost_.push_back(0.0);
      mpos_.push_back(0);
      active_.push_back(1);
      dense_.push_back(is_dense_row(r));
    } else {
      const std::size_t b = a_.ptr[r], e = a_.ptr[r + 1];
      const auto delta =
          static_cast<std::ptrdiff_t>(cols.size()) - static_cast<std::ptrdiff_t>(e - b);
      a_.col.erase(a_.col.begin() + static_cast<std::ptrdiff_t>(b),
                   a_.col.begin() + static_cast<std::ptrdiff_t>(e));
      a_.col.insert(a_.col.begin() + static_cast<std::ptrdiff_t>(b), cols.begin(), cols.end());
      a_.cost.erase(a_.cost.begin() + static_cast<std::ptrdiff_t>(b),
                    a_.cost.begin() + static_cast<std::ptrdiff_t>(e));
      a_.cost.insert(a_.cost.begin() + static_cast<std::ptrdiff_t>(b), costs.begin(), costs.end());
      for (std::size_t k = r + 1; k <= a_.nrows; ++k) {
        a_.ptr[k] = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(a_.ptr[k]) + delta);
      }
      active_[r] = 1;
      dense_[r] = is_dense_row(r);
    }
    update_scale();
  }

 private:
  void update_scale() {
    // Scan for the minimum when rows are dense over few columns.
    scan_ = a_.ncols <= 4096 && a_.nrows > 0 && a_.col.size() / a_.nrows >= a_.ncols / 8 + 1;
    double s = 0.0;
    for (const double c : a_.cost) s = std::max(s, std::fabs(c));
    eps_ = 1e-12 * std::max(1.0, s) * 4.0;
  }

  // Whether row i lists every column in order (dense input): such rows are
  // relaxed by a contiguous, vectorisable loop.
  char is_dense_row(std::size_t i) const {
    const std::size_t b = a_.ptr[i], e = a_.ptr[i + 1];
    if (e - b != a_.ncols) return 0;
    for (std::size_t k = b; k < e; ++k) {
      if (a_.col[k] != static_cast<std::int32_t>(k - b)) return 0;
    }
    return 1;
  }

  // The row holding arc k (a_.ptr is non-decreasing; empty rows share a
  // value, and the last row whose start is <= k is the one holding it).
  std::size_t row_of(std::size_t k) const {
    const auto it = std::upper_bound(a_.ptr.begin(), a_.ptr.end(), k);
    return static_cast<std::size_t>(it - a_.ptr.begin()) - 1;
  }

  // An indexed 4-ary min-heap of unsettled columns keyed by (d, column):
  // the same pop order as a lazy binary heap of (d, column) entries, but
  // one entry per column (decrease-key instead of duplicate pushes). Keys
  // are stored in the heap so that comparisons read contiguous memory.
  struct HeapEntry {
    double d;
    std::int32_t j;
  };
  static bool hless(const HeapEntry& a, const HeapEntry& b) {
    return a.d < b.d || (a.d == b.d && a.j < b.j);
  }
  void hplace(std::size_t i, const HeapEntry& e) {
    heap_[i] = e;
    hpos_[static_cast<std::size_t>(e.j)] = static_cast<std::int32_t>(i);
  }
  void sift_up(std::size_t i, const HeapEntry& e) {
    while (i > 0) {
      const std::size_t p = (i - 1) / 4;
      if (!hless(e, heap_[p])) break;
      hplace(i, heap_[p]);
      i = p;
    }
    hplace(i, e);
  }
  void sift_down(std::size_t i, const HeapEntry& e) {
    const std::size_t n = heap_.size();
    while (true) {
      const std::size_t c0 = 4 * i + 1;
      if (c0 >= n) break;
      std::size_t best = c0;
      const std::size_t ce = std::min(c0 + 4, n);
      for (std::size_t c = c0 + 1; c < ce; ++c) {
        if (hless(heap_[c], heap_[best])) best = c;
      }
      if (!hless(heap_[best], e)) break;
      hplace(i, heap_[best]);
      i = best;
    }
    hplace(i, e);
  }
  // cs_[j].d has just decreased.
  void heap_update(std::int32_t j) {
    const HeapEntry e{cs_[static_cast<std::size_t>(j)].d, j};
    const std::int32_t p = hpos_[static_cast<std::size_t>(j)];
    if (p < 0) {
      heap_.push_back(e);
      sift_up(heap_.size() - 1, e);
    } else {
      sift_up(static_cast<std::size_t>(p), e);
    }
  }
  std::int32_t heap_pop() {
    const std::int32_t top = heap_.front().j;
    hpos_[static_cast<std::size_t>(top)] = -1;
    const HeapEntry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0, last);
    return top;
  }

  // Per column: the search's distance d (kInf untouched, -inf settled) and
  // the price v, side by side so that a relaxation touches one cache line.
  struct ColState {
    double d;
    double v;
  };

  // Relax a row listing every column in order: h = dj + c[j] - v[j] - u
  // (the same expression, evaluated in the same order, as the sparse loop).
  // Settled columns hold d = -inf, so the test also skips them.
  static void relax_dense(ColState* __restrict cs, std::size_t* __restrict pk,
                          const double* __restrict c, std::size_t m, double dj, double u,
                          std::size_t kb) {
    std::size_t jj = 0;
#if defined(__SSE2__)
    // Two columns at a time; IEEE double arithmetic in the same order as
    // the scalar expression, so the results are bit-identical.
    static_assert(sizeof(std::size_t) == 8, "64-bit arc indices");
    static_assert(sizeof(ColState) == 16, "packed column state");
    const __m128d vdj = _mm_set1_pd(dj), vu = _mm_set1_pd(u);
    __m128i vk = _mm_set_epi64x(static_cast<long long>(kb + 1), static_cast<long long>(kb));
    const __m128i two = _mm_set1_epi64x(2);
    auto* const raw = reinterpret_cast<double*>(cs);
    for (; jj + 2 <= m; jj += 2) {
      const __m128d a0 = _mm_loadu_pd(raw + 2 * jj);      // d0 v0
      const __m128d a1 = _mm_loadu_pd(raw + 2 * jj + 2);  // d1 v1
      const __m128d old = _mm_unpacklo_pd(a0, a1);        // d0 d1
      const __m128d vv = _mm_unpackhi_pd(a0, a1);         // v0 v1
      const __m128d h = _mm_sub_pd(_mm_sub_pd(_mm_add_pd(vdj, _mm_loadu_pd(c + jj)), vv), vu);
      const __m128d lt = _mm_cmplt_pd(h, old);
      if (_mm_movemask_pd(lt) != 0) {
        const __m128d nd = _mm_or_pd(_mm_and_pd(lt, h), _mm_andnot_pd(lt, old));
        _mm_storeu_pd(raw + 2 * jj, _mm_unpacklo_pd(nd, vv));
        _mm_storeu_pd(raw + 2 * jj + 2, _mm_unpackhi_pd(nd, vv));
        const __m128i lti = _mm_castpd_si128(lt);
        auto* const pkv = reinterpret_cast<__m128i*>(pk + jj);
        const __m128i oldk = _mm_loadu_si128(pkv);
        _mm_storeu_si128(pkv, _mm_or_si128(_mm_and_si128(lti, vk), _mm_andnot_si128(lti, oldk)));
      }
      vk = _mm_add_epi64(vk, two);
    }
#endif
    for (; jj < m; ++jj) {
      const double h = dj + c[jj] - cs[jj].v - u;
      if (h < cs[jj].d) {
        cs[jj].d = h;
        pk[jj] = kb + jj;
      }
    }
  }

  bool room_prices_zero() const {
    for (std::size_t j = 0; j < a_.ncols; ++j) {
      if (load_[j] < cap_[j] && cs_[j].v != 0.0) return false;
    }
    return true;
  }

  void relax(std::size_t j, double h, std::size_t k) {
    if (h < cs_[j].d) {
      if (cs_[j].d == kInf) touched_.push_back(static_cast<std::int32_t>(j));
      cs_[j].d = h;
      predk_[j] = k;
      if (!scan_) heap_update(static_cast<std::int32_t>(j));
    }
  }

  Outcome search(std::size_t r, bool strict, bool rows_are_rows) {
    const std::size_t m = a_.ncols;
    heap_.clear();
    touched_.clear();
    settled_list_.clear();
    settled_dist_.clear();
    all_touched_ = false;
    for (std::size_t k = a_.ptr[r]; k < a_.ptr[r + 1]; ++k) {
      const auto j = static_cast<std::size_t>(a_.col[k]);
      relax(j, a_.cost[k] - cs_[j].v, k);
    }
    // All columns full: the sink is unreachable, so a competing-row search
    // may stop once no cycle can beat the best found.
    bool no_room = !strict;
    for (std::size_t j = 0; j < m && no_room; ++j) {
      if (load_[j] < cap_[j]) no_room = false;
    }
    double umax = -kInf;
    if (no_room && !strict) {
      for (std::size_t q = 0; q < a_.nrows; ++q) {
        if (x_[q] >= 0) umax = std::max(umax, acost_[q] - cs_[static_cast<std::size_t>(x_[q])].v);
      }
    }
    double best_sink = kInf;
    std::int32_t sink_col = -1;
    double best_drop = -eps_;
    std::int32_t drop_row = -1, drop_col = -1;
    double L = 0.0;
    bool reached_sink = false;
    int room_zero = -1;  // every column with room has price 0 (-1: not yet known)
    ColState* const cs = cs_.data();
    std::size_t* const pk = predk_.data();
    while (true) {
      // The unsettled column of least (d, index); settled columns hold
      // d = -inf.
      double bd = kInf;
      std::int32_t bj = -1;
      if (scan_) {
        // Dense rows over few columns: a linear scan for the minimum is
        // cheaper than keeping a heap through hundreds of improvements.
        if (all_touched_) {
          for (std::size_t j = 0; j < m; ++j) {
            const double dd = cs[j].d;
            if (dd < bd && dd != -kInf) {
              bd = dd;
              bj = static_cast<std::int32_t>(j);
            }
          }
        } else {
          for (const std::int32_t j : touched_) {
            const double dd = cs[static_cast<std::size_t>(j)].d;
            if (dd == -kInf) continue;
            if (dd < bd || (dd == bd && j < bj)) {
              bd = dd;
              bj = j;
            }
          }
        }
      } else if (!heap_.empty()) {
        bj = heap_pop();
        bd = cs[static_cast<std::size_t>(bj)].d;
      }
      // The sink (reached through a column with room) loses ties.
      if (sink_col >= 0 && (bj < 0 || best_sink < bd)) {
        reached_sink = true;
        L = best_sink;
        break;
      }
      if (bj < 0) break;
      const auto j = static_cast<std::size_t>(bj);
      if (no_room && !strict && bd - umax >= best_drop) {
        L = bd;
        break;
      }
      cs[j].d = -kInf;
      settled_list_.push_back(bj);
      settled_dist_.push_back(bd);
      L = bd;
      const double dj = bd;
      const std::int32_t own = owner_[j];
      // Every capacity 1: a column has room exactly when it has no owner
      // (one array access instead of two on this memory-bound path).
      if (ones_ ? own < 0 : load_[j] < cap_[j]) {
        const double cand = square_ ? dj : dj + cs[j].v;
        if (cand < best_sink) {
          best_sink = cand;
          sink_col = bj;
        }
        // Early exit: when cand == dj and no column with room has a
        // nonzero price (always so for square problems, where cand is d),
        // every later column has d >= dj and so cannot offer a strictly
        // cheaper sink; the columns the full search would still settle
        // have d == L, whose prices move by 0, and the path is fixed. So
        // stopping here gives exactly the same result, without settling
        // (and expanding) the plateau of columns at distance L.
        if (square_) {
          reached_sink = true;
          L = best_sink;
          break;
        }
        if (cand == dj && m <= 4096) {
          if (room_zero < 0) room_zero = room_prices_zero() ? 1 : 0;
          if (room_zero == 1) {
            reached_sink = true;
            L = best_sink;
            break;
          }
        }
      }
      auto expand = [&](std::int32_t q) {
        const auto uq = static_cast<std::size_t>(q);
        const double vj = cs[j].v;
        const double drop = dj + vj - acost_[uq];
        if (drop < best_drop) {
          best_drop = drop;
          drop_row = q;
          drop_col = bj;
        }
        const double u = acost_[uq] - vj;
        const std::size_t kb = a_.ptr[uq], ke = a_.ptr[uq + 1];
        if (scan_ && dense_[uq]) {
          if (!all_touched_) {
            for (std::size_t jj = 0; jj < m; ++jj) {
              if (cs[jj].d == kInf) touched_.push_back(static_cast<std::int32_t>(jj));
            }
            all_touched_ = true;
          }
          relax_dense(cs, pk, a_.cost.data() + kb, m, dj, u, kb);
          return;
        }
        for (std::size_t k = kb; k < ke; ++k) {
          const auto jj = static_cast<std::size_t>(a_.col[k]);
          // Settled columns hold d = -inf, so this test also skips them.
          const double h = dj + a_.cost[k] - cs[jj].v - u;
          if (h < cs[jj].d) {
            if (cs[jj].d == kInf && !all_touched_)
              touched_.push_back(static_cast<std::int32_t>(jj));
            cs[jj].d = h;
            pk[jj] = k;
            if (!scan_) heap_update(static_cast<std::int32_t>(jj));
          }
        }
      };
      if (unit_) {
        if (own >= 0) expand(own);
      } else {
        for (const std::int32_t q : members_[j]) expand(q);
      }
    }
    Outcome outcome = Outcome::unmatched;
    std::int32_t end_col = -1;
    if (reached_sink) {
      outcome = Outcome::matched;
      end_col = sink_col;
    } else if (strict) {
      std::vector<std::int64_t> rows{static_cast<std::int64_t>(r)};
      std::vector<std::int64_t> cols;
      for (const auto j : settled_list_) {
        cols.push_back(j);
        for (const auto q : members_[static_cast<std::size_t>(j)]) rows.push_back(q);
      }
      reset_scratch();
      throw_hall(rows_are_rows, std::move(rows), std::move(cols));
    } else if (drop_row >= 0) {
      outcome = Outcome::swapped;
      end_col = drop_col;
    }
    // Prices: settled columns move by (d - L); the rest keep theirs.
    for (std::size_t t = 0; t < settled_list_.size(); ++t) {
      cs_[static_cast<std::size_t>(settled_list_[t])].v += settled_dist_[t] - L;
    }
    if (outcome == Outcome::swapped) detach(static_cast<std::size_t>(drop_row));
    if (end_col >= 0) {
      auto j = static_cast<std::size_t>(end_col);
      while (true) {
        const std::size_t k = predk_[j];
        const std::size_t q = row_of(k);
        const std::int32_t old = x_[q];
        if (old >= 0) detach(q);
        attach(q, j, a_.cost[k]);
        if (q == r) break;
        j = static_cast<std::size_t>(old);
      }
    }
    reset_scratch();
    return outcome;
  }

  void reset_scratch() {
    for (const auto j : touched_) {
      cs_[static_cast<std::size_t>(j)].d = kInf;
      hpos_[static_cast<std::size_t>(j)] = -1;
    }
    touched_.clear();
    settled_list_.clear();
    settled_dist_.clear();
    heap_.clear();
    all_touched_ = false;
  }

  Csr a_;
  std::vector<std::int64_t> cap_, load_;
  // Per column: d and v (cs_), the arc the search reached it by, and its
  // heap position.
  std::vector<ColState> cs_;  // d and v side by side: one cache line per column
  std::vector<std::size_t> predk_;
  std::vector<std::int32_t> hpos_;
  std::vector<char> dense_;          // per row: lists every column in order
  std::vector<std::int32_t> owner_;  // the first member of each column, or -1
  bool unit_ = false;                // every capacity <= 1: owner_ is the member
  bool ones_ = false;                // every capacity == 1
  std::vector<std::vector<std::int32_t>> members_;
  std::vector<std::int32_t> x_;
  std::vector<double> acost_;
  std::vector<std::size_t> mpos_;
  std::vector<char> active_;
  double eps_ = 0.0;
  bool square_ = false;
  bool scan_ = false;
  bool all_touched_ = false;  // every column is in touched_ (scan mode)
  // scratch
  std::vector<std::int32_t> touched_, settled_list_;
  std::vector<double> settled_dist_;
  std::vector<HeapEntry> heap_;
};

std::vector<std::int32_t> sparse_full_assignment(const Csr& a, bool rows_are_rows) {
  FlowCore core(a, std::vector<std::int64_t>(a.ncols, 1));
  if (a.nrows == a.ncols) {
    for (const auto r : core.init_square()) core.process(r, true, rows_are_rows);
  } else {
    for (std::size_t r = 0; r < a.nrows; ++r) core.process(r, true, rows_are_rows);
  }
  return core.x();
}

namespace {

std::vector<std::int64_t> checked_capacity(const std::int64_t* capacity, std::size_t ncols) {
  if (ncols != 0 && capacity == nullptr) throw InvalidArgument("capacity", "is null");
  std::vector<std::int64_t> cap(ncols);
  for (std::size_t j = 0; j < ncols; ++j) {
    if (capacity[j] < 0) {
      throw InvalidArgument(index_path("capacity", j),
                            "must be >= 0, got " + std::to_string(capacity[j]));
    }
    cap[j] = capacity[j];
  }
  return cap;
}

CapacitatedResult run_capacitated(Csr a, std::vector<std::int64_t> cap) {
  FlowCore core(std::move(a), std::move(cap));
  for (std::size_t r = 0; r < core.nrows(); ++r) core.process(r, false, true);
  return core.result();
}

}  // namespace
}  // namespace detail

CapacitatedResult capacitated_assignment(const double* cost, std::size_t nrows, std::size_t ncols,
                                         const std::int64_t* capacity) {
  detail::Csr a = detail::csr_from_dense(cost, nrows, ncols, false);
  return detail::run_capacitated(std::move(a), detail::checked_capacity(capacity, ncols));
}

CapacitatedResult capacitated_assignment(const SparseCost& cost, const std::int64_t* capacity) {
  detail::Csr a = detail::csr_from_sparse(cost, false);
  return detail::run_capacitated(std::move(a), detail::checked_capacity(capacity, cost.ncols));
}

AssignmentResult sparse_linear_sum_assignment(const SparseCost& cost, bool maximize) {
  detail::Csr a = detail::csr_from_sparse(cost, maximize);
  AssignmentResult out;
  if (a.nrows == 0 || a.ncols == 0) return out;
  const bool transpose = a.nrows > a.ncols;
  std::vector<std::int64_t> col_of_row(a.nrows, -1);
  if (!transpose) {
    // Square with integer costs: the ε-scaling auction; otherwise (or when
    // it finds no perfect matching) the shortest-path core, which also
    // reports the Hall witness.
    std::vector<std::int32_t> x;
    if (!detail::integer_auction_assignment(a, x)) x = detail::sparse_full_assignment(a, true);
    for (std::size_t i = 0; i < a.nrows; ++i) col_of_row[i] = x[i];
  } else {
    const auto x = detail::sparse_full_assignment(detail::transpose(a), false);
    for (std::size_t j = 0; j < x.size(); ++j)
      col_of_row[static_cast<std::size_t>(x[j])] = static_cast<std::int64_t>(j);
  }
  double total = 0.0;
  for (std::size_t i = 0; i < a.nrows; ++i) {
    const std::int64_t j = col_of_row[i];
    if (j < 0) continue;
    out.rows.push_back(static_cast<std::int64_t>(i));
    out.cols.push_back(j);
    for (auto k = static_cast<std::size_t>(cost.indptr[i]);
         k < static_cast<std::size_t>(cost.indptr[i + 1]); ++k) {
      if (cost.indices[k] == j) {
        total += cost.data[k];
        break;
      }
    }
  }
  out.total_cost = total;
  return out;
}

// ---------------------------------------------------------------------------
// CapacitatedSolver

struct CapacitatedSolver::Impl {
  detail::FlowCore core;
  bool solved = false;
  std::vector<std::size_t> pending;
  std::size_t processed = 0;
  Impl(detail::Csr a, std::vector<std::int64_t> cap) : core(std::move(a), std::move(cap)) {}
};

CapacitatedSolver::CapacitatedSolver(const SparseCost& cost, const std::int64_t* capacity)
    : impl_(new Impl(detail::csr_from_sparse(cost, false),
                     detail::checked_capacity(capacity, cost.ncols))) {}

CapacitatedSolver::CapacitatedSolver(const double* cost, std::size_t nrows, std::size_t ncols,
                                     const std::int64_t* capacity)
    : impl_(new Impl(detail::csr_from_dense(cost, nrows, ncols, false),
                     detail::checked_capacity(capacity, ncols))) {}

CapacitatedSolver::~CapacitatedSolver() { delete impl_; }
CapacitatedSolver::CapacitatedSolver(CapacitatedSolver&& o) noexcept : impl_(o.impl_) {
  o.impl_ = nullptr;
}
CapacitatedSolver& CapacitatedSolver::operator=(CapacitatedSolver&& o) noexcept {
  if (this != &o) {
    delete impl_;
    impl_ = o.impl_;
    o.impl_ = nullptr;
  }
  return *this;
}

namespace {
void require_impl(const void* p) {
  if (p == nullptr) throw InvalidArgument("solver", "has been moved from");
}

void checked_row(std::size_t ncols, const std::vector<std::int64_t>& cols,
                 const std::vector<double>& costs, std::vector<std::int32_t>& out_cols,
                 std::vector<double>& out_costs) {
  if (cols.size() != costs.size()) {
    throw InvalidArgument("costs", "has " + std::to_string(costs.size()) +
                                       " entries but cols has " + std::to_string(cols.size()));
  }
  std::vector<char> seen(ncols, 0);
  for (std::size_t k = 0; k < cols.size(); ++k) {
    const std::int64_t j = cols[k];
    if (j < 0 || static_cast<std::size_t>(j) >= ncols) {
      throw InvalidArgument(index_path("cols", k), "column " + std::to_string(j) + " is outside " +
                                                       detail::index_range(ncols));
    }
    if (seen[static_cast<std::size_t>(j)]) {
      throw InvalidArgument(index_path("cols", k),
                            "column " + std::to_string(j) + " is listed twice");
    }
    seen[static_cast<std::size_t>(j)] = 1;
    if (!std::isfinite(costs[k])) {
      throw InvalidArgument(index_path("costs", k), "must be finite; omit forbidden pairs");
    }
  }
  out_cols.assign(cols.begin(), cols.end());
  out_costs = costs;
}
}  // namespace

std::size_t CapacitatedSolver::nrows() const noexcept { return impl_ ? impl_->core.nrows() : 0; }
std::size_t CapacitatedSolver::ncols() const noexcept { return impl_ ? impl_->core.ncols() : 0; }
std::size_t CapacitatedSolver::last_rows_processed() const noexcept {
  return impl_ ? impl_->processed : 0;
}

std::size_t CapacitatedSolver::add_row(const std::vector<std::int64_t>& cols,
                                       const std::vector<double>& costs) {
  require_impl(impl_);
  std::vector<std::int32_t> c;
  std::vector<double> w;
  checked_row(impl_->core.ncols(), cols, costs, c, w);
  const std::size_t r = impl_->core.nrows();
  detail::throw_if_bad_dims(r + 1, impl_->core.ncols());
  impl_->core.set_row(r, c, w, impl_->pending);
  impl_->pending.push_back(r);
  return r;
}

std::size_t CapacitatedSolver::add_row_dense(const std::vector<double>& costs) {
  require_impl(impl_);
  if (costs.size() != impl_->core.ncols()) {
    throw InvalidArgument("costs", "has " + std::to_string(costs.size()) + " entries; expected " +
                                       std::to_string(impl_->core.ncols()));
  }
  std::vector<std::int64_t> cols;
  std::vector<double> w;
  for (std::size_t j = 0; j < costs.size(); ++j) {
    if (std::isnan(costs[j])) throw InvalidArgument(index_path("costs", j), "NaN is not a cost");
    if (costs[j] == -std::numeric_limits<double>::infinity()) {
      throw InvalidArgument(index_path("costs", j), "-inf is not allowed (+inf forbids a pair)");
    }
    if (std::isinf(costs[j])) continue;
    cols.push_back(static_cast<std::int64_t>(j));
    w.push_back(costs[j]);
  }
  return add_row(cols, w);
}

void CapacitatedSolver::set_row(std::size_t r, const std::vector<std::int64_t>& cols,
                                const std::vector<double>& costs) {
  require_impl(impl_);
  if (r >= impl_->core.nrows()) {
    throw InvalidArgument(
        "row", std::to_string(r) + " is outside " + detail::index_range(impl_->core.nrows()));
  }
  std::vector<std::int32_t> c;
  std::vector<double> w;
  checked_row(impl_->core.ncols(), cols, costs, c, w);
  impl_->core.set_row(r, c, w, impl_->pending);
  impl_->pending.push_back(r);
}

void CapacitatedSolver::remove_row(std::size_t r) {
  require_impl(impl_);
  if (r >= impl_->core.nrows()) {
    throw InvalidArgument(
        "row", std::to_string(r) + " is outside " + detail::index_range(impl_->core.nrows()));
  }
  impl_->core.remove_row(r, impl_->pending);
}

void CapacitatedSolver::set_capacity(std::size_t c, std::int64_t capacity) {
  require_impl(impl_);
  if (c >= impl_->core.ncols()) {
    throw InvalidArgument(
        "column", std::to_string(c) + " is outside " + detail::index_range(impl_->core.ncols()));
  }
  if (capacity < 0) {
    throw InvalidArgument(index_path("capacity", c),
                          "must be >= 0, got " + std::to_string(capacity));
  }
  impl_->core.set_capacity(c, capacity, impl_->pending);
}

CapacitatedResult CapacitatedSolver::solve() {
  require_impl(impl_);
  auto& core = impl_->core;
  std::vector<std::size_t> todo;
  if (!impl_->solved) {
    for (std::size_t r = 0; r < core.nrows(); ++r) todo.push_back(r);
  } else {
    // Rows freed by the repair, new rows, and rows left unmatched before
    // (a change elsewhere may give them a place).
    todo = impl_->pending;
    for (std::size_t r = 0; r < core.nrows(); ++r) {
      if (core.x()[r] < 0) todo.push_back(r);
    }
    std::sort(todo.begin(), todo.end());
    todo.erase(std::unique(todo.begin(), todo.end()), todo.end());
  }
  std::size_t count = 0;
  for (const auto r : todo) {
    if (!core.is_active(r) || core.x()[r] >= 0) continue;
    core.process(r, false, true);
    ++count;
  }
  impl_->pending.clear();
  impl_->solved = true;
  impl_->processed = count;
  return core.result();
}

}  // namespace homeward
