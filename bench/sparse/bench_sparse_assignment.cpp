// Times homeward::sparse_linear_sum_assignment on a CSR instance written by
// bench/sparse/peers.py (raw int64 indptr/indices, float64 data), printing the
// total, wall and process CPU time of each call. Build (Release flags):
//   g++ -O3 -DNDEBUG -std=c++17 -Iinclude -Isrc bench/sparse/bench_sparse_assignment.cpp
//       src/assignment_*.cpp src/error.cpp src/utf8.cpp -o /tmp/bench_sparse
//   /tmp/bench_sparse /tmp/sparse/i20k 3
#include "homeward/assignment.hpp"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace {
template <class T>
std::vector<T> read_raw(const std::string& path, std::size_t n) {
  std::vector<T> v(n);
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(T)));
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(2);
  }
  return v;
}
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}
double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PREFIX [REPEATS]\n", argv[0]);
    return 2;
  }
  const std::string p = argv[1];
  const int reps = argc > 2 ? std::atoi(argv[2]) : 3;
  const auto h = read_raw<std::int64_t>(p + ".hdr", 3);
  homeward::SparseCost s;
  s.nrows = static_cast<std::size_t>(h[0]);
  s.ncols = static_cast<std::size_t>(h[1]);
  s.indptr = read_raw<std::int64_t>(p + ".ptr", s.nrows + 1);
  s.indices = read_raw<std::int64_t>(p + ".idx", static_cast<std::size_t>(h[2]));
  s.data = read_raw<double>(p + ".dat", static_cast<std::size_t>(h[2]));
  for (int r = 0; r < reps; ++r) {
    const double w0 = wall_seconds(), c0 = cpu_seconds();
    const auto res = homeward::sparse_linear_sum_assignment(s);
    const double w = wall_seconds() - w0, c = cpu_seconds() - c0;
    std::printf("homeward total %.6f wall %.4f cpu %.4f\n", res.total_cost, w, c);
    std::fflush(stdout);
  }
  return 0;
}
