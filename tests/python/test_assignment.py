"""Assignment solvers against SciPy and brute force; stable matching against `matching`."""
from __future__ import annotations

import itertools
import threading
import warnings

import numpy as np
import pytest

import homeward

scipy_optimize = pytest.importorskip("scipy.optimize")
sp = pytest.importorskip("scipy.sparse")
csgraph = pytest.importorskip("scipy.sparse.csgraph")


def _scipy_total(cost, maximize=False):
    r, c = scipy_optimize.linear_sum_assignment(cost, maximize=maximize)
    return np.asarray(cost, dtype=float)[r, c].sum()


def _check_form(cost, rows, cols):
    cost = np.asarray(cost, dtype=float)
    k = min(cost.shape)
    assert rows.dtype == np.int64 and cols.dtype == np.int64
    assert rows.shape == (k,) and cols.shape == (k,)
    assert np.all(np.diff(rows) > 0)
    assert len(set(cols.tolist())) == k
    if k:
        assert np.isfinite(cost[rows, cols]).all()


# ---------------------------------------------------------------------------
# Dense


def test_against_scipy_thousands_of_instances():
    rng = np.random.default_rng(2024)
    n_feasible = n_infeasible = 0
    for trial in range(4000):
        n = int(rng.integers(1, 9))
        m = int(rng.integers(1, 9))
        kind = trial % 4
        if kind == 0:  # continuous
            cost = rng.random((n, m)) * 100
        elif kind == 1:  # heavy ties
            cost = rng.integers(0, 3, (n, m)).astype(float)
        elif kind == 2:  # forbidden pairs
            cost = rng.integers(0, 20, (n, m)).astype(float)
            cost[rng.random((n, m)) < 0.4] = np.inf
        else:  # all equal
            cost = np.full((n, m), 7.0)
        maximize = trial % 7 == 3 and kind != 2
        try:
            ref = _scipy_total(cost, maximize)
        except ValueError:
            n_infeasible += 1
            with pytest.raises(homeward.InfeasibleError):
                homeward.linear_sum_assignment(cost, maximize=maximize)
            continue
        n_feasible += 1
        rows, cols = homeward.linear_sum_assignment(cost, maximize=maximize)
        _check_form(cost, rows, cols)
        assert cost[rows, cols].sum() == pytest.approx(ref, rel=1e-12, abs=1e-9)
    assert n_feasible > 3000 and n_infeasible > 30


def test_against_scipy_medium_instances():
    rng = np.random.default_rng(7)
    for trial in range(60):
        n = int(rng.integers(20, 120))
        m = n + int(rng.integers(-10, 30))
        m = max(m, 1)
        cost = rng.integers(0, 5 if trial % 2 else 10**6, (n, m)).astype(float)
        rows, cols = homeward.linear_sum_assignment(cost)
        _check_form(cost, rows, cols)
        assert cost[rows, cols].sum() == pytest.approx(_scipy_total(cost))


@pytest.mark.parametrize("shape", ["uniform", "row offsets", "column offsets", "sums", "geometric",
                                   "normal", "forbidden", "integers 0..3"])
def test_large_square_matrices_against_scipy(shape):
    """From 256 x 256, square matrices take the candidate method with an optimality proof
    (or LAPJV when it does not pay): the optimum equals SciPy's for every cost shape,
    minimising and maximising, and the answer is the same on every call."""
    rng = np.random.default_rng(sum(map(ord, shape)))
    for n in (256, 400):
        a, b, a2, b2 = (rng.random(n) for _ in range(4))
        if shape == "uniform":
            cost = rng.random((n, n))
        elif shape == "row offsets":
            cost = rng.random((n, n)) + 100 * a[:, None]
        elif shape == "column offsets":
            cost = rng.random((n, n)) + 100 * b[None, :]
        elif shape == "sums":
            cost = a[:, None] + b[None, :] + 1e-3 * rng.random((n, n))
        elif shape == "geometric":
            cost = np.hypot(a[:, None] - b[None, :], a2[:, None] - b2[None, :])
        elif shape == "normal":
            cost = rng.normal(size=(n, n)) * 1e6
        elif shape == "forbidden":
            cost = rng.random((n, n))
            cost[rng.random((n, n)) < 0.6] = np.inf
            np.fill_diagonal(cost, rng.random(n))
        else:
            cost = rng.integers(0, 4, (n, n)).astype(float)
        for maximize in (False, True):
            c = np.where(np.isinf(cost), -np.inf, cost) if maximize else cost
            rows, cols = homeward.linear_sum_assignment(c, maximize=maximize)
            _check_form(c, rows, cols)
            assert c[rows, cols].sum() == pytest.approx(_scipy_total(c, maximize), rel=1e-12, abs=1e-9)
            again = homeward.linear_sum_assignment(c, maximize=maximize)
            assert np.array_equal(again[1], cols)


def test_large_square_planted_optimum_and_errors():
    n = 500
    rng = np.random.default_rng(5)
    perm = rng.permutation(n)
    offsets = rng.integers(0, 100, n) * 1000.0
    cost = offsets[:, None] + 1.0 + rng.random((n, n))
    cost[np.arange(n), perm] = offsets
    rows, cols = homeward.linear_sum_assignment(cost)
    assert cols.tolist() == perm.tolist()
    assert cost[rows, cols].sum() == offsets.sum()
    cost[123, 456] = np.nan
    with pytest.raises(homeward.InvalidArgumentError) as e:
        homeward.linear_sum_assignment(cost)
    assert e.value.field == "cost[123][456]"
    cost[123, 456] = 1.5
    cost[10:15, :] = np.inf
    cost[10:15, 20:24] = 1.0
    with pytest.raises(homeward.InfeasibleError) as inf:
        homeward.linear_sum_assignment(cost)
    assert "[10, 11, 12, 13, 14]" in str(inf.value) and "[20, 21, 22, 23]" in str(inf.value)


def test_scipy_example_and_input_forms():
    cost = [[4, 1, 3], [2, 0, 5], [3, 2, 2]]
    rows, cols = homeward.linear_sum_assignment(cost)
    assert rows.tolist() == [0, 1, 2]
    assert cols.tolist() == [1, 0, 2]
    for arr in (np.array(cost, dtype=np.int32), np.array(cost, dtype=np.float32),
                np.array(cost, dtype=np.uint8), np.asfortranarray(np.array(cost, dtype=float)),
                np.array(cost, dtype=float)[:, ::1]):
        r, c = homeward.linear_sum_assignment(arr)
        assert np.asarray(cost)[r, c].sum() == 5
    b = np.array([[True, False], [False, True]])
    r, c = homeward.linear_sum_assignment(b)
    sr, sc = scipy_optimize.linear_sum_assignment(b)
    assert b[r, c].sum() == b[sr, sc].sum() == 0
    r, c = homeward.linear_sum_assignment(b, maximize=True)
    assert b[r, c].sum() == 2
    # A non-contiguous view.
    big = np.arange(36, dtype=float).reshape(6, 6) % 7
    view = big[::2, 1::2]
    r, c = homeward.linear_sum_assignment(view)
    assert view[r, c].sum() == pytest.approx(_scipy_total(view))


@pytest.mark.parametrize("shape", [(0, 0), (0, 3), (3, 0)])
def test_empty_shapes_like_scipy(shape):
    rows, cols = homeward.linear_sum_assignment(np.zeros(shape))
    srows, scols = scipy_optimize.linear_sum_assignment(np.zeros(shape))
    assert rows.shape == srows.shape == (0,)
    assert cols.shape == scols.shape == (0,)
    assert rows.dtype == np.int64


def test_one_by_one():
    assert [a.tolist() for a in homeward.linear_sum_assignment([[3.5]])] == [[0], [0]]
    with pytest.raises(homeward.InfeasibleError):
        homeward.linear_sum_assignment([[np.inf]])


@pytest.mark.parametrize(
    "bad",
    [
        [1, 2, 3],  # 1-D
        np.zeros((2, 2, 2)),  # 3-D
        [[1, 2], [3]],  # ragged
        [["a", "b"], ["c", "d"]],  # strings
        [[1 + 1j, 2], [3, 4]],  # complex
        [[object(), 1], [2, 3]],  # objects
        5.0,  # scalar
    ],
)
def test_bad_inputs_are_value_errors(bad):
    with pytest.raises(homeward.InvalidArgumentError) as info:
        homeward.linear_sum_assignment(bad)
    assert isinstance(info.value, ValueError)
    assert info.value.field == "cost"


def test_nan_and_minus_inf_name_the_cell():
    cost = np.ones((4, 9))
    cost[3, 7] = np.nan
    with pytest.raises(homeward.InvalidArgumentError) as info:
        homeward.linear_sum_assignment(cost)
    assert info.value.field == "cost[3][7]"
    cost[3, 7] = -np.inf
    with pytest.raises(homeward.InvalidArgumentError) as info:
        homeward.linear_sum_assignment(cost)
    assert info.value.field == "cost[3][7]"
    # When maximising, -inf forbids a pair and +inf is the error (as SciPy).
    r, c = homeward.linear_sum_assignment(cost, maximize=True)
    assert (r, c) is not None and not (3, 7) in set(zip(r.tolist(), c.tolist()))
    cost[3, 7] = np.inf
    with pytest.raises(homeward.InvalidArgumentError):
        homeward.linear_sum_assignment(cost, maximize=True)


def test_infeasible_message_names_a_witness():
    inf = np.inf
    cost = np.array([[1, 2, inf, inf], [3, 1, inf, inf], [2, 2, inf, inf], [5, 5, 5, 5]])
    with pytest.raises(homeward.InfeasibleError) as info:
        homeward.linear_sum_assignment(cost)
    msg = str(info.value)
    assert "[0, 1, 2]" in msg and "[0, 1]" in msg
    assert info.value.field == "cost"
    with pytest.raises(ValueError):  # also a ValueError, like SciPy's
        homeward.linear_sum_assignment(cost)


def test_releases_the_gil():
    # Another thread makes progress while a solve runs.
    cost = np.random.default_rng(0).random((1500, 1500))
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(1)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        before = len(ticks)
        homeward.linear_sum_assignment(cost)
        during = len(ticks) - before
    finally:
        stop.set()
        t.join()
    assert during > 0


# ---------------------------------------------------------------------------
# Sparse


def _random_sparse(rng, n, m, density, feasible=True):
    mask = rng.random((n, m)) < density
    if feasible:
        k = min(n, m)
        perm = rng.permutation(max(n, m))[:k]
        if n <= m:
            mask[np.arange(k), perm] = True
        else:
            mask[perm, np.arange(k)] = True
    cost = rng.integers(1, 50, (n, m)).astype(float)
    return cost, mask


def test_sparse_against_scipy():
    rng = np.random.default_rng(11)
    for trial in range(300):
        n = int(rng.integers(1, 30))
        m = int(rng.integers(1, 30))
        cost, mask = _random_sparse(rng, n, m, 0.2)
        dense = np.where(mask, cost, np.inf)
        rows, cols = np.nonzero(mask)
        fmt = [sp.csr_matrix, sp.csr_array, sp.coo_matrix, sp.csc_matrix][trial % 4]
        mat = fmt((cost[rows, cols], (rows, cols)), shape=(n, m))
        r, c = homeward.sparse_linear_sum_assignment(mat)
        _check_form(dense, r, c)
        total = dense[r, c].sum()
        assert total == pytest.approx(_scipy_total(dense))
        sr, sc = csgraph.min_weight_full_bipartite_matching(sp.csr_matrix(mat))
        assert total == pytest.approx(cost[sr, sc].sum())
        if trial % 10 == 0:
            r2, c2 = homeward.sparse_linear_sum_assignment(mat, maximize=True)
            assert dense[r2, c2].sum() == pytest.approx(
                -_scipy_total(np.where(mask, -cost, np.inf)))


def test_sparse_triple_and_explicit_zeros():
    data = np.array([0.0, 1.0, 2.0])
    indices = np.array([1, 0, 1])
    indptr = np.array([0, 1, 3])
    r, c = homeward.sparse_linear_sum_assignment((data, indices, indptr))
    assert r.tolist() == [0, 1] and c.tolist() == [1, 0]
    r, c = homeward.sparse_linear_sum_assignment((data, indices, indptr), shape=(2, 5))
    assert c.tolist() == [1, 0]


def test_sparse_bad_inputs():
    with pytest.raises(homeward.InvalidArgumentError):
        homeward.sparse_linear_sum_assignment(np.ones((2, 2)))
    bad = sp.csr_matrix((np.array([1.0, 2.0]), np.array([0, 0]), np.array([0, 2, 2])), shape=(2, 2))
    with pytest.raises(homeward.InvalidArgumentError) as info:  # duplicate column in a row
        homeward.sparse_linear_sum_assignment(bad)
    assert info.value.field == "indices[1]"
    nan = sp.csr_matrix((np.array([np.nan]), np.array([0]), np.array([0, 1])), shape=(1, 1))
    with pytest.raises(homeward.InvalidArgumentError) as info:
        homeward.sparse_linear_sum_assignment(nan)
    assert info.value.field == "data[0]"
    with pytest.raises(homeward.InvalidArgumentError):
        homeward.sparse_linear_sum_assignment((np.ones(1), np.array([3]), np.array([0, 1])), shape=(1, 2))
    with pytest.raises(homeward.InfeasibleError):
        homeward.sparse_linear_sum_assignment(sp.csr_matrix((2, 2)))
    r, c = homeward.sparse_linear_sum_assignment(sp.csr_matrix((0, 3)))
    assert r.shape == (0,) and c.shape == (0,)


# ---------------------------------------------------------------------------
# Capacitated


def _brute_capacitated(cost, cap):
    n, m = cost.shape
    best = (-1, np.inf)
    for choice in itertools.product(range(-1, m), repeat=n):
        load = np.zeros(m, int)
        total, k, ok = 0.0, 0, True
        for i, j in enumerate(choice):
            if j < 0:
                continue
            if not np.isfinite(cost[i, j]):
                ok = False
                break
            load[j] += 1
            total += cost[i, j]
            k += 1
        if not ok or (load > cap).any():
            continue
        if k > best[0] or (k == best[0] and total < best[1] - 1e-9):
            best = (k, total)
    return best


def test_capacitated_brute_force():
    rng = np.random.default_rng(5)
    for trial in range(250):
        n = int(rng.integers(1, 6))
        m = int(rng.integers(1, 4))
        cost = rng.integers(0, 4 if trial % 2 else 100, (n, m)).astype(float)
        cost[rng.random((n, m)) < 0.25] = np.inf
        cap = rng.integers(0, 3, m)
        res = homeward.capacitated_assignment(cost, cap)
        k, total = _brute_capacitated(cost, cap)
        assert res.matched == k
        assert res.total_cost == pytest.approx(total)
        assert res.assigned.dtype == np.int64
        a = res.assigned
        assert (np.bincount(a[a >= 0], minlength=m) <= cap).all()
        mask = np.isfinite(cost)
        rows, cols = np.nonzero(mask)
        sres = homeward.capacitated_assignment(sp.csr_matrix((cost[rows, cols], (rows, cols)), shape=(n, m)), cap)
        assert sres.matched == k and sres.total_cost == pytest.approx(total)


def test_capacitated_against_scipy_expansion():
    # When everyone fits, the optimum equals SciPy's on columns repeated by capacity.
    rng = np.random.default_rng(9)
    for _ in range(20):
        n, m = 60, 7
        cost = rng.integers(0, 30, (n, m)).astype(float)
        cap = rng.integers(8, 15, m)
        res = homeward.capacitated_assignment(cost, cap)
        expanded = np.repeat(cost, cap, axis=1)
        assert res.matched == n
        assert res.total_cost == pytest.approx(_scipy_total(expanded))


def test_capacitated_bad_inputs():
    with pytest.raises(homeward.InvalidArgumentError) as info:
        homeward.capacitated_assignment([[1, 2]], [1, -1])
    assert info.value.field == "capacity[1]"
    with pytest.raises(homeward.InvalidArgumentError):
        homeward.capacitated_assignment([[1, 2]], [1])
    with pytest.raises(homeward.InvalidArgumentError) as info:
        homeward.capacitated_assignment([[1, 2]], [1, 1.5])
    assert info.value.field == "capacity[1]"
    with pytest.raises(homeward.InvalidArgumentError) as info:
        homeward.capacitated_assignment([[1, np.nan]], [1, 1])
    assert info.value.field == "cost[0][1]"
    with pytest.raises(homeward.InvalidArgumentError):
        homeward.capacitated_assignment([[1, 2], [3]], [1, 1])
    res = homeward.capacitated_assignment(np.zeros((3, 0)), [])
    assert res.assigned.tolist() == [-1, -1, -1] and res.matched == 0


def test_warm_solver_matches_fresh_solves():
    rng = np.random.default_rng(3)
    n, m = 300, 20
    cost = rng.integers(0, 100, (n, m)).astype(float)
    cost[rng.random((n, m)) < 0.3] = np.inf
    cap = rng.integers(5, 15, m)
    solver = homeward.CapacitatedSolver(cost, cap)
    first = solver.solve()
    assert first.total_cost == pytest.approx(homeward.capacitated_assignment(cost, cap).total_cost)
    active = np.ones(n, bool)
    for step in range(30):
        kind = step % 3
        if kind == 0:
            r = int(rng.integers(0, cost.shape[0]))
            solver.remove_row(r)
            active[r] = False
        elif kind == 1:
            j = int(rng.integers(0, m))
            cap[j] = int(rng.integers(0, 16))
            solver.set_capacity(j, int(cap[j]))
        else:
            row = rng.integers(0, 100, m).astype(float)
            assert solver.add_row(row) == cost.shape[0]
            cost = np.vstack([cost, row])
            active = np.append(active, True)
        warm = solver.solve()
        ref_cost = np.where(active[:, None], cost, np.inf)
        fresh = homeward.capacitated_assignment(ref_cost, cap)
        assert warm.matched == fresh.matched
        assert warm.total_cost == pytest.approx(fresh.total_cost)
        assert (warm.assigned[~active] == -1).all()


def test_warm_solver_bad_inputs():
    s = homeward.CapacitatedSolver([[1.0, 2.0]], [1, 1])
    with pytest.raises(homeward.InvalidArgumentError):
        s.remove_row(3)
    with pytest.raises(homeward.InvalidArgumentError):
        s.remove_row(-1)
    with pytest.raises(homeward.InvalidArgumentError):
        s.set_capacity(0, -2)
    with pytest.raises(homeward.InvalidArgumentError):
        s.add_row([1.0])
    with pytest.raises(homeward.InvalidArgumentError):
        s.add_row([1.0], cols=[7])
    with pytest.raises(homeward.InvalidArgumentError):
        s.add_row([np.nan, 1.0])
    assert s.solve().matched == 1
    assert "CapacitatedSolver" in repr(s)


# ---------------------------------------------------------------------------
# Stable matching


def _random_prefs(rng, nr, nh, p=0.8):
    acceptable = rng.random((nr, nh)) < p
    # The `matching` package needs every list non-empty.
    acceptable[np.arange(nr), rng.integers(0, nh, nr)] = True
    acceptable[rng.integers(0, nr, nh), np.arange(nh)] = True
    res = [[int(h) for h in rng.permutation(np.flatnonzero(acceptable[r]))] for r in range(nr)]
    hosp = [[int(r) for r in rng.permutation(np.flatnonzero(acceptable[:, h]))] for h in range(nh)]
    cap = rng.integers(1, 4, nh).tolist()
    return res, hosp, cap


def _blocking(res, hosp, cap, match):
    count = 0
    for r, lst in enumerate(res):
        for h in lst:
            if r not in hosp[h] or match[r] == h:
                continue
            if match[r] >= 0 and lst.index(h) > lst.index(match[r]):
                continue
            held = [q for q in range(len(res)) if match[q] == h]
            if len(held) < cap[h] or any(hosp[h].index(r) < hosp[h].index(q) for q in held):
                count += 1
    return count


def test_stable_against_matching_package():
    games = pytest.importorskip("matching.games")
    rng = np.random.default_rng(42)
    for trial in range(40):
        nr, nh = int(rng.integers(2, 15)), int(rng.integers(1, 5))
        res, hosp, cap = _random_prefs(rng, nr, nh)
        for optimal in ("resident", "hospital"):
            ours = homeward.stable_match(res, hosp, cap, optimal=optimal)
            assert _blocking(res, hosp, cap, ours.resident_hospital.tolist()) == 0
            assert homeward.is_stable(res, hosp, cap, ours.resident_hospital)
            rp = {f"r{r}": [f"h{h}" for h in lst] for r, lst in enumerate(res)}
            hp = {f"h{h}": [f"r{r}" for r in lst] for h, lst in enumerate(hosp)}
            cp = {f"h{h}": c for h, c in enumerate(cap)}
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                game = games.HospitalResident.create_from_dictionaries(rp, hp, cp)
                sol = game.solve(optimal=optimal)
            theirs = {r.name: h.name for h, rs in sol.items() for r in rs}
            # The side-optimal stable matching is unique, so both must agree.
            named = homeward.stable_match(rp, hp, cp, optimal=optimal)
            assert {r: h for r, h in named.resident_hospital.items() if h is not None} == theirs


def test_stable_named_and_ties():
    rp = {"ann": ["oak", "elm"], "bob": [("oak", "elm")], "cy": ["elm"]}
    hp = {"oak": ["bob", "ann"], "elm": [["ann", "bob", "cy"]]}
    caps = {"oak": 1, "elm": 1}
    m = homeward.stable_match(rp, hp, caps)
    assert m.resident_hospital["bob"] == "oak"
    assert homeward.is_stable(rp, hp, caps, m.resident_hospital)
    bp = homeward.blocking_pairs(rp, hp, caps, {"ann": "elm", "bob": None, "cy": None})
    assert ("bob", "oak") in bp


def test_stable_bad_inputs():
    with pytest.raises(homeward.InvalidArgumentError) as info:
        homeward.stable_match([[0, 5]], [[0]], [1])
    assert info.value.field == "resident_prefs[0][1]"
    with pytest.raises(homeward.InvalidArgumentError) as info:
        homeward.stable_match([[0]], [[0]], [-1])
    assert info.value.field == "capacity[0]"
    with pytest.raises(homeward.InvalidArgumentError):
        homeward.stable_match([[0]], [[0]], [1], optimal="both")
    with pytest.raises(homeward.InvalidArgumentError):
        homeward.stable_match([["x"]], [[0]], [1])
    with pytest.raises(homeward.InvalidArgumentError):
        homeward.stable_match({"a": ["z"]}, {"h": ["a"]}, {"h": 1})
    with pytest.raises(homeward.InvalidArgumentError):
        homeward.blocking_pairs([[0]], [[0]], [1], [3])
    empty = homeward.stable_match([], [], [])
    assert empty.resident_hospital.shape == (0,)


def test_dense_tie_rule_free_column_among_tied_minima():
    # Row 3's least cost is shared by taken columns 0, 1 and free column 3: it takes
    # column 3 (docs/assignment.md, tie-breaking). SciPy may pick another optimum.
    cost = np.array([[0, 5, 5, 5], [5, 0, 5, 5], [0, 0, 0, 5], [0, 0, 5, 5]], dtype=float)
    rows, cols = homeward.linear_sum_assignment(cost)
    assert rows.tolist() == [0, 1, 2, 3]
    assert cols.tolist() == [0, 1, 2, 3]
    assert cost[rows, cols].sum() == 5.0


def test_dense_many_ties_match_scipy_total():
    from scipy.optimize import linear_sum_assignment as scipy_lsa

    rng = np.random.default_rng(12)
    for n in (300, 700):
        for hi in (2, 101):
            cost = rng.integers(0, hi, (n, n)).astype(float)
            r, c = homeward.linear_sum_assignment(cost)
            sr, sc = scipy_lsa(cost)
            assert cost[r, c].sum() == cost[sr, sc].sum()
            assert sorted(c.tolist()) == list(range(n))
