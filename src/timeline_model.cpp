// Timeline data model: names, sequence rules, policy, and the Caseload's
// column storage.
#include "timeline_internal.hpp"
#include "utf8.hpp"

#include "json_util.hpp"

#include "homeward/error.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>

namespace homeward {
namespace {

// The valid indices of a container of n items, for range messages:
// index_range(2) -> "0..1", index_range(0) -> "no valid index (empty)".
[[maybe_unused]] std::string index_range(std::size_t n) {
  if (n == 0) return "no valid index (empty)";
  return "0.." + std::to_string(n - 1);
}

constexpr std::string_view kEventNames[kEventTypeCount] = {"referral_received",
                                                           "planned_discharge_changed",
                                                           "initial_visit",
                                                           "accepted",
                                                           "declined",
                                                           "transition_plan_agreed",
                                                           "clinically_ready_for_discharge",
                                                           "discharged",
                                                           "follow_up_contact",
                                                           "step_down_admitted",
                                                           "step_down_left",
                                                           "readmitted",
                                                           "closed",
                                                           "died",
                                                           "out_of_area_placement"};

constexpr std::string_view kStageNames[kStageCount] = {
    "not_yet_referred", "referred",     "engaged",    "declined", "awaiting_discharge",
    "in_step_down",     "in_community", "readmitted", "closed"};

constexpr std::string_view kMilestoneNames[kMilestoneCount] = {
    "referral_lead_time", "first_visit", "decision", "follow_up", "step_down_stay", "readmission"};

constexpr std::string_view kStatusNames[kMilestoneStatusCount] = {"met", "missed", "pending",
                                                                  "overdue", "not_applicable"};

using timeline_detail::fmt_day;

}  // namespace

std::string_view event_type_name(EventType t) {
  const auto i = static_cast<std::size_t>(t);
  return i < kEventTypeCount ? kEventNames[i] : std::string_view("unknown");
}

EventType parse_event_type(std::string_view name, std::string_view field) {
  for (std::size_t i = 0; i < kEventTypeCount; ++i) {
    if (kEventNames[i] == name) return static_cast<EventType>(i);
  }
  std::string known;
  for (std::size_t i = 0; i < kEventTypeCount; ++i) {
    if (i) known += ", ";
    known += kEventNames[i];
  }
  std::string shown(name.substr(0, 60));
  throw NotFound(std::string(field), "unknown event type \"" + shown + "\" (known: " + known + ")");
}

std::string_view stage_name(Stage s) {
  const auto i = static_cast<std::size_t>(s);
  return i < kStageCount ? kStageNames[i] : std::string_view("unknown");
}

std::string_view milestone_name(Milestone m) {
  const auto i = static_cast<std::size_t>(m);
  return i < kMilestoneCount ? kMilestoneNames[i] : std::string_view("unknown");
}

Milestone parse_milestone(std::string_view name, std::string_view field) {
  for (std::size_t i = 0; i < kMilestoneCount; ++i) {
    if (kMilestoneNames[i] == name) return static_cast<Milestone>(i);
  }
  throw NotFound(std::string(field),
                 "unknown milestone \"" + std::string(name.substr(0, 60)) + "\"");
}

std::string_view milestone_status_name(MilestoneStatus s) {
  const auto i = static_cast<std::size_t>(s);
  return i < kMilestoneStatusCount ? kStatusNames[i] : std::string_view("unknown");
}

// ---------------------------------------------------------------------------
namespace timeline_detail {

bool allows_planned_discharge(EventType t) {
  return t == EventType::referral_received || t == EventType::planned_discharge_changed;
}
bool requires_planned_discharge(EventType t) { return t == EventType::planned_discharge_changed; }
bool allows_end_date(EventType t) {
  return t == EventType::clinically_ready_for_discharge || t == EventType::out_of_area_placement;
}
bool allows_delay_reason(EventType t) { return t == EventType::clinically_ready_for_discharge; }
bool allows_destination(EventType t) {
  return t == EventType::step_down_left || t == EventType::discharged;
}
bool allows_out_of_area_reason(EventType t) { return t == EventType::out_of_area_placement; }
bool allows_admitted(EventType t) { return t == EventType::referral_received; }
bool allows_code(EventType t) {
  return allows_delay_reason(t) || allows_destination(t) || allows_out_of_area_reason(t);
}
std::string_view code_field_name(EventType t) {
  if (allows_delay_reason(t)) return "delay_reason";
  if (allows_destination(t)) return "destination";
  if (allows_out_of_area_reason(t)) return "out_of_area_reason";
  return {};
}

void check_main_code(EventType t, std::string_view code, const std::string& path) {
  const std::string field = path + "." + std::string(code_field_name(t));
  if (!valid_utf8(code)) throw InvalidArgument(field, "not valid UTF-8");
  if (code.empty()) throw InvalidArgument(field, "empty code");
  switch (t) {
    case EventType::clinically_ready_for_discharge:
      require_code(CodeTable::delay_reason, code, field);
      break;
    case EventType::discharged: require_code(CodeTable::discharge_destination, code, field); break;
    case EventType::out_of_area_placement:
      require_code(CodeTable::out_of_area_reason, code, field);
      break;
    default: break;
  }
}

const DetailField kDetailFields[kDetailFieldCount] = {
    {"discharge_method", CodeTable::discharge_method, EventType::discharged, 0},
    {"bed_type", CodeTable::bed_type, EventType::discharged, 1},
    {"ward_security_level", CodeTable::ward_security_level, EventType::discharged, 2},
    {"attend_status", CodeTable::attend_status, EventType::follow_up_contact, 0},
    {"consultation_mechanism", CodeTable::consultation_mechanism, EventType::follow_up_contact, 1},
    {"attributable_to", CodeTable::attributable_to, EventType::clinically_ready_for_discharge, 0},
};

const DetailField* detail_field(CodeTable t) {
  for (const auto& f : kDetailFields) {
    if (f.table == t) return &f;
  }
  return nullptr;
}

std::uint32_t add_detail(std::uint32_t packed, EventType t, const DetailField& f,
                         std::string_view code, const std::string& event_path) {
  const std::string field = event_path + "." + std::string(f.key);
  if (t != f.type) {
    throw InvalidArgument(field, "not a field of " + std::string(event_type_name(t)) +
                                     " events (only " + std::string(event_type_name(f.type)) + ")");
  }
  if (!valid_utf8(code)) throw InvalidArgument(field, "not valid UTF-8");
  return with_detail(packed, f.slot, require_code(f.table, code, field));
}

std::string fmt_day(std::int32_t day) {
  if (day == kNoDay) return "none";
  return format_date(from_days(day));
}

// One UTF-8 check for the whole library (src/utf8.cpp).
bool valid_utf8(std::string_view s) { return detail::is_valid_utf8(s); }

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          static const char* hex = "0123456789abcdef";
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0xF];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

std::string quoted_key(const std::string& k) {
  std::string out;
  append_json_string(out, k.substr(0, 60));
  return out;
}

std::string normalise_object_text(std::string_view text, std::string_view field) {
  if (text.empty()) return {};
  // Keeps the key order; the same limits (depth, numbers, duplicate keys) as
  // every loader.
  nlohmann::ordered_json j;
  try {
    j = detail::parse_ordered_json(text, field);
  } catch (const ParseError& e) {
    throw InvalidArgument(e.field(), "attributes are not valid JSON: " + e.message());
  }
  if (!j.is_object()) throw InvalidArgument(std::string(field), "attributes must be a JSON object");
  if (j.empty()) return {};
  return j.dump();
}

// The sequence rules (docs/timeline.md, "Impossible sequences").
void check_sequence(const std::uint8_t* types, const std::int32_t* dates,
                    const std::int32_t* dates2, const std::int32_t* codes, std::size_t n,
                    const EventPath& path) {
  enum class Episode { none, open, declined, closed };
  enum class Where { hospital, community, step_down };
  Episode episode = Episode::none;
  Where where = Where::hospital;
  std::size_t referral_at = 0, ended_at = 0, accepted_at = 0, where_at = 0, crfd_at = 0, oap_at = 0;
  bool accepted = false, discharged_once = false, crfd_open = false, oap_open = false;
  std::int32_t crfd_end = kNoDay;  // explicit end of the open/last CRFD period
  std::int32_t oap_end = kNoDay;   // explicit end of the open out-of-area placement
  bool died = false;
  std::size_t died_at = 0;

  auto fail = [&](std::size_t j, const std::string& msg) -> void {
    throw InvalidArgument(path(j), msg);
  };
  auto ev = [&](std::size_t j) {
    return std::string(event_type_name(static_cast<EventType>(types[j])));
  };
  auto at = [&](std::size_t j) { return "events[" + std::to_string(j) + "]"; };

  for (std::size_t j = 0; j < n; ++j) {
    if (types[j] >= kEventTypeCount) fail(j, "unknown event type code " + std::to_string(types[j]));
    const auto t = static_cast<EventType>(types[j]);
    const std::int32_t d = dates[j];
    if (j > 0 && d < dates[j - 1]) {
      throw InvalidArgument(path(j) + ".date", fmt_day(d) +
                                                   " is before the previous event's date " +
                                                   fmt_day(dates[j - 1]) + " (" + at(j - 1) +
                                                   "); events must be in date order");
    }
    // Field presence by type.
    if (dates2[j] != kNoDay && !allows_planned_discharge(t) && !allows_end_date(t)) {
      fail(j, ev(j) + " events carry no planned_discharge or end_date");
    }
    if (requires_planned_discharge(t) && dates2[j] == kNoDay) {
      throw InvalidArgument(path(j) + ".planned_discharge", "required for " + ev(j) + " events");
    }
    if (codes[j] >= 0 && !allows_code(t)) {
      fail(j, ev(j) + " events carry no delay_reason, destination or out_of_area_reason");
    }
    if (t == EventType::out_of_area_placement && codes[j] < 0) {
      throw InvalidArgument(path(j) + ".out_of_area_reason",
                            "required for out_of_area_placement events (e.g. \"10\")");
    }
    if (died) fail(j, ev(j) + " after the person died at " + at(died_at));
    if (t == EventType::died) {
      if (episode == Episode::none)
        fail(j, "died before the referral: a pathway starts with referral_received");
      died = true;
      died_at = j;
      continue;
    }
    if (t == EventType::clinically_ready_for_discharge && codes[j] < 0) {
      throw InvalidArgument(path(j) + ".delay_reason",
                            "required for clinically_ready_for_discharge events (e.g. \"18\")");
    }

    if (t == EventType::referral_received) {
      if (episode == Episode::open) {
        fail(j, "a new referral_received while the referral at " + at(referral_at) +
                    " is still open (record declined or closed first)");
      }
      episode = Episode::open;
      referral_at = j;
      accepted = false;
      continue;
    }
    if (episode == Episode::none) {
      fail(j, ev(j) + " before the referral: a pathway starts with referral_received");
    }
    if (episode == Episode::closed) {
      fail(j, ev(j) + " after the referral was closed at " + at(ended_at) +
                  "; a new referral_received is needed first");
    }
    if (episode == Episode::declined && t != EventType::closed) {
      if (t == EventType::accepted) {
        fail(j, "accepted after declined at " + at(ended_at) + " without a new referral");
      }
      fail(j, ev(j) + " after the person declined at " + at(ended_at) +
                  "; only closed or a new referral_received may follow");
    }
    // Close a CRFD period whose explicit end has passed.
    if (crfd_open && crfd_end != kNoDay && crfd_end <= d && t != EventType::discharged) {
      crfd_open = false;
    }
    if (oap_open && oap_end != kNoDay && oap_end <= d && t != EventType::discharged)
      oap_open = false;
    switch (t) {
      case EventType::referral_received: break;
      case EventType::planned_discharge_changed: break;
      case EventType::initial_visit: break;
      case EventType::accepted:
        if (accepted) fail(j, "a second accepted (already accepted at " + at(accepted_at) + ")");
        accepted = true;
        accepted_at = j;
        break;
      case EventType::declined:
        episode = Episode::declined;
        ended_at = j;
        break;
      case EventType::transition_plan_agreed:
        if (!accepted) fail(j, "transition_plan_agreed before the person accepted the service");
        break;
      case EventType::clinically_ready_for_discharge:
        if (where != Where::hospital) {
          fail(j, "clinically_ready_for_discharge while the person is not in hospital (since " +
                      at(where_at) + ")");
        }
        if (crfd_open) {
          fail(j, "a clinically-ready-for-discharge period starting " + fmt_day(d) +
                      " overlaps the period started at " + at(crfd_at) +
                      (crfd_end == kNoDay ? std::string(" (still open)")
                                          : " (ending " + fmt_day(crfd_end) + ")"));
        }
        if (dates2[j] != kNoDay && dates2[j] < d) {
          throw InvalidArgument(path(j) + ".end_date",
                                fmt_day(dates2[j]) + " is before the period's start " + fmt_day(d));
        }
        crfd_open = true;
        crfd_at = j;
        crfd_end = dates2[j];
        break;
      case EventType::discharged:
        if (where != Where::hospital) {
          fail(j, "discharged while the person is not in hospital (since " + at(where_at) + ")");
        }
        if (crfd_open && crfd_end != kNoDay && crfd_end > d) {
          throw InvalidArgument(
              path(crfd_at) + ".end_date",
              fmt_day(crfd_end) + " is after the discharge at " + at(j) + " (" + fmt_day(d) + ")");
        }
        if (oap_open && oap_end != kNoDay && oap_end > d) {
          throw InvalidArgument(
              path(oap_at) + ".end_date",
              fmt_day(oap_end) + " is after the discharge at " + at(j) + " (" + fmt_day(d) + ")");
        }
        crfd_open = false;
        oap_open = false;
        where = Where::community;
        where_at = j;
        discharged_once = true;
        break;
      case EventType::out_of_area_placement:
        if (where != Where::hospital) {
          fail(j, "out_of_area_placement while the person is not in hospital (since " +
                      at(where_at) + ")");
        }
        if (oap_open) {
          fail(j, "an out-of-area placement starting " + fmt_day(d) +
                      " overlaps the placement started at " + at(oap_at) +
                      (oap_end == kNoDay ? std::string(" (still open)")
                                         : " (ending " + fmt_day(oap_end) + ")"));
        }
        if (dates2[j] != kNoDay && dates2[j] < d) {
          throw InvalidArgument(
              path(j) + ".end_date",
              fmt_day(dates2[j]) + " is before the placement's start " + fmt_day(d));
        }
        oap_open = true;
        oap_at = j;
        oap_end = dates2[j];
        break;
      case EventType::died: break;
      case EventType::follow_up_contact:
        if (!discharged_once) fail(j, "a follow_up_contact before any discharge");
        break;
      case EventType::step_down_admitted:
        if (where == Where::hospital) {
          fail(j, "step_down_admitted while the person is in hospital: record discharged first");
        }
        if (where == Where::step_down) {
          fail(j, "step_down_admitted while already in step-down since " + at(where_at));
        }
        where = Where::step_down;
        where_at = j;
        break;
      case EventType::step_down_left:
        if (where != Where::step_down) {
          fail(j,
               "step_down_left without a step_down_admitted before it (the person is not in "
               "step-down)");
        }
        where = Where::community;
        where_at = j;
        break;
      case EventType::readmitted:
        if (where == Where::hospital) {
          fail(j,
               "readmitted while the person is already in hospital (since " + at(where_at) + ")");
        }
        where = Where::hospital;
        where_at = j;
        crfd_open = false;
        crfd_end = kNoDay;
        oap_open = false;
        oap_end = kNoDay;
        break;
      case EventType::closed:
        episode = Episode::closed;
        ended_at = j;
        break;
    }
  }
}

}  // namespace timeline_detail

// ---------------------------------------------------------------------------
// Pathway validation

namespace {

struct PathwayColumns {
  std::vector<std::uint8_t> types;
  std::vector<std::int32_t> dates, dates2, codes, dates3;
  std::vector<std::uint32_t> details;
  std::vector<std::string> code_text;
};

PathwayColumns columns_of(const Pathway& p, std::string_view field) {
  using namespace timeline_detail;
  PathwayColumns c;
  const std::size_t n = p.events.size();
  c.types.resize(n);
  c.dates.resize(n);
  c.dates2.resize(n, kNoDay);
  c.dates3.resize(n, kNoDay);
  c.details.resize(n, 0);
  c.codes.resize(n, -1);
  c.code_text.resize(n);
  const std::string events_path = join_path(field, "events");
  for (std::size_t j = 0; j < n; ++j) {
    const Event& e = p.events[j];
    const std::string ep = index_path(events_path, j);
    const auto ti = static_cast<std::size_t>(e.type);
    if (ti >= kEventTypeCount) throw InvalidArgument(join_path(ep, "type"), "unknown event type");
    if (e.date.is_special()) throw InvalidArgument(join_path(ep, "date"), "missing date");
    c.types[j] = static_cast<std::uint8_t>(ti);
    c.dates[j] = to_days(e.date);
    auto not_field = [&](const char* k) {
      throw InvalidArgument(join_path(ep, k),
                            "not a field of " + std::string(event_type_name(e.type)) + " events");
    };
    if (e.planned_discharge && e.end_date) {
      throw InvalidArgument(ep, "an event carries planned_discharge or end_date, not both");
    }
    if (e.planned_discharge) {
      if (!allows_planned_discharge(e.type)) not_field("planned_discharge");
      if (e.planned_discharge->is_special())
        throw InvalidArgument(join_path(ep, "planned_discharge"), "not a date");
      c.dates2[j] = to_days(*e.planned_discharge);
    }
    if (e.end_date) {
      if (!allows_end_date(e.type)) not_field("end_date");
      if (e.end_date->is_special()) throw InvalidArgument(join_path(ep, "end_date"), "not a date");
      c.dates2[j] = to_days(*e.end_date);
    }
    if (e.admitted) {
      if (!allows_admitted(e.type)) not_field("admitted");
      if (e.admitted->is_special()) throw InvalidArgument(join_path(ep, "admitted"), "not a date");
      c.dates3[j] = to_days(*e.admitted);
    }
    const std::pair<const char*, const std::string*> mains[] = {
        {"delay_reason", &e.delay_reason},
        {"destination", &e.destination},
        {"out_of_area_reason", &e.out_of_area_reason}};
    for (const auto& [key, value] : mains) {
      if (value->empty()) continue;
      if (code_field_name(e.type) != key) not_field(key);
      check_main_code(e.type, *value, ep);
      c.codes[j] = 0;
      c.code_text[j] = *value;
    }
    const std::string* details[kDetailFieldCount] = {&e.discharge_method,       &e.bed_type,
                                                     &e.ward_security_level,    &e.attend_status,
                                                     &e.consultation_mechanism, &e.attributable_to};
    for (std::size_t f = 0; f < kDetailFieldCount; ++f) {
      if (details[f]->empty()) continue;
      c.details[j] = add_detail(c.details[j], e.type, kDetailFields[f], *details[f], ep);
    }
  }
  return c;
}

void check_person_id(const std::string& id, const std::string& field) {
  if (id.empty()) throw InvalidArgument(field, "empty person id");
  if (id.size() > 256) throw InvalidArgument(field, "person id longer than 256 bytes");
  if (!timeline_detail::valid_utf8(id))
    throw InvalidArgument(field, "person id is not valid UTF-8");
}

}  // namespace

void validate_pathway(const Pathway& p, std::string_view field) {
  check_person_id(p.person_id, join_path(field, "person_id"));
  PathwayColumns c = columns_of(p, field);
  const std::string events_path = join_path(field, "events");
  timeline_detail::check_sequence(c.types.data(), c.dates.data(), c.dates2.data(), c.codes.data(),
                                  c.types.size(),
                                  [&](std::size_t j) { return index_path(events_path, j); });
  if (p.events.empty())
    throw InvalidArgument(events_path, "a pathway needs at least one event (its referral)");
}

// ---------------------------------------------------------------------------
// Policy and costs

void TimelinePolicy::validate(std::string_view field) const {
  auto check = [&](std::int32_t v, const char* name, std::int32_t lo, std::int32_t hi) {
    if (v < lo || v > hi) {
      throw InvalidArgument(
          join_path(field, name),
          std::to_string(v) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
    }
  };
  check(referral_lead_days, "referral_lead_days", 0, 3660);
  check(first_visit_working_days, "first_visit_working_days", 0, 3660);
  check(decision_working_days, "decision_working_days", 0, 3660);
  check(follow_up_days, "follow_up_days", 0, 3660);
  check(step_down_max_days, "step_down_max_days", 0, 36600);
  check(readmission_window_days, "readmission_window_days", 1, 3660);
  check(follow_up_min_days, "follow_up_min_days", 0, 3660);
  if (follow_up_min_days > follow_up_days) {
    throw InvalidArgument(join_path(field, "follow_up_min_days"),
                          std::to_string(follow_up_min_days) + " is more than follow_up_days (" +
                              std::to_string(follow_up_days) + ")");
  }
  check(follow_up_window_offset_days, "follow_up_window_offset_days", 0, 366);
  check(follow_up_death_exclusion_days, "follow_up_death_exclusion_days", -1, 3660);
  check(long_stay_days, "long_stay_days", 0, 36600);
  check(long_stay_older_adult_days, "long_stay_older_adult_days", 0, 36600);
  if (crfd_day_count != "half_open" && crfd_day_count != "mhs26") {
    throw InvalidArgument(
        join_path(field, "crfd_day_count"),
        "\"" + crfd_day_count.substr(0, 40) + "\" is not a day count (known: half_open, mhs26)");
  }
  auto codes = [&](const std::vector<std::string>& v, const char* name) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string& c = v[i];
      bool ok = !c.empty() && c.size() <= 8;
      for (char ch : c) ok = ok && std::isalnum(static_cast<unsigned char>(ch));
      if (!ok)
        throw InvalidArgument(index_path(join_path(field, name), i),
                              "not an MHSDS code (1 to 8 letters or digits)");
    }
  };
  codes(follow_up_attend_statuses, "follow_up_attend_statuses");
  codes(follow_up_mechanisms, "follow_up_mechanisms");
  codes(follow_up_bed_types, "follow_up_bed_types");
  codes(follow_up_excluded_methods, "follow_up_excluded_methods");
  codes(follow_up_excluded_destinations, "follow_up_excluded_destinations");
  codes(readmission_excluded_methods, "readmission_excluded_methods");
  codes(readmission_excluded_destinations, "readmission_excluded_destinations");
  codes(out_of_area_inappropriate_reasons, "out_of_area_inappropriate_reasons");
}

TimelinePolicy TimelinePolicy::nhs_england() {
  TimelinePolicy p;
  // 02_72HOURS/01_Prepare/PrepViews.py: DischFlag (line 204), AttendStatus
  // (line 22), ConsMechanismMH include list, ContDate > discharge (line 317),
  // a new spell counts (lines 92-96), AcuteBed (line 214).
  p.follow_up_days = 3;
  p.follow_up_min_days = 1;
  p.follow_up_window_offset_days = 4;
  p.follow_up_attend_statuses = {"5", "6"};
  p.follow_up_mechanisms = {"01", "02", "04", "11"};
  p.follow_up_readmission_counts = true;
  p.follow_up_bed_types = {"200", "201", "202", "205", "212", "213"};
  p.follow_up_excluded_methods = {"4", "5"};
  p.follow_up_excluded_destinations = {"30", "37", "38", "40", "42", "48", "49",
                                       "50", "53", "79", "84", "87", "89"};
  p.follow_up_death_exclusion_days = 3;
  p.follow_up_closure_excludes = false;
  p.crfd_day_count = "mhs26";
  p.inpatient_length_of_stay_add_one = true;
  p.long_stay_days = 60;
  p.long_stay_older_adult_days = 90;
  p.out_of_area_inappropriate_reasons = {"10"};
  p.use_readmission_preset("acute_dashboard_14");
  return p;
}

void TimelinePolicy::use_readmission_preset(std::string_view name, std::string_view field) {
  if (name == "acute_dashboard_14") {
    // nhsengland/MHSDS "Acute Inpatient Dashboard 2025.sql" lines 246-251, 1208.
    readmission_window_days = 14;
    readmission_excluded_methods = {"4", "6", "7", "8"};
    readmission_excluded_destinations = {"48", "49", "50", "53", "84", "87", "79"};
  } else if (name == "emergency_30") {
    readmission_window_days = 30;
    readmission_excluded_methods = {"4", "5"};
    readmission_excluded_destinations = {"79"};
  } else {
    throw NotFound(std::string(field), "unknown readmission preset \"" +
                                           std::string(name.substr(0, 40)) +
                                           "\" (known: acute_dashboard_14, emergency_30)");
  }
}

const Calendar& TimelinePolicy::working_calendar() const {
  if (calendar) return *calendar;
  static const Calendar kDefault = Calendar::england_and_wales();
  return kDefault;
}

void CostModel::validate(std::string_view field) const {
  auto check = [&](double v, const char* name) {
    if (!std::isfinite(v)) throw InvalidArgument(join_path(field, name), "must be a finite number");
    if (v < 0) throw InvalidArgument(join_path(field, name), "must not be negative");
  };
  check(inpatient_day_cost, "inpatient_day_cost");
  check(step_down_day_cost, "step_down_day_cost");
}

// ---------------------------------------------------------------------------
// Caseload

namespace {

std::int32_t intern(std::vector<std::string>& pool,
                    std::map<std::string, std::int32_t, std::less<>>& ix, const std::string& s) {
  auto it = ix.find(s);
  if (it != ix.end()) return it->second;
  const auto id = static_cast<std::int32_t>(pool.size());
  pool.push_back(s);
  ix.emplace(s, id);
  return id;
}

std::map<std::string, std::int32_t, std::less<>> pool_index(const std::vector<std::string>& pool) {
  std::map<std::string, std::int32_t, std::less<>> ix;
  for (std::size_t i = 0; i < pool.size(); ++i) ix.emplace(pool[i], static_cast<std::int32_t>(i));
  return ix;
}

}  // namespace

void Caseload::add(const Pathway& p) {
  const std::string field = index_path("pathways", size());
  validate_pathway(p, field);
  if (index_.count(p.person_id)) {
    throw InvalidArgument(join_path(field, "person_id"),
                          "duplicate person id \"" + p.person_id + "\" (first at " +
                              index_path("pathways", index_.find(p.person_id)->second) + ")");
  }
  PathwayColumns c = columns_of(p, field);
  // Normalise every attribute text before changing anything.
  const std::string path_attrs =
      timeline_detail::normalise_object_text(p.attributes, join_path(field, "attributes"));
  std::vector<std::string> ev_attrs(p.events.size());
  for (std::size_t j = 0; j < p.events.size(); ++j) {
    ev_attrs[j] = timeline_detail::normalise_object_text(
        p.events[j].attributes, join_path(index_path(join_path(field, "events"), j), "attributes"));
  }
  // Commit (only allocation can fail from here; the strong guarantee is kept
  // by building copies of the grown vectors first would be costly, so grow in place
  // and roll back on failure).
  const std::size_t old_events = types_.size();
  const std::size_t old_pool = code_pool_.size();
  try {
    auto ix = pool_index(code_pool_);
    for (std::size_t j = 0; j < c.types.size(); ++j) {
      types_.push_back(c.types[j]);
      dates_.push_back(c.dates[j]);
      dates2_.push_back(c.dates2[j]);
      dates3_.push_back(c.dates3[j]);
      details_.push_back(c.details[j]);
      codes_.push_back(c.codes[j] >= 0 ? intern(code_pool_, ix, c.code_text[j]) : -1);
    }
    for (std::size_t j = 0; j < ev_attrs.size(); ++j) {
      if (!ev_attrs[j].empty()) {
        event_extra_[static_cast<std::int64_t>(old_events + j)].attributes = ev_attrs[j];
      }
    }
    if (!path_attrs.empty())
      pathway_extra_[static_cast<std::int64_t>(size())].attributes = path_attrs;
    offsets_.push_back(static_cast<std::int64_t>(types_.size()));
    index_.emplace(p.person_id, size());
    person_ids_.push_back(p.person_id);
  } catch (...) {
    types_.resize(old_events);
    dates_.resize(old_events);
    dates2_.resize(old_events);
    dates3_.resize(old_events);
    details_.resize(old_events);
    codes_.resize(old_events);
    code_pool_.resize(old_pool);
    event_extra_.erase(event_extra_.lower_bound(static_cast<std::int64_t>(old_events)),
                       event_extra_.end());
    pathway_extra_.erase(static_cast<std::int64_t>(size()));
    if (offsets_.size() > size() + 1) offsets_.resize(size() + 1);
    index_.erase(p.person_id);
    throw;
  }
}

Caseload Caseload::from_pathways(const std::vector<Pathway>& pathways) {
  Caseload c;
  for (const auto& p : pathways) c.add(p);
  return c;
}

Caseload Caseload::from_columns(const EventColumns& col) {
  const std::size_t np = col.person_ids.size();
  const std::size_t ne = col.types.size();
  if (col.offsets.size() != np + 1) {
    throw InvalidArgument("offsets", "needs " + std::to_string(np + 1) +
                                         " entries (one more than person_ids), got " +
                                         std::to_string(col.offsets.size()));
  }
  if (col.dates.size() != ne)
    throw InvalidArgument("dates", "length " + std::to_string(col.dates.size()) +
                                       " differs from types (" + std::to_string(ne) + ")");
  if (col.dates2.size() != ne)
    throw InvalidArgument("dates2", "length " + std::to_string(col.dates2.size()) +
                                        " differs from types (" + std::to_string(ne) + ")");
  if (!col.codes.empty() && col.codes.size() != ne)
    throw InvalidArgument("codes", "length " + std::to_string(col.codes.size()) +
                                       " differs from types (" + std::to_string(ne) + ")");
  if (col.offsets[0] != 0) throw InvalidArgument("offsets[0]", "must be 0");
  if (static_cast<std::size_t>(col.offsets[np]) != ne) {
    throw InvalidArgument(index_path("offsets", np),
                          "must equal the number of events (" + std::to_string(ne) + ")");
  }
  Caseload c;
  auto& ix = c.index_;
  for (std::size_t i = 0; i < np; ++i) {
    const std::string f = index_path("person_ids", i);
    check_person_id(col.person_ids[i], f);
    if (col.offsets[i + 1] < col.offsets[i])
      throw InvalidArgument(index_path("offsets", i + 1), "offsets must not decrease");
    if (col.offsets[i + 1] == col.offsets[i])
      throw InvalidArgument(f, "pathway \"" + col.person_ids[i] + "\" has no events");
    auto [it, inserted] = ix.emplace(col.person_ids[i], i);
    if (!inserted) {
      throw InvalidArgument(f, "duplicate person id \"" + col.person_ids[i] + "\" (first at " +
                                   index_path("person_ids", it->second) + ")");
    }
  }
  // Dates must be inside Boost's range; codes interned.
  constexpr std::int32_t kMinDay = -208188, kMaxDay = 2932896;
  c.codes_.assign(ne, -1);
  c.dates3_.assign(ne, kNoDay);
  c.details_.assign(ne, 0);
  const std::vector<std::string>* detail_cols[timeline_detail::kDetailFieldCount] = {
      &col.discharge_method,       &col.bed_type,
      &col.ward_security_level,    &col.attend_status,
      &col.consultation_mechanism, &col.attributable_to};
  for (std::size_t f = 0; f < timeline_detail::kDetailFieldCount; ++f) {
    if (!detail_cols[f]->empty() && detail_cols[f]->size() != ne) {
      throw InvalidArgument(std::string(timeline_detail::kDetailFields[f].key),
                            "length " + std::to_string(detail_cols[f]->size()) +
                                " differs from types (" + std::to_string(ne) + ")");
    }
  }
  if (!col.admitted.empty() && col.admitted.size() != ne) {
    throw InvalidArgument("admitted", "length " + std::to_string(col.admitted.size()) +
                                          " differs from types (" + std::to_string(ne) + ")");
  }
  std::map<std::string, std::int32_t, std::less<>> pix;
  for (std::size_t k = 0; k < ne; ++k) {
    if (col.dates[k] == kNoDay) throw InvalidArgument(index_path("dates", k), "missing date");
    if (col.dates[k] < kMinDay || col.dates[k] > kMaxDay)
      throw OutOfRange(index_path("dates", k), "day number " + std::to_string(col.dates[k]) +
                                                   " is outside 1400-01-01..9999-12-31");
    if (col.dates2[k] != kNoDay && (col.dates2[k] < kMinDay || col.dates2[k] > kMaxDay))
      throw OutOfRange(index_path("dates2", k), "day number " + std::to_string(col.dates2[k]) +
                                                    " is outside 1400-01-01..9999-12-31");
    if (col.types[k] >= kEventTypeCount) {
      throw InvalidArgument(index_path("types", k),
                            "unknown event type code " + std::to_string(col.types[k]));
    }
    const auto type = static_cast<EventType>(col.types[k]);
    if (!col.codes.empty() && !col.codes[k].empty()) {
      const std::string f = index_path("codes", k);
      if (!timeline_detail::valid_utf8(col.codes[k])) throw InvalidArgument(f, "not valid UTF-8");
      if (type == EventType::clinically_ready_for_discharge)
        require_code(CodeTable::delay_reason, col.codes[k], f);
      if (type == EventType::discharged)
        require_code(CodeTable::discharge_destination, col.codes[k], f);
      if (type == EventType::out_of_area_placement)
        require_code(CodeTable::out_of_area_reason, col.codes[k], f);
      c.codes_[k] = intern(c.code_pool_, pix, col.codes[k]);
    }
    if (!col.admitted.empty() && col.admitted[k] != kNoDay) {
      if (!timeline_detail::allows_admitted(type)) {
        throw InvalidArgument(index_path("admitted", k),
                              "not a field of " + std::string(event_type_name(type)) + " events");
      }
      if (col.admitted[k] < kMinDay || col.admitted[k] > kMaxDay)
        throw OutOfRange(
            index_path("admitted", k),
            "day number " + std::to_string(col.admitted[k]) + " is outside 1400-01-01..9999-12-31");
      c.dates3_[k] = col.admitted[k];
    }
    for (std::size_t f = 0; f < timeline_detail::kDetailFieldCount; ++f) {
      const auto& v = *detail_cols[f];
      if (v.empty() || v[k].empty()) continue;
      const auto& fd = timeline_detail::kDetailFields[f];
      const std::string name = index_path(fd.key, k);
      if (type != fd.type) {
        throw InvalidArgument(name, "not a field of " + std::string(event_type_name(type)) +
                                        " events (only " + std::string(event_type_name(fd.type)) +
                                        ")");
      }
      if (!timeline_detail::valid_utf8(v[k])) throw InvalidArgument(name, "not valid UTF-8");
      c.details_[k] =
          timeline_detail::with_detail(c.details_[k], fd.slot, require_code(fd.table, v[k], name));
    }
  }
  for (std::size_t i = 0; i < np; ++i) {
    const auto o = static_cast<std::size_t>(col.offsets[i]);
    const auto e = static_cast<std::size_t>(col.offsets[i + 1]);
    timeline_detail::check_sequence(
        col.types.data() + o, col.dates.data() + o, col.dates2.data() + o, c.codes_.data() + o,
        e - o, [&](std::size_t j) {
          return index_path("events", o + j) + " (" + col.person_ids[i] + ")";
        });
  }
  c.person_ids_ = col.person_ids;
  c.offsets_ = col.offsets;
  c.types_ = col.types;
  c.dates_ = col.dates;
  c.dates2_ = col.dates2;
  return c;
}

Pathway Caseload::pathway(std::size_t index) const {
  if (index >= size()) {
    throw OutOfRange("index", std::to_string(index) + " is outside " + index_range(size()) +
                                  (empty() ? " (empty caseload)" : ""));
  }
  Pathway p;
  p.person_id = person_ids_[index];
  if (auto it = pathway_extra_.find(static_cast<std::int64_t>(index)); it != pathway_extra_.end()) {
    p.attributes = it->second.attributes;
  }
  const auto o = static_cast<std::size_t>(offsets_[index]);
  const auto e = static_cast<std::size_t>(offsets_[index + 1]);
  p.events.reserve(e - o);
  for (std::size_t k = o; k < e; ++k) {
    Event ev;
    ev.type = static_cast<EventType>(types_[k]);
    ev.date = from_days(dates_[k]);
    if (dates2_[k] != kNoDay) {
      if (timeline_detail::allows_end_date(ev.type))
        ev.end_date = from_days(dates2_[k]);
      else
        ev.planned_discharge = from_days(dates2_[k]);
    }
    if (codes_[k] >= 0) {
      const std::string& code = code_pool_[static_cast<std::size_t>(codes_[k])];
      if (timeline_detail::allows_destination(ev.type))
        ev.destination = code;
      else if (timeline_detail::allows_out_of_area_reason(ev.type))
        ev.out_of_area_reason = code;
      else
        ev.delay_reason = code;
    }
    if (dates3_[k] != kNoDay) ev.admitted = from_days(dates3_[k]);
    if (details_[k] != 0) {
      std::string* details[timeline_detail::kDetailFieldCount] = {
          &ev.discharge_method,       &ev.bed_type,
          &ev.ward_security_level,    &ev.attend_status,
          &ev.consultation_mechanism, &ev.attributable_to};
      for (std::size_t f = 0; f < timeline_detail::kDetailFieldCount; ++f) {
        const auto& fd = timeline_detail::kDetailFields[f];
        if (fd.type != ev.type) continue;
        const int ix = timeline_detail::detail_index(details_[k], fd.slot);
        if (ix >= 0)
          *details[f] = std::string(code_table(fd.table)[static_cast<std::size_t>(ix)].code);
      }
    }
    if (auto it = event_extra_.find(static_cast<std::int64_t>(k)); it != event_extra_.end()) {
      ev.attributes = it->second.attributes;
    }
    p.events.push_back(std::move(ev));
  }
  return p;
}

std::string_view Caseload::event_detail(std::size_t k, CodeTable table) const {
  if (k >= types_.size())
    throw OutOfRange("event", std::to_string(k) + " is outside the caseload's events");
  const auto* f = timeline_detail::detail_field(table);
  if (f == nullptr || static_cast<EventType>(types_[k]) != f->type) return {};
  const int ix = timeline_detail::detail_index(details_[k], f->slot);
  return ix < 0 ? std::string_view() : code_table(table)[static_cast<std::size_t>(ix)].code;
}

std::optional<std::size_t> Caseload::find(std::string_view person_id) const {
  auto it = index_.find(person_id);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

Pathway Caseload::pathway(std::string_view person_id) const {
  auto i = find(person_id);
  if (!i)
    throw NotFound("person_id",
                   "no pathway for person \"" + std::string(person_id.substr(0, 80)) + "\"");
  return pathway(*i);
}

std::optional<Date> Caseload::first_date() const {
  if (dates_.empty()) return std::nullopt;
  std::int32_t best = dates_[0];
  for (std::size_t i = 0; i + 1 < offsets_.size(); ++i) {
    best = std::min(best, dates_[static_cast<std::size_t>(offsets_[i])]);
  }
  return from_days(best);
}

std::optional<Date> Caseload::last_date() const {
  if (dates_.empty()) return std::nullopt;
  std::int32_t best = dates_[0];
  for (std::size_t i = 1; i < offsets_.size(); ++i) {
    best = std::max(best, dates_[static_cast<std::size_t>(offsets_[i]) - 1]);
  }
  return from_days(best);
}

void Caseload::save(const std::string& path, bool pretty) const {
  const std::string text = to_json(pretty);
  if (path.empty()) throw IoError("path", "empty file path");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw IoError("path", "cannot open \"" + path + "\" for writing");
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) throw IoError("path", "error writing \"" + path + "\"");
}

}  // namespace homeward
