// Bindings for the assignment and stable-matching solvers: array
// conversion and calls into the core, with the GIL released while solving.
// Argument coercion (array-likes, scipy.sparse, tie groups) lives in
// python/homeward/_assignment.py.
#include "common.hpp"

#include "homeward/assignment.hpp"
#include "homeward/assignment_ranked.hpp"
#include "homeward/assignment_stable.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace homeward::py_bind {
namespace {

using F64 = py::array_t<double, py::array::c_style | py::array::forcecast>;
using I64 = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;

template <class T>
py::array_t<T> to_array(const std::vector<T>& v) {
  py::array_t<T> out(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), out.mutable_data());
  return out;
}

std::pair<std::size_t, std::size_t> shape2(const F64& a, const char* field) {
  if (a.ndim() != 2) {
    throw InvalidArgument(field, "expected a 2-D array, got " + std::to_string(a.ndim()) + "-D");
  }
  return {static_cast<std::size_t>(a.shape(0)), static_cast<std::size_t>(a.shape(1))};
}

std::vector<std::int64_t> vec(const I64& a) {
  return std::vector<std::int64_t>(a.data(), a.data() + a.size());
}

SparseCost sparse_from(std::size_t nrows, std::size_t ncols, const I64& indptr, const I64& indices,
                       const F64& data) {
  SparseCost s;
  s.nrows = nrows;
  s.ncols = ncols;
  s.indptr = vec(indptr);
  s.indices = vec(indices);
  s.data.assign(data.data(), data.data() + data.size());
  return s;
}

// Annotations of the generated stubs (see Typed in common.hpp).
#define HW_CAP_TUPLE "tuple[numpy.typing.NDArray[numpy.int64], int, float]"
HW_PY_NAMED(PyAssignment,
            "tuple[numpy.typing.NDArray[numpy.int64], numpy.typing.NDArray[numpy.int64], float]");
HW_PY_NAMED(PyCapacitated, HW_CAP_TUPLE);
HW_PY_NAMED(PyOptCapacitated, HW_CAP_TUPLE " | None");
HW_PY_NAMED(PyCapacitatedList, "list[" HW_CAP_TUPLE "]");
HW_PY_NAMED(PyAlternatives, "list[tuple[bool, int, int, float, " HW_CAP_TUPLE " | None]]");
HW_PY_NAMED(PyMaxCardinality,
            "tuple[numpy.typing.NDArray[numpy.int64], numpy.typing.NDArray[numpy.int64], "
            "numpy.typing.NDArray[numpy.int64], float]");
// A dense cost matrix, or CSR (nrows, ncols, indptr, indices, data).
HW_PY_NAMED(PyCost,
            "numpy.typing.ArrayLike | tuple[int, int, numpy.typing.NDArray[numpy.int64], "
            "numpy.typing.NDArray[numpy.int64], numpy.typing.NDArray[numpy.float64]]");
HW_PY_NAMED(PyOptRanks, "numpy.typing.NDArray[numpy.int64] | None");
#undef HW_CAP_TUPLE

PyAssignment assignment_tuple(const AssignmentResult& r) {
  return py::make_tuple(to_array(r.rows), to_array(r.cols), r.total_cost);
}

PyCapacitated capacitated_tuple(const CapacitatedResult& r) {
  return py::make_tuple(to_array(r.assigned), r.matched, r.total_cost);
}

std::vector<std::int64_t> checked_capacity(const I64& capacity, std::size_t ncols) {
  if (static_cast<std::size_t>(capacity.size()) != ncols) {
    throw InvalidArgument("capacity", "has " + std::to_string(capacity.size()) +
                                          " entries; expected one per column (" +
                                          std::to_string(ncols) + ")");
  }
  return vec(capacity);
}

// A cost given either as a dense float64 matrix or as a CSR tuple
// (nrows, ncols, indptr, indices, data) built by python/homeward/_assignment.py.
SparseCost cost_from(const py::object& cost) {
  if (py::isinstance<py::tuple>(cost)) {
    const auto t = cost.cast<py::tuple>();
    if (t.size() != 5) throw InvalidArgument("cost", "internal: expected a CSR 5-tuple");
    return sparse_from(t[0].cast<std::size_t>(), t[1].cast<std::size_t>(), t[2].cast<I64>(),
                       t[3].cast<I64>(), t[4].cast<F64>());
  }
  const F64 a = cost.cast<F64>();
  const auto [n, k] = shape2(a, "cost");
  return sparse_cost_from_dense(a.data(), n, k);
}

Preferences prefs_from(const I64& ptr, const I64& idx, const py::object& rank, const char* name) {
  Preferences p;
  const auto n = static_cast<std::size_t>(ptr.size());
  if (n == 0) throw InvalidArgument(name, "internal: empty indptr");
  const std::int64_t* pp = ptr.data();
  const std::int64_t* ii = idx.data();
  p.lists.resize(n - 1);
  std::vector<std::int64_t> ranks;
  if (!rank.is_none()) {
    const I64 r = rank.cast<I64>();
    ranks.assign(r.data(), r.data() + r.size());
    p.ranks.resize(n - 1);
  }
  if (pp[0] != 0 || pp[n - 1] != static_cast<std::int64_t>(idx.size()) ||
      (!ranks.empty() && ranks.size() != static_cast<std::size_t>(idx.size()))) {
    throw InvalidArgument(name, "internal: inconsistent CSR arrays");
  }
  for (std::size_t a = 0; a + 1 < n; ++a) {
    if (pp[a + 1] < pp[a]) throw InvalidArgument(name, "internal: decreasing CSR pointer");
    const auto b = static_cast<std::size_t>(pp[a]), e = static_cast<std::size_t>(pp[a + 1]);
    p.lists[a].assign(ii + b, ii + e);
    if (!ranks.empty()) {
      p.ranks[a].assign(ranks.begin() + static_cast<std::ptrdiff_t>(b),
                        ranks.begin() + static_cast<std::ptrdiff_t>(e));
    }
  }
  return p;
}

}  // namespace

void bind_assignment(py::module_& m) {
  m.def(
      "_linear_sum_assignment",
      [](const F64& cost, bool maximize) {
        const auto [n, k] = shape2(cost, "cost");
        AssignmentResult r;
        {
          py::gil_scoped_release release;
          r = linear_sum_assignment(cost.data(), n, k, maximize);
        }
        return assignment_tuple(r);
      },
      py::arg("cost"), py::arg("maximize") = false,
      "Dense assignment on a C-contiguous float64 matrix: (rows, cols, total). "
      "Use homeward.linear_sum_assignment.");

  m.def(
      "_sparse_linear_sum_assignment",
      [](std::size_t nrows, std::size_t ncols, const I64& indptr, const I64& indices,
         const F64& data, bool maximize) {
        const SparseCost s = sparse_from(nrows, ncols, indptr, indices, data);
        AssignmentResult r;
        {
          py::gil_scoped_release release;
          r = sparse_linear_sum_assignment(s, maximize);
        }
        return assignment_tuple(r);
      },
      py::arg("nrows"), py::arg("ncols"), py::arg("indptr"), py::arg("indices"), py::arg("data"),
      py::arg("maximize") = false,
      "Sparse (CSR) assignment: (rows, cols, total). Use homeward.sparse_linear_sum_assignment.");

  m.def(
      "_capacitated_assignment",
      [](const F64& cost, const I64& capacity) {
        const auto [n, k] = shape2(cost, "cost");
        const auto cap = checked_capacity(capacity, k);
        CapacitatedResult r;
        {
          py::gil_scoped_release release;
          r = capacitated_assignment(cost.data(), n, k, cap.data());
        }
        return capacitated_tuple(r);
      },
      py::arg("cost"), py::arg("capacity"),
      "Dense capacitated assignment: (assigned, matched, total). "
      "Use homeward.capacitated_assignment.");

  m.def(
      "_capacitated_assignment_sparse",
      [](std::size_t nrows, std::size_t ncols, const I64& indptr, const I64& indices,
         const F64& data, const I64& capacity) {
        const SparseCost s = sparse_from(nrows, ncols, indptr, indices, data);
        const auto cap = checked_capacity(capacity, ncols);
        CapacitatedResult r;
        {
          py::gil_scoped_release release;
          r = capacitated_assignment(s, cap.data());
        }
        return capacitated_tuple(r);
      },
      py::arg("nrows"), py::arg("ncols"), py::arg("indptr"), py::arg("indices"), py::arg("data"),
      py::arg("capacity"), "Sparse capacitated assignment: (assigned, matched, total).");

  py::class_<CapacitatedSolver>(m, "_CapacitatedSolver",
                                "Warm-start capacitated solver. Use homeward.CapacitatedSolver.")
      .def("__reduce__",
           [](const CapacitatedSolver&) -> py::object {
             throw py::type_error(
                 "homeward.CapacitatedSolver is not a value that can be pickled: it holds a live "
                 "solver's state; pickle its cost matrix and capacities and build a new solver");
           })
      .def(py::init([](std::size_t nrows, std::size_t ncols, const I64& indptr, const I64& indices,
                       const F64& data, const I64& capacity) {
             const SparseCost s = sparse_from(nrows, ncols, indptr, indices, data);
             const auto cap = checked_capacity(capacity, ncols);
             return CapacitatedSolver(s, cap.data());
           }),
           py::arg("nrows"), py::arg("ncols"), py::arg("indptr"), py::arg("indices"),
           py::arg("data"), py::arg("capacity"))
      .def(py::init([](const F64& cost, const I64& capacity) {
             const auto [n, k] = shape2(cost, "cost");
             const auto cap = checked_capacity(capacity, k);
             return CapacitatedSolver(cost.data(), n, k, cap.data());
           }),
           py::arg("cost"), py::arg("capacity"))
      .def(
          "add_row_dense",
          [](CapacitatedSolver& s, const F64& costs) {
            return s.add_row_dense(std::vector<double>(costs.data(), costs.data() + costs.size()));
          },
          py::arg("costs"))
      .def_property_readonly("nrows", &CapacitatedSolver::nrows)
      .def_property_readonly("ncols", &CapacitatedSolver::ncols)
      .def_property_readonly("last_rows_processed", &CapacitatedSolver::last_rows_processed)
      .def(
          "add_row",
          [](CapacitatedSolver& s, const I64& cols, const F64& costs) {
            return s.add_row(vec(cols),
                             std::vector<double>(costs.data(), costs.data() + costs.size()));
          },
          py::arg("cols"), py::arg("costs"))
      .def(
          "set_row",
          [](CapacitatedSolver& s, std::size_t r, const I64& cols, const F64& costs) {
            s.set_row(r, vec(cols), std::vector<double>(costs.data(), costs.data() + costs.size()));
          },
          py::arg("row"), py::arg("cols"), py::arg("costs"))
      .def("remove_row", &CapacitatedSolver::remove_row, py::arg("row"))
      .def("set_capacity", &CapacitatedSolver::set_capacity, py::arg("col"), py::arg("capacity"))
      .def("solve", [](CapacitatedSolver& s) {
        CapacitatedResult r;
        {
          py::gil_scoped_release release;
          r = s.solve();
        }
        return capacitated_tuple(r);
      });

  m.def(
      "_stable_match",
      [](const I64& res_ptr, const I64& res_idx, const PyOptRanks& res_rank, const I64& hosp_ptr,
         const I64& hosp_idx, const PyOptRanks& hosp_rank, const I64& capacity,
         bool hospital_optimal) {
        const Preferences res = prefs_from(res_ptr, res_idx, res_rank, "resident_prefs");
        const Preferences hosp = prefs_from(hosp_ptr, hosp_idx, hosp_rank, "hospital_prefs");
        const auto cap = vec(capacity);
        StableMatching r;
        {
          py::gil_scoped_release release;
          r = stable_match(res, hosp, cap,
                           hospital_optimal ? StableOptimal::hospital : StableOptimal::resident);
        }
        return to_array(r.resident_hospital);
      },
      py::arg("res_ptr"), py::arg("res_idx"), py::arg("res_rank"), py::arg("hosp_ptr"),
      py::arg("hosp_idx"), py::arg("hosp_rank"), py::arg("capacity"), py::arg("hospital_optimal"),
      "Stable matching on CSR preference lists; returns each resident's hospital or -1.");

  m.def(
      "_blocking_pairs",
      [](const I64& res_ptr, const I64& res_idx, const PyOptRanks& res_rank, const I64& hosp_ptr,
         const I64& hosp_idx, const PyOptRanks& hosp_rank, const I64& capacity,
         const I64& matching) {
        const Preferences res = prefs_from(res_ptr, res_idx, res_rank, "resident_prefs");
        const Preferences hosp = prefs_from(hosp_ptr, hosp_idx, hosp_rank, "hospital_prefs");
        const auto pairs = blocking_pairs(res, hosp, vec(capacity), vec(matching));
        py::array_t<std::int64_t> out({static_cast<py::ssize_t>(pairs.size()), py::ssize_t{2}});
        auto* p = out.mutable_data();
        for (std::size_t k = 0; k < pairs.size(); ++k) {
          p[2 * k] = pairs[k].first;
          p[2 * k + 1] = pairs[k].second;
        }
        return out;
      },
      py::arg("res_ptr"), py::arg("res_idx"), py::arg("res_rank"), py::arg("hosp_ptr"),
      py::arg("hosp_idx"), py::arg("hosp_rank"), py::arg("capacity"), py::arg("matching"),
      "Blocking pairs of a matching as an (k, 2) int64 array.");
  m.def(
      "_k_best_assignments",
      [](const PyCost& cost, const I64& capacity, std::size_t k) -> PyCapacitatedList {
        const SparseCost s = cost_from(cost);
        const auto cap = checked_capacity(capacity, s.ncols);
        std::vector<CapacitatedResult> r;
        {
          py::gil_scoped_release release;
          r = k_best_capacitated_assignments(s, cap.data(), k);
        }
        py::list out;
        for (const auto& x : r) out.append(capacitated_tuple(x));
        return out;
      },
      py::arg("cost"), py::arg("capacity"), py::arg("k"),
      "The k best capacitated assignments in order: a list of (assigned, matched, total).");

  m.def(
      "_capacitated_assignment_with",
      [](const PyCost& cost, const I64& capacity, const I64& rules) -> PyOptCapacitated {
        const SparseCost s = cost_from(cost);
        const auto cap = checked_capacity(capacity, s.ncols);
        if (rules.ndim() != 2 || (rules.size() != 0 && rules.shape(1) != 3)) {
          throw InvalidArgument("rules", "internal: expected an (n, 3) array");
        }
        std::vector<PairRule> rs;
        const std::int64_t* p = rules.data();
        for (py::ssize_t i = 0; i < (rules.size() ? rules.shape(0) : 0); ++i) {
          rs.push_back(PairRule{p[3 * i], p[3 * i + 1], p[3 * i + 2] != 0});
        }
        std::optional<CapacitatedResult> r;
        {
          py::gil_scoped_release release;
          r = capacitated_assignment_with(s, cap.data(), rs);
        }
        if (!r) return py::none();
        return capacitated_tuple(*r);
      },
      py::arg("cost"), py::arg("capacity"), py::arg("rules"),
      "The best capacitated assignment obeying rules (row, col, must): a tuple or None.");

  m.def(
      "_row_alternatives",
      [](const PyCost& cost, const I64& capacity, const I64& assigned, std::size_t matched,
         double total) -> PyAlternatives {
        const SparseCost s = cost_from(cost);
        const auto cap = checked_capacity(capacity, s.ncols);
        CapacitatedResult best;
        best.assigned = vec(assigned);
        best.matched = matched;
        best.total_cost = total;
        std::vector<RowAlternative> r;
        {
          py::gil_scoped_release release;
          r = row_alternatives(s, cap.data(), best);
        }
        py::list out;
        for (const auto& a : r) {
          out.append(py::make_tuple(
              a.exists, a.col, a.matched_change, a.cost_change,
              a.exists ? py::object(capacitated_tuple(a.solution)) : py::object(py::none())));
        }
        return out;
      },
      py::arg("cost"), py::arg("capacity"), py::arg("assigned"), py::arg("matched"),
      py::arg("total"), "Per row: (exists, col, matched_change, cost_change, solution or None).");

  m.def(
      "_sparse_max_cardinality_assignment",
      [](std::size_t nrows, std::size_t ncols, const I64& indptr, const I64& indices,
         const F64& data, bool maximize) -> PyMaxCardinality {
        const SparseCost s = sparse_from(nrows, ncols, indptr, indices, data);
        MaxCardinalityResult r;
        {
          py::gil_scoped_release release;
          r = sparse_max_cardinality_assignment(s, maximize);
        }
        return py::make_tuple(to_array(r.rows), to_array(r.cols), to_array(r.unmatched_rows),
                              r.total_cost);
      },
      py::arg("nrows"), py::arg("ncols"), py::arg("indptr"), py::arg("indices"), py::arg("data"),
      py::arg("maximize") = false,
      "Maximum-cardinality then minimum-cost sparse assignment: (rows, cols, unmatched, total).");
}

}  // namespace homeward::py_bind
