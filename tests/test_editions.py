"""One source, two editions: the student edition has no solutions and no instructor guide.

The default (instructor) build keeps both; ``bash scripts/build --student`` builds the student
edition from the same sources with a derived table of contents and configuration.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CHAPTER_PAGES, ROOT


@pytest.fixture(scope="module")
def student_site() -> Path:
    src = subprocess.run(
        [sys.executable, "scripts/editions.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    jb = Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run(
        [
            str(jb),
            "build",
            "-W",
            "-n",
            "--keep-going",
            "--all",
            "--toc",
            f"{src}/_toc.yml",
            "--config",
            f"{src}/_config.yml",
            "--path-output",
            "_build/student",
            ".",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    return ROOT / "_build" / "student" / "_build" / "html"


def test_student_edition_has_no_solutions_and_no_instructor_guide(student_site: Path, built_site: Path) -> None:
    assert not (student_site / "book" / "instructor-guide.html").exists()
    assert (built_site / "book" / "instructor-guide.html").exists()
    student_index = (student_site / "book" / "index.html").read_text(encoding="utf-8")
    assert "instructor-guide" not in student_index
    assert "instructor-guide.html" in (built_site / "book" / "index.html").read_text(encoding="utf-8")
    exercises = solutions = 0
    for page in CHAPTER_PAGES:
        student = (student_site / page).read_text(encoding="utf-8")
        teacher = (built_site / page).read_text(encoding="utf-8")
        assert 'class="solution' not in student, page
        exercises += student.count('class="exercise')
        solutions += teacher.count('class="solution')
    assert exercises >= len(CHAPTER_PAGES) and solutions >= len(CHAPTER_PAGES)


def test_handouts_and_answer_key(student_site: Path, built_site: Path) -> None:
    """`scripts/handouts.py` prints one PDF per chapter from the student edition, and an answer key
    that holds every solution of the instructor edition and every self-check's right answer."""
    from conftest import SELF_CHECKS

    from alsbook.selfcheck import questions

    proc = subprocess.run(
        [sys.executable, "scripts/handouts.py"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = ROOT / "_build" / "handouts"
    for page in CHAPTER_PAGES:
        pdf = out / f"{Path(page).stem}.pdf"
        assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 20_000, pdf
    key = (out / "answer-key.html").read_text(encoding="utf-8")
    solutions = sum(
        (built_site / p).read_text(encoding="utf-8").count('class="solution dropdown') for p in CHAPTER_PAGES
    )
    assert key.count('<div class="solution">') == solutions
    answers = sum(len(questions(c)) for checks in SELF_CHECKS.values() for c in checks)
    assert key.count('<li class="answer">') == answers
    assert (out / "answer-key.pdf").read_bytes()[:5] == b"%PDF-"


def test_student_edition_ships_subset_icon_fonts(student_site: Path) -> None:
    """The student edition's build subsets the FontAwesome fonts too (alsbook.fonts), and keeps every
    glyph that its own pages, scripts and CSS can show."""
    from fontTools.ttLib import TTFont
    from test_fonts import FACES, FORMATS, WEBFONTS, theme_original

    from alsbook.fonts import site_codepoints

    wanted = site_codepoints(student_site)
    assert wanted
    for name in (f"{face}.{fmt}" for face in FACES.values() for fmt in FORMATS):
        original, shipped = theme_original(name), student_site / WEBFONTS / name
        assert shipped.stat().st_size < original.stat().st_size / 5, name
        keep = wanted & set(TTFont(original).getBestCmap())
        assert keep <= set(TTFont(shipped).getBestCmap()), name
