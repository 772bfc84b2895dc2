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
from conftest import CHAPTERS as TOC_CHAPTERS
from conftest import SELF_CHECKS

from alsbook.causal_network import claims
from alsbook.selfcheck import questions

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = [ROOT / f"{c}.ipynb" for c in TOC_CHAPTERS]
#: The claims of the source's paragraph n belong to chapter n (C3.4 is chapter 3's).
CLAIMS: dict[int, list[str]] = {}
for _claim in claims():
    CLAIMS.setdefault(int(_claim[1:].split(".")[0]), []).append(_claim)
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


def test_chapters_in_the_contents_are_the_numbered_notebooks_in_order() -> None:
    on_disk = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    assert CHAPTERS == on_disk
    assert [int(p.name[:2]) for p in CHAPTERS] == list(range(1, len(CHAPTERS) + 1))
    assert set(CLAIMS) <= set(range(1, len(CHAPTERS) + 1)), "a paragraph of the source has no chapter"


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
    for claim in CLAIMS.get(int(path.name[:2]), []):
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
    # The bibliography page lists the cited entries only; an entry no sentence cites is padding.
    selfchecks = ROOT / "alsbook" / "data" / "selfcheck"
    for path in sorted(selfchecks.glob("*.yaml")):
        for group in CITE.findall(path.read_text(encoding="utf-8")):
            used |= {k.strip() for k in group.split(",")}
    assert sorted(set(entries) - used) == []
    assert ":all:" not in (ROOT / "book" / "bibliography.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_each_chapter_shows_its_self_check(path: Path) -> None:
    assert SELF_CHECKS[f"notebooks/{path.stem}"] == [f"ch{path.name[:2]}"]


@pytest.mark.parametrize("chapter", sorted({c for v in SELF_CHECKS.values() for c in v}))
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


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_tells_a_jupyterlab_reader_to_work_on_a_copy(path: Path) -> None:
    """Running a chapter and saving it rewrites its stored outputs (and breaks nbval and the build):
    the chapter's header says, in JupyterLab only (the cell is removed from the website), to run a
    copy, and names the command that restores this very file."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    notes = [c for c in cells[:3] if "copy-note" in c["metadata"].get("tags", [])]
    assert len(notes) == 1 and "remove-cell" in notes[0]["metadata"]["tags"]
    text = "".join(notes[0]["source"])
    rel = path.relative_to(ROOT).as_posix()
    assert "Save Notebook As" in text and f"bash scripts/refresh {rel}" in text
    assert (ROOT / "scripts" / "refresh").exists()
