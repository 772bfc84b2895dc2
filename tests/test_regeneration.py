"""The book regenerates from the model: a changed weight changes everything the site shows.

A copy of the repository is built twice with the same command as ``scripts/build`` (and the same
execution cache folder, as a contributor's second build would have): once as it is, and once after
one edge weight of the network data is changed. Every model-derived thing on the site must follow
the change: the explorer tables, a panel's summary written when the chapter executes, a figure
computed in a chapter (the heat map of chapter 4) and the numbers in the prose (``{eval}`` expressions).
What the second build shows is compared with what the changed model computes, run separately.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_repository

from alsbook.figures import HORIZON

ROOT = Path(__file__).resolve().parent.parent
JB = Path(sys.executable).parent / "jupyter-book"
#: The edge whose weight the test changes (doubled, or raised to 1 if that is more).
EDGE = re.compile(r"(\{src: protein_aggregation, dst: apoptosis, sign: 1, weight: )([0-9.]+)")


def build(book: Path) -> Path:
    env = {**os.environ, "PYTHONPATH": str(book)}  # the copy's package, in the build and its kernels
    proc = subprocess.run(
        [str(JB), "build", "-W", "-n", "--keep-going", str(book)],
        cwd=book,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    return book / "_build" / "html"


def computed(book: Path) -> dict[str, object]:
    """What the copy's model computes now, in a separate process (not read from the site)."""
    script = """
import json
from alsbook import quantities, simulate
from alsbook.diagram import summary
from alsbook.figures import block_gains
names, gains = block_gains()
print(json.dumps({"summary": summary(simulate()), "gains": gains.round(1).tolist(),
                  "survival": quantities.quote('fmt(survival(), ".1f")'), "file": quantities.__file__}))
"""
    env = {**os.environ, "PYTHONPATH": str(book)}
    out = subprocess.run([sys.executable, "-c", script], cwd=book, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def shown(site: Path) -> dict[str, object]:
    ch3 = (site / "notebooks" / "03-genetics.html").read_text(encoding="utf-8")
    ch4 = (site / "notebooks" / "04-cellular-mechanisms.html").read_text(encoding="utf-8")
    summary = re.search(r'data-als-explorer="ch3-genes".*?<div class="als-summary"[^>]*>(.*?)</div>', ch3, re.S)
    heat = re.search(r'"type":"heatmap".*?"z":(\[\[.*?\]\])', ch4, re.S) or re.search(
        r'"z":(\[\[.*?\]\]).*?"type":"heatmap"', ch4, re.S
    )
    prose = re.findall(
        r'class="als-model">([^<]*)<', "".join(p.read_text() for p in (site / "notebooks").glob("*.html"))
    )
    assert summary and heat and prose
    return {
        "summary": summary.group(1),
        "gains": json.loads(heat.group(1)),
        "prose": prose,
        "table": (site / "_explorers" / "ch3-genes.js").read_text(encoding="utf-8"),
    }


def test_a_changed_weight_changes_every_model_output(tmp_path: Path) -> None:
    book = tmp_path / "book"
    copy_repository(book)
    before = shown(build(book))

    network = book / "alsbook" / "data" / "network.yaml"
    text = network.read_text(encoding="utf-8")
    found = EDGE.findall(text)
    assert len(found) == 1, "the edge this test changes is gone: pick another one"
    weight = float(found[0][1])
    new = min(1.0, 2 * weight) if weight < 0.9 else weight / 2
    network.write_text(EDGE.sub(lambda m: f"{m.group(1)}{new:g}", text), encoding="utf-8")
    model = computed(book)
    assert str(model["file"]).startswith(str(book))
    after = shown(build(book))

    assert after["table"] != before["table"]
    assert after["summary"] != before["summary"] and after["summary"] == model["summary"]
    assert after["gains"] != before["gains"]
    heat = [v for row in after["gains"] for v in row]  # type: ignore[attr-defined]
    assert heat == pytest.approx([min(v, HORIZON) for row in model["gains"] for v in row], abs=0.051)  # type: ignore[attr-defined]
    assert after["prose"] != before["prose"] and model["survival"] in after["prose"]
