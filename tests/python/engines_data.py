"""A deterministic synthetic event table for the engine tests and bench/bench_engines.py.

``make_events(pathways, seed)`` gives a pandas DataFrame in the CSV loader's
event schema (docs/ingest.md), about 10 events per pathway: a referral with
a planned discharge and a hospital admission date, a first visit, acceptance,
a transition plan, a CRFD period, the discharge (bed type, destination), a
follow-up contact for most people, a step-down stay for most, and for some a
readmission instead of the step-down. Per-person columns ``provider`` and
``area`` allow grouped measures. Rows come in date order with people
interleaved, as an extract does. Synthetic data only: no real people.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_DELAYS = np.array(["18", "14", "07", "98", "02", "11"], dtype=object)
_PROVIDERS = np.array(["RXA", "RXM", "RT5", "RHA", "RWK"], dtype=object)
_AREAS = np.array(["Derbyshire", "Leicestershire", "Nottinghamshire", "Lincolnshire"], dtype=object)


def make_events(pathways: int, seed: int = 14) -> pd.DataFrame:
    """About ``10 * pathways`` events (see the module docstring)."""
    rng = np.random.default_rng(seed)
    n = int(pathways)
    ids = np.array([f"S{seed:02d}-{i:08d}" for i in range(n)], dtype=object)
    ref = np.datetime64("2023-01-02") + rng.integers(0, 900, n).astype("timedelta64[D]")
    admitted = ref - rng.integers(20, 400, n).astype("timedelta64[D]")
    lead = rng.integers(60, 260, n)
    visit = ref + rng.integers(1, 20, n).astype("timedelta64[D]")
    accept = visit + rng.integers(1, 30, n).astype("timedelta64[D]")
    plan = accept + rng.integers(1, 40, n).astype("timedelta64[D]")
    crfd = plan + rng.integers(20, 120, n).astype("timedelta64[D]")
    crfd_len = rng.integers(0, 60, n)
    disch = crfd + crfd_len.astype("timedelta64[D]")
    crfd_end = np.where(rng.random(n) < 0.5, disch, np.datetime64("NaT"))
    contact_gap = rng.integers(0, 9, n)
    has_contact = rng.random(n) < 0.8
    readmit = rng.random(n) < 0.15
    sd_in = disch + rng.integers(0, 5, n).astype("timedelta64[D]")
    sd_out = sd_in + rng.integers(10, 150, n).astype("timedelta64[D]")
    readm = disch + rng.integers(3, 60, n).astype("timedelta64[D]")

    cols: dict[str, list[np.ndarray]] = {
        k: []
        for k in (
            "person_id",
            "type",
            "date",
            "planned_discharge",
            "end_date",
            "delay_reason",
            "destination",
            "admitted",
            "bed_type",
            "attend_status",
            "consultation_mechanism",
        )
    }
    none = np.full(n, None, dtype=object)
    nat = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")

    def add(
        mask,
        typ,
        date,
        planned=nat,
        end=nat,
        delay=none,
        dest=none,
        adm=nat,
        bed=none,
        attend=none,
        mech=none,
    ):
        m = np.asarray(mask, dtype=bool)
        cols["person_id"].append(ids[m])
        cols["type"].append(np.full(int(m.sum()), typ, dtype=object))
        cols["date"].append(np.asarray(date, dtype="datetime64[D]")[m])
        cols["planned_discharge"].append(np.asarray(planned, dtype="datetime64[D]")[m])
        cols["end_date"].append(np.asarray(end, dtype="datetime64[D]")[m])
        cols["delay_reason"].append(delay[m])
        cols["destination"].append(dest[m])
        cols["admitted"].append(np.asarray(adm, dtype="datetime64[D]")[m])
        cols["bed_type"].append(bed[m])
        cols["attend_status"].append(attend[m])
        cols["consultation_mechanism"].append(mech[m])

    every = np.ones(n, dtype=bool)
    add(every, "referral_received", ref, planned=ref + lead.astype("timedelta64[D]"), adm=admitted)
    add(every, "initial_visit", visit)
    add(every, "accepted", accept)
    add(every, "transition_plan_agreed", plan)
    add(every, "clinically_ready_for_discharge", crfd, end=crfd_end, delay=rng.choice(_DELAYS, n))
    add(
        every,
        "discharged",
        disch,
        dest=np.full(n, "19", dtype=object),
        bed=np.where(rng.random(n) < 0.9, "200", "201").astype(object),
    )
    add(
        has_contact,
        "follow_up_contact",
        disch + contact_gap.astype("timedelta64[D]"),
        attend=np.full(n, "5", dtype=object),
        mech=np.full(n, "01", dtype=object),
    )
    stay = ~readmit
    add(stay, "step_down_admitted", sd_in)
    add(stay, "step_down_left", sd_out, dest=np.full(n, "permanent_home", dtype=object))
    add(stay, "closed", sd_out + np.timedelta64(1, "D"))
    add(readmit, "readmitted", readm)

    df = pd.DataFrame({k: np.concatenate(v) for k, v in cols.items()})
    # A contact on or after the readmission would not be a follow-up: keep
    # the sequence valid by dropping contacts dated after a readmission.
    owner = pd.Series(np.arange(n), index=ids)
    r_date = pd.Series(np.where(readmit, readm, nat), index=ids)
    late = (df["type"] == "follow_up_contact") & (
        df["date"].to_numpy() >= r_date.loc[df["person_id"]].to_numpy()
    )
    df = df[~late.to_numpy()]
    idx = owner.loc[df["person_id"]].to_numpy()
    df = df.assign(
        provider=_PROVIDERS[idx % len(_PROVIDERS)], area=_AREAS[(idx // 3) % len(_AREAS)]
    )
    order = np.lexsort((df["person_id"].to_numpy(), df["date"].to_numpy()))
    df = df.iloc[order].reset_index(drop=True)
    for c in ("date", "planned_discharge", "end_date", "admitted"):
        df[c] = df[c].astype("datetime64[s]")
    return df


def make_readings(people: int, seed: int = 14) -> pd.DataFrame:
    """Recovery Star readings (3 per person, scores 1..10, some missing) with a ``region`` column."""
    rng = np.random.default_rng(seed)
    areas = [
        "managing_mental_health",
        "physical_health_and_self_care",
        "living_skills",
        "social_networks",
        "work",
        "relationships",
        "addictive_behaviour",
        "responsibilities",
        "identity_and_self_esteem",
        "trust_and_hope",
    ]
    n = int(people)
    ids = np.repeat(np.array([f"S{seed:02d}-{i:08d}" for i in range(n)], dtype=object), 3)
    first = np.datetime64("2024-01-01") + rng.integers(0, 300, n).astype("timedelta64[D]")
    dates = (first[:, None] + np.array([0, 90, 180])[None, :].astype("timedelta64[D]")).reshape(-1)
    base = rng.integers(1, 8, (n, len(areas)))
    scores = np.concatenate(
        [
            base,
            np.minimum(base + rng.integers(0, 3, base.shape), 10),
            np.minimum(base + rng.integers(0, 4, base.shape), 10),
        ],
        axis=1,
    )
    scores = scores.reshape(n, 3, len(areas)).reshape(n * 3, len(areas)).astype(float)
    scores[rng.random(scores.shape) < 0.03] = np.nan
    df = pd.DataFrame(scores, columns=areas)
    df.insert(0, "person_id", ids)
    df.insert(1, "date", dates.astype("datetime64[s]"))
    df.insert(2, "completed_by", "jointly")
    df["region"] = _AREAS[(np.arange(n * 3) // 3 // 3) % len(_AREAS)]
    return df
