// homeward: capacity planning by discrete-event simulation.
//
// How many step-down beds and workers a service needs: people become
// clinically ready for discharge (arrivals), wait in hospital until a
// step-down bed is free (first come first served, or by priority), stay for
// a drawn length of stay and move on. Some go straight home, some are
// readmitted and come back; workers by role carry capped caseloads. Many
// replications run in parallel threads; every figure comes with its mean
// and a 95% confidence interval. Scenario sweeps (beds x arrival rates x
// lengths of stay) give a commissioner's table and the smallest number of
// beds that meets a target. Models can be fitted from a Caseload's history.
//
// Reproducible: a fully specified PRNG (xoshiro256** seeded by splitmix64,
// one stream per replication) and the library's own samplers, so the same
// seed gives the same results on every platform and for any thread count.
// See docs/plan.md (the model, its assumptions and limits, after STRESS-DES).
#pragma once

#include "homeward/date.hpp"
#include "homeward/timeline.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace homeward {

// ---------------------------------------------------------------------------
// Distributions (all in days)

enum class DistributionKind : std::uint8_t {
  fixed = 0,
  exponential = 1,
  gamma = 2,
  lognormal = 3,
  empirical = 4
};
std::string_view distribution_kind_name(DistributionKind k);

struct Distribution {
  DistributionKind kind = DistributionKind::fixed;
  double mean = 0.0;            // fixed: the value; exponential, gamma, lognormal: the mean
  double sd = 0.0;              // gamma, lognormal: the standard deviation
  std::vector<double> samples;  // empirical: values resampled with equal weight

  static Distribution fixed(double value);
  static Distribution exponential(double mean);
  static Distribution gamma(double mean, double sd);
  static Distribution lognormal(double mean, double sd);
  static Distribution empirical(std::vector<double> samples);

  // The distribution's mean (empirical: the samples' mean).
  double expected() const;
  // The same shape with its mean moved to `new_mean` (sd scaled in
  // proportion; empirical samples scaled).
  Distribution with_mean(double new_mean) const;
  // Throws InvalidArgument naming the field ("<field>.mean", "<field>.sd",
  // "<field>.samples[3]") for negative, zero, NaN or infinite parameters.
  void validate(std::string_view field) const;
};

// ---------------------------------------------------------------------------
// The model

enum class ArrivalKind : std::uint8_t { poisson = 0, monthly = 1, replay = 2 };
enum class QueueDiscipline : std::uint8_t { fcfs = 0, priority = 1 };

struct Arrivals {
  ArrivalKind kind = ArrivalKind::poisson;
  double rate_per_day = 0.0;               // poisson
  std::array<double, 12> monthly_rates{};  // monthly: per day, January..December
  std::vector<Date> dates;                 // replay: the dates people became ready
  // Mean arrivals per day over a year (replay: over the replayed span).
  double mean_rate() const;
};

struct WorkerRole {
  std::string role;        // e.g. "pathway_navigator"
  std::int32_t count = 0;  // workers in post; 0: unlimited (measure the demand)
  std::int32_t caseload_limit = 1;
  double share = 1.0;    // fraction of people who need this role (0..1]
  Distribution support;  // how long one person's support lasts
};

struct PlanTarget {
  double days = 14.0;     // placed within this many days of becoming ready
  double fraction = 0.9;  // ... for at least this fraction of the people placed
};

struct PlanModel {
  Date start{2026, 4, 1};             // the calendar date of day 0 after warm-up (monthly rates)
  double horizon_days = 365.0;        // the period measured, after the warm-up
  std::optional<double> warmup_days;  // nullopt: chosen by MSER-5 on pilot runs
  std::int32_t replications = 100;
  std::uint64_t seed = 1;
  std::int32_t beds = 1;
  Arrivals arrivals;
  QueueDiscipline queue = QueueDiscipline::fcfs;
  std::vector<double>
      priority_shares;  // priority: share of arrivals per class, class 0 served first
  std::optional<std::int32_t>
      max_queue;  // people waiting at most; arrivals beyond it go elsewhere (0: Erlang B)
  Distribution length_of_stay = Distribution::exponential(78.0);
  double straight_home = 0.0;  // share of arrivals who need no step-down bed
  double readmission = 0.0;    // share of step-down leavers readmitted, ready again later
  Distribution readmission_delay = Distribution::exponential(60.0);  // leaving -> ready again
  std::vector<WorkerRole> workers;
  CostModel costs;
  PlanTarget target;
  std::int32_t threads = 0;  // 0: std::thread::hardware_concurrency()
  bool keep_series = true;   // daily occupancy/waiting per run (off in sweeps)
  // People (arrivals and readmissions) one replication may create; a run
  // that reaches it stops with an InvalidArgument naming "max_people", so a
  // runaway model (readmissions that return at once, a huge rate) cannot
  // exhaust memory or never end.
  std::int64_t max_people = 5000000;

  // Everything checked, errors naming the field ("arrivals.rate_per_day",
  // "beds", "length_of_stay.sd", "workers[1].caseload_limit").
  void validate(std::string_view field = "model") const;
};

// JSON form (docs/plan.md): {"start", "horizon_days", "warmup_days" (number
// or "auto"), "replications", "seed", "beds", "arrivals": {"kind": "poisson",
// "rate_per_day"} | {"kind": "monthly", "rates_per_day": [12]} | {"kind":
// "replay", "dates": [...]}, "queue", "priority_shares", "max_queue",
// "length_of_stay": {"kind", "mean", "sd", "samples"}, "straight_home",
// "readmission", "readmission_delay", "workers": [{"role", "count",
// "caseload_limit", "share", "support"}], "costs", "target": {"days",
// "fraction"}, "threads"}. Unknown keys are errors; missing keys keep defaults.
PlanModel plan_model_from_json(std::string_view json_text, std::string_view field = "model");
std::string plan_model_to_json(const PlanModel& model);
Distribution distribution_from_json(std::string_view json_text,
                                    std::string_view field = "distribution");
std::string distribution_to_json(const Distribution& d);

// ---------------------------------------------------------------------------
// Results

// Mean over replications with a 95% confidence interval (Student t).
struct Estimate {
  double mean = 0.0;
  double sd = 0.0;
  double ci_low = 0.0;
  double ci_high = 0.0;
  std::int64_t n = 0;
};
Estimate estimate(const std::vector<double>& values);

struct WorkerRun {
  double mean_caseload =
      0.0;  // people supported per worker (time-average; count 0: per caseload_limit)
  double mean_demand = 0.0;  // people supported or waiting for support (time-average)
  double p95_demand = 0.0;   // 95th percentile of the daily demand
  double peak_demand = 0.0;
  double mean_wait_days = 0.0;      // waiting for a worker, people who started support
  std::int32_t workers_needed = 0;  // ceil(p95_demand / caseload_limit)
};

// One replication's figures over the measured period (after the warm-up).
struct RunResult {
  std::int64_t arrivals = 0;  // became ready in the period
  std::int64_t straight_home = 0;
  std::int64_t diverted = 0;  // found the queue full and went elsewhere
  std::int64_t placed = 0;    // admitted to step-down in the period
  std::int64_t readmissions = 0;
  std::int64_t waiting_at_end = 0;
  double mean_occupancy = 0.0;  // beds in use, time-average
  double occupancy = 0.0;       // mean_occupancy / beds
  double mean_waiting = 0.0;    // people waiting in hospital, time-average
  double max_waiting = 0.0;
  double crfd_days = 0.0;         // days waited in hospital inside the period (all people)
  double step_down_days = 0.0;    // step-down bed-days inside the period
  double bed_days_avoided = 0.0;  // = step_down_days (a step-down night replaces a hospital night)
  double savings = 0.0;           // bed_days_avoided x (inpatient - step-down day cost)
  double delay_cost = 0.0;        // crfd_days x inpatient day cost
  double mean_wait = 0.0;         // of people placed in the period (days)
  double waited_fraction = 0.0;   // placed people who waited at all
  double wait_p50 = 0.0, wait_p90 = 0.0, wait_p95 = 0.0;
  double within_target = 1.0;  // placed within target.days (fraction of placed; 1 when none)
  double blocking = 0.0;       // diverted / arrivals needing a bed
  double littles_lambda_w =
      0.0;  // (placed + waiting changes) rate x mean wait: compare with mean_waiting
  std::vector<double> mean_wait_by_priority;  // priority queue: per class (placed people)
  std::vector<WorkerRun> workers;
  std::vector<double> daily_occupancy;  // time-average per day (keep_series)
  std::vector<double> daily_waiting;
  std::vector<double> waits;  // each placed person's wait (keep_series)
};

struct WorkerSummary {
  std::string role;
  std::int32_t count = 0;
  std::int32_t caseload_limit = 0;
  Estimate mean_caseload, mean_demand, p95_demand, peak_demand, mean_wait_days, workers_needed;
};

struct SimulationResult {
  PlanModel model;
  double warmup_days = 0.0;
  bool warmup_auto = false;
  std::vector<RunResult> runs;
  // Over replications:
  Estimate arrivals, straight_home, diverted, placed, readmissions, waiting_at_end;
  Estimate mean_occupancy, occupancy, mean_waiting, max_waiting, crfd_days, step_down_days;
  Estimate bed_days_avoided, savings, delay_cost, mean_wait, waited_fraction;
  Estimate wait_p50, wait_p90, wait_p95, within_target, blocking, littles_lambda_w;
  // Pooled over every placed person of every replication.
  double pooled_wait_p50 = 0.0, pooled_wait_p90 = 0.0, pooled_wait_p95 = 0.0, pooled_wait_p99 = 0.0;
  std::vector<Estimate> mean_wait_by_priority;
  std::vector<WorkerSummary> workers;
  // Per day of the period: mean and 5th/95th percentiles across replications.
  std::vector<double> occupancy_mean, occupancy_p05, occupancy_p95;
  std::vector<double> waiting_mean, waiting_p05, waiting_p95;
  bool meets_target = false;  // within_target.mean >= target.fraction
};

// Progress: (done, total) replications; return false to cancel (the call
// then throws InvalidArgument("progress", "cancelled")). Always called on
// the calling thread.
using PlanProgress = std::function<bool(std::int64_t done, std::int64_t total)>;

// One replication (index `replication` of the model's seed), without the
// warm-up search: `warmup_days` is used as given.
RunResult simulate_run(const PlanModel& model, std::int32_t replication, double warmup_days);
// The warm-up MSER-5 picks from pilot runs (at most 10 replications).
double choose_warmup(const PlanModel& model);
SimulationResult simulate(const PlanModel& model, const PlanProgress& progress = nullptr);
std::string simulation_result_to_json(const SimulationResult& r, bool include_runs = false);

// The per-replication figures of RunResult that have a summary Estimate in
// SimulationResult, in the order of the result JSON's "summary" and "runs":
// one home for their names, used by the summary, the JSON and the bindings.
struct RunField {
  const char* name;  // "arrivals", "mean_wait", ...
  bool integer;      // a count (written as a JSON integer)
  double (*get)(const RunResult&);
  Estimate SimulationResult::*summary;
};
const std::vector<RunField>& run_fields();
// One column per run field, one value per replication (counts are exact in a double).
struct RunColumn {
  const RunField* field;
  std::vector<double> values;
};
std::vector<RunColumn> run_columns(const SimulationResult& r);

// ---------------------------------------------------------------------------
// Sweeps

struct SweepSpec {
  PlanModel model;                    // the base; replications, seed, target from here
  std::vector<std::int32_t> beds;     // e.g. 1..40
  std::vector<double> arrival_rates;  // per day; empty: the model's own arrivals
  std::vector<double> los_means;      // days; empty: the model's own length of stay
  void validate(std::string_view field = "sweep") const;
};

struct SweepRow {
  std::int32_t beds = 0;
  double arrival_rate = 0.0;  // mean per day
  double los_mean = 0.0;
  double warmup_days = 0.0;
  Estimate mean_wait, within_target, savings, occupancy, crfd_days, mean_waiting, blocking,
      wait_p90;
  bool meets_target = false;
};

struct SweepBest {  // per (arrival rate, LOS): the smallest number of beds meeting the target
  double arrival_rate = 0.0;
  double los_mean = 0.0;
  std::optional<std::int32_t> beds;  // nullopt: no swept number of beds meets it
};

struct SweepResult {
  SweepSpec spec;
  std::vector<SweepRow> rows;  // rates outer, then LOS, then beds
  std::vector<SweepBest> best;
};

SweepResult sweep(const SweepSpec& spec, const PlanProgress& progress = nullptr);
// {"model": {...}, "beds": [..] | {"from", "to"}, "arrival_rates": [..], "los_means": [..]}
SweepSpec sweep_spec_from_json(std::string_view json_text, std::string_view field = "sweep");
std::string sweep_result_to_json(const SweepResult& r);
// "k beds: mean wait w days, savings £s, occupancy o%" lines, one per row.
std::string sweep_table(const SweepResult& r);

// ---------------------------------------------------------------------------
// Fitting from a caseload's history

// Completed step-down stays (days, the timeline's length-of-stay rule) and
// waits (days from becoming clinically ready for discharge to step-down
// admission), from the caseload's own events.
std::vector<double> caseload_step_down_stays(const Caseload& caseload,
                                             const TimelinePolicy& policy = {});
std::vector<double> caseload_step_down_waits(const Caseload& caseload);

struct DistributionFit {
  Distribution distribution;
  double ks = 0.0;  // Kolmogorov-Smirnov distance to the data
};

struct PlanFit {
  Date first;  // the history's window (first and last clinically ready date)
  Date last;
  std::int64_t ready_periods = 0;                                // CRFD periods (arrivals)
  double arrival_rate = 0.0;                                     // per day
  double arrival_rate_ci_low = 0.0, arrival_rate_ci_high = 0.0;  // Poisson 95%
  std::vector<std::int64_t> monthly_counts;                      // per calendar month of the window
  double dispersion = 0.0;     // variance / mean of the monthly counts (Poisson: about 1)
  std::int64_t step_down = 0;  // periods followed by a step-down admission
  double straight_home = 0.0;  // share without step-down
  std::vector<double> stays;   // completed step-down stays
  std::vector<double> waits;   // observed waits for step-down
  std::vector<DistributionFit> candidates;  // exponential, gamma, lognormal, empirical
  std::size_t chosen =
      0;            // index in candidates (smallest KS among parametric; empirical if n >= 30)
  PlanModel model;  // the fitted model (beds from options)
};

// Throws InvalidArgument("caseload") for a history with no clinically ready
// periods, InvalidArgument("caseload.step_down") for no completed stay.
PlanFit fit_plan_model(const Caseload& caseload, const PlanModel& base = {},
                       const TimelinePolicy& policy = {});
std::string plan_fit_to_json(const PlanFit& fit);

// ---------------------------------------------------------------------------
// The capacity plan: beds and workers for the next year from a caseload

struct CapacityPlanOptions {
  double growth = 0.1;  // next year's extra arrivals (0.1: +10%)
  std::int32_t max_beds = 40;
  std::int32_t replications = 200;
  std::uint64_t seed = 1;
  PlanTarget target;
  CostModel costs;
  std::vector<WorkerRole> workers;  // roles to size (count 0: measure the demand)
  std::optional<Date> start;        // default: the day after the history's last date
  std::int32_t threads = 0;
  void validate(std::string_view field = "options") const;
};
CapacityPlanOptions capacity_plan_options_from_json(std::string_view json_text,
                                                    std::string_view field = "options");

struct CapacityScenario {
  std::string name;  // "current" or "growth"
  double arrival_rate = 0.0;
  SweepResult sweep;
  std::optional<std::int32_t> beds_needed;
  std::optional<SimulationResult> at_beds_needed;  // workers sized here
};

struct CapacityPlan {
  PlanFit fit;
  CapacityPlanOptions options;
  std::vector<CapacityScenario> scenarios;
};
CapacityPlan capacity_plan(const Caseload& caseload, const CapacityPlanOptions& options = {},
                           const TimelinePolicy& policy = {},
                           const PlanProgress& progress = nullptr);
std::string capacity_plan_to_json(const CapacityPlan& plan);

}  // namespace homeward
