#!/usr/bin/env python3
"""Write the bundled sample service (python/homeward/data/sample/): ONE synthetic
transition service, as homeward JSON and as the CSV files a trust would export.

Synthetic people only (pseudonymous ids P0001...), reproducible from fixed
seeds with the standard library alone; run it again and every file is
byte-identical (``--check`` fails if any would change).

The service hangs together:

* the caseload is the bundled sample caseload (scripts/make_sample_caseload.py,
  30 weeks to 2025-08-03), with a ward and a team per person as well as the
  county and the service arm;
* every person on the caseload has Recovery Star readings (the first at the
  initial visit, then every 3 to 4 months while they stay with the service);
* the people clinically ready for discharge on the report date are the people
  to match (people.csv): each has a ready date (the start of the open period),
  needs and ranked preferences among the step-down places (places.csv);
* the same people are allocated to the transition team's workers
  (workers.csv), whose current loads count the rest of the active caseload.

Files (JSON and CSV hold the same records):

    caseload.json   events.csv     one row per event; extra columns ward, team,
                                   county, service are per-person attributes;
                                   rows in date order, as an extract would be
    readings.json   readings.csv   areas headed by their display names,
                                   completed-by as "Jointly" / "Worker only"
    placements.json people.csv places.csv workers.csv

    python3 scripts/make_sample_service.py           # writes the files
    python3 scripts/make_sample_service.py --check   # fails if they would change
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import pathlib
import random
import sys
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "python" / "homeward" / "data"
SOURCE = DATA / "sample_caseload.json"
OUT = DATA / "sample"
SEED = 20250106

AREAS = [
    ("managing_mental_health", "Managing mental health"),
    ("physical_health_and_self_care", "Physical health and self-care"),
    ("living_skills", "Living skills"),
    ("social_networks", "Social networks"),
    ("work", "Work"),
    ("relationships", "Relationships"),
    ("addictive_behaviour", "Addictive behaviour"),
    ("responsibilities", "Responsibilities"),
    ("identity_and_self_esteem", "Identity and self-esteem"),
    ("trust_and_hope", "Trust and hope"),
]
COMPLETED_DISPLAY = {"jointly": "Jointly", "worker": "Worker only", "service_user": "Service user only"}
ROLES = [
    ("pathway_navigator", "Pathway navigator", "NAV"),
    ("substance_use_specialist", "Substance use clinical specialist", "SUS"),
    ("transition_support_worker", "Transition support worker", "TSW"),
    ("peer_support_worker", "Peer support worker", "PSW"),
    ("family_liaison_officer", "Family liaison officer", "FLO"),
]
EVENT_COLUMNS = ["person_id", "type", "date", "planned_discharge", "end_date", "delay_reason", "destination",
                 # caseload schema version 2 (blank where the sample has none)
                 "admitted", "out_of_area_reason", "discharge_method", "bed_type", "ward_security_level",
                 "attend_status", "consultation_mechanism", "attributable_to"]
ATTRIBUTE_COLUMNS = ["ward", "team", "county", "service"]


def iso(d: dt.date) -> str:
    return d.isoformat()


def day(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def csv_text(header: list[str], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()


def open_crfd(events: list[dict[str, Any]], as_of: dt.date) -> dt.date | None:
    """The start of the person's clinically-ready-for-discharge period open on as_of."""
    start: dt.date | None = None
    for e in events:
        d = day(e["date"])
        if d > as_of:
            break
        if e["type"] == "clinically_ready_for_discharge":
            end = e.get("end_date")
            start = d if end is None or day(end) > as_of else None
        elif e["type"] in ("discharged", "closed", "declined"):
            start = None
    return start


def active(events: list[dict[str, Any]], as_of: dt.date) -> bool:
    last = [e for e in events if day(e["date"]) <= as_of]
    return bool(last) and last[-1]["type"] not in ("closed", "declined")


def make() -> dict[str, str]:
    rng = random.Random(SEED)
    doc = json.loads(SOURCE.read_text(encoding="utf-8"))
    period = doc["attributes"]["report_period"]
    as_of = day(period["as_of"])
    pathways = doc["pathways"]

    # --- the caseload, with ward and team per person -----------------------------
    wards = {"assertive_transition": ["Oak Ward", "Elm Ward", "Ash Ward", "Rowan Ward"],
             "step_down": ["Willow House"]}
    teams = {"assertive_transition": ["North team", "South team"], "step_down": ["Step-down team"]}
    out_pathways = []
    event_rows: list[tuple[str, int, list[Any]]] = []
    for p in pathways:
        a = p.get("attributes", {})
        service = a["service"]
        attrs = {"ward": rng.choice(wards[service]), "team": rng.choice(teams[service]),
                 "county": a["county"], "service": service}
        # Per-event free-form attributes have no column in an extract: left out.
        events = [{k: v for k, v in e.items() if k != "attributes"} for e in p["events"]]
        out_pathways.append({"person_id": p["person_id"], "attributes": attrs, "events": events})
        for k, e in enumerate(p["events"]):
            row = [p["person_id"]] + [e.get(c) for c in EVENT_COLUMNS[1:]]
            row += [attrs[c] for c in ATTRIBUTE_COLUMNS]
            event_rows.append((e["date"], len(event_rows), row))
    # People in the order the extract first mentions them (the CSV loader's order).
    out_pathways.sort(key=lambda q: q["events"][0]["date"])
    caseload = {
        "schema": "homeward.caseload",
        "version": 1,
        "attributes": {
            "description": "The bundled sample service: synthetic people, no real data. Generated by "
                           "scripts/make_sample_service.py from the sample caseload.",
            "report_period": period,
        },
        "pathways": out_pathways,
    }
    # An extract lists events in date order, people interleaved.
    event_rows.sort(key=lambda r: (r[0], r[1]))
    events_csv = csv_text(EVENT_COLUMNS + ATTRIBUTE_COLUMNS, [r[2] for r in event_rows])

    # --- Recovery Star readings for everyone on the caseload -----------------------
    readings = []
    for p in pathways:
        ev = p["events"]
        visit = next((day(e["date"]) for e in ev if e["type"] == "initial_visit"), day(ev[0]["date"]))
        end = min(as_of, max(day(e["date"]) for e in ev))
        if any(e["type"] in ("closed", "declined") for e in ev):
            stop = end
        else:
            stop = as_of
        scores = {aid: rng.randint(1, 6) for aid, _ in AREAS}
        d = visit
        first = True
        while d <= stop or first:
            completed = "jointly" if rng.random() < 0.8 else ("worker" if rng.random() < 0.7 else "service_user")
            shown = {aid: s for aid, s in scores.items() if first or rng.random() > 0.05}
            readings.append({"person_id": p["person_id"], "date": iso(d), "completed_by": completed,
                             "retrospective": rng.random() < 0.05, "scores": shown})
            first = False
            scores = {aid: max(1, min(10, s + rng.choice([-1, 0, 0, 1, 1, 1, 2]))) for aid, s in scores.items()}
            d = d + dt.timedelta(days=rng.randint(90, 125))
    readings.sort(key=lambda r: (r["person_id"], r["date"]))
    readings_doc = {"format": "homeward.star-readings", "version": 1, "star": "recovery-star",
                    "note": "Synthetic data generated by scripts/make_sample_service.py; not real people.",
                    "readings": readings}
    readings_csv = csv_text(
        ["person_id", "date", "completed_by", "retrospective"] + [name for _, name in AREAS],
        [[r["person_id"], r["date"], COMPLETED_DISPLAY[r["completed_by"]], "yes" if r["retrospective"] else "no"]
         + [r["scores"].get(aid) for aid, _ in AREAS] for r in readings])

    # --- places, people clinically ready for discharge, workers -------------------
    counties = sorted({p["attributes"]["county"] for p in pathways})
    places = []
    for k in range(12):
        county = counties[k % len(counties)]
        places.append({
            "id": f"SD-{k + 1:02d}", "area": county, "beds": rng.choice([1, 1, 2]),
            "gender": rng.choice(["mixed", "mixed", "female", "male"]),
            "step_free": rng.random() < 0.5, "substance_use_support": rng.random() < 0.4,
            "max_risk": rng.choice(["medium", "high", "high"]),
            "free_date": iso(as_of + dt.timedelta(days=rng.randint(-10, 20))),
            "max_stay_days": rng.choice([None, 91, 120]),
        })
    people = []
    for p in pathways:
        ready = open_crfd(p["events"], as_of)
        if ready is None:
            continue
        county = p["attributes"]["county"]
        local = [pl["id"] for pl in places if pl["area"] == county]
        rng.shuffle(local)
        needs = [n for n, pr in (("step_free_access", 0.15), ("substance_use_support", 0.2)) if rng.random() < pr]
        roles = ["pathway_navigator"] + [r for r, _, _ in ROLES[1:] if rng.random() < 0.3]
        people.append({
            "id": p["person_id"], "area": county, "gender": rng.choice(["female", "male", "male", "not_stated"]),
            "risk": rng.choice(["low", "medium", "medium", "high"]), "needs": needs, "ready_date": iso(ready),
            "preferences": local[:2], "expected_stay_days": rng.choice([None, 60, 75, 90]), "roles": roles,
        })
    others: dict[str, int] = {}
    for p in pathways:
        if active(p["events"], as_of) and open_crfd(p["events"], as_of) is None:
            others[p["attributes"]["county"]] = others.get(p["attributes"]["county"], 0) + 1
    workers = []
    for role, _, code in ROLES:
        for k, county in enumerate(counties):
            if role != "pathway_navigator" and k % 2:
                continue
            covered = [county] if role == "pathway_navigator" else counties[k:k + 2]
            limit = rng.randint(8, 12) if role == "pathway_navigator" else rng.randint(10, 16)
            load = min(limit - 1, sum(others.get(c, 0) for c in covered) // (1 if role == "pathway_navigator" else 3))
            workers.append({"id": f"W-{code}-{k + 1:02d}", "role": role, "areas": covered,
                            "caseload_limit": limit, "current_load": load})

    def clean(rec: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in rec.items() if v is not None and v != []}

    placements = {"meta": {"description": "The bundled sample service's matching input: the people clinically "
                                          "ready for discharge on the report date, step-down places and the "
                                          "transition team. Synthetic; not real data.",
                           "generator": "scripts/make_sample_service.py", "as_of": iso(as_of)},
                  "people": [clean(p) for p in people], "places": [clean(p) for p in places],
                  "workers": workers}
    role_display = {r: shown for r, shown, _ in ROLES}
    people_csv = csv_text(
        ["id", "area", "gender", "risk", "needs", "ready_date", "preferences", "expected_stay_days", "roles"],
        [[p["id"], p["area"], p["gender"], p["risk"], ", ".join(p["needs"]), p["ready_date"],
          ", ".join(p["preferences"]), p["expected_stay_days"], ", ".join(role_display[r] for r in p["roles"])]
         for p in people])
    places_csv = csv_text(
        ["id", "area", "beds", "gender", "step_free", "substance_use_support", "max_risk", "free_date",
         "max_stay_days"],
        [[p["id"], p["area"], p["beds"], p["gender"].capitalize(), "yes" if p["step_free"] else "no",
          "yes" if p["substance_use_support"] else "no", p["max_risk"], p["free_date"], p["max_stay_days"]]
         for p in places])
    workers_csv = csv_text(
        ["id", "role", "areas", "caseload_limit", "current_load"],
        [[w["id"], role_display[w["role"]], ", ".join(w["areas"]), w["caseload_limit"], w["current_load"]]
         for w in workers])

    def dump(obj: Any) -> str:
        return json.dumps(obj, indent=1, ensure_ascii=False) + "\n"

    return {
        "caseload.json": dump(caseload), "events.csv": events_csv,
        "readings.json": dump(readings_doc), "readings.csv": readings_csv,
        "placements.json": dump(placements), "people.csv": people_csv, "places.csv": places_csv,
        "workers.csv": workers_csv,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if a file would change")
    args = ap.parse_args(argv)
    files = make()
    changed = [name for name, text in files.items()
               if not (OUT / name).exists() or (OUT / name).read_text(encoding="utf-8") != text]
    if args.check:
        if changed:
            print("would change: " + ", ".join(changed), file=sys.stderr)
            return 1
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (OUT / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
