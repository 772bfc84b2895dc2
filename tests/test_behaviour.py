"""Behaviours of the teaching model, one published finding per test.

Each docstring states the finding in one sentence with its citation key(s) from references.bib and,
where it applies, the claim id from CLAIMS.md. The tests check the DIRECTION of each effect, and its
SIZE only where the source gives a number and the model claims to reproduce it; tolerances come
from "Quantitative anchors for a teaching model" in REFERENCES.md.

All simulations go through the cached ``run`` helper, so the file runs in a few seconds.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest

import alsbook
from alsbook import CELL_TYPES, MUTATIONS, Block

#: Genetic backgrounds: sporadic ALS (no mutation) and each familial gene on its own.
BACKGROUNDS: tuple[tuple[str, ...], ...] = ((),) + tuple((m,) for m in MUTATIONS)
#: 24 weeks in months (the edaravone trial's primary endpoint).
WEEKS_24 = 24 * 7 / 30.4375
#: Long horizon used where the question is "is end stage ever reached".
LONG = 600


@functools.lru_cache(maxsize=512)
def run(
    mutations: tuple[str, ...] = (),
    blocks: tuple[tuple[str, float | Block], ...] = (),
    therapy: str | None = None,
    mutant_cells: tuple[str, ...] = CELL_TYPES,
    months: int = 120,
    healthy: bool = False,
) -> alsbook.Result:
    """A cached simulation (arguments are hashable: blocks as a tuple of pairs)."""
    return alsbook.simulate(
        mutations=mutations,
        blocks=dict(blocks),
        therapy=therapy,
        mutant_cells=mutant_cells,
        months=months,
        healthy=healthy,
    )


def score_at(r: alsbook.Result, month: float) -> float:
    """ALSFRS-R at any month (linear interpolation between the monthly reports)."""
    return float(np.interp(month, r.months, r.alsfrs_r))


def decline(r: alsbook.Result, months: float) -> float:
    """Points of ALSFRS-R lost in the given number of months after symptom onset."""
    assert math.isfinite(r.onset_month), "scenario never reaches onset"
    return score_at(r, r.onset_month) - score_at(r, r.onset_month + months)


def rel_change(new: float, old: float) -> float:
    return abs(new - old) / old


# --- natural history --------------------------------------------------------------------------------


def test_healthy_control_never_reaches_onset():
    """Hardiman2017NRDP: without a mutation or the sporadic background there is no motor neuron disease
    (healthy control).
    """
    r = run(healthy=True, months=LONG)
    assert math.isinf(r.onset_month)
    assert math.isinf(r.end_stage_month)
    # A resting trickle of apoptosis is allowed, but no meaningful loss in 50 years.
    assert r.motor_neurons["UMN"].min() > 0.999 and r.motor_neurons["LMN"].min() > 0.999
    assert np.all(r.alsfrs_r == 48.0)


def test_sporadic_median_survival_from_onset_is_two_to_four_years():
    """Brown2017NEJM, Renton2014NatNeurosci: untreated sporadic ALS kills in about 2-4 years from onset
    (tolerance 24-48 months).
    """
    r = run()
    assert 24.0 <= r.survival_months <= 48.0, r.survival_months


def test_alsfrs_r_declines_about_one_point_a_month():
    """Gordon2007LancetNeurol (placebo), Thakore2018MuscleNerve: ALSFRS-R falls by about 1 point a month;
    averaged over the first 24 months after onset 0.8-1.2.
    """
    r = run()
    rate = decline(r, 24.0) / 24.0
    assert 0.8 <= rate <= 1.2, rate


def test_both_upper_and_lower_motor_neurons_are_lost():
    """Hardiman2017NRDP, Brown2017NEJM (C1.1): ALS is a degeneration of both upper and lower motor neurons."""
    r = run()
    assert r.motor_neurons["UMN"][-1] < 0.5
    assert r.motor_neurons["LMN"][-1] < 0.5


@pytest.mark.parametrize("mutations", BACKGROUNDS, ids=lambda m: m[0] if m else "sporadic")
def test_alsfrs_r_is_48_until_onset_and_never_increases(mutations):
    """Cedarbaum1999JNeurolSci: ALSFRS-R is 48 without symptoms and only falls in untreated ALS."""
    r = run(mutations)
    before = r.months < r.onset_month
    assert before.any()
    assert np.all(r.alsfrs_r[before] == 48.0)
    assert np.all(np.diff(r.alsfrs_r) <= 1e-12)
    assert r.alsfrs_r.min() >= 0.0


@pytest.mark.parametrize("mutations", BACKGROUNDS, ids=lambda m: m[0] if m else "sporadic")
def test_motor_neuron_survival_starts_at_one_and_never_increases(mutations):
    """Hardiman2017NRDP (C2.1): motor neuron loss is progressive; lost neurons do not come back."""
    r = run(mutations)
    for pop in ("UMN", "LMN"):
        s = r.motor_neurons[pop]
        assert s[0] == 1.0
        assert np.all(np.diff(s) <= 1e-12)
        assert np.all((s >= 0.0) & (s <= 1.0))


# --- genetics (chapter 3) ---------------------------------------------------------------------------


def test_mutant_sod1_aggregates_damage_mitochondria_and_raise_oxidative_stress_and_apoptosis():
    """Rosen1993Nature, Gurney1994Science, Taylor2016Nature (C3.4): mutant SOD1 aggregates, impairs
    mitochondria, raises oxidative stress and apoptosis.
    """
    sod1, sporadic = run(("SOD1",)), run()
    for node in ("sod1_aggregates", "mitochondrial_dysfunction", "oxidative_stress", "apoptosis"):
        for month in (12, 24, 36):
            assert sod1.activity[node][month] > sporadic.activity[node][month], (node, month)


def test_c9orf72_expansion_makes_rna_foci_and_dprs():
    """DeJesusHernandez2011Neuron, Mori2013Science, Ash2013Neuron (C3.5): the C9orf72 repeat expansion gives
    RNA foci and dipeptide-repeat proteins.
    """
    c9, sporadic, healthy = run(("C9orf72",)), run(), run(healthy=True)
    assert c9.activity["rna_foci_and_dprs"][24] > 0.5
    assert c9.activity["rna_foci_and_dprs"][24] > sporadic.activity["rna_foci_and_dprs"][24]
    assert c9.activity["rna_foci_and_dprs"][24] > healthy.activity["rna_foci_and_dprs"][24]


def test_c9orf72_expansion_has_tdp43_pathology():
    """Renton2011Neuron, Ling2013Neuron (C3.3): C9orf72 ALS shows TDP-43 pathology."""
    c9, healthy, sod1 = run(("C9orf72",)), run(healthy=True), run(("SOD1",))
    assert c9.activity["tdp43_pathology"][24] > 0.5
    assert c9.activity["tdp43_pathology"][24] > healthy.activity["tdp43_pathology"][24]
    assert c9.activity["tdp43_pathology"][24] > sod1.activity["tdp43_pathology"][24]


def test_tardbp_mutation_raises_tdp43_pathology():
    """Sreedharan2008Science, Kabashi2008NatGenet (C3.2, C3.3): TARDBP mutations cause TDP-43 pathology and
    ALS.
    """
    tardbp, healthy, sporadic = run(("TARDBP",)), run(healthy=True), run()
    assert tardbp.activity["tdp43_pathology"][24] > healthy.activity["tdp43_pathology"][24]
    assert tardbp.activity["tdp43_pathology"][24] > sporadic.activity["tdp43_pathology"][24]
    assert math.isfinite(tardbp.onset_month)


def test_fus_mutation_raises_fus_pathology():
    """Kwiatkowski2009Science, Vance2009Science (C3.2, C3.3): mutant FUS leaves the nucleus and accumulates in
    the cytoplasm.
    """
    fus, sporadic = run(("FUS",)), run()
    assert fus.activity["fus_pathology"][24] > 0.5
    assert fus.activity["fus_pathology"][24] > sporadic.activity["fus_pathology"][24]


def test_fus_als_is_lower_motor_neuron_predominant():
    """Vance2009Science, Kwiatkowski2009Science: FUS ALS affects mainly lower motor neurons (LMN loss > UMN
    loss).
    """
    r = run(("FUS",))
    umn, lmn = r.motor_neurons["UMN"], r.motor_neurons["LMN"]
    assert np.all(lmn[1:] < umn[1:])  # fewer surviving LMN at every month after the start
    assert np.max(np.abs(umn - lmn)) > 0.05  # the curves differ visibly


def test_tdp43_pathology_in_sporadic_but_not_in_sod1_als():
    """Neumann2006Science, Mackenzie2007AnnNeurol: TDP-43 inclusions mark sporadic ALS but are absent in SOD1
    ALS.
    """
    sporadic, sod1 = run(), run(("SOD1",))
    assert sporadic.activity["tdp43_pathology"][24] > 0.5
    assert sod1.activity["tdp43_pathology"].max() < 0.05


# --- cellular mechanisms (chapter 4) -----------------------------------------------------------------


def test_blocking_excitotoxicity_lowers_calcium_influx_and_delays_onset():
    """Kawahara2004Nature (C4.2): glutamate-receptor overactivation lets calcium in and kills motor neurons,
    so blocking it lowers calcium and delays onset.
    """
    base, blocked = run(), run(blocks=(("excitotoxicity", 1.0),))
    assert blocked.activity["calcium_influx"][24] < base.activity["calcium_influx"][24]
    assert blocked.onset_month > base.onset_month


def test_lower_glutamate_uptake_raises_excess_glutamate():
    """Lepore2008NatNeurosci, Cudkowicz2014LancetNeurol (C4.2): less astrocytic glutamate uptake (EAAT2)
    leaves more glutamate in the synapse.
    """
    edges = [e for e in alsbook.network().edges if e.src == "glutamate_uptake" and e.dst == "excess_glutamate"]
    assert edges and all(e.sign == -1 for e in edges)
    # Scenario: mutant SOD1 astrocytes turn reactive and take up less glutamate than wild-type ones.
    mutant_astro = run(("SOD1",))
    wt_astro = run(("SOD1",), mutant_cells=("motor_neurons", "microglia"))
    month = 36
    assert mutant_astro.activity["glutamate_uptake"][month] < wt_astro.activity["glutamate_uptake"][month]
    assert mutant_astro.activity["excess_glutamate"][month] > wt_astro.activity["excess_glutamate"][month]
    # And raising uptake (ceftriaxone restores EAAT2) never raises excess glutamate.
    cef = run(("SOD1",), therapy="ceftriaxone")
    assert np.all(cef.activity["excess_glutamate"] <= mutant_astro.activity["excess_glutamate"] + 1e-12)


def test_blocking_mitochondrial_dysfunction_lowers_oxidative_stress():
    """Taylor2016Nature (C4.3): failing mitochondria leak reactive oxygen species, so protecting them lowers
    oxidative stress.
    """
    for mutations in ((), ("SOD1",)):
        base = run(mutations)
        blocked = run(mutations, blocks=(("mitochondrial_dysfunction", 1.0),))
        for month in (24, 48):
            assert blocked.activity["oxidative_stress"][month] < base.activity["oxidative_stress"][month]


def test_blocking_protein_aggregation_relieves_clearance_and_lengthens_survival():
    """Deng2011Nature, Ling2013Neuron (C4.4): misfolded proteins overload autophagy and the proteasome; less
    aggregation eases clearance and slows the disease.
    """
    base, blocked = run(), run(blocks=(("protein_aggregation", 1.0),))
    for month in (24, 48):
        assert blocked.activity["impaired_clearance"][month] < base.activity["impaired_clearance"][month]
    assert blocked.survival_months > base.survival_months


# --- therapies (chapter 7) ---------------------------------------------------------------------------


def test_riluzole_gains_months_not_years():
    """Miller2012Cochrane, Bensimon1994NEJM: riluzole prolongs median survival by about 3 months (tolerance
    2-3.5 months).
    """
    base, treated = run(), run(therapy="riluzole")
    gain = treated.survival_months - base.survival_months
    assert 2.0 <= gain <= 3.5, gain


@pytest.mark.parametrize(
    "mutations", [m for m in BACKGROUNDS if m != ("SOD1",)], ids=lambda m: m[0] if m else "sporadic"
)
def test_tofersen_does_nothing_without_a_sod1_mutation(mutations):
    """Miller2022NEJM: tofersen is an antisense drug against SOD1 mRNA, so it can only act where SOD1 is
    mutated.
    """
    base, treated = run(mutations), run(mutations, therapy="tofersen")
    assert treated.onset_month == base.onset_month
    assert treated.end_stage_month == base.end_stage_month
    for node, values in base.activity.items():
        np.testing.assert_array_equal(treated.activity[node], values, err_msg=node)
    np.testing.assert_array_equal(treated.alsfrs_r, base.alsfrs_r)


def test_tofersen_lowers_sod1_aggregates_in_sod1_als():
    """Miller2022NEJM: in SOD1 ALS tofersen lowers SOD1 protein strongly (model: aggregates more than halved
    within 12 months of starting).
    """
    base, treated = run(("SOD1",)), run(("SOD1",), therapy="tofersen")
    month = int(math.ceil(base.onset_month)) + 12
    assert treated.activity["sod1_aggregates"][month] < 0.5 * base.activity["sod1_aggregates"][month]
    assert treated.survival_months >= base.survival_months


@pytest.mark.parametrize("mutations", BACKGROUNDS, ids=lambda m: m[0] if m else "sporadic")
def test_minocycline_does_not_slow_decline(mutations):
    """Gordon2007LancetNeurol: minocycline made ALSFRS-R decline faster (-1.30 vs -1.04 points a month over 9
    months): blocking inflammation wholesale is no cure.
    """
    base, treated = run(mutations), run(mutations, therapy="minocycline")
    assert decline(treated, 9.0) >= decline(base, 9.0) - 1e-9
    assert math.isfinite(run(mutations, therapy="minocycline", months=LONG).end_stage_month)


@pytest.mark.parametrize("mutations", BACKGROUNDS, ids=lambda m: m[0] if m else "sporadic")
def test_ceftriaxone_gives_no_meaningful_survival_gain(mutations):
    """Cudkowicz2014LancetNeurol: ceftriaxone (raises EAAT2) did not prolong survival in the phase 3 trial
    (model: gain < 2 months).
    """
    base, treated = run(mutations), run(mutations, therapy="ceftriaxone")
    assert abs(treated.survival_months - base.survival_months) < 2.0


@pytest.mark.parametrize("mutations", BACKGROUNDS, ids=lambda m: m[0] if m else "sporadic")
def test_pb_turso_effect_is_near_zero(mutations):
    """Paganoni2020NEJM: sodium phenylbutyrate-taurursodiol helped in phase 2, but the phase 3 trial was null
    (model: survival effect < 1 month).
    """
    base, treated = run(mutations), run(mutations, therapy="pb_turso")
    assert abs(treated.survival_months - base.survival_months) < 1.0


@pytest.mark.parametrize("mutations", BACKGROUNDS, ids=lambda m: m[0] if m else "sporadic")
def test_edaravone_slows_24_week_decline_by_at_most_the_trial_effect(mutations):
    """Edaravone2017LancetNeurol, Abe2014ALSFTD: edaravone slowed ALSFRS-R decline by 2.49 points over 24
    weeks only in an enriched population (and not in the first trial), so the gain is between 0 and 2.49.
    """
    base, treated = run(mutations), run(mutations, therapy="edaravone")
    benefit = decline(base, WEEKS_24) - decline(treated, WEEKS_24)
    assert -1e-9 <= benefit <= 2.49, benefit
    if not mutations:  # the trials were mostly sporadic ALS: there the direction must be a benefit
        assert benefit > 0.0


# --- non-cell-autonomous toxicity (chapter 6) -------------------------------------------------------


def test_removing_mutant_sod1_from_motor_neurons_delays_onset():
    """Boillee2006Science (C6.3): removing mutant SOD1 from motor neurons delays disease onset (model: by more
    than 30%).
    """
    allcells = run(("SOD1",))
    no_mn = run(("SOD1",), mutant_cells=("astrocytes", "microglia"))
    assert no_mn.onset_month > 1.3 * allcells.onset_month


def test_removing_mutant_sod1_from_microglia_spares_onset_but_slows_progression():
    """Boillee2006Science, Beers2006PNAS: removing mutant SOD1 from microglia barely moves onset (< 10%) but
    slows late progression (survival from onset > 20% longer).
    """
    allcells = run(("SOD1",))
    no_mg = run(("SOD1",), mutant_cells=("motor_neurons", "astrocytes"))
    assert rel_change(no_mg.onset_month, allcells.onset_month) < 0.10
    assert no_mg.survival_months > 1.2 * allcells.survival_months


def test_removing_mutant_sod1_from_astrocytes_spares_onset_slows_progression_and_delays_microglia():
    """Yamanaka2008NatNeurosci: removing mutant SOD1 from astrocytes leaves onset unchanged (< 10%), slows
    late progression and delays microglial activation.
    """
    allcells = run(("SOD1",))
    no_astro = run(("SOD1",), mutant_cells=("motor_neurons", "microglia"))
    assert rel_change(no_astro.onset_month, allcells.onset_month) < 0.10
    assert no_astro.survival_months > allcells.survival_months
    for month in (12, 18, 24):
        assert no_astro.activity["microglial_activation"][month] < allcells.activity["microglial_activation"][month]


# --- neuroinflammation (chapter 5) -------------------------------------------------------------------


def test_vicious_cycle_microglia_cytokines_and_apoptosis_rise_together():
    """Philips2011LancetNeurol, Beers2019LancetNeurol (C5.1, C5.2): in ALS microglial activation, cytokines
    and neuronal death rise together in a self-sustaining cycle.
    """
    r = run()
    for node in ("microglial_activation", "cytokines", "apoptosis"):
        v = r.activity[node]
        assert np.all(np.diff(v) >= -1e-12), node
        assert v[-1] > v[24] > v[0], node


def test_blocking_the_whole_glial_response_is_no_cure():
    """Beers2019LancetNeurol, Gordon2007LancetNeurol (C5.2): glial activation is protective early, so
    suppressing all of it does not stop ALS.
    """
    for blk in (Block(1.0, 0.0), Block(1.0, 12.0, after_onset=True)):
        r = run(blocks=(("microglial_activation", blk),), months=LONG)
        assert math.isfinite(r.end_stage_month), blk


def test_blocking_the_glial_response_late_harms_less_than_blocking_it_from_the_start():
    """Beers2019LancetNeurol, Philips2011LancetNeurol (C5.2): the glial response is protective early and
    harmful when chronic, so suppressing it from disease start costs more than suppressing it late.
    """
    base = run()
    early = run(blocks=(("microglial_activation", Block(1.0, 0.0)),))
    late = run(blocks=(("microglial_activation", Block(1.0, 12.0, after_onset=True)),))
    assert early.end_stage_month < late.end_stage_month
    assert late.end_stage_month <= base.end_stage_month  # blocking all of it still harms


def test_blocking_only_the_pro_inflammatory_arm_helps_a_little():
    """Beers2019LancetNeurol, Liddelow2017Nature (C5.1): the pro-inflammatory arm injures neurons, so blocking
    it alone delays end stage somewhat but does not cure.
    """
    base = run()
    blocked = run(blocks=(("neuroinflammation", 1.0),))
    assert blocked.end_stage_month > base.end_stage_month
    assert math.isfinite(run(blocks=(("neuroinflammation", 1.0),), months=LONG).end_stage_month)
