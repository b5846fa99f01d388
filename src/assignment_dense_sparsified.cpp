// Large square dense assignment: solve on candidates, then prove optimality
// on the whole matrix.
//
// On a large dense matrix the shortest-path phase of LAPJV reads whole rows
// of the matrix over and over (at 5000 x 5000 the matrix is 200 MB, so every
// row scan is a trip to main memory). The optimum, though, uses only entries
// of small reduced cost. So:
//
//   1. Column reduction (the caller's pass, which also validates) gives
//      prices v0 (each column's least entry, of the matrix or of the matrix
//      less its row minima).
//   2. One pass keeps each row's K least reduced costs c[i][j] - v0[j]
//      (among equals, the first read: row i reads from column i on, wrapping
//      round) as the row's candidates, and records the least reduced cost
//      left out, floor[i]. Each column's own column-reduction pair is added,
//      so that no column is without a candidate.
//   3. LAPJV on the candidates alone (column reduction assignment, reduction
//      transfer, augmenting row reduction, then Dijkstra shortest augmenting
//      paths with a binary heap), giving an assignment x and prices v.
//   4. Proof. Every price only ever falls from v0 (each phase of LAPJV lowers
//      prices), so an entry left out of row i has reduced cost
//      c[i][j] - v[j] >= c[i][j] - v0[j] >= floor[i]. With
//      u[i] = c[i][x[i]] - v[x[i]], the row is proved (no entry of the row
//      is cheaper under v than its assigned one) when u[i] <= floor[i]:
//      almost every row, without reading it again. Only the other rows are
//      read in full; the entries cheaper than u[i] (the K least of them)
//      join the candidates, the row is freed and placed again by the
//      shortest-path search, and the proof is repeated. When no row fails, x with prices v
//      satisfies the optimality conditions of the whole matrix (reduced costs >= 0, 0 on the
//      assignment), so x is an optimum of the whole matrix.
//
// When a search on the candidates finds no free column, the rows of its
// search tree are read in full and each gains its next K least reduced costs.
//
// The proof uses the same floating-point reduced costs as the dense solver's
// own optimality conditions, so the answer is as exact as the dense
// solver's. The method gives up, and the caller runs the dense solver, when
// the whole matrix has no full assignment (the dense solver then names the
// rows), when a search of the first solve fails with a tree over more than
// an eighth of the rows, when more than an eighth of the rows are unproved
// by their floors after the first solve, or when the full-row reads or the
// proof rounds exceed their budgets (SparsifiedTuning in
// assignment_internal.hpp).
//
// Starting prices: the caller passes the plain column reduction or the one
// after the row minima are taken off (assignment_dense.cpp picks).
//
// Tie-breaking: deterministic for the same input (fixed scan orders; the
// heap orders by (distance, column)). Among equal-cost optima the one
// returned can differ from the dense solver's.
#include "assignment_internal.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace homeward::detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
using Index = std::ptrdiff_t;
constexpr int kArrRounds = 2;

// share * n rows, within [0, SIZE_MAX / 2] (a large share means no limit).
std::size_t share_of(double share, std::size_t n) {
  const double rows = share * static_cast<double>(n);
  const auto cap = static_cast<double>(std::numeric_limits<std::size_t>::max() / 2);
  if (!(rows > 0.0)) return 0;
  return rows >= cap ? std::numeric_limits<std::size_t>::max() / 2 : static_cast<std::size_t>(rows);
}

class Sparsified {
 public:
  Sparsified(const double* c, std::size_t n, const std::vector<double>& prices,
             const std::vector<Index>& argrow, const SparsifiedTuning& tuning,
             SparsifiedStats& stats)
      : c_(c),
        n_(n),
        prices_(prices),
        argrow_(argrow),
        tuning_(tuning),
        k_(std::max<std::size_t>(1, tuning.candidates)),
        stats_(stats) {}

  bool solve(std::vector<Index>& out) {
    const std::size_t n = n_;
    v_.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
      v_[j] = argrow_[j] < 0 ? 0.0 : prices_[j];
    }
    select();
    extra_.assign(n, {});
    cover_columns();
    build_graph();
    std::vector<Index> free_rows;
    initialise(free_rows);
    stats_ = SparsifiedStats{};
    stats_.free_after_init = free_rows.size();
    stats_.gave_up = true;
    read_budget_ = share_of(tuning_.first_read_share, n);
    first_solve_ = true;
    if (!augment(free_rows)) return false;
    first_solve_ = false;
    read_budget_ = share_of(tuning_.read_share, n);
    // Rows the floors do not prove must be read in full. When they are many
    // (on geometric costs the optimum reaches far beyond each row's few
    // least), the proof would free many rows again and again: the dense
    // solver is the quicker way then.
    std::size_t unproved = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (xc_[i] - v_[static_cast<std::size_t>(x_[i])] > floor_[i]) ++unproved;
    }
    if (static_cast<double>(unproved) > tuning_.unproved_share * static_cast<double>(n)) {
      return false;
    }
    for (int round = 0;; ++round) {
      std::vector<Index> freed;
      prove(freed);
      if (freed.empty()) break;
      stats_.rounds = round + 1;
      if (round + 1 >= tuning_.max_rounds || stats_.rows_read > read_budget_) return false;
      for (const Index i : freed) {
        const auto ui = static_cast<std::size_t>(i);
        y_[static_cast<std::size_t>(x_[ui])] = -1;
        x_[ui] = -1;
      }
      build_graph();
      if (!augment(freed)) return false;
    }
    out.assign(x_.begin(), x_.end());
    stats_.gave_up = false;
    return true;
  }

 private:
  const double* row(std::size_t i) const { return c_ + i * n_; }

  // Step 2: each row's K least reduced costs under v0, and the
  // least reduced cost left out (floor_).
  void select() {
    const std::size_t n = n_;
    const std::size_t k_max = std::min<std::size_t>(k_, n);
    cand_col_.assign(n * k_max, 0);
    cand_count_.assign(n, 0);
    floor_.assign(n, kInf);
    least_.assign(n, kInf);
    std::vector<double> hb(k_max);
    std::vector<std::int32_t> jb(k_max);
    const double* v = v_.data();
    for (std::size_t i = 0; i < n; ++i) {
      const double* ci = row(i);
      std::size_t cnt = 0;
      double thr = kInf;  // the k-th least so far, once there are k
      double tmin = kInf;
      const auto insert = [&](double h, std::size_t j) {
        if (cnt == k_max) {
          tmin = std::min(tmin, hb[k_max - 1]);
          --cnt;
        }
        std::size_t p = cnt;
        while (p > 0 && hb[p - 1] > h) {
          hb[p] = hb[p - 1];
          jb[p] = jb[p - 1];
          --p;
        }
        hb[p] = h;
        jb[p] = static_cast<std::int32_t>(j);
        ++cnt;
        thr = cnt == k_max ? hb[k_max - 1] : kInf;
      };
      const auto visit = [&](std::size_t j) {
        const double h = ci[j] - v[j];
        if (h < thr) {
          insert(h, j);
        } else {
          tmin = std::min(tmin, h);
        }
      };
      // Row i reads columns i, i+1, ..., n-1, 0, ..., i-1: among equal reduced
      // costs the first read is kept, so with many ties (small integer
      // costs) the rows' candidates spread over all columns instead of all
      // rows keeping the same low-index ones (which can leave no full
      // assignment among the candidates).
      const auto scan = [&](std::size_t j, std::size_t end) {
        for (; j < end && cnt < k_max; ++j) visit(j);
#if defined(__SSE2__)
        __m128d vmin = _mm_set1_pd(kInf);
        __m128d vthr = _mm_set1_pd(thr);
        for (; j + 4 <= end; j += 4) {
          const __m128d h0 = _mm_sub_pd(_mm_loadu_pd(ci + j), _mm_loadu_pd(v + j));
          const __m128d h1 = _mm_sub_pd(_mm_loadu_pd(ci + j + 2), _mm_loadu_pd(v + j + 2));
          const int mask = _mm_movemask_pd(_mm_cmplt_pd(h0, vthr)) |
                           (_mm_movemask_pd(_mm_cmplt_pd(h1, vthr)) << 2);
          if (mask == 0) {
            vmin = _mm_min_pd(vmin, _mm_min_pd(h0, h1));
            continue;
          }
          for (std::size_t q = 0; q < 4; ++q) visit(j + q);
          vthr = _mm_set1_pd(thr);
        }
        double lanes[2];
        _mm_storeu_pd(lanes, vmin);
        tmin = std::min(tmin, std::min(lanes[0], lanes[1]));
#endif
        for (; j < end; ++j) visit(j);
      };
      scan(i, n);
      scan(0, i);
      // Forbidden entries (+inf) are never candidates.
      std::size_t kept = 0;
      for (std::size_t q = 0; q < cnt; ++q) {
        if (hb[q] < kInf) cand_col_[i * k_max + kept++] = jb[q];
      }
      cand_count_[i] = static_cast<std::int32_t>(kept);
      floor_[i] = tmin;
      least_[i] = kept > 0 ? hb[0] : kInf;
    }
    k_max_ = k_max;
  }

  // Every column also gets the pair of the shifted column reduction (its
  // least entry after the row minima are taken off), so that no column is
  // left without a candidate (on geometric costs, some columns are among no
  // row's few least).
  void cover_columns() {
    for (std::size_t j = 0; j < n_; ++j) {
      const Index r = argrow_[j];
      if (r < 0) continue;
      const auto ur = static_cast<std::size_t>(r);
      const std::int32_t* cand = cand_col_.data() + ur * k_max_;
      const std::int32_t* cend = cand + cand_count_[ur];
      if (std::find(cand, cend, static_cast<std::int32_t>(j)) == cend) {
        extra_[ur].push_back(static_cast<std::int32_t>(j));
        least_[ur] = std::min(least_[ur], row(ur)[j] - v_[j]);
      }
    }
  }

  // The candidate graph (each row's selected entries in order of selection,
  // then those added to cover the columns and by the proof).
  void build_graph() {
    const std::size_t n = n_;
    ptr_.assign(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
      ptr_[i + 1] = ptr_[i] + static_cast<std::size_t>(cand_count_[i]) + extra_[i].size();
    }
    col_.resize(ptr_[n]);
    cost_.resize(ptr_[n]);
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t p = ptr_[i];
      const double* ci = row(i);
      const auto put = [&](std::int32_t j) {
        col_[p] = j;
        cost_[p] = ci[static_cast<std::size_t>(j)];
        ++p;
      };
      const auto count = static_cast<std::size_t>(cand_count_[i]);
      for (std::size_t q = 0; q < count; ++q) put(cand_col_[i * k_max_ + q]);
      for (const std::int32_t j : extra_[i]) put(j);
    }
  }

  // Step 3a: LAPJV's initialisation on the candidates.
  void initialise(std::vector<Index>& free_rows) {
    const std::size_t n = n_;
    x_.assign(n, -1);
    y_.assign(n, -1);
    xc_.assign(n, 0.0);
    std::vector<int> matches(n, 0);
    for (std::size_t jj = n; jj-- > 0;) {
      const Index imin = argrow_[jj];
      if (imin < 0) continue;
      const auto ui = static_cast<std::size_t>(imin);
      const auto j = static_cast<Index>(jj);
      if (++matches[ui] == 1) {
        x_[ui] = j;
        y_[jj] = imin;
      } else if (v_[jj] < v_[static_cast<std::size_t>(x_[ui])]) {
        y_[static_cast<std::size_t>(x_[ui])] = -1;
        x_[ui] = j;
        y_[jj] = imin;
      }
    }
    // The column reduction's pair must be a least reduced cost of its row
    // among the candidates (the searches rely on it; rounding can break it),
    // else the row starts free.
    for (std::size_t i = 0; i < n; ++i) {
      if (x_[i] < 0) continue;
      bool found = false;
      for (std::size_t e = ptr_[i]; e < ptr_[i + 1]; ++e) {
        if (col_[e] == x_[i]) {
          xc_[i] = cost_[e];
          found = cost_[e] - v_[static_cast<std::size_t>(col_[e])] <= least_[i];
          break;
        }
      }
      if (!found) {
        y_[static_cast<std::size_t>(x_[i])] = -1;
        x_[i] = -1;
      }
    }
    // Reduction transfer from rows assigned once.
    for (std::size_t i = 0; i < n; ++i) {
      if (x_[i] < 0) {
        free_rows.push_back(static_cast<Index>(i));
        continue;
      }
      if (matches[i] != 1) continue;
      const auto j1 = static_cast<std::size_t>(x_[i]);
      double mn = kInf;
      for (std::size_t e = ptr_[i]; e < ptr_[i + 1]; ++e) {
        const auto j = static_cast<std::size_t>(col_[e]);
        if (j != j1) mn = std::min(mn, cost_[e] - v_[j]);
      }
      // Lower the price of j1 so that the row's reduced cost there rises to
      // its second least (prices only fall).
      if (mn < kInf) v_[j1] = std::min(v_[j1], xc_[i] - mn);
    }
    // Augmenting row reduction. Prices only fall, so no reduced cost of
    // row i goes below least_[i] (its least at the start): a free column
    // there is a row minimum and is taken at once.
    for (int round = 0; round < kArrRounds && !free_rows.empty(); ++round) {
      std::vector<Index>& fr = free_rows;
      const std::size_t prev = fr.size();
      std::size_t k = 0;
      std::size_t budget = 4 * n + 64;
      std::vector<Index> next;
      while (k < prev) {
        const Index i = fr[k++];
        const auto ui = static_cast<std::size_t>(i);
        if (budget == 0) {
          next.push_back(i);
          continue;
        }
        --budget;
        double umin = kInf, usub = kInf;
        std::size_t e1 = 0, e2 = 0, ez = 0;
        bool have1 = false, have2 = false, zero = false;
        for (std::size_t e = ptr_[ui]; e < ptr_[ui + 1]; ++e) {
          const auto j = static_cast<std::size_t>(col_[e]);
          const double h = cost_[e] - v_[j];
          if (h == least_[ui] && y_[j] < 0) {
            ez = e;
            zero = true;
            break;
          }
          if (h < usub) {
            if (h >= umin) {
              usub = h;
              e2 = e;
              have2 = true;
            } else {
              usub = umin;
              e2 = e1;
              have2 = have1;
              umin = h;
              e1 = e;
              have1 = true;
            }
          }
        }
        if (zero) {
          assign(ui, ez);
          continue;
        }
        if (!have1 || !(umin < kInf)) {
          next.push_back(i);
          continue;
        }
        const bool strict = umin < usub;
        Index i0 = y_[static_cast<std::size_t>(col_[e1])];
        if (strict) {
          if (usub < kInf) v_[static_cast<std::size_t>(col_[e1])] -= (usub - umin);
        } else if (i0 >= 0) {
          if (!have2) {
            next.push_back(i);
            continue;
          }
          e1 = e2;
          i0 = y_[static_cast<std::size_t>(col_[e2])];
          if (i0 >= 0) {
            // The two first least are taken: a free one among the row's
            // least, if any, instead of displacing a row.
            for (std::size_t e = ptr_[ui]; e < ptr_[ui + 1]; ++e) {
              const auto j = static_cast<std::size_t>(col_[e]);
              if (y_[j] < 0 && cost_[e] - v_[j] == umin) {
                e1 = e;
                i0 = -1;
                break;
              }
            }
          }
        }
        if (i0 >= 0 && usub == kInf && strict) {
          // The row's only column is taken: leave it to the search.
          next.push_back(i);
          continue;
        }
        assign(ui, e1);
        if (i0 >= 0) {
          x_[static_cast<std::size_t>(i0)] = -1;
          if (strict) {
            fr[--k] = i0;
          } else {
            next.push_back(i0);
          }
        }
      }
      free_rows.swap(next);
    }
  }

  void assign(std::size_t i, std::size_t e) {
    const auto j = static_cast<std::size_t>(col_[e]);
    x_[i] = static_cast<Index>(j);
    y_[j] = static_cast<Index>(i);
    xc_[i] = cost_[e];
  }

  // Step 3b: shortest augmenting paths on the candidates (Dijkstra, binary
  // heap ordered by (distance, column)), one free row after another. When a
  // row's search finds no free column, the candidates are too few: every
  // row of its search tree is read in full and gains its next K
  // least reduced costs, and the search is repeated. False when that adds
  // nothing (the whole matrix has no full assignment: the dense solver names
  // the rows) or the reads exceed the budget (n/2 rows in the first solve,
  // 4n in all).
  bool augment(std::vector<Index> rows) {
    const std::size_t n = n_;
    d_.assign(n, kInf);
    state_.assign(n, 0);
    pred_.assign(n, -1);
    pcost_.assign(n, 0.0);
    for (std::size_t k = 0; k < rows.size();) {
      if (search(rows[k])) {
        ++k;
        continue;
      }
      ++stats_.expansions;
      // In the first solve, a search tree over many rows means the
      // candidates miss much of the optimum (geometric costs): give up.
      if (first_solve_ &&
          static_cast<double>(tree_rows_.size()) > tuning_.tree_share * static_cast<double>(n)) {
        return false;
      }
      if (!expand(tree_rows_, rows)) return false;
      build_graph();
    }
    return true;
  }

  bool search(Index f) {
    using Entry = std::pair<double, std::int32_t>;
    heap_.clear();
    touched_.clear();
    scanned_.clear();
    // A free column reached at the least distance (that of the column just
    // scanned; for the free row's own entries, its least reduced cost at the
    // start, below which prices never push it) ends the search at once, as
    // in LAPJV's dense search.
    Index end = -1;
    double mn = 0.0;
    const auto relax = [&](std::size_t i, double base, double least) {
      for (std::size_t e = ptr_[i]; e < ptr_[i + 1]; ++e) {
        const auto j = static_cast<std::size_t>(col_[e]);
        if (state_[j] == 2) continue;
        const double h = base + (cost_[e] - v_[j]);
        if (h < d_[j]) {
          if (state_[j] == 0) {
            state_[j] = 1;
            touched_.push_back(static_cast<std::int32_t>(j));
          }
          d_[j] = h;
          pred_[j] = static_cast<Index>(i);
          pcost_[j] = cost_[e];
          if (h <= least && y_[j] < 0) {
            end = static_cast<Index>(j);
            mn = h;
            return;
          }
          heap_.emplace_back(h, static_cast<std::int32_t>(j));
          std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
        }
      }
    };
    const auto uf = static_cast<std::size_t>(f);
    relax(uf, 0.0, least_[uf]);
    while (end < 0 && !heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
      const Entry top = heap_.back();
      heap_.pop_back();
      const auto j = static_cast<std::size_t>(top.second);
      if (state_[j] == 2 || top.first > d_[j]) continue;
      if (y_[j] < 0) {
        end = static_cast<Index>(j);
        mn = top.first;
        break;
      }
      state_[j] = 2;
      scanned_.push_back(top.second);
      const auto i = static_cast<std::size_t>(y_[j]);
      relax(i, d_[j] - (xc_[i] - v_[j]), d_[j]);
    }
    const bool found = end >= 0;
    if (found) {
      for (const std::int32_t s : scanned_) {
        const auto us = static_cast<std::size_t>(s);
        v_[us] += d_[us] - mn;
      }
      for (;;) {
        const auto ue = static_cast<std::size_t>(end);
        const auto i = static_cast<std::size_t>(pred_[ue]);
        y_[ue] = static_cast<Index>(i);
        const Index next = x_[i];
        x_[i] = end;
        xc_[i] = pcost_[ue];
        end = next;
        if (static_cast<Index>(i) == f) break;
      }
    } else {
      tree_rows_.assign(1, f);
      for (const std::int32_t s : scanned_) tree_rows_.push_back(y_[static_cast<std::size_t>(s)]);
    }
    for (const std::int32_t t : touched_) {
      d_[static_cast<std::size_t>(t)] = kInf;
      state_[static_cast<std::size_t>(t)] = 0;
    }
    return found;
  }

  // Read each row in full and add its K least reduced costs (under
  // the current prices) not yet candidates; the row's floor becomes the
  // least of the rest. An assigned row that gains an entry cheaper than its
  // assigned one is freed and appended to `todo` (the searches need each
  // assigned row's pair to be its least). False when nothing was added or
  // the budget is spent.
  bool expand(const std::vector<Index>& rows, std::vector<Index>& todo) {
    if (stats_.rows_read + rows.size() > read_budget_) return false;  // before reading
    bool added = false;
    for (const Index r : rows) {
      const auto ur = static_cast<std::size_t>(r);
      const double least = widen(ur, kInf);
      if (x_[ur] >= 0 && least < xc_[ur] - v_[static_cast<std::size_t>(x_[ur])]) {
        y_[static_cast<std::size_t>(x_[ur])] = -1;
        x_[ur] = -1;
        todo.push_back(r);
      }
      added = added || least < kInf;
    }
    return added && stats_.rows_read <= read_budget_;
  }

  // Step 4: the rows not proved by their floor are read in full; entries
  // cheaper (under v) than the row's assigned one join its candidates (at
  // most K, the least: the row is read again if it still fails) and the row
  // is freed.
  void prove(std::vector<Index>& freed) {
    for (std::size_t i = 0; i < n_; ++i) {
      const double u = xc_[i] - v_[static_cast<std::size_t>(x_[i])];
      if (u > floor_[i] && widen(i, u) < kInf) freed.push_back(static_cast<Index>(i));
    }
  }

  // Reads row i in full. Of the entries not yet candidates whose reduced
  // cost (under the current prices) is below `bound`, the K least join the
  // candidates (in order of reduced cost when there are more than K, else in
  // column order); the row's floor becomes the least reduced cost still left
  // out (prices keep falling, so it stays a lower bound). Returns the least
  // reduced cost added, +inf when none.
  double widen(std::size_t i, double bound) {
    ++stats_.rows_read;
    mark_.resize(n_, 0);
    for (std::size_t e = ptr_[i]; e < ptr_[i + 1]; ++e)
      mark_[static_cast<std::size_t>(col_[e])] = 1;
    const double* ci = row(i);
    double fl = kInf;
    eligible_.clear();
    for (std::size_t j = 0; j < n_; ++j) {
      if (mark_[j]) continue;
      const double h = ci[j] - v_[j];
      if (h < bound) {
        eligible_.emplace_back(h, static_cast<std::int32_t>(j));
      } else {
        fl = std::min(fl, h);
      }
    }
    for (std::size_t e = ptr_[i]; e < ptr_[i + 1]; ++e)
      mark_[static_cast<std::size_t>(col_[e])] = 0;
    const std::size_t take = std::min<std::size_t>(k_, eligible_.size());
    if (take < eligible_.size()) {
      std::partial_sort(eligible_.begin(), eligible_.begin() + static_cast<std::ptrdiff_t>(take),
                        eligible_.end());
      for (std::size_t q = take; q < eligible_.size(); ++q) fl = std::min(fl, eligible_[q].first);
    }
    double least = kInf;
    for (std::size_t q = 0; q < take; ++q) {
      extra_[i].push_back(eligible_[q].second);
      least = std::min(least, eligible_[q].first);
    }
    floor_[i] = fl;
    return least;
  }

  const double* c_;
  std::size_t n_;
  const std::vector<double>& prices_;
  const std::vector<Index>& argrow_;
  const SparsifiedTuning& tuning_;
  std::size_t k_;
  std::vector<Index> tree_rows_;
  // Full-row reads allowed (the first solve gets less: needing many there
  // means the candidates are poor).
  std::size_t read_budget_ = 0;
  bool first_solve_ = false;
  SparsifiedStats& stats_;
  std::size_t k_max_ = 0;
  std::vector<double> v_;
  std::vector<std::int32_t> cand_col_;
  std::vector<std::int32_t> cand_count_;
  std::vector<double> floor_;
  std::vector<double> least_;
  std::vector<std::vector<std::int32_t>> extra_;
  std::vector<std::size_t> ptr_;
  std::vector<std::int32_t> col_;
  std::vector<double> cost_;
  std::vector<Index> x_, y_;
  std::vector<double> xc_;
  std::vector<double> d_;
  std::vector<char> state_;
  std::vector<Index> pred_;
  std::vector<double> pcost_;
  std::vector<std::pair<double, std::int32_t>> heap_;
  std::vector<std::int32_t> touched_, scanned_;
  std::vector<char> mark_;  // widen(): the row's candidates
  std::vector<std::pair<double, std::int32_t>> eligible_;
};

}  // namespace

bool sparsified_square_assignment(const double* c, std::size_t n, const std::vector<double>& prices,
                                  const std::vector<std::ptrdiff_t>& argrow,
                                  std::vector<std::ptrdiff_t>& x, SparsifiedStats* stats,
                                  const SparsifiedTuning& tuning) {
  SparsifiedStats local;
  Sparsified s(c, n, prices, argrow, tuning, stats != nullptr ? *stats : local);
  return s.solve(x);
}

}  // namespace homeward::detail
