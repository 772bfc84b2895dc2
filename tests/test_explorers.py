"""Explorers: the static tables equal the model for every state, and the live widgets redraw.

The agreement test is the guard DESIGN.md asks for: the site's JavaScript only looks states up,
so if every stored state equals what the Python model computes, the site shows the model.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import alsbook
from alsbook.explorers import get, registry

IDS = sorted(registry())
MAX_PAGE_DATA = 1.5 * 1024 * 1024 - 150 * 1024  # leave room for the page's own HTML


@pytest.fixture(scope="module")
def tables() -> dict[str, dict]:
    return {i: get(i).static_data() for i in IDS}


@pytest.mark.parametrize("explorer_id", IDS)
def test_every_state_equals_the_model(explorer_id: str, tables: dict[str, dict]) -> None:
    """Decoded static values equal a fresh evaluation of the same state, state by state."""
    exp, table = get(explorer_id), tables[explorer_id]
    assert len(table["states"]) == exp.n_states()
    fresh = exp.evaluate(exp.states())
    for choice, stored, (values, text) in zip(exp.states(), table["states"], fresh, strict=True):
        assert stored["h"] == text, choice
        for spec, ints, arr in zip(table["slots"], stored["v"], values, strict=True):
            decoded = np.array(ints, dtype=float) / spec["scale"]
            np.testing.assert_allclose(decoded, np.nan_to_num(arr), atol=0.51 / spec["scale"], err_msg=str(choice))


DISEASE = [i for i in IDS if hasattr(get(i).view, "view")]


@pytest.mark.parametrize("explorer_id", DISEASE)
def test_node_colours_are_simulated_activities(explorer_id: str, tables: dict[str, dict]) -> None:
    """Independent path: node colours equal alsbook.simulate's activity at the snapshot month."""
    exp, table = get(explorer_id), tables[explorer_id]
    view = exp.view.view
    for k, choice in enumerate(exp.states()[:: max(1, exp.n_states() // 12)]):
        scenario = exp.view.scenarios(exp.changes(choice))
        r = alsbook.simulate(
            mutations=scenario.mutations,
            blocks=scenario.blocks,
            therapy=scenario.therapy,
            mutant_cells=scenario.mutant_cells,
            months=view.months,
        )
        want = [r.activity[n][view.snapshot] for n in view.node_ids()]
        got = np.array(table["states"][exp.state_index(choice)]["v"][0]) / 1000
        np.testing.assert_allclose(got, want, atol=6e-4)
        lmn = np.array(table["states"][exp.state_index(choice)]["v"][4]) / 1000
        np.testing.assert_allclose(lmn, r.motor_neurons["LMN"][: view.months + 1 : 2], atol=6e-4)
        del k


@pytest.mark.parametrize("explorer_id", IDS)
def test_state_table_fits_the_page_budget(explorer_id: str) -> None:
    script = get(explorer_id).static_script()
    assert len(script.encode()) < MAX_PAGE_DATA
    payload = json.loads(script.split("]=", 1)[1].rstrip(";\n"))
    assert payload["id"] == explorer_id


def test_states_differ_so_controls_matter(tables: dict[str, dict]) -> None:
    for explorer_id, table in tables.items():
        distinct = {json.dumps(s["v"]) for s in table["states"]}
        assert len(distinct) > 1, explorer_id


def test_unknown_explorer_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="ch1-overview"):
        alsbook.show("ch9-nothing")


def test_placeholder_has_labelled_native_controls() -> None:
    html = get("ch7-integrated").placeholder_html()
    assert html.count('type="radio"') == 5 + 7
    assert html.count('type="checkbox"') == 5
    assert "<legend>Genetic background</legend>" in html
    assert "Node states as a table" in html and '<th scope="row">' in html


def test_live_widget_redraws_to_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Setting a control's .value in Python updates the FigureWidget to that state's values."""
    monkeypatch.delenv("ALSBOOK_STATIC", raising=False)
    exp = get("ch3-genes")
    box = exp.widget()
    fig = next(c for c in box.children if c.__class__.__name__ == "FigureWidget")
    mutation = box.children[1]
    before = list(fig.data[exp.view.view.node_trace()].marker.color)
    mutation.value = 1  # SOD1
    after = list(fig.data[exp.view.view.node_trace()].marker.color)
    want = exp.evaluate([(1, 0)])[0][0][0]
    np.testing.assert_allclose(after, want)
    assert not np.allclose(before, after)
    mutation.value = 0
    np.testing.assert_allclose(list(fig.data[exp.view.view.node_trace()].marker.color), before)


def test_live_widget_callback_is_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """Functional check that a callback completes (the speed figure lives in benchmarks/)."""
    monkeypatch.delenv("ALSBOOK_STATIC", raising=False)
    box = get("ch7-integrated").widget()
    box.children[2].value = 3
    summary = [c for c in box.children if c.__class__.__name__ == "HTML"][-2]
    assert "Symptoms start" in summary.value or "No symptom onset" in summary.value


def test_summary_handles_courses_without_onset() -> None:
    r = alsbook.simulate(healthy=True)
    assert math.isinf(r.onset_month)
    assert "No symptom onset" in alsbook.diagram.summary(r)
