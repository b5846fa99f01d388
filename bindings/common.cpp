#include "common.hpp"

#include <Python.h>
#include <datetime.h>

#include "homeward/homeward.hpp"

#include <algorithm>
#include <cstring>

namespace homeward::py_bind {
namespace {

// Exception types, created once in bind_errors().
PyObject* g_error = nullptr;
PyObject* g_invalid = nullptr;
PyObject* g_range = nullptr;
PyObject* g_parse = nullptr;
PyObject* g_not_found = nullptr;
PyObject* g_infeasible = nullptr;
PyObject* g_io = nullptr;

PyObject* new_exception(py::module_& m, const char* name, py::tuple bases, const char* doc) {
  std::string qual = std::string("homeward.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qual.c_str(), doc, bases.ptr(), nullptr);
  if (type == nullptr) throw py::error_already_set();
  m.add_object(name, py::handle(type));  // the module keeps a reference
  return type;
}

void raise(PyObject* type, const homeward::Error& e) {
  py::object exc = py::reinterpret_steal<py::object>(PyObject_CallFunction(type, "s", e.what()));
  if (!exc) return;  // Python error already set
  exc.attr("field") = e.field();
  exc.attr("message") = e.message();
  PyErr_SetObject(type, exc.ptr());
}

const Date kEpoch(1970, 1, 1);

void ensure_datetime_api() {
  if (PyDateTimeAPI == nullptr) {
    PyDateTime_IMPORT;
    if (PyDateTimeAPI == nullptr) throw py::error_already_set();
  }
}

}  // namespace

void bind_errors(py::module_& m) {
  py::handle exc_base(PyExc_Exception);
  py::handle value_error(PyExc_ValueError);
  g_error = new_exception(m, "Error", py::make_tuple(exc_base),
                          "Base class of every error homeward raises. `field` names the input "
                          "at fault (e.g. 'pathways[3].events[2].date'), `message` says why.");
  py::handle base(g_error);
  g_invalid = new_exception(m, "InvalidArgumentError", py::make_tuple(base, value_error),
                            "A value is malformed or outside its allowed domain.");
  g_range = new_exception(m, "OutOfRangeError", py::make_tuple(base, value_error),
                          "A date or year lies outside what the library supports.");
  g_parse = new_exception(m, "ParseError", py::make_tuple(base, value_error),
                          "Malformed or truncated JSON or text.");
  g_not_found = new_exception(m, "NotFoundError",
                              py::make_tuple(base, value_error, py::handle(PyExc_LookupError)),
                              "An unknown name, id or division.");
  g_infeasible = new_exception(m, "InfeasibleError", py::make_tuple(base, value_error),
                               "The problem has no solution; the message names a witness.");
  g_io = new_exception(m, "HomewardIOError", py::make_tuple(base, py::handle(PyExc_OSError)),
                       "A file could not be read or written.");

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const py::cast_error& e) {
      // A value pybind11 cannot convert (an int beyond 64 bits, ...): bad
      // input, so a ValueError subclass of homeward.Error, never RuntimeError.
      raise(g_invalid, InvalidArgument("", std::string("cannot convert the value: ") + e.what()));
    } catch (const homeward::Error& e) {
      switch (e.code()) {
        case ErrorCode::invalid_argument: raise(g_invalid, e); break;
        case ErrorCode::out_of_range: raise(g_range, e); break;
        case ErrorCode::parse_error: raise(g_parse, e); break;
        case ErrorCode::not_found: raise(g_not_found, e); break;
        case ErrorCode::infeasible: raise(g_infeasible, e); break;
        case ErrorCode::io_error: raise(g_io, e); break;
        default: raise(g_error, e); break;
      }
    }
  });
}

namespace {
// The format versions: 1 is the serialisation as is, 2 the same zlib-compressed.
constexpr long long kPicklePlain = 1;
constexpr long long kPickleZlib = 2;
// A version-2 payload may expand to at most this many bytes, or 64 times its
// compressed size if that is more (JSON compresses 10-20 times; zlib's own
// ceiling is about 1,000), so a small hostile state cannot claim gigabytes.
constexpr std::size_t kPickleMinExpansion = std::size_t{128} << 20;
constexpr std::size_t kPickleExpansionRatio = 64;
}  // namespace

py::tuple pickle_state(const char* tag, const std::string& payload) {
  // Level 6 (zlib's default): 15-20 times smaller caseload JSON, and
  // Python's zlib releases the GIL while it works.
  py::object z = py::module_::import("zlib").attr("compress")(py::bytes(payload), 6);
  return py::make_tuple(py::str(tag), kPickleZlib, std::move(z));
}

std::string check_pickle_state(const py::tuple& state, const char* cls, const char* tag) {
  const std::string where = std::string("homeward.") + cls;
  if (state.size() != 3 || !py::isinstance<py::str>(state[0]) || !PyLong_Check(state[1].ptr()) ||
      py::isinstance<py::bool_>(state[1]) || !py::isinstance<py::bytes>(state[2])) {
    throw InvalidArgument("state", where +
                                       ": not a homeward pickle state (expected "
                                       "(format tag, format version, payload bytes))");
  }
  const std::string got_tag = state[0].cast<std::string>();
  if (got_tag != tag) {
    throw InvalidArgument("state", where + ": pickle format \"" + got_tag.substr(0, 80) +
                                       "\" is not \"" + tag + "\"");
  }
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(state[1].ptr(), &overflow);
  if (overflow != 0 || (v != kPicklePlain && v != kPickleZlib)) {
    throw InvalidArgument("state", where + ": pickle format " + tag + " version " +
                                       std::string(py::str(state[1])).substr(0, 40) +
                                       " is not supported (this homeward " + homeward::version() +
                                       " reads versions 1 and 2; a newer homeward wrote it?)");
  }
  if (v == kPicklePlain) return state[2].cast<std::string>();
  const auto corrupt = [&](const std::string& why) {
    return InvalidArgument("state", where + ": corrupt compressed payload: " + why);
  };
  const py::module_ zlib = py::module_::import("zlib");
  const std::size_t packed = py::len(state[2]);
  const std::size_t cap = std::max(kPickleMinExpansion, kPickleExpansionRatio * packed);
  py::object d = zlib.attr("decompressobj")();
  py::object out;
  try {
    out = d.attr("decompress")(state[2], cap + 1);
  } catch (py::error_already_set& e) {
    if (!e.matches(zlib.attr("error"))) throw;
    throw corrupt(std::string(py::str(e.value())).substr(0, 120));
  }
  if (py::len(out) > cap) {
    throw InvalidArgument("state", where + ": compressed payload expands beyond " +
                                       std::to_string(cap) +
                                       " bytes (128 MiB or 64 times its size): refused");
  }
  if (!d.attr("eof").cast<bool>()) throw corrupt("truncated");
  if (py::len(d.attr("unused_data")) != 0) throw corrupt("bytes after the end of the stream");
  return out.cast<std::string>();
}

std::string join_parts(const std::vector<std::string>& parts) {
  std::string head = "homeward-parts:";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) head += ',';
    head += std::to_string(parts[i].size());
  }
  head += '\n';
  for (const auto& p : parts) head += p;
  return head;
}

std::vector<std::string> split_parts(const std::string& payload, std::size_t count) {
  static const std::string kHead = "homeward-parts:";
  const auto bad = [](const std::string& why) {
    return InvalidArgument("state", "corrupt payload: " + why);
  };
  if (payload.compare(0, kHead.size(), kHead) != 0) throw bad("no parts header");
  const std::size_t nl = payload.find('\n', kHead.size());
  if (nl == std::string::npos || nl > kHead.size() + 21 * count) throw bad("no end of header");
  std::vector<std::size_t> lengths;
  std::size_t k = kHead.size();
  while (k < nl) {
    std::size_t v = 0, digits = 0;
    while (k < nl && payload[k] >= '0' && payload[k] <= '9') {
      if (++digits > 18) throw bad("a part length is too long");
      v = v * 10 + static_cast<std::size_t>(payload[k++] - '0');
    }
    if (digits == 0) throw bad("expected a part length");
    lengths.push_back(v);
    if (k < nl && payload[k++] != ',') throw bad("expected ',' between part lengths");
  }
  if (lengths.size() != count) {
    throw bad(std::to_string(lengths.size()) + " parts, expected " + std::to_string(count));
  }
  std::vector<std::string> out;
  std::size_t pos = nl + 1;
  for (std::size_t len : lengths) {
    if (len > payload.size() - pos) throw bad("truncated");
    out.push_back(payload.substr(pos, len));
    pos += len;
  }
  if (pos != payload.size()) throw bad("trailing bytes");
  return out;
}

JsonSource json_source_from_py(py::handle obj, const char* field) {
  if (py::isinstance<py::str>(obj) || py::isinstance<py::bytes>(obj)) {
    return {obj.cast<std::string>(), false};
  }
  if (py::hasattr(obj, "__fspath__")) {
    py::object p = py::module_::import("os").attr("fsencode")(obj);
    return {p.cast<std::string>(), true};
  }
  throw InvalidArgument(
      field, "expected JSON text (str or bytes) or a path (os.PathLike), got " + type_name(obj));
}

std::int64_t int64_from_py(py::handle obj, const char* field) {
  if (py::isinstance<py::bool_>(obj) || !PyLong_Check(obj.ptr())) {
    if (!PyIndex_Check(obj.ptr()) || py::isinstance<py::bool_>(obj)) {
      throw InvalidArgument(field, "expected an integer, got " + type_name(obj));
    }
  }
  py::object idx = py::reinterpret_steal<py::object>(PyNumber_Index(obj.ptr()));
  if (!idx) throw py::error_already_set();
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(idx.ptr(), &overflow);
  if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
  if (overflow != 0) {
    throw InvalidArgument(field, std::string(py::str(idx)).substr(0, 40) +
                                     " does not fit in a signed 64-bit integer");
  }
  return static_cast<std::int64_t>(v);
}

std::uint64_t uint64_from_py(py::handle obj, const char* field) {
  if (py::isinstance<py::bool_>(obj) || !PyIndex_Check(obj.ptr())) {
    throw InvalidArgument(field, "expected a non-negative integer, got " + type_name(obj));
  }
  py::object idx = py::reinterpret_steal<py::object>(PyNumber_Index(obj.ptr()));
  if (!idx) throw py::error_already_set();
  const unsigned long long v = PyLong_AsUnsignedLongLong(idx.ptr());
  if (v == static_cast<unsigned long long>(-1) && PyErr_Occurred()) {
    PyErr_Clear();
    throw InvalidArgument(field, std::string(py::str(idx)).substr(0, 40) +
                                     " is not a non-negative integer that fits in 64 bits");
  }
  return static_cast<std::uint64_t>(v);
}

InputLimits limits_from_py(py::handle max_bytes, py::handle max_depth) {
  InputLimits l;
  if (!max_bytes.is_none())
    l.max_bytes = static_cast<std::size_t>(uint64_from_py(max_bytes, "max_bytes"));
  if (!max_depth.is_none())
    l.max_depth = static_cast<std::size_t>(uint64_from_py(max_depth, "max_depth"));
  return l;
}

Date date_from_py(py::handle obj, const char* field) {
  ensure_datetime_api();
  if (obj.is_none()) throw InvalidArgument(field, "None is not a date");
  if (PyDateTime_Check(obj.ptr())) {
    throw InvalidArgument(field, "a datetime.datetime is not a date; pass .date()");
  }
  if (PyDate_Check(obj.ptr())) {
    return make_date(PyDateTime_GET_YEAR(obj.ptr()), PyDateTime_GET_MONTH(obj.ptr()),
                     PyDateTime_GET_DAY(obj.ptr()), field);
  }
  if (py::isinstance<py::str>(obj)) {
    return parse_date(obj.cast<std::string>(), field);
  }
  // numpy.datetime64 scalar: convert through datetime64[D] -> int64.
  py::module_ np = py::module_::import("numpy");
  if (py::isinstance(obj, np.attr("datetime64"))) {
    py::object as_day = obj.attr("astype")("datetime64[D]");
    auto days = as_day.attr("astype")("int64").cast<std::int64_t>();
    return from_days(days, field);
  }
  throw InvalidArgument(field, std::string("expected a datetime.date, numpy.datetime64 or "
                                           "'YYYY-MM-DD' string, got ") +
                                   type_name(obj));
}

py::object date_to_py(const Date& d) {
  ensure_datetime_api();
  const auto ymd = d.year_month_day();
  PyObject* out = PyDate_FromDate(static_cast<int>(ymd.year), static_cast<int>(ymd.month),
                                  static_cast<int>(ymd.day));
  if (out == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(out);
}

bool is_scalar_date(py::handle obj) {
  ensure_datetime_api();
  if (PyDate_Check(obj.ptr()) || py::isinstance<py::str>(obj)) return true;
  py::module_ np = py::module_::import("numpy");
  return py::isinstance(obj, np.attr("datetime64"));
}

py::array_t<std::int64_t> day_array_from_py(py::handle obj, const char* field) {
  py::module_ np = py::module_::import("numpy");
  py::object arr = np.attr("asarray")(obj);
  const std::string kind = py::str(arr.attr("dtype").attr("kind"));
  if (arr.attr("size").cast<py::ssize_t>() == 0) {
    return py::array_t<std::int64_t>(np.attr("zeros")(arr.attr("shape"), "int64"));
  }
  if (kind == "M") {
    // No copy when the input is already datetime64[D].
    py::object days =
        arr.attr("astype")("datetime64[D]", py::arg("copy") = false).attr("view")("int64");
    return py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>(
        np.attr("ascontiguousarray")(days));
  }
  if (kind == "O" || kind == "U" || kind == "S") {
    py::object flat = arr.attr("ravel")();
    const auto n = py::len(flat);
    py::array_t<std::int64_t> out(static_cast<py::ssize_t>(n));
    auto* p = out.mutable_data();
    for (std::size_t i = 0; i < n; ++i) {
      py::object item = flat[py::int_(i)];
      const std::string f = std::string(field) + "[" + std::to_string(i) + "]";
      if (kind == "S") item = item.attr("decode")("ascii");
      p[i] = to_days(date_from_py(item, f.c_str()));
    }
    return py::array_t<std::int64_t>(out.attr("reshape")(arr.attr("shape")));
  }
  throw InvalidArgument(field,
                        "expected numpy.datetime64 values or datetime.date objects, "
                        "got an array of dtype " +
                            std::string(py::str(arr.attr("dtype"))));
}

std::string type_name(const py::handle& obj) {
  return std::string(py::str(py::type::handle_of(obj).attr("__name__")));
}

}  // namespace homeward::py_bind
