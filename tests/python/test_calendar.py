"""The calendar through the Python surface: rules, gov.uk files, NumPy parity, bad input."""
from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

import homeward
from homeward import Calendar

D = dt.date


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return Calendar.england_and_wales()


def test_version_matches_cpp():
    assert homeward.__version__ == "0.2.0"
    assert homeward._core.__version__ == homeward.__version__


def test_bank_holidays_2022_named_in_date_order(cal):
    got = cal.bank_holidays(2022)
    assert [d for d, _ in got] == [
        D(2022, 1, 3), D(2022, 4, 15), D(2022, 4, 18), D(2022, 5, 2), D(2022, 6, 2),
        D(2022, 6, 3), D(2022, 8, 29), D(2022, 9, 19), D(2022, 12, 26), D(2022, 12, 27),
    ]
    assert got[0] == (D(2022, 1, 3), "New Year\u2019s Day")
    assert got[7][1] == "Bank Holiday for the State Funeral of Queen Elizabeth II"
    assert len(cal.bank_holidays(2020, 2023)) == 8 + 8 + 10 + 9


def test_rules_agree_with_the_holidays_package_1978_to_2100(cal):
    holidays = pytest.importorskip("holidays")
    for year in range(1978, 2101):
        ours = {d for d, _ in cal.bank_holidays(year)}
        theirs = {d for d in holidays.country_holidays("GB", subdiv="ENG", years=year) if d.weekday() < 5}
        assert ours == theirs, year


def test_lookups(cal):
    assert cal.is_bank_holiday(D(2023, 5, 8))
    assert not cal.is_bank_holiday(D(2023, 5, 9))
    assert not cal.is_working_day("2021-12-28")
    assert cal.is_working_day(np.datetime64("2021-12-29"))
    assert homeward.easter_sunday(2024) == D(2024, 3, 31)
    assert repr(cal) == "<homeward.Calendar england-and-wales 1978..2199 weekmask=1111100>"
    assert (cal.first_year, cal.last_year, cal.weekmask) == (1978, 2199, "1111100")


def test_scalar_arithmetic(cal):
    assert cal.add_working_days(D(2025, 4, 10), 10) == D(2025, 4, 28)
    assert cal.add_working_days(D(2024, 12, 28), -1) == D(2024, 12, 27)
    assert cal.working_days_between(D(2024, 12, 20), D(2025, 1, 6)) == 8
    assert cal.working_days_between(D(2024, 12, 28), D(2024, 12, 20)) == -3


def _random_pairs(n: int, seed: int):
    rng = np.random.default_rng(seed)
    lo = np.datetime64("1990-01-01").astype(np.int64)
    hi = np.datetime64("2040-12-31").astype(np.int64)
    a = rng.integers(lo, hi, n).astype("datetime64[D]")
    b = rng.integers(lo, hi, n).astype("datetime64[D]")
    offs = rng.integers(-400, 400, n)
    return a, b, offs


def test_arrays_equal_numpy_busday(cal):
    a, b, offs = _random_pairs(200_000, 1)
    h = cal.holiday_dates()
    assert h.dtype == np.dtype("datetime64[D]")
    np.testing.assert_array_equal(cal.working_days_between(a, b), np.busday_count(a, b, holidays=h))
    np.testing.assert_array_equal(
        cal.add_working_days(a, offs), np.busday_offset(a, offs, roll="forward", holidays=h)
    )
    # Short spans around Christmas and Easter, where the holidays bite.
    base = np.arange(np.datetime64("2020-12-01"), np.datetime64("2021-01-15"))
    for k in range(-8, 9):
        np.testing.assert_array_equal(
            cal.add_working_days(base, k), np.busday_offset(base, k, roll="forward", holidays=h)
        )
        np.testing.assert_array_equal(
            cal.working_days_between(base, base + k), np.busday_count(base, base + k, holidays=h)
        )


def test_arrays_broadcast_and_accept_dates(cal):
    out = cal.add_working_days(D(2024, 12, 20), [0, 1, 2, 3])
    assert out.dtype == np.dtype("datetime64[D]")
    assert out.tolist() == [D(2024, 12, 20), D(2024, 12, 23), D(2024, 12, 24), D(2024, 12, 27)]
    counts = cal.working_days_between([D(2024, 12, 20), D(2024, 12, 23)], "2025-01-06")
    assert counts.dtype == np.int64 and counts.tolist() == [8, 7]
    grid = cal.working_days_between(np.array([["2024-01-01"], ["2024-06-01"]], dtype="datetime64[D]"),
                                    np.array(["2024-12-31", "2025-12-31"], dtype="datetime64[D]"))
    assert grid.shape == (2, 2)
    assert cal.add_working_days(np.array([], dtype="datetime64[D]"), 3).shape == (0,)
    # datetime64 of another unit is truncated to days, as NumPy does.
    assert cal.working_days_between(np.array(["2024-12-20T15:00"], dtype="datetime64[m]"), "2024-12-24").tolist() == [2]


def test_closures_and_weekmask(cal):
    closed = cal.with_closures([D(2024, 12, 24), "2024-12-31"], name="Staff training")
    assert cal.is_working_day(D(2024, 12, 24))
    assert not closed.is_working_day(D(2024, 12, 24))
    assert not closed.is_bank_holiday(D(2024, 12, 24))
    assert closed.working_days_between(D(2024, 12, 20), D(2025, 1, 6)) == 6
    a, b, offs = _random_pairs(10_000, 2)
    h = closed.holiday_dates()
    np.testing.assert_array_equal(closed.working_days_between(a, b), np.busday_count(a, b, holidays=h))
    sun_thu = cal.with_weekmask("Sun Mon Tue Wed Thu")
    assert sun_thu.weekmask == "1111001"
    np.testing.assert_array_equal(
        sun_thu.add_working_days(a, offs),
        np.busday_offset(a, offs, roll="forward", weekmask="1111001", holidays=sun_thu.holiday_dates()),
    )
    assert cal.with_closures([]).holiday_dates().size == cal.holiday_dates().size


def test_govuk_json_from_text_and_path(data_dir):
    path = data_dir / "govuk_bank_holidays_2024_2025.json"
    from_path = Calendar.from_govuk_json(path, "scotland")
    from_text = Calendar.from_govuk_json(path.read_text(encoding="utf-8"), "scotland")
    from_bytes = Calendar.from_govuk_json(path.read_bytes(), "scotland")
    for c in (from_path, from_bytes, from_text):
        assert (c.first_year, c.last_year) == (2024, 2025)
        assert c.bank_holidays(2024)[1] == (D(2024, 1, 2), "2nd January")
    ew = Calendar.from_govuk_json(path)  # default division
    rules = Calendar.england_and_wales()
    assert ew.bank_holidays(2024, 2025) == rules.bank_holidays(2024, 2025)
    # A str is always text, never a path (issue 8): no file is opened.
    with pytest.raises(homeward.ParseError, match="malformed JSON"):
        Calendar.from_govuk_json(str(path), "scotland")
    ni = Calendar.from_govuk_json(path, "northern-ireland")
    assert ni.is_bank_holiday(D(2025, 7, 14))
    with pytest.raises(homeward.OutOfRangeError, match="outside the calendar's range"):
        ni.is_working_day(D(2026, 1, 5))


@pytest.mark.parametrize(
    "text, exc, field",
    [
        ("", homeward.ParseError, "json"),
        ("{", homeward.ParseError, "json"),
        ('{"scotland": {"events": [{"title": "x", "date": "2025-01-01"}', homeward.ParseError, "json"),
        ('{"scotland": {"events": [{"title": "x", "date": "2025-02-30"}]}}', homeward.InvalidArgumentError,
         "scotland.events[0].date"),
        ('{"scotland": {"events": [{"title": "x", "date": "2025-13-01"}]}}', homeward.InvalidArgumentError,
         "scotland.events[0].date"),
        ('{"scotland": {"events": [{"date": "2025-01-01"}]}}', homeward.InvalidArgumentError,
         "scotland.events[0].title"),
        ('{"scotland": {"events": {}}}', homeward.InvalidArgumentError, "scotland.events"),
        ('{"wales": {"events": []}}', homeward.NotFoundError, "division"),
    ],
)
def test_govuk_json_errors(text, exc, field):
    with pytest.raises(exc) as info:
        Calendar.from_govuk_json(text, "scotland")
    assert info.value.field == field
    assert isinstance(info.value, homeward.Error)
    assert isinstance(info.value, ValueError)


def test_govuk_errors_from_files(tmp_path):
    with pytest.raises(homeward.HomewardIOError, match="no-such-file.json"):
        Calendar.from_govuk_json(tmp_path / "no-such-file.json", "scotland")
    good = {"england-and-wales": {"division": "england-and-wales",
                                  "events": [{"title": "New Year\u2019s Day", "date": "2030-01-01"}]}}
    p = tmp_path / "bank-holidays.json"
    p.write_text(json.dumps(good)[:-5], encoding="utf-8")
    with pytest.raises(homeward.ParseError):
        Calendar.from_govuk_json(p, "england-and-wales")
    with pytest.raises(homeward.NotFoundError, match="unknown division \"scotland\"; the document has: england-and-wales"):
        Calendar.from_govuk_json(json.dumps(good), "scotland")


@pytest.mark.parametrize("bad", ["2025-02-30", "2025-13-01", "", "not a date", "2025-1-1"])
def test_invalid_dates_name_the_argument(cal, bad):
    with pytest.raises(homeward.InvalidArgumentError) as info:
        cal.add_working_days(bad, 1)
    assert info.value.field == "d"
    with pytest.raises(homeward.InvalidArgumentError) as info:
        cal.working_days_between("2024-01-01", [bad])
    assert info.value.field == "b[0]"


def test_bad_input_is_reported_not_crashed(cal):
    with pytest.raises(homeward.OutOfRangeError, match="year 2300 is outside"):
        cal.bank_holidays(2300)
    with pytest.raises(homeward.OutOfRangeError):
        cal.bank_holidays(1970, 1980)
    with pytest.raises(homeward.InvalidArgumentError):
        cal.bank_holidays(2025, 2024)
    with pytest.raises(homeward.OutOfRangeError, match="2200-01-02"):
        cal.is_working_day(D(2200, 1, 2))
    with pytest.raises(homeward.InvalidArgumentError, match="datetime.datetime"):
        cal.is_working_day(dt.datetime(2024, 1, 1, 12, 0))
    with pytest.raises(homeward.InvalidArgumentError):
        cal.is_working_day(None)
    with pytest.raises(homeward.InvalidArgumentError):
        cal.is_working_day(20240101)
    arr = np.array(["2024-01-01", "NaT", "2024-01-03"], dtype="datetime64[D]")
    with pytest.raises(homeward.InvalidArgumentError) as info:
        cal.working_days_between(arr, "2025-01-01")
    assert info.value.field == "a[1]" and "NaT" in str(info.value)
    with pytest.raises(homeward.InvalidArgumentError):
        cal.add_working_days(arr, 1)
    with pytest.raises(homeward.OutOfRangeError) as info:
        cal.add_working_days(np.array(["2199-12-30"], dtype="datetime64[D]"), 5)
    assert info.value.field == "offsets[0]"
    with pytest.raises(homeward.InvalidArgumentError, match="integers"):
        cal.add_working_days(D(2024, 1, 1), [1.5])
    with pytest.raises(homeward.InvalidArgumentError, match="integers"):
        cal.add_working_days(D(2024, 1, 1), 1.0)
    day = np.datetime64("2024-01-01", "D")
    with pytest.raises(homeward.InvalidArgumentError, match="does not broadcast") as info:
        cal.working_days_between(np.full(3, day), np.full(2, day))
    assert info.value.field == "b"
    with pytest.raises(homeward.InvalidArgumentError, match="weekmask|working day"):
        cal.with_weekmask("0000000")
    with pytest.raises(homeward.OutOfRangeError) as info:
        cal.with_closures([D(2024, 1, 2), D(2300, 1, 1)])
    assert info.value.field == "closures[1]"


def test_large_arrays_release_the_gil_and_finish(cal):
    import threading

    a, b, _ = _random_pairs(2_000_000, 3)
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.0005)

    t = threading.Thread(target=ticker)
    t.start()
    out = cal.working_days_between(a, b)
    stop.set()
    t.join()
    assert out.shape == (2_000_000,)


def test_scalar_and_array_overloads_pick_by_value(cal):
    """add_working_days / working_days_between have a scalar overload and an array one
    (as the stubs declare); which applies depends only on the values, as before."""
    assert type(cal.add_working_days(D(2025, 4, 10), np.int64(10))) is D
    assert type(cal.add_working_days(np.datetime64("2025-04-10"), 10)) is D
    assert type(cal.add_working_days("2025-04-10", np.int32(10))) is D
    assert type(cal.working_days_between("2025-04-01", np.datetime64("2025-05-01"))) is int
    # Any array-like argument gives an array.
    assert cal.add_working_days(D(2025, 4, 10), np.array(10)).dtype == np.dtype("datetime64[D]")
    assert cal.add_working_days([D(2025, 4, 10)], 10).tolist() == [D(2025, 4, 28)]
    assert cal.working_days_between(("2025-04-01",), "2025-05-01").dtype == np.int64
    # Bad values are reported by the same checks, naming the argument.
    with pytest.raises(homeward.InvalidArgumentError, match=r"^n: working-day offsets must be integers"):
        cal.add_working_days(D(2025, 4, 10), True)
    with pytest.raises(homeward.InvalidArgumentError, match=r"^n: working-day offsets must be integers"):
        cal.add_working_days(D(2025, 4, 10), 1.5)
    with pytest.raises(homeward.InvalidArgumentError, match=r"^d: a datetime.datetime is not a date"):
        cal.add_working_days(dt.datetime(2025, 4, 10, 9), 1)
    with pytest.raises(homeward.InvalidArgumentError, match=r"^b: "):
        cal.working_days_between("2025-04-01", "2025-13-01")
    with pytest.raises(homeward.InvalidArgumentError, match=r"^a\[0\]: None is not a date"):
        cal.working_days_between(None, "2025-05-01")
