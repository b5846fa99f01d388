#!/usr/bin/env python3
"""Benchmark: the service report for a large synthetic service.

Builds 100,000 people with 1,000,000 events (bench_timeline.make_events: 10
events each) and 500,000 Recovery Star readings (5 per person), then times:

1. the report model in the core (``homeward.service_report``: summary with
   previous period, 12 monthly trends, stages, overdue list, Star cohort and
   charts, exclusions), and
2. writing report.html (Jinja2 + matplotlib charts), report.json and report.md.

It checks the model against the core's own measures for the same period
(follow-up numerator/denominator, bed-days) before reporting times.
Synthetic data only (ids P0000000..). Run against an installed homeward with
the report extra:

    python bench/bench_report.py                     # 100,000 people
    python bench/bench_report.py --people 20000      # quicker
"""

from __future__ import annotations

import argparse
import os
import pathlib
import platform
import sys
import tempfile
import time

import numpy as np

import homeward as hw

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from bench_timeline import T, make_events


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--people", type=int, default=100_000)
    ap.add_argument("--readings-per-person", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n = args.people
    print(
        f"homeward {hw.__version__}, numpy {np.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}"
    )

    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    t0 = time.perf_counter()
    types, dates, planned = make_events(n)
    ids = np.array([f"P{i:07d}" for i in range(n)], dtype=object)
    person = np.repeat(ids, 10)
    reason = np.where(types == T["clinically_ready_for_discharge"], "18", None)
    t_cols = time.perf_counter()
    # The inputs are timed like the other steps: best of --repeat (the first call also
    # pays one-off costs such as pandas' lazy imports; it is printed too).
    input_times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        caseload = hw.Caseload.from_events(
            person,
            types,
            dates.view("datetime64[D]"),
            planned_discharge=planned.view("datetime64[D]"),
            delay_reason=reason,
        )
        input_times.append(time.perf_counter() - t)
    t_caseload = min(input_times)
    k = args.readings_per_person
    rng = np.random.default_rng(11)
    r_person = np.repeat(ids, k)
    first = np.datetime64("2022-01-01").astype(np.int64) + rng.integers(0, 365, n)
    r_dates = (first[:, None] + np.arange(k)[None, :] * 120).ravel().view("datetime64[D]")
    definition = hw.StarDefinition.recovery_star()
    scores = rng.integers(1, 11, (n * k, len(definition.area_ids))).astype(np.float64)
    reading_times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        readings = hw.StarReadings.from_columns(
            definition,
            person_id=r_person,
            date=r_dates,
            scores=scores,
            completed_by=np.zeros(n * k, dtype=np.uint8),
        )
        reading_times.append(time.perf_counter() - t)
    t_readings = min(reading_times)
    print(
        f"built {len(caseload):,} people, {caseload.event_count:,} events, {len(readings):,} readings "
        f"(synthetic NumPy columns {t_cols - t0:.2f} s)"
    )
    print(
        f"inputs from columns (best of {args.repeat}): Caseload.from_events {t_caseload:.2f} s "
        f"(first call {input_times[0]:.2f} s), StarReadings.from_columns {t_readings:.2f} s"
    )

    as_of = "2024-12-31"
    best_model = best_write = float("inf")
    report = None
    for _ in range(args.repeat):
        t = time.perf_counter()
        report = hw.service_report(
            caseload,
            readings,
            as_of=as_of,
            period="quarter",
            settings={"step_down_beds": 20_000},
            sources=["bench"],
        )
        best_model = min(best_model, time.perf_counter() - t)
        with tempfile.TemporaryDirectory() as out:
            t = time.perf_counter()
            paths = report.write(out)
            best_write = min(best_write, time.perf_counter() - t)
            sizes = {k_: p.stat().st_size for k_, p in paths.items()}
    assert report is not None
    # Check: the report's figures are the core's measures for the same period.
    p = report.period
    m = caseload.measures(p["start"], p["end"], as_of=as_of)
    fu = report.figure("follow_up")
    assert (fu["numerator"], fu["denominator"]) == (m.follow_up.numerator, m.follow_up.denominator)
    assert report.figure("bed_days_avoided")["value"] == m.bed_days.days
    assert report.data["outcomes"]["cohort"]["readings"] == int(
        (r_dates <= np.datetime64(as_of)).sum()
    )
    print(
        f"period {p['label']}: follow-up {fu['numerator']:,}/{fu['denominator']:,}, "
        f"overdue {report.data['overdue']['total']:,}, "
        f"{len(report.data['trends']['months'])} months of trends (checked against Caseload.measures)"
    )
    print(f"report model (core): {best_model:.2f} s (best of {args.repeat})")
    print(
        f"write report.html + report.json + report.md: {best_write:.2f} s "
        f"(html {sizes['html'] / 1e3:.0f} kB, json {sizes['json'] / 1e3:.0f} kB, md {sizes['md'] / 1e3:.0f} kB)"
    )
    print(f"total: {best_model + best_write:.2f} s (model and files)")
    inputs = t_caseload + t_readings
    print(f"total with the inputs from columns: {inputs + best_model + best_write:.2f} s")
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
