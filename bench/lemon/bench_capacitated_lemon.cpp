// homeward's capacitated_assignment against LEMON's NetworkSimplex (min-cost
// flow) on the same instance, in the same process. Not part of the build.
//
//   g++ -O3 -DNDEBUG -std=c++17 -Iinclude -Isrc \
//       bench/lemon/bench_capacitated_lemon.cpp src/assignment_dense.cpp \
//       src/assignment_flow.cpp src/error.cpp -o /tmp/bench_lemon
//   /tmp/bench_lemon [people=5000] [workers=500] [repeats=3]
//
// Needs Debian's liblemon-dev (headers only are used here).
#include "homeward/assignment.hpp"

#include <lemon/list_graph.h>
#include <lemon/network_simplex.h>
#include <lemon/static_graph.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}
}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 5000;
  const std::size_t m = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 500;
  const int repeats = argc > 3 ? std::atoi(argv[3]) : 3;
  std::mt19937_64 rng(4);
  std::vector<double> cost(n * m);
  for (auto& c : cost) c = static_cast<double>(rng() % 1000);
  std::vector<std::int64_t> cap(m);
  std::int64_t total_cap = 0;
  for (auto& k : cap) {
    k = 8 + static_cast<std::int64_t>(rng() % 8);  // 8..15
    total_cap += k;
  }
  const auto flow =
      static_cast<int>(std::min<std::int64_t>(static_cast<std::int64_t>(n), total_cap));

  std::vector<double> ours, lemon_build, lemon_total;
  double ours_cost = 0, lemon_cost = 0;
  std::size_t matched = 0;
  for (int rep = 0; rep < repeats; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    const auto r = homeward::capacitated_assignment(cost.data(), n, m, cap.data());
    ours.push_back(seconds_since(t0));
    ours_cost = r.total_cost;
    matched = r.matched;

    // LEMON: source -> person (1) -> worker (cost) -> sink (capacity).
    t0 = std::chrono::steady_clock::now();
    using Graph = lemon::StaticDigraph;
    Graph g;
    const int source = static_cast<int>(n + m), sink = source + 1;
    std::vector<std::pair<int, int>> arcs;
    arcs.reserve(n + n * m + m);
    // StaticDigraph wants arcs sorted by source node.
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < m; ++j)
        arcs.emplace_back(static_cast<int>(i), static_cast<int>(n + j));
    }
    for (std::size_t j = 0; j < m; ++j) arcs.emplace_back(static_cast<int>(n + j), sink);
    for (std::size_t i = 0; i < n; ++i) arcs.emplace_back(source, static_cast<int>(i));
    g.build(sink + 1, arcs.begin(), arcs.end());
    Graph::ArcMap<long long> lower(g, 0), upper(g, 1), unit(g, 0);
    std::size_t a = 0;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < m; ++j, ++a)
        unit[g.arc(static_cast<int>(a))] = static_cast<long long>(cost[i * m + j]);
    }
    for (std::size_t j = 0; j < m; ++j, ++a) upper[g.arc(static_cast<int>(a))] = cap[j];
    lemon::NetworkSimplex<Graph, long long, long long> ns(g);
    ns.upperMap(upper).costMap(unit).stSupply(g.node(source), g.node(sink), flow);
    lemon_build.push_back(seconds_since(t0));
    const auto status = ns.run();
    lemon_total.push_back(seconds_since(t0));
    if (status != lemon::NetworkSimplex<Graph, long long, long long>::OPTIMAL) {
      std::fprintf(stderr, "LEMON: not optimal\n");
      return 1;
    }
    lemon_cost = static_cast<double>(ns.totalCost());
  }
  std::printf("capacitated %zux%zu, caps 8-15, integer costs 0..999, %d repeats (median)\n", n, m,
              repeats);
  std::printf("  homeward capacitated_assignment: %.3f s  (matched %zu, cost %.0f)\n", median(ours),
              matched, ours_cost);
  std::printf(
      "  LEMON NetworkSimplex:            %.3f s  (of which graph build %.3f s; cost %.0f)\n",
      median(lemon_total), median(lemon_build), lemon_cost);
  std::printf("  ratio homeward / LEMON: %.2f\n", median(ours) / median(lemon_total));
  return ours_cost == lemon_cost ? 0 : 2;
}
