"""Ranked alternatives, rules and maximum-cardinality mode against brute force."""
from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest

import homeward

INF = float("inf")


def _all_solutions(c: np.ndarray, cap: list[int]) -> list[tuple[int, float, tuple[int, ...]]]:
    """Every feasible solution as (matched, cost, assignment), best first."""
    n, m = c.shape
    out = []
    for a in itertools.product(range(-1, m), repeat=n):
        if any(j >= 0 and not np.isfinite(c[i, j]) for i, j in enumerate(a)):
            continue
        if any(a.count(j) > cap[j] for j in range(m)):
            continue
        matched = sum(1 for j in a if j >= 0)
        cost = 0.0
        for i, j in enumerate(a):
            if j >= 0:
                cost += float(c[i, j])
        out.append((matched, cost, a))
    out.sort(key=lambda s: (-s[0], s[1]))
    return out


def _instance(rng: np.random.Generator) -> tuple[np.ndarray, list[int]]:
    n, m = int(rng.integers(1, 6)), int(rng.integers(1, 4))
    c = rng.integers(-2, 7, size=(n, m)).astype(float)
    c[rng.random((n, m)) < 0.2] = INF
    cap = [int(x) for x in rng.integers(0, 3, size=m)]
    return c, cap


def test_k_best_against_brute_force() -> None:
    rng = np.random.default_rng(1)
    for trial in range(300):
        c, cap = _instance(rng)
        k = 1 + trial % 9
        want = _all_solutions(c, cap)
        got = homeward.k_best_assignments(c, cap, k)
        assert len(got) == min(k, len(want))
        seen = set()
        for g, w in zip(got, want):
            assert (g.matched, g.total_cost) == pytest.approx((w[0], w[1]))
            key = tuple(int(x) for x in g.assigned)
            assert key not in seen
            seen.add(key)
            assert key in {s[2] for s in want}


def test_k_best_sparse_input_matches_dense() -> None:
    import scipy.sparse as sp

    rng = np.random.default_rng(2)
    for _ in range(50):
        c, cap = _instance(rng)
        finite = np.isfinite(c)
        data = np.where(finite, c, 0.0)
        rows, cols = np.nonzero(finite)
        m = sp.csr_array((data[rows, cols], (rows, cols)), shape=c.shape)
        m.data[m.data == 0] = 0.0  # explicit zeros stay allowed pairs
        a = homeward.k_best_assignments(c, cap, 5)
        b = homeward.k_best_assignments(m, cap, 5)
        assert [(x.matched, x.total_cost) for x in a] == [(x.matched, x.total_cost) for x in b]


def test_rules_against_brute_force() -> None:
    rng = np.random.default_rng(3)
    for _ in range(300):
        c, cap = _instance(rng)
        n, m = c.shape
        must: list[Any] = []
        must_not: list[Any] = []
        for _ in range(int(rng.integers(1, 3))):
            r = int(rng.integers(0, n))
            col = int(rng.integers(-1, m))
            (must if rng.random() < 0.5 else must_not).append((r, None if col < 0 else col))
        got = homeward.capacitated_assignment_with(c, cap, must=must, must_not=must_not)

        def ok(a: tuple[int, ...], must: list[Any] = must, must_not: list[Any] = must_not) -> bool:
            return all(a[r] == (-1 if j is None else j) for r, j in must) and all(
                a[r] != (-1 if j is None else j) for r, j in must_not
            )

        want = [s for s in _all_solutions(c, cap) if ok(s[2])]
        assert (got is None) == (not want)
        if got is not None:
            assert (got.matched, got.total_cost) == pytest.approx(want[0][:2])
            assert ok(tuple(int(x) for x in got.assigned))


def test_row_alternatives_against_brute_force() -> None:
    rng = np.random.default_rng(4)
    for _ in range(200):
        c, cap = _instance(rng)
        best = homeward.capacitated_assignment(c, cap)
        alts = homeward.row_alternatives(c, cap, best)
        sols = _all_solutions(c, cap)
        for r, alt in enumerate(alts):
            mine = int(best.assigned[r])
            want = [s for s in sols if s[2][r] != mine and (mine >= 0 or s[2][r] >= 0)]
            assert alt.exists == bool(want)
            if want:
                assert alt.solution is not None
                assert alt.col == int(alt.solution.assigned[r]) != mine
                assert alt.matched_change == want[0][0] - best.matched
                assert alt.cost_change == pytest.approx(want[0][1] - best.total_cost)


def test_max_cardinality_against_brute_force_and_scipy() -> None:
    import scipy.sparse as sp
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    rng = np.random.default_rng(5)
    for trial in range(200):
        c, _ = _instance(rng)
        n, m = c.shape
        maximize = trial % 2 == 1
        finite = np.isfinite(c)
        rows, cols = np.nonzero(finite)
        mat = sp.csr_array((c[rows, cols] + 10.0, (rows, cols)), shape=c.shape)  # no zeros
        res = homeward.sparse_max_cardinality_assignment(mat, maximize=maximize)
        signed = np.where(finite, -(c + 10.0) if maximize else c + 10.0, INF)
        want = _all_solutions(signed, [1] * m)[0]
        assert len(res.row_ind) == want[0]
        assert sorted([*res.row_ind.tolist(), *res.unmatched_rows.tolist()]) == list(range(n))
        total = float(sum(c[i, j] + 10.0 for i, j in zip(res.row_ind, res.col_ind)))
        assert res.total_cost == pytest.approx(total)
        assert (-total if maximize else total) == pytest.approx(want[1])
        # Where the smaller side can be fully matched, the same optimum as SciPy's.
        if want[0] == min(n, m):
            r2, c2 = min_weight_full_bipartite_matching(mat, maximize=maximize)
            assert total == pytest.approx(float(mat[r2, c2].sum()))


def test_ranked_input_errors() -> None:
    with pytest.raises(homeward.InvalidArgumentError) as info:
        homeward.k_best_assignments([[1.0, 2.0]], [1, -1], 3)
    assert info.value.field == "capacity[1]"
    with pytest.raises(homeward.InvalidArgumentError) as info:
        homeward.capacitated_assignment_with([[1.0, 2.0]], [1, 1], must=[(3, 0)])
    assert info.value.field == "rules[0].row"
    with pytest.raises(homeward.InvalidArgumentError):
        homeward.k_best_assignments([[1.0, 2.0]], [1, 1], -1)
    assert homeward.k_best_assignments([[1.0, 2.0]], [1, 1], 0) == []


def _places_input() -> dict[str, Any]:
    rng = np.random.default_rng(9)
    people = [
        {"id": f"P{i:04d}", "area": "Leeds", "risk": "low", "ready_date": "2026-03-02",
         "preferences": [f"SD-0{int(j)}" for j in rng.permutation(3)[:2] + 1]}
        for i in range(1, 6)
    ]
    places = [
        {"id": f"SD-0{j}", "area": "Leeds", "beds": 2, "max_risk": "high",
         "free_date": f"2026-03-0{2 + j}"}
        for j in range(1, 4)
    ]
    return {"people": people, "places": places}


def test_domain_ranked_and_alternatives() -> None:
    doc = _places_input()
    best = homeward.match_placements(doc)
    ranked = homeward.match_placements_ranked(doc, k=5)
    assert len(ranked) == 5
    assert ranked[0].total_cost == pytest.approx(best.total_cost)
    assert [r.rank for r in ranked] == [1, 2, 3, 4, 5]
    costs = [r.total_cost for r in ranked]
    assert costs == sorted(costs)
    assert [r.cost_change for r in ranked] == pytest.approx([c - costs[0] for c in costs])
    # Every match in the optimum names its best alternative and its cost.
    for m in best.matches:
        alt = best.alternative(m["person"])
        assert alt is not None
        assert alt["place"] != m["place"]
        # The alternative is exactly "the best allocation where P does not get X".
        w = homeward.match_placements_with(doc, must_not=[(m["person"], m["place"])])
        assert w is not None
        assert w.total_cost - best.total_cost == pytest.approx(alt["cost_change"])
        assert w.rank == 0 and w.cost_change == pytest.approx(alt["cost_change"])
        assert "Best alternative" in best.explain(m["person"])
    # must: a person gets a given place.
    w = homeward.match_placements_with(doc, must=[("P0001", "SD-03")])
    assert w is not None
    assert any(m["person"] == "P0001" and m["place"] == "SD-03" for m in w.matches)
    assert homeward.match_placements_with(
        doc, must=[("P0001", "SD-03"), ("P0002", "SD-03"), ("P0003", "SD-03")]
    ) is None
    with pytest.raises(homeward.NotFoundError):
        homeward.match_placements_with(doc, must=[("P9999", "SD-03")])
    with pytest.raises(homeward.InvalidArgumentError):
        homeward.match_placements_ranked(doc, k=2, options={"method": "stable"})


def test_domain_workers_ranked() -> None:
    people = [{"id": f"P{i:04d}", "area": "Leeds", "risk": "low", "ready_date": "2026-03-02"}
              for i in range(1, 5)]
    workers = [{"id": f"W-NAV-0{j}", "role": "pathway_navigator", "areas": ["Leeds"],
                "caseload_limit": 3, "current_load": j} for j in range(1, 3)]
    best = homeward.allocate_workers(people, workers)
    ranked = homeward.allocate_workers_ranked(people, workers, k=4)
    assert ranked[0].total_cost == pytest.approx(best.total_cost)
    assert all(a.total_cost <= b.total_cost + 1e-9 for a, b in zip(ranked, ranked[1:])
               if len(a.matches) == len(b.matches))
    w = homeward.allocate_workers_with(people, workers, must_not=[("P0001", "W-NAV-01")])
    assert w is not None
    assert not any(m["person"] == "P0001" and m["worker"] == "W-NAV-01" for m in w.matches)


def test_ranked_and_rule_forms_read_a_path_like_match_placements(tmp_path) -> None:
    """os.PathLike is a file for every matching entry point (str/bytes are text)."""
    import json

    doc = _places_input()
    path = tmp_path / "input.json"
    path.write_text(json.dumps(doc))
    ranked_text = [r.to_json() for r in homeward.match_placements_ranked(doc, k=3)]
    assert [r.to_json() for r in homeward.match_placements_ranked(path, k=3)] == ranked_text
    assert [r.to_json() for r in homeward.match_placements_ranked(path.read_bytes(), k=3)] == ranked_text
    with_text = homeward.match_placements_with(doc, must=[("P0001", "SD-03")])
    with_path = homeward.match_placements_with(path, must=[("P0001", "SD-03")])
    assert with_text is not None and with_path is not None
    assert with_path.to_json() == with_text.to_json()
    with pytest.raises(homeward.ParseError):  # a str is text, never a path
        homeward.match_placements_ranked(str(path), k=3)
    with pytest.raises(homeward.HomewardIOError):
        homeward.match_placements_with(tmp_path / "missing.json", must=[("P0001", "SD-03")])
    people = [{"id": "P0001", "area": "Leeds", "risk": "low", "ready_date": "2026-03-02"}]
    workers = [{"id": "W-NAV-01", "role": "pathway_navigator", "areas": ["Leeds"],
                "caseload_limit": 3, "current_load": 1}]
    wpath = tmp_path / "workers.json"
    wpath.write_text(json.dumps({"people": people, "workers": workers}))
    ranked_workers = [r.to_json() for r in homeward.allocate_workers_ranked(people, workers, k=1)]
    assert [r.to_json() for r in homeward.allocate_workers_ranked(wpath, k=1)] == ranked_workers
    from_text = homeward.allocate_workers_with(people, workers)
    from_path = homeward.allocate_workers_with(wpath)
    assert from_text is not None and from_path is not None
    assert from_path.to_json() == from_text.to_json()
