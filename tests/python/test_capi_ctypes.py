"""The C ABI loaded with ctypes, without the pybind11 module (0.2 conventions:
a caller-owned hw_error on every call, caller-buffer text)."""
from __future__ import annotations

import ctypes
import importlib.util
import json
import os
import pathlib
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from typing import Any

import pytest


class HwError(ctypes.Structure):
    """struct hw_error: fixed size, caller-owned, nothing to free."""

    _fields_ = [
        ("status", ctypes.c_int32),
        ("field", ctypes.c_char * 256),
        ("message", ctypes.c_char * 1024),
    ]


def _library_path() -> pathlib.Path:
    env = os.environ.get("HOMEWARD_C_LIBRARY")
    if env:
        return pathlib.Path(env)
    # Locate the installed package without importing it (no pybind11 module).
    spec = importlib.util.find_spec("homeward")
    assert spec is not None and spec.submodule_search_locations
    libdir = pathlib.Path(next(iter(spec.submodule_search_locations))) / "lib"
    found = sorted(libdir.glob("libhomeward_c.so*"), key=lambda p: len(p.name))
    if not found:
        pytest.fail(f"libhomeward_c.so not found in {libdir}")
    return found[0]


@pytest.fixture(scope="module")
def lib() -> Any:
    L = ctypes.CDLL(str(_library_path()))
    i32, i64, sz, cp = ctypes.c_int32, ctypes.c_int64, ctypes.c_size_t, ctypes.c_char_p
    vp = ctypes.c_void_p
    E = ctypes.POINTER(HwError)
    P = ctypes.POINTER
    L.hw_version.restype = cp
    L.hw_last_error.restype = cp
    L.hw_last_error_field.restype = cp
    L.hw_status_name.restype = cp
    L.hw_status_name.argtypes = [ctypes.c_int]
    L.hw_error_size.restype = sz
    L.hw_no_day.restype = i32
    L.hw_calendar_new_england_and_wales.argtypes = [P(vp), E]
    L.hw_calendar_new_from_govuk_json.argtypes = [P(vp), cp, sz, cp, E]
    L.hw_calendar_free.argtypes = [vp]
    L.hw_calendar_free.restype = None
    L.hw_calendar_add_working_days.argtypes = [P(i32), vp, i32, i64, E]
    L.hw_calendar_working_days_between.argtypes = [P(i64), vp, i32, i32, E]
    L.hw_calendar_working_days_between_array.argtypes = [P(i64), vp, P(i32), P(i32), sz, E]
    L.hw_calendar_add_working_days_array.argtypes = [P(i32), vp, P(i32), P(i64), sz, E]
    L.hw_calendar_bank_holidays_json.argtypes = [P(vp), vp, ctypes.c_int, ctypes.c_int, E]
    L.hw_calendar_bank_holidays_json_buf.argtypes = [
        ctypes.c_char_p, sz, P(sz), vp, ctypes.c_int, ctypes.c_int, E]
    L.hw_string_free.argtypes = [vp]
    L.hw_string_free.restype = None
    L.hw_date_parse.argtypes = [P(i32), cp, E]
    return L


@pytest.fixture
def cal(lib: Any) -> Iterator[ctypes.c_void_p]:
    h = ctypes.c_void_p()
    err = HwError()
    assert lib.hw_calendar_new_england_and_wales(ctypes.byref(h), ctypes.byref(err)) == 0
    yield h
    lib.hw_calendar_free(h)


def day(lib: Any, iso: str) -> int:
    out = ctypes.c_int32()
    err = HwError()
    assert lib.hw_date_parse(ctypes.byref(out), iso.encode(), ctypes.byref(err)) == 0, err.message
    return out.value


def test_version_and_constants(lib: Any) -> None:
    assert lib.hw_version().decode() == "0.2.0"
    assert lib.hw_version_number() == 200
    assert lib.hw_error_size() == ctypes.sizeof(HwError) == 1284
    assert lib.hw_no_day() == -(2**31)


def test_scalar_calls(lib: Any, cal: ctypes.c_void_p) -> None:
    out = ctypes.c_int32()
    assert lib.hw_calendar_add_working_days(ctypes.byref(out), cal, day(lib, "2025-04-10"), 10, None) == 0
    assert out.value == day(lib, "2025-04-28")
    n = ctypes.c_int64()
    assert lib.hw_calendar_working_days_between(
        ctypes.byref(n), cal, day(lib, "2024-12-20"), day(lib, "2025-01-06"), None) == 0
    assert n.value == 8


def test_arrays_match_numpy(lib: Any, cal: ctypes.c_void_p) -> None:
    np = pytest.importorskip("numpy")
    rng = np.random.default_rng(5)
    a = rng.integers(7305, 25567, 50_000).astype(np.int32)  # 1990..2039
    b = rng.integers(7305, 25567, 50_000).astype(np.int32)
    offs = rng.integers(-300, 300, 50_000).astype(np.int64)
    counts = np.empty(a.size, np.int64)
    shifted = np.empty(a.size, np.int32)
    P = ctypes.POINTER
    err = HwError()
    assert lib.hw_calendar_working_days_between_array(
        counts.ctypes.data_as(P(ctypes.c_int64)), cal, a.ctypes.data_as(P(ctypes.c_int32)),
        b.ctypes.data_as(P(ctypes.c_int32)), a.size, ctypes.byref(err)) == 0, err.message
    assert lib.hw_calendar_add_working_days_array(
        shifted.ctypes.data_as(P(ctypes.c_int32)), cal, a.ctypes.data_as(P(ctypes.c_int32)),
        offs.ctypes.data_as(P(ctypes.c_int64)), a.size, ctypes.byref(err)) == 0, err.message
    ptr = ctypes.c_void_p()
    assert lib.hw_calendar_bank_holidays_json(ctypes.byref(ptr), cal, 1978, 2199, None) == 0
    hol = np.array([h["date"] for h in json.loads(ctypes.string_at(ptr).decode())], dtype="datetime64[D]")
    lib.hw_string_free(ptr)
    np.testing.assert_array_equal(
        counts, np.busday_count(a.astype("datetime64[D]"), b.astype("datetime64[D]"), holidays=hol))
    np.testing.assert_array_equal(
        shifted.astype("datetime64[D]"),
        np.busday_offset(a.astype("datetime64[D]"), offs, roll="forward", holidays=hol))


def test_caller_buffer(lib: Any, cal: ctypes.c_void_p) -> None:
    needed = ctypes.c_size_t()
    err = HwError()
    assert lib.hw_calendar_bank_holidays_json_buf(None, 0, ctypes.byref(needed), cal, 2025, 2025,
                                                  ctypes.byref(err)) == 0
    small = ctypes.create_string_buffer(4)
    assert lib.hw_calendar_bank_holidays_json_buf(small, 4, ctypes.byref(needed), cal, 2025, 2025,
                                                  ctypes.byref(err)) == -9
    assert err.field == b"capacity"
    buf = ctypes.create_string_buffer(needed.value)
    assert lib.hw_calendar_bank_holidays_json_buf(buf, needed.value, None, cal, 2025, 2025,
                                                  ctypes.byref(err)) == 0
    holidays = json.loads(buf.value.decode())
    assert [h["date"] for h in holidays][:2] == ["2025-01-01", "2025-04-18"]


def test_errors(lib: Any, cal: ctypes.c_void_p) -> None:
    out = ctypes.c_int32(99)
    err = HwError()
    assert lib.hw_date_parse(ctypes.byref(out), b"2025-02-30", ctypes.byref(err)) == -1
    assert out.value == 99
    assert err.status == -1 and err.field == b"iso"
    assert b"not a calendar date" in err.message
    assert lib.hw_last_error() == err.message  # the thread-local copy agrees
    assert lib.hw_status_name(-1) == b"HW_ERR_INVALID_ARGUMENT"
    assert lib.hw_calendar_add_working_days(ctypes.byref(out), None, 0, 1, ctypes.byref(err)) == -7
    assert err.field == b"cal"
    assert lib.hw_calendar_add_working_days(None, cal, 0, 1, ctypes.byref(err)) == -7
    assert lib.hw_calendar_working_days_between(
        ctypes.byref(ctypes.c_int64()), cal, day(lib, "2300-01-01"), 0, ctypes.byref(err)) == -2
    assert err.field == b"a"  # a scalar call names the scalar
    h = ctypes.c_void_p()
    text = b'{"scotland": {"events": ['
    assert lib.hw_calendar_new_from_govuk_json(ctypes.byref(h), text, len(text), b"scotland",
                                               ctypes.byref(err)) == -3
    assert not h.value
    assert lib.hw_calendar_new_from_govuk_json(ctypes.byref(h), b"{}", 2, b"scotland", ctypes.byref(err)) == -4
    assert lib.hw_date_parse(ctypes.byref(out), b"2025-01-02", ctypes.byref(err)) == 0
    assert err.status == 0 and err.message == b"" and err.field == b""
    lib.hw_calendar_free(None)


def test_errors_never_mix_across_threads(lib: Any) -> None:
    """Each thread's own hw_error holds its own message, whatever else runs."""
    bad: list[str] = []

    def worker(k: int) -> None:
        err = HwError()
        out = ctypes.c_int32()
        for i in range(300):
            text = f"2025-02-{30 + (k + i) % 2}X{k}-{i}".encode()
            if lib.hw_date_parse(ctypes.byref(out), text, ctypes.byref(err)) != -1:
                bad.append(f"{text!r} parsed")
            elif text not in err.message:
                bad.append(f"{text!r} got {err.message!r}")

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert bad == []


def test_loads_without_the_pybind11_module() -> None:
    code = textwrap.dedent(f"""
        import ctypes, sys
        lib = ctypes.CDLL({str(_library_path())!r})
        lib.hw_version.restype = ctypes.c_char_p
        assert lib.hw_version() == b"0.2.0"
        assert "homeward._core" not in sys.modules and "homeward" not in sys.modules
        print("ok")
    """)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "ok"
