"""The chapters as course material: template, claim coverage, citations, self-checks.

Each chapter must cover every claim of its paragraph of the source (CLAIMS.md), marked with
``<!-- claim: Cn.m -->`` in a markdown cell that also cites a source; every citation key used
anywhere in the book must exist in references.bib, and every entry there must carry a DOI.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from alsbook.selfcheck import questions

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
CLAIMS = {
    1: ["C1.1", "C1.2", "C1.3", "C1.4"],
    2: ["C2.1", "C2.2", "C2.3", "C2.4"],
    3: ["C3.1", "C3.2", "C3.3", "C3.4", "C3.5"],
    4: ["C4.1", "C4.2", "C4.3", "C4.4"],
    5: ["C5.1", "C5.2"],
    6: ["C6.1", "C6.2", "C6.3"],
    7: ["C7.1", "C7.2", "C7.3"],
}
TEMPLATE = [
    "## Learning objectives",
    "## Prerequisites",
    "**Time to learn**",
    "## What the model leaves out",
    "## Self-check",
    "## Exercises",
    "## Summary",
    "## What's next",
]
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


def markdown_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def bib_entries() -> dict[str, str]:
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for m in re.finditer(r"^@\w+\{([^,]+),(.*?)^\}", text, flags=re.M | re.S)}


def test_seven_chapters_in_order() -> None:
    assert [p.name[:2] for p in CHAPTERS] == ["01", "02", "03", "04", "05", "06", "07"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_follows_the_template(path: Path) -> None:
    text = "\n".join(markdown_cells(path))
    for heading in TEMPLATE:
        assert heading in text, heading
    assert text.count("**Predict") >= 1 and text.count("**Observe") >= 1
    assert "{exercise}" in text and "{solution}" in text and ":class: dropdown" in text


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_covers_and_cites_every_claim(path: Path) -> None:
    cells = markdown_cells(path)
    for claim in CLAIMS[int(path.name[:2])]:
        marked = [c for c in cells if re.search(rf"<!--\s*claim:[^>]*\b{re.escape(claim)}\b", c)]
        assert marked, f"{path.name}: no cell marked {claim}"
        assert any(CITE.search(c) for c in marked), f"{path.name}: {claim} is marked but not cited"


def test_every_citation_resolves_and_has_a_doi() -> None:
    entries = bib_entries()
    assert entries
    for key, body in entries.items():
        assert re.search(r"\bdoi\s*=", body), f"{key} has no DOI"
    sources = [p for p in CHAPTERS] + sorted((ROOT / "book").glob("*.md"))
    used = set()
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for group in CITE.findall(text):
            used |= {k.strip() for k in group.split(",")}
    missing = sorted(used - set(entries))
    assert not missing, missing
    assert len(used) >= 30


@pytest.mark.parametrize("chapter", [f"ch0{i}" for i in range(1, 8)])
def test_self_check_questions_give_feedback(chapter: str) -> None:
    qs = questions(chapter)
    assert len(qs) >= 3
    for q in qs:
        assert sum(bool(o.get("correct")) for o in q["options"]) >= 1
        assert len(q["options"]) >= 3


def test_no_notebook_reads_files_written_by_another() -> None:
    for path in CHAPTERS:
        code = "".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code")
        assert "open(" not in code and "to_csv" not in code and "%store" not in code, path.name
