#!/usr/bin/env python3
"""Benchmark: the national measures of N pathways (~10 events each) through
Spark local[2], Dask with two worker processes, and the single process.

The events come from tests/python/engines_data.py (deterministic, synthetic),
written once as Parquet files of up to 500,000 pathways each (people never
straddle files). Each engine runs in its own child process while the parent
samples the resident memory of that process tree (the Spark JVM, its Python
workers, the Dask workers) every 0.2 s:

* ``single``: one Python process reads each file, loads it with
  ``homeward.read_events`` and takes ``Caseload.measures_partials``; the partials
  are merged (the streaming form of ``Caseload.measures``; a whole 100M-event
  frame does not fit in pandas on a 24 GiB machine);
* ``spark``: ``spark.read.parquet`` then ``homeward.spark.measures`` (local[2]);
* ``dask``: ``dask.dataframe.read_parquet`` then ``homeward.dask.measures`` on a
  ``LocalCluster(n_workers=2, threads_per_worker=1)``.

Every engine's table must equal the single process's exactly (checked). Run:

    python bench/bench_engines.py --pathways 1000000 [--engines single,spark,dask]

Defaults: 10,000,000 pathways (about 100M events). Reports wall time, peak
memory per worker, and the overhead over the single process.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np
import pandas as pd
import psutil

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "python"))

START, END = "2023-07-01", "2024-06-30"
CHUNK = 500_000


def write_data(pathways: int, out: pathlib.Path) -> tuple[int, int]:
    from engines_data import make_events

    out.mkdir(parents=True, exist_ok=True)
    rows = files = 0
    left, seed = pathways, 20
    while left > 0:
        n = min(CHUNK, left)
        df = make_events(n, seed=seed)
        for c in ("date", "planned_discharge", "end_date", "admitted"):
            df[c] = df[c].astype("datetime64[ms]")
        df.to_parquet(out / f"events-{seed:03d}.parquet", index=False)
        rows += len(df)
        files += 1
        left -= n
        seed += 1
    return rows, files


def run_single(data: pathlib.Path) -> pd.DataFrame:
    import homeward as hw

    partials, people = [], 0
    for f in sorted(data.glob("*.parquet")):
        c = hw.read_events(pd.read_parquet(f))
        for _, n, p in c.measures_partials(START, END):
            partials.append(p)
            people += n
        del c
    out = hw.merge_measures(partials).to_pandas()
    out.insert(0, "people", people)
    return out


def run_spark(data: pathlib.Path) -> pd.DataFrame:
    from pyspark.sql import SparkSession

    import homeward.spark as hs

    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers run this interpreter

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("bench-engines")
        .config("spark.sql.shuffle.partitions", "16")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "6g")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    events = spark.read.parquet(str(data))
    out = hs.measures(events, START, END, buckets=64).toPandas()
    spark.stop()
    return out


def run_dask(data: pathlib.Path) -> pd.DataFrame:
    import dask
    import dask.dataframe as dd
    import distributed

    import homeward.dask as hd

    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            memory_limit=os.environ.get("BENCH_DASK_MEMORY", "8GiB"),
        ) as cluster,
        distributed.Client(cluster),
        dask.config.set({"dataframe.shuffle.method": os.environ.get("BENCH_DASK_SHUFFLE", "p2p")}),
    ):
        events = dd.read_parquet(str(data))
        return hd.measures(events, START, END, npartitions=max(4, events.npartitions * 2))


def child(engine: str, data: pathlib.Path, result: pathlib.Path) -> None:
    t0 = time.perf_counter()
    out = {"single": run_single, "spark": run_spark, "dask": run_dask}[engine](data)
    seconds = time.perf_counter() - t0
    out.to_pickle(result)
    print(json.dumps({"seconds": seconds}))


class Sampler(threading.Thread):
    """Peak RSS of every process in a tree, per process (by role)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak: dict[int, tuple[str, int]] = {}
        self.total_peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            total = 0
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    name = " ".join(p.cmdline())
                except psutil.Error:
                    continue
                total += rss
                if rss > self.peak.get(p.pid, ("", 0))[1]:
                    self.peak[p.pid] = (name, rss)
            self.total_peak = max(self.total_peak, total)
            time.sleep(0.2)


def role(cmd: str) -> str:
    if "java" in cmd:
        return "Spark JVM (driver + executor)"
    if "pyspark.daemon" in cmd or "pyspark/daemon" in cmd or "pyspark.worker" in cmd:
        return "Spark Python worker"
    if "spawn_main" in cmd or "multiprocessing" in cmd or "forkserver" in cmd:
        return "Dask worker"
    return "driver (this script's child)"


def measure(engine: str, data: pathlib.Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        result = pathlib.Path(tmp) / "out.pkl"
        proc = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--child",
                engine,
                "--data",
                str(data),
                "--result",
                str(result),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        sampler = Sampler(proc.pid)
        sampler.start()
        stdout, _ = proc.communicate()
        sampler.done.set()
        sampler.join()
        if proc.returncode != 0:
            raise SystemExit(f"{engine} failed ({proc.returncode})")
        seconds = json.loads(stdout.strip().splitlines()[-1])["seconds"]
        table = pd.read_pickle(result)
    roles: dict[str, int] = {}
    for name, rss in sampler.peak.values():
        r = role(name)
        roles[r] = max(roles.get(r, 0), rss)
    return {
        "engine": engine,
        "seconds": seconds,
        "peak_by_role": roles,
        "peak_tree": sampler.total_peak,
        "table": table,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pathways", type=int, default=10_000_000)
    ap.add_argument("--engines", default="single,spark,dask")
    ap.add_argument(
        "--data",
        type=pathlib.Path,
        default=None,
        help="Parquet folder to reuse (written if missing)",
    )
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--result", type=pathlib.Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.data, args.result)
        return 0

    data = args.data or pathlib.Path(tempfile.gettempdir()) / f"homeward-engines-{args.pathways}"
    if not any(data.glob("*.parquet")):
        t0 = time.perf_counter()
        rows, files = write_data(args.pathways, data)
        print(
            f"wrote {rows:,} events of {args.pathways:,} pathways in {files} files "
            f"({time.perf_counter() - t0:.0f} s)"
        )
    rows = sum(pd.read_parquet(f, columns=["type"]).shape[0] for f in data.glob("*.parquet"))
    print(
        f"data: {data} ({rows:,} events, {args.pathways:,} pathways); load: "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    results = []
    saved = data.parent / f"{data.name}-results"
    saved.mkdir(exist_ok=True)
    for e in args.engines.split(","):
        r = measure(e.strip(), data)
        results.append(r)
        peaks = "; ".join(f"{k} {v / 2**20:,.0f} MiB" for k, v in sorted(r["peak_by_role"].items()))
        print(
            f"{r['engine']}: {r['seconds']:.1f} s | {peaks} | tree {r['peak_tree'] / 2**20:,.0f} MiB "
            f"| load {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
            flush=True,
        )
        pd.to_pickle(r, saved / f"{r['engine']}.pkl")
    # Engines measured in earlier runs on the same data (saved above) are compared too.
    ran = {r["engine"] for r in results}
    for f in sorted(saved.glob("*.pkl")):
        if f.stem not in ran:
            results.append(pd.read_pickle(f))
            print(f"{f.stem}: from an earlier run on the same data ({f})")
    base = next((r for r in results if r["engine"] == "single"), None)
    for r in results:
        if base is not None and r is not base:
            want = base["table"]
            got = r["table"].sort_values("measure").reset_index(drop=True)
            want = want.sort_values("measure").reset_index(drop=True)
            got["people"] = got["people"].astype(np.int64)
            pd.testing.assert_frame_equal(
                got[list(want.columns)], want, check_exact=True, check_dtype=False
            )
        over = f"{r['seconds'] / base['seconds']:.2f}x" if base else "-"
        peaks = "; ".join(f"{k} {v / 2**20:,.0f} MiB" for k, v in sorted(r["peak_by_role"].items()))
        print(
            f"| {r['engine']} | {r['seconds']:.1f} s | {over} | {peaks} | "
            f"tree {r['peak_tree'] / 2**20:,.0f} MiB |"
        )
    print(
        f"load after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; all tables equal the "
        "single process's"
        if base
        else ""
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
