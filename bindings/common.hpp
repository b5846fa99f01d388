// Shared by every binding file: conversions between Python and the core.
// Nothing here holds domain logic; it only converts types and errors.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "homeward/date.hpp"
#include "homeward/error.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace py = pybind11;

namespace homeward::py_bind {

// homeward.Date <-> Python: accepts datetime.date (not datetime.datetime),
// numpy.datetime64 scalars and ISO "YYYY-MM-DD" strings; returns
// datetime.date.
Date date_from_py(py::handle obj, const char* field);
py::object date_to_py(const Date& d);

// True for one date: datetime.date, numpy.datetime64 scalar or str.
bool is_scalar_date(py::handle obj);

// A C-contiguous int64 array of day numbers (datetime64[D] viewed as int64,
// NaT kept as its sentinel) with the input's shape, from a NumPy datetime64
// array or any (nested) sequence of datetime.date / ISO strings.
// `field` names the argument in errors.
py::array_t<std::int64_t> day_array_from_py(py::handle obj, const char* field);

// Every binding file registers its functions with one of these.
void bind_errors(py::module_& m);
void bind_calendar(py::module_& m);
void bind_timeline(py::module_& m);
void bind_star(py::module_& m);
void bind_assignment(py::module_& m);
void bind_matching(py::module_& m);
void bind_ingest(py::module_& m);
void bind_plan(py::module_& m);
void bind_fhir(py::module_& m);
void bind_report(py::module_& m);

}  // namespace homeward::py_bind

namespace pybind11::detail {
template <>
struct type_caster<homeward::Date> {
  PYBIND11_TYPE_CASTER(homeward::Date, const_name("datetime.date"));
  bool load(handle src, bool /*convert*/) {
    if (src.is_none()) return false;
    value = homeward::py_bind::date_from_py(src, "date");
    return true;
  }
  static handle cast(const homeward::Date& d, return_value_policy, handle) {
    return homeward::py_bind::date_to_py(d).release();
  }
};
}  // namespace pybind11::detail
