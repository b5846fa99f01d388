// Python bindings for referral timelines: type conversions only. The Python
// package wraps these in homeward.Caseload / homeward.Pathway (_timeline.py).
#include "common.hpp"

#include "homeward/timeline.hpp"

#include <pybind11/stl.h>

#include <cstring>
#include <iterator>
#include <map>

namespace homeward::py_bind {
namespace {

// Annotations of the generated stubs (see Typed in common.hpp). Records are
// JSON-like dicts whose values differ by key; their values are typing.Any.
HW_PY_NAMED(PyRecord, "dict[str, typing.Any]");
HW_PY_NAMED(PyEvents, "collections.abc.Iterable[Event | collections.abc.Mapping[str, typing.Any]]");

py::object json_loads(const std::string& text) {
  return py::module_::import("json").attr("loads")(text);
}

std::string json_dumps_object(py::handle obj, const char* field) {
  if (obj.is_none()) return {};
  if (!py::isinstance<py::dict>(obj)) {
    throw InvalidArgument(field, "attributes must be a dict, got " + type_name(obj));
  }
  try {
    return py::module_::import("json")
        .attr("dumps")(obj, py::arg("ensure_ascii") = false)
        .cast<std::string>();
  } catch (py::error_already_set& e) {
    throw InvalidArgument(field, std::string("attributes are not JSON-serialisable: ") + e.what());
  }
}

std::optional<Date> opt_date(py::handle obj, const char* field) {
  if (obj.is_none()) return std::nullopt;
  return date_from_py(obj, field);
}

// The schema version 2 string fields of an Event, by keyword (in this order).
constexpr const char* kV2Codes[] = {
    "attributable_to", "discharge_method",       "bed_type",          "ward_security_level",
    "attend_status",   "consultation_mechanism", "out_of_area_reason"};
std::string* v2_code(Event& e, std::size_t i) {
  std::string* f[] = {&e.attributable_to,     &e.discharge_method, &e.bed_type,
                      &e.ward_security_level, &e.attend_status,    &e.consultation_mechanism,
                      &e.out_of_area_reason};
  return f[i];
}
const std::string& v2_code(const Event& e, std::size_t i) {
  return *v2_code(const_cast<Event&>(e), i);
}

Event make_event(const std::string& type, py::handle date, py::handle planned_discharge,
                 py::handle end_date, py::handle delay_reason, py::handle destination,
                 py::handle attributes, const py::dict& v2 = py::dict()) {
  Event e;
  e.type = parse_event_type(type, "type");
  e.date = date_from_py(date, "date");
  e.planned_discharge = opt_date(planned_discharge, "planned_discharge");
  e.end_date = opt_date(end_date, "end_date");
  if (!delay_reason.is_none()) e.delay_reason = py::str(delay_reason).cast<std::string>();
  if (!destination.is_none()) e.destination = py::str(destination).cast<std::string>();
  e.attributes = json_dumps_object(attributes, "attributes");
  if (v2.contains("admitted")) e.admitted = opt_date(v2["admitted"], "admitted");
  for (std::size_t i = 0; i < std::size(kV2Codes); ++i) {
    if (!v2.contains(kV2Codes[i])) continue;
    py::handle v = v2[kV2Codes[i]];
    if (!v.is_none()) *v2_code(e, i) = py::str(v).cast<std::string>();
  }
  return e;
}

Event event_from_py(py::handle obj, const std::string& field) {
  if (py::isinstance<Event>(obj)) return obj.cast<Event>();
  if (!py::isinstance<py::dict>(obj)) {
    throw InvalidArgument(field, "expected a homeward.Event or a dict, got " + type_name(obj));
  }
  py::dict d = py::reinterpret_borrow<py::dict>(obj);
  static const char* kKeys[] = {"type",         "date",        "planned_discharge", "end_date",
                                "delay_reason", "destination", "attributes",        "admitted"};
  py::dict v2;
  for (auto item : d) {
    const std::string k = py::str(item.first);
    bool known = false;
    for (const char* kk : kKeys) known = known || k == kk;
    for (const char* kk : kV2Codes) known = known || k == kk;
    if (!known) throw InvalidArgument(join_path(field, k), "unknown event field");
  }
  for (const char* kk : kV2Codes) {
    if (d.contains(kk)) v2[kk] = d[kk];
  }
  if (d.contains("admitted")) v2["admitted"] = d["admitted"];
  auto get = [&](const char* k) -> py::object {
    return d.contains(k) ? py::object(d[k]) : py::object(py::none());
  };
  if (!d.contains("type")) throw InvalidArgument(join_path(field, "type"), "missing");
  if (!d.contains("date")) throw InvalidArgument(join_path(field, "date"), "missing");
  try {
    return make_event(py::str(d["type"]).cast<std::string>(), get("date"), get("planned_discharge"),
                      get("end_date"), get("delay_reason"), get("destination"), get("attributes"),
                      v2);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::not_found) throw NotFound(join_path(field, e.field()), e.message());
    throw InvalidArgument(join_path(field, e.field()), e.message());
  }
}

PyOptDate opt_date_to_py(const std::optional<Date>& d) {
  if (!d) return py::none();
  return date_to_py(*d);
}

// int32 day numbers -> int64 with NaT for kNoDay (view as datetime64[D] in Python).
py::array_t<std::int64_t> days_array(const std::vector<std::int32_t>& v) {
  py::array_t<std::int64_t> out(static_cast<py::ssize_t>(v.size()));
  auto* p = out.mutable_data();
  for (std::size_t i = 0; i < v.size(); ++i) p[i] = v[i] == kNoDay ? kNaT : v[i];
  return out;
}

template <class T>
py::array_t<T> plain_array(const std::vector<T>& v) {
  py::array_t<T> out(static_cast<py::ssize_t>(v.size()));
  if (!v.empty()) std::memcpy(out.mutable_data(), v.data(), v.size() * sizeof(T));
  return out;
}

PyRecord evaluation_to_py(const Evaluation& ev) {
  py::dict d;
  d["as_of"] = date_to_py(ev.as_of);
  d["stage"] = plain_array(ev.stage);
  d["stage_since"] = days_array(ev.stage_since);
  py::dict counts;
  for (std::size_t s = 0; s < kStageCount; ++s) {
    counts[py::str(std::string(stage_name(static_cast<Stage>(s))))] = ev.stage_counts[s];
  }
  d["stage_counts"] = counts;
  const auto& t = ev.milestones;
  py::dict m;
  m["pathway"] = plain_array(t.pathway);
  m["event"] = plain_array(t.event);
  m["milestone"] = plain_array(t.milestone);
  m["status"] = plain_array(t.status);
  m["start"] = days_array(t.start);
  m["due"] = days_array(t.due);
  m["date"] = days_array(t.date);
  m["days"] = plain_array(t.days);
  m["working_days"] = plain_array(t.working_days);
  d["milestones"] = m;
  return d;
}

py::list names(std::size_t n, std::string_view (*fn)(std::size_t)) {
  py::list out;
  for (std::size_t i = 0; i < n; ++i) out.append(py::str(std::string(fn(i))));
  return out;
}

}  // namespace

void bind_timeline(py::module_& m) {
  m.def(
      "code_tables_json",
      [](std::optional<std::string> table) {
        std::optional<CodeTable> only;
        if (table) only = parse_code_table(*table, "table");
        return code_tables_to_json(only);
      },
      py::arg("table") = py::none(),
      "The MHSDS code tables (codes, names, groups) as JSON; one table by name "
      "(docs/measures.md).");
  m.attr("EVENT_TYPES") = py::tuple(names(
      kEventTypeCount, [](std::size_t i) { return event_type_name(static_cast<EventType>(i)); }));
  m.attr("STAGES") = py::tuple(
      names(kStageCount, [](std::size_t i) { return stage_name(static_cast<Stage>(i)); }));
  m.attr("MILESTONES") = py::tuple(names(
      kMilestoneCount, [](std::size_t i) { return milestone_name(static_cast<Milestone>(i)); }));
  m.attr("MILESTONE_STATUSES") = py::tuple(names(kMilestoneStatusCount, [](std::size_t i) {
    return milestone_status_name(static_cast<MilestoneStatus>(i));
  }));
  m.attr("NO_DAY") = kNoDay;

  py::class_<Event>(m, "Event", R"doc(
One dated event on a pathway.

Event(type, date, planned_discharge=None, end_date=None, delay_reason=None,
destination=None, attributes=None, *, admitted=None, attributable_to=None,
discharge_method=None, bed_type=None, ward_security_level=None,
attend_status=None, consultation_mechanism=None, out_of_area_reason=None).
``type`` is one of homeward.EVENT_TYPES; dates accept datetime.date,
numpy.datetime64 or 'YYYY-MM-DD'. Which optional fields an event may carry
depends on its type; codes are MHSDS codes (homeward.code_table(name))
(see docs/caseload-schema.md).
)doc")
      .def(py::init([](const std::string& type, const PyDateLike& date,
                       const PyOptDate& planned_discharge, const PyOptDate& end_date,
                       const PyOptStr& delay_reason, const PyOptStr& destination,
                       const PyJsonObject& attributes, const PyOptDate& admitted,
                       const PyOptStr& attributable_to, const PyOptStr& discharge_method,
                       const PyOptStr& bed_type, const PyOptStr& ward_security_level,
                       const PyOptStr& attend_status, const PyOptStr& consultation_mechanism,
                       const PyOptStr& out_of_area_reason) {
             py::dict v2;
             v2["admitted"] = admitted;
             v2["attributable_to"] = attributable_to;
             v2["discharge_method"] = discharge_method;
             v2["bed_type"] = bed_type;
             v2["ward_security_level"] = ward_security_level;
             v2["attend_status"] = attend_status;
             v2["consultation_mechanism"] = consultation_mechanism;
             v2["out_of_area_reason"] = out_of_area_reason;
             return make_event(type, date, planned_discharge, end_date, delay_reason, destination,
                               attributes, v2);
           }),
           py::arg("type"), py::arg("date"), py::arg("planned_discharge") = py::none(),
           py::arg("end_date") = py::none(), py::arg("delay_reason") = py::none(),
           py::arg("destination") = py::none(), py::arg("attributes") = py::none(), py::kw_only(),
           py::arg("admitted") = py::none(), py::arg("attributable_to") = py::none(),
           py::arg("discharge_method") = py::none(), py::arg("bed_type") = py::none(),
           py::arg("ward_security_level") = py::none(), py::arg("attend_status") = py::none(),
           py::arg("consultation_mechanism") = py::none(),
           py::arg("out_of_area_reason") = py::none())
      .def_property_readonly("admitted", [](const Event& e) { return opt_date_to_py(e.admitted); })
      .def_property_readonly("attributable_to",
                             [](const Event& e) -> PyOptStr {
                               return e.attributable_to.empty()
                                          ? py::object(py::none())
                                          : py::object(py::str(e.attributable_to));
                             })
      .def_property_readonly("discharge_method",
                             [](const Event& e) -> PyOptStr {
                               return e.discharge_method.empty()
                                          ? py::object(py::none())
                                          : py::object(py::str(e.discharge_method));
                             })
      .def_property_readonly("bed_type",
                             [](const Event& e) -> PyOptStr {
                               return e.bed_type.empty() ? py::object(py::none())
                                                         : py::object(py::str(e.bed_type));
                             })
      .def_property_readonly("ward_security_level",
                             [](const Event& e) -> PyOptStr {
                               return e.ward_security_level.empty()
                                          ? py::object(py::none())
                                          : py::object(py::str(e.ward_security_level));
                             })
      .def_property_readonly("attend_status",
                             [](const Event& e) -> PyOptStr {
                               return e.attend_status.empty()
                                          ? py::object(py::none())
                                          : py::object(py::str(e.attend_status));
                             })
      .def_property_readonly("consultation_mechanism",
                             [](const Event& e) -> PyOptStr {
                               return e.consultation_mechanism.empty()
                                          ? py::object(py::none())
                                          : py::object(py::str(e.consultation_mechanism));
                             })
      .def_property_readonly("out_of_area_reason",
                             [](const Event& e) -> PyOptStr {
                               return e.out_of_area_reason.empty()
                                          ? py::object(py::none())
                                          : py::object(py::str(e.out_of_area_reason));
                             })
      .def_property_readonly("type",
                             [](const Event& e) { return std::string(event_type_name(e.type)); })
      .def_property_readonly("date", [](const Event& e) { return e.date; })
      .def_property_readonly("planned_discharge",
                             [](const Event& e) { return opt_date_to_py(e.planned_discharge); })
      .def_property_readonly("end_date", [](const Event& e) { return opt_date_to_py(e.end_date); })
      .def_property_readonly("delay_reason",
                             [](const Event& e) -> PyOptStr {
                               if (e.delay_reason.empty()) return py::none();
                               return py::str(e.delay_reason);
                             })
      .def_property_readonly("destination",
                             [](const Event& e) -> PyOptStr {
                               if (e.destination.empty()) return py::none();
                               return py::str(e.destination);
                             })
      .def_property_readonly(
          "attributes",
          [](const Event& e) -> PyJsonObject {
            if (e.attributes.empty()) return py::dict();
            return json_loads(e.attributes);
          },
          "Free-form attributes (a new dict each time).")
      .def(
          "to_dict",
          [](const Event& e) -> PyRecord {
            py::dict d;
            d["type"] = std::string(event_type_name(e.type));
            d["date"] = date_to_py(e.date);
            if (e.planned_discharge) d["planned_discharge"] = date_to_py(*e.planned_discharge);
            if (e.end_date) d["end_date"] = date_to_py(*e.end_date);
            if (!e.delay_reason.empty()) d["delay_reason"] = e.delay_reason;
            if (!e.destination.empty()) d["destination"] = e.destination;
            if (e.admitted) d["admitted"] = date_to_py(*e.admitted);
            for (std::size_t i = 0; i < std::size(kV2Codes); ++i) {
              if (!v2_code(e, i).empty()) d[kV2Codes[i]] = v2_code(e, i);
            }
            if (!e.attributes.empty()) d["attributes"] = json_loads(e.attributes);
            return d;
          },
          "The event as a dict (only the fields it carries).")
      .def("__eq__",
           [](const Event& a, const Event& b) {
             return a.type == b.type && a.date == b.date &&
                    a.planned_discharge == b.planned_discharge && a.end_date == b.end_date &&
                    a.delay_reason == b.delay_reason && a.destination == b.destination &&
                    a.admitted == b.admitted && a.attributable_to == b.attributable_to &&
                    a.discharge_method == b.discharge_method && a.bed_type == b.bed_type &&
                    a.ward_security_level == b.ward_security_level &&
                    a.attend_status == b.attend_status &&
                    a.consultation_mechanism == b.consultation_mechanism &&
                    a.out_of_area_reason == b.out_of_area_reason &&
                    (a.attributes == b.attributes ||
                     json_loads(a.attributes.empty() ? "{}" : a.attributes)
                         .equal(json_loads(b.attributes.empty() ? "{}" : b.attributes)));
           })
      .def("__repr__", [](const Event& e) {
        std::string s =
            "Event('" + std::string(event_type_name(e.type)) + "', " + format_date(e.date);
        if (e.planned_discharge) s += ", planned_discharge=" + format_date(*e.planned_discharge);
        if (e.end_date) s += ", end_date=" + format_date(*e.end_date);
        if (!e.delay_reason.empty()) s += ", delay_reason='" + e.delay_reason + "'";
        if (!e.destination.empty()) s += ", destination='" + e.destination + "'";
        if (e.admitted) s += ", admitted=" + format_date(*e.admitted);
        for (std::size_t i = 0; i < std::size(kV2Codes); ++i) {
          if (!v2_code(e, i).empty())
            s += ", " + std::string(kV2Codes[i]) + "='" + v2_code(e, i) + "'";
        }
        return s + ")";
      });

  // Registered before _Pathway so its signatures name the Python type.
  py::class_<TimelinePolicy> policy_cls(m, "TimelinePolicy", R"doc(
The rules milestones are judged by. Every value can be changed.

Defaults: referral_lead_days=182 (referral at least 26 weeks before the
planned discharge), first_visit_working_days=10, decision_working_days=20,
follow_up_days=3 (the 72-hour standard as NHS England measures it, in
calendar days), step_down_max_days=91, readmission_window_days=30
(readmissions 0..29 days after a discharge are flagged),
length_of_stay_add_one=False, calendar=None (England and Wales).
)doc");

  py::class_<Pathway>(m, "_Pathway")
      .def(py::init([](const std::string& person_id, const PyEvents& events,
                       const PyJsonObject& attributes) {
             Pathway p;
             p.person_id = person_id;
             std::size_t j = 0;
             for (py::handle e : events)
               p.events.push_back(event_from_py(e, index_path("events", j++)));
             p.attributes = json_dumps_object(attributes, "attributes");
             validate_pathway(p, "");
             return p;
           }),
           py::arg("person_id"), py::arg("events"), py::arg("attributes") = py::none())
      .def_readonly("person_id", &Pathway::person_id)
      .def_readonly("events", &Pathway::events)
      .def_property_readonly("attributes",
                             [](const Pathway& p) -> PyJsonObject {
                               if (p.attributes.empty()) return py::dict();
                               return json_loads(p.attributes);
                             })
      .def(
          "evaluate",
          [](const Pathway& p, const Date& as_of, const TimelinePolicy& policy) {
            return evaluation_to_py(evaluate(p, as_of, policy));
          },
          py::arg("as_of"), py::arg("policy"))
      .def(
          "to_fhir",
          [](const Pathway& p, std::optional<Date> as_of) { return pathway_to_fhir(p, as_of); },
          py::arg("as_of") = py::none());

  policy_cls
      .def(py::init([](std::int32_t referral_lead_days, std::int32_t first_visit_working_days,
                       std::int32_t decision_working_days, std::int32_t follow_up_days,
                       std::int32_t step_down_max_days, std::int32_t readmission_window_days,
                       bool length_of_stay_add_one, std::optional<Calendar> calendar) {
             TimelinePolicy p;
             p.referral_lead_days = referral_lead_days;
             p.first_visit_working_days = first_visit_working_days;
             p.decision_working_days = decision_working_days;
             p.follow_up_days = follow_up_days;
             p.step_down_max_days = step_down_max_days;
             p.readmission_window_days = readmission_window_days;
             p.length_of_stay_add_one = length_of_stay_add_one;
             p.calendar = std::move(calendar);
             p.validate("TimelinePolicy");
             return p;
           }),
           py::kw_only(), py::arg("referral_lead_days") = 182,
           py::arg("first_visit_working_days") = 10, py::arg("decision_working_days") = 20,
           py::arg("follow_up_days") = 3, py::arg("step_down_max_days") = 91,
           py::arg("readmission_window_days") = 30, py::arg("length_of_stay_add_one") = false,
           py::arg("calendar") = py::none())
      .def_readwrite("referral_lead_days", &TimelinePolicy::referral_lead_days)
      .def_readwrite("first_visit_working_days", &TimelinePolicy::first_visit_working_days)
      .def_readwrite("decision_working_days", &TimelinePolicy::decision_working_days)
      .def_readwrite("follow_up_days", &TimelinePolicy::follow_up_days)
      .def_readwrite("step_down_max_days", &TimelinePolicy::step_down_max_days)
      .def_readwrite("readmission_window_days", &TimelinePolicy::readmission_window_days)
      .def_readwrite("length_of_stay_add_one", &TimelinePolicy::length_of_stay_add_one)
      .def_readwrite("follow_up_min_days", &TimelinePolicy::follow_up_min_days)
      .def_readwrite("follow_up_window_offset_days", &TimelinePolicy::follow_up_window_offset_days)
      .def_readwrite("follow_up_attend_statuses", &TimelinePolicy::follow_up_attend_statuses)
      .def_readwrite("follow_up_mechanisms", &TimelinePolicy::follow_up_mechanisms)
      .def_readwrite("follow_up_readmission_counts", &TimelinePolicy::follow_up_readmission_counts)
      .def_readwrite("follow_up_bed_types", &TimelinePolicy::follow_up_bed_types)
      .def_readwrite("follow_up_excluded_methods", &TimelinePolicy::follow_up_excluded_methods)
      .def_readwrite("follow_up_excluded_destinations",
                     &TimelinePolicy::follow_up_excluded_destinations)
      .def_readwrite("follow_up_death_exclusion_days",
                     &TimelinePolicy::follow_up_death_exclusion_days)
      .def_readwrite("follow_up_closure_excludes", &TimelinePolicy::follow_up_closure_excludes)
      .def_readwrite("readmission_excluded_methods", &TimelinePolicy::readmission_excluded_methods)
      .def_readwrite("readmission_excluded_destinations",
                     &TimelinePolicy::readmission_excluded_destinations)
      .def_readwrite("crfd_day_count", &TimelinePolicy::crfd_day_count)
      .def_readwrite("inpatient_length_of_stay_add_one",
                     &TimelinePolicy::inpatient_length_of_stay_add_one)
      .def_readwrite("long_stay_days", &TimelinePolicy::long_stay_days)
      .def_readwrite("long_stay_older_adult_days", &TimelinePolicy::long_stay_older_adult_days)
      .def_readwrite("out_of_area_inappropriate_reasons",
                     &TimelinePolicy::out_of_area_inappropriate_reasons)
      .def_static("nhs_england", &TimelinePolicy::nhs_england,
                  "NHS England's national definitions: MHS78/MHS79 72-hour follow-up, MHS26 CRFD "
                  "days, the acute "
                  "dashboard's 14-day readmission and length of stay (docs/measures.md).")
      .def(
          "use_readmission_preset",
          [](TimelinePolicy& p, const std::string& name) { p.use_readmission_preset(name); },
          py::arg("name"), "Readmission presets: 'acute_dashboard_14' or 'emergency_30'.")
      .def(
          "copy", [](const TimelinePolicy& p) { return TimelinePolicy(p); },
          "A copy of the policy.")
      .def_readwrite("calendar", &TimelinePolicy::calendar)
      .def_static(
          "from_json", [](const std::string& text) { return timeline_policy_from_json(text); },
          py::arg("text"), "From a JSON object such as '{\"first_visit_working_days\": 5}'.")
      .def("to_json", [](const TimelinePolicy& p) { return timeline_policy_to_json(p); })
      .def("validate", [](const TimelinePolicy& p) { p.validate("TimelinePolicy"); })
      .def("__repr__", [](const TimelinePolicy& p) {
        return "TimelinePolicy(referral_lead_days=" + std::to_string(p.referral_lead_days) +
               ", first_visit_working_days=" + std::to_string(p.first_visit_working_days) +
               ", decision_working_days=" + std::to_string(p.decision_working_days) +
               ", follow_up_days=" + std::to_string(p.follow_up_days) +
               ", step_down_max_days=" + std::to_string(p.step_down_max_days) +
               ", readmission_window_days=" + std::to_string(p.readmission_window_days) +
               ", length_of_stay_add_one=" + (p.length_of_stay_add_one ? "True" : "False") +
               (p.calendar ? ", calendar=" + p.calendar->name() : std::string()) + ")";
      });

  py::class_<CostModel>(m, "CostModel", R"doc(
Daily costs for bed-day savings: savings = step-down days x (inpatient_day_cost
- step_down_day_cost). Defaults: 500 (a prolonged mental-health inpatient day,
the Hertfordshire pilot's figure) and 50 (supported accommodation at about 350
a week). Negative, NaN or infinite costs are rejected.
)doc")
      .def(py::init([](double inpatient_day_cost, double step_down_day_cost) {
             CostModel c{inpatient_day_cost, step_down_day_cost};
             c.validate("CostModel");
             return c;
           }),
           py::kw_only(), py::arg("inpatient_day_cost") = 500.0,
           py::arg("step_down_day_cost") = 50.0)
      .def_readonly("inpatient_day_cost", &CostModel::inpatient_day_cost)
      .def_readonly("step_down_day_cost", &CostModel::step_down_day_cost)
      .def_property_readonly(
          "saving_per_day",
          [](const CostModel& c) { return c.inpatient_day_cost - c.step_down_day_cost; })
      .def_static(
          "from_json", [](const std::string& text) { return cost_model_from_json(text); },
          py::arg("text"))
      .def("to_json", [](const CostModel& c) { return cost_model_to_json(c); })
      .def("__repr__", [](const CostModel& c) {
        return "CostModel(inpatient_day_cost=" +
               std::string(py::repr(py::float_(c.inpatient_day_cost))) +
               ", step_down_day_cost=" + std::string(py::repr(py::float_(c.step_down_day_cost))) +
               ")";
      });

  py::class_<Caseload>(m, "_Caseload")
      .def(py::init<>())
      .def_static(
          "from_json",
          [](const PyJsonSource& source, bool strict, const PyOptLimit& max_bytes,
             const PyOptLimit& max_depth) {
            const JsonSource src = json_source_from_py(source, "source");
            const InputLimits limits = limits_from_py(max_bytes, max_depth);
            LoadOptions o;
            o.strict = strict;
            o.max_bytes = limits.max_bytes;
            o.max_depth = limits.max_depth;
            py::gil_scoped_release release;
            return src.is_path ? Caseload::from_file(src.data, o)
                               : Caseload::from_json(src.data, o);
          },
          py::arg("source"), py::arg("strict") = true, py::arg("max_bytes") = py::none(),
          py::arg("max_depth") = py::none(),
          "A caseload from JSON text (str or bytes) or a file path (os.PathLike; a str is always "
          "text).")
      .def_static(
          "from_pathways",
          [](const std::vector<Pathway>& ps) { return Caseload::from_pathways(ps); },
          py::arg("pathways"))
      .def_static(
          "from_columns",
          [](std::vector<std::string> person_ids,
             py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> offsets,
             py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast> types,
             py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> dates,
             py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> dates2,
             std::optional<std::vector<std::string>> codes,
             std::optional<py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>>
                 admitted,
             std::optional<std::map<std::string, std::vector<std::string>>> details) {
            EventColumns col;
            col.person_ids = std::move(person_ids);
            col.offsets.assign(offsets.data(), offsets.data() + offsets.size());
            col.types.assign(types.data(), types.data() + types.size());
            auto to32 =
                [](const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& a,
                   const char* name) {
                  std::vector<std::int32_t> out(static_cast<std::size_t>(a.size()));
                  const auto* p = a.data();
                  for (std::size_t i = 0; i < out.size(); ++i) {
                    if (p[i] == kNaT) {
                      out[i] = kNoDay;
                    } else if (p[i] < -208188 || p[i] > 2932896) {
                      throw OutOfRange(index_path(name, i),
                                       "day number " + std::to_string(p[i]) +
                                           " is outside 1400-01-01..9999-12-31");
                    } else {
                      out[i] = static_cast<std::int32_t>(p[i]);
                    }
                  }
                  return out;
                };
            col.dates = to32(dates, "dates");
            col.dates2 = to32(dates2, "dates2");
            if (codes) col.codes = std::move(*codes);
            if (admitted) col.admitted = to32(*admitted, "admitted");
            if (details) {
              for (auto& [key, values] : *details) {
                if (key == "discharge_method")
                  col.discharge_method = std::move(values);
                else if (key == "bed_type")
                  col.bed_type = std::move(values);
                else if (key == "ward_security_level")
                  col.ward_security_level = std::move(values);
                else if (key == "attend_status")
                  col.attend_status = std::move(values);
                else if (key == "consultation_mechanism")
                  col.consultation_mechanism = std::move(values);
                else if (key == "attributable_to")
                  col.attributable_to = std::move(values);
                else
                  throw InvalidArgument(key,
                                        "unknown detail column (known: discharge_method, bed_type, "
                                        "ward_security_level, attend_status, "
                                        "consultation_mechanism, attributable_to)");
              }
            }
            py::gil_scoped_release release;
            return Caseload::from_columns(col);
          },
          py::arg("person_ids"), py::arg("offsets"), py::arg("types"), py::arg("dates"),
          py::arg("dates2"), py::arg("codes") = py::none(), py::arg("admitted") = py::none(),
          py::arg("details") = py::none())
      .def(
          "to_json",
          [](const Caseload& c, bool pretty) {
            std::string s;
            {
              py::gil_scoped_release release;
              s = c.to_json(pretty);
            }
            return py::str(s);
          },
          py::arg("pretty") = true)
      .def(
          "save",
          [](const Caseload& c, const std::string& path, bool pretty) {
            py::gil_scoped_release release;
            c.save(path, pretty);
          },
          py::arg("path"), py::arg("pretty") = true)
      .def("add", &Caseload::add, py::arg("pathway"))
      .def("__len__", &Caseload::size)
      .def_property_readonly("event_count", &Caseload::event_count)
      .def_property_readonly("person_ids", &Caseload::person_ids)
      .def_property_readonly("attributes",
                             [](const Caseload& c) -> PyJsonObject {
                               if (c.attributes().empty()) return py::dict();
                               return json_loads(c.attributes());
                             })
      .def(
          "pathway_at", [](const Caseload& c, std::size_t i) { return c.pathway(i); },
          py::arg("index"))
      .def(
          "pathway", [](const Caseload& c, const std::string& id) { return c.pathway(id); },
          py::arg("person_id"))
      .def(
          "find", [](const Caseload& c, const std::string& id) { return c.find(id); },
          py::arg("person_id"))
      .def_property_readonly("first_date",
                             [](const Caseload& c) { return opt_date_to_py(c.first_date()); })
      .def_property_readonly("last_date",
                             [](const Caseload& c) { return opt_date_to_py(c.last_date()); })
      .def("columns",
           [](const Caseload& c) -> PyRecord {
             py::dict d;
             d["offsets"] = plain_array(c.offsets());
             d["type"] = plain_array(c.types());
             d["date"] = days_array(c.dates());
             d["date2"] = days_array(c.dates2());
             d["code"] = plain_array(c.codes());
             d["code_pool"] = c.code_pool();
             d["admitted"] = days_array(c.dates3());
             // Per detail field: an int16 index into the field's code tuple (-1 none).
             py::dict details;
             const std::pair<const char*, CodeTable> fields[] = {
                 {"discharge_method", CodeTable::discharge_method},
                 {"bed_type", CodeTable::bed_type},
                 {"ward_security_level", CodeTable::ward_security_level},
                 {"attend_status", CodeTable::attend_status},
                 {"consultation_mechanism", CodeTable::consultation_mechanism},
                 {"attributable_to", CodeTable::attributable_to}};
             const auto n = c.event_count();
             for (const auto& [key, table] : fields) {
               const auto& entries = code_table(table);
               std::vector<std::int16_t> ix(n, -1);
               for (std::size_t k = 0; k < n; ++k) {
                 const auto code = c.event_detail(k, table);
                 if (code.empty()) continue;
                 for (std::size_t i = 0; i < entries.size(); ++i) {
                   if (entries[i].code == code) {
                     ix[k] = static_cast<std::int16_t>(i);
                     break;
                   }
                 }
               }
               py::list codes;
               for (const auto& e : entries) codes.append(py::str(std::string(e.code)));
               details[key] = py::make_tuple(plain_array(ix), py::tuple(codes));
             }
             d["details"] = details;
             return d;
           })
      .def(
          "evaluate",
          [](const Caseload& c, const Date& as_of, const TimelinePolicy& policy) {
            Evaluation ev;
            {
              py::gil_scoped_release release;
              ev = evaluate(c, as_of, policy);
            }
            return evaluation_to_py(ev);
          },
          py::arg("as_of"), py::arg("policy"))
      .def(
          "snapshot_json",
          [](const Caseload& c, const Date& on, const TimelinePolicy& policy) {
            py::gil_scoped_release release;
            return snapshot_to_json(snapshot(c, on, policy));
          },
          py::arg("on"), py::arg("policy"))
      .def(
          "measures_json",
          [](const Caseload& c, const Date& start, const Date& end, const TimelinePolicy& policy,
             const CostModel& costs, std::optional<Date> as_of) {
            py::gil_scoped_release release;
            return measures_to_json(measures(c, start, end, policy, costs, as_of));
          },
          py::arg("start"), py::arg("end"), py::arg("policy"), py::arg("costs"), py::arg("as_of"))
      .def(
          "measures_by_json",
          [](const Caseload& c, const std::string& by, const Date& start, const Date& end,
             const TimelinePolicy& policy, const CostModel& costs, std::optional<Date> as_of) {
            py::gil_scoped_release release;
            return grouped_measures_to_json(measures_by(c, by, start, end, policy, costs, as_of));
          },
          py::arg("by"), py::arg("start"), py::arg("end"), py::arg("policy"), py::arg("costs"),
          py::arg("as_of"))
      .def(
          "evaluation_json",
          [](const Caseload& c, const Date& as_of, const TimelinePolicy& policy) {
            py::gil_scoped_release release;
            return evaluation_to_json(evaluate(c, as_of, policy), c);
          },
          py::arg("as_of"), py::arg("policy"))
      .def(
          "fhir",
          [](const Caseload& c, const std::string& id, std::optional<Date> as_of) {
            return pathway_to_fhir(c.pathway(id), as_of);
          },
          py::arg("person_id"), py::arg("as_of"))
      .def(
          "measures_partial_json",
          [](const Caseload& c, std::optional<std::string> by, const Date& start, const Date& end,
             const TimelinePolicy& policy, const CostModel& costs, std::optional<Date> as_of) {
            std::vector<std::tuple<std::optional<std::string>, std::int64_t, py::bytes>> out;
            std::vector<MeasuresPartialGroup> groups;
            {
              py::gil_scoped_release release;
              if (by) {
                groups = measures_partial_by(c, *by, start, end, policy, costs, as_of);
              } else {
                MeasuresPartialGroup g;
                g.has_value = false;
                g.people = static_cast<std::int64_t>(c.size());
                g.partial = measures_partial(c, start, end, policy, costs, as_of);
                groups.push_back(std::move(g));
              }
            }
            for (const auto& g : groups) {
              out.emplace_back(g.has_value ? std::optional<std::string>(g.value) : std::nullopt,
                               g.people, py::bytes(measures_partial_to_json(g.partial)));
            }
            return out;
          },
          py::arg("by"), py::arg("start"), py::arg("end"), py::arg("policy"), py::arg("costs"),
          py::arg("as_of"),
          "[(group value or None, people, partial JSON bytes)]: measures_partial (one row) or "
          "measures_partial_by (one per group) of this caseload (docs/scale.md).");

  m.def(
      "measures_merge_json",
      [](const std::vector<std::string>& partials) {
        if (partials.empty()) throw InvalidArgument("partials", "nothing to merge");
        py::gil_scoped_release release;
        InputLimits limits;
        limits.max_bytes = 0;  // already in memory; the depth limit still holds
        MeasuresPartial total;
        for (std::size_t i = 0; i < partials.size(); ++i) {
          MeasuresPartial p;
          try {
            p = measures_partial_from_json(partials[i], limits);
          } catch (const Error& e) {
            throw InvalidArgument(join_path(index_path("partials", i), e.field()), e.message());
          }
          if (i == 0) {
            total = std::move(p);
          } else {
            try {
              merge_measures_partial(total, p);
            } catch (const Error& e) {
              throw InvalidArgument(index_path("partials", i), e.message());
            }
          }
        }
        return measures_to_json(measures_from_partial(total));
      },
      py::arg("partials"),
      "Merge measures partials (JSON) of disjoint parts of a caseload into the measures "
      "JSON of the whole (figures only; per-person lists empty).");

  // --- Pickling: every value crosses processes as the core's own JSON.
  auto event_cls = py::reinterpret_borrow<py::class_<Event>>(m.attr("Event"));
  def_pickle<Event>(
      event_cls, "Event", "homeward.event",
      [](const Event& e) {
        py::object d = py::cast(e).attr("to_dict")();
        py::object dumps = py::module_::import("json").attr("dumps");
        return dumps(d, py::arg("default") = py::module_::import("builtins").attr("str"))
            .cast<std::string>();
      },
      [](const std::string& payload) {
        py::object d;
        try {
          d = py::module_::import("json").attr("loads")(py::bytes(payload));
        } catch (py::error_already_set& e) {
          throw ParseError("state", std::string("event payload is not JSON: ") + e.what());
        }
        return event_from_py(d, "event");
      });
  def_pickle<TimelinePolicy>(
      policy_cls, "TimelinePolicy", "homeward.policy",
      [](const TimelinePolicy& p) { return timeline_policy_to_json(p, true); },
      [](const std::string& payload) { return timeline_policy_from_json(payload, "policy"); });
  auto costs_cls = py::reinterpret_borrow<py::class_<CostModel>>(m.attr("CostModel"));
  def_pickle<CostModel>(
      costs_cls, "CostModel", "homeward.costs",
      [](const CostModel& c) { return cost_model_to_json(c); },
      [](const std::string& payload) { return cost_model_from_json(payload, "costs"); });
  auto pathway_cls = py::reinterpret_borrow<py::class_<Pathway>>(m.attr("_Pathway"));
  def_pickle<Pathway>(
      pathway_cls, "Pathway", "homeward.pathway",
      [](const Pathway& p) { return Caseload::from_pathways({p}).to_json(false); },
      [](const std::string& payload) {
        LoadOptions o;
        o.strict = false;  // unknown fields were kept: keep them again
        o.max_bytes = 0;   // already in memory
        Caseload c = Caseload::from_json(payload, o);
        if (c.size() != 1) throw InvalidArgument("state", "expected one pathway");
        return c.pathway(0);
      });
  auto caseload_cls = py::reinterpret_borrow<py::class_<Caseload>>(m.attr("_Caseload"));
  def_pickle<Caseload>(
      caseload_cls, "Caseload", "homeward.caseload",
      [](const Caseload& c) {
        py::gil_scoped_release release;
        return c.to_json(false);
      },
      [](const std::string& payload) {
        LoadOptions o;
        o.strict = false;
        o.max_bytes = 0;
        py::gil_scoped_release release;
        return Caseload::from_json(payload, o);
      });
}

}  // namespace homeward::py_bind
