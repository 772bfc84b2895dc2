"""Edges of the pathway diagram routed around its text.

Why: drawn as straight lines between hand-placed boxes, the arrows of the whole cascade ran through
the names under the boxes and through the cell-type band titles (issue 15). Here every edge is the
shortest path from its source box to its target box that keeps clear of every piece of text of the
diagram, its own two end boxes' names included, and of every other box: a visibility graph over the
corners of those obstacles, searched with Dijkstra's algorithm. Plain Python and numpy, computed
when the figure is built, so the live widget and the static site draw the same routes.

The obstacles are the text boxes as the site draws them at both of its layouts: a wide panel (full
labels) and a phone (short names, smaller font, a taller figure), each measured in pixels and turned
into data units with that layout's scale, and their union taken. The pixel sizes below were measured
in the built site (headless Chromium, 1280 and 390 px wide pages); ``tests/test_site.py`` reads the
drawn figure and fails if an edge crosses a label, so a change of fonts or column widths shows.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

#: Width in em of characters in a sans-serif font (Helvetica/Arial metrics, rounded up).
_NARROW_CHARS = set("iljtfrI.,;:'!|()[] -/")
_WIDE_CHARS = set("mwMW%@")
MARGIN_PX = 3.0  # clearance kept between an edge and any text, in pixels


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate (slightly generous) of the width in pixels of one line of text."""
    em = 0.0
    for ch in text:
        if ch in _NARROW_CHARS:
            em += 0.30
        elif ch in _WIDE_CHARS:
            em += 0.88
        elif ch.isupper() or ch.isdigit():
            em += 0.68
        else:
            em += 0.56
    return em * size * (1.08 if bold else 1.0) + 2.0


@dataclass(frozen=True)
class Layout:
    """One way the site draws the diagram: the plot area's width in pixels, its height as a fraction
    of the figure's height (which the panel multiplies by ``height_factor``), the box labels' font
    size and line height, the box radius, and the band titles' font (one word per line or not)."""

    plot_width: float
    plot_height: float
    height_factor: float
    font: float
    line: float
    radius: float
    band_font: float
    band_word_lines: bool
    short: bool


#: A wide panel (a 1280 px page: the figure is 660 px wide) and a phone (390 px: 330 px wide, the
#: panel 1.35 times taller, short names in 9 px type; see ``fitWidth`` in alsbook-explorer.js).
WIDE = Layout(512.0, 0.5656, 1.0, 10.0, 12.6, 11.0, 11.0, False, False)
NARROW = Layout(257.0, 0.5737, 1.35, 9.0, 10.9, 7.0, 9.0, True, True)
LAYOUTS = (WIDE, NARROW)

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in data units


@dataclass(frozen=True)
class Box:
    """What the router must keep clear of for one node: its marker and its label (data units)."""

    marker: Rect
    label: Rect


def union(a: Rect, b: Rect) -> Rect:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def scales(layout: Layout, xspan: float, yspan: float, height: float) -> tuple[float, float]:
    """Pixels per data unit along x and y for one layout."""
    return layout.plot_width / xspan, layout.plot_height * height * layout.height_factor / yspan


def node_box(
    x: float, y: float, lines: Mapping[Layout, Sequence[str]], sx: Mapping[Layout, tuple[float, float]]
) -> Box:
    """A node's marker and label rectangles, the union over the layouts, with the margin added.

    ``lines``: the label's lines in each layout (the percentage line included)."""
    marker: Rect | None = None
    label: Rect | None = None
    for layout, text in lines.items():
        px, py = sx[layout]
        r = layout.radius + MARGIN_PX
        m = (x - r / px, y - r / py, x + r / px, y + r / py)
        w = max(text_width(t, layout.font, bold=(i == len(text) - 1 and not layout.short)) for i, t in enumerate(text))
        half = (w / 2 + MARGIN_PX) / px
        top = y - (layout.radius + 1 - MARGIN_PX) / py
        bottom = y - (layout.radius + 1 + layout.line * len(text) + MARGIN_PX) / py
        lab = (x - half, bottom, x + half, top)
        marker = m if marker is None else union(marker, m)
        label = lab if label is None else union(label, lab)
    assert marker is not None and label is not None
    return Box(marker, label)


def title_box(x: float, y: float, text: str, sx: dict[Layout, tuple[float, float]]) -> Rect:
    """A band title's rectangle (anchored at its top left corner), the union over the layouts."""
    out: Rect | None = None
    for layout, (px, py) in sx.items():
        words = text.split() if layout.band_word_lines else [text]
        w = max(text_width(t, layout.band_font, bold=True) for t in words) + 2 + MARGIN_PX
        h = layout.band_font * 1.25 * len(words) + 2 + MARGIN_PX
        r = (x - MARGIN_PX / px, y - h / py, x + w / px, y + MARGIN_PX / py)
        out = r if out is None else union(out, r)
    assert out is not None
    return out


def _crosses(p: np.ndarray, q: np.ndarray, rects: np.ndarray) -> np.ndarray:
    """For segments p[i] -> q[i] (arrays n x 2) and rectangles (m x 4): does segment i pass through
    the inside of rectangle j (touching a side or a corner does not count)? An n x m array."""
    eps = 1e-9
    x0, y0 = p[:, 0:1], p[:, 1:2]
    dx, dy = q[:, 0:1] - x0, q[:, 1:2] - y0
    t0 = np.zeros((len(p), len(rects)))
    t1 = np.ones((len(p), len(rects)))
    inside = np.ones((len(p), len(rects)), dtype=bool)
    for d, lo, hi, o in (
        (dx, rects[:, 0] + eps, rects[:, 2] - eps, x0),
        (dy, rects[:, 1] + eps, rects[:, 3] - eps, y0),
    ):
        with np.errstate(divide="ignore", invalid="ignore"):
            a = (lo[None, :] - o) / d
            b = (hi[None, :] - o) / d
        flat = np.broadcast_to(d == 0, a.shape)
        inside &= ~flat | ((o > lo[None, :]) & (o < hi[None, :]))
        t0 = np.where(flat, t0, np.maximum(t0, np.minimum(a, b)))
        t1 = np.where(flat, t1, np.minimum(t1, np.maximum(a, b)))
    return inside & (t0 < t1)


def route(
    ends: Sequence[tuple[int, int]],
    centres: Sequence[tuple[float, float]],
    boxes: Sequence[Box],
    titles: Sequence[Rect],
    bounds: Rect,
    metric: tuple[float, float],
    bend: float = 30.0,
    failed: list[int] | None = None,
) -> list[list[tuple[float, float]]]:
    """The route of each edge (source index, target index): a list of points from the source's centre
    to the target's centre, clear of every label, title and other marker; a straight line where no
    clear route exists (its index is then appended to ``failed``). ``metric`` converts data units to
    pixels for lengths; each bend costs ``bend`` pixels more, so that among routes of about the same
    length the straighter one wins. Edges with the same two ends share one route. (Making edges
    avoid corridors that earlier edges use was tried: it sent them on long detours, harder to follow
    than edges that share a corridor.)"""
    n = len(centres)
    rects = np.array([b.label for b in boxes] + [b.marker for b in boxes] + list(titles), dtype=float)
    corners = np.array([(r[i], r[j]) for r in rects for i, j in ((0, 1), (0, 3), (2, 1), (2, 3))])
    # Corners inside another obstacle or outside the drawn area can never be on a route.
    cx, cy = corners[:, 0:1], corners[:, 1:2]
    buried = (
        (cx > rects[:, 0] + 1e-9) & (cx < rects[:, 2] - 1e-9) & (cy > rects[:, 1] + 1e-9) & (cy < rects[:, 3] - 1e-9)
    ).any(1)
    x0, y0, x1, y1 = bounds
    keep = ~buried & (corners[:, 0] >= x0) & (corners[:, 0] <= x1) & (corners[:, 1] >= y0) & (corners[:, 1] <= y1)
    verts = np.unique(np.round(corners[keep], 9), axis=0)
    mx, my = metric

    def length(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.asarray(np.hypot((b[..., 0] - a[..., 0]) * mx, (b[..., 1] - a[..., 1]) * my))

    # Which corners see each other (no obstacle in between): one vectorized test of all pairs.
    iu, ju = np.triu_indices(len(verts), 1)
    seen = ~_crosses(verts[iu], verts[ju], rects).any(1)
    graph: dict[int, list[tuple[int, float]]] = {i: [] for i in range(len(verts))}
    for i, j, w in zip(iu[seen], ju[seen], length(verts[iu[seen]], verts[ju[seen]]), strict=True):
        graph[int(i)].append((int(j), float(w) + bend))
        graph[int(j)].append((int(i), float(w) + bend))
    pts = np.array(centres, dtype=float)
    routes: list[list[tuple[float, float]]] = []
    done_pairs: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for k, (s, t) in enumerate(ends):
        if (s, t) in done_pairs:
            routes.append(done_pairs[(s, t)])
            continue
        own = np.ones(len(rects), dtype=bool)
        own[[n + s, n + t]] = False  # the edge starts and ends inside its own two markers
        active = rects[own]
        a, b = pts[s], pts[t]
        if not _crosses(a[None], b[None], active).any():
            routes.append([tuple(a), tuple(b)])
            continue
        from_a = ~_crosses(np.repeat(a[None], len(verts), 0), verts, active).any(1)
        to_b = np.asarray(~_crosses(verts, np.repeat(b[None], len(verts), 0), active).any(1))
        da, db = length(a[None], verts), length(verts, b[None])
        # Dijkstra from the source over the corners; the target is reached from a corner that sees it.
        best: dict[int, float] = {int(i): float(da[i]) for i in np.flatnonzero(from_a)}
        prev: dict[int, int] = {}
        heap: list[tuple[float, int]] = [(d, i) for i, d in best.items()]
        heapq.heapify(heap)
        done: set[int] = set()
        goal, goal_prev = math.inf, -1
        while heap:
            d, i = heapq.heappop(heap)
            if i in done or d > best.get(i, math.inf) or d >= goal:
                continue
            done.add(i)
            if to_b[i] and d + float(db[i]) + bend < goal:
                goal, goal_prev = d + float(db[i]) + bend, i
            for j, w in graph[i]:
                if d + w < best.get(j, math.inf):
                    best[j], prev[j] = d + w, i
                    heapq.heappush(heap, (d + w, j))
        if goal_prev < 0:
            routes.append([tuple(a), tuple(b)])
            if failed is not None:
                failed.append(k)
            continue
        path = [goal_prev]
        while path[-1] in prev:
            path.append(prev[path[-1]])
        path.reverse()
        routes.append([tuple(a)] + [tuple(verts[i]) for i in path] + [tuple(b)])
        done_pairs[(s, t)] = routes[-1]
    return [[(float(x), float(y)) for x, y in r] for r in routes]
