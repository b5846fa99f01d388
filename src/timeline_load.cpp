// Loading a caseload document (schema version 2 (or 1), docs/caseload-schema.md) with
// a streaming (SAX) parser: events go straight into the caseload's columns,
// with no intermediate document tree. Free-form attributes (and unknown
// members in lenient mode) are captured as JSON values and kept as text.
// Every error names its JSON path; paths are only built when thrown.
#include "timeline_internal.hpp"

#include "homeward/error.hpp"
#include "homeward/io.hpp"

#include "json_util.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <system_error>

namespace homeward {
namespace {

using timeline_detail::quoted_key;

using ojson = nlohmann::ordered_json;
using CB = CaseloadBuilder;

// A scalar field value held until its object ends (the event's type may come last).
struct Raw {
  bool present = false;
  bool is_string = false;
  bool is_null = false;
  bool is_unsigned = false;
  std::uint64_t u = 0;
  std::string s;
  const char* type = "";
  void reset() {
    present = is_string = is_null = is_unsigned = false;
    s.clear();
  }
};

class Loader final : public nlohmann::json_sax<ojson> {
 public:
  Loader(Caseload& c, bool strict, std::string_view text) : c_(c), strict_(strict), text_(text) {}

  // --- scalars ---------------------------------------------------------------
  bool null() override { return scalar_other(ojson(nullptr), "null", true); }
  bool boolean(bool v) override { return scalar_other(ojson(v), "boolean", false); }
  bool number_integer(number_integer_t v) override {
    if (v >= 0) return number_unsigned(static_cast<number_unsigned_t>(v));
    return scalar_other(ojson(v), "number", false);
  }
  bool number_unsigned(number_unsigned_t v) override {
    if (in_capture()) return capture_value(ojson(v));
    if (raw_ && !capture_pending_) {
      raw_->present = true;
      raw_->is_unsigned = true;
      raw_->u = v;
      raw_->type = "number";
      raw_ = nullptr;
      return true;
    }
    return scalar_other(ojson(v), "number", false);
  }
  bool number_float(number_float_t v, const string_t&) override {
    return scalar_other(ojson(v), "number", false);
  }
  bool binary(binary_t&) override { return scalar_other(ojson(nullptr), "binary", false); }
  bool string(string_t& v) override {
    if (in_capture()) return capture_value(ojson(v));
    if (capture_pending_) return scalar_other(ojson(v), "string", false);
    if (raw_) {
      raw_->present = true;
      raw_->is_string = true;
      raw_->s.assign(v);
      raw_->type = "string";
      raw_ = nullptr;
      return true;
    }
    return scalar_other(ojson(v), "string", false);
  }

  // --- containers --------------------------------------------------------------
  bool start_object(std::size_t) override {
    if (in_capture() || capture_pending_) return capture_open(ojson::object());
    switch (ctx_) {
      case Ctx::start: ctx_ = Ctx::top; return true;
      case Ctx::pathways: begin_pathway(); return true;
      case Ctx::events: begin_event(); return true;
      default: expect_failed("object");
    }
  }
  bool start_array(std::size_t) override {
    if (in_capture() || capture_pending_) return capture_open(ojson::array());
    if (ctx_ == Ctx::start)
      throw InvalidArgument("", "a caseload document is a JSON object, got array");
    if (ctx_ == Ctx::top && key_is_ == Key::pathways) {
      ctx_ = Ctx::pathways;
      have_pathways_ = true;
      key_is_ = Key::none;
      return true;
    }
    if (ctx_ == Ctx::pathway && key_is_ == Key::events) {
      ctx_ = Ctx::events;
      have_events_ = true;
      key_is_ = Key::none;
      return true;
    }
    expect_failed("array");
  }
  bool end_object() override {
    if (in_capture()) return capture_close();
    switch (ctx_) {
      case Ctx::event:
        finish_event();
        ctx_ = Ctx::events;
        return true;
      case Ctx::pathway:
        finish_pathway();
        ctx_ = Ctx::pathways;
        return true;
      case Ctx::top: ctx_ = Ctx::done; return true;
      default: return true;
    }
  }
  bool end_array() override {
    if (in_capture()) return capture_close();
    if (ctx_ == Ctx::events)
      ctx_ = Ctx::pathway;
    else if (ctx_ == Ctx::pathways)
      ctx_ = Ctx::top;
    return true;
  }
  bool key(string_t& k) override {
    if (in_capture()) {
      cap_keys_.back() = k;
      return true;
    }
    key_.assign(k);
    key_is_ = Key::none;
    raw_ = nullptr;
    switch (ctx_) {
      case Ctx::top:
        if (k == "schema")
          key_is_ = Key::schema;
        else if (k == "version")
          key_is_ = Key::version;
        else if (k == "pathways")
          key_is_ = Key::pathways;
        else if (k == "attributes")
          capture(Target::top_attributes);
        else if (strict_)
          unknown_field("", "schema, version, attributes, pathways");
        else
          capture(Target::top_unknown);
        break;
      case Ctx::pathway:
        if (k == "person_id")
          key_is_ = Key::person_id;
        else if (k == "events")
          key_is_ = Key::events;
        else if (k == "attributes")
          capture(Target::pathway_attributes);
        else if (strict_)
          unknown_field(path_pathway(), "person_id, events, attributes");
        else
          capture(Target::pathway_unknown);
        break;
      case Ctx::event:
        if (k == "type")
          raw_ = &type_;
        else if (k == "date")
          raw_ = &date_;
        else if (k == "planned_discharge")
          raw_ = &planned_;
        else if (k == "end_date")
          raw_ = &end_;
        else if (k == "delay_reason")
          raw_ = &reason_;
        else if (k == "destination")
          raw_ = &dest_;
        else if (k == "out_of_area_reason")
          raw_ = &oap_reason_;
        else if (k == "admitted")
          raw_ = &admitted_;
        else if (k == "attributes")
          capture(Target::event_attributes);
        else if (Raw* d = detail_raw(k))
          raw_ = d;
        else if (strict_) {
          unknown_field(
              path_event(),
              "type, date, planned_discharge, end_date, admitted, delay_reason, attributable_to, "
              "destination, discharge_method, bed_type, ward_security_level, attend_status, "
              "consultation_mechanism, out_of_area_reason, attributes");
        } else {
          capture(Target::event_unknown);
        }
        if (raw_) raw_->reset();
        break;
      default: break;
    }
    return true;
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& e) override {
    throw ParseError("source", detail::parse_error_message(text_, position, e.what()));
  }

  void finish_document() {
    if (ctx_ != Ctx::done) throw ParseError("source", "truncated JSON document");
    if (!have_version_)
      throw InvalidArgument("version", "missing (the caseload schema version, 2)");
    if (!have_pathways_) throw InvalidArgument("pathways", "missing (an array of pathways)");
    if (!top_unknown_.is_null()) CB::unknown_top(c_) = top_unknown_.dump();
  }

 private:
  enum class Ctx { start, top, pathways, pathway, events, event, done };
  enum class Key { none, schema, version, pathways, person_id, events };
  enum class Target {
    none,
    top_attributes,
    top_unknown,
    pathway_attributes,
    pathway_unknown,
    event_attributes,
    event_unknown
  };

  // --- paths (built on error only) ----------------------------------------------
  std::string path_pathway() const { return index_path("pathways", pathway_); }
  std::string path_event() const { return index_path(join_path(path_pathway(), "events"), event_); }
  std::string path_key() const {
    switch (ctx_) {
      case Ctx::pathway: return join_path(path_pathway(), key_);
      case Ctx::event: return join_path(path_event(), key_);
      default: return key_;
    }
  }

  [[noreturn]] void unknown_field(const std::string& parent, const char* known) {
    throw InvalidArgument(join_path(parent, key_),
                          "unknown field " + quoted_key(key_) + " (known: " + known +
                              "; load with strict=false to keep unknown fields)");
  }

  [[noreturn]] void expect_failed(const char* got) {
    switch (ctx_) {
      case Ctx::start:
        throw InvalidArgument("", std::string("a caseload document is a JSON object, got ") + got);
      case Ctx::pathways:
        throw InvalidArgument(index_path("pathways", c_.size()),
                              std::string("expected an object, got ") + got);
      case Ctx::events:
        throw InvalidArgument(index_path(join_path(path_pathway(), "events"), event_),
                              std::string("expected an object, got ") + got);
      case Ctx::top:
        if (key_is_ == Key::pathways)
          throw InvalidArgument("pathways", std::string("expected an array, got ") + got);
        if (key_is_ == Key::version)
          throw InvalidArgument("version", std::string("expected an integer, got ") + got);
        if (key_is_ == Key::schema)
          throw InvalidArgument("schema",
                                std::string("expected \"homeward.caseload\", got ") + got);
        break;
      case Ctx::pathway:
        if (key_is_ == Key::events)
          throw InvalidArgument(path_key(), std::string("expected an array, got ") + got);
        if (key_is_ == Key::person_id)
          throw InvalidArgument(path_key(), std::string("expected a string, got ") + got);
        break;
      case Ctx::event:
        throw InvalidArgument(path_key(), std::string("expected a string, got ") + got);
      default: break;
    }
    throw InvalidArgument(path_key(), std::string("unexpected ") + got);
  }

  // A scalar that is not a plain string/unsigned field value.
  bool scalar_other(ojson v, const char* type, bool is_null) {
    if (in_capture()) return capture_value(std::move(v));
    if (capture_pending_) {
      if (is_attributes_target())
        throw InvalidArgument(path_key(), std::string("expected an object, got ") + type);
      return finish_capture(std::move(v));
    }
    if (raw_) {
      raw_->present = true;
      raw_->is_null = is_null;
      raw_->type = type;
      raw_ = nullptr;
      return true;
    }
    if (ctx_ == Ctx::top && key_is_ == Key::version) {
      if (v.is_number_integer()) {
        throw InvalidArgument("version", "unsupported caseload schema version " + v.dump() +
                                             " (this library reads versions 1 and 2)");
      }
      throw InvalidArgument("version", std::string("expected an integer, got ") + type);
    }
    if (ctx_ == Ctx::top && key_is_ == Key::schema && v.is_string() &&
        v.get_ref<const std::string&>() == "homeward.caseload") {
      return true;
    }
    expect_failed(type);
  }

  // --- top / pathway / event ------------------------------------------------------
  void begin_pathway() {
    ctx_ = Ctx::pathway;
    event_ = 0;
    first_event_ = CB::types(c_).size();
    have_person_ = have_events_ = false;
    person_.clear();
    pextra_ = Caseload::Extra{};
    punknown_ = ojson();
  }

  void begin_event() {
    ctx_ = Ctx::event;
    type_.reset();
    date_.reset();
    planned_.reset();
    end_.reset();
    reason_.reset();
    dest_.reset();
    oap_reason_.reset();
    admitted_.reset();
    for (auto& d : details_) d.reset();
    eattrs_.clear();
    eunknown_ = ojson();
  }

  std::int32_t date_of(const Raw& r, const char* k) {
    if (!r.is_string) {
      throw InvalidArgument(
          join_path(path_event(), k),
          std::string("expected an ISO date string \"YYYY-MM-DD\", got ") + r.type);
    }
    try {
      return to_days(parse_date(r.s, k));
    } catch (const OutOfRange& e) {
      throw OutOfRange(join_path(path_event(), k), e.message());
    } catch (const Error& e) {
      throw InvalidArgument(join_path(path_event(), k), e.message());
    }
  }

  std::int32_t code_of(const Raw& r, const char* k) {
    std::string s;
    if (r.is_string) {
      if (r.s.empty()) throw InvalidArgument(join_path(path_event(), k), "must not be empty");
      if (r.s.size() > 200)
        throw InvalidArgument(join_path(path_event(), k), "longer than 200 bytes");
      s = r.s;
    } else if (r.is_unsigned) {
      s = std::to_string(r.u);
    } else {
      throw InvalidArgument(join_path(path_event(), k),
                            std::string("expected a string, got ") + r.type);
    }
    auto it = pool_ix_.find(s);
    if (it == pool_ix_.end()) {
      auto& pool = CB::code_pool(c_);
      it = pool_ix_.emplace(s, static_cast<std::int32_t>(pool.size())).first;
      pool.push_back(s);
    }
    return it->second;
  }

  void finish_event() {
    if (!type_.present) throw InvalidArgument(join_path(path_event(), "type"), "missing");
    if (!type_.is_string) {
      throw InvalidArgument(join_path(path_event(), "type"),
                            std::string("expected a string, got ") + type_.type);
    }
    EventType t;
    try {
      t = parse_event_type(type_.s, "type");
    } catch (const NotFound& e) {
      throw NotFound(join_path(path_event(), "type"), e.message());
    }
    auto not_field = [&](const char* k) {
      throw InvalidArgument(join_path(path_event(), k),
                            "not a field of " + std::string(event_type_name(t)) + " events");
    };
    if (!date_.present) throw InvalidArgument(join_path(path_event(), "date"), "missing");
    const std::int32_t date = date_of(date_, "date");
    std::int32_t date2 = kNoDay, code = -1;
    if (planned_.present) {
      if (!timeline_detail::allows_planned_discharge(t)) not_field("planned_discharge");
      if (!planned_.is_null) date2 = date_of(planned_, "planned_discharge");
    }
    if (end_.present) {
      if (!timeline_detail::allows_end_date(t)) not_field("end_date");
      if (!end_.is_null) date2 = date_of(end_, "end_date");
    }
    if (reason_.present) {
      if (!timeline_detail::allows_delay_reason(t)) not_field("delay_reason");
      if (!reason_.is_null) code = code_of(reason_, "delay_reason");
    }
    if (dest_.present) {
      if (!timeline_detail::allows_destination(t)) not_field("destination");
      if (!dest_.is_null) code = code_of(dest_, "destination");
    }
    if (oap_reason_.present) {
      if (!timeline_detail::allows_out_of_area_reason(t)) not_field("out_of_area_reason");
      if (!oap_reason_.is_null) code = code_of(oap_reason_, "out_of_area_reason");
    }
    if (code >= 0) {
      timeline_detail::check_main_code(t, CB::code_pool(c_)[static_cast<std::size_t>(code)],
                                       path_event());
    }
    std::int32_t date3 = kNoDay;
    if (admitted_.present) {
      if (!timeline_detail::allows_admitted(t)) not_field("admitted");
      if (!admitted_.is_null) date3 = date_of(admitted_, "admitted");
    }
    std::uint32_t detail = 0;
    for (std::size_t f = 0; f < timeline_detail::kDetailFieldCount; ++f) {
      const Raw& r = details_[f];
      if (!r.present || r.is_null) continue;
      const auto& fd = timeline_detail::kDetailFields[f];
      const std::string key(fd.key);
      std::string text;
      if (r.is_string)
        text = r.s;
      else if (r.is_unsigned)
        text = std::to_string(r.u);
      else
        throw InvalidArgument(join_path(path_event(), key),
                              std::string("expected a string, got ") + r.type);
      detail = timeline_detail::add_detail(detail, t, fd, text, path_event());
    }
    const auto index = static_cast<std::int64_t>(CB::types(c_).size());
    if (!eattrs_.empty() || !eunknown_.is_null()) {
      auto& x = CB::event_extra(c_)[index];
      x.attributes = std::move(eattrs_);
      if (!eunknown_.is_null()) x.unknown = eunknown_.dump();
    }
    CB::types(c_).push_back(static_cast<std::uint8_t>(t));
    CB::dates(c_).push_back(date);
    CB::dates2(c_).push_back(date2);
    CB::codes(c_).push_back(code);
    CB::dates3(c_).push_back(date3);
    CB::details(c_).push_back(detail);
    ++event_;
  }

  void finish_pathway() {
    if (!have_person_) throw InvalidArgument(join_path(path_pathway(), "person_id"), "missing");
    if (person_.empty())
      throw InvalidArgument(join_path(path_pathway(), "person_id"), "empty person id");
    if (person_.size() > 256) {
      throw InvalidArgument(join_path(path_pathway(), "person_id"),
                            "person id longer than 256 bytes");
    }
    if (!have_events_) throw InvalidArgument(join_path(path_pathway(), "events"), "missing");
    const std::size_t n = CB::types(c_).size() - first_event_;
    if (n == 0) {
      throw InvalidArgument(join_path(path_pathway(), "events"),
                            "a pathway needs at least one event (its referral)");
    }
    auto& index = CB::index(c_);
    if (auto [it, inserted] = index.emplace(person_, pathway_); !inserted) {
      throw InvalidArgument(join_path(path_pathway(), "person_id"),
                            "duplicate person id \"" + person_.substr(0, 80) + "\" (first at " +
                                index_path("pathways", it->second) + ")");
    }
    const std::size_t o = first_event_;
    timeline_detail::check_sequence(
        CB::types(c_).data() + o, CB::dates(c_).data() + o, CB::dates2(c_).data() + o,
        CB::codes(c_).data() + o, n,
        [this](std::size_t j) { return index_path(join_path(path_pathway(), "events"), j); });
    if (!punknown_.is_null()) pextra_.unknown = punknown_.dump();
    if (!pextra_.attributes.empty() || !pextra_.unknown.empty()) {
      CB::pathway_extra(c_)[static_cast<std::int64_t>(pathway_)] = std::move(pextra_);
    }
    CB::person_ids(c_).push_back(std::move(person_));
    CB::offsets(c_).push_back(static_cast<std::int64_t>(CB::types(c_).size()));
    ++pathway_;
  }

  // person_id arrives as a string in the pathway context.
  bool pathway_string(const std::string& v) {
    person_ = v;
    have_person_ = true;
    return true;
  }

  // --- capture of attributes and unknown members --------------------------------
  bool in_capture() const { return !cap_stack_.empty(); }
  bool is_attributes_target() const {
    return target_ == Target::top_attributes || target_ == Target::pathway_attributes ||
           target_ == Target::event_attributes;
  }
  void capture(Target t) {
    target_ = t;
    capture_pending_ = true;
  }
  bool capture_open(ojson v) {
    if (capture_pending_) {
      if (is_attributes_target() && !v.is_object()) {
        throw InvalidArgument(path_key(), "expected an object, got array");
      }
      capture_pending_ = false;
    }
    cap_stack_.push_back(std::move(v));
    cap_keys_.emplace_back();
    return true;
  }
  bool capture_value(ojson v) {
    ojson& top = cap_stack_.back();
    if (top.is_object())
      top[cap_keys_.back()] = std::move(v);
    else
      top.push_back(std::move(v));
    return true;
  }
  bool capture_close() {
    ojson v = std::move(cap_stack_.back());
    cap_stack_.pop_back();
    cap_keys_.pop_back();
    if (!cap_stack_.empty()) return capture_value(std::move(v));
    return finish_capture(std::move(v));
  }
  bool finish_capture(ojson v) {
    capture_pending_ = false;
    switch (target_) {
      case Target::top_attributes: CB::attributes(c_) = v.empty() ? std::string() : v.dump(); break;
      case Target::pathway_attributes:
        pextra_.attributes = v.empty() ? std::string() : v.dump();
        break;
      case Target::event_attributes: eattrs_ = v.empty() ? std::string() : v.dump(); break;
      case Target::top_unknown: top_unknown_[key_] = std::move(v); break;
      case Target::pathway_unknown: punknown_[key_] = std::move(v); break;
      case Target::event_unknown: eunknown_[key_] = std::move(v); break;
      case Target::none: break;
    }
    target_ = Target::none;
    return true;
  }

 public:
  // Strings in the top and pathway contexts (schema, person_id).
  bool string_in_context(string_t& v) {
    if (ctx_ == Ctx::pathway && key_is_ == Key::person_id) return pathway_string(v);
    if (ctx_ == Ctx::top && key_is_ == Key::schema) {
      if (v != "homeward.caseload") {
        throw InvalidArgument("schema", "expected \"homeward.caseload\", got " + quoted_key(v));
      }
      return true;
    }
    return false;
  }
  bool version_value(number_unsigned_t v) {
    if (ctx_ == Ctx::top && key_is_ == Key::version) {
      if (v != 1 && v != 2) {
        throw InvalidArgument("version", "unsupported caseload schema version " +
                                             std::to_string(v) +
                                             " (this library reads versions 1 and 2)");
      }
      have_version_ = true;
      return true;
    }
    return false;
  }

 private:
  Caseload& c_;
  bool strict_;
  std::string_view text_;  // for parse error excerpts
  Ctx ctx_ = Ctx::start;
  Key key_is_ = Key::none;
  std::string key_;
  Raw* raw_ = nullptr;
  Raw type_, date_, planned_, end_, reason_, dest_, oap_reason_, admitted_;
  Raw details_[timeline_detail::kDetailFieldCount];
  Raw* detail_raw(const std::string& k) {
    for (std::size_t f = 0; f < timeline_detail::kDetailFieldCount; ++f) {
      if (timeline_detail::kDetailFields[f].key == k) return &details_[f];
    }
    return nullptr;
  }
  std::string eattrs_;
  ojson eunknown_, punknown_, top_unknown_;
  Caseload::Extra pextra_;
  std::string person_;
  bool have_person_ = false, have_events_ = false, have_version_ = false, have_pathways_ = false;
  std::size_t pathway_ = 0, event_ = 0, first_event_ = 0;
  std::map<std::string, std::int32_t, std::less<>> pool_ix_;
  std::vector<ojson> cap_stack_;
  std::vector<std::string> cap_keys_;
  bool capture_pending_ = false;
  Target target_ = Target::none;
};

// Routes the context-specific scalars (schema, version, person_id) before the
// generic handling in Loader.
class Router final : public nlohmann::json_sax<ojson> {
 public:
  explicit Router(Loader& l) : l_(l) {}
  bool null() override { return l_.null(); }
  bool boolean(bool v) override { return l_.boolean(v); }
  bool number_integer(number_integer_t v) override {
    if (v >= 0 && l_.version_value(static_cast<number_unsigned_t>(v))) return true;
    return l_.number_integer(v);
  }
  bool number_unsigned(number_unsigned_t v) override {
    if (l_.version_value(v)) return true;
    return l_.number_unsigned(v);
  }
  bool number_float(number_float_t v, const string_t& s) override { return l_.number_float(v, s); }
  bool string(string_t& v) override {
    if (l_.string_in_context(v)) return true;
    return l_.string(v);
  }
  bool binary(binary_t& v) override { return l_.binary(v); }
  bool start_object(std::size_t n) override { return l_.start_object(n); }
  bool key(string_t& k) override { return l_.key(k); }
  bool end_object() override { return l_.end_object(); }
  bool start_array(std::size_t n) override { return l_.start_array(n); }
  bool end_array() override { return l_.end_array(); }
  bool parse_error(std::size_t p, const std::string& t,
                   const nlohmann::detail::exception& e) override {
    return l_.parse_error(p, t, e);
  }

 private:
  Loader& l_;
};

}  // namespace

namespace {
InputLimits limits_of(const LoadOptions& options) {
  InputLimits limits;
  limits.max_bytes = options.max_bytes;
  limits.max_depth = options.max_depth;
  detail::check_limits(limits, "options");
  return limits;
}
}  // namespace

Caseload Caseload::from_file(const std::string& path, const LoadOptions& options) {
  const InputLimits limits = limits_of(options);
  return from_json(read_file(path, "path", limits.max_bytes), options);
}

Caseload Caseload::from_json(std::string_view text, const LoadOptions& options) {
  const InputLimits limits = limits_of(options);
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw ParseError("source", "malformed JSON at byte 0: the text is empty");
  }
  check_text_size(text, "source", limits.max_bytes);
  // Size, depth, number overflow and duplicate keys, before anything is built.
  detail::check_json(text, "source", limits, detail::PathRoot::document);
  Caseload c;
  Loader loader(c, options.strict, text);
  Router router(loader);
  ojson::sax_parse(text, &router);
  loader.finish_document();
  return c;
}

}  // namespace homeward
