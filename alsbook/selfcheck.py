"""Self-check questions with instant feedback that needs neither a kernel nor JavaScript.

Each option is a native ``<details>`` element: opening it reveals whether it is right and why.
That works the same on the static site, in JupyterLab and in a printed page, and it is keyboard
accessible for free; a quiz library would add a script per question and, on the site, nothing a
reader could not already do here.
"""

from __future__ import annotations

from functools import cache
from html import escape
from typing import Any

import yaml

from .causal_network import DATA
from .quantities import render


@cache
def questions(chapter: str) -> list[dict[str, Any]]:
    """The questions of a chapter ("ch02" ... "ch07"), validated: one or more correct options each."""
    path = DATA / "selfcheck" / f"{chapter}.yaml"
    if not path.exists():
        valid = sorted(p.stem for p in (DATA / "selfcheck").glob("*.yaml"))
        raise ValueError(f"no self-check questions for {chapter!r}; valid chapters: {', '.join(valid)}")
    items: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    for i, q in enumerate(items, 1):
        if not q.get("question") or not q.get("options"):
            raise ValueError(f"{path.name} question {i}: needs a question and options")
        if not any(o.get("correct") for o in q["options"]):
            raise ValueError(f"{path.name} question {i}: no option is marked correct")
        if not all(o.get("feedback") for o in q["options"]):
            raise ValueError(f"{path.name} question {i}: every option needs feedback")
    return items


def html(chapter: str) -> str:
    """The questions as HTML: each option opens to say right or wrong, and why."""
    parts = [f'<div class="als-selfcheck" data-chapter="{escape(chapter)}">']
    for i, q in enumerate(questions(chapter), 1):
        parts.append(
            f'<div class="als-question"><p><strong>Question {i}.</strong> {escape(render(q["question"]))}</p>'
            '<p class="als-hint">Open an answer to check it.</p>'
        )
        for o in q["options"]:
            verdict = "Correct" if o.get("correct") else "Not quite"
            cls = "als-right" if o.get("correct") else "als-wrong"
            parts.append(
                f'<details class="als-option {cls}"><summary>{escape(render(str(o["text"])))}</summary>'
                f"<p><strong>{verdict}.</strong> {escape(render(o['feedback']))}</p></details>"
            )
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


class SelfCheck:
    """Displays as HTML in every front end (the notebook, the built site, a printout)."""

    def __init__(self, chapter: str) -> None:
        self.chapter = chapter
        questions(chapter)

    def _repr_html_(self) -> str:
        return html(self.chapter)

    def __repr__(self) -> str:
        return f"Self-check questions of {self.chapter} (open the answers to check them)"


def self_check(chapter: str) -> SelfCheck:
    """The self-check block of a chapter, e.g. ``self_check("ch03")``."""
    return SelfCheck(chapter)


def moodle_xml(chapter: str) -> str:
    """The questions of a chapter as Moodle XML (multiple choice with feedback per option), for a
    course platform's question bank: import it under *Question bank > Import > Moodle XML format*.

    The same YAML drives the book's self-checks, so the two never disagree. A question with several
    right options gives each an equal share of the mark; wrong options count zero.
    """
    from xml.sax.saxutils import escape as xml_escape

    def text(value: str) -> str:
        return f"<text>{xml_escape(render(value))}</text>"

    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    out.append(f'  <question type="category"><category>{text(f"alsbook/{chapter}")}</category></question>')
    for i, q in enumerate(questions(chapter), 1):
        right = sum(bool(o.get("correct")) for o in q["options"])
        out.append('  <question type="multichoice">')
        out.append(f"    <name>{text(f'{chapter} question {i}')}</name>")
        out.append(f'    <questiontext format="html">{text(q["question"])}</questiontext>')
        out.append(f"    <single>{'true' if right == 1 else 'false'}</single>")
        out.append("    <shuffleanswers>true</shuffleanswers>")
        for o in q["options"]:
            fraction = f"{100 / right:.5g}" if o.get("correct") else "0"
            out.append(f'    <answer fraction="{fraction}" format="html">{text(str(o["text"]))}')
            out.append(f"      <feedback>{text(o['feedback'])}</feedback>")
            out.append("    </answer>")
        out.append("  </question>")
    out.append("</quiz>")
    return "\n".join(out) + "\n"
