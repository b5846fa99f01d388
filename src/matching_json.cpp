// Matching: JSON input, options and results (schemas in docs/matching.md).
#include "homeward/matching.hpp"

#include "homeward/error.hpp"
#include "homeward/io.hpp"

#include <nlohmann/json.hpp>

#include "json_util.hpp"

#include <cmath>
#include <initializer_list>
#include <limits>
#include <set>

namespace homeward {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

std::string type_of(const json& j) { return j.type_name(); }

void expect_object(const json& j, const std::string& field) {
  if (!j.is_object()) throw InvalidArgument(field, "expected an object, got " + type_of(j));
}

void expect_array(const json& j, const std::string& field) {
  if (!j.is_array()) throw InvalidArgument(field, "expected an array, got " + type_of(j));
}

void check_keys(const json& obj, const std::string& field,
                std::initializer_list<const char*> known) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = false;
    for (const char* k : known) {
      if (it.key() == k) ok = true;
    }
    if (!ok) {
      std::string list;
      for (const char* k : known) {
        if (!list.empty()) list += ", ";
        list += k;
      }
      throw InvalidArgument(join_path(field, it.key()),
                            "unknown field (known fields: " + list + ")");
    }
  }
}

// The value at obj[key], or nullptr when missing or null.
const json* find(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

const json& require(const json& obj, const char* key, const std::string& base) {
  const json* v = find(obj, key);
  if (v == nullptr) throw InvalidArgument(join_path(base, key), "is required");
  return *v;
}

std::string as_string(const json& v, const std::string& field) {
  if (!v.is_string()) throw InvalidArgument(field, "expected a string, got " + type_of(v));
  return v.get<std::string>();
}

std::string get_string(const json& obj, const char* key, const std::string& base) {
  return as_string(require(obj, key, base), join_path(base, key));
}

std::string get_string_or(const json& obj, const char* key, const std::string& base,
                          std::string dflt) {
  const json* v = find(obj, key);
  return v ? as_string(*v, join_path(base, key)) : dflt;
}

std::int64_t as_int(const json& v, const std::string& field) {
  if (v.is_number_integer()) {
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
      throw InvalidArgument(field, "is too large");
    }
    return v.get<std::int64_t>();
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15) {
      return static_cast<std::int64_t>(d);
    }
    throw InvalidArgument(field, "expected a whole number, got " + v.dump());
  }
  throw InvalidArgument(field, "expected a whole number, got " + type_of(v));
}

std::int64_t get_int(const json& obj, const char* key, const std::string& base) {
  return as_int(require(obj, key, base), join_path(base, key));
}

std::optional<std::int64_t> get_opt_int(const json& obj, const char* key, const std::string& base) {
  const json* v = find(obj, key);
  if (!v) return std::nullopt;
  return as_int(*v, join_path(base, key));
}

double as_number(const json& v, const std::string& field) {
  if (v.is_string()) {
    // JSON has no NaN or infinity; adapters spell them as strings so that the
    // core, not the adapter, rejects them with the field's name.
    const std::string s = v.get<std::string>();
    if (s == "nan" || s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (s == "inf" || s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-inf" || s == "-Infinity") return -std::numeric_limits<double>::infinity();
  }
  if (!v.is_number()) throw InvalidArgument(field, "expected a number, got " + type_of(v));
  return v.get<double>();
}

bool get_bool_or(const json& obj, const char* key, const std::string& base, bool dflt) {
  const json* v = find(obj, key);
  if (!v) return dflt;
  if (!v->is_boolean()) {
    throw InvalidArgument(join_path(base, key), "expected true or false, got " + type_of(*v));
  }
  return v->get<bool>();
}

Date get_date(const json& obj, const char* key, const std::string& base) {
  const std::string f = join_path(base, key);
  return parse_date(as_string(require(obj, key, base), f), f);
}

std::vector<std::string> get_strings(const json& obj, const char* key, const std::string& base) {
  std::vector<std::string> out;
  const json* v = find(obj, key);
  if (!v) return out;
  const std::string f = join_path(base, key);
  expect_array(*v, f);
  for (std::size_t i = 0; i < v->size(); ++i) out.push_back(as_string((*v)[i], index_path(f, i)));
  return out;
}

std::vector<Role> get_roles(const json& obj, const char* key, const std::string& base) {
  std::vector<Role> out;
  const json* v = find(obj, key);
  if (!v) return out;
  const std::string f = join_path(base, key);
  expect_array(*v, f);
  for (std::size_t i = 0; i < v->size(); ++i) {
    const std::string fi = index_path(f, i);
    out.push_back(parse_role(as_string((*v)[i], fi), fi));
  }
  return out;
}

Person person_from(const json& j, const std::string& base) {
  expect_object(j, base);
  check_keys(j, base,
             {"id", "area", "gender", "risk", "needs", "ready_date", "preferences",
              "acceptable_areas", "expected_stay_days", "known_workers", "roles"});
  Person p;
  p.id = get_string(j, "id", base);
  p.area = get_string(j, "area", base);
  p.gender = get_string_or(j, "gender", base, "not_stated");
  {
    const std::string f = join_path(base, "risk");
    p.risk = parse_risk(get_string(j, "risk", base), f);
  }
  const std::vector<std::string> needs = get_strings(j, "needs", base);
  for (std::size_t i = 0; i < needs.size(); ++i) {
    if (needs[i] == kNeedStepFree) {
      p.needs_step_free = true;
    } else if (needs[i] == kNeedSubstanceUse) {
      p.needs_substance_use_support = true;
    } else {
      throw InvalidArgument(index_path(join_path(base, "needs"), i),
                            "unknown need \"" + needs[i] + "\" (known: " + kNeedStepFree + ", " +
                                kNeedSubstanceUse + ")");
    }
  }
  p.ready_date = get_date(j, "ready_date", base);
  p.preferences = get_strings(j, "preferences", base);
  p.acceptable_areas = get_strings(j, "acceptable_areas", base);
  p.expected_stay_days = get_opt_int(j, "expected_stay_days", base);
  p.known_workers = get_strings(j, "known_workers", base);
  p.roles = get_roles(j, "roles", base);
  return p;
}

Place place_from(const json& j, const std::string& base) {
  expect_object(j, base);
  check_keys(j, base,
             {"id", "area", "beds", "gender", "step_free", "substance_use_support", "max_risk",
              "free_date", "max_stay_days"});
  Place p;
  p.id = get_string(j, "id", base);
  p.area = get_string(j, "area", base);
  p.beds = get_int(j, "beds", base);
  p.gender = get_string_or(j, "gender", base, "mixed");
  p.step_free = get_bool_or(j, "step_free", base, false);
  p.substance_use_support = get_bool_or(j, "substance_use_support", base, false);
  p.max_risk = parse_risk(get_string(j, "max_risk", base), join_path(base, "max_risk"));
  p.free_date = get_date(j, "free_date", base);
  p.max_stay_days = get_opt_int(j, "max_stay_days", base);
  return p;
}

Worker worker_from(const json& j, const std::string& base) {
  expect_object(j, base);
  check_keys(j, base, {"id", "role", "areas", "caseload_limit", "current_load"});
  Worker w;
  w.id = get_string(j, "id", base);
  w.role = parse_role(get_string(j, "role", base), join_path(base, "role"));
  w.areas = get_strings(j, "areas", base);
  w.caseload_limit = get_int(j, "caseload_limit", base);
  w.current_load = get_opt_int(j, "current_load", base).value_or(0);
  return w;
}

template <class T, class F>
std::vector<T> list_from(const json& j, const std::string& field, F&& one) {
  expect_array(j, field);
  std::vector<T> out;
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) out.push_back(one(j[i], index_path(field, i)));
  return out;
}

MatchOptions options_from(const json& j, const std::string& base) {
  MatchOptions o;
  expect_object(j, base.empty() ? "options" : base);
  check_keys(j, base,
             {"weights", "max_wait_days", "allow_out_of_area", "default_roles", "solver", "method",
              "max_explained_pairs", "alternatives"});
  if (const json* w = find(j, "weights")) {
    const std::string wb = join_path(base, "weights");
    expect_object(*w, wb);
    check_keys(
        *w, wb,
        {"preference_rank", "unranked", "wait_day", "out_of_area", "continuity", "caseload"});
    auto num = [&](const char* key, double& dst) {
      if (const json* v = find(*w, key)) dst = as_number(*v, join_path(wb, key));
    };
    num("preference_rank", o.weights.preference_rank);
    num("unranked", o.weights.unranked);
    num("wait_day", o.weights.wait_day);
    num("out_of_area", o.weights.out_of_area);
    num("continuity", o.weights.continuity);
    num("caseload", o.weights.caseload);
  }
  if (auto v = get_opt_int(j, "max_wait_days", base)) o.max_wait_days = *v;
  if (auto v = get_opt_int(j, "max_explained_pairs", base)) o.max_explained_pairs = *v;
  o.allow_out_of_area = get_bool_or(j, "allow_out_of_area", base, o.allow_out_of_area);
  o.alternatives = get_bool_or(j, "alternatives", base, o.alternatives);
  if (find(j, "default_roles")) o.default_roles = get_roles(j, "default_roles", base);
  const std::string solver = get_string_or(j, "solver", base, "auto");
  if (solver == "auto") {
    o.solver = SolverChoice::automatic;
  } else if (solver == "dense") {
    o.solver = SolverChoice::dense;
  } else if (solver == "sparse") {
    o.solver = SolverChoice::sparse;
  } else {
    throw InvalidArgument(join_path(base, "solver"),
                          "\"" + solver + "\" is not one of auto, dense, sparse");
  }
  const std::string method = get_string_or(j, "method", base, "optimal");
  if (method == "optimal") {
    o.method = MatchMethod::optimal;
  } else if (method == "stable") {
    o.method = MatchMethod::stable;
  } else {
    throw InvalidArgument(join_path(base, "method"),
                          "\"" + method + "\" is not one of optimal, stable");
  }
  return o;
}

ojson options_to(const MatchOptions& o) {
  ojson w;
  w["preference_rank"] = o.weights.preference_rank;
  w["unranked"] = o.weights.unranked;
  w["wait_day"] = o.weights.wait_day;
  w["out_of_area"] = o.weights.out_of_area;
  w["continuity"] = o.weights.continuity;
  w["caseload"] = o.weights.caseload;
  ojson j;
  j["weights"] = std::move(w);
  j["max_wait_days"] = o.max_wait_days;
  j["max_explained_pairs"] = o.max_explained_pairs;
  j["allow_out_of_area"] = o.allow_out_of_area;
  ojson roles = ojson::array();
  for (Role r : o.default_roles) roles.push_back(std::string(role_name(r)));
  j["default_roles"] = std::move(roles);
  j["solver"] = o.solver == SolverChoice::dense    ? "dense"
                : o.solver == SolverChoice::sparse ? "sparse"
                                                   : "auto";
  j["method"] = o.method == MatchMethod::stable ? "stable" : "optimal";
  j["alternatives"] = o.alternatives;
  return j;
}

ojson alternative_to(const Alternative& a, const char* res_key) {
  ojson j;
  if (a.resource.empty()) {
    j[res_key] = nullptr;
  } else {
    j[res_key] = a.resource;
  }
  j["cost"] = a.cost;
  ojson terms = ojson::array();
  for (const CostTerm& t : a.terms) {
    terms.push_back(ojson{{"term", t.name}, {"value", t.value}, {"detail", t.detail}});
  }
  j["terms"] = std::move(terms);
  j["matched_change"] = a.matched_change;
  j["cost_change"] = a.cost_change;
  j["others_changed"] = a.others_changed;
  j["summary"] = a.summary;
  return j;
}

ojson checks_to(const std::vector<ConstraintCheck>& checks) {
  ojson a = ojson::array();
  for (const ConstraintCheck& c : checks) {
    a.push_back(ojson{{"constraint", c.constraint}, {"passed", c.passed}, {"detail", c.detail}});
  }
  return a;
}

std::vector<ConstraintCheck> checks_from(const json& j, const std::string& f) {
  return list_from<ConstraintCheck>(j, f, [](const json& c, const std::string& b) {
    expect_object(c, b);
    return ConstraintCheck{get_string(c, "constraint", b), get_bool_or(c, "passed", b, false),
                           get_string_or(c, "detail", b, "")};
  });
}

std::vector<std::string> strings_from(const json& j, const std::string& f) {
  return list_from<std::string>(
      j, f, [](const json& s, const std::string& b) { return as_string(s, b); });
}

Alternative alternative_from(const json& j, const std::string& b, const char* res_key) {
  expect_object(j, b);
  Alternative a;
  if (const json* r = find(j, res_key); r != nullptr && !r->is_null()) {
    a.resource = get_string(j, res_key, b);
  }
  a.cost = as_number(require(j, "cost", b), join_path(b, "cost"));
  a.terms = list_from<CostTerm>(
      require(j, "terms", b), join_path(b, "terms"), [](const json& t, const std::string& tb) {
        expect_object(t, tb);
        return CostTerm{get_string(t, "term", tb),
                        as_number(require(t, "value", tb), join_path(tb, "value")),
                        get_string_or(t, "detail", tb, "")};
      });
  a.matched_change = get_int(j, "matched_change", b);
  a.cost_change = as_number(require(j, "cost_change", b), join_path(b, "cost_change"));
  a.others_changed = strings_from(require(j, "others_changed", b), join_path(b, "others_changed"));
  a.summary = get_string_or(j, "summary", b, "");
  return a;
}

}  // namespace

MatchInput match_input_from_file(const std::string& path, const InputLimits& limits) {
  detail::check_limits(limits, "limits");
  return match_input_from_json(read_file(path, "path", limits.max_bytes), limits);
}

MatchInput match_input_from_json(std::string_view json_text, const InputLimits& limits) {
  const json doc = detail::parse_json(json_text, "input", limits, detail::PathRoot::document);
  expect_object(doc, "input");
  check_keys(doc, "", {"people", "places", "workers", "meta"});
  MatchInput in;
  if (const json* p = find(doc, "people")) in.people = list_from<Person>(*p, "people", person_from);
  if (const json* p = find(doc, "places")) in.places = list_from<Place>(*p, "places", place_from);
  if (const json* w = find(doc, "workers")) {
    in.workers = list_from<Worker>(*w, "workers", worker_from);
  }
  return in;
}

std::vector<Person> people_from_json(std::string_view json_text, std::string_view field) {
  const std::string f(field);
  return list_from<Person>(detail::parse_json(json_text, f), f, person_from);
}

std::vector<Place> places_from_json(std::string_view json_text, std::string_view field) {
  const std::string f(field);
  return list_from<Place>(detail::parse_json(json_text, f), f, place_from);
}

std::vector<Worker> workers_from_json(std::string_view json_text, std::string_view field) {
  const std::string f(field);
  return list_from<Worker>(detail::parse_json(json_text, f), f, worker_from);
}

MatchOptions match_options_from_json(std::string_view json_text) {
  bool blank = true;
  for (char c : json_text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') blank = false;
  }
  if (blank) return MatchOptions{};
  const json j = detail::parse_json(json_text, "options");
  if (j.is_null()) return MatchOptions{};
  // Field paths read "options.weights.wait_day".
  expect_object(j, "options");
  return options_from(j, "options");
}

std::string match_options_to_json(const MatchOptions& options) {
  return options_to(options).dump();
}

std::string match_result_to_json(const MatchResult& r, int indent) {
  ojson j;
  j["kind"] = r.kind;
  j["notice"] = kHumanReviewNotice;
  ojson summary;
  summary["people"] = r.people;
  summary["matched"] = r.matches.size();
  summary["unmatched"] = r.unmatched.size();
  summary["total_cost"] = r.total_cost;
  summary["solver"] = r.solver;
  if (r.rank != 1 || r.matched_change != 0 || r.cost_change != 0.0) {
    summary["rank"] = r.rank;
    summary["matched_change"] = r.matched_change;
    summary["cost_change"] = r.cost_change;
  }
  j["summary"] = std::move(summary);
  ojson matches = ojson::array();
  for (const Match& m : r.matches) {
    ojson mj;
    mj["person"] = m.person;
    mj[r.kind == "workers" ? "worker" : "place"] = m.resource;
    if (!m.role.empty()) mj["role"] = m.role;
    mj["cost"] = m.cost;
    ojson terms = ojson::array();
    for (const CostTerm& t : m.terms) {
      terms.push_back(ojson{{"term", t.name}, {"value", t.value}, {"detail", t.detail}});
    }
    mj["terms"] = std::move(terms);
    mj["constraints"] = checks_to(m.constraints);
    if (m.alternative) {
      mj["alternative"] = alternative_to(*m.alternative, r.kind == "workers" ? "worker" : "place");
    }
    matches.push_back(std::move(mj));
  }
  j["matches"] = std::move(matches);
  ojson unmatched = ojson::array();
  const char* res_key = r.kind == "workers" ? "worker" : "place";
  for (const Unmatched& u : r.unmatched) {
    ojson uj;
    uj["person"] = u.person;
    if (!u.role.empty()) uj["role"] = u.role;
    uj["reason"] = u.reason;
    uj["summary"] = u.summary;
    ojson cands = ojson::array();
    for (const CandidateOutcome& c : u.candidates) {
      ojson cj;
      cj[res_key] = c.resource;
      cj["allowed"] = c.allowed;
      if (!c.allowed) cj["failed"] = checks_to(c.failed);
      if (c.allowed) cj["taken_by"] = c.taken_by;
      cands.push_back(std::move(cj));
    }
    uj["candidates"] = std::move(cands);
    if (u.reason == "competition") {
      uj["competition"] =
          ojson{{"people", u.competition.people},
                {r.kind == "workers" ? "workers" : "places", u.competition.resources},
                {"capacity", u.competition.capacity}};
    }
    if (u.alternative) uj["alternative"] = alternative_to(*u.alternative, res_key);
    unmatched.push_back(std::move(uj));
  }
  j["unmatched"] = std::move(unmatched);
  ojson resources = ojson::array();
  for (const ResourceUsage& u : r.resources) {
    ojson rj;
    rj["id"] = u.id;
    if (!u.role.empty()) rj["role"] = u.role;
    rj["capacity"] = u.capacity;
    rj["used"] = u.used;
    rj["remaining"] = u.capacity - u.used;
    resources.push_back(std::move(rj));
  }
  j[r.kind == "workers" ? "workers" : "places"] = std::move(resources);
  j["options"] = options_to(r.options);
  return j.dump(indent);
}

MatchResult match_result_from_json(std::string_view json_text) {
  const json j = detail::parse_json(json_text, "result", InputLimits{}, detail::PathRoot::document);
  expect_object(j, "result");
  MatchResult r;
  r.kind = get_string(j, "kind", "");
  if (r.kind != "placements" && r.kind != "workers") {
    throw InvalidArgument("kind", "\"" + r.kind + "\" is not placements or workers");
  }
  const bool workers = r.kind == "workers";
  const char* res_key = workers ? "worker" : "place";
  const char* res_list = workers ? "workers" : "places";
  const json& summary = require(j, "summary", "");
  expect_object(summary, "summary");
  r.people =
      static_cast<std::size_t>(std::max<std::int64_t>(0, get_int(summary, "people", "summary")));
  r.total_cost = as_number(require(summary, "total_cost", "summary"), "summary.total_cost");
  r.solver = get_string_or(summary, "solver", "summary", "");
  if (find(summary, "rank") != nullptr) {
    r.rank =
        static_cast<std::size_t>(std::max<std::int64_t>(0, get_int(summary, "rank", "summary")));
    r.matched_change = get_int(summary, "matched_change", "summary");
    r.cost_change = as_number(require(summary, "cost_change", "summary"), "summary.cost_change");
  }
  r.matches = list_from<Match>(
      require(j, "matches", ""), "matches", [&](const json& m, const std::string& b) {
        expect_object(m, b);
        Match out;
        out.person = get_string(m, "person", b);
        out.resource = get_string(m, res_key, b);
        out.role = get_string_or(m, "role", b, "");
        out.cost = as_number(require(m, "cost", b), join_path(b, "cost"));
        out.terms = list_from<CostTerm>(
            require(m, "terms", b), join_path(b, "terms"),
            [](const json& t, const std::string& tb) {
              expect_object(t, tb);
              return CostTerm{get_string(t, "term", tb),
                              as_number(require(t, "value", tb), join_path(tb, "value")),
                              get_string_or(t, "detail", tb, "")};
            });
        out.constraints = checks_from(require(m, "constraints", b), join_path(b, "constraints"));
        if (const json* a = find(m, "alternative")) {
          out.alternative = alternative_from(*a, join_path(b, "alternative"), res_key);
        }
        return out;
      });
  r.unmatched = list_from<Unmatched>(
      require(j, "unmatched", ""), "unmatched", [&](const json& u, const std::string& b) {
        expect_object(u, b);
        Unmatched out;
        out.person = get_string(u, "person", b);
        out.role = get_string_or(u, "role", b, "");
        out.reason = get_string(u, "reason", b);
        out.summary = get_string_or(u, "summary", b, "");
        out.candidates = list_from<CandidateOutcome>(
            require(u, "candidates", b), join_path(b, "candidates"),
            [&](const json& c, const std::string& cb) {
              expect_object(c, cb);
              CandidateOutcome o;
              o.resource = get_string(c, res_key, cb);
              o.allowed = get_bool_or(c, "allowed", cb, false);
              if (const json* f = find(c, "failed"))
                o.failed = checks_from(*f, join_path(cb, "failed"));
              if (const json* t = find(c, "taken_by"))
                o.taken_by = strings_from(*t, join_path(cb, "taken_by"));
              return o;
            });
        if (const json* c = find(u, "competition")) {
          const std::string cb = join_path(b, "competition");
          expect_object(*c, cb);
          out.competition.people = strings_from(require(*c, "people", cb), join_path(cb, "people"));
          out.competition.resources =
              strings_from(require(*c, res_list, cb), join_path(cb, res_list));
          out.competition.capacity = get_int(*c, "capacity", cb);
        }
        if (const json* a = find(u, "alternative")) {
          out.alternative = alternative_from(*a, join_path(b, "alternative"), res_key);
        }
        return out;
      });
  if (const json* res = find(j, res_list)) {
    r.resources = list_from<ResourceUsage>(*res, res_list, [](const json& u, const std::string& b) {
      expect_object(u, b);
      return ResourceUsage{get_string(u, "id", b), get_string_or(u, "role", b, ""),
                           get_int(u, "capacity", b), get_int(u, "used", b)};
    });
  }
  if (const json* o = find(j, "options")) r.options = options_from(*o, "options");
  return r;
}

std::string match_placements_json(std::string_view input, std::string_view options_json) {
  const MatchInput in = match_input_from_json(input);
  const MatchOptions opt = match_options_from_json(options_json);
  return match_result_to_json(match_placements(in.people, in.places, opt));
}

namespace {

std::string results_array(const std::vector<MatchResult>& rs) {
  std::string out = "[";
  for (std::size_t i = 0; i < rs.size(); ++i) {
    if (i) out += ",";
    out += match_result_to_json(rs[i]);
  }
  return out + "]";
}

}  // namespace

std::vector<MatchRule> match_rules_from_json(std::string_view json_text) {
  const json j = detail::parse_json(json_text, "rules");
  if (!j.is_array()) throw InvalidArgument("rules", "expected an array of rules");
  return list_from<MatchRule>(j, "rules", [](const json& x, const std::string& b) {
    expect_object(x, b);
    MatchRule r;
    r.person = get_string(x, "person", b);
    const json* res = find(x, "resource");
    if (res == nullptr) res = find(x, "place");
    if (res == nullptr) res = find(x, "worker");
    if (res != nullptr && !res->is_null()) {
      if (!res->is_string())
        throw InvalidArgument(join_path(b, "resource"), "expected a string or null");
      r.resource = res->get<std::string>();
    }
    const std::string rule = get_string(x, "rule", b);
    if (rule == "must") {
      r.must = true;
    } else if (rule == "must_not") {
      r.must = false;
    } else {
      throw InvalidArgument(join_path(b, "rule"), quote_value(rule) + " is not must or must_not");
    }
    r.role = get_string_or(x, "role", b, "");
    return r;
  });
}

std::string match_placements_ranked_json(std::string_view input, std::size_t k,
                                         std::string_view options_json) {
  const MatchInput in = match_input_from_json(input);
  const MatchOptions opt = match_options_from_json(options_json);
  return results_array(match_placements_ranked(in.people, in.places, k, opt));
}

std::string allocate_workers_ranked_json(std::string_view input, std::size_t k,
                                         std::string_view options_json) {
  const MatchInput in = match_input_from_json(input);
  const MatchOptions opt = match_options_from_json(options_json);
  return results_array(allocate_workers_ranked(in.people, in.workers, k, opt));
}

std::string match_placements_with_json(std::string_view input, std::string_view rules_json,
                                       std::string_view options_json) {
  const MatchInput in = match_input_from_json(input);
  const std::vector<MatchRule> rules = match_rules_from_json(rules_json);
  const MatchOptions opt = match_options_from_json(options_json);
  const auto r = match_placements_with(in.people, in.places, rules, opt);
  return r ? match_result_to_json(*r) : "null";
}

std::string allocate_workers_with_json(std::string_view input, std::string_view rules_json,
                                       std::string_view options_json) {
  const MatchInput in = match_input_from_json(input);
  const std::vector<MatchRule> rules = match_rules_from_json(rules_json);
  const MatchOptions opt = match_options_from_json(options_json);
  const auto r = allocate_workers_with(in.people, in.workers, rules, opt);
  return r ? match_result_to_json(*r) : "null";
}

std::string allocate_workers_json(std::string_view input, std::string_view options_json) {
  const MatchInput in = match_input_from_json(input);
  const MatchOptions opt = match_options_from_json(options_json);
  return match_result_to_json(allocate_workers(in.people, in.workers, opt));
}

}  // namespace homeward
