"""What chapters 4 and 5 say in words about the teaching model, checked by running the model.

Each test quotes a fragment of the sentence it checks (``said``), so that it fails when the sentence
is edited away, and asserts the direction or ordering the words claim. No expected figure is copied
from the model's output: the numbers themselves are ``{eval}`` expressions in the prose.

Words are read as follows. "Changes nothing", "the same", "unchanged": within 1% of the value
compared with. For months: "hardly", "slightly", "a little", "changes little": less than 10%. For a
node's activity: "a little": down by less than a quarter; "almost silences": down to less than a
quarter. "Close to its maximum": above 0.9 on the model's 0-1 activity scale.
"""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pytest
from prose import said, sources

from alsbook import quantities as q
from alsbook.causal_network import network
from alsbook.explorer import BLOCK_TIMING
from alsbook.explorers import get
from alsbook.figures import HORIZON
from alsbook.model import Block
from alsbook.quantities import ROLE

CH4 = "notebooks/04-cellular-mechanisms.ipynb"
CH5 = "notebooks/05-neuroinflammation.ipynb"
SC5 = "alsbook/data/selfcheck/ch05.yaml"
SOD1 = ("SOD1",)
NOTHING = 0.01  # "changes nothing": relative change below 1%
LITTLE = 0.10  # months: "slightly", "hardly", "a little": relative change below 10%
A_LITTLE = 0.25  # a node's activity: "a little": down by less than a quarter


def gain(first: str, second: str | None = None) -> float:
    """Chapter 4's heat-map cell (months to end stage gained), as the prose quotes it."""
    args = f'"{first}"' + (f', "{second}"' if second else "")
    return float(q.evaluate(f"block_gain({args})"))


def horizon_default() -> int:
    return int(q.evaluate("horizon()"))


def horizon(explorer_id: str) -> int:
    return int(q.evaluate(f'horizon("{explorer_id}")'))


def snapshot(explorer_id: str) -> int:
    return int(q.evaluate(f'snapshot("{explorer_id}")'))


def same(a: float, b: float, tol: float = NOTHING) -> bool:
    return abs(a - b) <= tol * abs(b)


def inputs(node: str) -> dict[str, float]:
    """Weights of the edges that drive ``node`` (all cells), summed per source."""
    out: dict[str, float] = {}
    for e in network().edges:
        if e.dst == node and e.sign > 0:
            out[e.src] = out.get(e.src, 0.0) + e.weight
    return out


# --- Chapter 4: the excitotoxicity explorer -------------------------------------------------------


def test_receptor_and_calcium_blocks_give_the_same_result() -> None:
    said(CH4, "the two give the same result, because in the model calcium influx has no input other than receptor")
    assert set(inputs("calcium_influx")) == {"excitotoxicity"}
    exc, ca = {"excitotoxicity": 1.0}, {"calcium_influx": 1.0}
    assert q.onset(blocks=exc) == pytest.approx(q.onset(blocks=ca))
    assert q.survival(blocks=exc) == pytest.approx(q.survival(blocks=ca))


def test_downstream_block_protects_more_than_reducing_release_in_sporadic_als() -> None:
    said(CH4, "while fully reducing glutamate release moves onset only to about month")
    said(CH4, "The explorer agrees for sporadic ALS")
    ca, glu = {"calcium_influx": 1.0}, {"excess_glutamate": 1.0}
    assert q.onset() < q.onset(blocks=glu) < q.onset(blocks=ca)
    assert q.survival() < q.survival(blocks=glu) < q.survival(blocks=ca)


def test_once_a_downstream_step_is_blocked_the_other_controls_change_nothing() -> None:
    said(
        CH4,
        "Once receptor overactivation or calcium influx is fully blocked, adding the other controls changes nothing",
    )
    for full in ("excitotoxicity", "calcium_influx"):
        ref = q.course(blocks={full: 1.0})
        others = [n for n in ("excess_glutamate", "excitotoxicity", "calcium_influx") if n != full]
        for levels in itertools.product((0.0, 0.5, 1.0), repeat=2):
            blocks = {full: 1.0, **{n: s for n, s in zip(others, levels, strict=True) if s}}
            r = q.course(blocks=blocks)
            assert same(r.onset_month, ref.onset_month) and same(r.survival_months, ref.survival_months), blocks


def test_in_sod1_als_the_excitotoxic_controls_hardly_move_onset_but_lengthen_survival() -> None:
    said(CH4, "With the SOD1 background no setting of the three controls moves onset by much")
    said(CH4, "but the full blocks lengthen survival from onset")
    said(CH4, "With the SOD1 background neither control moves onset much")
    said(CH4, "but both lengthen survival from onset")
    base = q.course(*SOD1)
    for levels in itertools.product((0.0, 0.5, 1.0), repeat=3):
        blocks = {
            n: s for n, s in zip(("excess_glutamate", "excitotoxicity", "calcium_influx"), levels, strict=True) if s
        }
        r = q.course(*SOD1, blocks=blocks)
        assert same(r.onset_month, base.onset_month, LITTLE), blocks
        if blocks:
            assert r.survival_months > base.survival_months, blocks


def test_sod1_receptor_overactivation_rises_only_around_onset_as_uptake_falls() -> None:
    said(CH4, "SOD1 ALS has no direct route to receptor overactivation; it rises only around onset")
    said(CH4, "when mutant and reactive astrocytes take up less glutamate")
    assert not any(e.src == "SOD1" and e.dst == "excitotoxicity" for e in network().edges)
    r = q.course(*SOD1)
    onset = round(r.onset_month)
    exc, uptake = r.activity["excitotoxicity"], r.activity["glutamate_uptake"]
    assert exc[onset // 2] < 0.25 * exc[onset]
    assert uptake[onset] < 0.75 * uptake[0]
    assert r.activity["astrocyte_reactivity"][onset] > r.activity["astrocyte_reactivity"][onset // 2]


def test_sporadic_overactivation_comes_mostly_from_the_direct_route_before_onset() -> None:
    said(CH4, "In sporadic ALS, astrocytic uptake stays at its healthy level in the model until symptom onset")
    said(CH4, "and falls only afterwards, as the glia turn reactive")
    said(CH4, "most receptor overactivation comes from that direct route")
    assert "sporadic_factors" in inputs("excitotoxicity")
    r = q.course()
    onset, end = round(r.onset_month), round(r.end_stage_month)
    uptake = r.activity["glutamate_uptake"]
    assert uptake[: onset + 1].min() >= 0.95 * uptake[0]
    assert uptake[end] < 0.75 * uptake[0]
    without_glutamate = q.activity("excitotoxicity", onset, blocks={"excess_glutamate": 1.0})
    assert without_glutamate > 0.5 * q.activity("excitotoxicity", onset)


def test_in_sod1_als_the_glial_route_sets_the_pace_after_onset() -> None:
    said(CH4, "because once symptoms begin mutant glia set the pace")
    said(CH4, "because in SOD1 ALS mutant glia set the pace once symptoms begin")
    glial = [e for e in network().edges if e.src == "SOD1" and e.cell in ("astrocytes", "microglia")]
    assert glial
    base = q.survival(*SOD1)
    for node in ("protein_aggregation", "mitochondrial_dysfunction", "oxidative_stress"):
        r = q.course(*SOD1, blocks={node: 1.0})
        assert r.onset_month - q.onset(*SOD1) > r.survival_months - base, node
    # without mutant glia the course after onset is slower
    assert q.survival(*SOD1, mutant_cells=("motor_neurons",)) > base


def test_glutamate_blocks_delay_onset_only_in_sporadic_als() -> None:
    said(
        CH4,
        "So in this model glutamate blocks delay onset only in sporadic ALS; "
        "in SOD1 ALS they slow the course after onset.",
    )
    for node in ("excess_glutamate", "excitotoxicity", "calcium_influx"):
        assert q.onset(blocks={node: 1.0}) > (1 + LITTLE) * q.onset(), node
        assert same(q.onset(*SOD1, blocks={node: 1.0}), q.onset(*SOD1), LITTLE), node
        assert q.survival(*SOD1, blocks={node: 1.0}) > q.survival(*SOD1), node


def test_a_full_glutamate_branch_block_delays_loss_without_stopping_it() -> None:
    said(CH4, "even a full block of the glutamate branch delays motor neuron loss without stopping it")
    months = horizon("ch4-excitotoxicity")
    blocks = {"excess_glutamate": 1.0, "excitotoxicity": 1.0, "calcium_influx": 1.0}
    delayed = q.end_stage(blocks=blocks, months=months)
    assert q.end_stage(months=months) < delayed < math.inf


def test_half_blocks_are_not_proportional() -> None:
    said(CH4, "more than half of the gain of the full block, while a half block of calcium influx moves it to")
    said(CH4, "about half. The shape of the response decides this")
    base = q.onset()

    def share(node: str) -> float:
        return (q.onset(blocks={node: 0.5}) - base) / (q.onset(blocks={node: 1.0}) - base)

    assert share("excitotoxicity") > 0.5
    assert abs(share("calcium_influx") - 0.5) < 0.1
    assert share("excitotoxicity") > share("calcium_influx")


# --- Chapter 4: the mitochondria-clearance explorer -----------------------------------------------


def test_the_mitochondria_oxidative_stress_loop_is_lopsided() -> None:
    said(
        CH4, "mitochondrial dysfunction is almost the only source of oxidative stress, while mitochondrial dysfunction"
    )
    said(CH4, "mitochondrial dysfunction is almost the only source of oxidative stress in the model")
    said(CH4, "Blocking mitochondrial dysfunction therefore almost silences oxidative stress")
    said(CH4, "Blocking oxidative stress lowers mitochondrial dysfunction only a little")
    ox_in, mito_in = inputs("oxidative_stress"), inputs("mitochondrial_dysfunction")
    assert ox_in["mitochondrial_dysfunction"] > 2 * sum(w for s, w in ox_in.items() if s != "mitochondrial_dysfunction")
    assert sum(w for s, w in mito_in.items() if s != "oxidative_stress") > mito_in["oxidative_stress"]
    month = snapshot("ch4-mito-clearance")
    for background in ((), SOD1):
        ox = q.activity("oxidative_stress", month, *background)
        ox_without_mito = q.activity("oxidative_stress", month, *background, blocks={"mitochondrial_dysfunction": 1.0})
        mito = q.activity("mitochondrial_dysfunction", month, *background)
        mito_without_ox = q.activity("mitochondrial_dysfunction", month, *background, blocks={"oxidative_stress": 1.0})
        assert ox_without_mito < 0.25 * ox, background
        assert (1 - A_LITTLE) * mito < mito_without_ox < mito, background


def test_blocking_aggregation_is_the_strongest_single_block_in_sporadic_als() -> None:
    said(CH4, "In sporadic ALS, blocking protein aggregation is the strongest single block: onset moves from")
    said(CH4, "and survival from onset more than doubles")
    agg = {"protein_aggregation": 1.0}
    assert q.survival(blocks=agg) > 2 * q.survival()
    for node in ("oxidative_stress", "mitochondrial_dysfunction", "impaired_clearance"):
        other = {node: 1.0}
        assert q.end_stage(blocks=other) < q.end_stage(blocks=agg), node
        assert q.onset(blocks=agg) > q.onset(blocks=other), node
        assert q.survival(blocks=other) > q.survival(), node


def test_in_sod1_als_the_blocks_act_mainly_on_onset() -> None:
    said(CH4, "In SOD1 ALS the blocks act mainly on *onset*")
    said(CH4, "because misfolded SOD1 damages the mitochondria directly, and its amount depends on clearance")
    said(CH4, "Survival from onset changes much less")
    said(CH4, "Blocking oxidative stress delays onset less")
    said(CH4, "and restoring clearance alone lowers misfolded SOD1")
    assert {"sod1_aggregates", "protein_aggregation"} <= set(inputs("mitochondrial_dysfunction"))
    assert "impaired_clearance" in inputs("sod1_aggregates")
    delay = {
        n: q.onset(*SOD1, blocks={n: 1.0}) - q.onset(*SOD1)
        for n in ("protein_aggregation", "mitochondrial_dysfunction", "oxidative_stress", "impaired_clearance")
    }
    for n in ("protein_aggregation", "mitochondrial_dysfunction"):
        assert delay[n] > abs(q.survival(*SOD1, blocks={n: 1.0}) - q.survival(*SOD1)), n
        assert delay[n] > delay["oxidative_stress"] > delay["impaired_clearance"] > 0, n
    assert same(q.onset(*SOD1, blocks={"impaired_clearance": 1.0}), q.onset(*SOD1), LITTLE)
    clear, month = {"impaired_clearance": 1.0}, snapshot("ch4-mito-clearance")
    assert q.activity("sod1_aggregates", month, *SOD1, blocks=clear) < 0.9 * q.activity("sod1_aggregates", month, *SOD1)


def test_in_sod1_als_mitochondria_and_aggregation_delay_onset_most() -> None:
    said(CH4, "blocking protein aggregation moves onset from about month")
    said(CH4, "and blocking mitochondrial dysfunction to about month")
    delays = {
        n: q.onset(*SOD1, blocks={n: 1.0}) - q.onset(*SOD1)
        for n in ("protein_aggregation", "mitochondrial_dysfunction", "oxidative_stress", "impaired_clearance")
    }
    top = sorted(delays, key=lambda n: delays[n], reverse=True)[:2]
    assert set(top) == {"protein_aggregation", "mitochondrial_dysfunction"}


def test_in_sod1_als_mitochondria_plus_aggregation_delays_onset_further() -> None:
    said(CH4, "Blocking mitochondrial dysfunction and protein aggregation together delays onset to about month")
    both = {"mitochondrial_dysfunction": 1.0, "protein_aggregation": 1.0}
    pair = q.onset(*SOD1, blocks=both)
    for node in both:
        assert q.onset(*SOD1, blocks={node: 1.0}) < pair < math.inf, node


def test_restoring_clearance_acts_only_partly_and_gains_little() -> None:
    said(
        CH4,
        "restoring clearance lowers protein aggregation only partly, and through it the mitochondrial branch a little",
    )
    month = snapshot("ch4-mito-clearance")
    clear = {"impaired_clearance": 1.0}
    agg, agg_cleared = q.activity("protein_aggregation", month), q.activity("protein_aggregation", month, blocks=clear)
    assert 0.5 * agg < agg_cleared < agg
    mito, mito_cleared = (
        q.activity("mitochondrial_dysfunction", month),
        q.activity("mitochondrial_dysfunction", month, blocks=clear),
    )
    assert (1 - A_LITTLE) * mito < mito_cleared < mito
    gained = q.survival(blocks=clear) - q.survival()
    assert 0 < gained < q.survival(blocks={"mitochondrial_dysfunction": 1.0}) - q.survival()


# --- Chapter 4: the heat map ----------------------------------------------------------------------


def test_heat_map_single_blocks_in_the_order_the_text_gives() -> None:
    said(CH4, "blocking protein aggregation is the strongest single block in sporadic ALS (end stage about")
    said(CH4, "followed by mitochondrial dysfunction (about")
    said(CH4, "and glial toxicity almost nothing")
    order = (
        "protein_aggregation",
        "mitochondrial_dysfunction",
        "excitotoxicity",
        "oxidative_stress",
        "neuroinflammation",
        "glial_toxicity",
    )
    gains = [gain(p) for p in order]
    assert gains == sorted(gains, reverse=True)
    assert 0 <= gain("glial_toxicity") < 0.5  # "almost nothing": under half a month


def test_heat_map_oxidative_stress_and_mitochondria_are_redundant() -> None:
    said(CH4, "hardly more than mitochondrial dysfunction alone (redundant)")
    pair = gain("oxidative_stress", "mitochondrial_dysfunction")
    mito = gain("mitochondrial_dysfunction")
    assert 0 <= pair - mito < 0.25 * gain("oxidative_stress")


def test_heat_map_excitotoxicity_and_aggregation_are_synergistic() -> None:
    said(CH4, "Excitotoxicity with protein aggregation, two separate branches, gains about")
    said(CH4, "more than twice the sum of the two (synergy)")
    said(CH4, "The same pair is strongly synergistic in sporadic ALS too")
    pair = gain("excitotoxicity", "protein_aggregation")
    assert pair > 2 * (gain("excitotoxicity") + gain("protein_aggregation"))


def test_heat_map_excitotoxicity_and_mitochondria_add_a_little_more_than_their_sum() -> None:
    said(CH4, "a little more than the sum of the two: in the model calcium influx feeds the mitochondria")
    said(CH4, "but excitotoxicity also drives apoptosis directly")
    assert "calcium_influx" in inputs("mitochondrial_dysfunction") and "calcium_influx" in inputs("apoptosis")
    pair = gain("excitotoxicity", "mitochondrial_dysfunction")
    total = gain("excitotoxicity") + gain("mitochondrial_dysfunction")
    assert total < pair < 1.5 * total


def test_heat_map_horizon_is_the_one_the_text_states() -> None:
    """The heat map's horizon is a figure setting the quantities namespace does not expose: typed, checked here."""
    said(CH4, f'A cell marked ">{HORIZON}" means that end stage is not reached within the {HORIZON} months simulated')


def test_no_single_block_stops_motor_neuron_loss() -> None:
    said(CH4, "In the teaching model, no single block stops motor neuron loss")
    names = network().pathways
    for p in (p for p in names if p != "apoptosis"):
        assert gain(p) < math.inf, p


def test_in_sod1_als_oxidative_blocks_delay_onset_and_glutamate_blocks_slow_the_course() -> None:
    said(
        CH4,
        "In SOD1 ALS, oxidative-stress and mitochondrial blocks mainly delay onset, "
        "and glutamate blocks slow the course after onset.",
    )
    for node in ("oxidative_stress", "mitochondrial_dysfunction"):
        r = q.course(*SOD1, blocks={node: 1.0})
        assert r.onset_month - q.onset(*SOD1) > r.survival_months - q.survival(*SOD1) > 0, node
    for node in ("excess_glutamate", "excitotoxicity", "calcium_influx"):
        r = q.course(*SOD1, blocks={node: 1.0})
        assert r.survival_months - q.survival(*SOD1) > r.onset_month - q.onset(*SOD1) >= 0, node


def test_whether_a_pair_adds_up_depends_on_the_loop() -> None:
    said(CH4, "Whether a pair of blocks adds up depends on whether the two pathways lie on the same loop")
    same_loop = gain("oxidative_stress", "mitochondrial_dysfunction")
    assert same_loop < gain("oxidative_stress") + gain("mitochondrial_dysfunction")
    assert gain("excitotoxicity", "protein_aggregation") > gain("excitotoxicity") + gain("protein_aggregation")


# --- Chapter 4: exercise 2 (SOD1 ALS) -------------------------------------------------------------


def test_exercise_sod1_oxidative_and_mitochondrial_blocks_are_redundant() -> None:
    said(CH4, "Survival from onset changes by a few months at most")
    said(CH4, "hardly more than mitochondrial dysfunction alone. The pair is redundant")
    base = q.course(*SOD1)
    runs = {
        k: q.course(*SOD1, blocks=b)
        for k, b in {
            "ox": {"oxidative_stress": 1.0},
            "mito": {"mitochondrial_dysfunction": 1.0},
            "both": {"oxidative_stress": 1.0, "mitochondrial_dysfunction": 1.0},
        }.items()
    }
    for r in runs.values():
        assert 0 < r.survival_months - base.survival_months < 6  # "a few months at most"
    delay = {k: r.onset_month - base.onset_month for k, r in runs.items()}
    assert 0 < delay["ox"] < delay["mito"] <= delay["both"]
    assert delay["both"] - delay["mito"] < 0.25 * delay["ox"]


def test_exercise_sod1_excitotoxicity_and_aggregation() -> None:
    said(CH4, "excitotoxicity alone hardly moves onset but lengthens survival from onset by about")
    said(CH4, "without changing survival from onset, and the pair delays onset by about")
    said(CH4, "more than the sum of the two, after which end stage does not come within the")
    base = q.course(*SOD1)
    exc = q.course(*SOD1, blocks={"excitotoxicity": 1.0})
    agg = q.course(*SOD1, blocks={"protein_aggregation": 1.0})
    pair = q.course(*SOD1, blocks={"excitotoxicity": 1.0, "protein_aggregation": 1.0})
    assert same(exc.onset_month, base.onset_month, LITTLE) and exc.survival_months > base.survival_months
    assert agg.onset_month > base.onset_month and same(agg.survival_months, base.survival_months, LITTLE)
    delay = {k: r.onset_month - base.onset_month for k, r in {"exc": exc, "agg": agg, "pair": pair}.items()}
    assert delay["pair"] > delay["exc"] + delay["agg"]
    assert math.isinf(
        q.end_stage(*SOD1, blocks={"excitotoxicity": 1.0, "protein_aggregation": 1.0}, months=horizon_default())
    )


# --- Chapter 5: the inflammation loop and the timing explorer -------------------------------------

TIMINGS = ("early", "onset", "late")


def timed(target: str, when: str, strength: float = 1.0) -> float:
    """Survival from onset with the chapter 5 explorer's timed block."""
    start, after_onset = BLOCK_TIMING[when]
    return q.survival(blocks={target: Block(strength, start, after_onset)})


def test_protective_arm_rises_first_and_the_cytokines_keep_building() -> None:
    said(CH5, "A **fast, protective arm** represents {term}`neurotrophic support`. It rises soon after microglia")
    said(CH5, "It builds up over months and keeps building while damage continues")
    said(CH5, "whose cytokines build up slowly and, once chronic, suppress the protective response")
    r = q.course()
    support, cytokines = r.activity["neurotrophic_support"], r.activity["cytokines"]

    def first_rise(x: np.ndarray) -> int:
        """The first month at which ``x`` is 0.02 above where it started."""
        return int(np.argmax(x - x[0] > 0.02))

    assert first_rise(support) < first_rise(cytokines)
    assert np.all(np.diff(cytokines) >= -1e-9)
    assert any(e.src == "cytokines" and e.dst == "protective_response" and e.sign < 0 for e in network().edges)
    protective = r.activity["protective_response"]
    assert protective[-1] < protective.max() and cytokines[-1] == cytokines.max()


def test_blocking_the_whole_glial_response_shortens_survival_at_every_timing() -> None:
    said(CH5, "Blocking the whole glial response therefore shortens survival in the model")
    said(CH5, "at every timing. The harm is smallest when the block starts late")
    said(CH5, "blocking the whole glial response shortens survival at every timing")
    said(CH5, "blocking the whole glial response harms at every timing (least when late)")
    base = q.survival()
    for strength in (0.5, 1.0):
        harm = {w: base - timed("microglial_activation", w, strength) for w in TIMINGS}
        assert all(h > 0 for h in harm.values()), (strength, harm)
        assert harm["late"] == min(harm.values()), (strength, harm)


def test_a_late_block_leaves_the_first_year_of_protection() -> None:
    said(CH5, "because the protective response then keeps working through the first year after onset")
    said(SC5, "because the protective response then keeps working through the first year after onset")
    start, _ = BLOCK_TIMING["late"]
    r = q.course()
    year = slice(math.ceil(r.onset_month), int(r.onset_month + start))
    at_onset = q.course(blocks={"microglial_activation": Block(1.0, *BLOCK_TIMING["onset"])})
    late = q.course(blocks={"microglial_activation": Block(1.0, *BLOCK_TIMING["late"])})
    support = "neurotrophic_support"
    assert np.allclose(late.activity[support][year], r.activity[support][year])
    assert at_onset.activity[support][year].mean() < r.activity[support][year].mean()


def test_a_selective_block_helps_a_little_more_when_early_or_at_onset() -> None:
    said(CH5, "*A selective block helps, a little.* Blocking only the pro-inflammatory arm lengthens survival slightly")
    said(CH5, "about as much when it starts at disease start as at onset, and less when it starts late")
    said(CH5, "more when it starts early or at onset than when it starts late")
    said(CH5, "Blocking only the pro-inflammatory arm helps slightly")
    said(CH5, "blocking only the pro-inflammatory arm helps a little")
    base = q.survival()
    for strength in (0.5, 1.0):
        gains = {w: timed("neuroinflammation", w, strength) - base for w in TIMINGS}
        assert all(0 < g < LITTLE * base for g in gains.values()), (strength, gains)
        assert min(gains["early"], gains["onset"]) > gains["late"], (strength, gains)
        assert abs(gains["early"] - gains["onset"]) < 0.1 * gains["early"], (strength, gains)  # "about as much"
    full = {w: timed("neuroinflammation", w) - base for w in TIMINGS}
    assert full["early"] == max(full.values())  # "by up to about" quotes the early full block


def test_no_choice_in_the_timing_explorer_is_a_cure() -> None:
    said(CH5, "*No choice is a cure.*")
    said(CH5, "and no choice is a cure")
    said(CH5, "Neither is a cure")
    months = horizon("ch5-inflammation-timing")
    for target, when, strength in itertools.product(
        ("microglial_activation", "neuroinflammation"), TIMINGS, (0.5, 1.0)
    ):
        start, after_onset = BLOCK_TIMING[when]
        assert q.end_stage(blocks={target: Block(strength, start, after_onset)}, months=months) < math.inf


def test_minocycline_in_the_model_has_the_trials_direction_but_not_its_size() -> None:
    said(CH5, "in the model the drug's harm is less than half the roughly 25% faster decline seen in the trial")
    said(CH5, "The model reproduces the direction (survival about")
    said(CH5, "faster) but not the size")
    assert q.survival(therapy="minocycline") < q.survival()
    nine_months = q.decline(therapy="minocycline", weeks=39) / q.decline(weeks=39) - 1
    first_year = q.slope(therapy="minocycline") / q.slope() - 1
    trial = 1.30 / 1.04 - 1  # Gordon et al. 2007: -1.30 vs -1.04 ALSFRS-R points a month
    assert 0 < nine_months < 0.5 * trial
    assert 0 < first_year < 0.5 * trial


def test_minocycline_harm_in_the_model_comes_from_the_protective_arm() -> None:
    said(CH5, "In the model the harm comes from the protective arm: minocycline suppresses microglial activation")
    assert "microglial_activation" in network().therapies["minocycline"].blocks
    base, mino = q.course(), q.course(therapy="minocycline")
    after = slice(math.ceil(base.onset_month), int(base.end_stage_month))
    for node in ("protective_response", "neurotrophic_support"):
        assert mino.activity[node][after].mean() < base.activity[node][after].mean(), node


def test_selfcheck_an_early_whole_block_shortens_survival_slightly_and_late_harms_less() -> None:
    said(SC5, "so survival is slightly shorter, not longer")
    said(SC5, "started late, the same block harms less")
    base = q.survival()
    early = timed("microglial_activation", "early")
    assert base * (1 - LITTLE) < early < base
    assert timed("microglial_activation", "late") > early


def test_the_late_timing_is_the_explorers() -> None:
    """The explorer's "12 months after onset" is a control setting, typed in the prose: check it, and the roles."""
    start, after_onset = BLOCK_TIMING["late"]
    assert after_onset
    said(CH5, f"**{start:.0f} months after onset** (late)")
    said(CH5, f"least when it starts {start:.0f} months after onset")
    said(SC5, f"the same effect as blocking {start:.0f} months after onset")
    labels = [o.label for c in get("ch5-inflammation-timing").controls for o in c.options]
    assert f"{start:.0f} months after onset (late)" in labels
    timed_roles = [e for e in ROLE.findall(sources()[CH5]) if "True)" in e]
    starts = {float(s) for e in timed_roles for s in re.findall(r"Block\(1\.0, ([\d.]+), True\)", e)}
    assert starts == {0.0, start}
