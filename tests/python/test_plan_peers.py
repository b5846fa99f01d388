"""homeward.simulate against the same model in ciw and in simpy: the
distributions of per-replication results agree (Welch's t-test on the means,
two-sample Kolmogorov-Smirnov on the distributions)."""
from __future__ import annotations

import pathlib
import sys

import homeward
import numpy as np
import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import plan_peers

stats = pytest.importorskip("scipy.stats", reason="scipy is needed for the statistical tests")

# Five beds, 0.4 arrivals a day, gamma stays (mean 10, sd 6): 80% occupancy.
BEDS, RATE, LOS_MEAN, LOS_SD, WARMUP, HORIZON = 5, 0.4, 10.0, 6.0, 200.0, 1000.0
FIGURES = ("mean_wait", "wait_p90", "mean_occupancy", "placed")


@pytest.fixture(scope="module")
def ours() -> list[dict[str, float]]:
    r = homeward.simulate({"beds": BEDS, "arrivals": {"rate_per_day": RATE},
                           "length_of_stay": {"kind": "gamma", "mean": LOS_MEAN, "sd": LOS_SD},
                           "replications": 200, "seed": 5, "warmup_days": WARMUP, "horizon_days": HORIZON})
    return r.runs


@pytest.mark.parametrize("package", ["ciw", "simpy"])
def test_same_distribution_of_results_as_peer(ours: list[dict[str, float]], package: str) -> None:
    pytest.importorskip(package, reason=f"{package} is the peer this test compares with")
    theirs = plan_peers.peer_runs(package, 60, BEDS, RATE, LOS_MEAN, LOS_SD, WARMUP, HORIZON, seed=3)
    for fig in FIGURES:
        a = np.array([r[fig] for r in ours])
        b = np.array([r[fig] for r in theirs])
        t = stats.ttest_ind(a, b, equal_var=False)
        ks = stats.ks_2samp(a, b)
        assert t.pvalue > 0.001, (fig, a.mean(), b.mean(), t)
        assert ks.pvalue > 0.001, (fig, ks)
        # Quartiles of the per-run figure: a bootstrap 99.9% interval of the
        # difference covers 0.
        for q in (0.25, 0.5, 0.75):
            lo, hi = _bootstrap_quantile_difference(a, b, q)
            assert lo <= 0.0 <= hi, (fig, q, lo, hi)


def _bootstrap_quantile_difference(a: np.ndarray, b: np.ndarray, q: float) -> tuple[float, float]:
    rng = np.random.default_rng(20260401)
    n = 4000
    qa = np.quantile(a[rng.integers(0, a.size, (n, a.size))], q, axis=1)
    qb = np.quantile(b[rng.integers(0, b.size, (n, b.size))], q, axis=1)
    d = qa - qb
    return float(np.quantile(d, 0.0005)), float(np.quantile(d, 0.9995))
