"""Every homeward value pickles: versioned, validated on load (docs/scale.md).

The walk over ``homeward._core`` and ``homeward.__all__`` fails when a class is
added without a pickling sample here (or a stated reason why it is not a value).
"""

from __future__ import annotations

import datetime as dt
import io
import multiprocessing
import pickle
import pickletools
import zlib

import numpy as np
import pytest

import homeward as hw
from homeward import _core

# ---------------------------------------------------------------------------
# Samples: one or more instances per class, and how two instances compare.


def _calendar_samples():
    ew = hw.Calendar.england_and_wales()
    return [
        ew,
        ew.with_closures(["2025-12-29", "2026-01-02"]) if hasattr(ew, "with_closures") else ew,
        _core.Calendar.from_json(ew.to_json()),
    ]


def _policy_samples():
    p = hw.TimelinePolicy()
    q = hw.TimelinePolicy.nhs_england()
    q.calendar = hw.Calendar.england_and_wales().with_closures(["2025-08-01"])
    return [p, q]


def _caseload():
    return hw.sample_caseload()


def _readings():
    return hw.sample_star_readings()


def _match_result():
    return hw.match_placements(hw.load_sample_placements())


def _core_samples():
    c = _caseload()
    r = _readings()
    ev = c[0].events[0]
    return {
        "Calendar": _calendar_samples(),
        "TimelinePolicy": _policy_samples(),
        "CostModel": [
            hw.CostModel(),
            hw.CostModel(inpatient_day_cost=612.5, step_down_day_cost=47.25),
        ],
        "Event": [
            ev,
            hw.Event(
                "discharged",
                "2025-03-04",
                destination="19",
                bed_type="200",
                attributes={"ward": "Oak"},
            ),
        ],
        "_Pathway": [c[0]._p, c[len(c) - 1]._p],
        "_Caseload": [c._c, hw.Caseload()._c],
        "StarDefinition": [hw.StarDefinition.recovery_star()],
        "Reading": [r[0], r[len(r) - 1]],
        "StarReadings": [r],
        "StarJourney": [r.journey(r.people[0])],
        "StarCohort": [
            hw.star_cohort(r),
            hw.star_cohort(r, baseline="lower_of_first_two", completed_by="jointly"),
        ],
        "_MatchResult": [_match_result()._core],
    }


# Classes of homeward._core that are not values, and why.
NOT_VALUES = {
    "_CapacitatedSolver": "a warm-start solver holding live solver state; pickle its cost "
    "matrix and capacities (plain arrays) and build a new one",
}


def _fingerprint(x):
    """What must survive a round trip, per class."""
    name = type(x).__name__
    if name == "Calendar":
        return x.to_json()
    if name == "TimelinePolicy":
        return x.to_json(), repr(x), x.calendar.to_json() if x.calendar else None
    if name == "CostModel":
        return x.to_json()
    if name == "Event":
        return x.to_dict()
    if name == "_Pathway":
        return x.person_id, [e.to_dict() for e in x.events], x.attributes
    if name == "_Caseload":
        return x.to_json(False)
    if name == "StarDefinition":
        return x.to_json()
    if name == "StarReadings":
        return x.definition.to_json(), x.to_json()
    if name == "StarJourney":
        return (
            x.definition.to_json(),
            x.person_id,
            x.to_json() if hasattr(x, "to_json") else repr(x),
        )
    if name == "StarCohort":
        return x.definition.to_json(), x.to_json()
    if name == "Reading":
        return x.person_id, x.date, x.scores, x.completed_by, x.retrospective
    if name == "_MatchResult":
        return x.to_json() if hasattr(x, "to_json") else repr(x)
    raise AssertionError(f"no fingerprint for {name}")


def _exported_core_classes():
    return sorted(
        name
        for name, obj in vars(_core).items()
        if isinstance(obj, type) and not issubclass(obj, BaseException)
    )


def test_every_core_class_has_a_sample_or_a_reason():
    samples = _core_samples()
    missing = [n for n in _exported_core_classes() if n not in samples and n not in NOT_VALUES]
    assert not missing, f"classes of homeward._core without a pickling sample: {missing}"


@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_every_core_value_round_trips(protocol):
    for name, items in _core_samples().items():
        for x in items:
            assert type(x).__name__ == name
            y = pickle.loads(pickle.dumps(x, protocol=protocol))
            assert type(y) is type(x)
            assert _fingerprint(y) == _fingerprint(x), name


def test_not_values_refuse_pickling_clearly():
    s = hw.CapacitatedSolver(np.array([[1.0, 2.0], [3.0, 1.0]]), [1, 1])
    with pytest.raises(TypeError, match="not a value"):
        pickle.dumps(s)


def test_state_is_tag_version_payload():
    cal = hw.Calendar.england_and_wales()
    state = cal.__getstate__()
    assert state[0] == "homeward.calendar"
    assert state[1] == 2  # the calendar JSON, zlib-compressed
    assert isinstance(state[2], bytes)
    assert zlib.decompress(state[2]) == cal.to_json().encode()
    assert len(pickle.dumps(cal)) < 600  # rules, not 1,800 holidays


def test_version_1_states_still_load():
    # homeward 0.2.0 before compression wrote the serialisation as is.
    c = _caseload()
    core = c._c if hasattr(c, "_c") else c
    tag, _version, payload = core.__getstate__()
    old = _restore(type(core), (tag, 1, zlib.decompress(payload)))
    assert old.to_json() == core.to_json()


def test_caseload_pickles_compactly():
    c = _caseload()
    core = c._c if hasattr(c, "_c") else c
    text = core.to_json(False).encode()
    data = pickle.dumps(c, protocol=pickle.HIGHEST_PROTOCOL)
    assert len(data) * 5 < len(text), (len(data), len(text))


# ---------------------------------------------------------------------------
# Python classes users hold (homeward.__all__): each pickles and keeps its data.


def _public_samples():
    c = _caseload()
    r = _readings()
    ev = c.evaluate("2025-06-01")
    m = c.measures("2025-01-06", "2025-06-30")
    mb = c.measures("2025-01-06", "2025-06-30", by="county")
    sim = hw.simulate(replications=3, horizon_days=60, include_runs=True)
    sw = hw.sweep(beds=[1, 2], replications=3, horizon_days=60)
    return {
        "Caseload": (c, lambda x: x.to_json()),
        "Pathway": (c[0], lambda x: x.to_dict()),
        "Evaluation": (ev, lambda x: (x.to_pandas().to_dict("list"), x.stage_counts)),
        "Snapshot": (c.snapshot("2025-06-01"), lambda x: x.to_dict()),
        "Measures": (m, lambda x: (x.to_dict(), x.to_pandas().to_dict("list"))),
        "MeasuresByGroup": (mb, lambda x: x.to_dict()),
        "TimelineTable": (ev.stages, lambda x: x.to_records()),
        "MatchResult": (_match_result(), lambda x: x.to_dict()),
        "SimulationResult": (sim, lambda x: x.data),
        "SweepResult": (sw, lambda x: (x.data, x.table())),
        "StarReadings": (r, lambda x: x.to_json()),
        "DistanceTravelled": (r.journey(r.people[0]).distance_travelled(), repr),
    }


def test_public_classes_round_trip():
    for name, (x, key) in _public_samples().items():
        y = pickle.loads(pickle.dumps(x))
        assert type(y) is type(x), name
        assert key(y) == key(x), name


def test_public_classes_are_all_covered():
    covered = set(_public_samples())
    # Value classes users build or receive; functions, constants and errors are not listed.
    classes = sorted(
        n
        for n in hw.__all__
        if isinstance(getattr(hw, n), type) and not issubclass(getattr(hw, n), BaseException)
    )
    samples = _core_samples()
    core_names = {type(v[0]).__name__ for v in samples.values()}
    reasons = {
        "CapacitatedSolver": NOT_VALUES["_CapacitatedSolver"],
    }
    # Classes whose instances pickle through plain Python (NamedTuples, dataclasses,
    # result holders); one instance each is pickled here.
    plain = _plain_samples()
    missing = [
        n
        for n in classes
        if n not in covered
        and getattr(hw, n).__name__ not in core_names
        and n not in reasons
        and n not in plain
    ]
    assert not missing, f"public classes without a pickling sample: {missing}"
    for name, x in plain.items():
        y = pickle.loads(pickle.dumps(x))
        assert type(y) is type(x), name
        # Same data: pickling the copy gives the same bytes.
        assert pickle.dumps(y) == pickle.dumps(x), name


def _plain_samples():
    out = {}
    cost = np.array([[4.0, 1.0], [2.0, 3.0]])
    out["CapacitatedAssignment"] = hw.capacitated_assignment(cost, [1, 1])
    out["StableMatching"] = hw.stable_match([[0, 1], [1, 0]], [[0, 1], [1, 0]], [1, 1])
    out["MaxCardinalityAssignment"] = (
        hw.sparse_max_cardinality_assignment(__import__("scipy").sparse.csr_matrix(cost))
        if _has_scipy()
        else None
    )
    out["RowAlternative"] = (
        hw.row_alternatives(cost, [1, 1])[0] if hasattr(hw, "row_alternatives") else None
    )
    out["MatchWeights"] = hw.MatchWeights()
    out["ReliableChange"] = hw.reliable_change(3, 6, 1.8, 0.8)
    c = _caseload()
    out["FhirImport"] = hw.read_fhir(c.to_fhir(c.person_ids[0]))
    out["Report"] = hw.service_report(c)
    plan_fit = hw.fit_plan_model(c)
    out["PlanFit"] = plan_fit
    out["CapacityPlan"] = hw.capacity_plan(c, max_beds=4, replications=3)
    return {k: v for k, v in out.items() if v is not None}


def _has_scipy():
    try:
        import scipy  # noqa: F401
    except ImportError:
        return False
    return True


# ---------------------------------------------------------------------------
# Untrusted states: validated like JSON, a clear ValueError, never a crash.


def _states():
    samples = _core_samples()
    for name, items in samples.items():
        yield name, items[0]


def _restore(cls, state):
    obj = cls.__new__(cls)
    obj.__setstate__(state)
    return obj


@pytest.mark.parametrize("name,x", list(_states()), ids=[n for n, _ in _states()])
def test_unknown_tag_and_version_are_refused(name, x):
    tag, version, payload = x.__getstate__()
    cls = type(x)
    with pytest.raises(ValueError, match=r"version 3 is not supported") as e:
        _restore(cls, (tag, 3, payload))
    assert "homeward." in str(e.value)
    with pytest.raises(ValueError, match="is not"):
        _restore(cls, ("homeward.other", version, payload))
    for bad in [
        (),
        (tag,),
        (tag, version),
        (tag, "1", payload),
        (tag, version, "text"),
        (tag, True, payload),
        (tag, 10**30, payload),
        [tag, version, payload],
    ]:
        with pytest.raises((ValueError, TypeError)):
            _restore(cls, bad)


@pytest.mark.parametrize("name,x", list(_states()), ids=[n for n, _ in _states()])
def test_corrupt_payloads_are_refused(name, x):
    tag, _version, payload = x.__getstate__()
    cls = type(x)
    bad_payloads = [
        b"",
        payload[: len(payload) // 2],
        payload[:-1],
        b"\x00\xff garbage \xfe",
        b"[" * 100_000 + b"]" * 100_000,  # deeply nested
        b'{"a":' * 5000 + b"1" + b"}" * 5000,  # deeply nested objects
        b'"' + b"x" * 5_000_000 + b'"',  # oversized string, wrong type
        b"homeward-parts:99999999999,1\n{}",  # lengths beyond the payload
        b"homeward-parts:1,1\n{}trailing",
        payload.replace(b"1", b"9", 3),
        payload + b"{}",
    ]
    # Through both formats: as is (version 1) and compressed (version 2), so
    # that every bad document reaches the loader.
    plain = zlib.decompress(payload)
    bad_payloads += [plain[: len(plain) // 2], plain[:-1], plain.replace(b"1", b"9", 3), plain + b"{}"]
    for bad in bad_payloads:
        for v, data in ((1, bad), (2, zlib.compress(bad))):
            try:
                y = _restore(cls, (tag, v, data))
            except ValueError:
                continue
            # A mutation that is still a valid document gives a valid value.
            _fingerprint(y)


@pytest.mark.parametrize("name,x", list(_states()), ids=[n for n, _ in _states()])
def test_corrupt_compressed_streams_are_refused(name, x):
    tag, version, payload = x.__getstate__()
    assert version == 2
    cls = type(x)
    cases = {
        payload[: len(payload) // 2]: "truncated",
        payload[:-1]: "truncated",
        payload + b"extra": "bytes after the end",
        b"\x00\xff garbage \xfe": "corrupt compressed payload",
        b"": "truncated",
    }
    for bad, message in cases.items():
        with pytest.raises(ValueError, match=message) as e:
            _restore(cls, (tag, 2, bad))
        assert "homeward." in str(e.value)


def test_compressed_payload_expansion_is_limited():
    # 130 MiB of spaces compress to about 130 KB: beyond 128 MiB (and 64 times
    # the compressed size), refused before any parsing.
    bomb = zlib.compress(b" " * (130 << 20), 9)
    assert len(bomb) * 64 < 128 << 20
    with pytest.raises(ValueError, match=r"expands beyond 134217728 bytes"):
        _restore(type(hw.Calendar.england_and_wales()), ("homeward.calendar", 2, bomb))


def test_pickle_stream_of_a_caseload_has_no_code_objects():
    data = pickle.dumps(_caseload(), protocol=pickle.HIGHEST_PROTOCOL)
    ops = {op.name for op, _, _ in pickletools.genops(io.BytesIO(data))}
    assert "REDUCE" in ops or "NEWOBJ" in ops  # a class and its state, nothing else
    assert b"homeward.caseload" in data


# ---------------------------------------------------------------------------
# Values through a process pool.


def _measure_in_child(args):
    caseload, policy, costs = args
    return caseload.measures("2025-01-06", "2025-06-30", policy=policy, costs=costs).to_dict()


def test_multiprocessing_pool_carries_values():
    c = _caseload()
    policy = hw.TimelinePolicy.nhs_england()
    costs = hw.CostModel(inpatient_day_cost=600.0)
    expected = _measure_in_child((c, policy, costs))
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        got = pool.map(_measure_in_child, [(c, policy, costs)])
    assert got == [expected]


def test_dates_survive():
    r = _readings()[0]
    assert pickle.loads(pickle.dumps(r)).date == r.date
    assert isinstance(r.date, dt.date)
