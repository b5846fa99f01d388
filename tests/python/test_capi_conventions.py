"""The C ABI conventions (docs/conventions.md), checked on the headers so that
every area's new functions keep them."""
from __future__ import annotations

import pathlib
import re

HEADERS = pathlib.Path(__file__).resolve().parents[2] / "capi" / "include" / "homeward"

# hw_<area>_..., hw_<handle type>_..., or the shared vocabulary.
PREFIXES: tuple[str, ...] = (
    "hw_calendar_", "hw_date_", "hw_star_", "hw_caseload_", "hw_evaluation_", "hw_timeline_",
    "hw_assignment_", "hw_matching_", "hw_error_", "hw_status_", "hw_last_error", "hw_clear_error",
    "hw_version", "hw_string_free", "hw_no_day", "hw_experimental_",
)
# Areas whose headers are being written in parallel may add their nouns here.
PREFIXES += ("hw_measures_", "hw_report_", "hw_plan_", "hw_ingest_", "hw_fhir_")

DECL = re.compile(r"^HW_API\s+(?P<ret>[\w\s\*]+?)\s*\b(?P<name>hw_\w+)\((?P<params>[^;]*?)\);", re.MULTILINE | re.DOTALL)


def declarations(deprecated: bool = False) -> list[tuple[str, str, str, str, str]]:
    """(header, return type, name, parameters, comment right above)."""
    out = []
    for h in sorted(HEADERS.glob("hw_*.h")):
        if (h.name == "hw_deprecated.h") != deprecated:
            continue
        text = h.read_text(encoding="utf-8")
        for m in DECL.finditer(text):
            above = text[: m.start()].rstrip().split("\n")
            comment: list[str] = []
            while above and (above[-1].strip().startswith(("/*", "*")) or above[-1].strip().endswith("*/")
                             or above[-1].startswith("HW_DEPRECATED")):
                comment.append(above.pop())
                if comment[-1].strip().startswith("/*"):
                    break
            params = " ".join(m["params"].split())
            out.append((h.name, m["ret"].strip(), m["name"], params, " ".join(comment)))
    return out


def test_headers_found() -> None:
    assert len(declarations()) > 100


def test_every_function_says_since() -> None:
    missing = [n for _, _, n, _, c in declarations() + declarations(True) if "since 0." not in c]
    assert missing == []


def test_names_carry_the_area() -> None:
    bad = [n for _, _, n, _, _ in declarations() if not n.startswith(PREFIXES)]
    assert bad == []


def test_fallible_functions_take_a_caller_owned_error_last() -> None:
    bad = [n for _, ret, n, p, _ in declarations() if ret == "int" and not p.endswith("hw_error* err")
           and not n.endswith(("_count", "_number"))]
    assert bad == []


def test_text_out_has_a_caller_buffer_form() -> None:
    decls = declarations()
    names = {n for _, _, n, _, _ in decls}
    bad = [n for _, _, n, p, _ in decls if p.startswith("char** ") and n + "_buf" not in names]
    assert bad == []
    for _, _, n, p, _ in decls:
        if n.endswith("_buf"):
            assert re.match(r"char\* buf, size_t \w*capacity, size_t\* needed, ", p), n


def test_modes_are_named_enums() -> None:
    bad = [(n, p) for _, _, n, p, _ in declarations()
           if re.search(r"\bint (maximize|optimal|pretty|mode|format|sense|kind)\b", p)]
    assert bad == []


def test_experimental_functions_stay_in_their_header() -> None:
    for header, _, n, _, _ in declarations():
        assert n.startswith("hw_experimental_") == (header == "hw_experimental.h"), n


def test_enums_are_int_based() -> None:
    for h in HEADERS.glob("hw_*.h"):
        for m in re.finditer(r"typedef enum (\w+)( HW_ENUM_INT)? \{", h.read_text(encoding="utf-8")):
            assert m.group(2), f"{h.name}: enum {m.group(1)} lacks HW_ENUM_INT"


def test_text_and_files_are_separate() -> None:
    bad = [n for _, _, n, p, _ in declarations() if "text_or_path" in p]
    assert bad == []
