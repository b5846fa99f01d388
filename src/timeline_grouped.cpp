// Measures grouped by a per-person attribute (measures(..., by="ward")).
#include "timeline_internal.hpp"

#include "homeward/error.hpp"

#include <nlohmann/json.hpp>

#include <map>

namespace homeward {

namespace timeline_detail {

std::vector<AttributeGroup> attribute_groups(const Caseload& caseload, std::string_view by) {
  if (by.empty()) throw InvalidArgument("by", "empty: name a per-person attribute (e.g. \"ward\")");
  // Group pathways by the attribute's value; people without it last.
  std::map<std::string, std::vector<std::size_t>> groups;
  std::vector<std::size_t> without;
  const auto& extra = CaseloadBuilder::pathway_extra(caseload);
  const std::string key(by);
  for (std::size_t i = 0; i < caseload.size(); ++i) {
    auto it = extra.find(static_cast<std::int64_t>(i));
    if (it == extra.end() || it->second.attributes.empty()) {
      without.push_back(i);
      continue;
    }
    const auto attrs = nlohmann::json::parse(it->second.attributes, nullptr, false);
    auto v = attrs.is_object() ? attrs.find(key) : attrs.end();
    if (!attrs.is_object() || v == attrs.end() || v->is_null()) {
      without.push_back(i);
      continue;
    }
    groups[v->is_string() ? v->get<std::string>() : v->dump()].push_back(i);
  }
  std::vector<AttributeGroup> out;
  for (auto& [value, members] : groups) out.push_back({value, true, std::move(members)});
  if (!without.empty()) out.push_back({"", false, std::move(without)});
  return out;
}

Caseload subset(const Caseload& caseload, const std::vector<std::size_t>& members) {
  std::vector<Pathway> ps;
  ps.reserve(members.size());
  for (std::size_t i : members) ps.push_back(caseload.pathway(i));
  return Caseload::from_pathways(ps);
}

}  // namespace timeline_detail

GroupedMeasures measures_by(const Caseload& caseload, std::string_view by, const Date& start,
                            const Date& end, const TimelinePolicy& policy, const CostModel& costs,
                            std::optional<Date> as_of) {
  const auto groups = timeline_detail::attribute_groups(caseload, by);
  GroupedMeasures out;
  out.by = std::string(by);
  if (groups.empty()) {
    // An empty caseload still checks its arguments.
    (void)measures(caseload, start, end, policy, costs, as_of);
  }
  for (const auto& grp : groups) {
    MeasuresGroup g;
    g.value = grp.value;
    g.has_value = grp.has_value;
    g.people = static_cast<std::int64_t>(grp.members.size());
    g.measures =
        measures(timeline_detail::subset(caseload, grp.members), start, end, policy, costs, as_of);
    out.groups.push_back(std::move(g));
  }
  return out;
}

std::string grouped_measures_to_json(const GroupedMeasures& g) {
  nlohmann::ordered_json j;
  j["by"] = g.by;
  auto arr = nlohmann::ordered_json::array();
  for (const auto& grp : g.groups) {
    nlohmann::ordered_json o;
    o["value"] =
        grp.has_value ? nlohmann::ordered_json(grp.value) : nlohmann::ordered_json(nullptr);
    o["people"] = grp.people;
    o["measures"] = nlohmann::ordered_json::parse(measures_to_json(grp.measures));
    arr.push_back(std::move(o));
  }
  j["groups"] = std::move(arr);
  return j.dump();
}

}  // namespace homeward
