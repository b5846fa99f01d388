// FHIR R4 export of a pathway: for each referral a ServiceRequest and the
// EpisodeOfCare it started, in a Bundle of type "collection".
//
// FHIR Period.end is inclusive: a status held over the half-open days
// [from, to) is written as {"start": from, "end": to - 1 day}.
#include "timeline_internal.hpp"

#include "homeward/error.hpp"

#include <nlohmann/json.hpp>

namespace homeward {
namespace {

using ojson = nlohmann::ordered_json;

std::string fhir_id(const std::string& prefix, const std::string& person, std::size_t k) {
  std::string s = prefix;
  std::size_t used = 0;
  for (char ch : person) {
    if (used >= 40) break;
    const bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
                    ch == '-' || ch == '.';
    s += ok ? ch : '-';
    ++used;
  }
  s += '-';
  s += std::to_string(k);
  return s;
}

ojson person_ref(const std::string& person) {
  ojson r;
  r["identifier"] = {{"system", "urn:homeward:person-id"}, {"value", person}};
  return r;
}

struct StatusChange {
  std::string status;
  Date from;
};

}  // namespace

std::string pathway_to_fhir(const Pathway& p, std::optional<Date> as_of) {
  validate_pathway(p, "pathway");
  if (as_of && as_of->is_special()) throw InvalidArgument("as_of", "not a date");
  if (as_of && *as_of < p.events.front().date) {
    throw InvalidArgument("as_of", format_date(*as_of) + " is before the pathway's first event (" +
                                       format_date(p.events.front().date) + ")");
  }
  ojson bundle;
  bundle["resourceType"] = "Bundle";
  bundle["type"] = "collection";
  ojson entries = ojson::array();

  std::size_t j = 0;
  const std::size_t n = p.events.size();
  std::size_t episode = 0;
  while (j < n) {
    if (as_of && p.events[j].date > *as_of) break;
    // p.events[j] is a referral (validate_pathway guarantees the shape).
    const Event& ref = p.events[j];
    ++episode;
    std::vector<StatusChange> changes{{"planned", ref.date}};
    bool accepted = false, declined = false, ended = false;
    Date end_date;
    std::optional<Date> planned = ref.planned_discharge;
    std::size_t k = j + 1;
    for (; k < n; ++k) {
      const Event& e = p.events[k];
      if (as_of && e.date > *as_of) break;
      if (e.type == EventType::referral_received) break;
      switch (e.type) {
        case EventType::planned_discharge_changed: planned = e.planned_discharge; break;
        case EventType::accepted:
          accepted = true;
          changes.push_back({"active", e.date});
          break;
        case EventType::declined:
          declined = true;
          ended = true;
          end_date = e.date;
          changes.push_back({"cancelled", e.date});
          break;
        case EventType::closed:
          if (!declined) changes.push_back({accepted ? "finished" : "cancelled", e.date});
          ended = true;
          end_date = e.date;
          break;
        case EventType::died:  // the pathway ends: an open episode finishes on the date of death
          if (!ended) {
            changes.push_back({accepted ? "finished" : "cancelled", e.date});
            ended = true;
            end_date = e.date;
          }
          break;
        default: break;
      }
    }
    const std::string sr_id = fhir_id("sr-", p.person_id, episode);
    const std::string eoc_id = fhir_id("eoc-", p.person_id, episode);

    ojson sr;
    sr["resourceType"] = "ServiceRequest";
    sr["id"] = sr_id;
    sr["identifier"] = ojson::array({{{"system", "urn:homeward:referral"},
                                      {"value", p.person_id + "/" + std::to_string(episode)}}});
    std::string sr_status = "active";
    if (declined || (ended && !accepted)) sr_status = "revoked";
    else if (ended) sr_status = "completed";
    sr["status"] = sr_status;
    sr["intent"] = "order";
    sr["code"] = {{"text", "Referral to a hospital-to-community transition service"}};
    sr["subject"] = person_ref(p.person_id);
    sr["authoredOn"] = format_date(ref.date);
    if (planned) {
      sr["note"] = ojson::array({{{"text", "Planned discharge date (PlannedDischDateHospProvSpell): " +
                                               format_date(*planned)}}});
    }

    ojson eoc;
    eoc["resourceType"] = "EpisodeOfCare";
    eoc["id"] = eoc_id;
    eoc["identifier"] = ojson::array({{{"system", "urn:homeward:episode"},
                                       {"value", p.person_id + "/" + std::to_string(episode)}}});
    eoc["status"] = changes.back().status;
    ojson history = ojson::array();
    for (std::size_t c = 0; c < changes.size(); ++c) {
      ojson period;
      period["start"] = format_date(changes[c].from);
      if (c + 1 < changes.size()) {
        const Date next = changes[c + 1].from;
        if (next == changes[c].from) continue;  // held for no whole day
        period["end"] = format_date(next - boost::gregorian::days(1));
      }
      history.push_back({{"status", changes[c].status}, {"period", period}});
    }
    eoc["statusHistory"] = std::move(history);
    eoc["type"] = ojson::array({{{"text", "Hospital-to-community transition support"}}});
    eoc["patient"] = person_ref(p.person_id);
    ojson period;
    period["start"] = format_date(ref.date);
    if (ended) period["end"] = format_date(end_date);  // the closing day is the episode's last day
    eoc["period"] = std::move(period);
    eoc["referralRequest"] = ojson::array({{{"reference", "ServiceRequest/" + sr_id}}});

    entries.push_back({{"resource", std::move(sr)}});
    entries.push_back({{"resource", std::move(eoc)}});
    j = k;
    if (as_of && j < n && p.events[j].date > *as_of) break;
  }
  bundle["entry"] = std::move(entries);
  return bundle.dump();
}

}  // namespace homeward
