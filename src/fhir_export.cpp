// FHIR R4 export: a pathway (and the person's Star readings) as a collection
// Bundle. See include/homeward/fhir.hpp for the mapping and docs/fhir.md for
// every element.
#include "fhir_internal.hpp"
#include "json_util.hpp"
#include "timeline_internal.hpp"

#include "homeward/error.hpp"
#include "homeward/fhir.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>

namespace homeward {
namespace fhir_detail {

namespace {
std::uint64_t fnv1a(std::string_view s, std::uint64_t h) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}
std::uint64_t mix(std::uint64_t z) {  // splitmix64 finaliser
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
}  // namespace

std::string name_uuid(std::string_view name) {
  const std::uint64_t hi = mix(fnv1a(name, 0xcbf29ce484222325ULL));
  const std::uint64_t lo = mix(fnv1a(name, 0x84222325cbf29ce4ULL) ^ 0x9e3779b97f4a7c15ULL);
  std::array<unsigned char, 16> b{};
  for (int i = 0; i < 8; ++i) {
    b[static_cast<std::size_t>(i)] = static_cast<unsigned char>(hi >> (56 - 8 * i));
    b[static_cast<std::size_t>(8 + i)] = static_cast<unsigned char>(lo >> (56 - 8 * i));
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x80);  // version 8
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 9562 variant
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[b[i] >> 4];
    out += hex[b[i] & 0x0F];
  }
  return out;
}

std::string mhsds_system(CodeTable t) {
  std::string name(code_table_name(t));
  for (char& c : name)
    if (c == '_') c = '-';
  return kCsBase + "mhsds-" + name;
}

}  // namespace fhir_detail

namespace {

using ojson = nlohmann::ordered_json;
using namespace fhir_detail;

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Resource.text: a generated narrative of label/value rows.
ojson narrative(const std::string& title,
                const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string div =
      "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p><b>" + xml_escape(title) + "</b></p>";
  if (!rows.empty()) {
    div += "<table><tbody>";
    for (const auto& [k, v] : rows)
      div += "<tr><th>" + xml_escape(k) + "</th><td>" + xml_escape(v) + "</td></tr>";
    div += "</tbody></table>";
  }
  div += "</div>";
  return {{"status", "generated"}, {"div", div}};
}

ojson coding(const std::string& system, const std::string& code, const std::string& display = "") {
  ojson c;
  c["system"] = system;
  c["code"] = code;
  if (!display.empty()) c["display"] = display;
  return c;
}

// A coding of an MHSDS code with its name from homeward's code tables.
ojson mhsds_coding(CodeTable t, const std::string& code) {
  return coding(mhsds_system(t), code, std::string(code_name(t, code)));
}

ojson ext_value(const std::string& url, const char* kind, ojson value) {
  ojson e;
  e["url"] = url;
  e[kind] = std::move(value);
  return e;
}

// A person's events, with their index in the pathway.
struct Indexed {
  const Event* e;
  std::size_t index;
};

class Writer {
 public:
  Writer(const FhirExportOptions& o, ojson& entries) : o_(o), entries_(entries) {}

  ojson subject(const std::string& person) const {
    return {{"identifier", {{"system", o_.person_system}, {"value", person}}}};
  }

  // Adds a resource with a deterministic urn:uuid fullUrl; returns the fullUrl.
  std::string add(const std::string& person, const std::string& kind, std::size_t ordinal,
                  ojson resource, const std::string& title,
                  const std::vector<std::pair<std::string, std::string>>& rows) {
    const std::string uuid = name_uuid(person + "\x1f" + kind + "\x1f" + std::to_string(ordinal));
    ojson r;
    r["resourceType"] = resource["resourceType"];
    r["id"] = uuid;
    if (o_.narrative) r["text"] = narrative(title, rows);
    for (auto it = resource.begin(); it != resource.end(); ++it) {
      if (it.key() != "resourceType") r[it.key()] = std::move(it.value());
    }
    const std::string full = "urn:uuid:" + uuid;
    entries_.push_back({{"fullUrl", full}, {"resource", std::move(r)}});
    return full;
  }

 private:
  const FhirExportOptions& o_;
  ojson& entries_;
};

void add_index(ojson& extensions, std::size_t index) {
  extensions.push_back(ext_value(kExtEventIndex, "valueInteger", static_cast<std::int64_t>(index)));
}

void add_attributes(ojson& extensions, const std::string& url, const std::string& attributes) {
  if (!attributes.empty()) extensions.push_back(ext_value(url, "valueString", attributes));
}

struct Episode {
  std::size_t number = 0;  // 1-based
  Indexed referral{};
  std::vector<Indexed> events;  // the rest of the episode's events
  std::string sr_url, eoc_url;
};

void export_person(Writer& w, const Pathway& p, const StarReadings* readings,
                   const FhirExportOptions& o) {
  const std::string& pid = p.person_id;
  // Events up to as_of, split into episodes (validate_pathway guarantees
  // that each episode starts with referral_received).
  std::vector<Episode> episodes;
  for (std::size_t j = 0; j < p.events.size(); ++j) {
    const Event& e = p.events[j];
    if (o.as_of && e.date > *o.as_of) break;
    if (e.type == EventType::referral_received) {
      Episode ep;
      ep.number = episodes.size() + 1;
      ep.referral = {&e, j};
      episodes.push_back(std::move(ep));
    } else {
      episodes.back().events.push_back({&e, j});
    }
  }

  for (auto& ep : episodes) {
    const Event& ref = *ep.referral.e;
    // Status of the referral and the episode.
    bool accepted = false, declined = false, ended = false;
    Date end_date;
    std::optional<Date> planned = ref.planned_discharge;
    struct Change {
      std::string status;
      Date from;
    };
    std::vector<Change> changes{{"planned", ref.date}};
    ojson sr_ext = ojson::array();
    ojson eoc_ext = ojson::array();
    add_index(sr_ext, ep.referral.index);
    if (ref.planned_discharge) {
      sr_ext.push_back(
          ext_value(kExtPlannedDischarge, "valueDate", format_date(*ref.planned_discharge)));
    }
    if (ref.admitted)
      sr_ext.push_back(ext_value(kExtSpellAdmission, "valueDate", format_date(*ref.admitted)));
    add_attributes(sr_ext, kExtAttributes, ref.attributes);
    if (ep.number == 1) add_attributes(sr_ext, kExtPathwayAttributes, p.attributes);
    auto pathway_event = [&](const Indexed& x) {
      ojson sub = ojson::array();
      sub.push_back(ext_value("type", "valueCode", std::string(event_type_name(x.e->type))));
      sub.push_back(ext_value("date", "valueDate", format_date(x.e->date)));
      sub.push_back(ext_value("index", "valueInteger", static_cast<std::int64_t>(x.index)));
      if (!x.e->attributes.empty())
        sub.push_back(ext_value("attributes", "valueString", x.e->attributes));
      return ojson{{"extension", std::move(sub)}, {"url", kExtPathwayEvent}};
    };
    for (const auto& x : ep.events) {
      const Event& e = *x.e;
      switch (e.type) {
        case EventType::planned_discharge_changed: {
          planned = e.planned_discharge;
          ojson sub = ojson::array();
          sub.push_back(ext_value("date", "valueDate", format_date(e.date)));
          sub.push_back(
              ext_value("plannedDischarge", "valueDate", format_date(*e.planned_discharge)));
          sub.push_back(ext_value("index", "valueInteger", static_cast<std::int64_t>(x.index)));
          if (!e.attributes.empty())
            sub.push_back(ext_value("attributes", "valueString", e.attributes));
          sr_ext.push_back({{"extension", std::move(sub)}, {"url", kExtPlannedDischargeChange}});
          break;
        }
        case EventType::accepted:
          accepted = true;
          changes.push_back({"active", e.date});
          eoc_ext.push_back(pathway_event(x));
          break;
        case EventType::declined:
          declined = true;
          ended = true;
          end_date = e.date;
          changes.push_back({"cancelled", e.date});
          eoc_ext.push_back(pathway_event(x));
          break;
        case EventType::closed:
          if (!declined) changes.push_back({accepted ? "finished" : "cancelled", e.date});
          ended = true;
          end_date = e.date;
          eoc_ext.push_back(pathway_event(x));
          break;
        case EventType::transition_plan_agreed: eoc_ext.push_back(pathway_event(x)); break;
        case EventType::died:
          // The pathway ends; the episode finishes (or stays cancelled) on the day.
          if (!ended) {
            changes.push_back({accepted ? "finished" : "cancelled", e.date});
            ended = true;
            end_date = e.date;
          }
          eoc_ext.push_back(pathway_event(x));
          break;
        default: break;
      }
    }

    ojson sr;
    sr["resourceType"] = "ServiceRequest";
    sr["extension"] = std::move(sr_ext);
    sr["identifier"] =
        ojson::array({{{"system", kIdReferral}, {"value", pid + "/" + std::to_string(ep.number)}}});
    std::string sr_status = "active";
    if (declined || (ended && !accepted))
      sr_status = "revoked";
    else if (ended)
      sr_status = "completed";
    sr["status"] = sr_status;
    sr["intent"] = "order";
    sr["code"] = {{"text", "Referral to a hospital-to-community transition service"}};
    sr["subject"] = w.subject(pid);
    sr["authoredOn"] = format_date(ref.date);
    std::vector<std::pair<std::string, std::string>> sr_rows{
        {"Person", pid}, {"Referral received", format_date(ref.date)}, {"Status", sr_status}};
    if (planned) sr_rows.push_back({"Planned discharge", format_date(*planned)});
    ep.sr_url = w.add(pid, "ServiceRequest", ep.number, std::move(sr),
                      "Referral to the transition service", sr_rows);

    ojson eoc;
    eoc["resourceType"] = "EpisodeOfCare";
    if (!eoc_ext.empty()) eoc["extension"] = std::move(eoc_ext);
    eoc["identifier"] =
        ojson::array({{{"system", kIdEpisode}, {"value", pid + "/" + std::to_string(ep.number)}}});
    eoc["status"] = changes.back().status;
    ojson history = ojson::array();
    for (std::size_t c = 0; c < changes.size(); ++c) {
      // Every status held, the current one open-ended; Period.end is inclusive.
      ojson period;
      period["start"] = format_date(changes[c].from);
      if (c + 1 < changes.size()) {
        const Date next = changes[c + 1].from;
        if (next == changes[c].from) continue;  // held for no whole day
        period["end"] = format_date(next - boost::gregorian::days(1));
      }
      history.push_back({{"status", changes[c].status}, {"period", std::move(period)}});
    }
    if (!history.empty()) eoc["statusHistory"] = std::move(history);
    eoc["type"] = ojson::array({{{"text", "Hospital-to-community transition support"}}});
    eoc["patient"] = w.subject(pid);
    ojson period;
    period["start"] = format_date(ref.date);
    if (ended) period["end"] = format_date(end_date);
    eoc["period"] = std::move(period);
    eoc["referralRequest"] = ojson::array({{{"reference", ep.sr_url}}});
    std::vector<std::pair<std::string, std::string>> eoc_rows{
        {"Person", pid}, {"Status", changes.back().status}, {"Start", format_date(ref.date)}};
    if (ended) eoc_rows.push_back({"End", format_date(end_date)});
    ep.eoc_url = w.add(pid, "EpisodeOfCare", ep.number, std::move(eoc),
                       "Transition support episode", eoc_rows);
  }

  // Encounters and flags, grouped by kind, each kind in event order.
  auto episode_of = [&](std::size_t index) -> const Episode& {
    const Episode* found = &episodes.front();
    for (const auto& ep : episodes)
      if (ep.referral.index <= index) found = &ep;
    return *found;
  };
  auto encounter = [&](const char* cls, const char* cls_display, EventType type,
                       const std::string& type_text) {
    ojson r;
    r["resourceType"] = "Encounter";
    r["class"] = coding(kV3ActCode, cls, cls_display);
    r["type"] = ojson::array(
        {{{"coding", ojson::array({coding(kCsEventType, std::string(event_type_name(type)))})},
          {"text", type_text}}});
    return r;
  };

  // Visits and follow-up contacts: one Encounter per event.
  std::size_t visits = 0, contacts = 0;
  for (const auto& ep : episodes) {
    for (const auto& x : ep.events) {
      const Event& e = *x.e;
      if (e.type != EventType::initial_visit && e.type != EventType::follow_up_contact) continue;
      const bool visit = e.type == EventType::initial_visit;
      // ConsMechanismMH 01 is face to face; telephone, talk type and video are virtual.
      const bool virtual_contact =
          !e.consultation_mechanism.empty() && e.consultation_mechanism != "01";
      ojson r = encounter(
          virtual_contact ? "VR" : "AMB", virtual_contact ? "virtual" : "ambulatory", e.type,
          visit ? "Initial visit by the transition team" : "Follow-up contact after discharge");
      ojson ext = ojson::array();
      add_index(ext, x.index);
      add_attributes(ext, kExtAttributes, e.attributes);
      if (!e.attend_status.empty())
        ext.push_back(ext_value(kExtAttendStatus, "valueCoding",
                                mhsds_coding(CodeTable::attend_status, e.attend_status)));
      if (!e.consultation_mechanism.empty())
        ext.push_back(
            ext_value(kExtConsMechanism, "valueCoding",
                      mhsds_coding(CodeTable::consultation_mechanism, e.consultation_mechanism)));
      const bool attended = e.attend_status.empty() ||
                            code_group(CodeTable::attend_status, e.attend_status) == "attended";
      ojson out;
      out["resourceType"] = "Encounter";
      out["extension"] = std::move(ext);
      out["status"] = attended ? "finished" : "cancelled";
      out["class"] = r["class"];
      out["type"] = r["type"];
      out["subject"] = w.subject(pid);
      out["episodeOfCare"] = ojson::array({{{"reference", ep.eoc_url}}});
      out["basedOn"] = ojson::array({{{"reference", ep.sr_url}}});
      out["period"] = {{"start", format_date(e.date)}, {"end", format_date(e.date)}};
      std::vector<std::pair<std::string, std::string>> rows{{"Person", pid},
                                                            {"Date", format_date(e.date)}};
      if (!e.attend_status.empty())
        rows.push_back(
            {"Attendance", std::string(code_name(CodeTable::attend_status, e.attend_status))});
      if (!e.consultation_mechanism.empty())
        rows.push_back({"How", std::string(code_name(CodeTable::consultation_mechanism,
                                                     e.consultation_mechanism))});
      w.add(pid, visit ? "Encounter-visit" : "Encounter-contact", visit ? ++visits : ++contacts,
            std::move(out), visit ? "Initial visit" : "Follow-up contact", rows);
    }
  }

  // Hospital spells (readmitted .. discharged) and step-down stays
  // (step_down_admitted .. step_down_left).
  struct Stay {
    std::optional<Indexed> start, end;
  };
  std::vector<Stay> spells, stays;
  bool in_spell_open = true;  // the person is in hospital when referred
  spells.push_back({});
  for (const auto& ep : episodes) {
    for (const auto& x : ep.events) {
      switch (x.e->type) {
        case EventType::readmitted:
          if (in_spell_open && (spells.back().start || spells.back().end)) spells.push_back({});
          if (!in_spell_open) spells.push_back({});
          spells.back().start = x;
          in_spell_open = true;
          break;
        case EventType::discharged:
          spells.back().end = x;
          in_spell_open = false;
          break;
        case EventType::step_down_admitted: stays.push_back({x, std::nullopt}); break;
        case EventType::step_down_left:
          if (stays.empty() || stays.back().end) stays.push_back({});
          stays.back().end = x;
          break;
        default: break;
      }
    }
  }
  std::size_t spell_no = 0;
  for (const auto& s : spells) {
    if (!s.start && !s.end) continue;
    const Indexed& first = s.start ? *s.start : *s.end;
    const Episode& ep = episode_of(first.index);
    ojson ext = ojson::array();
    ojson period;
    std::vector<std::pair<std::string, std::string>> rows{{"Person", pid}};
    if (s.start) {
      add_index(ext, s.start->index);
      period["start"] = format_date(s.start->e->date);
      rows.push_back({"Readmitted", format_date(s.start->e->date)});
    }
    if (s.end) {
      add_index(ext, s.end->index);
      period["end"] = format_date(s.end->e->date);
      rows.push_back({"Discharged", format_date(s.end->e->date)});
    }
    // Attributes of the events, in order (readmission, then discharge).
    if (s.start && !s.start->e->attributes.empty())
      ext.push_back(
          ext_value(kExtAttributes, "valueString", "readmitted:" + s.start->e->attributes));
    if (s.end && !s.end->e->attributes.empty())
      ext.push_back(ext_value(kExtAttributes, "valueString", "discharged:" + s.end->e->attributes));
    const Event* dis = s.end ? s.end->e : nullptr;
    if (dis && !dis->discharge_method.empty())
      ext.push_back(ext_value(kExtDischargeMethod, "valueCoding",
                              mhsds_coding(CodeTable::discharge_method, dis->discharge_method)));
    if (dis && !dis->ward_security_level.empty())
      ext.push_back(
          ext_value(kExtWardSecurity, "valueCoding",
                    mhsds_coding(CodeTable::ward_security_level, dis->ward_security_level)));
    // The spell the person was in when referred starts at StartDateHospProvSpell
    // when the referral recorded it (not an event: no event-index).
    if (!s.start && spell_no == 0 && !episodes.empty() && episodes.front().referral.e->admitted) {
      period["start"] = format_date(*episodes.front().referral.e->admitted);
      rows.push_back({"Admitted", format_date(*episodes.front().referral.e->admitted)});
    }
    ojson out;
    out["resourceType"] = "Encounter";
    out["extension"] = std::move(ext);
    out["status"] = s.end ? "finished" : "in-progress";
    out["class"] = coding(kV3ActCode, "IMP", "inpatient encounter");
    out["type"] = ojson::array({{{"coding", ojson::array({coding(kCsEventType, "hospital_spell")})},
                                 {"text", "Mental health hospital spell"}}});
    if (dis && !dis->bed_type.empty()) {
      out["serviceType"] = {
          {"coding", ojson::array({mhsds_coding(CodeTable::bed_type, dis->bed_type)})}};
    }
    out["subject"] = w.subject(pid);
    out["episodeOfCare"] = ojson::array({{{"reference", ep.eoc_url}}});
    out["period"] = std::move(period);
    if (dis && !dis->destination.empty()) {
      out["hospitalization"] = {
          {"dischargeDisposition",
           {{"coding",
             ojson::array({mhsds_coding(CodeTable::discharge_destination, dis->destination)})},
            {"text", std::string(code_name(CodeTable::discharge_destination, dis->destination))}}}};
      rows.push_back({"Destination",
                      std::string(code_name(CodeTable::discharge_destination, dis->destination))});
    }
    w.add(pid, "Encounter-spell", ++spell_no, std::move(out), "Hospital spell", rows);
  }
  std::size_t stay_no = 0;
  for (const auto& s : stays) {
    const Indexed& first = s.start ? *s.start : *s.end;
    const Episode& ep = episode_of(first.index);
    ojson ext = ojson::array();
    ojson period;
    std::vector<std::pair<std::string, std::string>> rows{{"Person", pid}};
    if (s.start) {
      add_index(ext, s.start->index);
      period["start"] = format_date(s.start->e->date);
      rows.push_back({"Admitted", format_date(s.start->e->date)});
    }
    if (s.end) {
      add_index(ext, s.end->index);
      period["end"] = format_date(s.end->e->date);
      rows.push_back({"Left", format_date(s.end->e->date)});
    }
    if (s.start && !s.start->e->attributes.empty())
      ext.push_back(
          ext_value(kExtAttributes, "valueString", "step_down_admitted:" + s.start->e->attributes));
    if (s.end && !s.end->e->attributes.empty())
      ext.push_back(
          ext_value(kExtAttributes, "valueString", "step_down_left:" + s.end->e->attributes));
    ojson out;
    out["resourceType"] = "Encounter";
    out["extension"] = std::move(ext);
    out["status"] = s.end ? "finished" : "in-progress";
    out["class"] = coding(kV3ActCode, "NONAC", "inpatient non-acute");
    out["type"] = ojson::array({{{"coding", ojson::array({coding(kCsEventType, "step_down_stay")})},
                                 {"text", "Step-down stay in supported accommodation"}}});
    out["subject"] = w.subject(pid);
    out["episodeOfCare"] = ojson::array({{{"reference", ep.eoc_url}}});
    out["period"] = std::move(period);
    if (s.end && !s.end->e->destination.empty()) {
      // homeward's destinations are the service's own words: text, not a code.
      out["hospitalization"] = {{"dischargeDisposition", {{"text", s.end->e->destination}}}};
      rows.push_back({"Destination", s.end->e->destination});
    }
    w.add(pid, "Encounter-step-down", ++stay_no, std::move(out), "Step-down stay", rows);
  }

  // Clinically ready for discharge periods.
  std::size_t flag_no = 0;
  for (const auto& ep : episodes) {
    for (const auto& x : ep.events) {
      const Event& e = *x.e;
      if (e.type != EventType::clinically_ready_for_discharge) continue;
      ojson ext = ojson::array();
      add_index(ext, x.index);
      add_attributes(ext, kExtAttributes, e.attributes);
      if (!e.attributable_to.empty())
        ext.push_back(ext_value(kExtAttributableTo, "valueCoding",
                                mhsds_coding(CodeTable::attributable_to, e.attributable_to)));
      ojson out;
      out["resourceType"] = "Flag";
      out["extension"] = std::move(ext);
      out["status"] = e.end_date && (!o.as_of || *e.end_date <= *o.as_of) ? "inactive" : "active";
      out["category"] = ojson::array(
          {{{"coding", ojson::array({coding(kCsFlagCategory, "clinically-ready-for-discharge")})},
            {"text", "Clinically ready for discharge"}}});
      const std::string reason_name(code_name(CodeTable::delay_reason, e.delay_reason));
      out["code"] = {
          {"coding", ojson::array({mhsds_coding(CodeTable::delay_reason, e.delay_reason)})},
          {"text", "Clinically ready for discharge; delay: " + reason_name}};
      out["subject"] = w.subject(pid);
      ojson period;
      period["start"] = format_date(e.date);
      if (e.end_date) period["end"] = format_date(*e.end_date);
      out["period"] = std::move(period);
      std::vector<std::pair<std::string, std::string>> rows{
          {"Person", pid},
          {"Start", format_date(e.date)},
          {"Delay reason", e.delay_reason + " " + reason_name}};
      if (e.end_date) rows.push_back({"End", format_date(*e.end_date)});
      w.add(pid, "Flag-crfd", ++flag_no, std::move(out), "Clinically ready for discharge", rows);
      (void)ep;
    }
  }

  // Out-of-area placements.
  std::size_t oap_no = 0;
  for (const auto& ep : episodes) {
    for (const auto& x : ep.events) {
      const Event& e = *x.e;
      if (e.type != EventType::out_of_area_placement) continue;
      ojson ext = ojson::array();
      add_index(ext, x.index);
      add_attributes(ext, kExtAttributes, e.attributes);
      const std::string reason_name(code_name(CodeTable::out_of_area_reason, e.out_of_area_reason));
      ojson out;
      out["resourceType"] = "Flag";
      out["extension"] = std::move(ext);
      out["status"] = e.end_date && (!o.as_of || *e.end_date <= *o.as_of) ? "inactive" : "active";
      out["category"] = ojson::array(
          {{{"coding", ojson::array({coding(kCsFlagCategory, "out-of-area-placement")})},
            {"text", "Out-of-area placement"}}});
      out["code"] = {
          {"coding",
           ojson::array({mhsds_coding(CodeTable::out_of_area_reason, e.out_of_area_reason)})},
          {"text", "Out-of-area placement: " + reason_name}};
      out["subject"] = w.subject(pid);
      ojson period;
      period["start"] = format_date(e.date);
      if (e.end_date) period["end"] = format_date(*e.end_date);
      out["period"] = std::move(period);
      std::vector<std::pair<std::string, std::string>> rows{
          {"Person", pid},
          {"Start", format_date(e.date)},
          {"Reason", e.out_of_area_reason + " " + reason_name}};
      if (e.end_date) rows.push_back({"End", format_date(*e.end_date)});
      w.add(pid, "Flag-oap", ++oap_no, std::move(out), "Out-of-area placement", rows);
    }
  }

  // Star readings.
  if (readings) {
    const auto found = [&]() -> std::optional<std::size_t> {
      const auto& people = readings->people();
      for (std::size_t i = 0; i < people.size(); ++i)
        if (people[i] == pid) return i;
      return std::nullopt;
    }();
    if (found) {
      const StarDefinition& def = readings->definition();
      std::size_t obs_no = 0;
      for (std::size_t row = readings->person_begin(*found);
           row < readings->person_begin(*found + 1); ++row) {
        const Date d = readings->date(row);
        if (o.as_of && d > *o.as_of) continue;
        ojson out;
        out["resourceType"] = "Observation";
        if (readings->retrospective(row)) {
          out["extension"] = ojson::array({ext_value(kExtRetrospective, "valueBoolean", true)});
        }
        out["status"] = "final";
        out["category"] =
            ojson::array({{{"coding", ojson::array({coding(kObsCategory, "survey", "Survey")})}}});
        out["code"] = {
            {"coding", ojson::array({coding(kCsStar, def.id(), def.name())})},
            {"text",
             def.name() + (def.edition().empty() ? "" : " (edition " + def.edition() + ")")}};
        out["subject"] = w.subject(pid);
        out["effectiveDateTime"] = format_date(d);
        const Completion by = readings->completed_by(row);
        const char* who = completion_name(by);
        // Who agreed the reading: the person (by identifier) and/or their worker
        // (homeward does not know the worker's identity: a display only).
        ojson performers = ojson::array();
        if (by != Completion::worker) performers.push_back(w.subject(pid));
        if (by != Completion::service_user) performers.push_back({{"display", "Key worker"}});
        out["performer"] = std::move(performers);
        out["method"] = {{"coding", ojson::array({coding(kCsCompletedBy, who)})},
                         {"text", std::string("completed ") + who}};
        ojson comps = ojson::array();
        std::vector<std::pair<std::string, std::string>> rows{{"Person", pid},
                                                              {"Date", format_date(d)}};
        for (std::size_t a = 0; a < def.area_count(); ++a) {
          const auto score = readings->score(row, a);
          if (!score) continue;
          const StarArea& area = def.areas()[a];
          comps.push_back({{"code",
                            {{"coding", ojson::array({coding(kCsStarArea, def.id() + "/" + area.id,
                                                             area.name)})},
                             {"text", area.name}}},
                           {"valueInteger", *score}});
          rows.push_back({area.name, std::to_string(*score)});
        }
        if (!comps.empty()) out["component"] = std::move(comps);
        w.add(pid, "Observation-star", ++obs_no, std::move(out), def.name() + " reading", rows);
      }
    }
  }
}

ojson bundle_shell() {
  ojson b;
  b["resourceType"] = "Bundle";
  b["type"] = "collection";
  return b;
}

}  // namespace

FhirExportOptions fhir_export_options_from_json(std::string_view json_text,
                                                std::string_view field) {
  const nlohmann::json j = detail::parse_json(json_text, field);
  if (!j.is_object()) throw InvalidArgument(std::string(field), "must be a JSON object");
  FhirExportOptions o;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string key = std::string(field) + "." + it.key();
    if (it.key() == "as_of") {
      if (it->is_null()) continue;
      if (!it->is_string()) throw InvalidArgument(key, "must be a date string (YYYY-MM-DD)");
      o.as_of = parse_date(it->get<std::string>(), key);
    } else if (it.key() == "narrative") {
      if (!it->is_boolean()) throw InvalidArgument(key, "must be true or false");
      o.narrative = it->get<bool>();
    } else if (it.key() == "person_system") {
      if (!it->is_string() || it->get<std::string>().empty())
        throw InvalidArgument(key, "must be a non-empty string (a URI)");
      o.person_system = it->get<std::string>();
    } else {
      throw InvalidArgument(key, "unknown option (known: as_of, narrative, person_system)");
    }
  }
  return o;
}

std::string fhir_export_pathway(const Pathway& p, const StarReadings* readings,
                                const FhirExportOptions& o) {
  validate_pathway(p, "pathway");
  if (o.as_of && o.as_of->is_special()) throw InvalidArgument("as_of", "not a date");
  if (o.as_of && *o.as_of < p.events.front().date) {
    throw InvalidArgument("as_of", format_date(*o.as_of) +
                                       " is before the pathway's first event (" +
                                       format_date(p.events.front().date) + ")");
  }
  ojson bundle = bundle_shell();
  ojson entries = ojson::array();
  Writer w(o, entries);
  export_person(w, p, readings, o);
  bundle["entry"] = std::move(entries);
  return bundle.dump();
}

std::string fhir_export_caseload(const Caseload& c, const StarReadings* readings,
                                 const FhirExportOptions& o) {
  if (o.as_of && o.as_of->is_special()) throw InvalidArgument("as_of", "not a date");
  ojson bundle = bundle_shell();
  ojson entries = ojson::array();
  Writer w(o, entries);
  for (std::size_t i = 0; i < c.size(); ++i) {
    const Pathway p = c.pathway(i);
    if (o.as_of && *o.as_of < p.events.front().date) continue;  // not yet referred
    export_person(w, p, readings, o);
  }
  if (readings) {
    // Readings of people who are not on the caseload.
    for (const auto& person : readings->people()) {
      if (c.find(person)) continue;
      Pathway none;
      none.person_id = person;
      // Only the Observations: export_person with no events.
      export_person(w, none, readings, o);
    }
  }
  bundle["entry"] = std::move(entries);
  return bundle.dump();
}

namespace {

ojson code_system(const std::string& url, const std::string& name, const std::string& title,
                  const std::string& description,
                  const std::vector<std::pair<std::string, std::string>>& concepts) {
  ojson cs;
  cs["resourceType"] = "CodeSystem";
  cs["id"] = name;
  cs["text"] = narrative(title, {{"Codes", std::to_string(concepts.size())}});
  cs["url"] = url;
  cs["version"] = "0.2.0";
  cs["name"] = name;
  cs["title"] = title;
  cs["status"] = "active";
  cs["experimental"] = false;
  cs["publisher"] = "homeward";
  cs["description"] = description;
  cs["caseSensitive"] = true;
  cs["content"] = "complete";
  cs["count"] = concepts.size();
  ojson list = ojson::array();
  for (const auto& [code, display] : concepts)
    list.push_back({{"code", code}, {"display", display}});
  cs["concept"] = std::move(list);
  return cs;
}

}  // namespace

std::string fhir_definitions_json(const StarDefinition& star) {
  ojson bundle = bundle_shell();
  ojson entries = ojson::array();
  auto add = [&](ojson cs) {
    const std::string full = cs["url"].get<std::string>();
    entries.push_back({{"fullUrl", full}, {"resource", std::move(cs)}});
  };
  std::vector<std::pair<std::string, std::string>> events;
  for (std::size_t t = 0; t < kEventTypeCount; ++t) {
    const std::string n(event_type_name(static_cast<EventType>(t)));
    std::string display = n;
    std::replace(display.begin(), display.end(), '_', ' ');
    display[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(display[0])));
    events.push_back({n, display});
  }
  events.push_back({"hospital_spell", "Mental health hospital spell"});
  events.push_back({"step_down_stay", "Step-down stay in supported accommodation"});
  add(code_system(kCsEventType, "HomewardEventType", "homeward pathway event types",
                  "The events of a hospital-to-community pathway, and the stays they delimit.",
                  events));
  add(code_system(kCsFlagCategory, "HomewardFlagCategory", "homeward flag categories",
                  "Categories of the Flags homeward writes.",
                  {{"clinically-ready-for-discharge", "Clinically ready for discharge"},
                   {"out-of-area-placement", "Out-of-area placement"}}));
  for (std::size_t t = 0; t < kCodeTableCount; ++t) {
    const auto table = static_cast<CodeTable>(t);
    std::vector<std::pair<std::string, std::string>> codes;
    for (const auto& c : code_table(table))
      codes.push_back({std::string(c.code), std::string(c.name)});
    std::string id = "MHSDS";
    for (char c : std::string(code_table_mhsds_name(table))) id += c;
    add(code_system(
        mhsds_system(table), id, "MHSDS " + std::string(code_table_mhsds_name(table)),
        "MHSDS v6 " + std::string(code_table_mhsds_name(table)) +
            " codes as homeward validates them (docs/measures.md), carried until an NHS "
            "terminology server publishes them as FHIR.",
        codes));
  }
  std::vector<std::pair<std::string, std::string>> who;
  for (std::size_t c = 0; c < kCompletionCount; ++c) {
    const std::string n = completion_name(static_cast<Completion>(c));
    who.push_back({n, n == "jointly"  ? "Completed jointly by worker and service user"
                      : n == "worker" ? "Completed by the worker only"
                                      : "Completed by the service user only"});
  }
  add(code_system(kCsCompletedBy, "HomewardStarCompletedBy",
                  "Who completed an Outcomes Star reading",
                  "Who completed an Outcomes Star reading.", who));
  add(code_system(
      kCsStar, "HomewardOutcomesStar", "Outcomes Stars",
      "Outcomes Stars (copyright Triangle Consulting Social Enterprise) by homeward's star id. "
      "No scale or ladder text.",
      {{star.id(), star.name()}}));
  std::vector<std::pair<std::string, std::string>> areas;
  for (const auto& a : star.areas()) areas.push_back({star.id() + "/" + a.id, a.name});
  add(code_system(kCsStarArea, "HomewardOutcomesStarArea", "Outcomes Star outcome areas",
                  "Outcome areas of the Outcomes Stars, as <star id>/<area id>. Area names only.",
                  areas));
  bundle["entry"] = std::move(entries);
  return bundle.dump();
}

std::string pathway_to_fhir(const Pathway& p, std::optional<Date> as_of) {
  FhirExportOptions o;
  o.as_of = as_of;
  return fhir_export_pathway(p, nullptr, o);
}

}  // namespace homeward
