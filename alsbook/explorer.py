"""Explorers: one declaration, two renderings (live ipywidgets, kernel-free static panel).

An :class:`Explorer` lists its controls (each a few discrete options) and a view that turns a
choice of options into figure slot values and a short text. From that declaration:

* in a kernel, :meth:`Explorer.widget` builds ipywidgets and a plotly ``FigureWidget`` whose
  callback evaluates the chosen state with the model and writes the slot values in place;
* for the static site, :meth:`Explorer.static_data` evaluates *every* state once (a batch through
  the same model) and :meth:`Explorer.placeholder_html` writes the controls as plain HTML. The
  site's JavaScript only looks states up in that table and redraws: it holds no model logic.

Why precomputed states rather than saved widget state or a JavaScript port of the model: saved
ipywidgets cannot run Python observers on a static page, and a second copy of the model in
JavaScript would drift from this one. A finite state table scales to every explorer of the book
(each has at most a few thousand states) and a test can compare every entry with the model.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import itertools
import json
import math
from collections.abc import Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from html import escape
from typing import Any, Protocol

import numpy as np

from .diagram import (
    ACTIVITY,
    ACTIVITY_SCALE,
    LEVELS,
    MONTH,
    NODES,
    SHORT_LINE,
    Values,
    View,
    at_frame,
    level_word,
    summary,
    wrap_label,
)
from .model import Block, Result, Scenario, simulate_batch
from .render import is_live


@dataclass(frozen=True)
class Option:
    """One choice of a control: its label, a short value for the URL, and what it changes."""

    label: str
    value: str
    change: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Control:
    """A control with a few discrete options: ``toggle`` (2 options), ``radio`` or ``levels``."""

    key: str
    label: str
    options: tuple[Option, ...]
    kind: str = "radio"
    default: int = 0

    def __post_init__(self) -> None:
        if self.kind not in ("toggle", "radio", "levels"):
            raise ValueError(f"control {self.key!r}: kind must be toggle, radio or levels")
        if self.kind == "toggle" and len(self.options) != 2:
            raise ValueError(f"control {self.key!r}: a toggle has exactly two options (off, on)")
        values = [o.value for o in self.options]
        if len(set(values)) != len(values) or not all(v.replace("-", "").replace("_", "").isalnum() for v in values):
            raise ValueError(f"control {self.key!r}: option values must be unique and alphanumeric")


def toggle(key: str, label: str, change: Mapping[str, Any], default: bool = False) -> Control:
    """An on/off control: off changes nothing, on applies ``change``."""
    return Control(key, label, (Option("off", "0"), Option("on", "1", change)), "toggle", int(default))


def block_levels(pathway: str, label: str, levels: Sequence[float] = (0.0, 0.5, 1.0)) -> Control:
    """A block of one pathway (or step) with a few strengths."""
    names = {0.0: "none", 0.5: "half", 1.0: "full"}
    opts = tuple(
        Option(names.get(s, f"{s:.0%}"), str(int(round(s * 100))), {"blocks": {pathway: s}} if s else {})
        for s in levels
    )
    return Control(f"block-{pathway}", label, opts, "levels")


class StateView(Protocol):
    """What an explorer shows: a base figure, named slots, and per-state slot values and text."""

    def base_figure(self) -> dict[str, Any]: ...

    def slot_specs(self) -> list[dict[str, Any]]: ...

    def evaluate_many(self, states: Sequence[Sequence[Mapping[str, Any]]]) -> list[tuple[Values, str]]: ...

    def table_labels(self) -> list[str] | None: ...


def merge(changes: Sequence[Mapping[str, Any]], base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Combine the changes of the chosen options into one set of scenario arguments."""
    out: dict[str, Any] = {"mutations": (), "blocks": {}}
    out.update({k: v for k, v in (base or {}).items() if k not in ("mutations", "blocks")})
    out["mutations"] = tuple((base or {}).get("mutations", ()))
    out["blocks"] = dict((base or {}).get("blocks", {}))
    for ch in changes:
        for k, v in ch.items():
            if k == "mutations":
                out["mutations"] = tuple(dict.fromkeys(out["mutations"] + tuple(v)))
            elif k == "blocks":
                out["blocks"].update(v)
            else:
                out[k] = v
    return out


#: Bytes of precomputed states one page may load at once for one explorer (the page's own HTML and
#: the rest stay within a 1.5 MB budget per chapter).
TABLE_BUDGET = 1200 * 1024

#: Timings a control may give a block (chapter 5): (start month, counted from onset?).
BLOCK_TIMING = {"early": (0.0, False), "onset": (0.0, True), "late": (12.0, True)}


@dataclass(frozen=True)
class DiseaseView:
    """The pathway diagram with survival curves, driven by the disease model.

    Besides scenario arguments, options may set ``block_target``/``block_when``/``block_strength``
    (one timed block, chapter 5) and ``reveal`` (append ``published[mutant_cells]``, chapter 6).
    """

    view: View
    base: Mapping[str, Any] = field(default_factory=dict)
    published: Mapping[tuple[str, ...], str] = field(default_factory=dict)

    def baseline(self) -> Result:
        return simulate_batch([Scenario()], self.view.months)[0]

    def base_figure(self) -> dict[str, Any]:
        return self.view.base(self.baseline())

    def slot_specs(self) -> list[dict[str, Any]]:
        return [s.spec() for s in self.view.slots()]

    def pins(self) -> dict[str, str]:
        return self.view.pins()

    def time_spec(self) -> dict[str, Any]:
        return self.view.time_spec()

    def scenarios(self, changes: Sequence[Mapping[str, Any]]) -> Scenario:
        args = merge(changes, self.base)
        target, when = args.pop("block_target", None), args.pop("block_when", None)
        strength = float(args.pop("block_strength", 1.0))
        args.pop("reveal", None)
        if target and when:
            start, after_onset = BLOCK_TIMING[when]
            args["blocks"][target] = Block(strength, start, after_onset)
        return Scenario(**args)

    def evaluate_many(self, states: Sequence[Sequence[Mapping[str, Any]]]) -> list[tuple[Values, str]]:
        """Evaluate many states (each a list of option changes) in one batched model call."""
        results = simulate_batch([self.scenarios(s) for s in states], self.view.months)
        names = [s.name for s in self.view.slots()]
        out = []
        for changes, r in zip(states, results, strict=True):
            text = escape(summary(r))
            if merge(changes).get("reveal"):
                text += " " + self.published.get(tuple(r.scenario.mutant_cells), "")
            out.append((dict(zip(names, self.view.values(r), strict=True)), text))
        return out

    def table_labels(self) -> list[str] | None:
        return [self.view.net.node(i).label for i in self.view.node_ids()]

    def paint_spec(self) -> dict[str, Any]:
        """What the panel's fast path needs: the node trace and the colour scale it is drawn with, and
        the short node names that a narrow panel draws instead of the full ones (in lines short
        enough not to reach the next column of boxes on a phone)."""
        import plotly.colors

        return {
            "trace": NODES,
            "slot": ACTIVITY,
            "scale": plotly.colors.get_colorscale(ACTIVITY_SCALE),
            "short": [wrap_label(self.view.net.node(i).short, SHORT_LINE) for i in self.view.node_ids()],
        }


def figure_with(
    base: dict[str, Any],
    slots: list[dict[str, Any]],
    values: Values,
    frame: int = 0,
    time: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A copy of a base figure with one state's slot values written in at one frame of the time
    control (what the panel script does on the site)."""
    fig = copy.deepcopy(base)
    traces = {t.get("uid"): t for t in fig["data"]}
    for spec in slots:
        arr = at_frame(spec, values[spec["name"]], frame)
        *path, last = spec["path"].split(".")
        target = traces[spec["trace"]]
        for p in path:
            target = target.setdefault(p, {})
        target[last] = float(arr[0]) if spec["scalar"] else [float(v) for v in arr]
    if time:
        month = time["months"][frame]
        for a in fig["layout"].get("annotations", []):
            if a.get("name") == MONTH:
                a["text"] = time["label"].format(month=month)
        for line in fig["layout"].get("shapes", []):
            if line.get("name") == MONTH:
                line["x0"] = line["x1"] = month
    return fig


@dataclass
class _Shown:
    """What a live explorer shows now: the chosen state's values and the frame of the time control."""

    values: Values
    frame: int


def _trace(fig: Any, base: dict[str, Any], uid: str) -> Any:
    """The trace that has this uid in the base figure (a FigureWidget replaces uids with its own)."""
    for trace, spec in zip(fig.data, base["data"], strict=True):
        if spec.get("uid") == uid:
            return trace
    raise ValueError(f"no trace with uid {uid!r}; traces: {', '.join(str(t.get('uid')) for t in base['data'])}")


@contextlib.contextmanager
def traces_only(fig: Any, keep: Sequence[int] = ()) -> Iterator[None]:
    """Batch trace writes into a FigureWidget and send them as one ``Plotly.animate`` that re-plots
    only the written traces (and the traces ``keep``, unchanged).

    Why not ``fig.batch_update()``: its ``Plotly.update`` re-plots the whole figure (legend, colour
    bar, every trace, shapes, annotations) whenever an array changes, which was most of a live
    click's time in JupyterLab; ``Plotly.animate`` with no transition and no redraw draws the same
    SVG for the written traces in about half of it. What it does not redraw is why
    :func:`animatable` and ``keep`` exist: it draws no layout, no legend, no colour bar and no
    axis range, and it removes every trace of a subplot that none of its traces is on (``keep``
    names one trace per such subplot). Mirrors plotly's own ``batch_animate``, whose batch
    internals it uses (plotly is pinned; tests/test_explorers.py fails if they move, and
    tests/test_jupyterlab.py replays the messages in Chromium and compares the SVG drawn).
    """
    fig._in_batch_mode = True
    try:
        yield
    finally:
        fig._in_batch_mode = False
        for index in keep:  # an empty edit: the trace is re-plotted as it is
            fig._batch_trace_edits.setdefault(index, {})
        # No transition, and no full redraw afterwards (``frame.redraw``, left on by batch_animate).
        fig._perform_batch_animate(
            {"transition": {"duration": 0}, "frame": {"duration": 0, "redraw": False}, "mode": "immediate"}
        )


def _subplot(trace: Mapping[str, Any]) -> tuple[str, str]:
    return trace.get("xaxis") or "x", trace.get("yaxis") or "y"


def animatable(base: Mapping[str, Any], index: int) -> bool:
    """Whether :func:`traces_only` can redraw this trace of a base figure alone: a scatter trace out
    of the legend (the legend draws a sample of its style), whose colour bar, if it shows one, has
    a fixed range, on axes with fixed ranges (Plotly.animate redraws none of these)."""
    trace = base["data"][index]
    marker = trace.get("marker", {})
    if trace.get("type", "scatter") != "scatter" or trace.get("showlegend", True) is not False:
        return False
    if marker.get("showscale") and (marker.get("cmin") is None or marker.get("cmax") is None):
        return False
    axes = [base["layout"].get(f"{a[0]}axis{a[1:]}", {}) for a in _subplot(trace)]
    return all(ax.get("range") is not None and ax.get("autorange") in (None, False) for ax in axes)


def untouched_subplots(base: Mapping[str, Any], written: set[int], prefer: Set[int] = frozenset()) -> list[int]:
    """One trace of each subplot that none of ``written`` is on: one of ``prefer`` if the subplot has
    one (the traces the explorer writes, whose redraw by Plotly.animate is tested), else the one with
    the fewest points."""
    by_subplot: dict[tuple[str, str], list[int]] = {}
    for i, trace in enumerate(base["data"]):
        by_subplot.setdefault(_subplot(trace), []).append(i)
    return [
        min(indexes, key=lambda i: (i not in prefer, len(base["data"][i].get("x") or ())))
        for indexes in by_subplot.values()
        if not written.intersection(indexes)
    ]


def _same(old: Any, new: float | tuple[float, ...]) -> bool:
    """Whether a figure property already holds exactly this value (no tolerance: a value that is
    close but not equal is sent again, so the figure never keeps a stale one)."""
    if isinstance(new, tuple):
        return old is not None and not isinstance(old, str) and tuple(old) == new
    return bool(old == new)


class Explorer:
    """A declared explorer: an id (used in URLs and file names), a title, controls and a view."""

    def __init__(
        self,
        id: str,
        title: str,
        controls: Sequence[Control],
        view: Any,
        note: str = "",
        split: bool = False,
    ) -> None:
        if not id.replace("-", "").isalnum():
            raise ValueError(f"explorer id {id!r} must be alphanumeric with dashes")
        keys = [c.key for c in controls]
        if len(set(keys)) != len(keys):
            raise ValueError(f"explorer {id!r}: duplicate control keys")
        self.id, self.title, self.controls = id, title, tuple(controls)
        self.view: StateView = view
        self.note, self.split = note, split
        # "Pin this scenario" wherever the view draws curves to compare (every disease explorer).
        self.compare = bool(view.pins()) if hasattr(view, "pins") else False
        self._check_budget()

    # ------------------------------------------------------------------ page budget
    def estimated_table_bytes(self) -> int:
        """Bytes of state table a page loads at once: the whole table, or one part when split.

        Estimated from the largest of a few evaluated states (the default, the first, the middle and
        the last) times the number of states loaded together, so the check costs one small batch of
        model runs when the explorer is declared.
        """
        all_states = self.states()
        sample = [self.default(), all_states[0], all_states[len(all_states) // 2], all_states[-1]]
        one = max(len(json.dumps(self._pack(v, t), separators=(",", ":"))) for v, t in self.evaluate(sample))
        per_load = self.n_states() // len(self.controls[0].options) if self.split else self.n_states()
        return one * per_load

    def _check_budget(self) -> None:
        size = self.estimated_table_bytes()
        if size > TABLE_BUDGET:
            hint = (
                "use fewer options"
                if self.split
                else "declare it with split=True (one table per option of its first control, loaded when "
                "chosen) or use fewer options"
            )
            raise ValueError(
                f"explorer {self.id!r}: its state table would load about {size // 1024} KB at once, over the "
                f"page budget of {TABLE_BUDGET // 1024} KB; {hint}"
            )

    # ------------------------------------------------------------------ states
    def n_states(self) -> int:
        return math.prod(len(c.options) for c in self.controls)

    def states(self) -> list[tuple[int, ...]]:
        """All states as option indices, first control slowest (the static table's order)."""
        return list(itertools.product(*(range(len(c.options)) for c in self.controls)))

    def state_index(self, choice: Sequence[int]) -> int:
        idx = 0
        for c, i in zip(self.controls, choice, strict=True):
            idx = idx * len(c.options) + i
        return idx

    def changes(self, choice: Sequence[int]) -> list[Mapping[str, Any]]:
        return [c.options[i].change for c, i in zip(self.controls, choice, strict=True)]

    def evaluate(self, choices: Sequence[Sequence[int]]) -> list[tuple[Values, str]]:
        """Slot values and text for each state: the one path both renderings take."""
        return self.view.evaluate_many([self.changes(c) for c in choices])

    def default(self) -> tuple[int, ...]:
        return tuple(c.default for c in self.controls)

    # ------------------------------------------------------------------ static site
    @functools.cached_property
    def _table(self) -> list[dict[str, Any]]:
        """Every state, packed: evaluated once per explorer, because the largest table costs a second
        of model runs and the build, the tests and the scripts all read the same one."""
        return [self._pack(values, text) for values, text in self.evaluate(self.states())]

    def static_data(self) -> dict[str, Any]:
        """Everything the kernel-free panel needs: figure, slots, controls and all states."""
        slots = self.view.slot_specs()
        return {
            "id": self.id,
            "title": self.title,
            "figure": self.view.base_figure(),
            "slots": slots,
            "table": self.view.table_labels(),
            "levels": [list(x) for x in LEVELS],
            "controls": [{"key": c.key, "options": [o.value for o in c.options]} for c in self.controls],
            "compare": self.compare,
            "pins": self.view.pins() if hasattr(self.view, "pins") else {},
            "paint": self.view.paint_spec() if hasattr(self.view, "paint_spec") else None,
            "time": self.time(),
            "default": self.state_index(self.default()),
            "states": list(self._table),
        }

    def time(self) -> dict[str, Any] | None:
        """The time control's months and default frame, if the view shows a course in time."""
        return self.view.time_spec() if hasattr(self.view, "time_spec") else None

    def default_frame(self) -> int:
        time = self.time()
        return int(time["default"]) if time else 0

    def _pack(self, values: Values, text: str) -> dict[str, Any]:
        """One state for the static table: "v" lists the slot values, integer-coded, in the order of
        the payload's "slots" (whose entries name them); "h" is the summary HTML."""
        slots = self.view.slot_specs()
        # np.rint rounds half to even, as round() does; one call per slot, not one per value.
        packed = [np.rint(np.nan_to_num(values[s["name"]]) * s["scale"]).astype(int).tolist() for s in slots]
        return {"v": packed, "h": text}

    def static_scripts(self) -> dict[str, str]:
        """The static table as scripts that register themselves (a script tag works from file:// too).

        ``<id>.js`` holds the figure, the controls and, unless the explorer is split, every state.
        A split explorer's states go to ``<id>.<k>.js``, one per option ``k`` of its first control;
        the panel loads a part when the reader first chooses that option.
        """
        data = self.static_data()
        register = "(window.ALSBOOK=window.ALSBOOK||{{}})[{key}]={payload};\n"
        files = {}
        if self.split:
            states, size = data["states"], self.n_states() // len(self.controls[0].options)
            data["states"] = []
            data["parts"] = {"size": size, "count": len(self.controls[0].options)}
            for k in range(data["parts"]["count"]):
                payload = json.dumps(states[k * size : (k + 1) * size], separators=(",", ":"), allow_nan=False)
                files[f"{self.id}.{k}.js"] = register.format(key=json.dumps(f"{self.id}.{k}"), payload=payload)
        payload = json.dumps(data, separators=(",", ":"), allow_nan=False)
        files[f"{self.id}.js"] = register.format(key=json.dumps(self.id), payload=payload)
        return files

    def placeholder_html(self) -> str:
        """The panel's HTML: labelled native controls, an empty figure and a text equivalent."""
        parts = [
            f'<div class="als-explorer" data-als-explorer="{self.id}" role="group" aria-labelledby="{self.id}-title">',
            f'<p class="als-title" id="{self.id}-title"><strong>Explorer: {escape(self.title)}</strong></p>',
            '<div class="als-controls">',
        ]
        for c in self.controls:
            name = f"{self.id}-{c.key}"
            if c.kind == "toggle":
                checked = " checked" if c.default == 1 else ""
                parts.append(
                    f'<label class="als-toggle"><input type="checkbox" data-key="{c.key}" '
                    f'name="{name}"{checked}> {escape(c.label)}</label>'
                )
                continue
            parts.append(f'<fieldset class="als-radio"><legend>{escape(c.label)}</legend>')
            for i, o in enumerate(c.options):
                checked = " checked" if i == c.default else ""
                parts.append(
                    f'<label><input type="radio" name="{name}" data-key="{c.key}" '
                    f'value="{o.value}"{checked}> {escape(o.label)}</label>'
                )
            parts.append("</fieldset>")
        time = self.time()
        if time:
            month = time["months"][time["default"]]
            parts.append(
                f'<div class="als-time"><label>Month <input type="range" class="als-month" min="0" '
                f'max="{len(time["months"]) - 1}" step="1" value="{time["default"]}" '
                f'aria-valuetext="month {month}"></label> <output class="als-month-out">month {month}</output> '
                '<button type="button" class="als-play" aria-pressed="false">Play</button></div>'
            )
        if self.compare:
            parts.append(
                '<div class="als-compare"><button type="button" class="als-pin">Pin this scenario '
                'for comparison</button> <button type="button" class="als-unpin">Clear pinned</button>'
                '<p class="als-pinned" aria-live="polite"></p></div>'
            )
        parts.append("</div>")
        if self.note:
            parts.append(f'<div class="als-note">{self.note}</div>')
        parts.append(
            '<div class="als-figure" role="figure" aria-label="Diagram and curves for the selected '
            'scenario; the same information is in the text below."></div>'
        )
        values, text = self.evaluate([self.default()])[0]
        parts.append(f'<div class="als-summary" aria-live="polite">{text}</div>')
        parts.append(self._table_html(values, self.default_frame()))
        parts.append('<p class="als-print-caption" aria-hidden="true"></p>')
        parts.append('<p class="als-share">Share this scenario: copy the page address; it records your choices.')
        if self.time():
            parts.append(
                f' <a class="als-csv" download="{self.id}-curves.csv" href="#">Download these curves (CSV)</a>'
            )
        parts.append("</p>")
        parts.append(
            '<p class="als-static-note">This is a snapshot of the default scenario. On the book\'s website '
            "the panel above is interactive; in JupyterLab, run this cell (or Run All) to get the live "
            "explorer.</p></div>"
        )
        return "".join(parts)

    def _table_html(self, values: Values, frame: int) -> str:
        labels = self.view.table_labels()
        time = self.time()
        if not labels or not time:
            return ""
        spec = next(s for s in self.view.slot_specs() if s["name"] == ACTIVITY)
        rows = "".join(
            f'<tr><th scope="row">{escape(lab)}</th><td>{v:.0%}</td><td>{level_word(float(v))}</td></tr>'
            for lab, v in zip(labels, at_frame(spec, values[ACTIVITY], frame), strict=True)
        )
        month = time["months"][frame]
        return (
            f'<details class="als-table"><summary>Node states as a table</summary><table>'
            f'<caption>Activity of each process at <span class="als-month-caption">month {month}</span></caption>'
            f'<thead><tr><th scope="col">Node</th><th scope="col">Activity</th><th scope="col">Level</th>'
            f"</tr></thead><tbody>{rows}</tbody></table></details>"
        )

    # ------------------------------------------------------------------ live kernel
    def widget(self) -> Any:
        """Live ipywidgets: controls, a FigureWidget redrawn in place, the summary and the table."""
        import ipywidgets as w
        import plotly.graph_objects as go

        base = self.view.base_figure()
        slots = self.view.slot_specs()
        time = self.time()
        # The first state goes into the figure before the widget exists: a FigureWidget updated in a
        # batch before it is displayed reaches JupyterLab with some arrays undefined (a scrambled
        # diagram), so nothing is written into it until the reader changes a control.
        values, text = self.evaluate([self.default()])[0]
        shown = _Shown(values, self.default_frame())
        fig = go.FigureWidget(figure_with(base, slots, values, shown.frame, time))
        summary_box = w.HTML(f"<p>{text}</p>")
        table_box = w.HTML(self._table_html(values, shown.frame))
        controls = []
        for c in self.controls:
            if c.kind == "toggle":
                ctl: Any = w.Checkbox(value=c.default == 1, description=c.label, indent=False)
            elif c.kind == "levels":
                ctl = w.SelectionSlider(
                    options=[(o.label, i) for i, o in enumerate(c.options)],
                    value=c.default,
                    description=c.label,
                    style={"description_width": "initial"},
                )
            else:
                ctl = w.ToggleButtons(
                    options=[(o.label, i) for i, o in enumerate(c.options)],
                    value=c.default,
                    description=c.label,
                    style={"description_width": "initial", "button_width": "auto"},
                )
            controls.append(ctl)

        def choice() -> tuple[int, ...]:
            return tuple(int(ctl.value) for ctl in controls)

        def draw() -> None:
            self.apply(fig, slots, shown.values, base, shown.frame)
            table_box.value = self._table_html(shown.values, shown.frame)

        def redraw(_: Any = None) -> None:
            shown.values, text = self.evaluate([choice()])[0]
            draw()  # the figure's message first: the front end redraws it before the text
            summary_box.value = f"<p>{text}</p>"

        for ctl in controls:
            ctl.observe(redraw, names="value")
        items: list[Any] = [w.HTML(f"<b>Explorer: {escape(self.title)}</b>"), *controls]
        if time:
            month = w.SelectionSlider(
                options=[(f"month {m}", i) for i, m in enumerate(time["months"])],
                value=shown.frame,
                description="Month",
                continuous_update=True,
            )
            play = w.Play(min=0, max=len(time["months"]) - 1, value=shown.frame, interval=600, description="Play")
            w.jslink((play, "value"), (month, "index"))

            def to_month(change: Any) -> None:
                shown.frame = int(change["new"])
                draw()

            month.observe(to_month, names="value")
            items.append(w.HBox([month, play]))
        if self.compare:
            pin = w.Button(description="Pin this scenario for comparison", layout=w.Layout(width="auto"))

            def do_pin(_: Any) -> None:
                values, _text = self.evaluate([choice()])[0]
                self.pin(fig, values, base)

            pin.on_click(do_pin)
            items.append(pin)
        box = w.VBox([*items, fig, summary_box, table_box])
        box.add_class(f"als-live-{self.id}")  # names the live explorer in the page, as the static panel is named
        return box

    def apply(
        self, fig: Any, slots: list[dict[str, Any]], values: Values, base: dict[str, Any], frame: int
    ) -> list[str]:
        """Write one state's slot values, at one frame of the time control, into a FigureWidget in
        one message (no flicker), with the month written on the figure; returns the names of the
        slots written (and ``"month"`` if the month moved).

        Only what differs exactly from what the figure holds is written: an unchanged slot (the
        cut marks when only a mutation changed, the curves when only the month moved) costs no
        bytes. Writes to :func:`animatable` traces alone go out as one :func:`traces_only` animate;
        anything else (the month's label and line are layout; a trace in the legend) as one
        ``Plotly.update`` of the whole figure.
        """
        uids = [t.get("uid") for t in base["data"]]
        writes: list[tuple[Any, str, Any]] = []
        names: list[str] = []
        written: set[int] = set()
        for spec in slots:
            arr = at_frame(spec, values[spec["name"]], frame)
            new: float | tuple[float, ...] = float(arr[0]) if spec["scalar"] else tuple(map(float, arr))
            *path, last = spec["path"].split(".")
            target = _trace(fig, base, spec["trace"])
            for p in path:
                target = getattr(target, p)
            if not _same(getattr(target, last), new):
                writes.append((target, last, new if isinstance(new, float) else list(new)))
                names.append(spec["name"])
                written.add(uids.index(spec["trace"]))
        time = self.time()
        if time:
            month = time["months"][frame]
            label = time["label"].format(month=month)
            annotations = [a for a in fig.layout.annotations if a.name == MONTH and a.text != label]
            lines = [ln for ln in fig.layout.shapes if ln.name == MONTH and (ln.x0, ln.x1) != (month, month)]
            writes += [(a, "text", label) for a in annotations]
            writes += [(ln, x, month) for ln in lines for x in ("x0", "x1")]
            names += [MONTH] if annotations or lines else []
        if not writes:
            return names
        fast = MONTH not in names and all(animatable(base, i) for i in written)
        keep = untouched_subplots(base, written, {uids.index(s["trace"]) for s in slots})
        with traces_only(fig, keep) if fast else fig.batch_update():
            for target, attribute, value in writes:
                setattr(target, attribute, value)
        return names

    def pin(self, fig: Any, values: Values, base: dict[str, Any]) -> None:
        """Copy the current curves into the dash-dot comparison traces named by the view's pins."""
        with fig.batch_update():
            for slot_name, uid in self.view.pins().items():  # type: ignore[attr-defined]
                _trace(fig, base, uid).y = list(map(float, values[slot_name]))

    def show(self) -> Any:
        """What a notebook cell displays: live widgets in a Jupyter front end, else the static panel."""
        from IPython.display import HTML

        if is_live():
            return self.widget()
        return HTML(self.placeholder_html())  # type: ignore[no-untyped-call]
