"""The pathway diagram and the time courses, as plain plotly figure dictionaries.

Why dictionaries and "slots": the same figure is drawn live in a kernel (a plotly ``FigureWidget``)
and on the static site (``Plotly.react`` in the browser). A :class:`View` builds the figure once
(:meth:`View.base`) and then, for any simulated state, only the few numbers that change (the
:meth:`View.values` of its slots: node colours, cut marks, curve heights). The kernel assigns those
numbers to the widget; the site looks them up in a table the build precomputed. Both go through
this one function, so what a reader sees on the site is what the model computes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from typing import Any

import numpy as np

from . import routing
from .causal_network import BIBLIOGRAPHY_CANDIDATES, POPULATIONS, Network, claims, network
from .model import Block, Result

#: One state as a view computes it: the value of each named slot.
Values = dict[str, np.ndarray]
#: Colour-blind-safe sequential scale for activity (cividis: dark blue = quiet, yellow = active).
ACTIVITY_SCALE = "Cividis"
#: Words for activity levels in the text table (the second cue besides colour).
LEVELS = ((0.15, "low"), (0.45, "moderate"), (0.75, "high"), (1.01, "very high"))
CURVE_STEP = 2  # months between points of the drawn time courses
DIAGRAM_DOMAIN_Y = (0.38, 1.0)
#: The time courses beside the diagram: (label, result key, colour, axis, dash). The keys are the
#: populations of the network data, then the ALSFRS-R score.
CURVES = tuple(
    (f"{p} surviving", p, colour, "2", dash)
    for p, colour, dash in zip(POPULATIONS, ("#0072b2", "#d55e00"), ("solid", "dash"), strict=True)
) + (("ALSFRS-R", "score", "#009e73", "3", "solid"),)
#: The curve groups: the faint untreated baseline, the current state and the pinned one (compare with...).
BASELINE, CURRENT, PINNED = "baseline", "current", "pinned"
#: The uid of the node trace, and the name of the slot that colours its boxes by activity.
NODES, ACTIVITY = "nodes", "activity"
#: The name of the annotation and lines that show the month of the time control, and their words.
MONTH = "month"
MONTH_LABEL = "Box colours: activity at month {month} of the simulated course"


def level_word(value: float) -> str:
    """The word the text table uses for an activity (shared by the live and static tables)."""
    return next(word for limit, word in LEVELS if value < limit)


@lru_cache(maxsize=1)
def short_citations() -> dict[str, str]:
    """Map citation keys to "Author et al. year" from references.bib, for hover texts."""
    path = next(p for p in BIBLIOGRAPHY_CANDIDATES if p.exists())
    text = path.read_text(encoding="utf-8")
    out = {}
    for m in re.finditer(r"^@\w+\s*\{\s*([^,\s]+)\s*,(.*?)^\}", text, flags=re.M | re.S):
        key, body = m.group(1), m.group(2)
        author = re.search(r"author\s*=\s*\{(.*?)\},?\s*$", body, flags=re.M | re.S)
        year = re.search(r"year\s*=\s*\{?(\d{4})", body)
        first = (author.group(1) if author else key).split(" and ")[0]
        surname = first.split(",")[0].strip("{} ") if "," in first else first.split()[-1].strip("{}")
        surname = re.sub(r"\{\\.(\w)\}|\\.\{?(\w)\}?", lambda x: x.group(1) or x.group(2), surname)
        surname = surname.replace("{", "").replace("}", "")
        etal = " et al." if author and " and " in author.group(1) else ""
        out[key] = f"{surname}{etal} {year.group(1) if year else ''}".strip()
    return out


#: Where a band's title sits, from the band's top left corner (data units).
TITLE_OFFSET = (0.03, 0.05)
#: Characters per line of a box label on a wide diagram, and of a short name on a narrow one.
LABEL_LINE = 15
SHORT_LINE = 9


def wrap_label(label: str, width: int = LABEL_LINE) -> str:
    """A box label broken into lines of at most ``width`` characters (a longer word keeps its line)."""
    words, lines, line = label.split(), [], ""
    for w in words:
        if line and len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(lines)


@dataclass(frozen=True)
class Slot:
    """One number array of the figure that changes with the state, by name.

    ``name`` is what the payload, the panel script and the tests call it ("activity", "cuts",
    "rings", "current:UMN" ...); ``trace`` is the ``uid`` of the trace it is written into and
    ``path`` the attribute inside that trace. Nothing refers to a trace by its position.
    """

    name: str
    trace: str
    path: str
    scale: float = 1000.0  # the static table stores round(value * scale) as integers
    scalar: bool = False  # one number (written as a scalar) rather than an array
    frames: int = 0  # > 0: the value holds this many arrays, one per month of the time control

    def spec(self) -> dict[str, Any]:
        """The slot as the static payload and the live widget read it."""
        return dict(
            name=self.name, trace=self.trace, path=self.path, scale=self.scale, scalar=self.scalar, frames=self.frames
        )


def at_frame(spec: dict[str, Any], values: np.ndarray, frame: int) -> np.ndarray:
    """The part of a slot's value that is drawn at one frame of the time control (all of it if the
    slot does not change with the month)."""
    if not spec.get("frames"):
        return values
    size = len(values) // spec["frames"]
    return values[frame * size : (frame + 1) * size]


def curve_uid(group: str, key: str) -> str:
    """The uid of one time-course trace, e.g. ``current:UMN`` or ``pinned:score``."""
    return f"{group}:{key}"


@dataclass(frozen=True)
class View:
    """A part of the network drawn as a diagram, optionally with survival and score curves.

    ``name`` picks the boxes to draw: the nodes that the network data tags with that view (default:
    every node). The boxes are coloured by their activity at a month the reader chooses with the
    time control, every ``frame_step`` months from disease start to ``months``, starting at
    ``snapshot``; ``curves`` adds motor neuron survival and ALSFRS-R over time beside the diagram,
    with ``baseline`` (a simulated course) drawn faintly for comparison, a line at the month shown, and
    dash-dot curves that hold a scenario the reader pins ("compare with...").
    """

    name: str | None = None
    snapshot: int = 48
    frame_step: int = 6
    curves: bool = True
    months: int = 120
    height: int = 980
    net: Network = field(default_factory=network, repr=False, compare=False)

    def frames(self) -> list[int]:
        """The months the time control offers (the default month, ``snapshot``, is one of them)."""
        months = list(range(0, self.months + 1, self.frame_step))
        if self.snapshot not in months:
            raise ValueError(f"snapshot month {self.snapshot} is not a multiple of frame_step {self.frame_step}")
        return months

    def time_spec(self) -> dict[str, Any]:
        """What the time control needs: its months, the default one, and the words it writes."""
        return {"months": self.frames(), "default": self.frames().index(self.snapshot), "label": MONTH_LABEL}

    def node_ids(self) -> tuple[str, ...]:
        """The drawn nodes, in network order."""
        return self.net.view_nodes(self.name) if self.name else tuple(n.id for n in self.net.nodes)

    def edges(self) -> list[Any]:
        """The drawn edges: both ends drawn (gain edges drawn like activating ones)."""
        shown = set(self.node_ids())
        return [e for e in self.net.edges if e.src in shown and e.dst in shown]

    def cut_edges(self) -> list[Any]:
        """Edges leaving a blockable node: each gets a cut mark shown when its source is blocked."""
        blockable = set(self.net.blockable().values()) | set(self.net.therapy_nodes())
        return [e for e in self.edges() if e.src in blockable]

    def ranges(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The x and y ranges of the diagram's axes (data units): the boxes with room for their labels."""
        xs = [self.net.node(i).pos[0] for i in self.node_ids()]
        ys = [self.net.node(i).pos[1] for i in self.node_ids()]
        return (min(xs) - 0.55, max(xs) + 0.55), (min(ys) - 1.0, max(ys) + 0.9)

    def bands(self) -> list[tuple[str, str, tuple[float, float, float, float]]]:
        """The cell-type bands: (title, colour, (x0, y0, x1, y1)) around the drawn members of each group."""
        groups: dict[str, list[Any]] = {}
        for i in self.node_ids():
            groups.setdefault(self.net.node(i).cell, []).append(self.net.node(i))
        out = []
        for cell, members in groups.items():
            x0 = min(m.pos[0] for m in members) - 0.45
            x1 = max(m.pos[0] for m in members) + 0.45
            y0 = min(m.pos[1] for m in members) - 0.7
            y1 = max(m.pos[1] for m in members) + 0.7
            out.append((self.net.groups[cell]["label"], self.net.groups[cell]["colour"], (x0, y0, x1, y1)))
        return out

    def routes(self) -> list[list[tuple[float, float]]]:
        """The drawn path of each edge (in :meth:`edges` order), from its source box to its target box
        around every label, band title and other box (see :mod:`alsbook.routing`)."""
        return self._routed()[0]

    def unrouted(self) -> list[Any]:
        """Edges drawn straight because no path clear of the text exists (the layout needs room)."""
        return [self.edges()[k] for k in self._routed()[1]]

    def _routed(self) -> tuple[list[list[tuple[float, float]]], list[int]]:
        return _routes(self.name, self.height if self.curves else int(self.height * 0.62), self.curves, self.net)

    # ---------------------------------------------------------------- figure structure
    def base(self, baseline: Result | None = None) -> dict[str, Any]:
        """The figure without state: layout, bands, edges, node boxes, empty curves."""
        net = self.net
        ids = self.node_ids()
        nodes = [net.node(i) for i in ids]
        cites = short_citations()
        claim_text = claims()
        xs = [n.pos[0] for n in nodes]
        ys = [n.pos[1] for n in nodes]
        data: list[dict[str, Any]] = []
        shapes: list[dict[str, Any]] = []
        annotations: list[dict[str, Any]] = []
        # Cell-type bands: genes and clinical are columns; the three cell types are rows.
        for label, colour, (x0, y0, x1, y1) in self.bands():
            shapes.append(
                dict(
                    type="rect",
                    xref="x",
                    yref="y",
                    x0=x0,
                    x1=x1,
                    y0=y0,
                    y1=y1,
                    layer="below",
                    fillcolor=colour,
                    line=dict(width=0),
                )
            )
            annotations.append(
                dict(
                    x=x0 + TITLE_OFFSET[0],
                    y=y1 - TITLE_OFFSET[1],
                    xref="x",
                    yref="y",
                    text=f"<b>{label}</b>",
                    showarrow=False,
                    xanchor="left",
                    yanchor="top",
                    font=dict(size=11, color="#333"),
                )
            )
        routes = self.routes()
        for sign, dash, symbol in ((1, "solid", "arrow"), (-1, "dot", "line-ew-open")):
            ex: list[float | None] = []
            ey: list[float | None] = []
            sym: list[str] = []
            size: list[int] = []
            for e, points in zip(self.edges(), routes, strict=True):
                if (e.sign > 0) != (sign > 0):
                    continue
                (x0, y0), (x1, y1) = points[-2], points[-1]
                d = math.hypot(x1 - x0, (y1 - y0) / 2.2) or 1.0
                shrink = min(0.16 / d, 0.9)  # the arrowhead sits at the target box's edge
                ex += [p[0] for p in points[:-1]] + [x1 - (x1 - x0) * shrink, None]
                ey += [p[1] for p in points[:-1]] + [y1 - (y1 - y0) * shrink, None]
                sym += ["circle"] * (len(points) - 1) + [symbol, "circle"]
                size += [0] * (len(points) - 1) + [11, 0]
            data.append(
                dict(
                    type="scatter",
                    uid="activates" if sign > 0 else "inhibits",
                    x=ex,
                    y=ey,
                    mode="lines+markers",
                    hoverinfo="skip",
                    showlegend=True,
                    name="activates" if sign > 0 else "inhibits",
                    line=dict(color="#555" if sign > 0 else "#b2182b", width=1.3, dash=dash),
                    marker=dict(
                        symbol=sym,
                        size=size,
                        angleref="previous",
                        color="#555" if sign > 0 else "#b2182b",
                        line=dict(width=2, color="#b2182b") if sign < 0 else dict(width=0),
                    ),
                    xaxis="x",
                    yaxis="y",
                )
            )
        # Edge hover points half-way along each edge: what it is and the evidence for it.
        mx, my, mtext = [], [], []
        for e, points in zip(self.edges(), routes, strict=True):
            x, y = along(points, 0.5)
            mx.append(x)
            my.append(y)
            verb = {1: "activates", -1: "inhibits"}[e.sign]
            if e.mode == "gain":
                verb = "amplifies"
            where = f" (mutant {e.cell.replace('_', ' ')})" if e.cell else ""
            ev = "; ".join(cites.get(k, k) for k in e.cite)
            cl = "<br>".join(f"{c}: {escape(claim_text.get(c, ''))}" for c in e.claims)
            mtext.append(
                f"<b>{escape(net.node(e.src).label)}</b>{where} {verb}<br><b>{escape(net.node(e.dst).label)}</b>"
                f"<br>Evidence: {escape(ev)}<br>{cl}"
            )
        data.append(
            dict(
                type="scatter",
                uid="evidence",
                x=mx,
                y=my,
                mode="markers",
                name="evidence",
                showlegend=False,
                marker=dict(size=9, color="rgba(0,0,0,0)"),
                hovertext=mtext,
                hoverinfo="text",
                xaxis="x",
                yaxis="y",
            )
        )
        # Cut marks: one per edge leaving a blockable node, sized 0 until the node is blocked.
        cuts = self.cut_edges()
        cut_routes = {e.id: r for e, r in zip(self.edges(), routes, strict=True)}
        data.append(
            dict(
                type="scatter",
                uid="cuts",
                name="blocked",
                showlegend=False,
                mode="markers",
                x=[along(cut_routes[e.id], 0.45)[0] for e in cuts],
                y=[along(cut_routes[e.id], 0.45)[1] for e in cuts],
                marker=dict(symbol="x-thin-open", size=[0] * len(cuts), color="#000", line=dict(width=3, color="#000")),
                hoverinfo="skip",
                xaxis="x",
                yaxis="y",
            )
        )
        data.append(
            dict(
                type="scatter",
                uid=NODES,
                name="nodes",
                showlegend=False,
                mode="markers+text",
                x=xs,
                y=ys,
                text=[wrap_label(n.label) for n in nodes],
                textposition="bottom center",
                texttemplate="%{text}<br><b>%{marker.color:.0%}</b>",
                textfont=dict(size=10, color="#111"),
                customdata=[escape(n.about) for n in nodes],
                hovertemplate="<b>%{text}</b><br>Activity: %{marker.color:.0%}<br>%{customdata}<extra></extra>",
                marker=dict(
                    size=22,
                    color=[0.0] * len(nodes),
                    cmin=0,
                    cmax=1,
                    colorscale=ACTIVITY_SCALE,
                    line=dict(width=[1] * len(nodes), color="#000"),
                    showscale=True,
                    colorbar=dict(
                        title=dict(text="activity", side="right"),
                        thickness=10,
                        len=0.45,
                        y=1.0,
                        yanchor="top",
                        tickformat=".0%",
                        x=1.01,
                    ),
                ),
                xaxis="x",
                yaxis="y",
            )
        )
        layout: dict[str, Any] = dict(
            height=self.height if self.curves else int(self.height * 0.62),
            margin=dict(l=55, r=10, t=30, b=40),
            paper_bgcolor="#fff",
            plot_bgcolor="#fff",
            showlegend=True,
            legend=dict(orientation="h", x=0, y=1.04, font=dict(size=11)),
            hoverlabel=dict(align="left", font=dict(size=12)),
            xaxis=dict(visible=False, range=list(self.ranges()[0]), fixedrange=True, domain=[0, 0.97]),
            yaxis=dict(
                visible=False,
                range=list(self.ranges()[1]),
                fixedrange=True,
                domain=list(DIAGRAM_DOMAIN_Y) if self.curves else [0, 1],
            ),
            shapes=shapes + self._month_lines(),
            annotations=annotations
            + [
                dict(
                    name=MONTH,
                    text=MONTH_LABEL.format(month=self.snapshot),
                    xref="paper",
                    yref="paper",
                    x=1.0,
                    y=1.0 if not self.curves else DIAGRAM_DOMAIN_Y[1],
                    xanchor="right",
                    yanchor="bottom",
                    showarrow=False,
                    font=dict(size=11, color="#333"),
                )
            ],
            font=dict(family="sans-serif"),
        )
        if self.curves:
            self._add_curves(data, layout, baseline)
        return dict(data=data, layout=layout)

    def _add_curves(self, data: list[dict[str, Any]], layout: dict[str, Any], baseline: Result | None) -> None:
        """Three groups of the three curves: the faint untreated baseline, the current state, and
        the pinned state; only the current and pinned ones change with the state."""
        t = list(range(0, self.months + 1, CURVE_STEP))
        groups: list[tuple[str, str, dict[str, Any], float]] = [
            (BASELINE, "untreated sporadic", {"width": 1.5}, 0.45),
            (CURRENT, "", {"width": 3}, 1.0),
            (PINNED, "pinned", {"width": 2, "dash": "dashdot"}, 0.8),
        ]
        for group, suffix, line, opacity in groups:
            is_baseline = group == BASELINE
            for label, key, colour, axis, dash in CURVES:
                y = self._curve(baseline, key) if is_baseline and baseline is not None else [None] * len(t)
                name = f"{label} ({suffix})" if suffix else label
                data.append(
                    dict(
                        type="scatter",
                        uid=curve_uid(group, key),
                        x=t,
                        y=y,
                        mode="lines",
                        name=name,
                        line={"color": colour, "dash": "dot" if is_baseline else dash, **line},
                        opacity=opacity,
                        showlegend=False,
                        hovertemplate="month %{x}: %{y:.2f}<extra>" + name + "</extra>",
                        xaxis=f"x{axis}",
                        yaxis=f"y{axis}",
                    )
                )
        layout.update(
            xaxis2=dict(
                domain=[0, 0.44], anchor="y2", title=dict(text="months from disease start"), range=[0, self.months]
            ),
            yaxis2=dict(
                domain=[0, 0.29],
                anchor="x2",
                range=[0, 1.02],
                tickformat=".0%",
                title=dict(text="motor neurons surviving"),
            ),
            xaxis3=dict(
                domain=[0.56, 0.97], anchor="y3", title=dict(text="months from disease start"), range=[0, self.months]
            ),
            yaxis3=dict(domain=[0, 0.29], anchor="x3", range=[0, 49], title=dict(text="ALSFRS-R (48 = normal)")),
        )
        layout["annotations"] = layout["annotations"] + [
            dict(
                text=text, xref="paper", yref="paper", x=x, y=0.335, showarrow=False, xanchor="left", font=dict(size=11)
            )
            for text, x in (("Blue: UMN, orange dashed: LMN", 0), ("Dotted: untreated sporadic ALS", 0.56))
        ]

    def _month_lines(self) -> list[dict[str, Any]]:
        """A line on each time-course panel at the month the boxes show (moved by the time control)."""
        if not self.curves:
            return []
        return [
            dict(
                type="line",
                name=MONTH,
                xref=f"x{axis}",
                yref=f"y{axis} domain",
                x0=self.snapshot,
                x1=self.snapshot,
                y0=0,
                y1=1,
                line=dict(color="#444", width=1.5, dash="dot"),
            )
            for axis in ("2", "3")
        ]

    def _curve(self, r: Result | None, key: str) -> list[float]:
        if r is None:
            return []
        series = r.alsfrs_r if key == "score" else r.motor_neurons[key]
        return [float(v) for v in series[: self.months + 1 : CURVE_STEP]]

    # ---------------------------------------------------------------- state
    def slots(self) -> tuple[Slot, ...]:
        """The arrays that change with the state (the order of :meth:`values`)."""
        out = [
            Slot(ACTIVITY, NODES, "marker.color", frames=len(self.frames())),
            Slot("cuts", "cuts", "marker.size", 1.0),
            Slot("rings", NODES, "marker.line.width", 1.0),
        ]
        if self.curves:
            out += [
                Slot(curve_uid(CURRENT, key), curve_uid(CURRENT, key), "y", 10.0 if key == "score" else 1000.0)
                for _, key, *_ in CURVES
            ]
        return tuple(out)

    def pins(self) -> dict[str, str]:
        """Compare mode: which trace receives each current curve when the reader pins a scenario."""
        if not self.curves:
            return {}
        return {curve_uid(CURRENT, key): curve_uid(PINNED, key) for _, key, *_ in CURVES}

    def values(self, r: Result) -> list[np.ndarray]:
        """The slot values for one simulated state (same order as :meth:`slots`)."""
        ids = self.node_ids()
        act = np.stack([r.activity[i] for i in ids], axis=1)[self.frames()].ravel()  # frame by frame
        blocked = self.blocked_nodes(r)
        cuts = np.array([14.0 if e.src in blocked else 0.0 for e in self.cut_edges()])
        ring = np.array([4.0 if i in blocked else 1.0 for i in ids])
        out = [act, cuts, ring]
        if self.curves:
            out += [np.array(self._curve(r, key)) for _, key, *_ in CURVES]
        return out

    def blocked_nodes(self, r: Result) -> set[str]:
        """Nodes a block or a therapy suppresses in this state (drawn cut)."""
        names = self.net.blockable()
        out = {names[p] for p, v in r.scenario.blocks.items() if (v.strength if isinstance(v, Block) else v) > 0}
        if r.scenario.therapy:
            t = self.net.therapies[r.scenario.therapy]
            out |= set(t.blocks) | set(t.restores)
        return out


def along(points: list[tuple[float, float]], fraction: float) -> tuple[float, float]:
    """The point at ``fraction`` of the length of a path (measured in data units)."""
    legs = [math.dist(a, b) for a, b in zip(points, points[1:], strict=False)]
    goal = fraction * sum(legs)
    for (a, b), leg in zip(zip(points, points[1:], strict=False), legs, strict=True):
        if goal <= leg and leg > 0:
            t = goal / leg
            return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        goal -= leg
    return points[-1]


#: Routes of each view (the figure of a view is built more than once): the edges' paths, and the
#: edges for which no clear path exists. The network data is not hashable, so each entry holds the
#: network it was computed for.
_ROUTES: dict[tuple[str | None, int, bool, int], tuple[Network, list[list[tuple[float, float]]], list[int]]] = {}


def _routes(
    name: str | None, height: int, curves: bool, net: Network
) -> tuple[list[list[tuple[float, float]]], list[int]]:
    key = (name, height, curves, id(net))
    if key not in _ROUTES or _ROUTES[key][0] is not net:
        failed: list[int] = []
        _ROUTES[key] = (net, _compute_routes(name, height, curves, net, failed), failed)
    return _ROUTES[key][1], _ROUTES[key][2]


def _compute_routes(
    name: str | None, height: int, curves: bool, net: Network, failed: list[int] | None = None
) -> list[list[tuple[float, float]]]:
    view = View(name=name, height=height, curves=curves, net=net)
    ids = list(view.node_ids())
    (x0, x1), (y0, y1) = view.ranges()
    share = 1.0 if curves else 1.0 / (DIAGRAM_DOMAIN_Y[1] - DIAGRAM_DOMAIN_Y[0])
    scale = {layout: routing.scales(layout, x1 - x0, (y1 - y0) / share, height) for layout in routing.LAYOUTS}
    boxes = []
    for i in ids:
        node = net.node(i)
        lines = {
            routing.WIDE: wrap_label(node.label).split("<br>") + ["100%"],
            routing.NARROW: wrap_label(node.short, SHORT_LINE).split("<br>") + ["100%"],
        }
        boxes.append(routing.node_box(*node.pos, lines, scale))
    titles = [
        routing.title_box(bx0 + TITLE_OFFSET[0], by1 - TITLE_OFFSET[1], label, scale)
        for label, _, (bx0, _, _, by1) in view.bands()
    ]
    ends = [(ids.index(e.src), ids.index(e.dst)) for e in view.edges()]
    centres = [net.node(i).pos for i in ids]
    return routing.route(ends, centres, boxes, titles, (x0, y0, x1, y1), scale[routing.WIDE], failed=failed)


def summary(r: Result) -> str:
    """One sentence on the course: onset, survival from onset, and the early ALSFRS-R slope."""
    horizon = int(r.months[-1])
    if math.isinf(r.onset_month):
        return f"No symptom onset within the {horizon} months simulated."
    text = f"Symptoms start at month {r.onset_month:.0f}"
    if math.isinf(r.end_stage_month):
        text += f"; end stage is not reached within the {horizon} months simulated."
    else:
        text += f"; end stage comes {r.survival_months:.1f} months after onset."
    slope = r.alsfrs_slope()
    if not math.isnan(slope):
        text += f" ALSFRS-R falls {slope:.1f} points a month in the first year."
    return text
