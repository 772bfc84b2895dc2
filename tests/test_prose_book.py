"""What the book pages (model page, instructor guide, glossary) say in words about the teaching model,
checked by running the model.

Each test quotes a fragment of the sentence it checks (``said``), so that it fails when the sentence is
edited away, and asserts the direction or ordering the words claim. No expected figure is copied from the
model's output: the numbers themselves are ``{eval}`` expressions in the pages.

Words are read as in the chapter tests. "No change", "nothing", "does nothing": within 1% of the value
compared with. For months: "barely", "hardly", "almost unchanged", "a little": less than 10%. "About N"
(years, points a month): rounds to N. "Far smaller" than a trial's effect: less than a quarter of it.
Where a page says what a test in ``tests/test_behaviour.py`` accepts, the range is checked against the
model and against that test's source.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from prose import said

import alsbook
from alsbook import quantities as q
from alsbook.behaviours import BEHAVIOURS
from alsbook.behaviours import get as get_behaviour
from alsbook.causal_network import network
from alsbook.explorer import BLOCK_TIMING
from alsbook.model import DT, Block

MODEL = "book/model.md"
GUIDE = "book/instructor-guide.md"
GLOSSARY = "book/glossary.md"
BEHAVIOUR = Path(__file__).resolve().parent.parent / "alsbook" / "behaviours.py"
GENES = ("SOD1", "C9orf72", "TARDBP", "FUS")
BACKGROUNDS: tuple[tuple[str, ...], ...] = ((),) + tuple((g,) for g in GENES)
NOTHING = 0.01  # "no change", "nothing": relative change below 1%
LITTLE = 0.10  # months: "barely", "hardly", "a little": relative change below 10%
FAR_SMALLER = 0.25  # "far smaller" than a trial's effect: below a quarter of it
#: The cells that keep mutant SOD1 when it is removed from one cell type (chapter 6's explorer).
NO_MN = ("astrocytes", "microglia")
NO_MICROGLIA = ("motor_neurons", "astrocytes")
NO_ASTROCYTES = ("motor_neurons", "microglia")
#: Edaravone's 24-week effect in the enriched trial, and minocycline's decline against placebo
#: (points a month), as the pages cite them (Edaravone2017LancetNeurol, Gordon2007LancetNeurol).
EDARAVONE_TRIAL = 2.49
BROAD_TRIAL = 0.65  # the earlier, broader edaravone trial (Abe2014ALSFTD), not significant
MINOCYCLINE_TRIAL = (1.30, 1.04)


def value(expression: str) -> float:
    """A quantity the pages quote (for the explorer read-outs: ``horizon``, ``snapshot``)."""
    return float(q.evaluate(expression))


def same(a: float, b: float, tolerance: float = NOTHING) -> bool:
    return abs(a - b) <= tolerance * abs(b)


def apoptosis_input(r: alsbook.Result, month: int) -> float:
    """The summed activating input of the apoptosis node at a month (before the Hill function clips it)."""
    edges = [e for e in network().edges if e.dst == "apoptosis" and e.sign == 1]
    assert all(e.mode == "drive" and e.src in r.activity for e in edges)
    return float(sum(e.weight * r.activity[e.src][month] for e in edges))


# --- model page: what the model is ------------------------------------------------------------------------


def test_gain_edges_all_leave_mutant_sod1_in_glia() -> None:
    said(MODEL, "gain edges, all from mutant SOD1 in glia, do not add input of their own")
    gains = [e for e in network().edges if e.mode == "gain"]
    assert gains
    assert all(e.src == "SOD1" and e.cell in ("astrocytes", "microglia") for e in gains)
    said(MODEL, "small drive edges of their own")
    glial = [e for e in network().edges if e.src == "SOD1" and e.cell in ("astrocytes", "microglia")]
    drives = [e for e in glial if e.mode == "drive"]
    assert drives and sum(e.mode == "gain" for e in glial) > len(drives)
    assert all(e.weight < 0.3 for e in drives)  # "small"


def test_basal_activity_is_zero_for_every_other_node() -> None:
    said(MODEL, "for neurotrophic support, 0 for everything else")
    special = {"glutamate_uptake", "excess_glutamate", "neurotrophic_support"}
    assert all(network().node(n).basal > 0 for n in special)
    assert all(n.basal == 0 for n in network().nodes if n.id not in special)


#: The parameter table's time-constant groups: the words after each group's τ, and the nodes they name
#: (the τ is quoted from the first of them).
TAU_GROUPS: list[tuple[str, tuple[str, ...]]] = [
    (
        "month: excess glutamate, receptor overactivation, calcium influx, oxidative stress, microglial activation, "
        "protective response;",
        (
            "excess_glutamate",
            "excitotoxicity",
            "calcium_influx",
            "oxidative_stress",
            "microglial_activation",
            "protective_response",
        ),
    ),
    ("months: apoptosis;", ("apoptosis",)),
    (
        "months: mitochondrial dysfunction, RNA foci and DPRs, STMN2 loss, UNC13A loss, neurotrophic support;",
        ("mitochondrial_dysfunction", "rna_foci_and_dprs", "stmn2_loss", "unc13a_loss", "neurotrophic_support"),
    ),
    ("months: reactive astrocytes;", ("astrocyte_reactivity",)),
    (
        "months: SOD1 aggregates, FUS mislocalisation, impaired clearance, nuclear TDP-43 loss, glutamate uptake, "
        "toxic factors from glia, neuroinflammation, cytokines;",
        (
            "sod1_aggregates",
            "fus_pathology",
            "impaired_clearance",
            "tdp43_nuclear_loss",
            "glutamate_uptake",
            "glial_toxicity",
            "neuroinflammation",
            "cytokines",
        ),
    ),
    ("months: TDP-43 pathology, protein aggregation |", ("tdp43_pathology", "protein_aggregation")),
]


@pytest.mark.parametrize(("words", "nodes"), TAU_GROUPS, ids=[nodes[0] for _, nodes in TAU_GROUPS])
def test_time_constant_groups_match_the_network(words: str, nodes: tuple[str, ...]) -> None:
    """The parameter table quotes one τ per group (from its first node) and names the nodes that share it."""
    said(MODEL, f'{{eval}}`fmt(network().node("{nodes[0]}").tau, "g")` {words}')
    assert len({network().node(n).tau for n in nodes}) == 1


def test_time_constant_groups_are_distinct_and_cover_every_process() -> None:
    said(MODEL, "| Time constants τ |")
    assert len({network().node(nodes[0]).tau for _, nodes in TAU_GROUPS}) == len(TAU_GROUPS)
    listed = [n for _, nodes in TAU_GROUPS for n in nodes]
    assert sorted(listed) == sorted(n.id for n in network().nodes if n.kind == "process")


def test_steps_of_half_a_month_reported_monthly() -> None:
    said(MODEL, "The model takes steps of half a month and reports once a month.")
    assert DT == 0.5
    assert np.all(np.diff(q.course().months) == 1.0)


def test_everything_starts_at_rest_with_all_neurons_alive() -> None:
    said(MODEL, "every process sits at the resting level of a healthy nervous system, and all motor neurons are")
    healthy = alsbook.simulate(healthy=True)
    for mutations in BACKGROUNDS:
        r = q.course(*mutations)
        for node, course in healthy.activity.items():
            if network().node(node).kind == "process":
                assert r.activity[node][0] == pytest.approx(course[0]), (mutations, node)
        assert all(r.motor_neurons[p][0] == 1.0 for p in ("UMN", "LMN"))


def test_vulnerability_differs_only_in_fus_als_and_spares_upper_neurons() -> None:
    said(MODEL, "for both\npopulations, except in FUS ALS")
    said(MODEL, "which affects mainly lower motor neurons")
    vul = network().vulnerability
    assert set(vul) == {"default", "FUS"}
    assert vul["default"]["UMN"] == vul["default"]["LMN"]
    assert vul["FUS"]["LMN"] > vul["FUS"]["UMN"]


def test_apoptosis_sets_how_fast_motor_neurons_die() -> None:
    said(MODEL, "The apoptosis node sets how fast motor neurons die.")
    said(GLOSSARY, "in the book's model its activity sets the rate of neuron loss")
    blocked = q.course(blocks={"apoptosis": 1.0})
    assert all(blocked.motor_neurons[p].min() > 1 - 1e-6 for p in ("UMN", "LMN"))  # no apoptosis, no loss
    assert all(q.course().motor_neurons[p][-1] < 1.0 for p in ("UMN", "LMN"))


def test_neurotrophic_support_is_the_protective_arm() -> None:
    said(GLOSSARY, "in the book's model it is the protective arm of the glial response")
    edges = {(e.src, e.dst): e.sign for e in network().edges}
    assert edges[("protective_response", "neurotrophic_support")] == 1
    assert edges[("neurotrophic_support", "apoptosis")] == -1


@pytest.mark.parametrize("mutations", BACKGROUNDS, ids=lambda m: m[0] if m else "sporadic")
def test_lost_neurons_do_not_come_back_and_the_score_is_48_until_onset(mutations: tuple[str, ...]) -> None:
    said(MODEL, "Lost neurons do not come back.")
    said(MODEL, "is 48 until symptom onset")
    for therapy in (None, "riluzole", "ceftriaxone"):
        r = q.course(*mutations, therapy=therapy)
        assert all(np.all(np.diff(r.motor_neurons[p]) <= 1e-12) for p in ("UMN", "LMN"))
        assert np.all(r.alsfrs_r[r.months < r.onset_month] == 48.0)


def test_every_run_gives_the_same_course() -> None:
    said(MODEL, "Every run of a scenario gives exactly the same course.")
    said(GUIDE, "every run gives the same course")
    a, b = alsbook.simulate(("FUS",), therapy="edaravone"), alsbook.simulate(("FUS",), therapy="edaravone")
    np.testing.assert_array_equal(a.alsfrs_r, b.alsfrs_r)
    for node in a.activity:
        np.testing.assert_array_equal(a.activity[node], b.activity[node])


# --- model page: calibration --------------------------------------------------------------------------------


def test_survival_anchor_is_within_the_range_the_test_accepts() -> None:
    said(MODEL, "The test accepts 24 to 48 months.")
    assert get_behaviour("sporadic-survival").tolerance == "24-48 months from onset"
    assert '24 <= R["sporadic"].survival_months <= 48' in BEHAVIOUR.read_text(encoding="utf-8")
    assert 24 <= q.survival() <= 48


def test_decline_anchor_is_within_the_range_the_test_accepts() -> None:
    said(MODEL, "The test accepts 0.8 to 1.2 points a month over the first two\n  years after onset.")
    assert get_behaviour("alsfrs-decline").tolerance == "0.8-1.2 points a month over the first 24 months after onset"
    assert '0.8 <= decline(R["sporadic"], 24) / 24 <= 1.2' in BEHAVIOUR.read_text(encoding="utf-8")
    assert 0.8 <= q.decline(weeks=104) / 24 <= 1.2  # 104 weeks = 24 months


def test_sporadic_survival_sits_inside_the_range_of_the_sources() -> None:
    said(MODEL, "2–5 years of the sources")
    assert 2 * 12 <= q.survival() <= 5 * 12


def test_tuned_to_two_to_four_years_and_about_one_point_a_month() -> None:
    said(GUIDE, "tuned so that untreated sporadic ALS lasts 2 to 4 years from onset and the ALSFRS-R falls by about 1")
    said(MODEL, "Untreated sporadic ALS should end 2 to 4 years after symptom onset")
    assert 2 <= q.survival() / 12 <= 4
    assert round(q.decline(weeks=104) / 24) == 1
    said(GUIDE, "a list of more than 40 published findings holds (the behaviour suite)")
    said(MODEL, "The suite has more than 40 entries")
    assert len(BEHAVIOURS) > 40


def test_glial_removal_spares_onset_and_motor_neuron_removal_delays_it() -> None:
    said(
        MODEL,
        "removing mutant SOD1 from microglia or astrocytes\n  hardly moves onset but slows progression, "
        "and removing it from motor neurons delays onset",
    )
    said(GUIDE, "(progression slowed, onset almost unchanged)")
    for cells in (NO_MICROGLIA, NO_ASTROCYTES):
        assert same(q.onset("SOD1", mutant_cells=cells), q.onset("SOD1"), LITTLE)
        assert q.survival("SOD1", mutant_cells=cells) > q.survival("SOD1")
    assert q.onset("SOD1", mutant_cells=NO_MN, months=value('horizon("ch6-cell-types")')) > q.onset("SOD1")


def test_healthy_control_never_reaches_onset() -> None:
    said(MODEL, "| Healthy control | never |")
    assert math.isinf(alsbook.simulate(healthy=True, months=600).onset_month)


# --- therapies (model page table and differences; instructor guide activity 6) --------------------------------


def test_therapies_help_or_harm_as_the_words_say() -> None:
    said(GUIDE, "riluzole adds")
    said(GUIDE, "minocycline\nshortens survival by")
    said(MODEL, "months shorter) but not the size")
    for therapy in ("riluzole", "edaravone", "pb_turso"):
        assert q.survival(therapy=therapy) > q.survival(), therapy
    assert q.survival(therapy="minocycline") < q.survival()
    said(GUIDE, "tofersen lengthens survival from")
    assert q.survival("SOD1", therapy="tofersen") > q.survival("SOD1")


@pytest.mark.parametrize(("mutations", "therapy"), [((), "ceftriaxone"), ((), "tofersen")])
def test_therapies_that_change_nothing(mutations: tuple[str, ...], therapy: str) -> None:
    said(MODEL, "| Sporadic + tofersen | no change")
    said(GUIDE, "ceftriaxone and tofersen nothing")
    assert same(q.survival(*mutations, therapy=therapy), q.survival(*mutations))
    assert same(q.slope(*mutations, therapy=therapy), q.slope(*mutations))


@pytest.mark.parametrize("mutations", BACKGROUNDS, ids=lambda m: m[0] if m else "sporadic")
def test_therapies_never_change_onset(mutations: tuple[str, ...]) -> None:
    said(GUIDE, "Onset never changes, because therapies start at symptom onset.")
    said(MODEL, "**Therapies** act from symptom onset.")
    for therapy in network().therapies:
        assert q.onset(*mutations, therapy=therapy) == q.onset(*mutations), therapy


def test_minocycline_gets_the_direction_but_not_the_size() -> None:
    said(MODEL, "The model gets the direction (no benefit, slightly faster decline")
    said(GUIDE, "harm is far smaller than the trial's")
    nine = 9 * 52 / 12  # the trial's 9 months, in weeks
    base, treated = q.decline(weeks=nine), q.decline(therapy="minocycline", weeks=nine)
    assert treated > base
    trial = MINOCYCLINE_TRIAL[0] / MINOCYCLINE_TRIAL[1] - 1
    assert treated / base - 1 < FAR_SMALLER * trial


def test_edaravone_benefit_lies_between_the_trials_closer_to_the_negative_one() -> None:
    said(MODEL, "lies between the two trials and\n  is closer to the broader, negative trial (0.65 points)")
    said(GUIDE, "lies between the two trials,\ncloser to the broad negative one")
    benefit = q.decline() - q.decline(therapy="edaravone")
    assert BROAD_TRIAL <= benefit <= EDARAVONE_TRIAL
    assert benefit - BROAD_TRIAL < EDARAVONE_TRIAL - benefit
    said(MODEL, "in the model a slower decline always means a later end\n  stage")
    assert q.survival(therapy="edaravone") > q.survival()


def test_apoptosis_in_sod1_als_stays_below_its_ceiling_for_half_the_symptomatic_phase() -> None:
    said(
        MODEL, "the inputs of the apoptosis node\n  stay below its ceiling for the first half of the symptomatic phase"
    )
    said(MODEL, "glutamate blocks and the therapies now make graded differences there")
    r = q.course("SOD1")
    start = math.ceil(r.onset_month)
    stop = int(r.onset_month + 0.5 * r.survival_months)
    assert max(apoptosis_input(r, m) for m in range(start, stop + 1)) < 1.0
    for node in ("oxidative_stress", "mitochondrial_dysfunction", "excess_glutamate"):
        half, full = blocked(("SOD1",), node, 0.5), blocked(("SOD1",), node, 1.0)
        assert q.end_stage("SOD1") < half.end_stage_month < full.end_stage_month, node
    for therapy in ("riluzole", "edaravone", "tofersen"):
        assert q.survival("SOD1", therapy=therapy) > q.survival("SOD1"), therapy


def test_riluzole_does_almost_nothing_in_c9orf72_tardbp_and_fus_als() -> None:
    said(MODEL, "and riluzole does almost nothing there")
    said(MODEL, "In\n  C9orf72, TARDBP and FUS ALS uptake is still at its healthy level at onset")
    assert any(e.src == "sporadic_factors" and e.dst == "excitotoxicity" and e.sign == 1 for e in network().edges)
    for mutations in ((), ("SOD1",)):
        assert q.survival(*mutations, therapy="riluzole") - q.survival(*mutations) > 1.0, mutations
    for gene in ("C9orf72", "TARDBP", "FUS"):
        assert 0 <= q.survival(gene, therapy="riluzole") - q.survival(gene) < NOTHING * 10 * q.survival(gene), gene
        r = q.course(gene)
        assert r.activity["glutamate_uptake"][round(r.onset_month)] > 0.95 * network().node("glutamate_uptake").basal


def test_in_sod1_als_glutamate_builds_up_around_onset() -> None:
    said(GUIDE, "in SOD1 ALS glutamate builds up only\nas mutant astrocytes lose their uptake, around onset")
    said(MODEL, "in SOD1 ALS mutant astrocytes lose their uptake early")
    r = q.course("SOD1")
    onset = round(r.onset_month)
    assert r.activity["excitotoxicity"][12] < 0.25 * r.activity["excitotoxicity"][onset]
    assert r.activity["glutamate_uptake"][onset] < 0.75 * r.activity["glutamate_uptake"][0]


def test_ceftriaxone_restores_part_of_an_uptake_lost_mostly_after_onset() -> None:
    said(MODEL, "ceftriaxone restores only part of the lost uptake,\n  astrocytes lose their uptake mostly after onset")
    said(
        MODEL,
        "receptor overactivation in sporadic ALS comes\n  largely from the direct route of the sporadic background",
    )
    r = q.course()
    healthy = network().node("glutamate_uptake").basal
    assert r.activity["glutamate_uptake"][round(r.onset_month)] > 0.95 * healthy
    assert r.activity["glutamate_uptake"][round(r.end_stage_month)] < 0.75 * healthy
    assert network().therapies["ceftriaxone"].restores["glutamate_uptake"] < 0.5
    onset = round(r.onset_month)
    assert q.activity("excitotoxicity", onset, blocks={"excess_glutamate": 1.0}) > 0.5 * q.activity(
        "excitotoxicity", onset
    )
    assert abs(q.survival(therapy="ceftriaxone") - q.survival()) < LITTLE * q.survival()


# --- removing mutant SOD1 from one cell type ------------------------------------------------------------------


def test_without_mutant_sod1_in_motor_neurons_onset_comes_later_and_the_disease_still_develops() -> None:
    said(GUIDE, "Removed from motor neurons: onset at month")
    said(MODEL, "and saw onset delayed and the early phase\n  slowed, with the disease still developing")
    horizon = value('horizon("ch6-cell-types")')
    assert q.onset("SOD1", mutant_cells=NO_MN, months=horizon) > q.onset("SOD1")
    assert math.isfinite(q.end_stage("SOD1", mutant_cells=NO_MN, months=horizon))
    said(MODEL, "In the model the early phase is slowed only slightly")
    early = q.course("SOD1", mutant_cells=NO_MN, months=horizon).alsfrs_slope()
    assert (1 - LITTLE) * q.slope("SOD1") < early < q.slope("SOD1")


# --- instructor guide: lab activities -----------------------------------------------------------------------


def blocked(
    mutations: tuple[str, ...], name: str, strength: float | Block = 1.0, months: float = 120
) -> alsbook.Result:
    return q.course(*mutations, blocks={name: strength}, months=months)


def test_activity_1_ranking_in_sporadic_als() -> None:
    said(GUIDE, "In sporadic ALS, blocking protein aggregation helps most")
    said(GUIDE, "then excitotoxicity")
    said(GUIDE, "then oxidative stress (onset")
    said(GUIDE, "helps a little. With SOD1")
    ends = {
        n: blocked((), n).end_stage_month
        for n in ("protein_aggregation", "excitotoxicity", "oxidative_stress", "neuroinflammation")
    }
    assert ends["protein_aggregation"] > ends["excitotoxicity"] > ends["oxidative_stress"] > ends["neuroinflammation"]
    gain = q.survival(blocks={"neuroinflammation": 1.0}) - q.survival()
    assert 0 < gain < LITTLE * q.survival()


def test_a_full_aggregation_block_postpones_end_stage_without_preventing_it() -> None:
    said(GUIDE, "and end stage to month")
    said(MODEL, "and end stage from month")
    for explorer in ("ch1-overview", "ch3-genes"):
        horizon = value(f'horizon("{explorer}")')
        r = blocked((), "protein_aggregation", months=horizon)
        assert q.end_stage() < r.end_stage_month < math.inf


@pytest.mark.parametrize("gene", ["", "SOD1", "C9orf72", "TARDBP", "FUS"])
def test_activity_2_end_stage_with_aggregation_blocked(gene: str) -> None:
    """The genes table gives a survival with aggregation blocked: end stage is reached in every background."""
    said(GUIDE, 'survival {eval}`fmt(survival(blocks={"protein_aggregation": 1.0}), ".1f")` |')
    mutations = (gene,) if gene else ()
    r = blocked(mutations, "protein_aggregation", months=value('horizon("ch3-genes")'))
    assert math.isfinite(r.end_stage_month)


def test_activity_1_with_sod1_the_ranking_changes() -> None:
    said(GUIDE, "the ranking changes: blocking\nexcitotoxicity helps least")
    said(GUIDE, "blocking oxidative stress or aggregation delays onset")
    said(GUIDE, "with little change in survival from onset, and blocking neuroinflammation barely moves onset")
    sod1 = ("SOD1",)
    names = ("protein_aggregation", "excitotoxicity", "oxidative_stress", "neuroinflammation")
    gains = {n: blocked(sod1, n).end_stage_month - q.end_stage("SOD1") for n in names}
    assert min(gains, key=lambda n: gains[n]) == "excitotoxicity" and gains["excitotoxicity"] > 0
    for name in ("oxidative_stress", "protein_aggregation"):
        r = blocked(sod1, name)
        assert r.onset_month - q.onset("SOD1") > abs(r.survival_months - q.survival("SOD1")), name
        assert abs(r.survival_months - q.survival("SOD1")) < 2 * LITTLE * q.survival("SOD1"), name
    inflammation = blocked(sod1, "neuroinflammation")
    assert same(inflammation.onset_month, q.onset("SOD1"), LITTLE)
    assert inflammation.survival_months > q.survival("SOD1")


def test_activity_2_fus_is_the_only_gene_whose_curves_separate() -> None:
    said(GUIDE, "FUS is the only gene whose two curves\nseparate")
    said(MODEL, "In FUS ALS lower motor neurons go first")
    for mutations in BACKGROUNDS:
        r = q.course(*mutations)
        gap = np.abs(r.motor_neurons["UMN"] - r.motor_neurons["LMN"]).max()
        if mutations == ("FUS",):
            assert gap > 0.05
            assert np.all(r.motor_neurons["LMN"][1:] < r.motor_neurons["UMN"][1:])
        else:
            assert gap < 1e-9, mutations


def test_activity_2_blocking_aggregation_in_sod1_als_delays_onset_only() -> None:
    said(GUIDE, "why blocking\naggregation in SOD1 ALS delays onset but leaves survival from onset almost unchanged")
    said(GUIDE, "(mutant SOD1 also damages mitochondria directly and acts through glia)")
    edges = network().edges
    assert any(e.src == "sod1_aggregates" and e.dst == "mitochondrial_dysfunction" and e.sign == 1 for e in edges)
    assert any(e.src == "SOD1" and e.cell in ("astrocytes", "microglia") for e in edges)
    r = blocked(("SOD1",), "protein_aggregation")
    assert r.onset_month > q.onset("SOD1")
    assert same(r.survival_months, q.survival("SOD1"), LITTLE)


def test_activity_3_every_step_helps_and_later_steps_help_more() -> None:
    said(GUIDE, "In sporadic ALS every step helps, and the later steps help more than reducing\nglutamate release")
    for strength in (0.5, 1.0):
        release = blocked((), "excess_glutamate", strength)
        assert release.onset_month > q.onset() and release.survival_months > q.survival()
        for later in ("excitotoxicity", "calcium_influx"):
            r = blocked((), later, strength)
            assert r.onset_month > release.onset_month and r.survival_months > release.survival_months, (
                later,
                strength,
            )


def test_activity_3_with_sod1_the_blocks_lengthen_survival_not_onset() -> None:
    said(GUIDE, "the blocks leave onset almost unchanged and\nlengthen survival")
    for name in ("excess_glutamate", "excitotoxicity", "calcium_influx"):
        for strength in (0.5, 1.0):
            r = blocked(("SOD1",), name, strength)
            assert same(r.onset_month, q.onset("SOD1"), LITTLE) and r.survival_months > q.survival("SOD1"), (
                name,
                strength,
            )


def test_activity_3_follow_up_one_block_seldom_stops_the_disease() -> None:
    said(GUIDE, "blocking mitochondrial dysfunction moves onset from month")
    said(GUIDE, "but survival\nchanges only from")
    mito = blocked(("SOD1",), "mitochondrial_dysfunction")
    assert mito.onset_month - q.onset("SOD1") > mito.survival_months - q.survival("SOD1") > 0
    said(GUIDE, "restoring clearance alone lowers misfolded SOD1")
    said(GUIDE, "but moves onset and survival only a little")
    clearance = blocked(("SOD1",), "impaired_clearance")
    month = int(value('snapshot("ch4-mito-clearance")'))
    assert q.activity("sod1_aggregates", month, "SOD1", blocks={"impaired_clearance": 1.0}) < q.activity(
        "sod1_aggregates", month, "SOD1"
    )
    assert same(clearance.onset_month, q.onset("SOD1"), LITTLE)
    assert same(clearance.survival_months, q.survival("SOD1"), LITTLE)
    said(GUIDE, "without preventing it")
    four = {
        n: 1.0 for n in ("oxidative_stress", "mitochondrial_dysfunction", "impaired_clearance", "protein_aggregation")
    }
    delayed = q.onset("SOD1", blocks=four, months=value('horizon("ch4-mito-clearance")'))
    assert mito.onset_month < delayed < math.inf


def test_activity_4_blocking_the_glial_response() -> None:
    said(GUIDE, "Blocking the **whole** glial response makes things worse")
    said(GUIDE, "(late harms less)")
    assert BLOCK_TIMING["early"] == (0.0, False) and BLOCK_TIMING["onset"] == (0.0, True)
    assert BLOCK_TIMING["late"] == (12.0, True)  # "12 months after onset", typed in the guide
    timings = [Block(1.0, *BLOCK_TIMING[w]) for w in ("early", "onset", "late")]
    whole = [q.survival(blocks={"microglial_activation": b}) for b in timings]
    assert all(s < q.survival() for s in whole)
    assert whole[2] > max(whole[:2])
    said(GUIDE, "**only the pro-inflammatory arm** helps a little")
    for b in timings:
        gain = q.survival(blocks={"neuroinflammation": b}) - q.survival()
        assert 0 < gain < LITTLE * q.survival(), b
    said(GUIDE, "Onset barely moves in any of these")
    for node in ("microglial_activation", "neuroinflammation"):
        for b in timings:
            assert same(q.onset(blocks={node: b}), q.onset(), LITTLE), (node, b)
