"""Explorers: the static tables equal the model for every state, and the live widgets redraw.

The agreement test is the guard DESIGN.md asks for: the site's JavaScript only looks states up,
so if every stored state equals what the Python model computes, the site shows the model.
"""

from __future__ import annotations

import copy
import json
import math
import random
from html import escape
from typing import Any

import numpy as np
import pytest

import alsbook
from alsbook.diagram import at_frame, summary
from alsbook.explorer import figure_with
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


#: How plotly's widget serializer writes "leave this trace's value as it is" in an update message.
UNDEFINED = "_undefined_"


class FrontEnd:
    """What a front end holds of a live FigureWidget: the figure as first shown, with every message
    the widget has sent since applied the way plotly.js applies it (update, restyle, relayout and
    animate carry dotted paths; ``annotations.3.text`` indexes a list). Records which (trace, path)
    each message wrote."""

    KINDS = ("_py2js_update", "_py2js_animate", "_py2js_restyle", "_py2js_relayout")

    def __init__(self, fig: Any) -> None:
        self.figure = copy.deepcopy(fig.to_dict())
        self.messages: list[tuple[str, dict]] = []
        send = fig._send

        def record(msg: dict, buffers: Any = None) -> Any:
            state = msg.get("state", {})
            for key, value in state.items():
                if key.startswith("_py2js_") and value is not None:
                    assert key in self.KINDS, f"unexpected message {key}"
                    self.messages.append((key, copy.deepcopy(value)))
                    self._apply(key, value)
            return send(msg, buffers)

        fig._send = record

    @staticmethod
    def _set(target: Any, path: str, value: Any) -> None:
        *parts, last = path.split(".")
        for p in parts:
            target = target[int(p)] if isinstance(target, list) else target.setdefault(p, {})
        target[last] = value

    def _apply(self, kind: str, msg: dict) -> None:
        traces = msg.get("style_traces") or msg.get("restyle_traces") or []
        style = msg.get("style_data") or msg.get("restyle_data") or {}
        if kind == "_py2js_animate":  # one {path: value} per trace
            self._check_animate(traces, style, msg)
            for index, changes in zip(traces, style, strict=True):
                for path, value in changes.items():
                    self._set(self.figure["data"][index], path, value)
        else:  # {path: [value per trace]}, "_undefined_" where a trace keeps its value
            for path, values in style.items():
                for index, value in zip(traces, values, strict=True):
                    if value != UNDEFINED:
                        self._set(self.figure["data"][index], path, value)
        for path, value in (msg.get("layout_data") or msg.get("relayout_data") or {}).items():
            self._set(self.figure["layout"], path, value)

    def _check_animate(self, traces: list[int], style: list[dict], msg: dict) -> None:
        """What Plotly.animate without redraw does not draw, found in Chromium: the layout, the
        legend, and any trace of a subplot that none of the animated traces is on (it removes them)."""
        data = self.figure["data"]
        assert msg["animation_opts"]["frame"]["redraw"] is False and not msg.get("layout_data")
        assert all(data[i].get("showlegend") is False for i, changes in zip(traces, style, strict=True) if changes)
        subplot = [(t.get("xaxis", "x"), t.get("yaxis", "y")) for t in data]
        assert {subplot[i] for i in traces} == set(subplot), "a subplot left out of an animate loses its traces"

    def written(self) -> set[tuple[int, str]]:
        """(trace index, property path) of every trace property written since the last call."""
        out = set()
        for kind, msg in self.messages:
            traces = msg.get("style_traces") or msg.get("restyle_traces") or []
            style = msg.get("style_data") or msg.get("restyle_data") or {}
            if kind == "_py2js_animate":
                out |= {(i, path) for i, changes in zip(traces, style, strict=True) for path in changes}
            else:
                out |= {
                    (i, path)
                    for path, values in style.items()
                    for i, v in zip(traces, values, strict=True)
                    if v != UNDEFINED
                }
        self.messages.clear()
        return out


def slot_paths(exp: Any) -> dict[str, tuple[int, str]]:
    """Each slot's (trace index, property path) in the live figure."""
    uids = [t.get("uid") for t in exp.view.base_figure()["data"]]
    return {s["name"]: (uids.index(s["trace"]), s["path"]) for s in exp.view.slot_specs()}


def get_path(target: Any, path: str) -> Any:
    for p in path.split("."):
        target = target[int(p)] if isinstance(target, list) else target.get(p)
    return target


def drawn_slots(exp: Any, choice: tuple[int, ...], frame: int) -> dict[str, list[float]]:
    """Each slot's values as drawn at this frame of the time control."""
    values = exp.evaluate([choice])[0][0]
    return {s["name"]: [float(v) for v in at_frame(s, values[s["name"]], frame)] for s in exp.view.slot_specs()}


def assert_front_end_shows_the_model(exp: Any, front: FrontEnd, choice: tuple[int, ...], frame: int) -> None:
    """Every slot, the month label and the month line, as the front end holds them, equal exactly
    what the model computes for this state and month (what the static panel draws)."""
    values = exp.evaluate([choice])[0][0]
    want = figure_with(exp.view.base_figure(), exp.view.slot_specs(), values, frame, exp.time())
    for name, (index, path) in slot_paths(exp).items():
        got = get_path(front.figure["data"][index], path)
        expected = get_path(want["data"][index], path)
        assert list(got) == expected if isinstance(expected, list) else got == expected, (name, choice, frame)
    for kind in ("annotations", "shapes"):
        for got, expected in zip(front.figure["layout"].get(kind, []), want["layout"].get(kind, []), strict=True):
            if expected.get("name") == "month":
                assert {k: got.get(k) for k in ("text", "x0", "x1")} == {
                    k: expected.get(k) for k in ("text", "x0", "x1")
                }, (kind, choice, frame)


def test_live_widget_sends_only_the_slots_that_changed() -> None:
    """A click sends exactly the slots whose values changed (the others cost nothing); choosing
    the shown state again sends nothing; moving the month sends the colours and the month only."""
    exp = get("ch7-integrated")
    box = exp.widget()
    fig = next(c for c in box.children if c.__class__.__name__ == "FigureWidget")
    front = FrontEnd(fig)
    paths = slot_paths(exp)
    slots = exp.view.slot_specs()
    frame = exp.default_frame()

    before, choice = exp.default(), (1, *exp.default()[1:])  # SOD1
    changed = {n for n, v in drawn_slots(exp, choice, frame).items() if v != drawn_slots(exp, before, frame)[n]}
    assert changed and changed != set(paths)  # some slots change, some (the cut marks) do not
    box.children[1].value = 1
    assert [k for k, _ in front.messages] == ["_py2js_animate"]  # one message, redrawing those traces only
    assert front.written() == {paths[n] for n in changed}
    assert_front_end_shows_the_model(exp, front, choice, frame)

    values = exp.evaluate([choice])[0][0]
    assert exp.apply(fig, slots, values, exp.view.base_figure(), frame) == []  # the same state again
    assert front.written() == set()

    month = next(c for c in box.children if c.__class__.__name__ == "HBox").children[0]
    month.value = frame + 3
    assert [k for k, _ in front.messages] == ["_py2js_update"]  # the month's label and line are layout
    assert front.written() == {paths["activity"]}  # curves and cut marks do not move with the month
    assert_front_end_shows_the_model(exp, front, choice, frame + 3)


@pytest.mark.slow  # 12 s for all explorers: the full suite runs it, the fast tier stays under 30 s
@pytest.mark.parametrize("explorer_id", IDS)
def test_live_widget_never_keeps_a_stale_value(explorer_id: str) -> None:
    """After every click of a random walk over all controls, the month and the pin button, what the
    front end holds (the first figure plus every message sent) equals the model exactly."""
    exp = get(explorer_id)
    box = exp.widget()
    fig = next(c for c in box.children if c.__class__.__name__ == "FigureWidget")
    front = FrontEnd(fig)
    controls = list(box.children[1 : 1 + len(exp.controls)])
    month = next((c.children[0] for c in box.children if c.__class__.__name__ == "HBox"), None)
    pin = next((c for c in box.children if c.__class__.__name__ == "Button"), None)
    summary_box = box.children[-2]
    uids = [t.get("uid") for t in exp.view.base_figure()["data"]]
    rng = random.Random(explorer_id)
    pinned: dict[str, list[float]] = {}
    paths = slot_paths(exp)
    shown = drawn_slots(exp, exp.default(), exp.default_frame())
    for _ in range(40):
        k = rng.randrange(len(controls) + 2)
        if k < len(controls):
            ctl = controls[k]
            ctl.value = (not ctl.value) if isinstance(ctl.value, bool) else rng.randrange(len(exp.controls[k].options))
        elif k == len(controls) and month is not None:
            month.value = rng.randrange(len(month.options))
        elif pin is not None:
            pin.click()
            values = exp.evaluate([tuple(int(c.value) for c in controls)])[0][0]
            pinned = {uid: [float(v) for v in values[name]] for name, uid in exp.view.pins().items()}
        choice = tuple(int(c.value) for c in controls)
        frame = int(month.value) if month is not None else 0
        now = drawn_slots(exp, choice, frame)
        written = front.written() - {(uids.index(uid), "y") for uid in (exp.view.pins() if pin else {}).values()}
        assert written == {paths[name] for name in now if now[name] != shown[name]}  # only what changed
        shown = now
        assert_front_end_shows_the_model(exp, front, choice, frame)
        assert summary_box.value == f"<p>{exp.evaluate([choice])[0][1]}</p>"
        for uid, y in pinned.items():
            assert list(front.figure["data"][uids.index(uid)]["y"]) == y


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
