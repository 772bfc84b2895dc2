"""Print course handouts with the headless Chromium the tests use: one PDF per chapter from the student
edition (no solutions, self-check feedback hidden), and an answer key for the instructor with every
exercise solution and the right answer of every self-check question, chapter by chapter.

Usage: python scripts/handouts.py   (after `bash scripts/build` and `bash scripts/build --student`)
Writes _build/handouts/NN-name.pdf and _build/handouts/answer-key.pdf (and its HTML).
"""

from __future__ import annotations

import re
import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHAPTER_PAGES, CHROMIUM, CHROMIUM_ARGS, SELF_CHECKS, draw_all  # noqa: E402

from alsbook.quantities import render  # noqa: E402
from alsbook.selfcheck import questions  # noqa: E402

INSTRUCTOR = ROOT / "_build" / "html"
STUDENT = ROOT / "_build" / "student" / "_build" / "html"
OUT = ROOT / "_build" / "handouts"
#: On a student's paper the self-check feedback would give the answers away.
STUDENT_PRINT_CSS = "details.als-option > p { display: none !important; }"
SOLUTION = re.compile(r'<div class="solution dropdown admonition"[^>]*>(.*?</section>)\s*</div>', re.S)
TITLE = re.compile(r"<h1>(.*?)<a", re.S)


def answer_key() -> str:
    """One HTML page with each chapter's exercise solutions and self-check answers."""
    parts = []
    for page in CHAPTER_PAGES:
        html = (INSTRUCTOR / page).read_text(encoding="utf-8")
        title = TITLE.search(html)
        parts.append(f"<h2>{title.group(1).strip() if title else escape(page)}</h2>")
        parts += [f'<div class="solution">{body}</div>' for body in SOLUTION.findall(html)]
        for chapter in SELF_CHECKS[page.removesuffix(".html")]:
            parts.append(f"<h3>Self-check {escape(chapter)}: answers</h3><ol>")
            for q in questions(chapter):
                right = "; ".join(escape(render(str(o["text"]))) for o in q["options"] if o.get("correct"))
                parts.append(f'<li class="answer">{escape(render(q["question"]))} <strong>{right}</strong></li>')
            parts.append("</ol>")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Answer key</title>'
        f'<link rel="stylesheet" href="{(INSTRUCTOR / "_static" / "styles" / "theme.css").as_uri()}">'
        "<style>body{font-family:sans-serif;margin:2em}</style></head><body><h1>ALS pathophysiology: answer key</h1>"
        + "".join(parts)
        + "</body></html>"
    )


def main() -> list[Path]:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    key = OUT / "answer-key.html"
    key.write_text(answer_key(), encoding="utf-8")
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 1300})
        for chapter in CHAPTER_PAGES:
            page.goto((STUDENT / chapter).as_uri(), wait_until="load")
            draw_all(page)  # figures are drawn as the reader scrolls to them
            page.add_style_tag(content=STUDENT_PRINT_CSS)
            target = OUT / f"{Path(chapter).stem}.pdf"
            page.pdf(path=str(target), format="A4", print_background=True)
            written.append(target)
        page.goto(key.as_uri(), wait_until="load")
        page.pdf(path=str(OUT / "answer-key.pdf"), format="A4")
        written.append(OUT / "answer-key.pdf")
        browser.close()
    for path in written:
        print(path)
    return written


if __name__ == "__main__":
    main()
