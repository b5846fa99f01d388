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


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "build/fuzz/seeds")
    derived = {
        "fuzz_caseload": caseload_seeds(),
        "fuzz_calendar": calendar_seeds(),
        "fuzz_star_readings": readings_seeds(),
        "fuzz_star_definition": star_definition_seeds(),
        "fuzz_matching": matching_seeds(),
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
