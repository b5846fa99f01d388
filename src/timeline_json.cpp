// Timeline JSON: the caseload document (schema version 2, docs/caseload-schema.md),
// policy and cost models, and the JSON forms of results.
#include "json_util.hpp"
#include "timeline_internal.hpp"

#include "homeward/error.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace homeward {
namespace {

using json = nlohmann::ordered_json;  // keeps attribute key order; small objects parse faster
using ojson = nlohmann::ordered_json;
using timeline_detail::append_json_string;
using timeline_detail::quoted_key;

std::string type_name(const json& j) { return j.type_name(); }

// Days since 1970-01-01 -> "YYYY-MM-DD" (Hinnant's civil_from_days), fast.
void append_day(std::string& out, std::int32_t days) {
  std::int64_t z = static_cast<std::int64_t>(days) + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<std::uint32_t>(z - era * 146097);
  const std::uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const std::uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::uint32_t mp = (5 * doy + 2) / 153;
  const std::uint32_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::uint32_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[10];
  auto yy = static_cast<std::uint32_t>(y);
  buf[0] = static_cast<char>('0' + (yy / 1000) % 10);
  buf[1] = static_cast<char>('0' + (yy / 100) % 10);
  buf[2] = static_cast<char>('0' + (yy / 10) % 10);
  buf[3] = static_cast<char>('0' + yy % 10);
  buf[4] = '-';
  buf[5] = static_cast<char>('0' + m / 10);
  buf[6] = static_cast<char>('0' + m % 10);
  buf[7] = '-';
  buf[8] = static_cast<char>('0' + d / 10);
  buf[9] = static_cast<char>('0' + d % 10);
  out += '"';
  out.append(buf, 10);
  out += '"';
}

}  // namespace

// ---------------------------------------------------------------------------
// Caseload -> JSON

namespace {
void append_members(std::string& out, const std::string& object_text, bool pretty) {
  // Splice the members of a JSON object text after other members.
  if (object_text.size() <= 2) return;
  out += pretty ? ", " : ",";
  out.append(object_text, 1, object_text.size() - 2);
}
}  // namespace

std::string Caseload::to_json(bool pretty) const {
  std::string out;
  out.reserve(64 + types_.size() * 64 + person_ids_.size() * 48);
  const char* nl = pretty ? "\n" : "";
  out += "{";
  out += nl;
  if (pretty) out += "  ";
  out += "\"schema\":";
  if (pretty) out += ' ';
  out += "\"homeward.caseload\",";
  out += nl;
  if (pretty) out += "  ";
  out += pretty ? "\"version\": 2," : "\"version\":2,";
  out += nl;
  if (!attributes_.empty()) {
    if (pretty) out += "  ";
    out += pretty ? "\"attributes\": " : "\"attributes\":";
    out += attributes_;
    out += ",";
    out += nl;
  }
  if (unknown_top_.size() > 2) {
    if (pretty) out += "  ";
    out.append(unknown_top_, 1, unknown_top_.size() - 2);
    out += ",";
    out += nl;
  }
  if (pretty) out += "  ";
  out += pretty ? "\"pathways\": [" : "\"pathways\":[";
  const char* sep = pretty ? ": " : ":";
  const char* comma = pretty ? ", " : ",";
  for (std::size_t i = 0; i < person_ids_.size(); ++i) {
    if (i) out += ',';
    if (pretty) out += "\n    ";
    out += "{\"person_id\"";
    out += sep;
    append_json_string(out, person_ids_[i]);
    if (auto it = pathway_extra_.find(static_cast<std::int64_t>(i)); it != pathway_extra_.end()) {
      if (!it->second.attributes.empty()) {
        out += comma;
        out += "\"attributes\"";
        out += sep;
        out += it->second.attributes;
      }
      append_members(out, it->second.unknown, pretty);
    }
    out += comma;
    out += "\"events\"";
    out += sep;
    out += '[';
    const auto o = static_cast<std::size_t>(offsets_[i]);
    const auto e = static_cast<std::size_t>(offsets_[i + 1]);
    for (std::size_t k = o; k < e; ++k) {
      if (k > o) out += ',';
      if (pretty) out += "\n      ";
      const auto t = static_cast<EventType>(types_[k]);
      out += "{\"type\"";
      out += sep;
      out += '"';
      out += event_type_name(t);
      out += '"';
      out += comma;
      out += "\"date\"";
      out += sep;
      append_day(out, dates_[k]);
      if (dates2_[k] != kNoDay) {
        out += comma;
        out += timeline_detail::allows_end_date(t) ? "\"end_date\"" : "\"planned_discharge\"";
        out += sep;
        append_day(out, dates2_[k]);
      }
      if (dates3_[k] != kNoDay) {
        out += comma;
        out += "\"admitted\"";
        out += sep;
        append_day(out, dates3_[k]);
      }
      if (codes_[k] >= 0) {
        out += comma;
        out += '"';
        out += timeline_detail::code_field_name(t);
        out += '"';
        out += sep;
        append_json_string(out, code_pool_[static_cast<std::size_t>(codes_[k])]);
      }
      if (details_[k] != 0) {
        for (const auto& f : timeline_detail::kDetailFields) {
          if (f.type != t) continue;
          const int ix = timeline_detail::detail_index(details_[k], f.slot);
          if (ix < 0) continue;
          out += comma;
          out += '"';
          out += f.key;
          out += '"';
          out += sep;
          append_json_string(out, code_table(f.table)[static_cast<std::size_t>(ix)].code);
        }
      }
      if (auto it = event_extra_.find(static_cast<std::int64_t>(k)); it != event_extra_.end()) {
        if (!it->second.attributes.empty()) {
          out += comma;
          out += "\"attributes\"";
          out += sep;
          out += it->second.attributes;
        }
        append_members(out, it->second.unknown, pretty);
      }
      out += '}';
    }
    if (pretty) out += "\n    ";
    out += "]}";
  }
  if (pretty && !person_ids_.empty()) out += "\n  ";
  out += "]";
  out += nl;
  out += "}";
  out += nl;
  return out;
}

// ---------------------------------------------------------------------------
// Policy and costs

namespace {
json parse_object(std::string_view text, std::string_view field) {
  json j = detail::parse_json(text, field);
  if (!j.is_object())
    throw InvalidArgument(std::string(field), "expected a JSON object, got " + type_name(j));
  return j;
}
}  // namespace

LoadOptions load_options_from_json(std::string_view json_text, std::string_view field) {
  const json j = parse_object(json_text, field);
  LoadOptions o;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "strict" && it->is_boolean()) {
      o.strict = it->get<bool>();
    } else if (it.key() == "max_bytes" && it->is_number_unsigned()) {
      o.max_bytes = it->get<std::size_t>();
    } else if (it.key() == "max_depth" && it->is_number_unsigned()) {
      o.max_depth = it->get<std::size_t>();
      InputLimits l;
      l.max_depth = o.max_depth;
      detail::check_limits(l, field);
    } else {
      throw InvalidArgument(join_path(field, it.key()),
                            "unknown option or wrong type (strict: boolean, max_bytes: "
                            "non-negative integer, max_depth: 1..1000)");
    }
  }
  return o;
}

TimelinePolicy timeline_policy_from_json(std::string_view json_text, std::string_view field,
                                         const std::optional<Calendar>& base) {
  const json j = parse_object(json_text, field);
  TimelinePolicy p;
  std::vector<Date> closures;
  std::optional<Calendar> own_calendar;
  // Presets first, whatever the key order.
  if (auto it = j.find("preset"); it != j.end()) {
    const std::string f = join_path(field, "preset");
    if (!it->is_string()) throw InvalidArgument(f, "expected a string, got " + type_name(*it));
    const auto& name = it->get_ref<const std::string&>();
    if (name == "nhs_england")
      p = TimelinePolicy::nhs_england();
    else if (name != "homeward")
      throw NotFound(
          f, "unknown policy preset " + quoted_key(name) + " (known: homeward, nhs_england)");
  }
  if (auto it = j.find("readmission_preset"); it != j.end()) {
    const std::string f = join_path(field, "readmission_preset");
    if (!it->is_string()) throw InvalidArgument(f, "expected a string, got " + type_name(*it));
    p.use_readmission_preset(it->get_ref<const std::string&>(), f);
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const std::string f = join_path(field, k);
    auto bool_value = [&]() -> bool {
      if (!it->is_boolean())
        throw InvalidArgument(f, "expected true or false, got " + type_name(*it));
      return it->get<bool>();
    };
    auto codes_value = [&]() -> std::vector<std::string> {
      if (!it->is_array())
        throw InvalidArgument(f, "expected an array of code strings, got " + type_name(*it));
      std::vector<std::string> v;
      for (std::size_t i = 0; i < it->size(); ++i) {
        const json& x = (*it)[i];
        if (!x.is_string())
          throw InvalidArgument(index_path(f, i), "expected a code string, got " + type_name(x));
        v.push_back(x.get<std::string>());
      }
      return v;
    };
    auto int_value = [&]() -> std::int32_t {
      if (!it->is_number_integer())
        throw InvalidArgument(f, "expected an integer, got " + type_name(*it));
      const auto v = it->get<std::int64_t>();
      if (v < -100000 || v > 100000)
        throw InvalidArgument(f, std::to_string(v) + " is out of range");
      return static_cast<std::int32_t>(v);
    };
    if (k == "referral_lead_days")
      p.referral_lead_days = int_value();
    else if (k == "first_visit_working_days")
      p.first_visit_working_days = int_value();
    else if (k == "decision_working_days")
      p.decision_working_days = int_value();
    else if (k == "follow_up_days")
      p.follow_up_days = int_value();
    else if (k == "step_down_max_days")
      p.step_down_max_days = int_value();
    else if (k == "readmission_window_days")
      p.readmission_window_days = int_value();
    else if (k == "preset" || k == "readmission_preset")
      continue;
    else if (k == "follow_up_min_days")
      p.follow_up_min_days = int_value();
    else if (k == "follow_up_window_offset_days")
      p.follow_up_window_offset_days = int_value();
    else if (k == "follow_up_attend_statuses")
      p.follow_up_attend_statuses = codes_value();
    else if (k == "follow_up_mechanisms")
      p.follow_up_mechanisms = codes_value();
    else if (k == "follow_up_readmission_counts")
      p.follow_up_readmission_counts = bool_value();
    else if (k == "follow_up_bed_types")
      p.follow_up_bed_types = codes_value();
    else if (k == "follow_up_excluded_methods")
      p.follow_up_excluded_methods = codes_value();
    else if (k == "follow_up_excluded_destinations")
      p.follow_up_excluded_destinations = codes_value();
    else if (k == "follow_up_death_exclusion_days")
      p.follow_up_death_exclusion_days = int_value();
    else if (k == "follow_up_closure_excludes")
      p.follow_up_closure_excludes = bool_value();
    else if (k == "readmission_excluded_methods")
      p.readmission_excluded_methods = codes_value();
    else if (k == "readmission_excluded_destinations")
      p.readmission_excluded_destinations = codes_value();
    else if (k == "crfd_day_count") {
      if (!it->is_string())
        throw InvalidArgument(f, "expected \"half_open\" or \"mhs26\", got " + type_name(*it));
      p.crfd_day_count = it->get<std::string>();
    } else if (k == "inpatient_length_of_stay_add_one")
      p.inpatient_length_of_stay_add_one = bool_value();
    else if (k == "long_stay_days")
      p.long_stay_days = int_value();
    else if (k == "long_stay_older_adult_days")
      p.long_stay_older_adult_days = int_value();
    else if (k == "out_of_area_inappropriate_reasons")
      p.out_of_area_inappropriate_reasons = codes_value();
    else if (k == "length_of_stay_add_one") {
      if (!it->is_boolean())
        throw InvalidArgument(f, "expected true or false, got " + type_name(*it));
      p.length_of_stay_add_one = it->get<bool>();
    } else if (k == "calendar") {
      if (!it->is_object())
        throw InvalidArgument(f, "expected a calendar document, got " + type_name(*it));
      try {
        own_calendar = Calendar::from_json(it->dump());
      } catch (const Error& e) {
        throw InvalidArgument(join_path(f, e.field()), e.message());
      }
    } else if (k == "closures") {
      if (!it->is_array())
        throw InvalidArgument(f, "expected an array of dates, got " + type_name(*it));
      for (std::size_t i = 0; i < it->size(); ++i) {
        const std::string ff = index_path(f, i);
        const json& v = (*it)[i];
        if (!v.is_string())
          throw InvalidArgument(ff, "expected an ISO date string, got " + type_name(v));
        closures.push_back(parse_date(v.get_ref<const std::string&>(), ff));
      }
    } else {
      throw InvalidArgument(
          f, "unknown policy field " + quoted_key(k) +
                 " (known: referral_lead_days, first_visit_working_days, "
                 "decision_working_days, follow_up_days, step_down_max_days, "
                 "readmission_window_days, length_of_stay_add_one, preset, "
                 "readmission_preset, follow_up_min_days, follow_up_window_offset_days, "
                 "follow_up_attend_statuses, follow_up_mechanisms, "
                 "follow_up_readmission_counts, follow_up_bed_types, "
                 "follow_up_excluded_methods, follow_up_excluded_destinations, "
                 "follow_up_death_exclusion_days, follow_up_closure_excludes, "
                 "readmission_excluded_methods, "
                 "readmission_excluded_destinations, crfd_day_count, "
                 "inpatient_length_of_stay_add_one, long_stay_days, "
                 "long_stay_older_adult_days, out_of_area_inappropriate_reasons, closures, "
                 "calendar)");
    }
  }
  p.validate(field);
  if (own_calendar)
    p.calendar = std::move(own_calendar);
  else if (base)
    p.calendar = *base;
  if (!closures.empty()) {
    try {
      p.calendar = p.working_calendar().with_closures(closures);
    } catch (const Error& e) {
      throw InvalidArgument(join_path(field, "closures"), e.message());
    }
  }
  return p;
}

std::string timeline_policy_to_json(const TimelinePolicy& p, bool with_calendar) {
  ojson j;
  j["referral_lead_days"] = p.referral_lead_days;
  j["first_visit_working_days"] = p.first_visit_working_days;
  j["decision_working_days"] = p.decision_working_days;
  j["follow_up_days"] = p.follow_up_days;
  j["step_down_max_days"] = p.step_down_max_days;
  j["readmission_window_days"] = p.readmission_window_days;
  j["length_of_stay_add_one"] = p.length_of_stay_add_one;
  j["follow_up_min_days"] = p.follow_up_min_days;
  j["follow_up_window_offset_days"] = p.follow_up_window_offset_days;
  j["follow_up_attend_statuses"] = p.follow_up_attend_statuses;
  j["follow_up_mechanisms"] = p.follow_up_mechanisms;
  j["follow_up_readmission_counts"] = p.follow_up_readmission_counts;
  j["follow_up_bed_types"] = p.follow_up_bed_types;
  j["follow_up_excluded_methods"] = p.follow_up_excluded_methods;
  j["follow_up_excluded_destinations"] = p.follow_up_excluded_destinations;
  j["follow_up_death_exclusion_days"] = p.follow_up_death_exclusion_days;
  j["follow_up_closure_excludes"] = p.follow_up_closure_excludes;
  j["readmission_excluded_methods"] = p.readmission_excluded_methods;
  j["readmission_excluded_destinations"] = p.readmission_excluded_destinations;
  j["crfd_day_count"] = p.crfd_day_count;
  j["inpatient_length_of_stay_add_one"] = p.inpatient_length_of_stay_add_one;
  j["long_stay_days"] = p.long_stay_days;
  j["long_stay_older_adult_days"] = p.long_stay_older_adult_days;
  j["out_of_area_inappropriate_reasons"] = p.out_of_area_inappropriate_reasons;
  // Closures (non-working dates that are not bank holidays) are kept, so
  // timeline_policy_from_json(timeline_policy_to_json(p)) has them again.
  if (p.calendar && with_calendar) {
    j["calendar"] = ojson::parse(p.calendar->to_json());
  } else if (p.calendar) {
    ojson closures = ojson::array();
    for (const Date& d : p.calendar->holiday_dates()) {
      if (!p.calendar->is_bank_holiday(d)) closures.push_back(format_date(d));
    }
    if (!closures.empty()) j["closures"] = std::move(closures);
  }
  return j.dump();
}

CostModel cost_model_from_json(std::string_view json_text, std::string_view field) {
  const json j = parse_object(json_text, field);
  CostModel c;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const std::string f = join_path(field, k);
    if (k != "inpatient_day_cost" && k != "step_down_day_cost") {
      throw InvalidArgument(f, "unknown cost field " + quoted_key(k) +
                                   " (known: inpatient_day_cost, step_down_day_cost)");
    }
    if (!it->is_number()) throw InvalidArgument(f, "expected a number, got " + type_name(*it));
    (k == "inpatient_day_cost" ? c.inpatient_day_cost : c.step_down_day_cost) = it->get<double>();
  }
  c.validate(field);
  return c;
}

std::string cost_model_to_json(const CostModel& c) {
  ojson j;
  j["inpatient_day_cost"] = c.inpatient_day_cost;
  j["step_down_day_cost"] = c.step_down_day_cost;
  return j.dump();
}

// ---------------------------------------------------------------------------
// Results -> JSON

namespace {
ojson day_or_null(std::int32_t d) {
  if (d == kNoDay) return nullptr;
  return format_date(from_days(d));
}
ojson int_or_null(std::int32_t v) {
  if (v == kNoDay) return nullptr;
  return v;
}
template <class T>
ojson opt(const std::optional<T>& v) {
  if (!v) return nullptr;
  return *v;
}
ojson stage_counts_json(const std::array<std::int64_t, kStageCount>& counts) {
  ojson j = ojson::object();
  for (std::size_t s = 0; s < kStageCount; ++s)
    j[std::string(stage_name(static_cast<Stage>(s)))] = counts[s];
  return j;
}
ojson rate_json(const RateMeasure& r) {
  ojson j;
  j["numerator"] = r.numerator;
  j["denominator"] = r.denominator;
  j["rate"] = opt(r.rate());
  j["pending"] = r.pending;
  j["excluded"] = r.excluded;
  return j;
}
ojson discharge_items(const std::vector<DischargeItem>& items) {
  ojson a = ojson::array();
  for (const auto& d : items) {
    ojson x;
    x["person_id"] = d.person_id;
    x["discharged"] = format_date(d.discharged);
    x["date"] = d.date ? ojson(format_date(*d.date)) : ojson(nullptr);
    x["days"] = opt(d.days);
    a.push_back(std::move(x));
  }
  return a;
}
ojson stay_json(const StayItem& s) {
  ojson x;
  x["person_id"] = s.person_id;
  x["admitted"] = format_date(s.admitted);
  x["left"] = format_date(s.left);
  x["days"] = s.days;
  x["destination"] = s.destination.empty() ? ojson(nullptr) : ojson(s.destination);
  return x;
}
}  // namespace

std::string evaluation_to_json(const Evaluation& ev, const Caseload& c) {
  return evaluation_to_json(ev, c.person_ids());
}

std::string evaluation_to_json(const Evaluation& ev, const std::vector<std::string>& ids) {
  if (ids.size() != ev.stage.size()) {
    throw InvalidArgument("person_ids", "the evaluation has " + std::to_string(ev.stage.size()) +
                                            " pathways, not " + std::to_string(ids.size()));
  }
  ojson j;
  j["as_of"] = format_date(ev.as_of);
  j["stage_counts"] = stage_counts_json(ev.stage_counts);
  ojson ps = ojson::array();
  const auto& m = ev.milestones;
  std::size_t row = 0;
  for (std::size_t i = 0; i < ev.stage.size(); ++i) {
    ojson p;
    p["person_id"] = ids[i];
    p["stage"] = std::string(stage_name(static_cast<Stage>(ev.stage[i])));
    p["stage_since"] = day_or_null(ev.stage_since[i]);
    ojson ms = ojson::array();
    while (row < m.size() && static_cast<std::size_t>(m.pathway[row]) == i) {
      ojson x;
      x["milestone"] = std::string(milestone_name(static_cast<Milestone>(m.milestone[row])));
      x["event"] = m.event[row];
      x["status"] = std::string(milestone_status_name(static_cast<MilestoneStatus>(m.status[row])));
      x["start"] = day_or_null(m.start[row]);
      x["due"] = day_or_null(m.due[row]);
      x["date"] = day_or_null(m.date[row]);
      x["days"] = int_or_null(m.days[row]);
      x["working_days"] = int_or_null(m.working_days[row]);
      ms.push_back(std::move(x));
      ++row;
    }
    p["milestones"] = std::move(ms);
    ps.push_back(std::move(p));
  }
  j["pathways"] = std::move(ps);
  return j.dump();
}

std::string snapshot_to_json(const Snapshot& s) {
  ojson j;
  j["on"] = format_date(s.on);
  j["stage_counts"] = stage_counts_json(s.stage_counts);
  ojson a = ojson::array();
  for (const auto& o : s.overdue) {
    ojson x;
    x["person_id"] = o.person_id;
    x["milestone"] = std::string(milestone_name(o.milestone));
    x["start"] = format_date(o.start);
    x["due"] = format_date(o.due);
    x["days_late"] = o.days_late;
    x["working_days_late"] = o.working_days_late;
    a.push_back(std::move(x));
  }
  j["overdue"] = std::move(a);
  return j.dump();
}

std::string measures_to_json(const Measures& m) { return detail::measures_json(m).dump(); }

nlohmann::ordered_json detail::measures_json(const Measures& m) {
  ojson j;
  j["start"] = format_date(m.start);
  j["end"] = format_date(m.end);
  j["as_of"] = format_date(m.as_of);
  ojson fu = rate_json(m.follow_up);
  fu["discharged_from"] = format_date(m.follow_up_from);
  fu["discharged_to"] = format_date(m.follow_up_to);
  fu["misses"] = discharge_items(m.follow_up_misses);
  ojson ex = ojson::array();
  for (const auto& x : m.follow_up_exclusions) {
    ojson e;
    e["person_id"] = x.person_id;
    e["discharged"] = format_date(x.discharged);
    e["reason"] = x.reason;
    e["code"] = x.code.empty() ? ojson(nullptr) : ojson(x.code);
    e["date"] = x.date ? ojson(format_date(*x.date)) : ojson(nullptr);
    ex.push_back(std::move(e));
  }
  fu["exclusions"] = std::move(ex);
  j["follow_up"] = std::move(fu);
  ojson rd = rate_json(m.readmission);
  rd["readmissions"] = discharge_items(m.readmissions);
  j["readmission"] = std::move(rd);
  ojson cr;
  cr["periods"] = m.crfd.periods;
  cr["days"] = m.crfd.days;
  ojson by = ojson::object();
  for (const auto& [reason, days] : m.crfd.days_by_reason) {
    ojson x;
    x["days"] = days;
    auto it = m.crfd.periods_by_reason.find(reason);
    x["periods"] = it == m.crfd.periods_by_reason.end() ? 0 : it->second;
    by[reason] = std::move(x);
  }
  cr["by_reason"] = std::move(by);
  // by_reason keeps its days/periods shape; names and groups come from the code table.
  for (auto it = cr["by_reason"].begin(); it != cr["by_reason"].end(); ++it) {
    const auto name = code_name(CodeTable::delay_reason, it.key());
    const auto group = code_group(CodeTable::delay_reason, it.key());
    (*it)["name"] = name.empty() ? ojson(nullptr) : ojson(std::string(name));
    (*it)["group"] = group.empty() ? ojson(nullptr) : ojson(std::string(group));
  }
  ojson groups = ojson::object();
  for (const auto& [g, days] : m.crfd.days_by_group) {
    ojson x;
    x["days"] = days;
    auto it = m.crfd.periods_by_group.find(g);
    x["periods"] = it == m.crfd.periods_by_group.end() ? 0 : it->second;
    groups[g] = std::move(x);
  }
  cr["by_group"] = std::move(groups);
  ojson att = ojson::object();
  for (const auto& [a, days] : m.crfd.days_by_attributable) {
    ojson x;
    x["days"] = days;
    const auto name = code_name(CodeTable::attributable_to, a);
    x["name"] = name.empty() ? ojson(nullptr) : ojson(std::string(name));
    att[a] = std::move(x);
  }
  cr["by_attributable_to"] = std::move(att);
  cr["day_count"] = m.crfd.day_count;
  ojson items = ojson::array();
  for (const auto& x : m.crfd.items) {
    ojson e;
    e["person_id"] = x.person_id;
    e["start"] = format_date(x.start);
    e["end"] = x.end ? ojson(format_date(*x.end)) : ojson(nullptr);
    e["reason"] = x.reason;
    e["group"] = x.group;
    e["attributable_to"] = x.attributable_to.empty() ? ojson(nullptr) : ojson(x.attributable_to);
    e["days"] = x.days;
    items.push_back(std::move(e));
  }
  cr["items"] = std::move(items);
  j["crfd"] = std::move(cr);
  ojson ip;
  ip["count"] = m.inpatient.count;
  ip["mean"] = opt(m.inpatient.mean);
  ip["median"] = opt(m.inpatient.median);
  ip["mean_without_crfd"] = opt(m.inpatient.mean_without_crfd);
  ip["median_without_crfd"] = opt(m.inpatient.median_without_crfd);
  ip["long_stays"] = m.inpatient.long_stays;
  ojson ips = ojson::array();
  for (const auto& x : m.inpatient.stays) {
    ojson e;
    e["person_id"] = x.person_id;
    e["admitted"] = format_date(x.admitted);
    e["discharged"] = format_date(x.discharged);
    e["days"] = x.days;
    e["crfd_days"] = x.crfd_days;
    e["days_without_crfd"] = x.days_without_crfd;
    e["bed_type"] = x.bed_type.empty() ? ojson(nullptr) : ojson(x.bed_type);
    e["long_stay"] = x.long_stay;
    ips.push_back(std::move(e));
  }
  ip["stays"] = std::move(ips);
  j["inpatient"] = std::move(ip);
  ojson oa;
  oa["active_at_end"] = m.out_of_area.active_at_end;
  oa["starts"] = m.out_of_area.starts;
  oa["ends"] = m.out_of_area.ends;
  oa["inappropriate_active_at_end"] = m.out_of_area.inappropriate_active_at_end;
  oa["inappropriate_starts"] = m.out_of_area.inappropriate_starts;
  oa["bed_days"] = m.out_of_area.bed_days;
  oa["inappropriate_bed_days"] = m.out_of_area.inappropriate_bed_days;
  ojson pl = ojson::array();
  for (const auto& x : m.out_of_area.placements) {
    ojson e;
    e["person_id"] = x.person_id;
    e["start"] = format_date(x.start);
    e["end"] = x.end ? ojson(format_date(*x.end)) : ojson(nullptr);
    e["reason"] = x.reason;
    e["inappropriate"] = x.inappropriate;
    e["active_at_end"] = x.active_at_end;
    e["bed_days"] = x.bed_days;
    pl.push_back(std::move(e));
  }
  oa["placements"] = std::move(pl);
  j["out_of_area"] = std::move(oa);
  ojson sd;
  sd["count"] = m.step_down.count;
  sd["mean"] = opt(m.step_down.mean);
  sd["median"] = opt(m.step_down.median);
  sd["longest"] = m.step_down.longest ? stay_json(*m.step_down.longest) : ojson(nullptr);
  ojson stays = ojson::array();
  for (const auto& s : m.step_down.stays) stays.push_back(stay_json(s));
  sd["stays"] = std::move(stays);
  j["step_down"] = std::move(sd);
  ojson lt;
  lt["count"] = m.lead_times.count;
  lt["without_planned_discharge"] = m.lead_times.without_planned_discharge;
  lt["meeting_target"] = m.lead_times.meeting_target;
  lt["mean"] = opt(m.lead_times.mean);
  lt["median"] = opt(m.lead_times.median);
  lt["shortest"] = opt(m.lead_times.shortest);
  lt["longest"] = opt(m.lead_times.longest);
  j["lead_times"] = std::move(lt);
  ojson bd;
  bd["inpatient_day_cost"] = m.bed_days.inpatient_day_cost;
  bd["step_down_day_cost"] = m.bed_days.step_down_day_cost;
  bd["days"] = m.bed_days.days;
  bd["savings"] = m.bed_days.savings;
  ojson people = ojson::array();
  for (const auto& p : m.bed_days.people) {
    ojson x;
    x["person_id"] = p.person_id;
    x["days"] = p.days;
    x["savings"] = p.savings;
    people.push_back(std::move(x));
  }
  bd["people"] = std::move(people);
  j["bed_days"] = std::move(bd);
  return j;
}

}  // namespace homeward
