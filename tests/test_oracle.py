"""alsbook.simulate_batch against the independent oracle of tests/oracle.py (book/model.md in plain Python).

Both take the same half-month steps, so they must agree to rounding: activities, surviving
fractions and motor function to 1e-9, onset and end stage to 1e-9 months, ALSFRS-R (48 / 0.6 times
motor function) to 1e-7 points. All scenarios run in one batch, so that scenarios cannot leak into
each other either.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np
import pytest
from oracle import Course, Oracle

import alsbook
from alsbook import Block, Scenario

pytestmark = pytest.mark.fast

MONTHS = 120
TOL = 1e-9
TOL_SCORE = 1e-7

#: name -> Scenario keyword arguments. Each scenario exercises one rule of model.md.
SCENARIOS: dict[str, dict[str, Any]] = {
    "sporadic": {},
    "SOD1": {"mutations": ("SOD1",)},
    "C9orf72": {"mutations": ("C9orf72",)},
    "TARDBP": {"mutations": ("TARDBP",)},
    "FUS": {"mutations": ("FUS",)},  # FUS vulnerabilities: UMN 0.7, LMN 1.2
    "full block": {"blocks": {"protein_aggregation": 1.0}},
    "block from month 10": {"blocks": {"neuroinflammation": Block(0.8, start=10)}},
    "block 6 months after onset": {"blocks": {"apoptosis": Block(0.5, start=6, after_onset=True)}},
    "riluzole": {"therapy": "riluzole"},  # a therapy that blocks, from onset
    "riluzole and a block on its node": {"therapy": "riluzole", "blocks": {"excess_glutamate": 0.5}},
    "ceftriaxone": {"therapy": "ceftriaxone"},  # a therapy that restores, from onset
    "SOD1 + tofersen": {"mutations": ("SOD1",), "therapy": "tofersen"},  # a block of an input
    "SOD1 without mutant microglia": {"mutations": ("SOD1",), "mutant_cells": ("motor_neurons", "astrocytes")},
    "SOD1 in glia only": {"mutations": ("SOD1",), "mutant_cells": ("astrocytes", "microglia")},  # glial drive edges
    "SOD1, clearance restored": {"mutations": ("SOD1",), "blocks": {"impaired_clearance": 1.0}},
    "STMN2 restored": {"blocks": {"stmn2_loss": 1.0}},  # the loss-of-function branch
    "tofersen delayed": {"mutations": ("SOD1",), "blocks": {"SOD1": Block(0.95, start=6.4, after_onset=True)}},
    "healthy": {"healthy": True},
}
#: What each scenario is compared with to show that the rule it exercises changes the course.
BASELINE = {
    "full block": "sporadic",
    "block from month 10": "sporadic",
    "block 6 months after onset": "sporadic",
    "riluzole": "sporadic",
    "riluzole and a block on its node": "riluzole",
    "ceftriaxone": "sporadic",
    "SOD1 + tofersen": "SOD1",
    "SOD1 without mutant microglia": "SOD1",
    "SOD1 in glia only": "SOD1",
    "SOD1, clearance restored": "SOD1",
    "STMN2 restored": "sporadic",
    "tofersen delayed": "SOD1",
    "healthy": "sporadic",
}


@functools.lru_cache(maxsize=1)
def model_results() -> dict[str, alsbook.Result]:
    results = alsbook.simulate_batch([Scenario(**kw) for kw in SCENARIOS.values()], MONTHS)
    return dict(zip(SCENARIOS, results, strict=True))


@functools.lru_cache(maxsize=1)
def oracle() -> Oracle:
    return Oracle()


@functools.cache
def oracle_course(name: str) -> Course:
    return oracle().simulate(**SCENARIOS[name], months=MONTHS)


def same_time(a: float, b: float) -> bool:
    return (math.isinf(a) and math.isinf(b) and a == b) or abs(a - b) <= TOL


@pytest.mark.parametrize("name", SCENARIOS)
def test_activities_agree_every_month(name: str) -> None:
    got, want = model_results()[name], oracle_course(name)
    assert list(got.months) == list(range(len(want.umn)))
    worst = {node: float(np.max(np.abs(got.activity[node] - np.array(v)))) for node, v in want.activity.items()}
    bad = {node: d for node, d in worst.items() if not d <= TOL}
    assert not bad, f"{name}: activities differ from the oracle by {bad}"


@pytest.mark.parametrize("name", SCENARIOS)
def test_motor_neurons_and_clinic_agree(name: str) -> None:
    got, want = model_results()[name], oracle_course(name)
    np.testing.assert_allclose(got.motor_neurons["UMN"], want.umn, rtol=0, atol=TOL, err_msg=f"{name}: UMN")
    np.testing.assert_allclose(got.motor_neurons["LMN"], want.lmn, rtol=0, atol=TOL, err_msg=f"{name}: LMN")
    np.testing.assert_allclose(got.motor_function, want.function, rtol=0, atol=TOL, err_msg=f"{name}: function")
    np.testing.assert_allclose(got.alsfrs_r, want.alsfrs_r, rtol=0, atol=TOL_SCORE, err_msg=f"{name}: ALSFRS-R")
    assert same_time(got.onset_month, want.onset), (name, got.onset_month, want.onset)
    assert same_time(got.end_stage_month, want.end_stage), (name, got.end_stage_month, want.end_stage)


def test_the_scenarios_reach_the_clinic() -> None:
    """Onset and end stage are compared as numbers, not as two infinities, where the model has them."""
    for name in ("sporadic", "SOD1", "C9orf72", "TARDBP", "FUS", "riluzole", "ceftriaxone", "SOD1 + tofersen"):
        course = oracle_course(name)
        assert math.isfinite(course.onset) and math.isfinite(course.end_stage), name
    assert math.isinf(oracle_course("healthy").onset)


@pytest.mark.parametrize("name", BASELINE)
def test_each_scenario_exercises_its_rule(name: str) -> None:
    """The block, therapy or cell choice of a scenario moves some activity (so agreeing on it means something)."""
    a, b = oracle_course(name), oracle_course(BASELINE[name])
    moved = max(max(abs(u - v) for u, v in zip(a.activity[n], b.activity[n], strict=True)) for n in a.activity)
    assert moved > 1e-3, f"{name} is indistinguishable from {BASELINE[name]}"


def test_healthy_control_stays_at_rest() -> None:
    """With every input off the activities stay at rest and (almost) no neuron is lost.

    Not exactly none: at rest, excess glutamate (about 0.045) keeps apoptosis at about 1e-8, so a
    healthy control loses about 6e-8 of its motor neurons in 120 months.
    """
    course = oracle_course("healthy")
    for node, rest in oracle().resting.items():
        assert max(abs(v - rest) for v in course.activity[node]) < 1e-12, node
    assert min(course.umn[-1], course.lmn[-1]) > 1 - 1e-6
    assert course.alsfrs_r[-1] == 48.0
