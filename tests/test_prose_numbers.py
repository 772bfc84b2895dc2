"""No model number is typed into the prose: each is an ``{eval}`` expression the build evaluates.

Two checks. Every ``{eval}`` expression in the book evaluates with the current package (the build
would fail otherwise, but this finds it in a second). And a sentence that gives a number of months,
ALSFRS-R points or a percentage must either cite its source (a literature number) or compute it with
the ``{eval}`` role; the few typed numbers that are neither (exercise arithmetic, reading times) are
listed in ALLOWED with the reason.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from prose import notebook_markdown, sources

from alsbook import quantities
from alsbook.quantities import ROLE

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sources()
NUMBER_WITH_UNIT = re.compile(
    r"(?<![\w.])(?:month\s+\d+(?:\.\d+)?|[-−+]?\d+(?:\.\d+)?\s*(?:%|per\s?cent|months?\b|points?\b|years?\b))", re.I
)
CITED = re.compile(r"\{cite(?::[a-z]+)?\}|\(\w[\w\s.-]+ et al\.? \d{4}\)|\[\w+ et al\.? \d{4}\]")
#: Typed numbers that are neither a model result nor a literature figure, with why they stay typed:
#: (source, fragment of the sentence).
ALLOWED: list[tuple[str, str]] = [
    # ch03: refers back to the cited 10% of the sentence before (Renton et al. 2014).
    ("notebooks/03-genetics.ipynb", 'The "10%" is an estimate, not a constant of nature'),
    # self-check option texts: literature figures, cited in the (indented) feedback lines.
    ("alsbook/data/selfcheck/ch03.yaml", "About 10% by the standard estimate"),
    # self-check distractor: misreads the ALSFRS-R maximum (48) as months; not a figure.
    ("alsbook/data/selfcheck/ch02.yaml", "48 months of expected survival"),
    # ch07: "12 months after onset" is the time point at which the model is read, not a result.
    ("notebooks/07-summary-and-therapies.ipynb", "the ALSFRS-R 12 months after onset is about"),
    # ch04: the heat map's horizon (figures.HORIZON), a figure setting no role can reach; test_prose_ch4_5 checks it.
    ("notebooks/04-cellular-mechanisms.ipynb", "not reached within the 240 months simulated"),
    # ch05: the timing explorer's option label (BLOCK_TIMING["late"]); test_prose_ch4_5 checks it.
    ("notebooks/05-neuroinflammation.ipynb", "**12 months after onset** (late)"),
    # instructor guide: the same "late" option of ch5-inflammation-timing; test_prose_book checks it.
    ("book/instructor-guide.md", "from 12 months after onset"),
    ("book/instructor-guide.md", "when it starts 12 months after onset"),
]


def _scrub(text: str) -> str:
    """Remove what is not prose: fenced and indented code, inline code, roles, comments, links."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"(?m)^(?: {4}|\t).*$", " ", text)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = ROLE.sub("MODEL", text)
    text = re.sub(r"`[^`]*`", "CODE", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return text


def sentences(text: str) -> list[str]:
    flat = re.sub(r"\s+", " ", _scrub(text))
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z(*\[])", flat) if s.strip()]


def test_every_model_expression_evaluates() -> None:
    found = 0
    for path, text in SOURCES.items():
        for expr in ROLE.findall(text):
            found += 1
            try:
                quantities.quote(expr)
            except ValueError as err:
                pytest.fail(f"{path}: {err}")
    assert found >= 1


def test_no_model_number_is_typed_by_hand() -> None:
    offenders = []
    for path, text in SOURCES.items():
        for s in sentences(text):
            if not NUMBER_WITH_UNIT.search(s) or CITED.search(s):
                continue
            if any(path == p and frag in s for p, frag in ALLOWED):
                continue
            offenders.append(f"{path}: {s[:220]}")
    assert not offenders, "typed numbers without a citation or an {eval} expression:\n" + "\n".join(offenders)


def test_quote_formats_and_rejects_what_it_cannot_show() -> None:
    assert quantities.quote('fmt(survival(), ".1f")') == f"{quantities.survival():.1f}"
    assert quantities.quote('fmt(-2.0, ".1f")') == "\u22122.0"
    assert quantities.quote('fmt(-0.01, ".1f")') == "0.0"
    assert quantities.quote('snapshot("ch3-genes")') == str(int(quantities.namespace()["snapshot"]("ch3-genes")))
    with pytest.raises(ValueError, match="Available names"):
        quantities.quote("nonsense(3)")
    with pytest.raises(ValueError, match="not reached"):
        quantities.quote("fmt(inf)")
    with pytest.raises(ValueError, match="wrap it in fmt"):
        quantities.quote("survival()")  # a kernel would print every digit


def test_a_kernel_prints_inline_values_as_the_book_does() -> None:
    """JupyterLab's MyST extension shows the kernel's text/plain of an inline expression: the value
    ``fmt`` gives must print as the book prints it, without quotes."""
    from IPython.core.formatters import PlainTextFormatter

    shown = quantities.fmt(quantities.onset("SOD1"), ".1f")
    printed = PlainTextFormatter()(shown)
    assert printed == quantities.quote('fmt(onset("SOD1"), ".1f")') == f"{quantities.onset('SOD1'):.1f}"


CHAPTERS = sorted(ROOT.glob("notebooks/0*.ipynb"))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_jupyterlab_shows_the_current_model_numbers(path: Path) -> None:
    """In JupyterLab the MyST extension shows each inline expression's value stored in its cell's
    ``user_expressions`` until the kernel evaluates it: the stored values are the model's now (a
    model change without ``bash scripts/refresh`` fails here), and none is stored for a cell without
    expressions."""
    cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "markdown"]
    stale = []
    for cell in cells:
        source = "".join(cell["source"])
        if cell["metadata"].get("user_expressions", []) != quantities.user_expressions(source):
            stale.append(source[:80])
    assert stale == [], f"stored inline values differ from the model (run bash scripts/refresh): {stale}"
    stored = sum(len(c["metadata"].get("user_expressions", [])) for c in cells)
    assert stored == len(ROLE.findall(notebook_markdown(path))) > 0


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_a_kernel_can_evaluate_every_inline_expression_in_order(path: Path) -> None:
    """*Run All* in JupyterLab evaluates a markdown cell's expressions when it reaches the cell, so the
    names must exist by then: the first code cell imports ``alsbook.inline``, and no expression comes
    before it; every name an expression uses is one that module exports."""
    import alsbook.inline

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    first = next(i for i, c in enumerate(cells) if c["cell_type"] == "code")
    assert "from alsbook.inline import *" in "".join(cells[first]["source"])
    early = [e for c in cells[:first] for e in ROLE.findall("".join(c["source"]))]
    assert early == []
    kernel = {**vars(__import__("builtins")), **{k: getattr(alsbook.inline, k) for k in alsbook.inline.__all__}}
    for expr in ROLE.findall(notebook_markdown(path)):
        assert str(eval(expr, kernel)) == quantities.quote(expr), expr  # noqa: S307 - the book's own text
