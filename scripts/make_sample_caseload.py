#!/usr/bin/env python3
"""Write the bundled synthetic sample caseload (python/homeward/data/sample_caseload.json).

Synthetic people only (ids P0001, P0002, ...), generated reproducibly from a
fixed seed with the standard library alone, so the file is byte-for-byte the
same on every run:

    python3 scripts/make_sample_caseload.py            # writes the bundled file
    python3 scripts/make_sample_caseload.py --check    # fails if it would change

Two services share the caseload (pathway attribute ``service``):

* ``assertive_transition``: inpatients referred about 6 months before their
  planned discharge (East Midlands model), most accepting, some declining,
  with clinically-ready-for-discharge periods, discharges, 72-hour follow-ups
  and a few readmissions;
* ``step_down``: a 6-bed supported-accommodation unit (Hertfordshire model)
  taking people who are ready for discharge but have no home, for about 2 to 3
  months. Over the 30-week reporting window (2025-01-06 .. 2025-08-03) its
  bed-days, at the default costs (500 a day inpatient, 50 a day step-down),
  save a little over 500,000, like the pilot that saved "over 500,000 in 30
  weeks". The script checks this before writing.

The report window is stored in the document's attributes
(``report_period``: as_of, start, end) for the ``homeward`` program.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import random
import sys

SEED = 20180108  # the pilot's first month
START = dt.date(2025, 1, 6)            # a Monday
END = START + dt.timedelta(weeks=30) - dt.timedelta(days=1)  # 2025-08-03, inclusive
DATA_CUT = END                          # events after this date are not yet known
BEDS = 6
INPATIENT_DAY_COST = 500.0
STEP_DOWN_DAY_COST = 50.0
ASSERTIVE_PEOPLE = 110

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "python" / "homeward" / "data" / "sample_caseload.json"

COUNTIES = ["Derbyshire", "Lincolnshire", "Nottinghamshire", "Leicestershire", "Northamptonshire"]
CRFD_REASONS = ["18", "18", "18", "14", "15", "16", "17", "19", "10", "07"]
DESTINATIONS = ["permanent_home"] * 6 + ["private_rented", "family", "supported_housing"]

# Same-day events are written in this order.
ORDER = [
    "referral_received", "planned_discharge_changed", "initial_visit", "accepted", "declined",
    "transition_plan_agreed", "clinically_ready_for_discharge", "discharged", "step_down_admitted",
    "follow_up_contact", "step_down_left", "readmitted", "closed", "died",
]
ORDER.insert(1, "out_of_area_placement")

# Schema version 2 fields (MHSDS codes), drawn from a second generator so the
# pathways themselves stay as they were.
DISCHARGE_DESTINATIONS = ["19"] * 10 + ["29", "54", "65", "40", "50"]
CONTACT_ATTEND = ["5"] * 8 + ["6", "3"]
CONTACT_MECHANISM = ["01"] * 6 + ["02", "02", "11", "05"]
ATTRIBUTABLE = ["04", "05", "05", "06"]


def d(x: dt.date) -> str:
    return x.isoformat()


def add_days(x: dt.date, n: int) -> dt.date:
    return x + dt.timedelta(days=n)


def ev(kind: str, when: dt.date, **fields) -> dict:
    e = {"type": kind, "date": d(when)}
    e.update({k: v for k, v in fields.items() if v is not None})
    return e


def cut(events: list) -> list:
    """Events known at the data cut, in date order (a prefix of a valid path is valid)."""
    events = sorted(events, key=lambda e: (e["date"], ORDER.index(e["type"])))
    return [e for e in events if e["date"] <= d(DATA_CUT)]


def mhsds_fields(events: list, rng2: random.Random, secure: bool) -> list:
    """Add the MHSDS fields of schema version 2 to a pathway's events."""
    for e in events:
        if e["type"] == "discharged":
            e["destination"] = rng2.choice(DISCHARGE_DESTINATIONS)
            e["discharge_method"] = "1"
            e["bed_type"] = rng2.choice(["206", "207"]) if secure else "200"
            e["ward_security_level"] = rng2.choice(["1", "2"]) if secure else "0"
        elif e["type"] == "follow_up_contact":
            e["attend_status"] = rng2.choice(CONTACT_ATTEND)
            e["consultation_mechanism"] = rng2.choice(CONTACT_MECHANISM)
        elif e["type"] == "clinically_ready_for_discharge":
            e["attributable_to"] = rng2.choice(ATTRIBUTABLE)
    return events


def assertive_person(rng: random.Random, rng2: random.Random) -> list:
    events = assertive_events(rng)
    mhsds_fields(events, rng2, secure=True)
    first = dt.date.fromisoformat(events[0]["date"])
    events[0]["admitted"] = d(add_days(first, -rng2.randint(90, 400)))
    # Out-of-area secure placements (the collaborative cut them from 14% to under 6%).
    discharges = [e for e in events if e["type"] == "discharged"]
    if discharges and rng2.random() < 0.08:
        oap = {"type": "out_of_area_placement", "date": events[0]["date"],
               "out_of_area_reason": rng2.choice(["10", "10", "11", "14"])}
        events.insert(1, oap)
    # A few people die after their discharge: the pathway ends there.
    if discharges and rng2.random() < 0.05:
        died = add_days(dt.date.fromisoformat(discharges[0]["date"]), rng2.randint(2, 30))
        events = [e for e in events if e["date"] < d(died)] + [ev("died", died)]
    return events


def assertive_events(rng: random.Random) -> list:
    r = add_days(dt.date(2024, 8, 1), rng.randrange(0, 365))
    lead = rng.randint(170, 200) if rng.random() < 0.8 else rng.randint(60, 169)
    planned = add_days(r, lead)
    events = [ev("referral_received", r, planned_discharge=d(planned))]
    if r > dt.date(2025, 6, 15) and rng.random() < 0.5:
        return events  # not visited yet at the data cut
    visit = add_days(r, rng.choice([2, 3, 5, 7, 8, 9, 10, 12, 13, 15, 19, 24]))
    events.append(ev("initial_visit", visit))
    decision = add_days(visit, rng.choice([3, 6, 9, 14, 17, 21, 24, 27, 33, 40]))
    if rng.random() < 0.15:
        events.append(ev("declined", decision))
        events.append(ev("closed", add_days(decision, rng.randint(1, 10))))
        return events
    events.append(ev("accepted", decision))
    events.append(ev("transition_plan_agreed", add_days(decision, rng.randint(10, 40))))
    if rng.random() < 0.25:
        planned = add_days(planned, rng.choice([-21, -14, 14, 28, 42]))
        events.append(ev("planned_discharge_changed", add_days(decision, rng.randint(41, 70)),
                         planned_discharge=d(planned)))
    last = max(dt.date.fromisoformat(e["date"]) for e in events)
    crfd = max(add_days(planned, -rng.randint(0, 25)), add_days(last, 1))
    discharge = add_days(crfd, rng.choice([0, 3, 7, 12, 20, 35, 60]))
    events.append(ev("clinically_ready_for_discharge", crfd, delay_reason=rng.choice(CRFD_REASONS)))
    while True:
        events.append(ev("discharged", discharge))
        u = rng.random()
        if u < 0.82:
            events.append(ev("follow_up_contact", add_days(discharge, rng.randint(0, 3))))
        elif u < 0.95:
            events.append(ev("follow_up_contact", add_days(discharge, rng.randint(4, 8))))
        if rng.random() < 0.10:
            back = add_days(discharge, rng.choice([5, 12, 20, 26, 45, 70]))
            events.append(ev("readmitted", back))
            crfd = add_days(back, rng.randint(10, 30))
            events.append(ev("clinically_ready_for_discharge", crfd, delay_reason=rng.choice(CRFD_REASONS)))
            discharge = add_days(crfd, rng.randint(0, 20))
            continue
        break
    if rng.random() < 0.4:
        events.append(ev("closed", add_days(discharge, rng.randint(60, 120))))
    return events


def step_down_person(rng: random.Random, admitted: dt.date, left: dt.date) -> list:
    crfd = add_days(admitted, -rng.randint(7, 40))
    r = add_days(crfd, -rng.randint(10, 30))
    visit = add_days(r, rng.randint(1, 9))
    accepted = add_days(visit, rng.randint(1, 8))
    events = [
        ev("referral_received", r),
        ev("initial_visit", visit),
        ev("accepted", accepted),
        ev("clinically_ready_for_discharge", max(crfd, accepted), delay_reason="18"),
        ev("discharged", admitted),
        ev("step_down_admitted", admitted),
    ]
    u = rng.random()
    if u < 0.85:
        events.append(ev("follow_up_contact", add_days(admitted, rng.randint(1, 3))))
    else:
        events.append(ev("follow_up_contact", add_days(admitted, rng.randint(4, 6))))
    events.append(ev("step_down_left", left, destination=rng.choice(DESTINATIONS),
                     attributes={"tenancy": "council"} if rng.random() < 0.3 else None))
    if rng.random() < 0.7:
        events.append(ev("closed", add_days(left, rng.randint(7, 21))))
    return events


def step_down_stays(rng: random.Random) -> list:
    stays = []
    for bed in range(BEDS):
        t = add_days(START, -rng.randint(0, 70))
        while t <= END:
            length = rng.randint(55, 96)  # about 2 to 3 months, a few past 91 days
            stays.append((bed + 1, t, add_days(t, length)))
            t = add_days(t, length + rng.randint(2, 7))
    return stays


def bed_days(stays: list) -> int:
    total = 0
    stop = add_days(END, 1)
    for _, a, b in stays:
        b = min(b, add_days(DATA_CUT, 1))
        total += max(0, (min(b, stop) - max(a, START)).days)
    return total


def build() -> dict:
    rng = random.Random(SEED)
    rng2 = random.Random(SEED + 2)
    people = []
    for _ in range(ASSERTIVE_PEOPLE):
        people.append(({"service": "assertive_transition", "county": rng.choice(COUNTIES)},
                       cut(assertive_person(rng, rng2))))
    stays = step_down_stays(rng)
    days = bed_days(stays)
    savings = days * (INPATIENT_DAY_COST - STEP_DOWN_DAY_COST)
    if not 500_000 < savings < 600_000:
        raise SystemExit(f"step-down sizing is off: {days} bed-days, savings {savings:,.0f}")
    for bed, a, b in stays:
        people.append(({"service": "step_down", "county": "Hertfordshire", "bed": bed},
                       cut(mhsds_fields(step_down_person(rng, a, b), rng2, secure=False))))
    people = [p for p in people if p[1]]
    people.sort(key=lambda p: (p[1][0]["date"], p[0]["service"]))
    pathways = []
    for i, (attrs, events) in enumerate(people, start=1):
        pathways.append({"person_id": f"P{i:04d}", "attributes": attrs, "events": events})
    return {
        "schema": "homeward.caseload",
        "version": 2,
        "attributes": {
            "description": "Synthetic sample caseload: no real people. Generated by "
                           "scripts/make_sample_caseload.py (seed %d)." % SEED,
            "report_period": {"as_of": d(DATA_CUT), "start": d(START), "end": d(END)},
            "step_down_beds": BEDS,
            "expected_step_down_bed_days": days,
            "expected_savings_at_default_costs": savings,
        },
        "pathways": pathways,
    }


def render(doc: dict) -> str:
    # One event per line keeps the file small and diffable.
    lines = ["{"]
    for key in ("schema", "version", "attributes"):
        lines.append(f"  {json.dumps(key)}: {json.dumps(doc[key], ensure_ascii=False, sort_keys=True)},")
    lines.append('  "pathways": [')
    for i, p in enumerate(doc["pathways"]):
        head = {"person_id": p["person_id"], "attributes": p["attributes"]}
        lines.append("    " + json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ', "events": [')
        for j, e in enumerate(p["events"]):
            comma = "," if j + 1 < len(p["events"]) else ""
            lines.append("      " + json.dumps(e, ensure_ascii=False) + comma)
        lines.append("    ]}" + ("," if i + 1 < len(doc["pathways"]) else ""))
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=pathlib.Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="fail if the file on disk differs")
    args = ap.parse_args(argv)
    text = render(build())
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date; run scripts/make_sample_caseload.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    doc = json.loads(text)
    print(f"wrote {args.out} ({len(text):,} bytes, {len(doc['pathways'])} people, "
          f"{doc['attributes']['expected_step_down_bed_days']} step-down bed-days, "
          f"savings {doc['attributes']['expected_savings_at_default_costs']:,.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
