// Internal to src/plan_*.cpp: the random number generator, the samplers and
// small statistics helpers. Fully specified so that the same seed gives the
// same numbers on every platform (no std::*_distribution, whose outputs
// differ between standard libraries).
#pragma once

#include "homeward/plan.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace homeward::plan_detail {

// splitmix64 (Steele, Lea, Flood 2014): seeds the generator.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// xoshiro256** 1.0 (Blackman and Vigna 2018).
class Rng {
 public:
  // One independent stream per (seed, stream): the stream index is mixed
  // into the seed through splitmix64, so replication k's numbers do not
  // depend on how many replications run or on which thread.
  Rng(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t sm = seed ^ (0xD1B54A32D192ED03ULL * (stream + 1));
    for (auto& w : s_) w = splitmix64(sm);
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform on the open interval (0, 1): 53 random bits, centred.
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }
  // Uniform index in [0, n).
  std::size_t index(std::size_t n) {
    return static_cast<std::size_t>(static_cast<double>(n) *
                                    (static_cast<double>(next() >> 11) * 0x1.0p-53));
  }
  double exponential(double mean) { return -mean * std::log(uniform()); }
  // Standard normal, Marsaglia's polar method (uses log and sqrt only).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u, v, s;
    do {
      u = 2.0 * uniform() - 1.0;
      v = 2.0 * uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double m = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * m;
    has_spare_ = true;
    return u * m;
  }
  // Gamma(shape, scale = 1), Marsaglia and Tsang (2000); shape < 1 by
  // boosting: G(a) = G(a + 1) * U^(1/a).
  double gamma(double shape) {
    if (shape < 1.0) {
      const double g = gamma(shape + 1.0);
      return g * std::exp(std::log(uniform()) / shape);
    }
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
      double x, v;
      do {
        x = normal();
        v = 1.0 + c * x;
      } while (v <= 0.0);
      v = v * v * v;
      const double u = uniform();
      if (u < 1.0 - 0.0331 * (x * x) * (x * x)) return d * v;
      if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
    }
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
  double spare_ = 0.0;
  bool has_spare_ = false;
};

// A distribution prepared for sampling (derived parameters computed once).
class Sampler {
 public:
  Sampler() = default;
  explicit Sampler(const Distribution& d);
  double operator()(Rng& rng) const;

 private:
  DistributionKind kind_ = DistributionKind::fixed;
  double a_ = 0.0;  // fixed: value; exponential: mean; gamma: shape; lognormal: mu
  double b_ = 0.0;  // gamma: scale; lognormal: sigma
  const std::vector<double>* samples_ = nullptr;
};

// Linear-interpolation quantile (NumPy's default) of sorted values.
double quantile_sorted(const std::vector<double>& sorted, double q);
double quantile(std::vector<double> values, double q);
// Two-sided 95% Student t critical value for `df` degrees of freedom.
double t_critical_95(std::int64_t df);

nlohmann::ordered_json estimate_json(const Estimate& e);
nlohmann::ordered_json distribution_json(const Distribution& d);
nlohmann::ordered_json model_json(const PlanModel& m);
PlanModel model_from(const nlohmann::json& j, const std::string& field);
std::vector<WorkerRole> workers_from(const nlohmann::json& j, const std::string& field);
Distribution distribution_from(const nlohmann::json& j, const std::string& field);
nlohmann::ordered_json simulation_json(const SimulationResult& r, bool include_runs);
nlohmann::ordered_json sweep_json(const SweepResult& r);

// Parallel for over [0, n): work(i) on a pool of threads, the calling thread
// reporting progress between its own items. Exceptions are rethrown on the
// calling thread (the first by index).
void parallel_for(std::int64_t n, std::int32_t threads,
                  const std::function<void(std::int64_t)>& work, const PlanProgress& progress);

}  // namespace homeward::plan_detail
