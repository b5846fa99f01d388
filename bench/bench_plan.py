#!/usr/bin/env python3
"""Benchmark: capacity-planning simulation, homeward against ciw and simpy in the same run.

1. One year of a 20-bed step-down service (0.22 people a day ready for
   discharge, gamma stays with mean 78 and sd 30 days, a 365-day warm-up),
   N replications (default 1,000): homeward.simulate (threads 1 and 2)
   versus the same model in ciw and in simpy (tests/python/plan_peers.py).
   Before any time is reported the three must agree: Welch's t-test on the
   per-replication mean wait and occupancy (p > 0.001).
2. A sweep of 1..40 beds x 5 arrival rates x N replications with
   homeward.sweep on two threads.

Other work shares the machine: each timing is repeated and the minimum is
reported. Run:  python bench/bench_plan.py [--reps 1000] [--repeat 3] [--peer-reps 1000]
Writes a Markdown table to stdout (and JSON with --json FILE).
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import platform
import sys
import time
from typing import Any, Callable

import homeward as hw
import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests" / "python"))
import plan_peers

BEDS, RATE, LOS_MEAN, LOS_SD, WARMUP, HORIZON = 20, 0.22, 78.0, 30.0, 365.0, 365.0
MODEL: dict[str, Any] = {"beds": BEDS, "arrivals": {"rate_per_day": RATE},
                         "length_of_stay": {"kind": "gamma", "mean": LOS_MEAN, "sd": LOS_SD},
                         "warmup_days": WARMUP, "horizon_days": HORIZON, "seed": 1}


CPU: dict[int, float] = {}


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """Minimum wall time over `repeat` runs; the minimum CPU time goes to CPU[id(result)]."""
    times, cpus, out = [], [], None
    for _ in range(repeat):
        c = time.process_time()
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    CPU[id(out)] = min(cpus)
    return min(times), out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=1000)
    ap.add_argument("--peer-reps", type=int, default=1000, help="replications for ciw and simpy")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args()
    from scipy import stats

    results: dict[str, Any] = {"reps": args.reps, "peer_reps": args.peer_reps, "cpus": os.cpu_count(),
                               "python": platform.python_version(), "homeward": hw.__version__}

    t1, r1 = best_of(args.repeat, lambda: hw.simulate(MODEL, replications=args.reps, threads=1))
    t2, r2 = best_of(args.repeat, lambda: hw.simulate(MODEL, replications=args.reps, threads=2))
    assert r1.runs == r2.runs, "thread count changed the results"
    # The peers compute per-replication figures only (mean and 90th percentile wait, people
    # placed, mean occupancy). homeward with the daily series off computes those (and all its
    # other per-run figures) without the per-day occupancy/waiting series and their bands:
    # the same work as the peers. Its runs must equal the full call's, figure for figure.
    lean = {**MODEL, "keep_series": False}
    t1l, r1l = best_of(args.repeat, lambda: hw.simulate(lean, replications=args.reps, threads=1))
    t2l, r2l = best_of(args.repeat, lambda: hw.simulate(lean, replications=args.reps, threads=2))
    for a, b in zip(r1.runs, r1l.runs):
        for fig in ("mean_wait", "wait_p90", "placed", "mean_occupancy"):
            assert a[fig] == b[fig], f"keep_series changed {fig}"
    ours = r2.runs
    peers: dict[str, list[dict[str, float]]] = {}
    peer_t: dict[str, float] = {}
    for pkg in ("simpy", "ciw"):
        peer_t[pkg], peers[pkg] = best_of(1, lambda pkg=pkg: plan_peers.peer_runs(
            pkg, args.peer_reps, BEDS, RATE, LOS_MEAN, LOS_SD, WARMUP, HORIZON, seed=7))
    # Equal answers first.
    for pkg, runs in peers.items():
        for fig in ("mean_wait", "mean_occupancy", "placed"):
            a = np.array([r[fig] for r in ours])
            b = np.array([r[fig] for r in runs])
            p = stats.ttest_ind(a, b, equal_var=False).pvalue
            results[f"{pkg}_{fig}"] = {"homeward": float(a.mean()), pkg: float(b.mean()), "p": float(p)}
            if p <= 0.001:
                print(f"{pkg} disagrees on {fig}: {a.mean():.3f} vs {b.mean():.3f} (p={p:.2g})", file=sys.stderr)
                return 1
    per_rep = {k: v / args.peer_reps for k, v in peer_t.items()}
    cpu_ours = CPU[id(r2)]
    cpu_one = CPU[id(r1)]
    cpu_peer = {k: CPU[id(v)] / args.peer_reps for k, v in peers.items()}
    results["simulate"] = {"homeward_1_thread_s": t1, "homeward_2_threads_s": t2,
                           "homeward_1_thread_cpu_s": cpu_one, "homeward_2_threads_cpu_s": cpu_ours,
                           **{f"{k}_cpu_s_scaled": v * args.reps for k, v in cpu_peer.items()},
                           **{f"{k}_s_scaled": v * args.reps for k, v in per_rep.items()}}

    rates = [0.14, 0.18, 0.22, 0.26, 0.30]
    ts, sw = best_of(args.repeat, lambda: hw.sweep({**MODEL, "warmup_days": "auto"}, beds=range(1, 41),
                                                   arrival_rates=rates, replications=args.reps, threads=2))
    results["sweep"] = {"scenarios": len(sw.rows), "replications": args.reps, "seconds": ts, "cpu_s": CPU[id(sw)],
                        "smallest_beds": sw.smallest_beds}

    print(f"## Capacity planning: one year of a {BEDS}-bed service, {args.reps:,} replications\n")
    print(f"Machine: {os.cpu_count()} CPUs shared with other work (load average {os.getloadavg()[0]:.0f} at the "
          f"end); minimum of {args.repeat} runs for homeward, one run of {args.peer_reps:,} replications for each "
          f"peer (scaled to {args.reps:,}). CPU time is the process's (all threads), less disturbed by the "
          f"other work than wall time.\n")
    print("| implementation | wall time | CPU time | replications/s (wall) | wall vs homeward 2 threads "
          "| CPU vs homeward 1 thread |")
    print("|---|---|---|---|---|---|")
    print(f"| homeward, 2 threads | {t2:.3f} s | {cpu_ours:.3f} s | {args.reps / t2:,.0f} | 1x | |")
    print(f"| homeward, 1 thread | {t1:.3f} s | {cpu_one:.3f} s | {args.reps / t1:,.0f} | {t1 / t2:.1f}x | 1x |")
    cpu_one_l = CPU[id(r1l)]
    print(f"| homeward, peers' figures only (no daily series), 2 threads | {t2l:.3f} s | {CPU[id(r2l)]:.3f} s "
          f"| {args.reps / t2l:,.0f} | {t2l / t2:.2f}x | |")
    print(f"| homeward, peers' figures only (no daily series), 1 thread | {t1l:.3f} s | {cpu_one_l:.3f} s "
          f"| {args.reps / t1l:,.0f} | {t1l / t2:.2f}x | {cpu_one_l / cpu_one:.2f}x |")
    for k, v in per_rep.items():
        print(f"| {k} | {v * args.reps:.1f} s | {cpu_peer[k] * args.reps:.1f} s | {1 / v:,.0f} | "
              f"{v * args.reps / t2:,.0f}x slower | {cpu_peer[k] * args.reps / cpu_one:,.0f}x more |")
    print("\nSame work as the peers (homeward without the daily series): "
          + ", ".join(f"{k} takes {v * args.reps / t2l:,.0f}x homeward's wall time on 2 threads, "
                      f"{cpu_peer[k] * args.reps / cpu_one_l:,.0f}x its CPU time on 1 thread"
                      for k, v in per_rep.items()) + ".")
    results["simulate_same_figures"] = {"homeward_1_thread_s": t1l, "homeward_2_threads_s": t2l,
                                        "homeward_1_thread_cpu_s": cpu_one_l,
                                        "homeward_2_threads_cpu_s": CPU[id(r2l)]}
    print("\nSame answers (mean over replications, Welch p):\n")
    print("| figure | homeward | simpy | ciw |")
    print("|---|---|---|---|")
    for fig in ("mean_wait", "mean_occupancy", "placed"):
        s, c = results[f"simpy_{fig}"], results[f"ciw_{fig}"]
        print(f"| {fig} | {s['homeward']:.3f} | {s['simpy']:.3f} (p={s['p']:.2f}) | {c['ciw']:.3f} (p={c['p']:.2f}) |")
    print(f"\nSweep: 1..40 beds x {len(rates)} arrival rates x {args.reps:,} replications "
          f"({len(sw.rows) * args.reps:,} runs, MSER-5 warm-up per scenario) on 2 threads: **{ts:.2f} s** wall, "
          f"{CPU[id(sw)]:.2f} s CPU.")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
