"""Exact assignment and stable-matching solvers.

* :func:`linear_sum_assignment` -- a drop-in for ``scipy.optimize.linear_sum_assignment``
  (Jonker-Volgenant), with ``+inf`` forbidding a pair and an infeasibility error that
  names a witness.
* :func:`sparse_linear_sum_assignment` -- the same for ``scipy.sparse`` matrices
  (unlisted pairs are forbidden).
* :func:`capacitated_assignment` and :class:`CapacitatedSolver` -- many-to-one with
  capacities (places with several beds, workers with caseloads): most people matched,
  then least cost; the solver re-solves quickly after a small change.
* :func:`stable_match`, :func:`blocking_pairs`, :func:`is_stable` -- hospitals/residents
  stable matching with capacities, incomplete lists and ties.

See docs/assignment.md for algorithms, tie-breaking and complexity.
"""
from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, NamedTuple, Optional, Sequence

import numpy as np
import numpy.typing as npt

from . import _core
from ._core import InvalidArgumentError

__all__ = [
    "linear_sum_assignment",
    "sparse_linear_sum_assignment",
    "InvalidTypeError",
    "capacitated_assignment",
    "CapacitatedAssignment",
    "CapacitatedSolver",
    "k_best_assignments",
    "capacitated_assignment_with",
    "row_alternatives",
    "RowAlternative",
    "sparse_max_cardinality_assignment",
    "MaxCardinalityAssignment",
    "stable_match",
    "StableMatching",
    "blocking_pairs",
    "is_stable",
]


def _invalid(field: str, message: str) -> InvalidArgumentError:
    err = InvalidArgumentError(f"{field}: {message}" if field else message)
    err.field = field
    err.message = message
    return err


class InvalidTypeError(InvalidArgumentError, TypeError):
    """Entries of the wrong type (strings, complex, arbitrary objects).

    Both a :class:`homeward.InvalidArgumentError` (a ``ValueError``, like every
    homeward input error) and a ``TypeError`` (what SciPy raises for the same
    input), so code written for either catches it.
    """


def _invalid_type(field: str, message: str) -> InvalidTypeError:
    err = InvalidTypeError(f"{field}: {message}" if field else message)
    err.field = field
    err.message = message
    return err


def _matrix(cost: Any, field: str = "cost") -> np.ndarray:
    """A 2-D float64 C-contiguous copy/view of a numeric array-like.

    Object arrays (nested lists of ``Fraction``, ``Decimal``, ...) are converted
    with ``float()`` as SciPy does; strings, complex numbers and other objects
    raise :class:`InvalidTypeError`.
    """
    try:
        arr = np.asarray(cost)
    except (ValueError, TypeError) as exc:  # ragged nested lists, odd objects
        raise _invalid(field, f"not a rectangular numeric matrix ({exc})") from None
    if arr.ndim != 2:
        raise _invalid(field, f"expected a matrix (2-D), got {arr.ndim}-D")
    if arr.dtype.kind == "O":
        try:
            arr = arr.astype(np.float64)
        except (ValueError, TypeError) as exc:
            raise _invalid_type(
                field, f"Cannot cast array data from dtype('O') to dtype('float64'): {exc}"
            ) from None
    elif arr.dtype.kind not in "biuf":
        raise _invalid_type(
            field,
            f"Cannot cast array data from dtype({str(arr.dtype)!r}) to dtype('float64'): "
            "expected numeric entries (bool, int or float)",
        )
    return np.ascontiguousarray(arr, dtype=np.float64)


def _int_vector(values: Any, field: str) -> np.ndarray:
    try:
        arr = np.asarray(values)
    except (ValueError, TypeError) as exc:
        raise _invalid(field, f"not a 1-D integer array ({exc})") from None
    if arr.ndim != 1:
        raise _invalid(field, f"expected a 1-D array, got {arr.ndim}-D")
    if arr.size == 0:
        return np.zeros(0, dtype=np.int64)
    if arr.dtype.kind == "f":
        bad = ~np.isfinite(arr) | (arr != np.round(arr))
        if bad.any():
            k = int(np.argmax(bad))
            raise _invalid(f"{field}[{k}]", f"{arr[k]!r} is not a whole number")
    elif arr.dtype.kind not in "biu":
        raise _invalid(field, f"expected integers, got dtype {arr.dtype}")
    if arr.dtype.kind == "u" and arr.size and arr.max() > np.iinfo(np.int64).max:
        raise _invalid(field, "values too large")
    return np.ascontiguousarray(arr, dtype=np.int64)


def _is_scipy_sparse(x: Any) -> bool:
    mod = type(x).__module__
    if not mod.startswith("scipy.sparse"):
        return False
    import scipy.sparse as sp

    return bool(sp.issparse(x))


def _csr(
    matrix: Any,
    shape: tuple[int, int] | None,
    field: str = "cost",
    *,
    maximize: bool = False,
    explicit_zeros_warn: bool = False,
) -> tuple[int, int, np.ndarray, np.ndarray, np.ndarray]:
    """(nrows, ncols, indptr, indices, data) from scipy.sparse or a CSR triple.

    For scipy.sparse input, stored entries equal to the forbidding infinity
    (``+inf``, or ``-inf`` when maximising) are dropped: a missing pair, as in a
    dense matrix. With ``explicit_zeros_warn`` stored zeros raise a UserWarning
    (SciPy warns there too) and are kept as allowed pairs of cost 0.
    """
    if _is_scipy_sparse(matrix):
        m = matrix.tocsr()
        if m.ndim != 2:
            raise _invalid(field, "expected a matrix (2-D sparse)")
        if m.dtype.kind not in "biuf":
            raise _invalid_type(
                field,
                f"Cannot cast array data from dtype({str(m.dtype)!r}) to dtype('float64'): "
                "expected numeric entries (bool, int or float)",
            )
        nrows, ncols = m.shape
        indptr = np.ascontiguousarray(m.indptr, dtype=np.int64)
        indices = np.ascontiguousarray(m.indices, dtype=np.int64)
        data = np.ascontiguousarray(m.data, dtype=np.float64)
        if data.size and explicit_zeros_warn and not data.all():
            warnings.warn(
                f"{field}: {int(data.size - np.count_nonzero(data))} explicit zero weights are "
                "kept as allowed pairs of cost 0 (SciPy's min_weight_full_bipartite_matching "
                "removes them); eliminate_zeros() first to forbid those pairs",
                UserWarning,
                stacklevel=3,
            )
        forbid = -np.inf if maximize else np.inf
        missing = data == forbid
        if missing.any():  # the forbidding infinity marks a missing pair, as in dense
            keep = ~missing
            row = np.repeat(np.arange(nrows, dtype=np.int64), np.diff(indptr))
            counts = np.bincount(row[keep], minlength=nrows)
            indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
            indices = np.ascontiguousarray(indices[keep])
            data = np.ascontiguousarray(data[keep])
        return int(nrows), int(ncols), indptr, indices, data
    if isinstance(matrix, tuple) and len(matrix) == 3:
        data, indices, indptr = matrix
        indptr = _int_vector(indptr, "indptr")
        indices = _int_vector(indices, "indices")
        try:
            data = np.asarray(data)
        except (ValueError, TypeError) as exc:
            raise _invalid("data", f"not a 1-D numeric array ({exc})") from None
        if data.ndim != 1 or data.dtype.kind not in "biuf":
            raise _invalid("data", f"expected a 1-D numeric array, got {data.ndim}-D {data.dtype}")
        if shape is None:
            if indptr.size == 0:
                raise _invalid("indptr", "must have nrows + 1 entries")
            shape = (indptr.size - 1, int(indices.max()) + 1 if indices.size else 0)
        nrows, ncols = (int(s) for s in shape)
        if nrows < 0 or ncols < 0:
            raise _invalid("shape", f"{shape!r} has a negative dimension")
        return nrows, ncols, indptr, indices, np.ascontiguousarray(data, dtype=np.float64)
    raise _invalid(
        field,
        "expected a scipy.sparse matrix/array or a CSR triple (data, indices, indptr); "
        f"got {type(matrix).__name__} (use linear_sum_assignment for dense matrices)",
    )


def linear_sum_assignment(cost: Any, maximize: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Solve the rectangular linear sum assignment problem (SciPy-compatible).

    Parameters
    ----------
    cost : array_like, shape (n, m)
        Numeric matrix (bool, int or float). ``+inf`` forbids a pair when minimising,
        ``-inf`` when maximising; NaN and the opposite infinity are errors.
    maximize : bool
        Maximise the total instead of minimising it.

    Returns
    -------
    row_ind, col_ind : int64 arrays
        ``min(n, m)`` pairs, ``row_ind`` increasing; ``cost[row_ind, col_ind].sum()``
        is optimal. Empty arrays for a 0-row or 0-column matrix.

    Raises
    ------
    homeward.InvalidArgumentError
        Bad input; ``field`` names the cell (``"cost[3][7]"``).
    homeward.InfeasibleError
        No assignment covers the smaller side; the message names a set of rows
        (or columns) with fewer allowed partners than members.

    Exact: Jonker-Volgenant (LAPJV), with large square matrices first solved on each
    row's few least reduced costs and proved optimal on the whole matrix
    (docs/assignment.md); the GIL is released while solving.
    Tie-breaking is deterministic: see docs/assignment.md.
    """
    arr = _matrix(cost)
    rows, cols, _total = _core._linear_sum_assignment(arr, bool(maximize))
    return rows, cols


def sparse_linear_sum_assignment(
    matrix: Any, maximize: bool = False, *, shape: tuple[int, int] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Assignment over a sparse matrix: stored entries are the allowed pairs.

    ``matrix`` is any ``scipy.sparse`` matrix or array (converted to CSR) or a CSR
    triple ``(data, indices, indptr)`` with an optional ``shape``. Returns
    ``(row_ind, col_ind)`` in the same form as :func:`linear_sum_assignment`: the
    smaller side fully matched, rows increasing. A column stored twice in one row
    is an error. A drop-in for ``scipy.sparse.csgraph.min_weight_full_bipartite_matching``
    with two documented differences: stored explicit zeros are allowed pairs of
    cost 0 (SciPy removes them; both warn), and stored ``+inf`` (``-inf`` when
    maximising) entries are missing pairs, as in a dense matrix.

    Solved by successive shortest augmenting paths after LAPJV's initialisation,
    Dijkstra with an indexed 4-ary heap (docs/assignment.md); the GIL is released.
    For a matrix whose smaller side cannot be fully matched, see
    :func:`sparse_max_cardinality_assignment`.
    """
    nrows, ncols, indptr, indices, data = _csr(
        matrix, shape, maximize=bool(maximize), explicit_zeros_warn=True
    )
    rows, cols, _total = _core._sparse_linear_sum_assignment(
        nrows, ncols, indptr, indices, data, bool(maximize)
    )
    return rows, cols


class CapacitatedAssignment(NamedTuple):
    """Result of :func:`capacitated_assignment`.

    ``assigned[i]`` is row i's column or -1 (unmatched); ``matched`` the number of
    matched rows; ``total_cost`` the sum of the matched costs.
    """

    assigned: np.ndarray
    matched: int
    total_cost: float


def capacitated_assignment(cost: Any, capacity: Any) -> CapacitatedAssignment:
    """Many-to-one assignment with capacities.

    Each row (person) gets at most one column (place or worker); column ``c`` takes
    at most ``capacity[c]`` rows. The objective is lexicographic: the most rows
    matched, then the least total cost. ``cost`` is a dense array-like (``+inf``
    forbids a pair) or a ``scipy.sparse`` matrix (stored entries are the allowed
    pairs). Returns :class:`CapacitatedAssignment`.
    """
    cap = _int_vector(capacity, "capacity")
    if _is_scipy_sparse(cost) or isinstance(cost, tuple):
        nrows, ncols, indptr, indices, data = _csr(cost, None)
        a, k, t = _core._capacitated_assignment_sparse(nrows, ncols, indptr, indices, data, cap)
    else:
        a, k, t = _core._capacitated_assignment(_matrix(cost), cap)
    return CapacitatedAssignment(a, int(k), float(t))


class CapacitatedSolver:
    """Warm-start solver for :func:`capacitated_assignment`.

    Keeps the assignment and column prices between solves, so after a small change
    (a person arrives or leaves, a bed frees or closes, a person's costs change)
    :meth:`solve` repairs the previous optimum instead of starting again. Every
    solve returns an optimum of the current problem (the same matched count and
    total cost as a fresh :func:`capacitated_assignment`); among tied optima it may
    pick a different one. Row indices are stable: a removed row stays as an
    inactive index reported as -1, and :meth:`add_row` appends.

    >>> s = CapacitatedSolver([[1.0, 5.0], [2.0, 1.0]], capacity=[1, 1])
    >>> s.solve().total_cost
    2.0
    """

    def __init__(self, cost: Any, capacity: Any):
        cap = _int_vector(capacity, "capacity")
        if _is_scipy_sparse(cost) or isinstance(cost, tuple):
            nrows, ncols, indptr, indices, data = _csr(cost, None)
            self._s = _core._CapacitatedSolver(nrows, ncols, indptr, indices, data, cap)
        else:
            self._s = _core._CapacitatedSolver(_matrix(cost), cap)

    @property
    def nrows(self) -> int:
        """Rows so far, removed rows included."""
        return self._s.nrows

    @property
    def ncols(self) -> int:
        return self._s.ncols

    @property
    def last_rows_processed(self) -> int:
        """How many rows the last :meth:`solve` had to (re)process."""
        return self._s.last_rows_processed

    def add_row(self, costs: Any = None, *, cols: Any = None) -> int:
        """Add a person; returns the new row index.

        ``add_row(costs)`` takes a dense row of ``ncols`` costs (``+inf`` forbidden);
        ``add_row(costs, cols=cols)`` takes the allowed columns and their costs.
        """
        if cols is None:
            row = np.ascontiguousarray(_row_costs(costs, "costs"), dtype=np.float64)
            return self._s.add_row_dense(row)
        return self._s.add_row(_int_vector(cols, "cols"), _row_costs(costs, "costs"))

    def set_row(self, row: int, costs: Any, *, cols: Any = None) -> None:
        """Replace a row's costs (dense, or sparse with ``cols``)."""
        if cols is None:
            c = _row_costs(costs, "costs")
            if c.size != self.ncols:
                raise _invalid("costs", f"has {c.size} entries; expected {self.ncols}")
            if np.isnan(c).any() or np.isneginf(c).any():
                k = int(np.argmax(np.isnan(c) | np.isneginf(c)))
                raise _invalid(f"costs[{k}]", f"{c[k]!r} is not allowed (+inf forbids a pair)")
            keep = np.flatnonzero(np.isfinite(c))
            self._s.set_row(_index(row, "row"), keep.astype(np.int64), c[keep])
        else:
            self._s.set_row(_index(row, "row"), _int_vector(cols, "cols"), _row_costs(costs, "costs"))

    def remove_row(self, row: int) -> None:
        """The person leaves; the index stays and reports -1."""
        self._s.remove_row(_index(row, "row"))

    def set_capacity(self, col: int, capacity: int) -> None:
        """Change a column's capacity (a bed frees or closes)."""
        self._s.set_capacity(_index(col, "col"), _whole(capacity, "capacity"))

    def solve(self) -> CapacitatedAssignment:
        """Solve (or repair) and return the optimum; releases the GIL."""
        a, k, t = self._s.solve()
        return CapacitatedAssignment(a, int(k), float(t))

    def __repr__(self) -> str:
        return f"CapacitatedSolver(nrows={self.nrows}, ncols={self.ncols})"


def _row_costs(costs: Any, field: str) -> np.ndarray:
    try:
        arr = np.asarray(costs)
    except (ValueError, TypeError) as exc:
        raise _invalid(field, f"not a 1-D numeric array ({exc})") from None
    if arr.ndim != 1 or arr.dtype.kind not in "biuf":
        raise _invalid(field, f"expected a 1-D numeric array, got {arr.ndim}-D {arr.dtype}")
    return np.ascontiguousarray(arr, dtype=np.float64)


def _whole(x: Any, field: str) -> int:
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, np.integer)):
        raise _invalid(field, f"expected an integer, got {type(x).__name__}")
    return int(x)


def _index(x: Any, field: str) -> int:
    v = _whole(x, field)
    if v < 0:
        raise _invalid(field, f"{v} is negative")
    return v


# ---------------------------------------------------------------------------
# Ranked alternatives, rules on pairs, maximum-cardinality mode


def _cost_arg(cost: Any) -> Any:
    """A dense float64 matrix or the CSR 5-tuple the core takes."""
    if _is_scipy_sparse(cost) or isinstance(cost, tuple):
        return tuple(_csr(cost, None))
    return _matrix(cost)


def k_best_assignments(cost: Any, capacity: Any, k: int) -> list[CapacitatedAssignment]:
    """The ``k`` best solutions of :func:`capacitated_assignment`, best first.

    Solutions are ordered as the solver's objective orders them: most rows matched,
    then least total cost. Two solutions differ when some row gets a different column
    (or is matched in one and not the other). Fewer than ``k`` are returned when fewer
    exist. The first is an optimum. Murty's partitioning, each subproblem re-solved warm
    from its parent's optimum (docs/assignment.md).

    >>> [s.total_cost for s in k_best_assignments([[1, 2], [2, 4]], [1, 1], 2)]
    [4.0, 5.0]
    """
    c = _cost_arg(cost)
    cap = _int_vector(capacity, "capacity")
    kk = _whole(k, "k")
    if kk < 0:
        raise _invalid("k", f"{kk} is negative")
    return [CapacitatedAssignment(a, int(m), float(t)) for a, m, t in _core._k_best_assignments(c, cap, kk)]


def _rule_rows(rules: Any, field: str, must: bool) -> list[list[int]]:
    out: list[list[int]] = []
    if rules is None:
        return out
    for i, pair in enumerate(rules):
        try:
            r, c = pair
        except (TypeError, ValueError):
            raise _invalid(f"{field}[{i}]", f"expected a (row, col) pair, got {pair!r}") from None
        rr = _whole(r, f"{field}[{i}].row")
        cc = -1 if c is None else _whole(c, f"{field}[{i}].col")
        out.append([rr, cc, 1 if must else 0])
    return out


def capacitated_assignment_with(
    cost: Any, capacity: Any, *, must: Any = None, must_not: Any = None
) -> CapacitatedAssignment | None:
    """The best solution of :func:`capacitated_assignment` obeying rules on pairs.

    ``must`` and ``must_not`` are sequences of ``(row, col)``: row ``row`` gets (does
    not get) column ``col``. ``col=None`` (or -1) stands for "unmatched": ``must`` keeps
    the row unmatched, ``must_not`` requires it to be matched. Returns ``None`` when no
    solution obeys every rule (for instance ``must`` on a forbidden pair). Compare with
    the optimum for the cost of a rule: "the best allocation in which person P does not
    get place X".
    """
    c = _cost_arg(cost)
    cap = _int_vector(capacity, "capacity")
    rows = _rule_rows(must, "must", True) + _rule_rows(must_not, "must_not", False)
    rules = np.asarray(rows, dtype=np.int64).reshape(len(rows), 3)
    res = _core._capacitated_assignment_with(c, cap, rules)
    if res is None:
        return None
    a, m, t = res
    return CapacitatedAssignment(a, int(m), float(t))


class RowAlternative(NamedTuple):
    """The best solution in which one row's outcome changes (see :func:`row_alternatives`).

    ``col`` is the row's column in it (-1: unmatched); ``matched_change`` and
    ``cost_change`` compare the whole solution with the optimum; ``solution`` is the
    whole alternative. ``exists`` is False (and ``solution`` None) when no solution
    changes this row's outcome.
    """

    exists: bool
    col: int
    matched_change: int
    cost_change: float
    solution: CapacitatedAssignment | None


def row_alternatives(
    cost: Any, capacity: Any, best: CapacitatedAssignment | None = None
) -> list[RowAlternative]:
    """For every row, the best solution in which its outcome differs from ``best``.

    A matched row does not get its column (it moves elsewhere or goes unmatched); an
    unmatched row is matched. ``best`` defaults to :func:`capacitated_assignment`'s
    optimum on the same data. What a reviewer asks of each recommendation: "if this
    person does not take this place, what is the next best arrangement, and what does it
    cost the whole allocation?"
    """
    c = _cost_arg(cost)
    cap = _int_vector(capacity, "capacity")
    if best is None:
        best = capacitated_assignment(cost, capacity)
    assigned = _int_vector(best.assigned, "best.assigned")
    out: list[RowAlternative] = []
    for exists, col, dm, dc, sol in _core._row_alternatives(
        c, cap, assigned, int(best.matched), float(best.total_cost)
    ):
        solution = None if sol is None else CapacitatedAssignment(sol[0], int(sol[1]), float(sol[2]))
        out.append(RowAlternative(bool(exists), int(col), int(dm), float(dc), solution))
    return out


class MaxCardinalityAssignment(NamedTuple):
    """Result of :func:`sparse_max_cardinality_assignment`."""

    row_ind: np.ndarray
    col_ind: np.ndarray
    unmatched_rows: np.ndarray
    total_cost: float


def sparse_max_cardinality_assignment(
    matrix: Any, maximize: bool = False, *, shape: tuple[int, int] | None = None
) -> MaxCardinalityAssignment:
    """Sparse assignment that may leave rows unmatched: most pairs, then best cost.

    Where :func:`sparse_linear_sum_assignment` (like SciPy's
    ``min_weight_full_bipartite_matching``) refuses a matrix whose smaller side cannot
    be fully matched, this matches as many rows as possible and, among those
    matchings, minimises (maximises with ``maximize=True``) the total. Returns
    ``(row_ind, col_ind, unmatched_rows, total_cost)``, rows increasing.
    """
    nrows, ncols, indptr, indices, data = _csr(
        matrix, shape, maximize=bool(maximize), explicit_zeros_warn=True
    )
    r, c, u, t = _core._sparse_max_cardinality_assignment(
        nrows, ncols, indptr, indices, data, bool(maximize)
    )
    return MaxCardinalityAssignment(r, c, u, float(t))


# ---------------------------------------------------------------------------
# Stable matching


class StableMatching(NamedTuple):
    """Result of :func:`stable_match`.

    ``resident_hospital[r]`` is resident r's hospital or -1; ``hospital_residents[h]``
    lists hospital h's residents in increasing order. When the inputs were mappings
    keyed by names, ``resident_hospital`` is a dict name -> name (or None) and
    ``hospital_residents`` a dict name -> list of names.
    """

    resident_hospital: Any
    hospital_residents: Any


_I64 = npt.NDArray[np.int64]


def _prefs_csr(prefs: Any, n_other: int, field: str) -> tuple[_I64, _I64, Optional[_I64]]:
    """(indptr, indices, ranks or None) from a sequence of preference lists.

    Each list holds indices, most preferred first; an entry may be a list/tuple of
    indices that are tied.
    """
    try:
        arr = np.asarray(prefs)
        rectangular = arr.ndim == 2 and arr.dtype.kind in "iu"
    except (ValueError, TypeError):
        rectangular = False
    if rectangular:  # fast path: full strict lists as a 2-D integer array
        n, k = arr.shape
        return (
            np.arange(0, (n + 1) * k, k, dtype=np.int64) if k else np.zeros(n + 1, np.int64),
            np.ascontiguousarray(arr, dtype=np.int64).ravel(),
            None,
        )
    if isinstance(prefs, (str, bytes)) or not isinstance(prefs, Sequence) and not hasattr(prefs, "__len__"):
        raise _invalid(field, f"expected a sequence of preference lists, got {type(prefs).__name__}")
    indptr = [0]
    indices: list[int] = []
    ranks: list[int] = []
    has_ties = False
    for a, lst in enumerate(prefs):
        if isinstance(lst, (str, bytes)) or not hasattr(lst, "__iter__"):
            raise _invalid(f"{field}[{a}]", f"expected a list, got {type(lst).__name__}")
        rank = 0
        for k, entry in enumerate(lst):
            group = entry if isinstance(entry, (list, tuple)) else (entry,)
            if isinstance(entry, (list, tuple)):
                has_ties = has_ties or len(entry) > 1
                if len(entry) == 0:
                    raise _invalid(f"{field}[{a}][{k}]", "an empty tie group")
            for x in group:
                if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, np.integer)):
                    raise _invalid(f"{field}[{a}][{k}]", f"expected an index, got {x!r}")
                indices.append(int(x))
                ranks.append(rank)
            rank += 1
        indptr.append(len(indices))
    return (
        np.asarray(indptr, dtype=np.int64),
        np.asarray(indices, dtype=np.int64),
        np.asarray(ranks, dtype=np.int64) if has_ties else None,
    )


def _named(
    resident_prefs: Any, hospital_prefs: Any, capacities: Any
) -> tuple[list[Any], list[Any], list[list[Any]], list[list[Any]], Any]:
    """Translate name-keyed mappings to index lists (in the mappings' order)."""
    rnames = list(resident_prefs)
    hnames = list(hospital_prefs)
    rindex = {r: i for i, r in enumerate(rnames)}
    hindex = {h: i for i, h in enumerate(hnames)}

    def translate(lst: Any, index: dict[Any, int], field: str) -> list[Any]:
        out: list[Any] = []
        for k, entry in enumerate(lst):
            group = entry if isinstance(entry, (list, tuple)) else (entry,)
            try:
                ids = [index[x] for x in group]
            except KeyError as exc:
                raise _invalid(f"{field}[{k}]", f"unknown name {exc.args[0]!r}") from None
            out.append(ids if isinstance(entry, (list, tuple)) else ids[0])
        return out

    res = [translate(resident_prefs[r], hindex, f"resident_prefs[{r!r}]") for r in rnames]
    hosp = [translate(hospital_prefs[h], rindex, f"hospital_prefs[{h!r}]") for h in hnames]
    if isinstance(capacities, Mapping):
        missing = [h for h in hnames if h not in capacities]
        if missing:
            raise _invalid(f"capacities[{missing[0]!r}]", "missing")
        caps = [capacities[h] for h in hnames]
    else:
        caps = capacities
    return rnames, hnames, res, hosp, caps


def _stable_args(
    resident_prefs: Any, hospital_prefs: Any, capacities: Any
) -> tuple[_I64, _I64, Optional[_I64], _I64, _I64, Optional[_I64], _I64]:
    rp, ri, rr = _prefs_csr(resident_prefs, 0, "resident_prefs")
    hp, hi, hr = _prefs_csr(hospital_prefs, 0, "hospital_prefs")
    cap = _int_vector(capacities, "capacity")
    return rp, ri, rr, hp, hi, hr, cap


def stable_match(
    resident_prefs: Any,
    hospital_prefs: Any,
    capacities: Any,
    optimal: str = "resident",
) -> StableMatching:
    """Stable matching with capacities (hospitals/residents; Gale-Shapley).

    Parameters
    ----------
    resident_prefs : sequence of lists, or mapping name -> list
        ``resident_prefs[r]`` lists hospitals, most preferred first. An entry may be
        a list/tuple of hospitals that are tied. Lists may be incomplete. A 2-D
        integer array is accepted for full strict lists (fast path).
    hospital_prefs : sequence of lists, or mapping name -> list
        ``hospital_prefs[h]`` lists residents the same way.
    capacities : sequence of int, or mapping name -> int
        Places per hospital (>= 0).
    optimal : 'resident' or 'hospital'
        Which side's optimal stable matching to return (who proposes).

    A pair is acceptable only if each lists the other. Ties are broken by list
    order; the result is weakly stable for the lists with ties (no pair both
    strictly prefer each other to their outcome). Deterministic.

    When the preferences are mappings keyed by names (as in the ``matching``
    package), names are used in the result; otherwise indices.
    """
    if optimal not in ("resident", "hospital"):
        raise _invalid("optimal", f"expected 'resident' or 'hospital', got {optimal!r}")
    named = isinstance(resident_prefs, Mapping) or isinstance(hospital_prefs, Mapping)
    if named:
        if not (isinstance(resident_prefs, Mapping) and isinstance(hospital_prefs, Mapping)):
            raise _invalid("hospital_prefs", "give both preference sets as mappings, or neither")
        rnames, hnames, resident_prefs, hospital_prefs, capacities = _named(
            resident_prefs, hospital_prefs, capacities
        )
    rp, ri, rr, hp, hi, hr, cap = _stable_args(resident_prefs, hospital_prefs, capacities)
    match = _core._stable_match(rp, ri, rr, hp, hi, hr, cap, optimal == "hospital")
    n_h = hp.size - 1
    per_h: list[list[int]] = [[] for _ in range(n_h)]
    for r, h in enumerate(match.tolist()):
        if h >= 0:
            per_h[h].append(r)
    if named:
        return StableMatching(
            {rn: (hnames[h] if h >= 0 else None) for rn, h in zip(rnames, match.tolist())},
            {hn: [rnames[r] for r in per_h[j]] for j, hn in enumerate(hnames)},
        )
    return StableMatching(match, per_h)


def blocking_pairs(
    resident_prefs: Any, hospital_prefs: Any, capacities: Any, matching: Any
) -> list[tuple[Any, Any]]:
    """The (resident, hospital) pairs that block ``matching`` (sorted).

    ``matching`` is each resident's hospital or -1 (a sequence), or, with
    name-keyed preferences, a mapping resident -> hospital (or None). A pair blocks
    when both list each other, the resident is unmatched or strictly prefers the
    hospital, and the hospital has room or strictly prefers the resident to one it
    holds. An invalid matching (unknown index, unacceptable pair, over capacity)
    raises :class:`homeward.InvalidArgumentError`.
    """
    named = isinstance(resident_prefs, Mapping) and isinstance(hospital_prefs, Mapping)
    if named:
        rnames, hnames, resident_prefs, hospital_prefs, capacities = _named(
            resident_prefs, hospital_prefs, capacities
        )
        hindex = {h: i for i, h in enumerate(hnames)}
        if not isinstance(matching, Mapping):
            raise _invalid("matching", "expected a mapping resident -> hospital (or None)")
        m = []
        for r in rnames:
            h = matching.get(r)
            if h is None:
                m.append(-1)
            elif h in hindex:
                m.append(hindex[h])
            else:
                raise _invalid(f"matching[{r!r}]", f"unknown hospital {h!r}")
        matching = m
    rp, ri, rr, hp, hi, hr, cap = _stable_args(resident_prefs, hospital_prefs, capacities)
    pairs = _core._blocking_pairs(rp, ri, rr, hp, hi, hr, cap, _int_vector(matching, "matching"))
    out = [(int(r), int(h)) for r, h in pairs.tolist()]
    if named:
        return [(rnames[r], hnames[h]) for r, h in out]
    return out


def is_stable(resident_prefs: Any, hospital_prefs: Any, capacities: Any, matching: Any) -> bool:
    """True when :func:`blocking_pairs` finds none."""
    return not blocking_pairs(resident_prefs, hospital_prefs, capacities, matching)
