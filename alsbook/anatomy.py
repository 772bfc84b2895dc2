"""The motor pathway as a schematic: where upper and lower motor neurons run, and what their loss shows.

Chapter 1 uses it to show the two populations (cortex -> brainstem and spinal cord -> muscle);
chapter 2 marks a lesion (UMN, LMN or both, in one body region) and lists the clinical signs it
gives, from ``data/clinical_signs.yaml``. It follows the same slot protocol as the disease view,
so the same explorer machinery renders it live and on the static site.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any

import numpy as np
import yaml

from .causal_network import DATA
from .diagram import Slot, Values, short_citations, wrap_label

#: Characters per line of a muscle label: "Tongue, face, throat" must fit beside its nucleus on a phone.
MUSCLE_LINE = 12

REGIONS = ("bulbar", "cervical", "lumbar")
#: Level of each region on the schematic (y) and the muscles its lower motor neurons reach.
LEVEL_Y = {"bulbar": 3.0, "cervical": 2.0, "lumbar": 1.0}
MUSCLES = {"bulbar": "Tongue, face, throat", "cervical": "Arm and hand", "lumbar": "Leg and foot"}
STATION = {
    "bulbar": "Brainstem motor nuclei",
    "cervical": "Spinal cord, cervical",
    "lumbar": "Spinal cord, lumbosacral",
}
UMN_COLOUR, LMN_COLOUR = "#0072b2", "#d55e00"
PATH_UIDS = tuple(f"{kind}:{region}" for kind in ("umn", "lmn") for region in REGIONS)


@lru_cache(maxsize=1)
def clinical_signs() -> dict[str, Any]:
    """The cited table of UMN and LMN signs and their regional forms."""
    raw: dict[str, Any] = yaml.safe_load((DATA / "clinical_signs.yaml").read_text(encoding="utf-8"))
    return raw


def _cite(keys: Sequence[str]) -> str:
    short = short_citations()
    return "; ".join(short.get(k, k) for k in keys)


@dataclass(frozen=True)
class MotorPathwayView:
    """Schematic of the motor pathway; the state says which populations are shown or lost, where."""

    lesion: bool = False  # chapter 2: mark lost neurons and list signs; chapter 1: highlight

    def base_figure(self) -> dict[str, Any]:
        data: list[dict[str, Any]] = []
        for region in REGIONS:  # traces 0-2: UMN paths, cortex -> each level
            y = LEVEL_Y[region]
            data.append(
                dict(
                    type="scatter",
                    uid=f"umn:{region}",
                    x=[0, 1.0],
                    y=[4.2, y],
                    mode="lines+markers",
                    name=f"UMN to {region}",
                    line=dict(color=UMN_COLOUR, width=5),
                    marker=dict(size=[12, 0], color=UMN_COLOUR),
                    hovertemplate=f"Upper motor neuron: motor cortex to {STATION[region].lower()}<extra></extra>",
                    showlegend=region == "bulbar",
                    legendgroup="umn",
                )
            )
        for region in REGIONS:  # traces 3-5: LMN paths, each level -> its muscles
            y = LEVEL_Y[region]
            data.append(
                dict(
                    type="scatter",
                    uid=f"lmn:{region}",
                    x=[1.0, 2.4],
                    y=[y, y],
                    mode="lines+markers",
                    name=f"LMN to {region}",
                    line=dict(color=LMN_COLOUR, width=5, dash="dash"),
                    marker=dict(size=[12, 0], color=LMN_COLOUR),
                    hovertemplate=(
                        f"Lower motor neuron: {STATION[region].lower()} to {MUSCLES[region].lower()}<extra></extra>"
                    ),
                    showlegend=region == "bulbar",
                    legendgroup="lmn",
                )
            )
        data[0]["name"], data[3]["name"] = "Upper motor neuron (UMN)", "Lower motor neuron (LMN)"
        # trace 6: lesion marks (UMN at 3 levels, LMN at 3 levels), size 0 unless lost
        data.append(
            dict(
                type="scatter",
                uid="lesions",
                mode="markers",
                name="lost",
                showlegend=False,
                hoverinfo="skip",
                x=[0.55] * 3 + [1.7] * 3,
                y=[4.2 - (4.2 - LEVEL_Y[r]) * 0.55 for r in REGIONS] + [LEVEL_Y[r] for r in REGIONS],
                marker=dict(symbol="x-thin-open", size=[0] * 6, line=dict(width=4, color="#000")),
            )
        )
        stations = [("Motor cortex", 0, 4.2)] + [(STATION[r], 1.0, LEVEL_Y[r]) for r in REGIONS]
        muscles = [(MUSCLES[r], 2.4, LEVEL_Y[r]) for r in REGIONS]
        ann = [dict(x=x, y=y + 0.28, text=f"<b>{t}</b>", showarrow=False, font=dict(size=12)) for t, x, y in stations]
        ann += [
            dict(
                x=x + 0.05,
                y=y,
                text=wrap_label(t, MUSCLE_LINE),
                showarrow=False,
                xanchor="left",
                align="left",
                font=dict(size=12),
            )
            for t, x, y in muscles
        ]
        layout = dict(
            height=420,
            margin=dict(l=10, r=10, t=50, b=10),
            paper_bgcolor="#fff",
            plot_bgcolor="#fff",
            xaxis=dict(visible=False, range=[-0.5, 3.4], fixedrange=True),
            yaxis=dict(visible=False, range=[0.5, 4.7], fixedrange=True),
            legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"),
            annotations=ann,
            font=dict(family="sans-serif"),
        )
        return dict(data=data, layout=layout)

    def slot_specs(self) -> list[dict[str, Any]]:
        paths = [Slot(uid, uid, "opacity", 100.0, scalar=True) for uid in PATH_UIDS]
        return [s.spec() for s in (*paths, Slot("lesions", "lesions", "marker.size", 1.0))]

    def table_labels(self) -> list[str] | None:
        return None

    def evaluate_many(self, states: Sequence[Sequence[Mapping[str, Any]]]) -> list[tuple[Values, str]]:
        out = []
        for changes in states:
            choice: dict[str, Any] = {}
            for ch in changes:
                choice.update(ch)
            out.append(self._state(choice.get("neurons", "both"), choice.get("region")))
        return out

    def _state(self, neurons: str, region: str | None) -> tuple[Values, str]:
        umn_on, lmn_on = neurons in ("umn", "both"), neurons in ("lmn", "both")
        regions = [region] if region else list(REGIONS)
        if not self.lesion:
            opacity = [1.0 if umn_on else 0.12] * 3 + [1.0 if lmn_on else 0.12] * 3
            marks = [0.0] * 6
            text = {
                "both": "Both populations: upper motor neurons run from the motor cortex to the brainstem and "
                "spinal cord; lower motor neurons run from there to the muscles.",
                "umn": "Upper motor neurons: cell bodies in the motor cortex, axons descending to the brainstem "
                "and spinal cord.",
                "lmn": "Lower motor neurons: cell bodies in the brainstem motor nuclei and the anterior horn of "
                "the spinal cord, axons running to the muscles.",
            }[neurons]
            return self._values(opacity, marks), escape(text)
        opacity = [0.35 if (umn_on and r in regions) else 1.0 for r in REGIONS]
        opacity += [0.35 if (lmn_on and r in regions) else 1.0 for r in REGIONS]
        marks = [18.0 if (umn_on and r in regions) else 0.0 for r in REGIONS]
        marks += [18.0 if (lmn_on and r in regions) else 0.0 for r in REGIONS]
        return self._values(opacity, marks), self._signs_html(umn_on, lmn_on, regions)

    @staticmethod
    def _values(opacity: list[float], marks: list[float]) -> Values:
        return {**{uid: np.array([o]) for uid, o in zip(PATH_UIDS, opacity, strict=True)}, "lesions": np.array(marks)}

    def _signs_html(self, umn: bool, lmn: bool, regions: list[str]) -> str:
        table = clinical_signs()
        parts = []
        for flag, key, name in ((umn, "umn", "Upper motor neuron signs"), (lmn, "lmn", "Lower motor neuron signs")):
            if not flag:
                continue
            items = "".join(
                f'<li>{escape(s["label"])} <span class="als-cite">({escape(_cite(s["cite"]))})</span></li>'
                for s in table["signs"][key]
            )
            local = "".join(
                f"<li><strong>{escape(table['regions'][r]['label'])}:</strong> "
                f'{escape(table["regions"][r][key + "_signs_text"])} <span class="als-cite">'
                f"({escape(_cite(table['regions'][r]['cite']))})</span></li>"
                for r in regions
            )
            parts.append(f"<p><strong>{name}</strong></p><ul>{items}</ul><p>In this region:</p><ul>{local}</ul>")
        if umn and lmn:
            parts.append(
                "<p><strong>Both together</strong>, in the same region, is the pattern of ALS: a weak, "
                "wasted muscle with brisk reflexes.</p>"
            )
        return "".join(parts)
