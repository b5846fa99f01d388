#!/usr/bin/env python3
"""Make pybind11-stubgen's output for homeward._core precise (run by make_stubs.sh).

pybind11-stubgen sees `py::handle` and `py::object` parameters as `typing.Any`, writes
`__eq__(self, other: T)` (which mypy --strict rejects as an unsafe override) and
`__hash__ = None`, and names a few Python-level classes it cannot resolve. This
rewrites those spots with the types the bindings really accept and return:

* dates: `_DateLike` (datetime.date, numpy.datetime64 or an ISO string), arrays of them;
* Calendar.add_working_days / working_days_between: overloads, scalar dates give
  `datetime.date` / `int`, anything array-like gives a NumPy array;
* `__eq__(self, other: object)`, `__hash__: typing.ClassVar[None]`;
* Python-level classes from homeward._star and the text-or-path alias.

    python3 scripts/stubs_postprocess.py python/homeward/_core.pyi
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ALIASES = '''
_DateLike: typing.TypeAlias = datetime.date | numpy.datetime64 | str
_DateArrayLike: typing.TypeAlias = (
    numpy.typing.NDArray[numpy.datetime64] | collections.abc.Sequence[_DateLike]
)
_IntArrayLike: typing.TypeAlias = numpy.typing.NDArray[numpy.integer[typing.Any]] | collections.abc.Sequence[int]
_PathOrText: typing.TypeAlias = str | bytes | os.PathLike[str]
'''

CALENDAR_METHODS = {
    "add_working_days": '''    @typing.overload
    def add_working_days(  # type: ignore[overload-overlap]
        self, d: _DateLike, n: int | numpy.integer[typing.Any]
    ) -> datetime.date:
        """Roll d forward to a working day, then move n working days (NumPy's busday_offset)."""
    @typing.overload
    def add_working_days(
        self, d: _DateLike | _DateArrayLike, n: int | numpy.integer[typing.Any] | _IntArrayLike
    ) -> numpy.typing.NDArray[numpy.datetime64]: ...
''',
    "working_days_between": '''    @typing.overload
    def working_days_between(self, a: _DateLike, b: _DateLike) -> int:  # type: ignore[overload-overlap]
        """Working days in [a, b) (NumPy's busday_count); negative when b < a."""
    @typing.overload
    def working_days_between(
        self, a: _DateLike | _DateArrayLike, b: _DateLike | _DateArrayLike
    ) -> numpy.typing.NDArray[numpy.int64]: ...
''',
}


def replace_method(text: str, cls: str, name: str, new: str) -> str:
    """Replace `def name(...)` (with its docstring) inside `class cls`."""
    start = text.find(f"\nclass {cls}")
    if start < 0:
        return text
    end = text.find("\nclass ", start + 1)
    end = len(text) if end < 0 else end
    body = text[start:end]
    m = re.search(rf"\n    def {name}\(.*?(?=\n    (?:def |@)|\Z)", body, re.S)
    if not m:
        return text
    body = body[: m.start()] + "\n" + new.rstrip("\n") + body[m.end() :]
    return text[:start] + body + text[end:]


def main(path: str) -> int:
    p = Path(path)
    text = p.read_text()
    # Imports and aliases after the last top-level import.
    if "import os\n" not in text:
        text = text.replace("import numpy\n", "import numpy\nimport os\n", 1)
    if "from homeward._star import" not in text:
        text = text.replace(
            "import typing\n",
            "import typing\nfrom homeward._star import DistanceTravelled, ReliableChange\n",
            1,
        )
    if "_DateLike: typing.TypeAlias" not in text:
        i = text.find("__all__")
        text = text[:i] + ALIASES.lstrip("\n") + text[i:]
    # Safe overrides of object's methods.
    text = re.sub(r"def __eq__\(self, \w+: [\w.]+\) -> bool", "def __eq__(self, other: object) -> bool", text)
    text = re.sub(r"\n(\s+)__hash__: typing.ClassVar\[None\] = None", r"\n\1__hash__: typing.ClassVar[None]  # type: ignore[assignment]", text)
    text = re.sub(r"\n(\s+)__hash__ = None", r"\n\1__hash__: typing.ClassVar[None]  # type: ignore[assignment]", text)
    # Calendar: dates instead of Any.
    for name, new in CALENDAR_METHODS.items():
        text = replace_method(text, "Calendar", name, new)
    text = re.sub(r"def (is_bank_holiday|is_working_day)\(self, d: typing.Any\)", r"def \1(self, d: _DateLike)", text)
    text = text.replace(
        "def holiday_dates(self) -> typing.Any:",
        "def holiday_dates(self) -> numpy.typing.NDArray[numpy.datetime64]:",
    )
    text = text.replace(
        "def from_govuk_json(text_or_path: typing.Any,", "def from_govuk_json(text_or_path: _PathOrText,"
    )
    # Loaders: `source` is JSON text (str, bytes) or a path (os.PathLike); limits are ints.
    text = re.sub(r"\bsource: typing.Any\b", "source: _PathOrText", text)
    text = re.sub(r"\b(max_bytes|max_depth): typing.Any = None", r"\1: int | None = None", text)
    text = re.sub(
        r"def bank_holidays\(self, first_year: ([^,]+), last_year: typing.Any = None\) -> list:",
        r"def bank_holidays(self, first_year: \1, last_year: typing.SupportsInt | None = None)"
        r" -> list[tuple[datetime.date, str]]:",
        text,
    )
    text = re.sub(
        r"def with_closures\(self, dates: typing.Any,",
        "def with_closures(self, dates: _DateArrayLike,",
        text,
    )
    p.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "python/homeward/_core.pyi"))
