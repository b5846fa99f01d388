"""The ``homeward`` command-line program.

``homeward report`` is the main job: a service report on the bundled
synthetic sample (or your own files). Other subcommands answer single
questions: ``holidays``, ``due``, ``version``.

The program only formats what the library computes; every rule lives in the
C++ core.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import pathlib
import sys
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from . import __version__
from ._core import Calendar, Error

_DEFAULT_DAY_COUNTS = "10,20"


def _parse_date(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO date (YYYY-MM-DD)") from None


def _parse_counts(text: str) -> List[int]:
    out = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            out.append(int(part))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{part!r} is not a whole number of days") from None
    if not out:
        raise argparse.ArgumentTypeError("give at least one day count, e.g. 10,20")
    return out


def _calendar(args: argparse.Namespace) -> Calendar:
    cal = (
        Calendar.from_govuk_json(pathlib.Path(args.govuk_json), args.division)
        if args.govuk_json
        else Calendar.england_and_wales()
    )
    if getattr(args, "closures", None):
        cal = cal.with_closures([_parse_date(x) for x in args.closures.split(",") if x.strip()])
    return cal


def holidays_section(cal: Calendar, year: int) -> str:
    """A year's bank holidays as a Markdown table."""
    rows = cal.bank_holidays(year)
    lines = [f"## Bank holidays {year} ({cal.name})", "", "| date | day | holiday |", "|---|---|---|"]
    for d, name in rows:
        lines.append(f"| {d.isoformat()} | {d.strftime('%a')} | {name} |")
    lines.append("")
    lines.append(f"{len(rows)} bank holidays.")
    return "\n".join(lines)


def due_dates_section(cal: Calendar, start: _dt.date, counts: Sequence[int]) -> str:
    """Working-day and calendar-day due dates for a start date and day counts."""
    import numpy as np

    n = np.asarray(list(counts), dtype=np.int64)
    working = cal.add_working_days(np.datetime64(start, "D"), n)
    lines = [
        f"## Due dates from {start.isoformat()} ({start.strftime('%a')})",
        "",
        "| days | due (working days) | due (calendar days) |",
        "|---|---|---|",
    ]
    for k, w in zip(counts, working):
        wd = w.astype(_dt.date)
        cd = start + _dt.timedelta(days=int(k))
        lines.append(f"| {k} | {wd.isoformat()} ({wd.strftime('%a')}) | {cd.isoformat()} ({cd.strftime('%a')}) |")
    lines.append("")
    lines.append(
        "Working days skip weekends and bank holidays; 'within N working days' is due on the "
        "Nth working day after the start (numpy.busday_offset, roll='forward')."
    )
    return "\n".join(lines)


def _table_kind(path: pathlib.Path) -> str:
    """Which table a CSV/Excel file holds, from its header and the core's table schemas:
    the kind whose required columns (or their MHSDS aliases) are all present."""
    import pandas as pd

    from ._ingest import table_schemas

    if path.suffix.lower() == ".csv":
        header = pd.read_csv(path, nrows=0)
    else:
        header = pd.read_excel(path, nrows=0)
    have = {str(c).strip().lower() for c in header.columns}
    kinds = []
    for kind, columns in table_schemas().items():
        required = [c for c in columns if c.get("required")]
        if required and all({str(c["name"]).lower(), *(str(a).lower() for a in c.get("aliases", []))} & have
                            for c in required):
            kinds.append((len(required), kind))
    if not kinds:
        raise OSError(f"{path}: the columns match no table homeward reads (events, readings, people, "
                      "places, workers); see docs/ingest.md")
    return max(kinds)[1]


def _report_inputs(args: argparse.Namespace) -> Tuple[Any, Any, Any, List[str]]:
    """Caseload, readings, matching input and source names from DATA files and options.

    DATA files are homeward JSON documents (told apart by their top-level keys), FHIR
    Bundles or resources (``resourceType``), or the service's own CSV/Excel tables (told
    apart by their columns: events, readings, people, places, workers)."""
    from . import _ingest
    from ._fhir import read_fhir
    from ._star import StarDefinition, StarReadings, sample_star_readings
    from ._timeline import Caseload, sample_caseload

    caseload: Any = Caseload.from_json(pathlib.Path(args.caseload)) if args.caseload else None
    readings: Any = (StarReadings.from_json(StarDefinition.recovery_star(), pathlib.Path(args.readings))
                     if args.readings else None)
    matching: Any = args.placements
    tables: Dict[str, Any] = {}
    sources: List[str] = []
    if args.caseload:
        sources.append(f"caseload: {args.caseload}")
    if args.readings:
        sources.append(f"Star readings: {args.readings}")
    for name in args.data or []:
        path = pathlib.Path(name)
        if not path.is_file():
            raise OSError(f"{name}: no such file")
        suffix = path.suffix.lower()
        if suffix in (".csv", ".xlsx", ".xls"):
            kind = _table_kind(path)
            if kind == "events":
                caseload = _ingest.read_events(path)
                if len(caseload) == 0:
                    raise OSError(f"{name}: the events table has no rows")
            elif kind == "readings":
                readings = _ingest.read_readings(path)
            else:
                tables[kind] = {"people": _ingest.read_people, "places": _ingest.read_places,
                                "workers": _ingest.read_workers}[kind](path)
            sources.append(f"{kind}: {name}")
            continue
        if suffix != ".json":
            raise OSError(f"{name}: not a file homeward reads (.json, .csv, .xlsx)")
        try:
            head = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise OSError(f"{name}: not JSON ({exc})") from None
        keys = set(head) if isinstance(head, dict) else set()
        if "resourceType" in keys:
            got = read_fhir(path)
            caseload = got.caseload
            if got.readings is not None:
                readings = got.readings
            sources.append(f"FHIR: {name} ({got.resources} resources, {len(got.ignored)} not used)")
        elif "pathways" in keys:
            caseload = Caseload.from_json(path)
            sources.append(f"caseload: {name}")
        elif "readings" in keys or isinstance(head, list):
            readings = StarReadings.from_json(StarDefinition.recovery_star(), path)
            sources.append(f"Star readings: {name}")
        elif keys & {"people", "places", "workers"}:
            matching = str(path)
            sources.append(f"people, places and workers: {name}")
        else:
            raise OSError(f"{name}: not a caseload (pathways), readings, people/places/workers "
                          "document or FHIR resource")
    if tables:
        if matching is not None:
            raise OSError("give people, places and workers either as one JSON document or as tables, not both")
        matching = {k: tables.get(k, []) for k in ("people", "places", "workers")}
    if caseload is None and readings is None and matching is None:
        from ._paths import sample_path

        return (sample_caseload(), sample_star_readings(), str(sample_path("sample_placements.json")),
                ["bundled synthetic sample (generated people with pseudonymous ids, no real records)"])
    if caseload is None:
        raise OSError("no caseload given: pass an events table, a caseload JSON or a FHIR Bundle "
                      "(or no files for the bundled sample)")
    if args.placements:
        sources.append(f"people, places and workers: {args.placements}")
    return caseload, readings, matching, sources


def _cmd_report(args: argparse.Namespace) -> int:
    from ._report import service_report

    caseload, readings, matching, sources = _report_inputs(args)
    settings: Dict[str, Any] = {}
    if args.settings:
        with open(args.settings, encoding="utf-8") as f:
            loaded = json.load(f)
        if not isinstance(loaded, dict):
            raise OSError(f"{args.settings}: the settings file must hold a JSON object")
        settings = loaded
    if args.period and (args.start or args.end):
        raise OSError("give either --period or --start/--end, not both")
    if (args.start is None) != (args.end is None):
        raise OSError("--start and --end go together")
    if args.start is not None:
        settings["source"] = "--start and --end on the command line"
    elif args.period:
        settings["source"] = (f"--period {args.period}: the latest complete {args.period.replace('-', ' ')} "
                              "on or before the report date")
    report = service_report(caseload, readings, matching, as_of=args.as_of, start=args.start, end=args.end,
                            period=args.period, settings=settings, sources=sources)
    paths = report.write(args.out)
    p = report.period
    print(f"homeward report: {p['label']} ({p['start']} to {p['end']}, as of {p['as_of']}; {p['source']})")
    for key in ("html", "json", "md"):
        print(f"  wrote {paths[key]}")
    return 0


def _parse_workers(specs: Optional[Sequence[str]]) -> List[Dict[str, Any]]:
    """ROLE:LIMIT:MEAN_DAYS[:SHARE] -> worker role dicts (support lasts a gamma time, sd = mean / 3)."""
    out = []
    for spec in specs or []:
        parts = spec.split(":")
        if len(parts) not in (3, 4):
            raise argparse.ArgumentTypeError(f"{spec!r}: expected ROLE:CASELOAD_LIMIT:SUPPORT_DAYS[:SHARE]")
        try:
            limit, mean = int(parts[1]), float(parts[2])
            share = float(parts[3]) if len(parts) == 4 else 1.0
        except ValueError:
            raise argparse.ArgumentTypeError(f"{spec!r}: limit, days and share must be numbers") from None
        out.append({"role": parts[0], "count": 0, "caseload_limit": limit, "share": share,
                    "support": {"kind": "gamma", "mean": mean, "sd": mean / 3}})
    return out


def _cmd_plan(args: argparse.Namespace) -> int:
    import pathlib

    from ._plan import capacity_plan
    from ._timeline import Caseload, sample_caseload

    caseload = Caseload.from_json(pathlib.Path(args.caseload)) if args.caseload else sample_caseload()
    out_dir = pathlib.Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    workers = _parse_workers(args.worker) if args.worker else _parse_workers(
        ["pathway_navigator:12:120", "transition_support_worker:15:90"])
    plan = capacity_plan(caseload, growth=args.growth, max_beds=args.max_beds, replications=args.replications,
                         seed=args.seed, target_days=args.target_days, target_fraction=args.target_fraction,
                         costs={"inpatient_day_cost": args.inpatient_day_cost,
                                "step_down_day_cost": args.step_down_day_cost},
                         workers=workers, progress=True if args.progress else None)
    chart = out_dir / f"capacity-plan.{args.format}"
    plan.plot(str(chart))
    text = plan.report()
    text += "\n\n### Waits, savings and occupancy by number of beds\n\n"
    text += "\n".join(_sweep_lines(plan))
    text += f"\n\nChart: {chart.name}. Model, assumptions and limits: docs/plan.md (STRESS-DES).\n"
    (out_dir / "capacity-plan.md").write_text(text, encoding="utf-8")
    (out_dir / "capacity-plan.json").write_text(json.dumps(plan.data), encoding="utf-8")
    sys.stdout.write(text)
    return 0


def _sweep_lines(plan: Any) -> List[str]:
    lines = ["| scenario | beds | mean wait (days) | placed within target | savings | occupancy |",
             "|---|---|---|---|---|---|"]
    for s in plan.scenarios:
        for r in s["sweep"]["rows"]:
            lines.append(f"| {s['name']} | {r['beds']} | {r['mean_wait']['mean']:.1f} | "
                         f"{100 * r['within_target']['mean']:.0f}% | £{r['savings']['mean']:,.0f} | "
                         f"{100 * r['occupancy']['mean']:.0f}% |")
    return lines


def _cmd_holidays(args: argparse.Namespace) -> int:
    cal = _calendar(args)
    year = args.year or _dt.date.today().year
    sys.stdout.write(holidays_section(cal, year) + "\n")
    return 0


def _cmd_due(args: argparse.Namespace) -> int:
    cal = _calendar(args)
    sys.stdout.write(due_dates_section(cal, args.start, args.days) + "\n")
    return 0


def _cmd_fhir(args: argparse.Namespace) -> int:
    """``homeward fhir export|import|definitions``: thin over homeward._fhir."""
    import json
    import pathlib

    from . import _fhir
    from ._core import StarDefinition, StarReadings
    from ._timeline import Caseload, sample_caseload

    def write(path: str, doc: object) -> None:
        pathlib.Path(path).write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")

    if args.action == "definitions":
        write(args.out, _fhir.fhir_definitions())
        print(f"homeward: wrote homeward's FHIR CodeSystems to {args.out}")
        return 0
    if args.action == "import":
        got = _fhir.read_fhir(pathlib.Path(args.source))
        got.caseload.save(args.out)
        print(f"homeward: read {got.resources} resources: {len(got.caseload)} people, "
              f"{got.caseload.event_count} events -> {args.out}")
        if got.readings is not None and args.readings_out:
            pathlib.Path(args.readings_out).write_text(got.readings.to_json(), encoding="utf-8")
            print(f"homeward: {len(got.readings)} Star readings -> {args.readings_out}")
        for line in got.ignored:
            print(f"  not used: {line}")
        return 0
    # export
    caseload = Caseload.from_json(pathlib.Path(args.caseload)) if args.caseload else sample_caseload()
    if args.readings:
        readings = StarReadings.from_json(StarDefinition.recovery_star(),
                                          pathlib.Path(args.readings).read_text(encoding="utf-8"))
    elif args.caseload:
        readings = None
    else:
        from ._star import sample_star_readings

        readings = sample_star_readings()
    if args.split:
        out = pathlib.Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for pid in caseload.person_ids:
            write(str(out / f"{pid}.json"), caseload.to_fhir(pid, as_of=args.as_of, readings=readings))
        print(f"homeward: wrote {len(caseload)} Bundles to {out}/")
    else:
        write(args.out, _fhir.to_fhir(caseload, args.person, readings=readings, as_of=args.as_of))
        print(f"homeward: wrote the FHIR Bundle to {args.out}")
    return 0


def _cmd_version(args: argparse.Namespace) -> int:
    print(f"homeward {__version__}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="homeward",
        description="Referral timelines, Recovery Star outcomes and placement matching for "
        "hospital-to-community transition services.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def calendar_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--govuk-json", metavar="FILE",
                       help="use gov.uk's bank-holidays JSON instead of the built-in rules")
        p.add_argument("--division", default="england-and-wales",
                       help="division in the gov.uk file (default: england-and-wales)")
        p.add_argument("--closures", metavar="DATES",
                       help="extra closure dates, comma-separated YYYY-MM-DD")

    rep = sub.add_parser("report", help="the service report: report.html, report.json and report.md (the main job)",
                         description="Write the service report for a period. "
                                     "With no DATA, the bundled synthetic sample.")
    rep.add_argument("data", nargs="*", metavar="DATA",
                     help="homeward JSON documents: a caseload, Star readings, people/places/workers")
    rep.add_argument("--caseload", metavar="FILE", help="caseload JSON")
    rep.add_argument("--readings", metavar="FILE", help="Recovery Star readings JSON")
    rep.add_argument("--placements", metavar="FILE", help="people, places and workers JSON for matching")
    rep.add_argument("--start", type=_parse_date, help="first day of the period (with --end)")
    rep.add_argument("--end", type=_parse_date, help="last day of the period (with --start)")
    rep.add_argument("--period", choices=["month", "quarter", "financial-year"],
                     help="the latest complete month, quarter or financial year (April to March) "
                          "on or before the report date")
    rep.add_argument("--as-of", type=_parse_date,
                     help="report date (default: --end, else the caseload's report date, else today)")
    rep.add_argument("--settings", metavar="FILE",
                     help="report settings JSON: targets, costs, policy, step_down_beds (docs/report-schema.md)")
    rep.add_argument("--out", metavar="DIR", default="homeward-report",
                     help="write report.html, report.json and report.md into DIR (default: ./homeward-report)")
    rep.set_defaults(func=_cmd_report)

    hol = sub.add_parser("holidays", help="a year's bank holidays")
    calendar_options(hol)
    hol.add_argument("--year", type=int, help="the year (default: this year)")
    hol.set_defaults(func=_cmd_holidays)

    due = sub.add_parser("due", help="working-day due dates from a date")
    calendar_options(due)
    due.add_argument("start", type=_parse_date, help="start date, YYYY-MM-DD")
    due.add_argument("days", type=_parse_counts, help="comma-separated day counts, e.g. 10,20")
    due.set_defaults(func=_cmd_due)

    pl = sub.add_parser("plan", help="step-down beds and workers needed next year, by simulation")
    pl.add_argument("--caseload", metavar="FILE", help="caseload JSON (default: the bundled sample)")
    pl.add_argument("--growth", type=float, default=0.1,
                    help="growth in arrivals for the second scenario (0.1 = +10%%, default)")
    pl.add_argument("--max-beds", type=int, default=40, help="try 1..N beds (default 40)")
    pl.add_argument("--replications", type=int, default=200, help="replications per scenario (default 200)")
    pl.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    pl.add_argument("--target-days", type=float, default=14.0, help="placed within N days (default 14)")
    pl.add_argument("--target-fraction", type=float, default=0.9,
                    help="... for this share of people (default 0.9)")
    pl.add_argument("--inpatient-day-cost", type=float, default=500.0, help="default 500")
    pl.add_argument("--step-down-day-cost", type=float, default=50.0, help="default 50")
    pl.add_argument("--worker", action="append", metavar="ROLE:LIMIT:DAYS[:SHARE]",
                    help="a role to size: caseload limit, mean support days, share of people needing it "
                         "(repeatable; default pathway_navigator:12:120 and transition_support_worker:15:90)")
    pl.add_argument("--format", choices=("svg", "png"), default="svg", help="chart format (default svg)")
    pl.add_argument("--progress", action="store_true", help="show a progress bar on stderr")
    pl.add_argument("--out", metavar="DIR", default="homeward-plan",
                    help="write capacity-plan.md, .json and the chart into DIR (default: ./homeward-plan)")
    pl.set_defaults(func=_cmd_plan)
    fh = sub.add_parser("fhir", help="FHIR R4: export a caseload, import a Bundle, or write homeward's CodeSystems")
    fh_sub = fh.add_subparsers(dest="action", required=True)
    fx = fh_sub.add_parser("export", help="a caseload (default: the bundled sample) as FHIR R4 Bundles")
    fx.add_argument("--caseload", metavar="FILE", help="caseload JSON (default: the bundled sample)")
    fx.add_argument("--readings", metavar="FILE", help="Recovery Star readings JSON to include")
    fx.add_argument("--person", metavar="ID", help="one person only (default: everyone in one Bundle)")
    fx.add_argument("--as-of", type=_parse_date, help="only what was known on this date")
    fx.add_argument("--split", action="store_true", help="one Bundle per person; --out is a folder")
    fx.add_argument("--out", metavar="PATH", required=True, help="output file (or folder with --split)")
    fx.set_defaults(func=_cmd_fhir)
    fi = fh_sub.add_parser("import", help="a FHIR Bundle, resource or folder of resources into caseload JSON")
    fi.add_argument("source", metavar="PATH", help="a .json file or a folder of them")
    fi.add_argument("--out", metavar="FILE", required=True, help="caseload JSON to write")
    fi.add_argument("--readings-out", metavar="FILE", help="write the Star readings here")
    fi.set_defaults(func=_cmd_fhir)
    fd = fh_sub.add_parser("definitions", help="homeward's CodeSystems as a FHIR Bundle")
    fd.add_argument("--out", metavar="FILE", required=True)
    fd.set_defaults(func=_cmd_fhir)

    ver = sub.add_parser("version", help="print the version")
    ver.set_defaults(func=_cmd_version)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    except (Error, OSError) as exc:
        print(f"homeward: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
