"""The robustness analysis (alsbook.sensitivity): fast enough, and the model page says what it finds.

Runs the 200 draws once (a few seconds); not in the fast tier.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
from prose import said

from alsbook import sensitivity
from alsbook.behaviours import BEHAVIOURS
from alsbook.model import _compiled

MODEL = "book/model.md"
#: The lessons book/model.md names as uncertain: a fragment of its sentence, and the behaviour.
UNCERTAIN = {
    "that every familial form reaches symptoms before sporadic ALS": "familial-onset-earlier",
    "that astrocytes lose glutamate uptake in sporadic ALS": "uptake-falls-sporadic",
    "that the glial response shifts from protection to harm before end stage": "protection-then-harm",
    "that blocking the whole glial response harms most when it starts early": "glial-block-timing",
    "that removing mutant SOD1 from microglia or from astrocytes slows the late disease": "no-mutant-astrocytes",
    "that riluzole adds months rather than nothing": "riluzole-modest",
}


@pytest.fixture(scope="module")
def result() -> sensitivity.Robustness:
    start = time.perf_counter()
    r = sensitivity.robustness()
    assert time.perf_counter() - start < 60, "the analysis must run in under a minute"
    return r


def test_draws_scale_every_weight_and_time_constant_within_the_spread() -> None:
    p = sensitivity.draw_parameters(50, 0.25, seed=1)
    comp = _compiled()
    ratio = p.w[:, comp.w != 0] / comp.w[comp.w != 0]
    assert ratio.min() >= 0.75 and ratio.max() <= 1.25
    assert np.all(p.w[:, comp.w == 0] == 0)  # no new edges
    tau = comp.rate / p.rate  # tau_draw / tau
    assert tau.min() >= 0.75 and tau.max() <= 1.25
    assert p.w.shape[0] == p.rate.shape[0] == 50


def test_every_lesson_holds_without_perturbation(result: sensitivity.Robustness) -> None:
    assert all(result.baseline[b.id] for b in BEHAVIOURS)


def test_the_model_page_names_the_uncertain_lessons(result: sensitivity.Robustness) -> None:
    said(MODEL, "A lesson that holds in at least 9 of\n10 draws follows from the wiring of the network")
    named = set(UNCERTAIN.values()) | {"no-mutant-microglia"}
    for fragment, behaviour in UNCERTAIN.items():
        said(MODEL, fragment)
        assert result.share(behaviour) < 0.9, behaviour
    assert result.share("no-mutant-microglia") < 0.9 or result.share("no-mutant-astrocytes") < 0.9
    said(MODEL, "The other lessons held in at least 9 of 10 draws")
    for b in BEHAVIOURS:
        if b.lesson and b.id not in named:
            assert result.share(b.id) >= 0.9, (b.id, result.share(b.id))
    assert set(result.fragile()) <= named


def test_the_table_lists_every_lesson_with_its_share(result: sensitivity.Robustness) -> None:
    table = sensitivity.table_markdown(result)
    lessons = [b for b in BEHAVIOURS if b.lesson]
    assert table.count("\n") == len(lessons) + 1
    for b in lessons:
        assert f"`{b.id}`" in table
    assert "(uncertain)" in table


def test_curve_bands_collapse_to_the_calibrated_course_without_spread_and_widen_with_it() -> None:
    """The bands of the model page: with no perturbation every draw is the calibrated model, so the
    band is the calibrated curve; with the book's spread the band is ordered and has width."""
    flat = sensitivity.bands(draws=3, spread=0.0)
    for band in flat:
        for edge in (band.low, band.median, band.high):
            assert edge == pytest.approx(band.score, abs=1e-9), band.label
    wide = sensitivity.bands(draws=40)
    assert [b.label for b in wide] == [b.label for b in flat]
    for band in wide:
        assert np.all(band.low <= band.median + 1e-12) and np.all(band.median <= band.high + 1e-12)
        assert float(np.max(band.high - band.low)) > 1.0, band.label
