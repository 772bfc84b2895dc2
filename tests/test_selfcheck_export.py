"""The self-check questions export to Moodle XML from the same YAML the book shows."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from alsbook.causal_network import DATA
from alsbook.selfcheck import moodle_xml, questions

CHAPTERS = sorted(p.stem for p in (DATA / "selfcheck").glob("*.yaml"))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_moodle_export_matches_the_questions(chapter: str) -> None:
    quiz = ET.fromstring(moodle_xml(chapter))
    exported = quiz.findall("question[@type='multichoice']")
    source = questions(chapter)
    assert len(exported) == len(source)
    for q, src in zip(exported, source, strict=True):
        answers = q.findall("answer")
        assert len(answers) == len(src["options"])
        right = [float(a.get("fraction", "0")) for a in answers]
        assert sum(right) == pytest.approx(100)
        assert [f > 0 for f in right] == [bool(o.get("correct")) for o in src["options"]]
        assert all(a.findtext("feedback/text") for a in answers)
        assert q.findtext("single") == ("true" if sum(f > 0 for f in right) == 1 else "false")
        assert q.findtext("questiontext/text")
