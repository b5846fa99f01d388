// Report: the JSON form (docs/report-schema.md) and the JSON-in, JSON-out
// entry point used by the C ABI.
#include "json_util.hpp"

#include "homeward/error.hpp"
#include "homeward/io.hpp"
#include "homeward/report.hpp"
#include "homeward/version.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace homeward {
namespace {

using ojson = nlohmann::ordered_json;

const char* const kMonthShort[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

ojson opt(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return *v;
}
ojson opt(const std::optional<std::int64_t>& v) { return v ? ojson(*v) : ojson(nullptr); }
ojson num(double v) { return std::isfinite(v) ? ojson(v) : ojson(nullptr); }

std::string stage_label(Stage s) {
  switch (s) {
    case Stage::not_yet_referred: return "Not yet referred";
    case Stage::referred: return "Referred";
    case Stage::engaged: return "Engaged";
    case Stage::declined: return "Declined";
    case Stage::awaiting_discharge: return "Ready for discharge, still in hospital";
    case Stage::in_step_down: return "In step-down accommodation";
    case Stage::in_community: return "In the community";
    case Stage::readmitted: return "Readmitted";
    case Stage::closed: return "Closed";
  }
  return "Unknown";
}

std::string milestone_label(Milestone m, const TimelinePolicy& p) {
  switch (m) {
    case Milestone::referral_lead_time:
      return "Referral " + std::to_string(p.referral_lead_days) + " days before planned discharge";
    case Milestone::first_visit:
      return "First visit within " + std::to_string(p.first_visit_working_days) +
             " working days of referral";
    case Milestone::decision:
      return "Decision within " + std::to_string(p.decision_working_days) +
             " working days of first visit";
    case Milestone::follow_up:
      return "Follow-up within " + std::to_string(p.follow_up_days) + " days of discharge";
    case Milestone::step_down_stay:
      return "Step-down stay of at most " + std::to_string(p.step_down_max_days) + " days";
    case Milestone::readmission:
      return "No readmission within " + std::to_string(p.readmission_window_days) + " days";
  }
  return "Unknown";
}

ojson period_json(const ReportPeriod& p) {
  ojson j;
  j["kind"] = std::string(report_period_kind_name(p.kind));
  j["start"] = format_date(p.start);
  j["end"] = format_date(p.end);
  j["as_of"] = format_date(p.as_of);
  j["days"] = (p.end - p.start).days() + 1;
  j["label"] = p.label;
  j["source"] = p.source;
  return j;
}

ojson target_json(const ReportTarget& t) {
  ojson j;
  j["higher_is_better"] = t.higher_is_better;
  j["green"] = opt(t.green);
  j["amber"] = t.amber ? opt(t.amber) : opt(t.green);
  return j;
}

ojson rate_json(const RateMeasure& r) {
  ojson j;
  j["numerator"] = r.numerator;
  j["denominator"] = r.denominator;
  j["pending"] = r.pending;
  j["excluded"] = r.excluded;
  j["rate"] = opt(r.rate());
  return j;
}

ojson people_json(const std::vector<std::string>& ids) {
  ojson a = ojson::array();
  for (const auto& id : ids) a.push_back(id);
  return a;
}

ojson match_json(const std::optional<MatchResult>& m) {
  if (!m) return nullptr;
  return ojson::parse(match_result_to_json(*m));
}

}  // namespace

std::string report_to_json(const Report& r, bool pretty) {
  const auto& s = r.settings;
  ojson j;
  j["schema"] = "homeward-report";
  j["schema_version"] = kReportSchemaVersion;
  j["generator"] = std::string("homeward ") + HOMEWARD_VERSION_STRING;
  j["title"] = s.title;
  j["period"] = period_json(r.period);
  j["previous_period"] = period_json(r.previous);
  j["sources"] = people_json(r.sources);

  ojson settings;
  settings["policy"] = ojson::parse(timeline_policy_to_json(s.policy));
  settings["costs"] = ojson::parse(cost_model_to_json(s.costs));
  settings["currency"] = s.currency;
  ojson targets;
  targets["caseload"] = target_json(s.targets.caseload);
  targets["follow_up"] = target_json(s.targets.follow_up);
  targets["readmission"] = target_json(s.targets.readmission);
  targets["crfd_days"] = target_json(s.targets.crfd_days);
  targets["step_down_occupancy"] = target_json(s.targets.step_down_occupancy);
  targets["bed_days_avoided"] = target_json(s.targets.bed_days_avoided);
  targets["savings"] = target_json(s.targets.savings);
  settings["targets"] = std::move(targets);
  settings["step_down_beds"] = opt(s.step_down_beds);
  settings["trend_months"] = s.trend_months;
  settings["star_people"] = s.star_people;
  settings["list_limit"] = s.list_limit;
  j["settings"] = std::move(settings);

  ojson summary = ojson::array();
  for (const auto& f : r.summary) {
    ojson x;
    x["id"] = f.id;
    x["label"] = f.label;
    x["unit"] = f.unit;
    x["value"] = opt(f.value);
    x["previous"] = opt(f.previous);
    x["change"] = opt(f.change);
    x["numerator"] = opt(f.numerator);
    x["denominator"] = opt(f.denominator);
    x["target"] = target_json(f.target);
    x["status"] = f.status;
    x["note"] = f.note;
    summary.push_back(std::move(x));
  }
  j["summary"] = std::move(summary);

  ojson trends;
  ojson groups = ojson::array();
  for (const char* code : {"18", "03", "11", "01"}) {
    const auto& g = crfd_reason_group(code);
    groups.push_back(ojson{{"id", g.id}, {"label", g.label}});
  }
  trends["reason_groups"] = std::move(groups);
  trends["follow_up_target"] = opt(s.targets.follow_up.green);
  ojson months = ojson::array();
  for (const auto& m : r.trends) {
    ojson x;
    char key[16];
    std::snprintf(key, sizeof key, "%04d-%02d", static_cast<int>(m.start.year()),
                  static_cast<int>(m.start.month()));
    x["month"] = key;
    x["label"] = std::string(kMonthShort[m.start.month() - 1]) + " " +
                 std::to_string(static_cast<int>(m.start.year()));
    x["start"] = format_date(m.start);
    x["end"] = format_date(m.end);
    x["follow_up"] = rate_json(m.follow_up);
    x["readmission"] = rate_json(m.readmission);
    x["crfd_days"] = m.crfd_days;
    ojson by = ojson::object();
    for (const auto& [g, d] : m.crfd_days_by_group) by[g] = d;
    x["crfd_days_by_group"] = std::move(by);
    x["step_down_days"] = m.step_down_days;
    x["step_down_beds_occupied"] = num(m.step_down_beds_occupied);
    x["savings"] = num(m.savings);
    x["cumulative_savings"] = num(m.cumulative_savings);
    months.push_back(std::move(x));
  }
  trends["months"] = std::move(months);
  j["trends"] = std::move(trends);

  ojson stages;
  stages["as_of"] = format_date(r.period.as_of);
  stages["people"] = r.people;
  ojson counts = ojson::array();
  for (std::size_t i = 0; i < kStageCount; ++i) {
    const auto st = static_cast<Stage>(i);
    counts.push_back(ojson{{"stage", std::string(stage_name(st))},
                           {"label", stage_label(st)},
                           {"count", r.stages[i]}});
  }
  stages["counts"] = std::move(counts);
  j["stages"] = std::move(stages);

  ojson overdue;
  overdue["as_of"] = format_date(r.period.as_of);
  overdue["total"] = r.overdue.total;
  overdue["shown"] = r.overdue.items.size();
  ojson items = ojson::array();
  for (const auto& o : r.overdue.items) {
    ojson x;
    x["person_id"] = o.person_id;
    x["milestone"] = std::string(milestone_name(o.milestone));
    x["milestone_label"] = milestone_label(o.milestone, s.policy);
    x["start"] = format_date(o.start);
    x["due"] = format_date(o.due);
    x["days_late"] = o.days_late;
    x["working_days_late"] = o.working_days_late;
    items.push_back(std::move(x));
  }
  overdue["items"] = std::move(items);
  j["overdue"] = std::move(overdue);

  ojson measures = detail::measures_json(r.measures);
  ojson reasons = ojson::array();
  for (const auto& [code, days] : r.measures.crfd.days_by_reason) {
    const auto& g = crfd_reason_group(code);
    ojson x;
    x["code"] = code;
    x["name"] = crfd_reason_name(code);
    x["group"] = g.id;
    x["group_label"] = g.label;
    x["days"] = days;
    const auto it = r.measures.crfd.periods_by_reason.find(code);
    x["periods"] = it == r.measures.crfd.periods_by_reason.end() ? 0 : it->second;
    reasons.push_back(std::move(x));
  }
  measures["crfd_reasons"] = std::move(reasons);
  j["measures"] = std::move(measures);

  ojson outcomes;
  outcomes["cohort"] = r.cohort ? ojson::parse(r.cohort->to_json()) : ojson(nullptr);
  ojson charts = ojson::array();
  for (const auto& c : r.star_charts) {
    ojson x;
    x["person_id"] = c.person_id.empty() ? ojson(nullptr) : ojson(c.person_id);
    x["readings"] = c.readings;
    x["title"] = c.title;
    x["svg"] = c.svg;
    charts.push_back(std::move(x));
  }
  outcomes["charts"] = std::move(charts);
  j["outcomes"] = std::move(outcomes);

  ojson rec;
  rec["notice"] = kHumanReviewNotice;
  rec["placements"] = match_json(r.recommendations.placements);
  rec["workers"] = match_json(r.recommendations.workers);
  j["recommendations"] = std::move(rec);

  ojson ex = ojson::array();
  for (const auto& e : r.exclusions) {
    ojson x;
    x["id"] = e.id;
    x["what"] = e.what;
    x["reason"] = e.reason;
    x["count"] = e.count;
    x["people"] = people_json(e.people);
    ex.push_back(std::move(x));
  }
  j["exclusions"] = std::move(ex);
  j["cautions"] = people_json(r.cautions);
  return pretty ? j.dump(2) : j.dump();
}

std::string report_json(std::string_view input_json) {
  const nlohmann::json in = detail::parse_json(input_json, "input");
  if (!in.is_object())
    throw InvalidArgument("input", std::string("expected an object, got ") + in.type_name());
  for (auto it = in.begin(); it != in.end(); ++it) {
    const std::string& k = it.key();
    if (k != "caseload" && k != "readings" && k != "matching" && k != "settings" &&
        k != "sources") {
      throw InvalidArgument("input." + k,
                            "unknown member " + quote_value(k) +
                                " (known: caseload, readings, matching, settings, sources)");
    }
  }
  // A member is an embedded document (an object or array) or, as a string,
  // the path of a file holding it.
  auto text_of = [&](const char* key) -> std::optional<std::string> {
    const auto it = in.find(key);
    if (it == in.end() || it->is_null()) return std::nullopt;
    if (it->is_string()) return read_file(it->get<std::string>(), std::string("input.") + key);
    return it->dump();
  };
  auto with_field = [](const char* key, auto&& fn) {
    try {
      return fn();
    } catch (const Error& e) {
      throw Error(e.code(), join_path(key, e.field()), e.message());
    }
  };
  const auto settings_text = text_of("settings");
  if (!settings_text)
    throw InvalidArgument("input.settings",
                          "required (at least {\"as_of\": ..., \"period\": ...})");
  const ReportSettings settings = report_settings_from_json(*settings_text, "settings");
  const auto caseload_text = text_of("caseload");
  if (!caseload_text) throw InvalidArgument("input.caseload", "required");
  ReportInput input;
  input.caseload = with_field("caseload", [&] { return Caseload::from_json(*caseload_text); });
  if (const auto t = text_of("readings")) {
    input.readings = with_field(
        "readings", [&] { return StarReadings::from_json(StarDefinition::recovery_star(), *t); });
  }
  if (const auto t = text_of("matching")) {
    input.matching = with_field("matching", [&] { return match_input_from_json(*t); });
  }
  if (const auto it = in.find("sources"); it != in.end()) {
    if (!it->is_array()) throw InvalidArgument("input.sources", "expected an array of strings");
    for (std::size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_string())
        throw InvalidArgument(index_path("input.sources", i), "expected a string");
      input.sources.push_back((*it)[i].get<std::string>());
    }
  }
  return report_to_json(make_report(input, settings));
}

}  // namespace homeward
