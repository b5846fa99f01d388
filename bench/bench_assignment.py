"""Benchmarks of homeward's solvers against their peers, in the same run.

    python bench/bench_assignment.py                 # everything (~3 minutes on 2 cores)
    python bench/bench_assignment.py dense sparse    # some sections
    python bench/bench_assignment.py --quick         # smaller sizes, a smoke run

Sections:
  dense       random uniform n x n, n = 1000, 2000, 5000, vs scipy.optimize.linear_sum_assignment
  sparse      20,000 x 20,000, ~20 allowed pairs per row, vs
              scipy.sparse.csgraph.min_weight_full_bipartite_matching
  capacitated 5,000 people x 500 workers, caseloads 8-15, integer costs,
              vs OR-Tools SimpleMinCostFlow (pip install ortools)
  warm        the same, re-solve after one change vs solving from scratch
  stable      10,000 residents x 500 places, full lists, vs the `matching` package
  peers       the fastest peers a user could pick instead: dense 1000/2000/5000 (uniform,
              integers 0..100) vs lap.lapjv; sparse 20,000 (~20/row, integer and uniform
              costs) and 100,000 (~10/row) vs scipy, lap.lapmod, OR-Tools LinearSumAssignment
              (pip install lap ortools); the minimum of several alternating runs
              (peers_dense and peers_sparse run either half)
  peers_shapes structured dense costs (row offsets, column offsets, sums + noise,
              geometric) at 1000 and 2000 vs SciPy and lap.lapjv
  ranked      k = 10 best placements for 500 people x 50 places (capacitated, Murty), and
              the per-person alternatives of the optimum

Each figure is the median of several runs (wall clock, time.perf_counter), with the
minimum in brackets. Results are checked for equal optima before timing is reported.
Machine noise: run on an idle machine for stable figures.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time

import numpy as np

import homeward


def timed(fn, repeat):
    """(median wall, min wall, last result, median CPU seconds of this process)."""
    times, cpu, out = [], [], None
    for _ in range(repeat):
        c0 = time.process_time()
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(times), min(times), out, statistics.median(cpu)


def paired(ours_fn, peer_fn, repeat):
    """Alternate the two so that machine load affects both alike."""
    a, b = [], []
    for _ in range(repeat):
        a.append(timed(ours_fn, 1))
        b.append(timed(peer_fn, 1))

    def merge(xs):
        return (statistics.median(x[0] for x in xs), min(x[1] for x in xs), xs[-1][2],
                statistics.median(x[3] for x in xs))

    return merge(a), merge(b)


def fmt(med, mn):
    return f"{med:8.3f} s [{mn:.3f}]"


def report(name, ours, peer, peer_name):
    ratio = ours[0] / peer[0] if peer[0] > 0 else float("nan")
    cpu_ratio = ours[3] / peer[3] if peer[3] > 0 else float("nan")
    print(f"{name:<34} homeward {fmt(*ours[:2])}   {peer_name} {fmt(*peer[:2])}   "
          f"ratio {ratio:5.2f} (CPU {ours[3]:.3f}/{peer[3]:.3f} = {cpu_ratio:4.2f})")
    sys.stdout.flush()


def bench_dense(quick):
    from scipy.optimize import linear_sum_assignment as scipy_lsa

    sizes = [(300, 3), (600, 3)] if quick else [(1000, 5), (2000, 3), (5000, 2)]
    for n, rep in sizes:
        cost = np.random.default_rng(n).random((n, n))
        ours, peer = paired(lambda: homeward.linear_sum_assignment(cost), lambda: scipy_lsa(cost), rep)
        r, c = ours[2]
        sr, sc = peer[2]
        assert abs(cost[r, c].sum() - cost[sr, sc].sum()) <= 1e-9 * n, "optima differ"
        report(f"dense {n}x{n} uniform [0,1)", ours, peer, "scipy")
    # Integer costs with many ties (a harder case for JV's row reduction).
    n = 600 if quick else 2000
    cost = np.random.default_rng(1).integers(0, 100, (n, n)).astype(float)
    ours, peer = paired(lambda: homeward.linear_sum_assignment(cost), lambda: scipy_lsa(cost), 3)
    assert cost[ours[2]].sum() == cost[peer[2]].sum()
    report(f"dense {n}x{n} integers 0..99", ours, peer, "scipy")
    # Rectangular.
    n, m = (300, 900) if quick else (1000, 4000)
    cost = np.random.default_rng(2).random((n, m))
    ours, peer = paired(lambda: homeward.linear_sum_assignment(cost), lambda: scipy_lsa(cost), 3)
    assert abs(cost[ours[2]].sum() - cost[peer[2]].sum()) < 1e-7
    report(f"dense {n}x{m} uniform", ours, peer, "scipy")


def bench_sparse(quick):
    import scipy.sparse as sp
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    n = 4000 if quick else 20000
    k = 20
    rng = np.random.default_rng(3)
    rows = np.repeat(np.arange(n), k)
    cols = rng.integers(0, n, n * k)
    # Guarantee a full matching: add a random permutation.
    rows = np.concatenate([rows, np.arange(n)])
    cols = np.concatenate([cols, rng.permutation(n)])
    data = rng.integers(1, 1000, rows.size).astype(float)
    g = sp.csr_matrix((data, (rows, cols)), shape=(n, n))  # duplicates summed
    g.sum_duplicates()
    print(f"sparse graph: {n}x{n}, {g.nnz} allowed pairs ({g.nnz / n:.1f} per row)")
    ours, peer = paired(lambda: homeward.sparse_linear_sum_assignment(g),
                        lambda: min_weight_full_bipartite_matching(g), 3)
    r, c = ours[2]
    sr, sc = peer[2]
    assert abs(g[r, c].sum() - g[sr, sc].sum()) < 1e-6, "optima differ"
    report(f"sparse {n}x{n}, ~{k}/row", ours, peer, "scipy")


def _capacitated_instance(quick):
    n, m = (1000, 100) if quick else (5000, 500)
    rng = np.random.default_rng(4)
    cost = rng.integers(0, 1000, (n, m)).astype(float)
    cap = rng.integers(8, 16, m)  # 8..15
    return cost, cap


def _ortools_flow(cost, cap):
    from ortools.graph.python import min_cost_flow

    n, m = cost.shape
    smcf = min_cost_flow.SimpleMinCostFlow()
    source, sink = n + m, n + m + 1
    people = np.arange(n)
    tails = np.concatenate([np.full(n, source), np.repeat(people, m), n + np.arange(m)])
    heads = np.concatenate([people, np.tile(n + np.arange(m), n), np.full(m, sink)])
    caps = np.concatenate([np.ones(n, np.int64), np.ones(n * m, np.int64), cap.astype(np.int64)])
    costs = np.concatenate([np.zeros(n, np.int64), cost.astype(np.int64).ravel(), np.zeros(m, np.int64)])
    smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow = min(n, int(cap.sum()))
    smcf.set_node_supply(source, flow)
    smcf.set_node_supply(sink, -flow)
    status = smcf.solve()
    assert status == smcf.OPTIMAL, status
    return smcf.optimal_cost()


def bench_capacitated(quick):
    try:
        import ortools  # noqa: F401
    except ImportError:
        print("capacitated: ortools not installed (pip install ortools); skipped")
        return
    cost, cap = _capacitated_instance(quick)
    n, m = cost.shape
    ours, peer = paired(lambda: homeward.capacitated_assignment(cost, cap),
                        lambda: _ortools_flow(cost, cap), 3)
    assert ours[2].matched == min(n, cap.sum())
    assert ours[2].total_cost == peer[2], (ours[2].total_cost, peer[2])
    report(f"capacitated {n}x{m}, caps 8-15", ours, peer, "ortools")


def bench_warm(quick):
    cost, cap = _capacitated_instance(quick)
    n, m = cost.shape
    rng = np.random.default_rng(6)
    fresh_times, warm_times = [], []
    solver = homeward.CapacitatedSolver(cost, cap)
    solver.solve()
    current = cost.copy()
    active = np.ones(n, bool)
    caps = cap.copy()
    for step in range(6):
        kind = step % 3
        if kind == 0:  # a person leaves
            r = int(rng.integers(0, n))
            while not active[r]:
                r = int(rng.integers(0, n))
            solver.remove_row(r)
            active[r] = False
            what = "a person leaves"
        elif kind == 1:  # a person arrives
            row = rng.integers(0, 1000, m).astype(float)
            solver.add_row(row)
            current = np.vstack([current, row])
            active = np.append(active, True)
            what = "a person arrives"
        else:  # a bed frees
            j = int(rng.integers(0, m))
            caps[j] += 1
            solver.set_capacity(j, int(caps[j]))
            what = "a bed frees"
        t0 = time.perf_counter()
        warm = solver.solve()
        warm_times.append(time.perf_counter() - t0)
        ref = np.where(active[:, None], current, np.inf)
        t0 = time.perf_counter()
        fresh = homeward.capacitated_assignment(ref, caps)
        fresh_times.append(time.perf_counter() - t0)
        assert warm.matched == fresh.matched and warm.total_cost == fresh.total_cost
        print(f"  warm after '{what}': {warm_times[-1] * 1e3:7.2f} ms "
              f"({solver.last_rows_processed} rows reprocessed), fresh {fresh_times[-1] * 1e3:7.2f} ms")
    med_w, med_f = statistics.median(warm_times), statistics.median(fresh_times)
    print(f"{'warm re-solve ' + str(n) + 'x' + str(m):<34} homeward warm {med_w * 1e3:.2f} ms vs fresh "
          f"{med_f * 1e3:.2f} ms (x{med_f / med_w:.0f} faster)")


def _stable_instance(nr, nh, seed=8):
    rng = np.random.default_rng(seed)
    # Correlated preferences (a common popularity plus noise), full lists.
    pop_h = rng.random(nh)
    pop_r = rng.random(nr)
    res = np.argsort(-(pop_h[None, :] + rng.random((nr, nh))), axis=1)
    hosp = np.argsort(-(pop_r[None, :] + rng.random((nh, nr))), axis=1)
    cap = np.full(nh, max(1, nr // nh))
    return res, hosp, cap


def _matching_peer(res, hosp, cap):
    import threading
    import warnings

    from matching.games import HospitalResident

    nr = res.shape[0]
    rp = {r: [nr + int(h) for h in lst] for r, lst in enumerate(res.tolist())}
    hp = {nr + h: lst for h, lst in enumerate(hosp.tolist())}
    cp = {nr + h: int(c) for h, c in enumerate(cap)}

    def peer():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            game = HospitalResident.create_from_dictionaries(rp, hp, cp)
            return game.solve(optimal="resident")

    # The `matching` package deep-copies its players recursively: give it room.
    box = {}
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 30)
    t = threading.Thread(target=lambda: box.setdefault("r", timed(peer, 1)))
    t.start()
    t.join()
    med, mn, sol, cpu = box["r"]
    theirs = {r.name: h.name - nr for h, rs in sol.items() for r in rs}
    return med, mn, theirs, cpu


def bench_stable(quick, full_peer=False):
    try:
        import matching  # noqa: F401
    except ImportError:
        print("stable: the `matching` package is not installed; skipped")
        return
    # Both solvers on an instance the pure-Python peer finishes in well under a minute.
    nr, nh = (1000, 50) if quick else (2000, 100)
    res, hosp, cap = _stable_instance(nr, nh)
    ours = timed(lambda: homeward.stable_match(res, hosp, cap), 5)
    peer = _matching_peer(res, hosp, cap)
    assert all(peer[2].get(r, -1) == int(ours[2].resident_hospital[r]) for r in range(nr)), "differ"
    report(f"stable {nr}x{nh} full lists", ours, peer, "matching")
    # The target size: homeward from 2-D arrays and from Python lists.
    nr, nh = (2000, 100) if quick else (10000, 500)
    res, hosp, cap = _stable_instance(nr, nh, seed=9)
    ours_arr = timed(lambda: homeward.stable_match(res, hosp, cap), 3)
    res_l, hosp_l, cap_l = res.tolist(), hosp.tolist(), cap.tolist()
    ours_list = timed(lambda: homeward.stable_match(res_l, hosp_l, cap_l), 3)
    assert (ours_arr[2].resident_hospital == ours_list[2].resident_hospital).all()
    assert homeward.is_stable(res, hosp, cap, ours_arr[2].resident_hospital)
    print(f"{'stable ' + str(nr) + 'x' + str(nh) + ' full lists':<34} homeward {fmt(*ours_arr[:2])} (2-D arrays), "
          f"{fmt(*ours_list[:2])} (Python lists)")
    if full_peer:
        peer = _matching_peer(res, hosp, cap)
        report(f"stable {nr}x{nh} full lists", ours_arr, peer, "matching")


def best_of(fns, repeat):
    """Alternate the callables `repeat` times; the minimum wall time of each and its last
    result. The minimum is the figure least disturbed by other processes on a shared
    machine."""
    times = [[] for _ in fns]
    outs = [None] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            outs[i] = fn()
            times[i].append(time.perf_counter() - t0)
    return [min(t) for t in times], outs


def _sparse_instance(n, k, seed, uniform):
    import scipy.sparse as sp

    rng = np.random.default_rng(seed)
    rows = np.repeat(np.arange(n), k)
    cols = rng.integers(0, n, n * k)
    rows = np.concatenate([rows, np.arange(n)])  # a full matching exists
    cols = np.concatenate([cols, rng.permutation(n)])
    g = sp.coo_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n)).tocsr()
    g.sum_duplicates()
    g.sort_indices()
    g.data = rng.random(g.nnz) + 1e-3 if uniform else rng.integers(1, 1000, g.nnz).astype(float)
    return g


def _ortools_lsa(g):
    from ortools.graph.python import linear_sum_assignment as ol

    a = ol.SimpleLinearSumAssignment()
    rows = np.repeat(np.arange(g.shape[0]), np.diff(g.indptr))
    a.add_arcs_with_cost(rows, g.indices, g.data.astype(np.int64))
    assert a.solve() == a.OPTIMAL
    return a


def _load():
    return f"load {os.getloadavg()[0]:.1f}"


def bench_peers(quick):
    bench_peers_dense(quick)
    bench_peers_sparse(quick)


def bench_peers_dense(quick):
    import lap

    print("figures: minimum of the alternating runs (wall clock)")
    # Dense against lap.lapjv.
    for kind in ("uniform", "integers 0..100"):
        growth = {}
        for n, rep in ([(300, 5), (600, 3)] if quick else [(1000, 7), (2000, 5), (5000, 3)]):
            rng = np.random.default_rng(n)
            cost = rng.random((n, n)) if kind == "uniform" else rng.integers(0, 101, (n, n)).astype(float)
            (t_ours, t_lap), (ours, theirs) = best_of(
                [lambda: homeward.linear_sum_assignment(cost), lambda: lap.lapjv(cost)], rep)
            r, c = ours
            assert abs(cost[r, c].sum() - theirs[0]) <= 1e-9 * n, "optima differ"
            growth[n] = (t_ours, t_lap)
            print(f"dense {n}x{n} {kind:<16} homeward {t_ours:8.4f} s   lap.lapjv {t_lap:8.4f} s   "
                  f"ratio {t_ours / t_lap:5.2f}   ({_load()})")
            sys.stdout.flush()
        ns = sorted(growth)
        a, b = ns[0], ns[-1]
        e_ours = np.log(growth[b][0] / growth[a][0]) / np.log(b / a)
        e_lap = np.log(growth[b][1] / growth[a][1]) / np.log(b / a)
        print(f"dense {kind} growth exponent {a}->{b}: homeward {e_ours:.2f}, lap.lapjv {e_lap:.2f}")


def _shaped(kind, n, rng):
    a, b, a2, b2 = (rng.random(n) for _ in range(4))
    if kind == "row offsets":  # a per-person difficulty added to every cost
        return rng.random((n, n)) + 100 * a[:, None]
    if kind == "column offsets":  # a per-place cost added to every cost
        return rng.random((n, n)) + 100 * b[None, :]
    if kind == "sums + noise":
        return a[:, None] + b[None, :] + 1e-3 * rng.random((n, n))
    if kind == "geometric":  # distances between random points in the unit square
        return np.hypot(a[:, None] - b[None, :], a2[:, None] - b2[None, :])
    raise ValueError(kind)


def bench_peers_shapes(quick):
    """Structured dense costs, where LAPJV-type solvers differ most: homeward against
    SciPy and lap.lapjv, same matrices, optima checked equal first."""
    import lap
    from scipy.optimize import linear_sum_assignment as scipy_lsa

    print("figures: minimum of the alternating runs (wall clock)")
    for kind in ("row offsets", "column offsets", "sums + noise", "geometric"):
        for n, rep in ([(300, 3)] if quick else [(1000, 3), (2000, 2)]):
            cost = _shaped(kind, n, np.random.default_rng(n))
            (t_ours, t_scipy, t_lap), (ours, theirs, lapped) = best_of(
                [lambda: homeward.linear_sum_assignment(cost), lambda: scipy_lsa(cost),
                 lambda: lap.lapjv(cost)], rep)
            best = cost[theirs].sum()
            assert abs(cost[ours].sum() - best) <= 1e-9 * n * max(1.0, abs(best)), "optima differ"
            assert abs(lapped[0] - best) <= 1e-9 * n * max(1.0, abs(best)), "optima differ (lap)"
            print(f"dense {n}x{n} {kind:<15} homeward {t_ours:8.4f} s   scipy {t_scipy:8.4f} s   "
                  f"lap.lapjv {t_lap:8.4f} s   ratio to the fastest peer "
                  f"{t_ours / min(t_scipy, t_lap):5.2f}   ({_load()})")
            sys.stdout.flush()


def bench_peers_sparse(quick):
    import lap
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    try:
        import ortools  # noqa: F401
        have_ortools = True
    except ImportError:
        have_ortools = False
    print("figures: minimum of the alternating runs (wall clock)")
    # Sparse against SciPy, lap.lapmod and OR-Tools.
    cases = [(4000, 20, False), (4000, 20, True)] if quick else [
        (20000, 20, False), (20000, 20, True), (100000, 10, False)]
    for n, k, uniform in cases:
        g = _sparse_instance(n, k, 3 + n + k, uniform)
        fns = [lambda: homeward.sparse_linear_sum_assignment(g),
               lambda: min_weight_full_bipartite_matching(g),
               lambda: lap.lapmod(n, g.data, g.indptr, g.indices)]
        names = ["homeward", "scipy", "lap.lapmod"]
        if have_ortools and not uniform:  # OR-Tools takes integer costs
            fns.append(lambda: _ortools_lsa(g))
            names.append("ortools")
        times, outs = best_of(fns, 3)
        r, c = outs[0]
        total = g[r, c].sum()
        sr, sc = outs[1]
        assert abs(total - g[sr, sc].sum()) < 1e-6 * n, "scipy differs"
        assert abs(total - outs[2][0]) < 1e-6 * n, "lap differs"
        if len(outs) > 3:
            assert abs(total - outs[3].optimal_cost()) < 1e-6, "ortools differs"
        fastest = min(times[1:])
        line = "   ".join(f"{nm} {t:7.3f} s" for nm, t in zip(names, times))
        print(f"sparse {n}x{n} ~{k}/row {'uniform' if uniform else 'integer 1..999'}: {line}   "
              f"homeward / fastest peer {times[0] / fastest:4.2f}   ({_load()})")
        sys.stdout.flush()


def bench_ranked(quick):
    n, m, k = (100, 10, 10) if quick else (500, 50, 10)
    rng = np.random.default_rng(12)
    cost = rng.integers(0, 100, (n, m)).astype(float)
    cost[rng.random((n, m)) < 0.5] = np.inf  # half the pairs excluded by hard constraints
    cap = rng.integers(8, 14, m)
    times, outs = best_of([lambda: homeward.k_best_assignments(cost, cap, k),
                           lambda: homeward.capacitated_assignment(cost, cap),
                           lambda: homeward.row_alternatives(cost, cap)], 3)
    ranked, best, alts = outs
    assert ranked[0].matched == best.matched and ranked[0].total_cost == best.total_cost
    keys = [(-r.matched, r.total_cost) for r in ranked]
    assert keys == sorted(keys)
    print(f"ranked {n}x{m}, beds {int(cap.sum())}: k={k} best in {times[0]:.3f} s "
          f"(one optimum {times[1] * 1e3:.1f} ms; costs {ranked[0].total_cost:g} .. "
          f"{ranked[-1].total_cost:g}); per-person alternatives of the optimum ({len(alts)} people) "
          f"in {times[2]:.3f} s")
    # The domain layer: the same through match_placements_ranked.
    people = [{"id": f"P{i:04d}", "area": "Leeds" if i % 3 else "York", "risk": "low",
               "ready_date": f"2026-03-{1 + i % 28:02d}",
               "preferences": [f"SD-{int(j):02d}" for j in rng.permutation(m)[:3]]}
              for i in range(n)]
    places = [{"id": f"SD-{j:02d}", "area": "Leeds" if j % 2 else "York", "beds": int(cap[j]),
               "max_risk": "high", "free_date": f"2026-03-{1 + j % 28:02d}"} for j in range(m)]
    doc = {"people": people, "places": places}
    times, outs = best_of([lambda: homeward.match_placements_ranked(doc, k=k),
                           lambda: homeward.match_placements(doc)], 3)
    print(f"match_placements_ranked {n} people x {m} places, k={k}: {times[0]:.3f} s "
          f"(match_placements with per-person alternatives: {times[1]:.3f} s)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sections", nargs="*", default=["dense", "sparse", "capacitated", "warm", "stable"])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--stable-full-peer", action="store_true",
                    help="also time the `matching` package at 10,000 x 500 (very slow)")
    args = ap.parse_args()
    print(f"homeward {homeward.__version__}, numpy {np.__version__}, Python {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    for s in args.sections:
        if s == "stable":
            bench_stable(args.quick, args.stable_full_peer)
        else:
            globals()[f"bench_{s}"](args.quick)


if __name__ == "__main__":
    main()
