"""FHIR R4 both ways: pathways and Star readings out as Bundles, Bundles in.

The mapping lives in the C++ core (``src/fhir_*.cpp``, docs/fhir.md); this
module only converts arguments and results. Text and paths are never
confused: a ``str``, ``bytes`` or ``dict`` is FHIR JSON; an ``os.PathLike``
(``pathlib.Path``) is a file or a folder of ``*.json`` resources.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Union

from . import _core
from ._timeline import Caseload

__all__ = ["FhirImport", "read_fhir", "to_fhir", "fhir_definitions"]

_DEFAULT_MAX_BYTES = 128 << 20

FhirSource = Union[str, bytes, Mapping[str, Any], "os.PathLike[str]"]


@dataclass(frozen=True)
class FhirImport:
    """What :func:`read_fhir` read: the caseload, the Star readings (or None),
    and the resources it did not use, one line each
    (``"entry[4] Condition/c1: not used"``)."""

    caseload: Caseload
    readings: Optional[_core.StarReadings]
    ignored: List[str] = field(default_factory=list)
    resources: int = 0

    def __repr__(self) -> str:
        r = "no readings" if self.readings is None else f"{len(self.readings)} readings"
        return (f"FhirImport({len(self.caseload)} people, {self.caseload.event_count} events, {r}, "
                f"{len(self.ignored)} resources not used)")


def _read_limited(path: str, limit: int, used: int) -> str:
    # Read at most the remaining allowance + 1 byte, whatever kind of file it is.
    with open(path, "rb") as f:
        data = f.read(limit - used + 1) if limit else f.read()
    if limit and used + len(data) > limit:
        raise _core.OutOfRangeError(f"{path}: input exceeds max_bytes ({limit})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _core.ParseError(f"{path}: not UTF-8 text (byte {e.start})") from None


def _documents(source: FhirSource, max_bytes: int) -> tuple[list[str], list[str]]:
    if isinstance(source, os.PathLike):
        path = os.fspath(source)
        if os.path.isdir(path):
            names = sorted(n for n in os.listdir(path) if n.endswith(".json"))
            if not names:
                raise _core.InvalidArgumentError(f"source: no .json files in folder {path!r}")
            texts: list[str] = []
            used = 0
            for n in names:
                texts.append(_read_limited(os.path.join(path, n), max_bytes, used))
                used += len(texts[-1].encode("utf-8"))
            return texts, names
        return [_read_limited(path, max_bytes, 0)], [os.path.basename(path)]
    if isinstance(source, bytes):
        try:
            return [source.decode("utf-8")], [""]
        except UnicodeDecodeError as e:
            raise _core.ParseError(f"source: not UTF-8 text (byte {e.start})") from None
    if isinstance(source, str):
        return [source], [""]
    if isinstance(source, Mapping):
        return [json.dumps(source)], [""]
    raise _core.InvalidArgumentError(
        f"source: expected FHIR JSON (str, bytes or dict) or a path (os.PathLike), got {type(source).__name__}")


def read_fhir(source: FhirSource, *, star: Optional[_core.StarDefinition] = None,
              person_system: str = "urn:homeward:person-id", max_bytes: int = _DEFAULT_MAX_BYTES) -> FhirImport:
    """Read a FHIR Bundle (collection, searchset, transaction, ...), a single
    resource, or a folder of resources into a caseload and Star readings.

    ``source`` is JSON text (``str``/``bytes``), a parsed ``dict``, or a
    ``pathlib.Path`` to a file or a folder of ``*.json`` files. People are found
    by the identifier with ``person_system``; Star readings are read against
    ``star`` (default: the Recovery Star). Resources homeward does not use are
    listed in ``ignored``; a resource it uses but cannot map raises an error
    naming the resource and element. Nothing is returned half-built.
    """
    if max_bytes < 0:
        raise _core.InvalidArgumentError("max_bytes: must not be negative")
    texts, names = _documents(source, max_bytes)
    options: Dict[str, Any] = {"person_system": person_system, "max_bytes": int(max_bytes)}
    if star is not None:
        options["star"] = json.loads(star.to_json())
    core, readings, summary = _core._fhir_import(texts, names, json.dumps(options))
    s = json.loads(summary)
    return FhirImport(Caseload._wrap(core), readings, list(s["ignored"]), int(s["resources"]))


def to_fhir(caseload: Caseload, person_id: Optional[str] = None, *, readings: Optional[_core.StarReadings] = None,
            as_of: Any = None, narrative: bool = True, person_system: str = "urn:homeward:person-id") -> Dict[str, Any]:
    """A FHIR R4 collection Bundle of one person's pathway (``person_id``) or
    of the whole caseload, with their Star readings when ``readings`` is given."""
    if not isinstance(caseload, Caseload):
        raise _core.InvalidArgumentError(f"caseload: expected a homeward.Caseload, got {type(caseload).__name__}")
    options: Dict[str, Any] = {"narrative": bool(narrative), "person_system": person_system}
    text = _core._fhir_export(caseload._c, person_id, readings, as_of, json.dumps(options))
    result: Dict[str, Any] = json.loads(text)
    return result


def fhir_definitions(star: Optional[_core.StarDefinition] = None) -> Dict[str, Any]:
    """homeward's CodeSystems as a FHIR collection Bundle, for receivers and validators."""
    result: Dict[str, Any] = json.loads(_core._fhir_definitions(star))
    return result
