// Dense rectangular minimum-cost assignment: Jonker-Volgenant (1987).
//
// Square matrices from kSparsifyFrom rows whose column minima are mostly
// distinct are first given to the candidate method with an optimality proof
// (assignment_dense_sparsified.cpp); LAPJV below solves the rest, and those
// the method hands back.
//
// Square matrices get the full LAPJV initialisation (column reduction,
// which also validates the entries, reduction transfer, two rounds of
// augmenting row reduction capped at 2n + 64 row scans each); rectangular
// ones (after transposing so rows are the smaller side) start from zero
// column prices. Both finish with LAPJV's shortest augmenting paths
// (Dijkstra on reduced costs, dense arrays, one row at a time).
//
// Forbidden pairs (+inf) are skipped by every phase; a free row whose
// search exhausts the finite reduced costs proves infeasibility, and the
// rows/columns of that search are the Hall violator reported.
//
// Tie-breaking (deterministic, platform independent for the same input):
// column reduction gives each column to the lowest-index row among its
// minima; row reduction takes the first free column at reduced cost 0 in
// column order, else the lowest-index column among a row's minima (or, when
// the first two of those are taken, the lowest-index free one among them);
// the augmenting search reads each row in column order and stops at the
// first free column reached at the minimum distance. A constant matrix gets
// the identity assignment (SciPy's answer there).
#include "assignment_internal.hpp"

#include "homeward/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace homeward {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kArrRounds = 2;
// Square matrices from this size are solved on candidates with an
// optimality proof first (assignment_dense_sparsified.cpp).
constexpr std::size_t kSparsifyFrom = 256;

std::string list_text(const std::vector<std::int64_t>& v) {
  std::ostringstream out;
  out << '[';
  const std::size_t shown = std::min<std::size_t>(v.size(), 20);
  for (std::size_t k = 0; k < shown; ++k) {
    if (k) out << ", ";
    out << v[k];
  }
  if (v.size() > shown) out << ", ... (" << v.size() << " in all)";
  out << ']';
  return out.str();
}

std::string hall_message(bool rows, const std::vector<std::int64_t>& members,
                         const std::vector<std::int64_t>& partners) {
  const char* m = rows ? "row" : "column";
  const char* p = rows ? "column" : "row";
  std::ostringstream out;
  out << "cost matrix is infeasible: no full matching exists (one covering every " << m << "): the "
      << members.size() << ' ' << m << (members.size() == 1 ? " " : "s ") << list_text(members)
      << (members.size() == 1 ? " has only " : " have only ") << partners.size() << " allowed " << p
      << (partners.size() == 1 ? "" : "s") << " between them " << list_text(partners);
  return out.str();
}
}  // namespace

AssignmentInfeasible::AssignmentInfeasible(bool members_are_rows, std::vector<std::int64_t> members,
                                           std::vector<std::int64_t> partners)
    : Infeasible("cost", hall_message(members_are_rows, members, partners)),
      members_are_rows_(members_are_rows),
      members_(std::move(members)),
      partners_(std::move(partners)) {}

namespace detail {

std::string cell_path(std::size_t r, std::size_t c) { return index_path(index_path("cost", r), c); }

void throw_hall(bool members_are_rows, std::vector<std::int64_t> members,
                std::vector<std::int64_t> partners) {
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  std::sort(partners.begin(), partners.end());
  partners.erase(std::unique(partners.begin(), partners.end()), partners.end());
  throw AssignmentInfeasible(members_are_rows, std::move(members), std::move(partners));
}

}  // namespace detail

namespace detail {

namespace {

#if defined(__SSE2__)
// p[0], p[1] = value in the lanes where mask is set (all ones), unchanged
// elsewhere.
inline void blend_index2(std::ptrdiff_t* p, __m128d mask, __m128i value) {
  auto* q = reinterpret_cast<__m128i*>(p);
  const __m128i m = _mm_castpd_si128(mask);
  _mm_storeu_si128(q,
                   _mm_or_si128(_mm_and_si128(m, value), _mm_andnot_si128(m, _mm_loadu_si128(q))));
}
#endif

// One row of a column reduction: cm[j] = min(cm[j], ci[j] - shift), the
// first row attaining a minimum keeping the column (am[j] = i). Two columns
// per instruction where SSE2 is available (same result as the scalar loop:
// a strictly smaller entry wins). With kCheck, also flags NaN and -inf
// (returns nonzero) and lowers *row_min to the row's least entry.
template <bool kCheck>
unsigned column_min_row(const double* ci, std::size_t n, std::ptrdiff_t i, double shift, double* cm,
                        std::ptrdiff_t* am, double* row_min) {
  unsigned bad = 0;
  double rmin = kInf;
  std::size_t j = 0;
#if defined(__SSE2__)
  const __m128i vi = _mm_set1_epi64x(static_cast<long long>(i));
  const __m128d minus_inf = _mm_set1_pd(-kInf);
  const __m128d vshift = _mm_set1_pd(shift);
  __m128d vbad = _mm_setzero_pd();
  __m128d vrmin = _mm_set1_pd(kInf);
  for (; j + 4 <= n; j += 4) {
    const __m128d a0 = _mm_sub_pd(_mm_loadu_pd(ci + j), vshift);
    const __m128d a1 = _mm_sub_pd(_mm_loadu_pd(ci + j + 2), vshift);
    const __m128d m0 = _mm_loadu_pd(cm + j), m1 = _mm_loadu_pd(cm + j + 2);
    if (kCheck) {
      vbad = _mm_or_pd(vbad, _mm_or_pd(_mm_cmpunord_pd(a0, a1), _mm_cmpeq_pd(a0, minus_inf)));
      vbad = _mm_or_pd(vbad, _mm_cmpeq_pd(a1, minus_inf));
      vrmin = _mm_min_pd(vrmin, _mm_min_pd(a0, a1));
    }
    const __m128d lt0 = _mm_cmplt_pd(a0, m0), lt1 = _mm_cmplt_pd(a1, m1);
    const int mask = _mm_movemask_pd(lt0) | (_mm_movemask_pd(lt1) << 2);
    if (mask == 0) continue;
    _mm_storeu_pd(cm + j, _mm_min_pd(a0, m0));
    _mm_storeu_pd(cm + j + 2, _mm_min_pd(a1, m1));
    blend_index2(am + j, lt0, vi);
    blend_index2(am + j + 2, lt1, vi);
  }
  if (kCheck) {
    bad |= static_cast<unsigned>(_mm_movemask_pd(vbad));
    double lanes[2];
    _mm_storeu_pd(lanes, vrmin);
    rmin = std::min(lanes[0], lanes[1]);
  }
#endif
  for (; j < n; ++j) {
    const double a = ci[j] - shift;
    if (kCheck) {
      bad |= static_cast<unsigned>(a != a) | static_cast<unsigned>(a == -kInf);
      rmin = std::min(rmin, a);
    }
    if (a < cm[j]) {
      cm[j] = a;
      am[j] = i;
    }
  }
  if (kCheck) *row_min = rmin;
  return bad;
}

}  // namespace

// Column reduction, scanning row-major for cache friendliness; it also
// flags NaN and -inf, and gives each row's least entry. With `shifted`, the
// same pass also gives the column minima of the matrix less its row minima
// (each row is read again while it is still in cache).
bool column_reduce(const double* c, std::size_t n, ColumnReduction& out, bool shifted) {
  out.colmin.assign(n, kInf);
  out.argmin.assign(n, -1);
  out.rowmin.assign(n, kInf);
  out.shifted_colmin.assign(shifted ? n : 0, kInf);
  out.shifted_argmin.assign(shifted ? n : 0, -1);
  unsigned bad = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double* ci = c + i * n;
    const auto ii = static_cast<std::ptrdiff_t>(i);
    bad |=
        column_min_row<true>(ci, n, ii, 0.0, out.colmin.data(), out.argmin.data(), &out.rowmin[i]);
    // A row with no allowed entry (or a bad one: the caller stops) adds
    // nothing to the shifted minima.
    if (shifted && out.rowmin[i] < kInf && out.rowmin[i] > -kInf) {
      column_min_row<false>(ci, n, ii, out.rowmin[i], out.shifted_colmin.data(),
                            out.shifted_argmin.data(), nullptr);
    }
  }
  return bad != 0;
}

}  // namespace detail

namespace {

using Index = std::ptrdiff_t;

// Any NaN or -inf? One branch-free pass (vectorisable), at memory speed.
bool has_nan_or_minus_inf(const double* a, std::size_t count) {
  unsigned bad = 0;
  for (std::size_t k = 0; k < count; ++k) {
    const double x = a[k];
    bad |= static_cast<unsigned>(x != x) | static_cast<unsigned>(x == -kInf);
  }
  return bad != 0;
}

// Fewer distinct column minima than half the columns.
bool mostly_tied(std::vector<double> colmin) {
  std::sort(colmin.begin(), colmin.end());
  const auto distinct =
      static_cast<std::size_t>(std::unique(colmin.begin(), colmin.end()) - colmin.begin());
  return 2 * distinct < colmin.size();
}

// How many rows a column reduction gives columns to.
std::size_t distinct_rows(const std::vector<std::ptrdiff_t>& argrow) {
  std::vector<char> seen(argrow.size(), 0);
  std::size_t count = 0;
  for (const std::ptrdiff_t r : argrow) {
    if (r >= 0 && !seen[static_cast<std::size_t>(r)]) {
      seen[static_cast<std::size_t>(r)] = 1;
      ++count;
    }
  }
  return count;
}

// LAPJV on an n x m row-major matrix with n <= m. x: row -> column.
class DenseJV {
 public:
  // `reduced`: the column reduction of a square matrix, when the caller has
  // already made it (and checked it for bad entries).
  DenseJV(const double* c, std::size_t n, std::size_t m, bool rows_are_rows,
          const detail::ColumnReduction* reduced = nullptr)
      : c_(c),
        reduced_(reduced),
        n_(static_cast<Index>(n)),
        m_(static_cast<Index>(m)),
        rows_are_rows_(rows_are_rows),
        v_(m, 0.0),
        x_(n, -1),
        y_(m, -1) {}

  // For a square matrix the caller leaves validation to the column
  // reduction (one pass over the matrix instead of two); solve() then stops
  // at once if it saw NaN or -inf, and the caller names the entry.
  bool saw_bad_entry() const { return bad_; }

  std::vector<Index> solve() {
    std::vector<Index> free_rows;
    if (n_ == m_) {
      initialise_square(free_rows);
      if (bad_) return x_;
    } else {
      free_rows.resize(static_cast<std::size_t>(n_));
      for (Index i = 0; i < n_; ++i) free_rows[static_cast<std::size_t>(i)] = i;
    }
    augment(free_rows);
    return x_;
  }

 private:
  double cost(Index i, Index j) const {
    return c_[static_cast<std::size_t>(i) * static_cast<std::size_t>(m_) +
              static_cast<std::size_t>(j)];
  }
  const double* row(Index i) const {
    return c_ + static_cast<std::size_t>(i) * static_cast<std::size_t>(m_);
  }
  double& v(Index j) { return v_[static_cast<std::size_t>(j)]; }
  Index& x(Index i) { return x_[static_cast<std::size_t>(i)]; }
  Index& y(Index j) { return y_[static_cast<std::size_t>(j)]; }

  void initialise_square(std::vector<Index>& free_rows) {
    const auto n = static_cast<std::size_t>(n_);
    detail::ColumnReduction own;
    if (reduced_ == nullptr && detail::column_reduce(c_, n, own, false)) {
      bad_ = true;
      return;
    }
    const std::vector<double>& colmin = reduced_ != nullptr ? reduced_->colmin : own.colmin;
    const std::vector<Index>& argmin = reduced_ != nullptr ? reduced_->argmin : own.argmin;
    std::vector<int> matches(n, 0);
    for (Index j = n_ - 1; j >= 0; --j) {
      const auto uj = static_cast<std::size_t>(j);
      const Index imin = argmin[uj];
      if (imin < 0) {  // a column with no allowed row: leave it to the search
        v(j) = 0.0;
        continue;
      }
      v(j) = colmin[uj];
      const auto ui = static_cast<std::size_t>(imin);
      if (++matches[ui] == 1) {
        x(imin) = j;
        y(j) = imin;
      } else if (v(j) < v(x(imin))) {
        const Index j1 = x(imin);
        x(imin) = j;
        y(j) = imin;
        y(j1) = -1;
      } else {
        y(j) = -1;
      }
    }
    // Reduction transfer from rows assigned once.
    for (Index i = 0; i < n_; ++i) {
      const auto ui = static_cast<std::size_t>(i);
      if (matches[ui] == 0 || x(i) < 0) {
        free_rows.push_back(i);
      } else if (matches[ui] == 1) {
        const Index j1 = x(i);
        const double* ci = row(i);
        double mn = kInf;
        for (Index j = 0; j < n_; ++j) {
          if (j == j1) continue;
          const double h = ci[j] - v_[static_cast<std::size_t>(j)];
          if (h < mn) {
            mn = h;
            // Reduced costs are >= 0 here (v holds the column minima), so
            // 0 is the least possible: the rest of the row cannot lower it.
            if (mn == 0.0) break;
          }
        }
        if (mn < kInf) v(j1) -= mn;
      }
    }
    // Augmenting row reduction, two rounds, with a work cap (2n + 64 row
    // scans per round) so that floating-point creep cannot make it loop for
    // long; rows it does not place are left to the augmenting search (on
    // continuous costs the search places the last rows more cheaply than
    // many small price cuts: 8n + 64 was 1.4-1.6x slower in total).
    for (int round = 0; round < kArrRounds && !free_rows.empty(); ++round) {
      std::size_t k = 0;
      const std::size_t prev = free_rows.size();
      std::vector<Index> next;
      std::size_t budget = 2 * n + 64;
      std::vector<Index>& fr = free_rows;
      while (k < prev) {
        const Index i = fr[k++];
        if (budget == 0) {
          next.push_back(i);
          continue;
        }
        --budget;
        const double* ci = row(i);
        double umin = kInf, usub = kInf;
        Index j1 = -1, j2 = -1;
        Index jz = -1;
        // One entry: true ends the row (a free column at reduced cost 0).
        const auto visit = [&](Index j) {
          const double h = ci[j] - v_[static_cast<std::size_t>(j)];
          if (h == 0.0 && y_[static_cast<std::size_t>(j)] < 0) {
            jz = j;
            return true;
          }
          if (h < usub) {
            if (h >= umin) {
              usub = h;
              j2 = j;
            } else {
              usub = umin;
              j2 = j1;
              umin = h;
              j1 = j;
            }
          }
          return false;
        };
        Index j = 0;
#if defined(__SSE2__)
        // Four entries at a time; only a block holding an entry <= usub can
        // change anything (reduced costs are >= 0, so a 0 is <= usub too),
        // and it is visited entry by entry (same result as the plain loop).
        const double* vv = v_.data();
        for (; j + 4 <= n_; j += 4) {
          const auto uj = static_cast<std::size_t>(j);
          const __m128d vs = _mm_set1_pd(usub);
          const __m128d h0 = _mm_sub_pd(_mm_loadu_pd(ci + j), _mm_loadu_pd(vv + uj));
          const __m128d h1 = _mm_sub_pd(_mm_loadu_pd(ci + j + 2), _mm_loadu_pd(vv + uj + 2));
          if ((_mm_movemask_pd(_mm_cmple_pd(h0, vs)) | _mm_movemask_pd(_mm_cmple_pd(h1, vs))) ==
              0) {
            continue;
          }
          if (visit(j) || visit(j + 1) || visit(j + 2) || visit(j + 3)) break;
        }
#endif
        if (jz < 0) {
          for (; j < n_; ++j) {
            if (visit(j)) break;
          }
        }
        if (jz >= 0) {
          // Reduced costs never go below 0 during the initialisation (the
          // prices only fall from the column minima), so a free column at
          // reduced cost 0 is a minimum of the row: take it at once, with
          // no price change and without reading the rest of the row.
          x(i) = jz;
          y(jz) = i;
          continue;
        }
        if (j1 < 0) {  // no allowed column at all: the search will report it
          next.push_back(i);
          continue;
        }
        Index i0 = y(j1);
        const bool strict = umin < usub;
        if (strict) {
          if (usub < kInf) v(j1) -= (usub - umin);
        } else if (i0 >= 0) {
          j1 = j2;
          i0 = y(j2);
          if (i0 >= 0) {
            // Several columns share the row's minimum and the first two are
            // taken: take the lowest-index free one among them, if any,
            // instead of displacing a row (with many ties, e.g. small
            // integer costs, this places most rows without any search).
            for (Index jt = j2 + 1; jt < n_; ++jt) {
              if (y_[static_cast<std::size_t>(jt)] < 0 &&
                  ci[jt] - v_[static_cast<std::size_t>(jt)] == umin) {
                j1 = jt;
                i0 = -1;
                break;
              }
            }
          }
        }
        if (j1 < 0) {
          next.push_back(i);
          continue;
        }
        if (i0 >= 0 && usub == kInf && strict) {
          // j1 is this row's only column and it is taken: do not fight over
          // it here (that could cycle); the augmenting search settles it.
          next.push_back(i);
          continue;
        }
        x(i) = j1;
        y(j1) = i;
        if (i0 >= 0) {
          x(i0) = -1;
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

  [[noreturn]] void fail(Index f, const std::vector<Index>& collist, Index low) {
    std::vector<std::int64_t> rows{static_cast<std::int64_t>(f)};
    std::vector<std::int64_t> cols;
    for (Index k = 0; k < low; ++k) {
      const Index j = collist[static_cast<std::size_t>(k)];
      cols.push_back(static_cast<std::int64_t>(j));
      rows.push_back(static_cast<std::int64_t>(y(j)));
    }
    detail::throw_hall(rows_are_rows_, std::move(rows), std::move(cols));
  }

  // LAPJV's shortest augmenting paths. collist keeps the columns in three
  // parts: [0, low) scanned, [low, up) at the current least distance mn and
  // not yet scanned, [up, m) the rest; pos is each column's place in it.
  // Scanning a row reads it in column order (two entries per instruction
  // where SSE2 is available, branch-free updates); only entries reaching
  // the least distance are looked at one by one.
  void augment(const std::vector<Index>& free_rows) {
    const auto m = static_cast<std::size_t>(m_);
    std::vector<double> d(m);
    std::vector<Index> pred(m), collist(m), pos(m);
    const auto place = [&](std::size_t k, Index j) {
      collist[k] = j;
      pos[static_cast<std::size_t>(j)] = static_cast<Index>(k);
    };
    for (const Index f : free_rows) {
      const double* cf = row(f);
      for (std::size_t j = 0; j < m; ++j) {
        d[j] = cf[j] - v_[j];
        pred[j] = f;
        collist[j] = static_cast<Index>(j);
        pos[j] = static_cast<Index>(j);
      }
      Index low = 0, up = 0, last = 0, endofpath = -1;
      double mn = 0.0;
      bool found = false;
      do {
        if (up == low) {
          last = low - 1;
          mn = d[static_cast<std::size_t>(collist[static_cast<std::size_t>(up++)])];
          for (Index k = up; k < m_; ++k) {
            const auto uk = static_cast<std::size_t>(k);
            const Index j = collist[uk];
            const double h = d[static_cast<std::size_t>(j)];
            if (h <= mn) {
              if (h < mn) {
                up = low;
                mn = h;
              }
              place(uk, collist[static_cast<std::size_t>(up)]);
              place(static_cast<std::size_t>(up++), j);
            }
          }
          if (!(mn < kInf)) fail(f, collist, low);
          for (Index k = low; k < up; ++k) {
            const Index j = collist[static_cast<std::size_t>(k)];
            if (y(j) < 0) {
              endofpath = j;
              found = true;
              break;
            }
          }
        }
        if (!found) {
          const Index j1 = collist[static_cast<std::size_t>(low++)];
          const Index i = y(j1);
          const double* ci = row(i);
          const double u1 = ci[j1] - v_[static_cast<std::size_t>(j1)] - mn;
          const double* vv = v_.data();
          double* dd = d.data();
          Index* pp = pred.data();
          // An entry lowers its column's distance when it is below it and
          // the column is not yet at the least distance mn (the scanned and
          // the waiting columns have d <= mn; the rest d > mn). One reaching
          // mn moves the column to the waiting part, or, if the column is
          // free, ends the search.
          const auto reach_mn = [&](std::size_t jj) {
            if (y_[jj] < 0) {
              endofpath = static_cast<Index>(jj);
              return true;
            }
            const auto k = static_cast<std::size_t>(pos[jj]);
            place(k, collist[static_cast<std::size_t>(up)]);
            place(static_cast<std::size_t>(up++), static_cast<Index>(jj));
            return false;
          };
          if (static_cast<std::size_t>(up) > m / 2) {
            // Most columns are done: read just the rest, through collist.
            for (Index k = up; k < m_ && !found; ++k) {
              const auto jj = static_cast<std::size_t>(collist[static_cast<std::size_t>(k)]);
              const double h = ci[jj] - vv[jj] - u1;
              if (h < dd[jj]) {
                dd[jj] = h;
                pp[jj] = i;
                if (h == mn) found = reach_mn(jj);
              }
            }
            continue;
          }
          std::size_t j = 0;
#if defined(__SSE2__)
          // Two entries per instruction, the updates of d and pred
          // branch-free (same result as the scalar loop below).
          const __m128d vu = _mm_set1_pd(u1);
          const __m128d vmn = _mm_set1_pd(mn);
          const __m128i vi = _mm_set1_epi64x(static_cast<long long>(i));
          for (; j + 4 <= m; j += 4) {
            const __m128d h0 =
                _mm_sub_pd(_mm_sub_pd(_mm_loadu_pd(ci + j), _mm_loadu_pd(vv + j)), vu);
            const __m128d h1 =
                _mm_sub_pd(_mm_sub_pd(_mm_loadu_pd(ci + j + 2), _mm_loadu_pd(vv + j + 2)), vu);
            const __m128d d0 = _mm_loadu_pd(dd + j), d1 = _mm_loadu_pd(dd + j + 2);
            const __m128d l0 = _mm_and_pd(_mm_cmplt_pd(h0, d0), _mm_cmplt_pd(vmn, d0));
            const __m128d l1 = _mm_and_pd(_mm_cmplt_pd(h1, d1), _mm_cmplt_pd(vmn, d1));
            const int mask = _mm_movemask_pd(l0) | (_mm_movemask_pd(l1) << 2);
            if (mask == 0) continue;
            _mm_storeu_pd(dd + j, _mm_or_pd(_mm_and_pd(l0, h0), _mm_andnot_pd(l0, d0)));
            _mm_storeu_pd(dd + j + 2, _mm_or_pd(_mm_and_pd(l1, h1), _mm_andnot_pd(l1, d1)));
            detail::blend_index2(pp + j, l0, vi);
            detail::blend_index2(pp + j + 2, l1, vi);
            const int eq = mask & (_mm_movemask_pd(_mm_cmpeq_pd(h0, vmn)) |
                                   (_mm_movemask_pd(_mm_cmpeq_pd(h1, vmn)) << 2));
            if (eq == 0) continue;
            for (std::size_t q = 0; q < 4 && !found; ++q) {
              if (eq & (1 << q)) found = reach_mn(j + q);
            }
            if (found) break;
          }
#endif
          for (; j < m && !found; ++j) {
            const double h = ci[j] - vv[j] - u1;
            if (h < dd[j] && mn < dd[j]) {
              dd[j] = h;
              pp[j] = i;
              if (h == mn) found = reach_mn(j);
            }
          }
        }
      } while (!found);
      for (Index k = 0; k <= last; ++k) {
        const auto j = static_cast<std::size_t>(collist[static_cast<std::size_t>(k)]);
        v_[j] += d[j] - mn;
      }
      Index i;
      do {
        i = pred[static_cast<std::size_t>(endofpath)];
        y(endofpath) = i;
        const Index j1 = endofpath;
        endofpath = x(i);
        x(i) = j1;
      } while (i != f);
    }
  }

  const double* c_;
  const detail::ColumnReduction* reduced_;
  Index n_, m_;
  bool rows_are_rows_;
  std::vector<double> v_;
  std::vector<Index> x_, y_;
  bool bad_ = false;
};

}  // namespace

AssignmentResult linear_sum_assignment(const double* cost, std::size_t nrows, std::size_t ncols,
                                       bool maximize) {
  if (nrows != 0 && ncols > std::numeric_limits<std::size_t>::max() / sizeof(double) / nrows) {
    throw InvalidArgument("cost", "matrix too large");
  }
  if (nrows > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()) ||
      ncols > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    throw InvalidArgument("cost", "more than 2^31-1 rows or columns");
  }
  AssignmentResult out;
  if (nrows == 0 || ncols == 0) return out;
  if (cost == nullptr) throw InvalidArgument("cost", "is null");
  const std::size_t total = nrows * ncols;
  // Validation (NaN is always an error; so is the infinity that would be
  // "better than everything": -inf when minimising, +inf when maximising) is
  // folded into the first pass that reads the whole matrix anyway (the copy,
  // or the column reduction of a square matrix); only when that pass flags a
  // bad entry is the matrix scanned again, here, to name the first one.
  const auto throw_first_bad = [&]() {
    for (std::size_t k = 0; k < total; ++k) {
      const double a = cost[k];
      if (std::isnan(a)) {
        throw InvalidArgument(
            detail::cell_path(k / ncols, k % ncols),
            "NaN is not a cost (the cost matrix contains invalid numeric entries)");
      }
      if (std::isinf(a) && ((a < 0) != maximize)) {
        throw InvalidArgument(detail::cell_path(k / ncols, k % ncols),
                              maximize ? "+inf is not allowed when maximising (-inf forbids a "
                                         "pair; the cost matrix contains invalid numeric entries)"
                                       : "-inf is not allowed (+inf forbids a pair; the cost "
                                         "matrix contains invalid numeric entries)");
      }
    }
  };
  // Tie rule for a constant matrix (every pair allowed at the same cost, so
  // every full assignment is optimal): the identity, row i -> column i, as
  // SciPy returns (users rely on it). Found by the first differing entry, so
  // it costs nothing measurable on other matrices.
  if (std::isfinite(cost[0])) {
    const double c0 = cost[0];
    std::size_t k = 1;
    while (k < total && cost[k] == c0) ++k;
    if (k == total) {
      const std::size_t n = std::min(nrows, ncols);
      for (std::size_t i = 0; i < n; ++i) {
        out.rows.push_back(static_cast<std::int64_t>(i));
        out.cols.push_back(static_cast<std::int64_t>(i));
      }
      double t = 0.0;
      for (std::size_t i = 0; i < n; ++i) t += c0;  // summed as for any result
      out.total_cost = t;
      return out;
    }
  }
  const bool transpose = nrows > ncols;
  const std::size_t n = transpose ? ncols : nrows;
  const std::size_t m = transpose ? nrows : ncols;
  std::vector<double> work;
  const double* c = cost;
  // In the working matrix (negated when maximising) the bad entries are NaN
  // and -inf.
  bool bad = false;
  if (transpose || maximize) {
    work.resize(total);
    const double sign = maximize ? -1.0 : 1.0;
    if (transpose) {
      // Blocked transpose.
      constexpr std::size_t B = 64;
      for (std::size_t i0 = 0; i0 < nrows; i0 += B) {
        for (std::size_t j0 = 0; j0 < ncols; j0 += B) {
          const std::size_t i1 = std::min(nrows, i0 + B), j1 = std::min(ncols, j0 + B);
          for (std::size_t i = i0; i < i1; ++i) {
            for (std::size_t j = j0; j < j1; ++j) work[j * nrows + i] = sign * cost[i * ncols + j];
          }
        }
      }
    } else {
      for (std::size_t k = 0; k < total; ++k) work[k] = sign * cost[k];
    }
    bad = has_nan_or_minus_inf(work.data(), total);
    c = work.data();
  } else if (n != m) {
    bad = has_nan_or_minus_inf(cost, total);
  }
  if (bad) throw_first_bad();
  std::vector<std::ptrdiff_t> x;
  if (n == m && n >= kSparsifyFrom) {
    // Large square matrices: solve on each row's least reduced costs and
    // prove the result optimal on the whole matrix
    // (assignment_dense_sparsified.cpp), unless the column minima are
    // mostly equal (many ties, e.g. small integer costs: the candidates are
    // then arbitrary among equals and the searches on them long; the dense
    // solver's row reduction places nearly every row there); the dense
    // solver also if the method gives up.
    detail::ColumnReduction reduced;
    if (detail::column_reduce(c, n, reduced, true)) throw_first_bad();
    // Starting prices: the plain column reduction, or the one after the row
    // minima are taken off, whichever hands its columns to more distinct
    // rows (with large row offsets the plain one gives every column to the
    // same few rows, with large column offsets the shifted one does).
    const bool shifted = distinct_rows(reduced.shifted_argmin) > distinct_rows(reduced.argmin);
    if (mostly_tied(reduced.colmin) || !detail::sparsified_square_assignment(
                                           c, n, shifted ? reduced.shifted_colmin : reduced.colmin,
                                           shifted ? reduced.shifted_argmin : reduced.argmin, x)) {
      DenseJV jv(c, n, m, true, &reduced);
      x = jv.solve();
    }
  } else {
    DenseJV jv(c, n, m, !transpose);
    x = jv.solve();
    if (jv.saw_bad_entry()) throw_first_bad();
  }
  out.rows.reserve(n);
  out.cols.reserve(n);
  if (!transpose) {
    for (std::size_t i = 0; i < n; ++i) {
      out.rows.push_back(static_cast<std::int64_t>(i));
      out.cols.push_back(static_cast<std::int64_t>(x[i]));
    }
  } else {
    // x maps original columns -> original rows; emit in row order.
    std::vector<std::int64_t> col_of_row(nrows, -1);
    for (std::size_t j = 0; j < n; ++j)
      col_of_row[static_cast<std::size_t>(x[j])] = static_cast<std::int64_t>(j);
    for (std::size_t i = 0; i < nrows; ++i) {
      if (col_of_row[i] >= 0) {
        out.rows.push_back(static_cast<std::int64_t>(i));
        out.cols.push_back(col_of_row[i]);
      }
    }
  }
  double total_cost = 0.0;
  for (std::size_t k = 0; k < out.rows.size(); ++k) {
    total_cost +=
        cost[static_cast<std::size_t>(out.rows[k]) * ncols + static_cast<std::size_t>(out.cols[k])];
  }
  out.total_cost = total_cost;
  return out;
}

}  // namespace homeward
