// Places, workers and people (matching inputs) from tables. Each row becomes
// a record that the matching loaders (matching_json.cpp) validate, so the
// rules of a record live in one place; this file reads the cells (names,
// lists, dates, numbers) and turns record errors into row/column messages.
#include "ingest_internal.hpp"

#include <nlohmann/json.hpp>

#include <set>

namespace homeward {

using namespace ingest_detail;

namespace {

using ojson = nlohmann::ordered_json;

// A role by name or display name ("Substance use clinical specialist").
std::string role_key(std::string_view text) {
  std::string k = name_key(text);
  if (k == "substance_use_clinical_specialist" || k == "substance_use_specialist_worker") {
    return "substance_use_specialist";
  }
  if (k == "navigator") return "pathway_navigator";
  if (k == "family_liaison") return "family_liaison_officer";
  return k;
}

ojson cell_json(const SchemaField& fld, const Column& c, std::size_t i) {
  const std::string& kind = fld.kind;
  if (kind == "text") return *text(c, i);
  if (kind == "integer") return *integer(c, i);
  if (kind == "boolean") return *boolean(c, i);
  if (kind == "date") return format_date(from_days(*date(c, i)));
  if (kind == "risk" || kind == "place_gender" || kind == "person_gender")
    return name_key(*text(c, i));
  if (kind == "role") return role_key(*text(c, i));
  if (kind == "list") {
    auto items = *list(c, i);
    ojson arr = ojson::array();
    for (auto& s : items) {
      if (fld.name == "roles")
        arr.push_back(role_key(s));
      else if (fld.name == "needs")
        arr.push_back(name_key(s));
      else
        arr.push_back(s);
    }
    return arr;
  }
  return *text(c, i);
}

template <class T, class Parse>
std::vector<T> records_from_table(const Table& t, const IngestOptions& options, const char* kind,
                                  const char* id_field, Parse parse,
                                  std::string (*id_of)(const T&)) {
  const auto& schema = table_schema(kind);
  Issues issues(t, kind, options.max_errors);
  const Resolved r = resolve(t, schema, options, issues);
  for (const Column* c : r.extras) {
    std::string known;
    for (const auto& f : schema) known += (known.empty() ? "" : ", ") + f.name;
    issues.add_table(c->name, std::string("not a column of ") + kind + " (known: " + known + ")");
  }
  issues.throw_if_any();
  std::vector<T> out;
  out.reserve(t.rows);
  std::map<std::string, std::size_t> ids;
  for (std::size_t i = 0; i < t.rows; ++i) {
    ojson rec = ojson::object();
    bool ok = true;
    for (std::size_t f = 0; f < schema.size(); ++f) {
      const Column* c = r.fields[f];
      if (!c || missing(*c, i)) continue;
      try {
        rec[schema[f].name] = cell_json(schema[f], *c, i);
      } catch (const Error& e) {
        issues.add_row(i, c->name, e.message());
        ok = false;
      }
    }
    if (!ok) continue;
    ojson arr = ojson::array();
    arr.push_back(std::move(rec));
    try {
      std::vector<T> one = parse(arr.dump());
      const std::string id = id_of(one.front());
      if (auto [it, inserted] = ids.emplace(id, i); !inserted) {
        const Column* idc = r.fields[0];
        issues.add_row(i, idc ? idc->name : id_field,
                       "duplicate " + std::string(id_field) + " " + quote_value(id) +
                           " (first at row " + std::to_string(issues.row_number(it->second)) + ")");
        continue;
      }
      out.push_back(std::move(one.front()));
    } catch (const Error& e) {
      // The field is "<kind>[0].<name>[...]": find the column of <name>.
      std::string column;
      const std::string& fld = e.field();
      const std::size_t dot = fld.find("].");
      if (dot != std::string::npos) {
        std::string name = fld.substr(dot + 2);
        const std::size_t cut = name.find_first_of(".[");
        if (cut != std::string::npos) name = name.substr(0, cut);
        for (std::size_t f = 0; f < schema.size(); ++f) {
          if (schema[f].name == name) column = r.fields[f] ? r.fields[f]->name : name;
        }
        if (column.empty()) column = name;
      }
      const std::string msg = e.message();
      issues.add_row(i, column, column.empty() || e.field().empty() ? e.what() : msg);
    }
  }
  issues.throw_if_any();
  return out;
}

std::string place_id(const Place& p) { return p.id; }
std::string worker_id(const Worker& w) { return w.id; }
std::string person_id(const Person& p) { return p.id; }

}  // namespace

std::vector<Place> places_from_table(const Table& t, const IngestOptions& options) {
  return records_from_table<Place>(
      t, options, "places", "id",
      [](const std::string& j) { return places_from_json(j, "places"); }, place_id);
}

std::vector<Worker> workers_from_table(const Table& t, const IngestOptions& options) {
  return records_from_table<Worker>(
      t, options, "workers", "id",
      [](const std::string& j) { return workers_from_json(j, "workers"); }, worker_id);
}

std::vector<Person> people_from_table(const Table& t, const IngestOptions& options) {
  return records_from_table<Person>(
      t, options, "people", "id",
      [](const std::string& j) { return people_from_json(j, "people"); }, person_id);
}

// ---------------------------------------------------------------------------
// Records as JSON (docs/matching.md)

std::string people_to_json(const std::vector<Person>& people) {
  ojson arr = ojson::array();
  for (const auto& p : people) {
    ojson o = {{"id", p.id},
               {"area", p.area},
               {"gender", p.gender},
               {"risk", std::string(risk_name(p.risk))}};
    ojson needs = ojson::array();
    if (p.needs_step_free) needs.push_back(kNeedStepFree);
    if (p.needs_substance_use_support) needs.push_back(kNeedSubstanceUse);
    o["needs"] = needs;
    o["ready_date"] = format_date(p.ready_date);
    o["preferences"] = p.preferences;
    if (!p.acceptable_areas.empty()) o["acceptable_areas"] = p.acceptable_areas;
    if (p.expected_stay_days) o["expected_stay_days"] = *p.expected_stay_days;
    if (!p.known_workers.empty()) o["known_workers"] = p.known_workers;
    ojson roles = ojson::array();
    for (Role r : p.roles) roles.push_back(std::string(role_name(r)));
    if (!roles.empty()) o["roles"] = roles;
    arr.push_back(std::move(o));
  }
  return arr.dump();
}

std::string places_to_json(const std::vector<Place>& places) {
  ojson arr = ojson::array();
  for (const auto& p : places) {
    ojson o = {{"id", p.id},
               {"area", p.area},
               {"beds", p.beds},
               {"gender", p.gender},
               {"step_free", p.step_free},
               {"substance_use_support", p.substance_use_support},
               {"max_risk", std::string(risk_name(p.max_risk))},
               {"free_date", format_date(p.free_date)}};
    if (p.max_stay_days) o["max_stay_days"] = *p.max_stay_days;
    arr.push_back(std::move(o));
  }
  return arr.dump();
}

std::string workers_to_json(const std::vector<Worker>& workers) {
  ojson arr = ojson::array();
  for (const auto& w : workers) {
    arr.push_back({{"id", w.id},
                   {"role", std::string(role_name(w.role))},
                   {"areas", w.areas},
                   {"caseload_limit", w.caseload_limit},
                   {"current_load", w.current_load}});
  }
  return arr.dump();
}

}  // namespace homeward
