"""Capacity planning from Python: simulate, sweep, fitting, the capacity plan,
tables, charts, progress and errors."""
from __future__ import annotations

import threading
import time

import homeward
import pytest

MODEL = {"beds": 4, "arrivals": {"rate_per_day": 0.3},
         "length_of_stay": {"kind": "gamma", "mean": 10, "sd": 5},
         "replications": 30, "seed": 3, "horizon_days": 365, "warmup_days": 100}


def test_simulate_summary_runs_and_frames() -> None:
    r = homeward.simulate(MODEL)
    assert len(r.runs) == 30
    s = r.summary
    for name in ("mean_wait", "occupancy", "crfd_days", "savings", "wait_p90", "within_target"):
        e = s[name]
        assert e["ci_low"] <= e["mean"] <= e["ci_high"]
        assert e["n"] == 30
    # Savings follow the cost model's defaults (500 - 50 a night).
    assert s["savings"]["mean"] == pytest.approx(450 * s["step_down_days"]["mean"])
    df = r.to_pandas()
    assert df.loc["mean_wait", "mean"] == s["mean_wait"]["mean"]
    runs = r.runs_frame()
    assert len(runs) == 30 and runs["mean_wait"].mean() == pytest.approx(s["mean_wait"]["mean"])
    series = r.series_frame()
    assert len(series) == 365 and str(series.index[0].date()) == r.model["start"]
    assert series["occupancy_mean"].mean() == pytest.approx(s["mean_occupancy"]["mean"], rel=1e-9)
    assert "4 beds, 30 replications" in repr(r)


def test_keyword_overrides_and_defaults() -> None:
    d = homeward.plan_model_defaults()
    assert d["warmup_days"] == "auto" and d["queue"] == "fcfs"
    r = homeward.simulate(MODEL, beds=8, include_runs=False)
    assert r.model["beds"] == 8 and r.runs == []
    auto = homeward.simulate({**MODEL, "warmup_days": "auto"})
    assert auto.data["warmup_method"] == "MSER-5" and auto.warmup_days >= 0


def test_same_seed_same_results_any_threads() -> None:
    a = homeward.simulate(MODEL, threads=1)
    b = homeward.simulate(MODEL, threads=3)
    assert a.runs == b.runs
    c = homeward.simulate(MODEL, seed=4)
    assert c.runs != a.runs


def test_workers_frame() -> None:
    r = homeward.simulate(MODEL, workers=[{"role": "pathway_navigator", "count": 0, "caseload_limit": 6,
                                            "support": {"kind": "fixed", "value": 60}}])
    w = r.workers_frame()
    assert list(w["role"]) == ["pathway_navigator"]
    # Uncapped demand: arrivals x support time (M/G/infinity), 0.3 x 60 = 18 people.
    assert w.loc[0, "mean_demand"] == pytest.approx(18, rel=0.1)
    assert w.loc[0, "workers_needed"] >= 3


def test_sweep_table_best_and_frame() -> None:
    calls: list[tuple[int, int]] = []
    sw = homeward.sweep(MODEL, beds=range(2, 9), arrival_rates=[0.2, 0.3], los_means=[10],
                        progress=lambda d, t: calls.append((d, t)) is None)
    assert calls and calls[-1] == (2 * 7 * 30, 2 * 7 * 30)
    f = sw.to_pandas()
    assert len(f) == 14
    assert set(f["arrival_rate"]) == {0.2, 0.3}
    for rate, g in f.groupby("arrival_rate"):
        assert list(g["mean_wait"]) == sorted(g["mean_wait"], reverse=True)
        best = next(b for b in sw.smallest_beds if b["arrival_rate"] == rate)["beds"]
        meets = g[g["meets_target"]]
        assert best == (int(meets["beds"].min()) if len(meets) else None)
    assert "4 beds: mean wait " in sw.table()
    assert "smallest number of beds" in sw.table()


def test_progress_cancel_and_errors_from_callback() -> None:
    with pytest.raises(homeward.InvalidArgumentError) as e:
        homeward.simulate({**MODEL, "replications": 2000}, progress=lambda d, t: False)
    assert e.value.field == "progress"

    def boom(done: int, total: int) -> bool:
        raise KeyError("from the callback")

    with pytest.raises(KeyError):
        homeward.simulate({**MODEL, "replications": 2000, "horizon_days": 2000}, progress=boom)


def test_gil_is_released_while_simulating() -> None:
    ticks = 0
    stop = False

    def count() -> None:
        nonlocal ticks
        while not stop:
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    start = time.monotonic()
    homeward.simulate({**MODEL, "replications": 400, "horizon_days": 3000}, threads=1, include_runs=False)
    elapsed = time.monotonic() - start
    stop = True
    t.join()
    if elapsed < 0.05:
        pytest.skip(f"the simulation took {elapsed:.3f}s: too quick to observe another thread")
    assert ticks >= 5


@pytest.mark.parametrize("model,field", [
    ({"arrivals": {"rate_per_day": -0.1}}, "model.arrivals.rate_per_day"),
    ({"beds": 0, "arrivals": {"rate_per_day": 0.1}}, "model.beds"),
    ({"length_of_stay": {"kind": "gamma", "mean": 10, "sd": 0}}, "model.length_of_stay.sd"),
    ({"length_of_stay": {"kind": "lognormal", "mean": "nan", "sd": 3}}, "model.length_of_stay.mean"),
    ({"workers": [{"role": "x", "caseload_limit": 5, "support": {"kind": "exponential", "mean": -1}}]},
     "model.workers[0].support.mean"),
    ({"replications": 0}, "model.replications"),
])
def test_bad_input_names_the_field(model: dict, field: str) -> None:
    with pytest.raises(homeward.InvalidArgumentError) as e:
        homeward.simulate(model)
    assert e.value.field == field
    assert isinstance(e.value, ValueError)


def test_sweep_bad_beds() -> None:
    with pytest.raises(homeward.InvalidArgumentError) as e:
        homeward.sweep(MODEL, beds=[3, 0])
    assert e.value.field == "sweep.beds[1]"


def test_fit_from_the_sample_caseload() -> None:
    cl = homeward.sample_caseload()
    fit = homeward.fit_plan_model(cl, {"beds": 6})
    d = fit.data
    assert d["ready_periods"] > 0
    assert d["arrival_rate"]["ci_low"] < d["arrival_rate"]["per_day"] < d["arrival_rate"]["ci_high"]
    assert fit.model["beds"] == 6
    assert fit.model["arrivals"]["rate_per_day"] == d["arrival_rate"]["per_day"]
    assert fit.model["length_of_stay"]["kind"] == d["length_of_stay_chosen"]
    assert d["stays"]["n"] == len([1 for c in d["length_of_stay_candidates"]]) * 0 + d["stays"]["n"]
    text = fit.report()
    assert "| gamma |" in text and "Chosen:" in text
    # The fitted model runs.
    r = homeward.simulate(fit.model, replications=10, include_runs=False)
    assert r.summary["arrivals"]["mean"] > 0


def test_fit_from_an_empty_history() -> None:
    with pytest.raises(homeward.InvalidArgumentError) as e:
        homeward.fit_plan_model(homeward.Caseload([]))
    assert e.value.field == "caseload"


def test_capacity_plan_report_frame_and_chart(tmp_path) -> None:
    pytest.importorskip("matplotlib", reason="the business-case chart is drawn with matplotlib")
    plan = homeward.capacity_plan(homeward.sample_caseload(), growth=0.5, max_beds=12, replications=20,
                                  workers=[{"role": "pathway_navigator", "caseload_limit": 10,
                                            "support": {"kind": "gamma", "mean": 120, "sd": 40}}])
    f = plan.to_pandas()
    assert list(f.index) == ["current", "growth"]
    assert f.loc["growth", "arrivals_per_year"] == pytest.approx(1.5 * f.loc["current", "arrivals_per_year"])
    cur, gro = f.loc["current", "beds_needed"], f.loc["growth", "beds_needed"]
    assert cur is not None and gro is not None and gro >= cur
    assert "pathway_navigator_needed" in f.columns
    text = plan.report()
    assert "## Capacity plan for the next year" in text and "| current |" in text
    svg = tmp_path / "plan.svg"
    plan.plot(str(svg))
    assert svg.read_text().lstrip().startswith("<?xml")


def test_notebook_charts() -> None:
    pytest.importorskip("matplotlib", reason="charts are drawn with matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    r = homeward.simulate(MODEL)
    ax = r.plot_occupancy()
    assert ax.get_ylabel() == "people"
    sw = homeward.sweep(MODEL, beds=range(2, 6), arrival_rates=[0.2, 0.3])
    ax2 = sw.plot_waits()
    assert len(ax2.get_lines()) >= 2


def test_cli_plan_writes_table_chart_and_json(tmp_path, capsys) -> None:
    pytest.importorskip("matplotlib", reason="the business-case chart is drawn with matplotlib")
    from homeward.cli import main

    rc = main(["plan", "--max-beds", "10", "--replications", "20", "--growth", "0.3", "--format", "png",
               "--worker", "pathway_navigator:12:120", "--out", str(tmp_path)])
    assert rc == 0
    out = capsys.readouterr().out
    assert "## Capacity plan for the next year" in out
    assert "| current |" in out and "| growth |" in out
    assert "Workers (current" in out and "| pathway_navigator |" in out
    assert (tmp_path / "capacity-plan.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "capacity-plan.md").read_text(encoding="utf-8") == out


def test_cli_plan_bad_input(tmp_path, capsys) -> None:
    from homeward.cli import main

    assert main(["plan", "--growth", "-2", "--out", str(tmp_path)]) == 2
    assert "options.growth" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["plan", "--worker", "navigator:x:3", "--out", str(tmp_path)])
