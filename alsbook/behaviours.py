"""The behaviour suite as data: published findings that the teaching model must reproduce.

Why data: the same list is the test suite (``tests/test_behaviour.py`` runs every entry), the
source of the robustness table (``alsbook.sensitivity`` reruns every teaching conclusion under
perturbed weights and time constants) and a reader's catalogue of what the model claims.

Each :class:`Behaviour` names the published finding in one sentence, its citation keys
(``references.bib``) and claim ids, the scenarios it needs, and a check that returns whether the
model agrees, with what the model gives. ``kind`` says what is checked: ``direction`` (the sign of
an effect or an ordering) or ``size`` (a number, with the tolerance stated in ``tolerance``). Where
the model cannot reproduce a published size, the check pins what the model does (``kind="pinned"``)
and ``book/model.md`` says so with the number.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .model import CELL_TYPES, MUTATIONS, THERAPIES, Block, Result, Scenario, simulate_batch

Runs = Mapping[str, Result]

#: Weeks as months (trial end points are given in weeks).
WEEK = 7 / 30.4375
#: Genetic backgrounds: sporadic ALS and each familial gene on its own.
BACKGROUNDS: tuple[tuple[str, ...], ...] = ((),) + tuple((m,) for m in MUTATIONS)
#: Horizon of most checks, and the long one for "is end stage ever reached".
MONTHS = 240
LONG = 600


def name(background: tuple[str, ...]) -> str:
    return background[0] if background else "sporadic"


@dataclass(frozen=True)
class Check:
    """The outcome of one behaviour: whether it holds, and what the model gives (for messages and tables)."""

    holds: bool
    value: str


@dataclass(frozen=True)
class Behaviour:
    """One published finding and how the model is checked against it."""

    id: str
    finding: str
    cite: tuple[str, ...]
    tolerance: str
    runs: Mapping[str, Scenario]
    check: Callable[[Runs], Check]
    claims: tuple[str, ...] = ()
    kind: str = "direction"
    months: int = MONTHS
    #: The lesson a reader takes away, if this behaviour is one the chapters teach (robustness table).
    lesson: str = ""
    #: The lesson's own check, where it claims only a direction and ``check`` also tests a size
    #: (the robustness table asks whether the lesson holds, not whether the size does).
    lesson_check: Callable[[Runs], Check] | None = None

    def teaches(self, runs: Runs) -> Check:
        """Whether the lesson holds for these runs."""
        return (self.lesson_check or self.check)(runs)


# --- read-outs ------------------------------------------------------------------------------------


def score_at(r: Result, month: float) -> float:
    """ALSFRS-R at any month (linear interpolation between the monthly reports)."""
    return float(np.interp(month, r.months, r.alsfrs_r))


def decline(r: Result, months: float) -> float:
    """ALSFRS-R points lost in the given number of months after symptom onset (``nan`` without onset)."""
    if math.isinf(r.onset_month):
        return math.nan
    return score_at(r, r.onset_month) - score_at(r, r.onset_month + months)


def at(r: Result, node: str, month: float) -> float:
    """A node's activity at a month (clipped to the course)."""
    act = r.activity[node]
    return float(act[int(min(max(month, 0), len(act) - 1))])


def end_index(r: Result) -> int:
    """The month of end stage (or the last month simulated)."""
    return int(min(r.end_stage_month, r.months[-1]))


def ok(holds: bool | np.bool_, value: str) -> Check:
    return Check(bool(holds), value)


def _f(x: float, spec: str = ".1f") -> str:
    return "never" if math.isinf(x) else format(x, spec)


# --- the suite --------------------------------------------------------------------------------------


def _natural_history() -> list[Behaviour]:
    out = [
        Behaviour(
            "healthy-control",
            "Without a mutation or the sporadic background there is no motor neuron disease.",
            ("Hardiman2017NRDP",),
            "no onset and no end stage in 50 years; under 0.1% of motor neurons lost",
            {"healthy": Scenario(healthy=True)},
            lambda R: ok(
                math.isinf(R["healthy"].onset_month)
                and math.isinf(R["healthy"].end_stage_month)
                and min(R["healthy"].motor_neurons["UMN"].min(), R["healthy"].motor_neurons["LMN"].min()) > 0.999,
                f"onset {_f(R['healthy'].onset_month)}",
            ),
            months=LONG,
        ),
        Behaviour(
            "sporadic-survival",
            "Untreated sporadic ALS leads to death or permanent ventilation about 2-4 years after onset.",
            ("Brown2017NEJM", "Renton2014NatNeurosci"),
            "24-48 months from onset",
            {"sporadic": Scenario()},
            lambda R: ok(24 <= R["sporadic"].survival_months <= 48, f"{R['sporadic'].survival_months:.1f} months"),
            kind="size",
        ),
        Behaviour(
            "alsfrs-decline",
            "The ALSFRS-R falls by about 1 point a month (0.99 in PRO-ACT; 1.04 on placebo in the minocycline trial).",
            ("Thakore2018MuscleNerve", "Gordon2007LancetNeurol"),
            "0.8-1.2 points a month over the first 24 months after onset",
            {"sporadic": Scenario()},
            lambda R: ok(0.8 <= decline(R["sporadic"], 24) / 24 <= 1.2, f"{decline(R['sporadic'], 24) / 24:.2f}/month"),
            kind="size",
        ),
        Behaviour(
            "umn-and-lmn",
            "ALS is a degeneration of both upper and lower motor neurons.",
            ("Hardiman2017NRDP", "Brown2017NEJM"),
            "both populations below half by the end of the course",
            {"sporadic": Scenario()},
            lambda R: ok(
                R["sporadic"].motor_neurons["UMN"][-1] < 0.5 and R["sporadic"].motor_neurons["LMN"][-1] < 0.5,
                f"UMN {R['sporadic'].motor_neurons['UMN'][-1]:.2f}, LMN {R['sporadic'].motor_neurons['LMN'][-1]:.2f}",
            ),
            claims=("C1.1",),
        ),
        Behaviour(
            "alsfrs-monotone",
            "The ALSFRS-R is 48 without symptoms and only falls in untreated ALS.",
            ("Cedarbaum1999JNeurolSci",),
            "48 before onset and never rising, in every genetic background",
            {name(b): Scenario(mutations=b) for b in BACKGROUNDS},
            lambda R: ok(
                all(
                    np.all(r.alsfrs_r[r.months < r.onset_month] == 48.0)
                    and (r.months < r.onset_month).any()
                    and np.all(np.diff(r.alsfrs_r) <= 1e-12)
                    for r in R.values()
                ),
                "checked month by month",
            ),
        ),
        Behaviour(
            "loss-progressive",
            "Motor neuron loss is progressive: lost neurons do not come back.",
            ("Hardiman2017NRDP",),
            "surviving fractions start at 1 and never rise, in every genetic background",
            {name(b): Scenario(mutations=b) for b in BACKGROUNDS},
            lambda R: ok(
                all(
                    s[0] == 1.0 and np.all(np.diff(s) <= 1e-12) and np.all(s >= 0)
                    for r in R.values()
                    for s in r.motor_neurons.values()
                ),
                "checked month by month",
            ),
            claims=("C2.1",),
        ),
    ]
    return out


def _survival_ratio(gene: str, lo: float, hi: float) -> Callable[[Runs], Check]:
    def check(R: Runs) -> Check:
        ratio = R[gene].survival_months / R["sporadic"].survival_months
        return ok(lo <= ratio <= hi, f"{ratio:.2f} x sporadic")

    return check


def _genetics() -> list[Behaviour]:
    sod1, sp = Scenario(("SOD1",)), Scenario()
    both = {"SOD1": sod1, "sporadic": sp}
    bgs = {name(b): Scenario(mutations=b) for b in BACKGROUNDS}
    return [
        Behaviour(
            "sod1-chain",
            "Mutant SOD1 aggregates, impairs mitochondria and raises oxidative stress and apoptosis.",
            ("Rosen1993Nature", "Gurney1994Science", "Taylor2016Nature"),
            "each node higher in SOD1 than in sporadic ALS at months 24, 36 and 48",
            both,
            lambda R: ok(
                all(
                    at(R["SOD1"], n, m) > at(R["sporadic"], n, m)
                    for n in ("sod1_aggregates", "mitochondrial_dysfunction", "oxidative_stress", "apoptosis")
                    for m in (24, 36, 48)
                ),
                f"apoptosis at 24: {at(R['SOD1'], 'apoptosis', 24):.2f} vs {at(R['sporadic'], 'apoptosis', 24):.2f}",
            ),
            claims=("C3.4",),
            lesson="Mutant SOD1 harms motor neurons through aggregation, mitochondria and oxidative stress.",
            lesson_check=lambda R: ok(
                all(
                    at(R["SOD1"], n, R["SOD1"].onset_month) > at(R["sporadic"], n, R["SOD1"].onset_month)
                    for n in ("sod1_aggregates", "mitochondrial_dysfunction", "oxidative_stress")
                ),
                "the chain's nodes at SOD1 onset",
            ),
        ),
        Behaviour(
            "c9-foci",
            "The C9orf72 repeat expansion gives RNA foci and dipeptide-repeat proteins.",
            ("DeJesusHernandez2011Neuron", "Mori2013Science", "Ash2013Neuron"),
            "RNA foci and DPRs above 0.5 at month 24, above sporadic ALS and healthy controls",
            {"C9orf72": Scenario(("C9orf72",)), "sporadic": sp, "healthy": Scenario(healthy=True)},
            lambda R: ok(
                at(R["C9orf72"], "rna_foci_and_dprs", 24) > 0.5
                and at(R["C9orf72"], "rna_foci_and_dprs", 24)
                > max(at(R["sporadic"], "rna_foci_and_dprs", 24), at(R["healthy"], "rna_foci_and_dprs", 24)),
                f"{at(R['C9orf72'], 'rna_foci_and_dprs', 24):.2f}",
            ),
            claims=("C3.5",),
        ),
        Behaviour(
            "c9-tdp43",
            "C9orf72 ALS shows TDP-43 pathology.",
            ("Renton2011Neuron", "Ling2013Neuron"),
            "TDP-43 pathology above 0.5 at month 24, above healthy controls and SOD1 ALS",
            {"C9orf72": Scenario(("C9orf72",)), "SOD1": sod1, "healthy": Scenario(healthy=True)},
            lambda R: ok(
                at(R["C9orf72"], "tdp43_pathology", 24) > 0.5
                and at(R["C9orf72"], "tdp43_pathology", 24)
                > max(at(R["SOD1"], "tdp43_pathology", 24), at(R["healthy"], "tdp43_pathology", 24)),
                f"{at(R['C9orf72'], 'tdp43_pathology', 24):.2f}",
            ),
            claims=("C3.3",),
        ),
        Behaviour(
            "tardbp-tdp43",
            "TARDBP mutations cause TDP-43 pathology and ALS.",
            ("Sreedharan2008Science", "Kabashi2008NatGenet"),
            "TDP-43 pathology above healthy controls at month 24, and onset is reached",
            {"TARDBP": Scenario(("TARDBP",)), "healthy": Scenario(healthy=True)},
            lambda R: ok(
                at(R["TARDBP"], "tdp43_pathology", 24) > at(R["healthy"], "tdp43_pathology", 24)
                and math.isfinite(R["TARDBP"].onset_month),
                f"{at(R['TARDBP'], 'tdp43_pathology', 24):.2f}",
            ),
            claims=("C3.2", "C3.3"),
        ),
        Behaviour(
            "fus-pathology",
            "Mutant FUS leaves the nucleus and accumulates in the cytoplasm.",
            ("Kwiatkowski2009Science", "Vance2009Science"),
            "FUS mislocalisation above 0.5 at month 24 and above sporadic ALS",
            {"FUS": Scenario(("FUS",)), "sporadic": sp},
            lambda R: ok(
                at(R["FUS"], "fus_pathology", 24) > max(0.5, at(R["sporadic"], "fus_pathology", 24)),
                f"{at(R['FUS'], 'fus_pathology', 24):.2f}",
            ),
            claims=("C3.2", "C3.3"),
        ),
        Behaviour(
            "fus-lmn",
            "FUS ALS affects mainly lower motor neurons.",
            ("Vance2009Science", "Kwiatkowski2009Science"),
            "fewer surviving LMN than UMN at every month, by more than 5% at the widest",
            {"FUS": Scenario(("FUS",))},
            lambda R: ok(
                np.all(R["FUS"].motor_neurons["LMN"][1:] < R["FUS"].motor_neurons["UMN"][1:])
                and np.max(R["FUS"].motor_neurons["UMN"] - R["FUS"].motor_neurons["LMN"]) > 0.05,
                f"widest gap {np.max(R['FUS'].motor_neurons['UMN'] - R['FUS'].motor_neurons['LMN']):.2f}",
            ),
        ),
        Behaviour(
            "tdp43-not-in-sod1",
            "TDP-43 inclusions mark sporadic ALS but are absent in SOD1 ALS.",
            ("Neumann2006Science", "Mackenzie2007AnnNeurol"),
            "sporadic above 0.4 at symptom onset; SOD1 never above 0.05",
            both,
            lambda R: ok(
                at(R["sporadic"], "tdp43_pathology", R["sporadic"].onset_month) > 0.4
                and R["SOD1"].activity["tdp43_pathology"].max() < 0.05,
                f"SOD1 max {R['SOD1'].activity['tdp43_pathology'].max():.3f}",
            ),
            lesson="TDP-43 pathology marks sporadic ALS but not SOD1 ALS.",
            lesson_check=lambda R: ok(
                at(R["sporadic"], "tdp43_pathology", R["sporadic"].onset_month)
                > 3 * R["SOD1"].activity["tdp43_pathology"].max(),
                "sporadic at onset against SOD1 maximum",
            ),
        ),
        Behaviour(
            "familial-onset-earlier",
            "Hereditary ALS starts earlier on average than apparently sporadic ALS.",
            ("Andersen2011NatRevNeurol",),
            "every familial background reaches onset before sporadic ALS (the model has no ages: months "
            "from disease start stand in for age, direction only)",
            bgs,
            lambda R: ok(
                all(R[g].onset_month < R["sporadic"].onset_month for g in MUTATIONS),
                ", ".join(f"{g} {R[g].onset_month:.0f}" for g in ("sporadic", *MUTATIONS)),
            ),
            lesson="Each familial form reaches symptoms sooner than sporadic ALS.",
        ),
        Behaviour(
            "c9-survival-shorter",
            "C9orf72 carriers live shorter after onset than non-carriers (hazard ratio 1.6, 95% CI 1.4-1.9).",
            ("Su2022BMCMed",),
            "survival 0.5-0.85 x sporadic (1/HR = 0.53-0.71 if survival were exponential; widened)",
            bgs,
            _survival_ratio("C9orf72", 0.5, 0.85),
            kind="size",
        ),
        Behaviour(
            "c9-faster",
            "C9orf72 carriers live shorter after onset than non-carriers.",
            ("Su2022BMCMed",),
            "survival from onset shorter than in sporadic ALS (direction)",
            bgs,
            _survival_ratio("C9orf72", 0.0, 0.999),
            lesson="C9orf72 ALS progresses faster than sporadic ALS.",
        ),
        Behaviour(
            "fus-survival-shorter",
            "FUS carriers live shorter after onset than non-carriers (hazard ratio 1.8, 95% CI 1.1-2.9).",
            ("Su2022BMCMed",),
            "survival 0.35-0.9 x sporadic (1/HR = 0.34-0.91 if survival were exponential)",
            bgs,
            _survival_ratio("FUS", 0.35, 0.9),
            kind="size",
        ),
        Behaviour(
            "fus-faster",
            "FUS carriers live shorter after onset than non-carriers.",
            ("Su2022BMCMed",),
            "survival from onset shorter than in sporadic ALS (direction)",
            bgs,
            _survival_ratio("FUS", 0.0, 0.999),
            lesson="FUS ALS progresses faster than sporadic ALS.",
        ),
        Behaviour(
            "sod1-survival",
            "SOD1 carriers do not live shorter after onset than non-carriers (hazard ratio 0.85, 95% CI "
            "0.70-1.0). The model does not reproduce this: its SOD1 course, built on the mouse experiments in "
            "which mutant glia speed up the late disease, is shorter than sporadic ALS. The check pins that.",
            ("Su2022BMCMed", "Boillee2006Science"),
            "pinned: survival 0.45-0.85 x sporadic (the source implies 1.0-1.43)",
            bgs,
            _survival_ratio("SOD1", 0.45, 0.85),
            kind="pinned",
        ),
        Behaviour(
            "tardbp-survival",
            "TARDBP mutations are not associated with shorter survival.",
            ("Su2022BMCMed",),
            "survival at least 0.8 x sporadic",
            bgs,
            _survival_ratio("TARDBP", 0.8, 2.0),
        ),
    ]


def _tdp43_loss_of_function() -> list[Behaviour]:
    bgs = {name(b): Scenario(mutations=b) for b in BACKGROUNDS}
    tdp = ("sporadic", "C9orf72", "TARDBP")
    return [
        Behaviour(
            "nuclear-tdp43-loss",
            "TDP-43 pathology goes with depletion of TDP-43 from the nucleus; SOD1 ALS has neither.",
            ("Melamed2019NatNeurosci", "Ma2022Nature", "Brown2022Nature"),
            "nuclear loss above 0.4 at month 36 in sporadic, C9orf72 and TARDBP ALS; below 0.05 in SOD1 ALS",
            bgs,
            lambda R: ok(
                all(at(R[g], "tdp43_nuclear_loss", 36) > 0.4 for g in tdp)
                and R["SOD1"].activity["tdp43_nuclear_loss"].max() < 0.05,
                ", ".join(f"{g} {at(R[g], 'tdp43_nuclear_loss', 36):.2f}" for g in (*tdp, "SOD1")),
            ),
            claims=("C3.3",),
        ),
        Behaviour(
            "stmn2-loss",
            "Without nuclear TDP-43 a cryptic exon truncates STMN2 and stathmin-2 is lost, in sporadic and "
            "C9orf72 ALS but not in SOD1 ALS.",
            ("Klim2019NatNeurosci", "Melamed2019NatNeurosci", "Ma2022Nature"),
            "STMN2 loss above 0.3 at month 36 in sporadic, C9orf72 and TARDBP ALS; below 0.05 in SOD1 ALS",
            bgs,
            lambda R: ok(
                all(at(R[g], "stmn2_loss", 36) > 0.3 for g in tdp) and R["SOD1"].activity["stmn2_loss"].max() < 0.05,
                ", ".join(f"{g} {at(R[g], 'stmn2_loss', 36):.2f}" for g in (*tdp, "SOD1")),
            ),
            claims=("C3.3",),
            lesson="Loss of nuclear TDP-43 removes STMN2 and UNC13A wherever TDP-43 pathology is present.",
            lesson_check=lambda R: ok(
                min(at(R[g], "stmn2_loss", 36) for g in tdp)
                > 3 * max(R["SOD1"].activity["stmn2_loss"].max(), R["SOD1"].activity["unc13a_loss"].max()),
                "TDP-43 forms against SOD1",
            ),
        ),
        Behaviour(
            "unc13a-loss",
            "Without nuclear TDP-43 a cryptic exon is spliced into UNC13A and the protein is lost.",
            ("Ma2022Nature", "Brown2022Nature"),
            "UNC13A loss above 0.3 at month 36 in sporadic, C9orf72 and TARDBP ALS; below 0.05 in SOD1 ALS",
            bgs,
            lambda R: ok(
                all(at(R[g], "unc13a_loss", 36) > 0.3 for g in tdp) and R["SOD1"].activity["unc13a_loss"].max() < 0.05,
                ", ".join(f"{g} {at(R[g], 'unc13a_loss', 36):.2f}" for g in (*tdp, "SOD1")),
            ),
            claims=("C3.3",),
        ),
        Behaviour(
            "restore-stmn2",
            "Restoring stathmin-2 rescues axon regeneration in TDP-43-depleted motor neurons; the model "
            "extrapolates this to slower motor neuron loss.",
            ("Klim2019NatNeurosci", "Melamed2019NatNeurosci"),
            "blocking STMN2 loss lowers apoptosis at month 36 and lengthens survival in sporadic ALS (direction)",
            {"sporadic": Scenario(), "restored": Scenario(blocks={"stmn2_loss": 1.0})},
            lambda R: ok(
                at(R["restored"], "apoptosis", 36) < at(R["sporadic"], "apoptosis", 36)
                and R["restored"].survival_months > R["sporadic"].survival_months,
                f"survival +{R['restored'].survival_months - R['sporadic'].survival_months:.1f} months",
            ),
            claims=("C3.3",),
            lesson="Loss of nuclear TDP-43 function adds to motor neuron death (restoring STMN2 slows it).",
        ),
    ]


def _mechanisms() -> list[Behaviour]:
    sp, sod1 = Scenario(), Scenario(("SOD1",))
    return [
        Behaviour(
            "excitotoxicity-block",
            "Glutamate-receptor overactivation lets calcium in and kills motor neurons.",
            ("Kawahara2004Nature",),
            "blocking it lowers calcium influx at month 24 and delays onset",
            {"base": sp, "blocked": Scenario(blocks={"excitotoxicity": 1.0})},
            lambda R: ok(
                at(R["blocked"], "calcium_influx", 24) < at(R["base"], "calcium_influx", 24)
                and R["blocked"].onset_month > R["base"].onset_month,
                f"onset {R['base'].onset_month:.1f} -> {R['blocked'].onset_month:.1f}",
            ),
            claims=("C4.2",),
            lesson="Blocking glutamate excitotoxicity delays onset.",
        ),
        Behaviour(
            "uptake-glutamate",
            "Less astrocytic glutamate uptake (EAAT2) leaves more glutamate in the synapse.",
            ("Lepore2008NatNeurosci", "Cudkowicz2014LancetNeurol"),
            "mutant-SOD1 astrocytes take up less glutamate at month 36 and excess glutamate is higher than with "
            "wild-type astrocytes; ceftriaxone never raises excess glutamate",
            {
                "mutant": sod1,
                "wild-type astrocytes": Scenario(("SOD1",), mutant_cells=("motor_neurons", "microglia")),
                "ceftriaxone": Scenario(("SOD1",), therapy="ceftriaxone"),
            },
            lambda R: ok(
                at(R["mutant"], "glutamate_uptake", 36) < at(R["wild-type astrocytes"], "glutamate_uptake", 36)
                and at(R["mutant"], "excess_glutamate", 36) > at(R["wild-type astrocytes"], "excess_glutamate", 36)
                and np.all(
                    R["ceftriaxone"].activity["excess_glutamate"] <= R["mutant"].activity["excess_glutamate"] + 1e-12
                ),
                f"uptake {at(R['mutant'], 'glutamate_uptake', 36):.2f} vs "
                f"{at(R['wild-type astrocytes'], 'glutamate_uptake', 36):.2f}",
            ),
            claims=("C4.2",),
        ),
        Behaviour(
            "eaat2-loss-sporadic",
            "GLT-1 (EAAT2) protein is lost in ALS motor cortex, by 71% on average, with astrocytes still present.",
            ("Rothstein1995AnnNeurol",),
            "in sporadic ALS uptake at end stage is 30-90% below its healthy level (the model need not reach 71%)",
            {"sporadic": sp},
            lambda R: ok(
                0.1 <= at(R["sporadic"], "glutamate_uptake", end_index(R["sporadic"])) <= 0.7,
                f"{100 * (1 - at(R['sporadic'], 'glutamate_uptake', end_index(R['sporadic']))):.0f}% lost at end stage",
            ),
            claims=("C4.2",),
            kind="size",
        ),
        Behaviour(
            "uptake-falls-sporadic",
            "Astrocytes lose their glutamate transporter in ALS while they are still present.",
            ("Rothstein1995AnnNeurol",),
            "in sporadic ALS uptake at end stage below 90% of its healthy level (direction)",
            {"sporadic": sp},
            lambda R: ok(
                at(R["sporadic"], "glutamate_uptake", end_index(R["sporadic"])) < 0.9,
                f"{at(R['sporadic'], 'glutamate_uptake', end_index(R['sporadic'])):.2f} at end stage",
            ),
            claims=("C4.2",),
            lesson="Astrocytes lose glutamate uptake (EAAT2) in sporadic ALS.",
        ),
        Behaviour(
            "mito-ox",
            "Failing mitochondria leak reactive oxygen species, so protecting them lowers oxidative stress.",
            ("Taylor2016Nature",),
            "blocking mitochondrial dysfunction lowers oxidative stress at months 24 and 48, in sporadic and SOD1 ALS",
            {
                "sporadic": sp,
                "sporadic blocked": Scenario(blocks={"mitochondrial_dysfunction": 1.0}),
                "SOD1": sod1,
                "SOD1 blocked": Scenario(("SOD1",), blocks={"mitochondrial_dysfunction": 1.0}),
            },
            lambda R: ok(
                all(
                    at(R[f"{g} blocked"], "oxidative_stress", m) < at(R[g], "oxidative_stress", m)
                    for g in ("sporadic", "SOD1")
                    for m in (24, 48)
                ),
                f"SOD1 at 48: {at(R['SOD1'], 'oxidative_stress', 48):.2f} -> "
                f"{at(R['SOD1 blocked'], 'oxidative_stress', 48):.2f}",
            ),
            claims=("C4.3",),
        ),
        Behaviour(
            "aggregation-block",
            "Misfolded proteins overload autophagy and the proteasome; less aggregation eases clearance and "
            "slows the disease.",
            ("Deng2011Nature", "Ling2013Neuron"),
            "blocking aggregation lowers impaired clearance at months 24 and 48 and lengthens survival",
            {"base": sp, "blocked": Scenario(blocks={"protein_aggregation": 1.0})},
            lambda R: ok(
                all(
                    at(R["blocked"], "impaired_clearance", m) < at(R["base"], "impaired_clearance", m) for m in (24, 48)
                )
                and R["blocked"].survival_months > R["base"].survival_months,
                f"survival {R['base'].survival_months:.1f} -> {_f(R['blocked'].survival_months)}",
            ),
            claims=("C4.4",),
        ),
        Behaviour(
            "clearance-sod1",
            "Autophagy and the proteasome clear misfolded proteins; when clearance fails they accumulate. "
            "In SOD1 ALS, restoring clearance or blocking aggregation lowers misfolded SOD1 and, downstream, "
            "mitochondrial dysfunction.",
            ("Ling2013Neuron", "Deng2011Nature", "Taylor2016Nature"),
            "each of the two blocks lowers misfolded SOD1 and mitochondrial dysfunction at month 36 by more than "
            "10%, and delays end stage",
            {
                "SOD1": sod1,
                "clearance restored": Scenario(("SOD1",), blocks={"impaired_clearance": 1.0}),
                "aggregation blocked": Scenario(("SOD1",), blocks={"protein_aggregation": 1.0}),
            },
            lambda R: ok(
                all(
                    at(R[k], n, 36) < 0.9 * at(R["SOD1"], n, 36)
                    for k in ("clearance restored", "aggregation blocked")
                    for n in ("sod1_aggregates", "mitochondrial_dysfunction")
                )
                and all(
                    R[k].end_stage_month > R["SOD1"].end_stage_month
                    for k in ("clearance restored", "aggregation blocked")
                ),
                "misfolded SOD1 at 36: "
                + ", ".join(
                    f"{k} {at(R[k], 'sod1_aggregates', 36):.2f}"
                    for k in ("SOD1", "clearance restored", "aggregation blocked")
                ),
            ),
            claims=("C4.4", "C3.4"),
            lesson="Restoring protein clearance lowers misfolded SOD1 and mitochondrial damage in SOD1 ALS.",
            lesson_check=lambda R: ok(
                all(
                    at(R["clearance restored"], n, 36) < at(R["SOD1"], n, 36)
                    for n in ("sod1_aggregates", "mitochondrial_dysfunction")
                ),
                "direction at month 36",
            ),
        ),
        Behaviour(
            "clearance-tdp43",
            "Failing clearance adds to TDP-43 pathology: restoring it lowers TDP-43 pathology in sporadic ALS.",
            ("Ling2013Neuron", "Deng2011Nature"),
            "TDP-43 pathology lower at month 36 with clearance restored (direction)",
            {"sporadic": sp, "restored": Scenario(blocks={"impaired_clearance": 1.0})},
            lambda R: ok(
                at(R["restored"], "tdp43_pathology", 36) < at(R["sporadic"], "tdp43_pathology", 36),
                f"{at(R['sporadic'], 'tdp43_pathology', 36):.2f} -> {at(R['restored'], 'tdp43_pathology', 36):.2f}",
            ),
            claims=("C4.4",),
        ),
        Behaviour(
            "sod1-graded",
            "In SOD1 ALS the chain runs from mitochondria through oxidative stress to apoptosis, and glutamate "
            "excitotoxicity adds to it: blocking any of these steps slows the disease.",
            ("Taylor2016Nature", "Rosen1993Nature"),
            "full blocks of oxidative stress, mitochondrial dysfunction, receptor overactivation and glutamate "
            "release each delay SOD1 end stage by 2 months or more; half blocks by less than full ones; "
            "apoptosis never above 0.85",
            {
                "SOD1": sod1,
                **{
                    f"{n} {s}": Scenario(("SOD1",), blocks={n: s})
                    for n in ("oxidative_stress", "mitochondrial_dysfunction", "excitotoxicity", "excess_glutamate")
                    for s in (0.5, 1.0)
                },
            },
            lambda R: ok(
                all(
                    R[f"{n} 1.0"].end_stage_month - R["SOD1"].end_stage_month >= 2.0
                    and R["SOD1"].end_stage_month < R[f"{n} 0.5"].end_stage_month < R[f"{n} 1.0"].end_stage_month
                    for n in ("oxidative_stress", "mitochondrial_dysfunction", "excitotoxicity", "excess_glutamate")
                )
                and R["SOD1"].activity["apoptosis"].max() <= 0.85,
                ", ".join(
                    f"{n} +{R[f'{n} 1.0'].end_stage_month - R['SOD1'].end_stage_month:.1f}"
                    for n in ("oxidative_stress", "mitochondrial_dysfunction", "excitotoxicity", "excess_glutamate")
                ),
            ),
            claims=("C3.4", "C4.2", "C4.3"),
            lesson="In SOD1 ALS, oxidative-stress, mitochondrial and glutamate blocks each slow the disease, "
            "in proportion to their strength.",
            lesson_check=lambda R: ok(
                all(
                    R["SOD1"].end_stage_month < R[f"{n} 0.5"].end_stage_month < R[f"{n} 1.0"].end_stage_month
                    for n in ("oxidative_stress", "mitochondrial_dysfunction", "excitotoxicity", "excess_glutamate")
                ),
                "graded delays of end stage",
            ),
        ),
    ]


def _glia() -> list[Behaviour]:
    sp, sod1 = Scenario(), Scenario(("SOD1",))

    def harm_overtakes(r: Result) -> tuple[bool, str]:
        harm, prot = r.activity["neuroinflammation"], r.activity["protective_response"]
        mg = r.activity["microglial_activation"]
        early = int(np.argmax(mg > 0.1)) if (mg > 0.1).any() else 0
        cross = np.flatnonzero((harm > prot) & (np.arange(len(harm)) > early))
        when = float(cross[0]) if cross.size else math.inf
        return bool(early and prot[early] > harm[early] and when < r.end_stage_month), _f(when, ".0f")

    return [
        Behaviour(
            "gliosis-sporadic",
            "Reactive astrocytes and activated microglia are present in ALS tissue, sporadic ALS included.",
            ("Liddelow2017Nature", "Philips2011LancetNeurol"),
            "at end stage of sporadic ALS, reactive astrocytes at least 0.4 and microglial activation at least 0.5, "
            "both higher than at onset",
            {"sporadic": sp},
            lambda R: ok(
                at(R["sporadic"], "astrocyte_reactivity", end_index(R["sporadic"])) >= 0.4
                and at(R["sporadic"], "microglial_activation", end_index(R["sporadic"])) >= 0.5
                and all(
                    at(R["sporadic"], n, end_index(R["sporadic"])) > at(R["sporadic"], n, R["sporadic"].onset_month)
                    for n in ("astrocyte_reactivity", "microglial_activation")
                ),
                f"astrocytes {at(R['sporadic'], 'astrocyte_reactivity', end_index(R['sporadic'])):.2f}, "
                f"microglia {at(R['sporadic'], 'microglial_activation', end_index(R['sporadic'])):.2f}",
            ),
            claims=("C5.1", "C6.1"),
            lesson="Glia become reactive as sporadic ALS progresses.",
            lesson_check=lambda R: ok(
                all(
                    at(R["sporadic"], n, end_index(R["sporadic"])) > at(R["sporadic"], n, R["sporadic"].onset_month)
                    for n in ("astrocyte_reactivity", "microglial_activation")
                ),
                "higher at end stage than at onset",
            ),
        ),
        Behaviour(
            "protection-then-harm",
            "The glial response is protective at first and harmful once chronic.",
            ("Beers2019LancetNeurol", "Philips2011LancetNeurol"),
            "in sporadic and SOD1 ALS the protective response exceeds neuroinflammation when microglia first "
            "activate (above 0.1), and neuroinflammation overtakes it before end stage",
            {"sporadic": sp, "SOD1": sod1},
            lambda R: ok(
                all(harm_overtakes(R[g])[0] for g in ("sporadic", "SOD1")),
                ", ".join(f"{g}: harm overtakes at month {harm_overtakes(R[g])[1]}" for g in ("sporadic", "SOD1")),
            ),
            claims=("C5.2",),
            lesson="The glial response shifts from protection to harm before end stage.",
        ),
        Behaviour(
            "vicious-cycle",
            "Microglial activation, cytokines and neuronal death rise together in a self-sustaining cycle.",
            ("Philips2011LancetNeurol", "Beers2019LancetNeurol"),
            "each never falls and is higher at the end than at month 24, and higher at 24 than at 0",
            {"sporadic": sp},
            lambda R: ok(
                all(
                    np.all(np.diff(R["sporadic"].activity[n]) >= -1e-12)
                    and R["sporadic"].activity[n][-1] > R["sporadic"].activity[n][24] > R["sporadic"].activity[n][0]
                    for n in ("microglial_activation", "cytokines", "apoptosis")
                ),
                "checked month by month",
            ),
            claims=("C5.1", "C5.2"),
        ),
        Behaviour(
            "whole-glial-block-no-cure",
            "Glial activation is protective early, so suppressing all of it does not stop ALS.",
            ("Beers2019LancetNeurol", "Gordon2007LancetNeurol"),
            "end stage reached within 50 years with the whole glial response blocked early or late",
            {
                "early": Scenario(blocks={"microglial_activation": Block(1.0, 0.0)}),
                "late": Scenario(blocks={"microglial_activation": Block(1.0, 12.0, after_onset=True)}),
            },
            lambda R: ok(all(math.isfinite(r.end_stage_month) for r in R.values()), "end stage reached"),
            months=LONG,
            claims=("C5.2",),
        ),
        Behaviour(
            "glial-block-timing",
            "The glial response is protective early and harmful when chronic, so suppressing it from disease "
            "start costs more than suppressing it late.",
            ("Beers2019LancetNeurol", "Philips2011LancetNeurol"),
            "end stage earlier with an early whole block than with a late one; a late block still no better than none",
            {
                "base": sp,
                "early": Scenario(blocks={"microglial_activation": Block(1.0, 0.0)}),
                "late": Scenario(blocks={"microglial_activation": Block(1.0, 12.0, after_onset=True)}),
            },
            lambda R: ok(
                R["early"].end_stage_month < R["late"].end_stage_month <= R["base"].end_stage_month,
                f"end stage: early {R['early'].end_stage_month:.1f}, late {R['late'].end_stage_month:.1f}, "
                f"none {R['base'].end_stage_month:.1f}",
            ),
            claims=("C5.2",),
            lesson="Blocking the whole glial response harms, least when it starts late.",
            lesson_check=lambda R: ok(
                R["early"].end_stage_month < min(R["late"].end_stage_month, R["base"].end_stage_month),
                "early block against late block and none",
            ),
        ),
        Behaviour(
            "proinflammatory-block",
            "The pro-inflammatory arm injures neurons, so blocking it alone delays end stage somewhat but does "
            "not cure.",
            ("Beers2019LancetNeurol", "Liddelow2017Nature"),
            "end stage later than untreated, still reached within 50 years",
            {"base": Scenario(), "blocked": Scenario(blocks={"neuroinflammation": 1.0})},
            lambda R: ok(
                R["base"].end_stage_month < R["blocked"].end_stage_month < math.inf,
                f"end stage {R['base'].end_stage_month:.1f} -> {_f(R['blocked'].end_stage_month)}",
            ),
            months=LONG,
            claims=("C5.1",),
            lesson="Blocking only the pro-inflammatory arm helps a little and cures nothing.",
        ),
        Behaviour(
            "no-mutant-motor-neurons",
            "Lowering mutant SOD1 in motor neurons delays onset and slows the early phase, and the disease still "
            "develops (only the qualitative result was verified, not the day values).",
            ("Boillee2006Science",),
            "onset 1.15-2.5 x later, first-year ALSFRS-R slope lower, end stage still reached within 50 years",
            {"all": sod1, "removed": Scenario(("SOD1",), mutant_cells=("astrocytes", "microglia"))},
            lambda R: ok(
                1.15 <= R["removed"].onset_month / R["all"].onset_month <= 2.5
                and R["removed"].alsfrs_slope() < R["all"].alsfrs_slope()
                and math.isfinite(R["removed"].end_stage_month),
                f"onset x{R['removed'].onset_month / R['all'].onset_month:.2f}",
            ),
            months=LONG,
            claims=("C6.3",),
            kind="size",
        ),
        Behaviour(
            "motor-neurons-set-onset",
            "Mutant SOD1 inside motor neurons is a primary determinant of disease onset.",
            ("Boillee2006Science",),
            "removing it from motor neurons delays onset more than removing it from microglia or astrocytes "
            "does (direction)",
            {
                "all": sod1,
                "no motor neurons": Scenario(("SOD1",), mutant_cells=("astrocytes", "microglia")),
                "no microglia": Scenario(("SOD1",), mutant_cells=("motor_neurons", "astrocytes")),
                "no astrocytes": Scenario(("SOD1",), mutant_cells=("motor_neurons", "microglia")),
            },
            lambda R: ok(
                R["no motor neurons"].onset_month > max(R["no microglia"].onset_month, R["no astrocytes"].onset_month),
                f"onset: {R['no motor neurons'].onset_month:.0f} vs {R['no microglia'].onset_month:.0f}, "
                f"{R['no astrocytes'].onset_month:.0f}",
            ),
            months=LONG,
            claims=("C6.3",),
            lesson="Mutant SOD1 inside motor neurons sets the time of onset.",
        ),
        Behaviour(
            "no-mutant-microglia",
            "Lowering mutant SOD1 in microglia barely moves onset but sharply slows later progression.",
            ("Boillee2006Science", "Beers2006PNAS"),
            "onset within 10%; survival from onset more than 20% longer",
            {"all": sod1, "removed": Scenario(("SOD1",), mutant_cells=("motor_neurons", "astrocytes"))},
            lambda R: ok(
                abs(R["removed"].onset_month / R["all"].onset_month - 1) < 0.10
                and R["removed"].survival_months > 1.2 * R["all"].survival_months,
                f"onset x{R['removed'].onset_month / R['all'].onset_month:.2f}, "
                f"survival x{R['removed'].survival_months / R['all'].survival_months:.2f}",
            ),
            claims=("C6.3",),
            lesson="Mutant microglia speed up the late disease without changing onset.",
            lesson_check=lambda R: ok(
                abs(R["removed"].onset_month / R["all"].onset_month - 1) < 0.10
                and R["removed"].survival_months > R["all"].survival_months,
                "onset within 10%, survival longer",
            ),
        ),
        Behaviour(
            "no-mutant-astrocytes",
            "Lowering mutant SOD1 in astrocytes leaves onset unchanged, slows late progression and delays "
            "microglial activation.",
            ("Yamanaka2008NatNeurosci",),
            "onset within 10%; survival longer; microglial activation lower at months 12, 18 and 24",
            {"all": sod1, "removed": Scenario(("SOD1",), mutant_cells=("motor_neurons", "microglia"))},
            lambda R: ok(
                abs(R["removed"].onset_month / R["all"].onset_month - 1) < 0.10
                and R["removed"].survival_months > R["all"].survival_months
                and all(
                    at(R["removed"], "microglial_activation", m) < at(R["all"], "microglial_activation", m)
                    for m in (12, 18, 24)
                ),
                f"onset x{R['removed'].onset_month / R['all'].onset_month:.2f}, "
                f"survival x{R['removed'].survival_months / R['all'].survival_months:.2f}",
            ),
            claims=("C6.3",),
            lesson="Mutant astrocytes speed up the late disease without changing onset.",
            lesson_check=lambda R: ok(
                abs(R["removed"].onset_month / R["all"].onset_month - 1) < 0.10
                and R["removed"].survival_months > R["all"].survival_months,
                "onset within 10%, survival longer",
            ),
        ),
        Behaviour(
            "mutant-microglia-alone",
            "Mutant-SOD1 microglia alone, in a wild-type host, do not cause an ALS-like disease.",
            ("Beers2006PNAS",),
            "with mutant SOD1 only in microglia, no onset within 20 years",
            {"microglia only": Scenario(("SOD1",), mutant_cells=("microglia",))},
            lambda R: ok(math.isinf(R["microglia only"].onset_month), f"onset {_f(R['microglia only'].onset_month)}"),
            claims=("C6.1",),
        ),
    ]


def _therapy_in_every(
    therapy: str, test: Callable[[Result, Result], bool], show: Callable[[Result, Result], str]
) -> Callable[[Runs], Check]:
    def check(R: Runs) -> Check:
        pairs = {name(b): (R[name(b)], R[f"{name(b)} + {therapy}"]) for b in BACKGROUNDS}
        return ok(all(test(*p) for p in pairs.values()), "; ".join(f"{g} {show(*p)}" for g, p in pairs.items()))

    return check


def _every(therapy: str) -> dict[str, Scenario]:
    out = {name(b): Scenario(mutations=b) for b in BACKGROUNDS}
    out.update({f"{name(b)} + {therapy}": Scenario(mutations=b, therapy=therapy) for b in BACKGROUNDS})
    return out


def _therapies() -> list[Behaviour]:
    w24, w28, w52 = 24 * WEEK, 28 * WEEK, 52 * WEEK
    sod1 = Scenario(("SOD1",))
    return [
        Behaviour(
            "riluzole-3-months",
            "Riluzole prolongs median survival by about 3 months (11.8 to 14.8 months, pooled trials).",
            ("Miller2012Cochrane", "Bensimon1994NEJM"),
            "gain in sporadic ALS 2.0-3.5 months",
            {"base": Scenario(), "riluzole": Scenario(therapy="riluzole")},
            lambda R: ok(
                2.0 <= R["riluzole"].survival_months - R["base"].survival_months <= 3.5,
                f"+{R['riluzole'].survival_months - R['base'].survival_months:.1f} months",
            ),
            kind="size",
        ),
        Behaviour(
            "riluzole-modest",
            "Riluzole's benefit is modest: months of survival, not years.",
            ("Miller2012Cochrane",),
            "gain in sporadic ALS between 0 and 12 months",
            {"base": Scenario(), "riluzole": Scenario(therapy="riluzole")},
            lambda R: ok(
                0 < R["riluzole"].survival_months - R["base"].survival_months < 12,
                f"+{R['riluzole'].survival_months - R['base'].survival_months:.1f} months",
            ),
            lesson="Riluzole adds months, not years.",
        ),
        Behaviour(
            "riluzole-every-background",
            "Riluzole lowers glutamate release; its benefit is modest.",
            ("Bensimon1994NEJM", "Miller2012Cochrane"),
            "in every genetic background the gain is between 0 and 5 months (the trials did not report "
            "genotypes: direction and bound only)",
            _every("riluzole"),
            _therapy_in_every(
                "riluzole",
                lambda b, t: -1e-9 <= t.survival_months - b.survival_months <= 5.0,
                lambda b, t: f"{t.survival_months - b.survival_months:+.1f}",
            ),
        ),
        Behaviour(
            "riluzole-dose",
            "Riluzole's benefit rises with dose (50, 100, 200 mg).",
            ("Lacomblez1996Lancet",),
            "stronger blocks of glutamate release from onset give strictly larger survival gains (0.2, 0.4, 0.6)",
            {
                "base": Scenario(),
                **{
                    f"{s}": Scenario(blocks={"excess_glutamate": Block(s, 0.0, after_onset=True)})
                    for s in (0.2, 0.4, 0.6)
                },
            },
            lambda R: ok(
                R["base"].survival_months
                < R["0.2"].survival_months
                < R["0.4"].survival_months
                < R["0.6"].survival_months,
                ", ".join(
                    f"{s}: +{R[s].survival_months - R['base'].survival_months:.1f}" for s in ("0.2", "0.4", "0.6")
                ),
            ),
        ),
        Behaviour(
            "tofersen-needs-sod1",
            "Tofersen is an antisense drug against SOD1 mRNA, so it can only act where SOD1 is mutated.",
            ("Miller2022NEJM",),
            "identical courses with and without tofersen in sporadic, C9orf72, TARDBP and FUS ALS",
            _every("tofersen"),
            lambda R: ok(
                all(
                    R[f"{name(b)} + tofersen"].onset_month == R[name(b)].onset_month
                    and np.array_equal(R[f"{name(b)} + tofersen"].alsfrs_r, R[name(b)].alsfrs_r)
                    and all(
                        np.array_equal(R[f"{name(b)} + tofersen"].activity[n], v)
                        for n, v in R[name(b)].activity.items()
                    )
                    for b in BACKGROUNDS
                    if b != ("SOD1",)
                ),
                "unchanged",
            ),
        ),
        Behaviour(
            "tofersen-lowers-sod1",
            "In SOD1 ALS tofersen lowers SOD1 protein strongly and does not shorten survival.",
            ("Miller2022NEJM",),
            "misfolded SOD1 below half of untreated 12 months after starting; survival not shorter",
            {"SOD1": sod1, "tofersen": Scenario(("SOD1",), therapy="tofersen")},
            lambda R: ok(
                at(R["tofersen"], "sod1_aggregates", math.ceil(R["SOD1"].onset_month) + 12)
                < 0.5 * at(R["SOD1"], "sod1_aggregates", math.ceil(R["SOD1"].onset_month) + 12)
                and R["tofersen"].survival_months >= R["SOD1"].survival_months,
                f"survival {R['tofersen'].survival_months - R['SOD1'].survival_months:+.1f} months",
            ),
            lesson="Tofersen lowers mutant SOD1 and helps only SOD1 ALS.",
        ),
        Behaviour(
            "tofersen-28-weeks",
            "At 28 weeks tofersen's effect on the ALSFRS-R was not significant: difference 1.2 points "
            "(95% CI -3.2 to 5.5).",
            ("Miller2022NEJM",),
            "28-week benefit in SOD1 ALS positive and inside the trial's confidence interval",
            {"SOD1": sod1, "tofersen": Scenario(("SOD1",), therapy="tofersen")},
            lambda R: ok(
                0 < decline(R["SOD1"], w28) - decline(R["tofersen"], w28) <= 5.5,
                f"{decline(R['SOD1'], w28) - decline(R['tofersen'], w28):.2f} points",
            ),
            kind="size",
        ),
        Behaviour(
            "tofersen-early-start",
            "Starting tofersen early helped more than starting it 28 weeks later (-6.0 against -9.5 ALSFRS-R "
            "points at 52 weeks).",
            ("Miller2022NEJM",),
            "lowering the SOD1 input from onset loses fewer points over 52 weeks than from 28 weeks after onset "
            "(direction)",
            {
                "early": Scenario(("SOD1",), blocks={"SOD1": Block(0.95, 0.0, after_onset=True)}),
                "delayed": Scenario(("SOD1",), blocks={"SOD1": Block(0.95, w28, after_onset=True)}),
            },
            lambda R: ok(
                decline(R["early"], w52) < decline(R["delayed"], w52),
                f"{decline(R['early'], w52):.1f} vs {decline(R['delayed'], w52):.1f} points",
            ),
        ),
        Behaviour(
            "minocycline-harms",
            "Minocycline made ALSFRS-R decline faster (-1.30 vs -1.04 points a month over 9 months): blocking "
            "inflammation wholesale is no cure.",
            ("Gordon2007LancetNeurol",),
            "in every genetic background the 9-month decline is not slower, and end stage is still reached",
            _every("minocycline"),
            _therapy_in_every(
                "minocycline",
                lambda b, t: decline(t, 9.0) >= decline(b, 9.0) - 1e-9 and math.isfinite(t.end_stage_month),
                lambda b, t: f"{decline(t, 9) - decline(b, 9):+.2f}",
            ),
            lesson="Minocycline, a broad anti-inflammatory, does not slow ALS.",
        ),
        Behaviour(
            "ceftriaxone-null",
            "Ceftriaxone (raises EAAT2) did not prolong survival in the phase 3 trial.",
            ("Cudkowicz2014LancetNeurol",),
            "in every genetic background the survival change is below 2 months",
            _every("ceftriaxone"),
            _therapy_in_every(
                "ceftriaxone",
                lambda b, t: abs(t.survival_months - b.survival_months) < 2.0,
                lambda b, t: f"{t.survival_months - b.survival_months:+.1f}",
            ),
            lesson="Ceftriaxone changes survival by less than 2 months.",
        ),
        Behaviour(
            "pb-turso-null",
            "Sodium phenylbutyrate-taurursodiol helped in phase 2, but the phase 3 trial was null.",
            ("Paganoni2020NEJM",),
            "in every genetic background the survival change is below 1 month",
            _every("pb_turso"),
            _therapy_in_every(
                "pb_turso",
                lambda b, t: abs(t.survival_months - b.survival_months) < 1.0,
                lambda b, t: f"{t.survival_months - b.survival_months:+.1f}",
            ),
        ),
        Behaviour(
            "edaravone-bounded",
            "Edaravone slowed ALSFRS-R decline by 2.49 points over 24 weeks only in an enriched population; "
            "the broader first trial was negative (0.65 points, p = 0.41).",
            ("Edaravone2017LancetNeurol", "Abe2014ALSFTD"),
            "24-week benefit between 0 and 2.49 points in every genetic background",
            _every("edaravone"),
            _therapy_in_every(
                "edaravone",
                lambda b, t: -1e-9 <= decline(b, w24) - decline(t, w24) <= 2.49,
                lambda b, t: f"{decline(b, w24) - decline(t, w24):.2f}",
            ),
            lesson="Edaravone's benefit never exceeds that of the enriched trial.",
        ),
        Behaviour(
            "edaravone-between-trials",
            "In sporadic ALS, edaravone's benefit sits between the broad negative trial (0.65 points over "
            "24 weeks) and the enriched trial (2.49 points).",
            ("Edaravone2017LancetNeurol", "Abe2014ALSFTD"),
            "24-week benefit in sporadic ALS between 0.65 and 2.49 points",
            {"base": Scenario(), "edaravone": Scenario(therapy="edaravone")},
            lambda R: ok(
                0.65 <= decline(R["base"], w24) - decline(R["edaravone"], w24) <= 2.49,
                f"{decline(R['base'], w24) - decline(R['edaravone'], w24):.2f} points",
            ),
            kind="size",
        ),
    ]


def suite() -> tuple[Behaviour, ...]:
    """Every behaviour, in the order of the chapters."""
    out = _natural_history() + _genetics() + _tdp43_loss_of_function() + _mechanisms() + _glia() + _therapies()
    ids = [b.id for b in out]
    assert len(set(ids)) == len(ids), "behaviour ids must be unique"
    return tuple(out)


BEHAVIOURS: tuple[Behaviour, ...] = suite()


def get(behaviour_id: str) -> Behaviour:
    """The behaviour called ``behaviour_id``; a ValueError lists the valid ids otherwise."""
    for b in BEHAVIOURS:
        if b.id == behaviour_id:
            return b
    raise ValueError(f"unknown behaviour {behaviour_id!r}; valid: {', '.join(b.id for b in BEHAVIOURS)}")


# --- running the suite ---------------------------------------------------------------------------


def scenario_key(s: Scenario) -> tuple[object, ...]:
    """A hashable identity of a scenario (its blocks are a mapping)."""
    blocks = tuple(sorted((k, v if isinstance(v, Block) else Block(float(v))) for k, v in s.blocks.items()))
    return (tuple(s.mutations), blocks, s.therapy, tuple(s.mutant_cells), s.healthy)


@dataclass(frozen=True)
class Plan:
    """The distinct scenarios the behaviours need, grouped by horizon, and where each behaviour finds its runs."""

    groups: dict[int, list[Scenario]] = field(default_factory=dict)
    where: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)  # behaviour -> run -> (months, index)


def plan(behaviours: Sequence[Behaviour] = BEHAVIOURS) -> Plan:
    """Collect the scenarios once (many behaviours share them), so the suite is one batch per horizon."""
    p = Plan()
    index: dict[tuple[int, tuple[object, ...]], int] = {}
    for b in behaviours:
        p.where[b.id] = {}
        for run, s in b.runs.items():
            key = (b.months, scenario_key(s))
            if key not in index:
                group = p.groups.setdefault(b.months, [])
                index[key] = len(group)
                group.append(s)
            p.where[b.id][run] = (b.months, index[key])
    return p


def assemble(
    p: Plan,
    results: Mapping[int, Sequence[Result]],
    behaviours: Sequence[Behaviour] = BEHAVIOURS,
    lessons: bool = False,
) -> dict[str, Check]:
    """Apply each behaviour's check (or, with ``lessons``, its lesson's check) to its runs.

    ``results``: per horizon, one Result per planned scenario.
    """
    out = {}
    for b in behaviours:
        runs = {run: results[months][i] for run, (months, i) in p.where[b.id].items()}
        try:
            out[b.id] = b.teaches(runs) if lessons else b.check(runs)
        except (ValueError, ZeroDivisionError, IndexError, OverflowError) as err:  # a perturbed model may lose an onset
            out[b.id] = Check(False, f"not computable: {err}")
    return out


def evaluate(behaviours: Sequence[Behaviour] = BEHAVIOURS) -> dict[str, Check]:
    """Run the suite on the book's model: every behaviour's check, by id."""
    p = plan(behaviours)
    results = {months: simulate_batch(scenarios, months) for months, scenarios in p.groups.items()}
    return assemble(p, results, behaviours)


__all__ = ["BEHAVIOURS", "Behaviour", "Check", "evaluate", "get", "CELL_TYPES", "THERAPIES"]
