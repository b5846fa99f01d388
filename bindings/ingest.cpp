// Python bindings for tables in (events, readings, places, workers, people):
// type conversions only. The Python package reads files with pandas and calls
// these (python/homeward/_ingest.py); every rule is in the core (ingest.hpp).
#include "common.hpp"

#include "homeward/ingest.hpp"

#include <pybind11/stl.h>

#include <cmath>
#include <deque>
#include <map>
#include <string>
#include <vector>

namespace homeward::py_bind {
namespace {

// Owns the converted buffers of a table for the duration of a call.
struct PyTable {
  Table table;
  std::deque<std::vector<std::string_view>> strings;
  std::deque<py::array_t<double, py::array::c_style | py::array::forcecast>> numbers;
  std::deque<py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>> stamps;
  std::deque<py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>> days;
  std::deque<py::object> keep;  // Python objects whose UTF-8 buffers are borrowed
};

// columns: [(name, kind, values)], kind in "strings", "numbers", "timestamps", "days";
// values are a column of that kind (a list, a NumPy array, pyarrow's buffers).
HW_PY_NAMED(PyColumnList, "list[tuple[str, str, typing.Any]]");

void to_table(PyTable& pt, const PyColumnList& columns_in, std::size_t rows,
              const std::string& source, std::size_t first_row) {
  if (!py::isinstance<py::list>(columns_in)) {
    throw InvalidArgument("columns", "internal: expected a list of (name, kind, values)");
  }
  const auto columns = py::reinterpret_borrow<py::list>(columns_in);
  Table& t = pt.table;
  t.source = source;
  t.rows = rows;
  t.first_row = first_row;
  for (std::size_t k = 0; k < columns.size(); ++k) {
    auto item = columns[k].cast<py::tuple>();
    if (item.size() != 3)
      throw InvalidArgument(index_path("columns", k), "expected (name, kind, values)");
    Column c;
    c.name = py::str(item[0]).cast<std::string>();
    const std::string kind = item[1].cast<std::string>();
    const std::string f = "columns." + c.name;
    py::object values = item[2];
    if (kind == "strings") {
      c.kind = ColumnKind::strings;
      py::sequence seq = py::reinterpret_borrow<py::sequence>(values);
      if (static_cast<std::size_t>(py::len(seq)) != rows) {
        throw InvalidArgument(
            f, "has " + std::to_string(py::len(seq)) + " values, expected " + std::to_string(rows));
      }
      pt.keep.push_back(values);
      auto& v = pt.strings.emplace_back(rows);
      // A list or a NumPy object array is read in place; anything else becomes a list.
      PyObject* const* items = nullptr;
      if (py::isinstance<py::array>(values) && py::array(values).dtype().kind() == 'O' &&
          py::array(values).ndim() == 1) {
        auto arr = py::array::ensure(values, py::array::c_style);
        pt.keep.push_back(arr);
        items = reinterpret_cast<PyObject* const*>(arr.data());
      } else {
        py::list lst = py::isinstance<py::list>(values) ? py::reinterpret_borrow<py::list>(values)
                                                        : py::list(values);
        pt.keep.push_back(lst);
        items = reinterpret_cast<PyListObject*>(lst.ptr())->ob_item;
      }
      for (std::size_t i = 0; i < rows; ++i) {
        PyObject* o = items[i];
        if (o == Py_None) continue;
        if (PyFloat_Check(o) && std::isnan(PyFloat_AS_DOUBLE(o)))
          continue;  // NaN marks a blank cell
        if (!PyUnicode_Check(o)) {
          throw InvalidArgument(index_path(f, i),
                                "expected str or None, got " + std::string(Py_TYPE(o)->tp_name));
        }
        Py_ssize_t size = 0;
        const char* data = PyUnicode_AsUTF8AndSize(o, &size);
        if (!data) throw py::error_already_set();
        v[i] = std::string_view(data, static_cast<std::size_t>(size));
      }
      c.strings = v.data();
    } else if (kind == "utf8") {
      // An Arrow string array's buffers, (offsets int32/int64 of rows + 1, data uint8, valid bool
      // or None): the cells are read in place, with no Python string per cell.
      c.kind = ColumnKind::strings;
      auto parts = values.cast<py::tuple>();
      if (parts.size() != 3) throw InvalidArgument(f, "expected (offsets, data, valid)");
      py::array offsets = py::array::ensure(parts[0], py::array::c_style);
      auto data =
          py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>::ensure(parts[1]);
      if (!offsets || !data || static_cast<std::size_t>(offsets.size()) != rows + 1) {
        throw InvalidArgument(f, "offsets must have one more entry than the table has rows");
      }
      // (A default-constructed array_t is an empty array, not "none": keep a flag.)
      py::array_t<bool, py::array::c_style | py::array::forcecast> valid;
      const bool has_valid = !parts[2].is_none();
      if (has_valid) {
        valid = py::array_t<bool, py::array::c_style | py::array::forcecast>::ensure(parts[2]);
        if (!valid || static_cast<std::size_t>(valid.size()) != rows)
          throw InvalidArgument(f, "valid has the wrong length");
      }
      pt.keep.push_back(offsets);
      pt.keep.push_back(data);
      pt.keep.push_back(valid);
      auto& v = pt.strings.emplace_back(rows);
      const auto* chars = reinterpret_cast<const char*>(data.data());
      const auto size = static_cast<std::int64_t>(data.size());
      auto fill = [&](auto* off) {
        for (std::size_t i = 0; i < rows; ++i) {
          if (has_valid && !valid.data()[i]) continue;
          const auto a = static_cast<std::int64_t>(off[i]),
                     b = static_cast<std::int64_t>(off[i + 1]);
          if (a < 0 || b < a || b > size)
            throw InvalidArgument(index_path(f, i), "offsets outside the data");
          v[i] = std::string_view(a == b ? "" : chars + a, static_cast<std::size_t>(b - a));
        }
      };
      const char okind = offsets.dtype().kind();
      const auto owidth = offsets.dtype().itemsize();
      if (okind == 'i' && owidth == 4) {
        fill(static_cast<const std::int32_t*>(offsets.data()));
      } else if (okind == 'i' && owidth == 8) {
        fill(static_cast<const std::int64_t*>(offsets.data()));
      } else {
        throw InvalidArgument(f, "offsets must be int32 or int64");
      }
      c.strings = v.data();
    } else if (kind == "numbers") {
      c.kind = ColumnKind::numbers;
      auto& a = pt.numbers.emplace_back(values);
      if (static_cast<std::size_t>(a.size()) != rows)
        throw InvalidArgument(f, "length differs from the table's");
      c.numbers = a.data();
    } else if (kind == "timestamps") {
      c.kind = ColumnKind::timestamps;
      auto& a = pt.stamps.emplace_back(values);
      if (static_cast<std::size_t>(a.size()) != rows)
        throw InvalidArgument(f, "length differs from the table's");
      c.timestamps = a.data();
    } else if (kind == "days") {
      c.kind = ColumnKind::days;
      auto& a = pt.days.emplace_back(values);
      if (static_cast<std::size_t>(a.size()) != rows)
        throw InvalidArgument(f, "length differs from the table's");
      c.days = a.data();
    } else {
      throw InvalidArgument(f, "unknown column kind " + quote_value(kind));
    }
    t.columns.push_back(std::move(c));
  }
}

IngestOptions options_of(const std::map<std::string, std::string>& mapping,
                         std::size_t max_errors) {
  IngestOptions o;
  o.mapping = mapping;
  o.max_errors = max_errors;
  return o;
}

}  // namespace

void bind_ingest(py::module_& m) {
  m.def(
      "_ingest_events",
      [](const PyColumnList& columns, std::size_t rows, const std::string& source,
         std::size_t first_row, const std::map<std::string, std::string>& mapping,
         std::size_t max_errors) {
        PyTable pt;
        to_table(pt, columns, rows, source, first_row);
        return caseload_from_table(pt.table, options_of(mapping, max_errors));
      },
      py::arg("columns"), py::arg("rows"), py::arg("source"), py::arg("first_row"),
      py::arg("mapping"), py::arg("max_errors"),
      "Events from columns [(name, kind, values)] (kinds: strings, numbers, timestamps, days).");
  m.def(
      "_ingest_readings",
      [](const StarDefinition& def, const PyColumnList& columns, std::size_t rows,
         const std::string& source, std::size_t first_row,
         const std::map<std::string, std::string>& mapping, std::size_t max_errors) {
        PyTable pt;
        to_table(pt, columns, rows, source, first_row);
        return readings_from_table(def, pt.table, options_of(mapping, max_errors));
      },
      py::arg("definition"), py::arg("columns"), py::arg("rows"), py::arg("source"),
      py::arg("first_row"), py::arg("mapping"), py::arg("max_errors"),
      "Star readings from columns.");
  m.def(
      "_ingest_records",
      [](const std::string& kind, const PyColumnList& columns, std::size_t rows,
         const std::string& source, std::size_t first_row,
         const std::map<std::string, std::string>& mapping, std::size_t max_errors) {
        PyTable pt;
        to_table(pt, columns, rows, source, first_row);
        const IngestOptions o = options_of(mapping, max_errors);
        if (kind == "places") return places_to_json(places_from_table(pt.table, o));
        if (kind == "workers") return workers_to_json(workers_from_table(pt.table, o));
        if (kind == "people") return people_to_json(people_from_table(pt.table, o));
        throw NotFound("kind",
                       "unknown table " + quote_value(kind) + " (known: places, workers, people)");
      },
      py::arg("kind"), py::arg("columns"), py::arg("rows"), py::arg("source"), py::arg("first_row"),
      py::arg("mapping"), py::arg("max_errors"),
      "Places, workers or people from columns, as a JSON array of records (docs/matching.md).");
  m.def(
      "_records_from_json",
      [](const std::string& kind, const std::string& text) {
        if (kind == "places") return places_to_json(places_from_json(text, "places"));
        if (kind == "workers") return workers_to_json(workers_from_json(text, "workers"));
        if (kind == "people") return people_to_json(people_from_json(text, "people"));
        throw NotFound("kind",
                       "unknown table " + quote_value(kind) + " (known: places, workers, people)");
      },
      py::arg("kind"), py::arg("text"),
      "Validate a JSON array of records and give it back normalised.");
  m.def("_table_schemas", &table_schemas_to_json, "The documented table schemas as JSON.");
  m.def(
      "_event_type_precedence",
      []() {
        std::vector<std::string> out(kEventTypeCount);
        for (std::size_t k = 0; k < kEventTypeCount; ++k) {
          const auto t = static_cast<EventType>(k);
          out[static_cast<std::size_t>(event_type_precedence(t))] = std::string(event_type_name(t));
        }
        return out;
      },
      "Event type names in same-day order.");
}

}  // namespace homeward::py_bind
