// Capacity planning: distributions, the model, its validation and JSON form.
#include "homeward/error.hpp"
#include "homeward/plan.hpp"

#include "json_util.hpp"
#include "plan_internal.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <numeric>

namespace homeward {

using nlohmann::json;
using nlohmann::ordered_json;

// ---------------------------------------------------------------------------
// Distributions

std::string_view distribution_kind_name(DistributionKind k) {
  switch (k) {
    case DistributionKind::fixed: return "fixed";
    case DistributionKind::exponential: return "exponential";
    case DistributionKind::gamma: return "gamma";
    case DistributionKind::lognormal: return "lognormal";
    case DistributionKind::empirical: return "empirical";
  }
  return "fixed";
}

Distribution Distribution::fixed(double value) {
  Distribution d;
  d.kind = DistributionKind::fixed;
  d.mean = value;
  return d;
}
Distribution Distribution::exponential(double mean) {
  Distribution d;
  d.kind = DistributionKind::exponential;
  d.mean = mean;
  d.sd = mean;
  return d;
}
Distribution Distribution::gamma(double mean, double sd) {
  Distribution d;
  d.kind = DistributionKind::gamma;
  d.mean = mean;
  d.sd = sd;
  return d;
}
Distribution Distribution::lognormal(double mean, double sd) {
  Distribution d;
  d.kind = DistributionKind::lognormal;
  d.mean = mean;
  d.sd = sd;
  return d;
}
Distribution Distribution::empirical(std::vector<double> samples) {
  Distribution d;
  d.kind = DistributionKind::empirical;
  d.samples = std::move(samples);
  if (!d.samples.empty()) {
    double s = 0.0;
    for (double x : d.samples) s += x;
    d.mean = s / static_cast<double>(d.samples.size());
    double ss = 0.0;
    for (double x : d.samples) ss += (x - d.mean) * (x - d.mean);
    d.sd = d.samples.size() > 1 ? std::sqrt(ss / static_cast<double>(d.samples.size() - 1)) : 0.0;
  }
  return d;
}

double Distribution::expected() const {
  if (kind == DistributionKind::empirical) {
    if (samples.empty()) return 0.0;
    double s = 0.0;
    for (double x : samples) s += x;
    return s / static_cast<double>(samples.size());
  }
  return mean;
}

Distribution Distribution::with_mean(double new_mean) const {
  Distribution d = *this;
  const double old = expected();
  const double f = old > 0.0 ? new_mean / old : 1.0;
  if (kind == DistributionKind::empirical) {
    for (double& x : d.samples) x *= f;
    d.mean = new_mean;
    d.sd = sd * f;
  } else {
    d.mean = new_mean;
    d.sd = kind == DistributionKind::exponential ? new_mean : sd * f;
  }
  return d;
}

namespace {
void check_positive(double v, const std::string& field, bool allow_zero) {
  if (!std::isfinite(v))
    throw InvalidArgument(field, "must be a finite number, got " + std::to_string(v));
  if (allow_zero ? v < 0.0 : v <= 0.0) {
    throw InvalidArgument(field, std::string("must be ") + (allow_zero ? ">= 0" : "> 0") +
                                     ", got " + std::to_string(v));
  }
}
}  // namespace

void Distribution::validate(std::string_view field) const {
  const std::string f(field);
  switch (kind) {
    case DistributionKind::fixed: check_positive(mean, join_path(f, "mean"), true); break;
    case DistributionKind::exponential: check_positive(mean, join_path(f, "mean"), false); break;
    case DistributionKind::gamma:
    case DistributionKind::lognormal:
      check_positive(mean, join_path(f, "mean"), false);
      check_positive(sd, join_path(f, "sd"), false);
      break;
    case DistributionKind::empirical:
      if (samples.empty())
        throw InvalidArgument(join_path(f, "samples"), "is empty: nothing to resample");
      for (std::size_t i = 0; i < samples.size(); ++i) {
        check_positive(samples[i], index_path(join_path(f, "samples"), i), true);
      }
      break;
  }
}

namespace plan_detail {

Sampler::Sampler(const Distribution& d) : kind_(d.kind) {
  switch (d.kind) {
    case DistributionKind::fixed:
    case DistributionKind::exponential: a_ = d.mean; break;
    case DistributionKind::gamma: {
      const double cv2 = (d.sd / d.mean) * (d.sd / d.mean);
      a_ = 1.0 / cv2;     // shape
      b_ = d.mean * cv2;  // scale
      break;
    }
    case DistributionKind::lognormal: {
      const double s2 = std::log1p((d.sd / d.mean) * (d.sd / d.mean));
      a_ = std::log(d.mean) - 0.5 * s2;  // mu
      b_ = std::sqrt(s2);                // sigma
      break;
    }
    case DistributionKind::empirical: samples_ = &d.samples; break;
  }
}

double Sampler::operator()(Rng& rng) const {
  switch (kind_) {
    case DistributionKind::fixed: return a_;
    case DistributionKind::exponential: return rng.exponential(a_);
    case DistributionKind::gamma: return rng.gamma(a_) * b_;
    case DistributionKind::lognormal: return std::exp(a_ + b_ * rng.normal());
    case DistributionKind::empirical: return (*samples_)[rng.index(samples_->size())];
  }
  return 0.0;
}

double quantile_sorted(const std::vector<double>& v, double q) {
  if (v.empty()) return 0.0;
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  const double frac = pos - static_cast<double>(lo);
  return v[lo] + (v[hi] - v[lo]) * frac;
}

double quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  return quantile_sorted(values, q);
}

double t_critical_95(std::int64_t df) {
  static const double table[30] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                   2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                   2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                   2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (df <= 0) return std::numeric_limits<double>::infinity();
  if (df <= 30) return table[df - 1];
  // Cornish-Fisher expansion around the normal quantile (Abramowitz and Stegun 26.7.5).
  const double z = 1.959963984540054;
  const double n = static_cast<double>(df);
  const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
  return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n);
}

}  // namespace plan_detail

Estimate estimate(const std::vector<double>& values) {
  Estimate e;
  e.n = static_cast<std::int64_t>(values.size());
  if (values.empty()) return e;
  double s = 0.0;
  for (double x : values) s += x;
  e.mean = s / static_cast<double>(values.size());
  if (values.size() > 1) {
    double ss = 0.0;
    for (double x : values) ss += (x - e.mean) * (x - e.mean);
    e.sd = std::sqrt(ss / static_cast<double>(values.size() - 1));
    const double half =
        plan_detail::t_critical_95(e.n - 1) * e.sd / std::sqrt(static_cast<double>(e.n));
    e.ci_low = e.mean - half;
    e.ci_high = e.mean + half;
  } else {
    e.ci_low = e.ci_high = e.mean;
  }
  return e;
}

// ---------------------------------------------------------------------------
// Arrivals and the model

double Arrivals::mean_rate() const {
  switch (kind) {
    case ArrivalKind::poisson: return rate_per_day;
    case ArrivalKind::monthly: {
      static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      double s = 0.0;
      for (int m = 0; m < 12; ++m) s += monthly_rates[static_cast<std::size_t>(m)] * days[m];
      return s / 365.0;
    }
    case ArrivalKind::replay: {
      if (dates.size() < 2) return static_cast<double>(dates.size());
      const auto mm = std::minmax_element(dates.begin(), dates.end());
      const double span = static_cast<double>((*mm.second - *mm.first).days()) + 1.0;
      return static_cast<double>(dates.size()) / span;
    }
  }
  return 0.0;
}

void PlanModel::validate(std::string_view field) const {
  const std::string f(field);
  auto p = [&](const char* k) { return join_path(f, k); };
  if (!std::isfinite(horizon_days) || horizon_days <= 0.0 || horizon_days > 365.0 * 200) {
    throw InvalidArgument(p("horizon_days"), "must be > 0 and at most 200 years of days, got " +
                                                 std::to_string(horizon_days));
  }
  if (warmup_days &&
      (!std::isfinite(*warmup_days) || *warmup_days < 0.0 || *warmup_days > 365.0 * 200)) {
    throw InvalidArgument(p("warmup_days"),
                          "must be >= 0 (or \"auto\"), got " + std::to_string(*warmup_days));
  }
  if (replications < 1 || replications > 10000000) {
    throw InvalidArgument(p("replications"),
                          "must be between 1 and 10000000, got " + std::to_string(replications));
  }
  if (beds < 0) throw InvalidArgument(p("beds"), "must be >= 0, got " + std::to_string(beds));
  if (max_people < 1)
    throw InvalidArgument(p("max_people"), "must be >= 1, got " + std::to_string(max_people));
  if (threads < 0)
    throw InvalidArgument(p("threads"),
                          "must be >= 0 (0: one per core), got " + std::to_string(threads));
  const std::string a = p("arrivals");
  switch (arrivals.kind) {
    case ArrivalKind::poisson:
      check_positive(arrivals.rate_per_day, join_path(a, "rate_per_day"), true);
      break;
    case ArrivalKind::monthly:
      for (std::size_t i = 0; i < 12; ++i) {
        check_positive(arrivals.monthly_rates[i], index_path(join_path(a, "rates_per_day"), i),
                       true);
      }
      break;
    case ArrivalKind::replay: break;
  }
  const bool any_arrivals =
      arrivals.kind == ArrivalKind::replay ? !arrivals.dates.empty() : arrivals.mean_rate() > 0.0;
  if (beds == 0 && any_arrivals && straight_home < 1.0) {
    throw InvalidArgument(p("beds"), "is 0 but people arrive who need a bed: give at least 1 bed");
  }
  if (queue == QueueDiscipline::priority) {
    if (priority_shares.empty()) {
      throw InvalidArgument(p("priority_shares"),
                            "is required for the priority queue (share of arrivals per class)");
    }
    double s = 0.0;
    for (std::size_t i = 0; i < priority_shares.size(); ++i) {
      check_positive(priority_shares[i], index_path(p("priority_shares"), i), true);
      s += priority_shares[i];
    }
    if (std::fabs(s - 1.0) > 1e-6)
      throw InvalidArgument(p("priority_shares"), "must add up to 1, got " + std::to_string(s));
  } else if (!priority_shares.empty()) {
    throw InvalidArgument(p("priority_shares"), "is only used with \"queue\": \"priority\"");
  }
  if (max_queue && *max_queue < 0)
    throw InvalidArgument(p("max_queue"), "must be >= 0, got " + std::to_string(*max_queue));
  length_of_stay.validate(p("length_of_stay"));
  if (length_of_stay.expected() <= 0.0)
    throw InvalidArgument(p("length_of_stay.mean"), "must be > 0");
  auto share = [&](double v, const std::string& name) {
    if (!std::isfinite(v) || v < 0.0 || v > 1.0) {
      throw InvalidArgument(name, "must be a share between 0 and 1, got " + std::to_string(v));
    }
  };
  share(straight_home, p("straight_home"));
  share(readmission, p("readmission"));
  // At 1 every person comes back after every stay, for ever: with stays and delays
  // that round to no time at all the simulation never ends (fuzz_plan).
  if (readmission >= 1.0) {
    throw InvalidArgument(p("readmission"),
                          "must be below 1 (at 1 every person is readmitted for ever), got " +
                              std::to_string(readmission));
  }
  if (readmission > 0.0) readmission_delay.validate(p("readmission_delay"));
  for (std::size_t i = 0; i < workers.size(); ++i) {
    const std::string w = index_path(p("workers"), i);
    const WorkerRole& r = workers[i];
    if (r.role.empty()) throw InvalidArgument(join_path(w, "role"), "must not be empty");
    for (std::size_t j = 0; j < i; ++j) {
      if (workers[j].role == r.role)
        throw InvalidArgument(join_path(w, "role"), "duplicate role \"" + r.role + "\"");
    }
    if (r.count < 0)
      throw InvalidArgument(join_path(w, "count"),
                            "must be >= 0 (0: unlimited), got " + std::to_string(r.count));
    if (r.caseload_limit < 1) {
      throw InvalidArgument(join_path(w, "caseload_limit"),
                            "must be >= 1, got " + std::to_string(r.caseload_limit));
    }
    share(r.share, join_path(w, "share"));
    r.support.validate(join_path(w, "support"));
  }
  costs.validate(p("costs"));
  if (!std::isfinite(target.days) || target.days < 0.0) {
    throw InvalidArgument(p("target.days"), "must be >= 0, got " + std::to_string(target.days));
  }
  if (!std::isfinite(target.fraction) || target.fraction < 0.0 || target.fraction > 1.0) {
    throw InvalidArgument(p("target.fraction"),
                          "must be between 0 and 1, got " + std::to_string(target.fraction));
  }
}

// ---------------------------------------------------------------------------
// JSON

namespace {

void check_keys(const json& obj, const std::string& field,
                std::initializer_list<const char*> known) {
  if (!obj.is_object())
    throw InvalidArgument(field, std::string("expected an object, got ") + obj.type_name());
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = false;
    for (const char* k : known) ok = ok || it.key() == k;
    if (!ok) {
      std::string list;
      for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      throw InvalidArgument(join_path(field, it.key()),
                            "unknown field (known fields: " + list + ")");
    }
  }
}

const json* find(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

double as_number(const json& v, const std::string& field) {
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s == "nan" || s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (s == "inf" || s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-inf" || s == "-Infinity") return -std::numeric_limits<double>::infinity();
  }
  if (!v.is_number())
    throw InvalidArgument(field, std::string("expected a number, got ") + v.type_name());
  return v.get<double>();
}

std::int64_t as_int(const json& v, const std::string& field) {
  if (v.is_number_integer()) {
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
      throw InvalidArgument(field, "is too large");
    }
    return v.get<std::int64_t>();
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15)
      return static_cast<std::int64_t>(d);
    throw InvalidArgument(field, "expected a whole number, got " + v.dump());
  }
  throw InvalidArgument(field, std::string("expected a whole number, got ") + v.type_name());
}

std::int32_t as_int32(const json& v, const std::string& field) {
  const std::int64_t x = as_int(v, field);
  if (x < INT32_MIN || x > INT32_MAX)
    throw InvalidArgument(field, "is out of range: " + std::to_string(x));
  return static_cast<std::int32_t>(x);
}

std::string as_string(const json& v, const std::string& field) {
  if (!v.is_string())
    throw InvalidArgument(field, std::string("expected a string, got ") + v.type_name());
  return v.get<std::string>();
}

void num(const json& o, const char* k, const std::string& f, double& out) {
  if (const json* v = find(o, k)) out = as_number(*v, join_path(f, k));
}

std::vector<double> number_array(const json& v, const std::string& field) {
  if (!v.is_array())
    throw InvalidArgument(field, std::string("expected an array, got ") + v.type_name());
  std::vector<double> out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out.push_back(as_number(v[i], index_path(field, i)));
  return out;
}

CostModel costs_from(const json& j, const std::string& field) {
  check_keys(j, field, {"inpatient_day_cost", "step_down_day_cost"});
  CostModel c;
  num(j, "inpatient_day_cost", field, c.inpatient_day_cost);
  num(j, "step_down_day_cost", field, c.step_down_day_cost);
  return c;
}

}  // namespace

namespace plan_detail {

Distribution distribution_from(const json& j, const std::string& field) {
  if (j.is_number()) return Distribution::fixed(j.get<double>());
  check_keys(j, field, {"kind", "mean", "sd", "value", "samples"});
  const json* k = find(j, "kind");
  if (!k)
    throw InvalidArgument(join_path(field, "kind"),
                          "is required (fixed, exponential, gamma, lognormal or empirical)");
  const std::string kind = as_string(*k, join_path(field, "kind"));
  Distribution d;
  auto need = [&](const char* key) {
    const json* v = find(j, key);
    if (!v)
      throw InvalidArgument(join_path(field, key), "is required for a " + kind + " distribution");
    return as_number(*v, join_path(field, key));
  };
  if (kind == "fixed") {
    d = Distribution::fixed(find(j, "value") ? need("value") : need("mean"));
  } else if (kind == "exponential") {
    d = Distribution::exponential(need("mean"));
  } else if (kind == "gamma") {
    d = Distribution::gamma(need("mean"), need("sd"));
  } else if (kind == "lognormal") {
    d = Distribution::lognormal(need("mean"), need("sd"));
  } else if (kind == "empirical") {
    const json* s = find(j, "samples");
    if (!s)
      throw InvalidArgument(join_path(field, "samples"),
                            "is required for an empirical distribution");
    d = Distribution::empirical(number_array(*s, join_path(field, "samples")));
  } else {
    throw InvalidArgument(
        join_path(field, "kind"),
        "unknown distribution \"" + kind + "\" (fixed, exponential, gamma, lognormal, empirical)");
  }
  d.validate(field);
  return d;
}

ordered_json distribution_json(const Distribution& d) {
  ordered_json o;
  o["kind"] = std::string(distribution_kind_name(d.kind));
  o["mean"] = d.expected();
  if (d.kind == DistributionKind::gamma || d.kind == DistributionKind::lognormal) o["sd"] = d.sd;
  if (d.kind == DistributionKind::empirical) o["samples"] = d.samples;
  return o;
}

std::vector<WorkerRole> workers_from(const json& j, const std::string& field) {
  if (!j.is_array())
    throw InvalidArgument(field, std::string("expected an array, got ") + j.type_name());
  std::vector<WorkerRole> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string w = index_path(field, i);
    check_keys(j[i], w, {"role", "count", "caseload_limit", "share", "support"});
    WorkerRole r;
    const json* role = find(j[i], "role");
    if (!role) throw InvalidArgument(join_path(w, "role"), "is required");
    r.role = as_string(*role, join_path(w, "role"));
    if (const json* v = find(j[i], "count")) r.count = as_int32(*v, join_path(w, "count"));
    if (const json* v = find(j[i], "caseload_limit"))
      r.caseload_limit = as_int32(*v, join_path(w, "caseload_limit"));
    num(j[i], "share", w, r.share);
    const json* s = find(j[i], "support");
    if (!s)
      throw InvalidArgument(join_path(w, "support"),
                            "is required (how long one person's support lasts)");
    r.support = distribution_from(*s, join_path(w, "support"));
    out.push_back(std::move(r));
  }
  return out;
}

PlanModel model_from(const json& j, const std::string& f) {
  check_keys(j, f,
             {"start",          "horizon_days",  "warmup_days", "replications",      "seed",
              "beds",           "arrivals",      "queue",       "priority_shares",   "max_queue",
              "length_of_stay", "straight_home", "readmission", "readmission_delay", "workers",
              "costs",          "target",        "threads",     "keep_series",       "max_people"});
  PlanModel m;
  auto p = [&](const char* k) { return join_path(f, k); };
  if (const json* v = find(j, "start")) m.start = parse_date(as_string(*v, p("start")), p("start"));
  num(j, "horizon_days", f, m.horizon_days);
  if (const json* v = find(j, "warmup_days")) {
    if (v->is_string() && v->get<std::string>() == "auto") {
      m.warmup_days.reset();
    } else {
      m.warmup_days = as_number(*v, p("warmup_days"));
    }
  }
  if (const json* v = find(j, "replications")) m.replications = as_int32(*v, p("replications"));
  if (const json* v = find(j, "seed")) {
    if (v->is_number_unsigned()) {
      m.seed = v->get<std::uint64_t>();
    } else {
      const std::int64_t s = as_int(*v, p("seed"));
      if (s < 0) throw InvalidArgument(p("seed"), "must be >= 0");
      m.seed = static_cast<std::uint64_t>(s);
    }
  }
  if (const json* v = find(j, "beds")) m.beds = as_int32(*v, p("beds"));
  if (const json* v = find(j, "threads")) m.threads = as_int32(*v, p("threads"));
  if (const json* v = find(j, "keep_series")) {
    if (!v->is_boolean()) throw InvalidArgument(p("keep_series"), "expected true or false");
    m.keep_series = v->get<bool>();
  }
  if (const json* v = find(j, "max_people")) m.max_people = as_int(*v, p("max_people"));
  if (const json* a = find(j, "arrivals")) {
    const std::string af = p("arrivals");
    check_keys(*a, af, {"kind", "rate_per_day", "rates_per_day", "dates"});
    std::string kind = "poisson";
    if (const json* k = find(*a, "kind")) kind = as_string(*k, join_path(af, "kind"));
    if (kind == "poisson") {
      m.arrivals.kind = ArrivalKind::poisson;
      const json* r = find(*a, "rate_per_day");
      if (!r)
        throw InvalidArgument(join_path(af, "rate_per_day"), "is required for Poisson arrivals");
      m.arrivals.rate_per_day = as_number(*r, join_path(af, "rate_per_day"));
    } else if (kind == "monthly") {
      m.arrivals.kind = ArrivalKind::monthly;
      const json* r = find(*a, "rates_per_day");
      if (!r)
        throw InvalidArgument(join_path(af, "rates_per_day"),
                              "is required for monthly arrivals (12 rates)");
      const auto v = number_array(*r, join_path(af, "rates_per_day"));
      if (v.size() != 12) {
        throw InvalidArgument(
            join_path(af, "rates_per_day"),
            "needs 12 rates (January..December), got " + std::to_string(v.size()));
      }
      std::copy(v.begin(), v.end(), m.arrivals.monthly_rates.begin());
    } else if (kind == "replay") {
      m.arrivals.kind = ArrivalKind::replay;
      const json* d = find(*a, "dates");
      if (!d || !d->is_array())
        throw InvalidArgument(join_path(af, "dates"),
                              "is required for replayed arrivals (an array of dates)");
      for (std::size_t i = 0; i < d->size(); ++i) {
        const std::string df = index_path(join_path(af, "dates"), i);
        m.arrivals.dates.push_back(parse_date(as_string((*d)[i], df), df));
      }
    } else {
      throw InvalidArgument(join_path(af, "kind"),
                            "unknown arrivals \"" + kind + "\" (poisson, monthly, replay)");
    }
  }
  if (const json* v = find(j, "queue")) {
    const std::string q = as_string(*v, p("queue"));
    if (q == "fcfs")
      m.queue = QueueDiscipline::fcfs;
    else if (q == "priority")
      m.queue = QueueDiscipline::priority;
    else
      throw InvalidArgument(p("queue"), "unknown queue \"" + q + "\" (fcfs, priority)");
  }
  if (const json* v = find(j, "priority_shares"))
    m.priority_shares = number_array(*v, p("priority_shares"));
  if (const json* v = find(j, "max_queue")) m.max_queue = as_int32(*v, p("max_queue"));
  if (const json* v = find(j, "length_of_stay"))
    m.length_of_stay = distribution_from(*v, p("length_of_stay"));
  num(j, "straight_home", f, m.straight_home);
  num(j, "readmission", f, m.readmission);
  if (const json* v = find(j, "readmission_delay"))
    m.readmission_delay = distribution_from(*v, p("readmission_delay"));
  if (const json* v = find(j, "workers")) m.workers = workers_from(*v, p("workers"));
  if (const json* v = find(j, "costs")) m.costs = costs_from(*v, p("costs"));
  if (const json* v = find(j, "target")) {
    check_keys(*v, p("target"), {"days", "fraction"});
    num(*v, "days", p("target"), m.target.days);
    num(*v, "fraction", p("target"), m.target.fraction);
  }
  m.validate(f);
  return m;
}

ordered_json model_json(const PlanModel& m) {
  ordered_json o;
  o["start"] = format_date(m.start);
  o["horizon_days"] = m.horizon_days;
  if (m.warmup_days)
    o["warmup_days"] = *m.warmup_days;
  else
    o["warmup_days"] = "auto";
  o["replications"] = m.replications;
  o["seed"] = m.seed;
  o["beds"] = m.beds;
  ordered_json a;
  switch (m.arrivals.kind) {
    case ArrivalKind::poisson:
      a["kind"] = "poisson";
      a["rate_per_day"] = m.arrivals.rate_per_day;
      break;
    case ArrivalKind::monthly:
      a["kind"] = "monthly";
      a["rates_per_day"] = m.arrivals.monthly_rates;
      break;
    case ArrivalKind::replay: {
      a["kind"] = "replay";
      ordered_json d = ordered_json::array();
      for (const Date& x : m.arrivals.dates) d.push_back(format_date(x));
      a["dates"] = d;
      break;
    }
  }
  o["arrivals"] = a;
  o["queue"] = m.queue == QueueDiscipline::fcfs ? "fcfs" : "priority";
  if (!m.priority_shares.empty()) o["priority_shares"] = m.priority_shares;
  if (m.max_queue)
    o["max_queue"] = *m.max_queue;
  else
    o["max_queue"] = nullptr;
  o["length_of_stay"] = distribution_json(m.length_of_stay);
  o["straight_home"] = m.straight_home;
  o["readmission"] = m.readmission;
  o["readmission_delay"] = distribution_json(m.readmission_delay);
  ordered_json w = ordered_json::array();
  for (const WorkerRole& r : m.workers) {
    w.push_back({{"role", r.role},
                 {"count", r.count},
                 {"caseload_limit", r.caseload_limit},
                 {"share", r.share},
                 {"support", distribution_json(r.support)}});
  }
  o["workers"] = w;
  o["costs"] = {{"inpatient_day_cost", m.costs.inpatient_day_cost},
                {"step_down_day_cost", m.costs.step_down_day_cost}};
  o["target"] = {{"days", m.target.days}, {"fraction", m.target.fraction}};
  o["threads"] = m.threads;
  o["keep_series"] = m.keep_series;
  o["max_people"] = m.max_people;
  return o;
}

}  // namespace plan_detail

PlanModel plan_model_from_json(std::string_view json_text, std::string_view field) {
  const std::string f(field);
  return plan_detail::model_from(detail::parse_json(json_text, f), f);
}

std::string plan_model_to_json(const PlanModel& model) {
  return plan_detail::model_json(model).dump();
}

Distribution distribution_from_json(std::string_view json_text, std::string_view field) {
  const std::string f(field);
  return plan_detail::distribution_from(detail::parse_json(json_text, f), f);
}

std::string distribution_to_json(const Distribution& d) {
  return plan_detail::distribution_json(d).dump();
}

}  // namespace homeward
