"""alsbook: the model and the interactive pieces of the textbook *ALS pathophysiology*.

The notebooks import this package and call one function per widget; all model logic lives here.
"""

from . import figures
from .causal_network import Network, network
from .explorers import show
from .model import (
    CELL_TYPES,
    MUTATIONS,
    PATHWAYS,
    THERAPIES,
    Block,
    Result,
    Scenario,
    simulate,
    simulate_batch,
)
from .selfcheck import self_check

__all__ = [
    "CELL_TYPES",
    "MUTATIONS",
    "PATHWAYS",
    "THERAPIES",
    "Block",
    "Network",
    "Result",
    "Scenario",
    "figures",
    "self_check",
    "show",
    "network",
    "simulate",
    "simulate_batch",
]
