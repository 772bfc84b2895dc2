"""Static figures of the chapters, each computed from package data or from the model.

Each function returns a plotly figure; in a notebook it displays natively in a kernel and as an
HTML fragment (with plotly.js served by the site) when the book is built.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import Any

import numpy as np
import yaml

from .causal_network import DATA, network
from .model import Scenario, simulate_batch
from .render import is_live

HORIZON = 240  # months simulated for comparisons, so that slow courses still reach end stage
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")


class StaticFigure:
    """A plotly figure that renders as the book's offline HTML when the book is built."""

    def __init__(self, figure: Any, div_id: str) -> None:
        self.figure, self.div_id = figure, div_id

    def __repr__(self) -> str:
        return f"Figure {self.div_id}"

    def _repr_html_(self) -> str:
        """An empty div and the figure as JSON: the site's panel script draws it when the reader
        nears it (loading plotly.js then, so the page's text never waits for it)."""
        payload = self.figure.to_json().replace("</", "<\\/")
        height = int(self.figure.layout.height or 450)
        title = escape(str(self.figure.layout.title.text or self.div_id.replace("-", " ")))
        return (
            f'<div class="als-plot" id="{self.div_id}" style="height:{height}px" role="img" '
            f'aria-label="Figure: {title}"></div>'
            f'<script type="application/json" data-als-plot="{self.div_id}">{payload}</script>'
        )

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        # IPython's display functions are untyped.
        if is_live():
            display(self.figure)  # type: ignore[no-untyped-call]
        else:
            display(HTML(self._repr_html_()))  # type: ignore[no-untyped-call]


def _figure(data: dict[str, Any], div_id: str) -> StaticFigure:
    import plotly.graph_objects as go

    return StaticFigure(go.Figure(data), div_id)


@lru_cache(maxsize=1)
def gene_share_data() -> dict[str, Any]:
    """The cited shares of familial and sporadic ALS explained by each gene."""
    raw: dict[str, Any] = yaml.safe_load((DATA / "gene_shares.yaml").read_text(encoding="utf-8"))
    return raw


def gene_shares() -> StaticFigure:
    """Bar chart: share of familial (and sporadic) ALS per gene, one bar group per cited source."""
    from .diagram import short_citations

    cites = short_citations()
    genes = ("C9orf72", "SOD1", "TARDBP", "FUS")
    traces = []
    for kind, panel in (("familial", ("x", "y")), ("sporadic", ("x2", "y2"))):
        for i, src in enumerate(gene_share_data()["sources"]):
            shares = src.get(kind) or {}
            if not shares:
                continue
            lo = [shares[g][0] if g in shares else None for g in genes]
            hi = [shares[g][1] if g in shares else None for g in genes]
            mid = [None if a is None else (a + b) / 2 for a, b in zip(lo, hi, strict=True)]
            err = [None if a is None else (b - a) / 2 for a, b in zip(lo, hi, strict=True)]
            label = f"{src['label']} [{cites.get(src['cite'], src['cite'])}]"
            traces.append(
                dict(
                    type="bar",
                    x=list(genes),
                    y=mid,
                    name=label,
                    legendgroup=src["id"],
                    showlegend=kind == "familial" or not src.get("familial"),
                    marker=dict(color=COLOURS[i % len(COLOURS)]),
                    error_y=dict(type="data", array=err, visible=True),
                    hovertemplate="%{x}: %{y}%<extra>" + label.replace("%", "%%") + "</extra>",
                    xaxis=panel[0],
                    yaxis=panel[1],
                )
            )
    layout = dict(
        barmode="group",
        height=560,
        margin=dict(l=60, r=10, t=40, b=40),
        xaxis=dict(domain=[0, 0.58]),
        xaxis2=dict(domain=[0.68, 1.0]),
        yaxis=dict(title=dict(text="% of familial ALS"), domain=[0.38, 1]),
        yaxis2=dict(title=dict(text="% of sporadic ALS"), anchor="x2", domain=[0.38, 1]),
        legend=dict(orientation="h", x=0, y=0.25, yanchor="top", font=dict(size=11)),
        annotations=[
            dict(text="Familial ALS (about 10% of cases)", x=0.29, y=1.06, xref="paper", yref="paper", showarrow=False),
            dict(text="Sporadic ALS", x=0.84, y=1.06, xref="paper", yref="paper", showarrow=False),
        ],
        font=dict(family="sans-serif"),
        paper_bgcolor="#fff",
        plot_bgcolor="#fff",
    )
    return _figure(dict(data=traces, layout=layout), "als-gene-shares")


def block_gains() -> tuple[list[str], np.ndarray]:
    """Months of life (disease start to end stage) gained by fully blocking pathways, alone and in pairs.

    Sporadic ALS, blocks from disease start; apoptosis is left out (blocking it stops death itself).
    Entry [i, j] blocks pathways i and j; the diagonal blocks one. ``inf`` means no end stage within
    the horizon.
    """
    names = [p for p in network().pathways if p != "apoptosis"]
    scenarios = [Scenario()]
    pairs = [(i, j) for i in range(len(names)) for j in range(i, len(names))]
    scenarios += [Scenario(blocks={names[i]: 1.0, names[j]: 1.0}) for i, j in pairs]
    results = simulate_batch(scenarios, HORIZON)
    base = results[0].end_stage_month
    gains = np.zeros((len(names), len(names)))
    for (i, j), r in zip(pairs, results[1:], strict=True):
        gains[i, j] = gains[j, i] = r.end_stage_month - base
    return names, gains


def block_comparison() -> StaticFigure:
    """Heat map of :func:`block_gains`, labelled in months."""
    names, gains = block_gains()
    labels = [network().pathways[n]["label"] for n in names]
    shown = np.where(np.isinf(gains), HORIZON, gains)
    text = [[f">{HORIZON - 0:.0f}" if np.isinf(v) else f"{v:+.0f}" for v in row] for row in gains]
    trace = dict(
        type="heatmap",
        z=shown.round(1).tolist(),
        x=labels,
        y=labels,
        text=text,
        texttemplate="%{text}",
        colorscale="Cividis",
        colorbar=dict(title=dict(text="months gained")),
        hovertemplate="Block %{y} + %{x}: %{text} months<extra></extra>",
    )
    layout = dict(
        height=520,
        margin=dict(l=170, r=10, t=40, b=150),
        font=dict(family="sans-serif"),
        title=dict(text="Months to end stage gained by blocking (teaching model, sporadic ALS)", font=dict(size=14)),
        xaxis=dict(tickangle=-35),
        yaxis=dict(autorange="reversed"),
    )
    return _figure(dict(data=[trace], layout=layout), "als-block-comparison")


LOOP_NODES = (
    "apoptosis",
    "microglial_activation",
    "protective_response",
    "neuroinflammation",
    "cytokines",
    "neurotrophic_support",
)


def inflammation_loop() -> StaticFigure:
    """Time courses of the inflammatory loop in untreated sporadic ALS, with symptom onset marked."""
    r = simulate_batch([Scenario()], 120)[0]
    net = network()
    dashes = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
    traces = [
        dict(
            type="scatter",
            x=r.months.tolist(),
            y=r.activity[n].round(3).tolist(),
            mode="lines",
            name=net.node(n).label,
            line=dict(color=COLOURS[i], width=3, dash=dashes[i]),
        )
        for i, n in enumerate(LOOP_NODES)
    ]
    layout = dict(
        height=440,
        margin=dict(l=60, r=10, t=30, b=50),
        font=dict(family="sans-serif"),
        xaxis=dict(title=dict(text="months from disease start")),
        yaxis=dict(title=dict(text="activity (0-1)"), range=[0, 1.02]),
        legend=dict(orientation="h", y=-0.25),
        shapes=[
            dict(
                type="line",
                x0=r.onset_month,
                x1=r.onset_month,
                y0=0,
                y1=1,
                yref="paper",
                line=dict(color="#444", dash="dot"),
            )
        ],
        annotations=[dict(x=r.onset_month, y=1.0, yref="paper", text="symptom onset", showarrow=False, xanchor="left")],
    )
    return _figure(dict(data=traces, layout=layout), "als-inflammation-loop")


def robustness_bands() -> StaticFigure:
    """The ALSFRS-R course of each genetic background with its spread across the sensitivity draws
    (10th to 90th percentile): how much of each curve comes from the assumed numbers."""
    from .sensitivity import BAND_PERCENTILES, DRAWS, SPREAD, bands

    traces: list[dict[str, Any]] = []
    hover = "month %{x}: %{y:.1f}<extra>"
    for i, band in enumerate(bands()):
        colour = COLOURS[i % len(COLOURS)]
        traces += [
            _band_line(band, band.high, line=dict(width=0), showlegend=False, hoverinfo="skip"),
            _band_line(
                band,
                band.low,
                line=dict(width=0),
                fill="tonexty",
                fillcolor=_transparent(colour),
                showlegend=False,
                name=f"{band.label}: {BAND_PERCENTILES[0]}th to {BAND_PERCENTILES[-1]}th percentile",
                hovertemplate=hover + "%{fullData.name}</extra>",
            ),
            _band_line(
                band,
                band.score,
                name=band.label,
                line=dict(color=colour, width=2.5),
                hovertemplate=hover + band.label + " (as calibrated)</extra>",
            ),
        ]
    layout = dict(
        title=dict(text=f"ALSFRS-R in {DRAWS} draws within ±{SPREAD:.0%}"),
        height=460,
        margin=dict(l=60, r=10, t=50, b=50),
        font=dict(family="sans-serif"),
        xaxis=dict(title=dict(text="months from disease start")),
        yaxis=dict(title=dict(text="ALSFRS-R (48 = normal)"), range=[0, 49]),
        legend=dict(orientation="h", y=-0.2),
    )
    return _figure(dict(data=traces, layout=layout), "als-robustness-bands")


def _band_line(band: Any, y: np.ndarray, **style: Any) -> dict[str, Any]:
    """One line of a background's band (its upper or lower edge, or the calibrated course)."""
    return dict(
        type="scatter", x=band.months.tolist(), y=y.round(2).tolist(), mode="lines", legendgroup=band.label, **style
    )


def _transparent(colour: str, alpha: float = 0.18) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
