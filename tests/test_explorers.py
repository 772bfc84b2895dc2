"""Explorers: the static tables equal the model for every state, and the live widgets redraw.

The agreement test is the guard DESIGN.md asks for: the site's JavaScript only looks states up,
so if every stored state equals what the Python model computes, the site shows the model.
"""

from __future__ import annotations

import json
import math
from html import escape

import numpy as np
import pytest

import alsbook
from alsbook.diagram import summary
from alsbook.explorers import get, registry

IDS = sorted(registry())
MAX_PAGE_DATA = 1.5 * 1024 * 1024 - 150 * 1024  # leave room for the page's own HTML


@pytest.fixture(scope="module")
def tables() -> dict[str, dict]:
    return {i: get(i).static_data() for i in IDS}


def slot(table: dict, state: dict, name: str) -> np.ndarray:
    """A named slot of a stored state, decoded (the payload names its slots; nothing is positional)."""
    k = next(i for i, s in enumerate(table["slots"]) if s["name"] == name)
    return np.array(state["v"][k], dtype=float) / table["slots"][k]["scale"]


@pytest.mark.parametrize("explorer_id", IDS)
def test_every_state_is_stored_once_with_named_slots(explorer_id: str, tables: dict[str, dict]) -> None:
    exp, table = get(explorer_id), tables[explorer_id]
    assert len(table["states"]) == exp.n_states()
    names = [s["name"] for s in table["slots"]]
    assert len(set(names)) == len(names)
    uids = {t.get("uid") for t in table["figure"]["data"]}
    assert {s["trace"] for s in table["slots"]} <= uids
    assert set(table["pins"].values()) <= uids and set(table["pins"]) <= set(names)


DISEASE = [i for i in IDS if hasattr(get(i).view, "view")]


@pytest.mark.parametrize("explorer_id", DISEASE)
def test_node_colours_are_simulated_activities(explorer_id: str, tables: dict[str, dict]) -> None:
    """Independent path: node colours equal alsbook.simulate's activity at every month of the time control."""
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
        want = [r.activity[n][m] for m in view.frames() for n in view.node_ids()]  # every month of the slider
        state = table["states"][exp.state_index(choice)]
        np.testing.assert_allclose(slot(table, state, "activity"), want, atol=6e-4)
        np.testing.assert_allclose(
            slot(table, state, "current:LMN"), r.motor_neurons["LMN"][: view.months + 1 : 2], atol=6e-4
        )
        np.testing.assert_allclose(slot(table, state, "current:score"), r.alsfrs_r[: view.months + 1 : 2], atol=0.06)
        assert state["h"].startswith(escape(summary(r)))  # (chapter 6 may append the published result)
        del k


@pytest.mark.parametrize("explorer_id", IDS)
def test_state_table_fits_the_page_budget(explorer_id: str, tables: dict[str, dict]) -> None:
    """What a page loads at once stays in budget, and the budget estimate is not optimistic."""
    exp = get(explorer_id)
    scripts = exp.static_scripts()
    parts = [s for name, s in scripts.items() if name != f"{explorer_id}.js"]
    at_once = len(scripts[f"{explorer_id}.js"].encode()) + max((len(p.encode()) for p in parts), default=0)
    assert at_once < MAX_PAGE_DATA
    states = tables[explorer_id]["states"]
    largest_load = len(json.dumps(states[: len(states) // max(len(parts), 1)], separators=(",", ":")))
    assert exp.estimated_table_bytes() >= 0.8 * largest_load
    payload = json.loads(scripts[f"{explorer_id}.js"].split("]=", 1)[1].rstrip(";\n"))
    assert payload["id"] == explorer_id
    if parts:  # a split table: the parts together hold every state, in order
        assert [s for p in parts for s in json.loads(p.split("]=", 1)[1].rstrip(";\n"))] == states


def test_an_explorer_over_budget_is_refused_when_declared() -> None:
    from alsbook.explorer import Explorer
    from alsbook.explorers import block_toggle, mutation_choice, therapy_choice

    exp = get("ch7-integrated")
    many = [mutation_choice(), therapy_choice(), *[block_toggle(p) for p in alsbook.PATHWAYS[:6]]]
    with pytest.raises(ValueError, match="split=True"):
        Explorer("too-big", "too big", many, exp.view)
    Explorer("too-big", "too big", many[:3], exp.view)  # small enough whole


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


def trace_of(exp: object, fig: object, uid: str) -> object:
    """A FigureWidget's trace by the uid its explorer's base figure gives it."""
    base = exp.view.base_figure()  # type: ignore[attr-defined]
    return fig.data[next(i for i, t in enumerate(base["data"]) if t.get("uid") == uid)]  # type: ignore[attr-defined]


def test_live_widget_redraws_to_the_model() -> None:
    """Setting a control's .value in Python updates the FigureWidget to what simulate computes."""
    exp = get("ch3-genes")
    box = exp.widget()
    fig = next(c for c in box.children if c.__class__.__name__ == "FigureWidget")
    mutation = box.children[1]

    def colours() -> list[float]:
        return list(trace_of(exp, fig, "nodes").marker.color)  # type: ignore[attr-defined]

    before = colours()
    mutation.value = 1  # SOD1
    view = exp.view.view
    r = alsbook.simulate(mutations=("SOD1",), months=view.months)
    np.testing.assert_allclose(colours(), [r.activity[n][view.snapshot] for n in view.node_ids()])
    assert not np.allclose(before, colours())
    mutation.value = 0
    np.testing.assert_allclose(colours(), before)


def test_live_widget_pins_the_current_curves() -> None:
    exp = get("ch7-integrated")
    box = exp.widget()
    fig = next(c for c in box.children if c.__class__.__name__ == "FigureWidget")
    box.children[1].value = 1  # SOD1
    next(c for c in box.children if c.__class__.__name__ == "Button").click()
    pinned = trace_of(exp, fig, "pinned:LMN").y  # type: ignore[attr-defined]
    r = alsbook.simulate(mutations=("SOD1",))
    np.testing.assert_allclose(pinned, r.motor_neurons["LMN"][::2], atol=1e-12)


def test_live_time_control_recolours_the_boxes_and_names_the_month() -> None:
    exp = get("ch4-excitotoxicity")
    box = exp.widget()
    fig = next(c for c in box.children if c.__class__.__name__ == "FigureWidget")
    month = next(c for c in box.children if c.__class__.__name__ == "HBox").children[0]
    view = exp.view.view
    r = alsbook.simulate(months=view.months)
    for k in (0, 3, len(view.frames()) - 1):
        month.value = k
        m = view.frames()[k]
        colours = list(trace_of(exp, fig, "nodes").marker.color)  # type: ignore[attr-defined]
        np.testing.assert_allclose(colours, [r.activity[n][m] for n in view.node_ids()])
        assert [a.text for a in fig.layout.annotations if a.name == "month"] == [
            f"Box colours: activity at month {m} of the simulated course"
        ]
        assert {s.x0 for s in fig.layout.shapes if s.name == "month"} == {m}


def test_render_mode_is_static_outside_a_jupyter_server(monkeypatch: pytest.MonkeyPatch) -> None:
    from alsbook.render import render_mode

    monkeypatch.delenv("ALSBOOK_RENDER", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert render_mode() == "static"
    assert "data-als-explorer" in alsbook.show("ch3-genes").data
    monkeypatch.setenv("JPY_SESSION_NAME", "chapter.ipynb")
    assert render_mode() == "live"
    assert alsbook.show("ch3-genes").__class__.__name__ == "VBox"
    monkeypatch.setenv("ALSBOOK_RENDER", "static")
    assert render_mode() == "static"
    monkeypatch.setenv("ALSBOOK_RENDER", "sometimes")
    with pytest.raises(ValueError, match="live, static"):
        render_mode()


def test_summary_handles_courses_without_onset() -> None:
    r = alsbook.simulate(healthy=True)
    assert math.isinf(r.onset_month)
    assert "No symptom onset" in alsbook.diagram.summary(r)
