"""Sparse assignment against the peers on the peers_sparse instances of
bench/bench_assignment.py, with homeward timed in C++ (bench_sparse_assignment.cpp).

    python bench/sparse/peers.py dump /tmp/sparse            # write the three instances
    python bench/sparse/peers.py run /tmp/sparse /tmp/bench_sparse 3

`run` alternates, per round: the homeward driver (a subprocess; its own timing of
the call), OR-Tools LinearSumAssignment (integer instances), lap.lapmod and SciPy
min_weight_full_bipartite_matching, checking equal totals; it prints the minimum
wall and CPU (time.process_time / getrusage) time of each.
"""
import os
import subprocess
import sys
import time

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from bench_assignment import _ortools_lsa, _sparse_instance

CASES = {"i20k": (20000, 20, False), "u20k": (20000, 20, True), "i100k": (100000, 10, False)}


def dump(d):
    os.makedirs(d, exist_ok=True)
    for name, (n, k, uniform) in CASES.items():
        g = _sparse_instance(n, k, 3 + n + k, uniform)
        np.array([n, n, g.nnz], dtype=np.int64).tofile(f"{d}/{name}.hdr")
        g.indptr.astype(np.int64).tofile(f"{d}/{name}.ptr")
        g.indices.astype(np.int64).tofile(f"{d}/{name}.idx")
        g.data.astype(np.float64).tofile(f"{d}/{name}.dat")


def load(d, name):
    n, m, _ = np.fromfile(f"{d}/{name}.hdr", dtype=np.int64)
    ptr = np.fromfile(f"{d}/{name}.ptr", dtype=np.int64).astype(np.int32)
    idx = np.fromfile(f"{d}/{name}.idx", dtype=np.int64).astype(np.int32)
    dat = np.fromfile(f"{d}/{name}.dat", dtype=np.float64)
    return sp.csr_matrix((dat, idx, ptr), shape=(int(n), int(m)))


def run_one(d, driver, rounds, name):
    import lap
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    g = load(d, name)
    n = g.shape[0]
    uniform = CASES[name][2]
    peers = {"lap.lapmod": lambda: lap.lapmod(n, g.data, g.indptr, g.indices)[0],
             "scipy": lambda: g[min_weight_full_bipartite_matching(g)].sum()}
    if not uniform:
        peers["ortools"] = lambda: _ortools_lsa(g).optimal_cost()
    best = {}
    for _ in range(rounds):
        out = subprocess.run([driver, f"{d}/{name}", "1"], capture_output=True, text=True,
                             check=True).stdout.split()
        total, w, c = float(out[2]), float(out[4]), float(out[6])
        best.setdefault("homeward", [total, w, c])
        best["homeward"][1:] = [min(best["homeward"][1], w), min(best["homeward"][2], c)]
        for pn, fn in peers.items():
            t0, c0 = time.perf_counter(), time.process_time()
            tot = float(fn())
            w, c = time.perf_counter() - t0, time.process_time() - c0
            assert abs(tot - total) < 1e-6 * n, (pn, tot, total)
            best.setdefault(pn, [tot, w, c])
            best[pn][1:] = [min(best[pn][1], w), min(best[pn][2], c)]
    hw = best.pop("homeward")
    fw = min(v[1] for v in best.values())
    fc = min(v[2] for v in best.values())
    peers_txt = "   ".join(f"{k} {v[1]:.3f}/{v[2]:.3f}" for k, v in best.items())
    print(f"{name} total {hw[0]:.0f}: homeward {hw[1]:.3f}/{hw[2]:.3f} s (wall/CPU)   "
          f"{peers_txt}   ratio to fastest peer wall {hw[1] / fw:.2f} CPU {hw[2] / fc:.2f}"
          f"   (load {os.getloadavg()[0]:.1f})", flush=True)


def run(d, driver, rounds, names):
    for name in names:
        run_one(d, driver, rounds, name)


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(sys.argv[2])
    else:
        run(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 3,
            sys.argv[5].split(",") if len(sys.argv) > 5 else list(CASES))
