#!/usr/bin/env python3
"""Seed corpora for the libFuzzer harnesses (tests/fuzz/fuzz_*.cpp).

Writes <out>/<harness>/seed-*.bin from the test data (tests/data), the bundled
synthetic samples (python/homeward/data, trimmed to a few records so inputs stay
small) and the hand-written seeds in tests/fuzz/seeds/<harness>/. Each harness
reads a small header (a selector byte, or documents separated by NUL bytes:
see the comment at the top of each harness), so the seeds carry it too.

    python3 tests/fuzz/make_seeds.py build/fuzz/seeds
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SAMPLES = ROOT / "python" / "homeward" / "data"
HAND = ROOT / "tests" / "fuzz" / "seeds"


def dump(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode()


def caseload_seeds() -> list[bytes]:
    small = (DATA / "timeline_caseload.json").read_bytes()
    sample = json.loads((SAMPLES / "sample_caseload.json").read_text())
    trimmed = dict(sample, pathways=sample["pathways"][:4])
    return [b"\x01" + small, b"\x00" + small, b"\x01" + dump(trimmed)]


def calendar_seeds() -> list[bytes]:
    govuk = json.loads((DATA / "govuk_bank_holidays_2024_2025.json").read_text())
    out = [b"\x00" + (DATA / "govuk_bank_holidays_2024_2025.json").read_bytes()]
    for i, division in enumerate(["england-and-wales", "scotland", "northern-ireland"]):
        short = {d: dict(v, events=v["events"][:4]) for d, v in govuk.items()}
        out.append(bytes([i]) + dump({division: short[division]}))
    return out


def readings_seeds() -> list[bytes]:
    sample = json.loads((SAMPLES / "sample_readings.json").read_text())
    trimmed = dict(sample, readings=sample["readings"][:6])
    return [dump(trimmed), dump(sample["readings"][:3])]


def star_definition_seeds() -> list[bytes]:
    return [(DATA / "star_five_point.json").read_bytes()]


def matching_seeds() -> list[bytes]:
    sample = json.loads((SAMPLES / "sample_placements.json").read_text())
    places = sample["places"][:3]
    workers = sample["workers"][:4]
    place_ids = {p["id"] for p in places}
    worker_ids = {w["id"] for w in workers}
    people = []
    for p in sample["people"][:5]:
        q = dict(p)
        q["preferences"] = [x for x in p.get("preferences", []) if x in place_ids]
        if "known_workers" in q:
            q["known_workers"] = [x for x in q["known_workers"] if x in worker_ids]
        people.append(q)
    doc = {"people": people, "places": places, "workers": workers}
    return [bytes([mode]) + dump(doc) for mode in range(4)]


def matching_ranked_seeds() -> list[bytes]:
    """Ranked alternatives (bit 2, k from bits 4-5) and rules (bit 3, after a NUL)."""
    doc = json.loads(matching_seeds()[0][1:])
    person = doc["people"][0]["id"]
    place = doc["places"][0]["id"]
    worker = doc["workers"][0]["id"]
    place_rules = dump([{"person": person, "place": place, "rule": "must"}])
    worker_rules = dump(
        [{"person": person, "worker": worker, "rule": "must_not", "role": "pathway_navigator"}]
    )
    return [
        bytes([0x04 | 0x30]) + dump(doc),
        bytes([0x05 | 0x10]) + dump(doc),
        bytes([0x08]) + dump(doc) + b"\0" + place_rules,
        bytes([0x09]) + dump(doc) + b"\0" + worker_rules,
        bytes([0x0C | 0x20])
        + dump(doc)
        + b"\0"
        + dump([{"person": person, "place": None, "rule": "must_not"}]),
    ]


PLAN_MODEL = {
    "beds": 6,
    "arrivals": {"kind": "poisson", "rate_per_day": 0.1},
    "length_of_stay": {"kind": "gamma", "mean": 70, "sd": 30},
    "replications": 2,
    "seed": 1,
    "horizon_days": 120,
    "warmup_days": "auto",
    "workers": [
        {
            "role": "pathway_navigator",
            "count": 2,
            "caseload_limit": 12,
            "support": {"kind": "fixed", "value": 30},
        }
    ],
    "target": {"days": 14, "fraction": 0.9},
    "costs": {"inpatient_day_cost": 500, "step_down_day_cost": 50},
}


def small_caseload() -> bytes:
    return (DATA / "timeline_caseload.json").read_bytes()


def plan_seeds() -> list[bytes]:
    """Mode byte (simulate, sweep, fit, capacity; bit 2), cancel byte, documents."""
    m = PLAN_MODEL
    monthly = dict(
        m,
        arrivals={"kind": "monthly", "rates_per_day": [0.1] * 6 + [0.2] * 6},
        warmup_days=10,
        length_of_stay={"kind": "lognormal", "mean": 40, "sd": 20},
    )
    priority = dict(
        m,
        queue="priority",
        priority_shares=[0.3, 0.7],
        max_queue=5,
        straight_home=0.2,
        readmission=0.1,
        readmission_delay={"kind": "exponential", "mean": 30},
    )
    replay = dict(
        m,
        start="2025-01-01",
        arrivals={"kind": "replay", "dates": ["2025-01-03", "2025-01-09", "2025-02-11"]},
        length_of_stay={"kind": "empirical", "samples": [20, 35, 60]},
    )
    sweep = {"model": m, "beds": [2, 4], "arrival_rates": [0.05, 0.1], "los_means": [40, 70]}
    sweep_range = {"model": m, "beds": {"from": 1, "to": 3}}
    base = {"replications": 2, "horizon_days": 90, "seed": 3}
    options = {
        "growth": 0.1,
        "max_beds": 3,
        "replications": 2,
        "seed": 1,
        "target": {"days": 14, "fraction": 0.9},
    }
    return [
        b"\x00\x00" + dump(m),
        b"\x04\x00" + dump(monthly),
        b"\x00\x00" + dump(priority),
        b"\x04\x00" + dump(replay),
        b"\x00\xe0" + dump(m),
        b"\x01\x00" + dump(sweep),
        b"\x05\x00" + dump(sweep_range),
        b"\x01\xe0" + dump(sweep),
        b"\x02\x00" + small_caseload() + b"\0" + dump(base),
        b"\x02\x00" + small_caseload(),
        b"\x03\x00" + small_caseload() + b"\0" + dump(options),
        b"\x03\xe0" + small_caseload() + b"\0" + dump(options),
    ]


def report_seeds() -> list[bytes]:
    """NUL-separated caseload, settings, readings, matching, sources."""
    caseload = json.loads((SAMPLES / "sample_caseload.json").read_text())
    caseload = dict(caseload, pathways=caseload["pathways"][:4])
    readings = json.loads((SAMPLES / "sample_readings.json").read_text())
    readings = dict(readings, readings=readings["readings"][:6])
    matching = json.loads(matching_seeds()[0][1:])
    quarter = {"as_of": "2025-08-03", "period": "quarter", "trend_months": 6, "list_limit": 5}
    custom = {
        "as_of": "2025-08-03",
        "start": "2025-01-01",
        "end": "2025-06-30",
        "title": "Q",
        "step_down_beds": 6,
        "star_people": 3,
    }
    return [
        dump(caseload) + b"\0" + dump(quarter),
        dump(caseload) + b"\0" + dump(custom) + b"\0" + dump(readings),
        dump(caseload)
        + b"\0"
        + dump(quarter)
        + b"\0"
        + dump(readings)
        + b"\0"
        + dump(matching)
        + b"\0"
        + dump(["synthetic sample"]),
        small_caseload() + b"\0" + dump(quarter) + b"\0\0" + dump(matching),
    ]


# Known column names of fuzz_ingest.cpp (its kNames table), by index: read from the
# harness itself, so the table has one home.
def _ingest_names() -> list[str]:
    src = (ROOT / "tests" / "fuzz" / "fuzz_ingest.cpp").read_text()
    m = re.search(r"kNames\[\] = \{(.*?)\};", src, re.S)
    if m is None:
        raise SystemExit("fuzz_ingest.cpp: no kNames table")
    return re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))


INGEST_NAMES = _ingest_names()


def ingest_name(name: str) -> bytes:
    if name in INGEST_NAMES:
        return bytes([INGEST_NAMES.index(name)])
    return b"\xff" + name.encode() + b"\0"


def ingest_table(loader: int, csv_name: str, rows: int, options: str = "") -> bytes:
    """A CSV sample as text columns (kind 0, count = rows, cells marked 1)."""
    import csv

    with (SAMPLES / "sample" / csv_name).open(newline="") as f:
        records = list(csv.reader(f))
    header, body = records[0], records[1 : rows + 1]
    out = bytes([loader, 2, len(body)]) + options.encode() + b"\0"
    for c, name in enumerate(header):
        out += b"\x00" + ingest_name(name) + b"\x00"
        for r in body:
            out += b"\x01" + r[c].encode() + b"\0"
    return out


def ingest_seeds() -> list[bytes]:
    # Events with a day-number date column and numeric codes (18.0 -> "18").
    typed = bytes([0, 0, 2]) + b"\0"
    typed += b"\x00" + ingest_name("person_id") + b"\x00" + b"\x01P1\0\x01P1\0"
    typed += b"\x00" + ingest_name("type") + b"\x00"
    typed += b"\x01referral_received\0\x01clinically_ready_for_discharge\0"
    typed += b"\x02" + ingest_name("date") + b"\x00" + b"\x01\x50\x00\x01\x51\x00"
    typed += b"\x01" + ingest_name("delay_reason") + b"\x00" + b"\x00\x04\x12"
    typed += b"\x03" + ingest_name("planned_discharge") + b"\x00" + b"\x01\x52\x00\x00"
    return [
        ingest_table(0, "events.csv", 5),
        ingest_table(
            0, "events.csv", 3, '{"mapping": {"person_id": "person_id"}, "max_errors": 3}'
        ),
        ingest_table(1, "readings.csv", 4),
        ingest_table(2, "places.csv", 4),
        ingest_table(3, "workers.csv", 4),
        ingest_table(4, "people.csv", 4),
        typed,
    ]


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "build/fuzz/seeds")
    derived = {
        "fuzz_caseload": caseload_seeds(),
        "fuzz_calendar": calendar_seeds(),
        "fuzz_star_readings": readings_seeds(),
        "fuzz_star_definition": star_definition_seeds(),
        "fuzz_matching": matching_seeds() + matching_ranked_seeds(),
        "fuzz_plan": plan_seeds(),
        "fuzz_report": report_seeds(),
        "fuzz_ingest": ingest_seeds(),
    }
    names = set(derived) | {p.name for p in HAND.iterdir() if p.is_dir()}
    for name in sorted(names):
        d = out / name
        d.mkdir(parents=True, exist_ok=True)
        for i, blob in enumerate(derived.get(name, [])):
            (d / f"seed-data-{i}.bin").write_bytes(blob)
        if (HAND / name).is_dir():
            for f in sorted((HAND / name).iterdir()):
                (d / f"seed-{f.name}").write_bytes(f.read_bytes())
    return 0


if __name__ == "__main__":
    sys.exit(main())
