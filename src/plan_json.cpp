// Capacity planning: results as JSON and text (schemas in docs/plan.md).
#include "homeward/error.hpp"
#include "homeward/plan.hpp"

#include "json_util.hpp"
#include "plan_internal.hpp"

#include <cmath>
#include <cstdio>

namespace homeward {

using nlohmann::json;
using nlohmann::ordered_json;

namespace plan_detail {

ordered_json estimate_json(const Estimate& e) {
  return ordered_json{
      {"mean", e.mean}, {"sd", e.sd}, {"ci_low", e.ci_low}, {"ci_high", e.ci_high}, {"n", e.n}};
}

ordered_json simulation_json(const SimulationResult& r, bool include_runs) {
  ordered_json o;
  o["model"] = model_json(r.model);
  o["warmup_days"] = r.warmup_days;
  o["warmup_method"] = r.warmup_auto ? "MSER-5" : "given";
  o["replications"] = r.runs.size();
  ordered_json s;
  for (const RunField& f : run_fields()) s[f.name] = estimate_json(r.*(f.summary));
  if (!r.mean_wait_by_priority.empty()) {
    ordered_json by = ordered_json::array();
    for (const Estimate& e : r.mean_wait_by_priority) by.push_back(estimate_json(e));
    s["mean_wait_by_priority"] = by;
  }
  o["summary"] = s;
  o["pooled_wait_percentiles"] = {{"p50", r.pooled_wait_p50},
                                  {"p90", r.pooled_wait_p90},
                                  {"p95", r.pooled_wait_p95},
                                  {"p99", r.pooled_wait_p99}};
  o["meets_target"] = r.meets_target;
  ordered_json w = ordered_json::array();
  for (const WorkerSummary& x : r.workers) {
    w.push_back({{"role", x.role},
                 {"count", x.count},
                 {"caseload_limit", x.caseload_limit},
                 {"mean_caseload", estimate_json(x.mean_caseload)},
                 {"mean_demand", estimate_json(x.mean_demand)},
                 {"p95_demand", estimate_json(x.p95_demand)},
                 {"peak_demand", estimate_json(x.peak_demand)},
                 {"mean_wait_days", estimate_json(x.mean_wait_days)},
                 {"workers_needed", estimate_json(x.workers_needed)}});
  }
  o["workers"] = w;
  o["series"] = {{"occupancy_mean", r.occupancy_mean}, {"occupancy_p05", r.occupancy_p05},
                 {"occupancy_p95", r.occupancy_p95},   {"waiting_mean", r.waiting_mean},
                 {"waiting_p05", r.waiting_p05},       {"waiting_p95", r.waiting_p95}};
  if (include_runs) {
    // Column-wise: one array per figure, one entry per replication.
    ordered_json runs;
    for (const RunColumn& c : run_columns(r)) {
      ordered_json col = ordered_json::array();
      col.get_ref<ordered_json::array_t&>().reserve(c.values.size());
      for (const double v : c.values) {
        if (c.field->integer)
          col.push_back(static_cast<std::int64_t>(v));
        else
          col.push_back(v);
      }
      runs[c.field->name] = std::move(col);
    }
    o["runs"] = runs;
  }
  return o;
}

ordered_json sweep_json(const SweepResult& r) {
  ordered_json o;
  o["model"] = model_json(r.spec.model);
  o["replications"] = r.spec.model.replications;
  o["target"] = {{"days", r.spec.model.target.days}, {"fraction", r.spec.model.target.fraction}};
  ordered_json rows = ordered_json::array();
  for (const SweepRow& x : r.rows) {
    rows.push_back({{"beds", x.beds},
                    {"arrival_rate", x.arrival_rate},
                    {"los_mean", x.los_mean},
                    {"warmup_days", x.warmup_days},
                    {"mean_wait", estimate_json(x.mean_wait)},
                    {"wait_p90", estimate_json(x.wait_p90)},
                    {"within_target", estimate_json(x.within_target)},
                    {"savings", estimate_json(x.savings)},
                    {"occupancy", estimate_json(x.occupancy)},
                    {"crfd_days", estimate_json(x.crfd_days)},
                    {"mean_waiting", estimate_json(x.mean_waiting)},
                    {"blocking", estimate_json(x.blocking)},
                    {"meets_target", x.meets_target}});
  }
  o["rows"] = rows;
  ordered_json best = ordered_json::array();
  for (const SweepBest& b : r.best) {
    ordered_json q{{"arrival_rate", b.arrival_rate}, {"los_mean", b.los_mean}};
    if (b.beds)
      q["beds"] = *b.beds;
    else
      q["beds"] = nullptr;
    best.push_back(q);
  }
  o["smallest_beds_meeting_target"] = best;
  return o;
}

}  // namespace plan_detail

std::string simulation_result_to_json(const SimulationResult& r, bool include_runs) {
  return plan_detail::simulation_json(r, include_runs).dump();
}

std::string sweep_result_to_json(const SweepResult& r) { return plan_detail::sweep_json(r).dump(); }

namespace {
std::string money(double v) {
  // £1,234,567 (whole pounds, thousands separated).
  const bool neg = v < 0;
  auto n = static_cast<long long>(std::llround(std::fabs(v)));
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return std::string(neg ? "-" : "") + "\xC2\xA3" + out;
}
std::string fixed(double v, int places) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", places, v);
  return buf;
}
}  // namespace

std::string sweep_table(const SweepResult& r) {
  std::string out;
  double last_rate = -1.0, last_los = -1.0;
  for (const SweepRow& x : r.rows) {
    if (x.arrival_rate != last_rate || x.los_mean != last_los) {
      out += "arrivals " + fixed(x.arrival_rate, 3) + "/day, mean stay " + fixed(x.los_mean, 1) +
             " days:\n";
      last_rate = x.arrival_rate;
      last_los = x.los_mean;
    }
    out += "  " + std::to_string(x.beds) + (x.beds == 1 ? " bed" : " beds") + ": mean wait " +
           fixed(x.mean_wait.mean, 1) + " days, savings " + money(x.savings.mean) + ", occupancy " +
           fixed(100.0 * x.occupancy.mean, 0) + "%, " + fixed(100.0 * x.within_target.mean, 0) +
           "% placed within " + fixed(r.spec.model.target.days, 0) + " days" +
           (x.meets_target ? " (meets target)" : "") + "\n";
  }
  for (const SweepBest& b : r.best) {
    out += "smallest number of beds with " + fixed(100.0 * r.spec.model.target.fraction, 0) +
           "% placed within " + fixed(r.spec.model.target.days, 0) + " days (arrivals " +
           fixed(b.arrival_rate, 3) + "/day, stay " + fixed(b.los_mean, 1) +
           " days): " + (b.beds ? std::to_string(*b.beds) : std::string("none of those tried")) +
           "\n";
  }
  return out;
}

SweepSpec sweep_spec_from_json(std::string_view json_text, std::string_view field) {
  const std::string f(field);
  const json j = detail::parse_json(json_text, f);
  if (!j.is_object()) throw InvalidArgument(f, "expected an object");
  SweepSpec s;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string k = it.key();
    const std::string kf = join_path(f, k);
    const json& v = *it;
    auto numbers = [&]() {
      if (!v.is_array())
        throw InvalidArgument(kf, std::string("expected an array, got ") + v.type_name());
      std::vector<double> out;
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_number())
          throw InvalidArgument(index_path(kf, i),
                                std::string("expected a number, got ") + v[i].type_name());
        out.push_back(v[i].get<double>());
      }
      return out;
    };
    if (k == "model") {
      s.model = plan_detail::model_from(v, kf);
    } else if (k == "beds") {
      std::vector<double> b;
      if (v.is_object()) {
        const auto from = v.find("from"), to = v.find("to");
        if (from == v.end() || !from->is_number_integer())
          throw InvalidArgument(join_path(kf, "from"), "expected a whole number");
        if (to == v.end() || !to->is_number_integer())
          throw InvalidArgument(join_path(kf, "to"), "expected a whole number");
        const auto a = from->get<std::int64_t>(), z = to->get<std::int64_t>();
        if (a < 1 || z < a || z - a > 100000) throw InvalidArgument(kf, "needs 1 <= from <= to");
        for (auto x = a; x <= z; ++x) b.push_back(static_cast<double>(x));
      } else {
        b = numbers();
      }
      for (std::size_t i = 0; i < b.size(); ++i) {
        if (std::floor(b[i]) != b[i] || std::fabs(b[i]) > 1e6)
          throw InvalidArgument(index_path(kf, i), "expected a whole number of beds");
        s.beds.push_back(static_cast<std::int32_t>(b[i]));
      }
    } else if (k == "arrival_rates") {
      s.arrival_rates = numbers();
    } else if (k == "los_means") {
      s.los_means = numbers();
    } else {
      throw InvalidArgument(kf,
                            "unknown field (known fields: model, beds, arrival_rates, los_means)");
    }
  }
  s.validate(f);
  return s;
}

std::string plan_fit_to_json(const PlanFit& fit) {
  ordered_json o;
  o["window"] = {{"first", format_date(fit.first)}, {"last", format_date(fit.last)}};
  o["ready_periods"] = fit.ready_periods;
  o["arrival_rate"] = {{"per_day", fit.arrival_rate},
                       {"ci_low", fit.arrival_rate_ci_low},
                       {"ci_high", fit.arrival_rate_ci_high},
                       {"per_year", fit.arrival_rate * 365.0}};
  o["monthly_counts"] = fit.monthly_counts;
  o["dispersion"] = fit.dispersion;
  o["step_down"] = fit.step_down;
  o["straight_home"] = fit.straight_home;
  const Distribution stays = Distribution::empirical(fit.stays);
  const Distribution waits =
      fit.waits.empty() ? Distribution{} : Distribution::empirical(fit.waits);
  o["stays"] = {{"n", fit.stays.size()},
                {"mean", stays.mean},
                {"sd", stays.sd},
                {"median", plan_detail::quantile(fit.stays, 0.5)}};
  o["waits"] = {{"n", fit.waits.size()},
                {"mean", waits.mean},
                {"sd", waits.sd},
                {"median", plan_detail::quantile(fit.waits, 0.5)},
                {"p90", plan_detail::quantile(fit.waits, 0.9)}};
  ordered_json c = ordered_json::array();
  for (const DistributionFit& x : fit.candidates) {
    ordered_json d = plan_detail::distribution_json(x.distribution);
    if (x.distribution.kind == DistributionKind::empirical) d.erase("samples");
    d["ks"] = x.ks;
    c.push_back(d);
  }
  o["length_of_stay_candidates"] = c;
  o["length_of_stay_chosen"] =
      std::string(distribution_kind_name(fit.candidates[fit.chosen].distribution.kind));
  o["ks_critical_5pct"] =
      1.36 / std::sqrt(static_cast<double>(std::max<std::size_t>(fit.stays.size(), 1)));
  o["model"] = plan_detail::model_json(fit.model);
  return o.dump();
}

std::string capacity_plan_to_json(const CapacityPlan& plan) {
  ordered_json o;
  o["fit"] = ordered_json::parse(plan_fit_to_json(plan.fit));
  o["growth"] = plan.options.growth;
  o["target"] = {{"days", plan.options.target.days}, {"fraction", plan.options.target.fraction}};
  ordered_json sc = ordered_json::array();
  for (const CapacityScenario& s : plan.scenarios) {
    ordered_json q;
    q["name"] = s.name;
    q["arrival_rate"] = s.arrival_rate;
    if (s.beds_needed)
      q["beds_needed"] = *s.beds_needed;
    else
      q["beds_needed"] = nullptr;
    q["sweep"] = plan_detail::sweep_json(s.sweep);
    if (s.at_beds_needed)
      q["at_beds_needed"] = plan_detail::simulation_json(*s.at_beds_needed, false);
    sc.push_back(q);
  }
  o["scenarios"] = sc;
  return o.dump();
}

}  // namespace homeward
