// C++ timing of homeward::linear_sum_assignment on structured square cost
// matrices (thread CPU time, minimum of `rep` runs). Build and run from the
// repository root:
//
//   g++ -O2 -std=c++17 -Iinclude -Isrc bench/dense/bench_dense_shapes.cpp \
//       src/assignment_dense.cpp src/assignment_dense_sparsified.cpp src/error.cpp \
//       src/utf8.cpp -o /tmp/bench_dense_shapes
//   for k in u rowoff coloff geo sum rank1 i6 i; do /tmp/bench_dense_shapes 1000 $k 3; done
//
// Shapes: u uniform [0,1); rowoff U + 100 a_i; coloff U + 100 b_j; geo distances
// between random points in the unit square; sum a_i + b_j + 1e-3 U; rank1
// (a_i + .1)(b_j + .1); i6 integers 0..10^6; i integers 0..100.
#include "homeward/assignment.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <time.h>

static double cpu() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s N SHAPE [REPEAT]\n", argv[0]);
    return 2;
  }
  const auto n = static_cast<std::size_t>(std::atol(argv[1]));
  const std::string kind = argv[2];
  const int rep = argc > 3 ? std::atoi(argv[3]) : 3;
  std::mt19937_64 g(7);
  std::uniform_real_distribution<double> U(0, 1);
  std::vector<double> c(n * n), a(n), b(n), a2(n), b2(n);
  for (std::size_t i = 0; i < n; ++i) {
    a[i] = U(g);
    b[i] = U(g);
    a2[i] = U(g);
    b2[i] = U(g);
  }
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      double& x = c[i * n + j];
      if (kind == "u")
        x = U(g);
      else if (kind == "rank1")
        x = (a[i] + .1) * (b[j] + .1);
      else if (kind == "sum")
        x = a[i] + b[j] + 1e-3 * U(g);
      else if (kind == "geo")
        x = std::hypot(a[i] - b[j], a2[i] - b2[j]);
      else if (kind == "rowoff")
        x = U(g) + 100 * a[i];
      else if (kind == "coloff")
        x = U(g) + 100 * b[j];
      else if (kind == "i6")
        x = static_cast<double>(g() % 1000000);
      else if (kind == "i")
        x = static_cast<double>(g() % 101);
      else {
        std::fprintf(stderr, "unknown shape %s\n", kind.c_str());
        return 2;
      }
    }
  }
  double best = 1e300, total = 0;
  for (int r = 0; r < rep; ++r) {
    const double t0 = cpu();
    const auto res = homeward::linear_sum_assignment(c.data(), n, n, false);
    const double t = cpu() - t0;
    if (t < best) best = t;
    total = res.total_cost;
  }
  std::printf("%-7s %5zu %.4f s cost %.9g\n", kind.c_str(), n, best, total);
  return 0;
}
