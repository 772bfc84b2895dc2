"""Every explorer of the book, declared once; chapters show them with ``alsbook.show(id)``.

The declarations are data (controls and the part of the network to draw): the live widgets, the
static site's precomputed tables and the tests all start from this registry.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .anatomy import MotorPathwayView
from .causal_network import network
from .diagram import View
from .explorer import Control, DiseaseView, Explorer, Option, block_levels, toggle
from .model import CELL_TYPES, MUTATIONS


def mutation_choice(genes: tuple[str, ...] = MUTATIONS) -> Control:
    """Sporadic ALS or one familial gene."""
    opts = (Option("sporadic (no mutation)", "none"),) + tuple(Option(g, g, {"mutations": (g,)}) for g in genes)
    return Control("mutation", "Genetic background", opts)


def block_toggle(pathway: str) -> Control:
    """Switch a full block of one pathway on or off, labelled with the pathway's name in the data."""
    pathways = network().pathways
    if pathway not in pathways:
        raise ValueError(f"unknown pathway {pathway!r}; valid pathways: {', '.join(pathways)}")
    label = pathways[pathway]["label"]
    return toggle(f"block-{pathway}", f"Block {label[0].lower()}{label[1:]}", {"blocks": {pathway: 1.0}})


def therapy_choice() -> Control:
    """No therapy or one of the network data's therapies (a new therapy appears here by itself)."""
    opts = tuple(Option(t.name, t.id, {"therapy": t.id}) for t in network().therapies.values())
    return Control("therapy", "Therapy (from symptom onset)", (Option("none", "none"),) + opts)


def _cells_without(cell: str) -> tuple[str, ...]:
    return tuple(c for c in CELL_TYPES if c != cell)


#: The whole network (chapters 1 and 7) is drawn taller than a part of it, so that its edges have room
#: to run between the boxes' labels (see alsbook.routing).
WHOLE_NETWORK_HEIGHT = 1300

PUBLISHED = {
    CELL_TYPES: "<strong>Published:</strong> mice carrying mutant SOD1 in every cell develop motor neuron disease "
    "(Gurney et al. 1994).",
    _cells_without("motor_neurons"): "<strong>Published:</strong> lowering mutant SOD1 in motor neurons delayed "
    "onset and slowed the early phase of disease (Boillée et al. 2006).",
    _cells_without("microglia"): "<strong>Published:</strong> lowering mutant SOD1 in microglia and macrophages "
    "had little effect on onset but sharply slowed later progression (Boillée et al. 2006).",
    _cells_without("astrocytes"): "<strong>Published:</strong> lowering mutant SOD1 in astrocytes did not change "
    "onset but delayed microglial activation and slowed later progression (Yamanaka et al. 2008).",
}


@lru_cache(maxsize=1)
def registry() -> dict[str, Explorer]:
    """All explorers by id (built once: the views precompute their baseline course)."""
    therapy = therapy_choice()
    explorers = [
        Explorer(
            "ch1-motor-pathway",
            "the motor pathway",
            [
                Control(
                    "neurons",
                    "Show",
                    (
                        Option("both", "both", {"neurons": "both"}),
                        Option("upper motor neurons", "umn", {"neurons": "umn"}),
                        Option("lower motor neurons", "lmn", {"neurons": "lmn"}),
                    ),
                )
            ],
            MotorPathwayView(),
        ),
        Explorer(
            "ch1-overview",
            "the whole cascade",
            [
                mutation_choice(),
                block_toggle("excitotoxicity"),
                block_toggle("oxidative_stress"),
                block_toggle("protein_aggregation"),
                block_toggle("neuroinflammation"),
            ],
            DiseaseView(View(snapshot=48, height=WHOLE_NETWORK_HEIGHT)),
        ),
        Explorer(
            "ch2-lesions",
            "which neurons are lost, and where",
            [
                Control(
                    "neurons",
                    "Neurons lost",
                    (
                        Option("upper (UMN)", "umn", {"neurons": "umn"}),
                        Option("lower (LMN)", "lmn", {"neurons": "lmn"}),
                        Option("both", "both", {"neurons": "both"}),
                    ),
                ),
                Control(
                    "region",
                    "Region",
                    tuple(
                        Option(label, r, {"region": r})
                        for r, label in (("bulbar", "bulbar"), ("cervical", "cervical"), ("lumbar", "lumbosacral"))
                    ),
                ),
            ],
            MotorPathwayView(lesion=True),
        ),
        Explorer(
            "ch2-survival",
            "upper and lower motor neurons over time",
            [mutation_choice()],
            DiseaseView(View(name="clinical", snapshot=48)),
        ),
        Explorer(
            "ch3-genes",
            "each gene's cascade",
            [
                mutation_choice(),
                block_toggle("protein_aggregation"),
            ],
            DiseaseView(View(name="genetic", snapshot=36)),
        ),
        Explorer(
            "ch4-excitotoxicity",
            "excitotoxicity step by step",
            [
                mutation_choice(("SOD1",)),
                block_levels("excess_glutamate", "Reduce glutamate release"),
                block_levels("excitotoxicity", "Block receptor overactivation"),
                block_levels("calcium_influx", "Block calcium influx"),
            ],
            DiseaseView(View(name="excitotoxic", snapshot=60)),
        ),
        Explorer(
            "ch4-mito-clearance",
            "mitochondria, oxidative stress and protein clearance",
            [
                mutation_choice(("SOD1",)),
                block_toggle("oxidative_stress"),
                block_toggle("mitochondrial_dysfunction"),
                toggle(
                    "restore-clearance",
                    "Restore clearance (block impaired clearance)",
                    {"blocks": {"impaired_clearance": 1.0}},
                ),
                block_toggle("protein_aggregation"),
            ],
            DiseaseView(View(name="mito_clearance", snapshot=48)),
        ),
        Explorer(
            "ch5-inflammation-timing",
            "timing of anti-inflammatory treatment",
            [
                Control(
                    "target",
                    "What is blocked",
                    (
                        Option("the whole glial response", "whole", {"block_target": "microglial_activation"}),
                        Option(
                            "only the pro-inflammatory arm", "proinflammatory", {"block_target": "neuroinflammation"}
                        ),
                    ),
                ),
                Control(
                    "when",
                    "When the block starts",
                    (
                        Option("never", "never"),
                        Option("at disease start (early)", "early", {"block_when": "early"}),
                        Option("at symptom onset", "onset", {"block_when": "onset"}),
                        Option("12 months after onset (late)", "late", {"block_when": "late"}),
                    ),
                ),
                Control(
                    "strength",
                    "Strength",
                    (Option("half", "50", {"block_strength": 0.5}), Option("full", "100", {"block_strength": 1.0})),
                    "levels",
                    1,
                ),
            ],
            DiseaseView(View(name="inflammation", snapshot=60)),
        ),
        Explorer(
            "ch6-cell-types",
            "which cells carry mutant SOD1",
            [
                Control(
                    "cells",
                    "Mutant SOD1 is",
                    (
                        Option("in every cell", "all", {"mutant_cells": CELL_TYPES}),
                        Option("removed from motor neurons", "nomn", {"mutant_cells": _cells_without("motor_neurons")}),
                        Option("removed from microglia", "nomicroglia", {"mutant_cells": _cells_without("microglia")}),
                        Option(
                            "removed from astrocytes", "noastrocytes", {"mutant_cells": _cells_without("astrocytes")}
                        ),
                    ),
                ),
                toggle("reveal", "Reveal the published result", {"reveal": True}),
            ],
            DiseaseView(View(name="glia", snapshot=36, months=240), base={"mutations": ("SOD1",)}, published=PUBLISHED),
        ),
        Explorer(
            "ch7-integrated",
            "the integrated model",
            [
                mutation_choice(),
                therapy,
                *[
                    block_toggle(p)
                    for p in (
                        "excitotoxicity",
                        "oxidative_stress",
                        "mitochondrial_dysfunction",
                        "protein_aggregation",
                        "neuroinflammation",
                    )
                ],
            ],
            DiseaseView(View(snapshot=48, height=WHOLE_NETWORK_HEIGHT)),
            split=True,
        ),
    ]
    return {e.id: e for e in explorers}


def get(explorer_id: str) -> Explorer:
    """The explorer called ``explorer_id``; a ValueError lists the valid ids otherwise."""
    reg = registry()
    if explorer_id not in reg:
        raise ValueError(f"unknown explorer {explorer_id!r}; valid explorers: {', '.join(reg)}")
    return reg[explorer_id]


def show(explorer_id: str) -> Any:
    """Display an explorer in a notebook cell (live widgets in a kernel, a static panel in the book)."""
    return get(explorer_id).show()
