// FHIR R4 import: Bundles or single resources into a Caseload and
// StarReadings. The mapping is the inverse of fhir_export.cpp (docs/fhir.md);
// resources from other systems are read by their standard elements where
// homeward's own extensions are absent.
#include "fhir_internal.hpp"
#include "json_util.hpp"
#include "timeline_internal.hpp"

#include "homeward/error.hpp"
#include "homeward/fhir.hpp"
#include "homeward/ingest.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace homeward {
namespace {

using json = nlohmann::json;
using namespace fhir_detail;

// Where an element is: "entry[3] Encounter/e1: period.start".
struct Where {
  std::string resource;  // "entry[3] Encounter/e1" (with the document name when several)
  std::string at(std::string_view element) const { return resource + ": " + std::string(element); }
};

[[noreturn]] void fail(const Where& w, std::string_view element, const std::string& msg) {
  throw InvalidArgument(w.at(element), msg);
}

const json* member(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

std::string str_member(const json& j, const char* key) {
  const json* m = member(j, key);
  return m && m->is_string() ? m->get<std::string>() : std::string();
}

// A FHIR date or dateTime at date precision; a dateTime must be at midnight
// (homeward counts in whole days).
Date fhir_date(const json& v, const Where& w, std::string_view element) {
  if (!v.is_string()) fail(w, element, "must be a date string (YYYY-MM-DD)");
  std::string s = v.get<std::string>();
  if (s.size() > 10) {
    const std::string rest = s.substr(10);
    static const char* midnight[] = {"T00:00:00", "T00:00:00Z", "T00:00:00+00:00",
                                     "T00:00:00.000Z"};
    bool ok = false;
    for (const char* m : midnight) ok |= rest == m;
    if (!ok)
      fail(
          w, element,
          quote_value(s) + " is not a date (a time other than midnight cannot be placed on a day)");
    s = s.substr(0, 10);
  }
  try {
    return parse_date(s, w.at(element));
  } catch (const Error&) {
    fail(w, element, quote_value(v.get<std::string>()) + " is not a date (YYYY-MM-DD)");
  }
}

// The extensions with a given URL.
std::vector<const json*> extensions(const json& r, const std::string& url) {
  std::vector<const json*> out;
  const json* ext = member(r, "extension");
  if (!ext || !ext->is_array()) return out;
  for (const auto& e : *ext)
    if (str_member(e, "url") == url) out.push_back(&e);
  return out;
}
const json* sub_extension(const json& e, const char* url) {
  const json* ext = member(e, "extension");
  if (!ext || !ext->is_array()) return nullptr;
  for (const auto& s : *ext)
    if (str_member(s, "url") == url) return &s;
  return nullptr;
}
std::int64_t integer_value(const json& e, const Where& w, std::string_view element) {
  const json* v = member(e, "valueInteger");
  if (!v || !v->is_number_integer()) fail(w, element, "needs a valueInteger");
  const auto x = v->get<std::int64_t>();
  if (x < 0 || x > 100000000) fail(w, element, std::to_string(x) + " is outside 0..100000000");
  return x;
}

// The code of the first coding with `system` in a CodeableConcept.
std::optional<std::string> code_in(const json* concept, const std::string& system) {
  if (!concept) return std::nullopt;
  const json* codings = member(*concept, "coding");
  if (!codings || !codings->is_array()) return std::nullopt;
  for (const auto& c : *codings)
    if (str_member(c, "system") == system) {
      const std::string code = str_member(c, "code");
      if (!code.empty()) return code;
    }
  return std::nullopt;
}
std::optional<std::string> code_in_list(const json* list, const std::string& system) {
  if (!list || !list->is_array()) return std::nullopt;
  for (const auto& c : *list)
    if (auto code = code_in(&c, system)) return code;
  return std::nullopt;
}

// The code of an extension's valueCoding, checked against an MHSDS table.
std::string coding_ext(const json& r, const std::string& url, CodeTable table, const Where& w,
                       const char* name) {
  auto v = extensions(r, url);
  if (v.empty()) return "";
  const json* c = member(*v.front(), "valueCoding");
  const std::string el = std::string("extension(") + name + ").valueCoding";
  if (!c || !c->is_object()) fail(w, el, "missing");
  const std::string code = str_member(*c, "code");
  require_code(table, code, w.at(el + ".code"));
  return code;
}

struct ImportedEvent {
  std::string person;
  Event event;
  std::optional<std::int64_t> index;  // homeward's event-index, when present
  int rank = 0;                       // same-day precedence for inputs without indexes
  // A hospital spell's start from another system: a readmission only when it
  // lies after the person's first referral (else it is the spell the person
  // was in when referred, which homeward does not record as an event).
  bool spell_start = false;
  std::size_t order = 0;  // position in the input
};

class Importer {
 public:
  explicit Importer(const FhirImportOptions& o)
      : o_(o), star_(o.star ? *o.star : StarDefinition::recovery_star()) {}

  void add_document(std::string_view text, const std::string& name) {
    const json doc = detail::parse_json(text, name.empty() ? "fhir" : name);
    if (!doc.is_object())
      throw InvalidArgument(name.empty() ? "fhir" : name,
                            "must be a FHIR resource (a JSON object)");
    const std::string type = str_member(doc, "resourceType");
    const std::string prefix = name.empty() ? "" : name + ": ";
    if (type == "Bundle") {
      const json* entries = member(doc, "entry");
      if (!entries) return;
      if (!entries->is_array()) throw InvalidArgument(prefix + "Bundle.entry", "must be an array");
      for (std::size_t i = 0; i < entries->size(); ++i) {
        const json& entry = (*entries)[i];
        const std::string where = prefix + "entry[" + std::to_string(i) + "]";
        const json* res = member(entry, "resource");
        if (!res) {
          ignored_.push_back(where + ": no resource");
          continue;
        }
        add_resource(*res, where, str_member(entry, "fullUrl"));
      }
    } else if (type.empty()) {
      throw InvalidArgument(prefix + "resourceType", "missing: not a FHIR resource");
    } else {
      add_resource(doc, name.empty() ? "resource" : name, "");
    }
  }

  FhirImport finish() {
    // People and their identifiers first (subjects may point at Patients).
    for (auto& r : resources_) read_resource(r);
    FhirImport out;
    out.resources = resources_.size();
    out.ignored = ignored_;
    // Pathways.
    std::map<std::string, std::vector<ImportedEvent*>> by_person;
    std::vector<std::string> order;
    for (auto& e : events_) {
      auto& v = by_person[e.person];
      if (v.empty()) order.push_back(e.person);
      v.push_back(&e);
    }
    std::vector<Pathway> pathways;
    for (const auto& person : order) {
      auto& evs = by_person[person];
      std::optional<Date> first_referral;
      for (const auto* e : evs)
        if (e->event.type == EventType::referral_received &&
            (!first_referral || e->event.date < *first_referral))
          first_referral = e->event.date;
      evs.erase(std::remove_if(evs.begin(), evs.end(),
                               [&](const ImportedEvent* e) {
                                 return e->spell_start && !e->index && first_referral &&
                                        e->event.date <= *first_referral;
                               }),
                evs.end());
      const bool indexed = std::all_of(evs.begin(), evs.end(),
                                       [](const ImportedEvent* e) { return e->index.has_value(); });
      if (indexed) {
        std::stable_sort(
            evs.begin(), evs.end(),
            [](const ImportedEvent* a, const ImportedEvent* b) { return *a->index < *b->index; });
        for (std::size_t k = 1; k < evs.size(); ++k) {
          if (*evs[k]->index == *evs[k - 1]->index) {
            throw InvalidArgument("person " + quote_value(person),
                                  "two events carry event-index " + std::to_string(*evs[k]->index));
          }
        }
      } else {
        std::stable_sort(evs.begin(), evs.end(),
                         [](const ImportedEvent* a, const ImportedEvent* b) {
                           if (a->event.date != b->event.date) return a->event.date < b->event.date;
                           if (a->rank != b->rank) return a->rank < b->rank;
                           return a->order < b->order;
                         });
      }
      Pathway p;
      p.person_id = person;
      auto pa = pathway_attributes_.find(person);
      if (pa != pathway_attributes_.end()) p.attributes = pa->second;
      for (auto* e : evs) p.events.push_back(e->event);
      pathways.push_back(std::move(p));
    }
    Caseload c;
    for (std::size_t i = 0; i < pathways.size(); ++i) {
      try {
        c.add(pathways[i]);
      } catch (const Error& e) {
        // Name the person rather than a position in a list the caller never saw.
        std::string field = e.field();
        const std::string head = "pathways[" + std::to_string(i) + "]";
        if (field.compare(0, head.size(), head) == 0) field = field.substr(head.size());
        throw Error(e.code(), "person " + quote_value(pathways[i].person_id) + field, e.message());
      }
    }
    out.caseload = std::move(c);
    if (!readings_.empty()) out.readings = StarReadings::from_readings(star_, readings_);
    return out;
  }

 private:
  struct Resource {
    json body;
    std::string where;
    std::string full_url;
    std::size_t order;
  };

  void add_resource(const json& r, const std::string& where, const std::string& full_url) {
    if (!r.is_object()) throw InvalidArgument(where + ".resource", "must be a JSON object");
    const std::string type = str_member(r, "resourceType");
    if (type.empty()) throw InvalidArgument(where + ".resource.resourceType", "missing");
    const std::string id = str_member(r, "id");
    Resource res{r, where + " " + type + (id.empty() ? "" : "/" + id), full_url, resources_.size()};
    if (!full_url.empty()) by_url_[full_url] = resources_.size();
    if (!id.empty()) by_url_[type + "/" + id] = resources_.size();
    resources_.push_back(std::move(res));
  }

  // The person id of a Reference (logical identifier, or a Patient in the input).
  std::string person_of(const json* ref, const Where& w, const char* element) {
    if (!ref || !ref->is_object()) fail(w, element, "missing: every resource must name its person");
    if (const json* ident = member(*ref, "identifier")) {
      if (str_member(*ident, "system") == o_.person_system) {
        std::string v = str_member(*ident, "value");
        if (v.empty()) fail(w, std::string(element) + ".identifier.value", "empty person id");
        return v;
      }
    }
    const std::string target = str_member(*ref, "reference");
    if (!target.empty()) {
      auto it = by_url_.find(target);
      if (it == by_url_.end()) {
        // "Patient/x" relative to an absolute fullUrl base.
        for (const auto& [url, idx] : by_url_) {
          if (url.size() > target.size() &&
              url.compare(url.size() - target.size(), target.size(), target) == 0 &&
              url[url.size() - target.size() - 1] == '/') {
            it = by_url_.find(url);
            break;
          }
        }
      }
      if (it != by_url_.end()) {
        const json& patient = resources_[it->second].body;
        if (const json* ids = member(patient, "identifier"); ids && ids->is_array()) {
          for (const auto& id : *ids)
            if (str_member(id, "system") == o_.person_system && !str_member(id, "value").empty())
              return str_member(id, "value");
        }
        fail(w, element,
             "the referenced " + str_member(patient, "resourceType") +
                 " has no identifier with system " + o_.person_system);
      }
      fail(w, std::string(element) + ".reference",
           quote_value(target) + " is not in the input and carries no identifier with system " +
               o_.person_system);
    }
    fail(w, element, "no identifier with system " + o_.person_system);
  }

  void push(const std::string& person, Event e, std::optional<std::int64_t> index,
            std::size_t order, bool spell_start = false) {
    ImportedEvent ie;
    ie.spell_start = spell_start;
    ie.person = person;
    ie.rank = event_type_precedence(e.type);  // the one documented order (ingest.hpp)
    ie.event = std::move(e);
    ie.index = index;
    ie.order = events_.size();
    (void)order;
    events_.push_back(std::move(ie));
  }

  std::vector<std::int64_t> indexes(const json& r, const Where& w) {
    std::vector<std::int64_t> out;
    for (const json* e : extensions(r, kExtEventIndex))
      out.push_back(integer_value(*e, w, "extension(event-index)"));
    return out;
  }
  static std::optional<std::int64_t> nth(const std::vector<std::int64_t>& v, std::size_t k) {
    return k < v.size() ? std::optional<std::int64_t>(v[k]) : std::nullopt;
  }

  std::string attributes_ext(const json& r, const std::string& url, const Where& w) {
    auto v = extensions(r, url);
    if (v.empty()) return "";
    const json* s = member(*v.front(), "valueString");
    if (!s || !s->is_string())
      fail(w, "extension(" + url + ")", "needs a valueString (a JSON object)");
    return s->get<std::string>();
  }

  void read_resource(const Resource& res) {
    const json& r = res.body;
    const std::string type = str_member(r, "resourceType");
    const Where w{res.where};
    if (type == "Patient") return read_patient(r, w, res.order);
    if (type == "ServiceRequest") return read_service_request(r, w, res.order);
    if (type == "EpisodeOfCare") return read_episode(r, w, res.order);
    if (type == "Encounter") return read_encounter(r, w, res.order);
    if (type == "Flag") {
      const auto cat = code_in_list(member(r, "category"), kCsFlagCategory);
      if (cat == std::string("clinically-ready-for-discharge") ||
          code_in(member(r, "code"), mhsds_system(CodeTable::delay_reason))) {
        return read_flag(r, w, res.order, EventType::clinically_ready_for_discharge);
      }
      if (cat == std::string("out-of-area-placement") ||
          code_in(member(r, "code"), mhsds_system(CodeTable::out_of_area_reason))) {
        return read_flag(r, w, res.order, EventType::out_of_area_placement);
      }
    }
    if (type == "Observation" && code_in(member(r, "code"), kCsStar)) return read_observation(r, w);
    ignored_.push_back(res.where + ": not used");
  }

  // A Patient is read through references; another system's deceasedDateTime
  // is the died event (homeward writes the death as a pathway-event instead).
  void read_patient(const json& r, const Where& w, std::size_t order) {
    const json* dd = member(r, "deceasedDateTime");
    if (!dd) return;
    std::string person;
    if (const json* ids = member(r, "identifier"); ids && ids->is_array()) {
      for (const auto& id : *ids)
        if (str_member(id, "system") == o_.person_system) person = str_member(id, "value");
    }
    if (person.empty()) fail(w, "identifier", "no identifier with system " + o_.person_system);
    Event e;
    e.type = EventType::died;
    e.date = fhir_date(*dd, w, "deceasedDateTime");
    push(person, std::move(e), std::nullopt, order);
  }

  void read_service_request(const json& r, const Where& w, std::size_t order) {
    const std::string person = person_of(member(r, "subject"), w, "subject");
    const json* authored = member(r, "authoredOn");
    if (!authored) fail(w, "authoredOn", "missing: the date the referral was received");
    Event e;
    e.type = EventType::referral_received;
    e.date = fhir_date(*authored, w, "authoredOn");
    if (auto pd = extensions(r, kExtPlannedDischarge); !pd.empty()) {
      const json* v = member(*pd.front(), "valueDate");
      if (!v) fail(w, "extension(planned-discharge-date)", "needs a valueDate");
      e.planned_discharge = fhir_date(*v, w, "extension(planned-discharge-date).valueDate");
    }
    if (auto ad = extensions(r, kExtSpellAdmission); !ad.empty()) {
      const json* v = member(*ad.front(), "valueDate");
      if (!v) fail(w, "extension(spell-admission-date)", "needs a valueDate");
      e.admitted = fhir_date(*v, w, "extension(spell-admission-date).valueDate");
    }
    e.attributes = attributes_ext(r, kExtAttributes, w);
    const std::string pa = attributes_ext(r, kExtPathwayAttributes, w);
    if (!pa.empty()) pathway_attributes_[person] = pa;
    const auto idx = indexes(r, w);
    push(person, std::move(e), nth(idx, 0), order);
    for (const json* c : extensions(r, kExtPlannedDischargeChange)) {
      Event ch;
      ch.type = EventType::planned_discharge_changed;
      const json* d = sub_extension(*c, "date");
      const json* pdv = sub_extension(*c, "plannedDischarge");
      if (!d || !member(*d, "valueDate"))
        fail(w, "extension(planned-discharge-change).date", "missing");
      if (!pdv || !member(*pdv, "valueDate"))
        fail(w, "extension(planned-discharge-change).plannedDischarge", "missing");
      ch.date = fhir_date(*member(*d, "valueDate"), w, "extension(planned-discharge-change).date");
      ch.planned_discharge = fhir_date(*member(*pdv, "valueDate"), w,
                                       "extension(planned-discharge-change).plannedDischarge");
      std::optional<std::int64_t> ix;
      if (const json* i = sub_extension(*c, "index"))
        ix = integer_value(*i, w, "extension(planned-discharge-change).index");
      if (const json* a = sub_extension(*c, "attributes"))
        ch.attributes = str_member(*a, "valueString");
      push(person, std::move(ch), ix, order);
    }
  }

  void read_episode(const json& r, const Where& w, std::size_t order) {
    const std::string person = person_of(member(r, "patient"), w, "patient");
    auto evs = extensions(r, kExtPathwayEvent);
    if (!evs.empty()) {
      for (const json* x : evs) {
        const json* t = sub_extension(*x, "type");
        const json* d = sub_extension(*x, "date");
        if (!t || !member(*t, "valueCode")) fail(w, "extension(pathway-event).type", "missing");
        if (!d || !member(*d, "valueDate")) fail(w, "extension(pathway-event).date", "missing");
        Event e;
        const std::string tname = str_member(*t, "valueCode");
        e.type = parse_event_type(tname, w.at("extension(pathway-event).type"));
        if (e.type != EventType::accepted && e.type != EventType::declined &&
            e.type != EventType::closed && e.type != EventType::transition_plan_agreed &&
            e.type != EventType::died) {
          fail(w, "extension(pathway-event).type",
               quote_value(tname) +
                   " is not an episode event (accepted, declined, transition_plan_agreed, closed, "
                   "died)");
        }
        e.date = fhir_date(*member(*d, "valueDate"), w, "extension(pathway-event).date");
        std::optional<std::int64_t> ix;
        if (const json* i = sub_extension(*x, "index"))
          ix = integer_value(*i, w, "extension(pathway-event).index");
        if (const json* a = sub_extension(*x, "attributes"))
          e.attributes = str_member(*a, "valueString");
        push(person, std::move(e), ix, order);
      }
      return;
    }
    // Another system's EpisodeOfCare: read the decisions from its status history.
    std::vector<std::pair<std::string, Date>> statuses;
    if (const json* h = member(r, "statusHistory"); h && h->is_array()) {
      for (std::size_t k = 0; k < h->size(); ++k) {
        const json& s = (*h)[k];
        const json* ps = member(s, "period") ? member(*member(s, "period"), "start") : nullptr;
        if (!ps) fail(w, "statusHistory[" + std::to_string(k) + "].period.start", "missing");
        statuses.push_back(
            {str_member(s, "status"),
             fhir_date(*ps, w, "statusHistory[" + std::to_string(k) + "].period.start")});
      }
    }
    const std::string status = str_member(r, "status");
    const json* period = member(r, "period");
    const json* pend = period ? member(*period, "end") : nullptr;
    bool accepted = false;
    for (const auto& [s, d] : statuses) {
      if (s == "active" && !accepted) {
        Event e;
        e.type = EventType::accepted;
        e.date = d;
        push(person, std::move(e), std::nullopt, order);
        accepted = true;
      }
    }
    if (status == "active" && !accepted) {
      const json* ps = period ? member(*period, "start") : nullptr;
      if (!ps) fail(w, "period.start", "missing");
      // Active with no history: accepted when the episode started.
      Event e;
      e.type = EventType::accepted;
      e.date = fhir_date(*ps, w, "period.start");
      push(person, std::move(e), std::nullopt, order);
      accepted = true;
    }
    if (status == "cancelled" || status == "finished") {
      if (!pend) fail(w, "period.end", "missing for a " + status + " episode");
      Event e;
      e.type = status == "cancelled" && !accepted ? EventType::declined : EventType::closed;
      e.date = fhir_date(*pend, w, "period.end");
      push(person, std::move(e), std::nullopt, order);
    }
  }

  void read_encounter(const json& r, const Where& w, std::size_t order) {
    const std::string status = str_member(r, "status");
    const json* cls = member(r, "class");
    const std::string cls_code = cls ? str_member(*cls, "code") : "";
    const auto type_code = code_in_list(member(r, "type"), kCsEventType);
    const auto idx = indexes(r, w);
    const bool own = !idx.empty();  // written by homeward: attendance is in attend-status
    if (status == "entered-in-error" || (!own && (status == "planned" || status == "cancelled"))) {
      ignored_.push_back(w.resource + ": status " + status + " (not an event that happened)");
      return;
    }
    const std::string person = person_of(member(r, "subject"), w, "subject");
    const json* period = member(r, "period");
    const json* ps = period ? member(*period, "start") : nullptr;
    const json* pe = period ? member(*period, "end") : nullptr;
    auto attrs = [&](const char* prefix) {
      const std::string p = std::string(prefix) + ":";
      for (const json* a : extensions(r, kExtAttributes)) {
        const std::string v = str_member(*a, "valueString");
        if (v.compare(0, p.size(), p) == 0) return v.substr(p.size());
      }
      return std::string();
    };
    const bool spell = type_code
                           ? *type_code == "hospital_spell"
                           : (cls_code == "IMP" || cls_code == "ACUTE" || cls_code == "NONAC");
    const bool stay = type_code && *type_code == "step_down_stay";
    if (spell || stay) {
      if (!ps && !pe) fail(w, "period", "needs a start or an end");
      std::size_t k = 0;
      // homeward writes the start of the spell the person was in when referred
      // (StartDateHospProvSpell, on the referral) without an event-index.
      if (spell && own && ps && idx.size() < (pe ? 2u : 1u)) ps = nullptr;
      if (ps) {
        Event e;
        e.type = spell ? EventType::readmitted : EventType::step_down_admitted;
        e.date = fhir_date(*ps, w, "period.start");
        e.attributes = attrs(spell ? "readmitted" : "step_down_admitted");
        push(person, std::move(e), nth(idx, k++), order, spell);
      } else if (stay) {
        fail(w, "period.start", "missing: a step-down stay needs its admission date");
      }
      if (pe) {
        Event e;
        e.type = spell ? EventType::discharged : EventType::step_down_left;
        e.date = fhir_date(*pe, w, "period.end");
        e.attributes = attrs(spell ? "discharged" : "step_down_left");
        const json* h = member(r, "hospitalization");
        const json* dd = h ? member(*h, "dischargeDisposition") : nullptr;
        if (stay && dd) {
          e.destination = str_member(*dd, "text");  // the service's own words
        } else if (spell) {
          if (dd) {
            if (auto c = code_in(dd, mhsds_system(CodeTable::discharge_destination))) {
              require_code(CodeTable::discharge_destination, *c,
                           w.at("hospitalization.dischargeDisposition"));
              e.destination = *c;
            }
          }
          e.discharge_method = coding_ext(r, kExtDischargeMethod, CodeTable::discharge_method, w,
                                          "discharge-method");
          e.ward_security_level = coding_ext(r, kExtWardSecurity, CodeTable::ward_security_level, w,
                                             "ward-security-level");
          if (auto bt = code_in(member(r, "serviceType"), mhsds_system(CodeTable::bed_type))) {
            require_code(CodeTable::bed_type, *bt, w.at("serviceType"));
            e.bed_type = *bt;
          }
        }
        push(person, std::move(e), nth(idx, k++), order);
      }
      return;
    }
    const json* when = ps ? ps : pe;
    if (!when) fail(w, "period.start", "missing: the date of the contact");
    Event e;
    e.type = type_code && *type_code == "initial_visit" ? EventType::initial_visit
                                                        : EventType::follow_up_contact;
    if (type_code && *type_code != "initial_visit" && *type_code != "follow_up_contact") {
      fail(w, "type",
           quote_value(*type_code) +
               " is not an encounter type homeward writes (initial_visit, follow_up_contact, "
               "hospital_spell, step_down_stay)");
    }
    e.date = fhir_date(*when, w, ps ? "period.start" : "period.end");
    e.attributes = attributes_ext(r, kExtAttributes, w);
    e.attend_status = coding_ext(r, kExtAttendStatus, CodeTable::attend_status, w, "attend-status");
    e.consultation_mechanism = coding_ext(r, kExtConsMechanism, CodeTable::consultation_mechanism,
                                          w, "consultation-mechanism");
    push(person, std::move(e), nth(idx, 0), order);
  }

  void read_flag(const json& r, const Where& w, std::size_t order, EventType type) {
    const std::string person = person_of(member(r, "subject"), w, "subject");
    const json* period = member(r, "period");
    const json* ps = period ? member(*period, "start") : nullptr;
    const bool crfd = type == EventType::clinically_ready_for_discharge;
    if (!ps) {
      fail(w, "period.start",
           crfd ? "missing: the date the person became clinically ready for discharge"
                : "missing: the date the out-of-area placement began");
    }
    Event e;
    e.type = type;
    e.date = fhir_date(*ps, w, "period.start");
    if (const json* pe = member(*period, "end")) e.end_date = fhir_date(*pe, w, "period.end");
    const CodeTable table = crfd ? CodeTable::delay_reason : CodeTable::out_of_area_reason;
    auto reason = code_in(member(r, "code"), mhsds_system(table));
    if (!reason) {
      fail(w, "code",
           "no coding with system " + mhsds_system(table) + " (MHSDS " +
               std::string(code_table_mhsds_name(table)) + ")");
    }
    require_code(table, *reason, w.at("code"));
    (crfd ? e.delay_reason : e.out_of_area_reason) = *reason;
    if (crfd)
      e.attributable_to =
          coding_ext(r, kExtAttributableTo, CodeTable::attributable_to, w, "attributable-to");
    e.attributes = attributes_ext(r, kExtAttributes, w);
    const auto idx = indexes(r, w);
    push(person, std::move(e), nth(idx, 0), order);
  }

  void read_observation(const json& r, const Where& w) {
    const std::string person = person_of(member(r, "subject"), w, "subject");
    const std::string star_id = *code_in(member(r, "code"), kCsStar);
    if (star_id != star_.id()) {
      fail(w, "code",
           "the reading is for star " + quote_value(star_id) + ", but the import reads " +
               quote_value(star_.id()) + " (pass options.star)");
    }
    const json* eff = member(r, "effectiveDateTime");
    if (!eff) fail(w, "effectiveDateTime", "missing: the date of the reading");
    StarReading reading;
    reading.person_id = person;
    reading.date = fhir_date(*eff, w, "effectiveDateTime");
    if (auto who = code_in(member(r, "method"), kCsCompletedBy)) {
      reading.completed_by = parse_completion(*who, w.at("method"));
    }
    for (const json* x : extensions(r, kExtRetrospective)) {
      const json* v = member(*x, "valueBoolean");
      if (!v || !v->is_boolean())
        fail(w, "extension(star-reading-retrospective)", "needs a valueBoolean");
      reading.retrospective = v->get<bool>();
    }
    const json* comps = member(r, "component");
    if (comps && comps->is_array()) {
      for (std::size_t k = 0; k < comps->size(); ++k) {
        const json& c = (*comps)[k];
        const std::string el = "component[" + std::to_string(k) + "]";
        auto code = code_in(member(c, "code"), kCsStarArea);
        std::string area;
        if (code) {
          const std::string prefix = star_.id() + "/";
          area = code->compare(0, prefix.size(), prefix) == 0 ? code->substr(prefix.size()) : *code;
        } else {
          // By display name, case-insensitively.
          const std::string text = member(c, "code") ? str_member(*member(c, "code"), "text") : "";
          for (const auto& a : star_.areas()) {
            if (a.name.size() == text.size() &&
                std::equal(a.name.begin(), a.name.end(), text.begin(), [](char x, char y) {
                  return std::tolower(static_cast<unsigned char>(x)) ==
                         std::tolower(static_cast<unsigned char>(y));
                })) {
              area = a.id;
            }
          }
          if (area.empty())
            fail(w, el + ".code", "not an outcome area of " + quote_value(star_.id()));
        }
        star_.area_index(area, w.at(el + ".code"));
        const json* v = member(c, "valueInteger");
        if (!v) {
          if (member(c, "dataAbsentReason")) continue;
          fail(w, el + ".valueInteger", "missing: a score is a whole number");
        }
        if (!v->is_number_integer()) fail(w, el + ".valueInteger", "must be a whole number");
        const auto score = v->get<std::int64_t>();
        if (score < star_.scale_min() || score > star_.scale_max()) {
          fail(w, el + ".valueInteger",
               std::to_string(score) + " is outside the scale " +
                   std::to_string(star_.scale_min()) + ".." + std::to_string(star_.scale_max()));
        }
        reading.scores.push_back({area, static_cast<int>(score)});
      }
    }
    readings_.push_back(std::move(reading));
  }

  const FhirImportOptions& o_;
  StarDefinition star_;
  std::vector<Resource> resources_;
  std::map<std::string, std::size_t> by_url_;
  std::vector<std::string> ignored_;
  std::vector<ImportedEvent> events_;
  std::map<std::string, std::string> pathway_attributes_;
  std::vector<StarReading> readings_;
};

}  // namespace

FhirImportOptions fhir_import_options_from_json(std::string_view json_text,
                                                std::string_view field) {
  const nlohmann::json j = detail::parse_json(json_text, field);
  if (!j.is_object()) throw InvalidArgument(std::string(field), "must be a JSON object");
  FhirImportOptions o;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string key = std::string(field) + "." + it.key();
    if (it.key() == "person_system") {
      if (!it->is_string() || it->get<std::string>().empty())
        throw InvalidArgument(key, "must be a non-empty string (a URI)");
      o.person_system = it->get<std::string>();
    } else if (it.key() == "max_bytes") {
      if (!it->is_number_unsigned()) throw InvalidArgument(key, "must be a non-negative integer");
      o.max_bytes = it->get<std::size_t>();
    } else if (it.key() == "star") {
      if (!it->is_object()) throw InvalidArgument(key, "must be a star definition (a JSON object)");
      o.star = StarDefinition::from_json(it->dump());
    } else {
      throw InvalidArgument(key, "unknown option (known: person_system, max_bytes, star)");
    }
  }
  return o;
}

FhirImport fhir_import(std::string_view json_text, const FhirImportOptions& options) {
  if (options.max_bytes && json_text.size() > options.max_bytes) {
    throw OutOfRange("fhir", "input of " + std::to_string(json_text.size()) +
                                 " bytes exceeds max_bytes (" + std::to_string(options.max_bytes) +
                                 ")");
  }
  Importer im(options);
  im.add_document(json_text, "");
  return im.finish();
}

FhirImport fhir_import(const std::vector<std::string>& texts, const std::vector<std::string>& names,
                       const FhirImportOptions& options) {
  if (names.size() != texts.size()) {
    throw InvalidArgument("names", "needs one name per document (" + std::to_string(texts.size()) +
                                       "), got " + std::to_string(names.size()));
  }
  std::size_t total = 0;
  for (const auto& t : texts) total += t.size();
  if (options.max_bytes && total > options.max_bytes) {
    throw OutOfRange("fhir", "input of " + std::to_string(total) + " bytes exceeds max_bytes (" +
                                 std::to_string(options.max_bytes) + ")");
  }
  Importer im(options);
  for (std::size_t i = 0; i < texts.size(); ++i) im.add_document(texts[i], names[i]);
  return im.finish();
}

std::string fhir_import_summary_json(const FhirImport& r) {
  nlohmann::ordered_json j;
  j["resources"] = r.resources;
  j["people"] = r.caseload.size();
  j["events"] = r.caseload.event_count();
  j["readings"] = r.readings ? r.readings->size() : 0;
  j["ignored"] = r.ignored;
  return j.dump();
}

}  // namespace homeward
