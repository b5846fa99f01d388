"""An independent pandas re-implementation of NHS England's published code,
run over generated synthetic records, must agree with homeward row for row.

The generator writes each synthetic person twice: as homeward events, and as
MHSDS-shaped tables (MHS501 hospital spells, MHS502 bed type, MHS201 care
contacts, MHS001 death date, MHS518 CRFD periods, out-of-area placements).
The reference functions below follow the national SQL (files and lines in
docs/measures.md) on the MHSDS tables only; they never call homeward.
Reporting period: March 2025, with the data known at its end.
"""
from __future__ import annotations

import datetime as dt
import random
from typing import Any

import numpy as np
import pandas as pd
import pytest

import homeward as hw

RP_START = pd.Timestamp("2025-03-01")
RP_END = pd.Timestamp("2025-03-31")
AS_OF = RP_END

EXCL_DEST = {"30", "37", "38", "40", "42", "48", "49", "50", "53", "79", "84", "87", "89"}
ACUTE = {"200", "201", "202", "205", "212", "213"}
FOLLOW_MECH = {"01", "02", "04", "11"}
DESTS = ["19", "29", "40", "37", "50", "53", "54", "87", "99", None]
METHODS = ["1", "1", "1", "2", "3", "4", None]
BEDS = ["200", "200", "201", "202", "207", "300", None]
MECHS = ["01", "02", "04", "11", "05", "09", "98", None]
ATTEND = ["5", "5", "6", "3", "2", None]
REASONS = [e["code"] for e in hw.code_tables()["delay_reason"]["codes"]]


def _d(t: pd.Timestamp) -> str:
    return t.strftime("%Y-%m-%d")


def _known(t: pd.Timestamp | None) -> pd.Timestamp | None:
    """What the data at the end of the period knows (later dates are not yet recorded)."""
    return t if t is not None and t <= AS_OF else None


def generate(n: int, seed: int) -> tuple[hw.Caseload, dict[str, pd.DataFrame]]:
    rng = random.Random(seed)
    people: list[tuple[str, list[dict[str, Any]]]] = []
    spells: list[dict[str, Any]] = []
    contacts: list[dict[str, Any]] = []
    deaths: list[dict[str, Any]] = []
    crfd: list[dict[str, Any]] = []
    oaps: list[dict[str, Any]] = []
    for i in range(n):
        pid = f"P{i:05d}"
        day = lambda lo, hi: pd.Timestamp("2025-01-01") + pd.Timedelta(days=rng.randint(lo, hi))  # noqa: E731
        admitted = day(-60, 20)
        referral = admitted + pd.Timedelta(days=rng.randint(0, 10))
        ev: list[dict[str, Any]] = [{"type": "referral_received", "date": _d(referral), "admitted": _d(admitted)}]
        spell_start = admitted
        t = referral
        spell_no = 0
        died = False
        for _ in range(rng.choice([1, 1, 2])):
            spell_id = f"{pid}-{spell_no}"
            # CRFD periods: back to back, a gap of 1 day, or more; same-day ones; the last may run to the discharge.
            t = t + pd.Timedelta(days=rng.randint(5, 40))
            for _k in range(rng.choice([0, 1, 2, 3])):
                length = rng.choice([0, 1, 3, 8, 15])
                end = t + pd.Timedelta(days=length)
                ev.append({"type": "clinically_ready_for_discharge", "date": _d(t), "end_date": _d(end),
                           "delay_reason": rng.choice(REASONS),
                           **({"attributable_to": a} if (a := rng.choice(["04", "05", "06", None])) else {})})
                crfd.append({"spell": spell_id, "person": pid, "start": t, "end": _known(end) if end <= AS_OF else None,
                             "reason": ev[-1]["delay_reason"], "att": ev[-1].get("attributable_to"),
                             "_raw_end": end})
                t = end + pd.Timedelta(days=rng.choice([0, 0, 1, 2, 6]))
            open_crfd = rng.random() < 0.3
            if open_crfd:
                ev.append({"type": "clinically_ready_for_discharge", "date": _d(t), "delay_reason": rng.choice(REASONS)})
                crfd.append({"spell": spell_id, "person": pid, "start": t, "end": None, "reason": ev[-1]["delay_reason"],
                             "att": None, "_raw_end": None})
            if rng.random() < 0.25:
                oap_start = spell_start + pd.Timedelta(days=rng.randint(0, 3))
                if oap_start < t:
                    oap_start = t
                reason = rng.choice(["10", "10", "11", "14"])
                ev.append({"type": "out_of_area_placement", "date": _d(oap_start), "out_of_area_reason": reason})
                oaps.append({"person": pid, "start": oap_start, "end": None, "reason": reason})
                t = oap_start
            disch = t + pd.Timedelta(days=rng.randint(0, 25))
            if open_crfd:
                crfd[-1]["_raw_end"] = disch
            fields: dict[str, Any] = {}
            for key, choices in (("destination", DESTS), ("discharge_method", METHODS), ("bed_type", BEDS)):
                v = rng.choice(choices)
                if v is not None:
                    fields[key] = v
            ev.append({"type": "discharged", "date": _d(disch), **fields})
            spells.append({"spell": spell_id, "person": pid, "start": spell_start, "disch": disch,
                           "method": fields.get("discharge_method"), "dest": fields.get("destination"),
                           "bed": fields.get("bed_type")})
            if oaps and oaps[-1]["person"] == pid and oaps[-1]["end"] is None:
                oaps[-1]["end"] = disch
            t = disch
            # Contacts and a possible death after the discharge.
            offsets = sorted(rng.sample(range(0, 8), rng.choice([0, 1, 2, 3])))
            death = rng.randint(0, 8) if rng.random() < 0.1 else None
            for o in offsets:
                if death is not None and o > death:
                    break
                c_day = disch + pd.Timedelta(days=o)
                a, m = rng.choice(ATTEND), rng.choice(MECHS)
                e: dict[str, Any] = {"type": "follow_up_contact", "date": _d(c_day)}
                if a:
                    e["attend_status"] = a
                if m:
                    e["consultation_mechanism"] = m
                ev.append(e)
                contacts.append({"person": pid, "date": c_day, "attend": a, "mech": m})
                t = c_day
            if death is not None:
                dd = disch + pd.Timedelta(days=death)
                dd = max(dd, t)
                ev.append({"type": "died", "date": _d(dd)})
                deaths.append({"person": pid, "date": dd})
                died = True
                break
            # Readmission: a new spell.
            readmit = t + pd.Timedelta(days=rng.randint(0, 30))
            if rng.random() < 0.5:
                break
            ev.append({"type": "readmitted", "date": _d(readmit)})
            spell_no += 1
            spell_start = readmit
            t = readmit
        else:
            pass
        if not died and ev[-1]["type"] == "readmitted":
            # Still in hospital: the spell is open.
            spells.append({"spell": f"{pid}-{spell_no}", "person": pid, "start": spell_start, "disch": None,
                           "method": None, "dest": None, "bed": None})
        people.append((pid, ev))
    caseload = hw.Caseload()
    for pid, ev in people:
        caseload.add(hw.Pathway(pid, ev))
    tables = {
        "spells": pd.DataFrame(spells), "contacts": pd.DataFrame(contacts), "deaths": pd.DataFrame(deaths),
        "crfd": pd.DataFrame(crfd), "oaps": pd.DataFrame(oaps),
    }
    return caseload, tables


def _cut(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The month-end extract: records dated after the period end are not known yet."""
    s = tables["spells"]
    s = s[s.start <= AS_OF].copy()
    late = s.disch.notna() & (s.disch > AS_OF)
    s.loc[late, ["disch", "method", "dest", "bed"]] = None
    c = tables["contacts"]
    d = tables["deaths"]
    cr = tables["crfd"]
    cr = cr[cr.start <= AS_OF].copy()
    cr["end"] = [e if e is not None and not pd.isna(e) and e <= AS_OF else None for e in cr["_raw_end"]]
    o = tables["oaps"]
    o = o[o.start <= AS_OF].copy()
    o["end"] = [e if e is not None and not pd.isna(e) and e <= AS_OF else None for e in o["end"]]
    return {"spells": s, "contacts": c[c.date <= AS_OF], "deaths": d[d.date <= AS_OF], "crfd": cr, "oaps": o}


# --- The national logic, in pandas -------------------------------------------------------------


def reference_72_hours(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """menh_publications/notebooks/02_72HOURS: PrepViews.py (Cont, Follow, Disch, Fup) and
    72hours_Aggregate.py (ElgibleDischFlag_Modified, FollowedUp3Days)."""
    s = t["spells"]
    d = s[s.disch.notna()].copy()
    lo, hi = RP_START - pd.Timedelta(days=4), RP_END - pd.Timedelta(days=4)
    d = d[(d.disch >= lo) & (d.disch <= hi)]                                         # DischFlag
    eligible = (~d.method.isin(["4", "5"]) | d.method.isna()) & (d.dest.isna() | ~d.dest.isin(EXCL_DEST))
    acute = d.bed.isin(ACUTE)                                                        # AcuteBed
    deaths = t["deaths"].groupby("person").date.min()
    death = d.person.map(deaths)
    died = (death - d.disch).dt.days.le(3).fillna(False).astype(bool)               # DiedBeforeFollowUp
    c = t["contacts"]
    follow = c[c.attend.isin(["5", "6"]) & c.mech.isin(FOLLOW_MECH)][["person", "date"]]
    follow = pd.concat([follow, s[["person", "start"]].rename(columns={"start": "date"})])  # new spells
    j = d[["spell", "person", "disch"]].merge(follow, on="person")
    j = j[j.date > j.disch]
    first = j.groupby("spell").date.min()
    d["first"] = d.spell.map(first)
    d["in_mhs78"] = eligible & acute & ~died
    d["in_mhs79"] = d.in_mhs78 & ((d["first"] - d.disch).dt.days <= 3)
    return d


def reference_mhs26(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """menh_analysis 0.Generic_prep.py lines 1905-1951 (ranking) and Inpatient measures.py lines 690-704."""
    cr = t["crfd"].copy()
    # The month's submission: periods active in the month; same-day periods removed.
    cr = cr[(cr.start <= RP_END) & (cr.end.isna() | (cr.end >= RP_START))]
    cr = cr[~(cr.end.notna() & (cr.end == cr.start))]
    cr = cr.sort_values(["spell", "start"], kind="stable")
    cr["rnk"] = cr.groupby("spell").cumcount() + 1
    cr["lastend"] = cr.groupby("spell").end.shift(1)
    stop = cr.end.where(cr.end.notna(), RP_END + pd.Timedelta(days=1))
    one = pd.Timedelta(days=1)
    frm = np.where(cr.start < RP_START, RP_START,
          np.where(cr.rnk == 1, cr.start + one,
          np.where(cr.lastend.notna() & (cr.start > cr.lastend + one), cr.start + one, cr.start)))
    cr["days"] = (stop - pd.to_datetime(frm)).dt.days
    return cr


def reference_oaps(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """menh_bbrb 08_oaps/oaps_prep.py: hosp_spell_bed_days_rp (lines 18-27), Ended_In_RP,
    Active_End (lines 384-385); inappropriate: ReasonOAT 10 (line 180)."""
    o = t["oaps"].copy()
    o = o[(o.start <= RP_END) & (o.end.isna() | (o.end >= RP_START))]
    end = o.end
    stop = end.where(end.notna() & (end <= RP_END), RP_END + pd.Timedelta(days=1))
    frm = np.where((o.start < RP_START) & (end.isna() | (end > RP_START)), RP_START,
          np.where((o.start >= RP_START) & (end.isna() | (end > o.start)), o.start,
          np.where(end.isna() | (end > RP_END), RP_END, end)))
    o["bed_days"] = (stop - pd.to_datetime(frm)).dt.days
    o["active_at_end"] = end.isna() | (end > RP_END)
    o["ended"] = end.notna() & (end >= RP_START) & (end <= RP_END)
    o["started"] = o.start >= RP_START
    o["inappropriate"] = o.reason == "10"
    return o


def reference_readmission_14(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """nhsengland/MHSDS Acute Inpatient Dashboard 2025.sql lines 246-251 and 372-395, 1208."""
    s = t["spells"]
    d = s[s.disch.notna() & (s.disch >= RP_START) & (s.disch <= RP_END)].copy()
    d = d[(~d.method.isin(["4", "6", "7", "8"]) | d.method.isna())
          & (~d.dest.isin(["48", "49", "50", "53", "84", "87", "79"]) | d.dest.isna())]
    j = d[["spell", "person", "disch"]].merge(s[["spell", "person", "start"]], on="person", suffixes=("", "_a"))
    j = j[(j.start >= j.disch) & (j.spell != j.spell_a)]
    first = j.groupby("spell").start.min()
    d["readmitted"] = ((d.spell.map(first) - d.disch).dt.days < 14).fillna(False).astype(bool)
    return d


# --- The comparison ------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=[7, 2025])
def data(request: pytest.FixtureRequest) -> tuple[hw.Measures, dict[str, pd.DataFrame]]:
    caseload, tables = generate(1500, request.param)
    m = caseload.measures(RP_START.date(), RP_END.date(), policy=hw.TimelinePolicy.nhs_england())
    return m, _cut(tables)


def _keys(df: pd.DataFrame, person: str, date: str) -> list[tuple[str, dt.date]]:
    return sorted(zip(df[person], pd.to_datetime(df[date]).dt.date))


def test_72_hours_agrees_row_for_row(data: tuple[hw.Measures, dict[str, pd.DataFrame]]) -> None:
    m, t = data
    ref = reference_72_hours(t)
    den = ref[ref.in_mhs78]
    num = ref[ref.in_mhs79]
    assert len(den) > 40 and 0 < len(num) < len(den)  # the data exercise every branch
    assert m.follow_up.denominator == len(den)
    assert m.follow_up.numerator == len(num)
    misses = m.follow_up.misses.to_pandas()
    assert _keys(misses, "person_id", "discharged") == _keys(den[~den.in_mhs79], "person", "disch")
    excluded = m.follow_up.exclusions.to_pandas()
    assert _keys(excluded, "person_id", "discharged") == _keys(ref[~ref.in_mhs78], "person", "disch")


def test_mhs26_agrees_row_for_row(data: tuple[hw.Measures, dict[str, pd.DataFrame]]) -> None:
    m, t = data
    ref = reference_mhs26(t)
    items = m.crfd.items.to_pandas()
    assert len(ref) > 50
    mine = sorted(zip(items.person_id, items.start.dt.date, items.days))
    theirs = sorted(zip(ref.person, ref.start.dt.date, ref.days))
    assert mine == theirs
    assert m.crfd.days == int(ref.days.sum())
    by_reason = ref.groupby("reason").days.sum().to_dict()
    assert m.crfd.by_reason.to_pandas().set_index("reason").days.to_dict() == by_reason


def test_oaps_agree_row_for_row(data: tuple[hw.Measures, dict[str, pd.DataFrame]]) -> None:
    m, t = data
    ref = reference_oaps(t)
    pl = m.out_of_area.placements.to_pandas()
    assert len(ref) > 20
    assert sorted(zip(pl.person_id, pl.start.dt.date, pl.bed_days, pl.active_at_end)) == sorted(
        zip(ref.person, ref.start.dt.date, ref.bed_days, ref.active_at_end))
    oa = m.out_of_area
    assert (oa.active_at_end, oa.starts, oa.ends) == (int(ref.active_at_end.sum()), int(ref.started.sum()),
                                                      int(ref.ended.sum()))
    assert oa.inappropriate_active_at_end == int((ref.active_at_end & ref.inappropriate).sum())
    assert oa.bed_days == int(ref.bed_days.sum())


def test_readmission_14_agrees_row_for_row(data: tuple[hw.Measures, dict[str, pd.DataFrame]]) -> None:
    m, t = data
    ref = reference_readmission_14(t)
    got = m.readmission.readmissions.to_pandas()
    assert len(ref[ref.readmitted]) > 5
    assert _keys(got, "person_id", "discharged") == _keys(ref[ref.readmitted], "person", "disch")
