"""Issue 16, bibliography items: the entries completed from a confirmed record, and citations that resolve.

Only entries whose full author list was seen in a public record are completed; the others keep
"and others" until someone sees theirs (see the report for issue 16). A completed entry carries a
``%`` comment above it saying where the data was seen.
"""

from __future__ import annotations

import re

import pytest
from prose import ROOT, sources

CITE = re.compile(r"\{cite:[pt]\}`([^`]+)`")

#: Entries completed for issue 16: key -> (number of authors seen, first author, last author, DOI).
COMPLETED = {
    "Clement2003Science": (14, "Clement", "Cleveland", "10.1126/science.1086071"),
    "Atassi2014Neurology": (11, "Atassi", "Leitner", "10.1212/WNL.0000000000000951"),
    "Benatar2022Neurotherapeutics": (22, "Benatar", "Fradette", "10.1007/s13311-022-01237-4"),
}

CHAPTERS = [
    "notebooks/02-motor-neurons.ipynb",
    "notebooks/04-cellular-mechanisms.ipynb",
    "notebooks/07-summary-and-therapies.ipynb",
]


def _bib_text() -> str:
    return (ROOT / "alsbook" / "data" / "references.bib").read_text(encoding="utf-8")


def _entries() -> dict[str, str]:
    out = {}
    for chunk in re.split(r"\n(?=@)", _bib_text()):
        m = re.match(r"@\w+\{([^,]+),", chunk.strip())
        if m:
            out[m.group(1)] = chunk
    return out


def _field(entry: str, name: str) -> str:
    m = re.search(rf"^\s*{name}\s*=\s*\{{(.*)\}},?\s*$", entry, re.MULTILINE)
    assert m, f"no {name} field in {entry[:60]!r}"
    return m.group(1)


@pytest.mark.parametrize("key", sorted(COMPLETED))
def test_completed_entry_has_the_full_author_list(key: str) -> None:
    n, first, last, doi = COMPLETED[key]
    entry = _entries()[key]
    authors = [a.strip() for a in _field(entry, "author").split(" and ")]
    assert "others" not in authors, f"{key} still ends in 'and others'"
    assert len(authors) == n, f"{key}: {len(authors)} authors, the record shows {n}"
    assert authors[0].startswith(first) and authors[-1].startswith(last)
    m = re.search(r"doi\s*=\s*\{([^}]+)\}", entry)
    assert m and m.group(1) == doi


@pytest.mark.parametrize("key", sorted(COMPLETED))
def test_completed_entry_says_where_its_data_was_seen(key: str) -> None:
    text = _bib_text()
    before = text[: text.index(f"@article{{{key},")].rstrip("\n").splitlines()
    assert before and before[-1].startswith("%"), f"{key} has no comment saying where its data was seen"
    assert any(key in line for line in before[-3:] if line.startswith("%"))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_key_cited_in_the_chapter_resolves_and_has_a_doi(chapter: str) -> None:
    entries = _entries()
    keys = {k.strip() for group in CITE.findall(sources()[chapter]) for k in group.split(",")}
    assert keys, f"{chapter} cites nothing"
    missing = sorted(k for k in keys if k not in entries)
    assert not missing, f"{chapter} cites keys that are not in references.bib: {missing}"
    no_doi = sorted(k for k in keys if not re.search(r"^\s*doi\s*=", entries[k], re.MULTILINE))
    assert not no_doi, f"{chapter} cites entries without a DOI: {no_doi}"
