"""The service report: the core computes one model (every figure, as JSON);
this module only lays it out.

* :func:`service_report` computes the model (``homeward._core.report_json``)
  for a period and returns a :class:`Report`.
* :meth:`Report.to_html` renders ``report.html`` with Jinja2
  (``templates/report.html.j2``): one self-contained file, no network, charts
  as inline SVG (trend and stage charts laid out by ``templates/chart.svg.j2``
  from the geometry in ``homeward._charts``, star charts by the core).
* :meth:`Report.to_markdown` renders ``report.md``; :meth:`Report.write`
  writes ``report.html``, ``report.json`` and ``report.md``.

Jinja2 (and matplotlib, for star charts saved as PNG) are the ``report`` extra (``pip install homeward[report]``);
the core library does not need them.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import math
import os
import pathlib
from collections.abc import Mapping, Sequence
from typing import Any, Optional, Union

from . import _core

__all__ = ["REPORT_SCHEMA_VERSION", "Report", "service_report"]

REPORT_SCHEMA_VERSION = 1

PathLike = Union[str, "os.PathLike[str]"]
DateLike = Union[_dt.date, str]

_PERIOD_NAMES = {
    "month": "month",
    "quarter": "quarter",
    "financial-year": "financial_year",
    "financial_year": "financial_year",
}


def _iso(value: DateLike, field: str) -> str:
    if isinstance(value, _dt.datetime):
        raise _core.InvalidArgumentError(f"{field}: expected a date, got a datetime")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise _core.InvalidArgumentError(f"{field}: expected a date, got {type(value).__name__}")


# ---------------------------------------------------------------------------
# Formatting filters (the templates use these; numbers come from the model)


def fmt_money(value: Optional[float], signed: bool = False) -> str:
    """£1,234 (whole pounds); '-' for no value."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    sign = (
        ("+" if value > 0 else "−" if value < 0 else "±") if signed else ("−" if value < 0 else "")
    )
    return f"{sign}£{abs(value):,.0f}"


def fmt_number(value: Optional[float], signed: bool = False, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    sign = (
        ("+" if value > 0 else "−" if value < 0 else "±") if signed else ("−" if value < 0 else "")
    )
    return f"{sign}{abs(value):,.{digits}f}"


def fmt_pct(value: Optional[float], digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return f"{value * 100:.{digits}f}%"


def fmt_value(value: Optional[float], unit: str) -> str:
    if unit == "rate":
        return fmt_pct(value, 1)
    if unit == "money":
        return fmt_money(value)
    return fmt_number(value)


def fmt_change(value: Optional[float], unit: str) -> str:
    if value is None:
        return "no previous figure"
    if unit == "rate":
        return f"{fmt_number(value * 100, signed=True, digits=1)} points"
    if unit == "money":
        return fmt_money(value, signed=True)
    return fmt_number(value, signed=True)


def fmt_target(target: Mapping[str, Any], unit: str) -> str:
    green = target.get("green")
    if green is None:
        return "no target set"
    op = "≥" if target.get("higher_is_better", True) else "≤"
    text = f"target {op} {fmt_value(green, unit)}"
    amber = target.get("amber")
    if amber is not None and amber != green:
        text += f" (amber {op} {fmt_value(amber, unit)})"
    return text


def fmt_date(value: Optional[str]) -> str:
    """'2025-08-03' -> '3 Aug 2025'."""
    if not value:
        return "–"
    d = _dt.date.fromisoformat(value)
    return f"{d.day} {d.strftime('%b %Y')}"


_STATUS_TEXT = {
    "green": "On target",
    "amber": "Near target",
    "red": "Off target",
    "no_target": "No target",
    "no_data": "No data",
}


def fmt_status(status: str) -> str:
    return _STATUS_TEXT.get(status, status)


def _ordinal_code(code: str, name: str, group: str) -> str:
    return f"{code} {name}" if name else f"{code} ({group.lower()})"


# ---------------------------------------------------------------------------
# Charts: inline SVG (homeward._charts and templates/chart.svg.j2)


_COLOURS = {
    "blue": "#005eb8",
    "dark": "#212b32",
    "grey": "#768692",
    "green": "#007f3b",
    "amber": "#ffb81c",
    "red": "#d5281b",
    "purple": "#330072",
    "aqua": "#00a499",
    "pink": "#ae2573",
    "light": "#e8edee",
}
_GROUP_COLOURS = {
    "housing": _COLOURS["blue"],
    "social_care": _COLOURS["aqua"],
    "hospital": _COLOURS["pink"],
    "community": _COLOURS["grey"],
}


def _trend_charts(model: Mapping[str, Any], env: Any = None) -> list[dict[str, str]]:
    """The five monthly trend charts (geometry in homeward._charts, SVG by a template)."""
    from . import _charts

    env = env or _environment()
    months = model["trends"]["months"]
    labels = [m["label"] for m in months]
    charts: list[dict[str, str]] = []

    def add(chart: dict[str, Any], heading: str) -> None:
        chart["heading"] = heading
        charts.append(
            {
                "id": chart["id"],
                "title": chart["title"],
                "description": chart["description"],
                "svg": _charts.render(env, chart),
            }
        )

    # Follow-up with its target line.
    target = model["trends"].get("follow_up_target")
    rates = [m["follow_up"]["rate"] for m in months]
    parts = [f"{lab} {fmt_pct(r)}" for lab, r in zip(labels, rates) if r is not None]
    add(
        _charts.line_chart(
            "chart-follow-up",
            "72-hour follow-up rate by month",
            "Follow-up rate by month"
            + (f" against the {fmt_pct(target)} standard" if target is not None else "")
            + ": "
            + ", ".join(parts)
            + ".",
            labels,
            rates,
            _COLOURS["blue"],
            y_label="followed up",
            y_format=lambda v: f"{v:.0%}",
            line_label="follow-up rate",
            target=target,
            target_label=f"standard {fmt_pct(target)}" if target is not None else "",
            target_colour=_COLOURS["red"],
            fixed_max=1.0,
        ),
        "72-hour follow-up rate",
    )

    # Readmissions.
    counts = [m["readmission"]["numerator"] for m in months]
    add(
        _charts.bar_chart(
            "chart-readmissions",
            "Readmissions by month",
            "Readmissions within the window by month of discharge: "
            + ", ".join(f"{lab} {n}" for lab, n in zip(labels, counts))
            + ".",
            labels,
            [("readmitted", _COLOURS["purple"], counts)],
            y_label="people readmitted",
            y_format=lambda v: f"{v:,.0f}",
            integer=True,
        ),
        "Readmissions",
    )

    # CRFD days by reason group (stacked).
    groups = model["trends"]["reason_groups"]
    series = [
        (
            g["label"],
            _GROUP_COLOURS.get(g["id"], _COLOURS["grey"]),
            [float(m["crfd_days_by_group"].get(g["id"], 0)) for m in months],
        )
        for g in groups
    ]
    totals = [sum(vals[i] for _, _, vals in series) for i in range(len(months))]
    add(
        _charts.bar_chart(
            "chart-crfd",
            "Days clinically ready for discharge by reason group",
            "Days clinically ready for discharge by month: "
            + ", ".join(f"{lab} {int(b)}" for lab, b in zip(labels, totals))
            + ".",
            labels,
            series,
            y_label="days",
            y_format=lambda v: f"{v:,.0f}",
            integer=True,
            legend=True,
        ),
        "Days clinically ready for discharge, by reason group",
    )

    # Step-down beds occupied.
    occ = [m["step_down_beds_occupied"] or 0.0 for m in months]
    beds = model["settings"].get("step_down_beds")
    add(
        _charts.bar_chart(
            "chart-step-down",
            "Step-down beds occupied by month",
            "Average step-down beds occupied per night: "
            + ", ".join(f"{lab} {o:.1f}" for lab, o in zip(labels, occ))
            + ".",
            labels,
            [("beds occupied", _COLOURS["aqua"], occ)],
            y_label="beds",
            y_format=lambda v: f"{v:,.0f}" if v == int(v) else f"{v:,.1f}",
            line=(float(beds), f"{beds} beds", _COLOURS["dark"]) if beds else None,
        ),
        "Step-down beds occupied (average per night)",
    )

    # Cumulative savings.
    cum = [m["cumulative_savings"] or 0.0 for m in months]
    add(
        _charts.line_chart(
            "chart-savings",
            "Cumulative savings",
            "Cumulative savings from bed-days avoided: "
            + ", ".join(f"{lab} {fmt_money(c)}" for lab, c in zip(labels, cum))
            + ".",
            labels,
            cum,
            _COLOURS["green"],
            y_label="savings",
            y_format=lambda v: fmt_money(v),
            line_label="",
            area=True,
        ),
        "Cumulative savings",
    )
    return charts


def _stage_chart(model: Mapping[str, Any], env: Any = None) -> dict[str, str]:
    from . import _charts

    env = env or _environment()
    counts = [c for c in model["stages"]["counts"] if c["count"] > 0] or model["stages"]["counts"]
    chart = _charts.hbar_chart(
        "chart-stages",
        "People per stage",
        "People per stage on the report date: "
        + ", ".join(f"{c['label']} {c['count']}" for c in counts)
        + ".",
        [c["label"] for c in counts],
        [int(c["count"]) for c in counts],
        _COLOURS["blue"],
        x_label="people",
    )
    return {
        "id": chart["id"],
        "title": chart["title"],
        "description": chart["description"],
        "svg": _charts.render(env, chart),
    }


# ---------------------------------------------------------------------------
# The report


@functools.lru_cache(maxsize=1)
def _environment() -> Any:
    """The report's Jinja2 environment (built once: templates compile on first use)."""
    try:
        import jinja2
    except ImportError as exc:  # pragma: no cover - exercised without the extra
        raise ImportError(
            "the report is laid out with Jinja2: pip install 'homeward[report]'"
        ) from exc
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("homeward", "templates"),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "html.j2", "svg.j2"), default_for_string=False
        ),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        money=fmt_money,
        number=fmt_number,
        pct=fmt_pct,
        value=fmt_value,
        change=fmt_change,
        target=fmt_target,
        date=fmt_date,
        status=fmt_status,
    )
    return env


class Report:
    """The service report model (``report.json``) with its HTML and Markdown layouts.

    Every figure comes from the C++ core; this class only reads the model.
    ``data`` is the model as a dict (schema in docs/report-schema.md).
    """

    __slots__ = ("_data", "_text")

    def __init__(self, data: Mapping[str, Any], text: Optional[str] = None) -> None:
        if data.get("schema") != "homeward-report":
            raise _core.InvalidArgumentError("data.schema: not a homeward report model")
        if data.get("schema_version") != REPORT_SCHEMA_VERSION:
            raise _core.InvalidArgumentError(
                f"data.schema_version: {data.get('schema_version')!r} is not "
                f"{REPORT_SCHEMA_VERSION}"
            )
        self._data: dict[str, Any] = dict(data)
        # The core's own text of the model (2-space indent), when the model came
        # from it: report.json is written from it rather than re-encoded.
        self._text: Optional[str] = text

    @classmethod
    def from_json(cls, text: str) -> Report:
        return cls(json.loads(text))

    @property
    def data(self) -> dict[str, Any]:
        return self._data

    @property
    def period(self) -> dict[str, Any]:
        return dict(self._data["period"])

    @property
    def summary(self) -> list[dict[str, Any]]:
        return list(self._data["summary"])

    def figure(self, figure_id: str) -> dict[str, Any]:
        for f in self._data["summary"]:
            if f["id"] == figure_id:
                return dict(f)
        raise _core.NotFoundError(f"figure: unknown figure {figure_id!r}")

    def to_json(self, indent: Optional[int] = 2) -> str:
        """The model as JSON text (report.json). With the default indent this is
        the core's own text when the report was computed by :func:`service_report`."""
        if indent == 2 and self._text is not None:
            return self._text
        return json.dumps(self._data, indent=indent, ensure_ascii=False)

    def _context(self, charts: bool) -> dict[str, Any]:
        d = self._data
        ctx: dict[str, Any] = {"r": d, "trend_charts": [], "stage_chart": None}
        if charts:
            ctx["trend_charts"] = _trend_charts(d)
            ctx["stage_chart"] = _stage_chart(d)
        ctx["crfd_reasons"] = [
            dict(x, display=_ordinal_code(x["code"], x["name"], x["group_label"]))
            for x in d["measures"].get("crfd_reasons", [])
        ]
        cohort = d["outcomes"]["cohort"]
        ctx["cohort"] = cohort
        ctx["star_charts"] = d["outcomes"]["charts"]
        ctx["placements"] = d["recommendations"]["placements"]
        ctx["workers"] = d["recommendations"]["workers"]
        ctx["generated"] = d["generator"]
        return ctx

    def to_html(self) -> str:
        """report.html: one self-contained page (inline CSS and SVG, no scripts, no network)."""
        return str(
            _environment().get_template("report.html.j2").render(**self._context(charts=True))
        )

    def to_markdown(self) -> str:
        """report.md: the same figures as Markdown tables (no charts)."""
        return str(
            _environment().get_template("report.md.j2").render(**self._context(charts=False))
        )

    def write(self, out_dir: PathLike) -> dict[str, pathlib.Path]:
        """Write report.html, report.json and report.md into out_dir; returns their paths."""
        out = pathlib.Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = {"html": out / "report.html", "json": out / "report.json", "md": out / "report.md"}
        texts = {"html": self.to_html(), "json": self.to_json() + "\n", "md": self.to_markdown()}
        for key, path in paths.items():
            path.write_text(texts[key], encoding="utf-8")
        return paths

    def _repr_html_(self) -> str:
        return str(_environment().get_template("summary.html.j2").render(r=self._data))

    def __repr__(self) -> str:
        p = self._data["period"]
        return f"<homeward.Report {p['label']!r} {p['start']}..{p['end']} as of {p['as_of']}>"


def service_report(
    caseload: Any,
    readings: Any = None,
    matching: Union[Mapping[str, Any], PathLike, None] = None,
    *,
    as_of: Optional[DateLike] = None,
    start: Optional[DateLike] = None,
    end: Optional[DateLike] = None,
    period: Optional[str] = None,
    settings: Optional[Mapping[str, Any]] = None,
    sources: Sequence[str] = (),
) -> Report:
    """Compute the service report for a period.

    The period is ``start``..``end`` or ``period`` ("month", "quarter",
    "financial-year": the latest complete one on or before ``as_of``).
    ``as_of`` (the report date) defaults to ``end``, else the caseload's
    attributes.report_period.as_of, else today. ``settings`` may add targets,
    costs, policy, step_down_beds, ... (docs/report-schema.md).
    """
    from ._timeline import Caseload

    if not isinstance(caseload, Caseload):
        raise _core.InvalidArgumentError(
            f"caseload: expected a homeward.Caseload, got {type(caseload).__name__}"
        )
    s: dict[str, Any] = dict(settings or {})
    attrs = caseload.attributes if isinstance(caseload.attributes, dict) else {}
    rp = attrs.get("report_period") if isinstance(attrs.get("report_period"), dict) else {}
    if as_of is not None:
        s["as_of"] = _iso(as_of, "as_of")
    elif "as_of" not in s:
        if end is not None:
            s["as_of"] = _iso(end, "end")
        elif isinstance(rp, dict) and "as_of" in rp:
            s["as_of"] = rp["as_of"]
        else:
            s["as_of"] = _dt.date.today().isoformat()
    if period is not None:
        if period not in _PERIOD_NAMES:
            raise _core.InvalidArgumentError(
                f"period: {period!r} is not a period (known: month, quarter, financial-year)"
            )
        s["period"] = _PERIOD_NAMES[period]
    if start is not None:
        s["start"] = _iso(start, "start")
    if end is not None:
        s["end"] = _iso(end, "end")
    if "period" not in s and "start" not in s and "end" not in s:
        if isinstance(rp, dict) and "start" in rp and "end" in rp and s["as_of"] == rp.get("as_of"):
            s["start"], s["end"] = rp["start"], rp["end"]
            s.setdefault("source", "the caseload's report period (attributes.report_period)")
        else:
            s["period"] = "quarter"
            s.setdefault(
                "source",
                "no period given: the latest complete quarter on or before the report date",
            )
    if "step_down_beds" not in s and isinstance(attrs.get("step_down_beds"), int):
        s["step_down_beds"] = attrs["step_down_beds"]
    matching_json: Optional[str] = None
    if matching is not None:
        if isinstance(matching, Mapping):
            matching_json = json.dumps(matching)
        else:
            matching_json = pathlib.Path(matching).read_text(encoding="utf-8")
    if readings is not None and not isinstance(readings, _core.StarReadings):
        from ._star import _as_readings

        readings = _as_readings(readings, None)
    text = _core.report_json(
        caseload._c, json.dumps(s), readings, matching_json, list(sources), pretty=True
    )
    return Report(json.loads(text), text)


# ---------------------------------------------------------------------------
# Notebook output: compact tables for _repr_html_ across the package


def _notebook_table(
    caption: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], limit: int = 20
) -> dict[str, Any]:
    shown = [["–" if v is None else v for v in row] for row in list(rows)[:limit]]
    more = f"{len(rows) - limit} more rows not shown" if len(rows) > limit else ""
    return {"caption": caption, "columns": list(columns), "rows": shown, "more": more}


def notebook_html(
    title: str, tables: Sequence[Mapping[str, Any]], subtitle: str = ""
) -> Optional[str]:
    """Render compact tables for a notebook; None (plain repr) without Jinja2."""
    try:
        env = _environment()
    except ImportError:
        return None
    return str(
        env.get_template("notebook.html.j2").render(title=title, subtitle=subtitle, tables=tables)
    )


def _stage_rows(counts: Mapping[str, int]) -> list[list[Any]]:
    return [[k.replace("_", " "), int(v)] for k, v in counts.items()]


def _ratio(num: Optional[int], den: Optional[int]) -> str:
    if not den or num is None:
        return "–"
    return fmt_pct(num / den, 1)


def caseload_html(c: Any) -> Optional[str]:
    first, last = c.first_date, c.last_date
    facts = [
        ["people", len(c)],
        ["events", c.event_count],
        ["first event", first],
        ["last event", last],
    ]
    tables = [_notebook_table("Caseload", ["", "value"], facts)]
    if last is not None and len(c):
        snap = c.snapshot(last)
        tables.append(
            _notebook_table(
                f"People per stage on {last}", ["stage", "people"], _stage_rows(snap.stage_counts)
            )
        )
    return notebook_html("homeward.Caseload", tables)


def evaluation_html(ev: Any) -> Optional[str]:
    tables = [
        _notebook_table(
            f"People per stage as of {ev.as_of}", ["stage", "people"], _stage_rows(ev.stage_counts)
        )
    ]
    counts = ev.status_counts()
    statuses = list(next(iter(counts.values())).keys()) if counts else []
    rows = [[m.replace("_", " "), *[counts[m][s] for s in statuses]] for m in counts]
    columns = ["milestone", *[s.replace("_", " ") for s in statuses]]
    tables.append(_notebook_table("Milestones by status", columns, rows))
    return notebook_html("homeward.Evaluation", tables, f"{len(ev)} pathways")


def snapshot_html(s: Any) -> Optional[str]:
    tables = [
        _notebook_table(
            f"People per stage on {s.on}", ["stage", "people"], _stage_rows(s.stage_counts)
        )
    ]
    rows = [
        [
            o["person_id"],
            o["milestone"].replace("_", " "),
            o["start"],
            o["due"],
            o["days_late"],
            o["working_days_late"],
        ]
        for o in s.to_dict()["overdue"]
    ]
    tables.append(
        _notebook_table(
            f"Overdue ({len(rows)}), most overdue first",
            ["person", "milestone", "start", "due", "days late", "working days late"],
            rows,
        )
    )
    return notebook_html("homeward.Snapshot", tables)


def measures_html(m: Any) -> Optional[str]:
    fu, rd, cr, sd, bd = m.follow_up, m.readmission, m.crfd, m.step_down, m.bed_days
    rows = [
        ["72-hour follow-up", fu.numerator, fu.denominator, _ratio(fu.numerator, fu.denominator)],
        ["readmission", rd.numerator, rd.denominator, _ratio(rd.numerator, rd.denominator)],
        ["days clinically ready for discharge", None, None, fmt_number(cr.days)],
        ["CRFD periods", None, None, fmt_number(cr.periods)],
        ["step-down stays ended", None, None, fmt_number(sd.count)],
        ["step-down mean stay (days)", None, None, fmt_number(sd.mean, digits=1)],
        ["bed-days avoided", None, None, fmt_number(bd.days)],
        ["savings", None, None, fmt_money(bd.savings)],
    ]
    pending = [
        ["follow-up pending", fu.pending],
        ["follow-up excluded", fu.excluded],
        ["readmission pending", rd.pending],
    ]
    return notebook_html(
        "homeward.Measures",
        [
            _notebook_table("Measures", ["measure", "numerator", "denominator", "value"], rows),
            _notebook_table("Left out of the rates", ["", "discharges"], pending),
        ],
        f"{m.start} to {m.end}, as of {m.as_of}",
    )


def cohort_html(cohort: Mapping[str, Any]) -> Optional[str]:
    rows = [
        [
            a["name"],
            a["n"],
            fmt_number(a["mean_first"], digits=1),
            fmt_number(a["mean_latest"], digits=1),
            fmt_number(a["mean_change"], signed=True, digits=1),
            a["improved"],
            a["unchanged"],
            a["declined"],
        ]
        for a in cohort["areas"]
    ]
    return notebook_html(
        "homeward.StarCohort",
        [
            _notebook_table(
                "Distance travelled by area",
                [
                    "area",
                    "people",
                    "mean first",
                    "mean latest",
                    "mean change",
                    "improved",
                    "unchanged",
                    "declined",
                ],
                rows,
            )
        ],
        f"{cohort['readings']} readings, {cohort['people']} people, "
        f"{cohort['people_compared']} compared",
    )


def match_html(result: Mapping[str, Any]) -> Optional[str]:
    key = "place" if result.get("kind") == "placements" else "worker"
    matches = [
        [
            m["person"],
            m.get("role", "").replace("_", " ") if key == "worker" else m[key],
            m[key] if key == "worker" else fmt_number(m["cost"], digits=1),
            "; ".join(t["detail"] for t in m["terms"]),
        ]
        for m in result["matches"]
    ]
    columns = (
        ["person", "role", "worker", "why"]
        if key == "worker"
        else ["person", "place", "cost", "why"]
    )
    unmatched = [
        [u["person"], u["reason"].replace("_", " "), u["summary"]] for u in result["unmatched"]
    ]
    summary = result["summary"]
    return notebook_html(
        f"homeward.MatchResult ({result.get('kind')})",
        [
            _notebook_table("Recommendations", columns, matches),
            _notebook_table("Not matched, and why", ["person", "reason", "summary"], unmatched),
        ],
        f"{summary.get('matched')} of {summary.get('people')} people matched; "
        "recommendations for human review (UK GDPR art. 22)",
    )
