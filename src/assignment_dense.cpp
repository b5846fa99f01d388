// Dense rectangular minimum-cost assignment: Jonker-Volgenant (1987).
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
// the augmenting search scans columns in a fixed order and stops at the
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

// LAPJV on an n x m row-major matrix with n <= m. x: row -> column.
class DenseJV {
 public:
  DenseJV(const double* c, std::size_t n, std::size_t m, bool rows_are_rows)
      : c_(c),
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
    // Column reduction, scanning row-major for cache friendliness: the first
    // (lowest-index) row attaining a column's minimum wins.
    // Two columns per instruction where SSE2 is available (same result as
    // the scalar loop: a strictly smaller entry wins, so the first row
    // attaining the minimum keeps the column); it also flags NaN and -inf.
    std::vector<double> colmin(n, kInf);
    std::vector<Index> argmin(n, -1);
    unsigned bad = 0;
    for (Index i = 0; i < n_; ++i) {
      const double* ci = row(i);
      double* cm = colmin.data();
      Index* am = argmin.data();
      std::size_t j = 0;
#if defined(__SSE2__)
      const __m128i vi = _mm_set1_epi64x(static_cast<long long>(i));
      const __m128d minus_inf = _mm_set1_pd(-kInf);
      __m128d vbad = _mm_setzero_pd();
      for (; j + 4 <= n; j += 4) {
        const __m128d a0 = _mm_loadu_pd(ci + j), a1 = _mm_loadu_pd(ci + j + 2);
        const __m128d m0 = _mm_loadu_pd(cm + j), m1 = _mm_loadu_pd(cm + j + 2);
        vbad = _mm_or_pd(vbad, _mm_or_pd(_mm_cmpunord_pd(a0, a1), _mm_cmpeq_pd(a0, minus_inf)));
        vbad = _mm_or_pd(vbad, _mm_cmpeq_pd(a1, minus_inf));
        const __m128d lt0 = _mm_cmplt_pd(a0, m0), lt1 = _mm_cmplt_pd(a1, m1);
        const int mask = _mm_movemask_pd(lt0) | (_mm_movemask_pd(lt1) << 2);
        if (mask == 0) continue;
        _mm_storeu_pd(cm + j, _mm_min_pd(a0, m0));
        _mm_storeu_pd(cm + j + 2, _mm_min_pd(a1, m1));
        auto* p0 = reinterpret_cast<__m128i*>(am + j);
        auto* p1 = reinterpret_cast<__m128i*>(am + j + 2);
        const __m128i l0 = _mm_castpd_si128(lt0), l1 = _mm_castpd_si128(lt1);
        _mm_storeu_si128(
            p0, _mm_or_si128(_mm_and_si128(l0, vi), _mm_andnot_si128(l0, _mm_loadu_si128(p0))));
        _mm_storeu_si128(
            p1, _mm_or_si128(_mm_and_si128(l1, vi), _mm_andnot_si128(l1, _mm_loadu_si128(p1))));
      }
      bad |= static_cast<unsigned>(_mm_movemask_pd(vbad));
#endif
      for (; j < n; ++j) {
        const double a = ci[j];
        bad |= static_cast<unsigned>(a != a) | static_cast<unsigned>(a == -kInf);
        if (a < cm[j]) {
          cm[j] = a;
          am[j] = i;
        }
      }
    }
    if (bad != 0) {
      bad_ = true;
      return;
    }
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
        for (Index j = 0; j < n_; ++j) {
          const double h = ci[j] - v_[static_cast<std::size_t>(j)];
          if (h == 0.0 && y_[static_cast<std::size_t>(j)] < 0) {
            jz = j;
            break;
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
            for (Index j = j2 + 1; j < n_; ++j) {
              if (y_[static_cast<std::size_t>(j)] < 0 &&
                  ci[j] - v_[static_cast<std::size_t>(j)] == umin) {
                j1 = j;
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

  void augment(const std::vector<Index>& free_rows) {
    const auto m = static_cast<std::size_t>(m_);
    std::vector<double> d(m);
    std::vector<Index> pred(m), collist(m);
    for (const Index f : free_rows) {
      const double* cf = row(f);
      for (std::size_t j = 0; j < m; ++j) {
        d[j] = cf[j] - v_[j];
        pred[j] = f;
        collist[j] = static_cast<Index>(j);
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
              collist[uk] = collist[static_cast<std::size_t>(up)];
              collist[static_cast<std::size_t>(up++)] = j;
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
          for (Index k = up; k < m_; ++k) {
            const auto uk = static_cast<std::size_t>(k);
            const Index j = collist[uk];
            const auto uj = static_cast<std::size_t>(j);
            const double h = ci[j] - v_[uj] - u1;
            if (h < d[uj]) {
              pred[uj] = i;
              if (h == mn) {
                if (y_[uj] < 0) {
                  endofpath = j;
                  found = true;
                  break;
                }
                collist[uk] = collist[static_cast<std::size_t>(up)];
                collist[static_cast<std::size_t>(up++)] = j;
              }
              d[uj] = h;
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
  DenseJV jv(c, n, m, !transpose);
  const std::vector<std::ptrdiff_t> x = jv.solve();
  if (jv.saw_bad_entry()) throw_first_bad();
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
