// Events from a table: any row order, codes and dates normalised, per-person
// attributes from extra columns, every bad row reported at once.
#include "ingest_internal.hpp"
#include "timeline_internal.hpp"

#include "homeward/timeline_codes.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <optional>
#include <unordered_map>

namespace homeward {

using namespace ingest_detail;

namespace {

// Index of each events-schema field (order of table_schema("events")).
enum Slot : std::size_t {
  kPerson = 0,
  kType,
  kDate,
  kPlanned,
  kEnd,
  kReason,
  kDestination,
  kAdmitted,
  kOutOfArea
};

// "delay_reason" -> "delay reason code" (for messages).
std::string code_what(std::string_view field) {
  std::string out(field);
  for (char& ch : out) {
    if (ch == '_') ch = ' ';
  }
  return out + " code";
}

// The MHSDS table of an event type's main code (none: free text).
std::optional<CodeTable> main_table(EventType t) {
  switch (t) {
    case EventType::clinically_ready_for_discharge: return CodeTable::delay_reason;
    case EventType::discharged: return CodeTable::discharge_destination;
    case EventType::out_of_area_placement: return CodeTable::out_of_area_reason;
    default: return std::nullopt;
  }
}

// A numeric code that lost its leading zeros (7 read as a number) gets them
// back when that makes it a code of the table ("7" -> "07" for delay reasons).
std::string pad_code(CodeTable table, std::string v) {
  if (v.empty() || find_code(table, v)) return v;
  if (!std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) return v;
  for (std::size_t width = v.size() + 1; width <= 3; ++width) {
    std::string padded = std::string(width - v.size(), '0') + v;
    if (find_code(table, padded)) return padded;
  }
  return v;
}

// An event type from a cell: the name, case-insensitive with spaces, or its code.
bool parse_type(const Column& c, std::size_t i, std::uint8_t& out, std::string& error) {
  if (c.kind == ColumnKind::numbers) {
    const double v = c.numbers[i];
    if (v >= 0 && v < static_cast<double>(kEventTypeCount) && v == std::floor(v)) {
      out = static_cast<std::uint8_t>(v);
      return true;
    }
    error = quote_value(number_text(v)) + " is not an event type code (0.." +
            std::to_string(kEventTypeCount - 1) + ")";
    return false;
  }
  if (c.kind != ColumnKind::strings) {
    error = "a date is not an event type";
    return false;
  }
  const std::string key = name_key(c.strings[i]);
  for (std::size_t t = 0; t < kEventTypeCount; ++t) {
    if (key == event_type_name(static_cast<EventType>(t))) {
      out = static_cast<std::uint8_t>(t);
      return true;
    }
  }
  std::string known;
  for (std::size_t t = 0; t < kEventTypeCount; ++t) {
    known += (t ? ", " : "") + std::string(event_type_name(static_cast<EventType>(t)));
  }
  error = quote_value(c.strings[i]) + " is not an event type (known: " + known + ")";
  return false;
}

// An attribute cell as a JSON value (text, number, or an ISO date).
nlohmann::ordered_json attribute_value(const Column& c, std::size_t i) {
  switch (c.kind) {
    case ColumnKind::numbers: {
      const double v = c.numbers[i];
      if (v == std::floor(v) && std::fabs(v) < 9.0e15) return static_cast<std::int64_t>(v);
      return v;
    }
    default: return *text(c, i);
  }
}

// Two cells of one column hold the same raw value (a fast path before JSON).
bool same_cell(const Column& c, std::size_t a, std::size_t b) {
  switch (c.kind) {
    case ColumnKind::strings: return c.strings[a] == c.strings[b];
    case ColumnKind::numbers: return c.numbers[a] == c.numbers[b];
    case ColumnKind::timestamps: return c.timestamps[a] == c.timestamps[b];
    case ColumnKind::days: return c.days[a] == c.days[b];
  }
  return false;
}

// "events[3]" in a sequence message -> "row 17".
std::string rows_in_message(const std::string& msg, const std::vector<std::size_t>& rows_of,
                            const Issues& issues) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    const std::size_t at = msg.find("events[", pos);
    if (at == std::string::npos) break;
    const std::size_t close = msg.find(']', at);
    if (close == std::string::npos) break;
    const std::string num = msg.substr(at + 7, close - at - 7);
    std::size_t k = 0;
    bool ok = !num.empty();
    for (char ch : num) {
      if (ch < '0' || ch > '9')
        ok = false;
      else
        k = k * 10 + static_cast<std::size_t>(ch - '0');
    }
    out += msg.substr(pos, at - pos);
    if (ok && k < rows_of.size()) {
      out += "row " + std::to_string(issues.row_number(rows_of[k]));
    } else {
      out += msg.substr(at, close + 1 - at);
    }
    pos = close + 1;
  }
  out += msg.substr(pos);
  return out;
}

}  // namespace

Caseload caseload_from_table(const Table& t, const IngestOptions& options) {
  const auto& schema = table_schema("events");
  Issues issues(t, "events", options.max_errors);
  const Resolved r = resolve(t, schema, options, issues);
  issues.throw_if_any();
  const std::size_t n = t.rows;
  const Column& cperson = *r.fields[kPerson];
  const Column& ctype = *r.fields[kType];
  const Column& cdate = *r.fields[kDate];
  const Column* cplanned = r.fields[kPlanned];
  const Column* cend = r.fields[kEnd];
  const Column* creason = r.fields[kReason];
  const Column* cdest = r.fields[kDestination];
  const Column* cadmitted = r.fields[kAdmitted];
  const Column* coar = r.fields[kOutOfArea];
  const std::pair<const Column*, std::string_view> main_codes[] = {
      {creason, "delay_reason"}, {cdest, "destination"}, {coar, "out_of_area_reason"}};
  std::array<const Column*, timeline_detail::kDetailFieldCount> cdetails{};
  for (std::size_t k = 0; k < timeline_detail::kDetailFieldCount; ++k) {
    for (std::size_t f = 0; f < schema.size(); ++f) {
      if (schema[f].name == timeline_detail::kDetailFields[k].key) cdetails[k] = r.fields[f];
    }
  }

  std::vector<std::uint32_t> person(n);
  std::vector<std::string> people;
  std::unordered_map<std::string, std::uint32_t> index;
  std::vector<std::uint8_t> types(n, 0);
  std::vector<std::int32_t> dates(n, kNoDay), dates2(n, kNoDay), dates3(n, kNoDay), codes(n, -1);
  std::vector<std::uint32_t> details(n, 0);
  std::vector<std::string> pool;
  std::unordered_map<std::string, std::int32_t> pool_ix;
  std::string error, id;
  // Cell text already resolved (views into the caller's buffers, valid for the call).
  std::unordered_map<std::string_view, std::uint32_t> raw_people;
  std::unordered_map<std::string_view, std::uint8_t> raw_types;

  auto cell_error = [&](std::size_t i, const Column& c, const Error& e) {
    issues.add_row(i, c.name, e.message());
  };

  for (std::size_t i = 0; i < n; ++i) {
    // person_id
    bool row_ok = true;
    std::uint32_t p = UINT32_MAX;  // a bad id belongs to nobody
    if (cperson.kind == ColumnKind::strings && cperson.strings[i].data() != nullptr) {
      if (auto hit = raw_people.find(cperson.strings[i]); hit != raw_people.end()) {
        person[i] = hit->second;
        goto type_cell;
      }
    }
    try {
      auto v = text(cperson, i);
      if (!v) {
        issues.add_row(i, cperson.name, "missing person id");
        row_ok = false;
      } else if (v->size() > 256) {
        issues.add_row(i, cperson.name, "person id longer than 256 bytes");
        row_ok = false;
      } else if (!timeline_detail::valid_utf8(*v)) {
        issues.add_row(i, cperson.name, "person id is not valid UTF-8");
        row_ok = false;
      } else {
        auto [it, inserted] =
            index.emplace(std::move(*v), static_cast<std::uint32_t>(people.size()));
        if (inserted) people.push_back(it->first);
        p = it->second;
        if (cperson.kind == ColumnKind::strings) raw_people.emplace(cperson.strings[i], p);
      }
    } catch (const Error& e) {
      cell_error(i, cperson, e);
      row_ok = false;
    }
    person[i] = p;
  type_cell:
    // type
    if (ctype.kind == ColumnKind::strings && ctype.strings[i].data() != nullptr) {
      if (auto hit = raw_types.find(ctype.strings[i]); hit != raw_types.end()) {
        types[i] = hit->second;
        goto date_cell;
      }
    }
    if (missing(ctype, i)) {
      issues.add_row(i, ctype.name, "missing event type");
      row_ok = false;
    } else if (!parse_type(ctype, i, types[i], error)) {
      issues.add_row(i, ctype.name, error);
      row_ok = false;
    } else if (ctype.kind == ColumnKind::strings) {
      raw_types.emplace(ctype.strings[i], types[i]);
    }
  date_cell:
    // date
    try {
      auto d = date(cdate, i);
      if (!d) {
        issues.add_row(i, cdate.name, "missing date");
        row_ok = false;
      } else {
        dates[i] = *d;
      }
    } catch (const Error& e) {
      cell_error(i, cdate, e);
      row_ok = false;
    }
    if (!row_ok) continue;
    const auto type = static_cast<EventType>(types[i]);
    const std::string tname(event_type_name(type));
    // planned_discharge / end_date -> dates2
    auto read_date2 = [&](const Column* c, bool allowed, const char* field) {
      if (!c || missing(*c, i)) return;
      if (!allowed) {
        issues.add_row(
            i, c->name,
            std::string(field) + " is not a field of " + tname + " events (leave it blank)");
        return;
      }
      try {
        dates2[i] = *date(*c, i);
      } catch (const Error& e) {
        cell_error(i, *c, e);
      }
    };
    read_date2(cplanned, timeline_detail::allows_planned_discharge(type), "planned_discharge");
    read_date2(cend, timeline_detail::allows_end_date(type), "end_date");
    if (timeline_detail::requires_planned_discharge(type) && dates2[i] == kNoDay &&
        !(cplanned && !missing(*cplanned, i))) {
      issues.add_row(i, cplanned ? cplanned->name : "planned_discharge",
                     "required for " + tname + " events");
    }
    // The main code (delay_reason, destination or out_of_area_reason) -> codes,
    // checked against its MHSDS table; detail codes -> details; admitted -> dates3.
    const std::string_view main_code = timeline_detail::code_field_name(type);
    for (const auto& [c, field] : main_codes) {
      if (!c || missing(*c, i)) continue;
      if (main_code != field) {
        issues.add_row(
            i, c->name,
            std::string(field) + " is not a field of " + tname + " events (leave it blank)");
        continue;
      }
      try {
        std::string v = *code(*c, i, code_what(field));
        if (auto table = main_table(type)) v = pad_code(*table, v);
        if (v.size() > 200) throw InvalidArgument("", quote_value(v) + " is longer than 200 bytes");
        timeline_detail::check_main_code(type, v, "");
        auto [it, inserted] = pool_ix.emplace(v, static_cast<std::int32_t>(pool.size()));
        if (inserted) pool.push_back(v);
        codes[i] = it->second;
      } catch (const Error& e) {
        cell_error(i, *c, e);
      }
    }
    if (cadmitted && !missing(*cadmitted, i)) {
      if (!timeline_detail::allows_admitted(type)) {
        issues.add_row(i, cadmitted->name,
                       "admitted is not a field of " + tname + " events (leave it blank)");
      } else {
        try {
          dates3[i] = *date(*cadmitted, i);
        } catch (const Error& e) {
          cell_error(i, *cadmitted, e);
        }
      }
    }
    for (std::size_t k = 0; k < timeline_detail::kDetailFieldCount; ++k) {
      const Column* c = cdetails[k];
      if (!c || missing(*c, i)) continue;
      const auto& f = timeline_detail::kDetailFields[k];
      try {
        const std::string v = pad_code(f.table, *code(*c, i, code_what(f.key)));
        details[i] = timeline_detail::add_detail(details[i], type, f, v, "");
      } catch (const Error& e) {
        cell_error(i, *c, e);
      }
    }
    if (type == EventType::out_of_area_placement && codes[i] < 0 && !(coar && !missing(*coar, i))) {
      issues.add_row(i, coar ? coar->name : "out_of_area_reason",
                     "required for out_of_area_placement events");
    }
    if (type == EventType::clinically_ready_for_discharge && codes[i] < 0 &&
        !(creason && !missing(*creason, i))) {
      issues.add_row(i, creason ? creason->name : "delay_reason",
                     "required for clinically_ready_for_discharge events (e.g. \"18\")");
    }
  }

  // Per-person attributes from the extra columns: one value per person.
  const std::size_t np = people.size();
  std::vector<nlohmann::ordered_json> attrs(np, nlohmann::ordered_json());
  if (!r.extras.empty()) {
    std::vector<std::size_t> first_row(np * r.extras.size(), SIZE_MAX);
    for (std::size_t k = 0; k < r.extras.size(); ++k) {
      const Column& c = *r.extras[k];
      const std::string key = name_key(c.name);
      for (std::size_t i = 0; i < n; ++i) {
        if (missing(c, i) || missing(cperson, i)) continue;
        const std::uint32_t p = person[i];
        if (p >= np) continue;
        std::size_t& fr = first_row[p * r.extras.size() + k];
        if (fr != SIZE_MAX && same_cell(c, fr, i)) continue;
        nlohmann::ordered_json v;
        try {
          v = attribute_value(c, i);
        } catch (const Error& e) {
          cell_error(i, c, e);
          continue;
        }
        if (fr == SIZE_MAX) {
          if (attrs[p].is_null()) attrs[p] = nlohmann::ordered_json::object();
          attrs[p][key] = std::move(v);
          fr = i;
        } else if (attrs[p][key] != v) {
          issues.add_row(
              i, c.name,
              (v.is_string() ? quote_value(v.get<std::string>()) : v.dump()) + " differs from " +
                  (attrs[p][key].is_string() ? quote_value(attrs[p][key].get<std::string>())
                                             : attrs[p][key].dump()) +
                  " at row " + std::to_string(issues.row_number(fr)) + " for person " +
                  quote_value(people[p]) +
                  " (a column outside the schema is a per-person attribute: one value per person)");
        }
      }
    }
  }
  issues.throw_if_any();

  // Group by person (first appearance order), then order by date, precedence, row.
  std::vector<std::int64_t> offsets(np + 1, 0);
  for (std::size_t i = 0; i < n; ++i) ++offsets[person[i] + 1];
  for (std::size_t p = 0; p < np; ++p) offsets[p + 1] += offsets[p];
  std::vector<std::size_t> order(n);
  {
    std::vector<std::int64_t> next(offsets.begin(), offsets.end() - 1);
    for (std::size_t i = 0; i < n; ++i) order[static_cast<std::size_t>(next[person[i]]++)] = i;
  }
  std::vector<int> prec(kEventTypeCount);
  for (std::size_t k = 0; k < kEventTypeCount; ++k)
    prec[k] = event_type_precedence(static_cast<EventType>(k));

  Caseload c;
  using CB = CaseloadBuilder;
  auto& ctypes = CB::types(c);
  auto& cdates = CB::dates(c);
  auto& cdates2 = CB::dates2(c);
  auto& ccodes = CB::codes(c);
  auto& cdates3 = CB::dates3(c);
  auto& cdetails_ = CB::details(c);
  cdates3.resize(n);
  cdetails_.resize(n);
  ctypes.resize(n);
  cdates.resize(n);
  cdates2.resize(n);
  ccodes.resize(n);
  auto fill = [&](std::size_t o, std::size_t e) {
    for (std::size_t k = o; k < e; ++k) {
      const std::size_t i = order[k];
      ctypes[k] = types[i];
      cdates[k] = dates[i];
      cdates2[k] = dates2[i];
      cdates3[k] = dates3[i];
      cdetails_[k] = details[i];
      ccodes[k] = codes[i];
    }
  };
  std::vector<std::size_t> rows_of;
  for (std::size_t p = 0; p < np; ++p) {
    const auto o = static_cast<std::size_t>(offsets[p]);
    const auto e = static_cast<std::size_t>(offsets[p + 1]);
    auto first = order.begin() + static_cast<std::ptrdiff_t>(o);
    auto last = order.begin() + static_cast<std::ptrdiff_t>(e);
    bool sorted = true;
    for (std::size_t k = o + 1; k < e && sorted; ++k) {
      const std::size_t a = order[k - 1], b = order[k];
      sorted = dates[a] < dates[b] || (dates[a] == dates[b] && prec[types[a]] <= prec[types[b]]);
    }
    if (!sorted) {
      std::sort(first, last, [&](std::size_t a, std::size_t b) {
        if (dates[a] != dates[b]) return dates[a] < dates[b];
        if (prec[types[a]] != prec[types[b]]) return prec[types[a]] < prec[types[b]];
        return a < b;
      });
    }
    fill(o, e);
    auto check = [&] {
      timeline_detail::check_sequence(ctypes.data() + o, cdates.data() + o, cdates2.data() + o,
                                      ccodes.data() + o, e - o,
                                      [&](std::size_t j) { return "@" + std::to_string(j); });
    };
    try {
      check();
    } catch (const InvalidArgument& first_error) {
      // Same-day events in the rows' own order (a valid history sorted by date).
      std::stable_sort(first, last, [&](std::size_t a, std::size_t b) {
        if (dates[a] != dates[b]) return dates[a] < dates[b];
        return a < b;
      });
      fill(o, e);
      try {
        check();
        continue;
      } catch (const InvalidArgument&) {
      }
      std::sort(first, last, [&](std::size_t a, std::size_t b) {
        if (dates[a] != dates[b]) return dates[a] < dates[b];
        if (prec[types[a]] != prec[types[b]]) return prec[types[a]] < prec[types[b]];
        return a < b;
      });
      rows_of.assign(first, last);
      // The field is "@<j>" or "@<j>.<field>" (made by the lambda above, never from input).
      const std::string& fld = first_error.field();
      std::size_t j = 0, pos = 1;
      while (pos < fld.size() && fld[pos] >= '0' && fld[pos] <= '9')
        j = j * 10 + static_cast<std::size_t>(fld[pos++] - '0');
      std::string sub = pos < fld.size() && fld[pos] == '.' ? fld.substr(pos + 1) : std::string();
      std::string column = ctype.name;
      if (sub == "date")
        column = cdate.name;
      else if (sub == "planned_discharge" && cplanned)
        column = cplanned->name;
      else if (sub == "end_date" && cend)
        column = cend->name;
      else if (sub == "delay_reason" && creason)
        column = creason->name;
      const std::size_t row = j < rows_of.size() ? rows_of[j] : order[o];
      issues.add_row(row, column,
                     "person " + quote_value(people[p]) + ": " +
                         rows_in_message(first_error.message(), rows_of, issues));
    }
  }
  issues.throw_if_any();

  CB::person_ids(c) = std::move(people);
  CB::offsets(c) = std::move(offsets);
  CB::code_pool(c) = std::move(pool);
  auto& ix = CB::index(c);
  const auto& ids = c.person_ids();
  for (std::size_t p = 0; p < ids.size(); ++p) ix.emplace(ids[p], p);
  auto& px = CB::pathway_extra(c);
  for (std::size_t p = 0; p < np; ++p) {
    if (!attrs[p].is_null()) px[static_cast<std::int64_t>(p)].attributes = attrs[p].dump();
  }
  return c;
}

}  // namespace homeward
