"""The step-down bed model of homeward.simulate, built in two well-known Python
DES packages: ``ciw`` (queueing networks) and ``simpy`` (processes).

Model: Poisson arrivals (rate per day), ``beds`` servers, first come first
served, gamma lengths of stay (mean, sd), an empty start, a warm-up, then a
measured horizon. Per replication: the mean wait and 90th percentile wait of
people placed (admitted) in the measured period, the number placed, and the
time-average number of beds in use over the period. Shared by
tests/python/test_plan_peers.py and bench/bench_plan.py.
"""
from __future__ import annotations

import random

import numpy as np


def _summary(starts: list[float], waits: list[float], ends: list[float], warmup: float,
             horizon: float) -> dict[str, float]:
    end = warmup + horizon
    s = np.asarray(starts)
    w = np.asarray(waits)
    e = np.asarray(ends)
    placed = (s >= warmup) & (s <= end)
    busy = np.clip(np.minimum(e, end) - np.maximum(s, warmup), 0.0, None).sum()
    pw = w[placed]
    return {
        "mean_wait": float(pw.mean()) if pw.size else 0.0,
        "wait_p90": float(np.quantile(pw, 0.9)) if pw.size else 0.0,
        "placed": float(placed.sum()),
        "mean_occupancy": float(busy / horizon),
    }


def ciw_run(beds: int, rate: float, los_mean: float, los_sd: float, warmup: float, horizon: float,
            seed: int) -> dict[str, float]:
    import ciw

    cv2 = (los_sd / los_mean) ** 2
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=rate)],
        service_distributions=[ciw.dists.Gamma(shape=1.0 / cv2, scale=los_mean * cv2)],
        number_of_servers=[beds],
    )
    ciw.seed(seed)
    sim = ciw.Simulation(network)
    sim.simulate_until_max_time(warmup + horizon)
    recs = [r for r in sim.get_all_records() if r.record_type == "service"]
    starts = [r.service_start_date for r in recs]
    waits = [r.waiting_time for r in recs]
    ends = [r.service_end_date for r in recs]
    # People still in a bed at the end (their departure is scheduled).
    for ind in sim.nodes[1].all_individuals:
        if ind.service_start_date is not False:
            starts.append(ind.service_start_date)
            waits.append(ind.service_start_date - ind.arrival_date)
            ends.append(ind.service_end_date)
    return _summary(starts, waits, ends, warmup, horizon)


def simpy_run(beds: int, rate: float, los_mean: float, los_sd: float, warmup: float, horizon: float,
              seed: int) -> dict[str, float]:
    import simpy

    rng = random.Random(seed)
    cv2 = (los_sd / los_mean) ** 2
    shape, scale = 1.0 / cv2, los_mean * cv2
    env = simpy.Environment()
    pool = simpy.Resource(env, capacity=beds)
    starts: list[float] = []
    waits: list[float] = []
    ends: list[float] = []

    def person(env: simpy.Environment) -> object:
        ready = env.now
        with pool.request() as req:
            yield req
            los = rng.gammavariate(shape, scale)
            starts.append(env.now)
            waits.append(env.now - ready)
            ends.append(env.now + los)
            yield env.timeout(los)

    def arrivals(env: simpy.Environment) -> object:
        while True:
            yield env.timeout(rng.expovariate(rate))
            env.process(person(env))

    env.process(arrivals(env))
    env.run(until=warmup + horizon)
    return _summary(starts, waits, ends, warmup, horizon)


def peer_runs(package: str, reps: int, beds: int, rate: float, los_mean: float, los_sd: float, warmup: float,
              horizon: float, seed: int = 1) -> list[dict[str, float]]:
    run = ciw_run if package == "ciw" else simpy_run
    return [run(beds, rate, los_mean, los_sd, warmup, horizon, seed * 100003 + k) for k in range(reps)]
