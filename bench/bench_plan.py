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


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
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
    results["simulate"] = {"homeward_1_thread_s": t1, "homeward_2_threads_s": t2,
                           **{f"{k}_s_scaled": v * args.reps for k, v in per_rep.items()}}

    rates = [0.14, 0.18, 0.22, 0.26, 0.30]
    ts, sw = best_of(args.repeat, lambda: hw.sweep({**MODEL, "warmup_days": "auto"}, beds=range(1, 41),
                                                   arrival_rates=rates, replications=args.reps, threads=2))
    results["sweep"] = {"scenarios": len(sw.rows), "replications": args.reps, "seconds": ts,
                        "smallest_beds": sw.smallest_beds}

    print(f"## Capacity planning: one year of a {BEDS}-bed service, {args.reps:,} replications\n")
    print(f"Machine: {os.cpu_count()} CPUs shared with other work; minimum of {args.repeat} runs for homeward, "
          f"one run of {args.peer_reps:,} replications for each peer (scaled to {args.reps:,}).\n")
    print("| implementation | time | replications/s | vs homeward (2 threads) |")
    print("|---|---|---|---|")
    print(f"| homeward, 2 threads | {t2:.3f} s | {args.reps / t2:,.0f} | 1x |")
    print(f"| homeward, 1 thread | {t1:.3f} s | {args.reps / t1:,.0f} | {t1 / t2:.1f}x slower |")
    for k, v in per_rep.items():
        print(f"| {k} | {v * args.reps:.1f} s | {1 / v:,.0f} | {v * args.reps / t2:,.0f}x slower |")
    print("\nSame answers (mean over replications, Welch p):\n")
    print("| figure | homeward | simpy | ciw |")
    print("|---|---|---|---|")
    for fig in ("mean_wait", "mean_occupancy", "placed"):
        s, c = results[f"simpy_{fig}"], results[f"ciw_{fig}"]
        print(f"| {fig} | {s['homeward']:.3f} | {s['simpy']:.3f} (p={s['p']:.2f}) | {c['ciw']:.3f} (p={c['p']:.2f}) |")
    print(f"\nSweep: 1..40 beds x {len(rates)} arrival rates x {args.reps:,} replications "
          f"({len(sw.rows) * args.reps:,} runs, MSER-5 warm-up per scenario) on 2 threads: **{ts:.2f} s**.")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
