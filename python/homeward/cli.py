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
import sys
from typing import Callable, List, Optional, Sequence

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
        Calendar.from_govuk_json(args.govuk_json, args.division)
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


def _report(args: argparse.Namespace) -> str:
    """Assemble the service report; every section is computed by the core."""
    import pathlib

    from ._matching import matching_report
    from ._star import outcomes_report, sample_star_readings
    from ._timeline import Caseload, sample_caseload, timeline_report

    cal = _calendar(args)
    caseload = Caseload.from_json(args.caseload) if args.caseload else sample_caseload()
    period = caseload.attributes.get("report_period") if isinstance(caseload.attributes, dict) else None
    period = period if isinstance(period, dict) else {}
    as_of: _dt.date = args.as_of or (
        _dt.date.fromisoformat(period["as_of"]) if "as_of" in period else _dt.date.today())
    year = args.year or as_of.year
    counts = args.days or _parse_counts(_DEFAULT_DAY_COUNTS)
    out_dir = pathlib.Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    readings = args.readings if args.readings else sample_star_readings()

    sample = not (args.caseload or args.readings or args.placements)
    parts = [f"# homeward service report (as of {as_of.isoformat()})", ""]
    if sample:
        parts.append("Bundled synthetic sample: generated people with pseudonymous ids, no real records.")
    parts += [
        "",
        holidays_section(cal, year),
        "",
        due_dates_section(cal, as_of, counts),
        "",
        timeline_report(caseload, as_of=as_of),
        outcomes_report(readings, out_dir, as_of=as_of),
        "",
        matching_report(args.placements),
    ]
    return "\n".join(parts).rstrip("\n") + "\n"


def _cmd_report(args: argparse.Namespace) -> int:
    import pathlib

    text = _report(args)
    (pathlib.Path(args.out) / "report.md").write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


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

    rep = sub.add_parser("report", help="the service report on the bundled sample (the main job)")
    calendar_options(rep)
    rep.add_argument("--caseload", metavar="FILE", help="caseload JSON (default: the bundled sample)")
    rep.add_argument("--readings", metavar="FILE", help="Recovery Star readings JSON (default: the bundled sample)")
    rep.add_argument("--placements", metavar="FILE",
                     help="people, places and workers JSON for matching (default: the bundled sample)")
    rep.add_argument("--as-of", type=_parse_date,
                     help="report date (default: the caseload's report date, else today)")
    rep.add_argument("--year", type=int, help="year for the bank-holiday table (default: as-of year)")
    rep.add_argument("--days", type=_parse_counts,
                     help=f"day counts for due dates (default: {_DEFAULT_DAY_COUNTS})")
    rep.add_argument("--out", metavar="DIR", default="homeward-report",
                     help="write report.md and the star charts into DIR (default: ./homeward-report)")
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
    except (Error, OSError) as exc:
        print(f"homeward: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
