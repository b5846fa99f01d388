// Capacity planning: fitting a model from a caseload's history, and the
// capacity plan (beds and workers for the next year).
#include "homeward/error.hpp"
#include "homeward/plan.hpp"
#include "homeward/timeline.hpp"

#include "json_util.hpp"
#include "plan_internal.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace homeward {

std::vector<double> caseload_step_down_stays(const Caseload& caseload,
                                             const TimelinePolicy& policy) {
  std::vector<double> out;
  const auto first = caseload.first_date();
  const auto last = caseload.last_date();
  if (!first || !last) return out;
  // The timeline's own rule for a completed stay (length_of_stay_add_one).
  const Measures m = measures(caseload, *first, *last, policy, CostModel{}, *last);
  out.reserve(m.step_down.stays.size());
  for (const StayItem& s : m.step_down.stays) out.push_back(static_cast<double>(s.days));
  return out;
}

std::vector<double> caseload_step_down_waits(const Caseload& caseload) {
  std::vector<double> out;
  const auto& off = caseload.offsets();
  const auto& types = caseload.types();
  const auto& dates = caseload.dates();
  for (std::size_t p = 0; p + 1 < off.size(); ++p) {
    std::int32_t ready = kNoDay;
    for (auto e = off[p]; e < off[p + 1]; ++e) {
      const auto i = static_cast<std::size_t>(e);
      const auto t = static_cast<EventType>(types[i]);
      if (t == EventType::clinically_ready_for_discharge) {
        ready = dates[i];
      } else if (t == EventType::step_down_admitted && ready != kNoDay) {
        out.push_back(static_cast<double>(dates[i] - ready));
        ready = kNoDay;
      } else if (t == EventType::readmitted || t == EventType::closed) {
        ready = kNoDay;
      }
    }
  }
  return out;
}

namespace {

// Regularised lower incomplete gamma P(a, x) (series and continued fraction).
double gamma_p(double a, double x) {
  if (x <= 0.0) return 0.0;
  const double gln = std::lgamma(a);
  if (x < a + 1.0) {
    double ap = a, sum = 1.0 / a, del = sum;
    for (int n = 0; n < 500; ++n) {
      ap += 1.0;
      del *= x / ap;
      sum += del;
      if (std::fabs(del) < std::fabs(sum) * 1e-14) break;
    }
    return sum * std::exp(-x + a * std::log(x) - gln);
  }
  double b = x + 1.0 - a, c = 1.0 / 1e-300, d = 1.0 / b, h = d;
  for (int i = 1; i < 500; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (std::fabs(c) < 1e-300) c = 1e-300;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < 1e-14) break;
  }
  return 1.0 - std::exp(-x + a * std::log(x) - gln) * h;
}

double cdf(const Distribution& d, double x) {
  switch (d.kind) {
    case DistributionKind::fixed: return x >= d.mean ? 1.0 : 0.0;
    case DistributionKind::exponential: return x <= 0.0 ? 0.0 : 1.0 - std::exp(-x / d.mean);
    case DistributionKind::gamma: {
      const double cv2 = (d.sd / d.mean) * (d.sd / d.mean);
      return gamma_p(1.0 / cv2, x / (d.mean * cv2));
    }
    case DistributionKind::lognormal: {
      if (x <= 0.0) return 0.0;
      const double s2 = std::log1p((d.sd / d.mean) * (d.sd / d.mean));
      const double mu = std::log(d.mean) - 0.5 * s2;
      return 0.5 * std::erfc(-(std::log(x) - mu) / std::sqrt(2.0 * s2));
    }
    case DistributionKind::empirical: {
      const auto n = static_cast<double>(d.samples.size());
      const auto k =
          std::count_if(d.samples.begin(), d.samples.end(), [x](double v) { return v <= x; });
      return static_cast<double>(k) / n;
    }
  }
  return 0.0;
}

// The left limit F(x-): differs from F(x) only for the step distributions.
double cdf_left(const Distribution& d, double x) {
  if (d.kind == DistributionKind::fixed) return x > d.mean ? 1.0 : 0.0;
  if (d.kind == DistributionKind::empirical) {
    const auto k =
        std::count_if(d.samples.begin(), d.samples.end(), [x](double v) { return v < x; });
    return static_cast<double>(k) / static_cast<double>(d.samples.size());
  }
  return cdf(d, x);
}

double ks_distance(const Distribution& d, std::vector<double> data) {
  std::sort(data.begin(), data.end());
  const auto n = static_cast<double>(data.size());
  double best = 0.0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    // Ties: compare at the top of each run of equal values.
    if (i + 1 < data.size() && data[i + 1] == data[i]) continue;
    const double f = cdf(d, data[i]);
    std::size_t lo = i;
    while (lo > 0 && data[lo - 1] == data[i]) --lo;
    const double fl = cdf_left(d, data[i]);
    best = std::max({best, std::fabs(static_cast<double>(i + 1) / n - f),
                     std::fabs(fl - static_cast<double>(lo) / n)});
  }
  return best;
}

}  // namespace

PlanFit fit_plan_model(const Caseload& caseload, const PlanModel& base,
                       const TimelinePolicy& policy) {
  PlanFit fit;
  std::vector<std::int32_t> ready_days;
  {
    const auto& types = caseload.types();
    const auto& dates = caseload.dates();
    for (std::size_t i = 0; i < types.size(); ++i) {
      if (static_cast<EventType>(types[i]) == EventType::clinically_ready_for_discharge)
        ready_days.push_back(dates[i]);
    }
  }
  if (ready_days.empty()) {
    throw InvalidArgument(
        "caseload", "has no clinically ready for discharge periods: nothing to fit arrivals from");
  }
  std::sort(ready_days.begin(), ready_days.end());
  fit.first = from_days(ready_days.front());
  fit.last = std::max(*caseload.last_date(), fit.first);
  const double span = static_cast<double>((fit.last - fit.first).days()) + 1.0;
  const auto n = static_cast<double>(ready_days.size());
  fit.ready_periods = static_cast<std::int64_t>(ready_days.size());
  fit.arrival_rate = n / span;
  // Poisson 95% interval for the count (Byar's approximation).
  const double z = 1.959963984540054;
  const double lo = n * std::pow(1.0 - 1.0 / (9.0 * n) - z / (3.0 * std::sqrt(n)), 3.0);
  const double hi =
      (n + 1.0) * std::pow(1.0 - 1.0 / (9.0 * (n + 1.0)) + z / (3.0 * std::sqrt(n + 1.0)), 3.0);
  fit.arrival_rate_ci_low = lo / span;
  fit.arrival_rate_ci_high = hi / span;
  {
    std::map<int, std::int64_t> months;
    for (Date d = Date(fit.first.year(), fit.first.month(), 1); d <= fit.last;
         d += boost::gregorian::months(1)) {
      months[d.year() * 12 + d.month() - 1] = 0;
    }
    for (std::int32_t x : ready_days) {
      const Date d = from_days(x);
      ++months[d.year() * 12 + d.month() - 1];
    }
    for (const auto& kv : months) fit.monthly_counts.push_back(kv.second);
    if (fit.monthly_counts.size() > 1) {
      double s = 0.0;
      for (auto c : fit.monthly_counts) s += static_cast<double>(c);
      const double mean = s / static_cast<double>(fit.monthly_counts.size());
      double ss = 0.0;
      for (auto c : fit.monthly_counts)
        ss += (static_cast<double>(c) - mean) * (static_cast<double>(c) - mean);
      fit.dispersion =
          mean > 0.0 ? ss / static_cast<double>(fit.monthly_counts.size() - 1) / mean : 0.0;
    }
  }
  fit.waits = caseload_step_down_waits(caseload);
  fit.step_down = static_cast<std::int64_t>(fit.waits.size());
  fit.straight_home = std::max(0.0, 1.0 - static_cast<double>(fit.step_down) / n);
  fit.stays = caseload_step_down_stays(caseload, policy);
  if (fit.stays.empty()) {
    throw InvalidArgument(
        "caseload.step_down",
        "has no completed step-down stay: nothing to fit the length of stay from");
  }
  const Distribution emp = Distribution::empirical(fit.stays);
  const double mean = std::max(emp.mean, 1e-9);
  const double sd = emp.sd > 0.0 ? emp.sd : mean * 1e-6;
  fit.candidates.push_back({Distribution::exponential(mean), 0.0});
  fit.candidates.push_back({Distribution::gamma(mean, sd), 0.0});
  fit.candidates.push_back({Distribution::lognormal(mean, sd), 0.0});
  fit.candidates.push_back({emp, 0.0});
  for (auto& c : fit.candidates) c.ks = ks_distance(c.distribution, fit.stays);
  // The parametric fit closest to the data, unless the KS test (5%, critical
  // value 1.36/sqrt(n)) rejects it: then resample the stays themselves.
  std::size_t best = 0;
  for (std::size_t i = 1; i < 3; ++i) {
    if (fit.candidates[i].ks < fit.candidates[best].ks) best = i;
  }
  const double critical = 1.36 / std::sqrt(static_cast<double>(fit.stays.size()));
  fit.chosen = fit.candidates[best].ks <= critical ? best : 3;

  fit.model = base;
  fit.model.arrivals = Arrivals{};
  fit.model.arrivals.kind = ArrivalKind::poisson;
  fit.model.arrivals.rate_per_day = fit.arrival_rate;
  fit.model.straight_home = fit.straight_home;
  fit.model.length_of_stay = fit.candidates[fit.chosen].distribution;
  fit.model.start = fit.last + boost::gregorian::days(1);
  if (fit.model.beds < 1) fit.model.beds = 1;
  return fit;
}

// ---------------------------------------------------------------------------
// The capacity plan

void CapacityPlanOptions::validate(std::string_view field) const {
  const std::string f(field);
  if (!std::isfinite(growth) || growth <= -1.0 || growth > 100.0) {
    throw InvalidArgument(join_path(f, "growth"),
                          "must be above -1 (a share: 0.1 is +10%), got " + std::to_string(growth));
  }
  if (max_beds < 1 || max_beds > 10000) {
    throw InvalidArgument(join_path(f, "max_beds"),
                          "must be between 1 and 10000, got " + std::to_string(max_beds));
  }
  if (replications < 1) throw InvalidArgument(join_path(f, "replications"), "must be >= 1");
  if (threads < 0) throw InvalidArgument(join_path(f, "threads"), "must be >= 0");
  PlanModel m;
  m.target = target;
  m.costs = costs;
  m.workers = workers;
  m.validate(f);
}

CapacityPlanOptions capacity_plan_options_from_json(std::string_view json_text,
                                                    std::string_view field) {
  const std::string f(field);
  CapacityPlanOptions o;
  if (json_text.find_first_not_of(" \t\r\n") == std::string_view::npos) return o;
  const nlohmann::json j = detail::parse_json(json_text, f);
  if (!j.is_object()) throw InvalidArgument(f, "expected an object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string k = it.key();
    const std::string kf = join_path(f, k);
    const nlohmann::json& v = *it;
    auto number = [&]() {
      if (!v.is_number())
        throw InvalidArgument(kf, std::string("expected a number, got ") + v.type_name());
      return v.get<double>();
    };
    auto whole = [&]() {
      const double d = number();
      if (std::floor(d) != d || std::fabs(d) > 2e9)
        throw InvalidArgument(kf, "expected a whole number, got " + v.dump());
      return static_cast<std::int32_t>(d);
    };
    if (k == "growth")
      o.growth = number();
    else if (k == "max_beds")
      o.max_beds = whole();
    else if (k == "replications")
      o.replications = whole();
    else if (k == "threads")
      o.threads = whole();
    else if (k == "seed") {
      const double d = number();
      if (d < 0 || std::floor(d) != d) throw InvalidArgument(kf, "must be a whole number >= 0");
      o.seed = v.is_number_unsigned() ? v.get<std::uint64_t>() : static_cast<std::uint64_t>(d);
    } else if (k == "start") {
      if (!v.is_string()) throw InvalidArgument(kf, "expected a date");
      o.start = parse_date(v.get<std::string>(), kf);
    } else if (k == "target" || k == "costs") {
      nlohmann::json wrapped = {{k, v}};
      const PlanModel m = plan_detail::model_from(wrapped, f);
      if (k == "target")
        o.target = m.target;
      else
        o.costs = m.costs;
    } else if (k == "workers") {
      o.workers = plan_detail::workers_from(v, kf);
    } else {
      throw InvalidArgument(
          kf,
          "unknown field (known fields: growth, max_beds, replications, seed, start, target, "
          "costs, workers, threads)");
    }
  }
  o.validate(f);
  return o;
}

CapacityPlan capacity_plan(const Caseload& caseload, const CapacityPlanOptions& options,
                           const TimelinePolicy& policy, const PlanProgress& progress) {
  options.validate();
  CapacityPlan plan;
  plan.options = options;
  PlanModel base;
  base.replications = options.replications;
  base.seed = options.seed;
  base.target = options.target;
  base.costs = options.costs;
  base.threads = options.threads;
  plan.fit = fit_plan_model(caseload, base, policy);
  if (options.start) plan.fit.model.start = *options.start;

  const double rates[2] = {plan.fit.arrival_rate, plan.fit.arrival_rate * (1.0 + options.growth)};
  const char* names[2] = {"current", "growth"};
  const std::int64_t stages = 4;
  for (int s = 0; s < 2; ++s) {
    CapacityScenario sc;
    sc.name = names[s];
    sc.arrival_rate = rates[s];
    SweepSpec spec;
    spec.model = plan.fit.model;
    spec.model.arrivals.rate_per_day = rates[s];
    for (std::int32_t b = 1; b <= options.max_beds; ++b) spec.beds.push_back(b);
    PlanProgress stage_progress;
    if (progress) {
      const std::int64_t stage = 2 * s;
      stage_progress = [&progress, stage, stages](std::int64_t done, std::int64_t total) {
        const std::int64_t scaled = total > 0 ? done * 1000 / total : 1000;
        return progress(stage * 1000 + scaled, stages * 1000);
      };
    }
    sc.sweep = sweep(spec, stage_progress);
    sc.beds_needed = sc.sweep.best.front().beds;
    PlanModel at = spec.model;
    at.beds = sc.beds_needed.value_or(options.max_beds);
    at.workers = options.workers;
    at.keep_series = true;
    PlanProgress sim_progress;
    if (progress) {
      const std::int64_t stage = 2 * s + 1;
      sim_progress = [&progress, stage, stages](std::int64_t done, std::int64_t total) {
        const std::int64_t scaled = total > 0 ? done * 1000 / total : 1000;
        return progress(stage * 1000 + scaled, stages * 1000);
      };
    }
    sc.at_beds_needed = simulate(at, sim_progress);
    plan.scenarios.push_back(std::move(sc));
  }
  return plan;
}

}  // namespace homeward
