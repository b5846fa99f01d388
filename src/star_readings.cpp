// Star readings: column-wise storage, validation, JSON in and out, filters.
#include "json_util.hpp"
#include "star_internal.hpp"
#include "utf8.hpp"

#include "homeward/error.hpp"
#include "homeward/io.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>
#include <numeric>
#include <type_traits>

namespace homeward {

using star_detail::json;

namespace {

constexpr std::size_t kMaxPersonIdLength = 200;

std::string row_path(std::size_t row) { return index_path("readings", row); }

std::string row_field(std::size_t row, std::string_view key) {
  return join_path(row_path(row), key);
}

std::string score_field(std::size_t row, const std::string& area_id) {
  return join_path(join_path(row_path(row), "scores"), area_id);
}

void check_person_id(std::string_view id, std::size_t row) {
  if (id.empty()) throw InvalidArgument(row_field(row, "person_id"), "must not be empty");
  if (id.size() > kMaxPersonIdLength) {
    throw InvalidArgument(row_field(row, "person_id"),
                          "is longer than " + std::to_string(kMaxPersonIdLength) + " characters");
  }
  // Ids from columns (C, Python) reach JSON output later: refuse what JSON cannot hold.
  if (!detail::is_valid_utf8(id))
    throw InvalidArgument(row_field(row, "person_id"), "is not valid UTF-8");
}

std::int8_t checked_score(const StarDefinition& def, int v, std::size_t row,
                          const std::string& area_id) {
  if (v < def.scale_min() || v > def.scale_max()) {
    throw OutOfRange(score_field(row, area_id),
                     std::to_string(v) + " is outside the " + def.name() + " scale " +
                         std::to_string(def.scale_min()) + ".." + std::to_string(def.scale_max()));
  }
  return static_cast<std::int8_t>(v);
}

// Assigns person indices in first-appearance order: an open-addressing hash
// table over the ids (kept in one arena; ids of up to 8 bytes also inline in
// the slot), with software prefetching over batches of rows. For a million
// shuffled rows the time is memory latency, so this matters: it is several
// times faster than std::unordered_map. Rows of one person often come
// together, so the previous id is checked first.
class PersonIndex {
 public:
  PersonIndex() { slots_.assign(1024, Slot{}); }
  PersonIndex(const PersonIndex&) = delete;
  PersonIndex& operator=(const PersonIndex&) = delete;

  std::uint32_t get(std::string_view id) { return get_hashed(id, hash(id)); }

  // out[i] = get(ids[i]) for every row, prefetching ahead.
  void get_all(const std::string_view* ids, std::size_t n, std::uint32_t* out) {
    constexpr std::size_t kAhead = 8;
    std::uint64_t ring[2 * kAhead];
    auto stage = [&](std::size_t k) {
      ring[k % (2 * kAhead)] = hash(ids[k]);
      __builtin_prefetch(
          &slots_[static_cast<std::size_t>(ring[k % (2 * kAhead)]) & (slots_.size() - 1)]);
    };
    for (std::size_t k = 0; k < n && k < 2 * kAhead; ++k) __builtin_prefetch(ids[k].data());
    for (std::size_t k = 0; k < n && k < kAhead; ++k) stage(k);
    for (std::size_t i = 0; i < n; ++i) {
      if (i + 2 * kAhead < n) __builtin_prefetch(ids[i + 2 * kAhead].data());
      if (i + kAhead < n) stage(i + kAhead);
      out[i] = get_hashed(ids[i], ring[i % (2 * kAhead)]);
    }
  }

  std::vector<std::string> take() {
    std::vector<std::string> out;
    out.reserve(offsets_.size());
    for (std::size_t p = 0; p < offsets_.size(); ++p) {
      out.emplace_back(view(static_cast<std::uint32_t>(p)));
    }
    return out;
  }
  void reserve(std::size_t n) {
    std::size_t cap = 1024;
    while (cap < 2 * n) cap *= 2;
    if (cap > slots_.size()) rehash(cap);
  }

 private:
  static constexpr std::uint32_t kNone = 0xffffffffu;
  struct Slot {
    std::uint64_t hash = 0;
    std::uint64_t prefix = 0;  // the id's first 8 bytes, zero-padded
    std::uint32_t index = kNone;
    std::uint32_t length = 0;
  };
  static std::uint64_t prefix(std::string_view s) {
    std::uint64_t v = 0;
    std::memcpy(&v, s.data(), s.size() < 8 ? s.size() : 8);
    return v;
  }
  static std::uint64_t hash(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a, then a final mix
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return h;
  }
  std::uint32_t get_hashed(std::string_view id, std::uint64_t h) {
    const std::uint64_t pre = prefix(id);
    // The previous id, compared without a call: length and first 8 bytes
    // (ids of up to 8 bytes are then equal), then the rest.
    if (last_ != kNone && id.size() == last_length_ && pre == last_prefix_ &&
        (id.size() <= 8 || id == view(last_))) {
      return last_;
    }
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t k = static_cast<std::size_t>(h) & mask;; k = (k + 1) & mask) {
      Slot& s = slots_[k];
      if (s.index == kNone) {
        const auto p = static_cast<std::uint32_t>(offsets_.size());
        offsets_.push_back(arena_.size());
        arena_.append(id);
        s.hash = h;
        s.prefix = pre;
        s.index = p;
        s.length = static_cast<std::uint32_t>(id.size());
        remember(p, pre, id.size());
        if (2 * offsets_.size() > slots_.size()) rehash(slots_.size() * 2);
        return p;
      }
      if (s.hash == h && s.length == id.size() && s.prefix == pre &&
          (id.size() <= 8 || view(s.index) == id)) {
        remember(s.index, pre, id.size());
        return s.index;
      }
    }
  }
  void remember(std::uint32_t p, std::uint64_t pre, std::size_t length) {
    last_ = p;
    last_prefix_ = pre;
    last_length_ = length;
  }
  std::string_view view(std::uint32_t p) const {
    const std::size_t b = offsets_[p];
    const std::size_t e = p + 1 < offsets_.size() ? offsets_[p + 1] : arena_.size();
    return std::string_view(arena_.data() + b, e - b);
  }
  void rehash(std::size_t cap) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(cap, Slot{});
    const std::size_t mask = cap - 1;
    for (const Slot& s : old) {
      if (s.index == kNone) continue;
      std::size_t k = static_cast<std::size_t>(s.hash) & mask;
      while (slots_[k].index != kNone) k = (k + 1) & mask;
      slots_[k] = s;
    }
  }

  std::vector<Slot> slots_;
  std::string arena_;
  std::vector<std::size_t> offsets_;
  std::uint32_t last_ = kNone;
  std::uint64_t last_prefix_ = 0;
  std::size_t last_length_ = 0;
};

// Storage for n readings of `def`: every score missing until filled in.
std::unique_ptr<StarReadings::Impl> new_rows(const StarDefinition& def, std::size_t n) {
  auto impl = std::make_unique<StarReadings::Impl>();
  impl->def = def;
  impl->person.resize(n);
  impl->day.resize(n);
  impl->completed_by.resize(n);
  impl->retrospective.assign(n, 0);
  impl->scores.assign(n * def.area_count(), kMissingScore);
  return impl;
}

}  // namespace

namespace star_detail {

std::shared_ptr<const StarReadings::Impl> finish(std::unique_ptr<StarReadings::Impl> impl,
                                                 const std::vector<std::size_t>& input_row) {
  const std::size_t n = impl->size();
  const std::size_t people = impl->people.size();
  const std::size_t A = impl->def.area_count();
  if (n > std::numeric_limits<std::uint32_t>::max()) {
    throw InvalidArgument("readings", "too many readings (at most 4294967295)");
  }
  // Input row of storage position k, for messages (identity when empty).
  auto input_of = [&input_row](std::size_t k) { return input_row.empty() ? k : input_row[k]; };
  // 1. Counting sort by person (stable): scatter every column once
  //    (sequential reads, writes grouped by person). Positions are 32-bit to
  //    halve the memory the scattered writes touch.
  std::vector<std::size_t> begin(people + 1, 0);
  for (std::size_t i = 0; i < n; ++i) ++begin[impl->person[i] + 1];
  for (std::size_t p = 0; p < people; ++p) begin[p + 1] += begin[p];
  bool in_order = true;
  for (std::size_t i = 1; i < n && in_order; ++i) {
    in_order = impl->person[i - 1] <= impl->person[i];
  }
  std::vector<std::uint32_t> row(n);  // storage position -> input row
  if (in_order) {
    std::iota(row.begin(), row.end(), std::uint32_t{0});
  } else {
    std::vector<std::uint32_t> next(people);
    for (std::size_t p = 0; p < people; ++p) next[p] = static_cast<std::uint32_t>(begin[p]);
    std::vector<std::int32_t> day(n);
    std::vector<std::uint8_t> cb(n), retro(n);
    std::vector<std::int8_t> scores(n * A);
    const std::uint32_t* person = impl->person.data();
    const std::int32_t* day_in = impl->day.data();
    const std::uint8_t* cb_in = impl->completed_by.data();
    const std::uint8_t* retro_in = impl->retrospective.data();
    const std::int8_t* scores_in = impl->scores.data();
    std::uint32_t* row_out = row.data();
    std::int32_t* day_out = day.data();
    std::uint8_t* cb_out = cb.data();
    std::uint8_t* retro_out = retro.data();
    std::int8_t* scores_out = scores.data();
    auto scatter = [&](auto area_count) {
      const std::size_t stride = area_count;
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t k = next[person[i]]++;
        row_out[k] = static_cast<std::uint32_t>(i);
        day_out[k] = day_in[i];
        cb_out[k] = cb_in[i];
        retro_out[k] = retro_in[i];
        std::memcpy(scores_out + k * stride, scores_in + i * stride, stride);
      }
    };
    // The Recovery Star's 10 areas get a fixed-size copy (no memcpy call).
    if (A == 10) {
      scatter(std::integral_constant<std::size_t, 10>{});
    } else {
      scatter(A);
    }
    for (std::size_t p = 0; p < people; ++p) {
      std::fill(impl->person.begin() + static_cast<std::ptrdiff_t>(begin[p]),
                impl->person.begin() + static_cast<std::ptrdiff_t>(begin[p + 1]),
                static_cast<std::uint32_t>(p));
    }
    impl->day = std::move(day);
    impl->completed_by = std::move(cb);
    impl->retrospective = std::move(retro);
    impl->scores = std::move(scores);
  }
  // 2. Within each person, sort by date (ties by input row) and reject two
  //    readings on one date, naming the later input row.
  // Scratch reused across people (no allocation per person).
  std::vector<std::size_t> idx;
  std::vector<std::uint32_t> tmp_row;
  std::vector<std::int32_t> tmp_day;
  std::vector<std::uint8_t> tmp_cb, tmp_retro;
  std::vector<std::int8_t> tmp_scores;
  for (std::size_t p = 0; p < people; ++p) {
    const std::size_t b = begin[p];
    const std::size_t e = begin[p + 1];
    bool sorted = true;
    for (std::size_t k = b + 1; k < e && sorted; ++k) {
      sorted = impl->day[k - 1] < impl->day[k];
    }
    if (!sorted) {
      idx.resize(e - b);
      std::iota(idx.begin(), idx.end(), b);
      std::sort(idx.begin(), idx.end(), [&](std::size_t x, std::size_t y) {
        return impl->day[x] < impl->day[y] || (impl->day[x] == impl->day[y] && row[x] < row[y]);
      });
      for (std::size_t k = 0; k + 1 < idx.size(); ++k) {
        if (impl->day[idx[k]] == impl->day[idx[k + 1]]) {
          throw InvalidArgument(row_field(input_of(row[idx[k + 1]]), "date"),
                                "person \"" + impl->people[p] + "\" already has a reading on " +
                                    format_date(from_days(impl->day[idx[k]])) + " (" +
                                    row_path(input_of(row[idx[k]])) + ")");
        }
      }
      auto permute = [&](auto& column, auto& tmp) {
        tmp.resize(idx.size());
        for (std::size_t k = 0; k < idx.size(); ++k) tmp[k] = column[idx[k]];
        std::copy(tmp.begin(), tmp.end(), column.begin() + static_cast<std::ptrdiff_t>(b));
      };
      permute(impl->day, tmp_day);
      permute(impl->completed_by, tmp_cb);
      permute(impl->retrospective, tmp_retro);
      permute(row, tmp_row);
      tmp_scores.resize(idx.size() * A);
      for (std::size_t k = 0; k < idx.size(); ++k) {
        std::memcpy(tmp_scores.data() + k * A, impl->scores.data() + idx[k] * A, A);
      }
      std::copy(tmp_scores.begin(), tmp_scores.end(),
                impl->scores.begin() + static_cast<std::ptrdiff_t>(b * A));
    }
  }
  impl->person_begin = std::move(begin);
  return std::shared_ptr<const StarReadings::Impl>(std::move(impl));
}

}  // namespace star_detail

StarReadings::StarReadings(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

StarReadings StarReadings::from_columns(const StarDefinition& def, const StarColumns& c) {
  const std::size_t n = c.count;
  const std::size_t areas = def.area_count();
  if (n > std::numeric_limits<std::uint32_t>::max()) {
    throw InvalidArgument("readings", "too many readings (at most 4294967295)");
  }
  if (n > 0) {
    if (c.person_ids == nullptr) throw InvalidArgument("person_id", "column is missing");
    if (c.dates == nullptr) throw InvalidArgument("date", "column is missing");
    if (c.completed_by == nullptr) throw InvalidArgument("completed_by", "column is missing");
  }
  if (c.area_scores.size() != areas) {
    throw InvalidArgument("scores", "expected " + std::to_string(areas) +
                                        " score columns (one per area of the " + def.name() +
                                        "), got " + std::to_string(c.area_scores.size()));
  }
  auto impl = new_rows(def, n);

  constexpr std::int64_t kMinDay = -208188;  // 1400-01-01
  constexpr std::int64_t kMaxDay = 2932896;  // 9999-12-31
  PersonIndex index;
  index.reserve(std::min<std::size_t>(n / 4, 1u << 20));
  for (std::size_t i = 0; i < n; ++i) check_person_id(c.person_ids[i], i);
  index.get_all(c.person_ids, n, impl->person.data());
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t d = c.dates[i];
    if (d < kMinDay || d > kMaxDay) from_days(d, row_field(i, "date"));  // throws
    impl->day[i] = static_cast<std::int32_t>(d);
    const std::uint8_t cb = c.completed_by[i];
    if (cb >= kCompletionCount) {
      throw InvalidArgument(
          row_field(i, "completed_by"),
          "code " + std::to_string(cb) + " is not 0 (jointly), 1 (worker) or 2 (service_user)");
    }
    impl->completed_by[i] = cb;
    if (c.retrospective != nullptr) {
      const std::uint8_t r = c.retrospective[i];
      if (r > 1) {
        throw InvalidArgument(row_field(i, "retrospective"),
                              "expected true or false, got " + std::to_string(r));
      }
      impl->retrospective[i] = r;
    }
  }
  const double lo = def.scale_min();
  const double hi = def.scale_max();
  const std::size_t stride = c.score_stride;
  if (stride == 0 && n > 1) throw InvalidArgument("score_stride", "must be at least 1");
  // One branch-free pass per column: a score inside the scale is stored, NaN
  // (when it means missing) leaves the slot missing, anything else sets `bad`.
  // Only then is the column scanned again for its first bad row, so errors
  // are the same as checking row by row (first bad area, then first bad row).
  const bool nan_ok = c.nan_is_missing;
  for (std::size_t a = 0; a < areas; ++a) {
    const double* col = c.area_scores[a];
    if (col == nullptr) continue;
    std::int8_t* out = impl->scores.data() + a;
    bool bad = false;
    for (std::size_t i = 0; i < n; ++i) {
      const double v = col[i * stride];
      const bool in_scale = v >= lo && v <= hi;  // false for NaN
      const double w = in_scale ? v : lo;        // safe to convert
      const int iv = static_cast<int>(w);
      const bool whole = in_scale && w == static_cast<double>(iv);
      const bool missing = nan_ok && std::isnan(v);
      out[i * areas] = whole ? static_cast<std::int8_t>(iv) : kMissingScore;
      bad |= !whole && !missing;
    }
    if (!bad) continue;
    for (std::size_t i = 0; i < n; ++i) {
      const double v = col[i * stride];
      if (v >= lo && v <= hi && v == static_cast<double>(static_cast<int>(v))) continue;
      if (std::isnan(v) && nan_ok) continue;
      const std::string field = score_field(i, def.areas()[a].id);
      checked_score(def, score_from_double(v, field), i, def.areas()[a].id);
    }
  }
  impl->people = index.take();
  return StarReadings(star_detail::finish(std::move(impl), {}));
}

StarReadings StarReadings::from_readings(const StarDefinition& def,
                                         const std::vector<StarReading>& readings) {
  const std::size_t n = readings.size();
  const std::size_t areas = def.area_count();
  auto impl = new_rows(def, n);
  PersonIndex index;
  for (std::size_t i = 0; i < n; ++i) {
    const StarReading& r = readings[i];
    check_person_id(r.person_id, i);
    if (r.date.is_special()) throw InvalidArgument(row_field(i, "date"), "not a date");
    impl->person[i] = index.get(r.person_id);
    impl->day[i] = to_days(r.date);
    impl->completed_by[i] = static_cast<std::uint8_t>(r.completed_by);
    impl->retrospective[i] = r.retrospective ? 1 : 0;
    for (const auto& [area_id, value] : r.scores) {
      const std::size_t a = def.area_index(area_id, score_field(i, area_id));
      std::int8_t& slot = impl->scores[i * areas + a];
      if (slot != kMissingScore) {
        throw InvalidArgument(score_field(i, area_id), "area is scored twice");
      }
      slot = checked_score(def, value, i, area_id);
    }
  }
  impl->people = index.take();
  return StarReadings(star_detail::finish(std::move(impl), {}));
}

StarReadings StarReadings::from_file(const StarDefinition& def, const std::string& path,
                                     const InputLimits& limits) {
  detail::check_limits(limits, "limits");
  return from_json(def, read_file(path, "path", limits.max_bytes), limits);
}

StarReadings StarReadings::from_json(const StarDefinition& def, std::string_view json_text,
                                     const InputLimits& limits) {
  const json doc = detail::parse_json(json_text, "readings", limits, detail::PathRoot::document);
  const json* list = &doc;
  if (doc.is_object()) {
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      const std::string& k = it.key();
      if (k != "format" && k != "version" && k != "star" && k != "note" && k != "readings") {
        throw InvalidArgument(k,
                              "unknown field (expected format, version, star, note, "
                              "readings)");
      }
    }
    if (auto it = doc.find("format"); it != doc.end() && !it->is_null()) {
      if (!it->is_string() || it->get<std::string>() != "homeward.star-readings") {
        throw InvalidArgument("format", "expected \"homeward.star-readings\"");
      }
    }
    if (auto it = doc.find("version"); it != doc.end() && !it->is_null()) {
      if (!it->is_number_integer() || it->get<std::int64_t>() != 1) {
        throw InvalidArgument("version", "this library reads version 1 of the readings format");
      }
    }
    if (auto it = doc.find("star"); it != doc.end() && !it->is_null()) {
      if (!it->is_string()) {
        throw InvalidArgument("star", std::string("expected a string, got ") + it->type_name());
      }
      if (it->get<std::string>() != def.id()) {
        throw InvalidArgument("star", "the readings are for \"" +
                                          it->get<std::string>().substr(0, 64) +
                                          "\" but the definition is \"" + def.id() + "\"");
      }
    }
    list = &star_detail::member(doc, "readings", "");
  }
  if (!list->is_array()) {
    throw InvalidArgument("readings",
                          std::string("expected an array of readings, got ") + list->type_name());
  }
  const std::size_t n = list->size();
  const std::size_t areas = def.area_count();
  auto impl = new_rows(def, n);
  PersonIndex index;
  for (std::size_t i = 0; i < n; ++i) {
    const json& r = (*list)[i];
    const std::string path = row_path(i);
    if (!r.is_object()) {
      throw InvalidArgument(path, std::string("expected an object, got ") + r.type_name());
    }
    for (auto it = r.begin(); it != r.end(); ++it) {
      const std::string& k = it.key();
      if (k != "person_id" && k != "date" && k != "completed_by" && k != "retrospective" &&
          k != "scores") {
        throw InvalidArgument(join_path(path, k),
                              "unknown field (expected person_id, date, completed_by, "
                              "retrospective, scores)");
      }
    }
    const std::string pid = star_detail::get_string(r, "person_id", path);
    check_person_id(pid, i);
    impl->person[i] = index.get(pid);
    impl->day[i] =
        to_days(parse_date(star_detail::get_string(r, "date", path), row_field(i, "date")));
    impl->completed_by[i] = static_cast<std::uint8_t>(parse_completion(
        star_detail::get_string(r, "completed_by", path), row_field(i, "completed_by")));
    if (auto it = r.find("retrospective"); it != r.end() && !it->is_null()) {
      if (!it->is_boolean()) {
        throw InvalidArgument(row_field(i, "retrospective"),
                              std::string("expected true or false, got ") + it->type_name());
      }
      impl->retrospective[i] = it->get<bool>() ? 1 : 0;
    }
    const json& scores = star_detail::member(r, "scores", path);
    if (!scores.is_object()) {
      throw InvalidArgument(
          row_field(i, "scores"),
          std::string("expected an object of area: score, got ") + scores.type_name());
    }
    for (auto it = scores.begin(); it != scores.end(); ++it) {
      const std::string field = score_field(i, it.key());
      const std::size_t a = def.area_index(it.key(), field);
      if (it->is_null()) continue;
      if (!it->is_number()) {
        throw InvalidArgument(
            field, std::string("expected a whole number or null, got ") + it->type_name());
      }
      impl->scores[i * areas + a] =
          checked_score(def, star_detail::get_int(*it, field), i, it.key());
    }
  }
  impl->people = index.take();
  return StarReadings(star_detail::finish(std::move(impl), {}));
}

std::string StarReadings::to_json() const {
  const Impl& s = *impl_;
  const auto& areas = s.def.areas();
  json list = json::array();
  for (std::size_t i = 0; i < s.size(); ++i) {
    json scores = json::object();
    for (std::size_t a = 0; a < areas.size(); ++a) {
      const std::int8_t v = s.scores[i * areas.size() + a];
      if (v != kMissingScore) scores[areas[a].id] = static_cast<int>(v);
    }
    list.push_back({{"person_id", s.people[s.person[i]]},
                    {"date", format_date(from_days(s.day[i]))},
                    {"completed_by", completion_name(static_cast<Completion>(s.completed_by[i]))},
                    {"retrospective", s.retrospective[i] != 0},
                    {"scores", std::move(scores)}});
  }
  json doc;
  doc["format"] = "homeward.star-readings";
  doc["version"] = 1;
  doc["star"] = s.def.id();
  doc["readings"] = std::move(list);
  return doc.dump(1);
}

const StarDefinition& StarReadings::definition() const { return impl_->def; }
std::size_t StarReadings::size() const { return impl_->size(); }
std::size_t StarReadings::person_count() const { return impl_->people.size(); }
const std::vector<std::string>& StarReadings::people() const { return impl_->people; }

std::size_t StarReadings::person_begin(std::size_t p) const {
  if (p > impl_->people.size()) throw OutOfRange("person", "index out of range");
  return impl_->person_begin[p];
}

namespace {
void check_row(std::size_t row, std::size_t n) {
  if (row >= n) {
    throw OutOfRange("row", std::to_string(row) + " is not a reading index (there are " +
                                std::to_string(n) + ")");
  }
}
}  // namespace

std::size_t StarReadings::person_of(std::size_t row) const {
  check_row(row, size());
  return impl_->person[row];
}
Date StarReadings::date(std::size_t row) const {
  check_row(row, size());
  return from_days(impl_->day[row]);
}
std::int32_t StarReadings::day(std::size_t row) const {
  check_row(row, size());
  return impl_->day[row];
}
std::optional<int> StarReadings::score(std::size_t row, std::size_t area) const {
  check_row(row, size());
  if (area >= impl_->def.area_count()) throw OutOfRange("area", "index out of range");
  const std::int8_t v = impl_->scores[row * impl_->def.area_count() + area];
  if (v == kMissingScore) return std::nullopt;
  return static_cast<int>(v);
}
const std::int8_t* StarReadings::scores_row(std::size_t row) const {
  check_row(row, size());
  return impl_->scores.data() + row * impl_->def.area_count();
}
Completion StarReadings::completed_by(std::size_t row) const {
  check_row(row, size());
  return static_cast<Completion>(impl_->completed_by[row]);
}
bool StarReadings::retrospective(std::size_t row) const {
  check_row(row, size());
  return impl_->retrospective[row] != 0;
}

StarReading StarReadings::reading(std::size_t row) const {
  check_row(row, size());
  StarReading r;
  r.person_id = impl_->people[impl_->person[row]];
  r.date = from_days(impl_->day[row]);
  r.completed_by = static_cast<Completion>(impl_->completed_by[row]);
  r.retrospective = impl_->retrospective[row] != 0;
  const auto& areas = impl_->def.areas();
  for (std::size_t a = 0; a < areas.size(); ++a) {
    const std::int8_t v = impl_->scores[row * areas.size() + a];
    if (v != kMissingScore) r.scores.emplace_back(areas[a].id, static_cast<int>(v));
  }
  return r;
}

std::size_t StarReadings::person_index(std::string_view person_id) const {
  const Impl& s = *impl_;
  std::call_once(s.index_once, [&s] {
    s.index.reserve(s.people.size());
    for (std::size_t p = 0; p < s.people.size(); ++p) s.index.emplace(s.people[p], p);
  });
  if (auto it = s.index.find(person_id); it != s.index.end()) return it->second;
  throw NotFound("person_id",
                 "no readings for person \"" + std::string(person_id.substr(0, 64)) + "\"");
}

bool StarFilter::keeps(Date d, Completion c, bool retro) const {
  if (start && d < *start) return false;
  if (end && d > *end) return false;
  if (retro && !include_retrospective) return false;
  if (!completed_by.empty() &&
      std::find(completed_by.begin(), completed_by.end(), c) == completed_by.end()) {
    return false;
  }
  return true;
}

StarReadings StarReadings::filtered(const StarFilter& f) const {
  const Impl& s = *impl_;
  const std::size_t areas = s.def.area_count();
  auto out = std::make_shared<Impl>();
  out->def = s.def;
  const std::int32_t lo = f.start ? to_days(*f.start) : std::numeric_limits<std::int32_t>::min();
  const std::int32_t hi = f.end ? to_days(*f.end) : std::numeric_limits<std::int32_t>::max();
  bool keep_cb[kCompletionCount] = {f.completed_by.empty(), f.completed_by.empty(),
                                    f.completed_by.empty()};
  for (Completion c : f.completed_by) keep_cb[static_cast<std::size_t>(c)] = true;
  out->person_begin.push_back(0);
  for (std::size_t p = 0; p < s.people.size(); ++p) {
    const std::size_t before = out->day.size();
    for (std::size_t i = s.person_begin[p]; i < s.person_begin[p + 1]; ++i) {
      if (s.day[i] < lo || s.day[i] > hi) continue;
      if (!keep_cb[s.completed_by[i]]) continue;
      if (s.retrospective[i] && !f.include_retrospective) continue;
      out->person.push_back(static_cast<std::uint32_t>(out->people.size()));
      out->day.push_back(s.day[i]);
      out->completed_by.push_back(s.completed_by[i]);
      out->retrospective.push_back(s.retrospective[i]);
      out->scores.insert(out->scores.end(),
                         s.scores.begin() + static_cast<std::ptrdiff_t>(i * areas),
                         s.scores.begin() + static_cast<std::ptrdiff_t>((i + 1) * areas));
    }
    if (out->day.size() != before) {
      out->people.push_back(s.people[p]);
      out->person_begin.push_back(out->day.size());
    }
  }
  return StarReadings(std::move(out));
}

// ---------------------------------------------------------------------------
namespace {

void parse_filter_key(StarFilter& f, const std::string& key, const json& v,
                      const std::string& path) {
  if (key == "start" || key == "end") {
    std::optional<Date>& slot = key == "start" ? f.start : f.end;
    if (v.is_null()) {
      slot.reset();
    } else if (v.is_string()) {
      slot = parse_date(v.get<std::string>(), path);
    } else {
      throw InvalidArgument(
          path, std::string("expected an ISO date string or null, got ") + v.type_name());
    }
  } else if (key == "completed_by") {
    f.completed_by.clear();
    if (v.is_null()) return;
    if (v.is_string()) {
      f.completed_by.push_back(parse_completion(v.get<std::string>(), path));
      return;
    }
    if (!v.is_array()) {
      throw InvalidArgument(path, std::string("expected a list of \"jointly\", \"worker\", "
                                              "\"service_user\", got ") +
                                      v.type_name());
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string p = index_path(path, i);
      if (!v[i].is_string()) {
        throw InvalidArgument(p, std::string("expected a string, got ") + v[i].type_name());
      }
      f.completed_by.push_back(parse_completion(v[i].get<std::string>(), p));
    }
    if (f.completed_by.empty()) {
      throw InvalidArgument(path,
                            "an empty list would keep no readings; leave it out or "
                            "use null to keep every reading");
    }
  } else if (key == "include_retrospective") {
    if (!v.is_boolean()) {
      throw InvalidArgument(path, std::string("expected true or false, got ") + v.type_name());
    }
    f.include_retrospective = v.get<bool>();
  }
}

void check_range(const StarFilter& f, std::string_view field) {
  if (f.start && f.end && *f.end < *f.start) {
    throw InvalidArgument(join_path(field, "end"),
                          format_date(*f.end) + " is before start " + format_date(*f.start));
  }
}

json parse_options(std::string_view text, std::string_view field) {
  bool blank = true;
  for (char ch : text) {
    if (ch != ' ' && ch != '\n' && ch != '\t' && ch != '\r') blank = false;
  }
  if (blank) return json::object();
  json doc = detail::parse_json(text, field);
  if (doc.is_null()) return json::object();
  if (!doc.is_object()) {
    throw InvalidArgument(std::string(field),
                          std::string("expected a JSON object, got ") + doc.type_name());
  }
  return doc;
}

}  // namespace

StarFilter star_filter_from_json(std::string_view json_text, std::string_view field) {
  const json doc = parse_options(json_text, field);
  StarFilter f;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const std::string path = join_path(field, it.key());
    if (it.key() != "start" && it.key() != "end" && it.key() != "completed_by" &&
        it.key() != "include_retrospective") {
      throw InvalidArgument(path,
                            "unknown option (expected start, end, completed_by, "
                            "include_retrospective)");
    }
    parse_filter_key(f, it.key(), *it, path);
  }
  check_range(f, field);
  return f;
}

StarCohortOptions star_cohort_options_from_json(std::string_view json_text,
                                                std::string_view field) {
  const json doc = parse_options(json_text, field);
  StarCohortOptions o;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const std::string path = join_path(field, it.key());
    if (it.key() == "baseline") {
      if (!it->is_string()) {
        throw InvalidArgument(path, std::string("expected a string, got ") + it->type_name());
      }
      o.baseline = parse_baseline(it->get<std::string>(), path);
    } else if (it.key() == "start" || it.key() == "end" || it.key() == "completed_by" ||
               it.key() == "include_retrospective") {
      parse_filter_key(o.filter, it.key(), *it, path);
    } else {
      throw InvalidArgument(path,
                            "unknown option (expected start, end, completed_by, "
                            "include_retrospective, baseline)");
    }
  }
  check_range(o.filter, field);
  return o;
}

}  // namespace homeward
