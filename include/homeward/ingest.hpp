// homeward: a service's own tables in (events, Star readings, places, workers,
// people), as columns.
//
// Files are read by well-kept readers (pandas' CSV and Excel readers, Arrow,
// a database driver); the core receives their columns and owns every rule of
// validation and normalisation, so C++, C and Python callers get the same
// rules (docs/ingest.md):
//
//  - column names follow the documented schema (table_schema()), matched
//    case-insensitively with spaces and hyphens read as underscores; MHSDS
//    names are accepted as aliases, and IngestOptions::mapping renames
//    anything else;
//  - rows may arrive in any order: events are grouped by person (people in
//    order of first appearance) and ordered by date, same-day events by the
//    documented precedence of event types (event_type_precedence());
//  - codes are codes: a code read as a number (18.0) becomes "18", leading
//    zeros are kept, delay reasons are two digits ("5" -> "05"), and "18.5"
//    is an error;
//  - dates are ISO "YYYY-MM-DD" (optionally with a midnight time), Excel
//    serial dates (numbers), timestamps at midnight, or day numbers; anything
//    else is refused by name;
//  - names (event types, star areas, completed-by values, roles, risk levels,
//    genders) match case-insensitively and by display name;
//  - comma-separated cells ("SD-01, SD-02") are lists where a list is expected;
//  - extra columns of the events table are per-person attributes (ward, team,
//    county) kept on the caseload;
//  - nothing is half-loaded: every bad row (up to max_errors) is reported at
//    once in one TableError, and nothing is returned.
#pragma once

#include "homeward/error.hpp"
#include "homeward/matching.hpp"
#include "homeward/star.hpp"
#include "homeward/timeline.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace homeward {

// ---------------------------------------------------------------------------
// Columns

enum class ColumnKind : std::uint8_t {
  strings = 0,  // text; a null data() pointer or a blank cell is missing
  numbers = 1,  // doubles; NaN is missing
  timestamps =
      2,     // int64 nanoseconds since 1970-01-01T00:00 (pandas datetime64[ns]); kNaT is missing
  days = 3,  // int32 days since 1970-01-01 (NumPy datetime64[D], Arrow date32); kNoDay is missing
};
std::string_view column_kind_name(ColumnKind k);

// One column: a name and a borrowed buffer of `Table::rows` values (only the
// pointer of its kind is used). The buffers must outlive the call.
struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::strings;
  const std::string_view* strings = nullptr;
  const double* numbers = nullptr;
  const std::int64_t* timestamps = nullptr;
  const std::int32_t* days = nullptr;
};

struct Table {
  // Named in every message ("events.csv: row 14, column delay_reason: ...");
  // empty: the table's kind ("events").
  std::string source;
  std::size_t rows = 0;
  std::vector<Column> columns;
  // The number messages give the first data row: 2 for a file whose header is
  // row 1 (as a spreadsheet shows it), 0 for a DataFrame's positions.
  std::size_t first_row = 2;
};

struct IngestOptions {
  // Column name in the table -> schema field name ({"Patient": "person_id"}).
  // Mapped names win over the schema's own names and aliases.
  std::map<std::string, std::string> mapping;
  // At most this many problems are listed in a TableError (at least 1).
  std::size_t max_errors = 20;
};
// {"mapping": {"Patient": "person_id"}, "max_errors": 20, "source": "events.csv",
//  "first_row": 2}; every key optional, others are errors. source and
// first_row, when present, are written to `table`.
IngestOptions ingest_options_from_json(std::string_view json_text, Table* table = nullptr);

// One problem in a table.
struct TableIssue {
  std::size_t row = 0;   // in Table::first_row numbering; meaningful when has_row
  bool has_row = false;  // false: a problem of the table (a missing column)
  std::string column;    // the table's column name ("" when none)
  std::string message;   // "\"18.5\" is not a delay reason code"
  // "events.csv: row 14, column delay_reason: \"18.5\" is not a delay reason code"
  std::string text(std::string_view source) const;
};

// Every problem found in a table (up to IngestOptions::max_errors), thrown
// after the whole table was checked. field() is "<source>: row R, column C"
// of the first problem; what() lists one problem per line, and says how
// many more there were when the limit was reached.
class TableError : public InvalidArgument {
 public:
  TableError(std::string source, std::vector<TableIssue> issues, std::size_t total);
  const std::string& source() const noexcept { return source_; }
  const std::vector<TableIssue>& issues() const noexcept { return issues_; }
  std::size_t total() const noexcept { return total_; }  // problems found, listed or not

 private:
  std::string source_;
  std::vector<TableIssue> issues_;
  std::size_t total_;
};

// ---------------------------------------------------------------------------
// Schemas (documented in docs/ingest.md; table_schema() is their one home)

struct SchemaField {
  std::string name;  // "delay_reason"
  std::string kind;  // "text", "code", "date", "integer", "boolean", "list", ...
  bool required = false;
  std::vector<std::string> aliases;  // "ClinReadyforDischDelayReason", ...
  std::string description;
};
// "events", "readings", "places", "workers", "people"; NotFound otherwise.
// Readings also take one column per star area (by id or display name).
const std::vector<SchemaField>& table_schema(std::string_view table);
// {"events": [{"name", "kind", "required", "aliases", "description"}], ...}
std::string table_schemas_to_json();

// Same-day events are ordered by this rank (lower first), then by row:
// referral_received, planned_discharge_changed, initial_visit, accepted,
// declined, transition_plan_agreed, clinically_ready_for_discharge,
// discharged, follow_up_contact, step_down_admitted, step_down_left,
// readmitted, out_of_area_placement, died, closed. When that order breaks a rule (a re-referral on
// the day of closure) the rows' own order for that day is used instead.
int event_type_precedence(EventType t);

// ---------------------------------------------------------------------------
// Values (the rules every table uses; exposed for tests and adapters)

// A code cell: trims spaces; "18.0" / 18.0 -> "18"; leading zeros kept;
// throws InvalidArgument("... is not a <what>") for a fraction, a
// non-finite number or an empty cell.
std::string normalise_code(std::string_view text, std::string_view what);
std::string normalise_code(double value, std::string_view what);
// Excel's serial day numbers (1900 date system: 1 = 1900-01-01, 60 the
// nonexistent 1900-02-29; 61 = 1900-03-01) to days since 1970-01-01.
// Throws InvalidArgument for fractions (a time of day) or serials below 1.
std::int32_t excel_serial_to_days(double serial, std::string_view field = "date");
// A text date: "YYYY-MM-DD", optionally followed by "T00:00:00" or
// " 00:00:00" (fractional zero seconds allowed). Throws InvalidArgument
// naming the form expected otherwise.
std::int32_t date_text_to_days(std::string_view text, std::string_view field = "date");
// Case-insensitive, spaces/hyphens as underscores: "Worker only" -> "worker_only".
std::string name_key(std::string_view text);
// Split a list cell on commas (and semicolons), trimming; empty items dropped.
std::vector<std::string> split_list(std::string_view text);

// ---------------------------------------------------------------------------
// Loaders. Each throws TableError listing every bad row; NotFound for an
// unknown mapping target.

Caseload caseload_from_table(const Table& table, const IngestOptions& options = {});
StarReadings readings_from_table(const StarDefinition& definition, const Table& table,
                                 const IngestOptions& options = {});
std::vector<Place> places_from_table(const Table& table, const IngestOptions& options = {});
std::vector<Worker> workers_from_table(const Table& table, const IngestOptions& options = {});
std::vector<Person> people_from_table(const Table& table, const IngestOptions& options = {});

// The matching records as JSON arrays in the schema of docs/matching.md
// (people_from_json() etc. read them back).
std::string people_to_json(const std::vector<Person>& people);
std::string places_to_json(const std::vector<Place>& places);
std::string workers_to_json(const std::vector<Worker>& workers);

}  // namespace homeward
