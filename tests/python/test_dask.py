"""homeward.dask on a LocalCluster of two worker processes: results equal the single process.

Skips (with the reason) when Dask is missing: ``pip install homeward[dask]``. CI installs it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from engines_data import make_events

import homeward as hw
from homeward._paths import sample_path

dd = pytest.importorskip("dask.dataframe", reason="dask not installed: pip install homeward[dask]")
distributed = pytest.importorskip(
    "distributed", reason="dask.distributed not installed: pip install homeward[dask]"
)

START, END = "2024-10-01", "2025-06-30"
GEN_START, GEN_END = "2023-07-01", "2024-06-30"
ON = "2025-07-01"


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        memory_limit="3GiB",
    )
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def sample():
    pdf = pd.read_csv(sample_path("sample") / "events.csv", dtype=str, keep_default_na=False)
    pdf = pdf.replace("", None)
    return pdf, hw.read_events(pdf)


def _expected(c, start, end, by=None, **kw):
    df = c.measures(start, end, by=by, **kw).to_pandas()
    if by is None:
        df.insert(0, "people", len(c))
    return df


def _assert_equal(got, want, keys):
    got = got.sort_values(keys, kind="stable", na_position="last").reset_index(drop=True)
    want = want.sort_values(keys, kind="stable", na_position="last").reset_index(drop=True)
    got["people"] = got["people"].astype(np.int64)
    want["people"] = want["people"].astype(np.int64)
    pd.testing.assert_frame_equal(
        got[list(want.columns)], want, check_exact=True, check_dtype=False
    )


def test_measures_equal_single_process(client, sample):
    import homeward.dask as hd

    pdf, c = sample
    ddf = dd.from_pandas(pdf, npartitions=3)
    policy = hw.TimelinePolicy.nhs_england()
    costs = hw.CostModel(inpatient_day_cost=612.5, step_down_day_cost=47.25)
    got = hd.measures(ddf, START, END, policy=policy, costs=costs, npartitions=4)
    _assert_equal(got, _expected(c, START, END, policy=policy, costs=costs), ["measure"])
    got = hd.measures(ddf, START, END, by="county", npartitions=4)
    _assert_equal(got, _expected(c, START, END, by="county"), ["county", "measure"])


def test_per_person_tables(client, sample):
    import homeward.dask as hd

    pdf, c = sample
    ddf = dd.from_pandas(pdf, npartitions=3)
    got = hd.stages(ddf, ON, npartitions=4).compute()
    want = c.evaluate(ON).stages.to_pandas()
    want["stage"] = want["stage"].astype(object)
    pd.testing.assert_frame_equal(
        got.sort_values("person_id").reset_index(drop=True),
        want.sort_values("person_id").reset_index(drop=True),
        check_dtype=False,
    )
    got = hd.overdue(ddf, ON, npartitions=4).compute()
    want = c.snapshot(ON).to_pandas()
    keys = ["person_id", "milestone", "start"]
    assert len(want) > 0
    assert len(got) == len(want)
    assert sorted(got["person_id"]) == sorted(want["person_id"])
    got = hd.milestones(ddf, ON, npartitions=4).compute()
    want = c.evaluate(ON).milestones.to_pandas()
    assert len(got) == len(want)
    g = got.sort_values(keys).reset_index(drop=True)
    w = (
        want.assign(milestone=want["milestone"].astype(object))
        .sort_values(keys)
        .reset_index(drop=True)
    )
    assert (g["days"].astype("Int64").fillna(-1) == w["days"].astype("Int64").fillna(-1)).all()
    got = hd.bed_day_savings(ddf, START, END, npartitions=4).compute()
    want = c.measures(START, END).bed_days.people.to_pandas()
    assert int(got["days"].sum()) == int(want["days"].sum())
    assert sorted(got["person_id"]) == sorted(want["person_id"])


def test_generated_million_events(client, tmp_path):
    import homeward.dask as hd

    pdf = make_events(106_000)
    assert len(pdf) >= 1_000_000
    c = hw.read_events(pdf)
    # As on a cluster: the workers read the data (Parquet), it is not sent from the client.
    for i, part in enumerate(np.array_split(np.arange(len(pdf)), 4)):
        pdf.iloc[part].to_parquet(tmp_path / f"events-{i}.parquet", index=False)
    ddf = dd.read_parquet(str(tmp_path))
    got = hd.measures(ddf, GEN_START, GEN_END, npartitions=4)
    _assert_equal(got, _expected(c, GEN_START, GEN_END), ["measure"])
    got = hd.measures(ddf, GEN_START, GEN_END, by="area", npartitions=4)
    _assert_equal(got, _expected(c, GEN_START, GEN_END, by="area"), ["area", "measure"])


def test_sweep_over_the_cluster(client):
    import homeward.dask as hd

    model = {"replications": 4, "horizon_days": 120, "seed": 7}
    got = hd.sweep(client, model, beds=[2, 3, 4], los_means=[40.0, 60.0])
    want = hw.sweep(model, beds=[2, 3, 4], los_means=[40.0, 60.0]).to_pandas()
    keys = ["arrival_rate", "los_mean", "beds"]
    pd.testing.assert_frame_equal(
        got.sort_values(keys).reset_index(drop=True),
        want.sort_values(keys).reset_index(drop=True),
        check_exact=True,
    )


def test_bad_arguments_are_clear(sample):
    import homeward.dask as hd

    pdf, _ = sample
    with pytest.raises(ValueError, match="person"):
        hd.measures(dd.from_pandas(pdf, npartitions=1), START, END, person="nobody")
