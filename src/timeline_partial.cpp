// Measures over parts of a caseload, merged exactly (docs/scale.md): the
// partial holds counts, sums and whole day-count distributions, so the merge
// of the parts' partials gives the same figures as measures() on the whole.
#include "homeward/error.hpp"
#include "json_util.hpp"
#include "timeline_internal.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>

namespace homeward {

namespace {

using ojson = nlohmann::ordered_json;
using json = nlohmann::json;

constexpr const char* kPartialFormat = "homeward.measures_partial";
constexpr int kPartialVersion = 1;

DayHistogram histogram(const std::vector<std::int32_t>& v) {
  DayHistogram h;
  for (auto x : v) ++h[x];
  return h;
}

std::int64_t total(const DayHistogram& h) {
  std::int64_t n = 0;
  for (const auto& [v, c] : h) n += c;
  return n;
}

// The same arithmetic as measures(): the mean sums whole day counts (exact
// in a double below 2^53), the median is the middle value or the mean of
// the middle two.
std::optional<double> hist_mean(const DayHistogram& h) {
  const std::int64_t n = total(h);
  if (n == 0) return std::nullopt;
  double s = 0;
  for (const auto& [v, c] : h) s += static_cast<double>(v) * static_cast<double>(c);
  return s / static_cast<double>(n);
}

std::int32_t hist_at(const DayHistogram& h, std::int64_t k) {  // k-th smallest, 0-based
  for (const auto& [v, c] : h) {
    if (k < c) return v;
    k -= c;
  }
  return h.rbegin()->first;
}

std::optional<double> hist_median(const DayHistogram& h) {
  const std::int64_t n = total(h);
  if (n == 0) return std::nullopt;
  if (n % 2) return static_cast<double>(hist_at(h, n / 2));
  return (static_cast<double>(hist_at(h, n / 2 - 1)) + static_cast<double>(hist_at(h, n / 2))) /
         2.0;
}

bool longer(const StayItem& a, const StayItem& b) {  // a beats b as "longest"
  if (a.days != b.days) return a.days > b.days;
  if (a.person_id != b.person_id) return a.person_id < b.person_id;
  return a.admitted < b.admitted;
}

void add_hist(DayHistogram& into, const DayHistogram& from) {
  for (const auto& [v, c] : from) into[v] += c;
}

template <class Map>
void add_map(Map& into, const Map& from) {
  for (const auto& [k, v] : from) into[k] += v;
}

void add_rate(RateMeasure& into, const RateMeasure& from) {
  into.numerator += from.numerator;
  into.denominator += from.denominator;
  into.pending += from.pending;
  into.excluded += from.excluded;
}

MeasuresPartial partial_of(const Measures& m, const std::vector<std::int32_t>& leads,
                           const TimelinePolicy& policy, const CostModel& costs,
                           std::int64_t people) {
  MeasuresPartial p;
  p.start = m.start;
  p.end = m.end;
  p.as_of = m.as_of;
  p.follow_up_from = m.follow_up_from;
  p.follow_up_to = m.follow_up_to;
  p.policy = timeline_policy_to_json(policy, true);
  p.costs = costs;
  p.people = people;
  p.follow_up = m.follow_up;
  p.readmission = m.readmission;
  p.crfd = m.crfd;
  p.crfd.items.clear();
  p.inpatient_long_stays = m.inpatient.long_stays;
  for (const auto& s : m.inpatient.stays) {
    ++p.inpatient_days[s.days];
    ++p.inpatient_days_without_crfd[s.days_without_crfd];
  }
  p.out_of_area = m.out_of_area;
  p.out_of_area.placements.clear();
  for (const auto& s : m.step_down.stays) {
    ++p.step_down_days[s.days];
    if (!p.step_down_longest || longer(s, *p.step_down_longest)) p.step_down_longest = s;
  }
  p.lead_without_planned_discharge = m.lead_times.without_planned_discharge;
  p.lead_meeting_target = m.lead_times.meeting_target;
  p.lead_days = histogram(leads);
  p.bed_days = m.bed_days.days;
  return p;
}

}  // namespace

MeasuresPartial measures_partial(const Caseload& caseload, const Date& start, const Date& end,
                                 const TimelinePolicy& policy, const CostModel& costs,
                                 std::optional<Date> as_of) {
  std::vector<std::int32_t> leads;
  const Measures m =
      timeline_detail::measures_with_leads(caseload, start, end, policy, costs, as_of, &leads);
  return partial_of(m, leads, policy, costs, static_cast<std::int64_t>(caseload.size()));
}

std::vector<MeasuresPartialGroup> measures_partial_by(const Caseload& caseload, std::string_view by,
                                                      const Date& start, const Date& end,
                                                      const TimelinePolicy& policy,
                                                      const CostModel& costs,
                                                      std::optional<Date> as_of) {
  const auto groups = timeline_detail::attribute_groups(caseload, by);
  std::vector<MeasuresPartialGroup> out;
  if (groups.empty()) (void)measures(caseload, start, end, policy, costs, as_of);
  for (const auto& grp : groups) {
    MeasuresPartialGroup g;
    g.value = grp.value;
    g.has_value = grp.has_value;
    g.people = static_cast<std::int64_t>(grp.members.size());
    g.partial = measures_partial(timeline_detail::subset(caseload, grp.members), start, end, policy,
                                 costs, as_of);
    out.push_back(std::move(g));
  }
  return out;
}

void merge_measures_partial(MeasuresPartial& into, const MeasuresPartial& o) {
  if (into.start != o.start || into.end != o.end || into.as_of != o.as_of) {
    throw InvalidArgument(
        "partial", "measured over " + format_date(o.start) + ".." + format_date(o.end) + " as of " +
                       format_date(o.as_of) + ", not " + format_date(into.start) + ".." +
                       format_date(into.end) + " as of " + format_date(into.as_of));
  }
  if (into.policy != o.policy) {
    throw InvalidArgument("partial", "measured under a different policy");
  }
  if (into.costs.inpatient_day_cost != o.costs.inpatient_day_cost ||
      into.costs.step_down_day_cost != o.costs.step_down_day_cost) {
    throw InvalidArgument("partial", "measured with different costs");
  }
  into.people += o.people;
  add_rate(into.follow_up, o.follow_up);
  add_rate(into.readmission, o.readmission);
  into.crfd.periods += o.crfd.periods;
  into.crfd.days += o.crfd.days;
  add_map(into.crfd.days_by_reason, o.crfd.days_by_reason);
  add_map(into.crfd.periods_by_reason, o.crfd.periods_by_reason);
  add_map(into.crfd.days_by_group, o.crfd.days_by_group);
  add_map(into.crfd.periods_by_group, o.crfd.periods_by_group);
  add_map(into.crfd.days_by_attributable, o.crfd.days_by_attributable);
  into.inpatient_long_stays += o.inpatient_long_stays;
  add_hist(into.inpatient_days, o.inpatient_days);
  add_hist(into.inpatient_days_without_crfd, o.inpatient_days_without_crfd);
  auto& a = into.out_of_area;
  const auto& b = o.out_of_area;
  a.active_at_end += b.active_at_end;
  a.starts += b.starts;
  a.ends += b.ends;
  a.inappropriate_active_at_end += b.inappropriate_active_at_end;
  a.inappropriate_starts += b.inappropriate_starts;
  a.bed_days += b.bed_days;
  a.inappropriate_bed_days += b.inappropriate_bed_days;
  add_hist(into.step_down_days, o.step_down_days);
  if (o.step_down_longest &&
      (!into.step_down_longest || longer(*o.step_down_longest, *into.step_down_longest))) {
    into.step_down_longest = o.step_down_longest;
  }
  into.lead_without_planned_discharge += o.lead_without_planned_discharge;
  into.lead_meeting_target += o.lead_meeting_target;
  add_hist(into.lead_days, o.lead_days);
  into.bed_days += o.bed_days;
}

Measures measures_from_partial(const MeasuresPartial& p) {
  Measures m;
  m.start = p.start;
  m.end = p.end;
  m.as_of = p.as_of;
  m.follow_up_from = p.follow_up_from;
  m.follow_up_to = p.follow_up_to;
  m.follow_up = p.follow_up;
  m.readmission = p.readmission;
  m.crfd = p.crfd;
  m.inpatient.count = total(p.inpatient_days);
  m.inpatient.mean = hist_mean(p.inpatient_days);
  m.inpatient.median = hist_median(p.inpatient_days);
  m.inpatient.mean_without_crfd = hist_mean(p.inpatient_days_without_crfd);
  m.inpatient.median_without_crfd = hist_median(p.inpatient_days_without_crfd);
  m.inpatient.long_stays = p.inpatient_long_stays;
  m.out_of_area = p.out_of_area;
  m.step_down.count = total(p.step_down_days);
  m.step_down.mean = hist_mean(p.step_down_days);
  m.step_down.median = hist_median(p.step_down_days);
  m.step_down.longest = p.step_down_longest;
  m.lead_times.count = total(p.lead_days);
  m.lead_times.without_planned_discharge = p.lead_without_planned_discharge;
  m.lead_times.meeting_target = p.lead_meeting_target;
  m.lead_times.mean = hist_mean(p.lead_days);
  m.lead_times.median = hist_median(p.lead_days);
  if (!p.lead_days.empty()) {
    m.lead_times.shortest = p.lead_days.begin()->first;
    m.lead_times.longest = p.lead_days.rbegin()->first;
  }
  m.bed_days.inpatient_day_cost = p.costs.inpatient_day_cost;
  m.bed_days.step_down_day_cost = p.costs.step_down_day_cost;
  m.bed_days.days = p.bed_days;
  m.bed_days.savings =
      static_cast<double>(p.bed_days) * (p.costs.inpatient_day_cost - p.costs.step_down_day_cost);
  return m;
}

// ---------------------------------------------------------------------------
// JSON

namespace {

ojson hist_json(const DayHistogram& h) {
  ojson a = ojson::array();
  for (const auto& [v, c] : h) a.push_back(ojson::array({v, c}));
  return a;
}

ojson rate_json(const RateMeasure& r) {
  return ojson{{"numerator", r.numerator},
               {"denominator", r.denominator},
               {"pending", r.pending},
               {"excluded", r.excluded}};
}

template <class Map>
ojson map_json(const Map& m) {
  ojson o = ojson::object();
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

// Reading: every value is checked and its path named.
class Reader {
 public:
  explicit Reader(const json& doc) : doc_(doc) {}

  const json& at(const json& obj, const std::string& path, const char* key) const {
    if (!obj.is_object()) throw InvalidArgument(path.empty() ? "json" : path, "expected an object");
    auto it = obj.find(key);
    if (it == obj.end()) throw InvalidArgument(join_path(path, key), "missing");
    return *it;
  }
  std::int64_t count(const json& obj, const std::string& path, const char* key) const {
    const json& v = at(obj, path, key);
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0) {
      throw InvalidArgument(join_path(path, key), "expected a whole number >= 0");
    }
    return v.get<std::int64_t>();
  }
  Date date(const json& obj, const std::string& path, const char* key) const {
    const json& v = at(obj, path, key);
    if (!v.is_string()) throw InvalidArgument(join_path(path, key), "expected an ISO date");
    return parse_date(v.get<std::string>(), join_path(path, key));
  }
  std::string text(const json& obj, const std::string& path, const char* key) const {
    const json& v = at(obj, path, key);
    if (!v.is_string()) throw InvalidArgument(join_path(path, key), "expected a string");
    return v.get<std::string>();
  }
  RateMeasure rate(const std::string& key) const {
    const json& o = at(doc_, "", key.c_str());
    RateMeasure r;
    r.numerator = count(o, key, "numerator");
    r.denominator = count(o, key, "denominator");
    r.pending = count(o, key, "pending");
    r.excluded = count(o, key, "excluded");
    if (r.numerator > r.denominator) {
      throw InvalidArgument(join_path(key, "numerator"), "is larger than the denominator");
    }
    return r;
  }
  template <class Map>
  Map counts(const json& obj, const std::string& path, const char* key) const {
    const json& o = at(obj, path, key);
    const std::string p = join_path(path, key);
    if (!o.is_object()) throw InvalidArgument(p, "expected an object of counts");
    Map m;
    for (auto it = o.begin(); it != o.end(); ++it) {
      if (!it->is_number_integer() || it->get<std::int64_t>() < 0) {
        throw InvalidArgument(join_path(p, it.key()), "expected a whole number >= 0");
      }
      m[it.key()] = it->get<std::int64_t>();
    }
    return m;
  }
  DayHistogram hist(const json& obj, const std::string& path, const char* key) const {
    const json& a = at(obj, path, key);
    const std::string p = join_path(path, key);
    if (!a.is_array()) throw InvalidArgument(p, "expected an array of [days, count] pairs");
    DayHistogram h;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const json& e = a[i];
      const std::string ep = index_path(p, i);
      if (!e.is_array() || e.size() != 2 || !e[0].is_number_integer() ||
          !e[1].is_number_integer()) {
        throw InvalidArgument(ep, "expected a [days, count] pair of whole numbers");
      }
      const auto v = e[0].get<std::int64_t>();
      const auto c = e[1].get<std::int64_t>();
      if (v < -36600 || v > 36600) throw InvalidArgument(ep, "days outside -36600..36600");
      if (c <= 0) throw InvalidArgument(ep, "count must be positive");
      if (!h.emplace(static_cast<std::int32_t>(v), c).second) {
        throw InvalidArgument(ep, std::to_string(v) + " days listed twice");
      }
    }
    return h;
  }

 private:
  const json& doc_;
};

}  // namespace

std::string measures_partial_to_json(const MeasuresPartial& p) {
  ojson j;
  j["format"] = kPartialFormat;
  j["version"] = kPartialVersion;
  j["start"] = format_date(p.start);
  j["end"] = format_date(p.end);
  j["as_of"] = format_date(p.as_of);
  j["follow_up_from"] = format_date(p.follow_up_from);
  j["follow_up_to"] = format_date(p.follow_up_to);
  j["policy"] = ojson::parse(p.policy);
  j["costs"] = ojson::parse(cost_model_to_json(p.costs));
  j["people"] = p.people;
  j["follow_up"] = rate_json(p.follow_up);
  j["readmission"] = rate_json(p.readmission);
  j["crfd"] = ojson{{"day_count", p.crfd.day_count},
                    {"periods", p.crfd.periods},
                    {"days", p.crfd.days},
                    {"days_by_reason", map_json(p.crfd.days_by_reason)},
                    {"periods_by_reason", map_json(p.crfd.periods_by_reason)},
                    {"days_by_group", map_json(p.crfd.days_by_group)},
                    {"periods_by_group", map_json(p.crfd.periods_by_group)},
                    {"days_by_attributable", map_json(p.crfd.days_by_attributable)}};
  j["inpatient"] = ojson{{"long_stays", p.inpatient_long_stays},
                         {"days", hist_json(p.inpatient_days)},
                         {"days_without_crfd", hist_json(p.inpatient_days_without_crfd)}};
  const auto& oa = p.out_of_area;
  j["out_of_area"] = ojson{{"active_at_end", oa.active_at_end},
                           {"starts", oa.starts},
                           {"ends", oa.ends},
                           {"inappropriate_active_at_end", oa.inappropriate_active_at_end},
                           {"inappropriate_starts", oa.inappropriate_starts},
                           {"bed_days", oa.bed_days},
                           {"inappropriate_bed_days", oa.inappropriate_bed_days}};
  ojson longest = nullptr;
  if (p.step_down_longest) {
    const auto& s = *p.step_down_longest;
    longest = ojson{{"person_id", s.person_id},
                    {"admitted", format_date(s.admitted)},
                    {"left", format_date(s.left)},
                    {"days", s.days},
                    {"destination", s.destination}};
  }
  j["step_down"] = ojson{{"days", hist_json(p.step_down_days)}, {"longest", std::move(longest)}};
  j["lead_times"] = ojson{{"without_planned_discharge", p.lead_without_planned_discharge},
                          {"meeting_target", p.lead_meeting_target},
                          {"days", hist_json(p.lead_days)}};
  j["bed_days"] = p.bed_days;
  return j.dump();
}

MeasuresPartial measures_partial_from_json(std::string_view json_text, const InputLimits& limits) {
  const json doc = detail::parse_json(json_text, "json", limits, detail::PathRoot::document);
  if (!doc.is_object()) throw InvalidArgument("json", "expected a measures partial object");
  const Reader r(doc);
  const std::string format = r.text(doc, "", "format");
  if (format != kPartialFormat) {
    throw InvalidArgument("format", "\"" + format + "\" is not \"" + kPartialFormat + "\"");
  }
  const json& version = r.at(doc, "", "version");
  if (!version.is_number_integer() || version.get<std::int64_t>() != kPartialVersion) {
    throw InvalidArgument("version", "measures partial version " + version.dump() +
                                         " is not supported (this homeward reads version " +
                                         std::to_string(kPartialVersion) + ")");
  }
  static const char* const kKeys[] = {
      "format",       "version",   "start",       "end",       "as_of",      "follow_up_from",
      "follow_up_to", "policy",    "costs",       "people",    "follow_up",  "readmission",
      "crfd",         "inpatient", "out_of_area", "step_down", "lead_times", "bed_days"};
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (std::find_if(std::begin(kKeys), std::end(kKeys),
                     [&](const char* k) { return it.key() == k; }) == std::end(kKeys)) {
      throw InvalidArgument(it.key(), "unknown key");
    }
  }
  MeasuresPartial p;
  p.start = r.date(doc, "", "start");
  p.end = r.date(doc, "", "end");
  p.as_of = r.date(doc, "", "as_of");
  if (p.end < p.start) throw InvalidArgument("end", "is before start");
  if (p.as_of < p.end) throw InvalidArgument("as_of", "is before end");
  p.follow_up_from = r.date(doc, "", "follow_up_from");
  p.follow_up_to = r.date(doc, "", "follow_up_to");
  const json& policy = r.at(doc, "", "policy");
  if (!policy.is_object()) throw InvalidArgument("policy", "expected an object");
  // Validated by the policy reader, then kept in its canonical form.
  p.policy = timeline_policy_to_json(timeline_policy_from_json(policy.dump(), "policy"), true);
  const json& costs = r.at(doc, "", "costs");
  if (!costs.is_object()) throw InvalidArgument("costs", "expected an object");
  p.costs = cost_model_from_json(costs.dump(), "costs");
  p.people = r.count(doc, "", "people");
  p.follow_up = r.rate("follow_up");
  p.readmission = r.rate("readmission");
  const json& cr = r.at(doc, "", "crfd");
  p.crfd.day_count = r.text(cr, "crfd", "day_count");
  p.crfd.periods = r.count(cr, "crfd", "periods");
  p.crfd.days = r.count(cr, "crfd", "days");
  using Counts = std::map<std::string, std::int64_t>;
  p.crfd.days_by_reason = r.counts<Counts>(cr, "crfd", "days_by_reason");
  p.crfd.periods_by_reason = r.counts<Counts>(cr, "crfd", "periods_by_reason");
  p.crfd.days_by_group = r.counts<Counts>(cr, "crfd", "days_by_group");
  p.crfd.periods_by_group = r.counts<Counts>(cr, "crfd", "periods_by_group");
  p.crfd.days_by_attributable = r.counts<Counts>(cr, "crfd", "days_by_attributable");
  const json& ip = r.at(doc, "", "inpatient");
  p.inpatient_long_stays = r.count(ip, "inpatient", "long_stays");
  p.inpatient_days = r.hist(ip, "inpatient", "days");
  p.inpatient_days_without_crfd = r.hist(ip, "inpatient", "days_without_crfd");
  if (total(p.inpatient_days) != total(p.inpatient_days_without_crfd) ||
      p.inpatient_long_stays > total(p.inpatient_days)) {
    throw InvalidArgument("inpatient", "inconsistent stay counts");
  }
  const json& oa = r.at(doc, "", "out_of_area");
  auto& o = p.out_of_area;
  o.active_at_end = r.count(oa, "out_of_area", "active_at_end");
  o.starts = r.count(oa, "out_of_area", "starts");
  o.ends = r.count(oa, "out_of_area", "ends");
  o.inappropriate_active_at_end = r.count(oa, "out_of_area", "inappropriate_active_at_end");
  o.inappropriate_starts = r.count(oa, "out_of_area", "inappropriate_starts");
  o.bed_days = r.count(oa, "out_of_area", "bed_days");
  o.inappropriate_bed_days = r.count(oa, "out_of_area", "inappropriate_bed_days");
  const json& sd = r.at(doc, "", "step_down");
  p.step_down_days = r.hist(sd, "step_down", "days");
  const json& lg = r.at(sd, "step_down", "longest");
  if (!lg.is_null()) {
    const std::string path = "step_down.longest";
    StayItem s;
    s.person_id = r.text(lg, path, "person_id");
    s.admitted = r.date(lg, path, "admitted");
    s.left = r.date(lg, path, "left");
    const json& days = r.at(lg, path, "days");
    if (!days.is_number_integer() || p.step_down_days.count(days.get<std::int32_t>()) == 0 ||
        days.get<std::int64_t>() != p.step_down_days.rbegin()->first) {
      throw InvalidArgument(join_path(path, "days"), "is not the longest stay's length");
    }
    s.days = days.get<std::int32_t>();
    s.destination = r.text(lg, path, "destination");
    p.step_down_longest = std::move(s);
  } else if (!p.step_down_days.empty()) {
    throw InvalidArgument("step_down.longest", "missing while there are stays");
  }
  const json& lt = r.at(doc, "", "lead_times");
  p.lead_without_planned_discharge = r.count(lt, "lead_times", "without_planned_discharge");
  p.lead_meeting_target = r.count(lt, "lead_times", "meeting_target");
  p.lead_days = r.hist(lt, "lead_times", "days");
  if (p.lead_meeting_target > total(p.lead_days)) {
    throw InvalidArgument("lead_times.meeting_target", "is larger than the count");
  }
  p.bed_days = r.count(doc, "", "bed_days");
  return p;
}

}  // namespace homeward
