"""CONTRIBUTING.md's recipes work as written: followed in a temporary copy of the repository.

Adding a therapy is one data entry and its citation: the test fills in the recipe's own templates
(read from CONTRIBUTING.md, so the recipe cannot drift from what works) and checks that the package,
the chapter 7 explorer, its static tables and the validation pick the therapy up, with no code change.
Adding a chapter touches the notebook, ``_toc.yml`` and its self-check file: the test adds one and
checks that the test suite finds it and that the chapter tests pass for it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
from conftest import ROOT, copy_repository

RECIPES = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def block(section: str, language: str) -> str:
    """The first fenced block of a language in a section of CONTRIBUTING.md, dedented."""
    text = RECIPES.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    match = re.search(rf"```{language}\n(.*?)```", text, re.S)
    assert match, f"CONTRIBUTING.md: no {language} block in '{section}'"
    lines = match.group(1).splitlines()
    indent = min(len(x) - len(x.lstrip()) for x in lines if x.strip())
    return "\n".join(x[indent:] for x in lines) + "\n"


def run(book: Path, code: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(book)}
    out = subprocess.run([sys.executable, "-c", code], cwd=book, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_add_a_therapy_is_one_data_entry_and_its_citation(tmp_path: Path) -> None:
    book = tmp_path / "book"
    copy_repository(book)
    fill = {
        "THERAPY_ID": "test_antioxidant",
        "FULL NAME": "Test antioxidant",
        "SHORT NAME": "test drug",
        "WHAT IT DOES, IN ONE SENTENCE.": "Scavenges free radicals (a test entry).",
        "NODE_ID": "oxidative_stress",
        "STRENGTH": "0.8",
        "CITATION_KEY": "Test2026Recipe",
        "WHAT THE TRIAL FOUND, IN ONE SENTENCE.": "No trial: this entry exists only in a test.",
        "AUTHORS": "Tester, Ada",
        "TITLE": "A test entry",
        "JOURNAL": "Test Journal",
        "YEAR": "2026",
        "DOI": "10.0000/test",
    }

    def filled(text: str) -> str:
        for key in sorted(fill, key=len, reverse=True):
            text = text.replace(key, fill[key])
        assert not re.search(r"\b[A-Z_]{4,}\b", text.replace("DOI", "")), text
        return text

    network = book / "alsbook" / "data" / "network.yaml"
    data = network.read_text(encoding="utf-8")
    entry = "".join("  " + line + "\n" for line in filled(block("Recipe: add a therapy", "yaml")).splitlines())
    data = data.replace("\ntherapies:\n", "\ntherapies:\n" + entry, 1)
    network.write_text(data, encoding="utf-8")
    bib = book / "alsbook" / "data" / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n" + filled(block("Recipe: add a therapy", "bibtex")))

    got = run(
        book,
        """
import json, alsbook
from alsbook.explorers import get
exp = get("ch7-integrated")
therapy = next(c for c in exp.controls if c.key == "therapy")
table = exp.static_data()
treated = alsbook.simulate(therapy="test_antioxidant", months=240)
print(json.dumps({"therapies": list(alsbook.THERAPIES), "options": [o.value for o in therapy.options],
                  "labels": [o.label for o in therapy.options], "states": exp.n_states(),
                  "html": "test_antioxidant" in exp.placeholder_html(), "file": alsbook.__file__,
                  "gain": treated.end_stage_month - alsbook.simulate(months=240).end_stage_month}))
""",
    )
    assert str(got["file"]).startswith(str(book))
    assert "test_antioxidant" in got["therapies"]  # type: ignore[operator]
    assert "test_antioxidant" in got["options"] and "test drug" in got["labels"]  # type: ignore[operator]
    assert got["html"] is True
    assert got["gain"] > 0  # type: ignore[operator]  # an antioxidant block slows the course


def test_add_a_chapter_touches_the_notebook_the_contents_and_its_self_check(tmp_path: Path) -> None:
    book = tmp_path / "book"
    copy_repository(book)
    # 1. The notebook: a chapter built on the template of chapter 1, numbered after the last one.
    chapters = sorted((book / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    number = f"{len(chapters) + 1:02d}"
    nb = nbformat.read(chapters[0], as_version=4)
    nb.cells[0].source = f"# Chapter {int(number)}: A new chapter\n\n" + nb.cells[0].source.split("\n", 1)[1]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = cell.source.replace('self_check("ch01")', f'self_check("ch{number}")')
        else:  # the new chapter covers no claim of the source
            cell.source = re.sub(r"<!--\s*claim:[^>]*-->", "", cell.source)
    name = f"{number}-new-chapter"
    nbformat.write(nb, book / "notebooks" / f"{name}.ipynb")
    # 2. The table of contents.
    toc = book / "_toc.yml"
    last = chapters[-1].stem
    toc.write_text(
        toc.read_text().replace(f"notebooks/{last}\n", f"notebooks/{last}\n      - file: notebooks/{name}\n")
    )
    # 3. Its self-check questions.
    selfcheck = book / "alsbook" / "data" / "selfcheck"
    (selfcheck / f"ch{number}.yaml").write_text((selfcheck / "ch01.yaml").read_text())

    env = {**os.environ, "PYTHONPATH": str(book)}
    # 4. Store its outputs (this also writes the chapter's JupyterLab note, naming its own file).
    refreshed = subprocess.run(
        [sys.executable, "scripts/refresh_outputs.py", f"notebooks/{name}.ipynb"],
        cwd=book,
        env=env,
        capture_output=True,
        text=True,
    )
    assert refreshed.returncode == 0, refreshed.stderr[-3000:]
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q"], cwd=book, env=env, capture_output=True, text=True
    ).stdout
    for wanted in (
        f"tests/test_chapters.py::test_chapter_follows_the_template[{name}]",
        f"tests/test_chapters.py::test_self_check_questions_give_feedback[ch{number}]",
        f"notebooks/{name}.ipynb::Cell 0",
        f"tests/test_site.py::test_chapter_figures_are_drawn[notebooks/{name}.html]",
    ):
        assert wanted in collected, wanted
    chapter_tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "tests/test_chapters.py"],
        cwd=book,
        env=env,
        capture_output=True,
        text=True,
    )
    assert chapter_tests.returncode == 0, chapter_tests.stdout[-3000:]
