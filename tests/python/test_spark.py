"""homeward.spark on a local[2] Spark session: results equal the single process exactly.

Skips (with the reason) when PySpark or a Java runtime is missing: ``pip install
homeward[spark]`` and a JDK 17+ (scripts/deps/engines.*). CI installs both.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import sys

import numpy as np
import pandas as pd
import pytest
from engines_data import make_events, make_readings

import homeward as hw
from homeward._paths import sample_path

# PySpark 4.x warns that it does not yet fully support pandas 3 (the features used here,
# applyInPandas with Arrow, are checked by these very tests).
pytestmark = [
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
    pytest.mark.filterwarnings("ignore:Cannot infer the eval type from type hints:UserWarning"),
    # ... and its toPandas still passes pandas 3 the deprecated copy= keyword.
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]

pyspark = pytest.importorskip(
    "pyspark", reason="pyspark not installed: pip install homeward[spark]"
)

SAMPLE = sample_path("sample") if hasattr(hw, "sample_service") else None
START, END = "2024-10-01", "2025-06-30"
GEN_START, GEN_END = "2023-07-01", "2024-06-30"
ON = "2025-07-01"


def _java_home() -> str | None:
    if os.environ.get("JAVA_HOME"):
        return os.environ["JAVA_HOME"]
    if shutil.which("java"):
        return None
    for cand in ("/usr/lib/jvm/default-java", "/usr/lib/jvm/temurin-25-jdk-amd64"):
        if pathlib.Path(cand, "bin", "java").exists():
            return cand
    pytest.skip("no Java runtime for Spark: install a JDK 17+ (scripts/deps/engines.deb)")
    return None


@pytest.fixture(scope="session")
def spark():
    from pyspark.sql import SparkSession

    home = _java_home()
    if home:
        os.environ["JAVA_HOME"] = home
    # The Python workers run this interpreter (the one homeward is installed in).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("homeward-tests")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def sample_events(spark):
    # As an analyst would read the extract: every column as text.
    return spark.read.csv(str(sample_path("sample") / "events.csv"), header=True)


@pytest.fixture(scope="session")
def sample_caseload():
    return hw.read_events(sample_path("sample") / "events.csv")


@pytest.fixture(scope="session")
def generated(spark):
    pdf = make_events(106_000)
    assert len(pdf) >= 1_000_000
    # Dates as Spark DateType, as a platform table holds them.
    sdf = spark.createDataFrame(
        pdf.assign(
            **{
                c: pdf[c].dt.strftime("%Y-%m-%d")
                for c in ("date", "planned_discharge", "end_date", "admitted")
            }
        )
    )
    from pyspark.sql import functions as F

    for c in ("date", "planned_discharge", "end_date", "admitted"):
        sdf = sdf.withColumn(c, F.to_date(c))
    return pdf, sdf


def _plain(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        if isinstance(out[c].dtype, pd.CategoricalDtype):
            out[c] = out[c].astype(object)
    return out.sort_values(keys, kind="stable").reset_index(drop=True)


def _expected_measures(c, start, end, by=None, **kw) -> pd.DataFrame:
    m = c.measures(start, end, by=by, **kw)
    df = m.to_pandas()
    if by is None:
        df.insert(0, "people", len(c))
    return df


def _assert_measures_equal(got: pd.DataFrame, want: pd.DataFrame, keys: list[str]) -> None:
    got = got.copy()
    for c in ("numerator", "denominator"):
        got[c] = got[c].astype("Int64")
        want[c] = want[c].astype("Int64")
    got["people"] = got["people"].astype(np.int64)
    want["people"] = want["people"].astype(np.int64)
    got = got.sort_values(keys, kind="stable", na_position="last").reset_index(drop=True)
    want = want.sort_values(keys, kind="stable", na_position="last").reset_index(drop=True)
    pd.testing.assert_frame_equal(
        got[list(want.columns)], want, check_exact=True, check_dtype=False
    )


def test_measures_equal_single_process(sample_events, sample_caseload):
    import homeward.spark as hs

    policy = hw.TimelinePolicy.nhs_england()
    costs = hw.CostModel(inpatient_day_cost=612.5, step_down_day_cost=47.25)
    got = hs.measures(sample_events, START, END, policy=policy, costs=costs).toPandas()
    want = _expected_measures(sample_caseload, START, END, policy=policy, costs=costs)
    _assert_measures_equal(got, want, ["measure"])


@pytest.mark.parametrize("by", ["county", "ward"])
def test_measures_by_equal_single_process(sample_events, sample_caseload, by):
    import homeward.spark as hs

    got = hs.measures(sample_events, START, END, by=by).toPandas()
    want = _expected_measures(sample_caseload, START, END, by=by)
    _assert_measures_equal(got, want, [by, "measure"])


def test_stages_milestones_overdue_savings(sample_events, sample_caseload):
    import homeward.spark as hs

    c = sample_caseload
    ev = c.evaluate(ON)
    got = hs.stages(sample_events, ON).toPandas()
    want = ev.stages.to_pandas()
    want["stage_since"] = [None if pd.isna(v) else v.date() for v in want["stage_since"]]
    pd.testing.assert_frame_equal(
        _plain(got, ["person_id"]), _plain(want, ["person_id"]), check_dtype=False
    )

    got = hs.milestones(sample_events, ON).toPandas()
    want = ev.milestones.to_pandas().drop(columns=["event"])
    for col in ("start", "due", "date"):
        want[col] = [None if pd.isna(v) else v.date() for v in want[col]]
    keys = ["person_id", "milestone", "start"]
    pd.testing.assert_frame_equal(_plain(got, keys), _plain(want, keys), check_dtype=False)

    got = hs.overdue(sample_events, ON).toPandas()
    want = c.snapshot(ON).to_pandas()
    for col in ("start", "due"):
        want[col] = [v.date() for v in pd.to_datetime(want[col])]
    keys = ["person_id", "milestone", "start"]
    assert len(want) > 0
    pd.testing.assert_frame_equal(_plain(got, keys), _plain(want, keys), check_dtype=False)

    got = hs.bed_day_savings(sample_events, START, END).toPandas()
    want = c.measures(START, END).bed_days.people.to_pandas()
    pd.testing.assert_frame_equal(
        _plain(got, ["person_id"]), _plain(want, ["person_id"]), check_dtype=False
    )


def test_star_cohort(spark):
    import homeward.spark as hs

    pdf = make_readings(300)
    sdf = spark.createDataFrame(pdf.assign(date=pdf["date"].dt.strftime("%Y-%m-%d")))
    got = hs.star_cohort(sdf, by="region").toPandas()
    assert sorted(got["region"].unique()) == sorted(pdf["region"].unique())
    for region, g in pdf.groupby("region"):
        want = (
            hw.star_cohort(hw.read_readings(g.drop(columns=["region"]))).to_pandas().reset_index()
        )
        mine = got[got["region"] == region].drop(columns=["region"]).reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, want, check_exact=True, check_dtype=False)
    whole = hs.star_cohort(sdf.drop("region")).toPandas()
    want = hw.star_cohort(hw.read_readings(pdf.drop(columns=["region"]))).to_pandas().reset_index()
    pd.testing.assert_frame_equal(whole, want, check_exact=True, check_dtype=False)


def test_generated_million_events(generated):
    import homeward.spark as hs

    pdf, sdf = generated
    c = hw.read_events(pdf)
    got = hs.measures(sdf, GEN_START, GEN_END).toPandas()
    _assert_measures_equal(got, _expected_measures(c, GEN_START, GEN_END), ["measure"])
    got = hs.measures(sdf, GEN_START, GEN_END, by="provider").toPandas()
    _assert_measures_equal(
        got, _expected_measures(c, GEN_START, GEN_END, by="provider"), ["provider", "measure"]
    )
    counts = hs.stages(sdf, GEN_END).groupBy("stage").count().toPandas()
    want = c.evaluate(GEN_END).stage_counts
    assert {r.stage: r["count"] for _, r in counts.iterrows()} == {
        k: v for k, v in want.items() if v
    }


def test_bad_arguments_are_clear(sample_events):
    import homeward.spark as hs

    with pytest.raises(ValueError, match="person"):
        hs.measures(sample_events, START, END, person="nobody")
    with pytest.raises(ValueError, match="buckets"):
        hs.stages(sample_events, END, buckets=0)
