"""The API contract of alsbook: constants, result shapes, determinism, bad input and the network loader."""

from __future__ import annotations

import copy
import functools
import math
import re
from pathlib import Path

import numpy as np
import pytest
import yaml

import alsbook
from alsbook import CELL_TYPES, MUTATIONS, PATHWAYS, THERAPIES, Block, Scenario
from alsbook.causal_network import DATA, bibliography_keys, load_network

REPO = Path(__file__).resolve().parent.parent
BIB = REPO / "references.bib"
#: The package's own copy of the claims checklist: the ids the network's edges may cite.
CLAIMS_TXT = DATA / "claims.txt"
#: The project's checklist, outside the repository; only compared with the package copy when present.
SHARED_CLAIMS_MD = REPO.parent / "shared" / "CLAIMS.md"

EXTRA_NODES = (
    "calcium_influx",
    "sod1_aggregates",
    "rna_foci_and_dprs",
    "tdp43_pathology",
    "microglial_activation",
    "astrocyte_reactivity",
    "cytokines",
    "neurotrophic_support",
)


def claim_ids() -> list[str]:
    """The claim ids of alsbook/data/claims.txt, in file order; a clear failure if the file is missing."""
    assert CLAIMS_TXT.is_file(), f"{CLAIMS_TXT} is missing: the package must ship its copy of the claims checklist"
    ids = re.findall(r"^(C\d+\.\d+)\s", CLAIMS_TXT.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert ids, f"no claim ids (lines like 'C3.4 ...') found in {CLAIMS_TXT}"
    return ids


@functools.lru_cache(maxsize=512)
def run(mutations: tuple[str, ...] = (), therapy: str | None = None, months: int = 120) -> alsbook.Result:
    return alsbook.simulate(mutations=mutations, therapy=therapy, months=months)


# --- constants ---------------------------------------------------------------------------------------


def test_mutations_constant():
    assert MUTATIONS == ("SOD1", "C9orf72", "TARDBP", "FUS")


def test_pathways_constant():
    assert PATHWAYS == (
        "excitotoxicity",
        "oxidative_stress",
        "mitochondrial_dysfunction",
        "protein_aggregation",
        "neuroinflammation",
        "glial_toxicity",
        "apoptosis",
    )


def test_cell_types_constant():
    assert CELL_TYPES == ("motor_neurons", "astrocytes", "microglia")


def test_therapies_constant():
    assert isinstance(THERAPIES, tuple)
    for t in ("riluzole", "edaravone", "tofersen", "minocycline", "ceftriaxone"):
        assert t in THERAPIES


# --- result shapes and ranges -----------------------------------------------------------------------


@pytest.mark.parametrize("mutations", [(), ("SOD1",), ("C9orf72",), ("TARDBP",), ("FUS",)])
def test_result_shapes_and_ranges(mutations):
    r = run(mutations)
    n = len(r.months)
    assert r.months[0] == 0.0
    np.testing.assert_array_equal(r.months, np.arange(121, dtype=float))
    for name in PATHWAYS + EXTRA_NODES:
        assert name in r.activity, name
    for name, values in r.activity.items():
        assert values.shape == (n,), name
        assert np.all(np.isfinite(values)), name
        assert np.all((values >= 0.0) & (values <= 1.0)), name
    for pop in ("UMN", "LMN"):
        assert r.motor_neurons[pop].shape == (n,)
        assert np.all((r.motor_neurons[pop] >= 0.0) & (r.motor_neurons[pop] <= 1.0))
    assert r.motor_function.shape == (n,)
    assert r.alsfrs_r.shape == (n,)
    assert np.all((r.alsfrs_r >= 0.0) & (r.alsfrs_r <= 48.0))
    assert r.onset_month > 0 and r.end_stage_month > r.onset_month
    assert r.survival_months == pytest.approx(r.end_stage_month - r.onset_month)


def test_months_argument_sets_the_length():
    r = alsbook.simulate(months=36)
    assert r.months[0] == 0.0 and r.months[-1] == 36.0 and len(r.months) == 37


def test_survival_is_inf_when_end_stage_is_never_reached():
    r = alsbook.simulate(healthy=True)
    assert math.isinf(r.onset_month) and math.isinf(r.end_stage_month) and math.isinf(r.survival_months)


# --- determinism and batch --------------------------------------------------------------------------


def _assert_same(a: alsbook.Result, b: alsbook.Result, exact: bool = True) -> None:
    """Equal results; ``exact=False`` allows float round-off (1e-12) from the vectorised batch."""
    tol = {} if exact else {"rtol": 1e-12, "atol": 1e-12}
    check = np.testing.assert_array_equal if exact else np.testing.assert_allclose

    def same(x, y, msg=""):
        check(x, y, err_msg=msg, **tol)

    same(a.months, b.months)
    assert a.activity.keys() == b.activity.keys()
    for k in a.activity:
        same(a.activity[k], b.activity[k], k)
    for k in ("UMN", "LMN"):
        same(a.motor_neurons[k], b.motor_neurons[k], k)
    same(a.motor_function, b.motor_function, "motor_function")
    same(a.alsfrs_r, b.alsfrs_r, "alsfrs_r")
    for x, y in ((a.onset_month, b.onset_month), (a.end_stage_month, b.end_stage_month)):
        assert (math.isinf(x) and math.isinf(y)) or x == pytest.approx(y, rel=0 if exact else 1e-9, abs=0)


def test_simulate_is_deterministic():
    kw = dict(mutations=("SOD1",), blocks={"neuroinflammation": Block(0.5, 6.0)}, therapy="riluzole")
    _assert_same(alsbook.simulate(**kw), alsbook.simulate(**kw))


def test_simulate_batch_equals_individual_calls():
    scenarios = [
        Scenario(),
        Scenario(mutations=("SOD1",)),
        Scenario(mutations=("FUS",), therapy="edaravone"),
        Scenario(mutations=("SOD1",), mutant_cells=("motor_neurons", "astrocytes")),
        Scenario(blocks={"microglial_activation": Block(1.0, 12.0, after_onset=True)}),
        Scenario(blocks={"excitotoxicity": 0.5}, therapy="minocycline"),
        Scenario(healthy=True),
    ]
    batch = alsbook.simulate_batch(scenarios, 120)
    assert len(batch) == len(scenarios)
    for s, b in zip(scenarios, batch, strict=True):
        single = alsbook.simulate(
            mutations=s.mutations,
            blocks=s.blocks,
            therapy=s.therapy,
            mutant_cells=s.mutant_cells,
            months=120,
            healthy=s.healthy,
        )
        _assert_same(b, single, exact=False)


def test_simulate_batch_of_nothing_is_empty():
    assert alsbook.simulate_batch([], 60) == []


# --- bad input --------------------------------------------------------------------------------------


def test_unknown_mutation():
    with pytest.raises(ValueError, match="SOD1"):
        alsbook.simulate(mutations=("SOD2",))


@pytest.mark.parametrize("name", ["sporadic_factors", "apoptosis", "umn", "sod1"])
def test_internal_node_ids_are_not_mutations(name):
    """Only the genes of the network data are mutations: the sporadic background and process nodes
    are rejected, with the valid choices named."""
    with pytest.raises(ValueError, match="valid mutations: 'SOD1', 'C9orf72', 'TARDBP', 'FUS'"):
        alsbook.simulate(mutations=(name,))


def test_mutations_as_bare_string():
    with pytest.raises(ValueError, match="SOD1"):
        alsbook.simulate(mutations="SOD1")


def test_unknown_pathway():
    with pytest.raises(ValueError, match="excitotoxicity"):
        alsbook.simulate(blocks={"glutamate_madness": 0.5})


@pytest.mark.parametrize("strength", [-0.1, 1.5, float("nan"), "high", True], ids=repr)
def test_bad_block_strength(strength):
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        alsbook.simulate(blocks={"excitotoxicity": strength})


@pytest.mark.parametrize("strength", [-0.1, 1.5, float("nan"), "high", True], ids=repr)
def test_bad_block_strength_inside_block(strength):
    with pytest.raises(ValueError, match="excitotoxicity"):
        alsbook.simulate(blocks={"excitotoxicity": Block(strength)})


def test_negative_block_start():
    with pytest.raises(ValueError, match="start"):
        alsbook.simulate(blocks={"excitotoxicity": Block(0.5, -1.0)})


def test_unknown_therapy():
    with pytest.raises(ValueError, match="riluzole"):
        alsbook.simulate(therapy="snake_oil")


def test_unknown_cell_type():
    with pytest.raises(ValueError, match="motor_neurons"):
        alsbook.simulate(mutations=("SOD1",), mutant_cells=("motor_neurons", "oligodendrocytes"))


def test_cell_types_as_bare_string():
    with pytest.raises(ValueError, match="motor_neurons"):
        alsbook.simulate(mutations=("SOD1",), mutant_cells="microglia")


@pytest.mark.parametrize("months", [0, -5])
def test_bad_months(months):
    with pytest.raises(ValueError, match="months"):
        alsbook.simulate(months=months)
    with pytest.raises(ValueError, match="months"):
        alsbook.simulate_batch([Scenario()], months)


def test_healthy_with_a_mutation():
    with pytest.raises(ValueError, match="healthy"):
        alsbook.simulate(mutations=("SOD1",), healthy=True)


def test_scenario_validates_on_construction():
    with pytest.raises(ValueError, match="SOD1"):
        Scenario(mutations=("SOD2",))


# --- network loader validation ----------------------------------------------------------------------


@pytest.fixture
def raw_network():
    return yaml.safe_load((DATA / "network.yaml").read_text(encoding="utf-8"))


def _load(raw, tmp_path: Path):
    path = tmp_path / "network.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return load_network(path)


def test_unmodified_copy_loads(raw_network, tmp_path):
    net = _load(copy.deepcopy(raw_network), tmp_path)
    assert len(net.edges) == len(alsbook.network().edges)


def test_loader_rejects_edge_to_unknown_node(raw_network, tmp_path):
    raw_network["edges"][0]["dst"] = "nowhere_node"
    with pytest.raises(ValueError, match="unknown node 'nowhere_node'"):
        _load(raw_network, tmp_path)


def test_loader_rejects_edge_without_citation(raw_network, tmp_path):
    raw_network["edges"][0]["cite"] = []
    with pytest.raises(ValueError, match="citation"):
        _load(raw_network, tmp_path)
    del raw_network["edges"][0]["cite"]
    with pytest.raises(ValueError, match="citation"):
        _load(raw_network, tmp_path)


def test_loader_rejects_citation_key_not_in_bibliography(raw_network, tmp_path):
    raw_network["edges"][0]["cite"] = ["Nobody2099Nowhere"]
    with pytest.raises(ValueError, match="Nobody2099Nowhere") as info:
        _load(raw_network, tmp_path)
    assert "references.bib" in str(info.value)


@pytest.mark.parametrize("bad", [["C9.9"], ["3.4"], ["claim"], []], ids=repr)
def test_loader_rejects_bad_claim_id(raw_network, tmp_path, bad):
    raw_network["edges"][0]["claims"] = bad
    with pytest.raises(ValueError, match="claim"):
        _load(raw_network, tmp_path)


def test_every_edge_citation_is_in_references_bib():
    keys = bibliography_keys(BIB)
    net = alsbook.network()
    missing = sorted({(e.id, k) for e in net.edges for k in e.cite if k not in keys})
    assert not missing, missing
    assert all(e.cite for e in net.edges)


def test_package_claims_match_the_shared_checklist():
    """The package copy lists the same claim ids as the project's CLAIMS.md (skipped outside the project)."""
    if not SHARED_CLAIMS_MD.exists():
        pytest.skip(f"{SHARED_CLAIMS_MD} is not next to the repository")
    shared = re.findall(r"^- (C\d+\.\d+)\b", SHARED_CLAIMS_MD.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert shared, f"no claim ids found in {SHARED_CLAIMS_MD}"
    assert claim_ids() == shared


def test_every_edge_claim_id_is_in_the_claims_checklist():
    known = set(claim_ids())
    bad = sorted({(e.id, c) for e in alsbook.network().edges for c in e.claims if c not in known})
    assert not bad, bad


def test_every_therapy_has_citation_and_mechanism():
    keys = bibliography_keys(BIB)
    net = alsbook.network()
    assert set(THERAPIES) == set(net.therapies)
    for name, t in net.therapies.items():
        assert t.cite and all(k in keys for k in t.cite), name
        assert t.mechanism.strip(), name
        assert t.blocks or t.restores, name


# C3.1 (about 10% of cases are familial) is epidemiology, shown by chapter 3's chart, not an edge.
MECHANISTIC_CLAIMS = [c for c in claim_ids() if c[1] in "3456" and c != "C3.1"]


@pytest.mark.parametrize("claim", MECHANISTIC_CLAIMS)
def test_mechanistic_claim_is_on_an_edge(claim):
    """Every claim of P3-P6 (genetics, cellular mechanisms, inflammation, glia) is carried by an edge."""
    on_edges = {c for e in alsbook.network().edges for c in e.claims}
    assert claim in on_edges, f"{claim} is on no edge of network.yaml"


# ---------------------------------------------------------------- rough edges of a live kernel
def test_simulate_takes_a_scenario():
    s = Scenario(mutations=("SOD1",), therapy="tofersen")
    assert alsbook.simulate(s).onset_month == alsbook.simulate_batch([s])[0].onset_month
    with pytest.raises(ValueError, match="scenario alone"):
        alsbook.simulate(s, therapy="riluzole")


def test_blocks_given_as_a_list_name_the_pathways():
    with pytest.raises(ValueError, match="e.g. {'excitotoxicity': 1.0}.*oxidative_stress"):
        alsbook.simulate(blocks=["excitotoxicity"])


def test_simulate_batch_of_dicts_says_to_use_scenarios():
    with pytest.raises(ValueError, match="Scenario"):
        alsbook.simulate_batch([{"mutations": ("SOD1",)}])


@pytest.mark.parametrize("months", [float("inf"), alsbook.model.MAX_MONTHS + 1], ids=repr)
def test_months_has_a_stated_upper_bound(months):
    with pytest.raises(ValueError, match=f"at most {alsbook.model.MAX_MONTHS}"):
        alsbook.simulate(months=months)


def test_unknown_pathway_lists_pathways_and_steps_apart():
    with pytest.raises(ValueError) as err:
        alsbook.simulate(blocks={"glutamate": 1.0})
    pathways, steps = str(err.value).split("single steps")
    assert all(repr(p) in pathways for p in PATHWAYS)
    assert "'calcium_influx'" in steps and "'calcium_influx'" not in pathways


@pytest.mark.parametrize(("field", "key"), [("motor_neurons", "umn"), ("activity", "glutamate")])
def test_unknown_result_key_names_the_valid_ones(field, key):
    r = alsbook.simulate(months=12)
    with pytest.raises(ValueError, match="valid names: .*'UMN'" if field == "motor_neurons" else "'apoptosis'"):
        getattr(r, field)[key]
    with pytest.raises(KeyError):
        getattr(r, field)[key]
