// The assignment solvers against brute force on small instances decoded from
// the fuzz bytes: dense and sparse rectangular assignment (min and max),
// capacitated assignment (dense and sparse), the warm-start solver after a
// sequence of changes, and arbitrary (possibly malformed) CSR arrays.
// Input: a selector byte, then the instance.
#include "fuzz_common.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Dense {
  size_t n = 0, m = 0;
  std::vector<double> c;  // row-major, +inf forbidden
  double at(size_t i, size_t j) const { return c[i * m + j]; }
};

// Small integer costs (exact sums), about a fifth of the pairs forbidden.
Dense decode_dense(fuzz::Input& in, size_t max_n, size_t max_m) {
  Dense d;
  d.n = in.below(max_n + 1);
  d.m = in.below(max_m + 1);
  d.c.resize(d.n * d.m);
  for (auto& x : d.c) {
    const std::uint8_t b = in.byte();
    x = (b % 5 == 4) ? kInf : static_cast<double>(static_cast<int>(b / 5) - 20);
  }
  return d;
}

struct Csr {
  std::vector<std::int64_t> indptr{0}, indices;
  std::vector<double> data;
};

Csr to_csr(const Dense& d, double forbidden) {
  Csr s;
  for (size_t i = 0; i < d.n; ++i) {
    for (size_t j = 0; j < d.m; ++j) {
      if (d.at(i, j) != forbidden) {
        s.indices.push_back(static_cast<std::int64_t>(j));
        s.data.push_back(d.at(i, j));
      }
    }
    s.indptr.push_back(static_cast<std::int64_t>(s.indices.size()));
  }
  return s;
}

// Best total over assignments covering the smaller side; NaN when none exists.
double brute_rectangular(const Dense& d, bool maximize, double forbidden) {
  const bool rows_small = d.n <= d.m;
  const size_t k = rows_small ? d.n : d.m, other = rows_small ? d.m : d.n;
  double best = std::numeric_limits<double>::quiet_NaN();
  std::vector<size_t> pick(k);
  std::vector<bool> used(other, false);
  // Depth-first over injective maps of the smaller side.
  auto rec = [&](auto&& self, size_t i, double total) -> void {
    if (i == k) {
      if (std::isnan(best) || (maximize ? total > best : total < best)) best = total;
      return;
    }
    for (size_t j = 0; j < other; ++j) {
      if (used[j]) continue;
      const double c = rows_small ? d.at(i, j) : d.at(j, i);
      if (c == forbidden) continue;
      used[j] = true;
      self(self, i + 1, total + c);
      used[j] = false;
    }
  };
  rec(rec, 0, 0.0);
  return best;
}

void check_rectangular(fuzz::Input& in) {
  Dense d = decode_dense(in, 6, 6);
  const bool maximize = in.flag();
  if (maximize) {
    for (auto& x : d.c)
      if (x == kInf) x = -kInf;
  }
  const double forbidden = maximize ? -kInf : kInf;
  const double best = brute_rectangular(d, maximize, forbidden);
  const size_t k = std::min(d.n, d.m);
  std::vector<std::int64_t> rows(k + 1, -5), cols(k + 1, -5);
  size_t count = 99;
  double total = 0;
  const int st = hw_assignment_linear_sum(
      rows.data(), cols.data(), &count, &total, d.c.data(), d.n, d.m,
      maximize ? HW_ASSIGNMENT_MAXIMIZE : HW_ASSIGNMENT_MINIMIZE, fuzz::E());
  if (std::isnan(best)) {
    FUZZ_CHECK(st == HW_ERR_INFEASIBLE, "no assignment exists but the solver did not say so");
    FUZZ_CHECK(count == 99 && rows[0] == -5, "outputs written although the call failed");
  } else {
    fuzz::must(st, "hw_assignment_linear_sum");
    FUZZ_CHECK(count == k);
    FUZZ_CHECK(total == best, "dense optimum " + std::to_string(total) + " != brute force " +
                                  std::to_string(best));
    double sum = 0;
    std::vector<bool> seen(d.m, false);
    for (size_t i = 0; i < k; ++i) {
      FUZZ_CHECK(rows[i] >= 0 && static_cast<size_t>(rows[i]) < d.n);
      FUZZ_CHECK(cols[i] >= 0 && static_cast<size_t>(cols[i]) < d.m);
      FUZZ_CHECK(i == 0 || rows[i - 1] < rows[i], "rows not ascending");
      FUZZ_CHECK(!seen[static_cast<size_t>(cols[i])], "a column used twice");
      seen[static_cast<size_t>(cols[i])] = true;
      sum += d.at(static_cast<size_t>(rows[i]), static_cast<size_t>(cols[i]));
    }
    FUZZ_CHECK(sum == total, "the reported total is not the sum of the pairs");
  }
  // The sparse solver on the same instance.
  const Csr s = to_csr(d, forbidden);
  std::vector<std::int64_t> srows(k + 1), scols(k + 1);
  size_t scount = 0;
  double stotal = 0;
  const int sst = hw_assignment_linear_sum_sparse(
      srows.data(), scols.data(), &scount, &stotal, d.n, d.m, s.indptr.data(), s.indices.data(),
      s.data.data(), s.data.size(), maximize ? HW_ASSIGNMENT_MAXIMIZE : HW_ASSIGNMENT_MINIMIZE,
      fuzz::E());
  if (std::isnan(best)) {
    FUZZ_CHECK(sst == HW_ERR_INFEASIBLE, "sparse: no assignment exists but no INFEASIBLE");
  } else {
    fuzz::must(sst, "hw_assignment_linear_sum_sparse");
    FUZZ_CHECK(scount == k && stotal == best, "sparse optimum " + std::to_string(stotal) +
                                                  " != brute force " + std::to_string(best));
  }
}

// Lexicographic optimum (most rows matched, then least cost) by enumeration.
std::pair<size_t, double> brute_capacitated(const Dense& d, const std::vector<std::int64_t>& cap,
                                            const std::vector<bool>& present) {
  std::pair<size_t, double> best{0, 0.0};
  std::vector<std::int64_t> left(cap);
  auto rec = [&](auto&& self, size_t i, size_t matched, double total) -> void {
    if (i == d.n) {
      if (matched > best.first || (matched == best.first && total < best.second)) {
        best = {matched, total};
      }
      return;
    }
    self(self, i + 1, matched, total);
    if (!present[i]) return;
    for (size_t j = 0; j < d.m; ++j) {
      if (d.at(i, j) == kInf || left[j] == 0) continue;
      --left[j];
      self(self, i + 1, matched + 1, total + d.at(i, j));
      ++left[j];
    }
  };
  rec(rec, 0, 0, 0.0);
  return best;
}

void check_assigned(const Dense& d, const std::vector<std::int64_t>& cap,
                    const std::vector<std::int64_t>& assigned, size_t matched, double total) {
  std::vector<std::int64_t> used(d.m, 0);
  size_t count = 0;
  double sum = 0;
  for (size_t i = 0; i < d.n; ++i) {
    const std::int64_t j = assigned[i];
    if (j < 0) {
      FUZZ_CHECK(j == -1);
      continue;
    }
    FUZZ_CHECK(static_cast<size_t>(j) < d.m);
    FUZZ_CHECK(d.at(i, static_cast<size_t>(j)) != kInf, "a forbidden pair was assigned");
    ++used[static_cast<size_t>(j)];
    ++count;
    sum += d.at(i, static_cast<size_t>(j));
  }
  for (size_t j = 0; j < d.m; ++j) FUZZ_CHECK(used[j] <= cap[j], "a capacity was exceeded");
  FUZZ_CHECK(count == matched && sum == total, "reported totals disagree with the assignment");
}

void check_capacitated(fuzz::Input& in) {
  const Dense d = decode_dense(in, 6, 4);
  std::vector<std::int64_t> cap(d.m);
  for (auto& c : cap) c = static_cast<std::int64_t>(in.below(3));
  const auto best = brute_capacitated(d, cap, std::vector<bool>(d.n, true));
  std::vector<std::int64_t> assigned(d.n);
  size_t matched = 0;
  double total = 0;
  fuzz::must(hw_assignment_capacitated(assigned.data(), &matched, &total, d.c.data(), d.n, d.m,
                                       cap.data(), fuzz::E()),
             "hw_assignment_capacitated");
  check_assigned(d, cap, assigned, matched, total);
  FUZZ_CHECK(matched == best.first && total == best.second,
             "capacitated (" + std::to_string(matched) + ", " + std::to_string(total) +
                 ") != brute force (" + std::to_string(best.first) + ", " +
                 std::to_string(best.second) + ")");
  const Csr s = to_csr(d, kInf);
  fuzz::must(hw_assignment_capacitated_sparse(assigned.data(), &matched, &total, d.n, d.m,
                                              s.indptr.data(), s.indices.data(), s.data.data(),
                                              s.data.size(), cap.data(), fuzz::E()),
             "hw_assignment_capacitated_sparse");
  check_assigned(d, cap, assigned, matched, total);
  FUZZ_CHECK(matched == best.first && total == best.second, "sparse capacitated != brute force");
}

// The warm-start solver after a sequence of changes equals brute force on
// the instance the changes describe.
void check_warm_start(fuzz::Input& in) {
  Dense d = decode_dense(in, 4, 4);
  std::vector<std::int64_t> cap(d.m);
  for (auto& c : cap) c = static_cast<std::int64_t>(in.below(3));
  hw_assignment_solver* solver = nullptr;
  fuzz::must(hw_assignment_solver_new(&solver, d.c.data(), d.n, d.m, cap.data(), fuzz::E()),
             "hw_assignment_solver_new");
  std::vector<bool> present(d.n, true);
  const size_t steps = in.below(8);
  for (size_t step = 0; step < steps && d.n < 7; ++step) {
    const size_t op = in.below(5);
    if (op == 0 || op == 1) {  // add or set a row with random allowed pairs
      std::vector<double> row(d.m, kInf);
      std::vector<std::int64_t> cols;
      std::vector<double> costs;
      for (size_t j = 0; j < d.m; ++j) {
        const std::uint8_t b = in.byte();
        if (b % 3 == 0) continue;
        row[j] = static_cast<double>(static_cast<int>(b / 3) - 40);
        cols.push_back(static_cast<std::int64_t>(j));
        costs.push_back(row[j]);
      }
      if (op == 0 || d.n == 0) {
        size_t idx = 0;
        fuzz::must(hw_assignment_solver_add_row(&idx, solver, cols.data(), costs.data(),
                                                cols.size(), fuzz::E()),
                   "add_row");
        FUZZ_CHECK(idx == d.n);
        d.c.insert(d.c.end(), row.begin(), row.end());
        ++d.n;
        present.push_back(true);
      } else {
        const size_t r = in.below(d.n);
        const int st = hw_assignment_solver_set_row(solver, r, cols.data(), costs.data(),
                                                    cols.size(), fuzz::E());
        if (present[r]) {
          fuzz::must(st, "set_row");
          std::copy(row.begin(), row.end(), d.c.begin() + static_cast<std::ptrdiff_t>(r * d.m));
        } else if (fuzz::ok(st, "set_row (removed row)")) {  // either answer is fine
          std::copy(row.begin(), row.end(), d.c.begin() + static_cast<std::ptrdiff_t>(r * d.m));
          present[r] = true;
        }
      }
    } else if (op == 2 && d.n > 0) {
      const size_t r = in.below(d.n);
      if (fuzz::ok(hw_assignment_solver_remove_row(solver, r, fuzz::E()), "remove_row"))
        present[r] = false;
    } else if (op == 3 && d.m > 0) {
      const size_t c = in.below(d.m);
      const std::int64_t v = static_cast<std::int64_t>(in.below(3));
      fuzz::must(hw_assignment_solver_set_capacity(solver, c, v, fuzz::E()), "set_capacity");
      cap[c] = v;
    } else {  // solve in between, so later solves are repairs
      std::vector<std::int64_t> assigned(d.n);
      size_t matched = 0;
      double total = 0;
      fuzz::must(hw_assignment_solver_solve(assigned.data(), assigned.size(), &matched, &total,
                                            solver, fuzz::E()),
                 "solve");
    }
  }
  const auto best = brute_capacitated(d, cap, present);
  std::vector<std::int64_t> assigned(d.n);
  size_t matched = 0;
  double total = 0;
  fuzz::must(hw_assignment_solver_solve(assigned.data(), assigned.size(), &matched, &total, solver,
                                        fuzz::E()),
             "hw_assignment_solver_solve");
  for (size_t i = 0; i < d.n; ++i)
    if (!present[i]) FUZZ_CHECK(assigned[i] == -1);
  check_assigned(d, cap, assigned, matched, total);
  FUZZ_CHECK(matched == best.first && total == best.second,
             "warm start (" + std::to_string(matched) + ", " + std::to_string(total) +
                 ") != brute force (" + std::to_string(best.first) + ", " +
                 std::to_string(best.second) + ")");
  hw_assignment_solver_free(solver);
}

// Arbitrary CSR arrays (lengths as declared, contents hostile): never a crash,
// never an internal error.
void check_malformed_csr(fuzz::Input& in) {
  const size_t n = in.below(5), m = in.below(5), nnz = in.below(8);
  std::vector<std::int64_t> indptr(n + 1), indices(nnz), cap(m);
  std::vector<double> data(nnz);
  auto v = [&]() -> std::int64_t {
    switch (in.below(4)) {
      case 0: return static_cast<std::int64_t>(in.i32()) * (std::int64_t{1} << in.below(32));
      case 1: return -static_cast<std::int64_t>(in.below(3));
      default: return static_cast<std::int64_t>(in.below(9));
    }
  };
  for (auto& x : indptr) x = v();
  for (auto& x : indices) x = v();
  for (auto& x : cap) x = v();
  for (auto& x : data) {
    const std::uint8_t b = in.byte();
    x = b == 0 ? std::numeric_limits<double>::quiet_NaN() : b == 1 ? kInf : b == 2 ? -kInf : b;
  }
  const bool maximize = in.flag();
  // A declared size far beyond the arrays must be refused before any access:
  // only try sizes the arrays really have.
  std::vector<std::int64_t> rows(std::min(n, m) + 1), cols(std::min(n, m) + 1), assigned(n + 1);
  size_t count = 0, matched = 0;
  double total = 0;
  fuzz::ok(
      hw_assignment_linear_sum_sparse(
          rows.data(), cols.data(), &count, &total, n, m, indptr.data(), indices.data(),
          data.data(), nnz, maximize ? HW_ASSIGNMENT_MAXIMIZE : HW_ASSIGNMENT_MINIMIZE, fuzz::E()),
      "hw_assignment_linear_sum_sparse");
  fuzz::ok(
      hw_assignment_capacitated_sparse(assigned.data(), &matched, &total, n, m, indptr.data(),
                                       indices.data(), data.data(), nnz, cap.data(), fuzz::E()),
      "hw_assignment_capacitated_sparse");
  hw_assignment_solver* s = nullptr;
  if (fuzz::ok(hw_assignment_solver_new_sparse(&s, n, m, indptr.data(), indices.data(), data.data(),
                                               nnz, cap.data(), fuzz::E()),
               "hw_assignment_solver_new_sparse")) {
    size_t idx = 0;
    fuzz::ok(hw_assignment_solver_add_row(&idx, s, indices.data(), data.data(), nnz, fuzz::E()),
             "add_row");
    fuzz::ok(hw_assignment_solver_set_capacity(s, static_cast<size_t>(v()), v(), fuzz::E()),
             "set_capacity");
    fuzz::ok(hw_assignment_solver_remove_row(s, static_cast<size_t>(v()), fuzz::E()), "remove_row");
    size_t rows_now = 0;
    fuzz::must(hw_assignment_solver_nrows(&rows_now, s, fuzz::E()), "nrows");
    std::vector<std::int64_t> out(rows_now + 1);
    fuzz::ok(hw_assignment_solver_solve(out.data(), out.size(), &matched, &total, s, fuzz::E()),
             "solve");
    hw_assignment_solver_free(s);
  }
  // A dense matrix with hostile values.
  std::vector<double> dense(n * m);
  for (size_t i = 0; i < dense.size(); ++i) dense[i] = i < nnz ? data[i] : static_cast<double>(i);
  fuzz::ok(hw_assignment_linear_sum(rows.data(), cols.data(), &count, &total, dense.data(), n, m,
                                    maximize ? HW_ASSIGNMENT_MAXIMIZE : HW_ASSIGNMENT_MINIMIZE,
                                    fuzz::E()),
           "hw_assignment_linear_sum");
  fuzz::ok(hw_assignment_capacitated(assigned.data(), &matched, &total, dense.data(), n, m,
                                     cap.data(), fuzz::E()),
           "hw_assignment_capacitated");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  fuzz::Input in(data, size);
  switch (in.below(4)) {
    case 0: check_rectangular(in); break;
    case 1: check_capacitated(in); break;
    case 2: check_warm_start(in); break;
    default: check_malformed_csr(in); break;
  }
  return 0;
}
