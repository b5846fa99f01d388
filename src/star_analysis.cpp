// Star analyses: journeys (stages, change, distance travelled, reliable
// change) and cohort summaries.
#include "json_util.hpp"
#include "star_internal.hpp"

#include "homeward/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace homeward {

using star_detail::json;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::optional<int> lower(std::optional<int> a, std::optional<int> b) {
  if (a && b) return std::min(*a, *b);
  return a ? a : b;
}

void check_critical(double critical) {
  if (!std::isfinite(critical) || critical <= 0.0) {
    throw InvalidArgument("critical", "must be a finite number > 0 (1.96 for 95%)");
  }
}

json score_json(std::optional<int> v) {
  if (v) return *v;
  return nullptr;
}
}  // namespace

// ---------------------------------------------------------------------------
// Reliable change.
double reliable_change_sdiff(double sd, double reliability, std::string_view sd_field,
                             std::string_view reliability_field) {
  if (std::isnan(sd) || !std::isfinite(sd) || sd <= 0.0) {
    throw InvalidArgument(
        std::string(sd_field),
        "the baseline SD must be a finite number > 0, got " + star_detail::format_number(sd, 4));
  }
  if (std::isnan(reliability) || !(reliability > 0.0 && reliability < 1.0)) {
    throw InvalidArgument(std::string(reliability_field),
                          "the reliability must be strictly between 0 and 1, got " +
                              star_detail::format_number(reliability, 4));
  }
  return std::sqrt(2.0) * sd * std::sqrt(1.0 - reliability);
}

ChangeClass classify_reliable_change(double rci, double critical) {
  if (rci > critical) return ChangeClass::reliable_improvement;
  if (rci < -critical) return ChangeClass::reliable_deterioration;
  return ChangeClass::no_reliable_change;
}

void reliable_change(const double* x1, std::size_t x1_n, const double* x2, std::size_t x2_n,
                     const double* sd, std::size_t sd_n, const double* reliability,
                     std::size_t reliability_n, double critical, std::size_t n, double* rci,
                     std::int8_t* classification) {
  check_critical(critical);
  struct Arg {
    const double* p;
    std::size_t len;
    const char* name;
  };
  const Arg args[4] = {{x1, x1_n, "x1"},
                       {x2, x2_n, "x2"},
                       {sd, sd_n, "sd"},
                       {reliability, reliability_n, "reliability"}};
  for (const Arg& a : args) {
    if (a.len != n && a.len != 1) {
      throw InvalidArgument(a.name, "has " + std::to_string(a.len) + " elements; expected " +
                                        std::to_string(n) + " or 1");
    }
    if (a.p == nullptr && n > 0) throw InvalidArgument(a.name, "must not be NULL");
  }
  auto at = [](const Arg& a, std::size_t i) { return a.p[a.len == 1 ? 0 : i]; };
  auto name = [](const Arg& a, std::size_t i) {
    return a.len == 1 ? std::string(a.name) : index_path(a.name, i);
  };
  // Validate everything first.
  for (std::size_t i = 0; i < n; ++i) {
    for (int k = 0; k < 2; ++k) {
      const double v = at(args[k], i);
      if (!std::isfinite(v)) {
        throw InvalidArgument(name(args[k], i), std::isnan(v) ? "NaN is not a score"
                                                              : "an infinite value is not a score");
      }
    }
    // The same pair for every element when both are scalars: check once.
    if (i == 0 || args[2].len != 1 || args[3].len != 1) {
      reliable_change_sdiff(at(args[2], i), at(args[3], i), name(args[2], i), name(args[3], i));
    }
  }
  if (n > 0 && (rci == nullptr || classification == nullptr)) {
    throw InvalidArgument(rci == nullptr ? "rci" : "classification", "must not be NULL");
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double s_diff = std::sqrt(2.0) * at(args[2], i) * std::sqrt(1.0 - at(args[3], i));
    const double rc = (at(args[1], i) - at(args[0], i)) / s_diff;
    rci[i] = rc;
    classification[i] = static_cast<std::int8_t>(classify_reliable_change(rc, critical));
  }
}

// ---------------------------------------------------------------------------
// Journeys.
namespace {
std::vector<StarReading> person_rows(const StarReadings& readings, std::string_view person_id) {
  const std::size_t p = readings.person_index(person_id);
  std::vector<StarReading> rows;
  for (std::size_t r = readings.person_begin(p); r < readings.person_begin(p + 1); ++r) {
    rows.push_back(readings.reading(r));
  }
  return rows;
}

StarReadings one_person(const StarDefinition& def, const std::vector<StarReading>& readings) {
  if (readings.empty()) {
    throw InvalidArgument("readings", "a journey needs at least one reading");
  }
  for (std::size_t i = 1; i < readings.size(); ++i) {
    if (readings[i].person_id != readings[0].person_id) {
      throw InvalidArgument(
          join_path(index_path("readings", i), "person_id"),
          "\"" + readings[i].person_id.substr(0, 64) + "\" differs from readings[0] (\"" +
              readings[0].person_id.substr(0, 64) + "\"): a journey is one person's readings");
    }
  }
  return StarReadings::from_readings(def, readings);
}
}  // namespace

StarJourney::StarJourney(const StarReadings& readings, std::string_view person_id)
    : readings_(one_person(readings.definition(), person_rows(readings, person_id))) {}

StarJourney::StarJourney(const StarDefinition& def, const std::vector<StarReading>& readings)
    : readings_(one_person(def, readings)) {}

const StarDefinition& StarJourney::definition() const { return readings_.definition(); }
const std::string& StarJourney::person_id() const { return readings_.people().front(); }
std::size_t StarJourney::size() const { return readings_.size(); }
Date StarJourney::date(std::size_t i) const { return readings_.date(i); }
std::optional<int> StarJourney::score(std::size_t i, std::size_t area) const {
  return readings_.score(i, area);
}
Completion StarJourney::completed_by(std::size_t i) const { return readings_.completed_by(i); }
bool StarJourney::retrospective(std::size_t i) const { return readings_.retrospective(i); }

std::optional<std::size_t> StarJourney::stage(std::size_t i, std::size_t area) const {
  const auto s = readings_.score(i, area);
  if (!s) return std::nullopt;
  return definition().stage_index(*s);
}

std::vector<StarAreaChange> StarJourney::change(std::size_t i, std::size_t j) const {
  const std::size_t n = size();
  if (i >= n) {
    throw OutOfRange("i", std::to_string(i) + " is not a reading index (the journey has " +
                              std::to_string(n) + " readings)");
  }
  if (j >= n) {
    throw OutOfRange("j", std::to_string(j) + " is not a reading index (the journey has " +
                              std::to_string(n) + " readings)");
  }
  std::vector<StarAreaChange> out(definition().area_count());
  for (std::size_t a = 0; a < out.size(); ++a) {
    out[a].from = readings_.score(i, a);
    out[a].to = readings_.score(j, a);
  }
  return out;
}

StarDistance StarJourney::distance_travelled(StarBaseline baseline) const {
  const std::size_t n = size();
  const std::size_t last = n - 1;
  StarDistance d;
  d.baseline = baseline;
  d.baseline_date = date(0);
  d.latest_date = date(last);
  d.areas.resize(definition().area_count());
  for (std::size_t a = 0; a < d.areas.size(); ++a) {
    std::optional<int> base = readings_.score(0, a);
    if (baseline == StarBaseline::lower_of_first_two && n >= 2) {
      base = lower(base, readings_.score(1, a));
    }
    d.areas[a].from = base;
    d.areas[a].to = readings_.score(last, a);
    if (d.areas[a].from && d.areas[a].to) {
      ++d.areas_compared;
      d.total_baseline += *d.areas[a].from;
      d.total_latest += *d.areas[a].to;
    }
  }
  d.total_change = d.total_latest - d.total_baseline;
  return d;
}

std::vector<StarReliableChange> StarJourney::reliable_change(const std::vector<double>& sd,
                                                             double reliability,
                                                             StarBaseline baseline,
                                                             double critical) const {
  const auto& areas = definition().areas();
  if (sd.size() != 1 && sd.size() != areas.size()) {
    throw InvalidArgument("sd", "expected 1 baseline SD or one per area (" +
                                    std::to_string(areas.size()) + "), got " +
                                    std::to_string(sd.size()));
  }
  check_critical(critical);
  std::vector<double> s_diff(areas.size());
  for (std::size_t a = 0; a < areas.size(); ++a) {
    const double s = sd.size() == 1 ? sd[0] : sd[a];
    s_diff[a] =
        reliable_change_sdiff(s, reliability, sd.size() == 1 ? "sd" : join_path("sd", areas[a].id));
  }
  const StarDistance d = distance_travelled(baseline);
  std::vector<StarReliableChange> out(areas.size());
  for (std::size_t a = 0; a < areas.size(); ++a) {
    StarReliableChange& r = out[a];
    r.baseline = d.areas[a].from;
    r.latest = d.areas[a].to;
    r.sd = sd.size() == 1 ? sd[0] : sd[a];
    r.s_diff = s_diff[a];
    if (r.baseline && r.latest) {
      r.rci = (*r.latest - *r.baseline) / r.s_diff;
      r.classification = classify_reliable_change(*r.rci, critical);
    }
  }
  return out;
}

std::string StarJourney::to_json(std::string_view options_json) const {
  const StarDefinition& def = definition();
  const auto& areas = def.areas();
  // Options.
  json opts = json::object();
  {
    bool blank = true;
    for (char c : options_json) {
      if (c != ' ' && c != '\n' && c != '\t' && c != '\r') blank = false;
    }
    if (!blank) opts = detail::parse_json(options_json, "options");
    if (opts.is_null()) opts = json::object();
    if (!opts.is_object()) {
      throw InvalidArgument("options",
                            std::string("expected a JSON object, got ") + opts.type_name());
    }
  }
  StarBaseline baseline = StarBaseline::first;
  double critical = 1.96;
  std::optional<double> reliability;
  std::vector<double> sd;
  for (auto it = opts.begin(); it != opts.end(); ++it) {
    const std::string path = join_path("options", it.key());
    if (it.key() == "baseline") {
      if (!it->is_string()) {
        throw InvalidArgument(path, std::string("expected a string, got ") + it->type_name());
      }
      baseline = parse_baseline(it->get<std::string>(), path);
    } else if (it.key() == "critical") {
      critical = star_detail::get_number(*it, path);
      if (!std::isfinite(critical) || critical <= 0.0) {
        throw InvalidArgument(path, "must be a finite number > 0 (1.96 for 95%)");
      }
    } else if (it.key() == "reliability") {
      reliability = star_detail::get_number(*it, path);
    } else if (it.key() == "sd") {
      if (it->is_number()) {
        sd = {it->get<double>()};
      } else if (it->is_object()) {
        sd.assign(areas.size(), kNaN);
        for (auto s = it->begin(); s != it->end(); ++s) {
          const std::string spath = join_path(path, s.key());
          sd[def.area_index(s.key(), spath)] = star_detail::get_number(*s, spath);
        }
        for (std::size_t a = 0; a < areas.size(); ++a) {
          if (std::isnan(sd[a])) {
            throw InvalidArgument(join_path(path, areas[a].id),
                                  "no baseline SD for this area (give one per area or one "
                                  "number for all)");
          }
        }
      } else {
        throw InvalidArgument(path, std::string("expected a number or an object of "
                                                "area: SD, got ") +
                                        it->type_name());
      }
    } else {
      throw InvalidArgument(path,
                            "unknown option (expected baseline, sd, reliability, "
                            "critical)");
    }
  }
  if (sd.empty() != !reliability.has_value()) {
    throw InvalidArgument(sd.empty() ? "options.sd" : "options.reliability",
                          "reliable change needs both sd and reliability");
  }
  std::vector<StarReliableChange> rc;
  if (reliability) {
    // Field names in errors: the options path.
    for (std::size_t k = 0; k < sd.size(); ++k) {
      reliable_change_sdiff(sd[k], *reliability,
                            sd.size() == 1 ? "options.sd" : join_path("options.sd", areas[k].id),
                            "options.reliability");
    }
    rc = reliable_change(sd, *reliability, baseline, critical);
  }

  json doc;
  doc["star"] = def.id();
  doc["person_id"] = person_id();
  doc["caution"] = kStarCaution;
  json readings = json::array();
  for (std::size_t i = 0; i < size(); ++i) {
    json scores = json::object();
    json stages = json::object();
    for (std::size_t a = 0; a < areas.size(); ++a) {
      const auto s = score(i, a);
      scores[areas[a].id] = score_json(s);
      stages[areas[a].id] = s ? json(def.stages()[def.stage_index(*s)].name) : json(nullptr);
    }
    readings.push_back({{"date", format_date(date(i))},
                        {"completed_by", completion_name(completed_by(i))},
                        {"retrospective", retrospective(i)},
                        {"scores", std::move(scores)},
                        {"stages", std::move(stages)}});
  }
  doc["readings"] = std::move(readings);
  const StarDistance d = distance_travelled(baseline);
  json dist;
  dist["baseline"] = baseline_name(baseline);
  dist["baseline_date"] = format_date(d.baseline_date);
  dist["latest_date"] = format_date(d.latest_date);
  json dareas = json::object();
  for (std::size_t a = 0; a < areas.size(); ++a) {
    const auto c = d.areas[a].change();
    dareas[areas[a].id] = {{"baseline", score_json(d.areas[a].from)},
                           {"latest", score_json(d.areas[a].to)},
                           {"change", c ? json(*c) : json(nullptr)}};
  }
  dist["areas"] = std::move(dareas);
  dist["areas_compared"] = d.areas_compared;
  dist["total_baseline"] = d.total_baseline;
  dist["total_latest"] = d.total_latest;
  dist["total_change"] = d.total_change;
  doc["distance_travelled"] = std::move(dist);
  if (reliability) {
    json r;
    r["baseline"] = baseline_name(baseline);
    r["reliability"] = *reliability;
    r["critical"] = critical;
    json rareas = json::object();
    for (std::size_t a = 0; a < areas.size(); ++a) {
      const StarReliableChange& x = rc[a];
      rareas[areas[a].id] = {
          {"baseline", score_json(x.baseline)},
          {"latest", score_json(x.latest)},
          {"sd", x.sd},
          {"s_diff", x.s_diff},
          {"rci", x.rci ? json(*x.rci) : json(nullptr)},
          {"classification",
           x.classification ? json(change_class_name(*x.classification)) : json(nullptr)}};
    }
    r["areas"] = std::move(rareas);
    doc["reliable_change"] = std::move(r);
  }
  return doc.dump(2);
}

std::string StarJourney::svg(const std::vector<std::size_t>& which, std::string_view title) const {
  std::vector<std::size_t> picks = which;
  const std::size_t n = size();
  if (picks.empty()) {
    picks.push_back(0);
    if (n >= 3) picks.push_back(n - 2);
    if (n >= 2) picks.push_back(n - 1);
  }
  if (picks.size() > 3) {
    throw InvalidArgument(
        "readings", "a star chart shows at most 3 readings, got " + std::to_string(picks.size()));
  }
  std::vector<StarChartSeries> series;
  for (std::size_t k = 0; k < picks.size(); ++k) {
    const std::size_t i = picks[k];
    if (i >= n) {
      throw OutOfRange(index_path("readings", k), std::to_string(i) +
                                                      " is not a reading index (the journey has " +
                                                      std::to_string(n) + " readings)");
    }
    StarChartSeries s;
    s.label = format_date(date(i));
    if (i == 0)
      s.label += " (first)";
    else if (i == n - 1)
      s.label += " (latest)";
    s.label += std::string(", ") + (completed_by(i) == Completion::jointly  ? "joint"
                                    : completed_by(i) == Completion::worker ? "worker"
                                                                            : "service user");
    if (retrospective(i)) s.label += ", retrospective";
    for (std::size_t a = 0; a < definition().area_count(); ++a) {
      const auto v = score(i, a);
      s.scores.push_back(v ? std::optional<double>(*v) : std::nullopt);
    }
    series.push_back(std::move(s));
  }
  StarChartOptions opts;
  opts.title = title.empty() ? definition().name() + ": " + person_id() : std::string(title);
  return star_chart_svg(definition(), series, opts);
}

// ---------------------------------------------------------------------------
// Cohorts.
StarCohort star_cohort(const StarReadings& readings, const StarCohortOptions& options) {
  const StarFilter& f = options.filter;
  if (f.start && f.end && *f.end < *f.start) {
    throw InvalidArgument("end", format_date(*f.end) + " is before start " + format_date(*f.start));
  }
  const StarDefinition& def = readings.definition();
  const std::size_t A = def.area_count();
  const std::size_t S = def.stages().size();
  const int smin = def.scale_min();
  std::vector<std::uint8_t> stage_of(static_cast<std::size_t>(def.scale_max() - smin + 1));
  for (int v = smin; v <= def.scale_max(); ++v) {
    stage_of[static_cast<std::size_t>(v - smin)] = static_cast<std::uint8_t>(def.stage_index(v));
  }
  const std::int32_t lo = f.start ? to_days(*f.start) : std::numeric_limits<std::int32_t>::min();
  const std::int32_t hi = f.end ? to_days(*f.end) : std::numeric_limits<std::int32_t>::max();
  bool keep_cb[kCompletionCount] = {f.completed_by.empty(), f.completed_by.empty(),
                                    f.completed_by.empty()};
  for (Completion c : f.completed_by) keep_cb[static_cast<std::size_t>(c)] = true;

  struct Acc {
    std::int64_t n = 0, sum_first = 0, sumsq_first = 0, sum_latest = 0, sum_change = 0,
                 sumsq_change = 0;
    std::size_t improved = 0, unchanged = 0, declined = 0, first_n = 0;
  };
  std::vector<Acc> acc(A);
  std::vector<std::size_t> transitions(A * S * S, 0);
  std::vector<std::size_t> first_stages(A * S, 0);

  StarCohort out{def, options, 0, 0, 0, std::nullopt, std::nullopt, {}};
  std::int32_t min_day = std::numeric_limits<std::int32_t>::max();
  std::int32_t max_day = std::numeric_limits<std::int32_t>::min();
  const std::size_t people = readings.person_count();
  const bool lower2 = options.baseline == StarBaseline::lower_of_first_two;
  for (std::size_t p = 0; p < people; ++p) {
    const std::size_t b = readings.person_begin(p);
    const std::size_t e = readings.person_begin(p + 1);
    std::size_t first = e, second = e, last = e, used = 0;
    for (std::size_t r = b; r < e; ++r) {
      const std::int32_t d = readings.day(r);
      if (d < lo || d > hi) continue;
      if (!keep_cb[static_cast<std::size_t>(readings.completed_by(r))]) continue;
      if (!f.include_retrospective && readings.retrospective(r)) continue;
      if (first == e)
        first = r;
      else if (second == e)
        second = r;
      last = r;
      ++used;
      min_day = std::min(min_day, d);
      max_day = std::max(max_day, d);
    }
    if (used == 0) continue;
    ++out.people;
    out.readings += used;
    const std::int8_t* s0 = readings.scores_row(first);
    for (std::size_t a = 0; a < A; ++a) {
      if (s0[a] == kMissingScore) continue;
      ++acc[a].first_n;
      ++first_stages[a * S + stage_of[static_cast<std::size_t>(s0[a] - smin)]];
    }
    if (used < 2) continue;
    ++out.people_compared;
    const std::int8_t* s1 = readings.scores_row(second);
    const std::int8_t* sl = readings.scores_row(last);
    for (std::size_t a = 0; a < A; ++a) {
      int base = s0[a];
      if (lower2) {
        if (base == kMissingScore)
          base = s1[a];
        else if (s1[a] != kMissingScore)
          base = std::min<int>(base, s1[a]);
      }
      const int latest = sl[a];
      if (base == kMissingScore || latest == kMissingScore) continue;
      Acc& x = acc[a];
      const int change = latest - base;
      ++x.n;
      x.sum_first += base;
      x.sumsq_first += base * base;
      x.sum_latest += latest;
      x.sum_change += change;
      x.sumsq_change += change * change;
      if (change > 0)
        ++x.improved;
      else if (change < 0)
        ++x.declined;
      else
        ++x.unchanged;
      ++transitions[(a * S + stage_of[static_cast<std::size_t>(base - smin)]) * S +
                    stage_of[static_cast<std::size_t>(latest - smin)]];
    }
  }
  if (out.readings > 0) {
    out.first_date = from_days(min_day);
    out.last_date = from_days(max_day);
  }
  auto sample_sd = [](std::int64_t n, std::int64_t sum, std::int64_t sumsq) {
    if (n < 2) return kNaN;
    // Exact integer arithmetic: n * sumsq - sum^2 = n (n - 1) var.
    const double num = static_cast<double>(n * sumsq - sum * sum);
    return std::sqrt(num / (static_cast<double>(n) * static_cast<double>(n - 1)));
  };
  out.areas.resize(A);
  for (std::size_t a = 0; a < A; ++a) {
    const Acc& x = acc[a];
    StarCohortArea& r = out.areas[a];
    r.n = static_cast<std::size_t>(x.n);
    const double n = static_cast<double>(x.n);
    r.mean_first = x.n > 0 ? static_cast<double>(x.sum_first) / n : kNaN;
    r.mean_latest = x.n > 0 ? static_cast<double>(x.sum_latest) / n : kNaN;
    r.mean_change = x.n > 0 ? static_cast<double>(x.sum_change) / n : kNaN;
    r.sd_first = sample_sd(x.n, x.sum_first, x.sumsq_first);
    r.sd_change = sample_sd(x.n, x.sum_change, x.sumsq_change);
    r.srm = (std::isfinite(r.sd_change) && r.sd_change > 0.0) ? r.mean_change / r.sd_change : kNaN;
    r.glass_delta =
        (std::isfinite(r.sd_first) && r.sd_first > 0.0) ? r.mean_change / r.sd_first : kNaN;
    r.improved = x.improved;
    r.unchanged = x.unchanged;
    r.declined = x.declined;
    r.first_n = x.first_n;
    r.transitions.assign(transitions.begin() + static_cast<std::ptrdiff_t>(a * S * S),
                         transitions.begin() + static_cast<std::ptrdiff_t>((a + 1) * S * S));
    r.first_stages.assign(first_stages.begin() + static_cast<std::ptrdiff_t>(a * S),
                          first_stages.begin() + static_cast<std::ptrdiff_t>((a + 1) * S));
  }
  return out;
}

std::string StarCohort::to_json() const {
  using star_detail::number_or_null;
  const auto& defs = definition.areas();
  const auto& stages = definition.stages();
  const std::size_t S = stages.size();
  json doc;
  doc["star"] = definition.id();
  doc["caution"] = kStarCaution;
  json o;
  o["start"] = options.filter.start ? json(format_date(*options.filter.start)) : json(nullptr);
  o["end"] = options.filter.end ? json(format_date(*options.filter.end)) : json(nullptr);
  if (options.filter.completed_by.empty()) {
    o["completed_by"] = nullptr;
  } else {
    json cb = json::array();
    for (Completion c : options.filter.completed_by) cb.push_back(completion_name(c));
    o["completed_by"] = std::move(cb);
  }
  o["include_retrospective"] = options.filter.include_retrospective;
  o["baseline"] = baseline_name(options.baseline);
  doc["options"] = std::move(o);
  doc["readings"] = readings;
  doc["people"] = people;
  doc["people_compared"] = people_compared;
  doc["first_date"] = first_date ? json(format_date(*first_date)) : json(nullptr);
  doc["last_date"] = last_date ? json(format_date(*last_date)) : json(nullptr);
  json snames = json::array();
  for (const auto& s : stages) snames.push_back(s.name);
  doc["stages"] = std::move(snames);
  json list = json::array();
  for (std::size_t a = 0; a < defs.size(); ++a) {
    const StarCohortArea& r = areas[a];
    const double n = static_cast<double>(r.n);
    json x;
    x["id"] = defs[a].id;
    x["name"] = defs[a].name;
    x["n"] = r.n;
    x["mean_first"] = number_or_null(r.mean_first);
    x["mean_latest"] = number_or_null(r.mean_latest);
    x["mean_change"] = number_or_null(r.mean_change);
    x["sd_first"] = number_or_null(r.sd_first);
    x["sd_change"] = number_or_null(r.sd_change);
    x["srm"] = number_or_null(r.srm);
    x["glass_delta"] = number_or_null(r.glass_delta);
    x["improved"] = r.improved;
    x["unchanged"] = r.unchanged;
    x["declined"] = r.declined;
    x["share_improved"] = number_or_null(r.n ? static_cast<double>(r.improved) / n : kNaN);
    x["share_unchanged"] = number_or_null(r.n ? static_cast<double>(r.unchanged) / n : kNaN);
    x["share_declined"] = number_or_null(r.n ? static_cast<double>(r.declined) / n : kNaN);
    json matrix = json::array();
    for (std::size_t s = 0; s < S; ++s) {
      json row = json::array();
      for (std::size_t t = 0; t < S; ++t) row.push_back(r.transitions[s * S + t]);
      matrix.push_back(std::move(row));
    }
    x["transitions"] = std::move(matrix);
    x["first_n"] = r.first_n;
    x["first_stages"] = r.first_stages;
    list.push_back(std::move(x));
  }
  doc["areas"] = std::move(list);
  return doc.dump(2);
}

namespace {

const json& cohort_member(const json& obj, const char* key, const std::string& path) {
  if (!obj.is_object()) throw InvalidArgument(path, "expected an object");
  auto it = obj.find(key);
  if (it == obj.end()) throw InvalidArgument(join_path(path, key), "missing");
  return *it;
}

std::size_t cohort_count(const json& obj, const char* key, const std::string& path) {
  const json& v = cohort_member(obj, key, path);
  if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0)) {
    throw InvalidArgument(join_path(path, key), "expected a count (a whole number >= 0)");
  }
  return static_cast<std::size_t>(v.get<std::uint64_t>());
}

double cohort_number(const json& obj, const char* key, const std::string& path) {
  const json& v = cohort_member(obj, key, path);
  if (v.is_null()) return kNaN;
  if (!v.is_number()) throw InvalidArgument(join_path(path, key), "expected a number or null");
  return v.get<double>();
}

std::optional<Date> cohort_date(const json& obj, const char* key) {
  const json& v = cohort_member(obj, key, "");
  if (v.is_null()) return std::nullopt;
  if (!v.is_string()) throw InvalidArgument(key, "expected an ISO date or null");
  return parse_date(v.get<std::string>(), key);
}

std::vector<std::size_t> cohort_counts(const json& v, std::size_t n, const std::string& path) {
  if (!v.is_array() || v.size() != n) {
    throw InvalidArgument(path, "expected " + std::to_string(n) + " counts");
  }
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < n; ++i) {
    if (!v[i].is_number_integer() || v[i].get<std::int64_t>() < 0) {
      throw InvalidArgument(index_path(path, i), "expected a count (a whole number >= 0)");
    }
    out.push_back(static_cast<std::size_t>(v[i].get<std::uint64_t>()));
  }
  return out;
}

}  // namespace

StarCohort StarCohort::from_json(const StarDefinition& def, std::string_view json_text,
                                 const InputLimits& limits) {
  const json doc = detail::parse_json(json_text, "json", limits, detail::PathRoot::document);
  if (!doc.is_object()) throw InvalidArgument("json", "expected a cohort summary object");
  const json& star = cohort_member(doc, "star", "");
  if (!star.is_string() || star.get<std::string>() != def.id()) {
    throw InvalidArgument("star", "the summary is not for star \"" + def.id() + "\"");
  }
  StarCohort c{def, {}, 0, 0, 0, std::nullopt, std::nullopt, {}};
  const json& opts = cohort_member(doc, "options", "");
  if (!opts.is_object()) throw InvalidArgument("options", "expected an object");
  c.options = star_cohort_options_from_json(opts.dump(), "options");
  c.readings = cohort_count(doc, "readings", "");
  c.people = cohort_count(doc, "people", "");
  c.people_compared = cohort_count(doc, "people_compared", "");
  if (c.people_compared > c.people || c.people > c.readings) {
    throw InvalidArgument("people", "inconsistent counts (people_compared <= people <= readings)");
  }
  c.first_date = cohort_date(doc, "first_date");
  c.last_date = cohort_date(doc, "last_date");
  const std::size_t S = def.stages().size();
  const auto& defs = def.areas();
  const json& list = cohort_member(doc, "areas", "");
  if (!list.is_array() || list.size() != defs.size()) {
    throw InvalidArgument("areas", "expected " + std::to_string(defs.size()) + " areas");
  }
  for (std::size_t a = 0; a < defs.size(); ++a) {
    const std::string path = index_path("areas", a);
    const json& x = list[a];
    const json& id = cohort_member(x, "id", path);
    if (!id.is_string() || id.get<std::string>() != defs[a].id) {
      throw InvalidArgument(join_path(path, "id"), "expected \"" + defs[a].id + "\"");
    }
    StarCohortArea r;
    r.n = cohort_count(x, "n", path);
    r.mean_first = cohort_number(x, "mean_first", path);
    r.mean_latest = cohort_number(x, "mean_latest", path);
    r.mean_change = cohort_number(x, "mean_change", path);
    r.sd_first = cohort_number(x, "sd_first", path);
    r.sd_change = cohort_number(x, "sd_change", path);
    r.srm = cohort_number(x, "srm", path);
    r.glass_delta = cohort_number(x, "glass_delta", path);
    r.improved = cohort_count(x, "improved", path);
    r.unchanged = cohort_count(x, "unchanged", path);
    r.declined = cohort_count(x, "declined", path);
    if (r.improved + r.unchanged + r.declined != r.n) {
      throw InvalidArgument(join_path(path, "n"), "improved + unchanged + declined != n");
    }
    const json& m = cohort_member(x, "transitions", path);
    const std::string mpath = join_path(path, "transitions");
    if (!m.is_array() || m.size() != S) {
      throw InvalidArgument(
          mpath, "expected a " + std::to_string(S) + "x" + std::to_string(S) + " matrix");
    }
    for (std::size_t s = 0; s < S; ++s) {
      auto row = cohort_counts(m[s], S, index_path(mpath, s));
      r.transitions.insert(r.transitions.end(), row.begin(), row.end());
    }
    r.first_n = cohort_count(x, "first_n", path);
    r.first_stages =
        cohort_counts(cohort_member(x, "first_stages", path), S, join_path(path, "first_stages"));
    c.areas.push_back(std::move(r));
  }
  return c;
}

std::string StarCohort::svg(std::string_view title) const {
  StarChartSeries first, latest;
  std::size_t n_max = 0;
  for (const auto& a : areas) n_max = std::max(n_max, a.n);
  first.label =
      std::string("Mean ") +
      (options.baseline == StarBaseline::first ? "first" : "baseline (lower of first two)") +
      " reading";
  latest.label = "Mean latest reading";
  for (const auto& a : areas) {
    first.scores.push_back(std::isfinite(a.mean_first) ? std::optional<double>(a.mean_first)
                                                       : std::nullopt);
    latest.scores.push_back(std::isfinite(a.mean_latest) ? std::optional<double>(a.mean_latest)
                                                         : std::nullopt);
  }
  StarChartOptions opts;
  opts.title = title.empty()
                   ? definition.name() + ": cohort of " + std::to_string(people_compared) +
                         (people_compared == 1 ? " person" : " people") +
                         " with two or more readings"
                   : std::string(title);
  return star_chart_svg(definition, {first, latest}, opts);
}

}  // namespace homeward
