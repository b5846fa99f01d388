#!/usr/bin/env python3
"""Benchmark: loading an event extract (CSV) into a caseload.

Compares, on the same file (1,000,000 events of 100,000 synthetic people, in
date order with people interleaved, as an extract would be):

* ``homeward.read_events(path)``: pandas' CSV reader (every cell as text), then
  the core's column loader (grouping, ordering, codes, dates, attributes);
* ``pandas.read_csv(path)`` (default type inference) followed by
  ``Caseload.from_events(...)`` on its columns;
* ``pandas.read_csv`` alone, the floor both include.

Both loaders must give the same caseload (checked before timing). Run:

    python bench/bench_ingest.py [--events 1000000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import os
import pathlib
import platform
import tempfile
import time
from typing import Any, Callable

import homeward as hw
import numpy as np
import pandas as pd

TYPES = ["referral_received", "initial_visit", "accepted", "transition_plan_agreed",
         "clinically_ready_for_discharge", "discharged", "follow_up_contact", "step_down_admitted",
         "step_down_left", "closed"]
OFFSETS = [0, 5, 12, 30, 150, 170, 172, 172, 240, 260]  # days after the referral


def make_csv(path: pathlib.Path, events: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    people = events // len(TYPES)
    ref = np.datetime64("2023-01-02") + rng.integers(0, 700, people).astype("timedelta64[D]")
    jitter = rng.integers(0, 3, (people, len(TYPES))).cumsum(axis=1)
    dates = ref[:, None] + (np.array(OFFSETS)[None, :] + jitter).astype("timedelta64[D]")
    pid = np.repeat(np.array([f"P{i:06d}" for i in range(people)], dtype=object), len(TYPES))
    typ = np.tile(np.array(TYPES, dtype=object), people)
    d = dates.reshape(-1)
    planned = np.where(typ == "referral_received", (d + np.timedelta64(182, "D")).astype(str), "")
    reason = np.where(typ == "clinically_ready_for_discharge",
                      rng.choice(["18", "14", "07", "98"], people * len(TYPES)), "")
    dest = np.where(typ == "step_down_left", "permanent_home", "")
    ward = np.repeat(rng.choice(["Oak", "Elm", "Ash", "Rowan"], people), len(TYPES))
    df = pd.DataFrame({"person_id": pid, "type": typ, "date": d.astype(str), "planned_discharge": planned,
                       "end_date": "", "delay_reason": reason, "destination": dest, "ward": ward})
    df = df.iloc[np.argsort(d, kind="stable")]
    df.to_csv(path, index=False)


def via_read_csv_and_from_events(path: pathlib.Path) -> hw.Caseload:
    df = pd.read_csv(path, dtype={"delay_reason": str}, low_memory=False)
    return hw.Caseload.from_events(df["person_id"], df["type"], df["date"],
                                   planned_discharge=df["planned_discharge"], end_date=df["end_date"],
                                   delay_reason=df["delay_reason"], destination=df["destination"])


def best(f: Callable[[], Any], repeat: int) -> list[tuple[float, float]]:
    """(wall, CPU) seconds per run; CPU time (this process) is steadier on a shared machine."""
    times = []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        f()
        times.append((time.perf_counter() - w0, time.process_time() - c0))
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "events.csv"
        make_csv(path, args.events)
        size = os.path.getsize(path)
        a = hw.read_events(path)
        b = via_read_csv_and_from_events(path)
        assert a.person_ids == b.person_ids, "the loaders disagree on people"
        ta, tb = a.events_table(), b.events_table()
        for col in ("type", "code"):
            assert np.array_equal(ta[col], tb[col]), f"the loaders disagree on {col}"
        for col in ("date", "date2"):  # NaT compared as its int64 sentinel
            assert np.array_equal(ta[col].view(np.int64), tb[col].view(np.int64)), f"the loaders disagree on {col}"
        print(f"{a.event_count:,} events of {len(a):,} people, {size / 2**20:.0f} MiB CSV; "
              f"the loaders agree. Python {platform.python_version()}, pandas {pd.__version__}, "
              f"best of {args.repeat}:")
        rows = [
            ("pandas.read_csv alone", best(lambda: pd.read_csv(path, low_memory=False), args.repeat)),
            ("pandas.read_csv + Caseload.from_events", best(lambda: via_read_csv_and_from_events(path), args.repeat)),
            ("homeward.read_events", best(lambda: hw.read_events(path), args.repeat)),
        ]
        print("| loader | wall, best (s) | CPU, best (s) | events/s (CPU) |")
        print("|---|---|---|---|")
        for name, times in rows:
            wall = min(t[0] for t in times)
            cpu = min(t[1] for t in times)
            print(f"| {name} | {wall:.2f} | {cpu:.2f} | {a.event_count / cpu:,.0f} |")
        print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")

if __name__ == "__main__":
    main()
