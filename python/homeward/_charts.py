"""The report's trend and stage charts as inline SVG, laid out by a Jinja2
template (``templates/chart.svg.j2``).

The charts are simple (lines, bars, stacked bars, one area), so this module
only computes their geometry (scales, "nice" tick values, bar and point
positions) from the model's figures, and the template writes the SVG. Drawing
them with matplotlib took about a second for six charts (more on a loaded
machine); this takes milliseconds and gives the same page on every platform
(no font metrics, no renderer). Each chart carries its own ``<title>`` and
``<desc>`` for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, Optional

WIDTH = 640
HEIGHT = 320
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def nice_ticks(lo: float, hi: float, count: int = 5, integer: bool = False) -> list[float]:
    """Tick values covering lo..hi with steps of 1, 2, 2.5 or 5 times a power of ten."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = 0.0, 1.0
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(1, count)
    mag = 10 ** math.floor(math.log10(raw))
    step = mag
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        step = m * mag
        if step >= raw:
            break
    if integer:
        step = max(1.0, float(math.ceil(step)))
    first = math.floor(lo / step) * step
    ticks = []
    k = 0
    while True:
        v = first + k * step
        ticks.append(round(v, 10))
        if v >= hi - 1e-9 * step:
            break
        k += 1
    return ticks


def _num(v: float) -> str:
    """A coordinate with at most one decimal ("12", "12.5")."""
    r = round(v, 1)
    return str(int(r)) if r == int(r) else f"{r:.1f}"


class Frame:
    """The plot area of a chart and its scales (x by category, y by value)."""

    def __init__(
        self,
        n: int,
        y_max: float,
        y_min: float = 0.0,
        *,
        left: int = 76,
        right: int = 16,
        top: int = 40,
        bottom: int = 62,
        integer: bool = False,
        fixed_max: Optional[float] = None,
    ) -> None:
        self.left, self.top = left, top
        self.width = WIDTH - left - right
        self.height = HEIGHT - top - bottom
        self.n = max(1, n)
        if fixed_max is not None:
            self.ticks = nice_ticks(y_min, fixed_max, 5, integer)
            self.ticks = [t for t in self.ticks if t <= fixed_max + 1e-9]
            self.y_lo, self.y_hi = y_min, fixed_max
        else:
            self.ticks = nice_ticks(y_min, y_max if y_max > y_min else y_min + 1.0, 5, integer)
            self.y_lo, self.y_hi = self.ticks[0], self.ticks[-1]
        self.band = self.width / self.n

    def x(self, i: float) -> float:
        return self.left + (i + 0.5) * self.band

    def y(self, v: float) -> float:
        span = self.y_hi - self.y_lo or 1.0
        return self.top + self.height * (1.0 - (v - self.y_lo) / span)


def _base(
    chart_id: str,
    title: str,
    description: str,
    frame: Frame,
    labels: Sequence[str],
    y_label: str,
    y_format: Callable[[float], str],
) -> dict[str, Any]:
    return {
        "id": chart_id,
        "svg_id": f"{chart_id}-svg",
        "width": WIDTH,
        "height": HEIGHT,
        "font": FONT,
        "title": title,
        "description": description,
        "heading": title,
        "plot": {
            "x": _num(frame.left),
            "y": _num(frame.top),
            "w": _num(frame.width),
            "h": _num(frame.height),
            "right": _num(frame.left + frame.width),
            "bottom": _num(frame.top + frame.height),
        },
        "y_label": y_label,
        "y_label_x": 14,
        "y_label_y": _num(frame.top + frame.height / 2),
        "yticks": [{"y": _num(frame.y(t)), "label": y_format(t)} for t in frame.ticks],
        "xticks": [{"x": _num(frame.x(i)), "label": lab} for i, lab in enumerate(labels)],
        "vticks": [],
        "x_label": "",
        "bars": [],
        "lines": [],
        "areas": [],
        "points": [],
        "texts": [],
        "legend": [],
    }


def _legend(items: Sequence[tuple[str, str, str]], x0: float, y: float) -> list[dict[str, Any]]:
    """Legend entries (label, colour, kind: bar | line | dash | dot) laid out in a row."""
    out = []
    x = x0
    for label, colour, kind in items:
        out.append(
            {
                "x": _num(x),
                "y": _num(y),
                "label": label,
                "colour": colour,
                "kind": kind,
                "tx": _num(x + 22),
                "ty": _num(y + 4),
            }
        )
        x += 30 + 6.2 * len(label)
    return out


def _points(frame: Frame, values: Sequence[Optional[float]]) -> list[tuple[float, float]]:
    return [(frame.x(i), frame.y(v)) for i, v in enumerate(values) if v is not None]


def _path(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in points)


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[Optional[float]],
    colour: str,
    *,
    y_label: str,
    y_format: Callable[[float], str],
    line_label: str,
    target: Optional[float] = None,
    target_label: str = "",
    target_colour: str = "",
    fixed_max: Optional[float] = None,
    area: bool = False,
) -> dict[str, Any]:
    """A line with markers; optionally a dashed target line and a filled area under it."""
    present = [v for v in values if v is not None]
    top = max(present + ([target] if target is not None else []) + [0.0])
    frame = Frame(len(labels), top, fixed_max=fixed_max)
    c = _base(chart_id, title, description, frame, labels, y_label, y_format)
    pts = _points(frame, values)
    if area and pts:
        base = frame.y(max(frame.y_lo, 0.0))
        poly = [(pts[0][0], base), *pts, (pts[-1][0], base)]
        c["areas"].append({"points": _path(poly), "fill": colour, "opacity": "0.15"})
    if pts:
        c["lines"].append({"points": _path(pts), "stroke": colour, "dash": "", "width": 2})
        c["points"] = [{"cx": _num(x), "cy": _num(y), "fill": colour} for x, y in pts]
    legend = [(line_label, colour, "line")] if line_label else []
    if target is not None:
        ty = _num(frame.y(target))
        c["lines"].append(
            {
                "points": f"{c['plot']['x']},{ty} {c['plot']['right']},{ty}",
                "stroke": target_colour,
                "dash": "6 4",
                "width": 1.5,
            }
        )
        legend.append((target_label, target_colour, "dash"))
    c["legend"] = _legend(legend, frame.left + 8, 30) if legend else []
    return c


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float]]],
    *,
    y_label: str,
    y_format: Callable[[float], str],
    integer: bool = False,
    legend: bool = False,
    line: Optional[tuple[float, str, str]] = None,
) -> dict[str, Any]:
    """Bars by month; several series are stacked. ``line``: (value, label, colour) of a
    dotted reference line (the number of beds)."""
    n = len(labels)
    totals = [sum(float(s[2][i]) for s in series) for i in range(n)]
    top = max(totals + [0.0] + ([line[0]] if line else []))
    frame = Frame(n, top, integer=integer)
    c = _base(chart_id, title, description, frame, labels, y_label, y_format)
    width = frame.band * 0.7
    bottom = [0.0] * n
    for label, colour, vals in series:
        for i in range(n):
            v = float(vals[i])
            if v <= 0:
                continue
            y0, y1 = frame.y(bottom[i]), frame.y(bottom[i] + v)
            c["bars"].append(
                {
                    "x": _num(frame.x(i) - width / 2),
                    "y": _num(y1),
                    "w": _num(width),
                    "h": _num(max(0.0, y0 - y1)),
                    "fill": colour,
                    "label": f"{labels[i]}: {label} {y_format(v)}",
                }
            )
            bottom[i] += v
    entries = [(label, colour, "bar") for label, colour, _ in series] if legend else []
    if line is not None:
        ly = _num(frame.y(line[0]))
        c["lines"].append(
            {
                "points": f"{c['plot']['x']},{ly} {c['plot']['right']},{ly}",
                "stroke": line[2],
                "dash": "2 3",
                "width": 1.5,
            }
        )
        entries.append((line[1], line[2], "dash"))
    c["legend"] = _legend(entries, frame.left + 8, 30) if entries else []
    return c


def hbar_chart(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[int],
    colour: str,
    *,
    x_label: str,
) -> dict[str, Any]:
    """Horizontal bars with their values (people per stage)."""
    n = max(1, len(labels))
    row = 26
    left = 8 + int(6.0 * max((len(s) for s in labels), default=8))
    left = min(max(left, 96), 300)
    top, bottom, right = 12, 44, 48
    height = top + bottom + row * n
    plot_w = WIDTH - left - right
    ticks = nice_ticks(0.0, float(max([*values, 1])), 5, integer=True)
    hi = ticks[-1] or 1.0

    def sx(v: float) -> float:
        return left + plot_w * v / hi

    c: dict[str, Any] = {
        "id": chart_id,
        "svg_id": f"{chart_id}-svg",
        "width": WIDTH,
        "height": height,
        "font": FONT,
        "title": title,
        "description": description,
        "heading": "",
        "plot": {
            "x": _num(left),
            "y": _num(top),
            "w": _num(plot_w),
            "h": _num(row * n),
            "right": _num(left + plot_w),
            "bottom": _num(top + row * n),
        },
        "y_label": "",
        "yticks": [],
        "xticks": [],
        "vticks": [{"x": _num(sx(t)), "label": f"{int(t):,}"} for t in ticks],
        "x_label": x_label,
        "x_label_x": _num(left + plot_w / 2),
        "x_label_y": _num(top + row * n + 36),
        "bars": [],
        "lines": [],
        "areas": [],
        "points": [],
        "texts": [],
        "legend": [],
    }
    for k, (label, v) in enumerate(zip(labels, values)):
        y = top + k * row + row * 0.15
        h = row * 0.7
        c["bars"].append(
            {
                "x": _num(left),
                "y": _num(y),
                "w": _num(max(0.0, sx(v) - left)),
                "h": _num(h),
                "fill": colour,
                "label": f"{label}: {v:,}",
            }
        )
        c["texts"].append(
            {"x": _num(left - 6), "y": _num(y + h / 2 + 4), "anchor": "end", "text": label}
        )
        c["texts"].append(
            {"x": _num(sx(v) + 4), "y": _num(y + h / 2 + 4), "anchor": "start", "text": f"{v:,}"}
        )
    return c


def render(env: Any, chart: dict[str, Any]) -> str:
    """The chart as an inline SVG element."""
    return str(env.get_template("chart.svg.j2").render(c=chart))
