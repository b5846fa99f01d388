// Internal to the ingest implementation (not installed): resolving a table's
// columns against a schema, reading cells by kind, collecting issues.
#pragma once

#include "homeward/ingest.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace homeward::ingest_detail {

// Collects problems up to a limit; counts all of them.
class Issues {
 public:
  Issues(const Table& t, std::string_view kind, std::size_t max);
  void add_row(std::size_t index, std::string_view column, std::string message);
  void add_table(std::string_view column, std::string message);
  bool any() const { return total_ > 0; }
  bool full() const { return list_.size() >= max_; }
  void throw_if_any() const;
  std::size_t row_number(std::size_t index) const { return first_row_ + index; }
  const std::string& source() const { return source_; }

 private:
  std::string source_;
  std::size_t first_row_;
  std::size_t max_;
  std::vector<TableIssue> list_;
  std::size_t total_ = 0;
};

// A table's columns matched to a schema's fields.
struct Resolved {
  std::vector<const Column*> fields;  // per schema field, nullptr when absent
  std::vector<const Column*> extras;  // columns matching no field
};
// Matches columns to fields: options.mapping first (an unknown target field
// throws NotFound naming "mapping"), then names and aliases by name_key.
// Two columns for one field, and missing required fields, are issues.
// `extra_fields` (readings: the star's areas) are matched after the schema.
Resolved resolve(const Table& t, const std::vector<SchemaField>& schema,
                 const IngestOptions& options, Issues& issues,
                 const std::vector<std::vector<std::string>>& extra_fields = {},
                 std::vector<const Column*>* extra_out = nullptr);

// Validates the table's shape (non-null buffers of the declared kind).
void check_table(const Table& t);

bool missing(const Column& c, std::size_t i);

// Cell readers: return nullopt for a missing cell; throw InvalidArgument
// (field empty, message complete) for a bad one.
std::optional<std::string> text(const Column& c, std::size_t i);
std::optional<std::string> code(const Column& c, std::size_t i, std::string_view what);
std::optional<std::int32_t> date(const Column& c, std::size_t i);
std::optional<std::int64_t> integer(const Column& c, std::size_t i);
std::optional<double> number(const Column& c, std::size_t i);
std::optional<bool> boolean(const Column& c, std::size_t i);
std::optional<std::vector<std::string>> list(const Column& c, std::size_t i);

// A number written as text the way a person would ("18", "2.5").
std::string number_text(double v);

}  // namespace homeward::ingest_detail
