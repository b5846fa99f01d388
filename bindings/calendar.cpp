// Python bindings for the calendar: conversions only.
#include "common.hpp"

#include "homeward/calendar.hpp"
#include "homeward/io.hpp"

#include <Python.h>

#include <algorithm>

namespace homeward::py_bind {
namespace {

py::array_t<std::int64_t> offsets_from_py(py::handle obj) {
  py::module_ np = py::module_::import("numpy");
  py::object arr = np.attr("asarray")(obj);
  const std::string kind = py::str(arr.attr("dtype").attr("kind"));
  if (kind != "i" && kind != "u") {
    throw InvalidArgument("n", "working-day offsets must be integers, got dtype " +
                                   std::string(py::str(arr.attr("dtype"))));
  }
  // No copy when the offsets already are contiguous int64 (astype copies by
  // default: 80 MB more per 10 million offsets on every call).
  return py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>(
      np.attr("ascontiguousarray")(arr.attr("astype")("int64", py::arg("copy") = false)));
}

// Broadcast two arrays NumPy-style; returns contiguous copies and the shape.
std::pair<py::array_t<std::int64_t>, py::array_t<std::int64_t>> broadcast(
    const py::array_t<std::int64_t>& x, const py::array_t<std::int64_t>& y, py::object* shape,
    const std::string& first, const std::string& second) {
  py::module_ np = py::module_::import("numpy");
  py::tuple both;
  try {
    both = np.attr("broadcast_arrays")(x, y);
  } catch (py::error_already_set&) {
    throw InvalidArgument(second, "shape " + std::string(py::str(y.attr("shape"))) +
                                      " does not broadcast with " + first + "'s shape " +
                                      std::string(py::str(x.attr("shape"))));
  }
  *shape = both[0].attr("shape");
  auto cx = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>(
      np.attr("ascontiguousarray")(both[0]));
  auto cy = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>(
      np.attr("ascontiguousarray")(both[1]));
  return {cx, cy};
}

bool is_scalar_int(py::handle obj) {
  if (py::isinstance<py::bool_>(obj)) return false;
  if (py::isinstance<py::int_>(obj)) return true;
  py::module_ np = py::module_::import("numpy");
  return py::isinstance(obj, np.attr("integer"));
}

// Run-time checks of the scalar overloads of add_working_days /
// working_days_between: anything else goes to the array overload, which
// reports a bad value naming the argument.
int check_scalar_date(PyObject* o) {
  try {
    return is_scalar_date(o) ? 1 : 0;
  } catch (py::error_already_set&) {
    return 0;
  }
}
int check_scalar_int(PyObject* o) {
  try {
    return is_scalar_int(o) ? 1 : 0;
  } catch (py::error_already_set&) {
    return 0;
  }
}
using ScalarDate = Typed<pynames::DateLike, check_scalar_date>;
using ScalarInt = Typed<pynames::IntLike, check_scalar_int>;

py::object add_working_days_any(const Calendar& c, py::handle d, py::handle n) {
  if (is_scalar_date(d) && is_scalar_int(n)) {
    return date_to_py(c.add_working_days(date_from_py(d, "d"), int64_from_py(n, "n")));
  }
  py::object shape;
  auto [days, offs] = broadcast(day_array_from_py(d, "d"), offsets_from_py(n), &shape, "d", "n");
  py::array_t<std::int64_t> out(days.size());
  {
    py::gil_scoped_release release;
    c.add_working_days(days.data(), offs.data(), static_cast<std::size_t>(days.size()),
                       out.mutable_data());
  }
  return out.attr("reshape")(shape).attr("view")("datetime64[D]");
}

py::object working_days_between_any(const Calendar& c, py::handle a, py::handle b) {
  if (is_scalar_date(a) && is_scalar_date(b)) {
    return py::int_(c.working_days_between(date_from_py(a, "a"), date_from_py(b, "b")));
  }
  py::object shape;
  auto [aa, bb] = broadcast(day_array_from_py(a, "a"), day_array_from_py(b, "b"), &shape, "a", "b");
  py::array_t<std::int64_t> out(aa.size());
  {
    py::gil_scoped_release release;
    c.working_days_between(aa.data(), bb.data(), static_cast<std::size_t>(aa.size()),
                           out.mutable_data());
  }
  return out.attr("reshape")(shape);
}

}  // namespace

void bind_calendar(py::module_& m) {
  py::class_<Calendar>(m, "Calendar", R"doc(
A working-day calendar: bank holidays, extra closures and a working week.

Counting follows NumPy exactly, so results can be compared:
``cal.working_days_between(a, b) == numpy.busday_count(a, b, holidays=cal.holiday_dates())``
and ``cal.add_working_days(d, n) == numpy.busday_offset(d, n, roll="forward", holidays=...)``.
Dates outside the calendar's years raise :class:`homeward.OutOfRangeError`.
)doc")
      .def_static("england_and_wales", &Calendar::england_and_wales,
                  "England and Wales bank holidays by rule, 1978 to 2199, Monday to Friday.")
      .def_static(
          "from_govuk_json",
          [](const PyJsonSource& source, const std::string& division, const PyOptLimit& max_bytes,
             const PyOptLimit& max_depth) {
            const JsonSource src = json_source_from_py(source, "source");
            const InputLimits limits = limits_from_py(max_bytes, max_depth);
            py::gil_scoped_release release;
            return src.is_path ? Calendar::from_govuk_file(src.data, division, limits)
                               : Calendar::from_govuk_json(src.data, division, limits);
          },
          py::arg("source"), py::arg("division") = "england-and-wales", py::kw_only(),
          py::arg("max_bytes") = py::none(), py::arg("max_depth") = py::none(),
          "A calendar from gov.uk's bank-holidays JSON for one division: "
          "'england-and-wales', 'scotland' or 'northern-ireland'. `source` is JSON text "
          "(str or bytes) or a file path (os.PathLike such as pathlib.Path; a str is always "
          "text). max_bytes/max_depth: docs/limits.md. "
          "It covers the whole years "
          "from the first to the last event.")
      .def(
          "with_closures",
          [](const Calendar& c, const PyDateArrayLike& dates, const std::string& name) {
            py::array_t<std::int64_t> days = day_array_from_py(dates, "dates");
            std::vector<Date> ds;
            const auto* p = days.data();
            for (py::ssize_t i = 0; i < days.size(); ++i) {
              ds.push_back(from_days(p[i], index_path("dates", static_cast<std::size_t>(i))));
            }
            return c.with_closures(ds, name);
          },
          py::arg("dates"), py::arg("name") = "Service closure",
          "A new calendar that also closes on these dates (e.g. training days). They count as "
          "holidays in working-day arithmetic but are not bank holidays.")
      .def(
          "with_weekmask",
          [](const Calendar& c, const std::string& mask) {
            return c.with_weekmask(parse_weekmask(mask));
          },
          py::arg("weekmask"),
          "A new calendar with another working week, as NumPy's weekmask: '1111100' or "
          "'Mon Tue Wed Thu Fri'.")
      .def_property_readonly("name", &Calendar::name)
      .def_property_readonly("first_year", &Calendar::first_year)
      .def_property_readonly("last_year", &Calendar::last_year)
      .def_property_readonly("weekmask",
                             [](const Calendar& c) { return format_weekmask(c.weekmask()); })
      .def(
          "bank_holidays",
          [](const Calendar& c, int first_year, const PyOptIndex& last_year) {
            const int last = last_year.is_none()
                                 ? first_year
                                 : static_cast<int>(std::clamp<std::int64_t>(
                                       int64_from_py(last_year, "last_year"), -1000000, 1000000));
            std::vector<std::pair<Date, std::string>> out;
            for (const auto& h : c.bank_holidays(first_year, last))
              out.emplace_back(h.date, h.name);
            return out;
          },
          py::arg("first_year"), py::arg("last_year") = py::none(),
          "Bank holidays of first_year..last_year (inclusive; one year if last_year is "
          "omitted) as a list of (datetime.date, name) in date order.")
      .def(
          "holiday_dates",
          [](const Calendar& c) -> PyDateArray {
            const auto ds = c.holiday_dates();
            py::array_t<std::int64_t> out(static_cast<py::ssize_t>(ds.size()));
            auto* p = out.mutable_data();
            for (std::size_t i = 0; i < ds.size(); ++i) p[i] = to_days(ds[i]);
            return out.attr("view")("datetime64[D]");
          },
          "Every holiday (bank holidays and closures) as a datetime64[D] array: NumPy's "
          "`holidays=` argument.")
      .def(
          "is_bank_holiday",
          [](const Calendar& c, const PyDateLike& d) {
            return c.is_bank_holiday(date_from_py(d, "d"));
          },
          py::arg("d"))
      .def(
          "is_working_day",
          [](const Calendar& c, const PyDateLike& d) {
            return c.is_working_day(date_from_py(d, "d"));
          },
          py::arg("d"))
      .def(
          "add_working_days",
          [](const Calendar& c, const ScalarDate& d, const ScalarInt& n) {
            return c.add_working_days(date_from_py(d, "d"), int64_from_py(n, "n"));
          },
          py::arg("d"), py::arg("n"),
          "Roll d forward to a working day, then move n working days (numpy.busday_offset with "
          "roll='forward').")
      .def(
          "add_working_days",
          [](const Calendar& c, const PyDateArrayLike& d, const PyIntArrayLike& n) -> PyDateArray {
            return add_working_days_any(c, d, n);
          },
          py::arg("d"), py::arg("n"),
          "d and n may be arrays (broadcast together); arrays give a datetime64[D] array.")
      .def(
          "working_days_between",
          [](const Calendar& c, const ScalarDate& a, const ScalarDate& b) {
            return c.working_days_between(date_from_py(a, "a"), date_from_py(b, "b"));
          },
          py::arg("a"), py::arg("b"),
          "Working days in [a, b), negative when b < a (numpy.busday_count).")
      .def(
          "working_days_between",
          [](const Calendar& c, const PyDateArrayLike& a, const PyDateArrayLike& b)
              -> PyInt64Array { return working_days_between_any(c, a, b); },
          py::arg("a"), py::arg("b"),
          "a and b may be arrays (broadcast together); arrays give an int64 array.")
      .def("to_json", &Calendar::to_json,
           "The whole calendar as a versioned JSON document (Calendar.from_json reads it).")
      .def_static(
          "from_json", [](const std::string& text) { return Calendar::from_json(text); },
          py::arg("text"),
          "A calendar from the document Calendar.to_json writes (validated; errors name the "
          "field). For gov.uk's bank-holidays document use from_govuk_json.")
      .def("__eq__", [](const Calendar& a, const Calendar& b) { return a == b; })
      .def("__hash__",
           [](const Calendar& c) {
             return py::hash(py::make_tuple(c.name(), c.first_year(), c.last_year()));
           })
      .def("__repr__", [](const Calendar& c) {
        return "<homeward.Calendar " + c.name() + " " + std::to_string(c.first_year()) + ".." +
               std::to_string(c.last_year()) + " weekmask=" + format_weekmask(c.weekmask()) + ">";
      });
  auto cal_cls = py::reinterpret_borrow<py::class_<Calendar>>(m.attr("Calendar"));
  def_pickle<Calendar>(
      cal_cls, "Calendar", "homeward.calendar", [](const Calendar& c) { return c.to_json(); },
      [](const std::string& payload) { return Calendar::from_json(payload); });

  m.def(
      "easter_sunday", [](int year) { return easter_sunday(year); }, py::arg("year"),
      "Easter Sunday of a Gregorian year.");
}

}  // namespace homeward::py_bind
