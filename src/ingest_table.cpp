// The rules every ingested table follows: column names, cell values (codes,
// dates, numbers, booleans, lists), and the one error that lists every bad row.
#include "ingest_internal.hpp"
#include "json_util.hpp"
#include "utf8.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace homeward {

using namespace ingest_detail;

namespace {

constexpr std::int32_t kMinDay = -208188;  // 1400-01-01
constexpr std::int32_t kMaxDay = 2932896;  // 9999-12-31
constexpr std::int64_t kNsPerDay = 86400LL * 1000000000LL;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  // A UTF-8 no-break space (Excel) is trimmed too.
  while (s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0xC2 &&
         static_cast<unsigned char>(s[1]) == 0xA0) {
    s.remove_prefix(2);
  }
  while (s.size() >= 2 && static_cast<unsigned char>(s[s.size() - 2]) == 0xC2 &&
         static_cast<unsigned char>(s.back()) == 0xA0) {
    s.remove_suffix(2);
  }
  return s;
}

// Howard Hinnant's days_from_civil.
std::int32_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int32_t>(era * 146097 + static_cast<int>(doe) - 719468);
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

[[noreturn]] void bad(const std::string& message) { throw InvalidArgument("", message); }

std::string what_a(std::string_view what) {
  if (what.empty()) return "a code";
  const char c = what[0];
  const bool vowel = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
  return std::string(vowel ? "an " : "a ") + std::string(what);
}

// "18", "018", "18.0", "18.000" -> digits (with the fraction checked); returns
// false when the text is not a plain decimal number.
bool decimal_code(std::string_view s, std::string& out, bool& fractional) {
  std::size_t i = 0;
  if (s.empty()) return false;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == 0) return false;
  if (i == s.size()) {
    out.assign(s);
    fractional = false;
    return true;
  }
  if (s[i] != '.') return false;
  std::size_t j = i + 1;
  if (j == s.size()) return false;
  bool nonzero = false;
  for (; j < s.size(); ++j) {
    if (s[j] < '0' || s[j] > '9') return false;
    nonzero = nonzero || s[j] != '0';
  }
  out.assign(s.substr(0, i));
  fractional = nonzero;
  return true;
}

}  // namespace

std::string_view column_kind_name(ColumnKind k) {
  switch (k) {
    case ColumnKind::strings: return "strings";
    case ColumnKind::numbers: return "numbers";
    case ColumnKind::timestamps: return "timestamps";
    case ColumnKind::days: return "days";
  }
  return "invalid";
}

// ---------------------------------------------------------------------------
// Values

std::string name_key(std::string_view text) {
  text = trim(text);
  std::string out;
  out.reserve(text.size());
  bool gap = false;
  for (char c : text) {
    if (c == ' ' || c == '-' || c == '_' || c == '\t') {
      gap = !out.empty();
      continue;
    }
    if (gap) out.push_back('_');
    gap = false;
    out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ',' || text[i] == ';') {
      const std::string_view item = trim(text.substr(start, i - start));
      if (!item.empty()) out.emplace_back(item);
      start = i + 1;
    }
  }
  return out;
}

std::string normalise_code(std::string_view text, std::string_view what) {
  const std::string_view s = trim(text);
  if (s.empty()) bad("empty: expected " + what_a(what));
  std::string digits;
  bool fractional = false;
  if (decimal_code(s, digits, fractional)) {
    if (fractional) bad(quote_value(s) + " is not " + what_a(what));
    return digits;
  }
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20)
      bad(quote_value(s) + " is not " + what_a(what) + " (control character)");
  }
  return std::string(s);
}

std::string ingest_detail::number_text(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

std::string normalise_code(double value, std::string_view what) {
  if (!std::isfinite(value) || value < 0 || value != std::floor(value) || value >= 1e15) {
    bad(quote_value(number_text(value)) + " is not " + what_a(what));
  }
  return std::to_string(static_cast<long long>(value));
}

std::int32_t excel_serial_to_days(double serial, std::string_view field) {
  if (!std::isfinite(serial))
    throw InvalidArgument(std::string(field), "not a date (not a finite number)");
  if (serial != std::floor(serial)) {
    throw InvalidArgument(std::string(field),
                          quote_value(number_text(serial)) +
                              " is not a date: an Excel date and time, not a date at midnight");
  }
  if (serial < 1 || serial > 2958465) {
    throw InvalidArgument(
        std::string(field),
        quote_value(number_text(serial)) + " is not a date (an Excel serial date is 1..2958465)");
  }
  if (serial == 60) {
    throw InvalidArgument(std::string(field),
                          "Excel serial 60 is 1900-02-29, a day that did not exist");
  }
  // Serial 25569 is 1970-01-01; below 61 Excel counts the phantom 29 February 1900.
  const auto s = static_cast<std::int64_t>(serial);
  return static_cast<std::int32_t>(s < 60 ? s - 25568 : s - 25569);
}

std::int32_t date_text_to_days(std::string_view text, std::string_view field) {
  const std::string_view s = trim(text);
  auto fail = [&](const char* hint) -> std::int32_t {
    throw InvalidArgument(std::string(field), quote_value(s) + " is not a date" + hint);
  };
  constexpr const char* kForm = " (expected YYYY-MM-DD, an Excel date or a timestamp at midnight)";
  if (s.size() < 10) {
    if (s.find('/') != std::string_view::npos) {
      return fail(": write dates as YYYY-MM-DD (day/month order is ambiguous)");
    }
    return fail(kForm);
  }
  if (s[4] != '-' || s[7] != '-') {
    if (s.find('/') != std::string_view::npos) {
      return fail(": write dates as YYYY-MM-DD (day/month order is ambiguous)");
    }
    return fail(kForm);
  }
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lens[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    int v = 0;
    for (std::size_t i = 0; i < lens[p]; ++i) {
      const char c = s[starts[p] + i];
      if (c < '0' || c > '9') return fail(kForm);
      v = v * 10 + (c - '0');
    }
    parts[p] = v;
  }
  if (s.size() > 10) {
    // "T00:00:00" or " 00:00:00", optionally ".000..." (pandas and Excel write these).
    const std::string_view rest = s.substr(10);
    if (rest[0] != 'T' && rest[0] != ' ') return fail(kForm);
    std::string_view t = rest.substr(1);
    if (t.size() < 5) return fail(kForm);
    bool ok = true, nonzero = false;
    for (std::size_t i = 0; i < t.size(); ++i) {
      const char c = t[i];
      if (c == ':' || c == '.') continue;
      if (c < '0' || c > '9') {
        ok = false;
        break;
      }
      nonzero = nonzero || c != '0';
    }
    if (!ok || t[2] != ':') return fail(kForm);
    if (nonzero) return fail(": it has a time of day; a date at midnight is expected");
  }
  const int y = parts[0], m = parts[1], d = parts[2];
  if (y < 1400 || y > 9999) {
    throw OutOfRange(std::string(field), quote_value(s) + ": year " + std::to_string(y) +
                                             " is outside the supported range 1400..9999");
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > ((m == 2 && leap(y)) ? 29 : kDays[m - 1])) {
    return fail(" (not a calendar date)");
  }
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

// ---------------------------------------------------------------------------
// Issues and TableError

std::string TableIssue::text(std::string_view source) const {
  std::string out(source);
  if (has_row) out += ": row " + std::to_string(row);
  if (!column.empty()) out += std::string(has_row ? ", " : ": ") + "column " + column;
  return out + ": " + message;
}

namespace {
std::string issue_field(const std::string& source, const std::vector<TableIssue>& issues) {
  if (issues.empty()) return source;
  const TableIssue& f = issues.front();
  std::string out = source;
  if (f.has_row) out += ": row " + std::to_string(f.row);
  if (!f.column.empty()) out += std::string(f.has_row ? ", " : ": ") + "column " + f.column;
  return out;
}
std::string issue_message(const std::string& source, const std::vector<TableIssue>& issues,
                          std::size_t total) {
  if (issues.empty()) return "invalid table";
  std::string out = issues.front().message;
  for (std::size_t i = 1; i < issues.size(); ++i) out += "\n" + issues[i].text(source);
  if (total > issues.size()) {
    out += "\n... and " + std::to_string(total - issues.size()) + " more problem" +
           (total - issues.size() == 1 ? "" : "s") + " (" + std::to_string(total) +
           " in all; nothing was loaded)";
  } else if (total > 1) {
    out += "\n(" + std::to_string(total) + " problems; nothing was loaded)";
  }
  return out;
}
}  // namespace

TableError::TableError(std::string source, std::vector<TableIssue> issues, std::size_t total)
    : InvalidArgument(issue_field(source, issues), issue_message(source, issues, total)),
      source_(std::move(source)),
      issues_(std::move(issues)),
      total_(total) {}

Issues::Issues(const Table& t, std::string_view kind, std::size_t max)
    : source_(t.source.empty() ? std::string(kind) : t.source),
      first_row_(t.first_row),
      max_(std::max<std::size_t>(max, 1)) {}

void Issues::add_row(std::size_t index, std::string_view column, std::string message) {
  ++total_;
  if (list_.size() >= max_) return;
  TableIssue is;
  is.row = first_row_ + index;
  is.has_row = true;
  is.column = std::string(column);
  is.message = std::move(message);
  list_.push_back(std::move(is));
}

void Issues::add_table(std::string_view column, std::string message) {
  ++total_;
  if (list_.size() >= max_) return;
  TableIssue is;
  is.column = std::string(column);
  is.message = std::move(message);
  list_.push_back(std::move(is));
}

void Issues::throw_if_any() const {
  if (total_) throw TableError(source_, list_, total_);
}

// ---------------------------------------------------------------------------
// Options

IngestOptions ingest_options_from_json(std::string_view json_text, Table* table) {
  IngestOptions o;
  if (trim(json_text).empty()) return o;
  // Through the one checked parser (json_util.hpp): numbers that overflow
  // (1e309), duplicate keys and deep nesting are refused naming their path.
  const nlohmann::json j = detail::parse_json(json_text, "options");
  if (!j.is_object()) throw InvalidArgument("options", "expected a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const auto& v = it.value();
    const std::string f = join_path("options", k);
    if (k == "mapping") {
      if (!v.is_object()) throw InvalidArgument(f, "expected an object {\"column\": \"field\"}");
      for (auto m = v.begin(); m != v.end(); ++m) {
        if (!m.value().is_string())
          throw InvalidArgument(join_path(f, m.key()), "expected a field name (string)");
        o.mapping[m.key()] = m.value().get<std::string>();
      }
    } else if (k == "max_errors") {
      if (!v.is_number_unsigned() || v.get<std::uint64_t>() == 0)
        throw InvalidArgument(f, "expected a positive integer");
      o.max_errors = static_cast<std::size_t>(v.get<std::uint64_t>());
    } else if (k == "source") {
      if (!v.is_string()) throw InvalidArgument(f, "expected a string");
      if (table) table->source = v.get<std::string>();
    } else if (k == "first_row") {
      if (!v.is_number_unsigned()) throw InvalidArgument(f, "expected a non-negative integer");
      if (table) table->first_row = static_cast<std::size_t>(v.get<std::uint64_t>());
    } else {
      throw InvalidArgument(f, "unknown option (known: mapping, max_errors, source, first_row)");
    }
  }
  return o;
}

// ---------------------------------------------------------------------------
// Columns and cells

namespace ingest_detail {

void check_table(const Table& t) {
  for (std::size_t k = 0; k < t.columns.size(); ++k) {
    const Column& c = t.columns[k];
    const std::string f = index_path("columns", k);
    // Names reach JSON documents (a per-person attribute's key) and messages.
    if (!detail::is_valid_utf8(c.name))
      throw InvalidArgument(f, "the column name is not valid UTF-8");
    if (t.rows == 0) continue;
    const void* p = nullptr;
    switch (c.kind) {
      case ColumnKind::strings: p = c.strings; break;
      case ColumnKind::numbers: p = c.numbers; break;
      case ColumnKind::timestamps: p = c.timestamps; break;
      case ColumnKind::days: p = c.days; break;
      default: throw InvalidArgument(f, "unknown column kind");
    }
    if (!p) {
      throw InvalidArgument(f, "column " + quote_value(c.name) + " of kind " +
                                   std::string(column_kind_name(c.kind)) + " has no values");
    }
  }
}

bool missing(const Column& c, std::size_t i) {
  switch (c.kind) {
    case ColumnKind::strings: return c.strings[i].data() == nullptr || trim(c.strings[i]).empty();
    case ColumnKind::numbers: return std::isnan(c.numbers[i]);
    case ColumnKind::timestamps: return c.timestamps[i] == kNaT;
    case ColumnKind::days: return c.days[i] == kNoDay;
  }
  return true;
}

namespace {
std::int32_t checked_day(std::int64_t d) {
  if (d < kMinDay || d > kMaxDay) {
    throw OutOfRange("", "day number " + std::to_string(d) + " is outside 1400-01-01..9999-12-31");
  }
  return static_cast<std::int32_t>(d);
}
std::string day_text(std::int32_t d) { return format_date(from_days(d)); }

std::int32_t timestamp_day(std::int64_t ns) {
  std::int64_t day = ns / kNsPerDay;
  std::int64_t rem = ns % kNsPerDay;
  if (rem < 0) {
    rem += kNsPerDay;
    --day;
  }
  if (rem != 0) {
    const std::int64_t secs = rem / 1000000000LL;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(secs / 3600),
                  static_cast<long long>((secs / 60) % 60), static_cast<long long>(secs % 60));
    std::string shown = day >= kMinDay && day <= kMaxDay
                            ? day_text(static_cast<std::int32_t>(day)) + " " + buf
                            : std::to_string(ns) + " ns";
    bad(quote_value(shown) +
        " is not a date: it has a time of day; a date at midnight is expected");
  }
  return checked_day(day);
}

bool parse_number(std::string_view s, double& out) {
  s = trim(s);
  if (s.empty() || s.size() > 60) return false;
  std::string buf(s);
  char* end = nullptr;
  out = std::strtod(buf.c_str(), &end);
  return end == buf.c_str() + buf.size() && std::isfinite(out);
}
}  // namespace

std::optional<std::string> text(const Column& c, std::size_t i) {
  if (missing(c, i)) return std::nullopt;
  switch (c.kind) {
    case ColumnKind::strings: {
      // Text cells become JSON strings (records, attributes): UTF-8 only.
      std::string s(trim(c.strings[i]));
      if (!detail::is_valid_utf8(s)) bad("is not valid UTF-8");
      return s;
    }
    case ColumnKind::numbers: return number_text(c.numbers[i]);
    case ColumnKind::timestamps: return day_text(timestamp_day(c.timestamps[i]));
    case ColumnKind::days: return day_text(checked_day(c.days[i]));
  }
  return std::nullopt;
}

std::optional<std::string> code(const Column& c, std::size_t i, std::string_view what) {
  if (missing(c, i)) return std::nullopt;
  switch (c.kind) {
    case ColumnKind::strings: return normalise_code(c.strings[i], what);
    case ColumnKind::numbers: return normalise_code(c.numbers[i], what);
    default: bad("a date is not " + what_a(what));
  }
}

std::optional<std::int32_t> date(const Column& c, std::size_t i) {
  if (missing(c, i)) return std::nullopt;
  switch (c.kind) {
    case ColumnKind::strings: return date_text_to_days(c.strings[i], "");
    case ColumnKind::numbers: return excel_serial_to_days(c.numbers[i], "");
    case ColumnKind::timestamps: return timestamp_day(c.timestamps[i]);
    case ColumnKind::days: return checked_day(c.days[i]);
  }
  return std::nullopt;
}

std::optional<double> number(const Column& c, std::size_t i) {
  if (missing(c, i)) return std::nullopt;
  switch (c.kind) {
    case ColumnKind::numbers:
      if (!std::isfinite(c.numbers[i]))
        bad(quote_value(number_text(c.numbers[i])) + " is not a finite number");
      return c.numbers[i];
    case ColumnKind::strings: {
      double v = 0;
      if (!parse_number(c.strings[i], v)) bad(quote_value(trim(c.strings[i])) + " is not a number");
      return v;
    }
    default: bad("a date is not a number");
  }
}

std::optional<std::int64_t> integer(const Column& c, std::size_t i) {
  if (missing(c, i)) return std::nullopt;
  double v = 0;
  if (c.kind == ColumnKind::strings) {
    if (!parse_number(c.strings[i], v))
      bad(quote_value(trim(c.strings[i])) + " is not a whole number");
  } else {
    v = *number(c, i);
  }
  if (v != std::floor(v) || std::fabs(v) > 9.0e15)
    bad(quote_value(number_text(v)) + " is not a whole number");
  return static_cast<std::int64_t>(v);
}

std::optional<bool> boolean(const Column& c, std::size_t i) {
  if (missing(c, i)) return std::nullopt;
  if (c.kind == ColumnKind::numbers) {
    if (c.numbers[i] == 1) return true;
    if (c.numbers[i] == 0) return false;
    bad(quote_value(number_text(c.numbers[i])) + " is not true or false (1 or 0)");
  }
  if (c.kind != ColumnKind::strings) bad("a date is not true or false");
  const std::string k = name_key(c.strings[i]);
  if (k == "true" || k == "yes" || k == "y" || k == "1" || k == "t") return true;
  if (k == "false" || k == "no" || k == "n" || k == "0" || k == "f") return false;
  bad(quote_value(trim(c.strings[i])) + " is not true or false (true/false, yes/no, 1/0)");
}

std::optional<std::vector<std::string>> list(const Column& c, std::size_t i) {
  if (missing(c, i)) return std::nullopt;
  if (c.kind == ColumnKind::strings) {
    if (!detail::is_valid_utf8(c.strings[i])) bad("is not valid UTF-8");
    return split_list(c.strings[i]);
  }
  return std::vector<std::string>{*text(c, i)};
}

// ---------------------------------------------------------------------------
// Resolving columns

Resolved resolve(const Table& t, const std::vector<SchemaField>& schema,
                 const IngestOptions& options, Issues& issues,
                 const std::vector<std::vector<std::string>>& extra_fields,
                 std::vector<const Column*>* extra_out) {
  check_table(t);
  Resolved r;
  r.fields.assign(schema.size(), nullptr);
  if (extra_out) extra_out->assign(extra_fields.size(), nullptr);
  // Mapping targets must be fields.
  std::map<std::string, std::string> mapped;  // column name -> field name key
  for (const auto& [col, field] : options.mapping) {
    const std::string fk = name_key(field);
    bool known = false;
    for (const auto& f : schema) known = known || f.name == fk;
    for (const auto& names : extra_fields) {
      for (const auto& n : names) known = known || name_key(n) == fk;
    }
    if (!known) {
      std::string names;
      for (const auto& f : schema) names += (names.empty() ? "" : ", ") + f.name;
      throw NotFound(join_path("mapping", col),
                     "unknown field " + quote_value(field) + " (known: " + names + ")");
    }
    mapped[col] = fk;
  }
  auto assign = [&](const Column* c, const Column*& slot, const std::string& field) {
    if (slot) {
      issues.add_table(c->name, "a second column for " + field + " (the first is " +
                                    quote_value(slot->name) + ")");
      return;
    }
    slot = c;
  };
  for (const Column& c : t.columns) {
    std::string key;
    if (auto it = mapped.find(c.name); it != mapped.end()) {
      key = it->second;
    } else {
      key = name_key(c.name);
    }
    bool placed = false;
    for (std::size_t f = 0; f < schema.size() && !placed; ++f) {
      bool match = schema[f].name == key;
      for (const auto& a : schema[f].aliases) match = match || name_key(a) == key;
      if (match) {
        assign(&c, r.fields[f], schema[f].name);
        placed = true;
      }
    }
    for (std::size_t f = 0; f < extra_fields.size() && !placed; ++f) {
      for (const auto& n : extra_fields[f]) {
        if (name_key(n) == key) {
          assign(&c, (*extra_out)[f], extra_fields[f].front());
          placed = true;
          break;
        }
      }
    }
    if (!placed) r.extras.push_back(&c);
  }
  for (std::size_t f = 0; f < schema.size(); ++f) {
    if (schema[f].required && !r.fields[f]) {
      std::string also;
      for (const auto& a : schema[f].aliases) also += (also.empty() ? " (or " : ", ") + a;
      if (!also.empty()) also += ")";
      issues.add_table("", "no " + schema[f].name + " column" + also +
                               "; map one with mapping={\"your column\": \"" + schema[f].name +
                               "\"}");
    }
  }
  return r;
}

}  // namespace ingest_detail
}  // namespace homeward
