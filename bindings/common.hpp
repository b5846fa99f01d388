// Shared by every binding file: conversions between Python and the core.
// Nothing here holds domain logic; it only converts types and errors.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/typing.h>

#include "homeward/date.hpp"
#include "homeward/error.hpp"
#include "homeward/io.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace py = pybind11;

namespace homeward::py_bind {

// ---------------------------------------------------------------------------
// Annotations for the generated stubs (python/homeward/_core.pyi).
//
// Many bindings take a py::handle and convert it by hand (so errors name the
// field), or build a py::object. pybind11-stubgen would write `typing.Any`
// for those. `Typed<Tag>` is a py::object that accepts exactly what
// py::handle / py::object accept (any object: the binding still checks it)
// but shows `Tag::name` in the signature, so the stubs say what the binding
// really takes and returns. Names use io_name(argument, return) where the two
// differ. Only the name changes; dispatch and behaviour are those of
// py::object.
namespace detail_typed {
inline int any_object(PyObject* /*o*/) { return 1; }
}  // namespace detail_typed

// `Check` narrows what the argument accepts (for overloads that pybind11
// tells apart at run time, such as a scalar date versus an array of dates).
template <typename Tag, int (*Check)(PyObject*) = detail_typed::any_object>
class Typed : public py::object {
  PYBIND11_OBJECT_DEFAULT(Typed, object, Check)
  using object::object;
};

namespace pynames {
using py::detail::const_name;
using py::detail::io_name;
#define HW_PY_TYPE_NAME(Tag, text)                 \
  struct Tag {                                     \
    static constexpr auto name = const_name(text); \
  }
#define HW_PY_TYPE_IO_NAME(Tag, in, out)           \
  struct Tag {                                     \
    static constexpr auto name = io_name(in, out); \
  }
// One date: datetime.date, numpy.datetime64 or an ISO 'YYYY-MM-DD' string.
#define HW_DATE_LIKE "datetime.date | numpy.datetime64 | str"
// Dates as an array: a datetime64 array, or a list / tuple of single dates
// (not any Sequence: a str is a Sequence[str] and would blur scalar and array).
#define HW_DATE_ARRAY_LIKE \
  "numpy.typing.NDArray[numpy.datetime64] | list[" HW_DATE_LIKE "] | tuple[" HW_DATE_LIKE ", ...]"
HW_PY_TYPE_NAME(DateLike, HW_DATE_LIKE);
HW_PY_TYPE_IO_NAME(OptDate, HW_DATE_LIKE " | None", "datetime.date | None");
HW_PY_TYPE_NAME(DateArrayLike, HW_DATE_ARRAY_LIKE " | " HW_DATE_LIKE);
HW_PY_TYPE_NAME(DateArray, "numpy.typing.NDArray[numpy.datetime64]");
HW_PY_TYPE_NAME(Int64Array, "numpy.typing.NDArray[numpy.int64]");
HW_PY_TYPE_NAME(IntLike, "int | numpy.integer[typing.Any]");
HW_PY_TYPE_NAME(IntArrayLike,
                "numpy.typing.NDArray[numpy.integer[typing.Any]] | list[int] | tuple[int, ...] | "
                "int | numpy.integer[typing.Any]");
// A loader's source: JSON text (str, bytes) or a path (os.PathLike).
HW_PY_TYPE_NAME(JsonSource, "str | bytes | os.PathLike[str]");
// max_bytes / max_depth.
HW_PY_TYPE_NAME(OptLimit, "typing.SupportsIndex | None");
// An optional whole number the binding reads with int64_from_py (last_year).
HW_PY_TYPE_NAME(OptIndex, "typing.SupportsIndex | None");
HW_PY_TYPE_NAME(OptStr, "str | None");
// A JSON object's members as Python values (user-defined attributes): keys
// are str, values whatever JSON holds, so typing.Any is exact here.
HW_PY_TYPE_IO_NAME(JsonObject, "collections.abc.Mapping[str, typing.Any] | None",
                   "dict[str, typing.Any]");
}  // namespace pynames

// A Python object shown as `text` in the stubs, declared where one binding
// file needs it: HW_PY_NAMED(PyScores, "dict[str, int]");
#define HW_PY_NAMED(Alias, text)                                       \
  struct Alias##Tag {                                                  \
    static constexpr auto name = ::pybind11::detail::const_name(text); \
  };                                                                   \
  using Alias = ::homeward::py_bind::Typed<Alias##Tag>

using PyDateLike = Typed<pynames::DateLike>;
using PyOptDate = Typed<pynames::OptDate>;
using PyDateArrayLike = Typed<pynames::DateArrayLike>;
using PyDateArray = Typed<pynames::DateArray>;
using PyInt64Array = Typed<pynames::Int64Array>;
using PyIntLike = Typed<pynames::IntLike>;
using PyIntArrayLike = Typed<pynames::IntArrayLike>;
using PyJsonSource = Typed<pynames::JsonSource>;
using PyOptLimit = Typed<pynames::OptLimit>;
using PyOptIndex = Typed<pynames::OptIndex>;
using PyOptStr = Typed<pynames::OptStr>;
using PyJsonObject = Typed<pynames::JsonObject>;

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

// A loader's input from Python. str and bytes are JSON text; os.PathLike
// (pathlib.Path, ...) is a file path. Nothing is guessed from a string's
// content. Anything else is an InvalidArgument naming `field`.
struct JsonSource {
  std::string data;  // the text, or the path
  bool is_path = false;
};
JsonSource json_source_from_py(py::handle obj, const char* field);

// InputLimits from the max_bytes / max_depth keyword arguments (Python ints;
// values beyond 64 bits or negative are an InvalidArgument naming them).
InputLimits limits_from_py(py::handle max_bytes, py::handle max_depth);

// A Python int as int64 (or uint64): beyond 64 bits, or not an int, is an
// InvalidArgument naming `field` (never pybind11's "Unable to cast").
std::int64_t int64_from_py(py::handle obj, const char* field);
std::uint64_t uint64_from_py(py::handle obj, const char* field);

// Pickling (docs/scale.md). A value's state is the tuple
// (format tag, format version, payload bytes); the payload is the core's own
// validated serialisation of the value (caseload JSON, policy JSON, ...),
// zlib-compressed (version 2; version 1, written by homeward 0.2.0 before
// compression, is the serialisation as is and is still read).
// check_pickle_state() refuses anything else with an InvalidArgumentError
// (a ValueError) naming the class and the version, decompresses within a
// limit (kPickleMaxExpansion) and returns the payload; the loader then
// validates the payload like any JSON input.
py::tuple pickle_state(const char* tag, const std::string& payload);
std::string check_pickle_state(const py::tuple& state, const char* cls, const char* tag);

// A payload of several documents: "homeward-parts:<len>,<len>,...\n" and
// the documents one after another. split_parts checks the header, the count
// and the lengths (InvalidArgument naming "state").
std::string join_parts(const std::vector<std::string>& parts);

// The Python type name of an object ("int", "str"), for error messages.
std::string type_name(const py::handle& obj);
std::vector<std::string> split_parts(const std::string& payload, std::size_t count);

template <class T, class Class, class Save, class Load>
void def_pickle(Class& cls, const char* name, const char* tag, Save save, Load load) {
  cls.def(py::pickle([tag, save](const T& v) { return pickle_state(tag, save(v)); },
                     [name, tag, load](const py::tuple& state) {
                       const std::string payload = check_pickle_state(state, name, tag);
                       return load(payload);
                     }));
}

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
template <typename Tag, int (*Check)(PyObject*)>
struct handle_type_name<homeward::py_bind::Typed<Tag, Check>> {
  static constexpr auto name = Tag::name;
};

template <>
struct type_caster<homeward::Date> {
  PYBIND11_TYPE_CASTER(homeward::Date, io_name(HW_DATE_LIKE, "datetime.date"));
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
