// C ABI adapter for tables in: holds borrowed column buffers, converts, calls the core.
#include "capi_common.hpp"
#include "capi_types.hpp"

#include "homeward/hw_ingest.h"
#include "homeward/ingest.hpp"

#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct hw_ingest_table {
  homeward::Table table;
  bool has_rows = false;
  std::deque<std::vector<std::string_view>> text;  // views of the caller's C strings
};

namespace {

using namespace homeward;
using homeward::capi::guard;
using homeward::capi::require;

void check_name(hw_ingest_table* t, const char* name, size_t count) {
  require(t, "table");
  require(name, "name");
  if (t->has_rows && t->table.rows != count) {
    throw InvalidArgument("count", "column " + quote_value(name) + " has " + std::to_string(count) +
                                       " values; the table's columns have " +
                                       std::to_string(t->table.rows));
  }
}

Column& add(hw_ingest_table* t, const char* name, size_t count, ColumnKind kind) {
  t->table.rows = count;
  t->has_rows = true;
  Column c;
  c.name = name;
  c.kind = kind;
  t->table.columns.push_back(std::move(c));
  return t->table.columns.back();
}

IngestOptions options_arg(const char* options_json) {
  return options_json ? ingest_options_from_json(options_json) : IngestOptions{};
}

std::string places_text(const hw_ingest_table* table, const char* options_json) {
  require(table, "table");
  return places_to_json(places_from_table(table->table, options_arg(options_json)));
}
std::string workers_text(const hw_ingest_table* table, const char* options_json) {
  require(table, "table");
  return workers_to_json(workers_from_table(table->table, options_arg(options_json)));
}
std::string people_text(const hw_ingest_table* table, const char* options_json) {
  require(table, "table");
  return people_to_json(people_from_table(table->table, options_arg(options_json)));
}
std::string measures_by_text(const hw_caseload* caseload, const char* by, int32_t start,
                             int32_t end, int32_t as_of, const char* policy_json,
                             const char* costs_json) {
  require(caseload, "caseload");
  require(by, "by");
  const Date s = from_days(start, "start");
  const Date e = from_days(end, "end");
  std::optional<Date> a;
  if (as_of != HW_NO_DAY) a = from_days(as_of, "as_of");
  const TimelinePolicy policy =
      timeline_policy_from_json(policy_json ? policy_json : "{}", "policy");
  const CostModel costs = costs_json ? cost_model_from_json(costs_json, "costs") : CostModel{};
  return grouped_measures_to_json(measures_by(caseload->value, by, s, e, policy, costs, a));
}

}  // namespace

extern "C" {

int hw_ingest_table_new(hw_ingest_table** out, const char* source, size_t first_row,
                        hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    auto t = std::make_unique<hw_ingest_table>();
    if (source) t->table.source = source;
    t->table.first_row = first_row;
    *out = t.release();
  });
}

void hw_ingest_table_free(hw_ingest_table* table) { delete table; }

int hw_ingest_table_add_text(hw_ingest_table* table, const char* name, const char* const* values,
                             size_t count, hw_error* err) {
  return guard(err, [&] {
    check_name(table, name, count);
    if (count) require(values, "values");
    std::vector<std::string_view> v(count);
    for (size_t i = 0; i < count; ++i) {
      if (values[i]) v[i] = std::string_view(values[i], std::strlen(values[i]));
    }
    auto& kept = table->text.emplace_back(std::move(v));
    add(table, name, count, ColumnKind::strings).strings = kept.data();
  });
}

int hw_ingest_table_add_numbers(hw_ingest_table* table, const char* name, const double* values,
                                size_t count, hw_error* err) {
  return guard(err, [&] {
    check_name(table, name, count);
    if (count) require(values, "values");
    add(table, name, count, ColumnKind::numbers).numbers = values;
  });
}

int hw_ingest_table_add_days(hw_ingest_table* table, const char* name, const int32_t* values,
                             size_t count, hw_error* err) {
  return guard(err, [&] {
    check_name(table, name, count);
    if (count) require(values, "values");
    add(table, name, count, ColumnKind::days).days = values;
  });
}

int hw_ingest_table_add_timestamps(hw_ingest_table* table, const char* name, const int64_t* values,
                                   size_t count, hw_error* err) {
  return guard(err, [&] {
    check_name(table, name, count);
    if (count) require(values, "values");
    add(table, name, count, ColumnKind::timestamps).timestamps = values;
  });
}

int hw_ingest_events(hw_caseload** out, const hw_ingest_table* table, const char* options_json,
                     hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    require(table, "table");
    auto c = std::make_unique<hw_caseload>(
        hw_caseload{caseload_from_table(table->table, options_arg(options_json))});
    *out = c.release();
  });
}

int hw_ingest_readings(hw_star_readings** out, const hw_star* star, const hw_ingest_table* table,
                       const char* options_json, hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    require(star, "star");
    require(table, "table");
    auto r = std::make_unique<hw_star_readings>(
        hw_star_readings{readings_from_table(star->def, table->table, options_arg(options_json))});
    *out = r.release();
  });
}

int hw_ingest_places(char** out_json, const hw_ingest_table* table, const char* options_json,
                     hw_error* err) {
  return capi::text_out(err, out_json, "out_json",
                        [&] { return places_text(table, options_json); });
}
int hw_ingest_places_buf(char* buf, size_t capacity, size_t* needed, const hw_ingest_table* table,
                         const char* options_json, hw_error* err) {
  return capi::text_buf(err, buf, capacity, needed,
                        [&] { return places_text(table, options_json); });
}
int hw_ingest_workers(char** out_json, const hw_ingest_table* table, const char* options_json,
                      hw_error* err) {
  return capi::text_out(err, out_json, "out_json",
                        [&] { return workers_text(table, options_json); });
}
int hw_ingest_workers_buf(char* buf, size_t capacity, size_t* needed, const hw_ingest_table* table,
                          const char* options_json, hw_error* err) {
  return capi::text_buf(err, buf, capacity, needed,
                        [&] { return workers_text(table, options_json); });
}
int hw_ingest_people(char** out_json, const hw_ingest_table* table, const char* options_json,
                     hw_error* err) {
  return capi::text_out(err, out_json, "out_json",
                        [&] { return people_text(table, options_json); });
}
int hw_ingest_people_buf(char* buf, size_t capacity, size_t* needed, const hw_ingest_table* table,
                         const char* options_json, hw_error* err) {
  return capi::text_buf(err, buf, capacity, needed,
                        [&] { return people_text(table, options_json); });
}
int hw_ingest_schemas(char** out_json, hw_error* err) {
  return capi::text_out(err, out_json, "out_json", [] { return table_schemas_to_json(); });
}
int hw_ingest_schemas_buf(char* buf, size_t capacity, size_t* needed, hw_error* err) {
  return capi::text_buf(err, buf, capacity, needed, [] { return table_schemas_to_json(); });
}

int hw_caseload_measures_by(char** out_json, const hw_caseload* caseload, const char* by,
                            int32_t start, int32_t end, int32_t as_of, const char* policy_json,
                            const char* costs_json, hw_error* err) {
  return capi::text_out(err, out_json, "out_json", [&] {
    return measures_by_text(caseload, by, start, end, as_of, policy_json, costs_json);
  });
}
int hw_caseload_measures_by_buf(char* buf, size_t capacity, size_t* needed,
                                const hw_caseload* caseload, const char* by, int32_t start,
                                int32_t end, int32_t as_of, const char* policy_json,
                                const char* costs_json, hw_error* err) {
  return capi::text_buf(err, buf, capacity, needed, [&] {
    return measures_by_text(caseload, by, start, end, as_of, policy_json, costs_json);
  });
}

}  // extern "C"
