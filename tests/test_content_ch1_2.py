"""Issue 16 for chapters 1 and 2: one ALSFRS-R reference figure, spread and heterogeneity, the model's limits.

The new material is checked three ways: the sections and sentences exist (``said``), every source they
cite is in references.bib with a DOI, and each sentence that says what the model does or cannot do is
checked against the model.
"""

from __future__ import annotations

import re

from prose import ROOT, notebook_markdown, said

from alsbook import quantities as q
from alsbook.causal_network import network
from alsbook.model import MUTATIONS

CH1 = "notebooks/01-overview.ipynb"
CH2 = "notebooks/02-motor-neurons.ipynb"
SELFCHECK1 = "alsbook/data/selfcheck/ch01.yaml"
SELFCHECK2 = "alsbook/data/selfcheck/ch02.yaml"

#: The sources this change brings into chapters 1 and 2.
NEW_KEYS = {
    "Atassi2014Neurology",
    "Gordon2010JNeurol",
    "Brettschneider2013AnnNeurol",
    "AlChalabi2014LancetNeurol",
    "Chio2018Neurology",
    "Strong2017ALSFTD",
    "Hannaford2021AnnNeurol",
}
CITE = re.compile(r"\{cite:[pt]\}`([^`]+)`")


def bib_dois() -> dict[str, str]:
    """Each entry of references.bib with its DOI ('' if it has none)."""
    text = (ROOT / "alsbook" / "data" / "references.bib").read_text(encoding="utf-8")
    out = {}
    for key, body in re.findall(r"@\w+\{([^,\s]+),(.*?)\n\}", text, flags=re.S):
        doi = re.search(r"doi\s*=\s*\{([^}]*)\}", body)
        out[key] = doi.group(1) if doi else ""
    return out


def cited(path: str) -> set[str]:
    text = notebook_markdown(ROOT / path)
    return {k.strip() for group in CITE.findall(text) for k in group.split(",")}


def test_new_sources_are_cited_and_carry_a_doi() -> None:
    dois = bib_dois()
    used = cited(CH1) | cited(CH2)
    for key in NEW_KEYS:
        assert key in used, f"{key} was added for chapters 1-2 but is not cited there"
        assert dois.get(key, "").startswith("10."), f"{key}: no DOI in references.bib"
    for key in used:
        assert key in dois, f"{key} is cited in chapter 1 or 2 but missing from references.bib"


def test_one_alsfrs_reference_figure() -> None:
    """Chapter 2 gives PRO-ACT's 1.02 points a month as its reference, not a range of placebo arms."""
    said(CH2, "on average the ALSFRS-R fell by 1.02 points per month")
    said(CH2, 'This book uses that figure, "about one point a month", as its reference.')
    said(CH2, "in pooled trial data it falls by about one point a month on average (1.02)")
    text = notebook_markdown(ROOT / CH2)
    assert "1 to 1.7" not in text and "1.0 to 1.7" not in text
    assert "That is close to the declines seen in" not in text  # the misplaced sentence is gone


def test_progression_is_not_always_linear() -> None:
    said(CH2, "Nor does the score fall along a straight line in every patient.")
    said(CH2, "the decline was fastest in the early and late phases of the illness")
    said(CH2, "the decline was slightly accelerating")


def test_spread_section_exists_before_the_diagnostic_criteria() -> None:
    text = notebook_markdown(ROOT / CH2)
    spread = text.index("## One disease, many courses: onset, spread and the ALS-FTD spectrum")
    assert spread < text.index("## From signs to a diagnosis")
    for heading in ("### Stages of TDP-43 pathology", "### ALS and frontotemporal dementia: one spectrum"):
        assert spread < text.index(heading) < text.index("## From signs to a diagnosis")
    said(CH2, "motor neuron degeneration begins in one place (it is *focal*)")
    said(CH2, "sorted the cases into four stages")
    said(CH2, "affect more than half of people with ALS")


def test_multistep_model_in_chapter_1() -> None:
    said(CH1, "for ALS the slope points to about six steps")
    said(CH1, "The analysis counts steps; it does not say what they are")


def test_the_model_is_not_spatial() -> None:
    """Both chapters say so plainly; the model indeed has one UMN and one LMN pool and no regions."""
    said(CH1, "The teaching model is not spatial")
    said(CH2, "The model is not spatial: it has one population of upper and one")
    said(CH2, "**Not spatial.** Upper and lower motor neurons are each one population")
    said(SELFCHECK2, "the book's model cannot show this, because it is not spatial")
    for background in [(), *((m,) for m in MUTATIONS)]:
        assert set(q.course(*background).motor_neurons) == {"UMN", "LMN"}
    regions = ("bulbar", "cervical", "thoracic", "lumbar", "lumbosacral", "cortex_", "hippocamp")
    for node in network().nodes:
        assert not any(r in node.id.lower() for r in regions), node.id


def test_the_model_has_no_ageing_or_exposures() -> None:
    said(CH1, "the teaching model has no ageing and no environmental exposures")
    said(SELFCHECK1, "the teaching model has no ageing and no environmental exposures")
    said(CH1, 'the unexplained\n  causes of sporadic ALS are one input, the "sporadic background"')
    assert network().sporadic == "sporadic_factors"
    words = ("age", "ageing", "aging", "exposure", "exposures", "environment", "toxin", "smoking")
    for node in network().nodes:
        parts = set(node.id.lower().split("_"))
        assert not parts & set(words), node.id


def test_chapter_1_familial_scenarios_begin_earlier() -> None:
    said(CH1, "a mutation adds an input to the network, and symptoms then begin earlier than")
    said(CH1, 'about month {eval}`fmt(onset("C9orf72"))` with *C9orf72*, against about month {eval}`fmt(onset())`')
    assert q.onset("C9orf72") < q.onset()


def test_the_model_score_falls_more_slowly_in_the_second_year() -> None:
    """Chapter 2's limits: slower in the second year after onset than in the first, in every background."""
    said(CH2, "in every scenario its score falls more slowly in the second year after onset than in the first")
    for background in [(), *((m,) for m in MUTATIONS)]:
        first_year = q.decline(*background, weeks=52)
        second_year = q.decline(*background, weeks=104) - first_year
        assert first_year > second_year > 0, background


def test_self_checks_cover_the_new_material() -> None:
    said(SELFCHECK1, "about six, and a large-effect mutation")
    said(SELFCHECK2, "four stages of pTDP-43 pathology")
    said(SELFCHECK2, "PRO-ACT gives 1.02 points a month on average")


def test_gold_coast_first_test_is_cited() -> None:
    """Chapter 2 cites the first test of the Gold Coast criteria, a primary study, beside the editorial."""
    said(CH2, "their\nsensitivity was 92%, against 88.6% for the revised El Escorial criteria")
    cell = next(c for c in notebook_markdown(ROOT / CH2).split("\n\n") if "sensitivity was 92%" in c)
    assert "Hannaford2021AnnNeurol" in cell
