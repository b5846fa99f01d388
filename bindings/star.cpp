// Python bindings for Recovery Star outcomes: type conversions only. The
// package adds to_pandas(), _repr_svg_ and friendlier signatures in _star.py.
#include "common.hpp"

#include "homeward/star.hpp"

#include <cmath>
#include <cstring>
#include <limits>

namespace homeward::py_bind {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Annotations of the generated stubs (see Typed in common.hpp).
HW_PY_NAMED(PyScore, "typing.SupportsFloat");
HW_PY_NAMED(PyScoresIn, "collections.abc.Mapping[str, typing.SupportsFloat | None]");
HW_PY_NAMED(PyScores, "dict[str, int]");
HW_PY_NAMED(PyCompletedBy, "str | collections.abc.Iterable[str] | None");
HW_PY_NAMED(PySd,
            "typing.SupportsFloat | collections.abc.Mapping[str, typing.SupportsFloat] | "
            "collections.abc.Sequence[typing.SupportsFloat] | "
            "numpy.typing.NDArray[numpy.floating[typing.Any]]");
HW_PY_NAMED(PyPicks, "collections.abc.Iterable[int] | None");
HW_PY_NAMED(PyColumn, "numpy.typing.ArrayLike");
HW_PY_NAMED(PyOptColumn, "numpy.typing.ArrayLike | None");
HW_PY_NAMED(PyScoreColumns, "list[numpy.typing.NDArray[numpy.float64] | None]");
HW_PY_NAMED(PyChangeRows, "list[dict[str, str | int | None]]");
HW_PY_NAMED(PyStageRows, "list[list[str | None]]");
// Private records for homeward._star: each key holds a column of its own
// type; `Any` stands for "one of the columns listed in the binding".
HW_PY_NAMED(PyColumns, "dict[str, typing.Any]");
HW_PY_NAMED(PyDistance, "dict[str, typing.Any]");
HW_PY_NAMED(PyRcRows, "list[dict[str, typing.Any]]");
HW_PY_NAMED(PyCohortTable,
            "dict[str, numpy.typing.NDArray[numpy.float64] | numpy.typing.NDArray[numpy.int64]]");
HW_PY_NAMED(PyChartSeries,
            "collections.abc.Iterable[tuple[str, collections.abc.Mapping[str, "
            "typing.SupportsFloat | None] | collections.abc.Sequence[typing.SupportsFloat] | "
            "numpy.typing.NDArray[numpy.floating[typing.Any]]]]");
HW_PY_NAMED(PyRcArrays,
            "tuple[numpy.typing.NDArray[numpy.float64], numpy.typing.NDArray[numpy.int8]]");

// A score from Python: int or float, whole, finite. None means missing.
std::optional<int> score_from_py(py::handle v, const std::string& field) {
  if (v.is_none()) return std::nullopt;
  if (py::isinstance<py::bool_>(v)) {
    throw InvalidArgument(field, "expected a whole number, got bool");
  }
  if (py::isinstance<py::int_>(v)) {
    int overflow = 0;
    const long long x = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
    if (x == -1 && PyErr_Occurred()) throw py::error_already_set();
    if (overflow != 0 || x > 1000000 || x < -1000000) {
      throw InvalidArgument(field, "number is too large");
    }
    return static_cast<int>(x);
  }
  if (py::isinstance<py::str>(v) || py::isinstance<py::bytes>(v)) {
    throw InvalidArgument(field, "expected a whole number, got " + type_name(v));
  }
  py::object f;
  try {
    f = py::float_(py::reinterpret_borrow<py::object>(v));
  } catch (py::error_already_set&) {
    throw InvalidArgument(field, "expected a whole number, got " + type_name(v));
  }
  return score_from_double(f.cast<double>(), field);
}

StarReading make_reading(const std::string& person_id, const PyDateLike& date,
                         const PyScoresIn& scores, const std::string& completed_by,
                         bool retrospective) {
  StarReading r;
  if (person_id.empty()) throw InvalidArgument("person_id", "must not be empty");
  r.person_id = person_id;
  r.date = date_from_py(date, "date");
  if (!py::isinstance<py::dict>(scores)) {
    throw InvalidArgument("scores", "expected a dict of area id: score, got " + type_name(scores));
  }
  for (auto item : py::reinterpret_borrow<py::dict>(scores)) {
    if (!py::isinstance<py::str>(item.first)) {
      throw InvalidArgument("scores", "area ids must be strings, got " + type_name(item.first));
    }
    const std::string area = item.first.cast<std::string>();
    const auto v = score_from_py(item.second, join_path("scores", area));
    if (v) r.scores.emplace_back(area, *v);
  }
  r.completed_by = parse_completion(completed_by, "completed_by");
  r.retrospective = retrospective;
  return r;
}

PyScores scores_dict(const StarReading& r) {
  py::dict d;
  for (const auto& [k, v] : r.scores) d[py::str(k)] = v;
  return d;
}

py::object opt_int(std::optional<int> v) {
  if (v) return py::int_(*v);
  return py::none();
}

// Person ids: a 1-D object array of str (pandas' usual column). The UTF-8
// bytes are copied into one contiguous buffer while each str is visited (the
// one pass over objects scattered on the Python heap); the core then reads
// the ids sequentially.
struct PersonIds {
  std::string bytes;
  std::vector<std::string_view> views;  // into `bytes`
};

PersonIds person_ids_from_py(py::handle obj, std::size_t& n) {
  py::module_ np = py::module_::import("numpy");
  py::array arr = np.attr("asarray")(obj, py::arg("dtype") = "object");
  if (arr.ndim() != 1) throw InvalidArgument("person_id", "expected a 1-D array");
  n = static_cast<std::size_t>(arr.shape(0));
  PersonIds out;
  out.views.resize(n);
  out.bytes.reserve(n * 8);
  auto* const* items = static_cast<PyObject* const*>(arr.data());
  const auto stride = static_cast<std::size_t>(arr.strides(0)) / sizeof(PyObject*);
  PyObject* last = nullptr;
  const char* last_s = nullptr;
  Py_ssize_t last_len = 0;
  for (std::size_t i = 0; i < n; ++i) {
    // Rows of a shuffled frame point all over the heap: fetch ahead.
    if (i + 8 < n) __builtin_prefetch(items[(i + 8) * stride]);
    PyObject* o = items[i * stride];
    if (o != last) {
      if (!PyUnicode_Check(o)) {
        throw InvalidArgument(join_path(index_path("readings", i), "person_id"),
                              "expected a string, got " + type_name(py::handle(o)));
      }
      last_s = PyUnicode_AsUTF8AndSize(o, &last_len);
      if (last_s == nullptr) throw py::error_already_set();
      last = o;
    }
    out.bytes.append(last_s, static_cast<std::size_t>(last_len));
    out.views[i] = std::string_view(last_s, static_cast<std::size_t>(last_len));
  }
  // Re-point every view at its copy (the copies are consecutive).
  std::size_t begin = 0;
  for (std::size_t i = 0; i < n; ++i) {
    out.views[i] = std::string_view(out.bytes.data() + begin, out.views[i].size());
    begin += out.views[i].size();
  }
  return out;
}

std::vector<std::uint8_t> completion_codes_from_py(py::handle obj, std::size_t n) {
  py::module_ np = py::module_::import("numpy");
  py::array arr = np.attr("asarray")(obj);
  if (arr.ndim() != 1 || static_cast<std::size_t>(arr.shape(0)) != n) {
    throw InvalidArgument("completed_by",
                          "expected one value per reading (" + std::to_string(n) + ")");
  }
  std::vector<std::uint8_t> out(n);
  const std::string kind = py::str(arr.attr("dtype").attr("kind"));
  if (kind == "i" || kind == "u") {
    py::array_t<std::int64_t, py::array::forcecast> codes(arr);
    const auto* p = codes.data();
    for (std::size_t i = 0; i < n; ++i) {
      if (p[i] < 0 || p[i] >= static_cast<std::int64_t>(kCompletionCount)) {
        throw InvalidArgument(
            join_path(index_path("readings", i), "completed_by"),
            "code " + std::to_string(p[i]) + " is not 0 (jointly), 1 (worker) or 2 (service_user)");
      }
      out[i] = static_cast<std::uint8_t>(p[i]);
    }
    return out;
  }
  py::array objs = np.attr("asarray")(arr, py::arg("dtype") = "object");
  auto* const* items = static_cast<PyObject* const*>(objs.data());
  const auto stride = static_cast<std::size_t>(objs.strides(0)) / sizeof(PyObject*);
  // The str objects seen last for each code (columns usually repeat a few).
  PyObject* seen[kCompletionCount] = {nullptr, nullptr, nullptr};
  for (std::size_t i = 0; i < n; ++i) {
    PyObject* o = items[i * stride];
    std::size_t code = 0;
    while (code < kCompletionCount && seen[code] != o) ++code;
    if (code == kCompletionCount) {
      const auto field = [i] { return join_path(index_path("readings", i), "completed_by"); };
      if (!PyUnicode_Check(o)) {
        throw InvalidArgument(field(),
                              "expected \"jointly\", \"worker\" or \"service_user\", got " +
                                  type_name(py::handle(o)));
      }
      Py_ssize_t len = 0;
      const char* s = PyUnicode_AsUTF8AndSize(o, &len);
      if (s == nullptr) throw py::error_already_set();
      const std::string_view text(s, static_cast<std::size_t>(len));
      code = 0;
      while (code < kCompletionCount && text != completion_name(static_cast<Completion>(code))) {
        ++code;
      }
      if (code == kCompletionCount) {
        // Display names and any case ("Worker only"), as the table loaders read them.
        const auto who = completion_from_name(text);
        code = static_cast<std::size_t>(who ? *who : parse_completion(text, field()));  // throws
      }
      seen[code] = o;
    }
    out[i] = static_cast<std::uint8_t>(code);
  }
  return out;
}

StarReadings readings_from_columns(const StarDefinition& def, const PyColumn& person_id,
                                   const PyColumn& date, const PyScoreColumns& scores_in,
                                   const PyColumn& completed_by, const PyOptColumn& retrospective,
                                   bool nan_is_missing) {
  if (!py::isinstance<py::list>(scores_in)) {
    throw InvalidArgument("scores", "internal: expected a list of columns");
  }
  const py::list scores = py::reinterpret_borrow<py::list>(scores_in);
  std::size_t n = 0;
  py::module_ np = py::module_::import("numpy");
  py::object ids_arr = np.attr("asarray")(person_id, py::arg("dtype") = "object");
  const PersonIds ids = person_ids_from_py(ids_arr, n);
  py::array_t<std::int64_t> days = day_array_from_py(date, "date");
  if (static_cast<std::size_t>(days.size()) != n) {
    throw InvalidArgument("date", "expected one date per reading (" + std::to_string(n) +
                                      "), got " + std::to_string(days.size()));
  }
  const std::vector<std::uint8_t> cb = completion_codes_from_py(completed_by, n);
  std::vector<std::uint8_t> retro;
  if (!retrospective.is_none()) {
    py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast> r(
        np.attr("asarray")(retrospective).attr("astype")("bool"));
    if (static_cast<std::size_t>(r.size()) != n) {
      throw InvalidArgument("retrospective",
                            "expected one value per reading (" + std::to_string(n) + ")");
    }
    retro.assign(r.data(), r.data() + n);
  }
  if (py::len(scores) != def.area_count()) {
    throw InvalidArgument("scores", "expected " + std::to_string(def.area_count()) +
                                        " score columns, got " + std::to_string(py::len(scores)));
  }
  std::vector<py::array_t<double, py::array::c_style | py::array::forcecast>> cols;
  StarColumns c;
  for (std::size_t a = 0; a < def.area_count(); ++a) {
    py::handle col = scores[a];
    if (col.is_none()) {
      c.area_scores.push_back(nullptr);
      continue;
    }
    cols.emplace_back(py::reinterpret_borrow<py::object>(col));
    if (static_cast<std::size_t>(cols.back().size()) != n) {
      throw InvalidArgument(join_path("scores", def.areas()[a].id),
                            "expected one score per reading (" + std::to_string(n) + "), got " +
                                std::to_string(cols.back().size()));
    }
    c.area_scores.push_back(cols.back().data());
  }
  c.count = n;
  c.person_ids = ids.views.data();
  c.dates = days.data();
  c.completed_by = cb.data();
  c.retrospective = retro.empty() ? nullptr : retro.data();
  c.nan_is_missing = nan_is_missing;
  py::gil_scoped_release release;
  return StarReadings::from_columns(def, c);
}

// An iterable of homeward.Reading as readings; anything else is an
// InvalidArgument naming its index ("readings[2]").
std::vector<StarReading> readings_from_iterable(const py::typing::Iterable<StarReading>& readings) {
  std::vector<StarReading> rows;
  std::size_t i = 0;
  for (auto item : readings) {
    if (!py::isinstance<StarReading>(item)) {
      throw InvalidArgument(index_path("readings", i),
                            "expected a homeward.Reading, got " + type_name(item));
    }
    rows.push_back(item.cast<StarReading>());
    ++i;
  }
  return rows;
}

PyColumns readings_columns(const StarReadings& r) {
  const std::size_t n = r.size();
  const std::size_t A = r.definition().area_count();
  py::array_t<std::int64_t> person(static_cast<py::ssize_t>(n));
  py::array_t<std::int64_t> days(static_cast<py::ssize_t>(n));
  py::array_t<double> scores({static_cast<py::ssize_t>(n), static_cast<py::ssize_t>(A)});
  py::array_t<std::uint8_t> cb(static_cast<py::ssize_t>(n));
  py::array_t<bool> retro(static_cast<py::ssize_t>(n));
  auto* pp = person.mutable_data();
  auto* pd = days.mutable_data();
  auto* ps = scores.mutable_data();
  auto* pc = cb.mutable_data();
  auto* pr = retro.mutable_data();
  for (std::size_t i = 0; i < n; ++i) {
    pp[i] = static_cast<std::int64_t>(r.person_of(i));
    pd[i] = r.day(i);
    const std::int8_t* row = r.scores_row(i);
    for (std::size_t a = 0; a < A; ++a) {
      ps[i * A + a] = row[a] == kMissingScore ? kNaN : static_cast<double>(row[a]);
    }
    pc[i] = static_cast<std::uint8_t>(r.completed_by(i));
    pr[i] = r.retrospective(i);
  }
  py::dict d;
  d["person"] = person;
  d["people"] = r.people();
  d["days"] = days;
  d["scores"] = scores;
  d["completed_by"] = cb;
  d["retrospective"] = retro;
  return d;
}

StarFilter make_filter(py::handle start, py::handle end, py::handle completed_by,
                       bool include_retrospective) {
  StarFilter f;
  if (!start.is_none()) f.start = date_from_py(start, "start");
  if (!end.is_none()) f.end = date_from_py(end, "end");
  if (!completed_by.is_none()) {
    if (py::isinstance<py::str>(completed_by)) {
      f.completed_by.push_back(parse_completion(completed_by.cast<std::string>(), "completed_by"));
    } else {
      std::size_t i = 0;
      for (auto item : py::iter(completed_by)) {
        const std::string field = index_path("completed_by", i++);
        if (!py::isinstance<py::str>(item)) {
          throw InvalidArgument(field, "expected a string, got " + type_name(item));
        }
        f.completed_by.push_back(parse_completion(item.cast<std::string>(), field));
      }
      if (f.completed_by.empty()) {
        throw InvalidArgument("completed_by",
                              "an empty list would keep no readings; use None "
                              "to keep every reading");
      }
    }
  }
  if (f.start && f.end && *f.end < *f.start) {
    throw InvalidArgument("end", format_date(*f.end) + " is before start " + format_date(*f.start));
  }
  f.include_retrospective = include_retrospective;
  return f;
}

PyDistance distance_dict(const StarDefinition& def, const StarDistance& d) {
  py::list areas;
  for (std::size_t a = 0; a < d.areas.size(); ++a) {
    py::dict x;
    x["area"] = def.areas()[a].id;
    x["baseline"] = opt_int(d.areas[a].from);
    x["latest"] = opt_int(d.areas[a].to);
    x["change"] = opt_int(d.areas[a].change());
    areas.append(x);
  }
  py::dict out;
  out["baseline"] = baseline_name(d.baseline);
  out["baseline_date"] = date_to_py(d.baseline_date);
  out["latest_date"] = date_to_py(d.latest_date);
  out["areas"] = areas;
  out["areas_compared"] = d.areas_compared;
  out["total_baseline"] = d.total_baseline;
  out["total_latest"] = d.total_latest;
  out["total_change"] = d.total_change;
  return out;
}

std::vector<double> sd_from_py(const StarDefinition& def, py::handle sd) {
  if (py::isinstance<py::dict>(sd)) {
    std::vector<double> out(def.area_count(), kNaN);
    for (auto item : py::reinterpret_borrow<py::dict>(sd)) {
      const std::string k = py::str(item.first);
      const std::string field = join_path("sd", k);
      const std::size_t a = def.area_index(k, field);
      out[a] = py::float_(py::reinterpret_borrow<py::object>(item.second)).cast<double>();
    }
    for (std::size_t a = 0; a < out.size(); ++a) {
      if (std::isnan(out[a])) {
        throw InvalidArgument(join_path("sd", def.areas()[a].id),
                              "no baseline SD for this area (give one per area or one number "
                              "for all)");
      }
    }
    return out;
  }
  if (py::isinstance<py::float_>(sd) || py::isinstance<py::int_>(sd)) {
    return {sd.cast<double>()};
  }
  try {
    py::array_t<double, py::array::c_style | py::array::forcecast> arr(
        py::reinterpret_borrow<py::object>(sd));
    return std::vector<double>(arr.data(), arr.data() + arr.size());
  } catch (py::error_already_set&) {
    throw InvalidArgument(
        "sd", "expected a number, a dict of area: SD or one SD per area, got " + type_name(sd));
  }
}

StarBaseline baseline_from(const std::string& s) { return parse_baseline(s, "baseline"); }

std::vector<std::size_t> picks_from_py(py::handle which) {
  std::vector<std::size_t> picks;
  if (which.is_none()) return picks;
  std::size_t k = 0;
  for (auto item : py::iter(which)) {
    const std::string field = index_path("readings", k++);
    if (!py::isinstance<py::int_>(item)) {
      throw InvalidArgument(field, "expected a reading index, got " + type_name(item));
    }
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(item.ptr(), &overflow);
    if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
    if (overflow != 0 || v < 0) throw OutOfRange(field, "is not a reading index");
    picks.push_back(static_cast<std::size_t>(v));
  }
  return picks;
}

}  // namespace

void bind_star(py::module_& m) {
  m.attr("STAR_CAUTION") = kStarCaution;

  py::class_<StarDefinition>(m, "StarDefinition",
                             "A star: id, edition, ordered areas, a whole-number scale and stage "
                             "bands covering it. Immutable. Area names and stage bands only: no "
                             "scale descriptions (the Outcomes Star is copyright Triangle).")
      .def_static("recovery_star", &StarDefinition::recovery_star,
                  "The Recovery Star, 2nd edition: 10 areas scored 1-10 and the five Journey of "
                  "Change stages.")
      .def_static(
          "from_json",
          [](const PyJsonSource& source, const PyOptLimit& max_bytes, const PyOptLimit& max_depth) {
            const JsonSource src = json_source_from_py(source, "source");
            const InputLimits limits = limits_from_py(max_bytes, max_depth);
            return src.is_path ? StarDefinition::from_file(src.data, limits)
                               : StarDefinition::from_json(src.data, limits);
          },
          py::arg("source"), py::kw_only(), py::arg("max_bytes") = py::none(),
          py::arg("max_depth") = py::none(),
          "Load and validate a definition (see docs/star.md). `source` is JSON text (str or "
          "bytes) or a file path (os.PathLike such as pathlib.Path; a str is always text). "
          "max_bytes/max_depth: docs/limits.md.")
      .def_static(
          "create",
          [](std::string id, std::string edition, std::string name,
             const std::vector<std::pair<std::string, std::string>>& areas, int scale_min,
             int scale_max, const std::vector<std::tuple<std::string, int, int>>& stages) {
            std::vector<StarArea> a;
            for (const auto& [aid, aname] : areas) a.push_back({aid, aname});
            std::vector<StarStage> s;
            for (const auto& [sname, smin, smax] : stages) s.push_back({sname, smin, smax});
            return StarDefinition::create(std::move(id), std::move(edition), std::move(name),
                                          std::move(a), scale_min, scale_max, std::move(s));
          },
          py::arg("id"), py::arg("edition"), py::arg("name"), py::arg("areas"),
          py::arg("scale_min"), py::arg("scale_max"), py::arg("stages"),
          "Build and validate a definition: areas as (id, name) pairs, stages as (name, min, "
          "max) bands in order.")
      .def("to_json", &StarDefinition::to_json, "The definition as JSON text.")
      .def_property_readonly("id", &StarDefinition::id)
      .def_property_readonly("edition", &StarDefinition::edition)
      .def_property_readonly("name", &StarDefinition::name)
      .def_property_readonly("scale_min", &StarDefinition::scale_min)
      .def_property_readonly("scale_max", &StarDefinition::scale_max)
      .def_property_readonly(
          "areas",
          [](const StarDefinition& d) {
            std::vector<std::pair<std::string, std::string>> out;
            for (const auto& a : d.areas()) out.emplace_back(a.id, a.name);
            return out;
          },
          "The areas as (id, name) pairs, in order.")
      .def_property_readonly("area_ids",
                             [](const StarDefinition& d) {
                               std::vector<std::string> out;
                               for (const auto& a : d.areas()) out.push_back(a.id);
                               return out;
                             })
      .def_property_readonly("area_names",
                             [](const StarDefinition& d) {
                               std::vector<std::string> out;
                               for (const auto& a : d.areas()) out.push_back(a.name);
                               return out;
                             })
      .def_property_readonly(
          "stages",
          [](const StarDefinition& d) {
            std::vector<std::tuple<std::string, int, int>> out;
            for (const auto& s : d.stages()) out.emplace_back(s.name, s.min, s.max);
            return out;
          },
          "The stage bands as (name, min, max), in order.")
      .def(
          "area_index",
          [](const StarDefinition& d, const std::string& id) { return d.area_index(id, "area"); },
          py::arg("area"), "Position of an area id (NotFoundError if unknown).")
      .def("find_area", &StarDefinition::find_area, py::arg("id_or_name"),
           "Position of the area a column heading names (its id, or its display name in "
           "any case: \"Managing mental health\"), or None.")
      .def(
          "stage_index",
          [](const StarDefinition& d, const PyScore& score) {
            const auto v = score_from_py(score, "score");
            if (!v) throw InvalidArgument("score", "None is not a score");
            return d.stage_index(*v, "score");
          },
          py::arg("score"), "Index of the stage a score falls in.")
      .def(
          "stage_of",
          [](const StarDefinition& d, const PyScore& score) {
            const auto v = score_from_py(score, "score");
            if (!v) throw InvalidArgument("score", "None is not a score");
            return d.stages()[d.stage_index(*v, "score")].name;
          },
          py::arg("score"),
          "Name of the stage a score falls in (OutOfRangeError outside the scale).")
      .def("__eq__", [](const StarDefinition& a, const StarDefinition& b) { return a == b; })
      .def("__hash__", [](const StarDefinition& d) { return py::hash(py::str(d.id())); })
      .def("__repr__", [](const StarDefinition& d) {
        return "StarDefinition(id='" + d.id() + "', edition='" + d.edition() +
               "', areas=" + std::to_string(d.area_count()) +
               ", scale=" + std::to_string(d.scale_min()) + ".." + std::to_string(d.scale_max()) +
               ", stages=" + std::to_string(d.stages().size()) + ")";
      });

  py::class_<StarReading>(m, "Reading",
                          "One Star reading: person id, date, a score per area (areas left out "
                          "are missing), who completed it and a retrospective flag.")
      .def(py::init(&make_reading), py::arg("person_id"), py::arg("date"), py::arg("scores"),
           py::arg("completed_by"), py::arg("retrospective") = false,
           "scores: dict of area id -> whole number (None marks a missing area). "
           "completed_by: 'jointly', 'worker' or 'service_user'.")
      .def_readonly("person_id", &StarReading::person_id)
      .def_property_readonly("date", [](const StarReading& r) { return r.date; })
      .def_property_readonly("scores", &scores_dict)
      .def_property_readonly("completed_by",
                             [](const StarReading& r) { return completion_name(r.completed_by); })
      .def_readonly("retrospective", &StarReading::retrospective)
      .def("__eq__",
           [](const StarReading& a, const StarReading& b) {
             return a.person_id == b.person_id && a.date == b.date && a.scores == b.scores &&
                    a.completed_by == b.completed_by && a.retrospective == b.retrospective;
           })
      .def("__repr__", [](const StarReading& r) {
        std::string s =
            "Reading(person_id='" + r.person_id + "', date=" + format_date(r.date) + ", scores={";
        for (std::size_t i = 0; i < r.scores.size(); ++i) {
          s += (i ? ", '" : "'") + r.scores[i].first + "': " + std::to_string(r.scores[i].second);
        }
        s += std::string("}, completed_by='") + completion_name(r.completed_by) + "'" +
             (r.retrospective ? ", retrospective=True" : "") + ")";
        return s;
      });

  py::class_<StarReadings>(m, "StarReadings",
                           "Readings validated against a star definition, stored column-wise "
                           "and sorted by person then date.")
      .def_static(
          "from_json",
          [](const StarDefinition& def, const PyJsonSource& source, const PyOptLimit& max_bytes,
             const PyOptLimit& max_depth) {
            const JsonSource src = json_source_from_py(source, "source");
            const InputLimits limits = limits_from_py(max_bytes, max_depth);
            py::gil_scoped_release release;
            return src.is_path ? StarReadings::from_file(def, src.data, limits)
                               : StarReadings::from_json(def, src.data, limits);
          },
          py::arg("definition"), py::arg("source"), py::kw_only(),
          py::arg("max_bytes") = py::none(), py::arg("max_depth") = py::none(),
          "Readings from JSON text (str or bytes) or a file path (os.PathLike; a str is always "
          "text; max_bytes/max_depth: docs/limits.md) (format homeward.star-readings, "
          "docs/star.md), "
          "validated against the definition. Errors name the reading: readings[3].scores.work.")
      .def_static(
          "from_readings",
          [](const StarDefinition& def, const py::typing::Iterable<StarReading>& readings) {
            return StarReadings::from_readings(def, readings_from_iterable(readings));
          },
          py::arg("definition"), py::arg("readings"),
          "Readings from an iterable of homeward.Reading, validated against the definition.")
      .def_static("_from_columns", &readings_from_columns, py::arg("definition"),
                  py::arg("person_id"), py::arg("date"), py::arg("scores"), py::arg("completed_by"),
                  py::arg("retrospective") = py::none(), py::arg("nan_is_missing") = true)
      .def("to_json", &StarReadings::to_json,
           "The readings as JSON (homeward.star-readings), sorted by person then date.")
      .def_property_readonly("definition", &StarReadings::definition,
                             "The StarDefinition the readings were validated against.")
      .def_property_readonly("people", &StarReadings::people,
                             "Person ids, in order of first appearance.")
      .def("__len__", &StarReadings::size)
      .def("__getitem__",
           [](const StarReadings& r, long long i) {
             const auto n = static_cast<long long>(r.size());
             if (i < 0) i += n;
             if (i < 0 || i >= n) throw py::index_error("reading index out of range");
             return r.reading(static_cast<std::size_t>(i));
           })
      .def("_columns", &readings_columns)
      .def(
          "filtered",
          [](const StarReadings& r, const PyOptDate& start, const PyOptDate& end,
             const PyCompletedBy& completed_by, bool include_retrospective) {
            return r.filtered(make_filter(start, end, completed_by, include_retrospective));
          },
          py::arg("start") = py::none(), py::arg("end") = py::none(),
          py::arg("completed_by") = py::none(), py::arg("include_retrospective") = true,
          "The readings dated start..end (inclusive) completed by the given people.")
      .def("__repr__", [](const StarReadings& r) {
        return "StarReadings(star='" + r.definition().id() +
               "', readings=" + std::to_string(r.size()) +
               ", people=" + std::to_string(r.person_count()) + ")";
      });

  py::class_<StarJourney>(m, "StarJourney",
                          "One person's readings in date order, with stages, change, distance "
                          "travelled, reliable change and a star chart.")
      .def(py::init<const StarReadings&, std::string_view>(), py::arg("readings"),
           py::arg("person_id"),
           "The journey of one person in a StarReadings (NotFoundError if unknown).")
      .def(py::init(
               [](const StarDefinition& def, const py::typing::Iterable<StarReading>& readings) {
                 return StarJourney(def, readings_from_iterable(readings));
               }),
           py::arg("definition"), py::arg("readings"),
           "A journey from one person's homeward.Reading values (any order).")
      .def_property_readonly("definition", &StarJourney::definition)
      .def_property_readonly("person_id", &StarJourney::person_id)
      .def("__len__", &StarJourney::size)
      .def_property_readonly("dates",
                             [](const StarJourney& j) {
                               std::vector<Date> out;
                               for (std::size_t i = 0; i < j.size(); ++i) out.push_back(j.date(i));
                               return out;
                             })
      .def_property_readonly("completed_by",
                             [](const StarJourney& j) {
                               std::vector<std::string> out;
                               for (std::size_t i = 0; i < j.size(); ++i) {
                                 out.emplace_back(completion_name(j.completed_by(i)));
                               }
                               return out;
                             })
      .def_property_readonly("retrospective",
                             [](const StarJourney& j) {
                               std::vector<bool> out;
                               for (std::size_t i = 0; i < j.size(); ++i) {
                                 out.push_back(j.retrospective(i));
                               }
                               return out;
                             })
      .def_property_readonly(
          "scores",
          [](const StarJourney& j) {
            const std::size_t A = j.definition().area_count();
            py::array_t<double> out(
                {static_cast<py::ssize_t>(j.size()), static_cast<py::ssize_t>(A)});
            auto* p = out.mutable_data();
            for (std::size_t i = 0; i < j.size(); ++i) {
              for (std::size_t a = 0; a < A; ++a) {
                const auto v = j.score(i, a);
                p[i * A + a] = v ? static_cast<double>(*v) : kNaN;
              }
            }
            return out;
          },
          "Scores as a (readings x areas) float array; NaN where missing.")
      .def_property_readonly(
          "stages",
          [](const StarJourney& j) -> PyStageRows {
            const std::size_t A = j.definition().area_count();
            py::list rows;
            for (std::size_t i = 0; i < j.size(); ++i) {
              py::list row;
              for (std::size_t a = 0; a < A; ++a) {
                const auto s = j.stage(i, a);
                row.append(s ? py::object(py::str(j.definition().stages()[*s].name))
                             : py::object(py::none()));
              }
              rows.append(row);
            }
            return rows;
          },
          "Stage names per reading and area (None where missing).")
      .def(
          "change",
          [](const StarJourney& j, long long i, long long k) -> PyChangeRows {
            const auto n = static_cast<long long>(j.size());
            if (i < 0) i += n;
            if (k < 0) k += n;
            if (i < 0) throw OutOfRange("i", "is not a reading index");
            if (k < 0) throw OutOfRange("j", "is not a reading index");
            const auto ch = j.change(static_cast<std::size_t>(i), static_cast<std::size_t>(k));
            py::list out;
            for (std::size_t a = 0; a < ch.size(); ++a) {
              py::dict x;
              x["area"] = j.definition().areas()[a].id;
              x["from"] = opt_int(ch[a].from);
              x["to"] = opt_int(ch[a].to);
              x["change"] = opt_int(ch[a].change());
              out.append(x);
            }
            return out;
          },
          py::arg("i"), py::arg("j"),
          "Change per area from reading i to reading j (negative indices count from the end): "
          "a list of {area, from, to, change}, None where a score is missing.")
      .def(
          "_distance_travelled",
          [](const StarJourney& j, const std::string& baseline) {
            return distance_dict(j.definition(), j.distance_travelled(baseline_from(baseline)));
          },
          py::arg("baseline") = "first")
      .def(
          "_reliable_change",
          [](const StarJourney& j, const PySd& sd, double reliability, const std::string& baseline,
             double critical) -> PyRcRows {
            const auto rc = j.reliable_change(sd_from_py(j.definition(), sd), reliability,
                                              baseline_from(baseline), critical);
            py::list out;
            for (std::size_t a = 0; a < rc.size(); ++a) {
              py::dict x;
              x["area"] = j.definition().areas()[a].id;
              x["baseline"] = opt_int(rc[a].baseline);
              x["latest"] = opt_int(rc[a].latest);
              x["sd"] = rc[a].sd;
              x["s_diff"] = rc[a].s_diff;
              x["rci"] = rc[a].rci ? py::object(py::float_(*rc[a].rci)) : py::object(py::none());
              x["classification"] =
                  rc[a].classification
                      ? py::object(py::str(change_class_name(*rc[a].classification)))
                      : py::object(py::none());
              out.append(x);
            }
            return out;
          },
          py::arg("sd"), py::arg("reliability"), py::arg("baseline") = "first",
          py::arg("critical") = 1.96)
      .def(
          "to_json",
          [](const StarJourney& j, const std::string& options) { return j.to_json(options); },
          py::arg("options") = "",
          "The journey as JSON; options JSON {baseline, sd, reliability, critical} (docs/star.md).")
      .def(
          "svg",
          [](const StarJourney& j, const PyPicks& readings, const std::string& title) {
            return j.svg(picks_from_py(readings), title);
          },
          py::arg("readings") = py::none(), py::arg("title") = "",
          "A star chart (SVG text) of up to three readings; by default the first, the one "
          "before latest and the latest.")
      .def("__repr__", [](const StarJourney& j) {
        return "StarJourney(person_id='" + j.person_id() +
               "', readings=" + std::to_string(j.size()) + ", first=" + format_date(j.date(0)) +
               ", latest=" + format_date(j.date(j.size() - 1)) + ")";
      });

  py::class_<StarCohort>(m, "StarCohort", "A cohort summary of Star readings.")
      .def_readonly("definition", &StarCohort::definition)
      .def_readonly("readings", &StarCohort::readings)
      .def_readonly("people", &StarCohort::people)
      .def_readonly("people_compared", &StarCohort::people_compared)
      .def_property_readonly("first_date", [](const StarCohort& c) { return c.first_date; })
      .def_property_readonly("last_date", [](const StarCohort& c) { return c.last_date; })
      .def_property_readonly("baseline",
                             [](const StarCohort& c) { return baseline_name(c.options.baseline); })
      .def("to_json", &StarCohort::to_json, "The cohort summary as JSON (docs/star.md).")
      .def(
          "svg", [](const StarCohort& c, const std::string& title) { return c.svg(title); },
          py::arg("title") = "", "The cohort chart (SVG text): mean first and latest scores.")
      .def("_table",
           [](const StarCohort& c) -> PyCohortTable {
             const std::size_t A = c.areas.size();
             const std::size_t S = c.definition.stages().size();
             auto col = [&](auto get) {
               py::array_t<double> out(static_cast<py::ssize_t>(A));
               auto* p = out.mutable_data();
               for (std::size_t a = 0; a < A; ++a) p[a] = get(c.areas[a]);
               return out;
             };
             py::dict d;
             d["n"] = col([](const StarCohortArea& x) { return static_cast<double>(x.n); });
             d["mean_first"] = col([](const StarCohortArea& x) { return x.mean_first; });
             d["mean_latest"] = col([](const StarCohortArea& x) { return x.mean_latest; });
             d["mean_change"] = col([](const StarCohortArea& x) { return x.mean_change; });
             d["sd_first"] = col([](const StarCohortArea& x) { return x.sd_first; });
             d["sd_change"] = col([](const StarCohortArea& x) { return x.sd_change; });
             d["srm"] = col([](const StarCohortArea& x) { return x.srm; });
             d["glass_delta"] = col([](const StarCohortArea& x) { return x.glass_delta; });
             d["improved"] =
                 col([](const StarCohortArea& x) { return static_cast<double>(x.improved); });
             d["unchanged"] =
                 col([](const StarCohortArea& x) { return static_cast<double>(x.unchanged); });
             d["declined"] =
                 col([](const StarCohortArea& x) { return static_cast<double>(x.declined); });
             d["first_n"] =
                 col([](const StarCohortArea& x) { return static_cast<double>(x.first_n); });
             py::array_t<std::int64_t> trans({static_cast<py::ssize_t>(A),
                                              static_cast<py::ssize_t>(S),
                                              static_cast<py::ssize_t>(S)});
             py::array_t<std::int64_t> first(
                 {static_cast<py::ssize_t>(A), static_cast<py::ssize_t>(S)});
             auto* pt = trans.mutable_data();
             auto* pf = first.mutable_data();
             for (std::size_t a = 0; a < A; ++a) {
               for (std::size_t k = 0; k < S * S; ++k) {
                 pt[a * S * S + k] = static_cast<std::int64_t>(c.areas[a].transitions[k]);
               }
               for (std::size_t k = 0; k < S; ++k) {
                 pf[a * S + k] = static_cast<std::int64_t>(c.areas[a].first_stages[k]);
               }
             }
             d["transitions"] = trans;
             d["first_stages"] = first;
             return d;
           })
      .def("__repr__", [](const StarCohort& c) {
        return "StarCohort(star='" + c.definition.id() +
               "', readings=" + std::to_string(c.readings) +
               ", people=" + std::to_string(c.people) +
               ", people_compared=" + std::to_string(c.people_compared) + ")";
      });

  m.def(
      "_star_cohort",
      [](const StarReadings& r, const PyOptDate& start, const PyOptDate& end,
         const PyCompletedBy& completed_by, bool include_retrospective,
         const std::string& baseline) {
        StarCohortOptions o;
        o.filter = make_filter(start, end, completed_by, include_retrospective);
        o.baseline = baseline_from(baseline);
        py::gil_scoped_release release;
        return star_cohort(r, o);
      },
      py::arg("readings"), py::arg("start") = py::none(), py::arg("end") = py::none(),
      py::arg("completed_by") = py::none(), py::arg("include_retrospective") = true,
      py::arg("baseline") = "first");

  m.def(
      "_reliable_change",
      [](py::array_t<double, py::array::c_style | py::array::forcecast> x1,
         py::array_t<double, py::array::c_style | py::array::forcecast> x2,
         py::array_t<double, py::array::c_style | py::array::forcecast> sd,
         py::array_t<double, py::array::c_style | py::array::forcecast> reliability,
         double critical) -> PyRcArrays {
        std::size_t n = 1;
        for (auto* a : {&x1, &x2, &sd, &reliability}) {
          const auto len = static_cast<std::size_t>(a->size());
          if (len != 1) n = len;
        }
        for (auto* a : {&x1, &x2}) {
          if (a->size() == 0) n = 0;
        }
        py::array_t<double> rci(static_cast<py::ssize_t>(n));
        py::array_t<std::int8_t> cls(static_cast<py::ssize_t>(n));
        double* pr = rci.mutable_data();
        std::int8_t* pc = cls.mutable_data();
        {
          py::gil_scoped_release release;
          reliable_change(x1.data(), static_cast<std::size_t>(x1.size()), x2.data(),
                          static_cast<std::size_t>(x2.size()), sd.data(),
                          static_cast<std::size_t>(sd.size()), reliability.data(),
                          static_cast<std::size_t>(reliability.size()), critical, n, pr, pc);
        }
        return py::make_tuple(rci, cls);
      },
      py::arg("x1"), py::arg("x2"), py::arg("sd"), py::arg("reliability"),
      py::arg("critical") = 1.96);

  m.def(
      "star_chart_svg",
      [](const StarDefinition& def, const PyChartSeries& series, const std::string& title,
         const std::string& description, int size) {
        std::vector<StarChartSeries> out;
        std::size_t k = 0;
        for (auto item : series) {
          const std::string path = index_path("series", k++);
          py::tuple t;
          try {
            t = py::tuple(py::reinterpret_borrow<py::object>(item));
          } catch (py::error_already_set&) {
            throw InvalidArgument(path, "expected a (label, scores) pair");
          }
          if (t.size() != 2) throw InvalidArgument(path, "expected a (label, scores) pair");
          StarChartSeries s;
          s.label = py::str(t[0]).cast<std::string>();
          s.scores.assign(def.area_count(), std::nullopt);
          py::handle sc = t[1];
          if (py::isinstance<py::dict>(sc)) {
            for (auto kv : py::reinterpret_borrow<py::dict>(sc)) {
              const std::string area = py::str(kv.first);
              const std::string field = join_path(join_path(path, "scores"), area);
              const std::size_t a = def.area_index(area, field);
              if (kv.second.is_none()) continue;
              if (py::isinstance<py::str>(kv.second)) {
                throw InvalidArgument(field, "expected a number, got str");
              }
              double v = 0.0;
              try {
                v = py::float_(py::reinterpret_borrow<py::object>(kv.second)).cast<double>();
              } catch (py::error_already_set&) {
                throw InvalidArgument(field, "expected a number, got " + type_name(kv.second));
              }
              if (std::isnan(v)) continue;
              s.scores[a] = v;
            }
          } else {
            py::array_t<double, py::array::c_style | py::array::forcecast> arr(
                py::reinterpret_borrow<py::object>(sc));
            if (static_cast<std::size_t>(arr.size()) != def.area_count()) {
              throw InvalidArgument(join_path(path, "scores"),
                                    "expected " + std::to_string(def.area_count()) +
                                        " scores, got " + std::to_string(arr.size()));
            }
            for (std::size_t a = 0; a < def.area_count(); ++a) {
              if (!std::isnan(arr.data()[a])) s.scores[a] = arr.data()[a];
            }
          }
          out.push_back(std::move(s));
        }
        StarChartOptions o;
        o.title = title;
        o.description = description;
        o.size = size;
        return star_chart_svg(def, out, o);
      },
      py::arg("definition"), py::arg("series"), py::arg("title") = "", py::arg("description") = "",
      py::arg("size") = 560,
      "A star chart (SVG text) of 1 to 3 (label, scores) series; scores as a dict of area id "
      "-> value or a sequence in area order (NaN/None missing).");

  // --- Pickling: the core's own JSON documents (definition, readings, cohort).
  auto def_cls = py::reinterpret_borrow<py::class_<StarDefinition>>(m.attr("StarDefinition"));
  def_pickle<StarDefinition>(
      def_cls, "StarDefinition", "homeward.star",
      [](const StarDefinition& d) { return d.to_json(); },
      [](const std::string& payload) { return StarDefinition::from_json(payload); });
  auto reading_cls = py::reinterpret_borrow<py::class_<StarReading>>(m.attr("Reading"));
  def_pickle<StarReading>(
      reading_cls, "Reading", "homeward.star_reading",
      [](const StarReading& r) {
        py::dict d;
        d["person_id"] = r.person_id;
        d["date"] = format_date(r.date);
        d["scores"] = scores_dict(r);
        d["completed_by"] = completion_name(r.completed_by);
        d["retrospective"] = r.retrospective;
        return py::module_::import("json").attr("dumps")(d).cast<std::string>();
      },
      [](const std::string& payload) {
        py::object d;
        try {
          d = py::module_::import("json").attr("loads")(py::bytes(payload));
        } catch (py::error_already_set& e) {
          throw ParseError("state", std::string("reading payload is not JSON: ") + e.what());
        }
        if (!py::isinstance<py::dict>(d)) throw InvalidArgument("state", "expected an object");
        py::dict o = py::reinterpret_borrow<py::dict>(d);
        for (const char* k : {"person_id", "date", "scores", "completed_by", "retrospective"}) {
          if (!o.contains(k)) throw InvalidArgument(join_path("state", k), "missing");
        }
        if (!py::isinstance<py::str>(o["person_id"]) ||
            !py::isinstance<py::str>(o["completed_by"]) ||
            !py::isinstance<py::bool_>(o["retrospective"])) {
          throw InvalidArgument("state", "person_id, completed_by: strings; retrospective: bool");
        }
        return make_reading(o["person_id"].cast<std::string>(), o["date"], o["scores"],
                            o["completed_by"].cast<std::string>(), o["retrospective"].cast<bool>());
      });
  auto readings_cls = py::reinterpret_borrow<py::class_<StarReadings>>(m.attr("StarReadings"));
  def_pickle<StarReadings>(
      readings_cls, "StarReadings", "homeward.star_readings",
      [](const StarReadings& r) {
        return join_parts({r.definition().to_json(), r.to_json()});
      },
      [](const std::string& payload) {
        const auto parts = split_parts(payload, 2);
        InputLimits limits;
        limits.max_bytes = 0;  // already in memory
        return StarReadings::from_json(StarDefinition::from_json(parts[0]), parts[1], limits);
      });
  auto journey_cls = py::reinterpret_borrow<py::class_<StarJourney>>(m.attr("StarJourney"));
  def_pickle<StarJourney>(
      journey_cls, "StarJourney", "homeward.star_journey",
      [](const StarJourney& j) {
        std::vector<StarReading> rows;
        for (std::size_t i = 0; i < j.size(); ++i) {
          StarReading r;
          r.person_id = j.person_id();
          r.date = j.date(i);
          for (std::size_t a = 0; a < j.definition().area_count(); ++a) {
            if (auto v = j.score(i, a)) r.scores.emplace_back(j.definition().areas()[a].id, *v);
          }
          r.completed_by = j.completed_by(i);
          r.retrospective = j.retrospective(i);
          rows.push_back(std::move(r));
        }
        return join_parts({j.definition().to_json(),
                           StarReadings::from_readings(j.definition(), rows).to_json()});
      },
      [](const std::string& payload) {
        const auto parts = split_parts(payload, 2);
        const StarReadings r =
            StarReadings::from_json(StarDefinition::from_json(parts[0]), parts[1]);
        if (r.person_count() != 1) {
          throw InvalidArgument("state", "a journey holds the readings of one person");
        }
        return StarJourney(r, r.people()[0]);
      });
  auto cohort_cls = py::reinterpret_borrow<py::class_<StarCohort>>(m.attr("StarCohort"));
  def_pickle<StarCohort>(
      cohort_cls, "StarCohort", "homeward.star_cohort",
      [](const StarCohort& c) {
        return join_parts({c.definition.to_json(), c.to_json()});
      },
      [](const std::string& payload) {
        const auto parts = split_parts(payload, 2);
        return StarCohort::from_json(StarDefinition::from_json(parts[0]), parts[1]);
      });
}

}  // namespace homeward::py_bind
