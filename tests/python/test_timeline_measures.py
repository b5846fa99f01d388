"""National measures as NHS England computes them, through Python (docs/measures.md).

Hand-built pathways for the reporting period March 2025, one per rule; the
expected values are worked out in the comments.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

import homeward as hw

START, END = dt.date(2025, 3, 1), dt.date(2025, 3, 31)


def _ref() -> dict[str, Any]:
    return {"type": "referral_received", "date": "2025-01-06"}


def _disch(date: str, **kw: Any) -> dict[str, Any]:
    return {"type": "discharged", "date": date, "bed_type": "200", **kw}


def _contact(date: str, attend: str | None = "5", mech: str | None = "01") -> dict[str, Any]:
    e: dict[str, Any] = {"type": "follow_up_contact", "date": date}
    if attend:
        e["attend_status"] = attend
    if mech:
        e["consultation_mechanism"] = mech
    return e


def _caseload(people: dict[str, list[dict[str, Any]]]) -> hw.Caseload:
    c = hw.Caseload()
    for pid, events in people.items():
        c.add(hw.Pathway(pid, events))
    return c


@pytest.fixture(scope="module")
def follow_up_cases() -> hw.Caseload:
    return _caseload({
        "P01": [_ref(), _disch("2025-03-10"), _contact("2025-03-10")],             # same day: a miss
        "P02": [_ref(), _disch("2025-03-10"), _contact("2025-03-13")],             # day 3: met
        "P03": [_ref(), _disch("2025-03-10"), _contact("2025-03-14")],             # day 4: a miss
        "P04": [_ref(), _disch("2025-03-10"), {"type": "died", "date": "2025-03-12"}],  # excluded
        "P05": [_ref(), _disch("2025-03-10", destination="40")],                   # prison: excluded
        "P06": [_ref(), _disch("2025-03-10"), _contact("2025-03-11", "5", "05")],  # email: a miss
        "P07": [_ref(), _disch("2025-03-10"), _contact("2025-03-11", "3", "01")],  # not attended: a miss
        "P08": [_ref(), _disch("2025-03-10"), {"type": "readmitted", "date": "2025-03-12"}],  # met
        "P09": [_ref(), _disch("2025-03-29"), _contact("2025-03-30")],             # after end - 4
    })


def test_72_hour_follow_up_as_mhs78_mhs79(follow_up_cases: hw.Caseload) -> None:
    m = follow_up_cases.measures(START, END, policy=hw.TimelinePolicy.nhs_england())
    fu = m.follow_up
    assert (fu.numerator, fu.denominator) == (2, 6)  # P02, P08 of P01 P02 P03 P06 P07 P08
    assert fu.discharged_from == dt.date(2025, 2, 25)
    assert fu.discharged_to == dt.date(2025, 3, 27)
    misses = fu.misses.to_pandas()
    assert sorted(misses.person_id) == ["P01", "P03", "P06", "P07"]
    late = misses.set_index("person_id").loc["P03"]
    assert late.days == 4 and late.date == pd.Timestamp("2025-03-14")
    ex = fu.exclusions.to_pandas().set_index("person_id")
    assert list(ex.index) == ["P04", "P05"]
    assert ex.loc["P04", "reason"] == "died" and ex.loc["P04", "date"] == pd.Timestamp("2025-03-12")
    assert ex.loc["P05", "reason"] == "discharge_destination" and ex.loc["P05", "code"] == "40"
    # homeward's default counts the same-day contact and any mechanism; the
    # 7-day standard is one setting away.
    default = follow_up_cases.measures(START, END)
    assert "P01" not in set(default.follow_up.misses["person_id"])
    seven = hw.TimelinePolicy.nhs_england()
    seven.follow_up_days = 7
    assert follow_up_cases.measures(START, END, policy=seven).follow_up.numerator == 3


def test_crfd_days_by_reason_group_and_attribution() -> None:
    c = _caseload({
        # 1..15 March: 13 days as MHS26 counts a first period.
        "C1": [_ref(), {"type": "clinically_ready_for_discharge", "date": "2025-03-01", "end_date": "2025-03-15",
                        "delay_reason": "18", "attributable_to": "05"}, _disch("2025-03-15")],
        # Back to back: 4 + 10 days.
        "C2": [_ref(),
               {"type": "clinically_ready_for_discharge", "date": "2025-03-05", "end_date": "2025-03-10",
                "delay_reason": "03", "attributable_to": "05"},
               {"type": "clinically_ready_for_discharge", "date": "2025-03-10", "end_date": "2025-03-20",
                "delay_reason": "36", "attributable_to": "04"}, _disch("2025-03-20")],
        # Open at the end of the period, begun before it: 31 days.
        "C3": [_ref(), {"type": "clinically_ready_for_discharge", "date": "2025-02-20", "delay_reason": "98"}],
    })
    cr = c.measures(START, END, policy=hw.TimelinePolicy.nhs_england()).crfd
    assert cr.day_count == "mhs26"
    assert cr.days == 13 + 4 + 10 + 31
    groups = cr.by_group.to_pandas().set_index("group")["days"].to_dict()
    assert groups == {"housing": 13, "social_care": 4, "hospital": 10, "not_known": 31}
    att = cr.by_attributable_to.to_pandas().set_index("attributable_to")["days"].to_dict()
    assert att == {"04": 10, "05": 17, "unknown": 31}
    reasons = cr.by_reason.to_pandas().set_index("reason")
    assert reasons.loc["18", "name"] == "Housing - Awaiting supported accommodation"
    assert reasons.loc["36", "group"] == "hospital"
    items = cr.items.to_pandas()
    assert list(items.days) == [13, 4, 10, 31]


def test_out_of_area_and_inpatient_stays() -> None:
    c = _caseload({
        "O1": [{**_ref(), "admitted": "2025-01-01"},
               {"type": "out_of_area_placement", "date": "2025-02-15", "end_date": "2025-03-10",
                "out_of_area_reason": "10"},
               _disch("2025-03-10")],
        "O2": [_ref(), {"type": "out_of_area_placement", "date": "2025-03-20", "out_of_area_reason": "14"}],
    })
    m = c.measures(START, END, policy=hw.TimelinePolicy.nhs_england())
    oa = m.out_of_area
    assert (oa.active_at_end, oa.starts, oa.ends) == (1, 1, 1)
    assert (oa.inappropriate_active_at_end, oa.bed_days, oa.inappropriate_bed_days) == (0, 9 + 12, 9)
    assert list(oa.placements.to_pandas().inappropriate) == [True, False]
    ip = m.inpatient
    assert ip.count == 1 and ip.long_stays == 1
    stay = ip.stays.to_pandas().iloc[0]
    assert stay.days == 69 and stay.days_without_crfd == 69 and stay.long_stay
    summary = m.to_pandas().set_index("measure")
    assert summary.loc["oap_bed_days", "value"] == 21
    assert summary.loc["inpatient_long_stays", "numerator"] == 1


def test_events_carry_the_new_fields_and_bad_codes_are_named() -> None:
    e = hw.Event("follow_up_contact", "2025-03-11", attend_status="5", consultation_mechanism="11")
    assert e.attend_status == "5" and e.consultation_mechanism == "11"
    assert e.to_dict()["consultation_mechanism"] == "11"
    assert "consultation_mechanism='11'" in repr(e)
    with pytest.raises(hw.InvalidArgumentError) as err:
        hw.Pathway("P1", [_ref(), _disch("2025-03-01"), _contact("2025-03-02", "5", "03")])
    assert "events[2].consultation_mechanism" in str(err.value)
    assert "01, 02, 04, 05, 09, 10, 11, 12, 13, 98" in str(err.value)
    # Columns: MHSDS codes through from_events, round-tripped by to_pandas.
    c = hw.Caseload.from_events(
        ["P1", "P1", "P1"], ["referral_received", "discharged", "follow_up_contact"],
        ["2025-01-06", "2025-03-01", "2025-03-02"],
        destination=[None, "19", None], bed_type=[None, "200", None],
        attend_status=[None, None, "5"], consultation_mechanism=[None, None, "02"],
        admitted=["2024-12-01", None, None])
    df = c.to_pandas()
    assert df.code.isna().tolist() == [True, False, True] and df.code.iloc[1] == "19"
    assert df.consultation_mechanism.isna().tolist() == [True, True, False]
    assert df.consultation_mechanism.iloc[2] == "02" and df.bed_type.iloc[1] == "200"
    assert df.admitted.iloc[0] == pd.Timestamp("2024-12-01")
    with pytest.raises(hw.InvalidArgumentError) as err:
        hw.Caseload.from_events(["P1", "P1"], ["referral_received", "discharged"], ["2025-01-06", "2025-03-01"],
                                destination=[None, "home"])
    assert "row 1, column destination" in str(err.value) and "DestOfDischHospProvSpell" in str(err.value)


def test_code_tables_and_policy_presets() -> None:
    reasons = hw.code_table("delay_reason")
    assert len(reasons) == 38
    assert set(reasons.group) == {"hospital", "social_care", "housing", "community", "not_known"}
    assert set(hw.code_tables()) >= {"attend_status", "out_of_area_reason"}
    assert hw.MHSDS_ALIASES["ConsMechanismMH"] == "consultation_mechanism"
    p = hw.TimelinePolicy.nhs_england()
    assert p.follow_up_min_days == 1 and p.follow_up_window_offset_days == 4
    assert p.readmission_window_days == 14
    p.use_readmission_preset("emergency_30")
    assert p.readmission_window_days == 30
    with pytest.raises(hw.NotFoundError):
        p.use_readmission_preset("weekly")
    q = hw.TimelinePolicy.from_json('{"preset": "nhs_england", "follow_up_days": 7}')
    assert q.follow_up_days == 7 and q.crfd_day_count == "mhs26"
