"""homeward: software for services that bring people home from mental-health hospitals.

Three capabilities over one C++ core:

* working-day calendars with England and Wales bank holidays (:class:`Calendar`),
* referral timelines, milestones and national measures,
* Recovery Star outcomes, and placement matching,
* capacity planning by discrete-event simulation (:func:`simulate`, :func:`sweep`).

Every error is a :class:`homeward.Error`; errors about bad input are also
``ValueError``. Each error has ``field`` (the input at fault) and ``message``.
"""
from __future__ import annotations

from ._assignment import *  # noqa: F403
from ._assignment import __all__ as _assignment_all
from ._calendar import *  # noqa: F403
from ._calendar import __all__ as _calendar_all
from ._core import (
    Error,
    HomewardIOError,
    InfeasibleError,
    InvalidArgumentError,
    NotFoundError,
    OutOfRangeError,
    ParseError,
    __version__,
)
from ._matching import *  # noqa: F403
from ._matching import __all__ as _matching_all
from ._ingest import *  # noqa: F403
from ._ingest import __all__ as _ingest_all
from ._plan import *  # noqa: F401,F403
from ._plan import __all__ as _plan_all
from ._fhir import *  # noqa: F401,F403
from ._fhir import __all__ as _fhir_all
from ._report import *  # noqa: F401,F403
from ._report import __all__ as _report_all
from ._paths import c_library_path
from ._star import *  # noqa: F403
from ._star import __all__ as _star_all
from ._timeline import *  # noqa: F403
from ._timeline import __all__ as _timeline_all

__all__ = [
    "__version__",
    "Error",
    "HomewardIOError",
    "InfeasibleError",
    "InvalidArgumentError",
    "NotFoundError",
    "OutOfRangeError",
    "ParseError",
    "c_library_path",
    *_calendar_all,
    *_timeline_all,
    *_star_all,
    *_assignment_all,
    *_matching_all,
    *_ingest_all,
    *_plan_all,
    *_fhir_all,
    *_report_all,
]
