"""Result types of Recovery Star calculations (re-exported by homeward._star).

They live in a module of their own so that the generated stubs of the compiled
classes (python/homeward/_core.pyi) can name them, as
``homeward._star_results.DistanceTravelled``, without importing homeward._star.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional, Union

import numpy as np
import numpy.typing as npt

from ._core import STAR_CAUTION

if TYPE_CHECKING:
    import pandas

__all__ = ["DistanceTravelled", "ReliableChange"]


def _pandas() -> Any:
    """The pandas module, or ImportError saying how to install it."""
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_pandas() needs pandas: pip install pandas") from exc
    return pd


@dataclass(frozen=True)
class DistanceTravelled:
    """Distance travelled from the baseline to the latest reading."""

    person_id: str
    baseline: str
    baseline_date: datetime.date
    latest_date: datetime.date
    areas: list[dict[str, Any]]
    areas_compared: int
    total_baseline: int
    total_latest: int
    total_change: int
    caution: str = STAR_CAUTION

    def to_pandas(self) -> pandas.DataFrame:
        """One row per area: baseline, latest, change (None where missing)."""
        pd = _pandas()
        frame: pandas.DataFrame = pd.DataFrame(self.areas).set_index("area").astype("Int64")
        return frame


@dataclass(frozen=True)
class ReliableChange:
    """Reliable change indices (Jacobson & Truax 1991).

    ``rci`` and ``classification`` are scalars for scalar input and NumPy
    arrays otherwise; ``classification`` holds 'reliable_improvement',
    'no_reliable_change' or 'reliable_deterioration' (None where a score is
    missing). ``s_diff`` (the standard error of the difference) is given per
    area by :meth:`StarJourney.reliable_change`.
    """

    rci: Union[float, npt.NDArray[np.float64]]
    classification: Union[str, npt.NDArray[np.object_], None]
    s_diff: Optional[npt.NDArray[np.float64]]
    critical: float
    caution: str = STAR_CAUTION
    areas: Optional[list[str]] = None

    def to_pandas(self) -> pandas.DataFrame:
        """One row per value (per area for a journey): rci, classification, s_diff."""
        pd = _pandas()
        data = {
            "rci": np.ravel(self.rci),
            "classification": np.ravel(np.asarray(self.classification, dtype=object)),
        }
        if self.s_diff is not None:
            data["s_diff"] = np.ravel(self.s_diff)
        frame: pandas.DataFrame = pd.DataFrame(data)
        if self.areas is not None:
            frame.index = pd.Index(self.areas, name="area")
        return frame
