// Star definitions (stars are data), JSON helpers and small enums.
#include "json_util.hpp"
#include "star_internal.hpp"

#include "homeward/error.hpp"
#include "homeward/ingest.hpp"
#include "homeward/io.hpp"

#include <cmath>
#include <cstdio>
#include <unordered_set>

namespace homeward {

const char* const kStarCaution =
    "Outcomes Star readings have good test-retest reliability but poor inter-rater "
    "reliability (Killaspy et al. 2012, BJPsych 201:65-70): compare readings agreed "
    "jointly with the same worker, and treat small changes and reliable change "
    "classifications as prompts for discussion, not as measurements.";

namespace star_detail {

const char* type_name(const json& v) { return v.type_name(); }

const json& member(const json& obj, std::string_view key, std::string_view path) {
  if (!obj.is_object()) {
    throw InvalidArgument(std::string(path),
                          std::string("expected an object, got ") + type_name(obj));
  }
  auto it = obj.find(std::string(key));
  if (it == obj.end()) {
    throw InvalidArgument(join_path(path, key), "required field is missing");
  }
  return *it;
}

std::string get_string(const json& obj, std::string_view key, std::string_view path) {
  const json& v = member(obj, key, path);
  if (!v.is_string()) {
    throw InvalidArgument(join_path(path, key),
                          std::string("expected a string, got ") + type_name(v));
  }
  return v.get<std::string>();
}

int get_int(const json& v, std::string_view path) {
  if (v.is_number_integer()) {
    if (v.is_number_unsigned()) {
      const auto u = v.get<std::uint64_t>();
      if (u > 1000000000ULL) throw InvalidArgument(std::string(path), "number is too large");
      return static_cast<int>(u);
    }
    const auto i = v.get<std::int64_t>();
    if (i > 1000000000LL || i < -1000000000LL) {
      throw InvalidArgument(std::string(path), "number is too large");
    }
    return static_cast<int>(i);
  }
  if (v.is_number_float()) {
    return score_from_double(v.get<double>(), path);
  }
  throw InvalidArgument(std::string(path),
                        std::string("expected a whole number, got ") + type_name(v));
}

double get_number(const json& v, std::string_view path) {
  if (!v.is_number()) {
    throw InvalidArgument(std::string(path), std::string("expected a number, got ") + type_name(v));
  }
  return v.get<double>();
}

json number_or_null(double v) {
  if (!std::isfinite(v)) return nullptr;
  return v;
}

std::string escape_xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string format_number(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s == "-0" || s.rfind("-0.", 0) == 0) {
    bool all_zero = true;
    for (char c : s.substr(1)) {
      if (c != '0' && c != '.') all_zero = false;
    }
    if (all_zero) s = s.substr(1);
  }
  return s;
}

}  // namespace star_detail

using star_detail::json;

namespace {

bool valid_area_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void require_text(const std::string& value, std::string_view field, std::size_t max_len = 200) {
  if (value.empty()) throw InvalidArgument(std::string(field), "must not be empty");
  if (value.size() > max_len) {
    throw InvalidArgument(std::string(field),
                          "is longer than " + std::to_string(max_len) + " characters");
  }
}

}  // namespace

int score_from_double(double value, std::string_view field) {
  if (std::isnan(value)) {
    throw InvalidArgument(std::string(field),
                          "NaN is not a score (leave the area out to mark it missing)");
  }
  if (!std::isfinite(value)) {
    throw InvalidArgument(std::string(field), "an infinite value is not a score");
  }
  if (value != std::floor(value)) {
    throw InvalidArgument(std::string(field),
                          star_detail::format_number(value, 6) + " is not a whole number");
  }
  if (value > 1e9 || value < -1e9) {
    throw InvalidArgument(std::string(field), "number is too large");
  }
  return static_cast<int>(value);
}

const char* completion_name(Completion c) {
  switch (c) {
    case Completion::jointly: return "jointly";
    case Completion::worker: return "worker";
    case Completion::service_user: return "service_user";
  }
  return "jointly";
}

Completion parse_completion(std::string_view text, std::string_view field) {
  if (text == "jointly") return Completion::jointly;
  if (text == "worker") return Completion::worker;
  if (text == "service_user") return Completion::service_user;
  std::string shown(text.substr(0, 40));
  throw InvalidArgument(std::string(field), "\"" + shown +
                                                "\" is not one of \"jointly\", \"worker\", "
                                                "\"service_user\"");
}

std::optional<Completion> completion_from_name(std::string_view text) {
  const std::string k = name_key(text);
  if (k == "jointly" || k == "joint" || k == "worker_and_service_user" || k == "both") {
    return Completion::jointly;
  }
  if (k == "worker" || k == "worker_only" || k == "staff" || k == "practitioner") {
    return Completion::worker;
  }
  if (k == "service_user" || k == "service_user_only" || k == "person" || k == "self") {
    return Completion::service_user;
  }
  return std::nullopt;
}

const char* baseline_name(StarBaseline b) {
  return b == StarBaseline::lower_of_first_two ? "lower_of_first_two" : "first";
}

StarBaseline parse_baseline(std::string_view text, std::string_view field) {
  if (text == "first") return StarBaseline::first;
  if (text == "lower_of_first_two") return StarBaseline::lower_of_first_two;
  std::string shown(text.substr(0, 40));
  throw InvalidArgument(std::string(field),
                        "\"" + shown + "\" is not one of \"first\", \"lower_of_first_two\"");
}

const char* change_class_name(ChangeClass c) {
  switch (c) {
    case ChangeClass::reliable_deterioration: return "reliable_deterioration";
    case ChangeClass::no_reliable_change: return "no_reliable_change";
    case ChangeClass::reliable_improvement: return "reliable_improvement";
  }
  return "no_reliable_change";
}

// ---------------------------------------------------------------------------
StarDefinition::StarDefinition(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

StarDefinition StarDefinition::create(std::string id, std::string edition, std::string name,
                                      std::vector<StarArea> areas, int scale_min, int scale_max,
                                      std::vector<StarStage> stages) {
  require_text(id, "id", 100);
  if (edition.size() > 100) throw InvalidArgument("edition", "is longer than 100 characters");
  require_text(name, "name");
  if (scale_min < kScaleLowest || scale_min > kScaleHighest) {
    throw InvalidArgument("scale.min", std::to_string(scale_min) + " is outside " +
                                           std::to_string(kScaleLowest) + ".." +
                                           std::to_string(kScaleHighest));
  }
  if (scale_max < kScaleLowest || scale_max > kScaleHighest) {
    throw InvalidArgument("scale.max", std::to_string(scale_max) + " is outside " +
                                           std::to_string(kScaleLowest) + ".." +
                                           std::to_string(kScaleHighest));
  }
  if (scale_min >= scale_max) {
    throw InvalidArgument("scale", "min (" + std::to_string(scale_min) +
                                       ") must be less than max (" + std::to_string(scale_max) +
                                       ")");
  }
  if (areas.size() < 3 || areas.size() > kMaxAreas) {
    throw InvalidArgument("areas", "a star needs 3 to " + std::to_string(kMaxAreas) +
                                       " areas, got " + std::to_string(areas.size()));
  }
  auto impl = std::make_shared<Impl>();
  for (std::size_t i = 0; i < areas.size(); ++i) {
    const std::string path = index_path("areas", i);
    if (!valid_area_id(areas[i].id)) {
      throw InvalidArgument(
          join_path(path, "id"),
          "\"" + areas[i].id.substr(0, 64) + "\" is not an area id (1-64 of A-Z a-z 0-9 _ -)");
    }
    require_text(areas[i].name, join_path(path, "name"));
    if (!impl->area_by_id.emplace(areas[i].id, i).second) {
      throw InvalidArgument(join_path(path, "id"),
                            "duplicate area id \"" + areas[i].id + "\" (also areas[" +
                                std::to_string(impl->area_by_id[areas[i].id]) + "])");
    }
  }
  if (stages.empty() || stages.size() > 20) {
    throw InvalidArgument("stages",
                          "a star needs 1 to 20 stages, got " + std::to_string(stages.size()));
  }
  // Bands in order, each within the scale, covering it with no gap or overlap.
  std::unordered_set<std::string> stage_names;
  int expect = scale_min;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const std::string path = index_path("stages", i);
    const StarStage& s = stages[i];
    require_text(s.name, join_path(path, "name"));
    if (!stage_names.insert(s.name).second) {
      throw InvalidArgument(join_path(path, "name"), "duplicate stage name \"" + s.name + "\"");
    }
    if (s.min > s.max) {
      throw InvalidArgument(path, "min (" + std::to_string(s.min) + ") is greater than max (" +
                                      std::to_string(s.max) + ")");
    }
    if (s.min < scale_min || s.max > scale_max) {
      throw InvalidArgument(path, "band " + std::to_string(s.min) + ".." + std::to_string(s.max) +
                                      " leaves the scale " + std::to_string(scale_min) + ".." +
                                      std::to_string(scale_max));
    }
    if (s.min < expect) {
      throw InvalidArgument(join_path(path, "min"),
                            "band " + std::to_string(s.min) + ".." + std::to_string(s.max) +
                                " overlaps the previous band (which ends at " +
                                std::to_string(expect - 1) + ")");
    }
    if (s.min > expect) {
      throw InvalidArgument(join_path(path, "min"),
                            "gap: no stage covers " + std::to_string(expect) +
                                (s.min - 1 > expect ? ".." + std::to_string(s.min - 1) : "") +
                                " (bands must be in order and cover the scale)");
    }
    expect = s.max + 1;
  }
  if (expect != scale_max + 1) {
    throw InvalidArgument("stages", "gap: no stage covers " + std::to_string(expect) + ".." +
                                        std::to_string(scale_max) +
                                        " (bands must cover the scale)");
  }
  impl->id = std::move(id);
  impl->edition = std::move(edition);
  impl->name = std::move(name);
  impl->areas = std::move(areas);
  impl->scale_min = scale_min;
  impl->scale_max = scale_max;
  impl->stages = std::move(stages);
  impl->stage_of.assign(static_cast<std::size_t>(scale_max - scale_min + 1), 0);
  for (std::size_t s = 0; s < impl->stages.size(); ++s) {
    for (int v = impl->stages[s].min; v <= impl->stages[s].max; ++v) {
      impl->stage_of[static_cast<std::size_t>(v - scale_min)] = static_cast<std::uint8_t>(s);
    }
  }
  return StarDefinition(std::move(impl));
}

StarDefinition StarDefinition::recovery_star() {
  static const StarDefinition kRecoveryStar =
      create("recovery-star", "2", "Recovery Star",
             {{"managing_mental_health", "Managing mental health"},
              {"physical_health_and_self_care", "Physical health and self-care"},
              {"living_skills", "Living skills"},
              {"social_networks", "Social networks"},
              {"work", "Work"},
              {"relationships", "Relationships"},
              {"addictive_behaviour", "Addictive behaviour"},
              {"responsibilities", "Responsibilities"},
              {"identity_and_self_esteem", "Identity and self-esteem"},
              {"trust_and_hope", "Trust and hope"}},
             1, 10,
             {{"Stuck", 1, 2},
              {"Accepting help", 3, 4},
              {"Believing", 5, 6},
              {"Learning", 7, 8},
              {"Self-reliance", 9, 10}});
  return kRecoveryStar;
}

StarDefinition StarDefinition::from_file(const std::string& path, const InputLimits& limits) {
  detail::check_limits(limits, "limits");
  return from_json(read_file(path, "path", limits.max_bytes), limits);
}

StarDefinition StarDefinition::from_json(std::string_view json_text, const InputLimits& limits) {
  const json doc = detail::parse_json(json_text, "definition", limits, detail::PathRoot::document);
  if (!doc.is_object()) {
    throw InvalidArgument("definition",
                          std::string("expected a JSON object, got ") + doc.type_name());
  }
  std::string id = star_detail::get_string(doc, "id", "");
  std::string edition;
  if (auto it = doc.find("edition"); it != doc.end() && !it->is_null()) {
    if (it->is_string()) {
      edition = it->get<std::string>();
    } else if (it->is_number_integer()) {
      edition = std::to_string(star_detail::get_int(*it, "edition"));
    } else {
      throw InvalidArgument("edition", std::string("expected a string, got ") + it->type_name());
    }
  }
  std::string name = id;
  if (auto it = doc.find("name"); it != doc.end() && !it->is_null()) {
    if (!it->is_string()) {
      throw InvalidArgument("name", std::string("expected a string, got ") + it->type_name());
    }
    name = it->get<std::string>();
  }
  const json& scale = star_detail::member(doc, "scale", "");
  if (!scale.is_object()) {
    throw InvalidArgument("scale", std::string("expected an object, got ") + scale.type_name());
  }
  const int smin = star_detail::get_int(star_detail::member(scale, "min", "scale"), "scale.min");
  const int smax = star_detail::get_int(star_detail::member(scale, "max", "scale"), "scale.max");
  const json& jareas = star_detail::member(doc, "areas", "");
  if (!jareas.is_array()) {
    throw InvalidArgument("areas", std::string("expected an array, got ") + jareas.type_name());
  }
  std::vector<StarArea> areas;
  for (std::size_t i = 0; i < jareas.size(); ++i) {
    const std::string path = index_path("areas", i);
    const json& a = jareas[i];
    StarArea area;
    area.id = star_detail::get_string(a, "id", path);
    area.name = star_detail::get_string(a, "name", path);
    areas.push_back(std::move(area));
  }
  const json& jstages = star_detail::member(doc, "stages", "");
  if (!jstages.is_array()) {
    throw InvalidArgument("stages", std::string("expected an array, got ") + jstages.type_name());
  }
  std::vector<StarStage> stages;
  for (std::size_t i = 0; i < jstages.size(); ++i) {
    const std::string path = index_path("stages", i);
    const json& s = jstages[i];
    StarStage stage;
    stage.name = star_detail::get_string(s, "name", path);
    stage.min = star_detail::get_int(star_detail::member(s, "min", path), join_path(path, "min"));
    stage.max = star_detail::get_int(star_detail::member(s, "max", path), join_path(path, "max"));
    stages.push_back(std::move(stage));
  }
  return create(std::move(id), std::move(edition), std::move(name), std::move(areas), smin, smax,
                std::move(stages));
}

std::string StarDefinition::to_json() const {
  json doc;
  doc["id"] = impl_->id;
  doc["edition"] = impl_->edition;
  doc["name"] = impl_->name;
  doc["scale"] = {{"min", impl_->scale_min}, {"max", impl_->scale_max}};
  json areas = json::array();
  for (const auto& a : impl_->areas) areas.push_back({{"id", a.id}, {"name", a.name}});
  doc["areas"] = std::move(areas);
  json stages = json::array();
  for (const auto& s : impl_->stages) {
    stages.push_back({{"name", s.name}, {"min", s.min}, {"max", s.max}});
  }
  doc["stages"] = std::move(stages);
  return doc.dump(2);
}

const std::string& StarDefinition::id() const { return impl_->id; }
const std::string& StarDefinition::edition() const { return impl_->edition; }
const std::string& StarDefinition::name() const { return impl_->name; }
const std::vector<StarArea>& StarDefinition::areas() const { return impl_->areas; }
std::size_t StarDefinition::area_count() const { return impl_->areas.size(); }
int StarDefinition::scale_min() const { return impl_->scale_min; }
int StarDefinition::scale_max() const { return impl_->scale_max; }
const std::vector<StarStage>& StarDefinition::stages() const { return impl_->stages; }

std::size_t StarDefinition::area_index(std::string_view area_id, std::string_view field) const {
  auto it = impl_->area_by_id.find(std::string(area_id));
  if (it == impl_->area_by_id.end()) {
    throw NotFound(std::string(field), "unknown area \"" + std::string(area_id.substr(0, 64)) +
                                           "\" (the " + impl_->name + " has " +
                                           impl_->areas.front().id + ", ..., " +
                                           impl_->areas.back().id + ")");
  }
  return it->second;
}

std::optional<std::size_t> StarDefinition::find_area(std::string_view id_or_name) const {
  auto it = impl_->area_by_id.find(std::string(id_or_name));
  if (it != impl_->area_by_id.end()) return it->second;
  const std::string key = name_key(id_or_name);
  if (key.empty()) return std::nullopt;
  for (std::size_t a = 0; a < impl_->areas.size(); ++a) {
    const StarArea& area = impl_->areas[a];
    if (name_key(area.id) == key || name_key(area.name) == key) {
      return a;
    }
  }
  return std::nullopt;
}

std::size_t StarDefinition::stage_index(int score, std::string_view field) const {
  if (score < impl_->scale_min || score > impl_->scale_max) {
    throw OutOfRange(std::string(field), std::to_string(score) + " is outside the scale " +
                                             std::to_string(impl_->scale_min) + ".." +
                                             std::to_string(impl_->scale_max));
  }
  return impl_->stage_of[static_cast<std::size_t>(score - impl_->scale_min)];
}

bool StarDefinition::operator==(const StarDefinition& other) const {
  if (impl_ == other.impl_) return true;
  const Impl& a = *impl_;
  const Impl& b = *other.impl_;
  if (a.id != b.id || a.edition != b.edition || a.name != b.name || a.scale_min != b.scale_min ||
      a.scale_max != b.scale_max || a.areas.size() != b.areas.size() ||
      a.stages.size() != b.stages.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.areas.size(); ++i) {
    if (a.areas[i].id != b.areas[i].id || a.areas[i].name != b.areas[i].name) return false;
  }
  for (std::size_t i = 0; i < a.stages.size(); ++i) {
    if (a.stages[i].name != b.stages[i].name || a.stages[i].min != b.stages[i].min ||
        a.stages[i].max != b.stages[i].max) {
      return false;
    }
  }
  return true;
}

}  // namespace homeward
