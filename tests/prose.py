"""The book's prose as text, for tests that check what a sentence says about the model.

A sentence that states what the model does ("blocking X helps more than Y") is checked by a test
that quotes part of the sentence (``said(...)``: the test fails if the sentence is edited away, so
the check cannot silently outlive it) and runs the model.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def notebook_markdown(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def sources() -> dict[str, str]:
    """Every text the reader reads: chapter markdown, book pages, self-check questions."""
    out = {str(p.relative_to(ROOT)): notebook_markdown(p) for p in sorted((ROOT / "notebooks").glob("0*.ipynb"))}
    out.update({str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in sorted((ROOT / "book").glob("*.md"))})
    for p in sorted((ROOT / "alsbook" / "data" / "selfcheck").glob("*.yaml")):
        out[str(p.relative_to(ROOT))] = p.read_text(encoding="utf-8")
    return out


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def said(path: str, fragment: str) -> str:
    """Assert that ``path`` (relative to the repository) contains ``fragment`` (whitespace-insensitive)."""
    text = sources()[path]
    assert _flat(fragment) in _flat(text), f"{path} no longer says: {fragment!r}; update the sentence's test"
    return fragment
