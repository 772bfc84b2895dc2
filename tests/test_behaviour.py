"""Behaviours of the teaching model, one published finding per entry of ``alsbook.behaviours``.

The suite is data (``alsbook/behaviours.py``): each entry states a finding in one sentence with its
citation keys from references.bib and claim ids, the tolerance, and a check that runs the model. The
checks test the DIRECTION of each effect, and its SIZE only where the source gives a number and the
model claims to reproduce it; where the model cannot reproduce a published size, the entry pins what
the model gives (``kind="pinned"``) and book/model.md says so with the number.

All scenarios of the suite run in one batch per horizon, so the file runs in about a second.
"""

from __future__ import annotations

import functools

import pytest

import alsbook
from alsbook import MUTATIONS
from alsbook.behaviours import BEHAVIOURS, Behaviour, Check, evaluate
from alsbook.causal_network import network

pytestmark = pytest.mark.fast


@functools.lru_cache(maxsize=1)
def checks() -> dict[str, Check]:
    return evaluate()


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=lambda b: b.id)
def test_behaviour(behaviour: Behaviour) -> None:
    check = checks()[behaviour.id]
    assert check.holds, (
        f"{behaviour.finding} [{', '.join(behaviour.cite)}]: expected {behaviour.tolerance}; model gives {check.value}"
    )


def test_the_suite_is_large_cited_and_stated() -> None:
    """At least 40 behaviours, each with a citation in references.bib, a tolerance and at least one run."""
    assert len(BEHAVIOURS) >= 40
    from alsbook.causal_network import bibliography_keys

    keys = bibliography_keys()
    for b in BEHAVIOURS:
        assert b.cite and set(b.cite) <= keys, b.id
        assert b.tolerance and b.finding.endswith("."), b.id
        assert b.runs, b.id
        assert b.kind in ("direction", "size", "pinned"), b.id
        assert set(b.claims) <= set(alsbook.causal_network.claims()), b.id


# --- structure the behaviours rely on -----------------------------------------------------------------


def test_glutamate_uptake_inhibits_excess_glutamate() -> None:
    """Lepore2008NatNeurosci, Rothstein1995AnnNeurol (C4.2): uptake removes synaptic glutamate (an inhibiting edge)."""
    edges = [e for e in network().edges if e.src == "glutamate_uptake" and e.dst == "excess_glutamate"]
    assert edges and all(e.sign == -1 for e in edges)


def test_riluzole_lowers_glutamate_release() -> None:
    """Bensimon1994NEJM: riluzole was tested as an antiglutamate drug; the chapters say it lowers glutamate release."""
    assert set(network().therapies["riluzole"].blocks) == {"excess_glutamate"}


def test_clearance_reaches_the_misfolded_proteins() -> None:
    """Ling2013Neuron, Deng2011Nature (C4.4): impaired clearance feeds misfolded SOD1, TDP-43 and FUS."""
    targets = {e.dst for e in network().edges if e.src == "impaired_clearance" and e.sign > 0}
    assert {"sod1_aggregates", "tdp43_pathology", "fus_pathology", "protein_aggregation"} <= targets


def test_tdp43_loss_of_function_reaches_the_motor_neuron() -> None:
    """Klim2019NatNeurosci, Melamed2019NatNeurosci, Ma2022Nature, Brown2022Nature: nuclear TDP-43 loss ->
    cryptic exons in STMN2 and UNC13A -> motor neuron damage; chapter 3's explorer draws them."""
    net = network()
    edges = {(e.src, e.dst) for e in net.edges}
    assert {("tdp43_pathology", "tdp43_nuclear_loss"), ("tdp43_nuclear_loss", "stmn2_loss")} <= edges
    assert {("tdp43_nuclear_loss", "unc13a_loss"), ("stmn2_loss", "apoptosis"), ("unc13a_loss", "apoptosis")} <= edges
    for node in ("tdp43_nuclear_loss", "stmn2_loss", "unc13a_loss"):
        assert "genetic" in net.node(node).views


def test_new_nodes_keep_clear_of_the_others() -> None:
    """Node positions of the diagram: no two nodes closer than 0.75 units (labels sit below each node)."""
    nodes = network().nodes
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            dx, dy = a.pos[0] - b.pos[0], a.pos[1] - b.pos[1]
            assert (dx * dx + dy * dy) ** 0.5 >= 0.75, (a.id, b.id)


def test_every_drawn_edge_has_a_path_clear_of_the_text() -> None:
    """Each explorer's diagram finds, for every edge, a path around every label and band title at
    both of the site's layouts (tests/test_site.py checks what the browser then draws); an edge
    without one is drawn straight through the text, and the network needs room (positions, height)."""
    from alsbook.explorers import registry

    for eid, exp in registry().items():
        view = getattr(exp.view, "view", None)
        if view is not None:
            assert [e.id for e in view.unrouted()] == [], eid


@pytest.mark.parametrize("name", ["sporadic_factors", "apoptosis", "sod1", "sporadic"])
def test_a_name_that_is_not_a_mutation_is_refused(name: str) -> None:
    """Validation: an internal node id or a misspelt gene is a ValueError naming the valid mutations."""
    with pytest.raises(ValueError, match="valid mutations: " + ", ".join(repr(m) for m in MUTATIONS)):
        alsbook.simulate(mutations=(name,))
