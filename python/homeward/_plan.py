"""Capacity planning by discrete-event simulation.

How many step-down beds and workers does a service need? People become
clinically ready for discharge, wait in hospital for a step-down bed, stay a
drawn length of stay and move on; some go straight home, some are readmitted;
workers carry capped caseloads. The C++ core runs many replications in
parallel threads (the GIL released) and reports every figure with a mean and a
95% confidence interval. The model, its assumptions and limits are in
``docs/plan.md``.

>>> import homeward
>>> result = homeward.simulate({"beds": 6, "arrivals": {"rate_per_day": 0.08},
...                             "length_of_stay": {"kind": "gamma", "mean": 70, "sd": 30},
...                             "replications": 50, "seed": 7})
>>> 0 < result.summary["occupancy"]["mean"] < 1
True
"""
from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Optional,
    Union,
    cast,
)

from . import _core

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

    from ._timeline import Caseload, TimelinePolicy

__all__ = [
    "CapacityPlan",
    "PlanFit",
    "SimulationResult",
    "SweepResult",
    "capacity_plan",
    "fit_plan_model",
    "plan_model_defaults",
    "simulate",
    "sweep",
]

#: A progress argument: None (silent), True (a progress bar on stderr) or a
#: callable ``(done, total)`` returning False (or raising) to cancel.
Progress = Union[None, bool, Callable[[int, int], Optional[bool]]]
Model = Union[Mapping[str, Any], str]

_SUMMARY_ORDER = (
    "arrivals", "straight_home", "diverted", "placed", "readmissions", "waiting_at_end",
    "mean_occupancy", "occupancy", "mean_waiting", "max_waiting", "crfd_days", "step_down_days",
    "bed_days_avoided", "savings", "delay_cost", "mean_wait", "waited_fraction", "wait_p50",
    "wait_p90", "wait_p95", "within_target", "blocking", "littles_lambda_w",
)


class _Bar:
    """A plain text progress bar on stderr (no third-party dependency)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.start = time.monotonic()

    def __call__(self, done: int, total: int) -> bool:
        frac = done / total if total else 1.0
        filled = int(frac * 30)
        elapsed = time.monotonic() - self.start
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total} {elapsed:.1f}s")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
        return True


def _progress(progress: Progress, label: str) -> Callable[[int, int], bool | None] | None:
    if progress is None or progress is False:
        return None
    if progress is True:
        return _Bar(label)
    if callable(progress):
        return progress
    raise _core.InvalidArgumentError("progress", "must be None, True or a callable(done, total)")


def _model_json(model: Model, overrides: Mapping[str, Any]) -> str:
    if isinstance(model, str):
        if overrides:
            base: dict[str, Any] = json.loads(model)
            base.update(overrides)
            return json.dumps(base)
        return model
    m = dict(model)
    m.update(overrides)
    return json.dumps(m, default=_json_default)


def _json_default(obj: Any) -> Any:
    import datetime as _dt

    if isinstance(obj, _dt.date):
        return obj.isoformat()
    if hasattr(obj, "tolist"):
        return obj.tolist()
    if isinstance(obj, range):
        return list(obj)
    raise TypeError(f"{type(obj).__name__} is not JSON serialisable")


def plan_model_defaults() -> dict[str, Any]:
    """The model with every default filled in (the core is their one source)."""
    out: dict[str, Any] = json.loads(_core._plan_model_json("{}"))
    return out


class SimulationResult:
    """The replications of one model: summary estimates, runs and daily series."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data: dict[str, Any] = dict(data)

    @property
    def model(self) -> dict[str, Any]:
        """The model as run (every default filled in)."""
        m: dict[str, Any] = self.data["model"]
        return m

    @property
    def summary(self) -> dict[str, dict[str, float]]:
        """Each figure's ``mean``, ``sd``, ``ci_low``, ``ci_high`` and ``n`` over replications."""
        s: dict[str, dict[str, float]] = self.data["summary"]
        return s

    @property
    def warmup_days(self) -> float:
        """The warm-up used (MSER-5 when the model asked for "auto")."""
        return float(self.data["warmup_days"])

    @property
    def meets_target(self) -> bool:
        return bool(self.data["meets_target"])

    @property
    def workers(self) -> list[dict[str, Any]]:
        w: list[dict[str, Any]] = self.data["workers"]
        return w

    @property
    def run_columns(self) -> dict[str, list[float]]:
        """Per-replication figures, one list per figure (empty without runs)."""
        c: dict[str, list[float]] = self.data.get("runs", {})
        return c

    @property
    def runs(self) -> list[dict[str, float]]:
        """Per-replication figures, one dict per replication."""
        cols = self.run_columns
        if not cols:
            return []
        names = list(cols)
        return [dict(zip(names, values)) for values in zip(*(cols[n] for n in names))]

    def to_json(self) -> str:
        return json.dumps(self.data)

    def to_pandas(self) -> pd.DataFrame:
        """One row per figure: mean, sd and the 95% confidence interval."""
        import pandas as pd

        rows = []
        for name in _SUMMARY_ORDER:
            e = self.summary[name]
            rows.append({"figure": name, "mean": e["mean"], "sd": e["sd"], "ci_low": e["ci_low"],
                         "ci_high": e["ci_high"], "n": e["n"]})
        result: pd.DataFrame = pd.DataFrame(rows).set_index("figure")
        return result

    def runs_frame(self) -> pd.DataFrame:
        """One row per replication."""
        import pandas as pd

        result: pd.DataFrame = pd.DataFrame(self.run_columns)
        return result

    def workers_frame(self) -> pd.DataFrame:
        """One row per role: means of caseload, demand, workers needed."""
        import pandas as pd

        rows = []
        for w in self.workers:
            rows.append({"role": w["role"], "count": w["count"], "caseload_limit": w["caseload_limit"],
                         "mean_caseload": w["mean_caseload"]["mean"], "mean_demand": w["mean_demand"]["mean"],
                         "p95_demand": w["p95_demand"]["mean"], "peak_demand": w["peak_demand"]["mean"],
                         "mean_wait_days": w["mean_wait_days"]["mean"],
                         "workers_needed": w["workers_needed"]["mean"]})
        result: pd.DataFrame = pd.DataFrame(rows)
        return result

    def series_frame(self) -> pd.DataFrame:
        """Per day of the measured period: occupancy and people waiting (mean, 5th, 95th percentile)."""
        import pandas as pd

        s = self.data["series"]
        start = pd.Timestamp(self.model["start"])
        n = len(s["occupancy_mean"])
        frame: pd.DataFrame = pd.DataFrame({k: s[k] for k in s})
        frame.index = pd.date_range(start, periods=n, freq="D", name="date")
        return frame

    def plot_occupancy(self, ax: Axes | None = None) -> Axes:
        """Bed occupancy and people waiting over time (mean and 90% band across replications)."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(8, 4))
        f = self.series_frame()
        beds = self.model["beds"]
        ax.fill_between(f.index, f["occupancy_p05"], f["occupancy_p95"], alpha=0.25, color="tab:blue")
        ax.plot(f.index, f["occupancy_mean"], color="tab:blue", label="beds in use (mean)")
        ax.fill_between(f.index, f["waiting_p05"], f["waiting_p95"], alpha=0.25, color="tab:red")
        ax.plot(f.index, f["waiting_mean"], color="tab:red", label="waiting in hospital (mean)")
        ax.axhline(beds, color="black", linestyle="--", linewidth=1, label=f"{beds} beds")
        ax.set_ylabel("people")
        ax.set_title("Step-down occupancy and people waiting (shaded: 5th to 95th percentile)")
        ax.legend(loc="upper left")
        return ax

    def __repr__(self) -> str:
        s = self.summary
        return (f"<homeward.SimulationResult {self.model['beds']} beds, {self.data['replications']}"
                f" replications: mean wait {s['mean_wait']['mean']:.1f} days, occupancy "
                f"{100 * s['occupancy']['mean']:.0f}%>")


class SweepResult:
    """A sweep of beds x arrival rates x lengths of stay."""

    def __init__(self, data: Mapping[str, Any], table: str) -> None:
        self.data: dict[str, Any] = dict(data)
        self._table = table

    @property
    def rows(self) -> list[dict[str, Any]]:
        r: list[dict[str, Any]] = self.data["rows"]
        return r

    @property
    def smallest_beds(self) -> list[dict[str, Any]]:
        """Per (arrival rate, mean stay): the smallest number of beds meeting the target (None: none did)."""
        b: list[dict[str, Any]] = self.data["smallest_beds_meeting_target"]
        return b

    def table(self) -> str:
        """The commissioner's table: "k beds: mean wait w days, savings £s, occupancy o%"."""
        return self._table

    def to_json(self) -> str:
        return json.dumps(self.data)

    def to_pandas(self) -> pd.DataFrame:
        """One row per scenario: means and confidence intervals."""
        import pandas as pd

        out = []
        for r in self.rows:
            row: dict[str, Any] = {"beds": r["beds"], "arrival_rate": r["arrival_rate"], "los_mean": r["los_mean"]}
            for k in ("mean_wait", "wait_p90", "within_target", "savings", "occupancy", "crfd_days",
                      "mean_waiting", "blocking"):
                row[k] = r[k]["mean"]
                row[k + "_ci_low"] = r[k]["ci_low"]
                row[k + "_ci_high"] = r[k]["ci_high"]
            row["meets_target"] = r["meets_target"]
            row["warmup_days"] = r["warmup_days"]
            out.append(row)
        result: pd.DataFrame = pd.DataFrame(out)
        return result

    def plot_waits(self, ax: Axes | None = None) -> Axes:
        """Mean wait for a bed (with its 95% CI) by number of beds, one line per scenario."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(8, 4))
        f = self.to_pandas()
        for key, g in f.groupby(["arrival_rate", "los_mean"], sort=True):
            rate, los = cast(tuple[float, float], key)
            line = ax.plot(g["beds"], g["mean_wait"], marker="o", markersize=3,
                           label=f"{rate * 365:.0f}/year, stay {los:.0f} days")
            ax.fill_between(g["beds"], g["mean_wait_ci_low"], g["mean_wait_ci_high"], alpha=0.2,
                            color=line[0].get_color())
        target = self.data["target"]
        ax.axhline(target["days"], color="black", linestyle=":", linewidth=1, label=f"{target['days']:.0f} days")
        ax.set_xlabel("step-down beds")
        ax.set_ylabel("mean wait in hospital for a bed (days)")
        ax.set_yscale("symlog", linthresh=10)
        ax.set_title("Waits by number of beds")
        ax.legend()
        return ax

    def __repr__(self) -> str:
        return f"<homeward.SweepResult {len(self.rows)} scenarios, {self.data['replications']} replications each>"


class PlanFit:
    """A model fitted from a caseload's history, with the fit reported."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data: dict[str, Any] = dict(data)

    @property
    def model(self) -> dict[str, Any]:
        m: dict[str, Any] = self.data["model"]
        return m

    def report(self) -> str:
        """The fit in Markdown: arrivals (Poisson check), routes, stays and waits."""
        d = self.data
        ar = d["arrival_rate"]
        lines = [
            (f"History {d['window']['first']} to {d['window']['last']}: {d['ready_periods']} people became "
            f"clinically ready for discharge, {ar['per_year']:.0f} a year "
            f"({ar['per_day']:.3f}/day, 95% CI {ar['ci_low']:.3f} to {ar['ci_high']:.3f}); monthly counts' "
            f"variance/mean {d['dispersion']:.2f} (about 1 for a Poisson process)."),
            (f"{d['step_down']} went to step-down; {100 * d['straight_home']:.0f}% went another way "
            f"(modelled as straight home)."),
            (f"Step-down stays: {d['stays']['n']} completed, mean {d['stays']['mean']:.1f} days "
            f"(sd {d['stays']['sd']:.1f}, median {d['stays']['median']:.0f}). Observed waits for a bed: mean "
            f"{d['waits']['mean']:.1f} days, 90th percentile {d['waits']['p90']:.0f}."),
            "",
            "| length of stay | mean | sd | KS distance |",
            "|---|---|---|---|",
        ]
        for c in d["length_of_stay_candidates"]:
            sd = f"{c['sd']:.1f}" if "sd" in c else ""
            lines.append(f"| {c['kind']} | {c['mean']:.1f} | {sd} | {c['ks']:.3f} |")
        lines.append("")
        lines.append(f"Chosen: {d['length_of_stay_chosen']} (KS 5% critical value {d['ks_critical_5pct']:.3f}).")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"<homeward.PlanFit {self.data['ready_periods']} arrivals, "
                f"{self.data['arrival_rate']['per_day']:.3f}/day, stays {self.data['length_of_stay_chosen']}>")


class CapacityPlan:
    """Beds and workers for the next year: current arrivals and a stated growth."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data: dict[str, Any] = dict(data)
        self.fit = PlanFit(self.data["fit"])
        self.sweeps = {s["name"]: SweepResult(s["sweep"], "") for s in self.data["scenarios"]}
        self.at_beds_needed = {s["name"]: SimulationResult(s["at_beds_needed"]) for s in self.data["scenarios"]}

    @property
    def scenarios(self) -> list[dict[str, Any]]:
        s: list[dict[str, Any]] = self.data["scenarios"]
        return s

    def to_pandas(self) -> pd.DataFrame:
        """One row per scenario: arrivals, beds needed, and figures at that number of beds."""
        import pandas as pd

        rows = []
        for s in self.scenarios:
            sim = s["at_beds_needed"]["summary"]
            row: dict[str, Any] = {
                "scenario": s["name"], "arrivals_per_year": s["arrival_rate"] * 365,
                "beds_needed": s["beds_needed"], "mean_wait": sim["mean_wait"]["mean"],
                "within_target": sim["within_target"]["mean"], "occupancy": sim["occupancy"]["mean"],
                "savings": sim["savings"]["mean"], "crfd_days": sim["crfd_days"]["mean"]}
            for w in s["at_beds_needed"]["workers"]:
                row[f"{w['role']}_needed"] = w["workers_needed"]["mean"]
            rows.append(row)
        result: pd.DataFrame = pd.DataFrame(rows).set_index("scenario")
        return result

    def plot(self, path: str | None = None) -> Any:
        """The business-case chart: waits and savings by number of beds, current and growth.

        Returns the matplotlib Figure; with ``path`` (``.svg`` or ``.png``) also writes it."""
        import matplotlib

        if path is not None:
            matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt

        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
        target = self.data["target"]
        for s in self.scenarios:
            rows = s["sweep"]["rows"]
            beds = [r["beds"] for r in rows]
            label = f"{s['name']}: {s['arrival_rate'] * 365:.0f} a year"
            line = ax1.plot(beds, [r["within_target"]["mean"] * 100 for r in rows], marker="o", markersize=3,
                            label=label)
            colour = line[0].get_color()
            ax2.plot(beds, [r["savings"]["mean"] / 1000 for r in rows], marker="o", markersize=3, color=colour,
                     label=label)
            if s["beds_needed"] is not None:
                ax1.axvline(s["beds_needed"], color=colour, linestyle="--", linewidth=1)
                ax1.annotate(f"{s['beds_needed']} beds", (s["beds_needed"], 5), color=colour,
                             xytext=(3, 0), textcoords="offset points")
        ax1.axhline(target["fraction"] * 100, color="black", linestyle=":", linewidth=1)
        ax1.set_xlabel("step-down beds")
        ax1.set_ylabel(f"% placed within {target['days']:.0f} days")
        ax1.set_ylim(0, 102)
        ax1.set_title(f"Beds needed for {target['fraction'] * 100:.0f}% placed within {target['days']:.0f} days")
        ax1.legend(loc="lower right")
        ax2.set_xlabel("step-down beds")
        ax2.set_ylabel("hospital bed-day savings next year (£ thousands)")
        ax2.set_title("Savings by number of beds")
        fig.suptitle("Step-down capacity for the next year (homeward simulation, mean of replications)")
        fig.tight_layout()
        if path is not None:
            fig.savefig(path)
        return fig

    def report(self) -> str:
        """Markdown: the fit, beds needed per scenario, the sweep table and workers."""
        g = self.data["growth"]
        t = self.data["target"]
        lines = ["## Capacity plan for the next year", "", self.fit.report(), ""]
        lines.append(f"Target: {t['fraction'] * 100:.0f}% of people placed within {t['days']:.0f} days of being "
                     f"ready. Growth scenario: arrivals {g * 100:+.0f}%.")
        lines += ["", ("| scenario | arrivals a year | beds needed | mean wait (days) | placed within target |"
                  " occupancy | savings |"), "|---|---|---|---|---|---|---|"]
        for s in self.scenarios:
            sim = s["at_beds_needed"]["summary"]
            beds = s["beds_needed"] if s["beds_needed"] is not None else f"more than {len(s['sweep']['rows'])}"
            lines.append(
                f"| {s['name']} | {s['arrival_rate'] * 365:.0f} | {beds} | {sim['mean_wait']['mean']:.1f} | "
                f"{sim['within_target']['mean'] * 100:.0f}% | {sim['occupancy']['mean'] * 100:.0f}% | "
                f"£{sim['savings']['mean']:,.0f} |")
        for s in self.scenarios:
            if s["at_beds_needed"]["workers"]:
                lines += ["", f"Workers ({s['name']}, at {s['beds_needed']} beds):", "",
                          "| role | mean people supported | 95th percentile | caseload limit | workers needed |",
                          "|---|---|---|---|---|"]
                for w in s["at_beds_needed"]["workers"]:
                    lines.append(f"| {w['role']} | {w['mean_demand']['mean']:.1f} | {w['p95_demand']['mean']:.1f} |"
                                 f" {w['caseload_limit']} | {w['workers_needed']['mean']:.1f} |")
        return "\n".join(lines)


def simulate(model: Model = "{}", *, progress: Progress = None, include_runs: bool = True,
             **overrides: Any) -> SimulationResult:
    """Simulate a model (a dict or JSON text, keys as in docs/plan.md; keyword
    arguments override keys): replications in parallel threads, the GIL released.

    Bad input raises :class:`homeward.InvalidArgumentError` naming the field
    (``model.arrivals.rate_per_day``, ``model.beds``, ``model.length_of_stay.sd``)."""
    text = _model_json(model, overrides)
    out, runs = _core._plan_simulate(text, _progress(progress, "simulate"), include_runs)
    data = json.loads(out)
    if include_runs:
        data["runs"] = runs
    return SimulationResult(data)


def sweep(model: Model = "{}", *, beds: Iterable[int] = range(1, 21),
          arrival_rates: Sequence[float] | None = None, los_means: Sequence[float] | None = None,
          progress: Progress = None, **overrides: Any) -> SweepResult:
    """Every combination of beds x arrival rates (per day) x mean lengths of
    stay (days), each with the model's replications, in parallel threads.
    Omitted rates or stays keep the model's own."""
    spec: dict[str, Any] = {"model": json.loads(_model_json(model, overrides)), "beds": list(beds)}
    if arrival_rates is not None:
        spec["arrival_rates"] = list(arrival_rates)
    if los_means is not None:
        spec["los_means"] = list(los_means)
    data, table = _core._plan_sweep(json.dumps(spec, default=_json_default), _progress(progress, "sweep"))
    return SweepResult(json.loads(data), table)


def _core_caseload(caseload: Caseload) -> Any:
    core = getattr(caseload, "_c", caseload)
    if not isinstance(core, _core._Caseload):
        raise _core.InvalidArgumentError("caseload", "expected a homeward.Caseload")
    return core


def fit_plan_model(caseload: Caseload, base: Model | None = None,
                   policy: TimelinePolicy | None = None) -> PlanFit:
    """Fit arrivals (Poisson), routes and the length of stay (exponential,
    gamma, lognormal or the stays resampled) from a caseload's own history."""
    base_json = "" if base is None else _model_json(base, {})
    args: list[Any] = [_core_caseload(caseload), base_json]
    if policy is not None:
        args.append(policy)
    return PlanFit(json.loads(_core._plan_fit(*args)))


def capacity_plan(caseload: Caseload, *, growth: float = 0.1, max_beds: int = 40, replications: int = 200,
                  seed: int = 1, target_days: float = 14.0, target_fraction: float = 0.9,
                  costs: Mapping[str, float] | None = None,
                  workers: Sequence[Mapping[str, Any]] | None = None, threads: int = 0,
                  policy: TimelinePolicy | None = None, progress: Progress = None) -> CapacityPlan:
    """Beds and workers needed next year from a caseload's history, under the
    current arrival rate and under ``growth`` (0.1: 10% more arrivals)."""
    options: dict[str, Any] = {"growth": growth, "max_beds": max_beds, "replications": replications, "seed": seed,
                               "target": {"days": target_days, "fraction": target_fraction}, "threads": threads}
    if costs is not None:
        options["costs"] = dict(costs)
    if workers is not None:
        options["workers"] = [dict(w) for w in workers]
    core, text, bar = _core_caseload(caseload), json.dumps(options), _progress(progress, "capacity plan")
    if policy is None:
        out = _core._plan_capacity(core, text, progress=bar)
    else:
        out = _core._plan_capacity(core, text, policy, bar)
    return CapacityPlan(json.loads(out))
