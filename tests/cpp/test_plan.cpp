// Capacity planning: the simulation against queueing theory (Erlang C,
// Erlang B, Little's law), reproducibility, the model's features and errors.
#include <catch2/catch.hpp>

#include "homeward/homeward.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <string>
#include <vector>

using homeward::Distribution;
using homeward::PlanModel;
using homeward::SimulationResult;

namespace {

// Erlang C: probability that an arrival waits in M/M/c with offered load a = lambda/mu.
double erlang_c(int c, double a) {
  double term = 1.0, sum = 1.0;  // sum_{k<c} a^k/k!
  for (int k = 1; k < c; ++k) {
    term *= a / k;
    sum += term;
  }
  const double top = term * a / c * (c / (c - a));  // a^c/c! * c/(c-a)
  return top / (sum + top);
}

// Erlang B: blocking probability of M/M/c/c (recursive form).
double erlang_b(int c, double a) {
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return b;
}

PlanModel mmc(int beds, double rate, double los, int reps, double horizon) {
  PlanModel m;
  m.beds = beds;
  m.arrivals.rate_per_day = rate;
  m.length_of_stay = Distribution::exponential(los);
  m.replications = reps;
  m.horizon_days = horizon;
  m.warmup_days = 500.0;
  m.seed = 20260401;
  m.keep_series = false;
  return m;
}

bool within(const homeward::Estimate& e, double v) { return e.ci_low <= v && v <= e.ci_high; }

}  // namespace

TEST_CASE("M/M/c: waiting probability and mean wait match Erlang C within the confidence interval",
          "[plan]") {
  const int c = 3;
  const double lambda = 0.24, los = 10.0;  // rho = 0.8
  const double a = lambda * los;
  const SimulationResult r = homeward::simulate(mmc(c, lambda, los, 20, 20000.0));
  const double pw = erlang_c(c, a);
  const double wq = pw / (c / los - lambda);
  INFO("P(wait) sim " << r.waited_fraction.mean << " [" << r.waited_fraction.ci_low << ", "
                      << r.waited_fraction.ci_high << "] theory " << pw);
  CHECK(within(r.waited_fraction, pw));
  INFO("Wq sim " << r.mean_wait.mean << " [" << r.mean_wait.ci_low << ", " << r.mean_wait.ci_high
                 << "] theory " << wq);
  CHECK(within(r.mean_wait, wq));
  // Little's law for the beds: L = lambda x mean stay (no one is turned away).
  CHECK(within(r.mean_occupancy, a));
  CHECK(r.occupancy.mean == Approx(a / c).epsilon(0.02));
  CHECK(r.blocking.mean == 0.0);
}

TEST_CASE("M/M/c/c: people who find no bed go elsewhere at the Erlang B rate", "[plan]") {
  const int c = 4;
  const double lambda = 0.3, los = 10.0;  // a = 3
  PlanModel m = mmc(c, lambda, los, 20, 20000.0);
  m.max_queue = 0;
  const SimulationResult r = homeward::simulate(m);
  const double b = erlang_b(c, lambda * los);
  INFO("blocking sim " << r.blocking.mean << " [" << r.blocking.ci_low << ", " << r.blocking.ci_high
                       << "] theory " << b);
  CHECK(within(r.blocking, b));
  CHECK(r.mean_wait.mean == 0.0);
  CHECK(r.mean_waiting.mean == 0.0);
  CHECK(within(r.mean_occupancy, lambda * los * (1.0 - b)));
}

TEST_CASE("Little's law holds on every run: mean number waiting = placement rate x mean wait",
          "[plan]") {
  PlanModel m = mmc(5, 0.45, 10.0, 12, 20000.0);
  m.length_of_stay = Distribution::gamma(10.0, 6.0);
  m.keep_series = true;
  const SimulationResult r = homeward::simulate(m);
  for (const auto& run : r.runs) {
    REQUIRE(run.mean_waiting > 0.0);
    CHECK(std::fabs(run.mean_waiting - run.littles_lambda_w) / run.mean_waiting < 0.03);
    // The daily series integrates to the same total.
    double s = 0.0;
    for (double x : run.daily_waiting) s += x;
    CHECK(s == Approx(run.crfd_days).epsilon(1e-9));
  }
  // Over the replications, the difference's CI covers zero.
  std::vector<double> diff;
  for (const auto& run : r.runs) diff.push_back(run.mean_waiting - run.littles_lambda_w);
  const auto e = homeward::estimate(diff);
  CHECK(e.ci_low <= 0.0);
  CHECK(0.0 <= e.ci_high);
}

TEST_CASE("Same seed, same results, for any number of threads; another seed differs", "[plan]") {
  PlanModel m = mmc(4, 0.35, 10.0, 16, 365.0);
  m.length_of_stay = Distribution::lognormal(10.0, 5.0);
  m.workers.push_back({"pathway_navigator", 2, 8, 0.7, Distribution::gamma(120.0, 40.0)});
  m.threads = 1;
  const std::string one = homeward::simulation_result_to_json(homeward::simulate(m), true);
  m.threads = 4;
  const std::string four = homeward::simulation_result_to_json(homeward::simulate(m), true);
  m.threads = 1;
  auto a = nlohmann::json::parse(one), b = nlohmann::json::parse(four);
  a["model"].erase("threads");
  b["model"].erase("threads");
  CHECK(a == b);
  m.seed += 1;
  const auto c =
      nlohmann::json::parse(homeward::simulation_result_to_json(homeward::simulate(m), true));
  CHECK(c["summary"]["mean_wait"] != a["summary"]["mean_wait"]);
  // A replication run alone equals the same replication inside the batch.
  const auto lone = homeward::simulate_run(m, 3, a["warmup_days"].get<double>());
  m.seed -= 1;
  const auto lone0 = homeward::simulate_run(m, 3, a["warmup_days"].get<double>());
  CHECK(lone0.mean_wait == a["runs"]["mean_wait"][3].get<double>());
  CHECK(lone.mean_wait != lone0.mean_wait);
}

TEST_CASE("Samplers have the means and spreads asked for", "[plan]") {
  // A bed for everyone, so the realised stays are exactly the draws.
  for (const Distribution& d :
       {Distribution::gamma(30.0, 20.0), Distribution::gamma(30.0, 60.0),
        Distribution::lognormal(30.0, 15.0), Distribution::exponential(30.0),
        Distribution::fixed(30.0), Distribution::empirical({10.0, 20.0, 60.0})}) {
    PlanModel m = mmc(1000, 2.0, 30.0, 4, 3000.0);
    m.length_of_stay = d;
    m.warmup_days = 400.0;
    const auto r = homeward::simulate(m);
    // Mean occupancy = lambda x E[LOS] (Little) within 3%.
    INFO(homeward::distribution_to_json(d));
    CHECK(r.mean_occupancy.mean == Approx(2.0 * 30.0).epsilon(0.03));
  }
}

TEST_CASE("Warm-up: MSER-5 picks a warm-up when asked, and reports it", "[plan]") {
  PlanModel m = mmc(10, 0.9, 10.0, 8, 365.0);
  m.warmup_days.reset();
  const auto r = homeward::simulate(m);
  CHECK(r.warmup_auto);
  CHECK(r.warmup_days >= 5.0);  // starting empty, the beds fill over about one stay
  CHECK(r.warmup_days <= 365.0 * 1.0);
  CHECK(std::fmod(r.warmup_days, 5.0) == 0.0);
}

TEST_CASE("Monthly rates, replayed dates, routes and priorities", "[plan]") {
  SECTION("monthly rates: arrivals only in the months with a rate") {
    PlanModel m = mmc(50, 0.0, 5.0, 200, 365.0);
    m.start = homeward::Date(2026, 1, 1);
    m.warmup_days = 0.0;
    m.arrivals.kind = homeward::ArrivalKind::monthly;
    m.arrivals.monthly_rates = {2.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    m.keep_series = true;
    m.length_of_stay = Distribution::fixed(5.0);
    const auto r = homeward::simulate(m);
    // Poisson: 31 x 2 = 62 expected (a 99.9% two-sided z interval).
    INFO("arrivals " << r.arrivals.mean << " [" << r.arrivals.ci_low << ", " << r.arrivals.ci_high
                     << "]");
    CHECK(std::fabs(r.arrivals.mean - 62.0) < 3.29 * std::sqrt(62.0 / 200.0));
    // After January (and the stays started in it), the beds are empty.
    for (std::size_t d = 36; d < r.occupancy_mean.size(); ++d) CHECK(r.occupancy_mean[d] == 0.0);
    CHECK(r.occupancy_mean[20] > 5.0);
  }
  SECTION("replay: the dated arrivals, exactly") {
    PlanModel m = mmc(2, 0.0, 5.0, 3, 30.0);
    m.start = homeward::Date(2026, 4, 1);
    m.warmup_days = 0.0;
    m.arrivals.kind = homeward::ArrivalKind::replay;
    m.arrivals.dates = {homeward::Date(2026, 4, 2), homeward::Date(2026, 4, 2),
                        homeward::Date(2026, 4, 2), homeward::Date(2026, 5, 20)};
    m.length_of_stay = Distribution::fixed(10.0);
    const auto r = homeward::simulate(m);
    CHECK(r.arrivals.mean == 3.0);  // 20 May is after the 30 days
    CHECK(r.placed.mean == 3.0);
    CHECK(r.mean_wait.mean == Approx(10.0 / 3.0));  // 0, 0 and 10 days
    CHECK(r.wait_p50.mean == 0.0);
    CHECK(r.crfd_days.mean == Approx(10.0));
  }
  SECTION("same time: the event scheduled first happens first") {
    // A stay ends on day 10 (scheduled at the day-0 admission) and the next
    // person becomes ready on day 10 (scheduled after it): the bed is free
    // first, so nobody ever waits. The other order would count one waiting.
    PlanModel m = mmc(1, 0.0, 5.0, 2, 30.0);
    m.start = homeward::Date(2026, 4, 1);
    m.warmup_days = 0.0;
    m.arrivals.kind = homeward::ArrivalKind::replay;
    m.arrivals.dates = {homeward::Date(2026, 4, 1), homeward::Date(2026, 4, 11),
                        homeward::Date(2026, 4, 21)};
    m.length_of_stay = Distribution::fixed(10.0);
    const auto r = homeward::simulate(m);
    CHECK(r.placed.mean == 3.0);
    CHECK(r.max_waiting.mean == 0.0);
    CHECK(r.crfd_days.mean == 0.0);
    CHECK(r.mean_occupancy.mean == Approx(1.0));
  }
  SECTION("straight home and readmission") {
    PlanModel m = mmc(40, 0.5, 10.0, 10, 2000.0);
    m.straight_home = 0.3;
    m.readmission = 0.2;
    m.readmission_delay = Distribution::exponential(30.0);
    const auto r = homeward::simulate(m);
    CHECK(r.straight_home.mean / r.arrivals.mean == Approx(0.3).epsilon(0.05));
    // Readmitted people arrive again: 0.2 of the placed ones.
    CHECK(r.readmissions.mean / r.placed.mean == Approx(0.2).epsilon(0.08));
  }
  SECTION("priority: class 0 waits less than class 1") {
    PlanModel m = mmc(3, 0.27, 10.0, 10, 5000.0);
    m.queue = homeward::QueueDiscipline::priority;
    m.priority_shares = {0.3, 0.7};
    const auto r = homeward::simulate(m);
    REQUIRE(r.mean_wait_by_priority.size() == 2);
    CHECK(r.mean_wait_by_priority[0].ci_high < r.mean_wait_by_priority[1].ci_low);
    // Work-conserving: the overall mean wait is the FCFS one (M/M/c, exponential stays).
    const double wq = erlang_c(3, 2.7) / (0.3 - 0.27);
    CHECK(r.mean_wait.mean == Approx(wq).epsilon(0.15));
  }
}

TEST_CASE("Workers: demand of an unlimited team is M/G/infinity; a capped team makes people wait",
          "[plan]") {
  PlanModel m = mmc(60, 0.4, 20.0, 10, 3000.0);
  m.workers.push_back({"peer_support_worker", 0, 10, 0.5, Distribution::gamma(90.0, 30.0)});
  m.workers.push_back({"pathway_navigator", 2, 6, 1.0, Distribution::fixed(60.0)});
  const auto r = homeward::simulate(m);
  REQUIRE(r.workers.size() == 2);
  CHECK(r.workers[0].mean_demand.mean == Approx(0.4 * 0.5 * 90.0).epsilon(0.05));
  CHECK(r.workers[0].mean_wait_days.mean == 0.0);
  CHECK(r.workers[0].workers_needed.mean >= std::ceil(18.0 / 10.0));
  // Navigators: demand 0.4 x 60 = 24 people for 12 places.
  CHECK(r.workers[1].mean_caseload.mean <= 6.0 + 1e-9);
  CHECK(r.workers[1].mean_caseload.mean > 5.5);
  CHECK(r.workers[1].mean_wait_days.mean > 10.0);
}

TEST_CASE("Savings and bed-days use the cost model", "[plan]") {
  PlanModel m = mmc(6, 0.1, 60.0, 8, 365.0);
  m.costs.inpatient_day_cost = 564.0;
  m.costs.step_down_day_cost = 64.0;
  const auto r = homeward::simulate(m);
  for (const auto& run : r.runs) {
    CHECK(run.bed_days_avoided == run.step_down_days);
    CHECK(run.savings == Approx(run.step_down_days * 500.0));
    CHECK(run.delay_cost == Approx(run.crfd_days * 564.0));
    CHECK(run.step_down_days == Approx(run.mean_occupancy * 365.0));
  }
}

TEST_CASE("Sweeps: more beds, shorter waits; the smallest number of beds meeting the target",
          "[plan]") {
  homeward::SweepSpec s;
  s.model = mmc(1, 0.2, 20.0, 40, 365.0);
  s.model.warmup_days = 200.0;
  s.beds = {2, 3, 4, 5, 6, 7, 8};
  s.arrival_rates = {0.15, 0.25};
  s.los_means = {20.0};
  std::int64_t calls = 0, last_done = -1, last_total = -1;
  const auto r = homeward::sweep(s, [&](std::int64_t done, std::int64_t total) {
    ++calls;
    CHECK(done >= last_done);
    last_done = done;
    last_total = total;
    return true;
  });
  CHECK(calls >= 1);
  CHECK(last_done == last_total);
  CHECK(last_total == 2 * 7 * 40);
  REQUIRE(r.rows.size() == 14);
  REQUIRE(r.best.size() == 2);
  for (std::size_t g = 0; g < 2; ++g) {
    for (std::size_t k = 1; k < 7; ++k) {
      // Common random numbers: the same people in every scenario, so one
      // more bed never lengthens the mean wait.
      CHECK(r.rows[g * 7 + k].mean_wait.mean <= r.rows[g * 7 + k - 1].mean_wait.mean + 1e-9);
    }
    CHECK(r.rows[g * 7 + 6].savings.mean > r.rows[g * 7].savings.mean);
    REQUIRE(r.best[g].beds.has_value());
    const int best = *r.best[g].beds;
    for (std::size_t k = 0; k < 7; ++k) {
      const auto& row = r.rows[g * 7 + k];
      CHECK(row.meets_target == (row.within_target.mean >= 0.9));
      if (row.beds < best) CHECK_FALSE(row.meets_target);
    }
  }
  CHECK(*r.best[1].beds >= *r.best[0].beds);
  const std::string table = homeward::sweep_table(r);
  CHECK(table.find("3 beds: mean wait ") != std::string::npos);
  CHECK(table.find("smallest number of beds with 90% placed within 14 days") != std::string::npos);

  // A sweep's row equals simulate() on the same scenario.
  PlanModel one = s.model;
  one.beds = 4;
  one.arrivals.rate_per_day = 0.25;
  one.keep_series = false;
  const auto single = homeward::simulate(one);
  CHECK(single.mean_wait.mean == r.rows[7 + 2].mean_wait.mean);

  // Cancelling from the progress callback stops the sweep with an error.
  CHECK_THROWS_AS(homeward::sweep(s, [](std::int64_t, std::int64_t) { return false; }),
                  homeward::InvalidArgument);
}

TEST_CASE("Bad input names the field", "[plan]") {
  auto field_of = [](const std::string& json) {
    try {
      homeward::plan_model_from_json(json);
    } catch (const homeward::Error& e) {
      return e.field();
    }
    return std::string("no error");
  };
  CHECK(field_of(R"({"arrivals": {"kind": "poisson", "rate_per_day": -1}})") ==
        "model.arrivals.rate_per_day");
  CHECK(field_of(R"({"beds": 0, "arrivals": {"rate_per_day": 0.2}})") == "model.beds");
  CHECK(field_of(R"({"length_of_stay": {"kind": "gamma", "mean": 30, "sd": -2}})") ==
        "model.length_of_stay.sd");
  CHECK(field_of(R"({"length_of_stay": {"kind": "lognormal", "mean": 0, "sd": 2}})") ==
        "model.length_of_stay.mean");
  CHECK(field_of(R"({"length_of_stay": {"kind": "weibull", "mean": 3}})") ==
        "model.length_of_stay.kind");
  CHECK(field_of(R"({"length_of_stay": {"kind": "empirical", "samples": []}})") ==
        "model.length_of_stay.samples");
  CHECK(field_of(R"({"length_of_stay": {"kind": "empirical", "samples": [3, -1]}})") ==
        "model.length_of_stay.samples[1]");
  CHECK(field_of(R"({"arrivals": {"kind": "monthly", "rates_per_day": [1, 2]}})") ==
        "model.arrivals.rates_per_day");
  CHECK(field_of(R"({"queue": "priority"})") == "model.priority_shares");
  CHECK(field_of(R"({"straight_home": 1.5})") == "model.straight_home");
  CHECK(field_of(R"({"workers": [{"role": "x", "caseload_limit": 0, "support": 30}]})") ==
        "model.workers[0].caseload_limit");
  CHECK(field_of(R"({"workers": [{"role": "x"}]})") == "model.workers[0].support");
  CHECK(field_of(R"({"target": {"fraction": 2}})") == "model.target.fraction");
  CHECK(field_of(R"({"horizon_days": 0})") == "model.horizon_days");
  CHECK(field_of(R"({"costs": {"inpatient_day_cost": -5}})") == "model.costs.inpatient_day_cost");
  CHECK(field_of(R"({"bedz": 3})") == "model.bedz");
  CHECK(field_of(R"({"arrivals": {"kind": "replay", "dates": ["2026-02-30"]}})") ==
        "model.arrivals.dates[0]");
  CHECK(field_of(R"({"beds": 3})") == "no error");
  CHECK_THROWS_AS(homeward::plan_model_from_json("{\"beds\": "), homeward::ParseError);

  homeward::SweepSpec s;
  s.model.arrivals.rate_per_day = 0.1;
  s.beds = {1, 0};
  try {
    homeward::sweep(s);
    FAIL("expected an error");
  } catch (const homeward::InvalidArgument& e) {
    CHECK(e.field() == "sweep.beds[1]");
  }
  // An empty history to fit from.
  try {
    homeward::fit_plan_model(homeward::Caseload{});
    FAIL("expected an error");
  } catch (const homeward::InvalidArgument& e) {
    CHECK(e.field() == "caseload");
  }
}

TEST_CASE("JSON round trip of the model", "[plan]") {
  PlanModel m = mmc(7, 0.3, 40.0, 5, 200.0);
  m.length_of_stay = Distribution::empirical({30, 40, 50});
  m.queue = homeward::QueueDiscipline::priority;
  m.priority_shares = {0.25, 0.75};
  m.workers.push_back({"pathway_navigator", 3, 12, 1.0, Distribution::lognormal(180.0, 60.0)});
  m.max_queue = 12;
  const std::string j = homeward::plan_model_to_json(m);
  CHECK(homeward::plan_model_to_json(homeward::plan_model_from_json(j)) == j);
}

TEST_CASE("Fitting from a caseload: arrivals, routes, stays and waits come from its own events",
          "[plan]") {
  const auto cl = homeward::Caseload::from_file(std::string(HOMEWARD_TEST_DATA_DIR) +
                                                "/../../python/homeward/data/sample_caseload.json");
  const auto fit = homeward::fit_plan_model(cl);
  std::int64_t crfd = 0;
  for (auto t : cl.types())
    crfd += t == static_cast<std::uint8_t>(homeward::EventType::clinically_ready_for_discharge);
  CHECK(fit.ready_periods == crfd);
  const double span = static_cast<double>((fit.last - fit.first).days() + 1);
  CHECK(fit.arrival_rate == Approx(static_cast<double>(crfd) / span));
  CHECK(fit.arrival_rate_ci_low < fit.arrival_rate);
  CHECK(fit.arrival_rate < fit.arrival_rate_ci_high);
  // Stays agree with the timeline's own measure over the whole history.
  const auto m = homeward::measures(cl, *cl.first_date(), *cl.last_date());
  CHECK(fit.stays.size() == static_cast<std::size_t>(m.step_down.count));
  CHECK(!fit.waits.empty());
  CHECK(fit.straight_home ==
        Approx(1.0 - static_cast<double>(fit.waits.size()) / static_cast<double>(crfd)));
  REQUIRE(fit.candidates.size() == 4);
  CHECK(fit.candidates[3].ks == 0.0);  // the empirical distribution is the data
  CHECK(fit.model.length_of_stay.expected() == Approx(*m.step_down.mean));
  CHECK(fit.model.start == *cl.last_date() + boost::gregorian::days(1));
  const auto j = nlohmann::json::parse(homeward::plan_fit_to_json(fit));
  CHECK(j["stays"]["n"] == fit.stays.size());
}

TEST_CASE("Run fields: one table for the summary, the JSON and the columns", "[plan]") {
  PlanModel m = mmc(3, 0.25, 10.0, 7, 200.0);
  m.warmup_days = 20.0;
  const SimulationResult r = homeward::simulate(m);
  const auto& fields = homeward::run_fields();
  const auto columns = homeward::run_columns(r);
  REQUIRE(columns.size() == fields.size());
  const auto j = nlohmann::json::parse(homeward::simulation_result_to_json(r, true));
  std::vector<std::string> summary_keys, run_keys;
  for (const auto& [k, v] : j.at("summary").items()) summary_keys.push_back(k);
  for (const auto& [k, v] : j.at("runs").items()) run_keys.push_back(k);
  // nlohmann::json sorts keys: compare as sets, and every field is there once.
  CHECK(summary_keys.size() == fields.size());
  CHECK(run_keys.size() == fields.size());
  for (std::size_t f = 0; f < fields.size(); ++f) {
    const auto& c = columns[f];
    CHECK(c.field == &fields[f]);
    REQUIRE(c.values.size() == 7);
    const auto& col = j.at("runs").at(fields[f].name);
    for (std::size_t i = 0; i < 7; ++i) {
      CHECK(c.values[i] == fields[f].get(r.runs[i]));
      CHECK(col.at(i).is_number_integer() == fields[f].integer);
      CHECK(col.at(i).get<double>() == c.values[i]);
    }
    const homeward::Estimate& e = r.*(fields[f].summary);
    CHECK(e.mean == homeward::estimate(c.values).mean);
    CHECK(e.n == 7);
    CHECK(j.at("summary").at(fields[f].name).at("mean").get<double>() == e.mean);
  }
  CHECK(columns[0].values[0] == static_cast<double>(r.runs[0].arrivals));
  CHECK(std::string(fields[0].name) == "arrivals");
}

TEST_CASE("A runaway model stops at max_people", "[plan]") {
  // Everyone readmitted (almost surely) after stays and delays of no time:
  // without the limit this never ends.
  PlanModel m = mmc(2, 1.0, 1.0, 1, 10.0);
  m.warmup_days = 0.0;
  m.readmission = 0.9999999;
  m.length_of_stay = Distribution::fixed(1e-9);
  m.readmission_delay = Distribution::fixed(1e-9);
  m.max_people = 1000;
  try {
    (void)homeward::simulate(m);
    FAIL("expected max_people");
  } catch (const homeward::InvalidArgument& e) {
    CHECK(e.field() == "model.max_people");
    CHECK(std::string(e.what()).find("1000 people") != std::string::npos);
  }
  m.max_people = 0;
  CHECK_THROWS_AS(m.validate(), homeward::InvalidArgument);
  const auto j = nlohmann::json::parse(homeward::plan_model_to_json(mmc(2, 1.0, 1.0, 1, 10.0)));
  CHECK(j.at("max_people") == 5000000);
}
