"""The site's plotly.js: npm's partial "cartesian" bundle, the same plotly.js as python plotly's.

The site serves ``plotly.js-cartesian-dist-min`` (pinned in ``tools/plotly``, installed by
``bash scripts/setup``) instead of the 4.8 MB full bundle in python plotly's package data. That is
safe only while (a) it is the same plotly.js version as the one python plotly writes figures for
(JupyterLab and the live widgets use python plotly's copy), and (b) it registers every trace type a
figure of the book uses: a trace of an unregistered type is silently not drawn. The built site is
checked in the browser too (``tests/test_site.py``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import plotly
import pytest
from sphinx.errors import ExtensionError

from alsbook import figures
from alsbook.explorers import registry
from alsbook.sphinx_ext import PLOTLY_BUNDLE, plotly_js

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "plotly.js-cartesian-dist-min"
FULL = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
VERSION = re.compile(r"\A/\*\*\s*\*\s*plotly\.js (?:\([^)]*\) )?v(\d+\.\d+\.\d+)\s")


def header_version(path: Path) -> str:
    """The plotly.js version in a bundle's licence header (``* plotly.js (cartesian - minified) v4.1.1``)."""
    with path.open(encoding="utf-8") as f:
        head = f.read(300)
    found = VERSION.match(head)
    assert found, f"no plotly.js version in the header of {path}: {head[:120]!r}"
    return found.group(1)


@pytest.fixture(scope="module")
def bundle() -> Path:
    path = ROOT / PLOTLY_BUNDLE
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `bash scripts/setup` (it installs tools/plotly with npm ci)")
    return path


def test_bundle_is_the_plotly_js_of_python_plotly(bundle: Path) -> None:
    assert header_version(bundle) == header_version(FULL)
    lock = json.loads((ROOT / "tools" / "plotly" / "package-lock.json").read_text(encoding="utf-8"))
    pinned = json.loads((ROOT / "tools" / "plotly" / "package.json").read_text(encoding="utf-8"))
    assert pinned["dependencies"] == {PACKAGE: header_version(FULL)}
    assert lock["packages"][f"node_modules/{PACKAGE}"]["version"] == header_version(FULL)


def trace_types_of_the_bundle(bundle: Path) -> set[str]:
    """The trace modules the bundle registers (each is ``moduleType:"trace",name:"..."`` in it)."""
    names = set(re.findall(r'moduleType:"trace",name:"(\w+)"', bundle.read_text(encoding="utf-8")))
    assert "scatter" in names, "the bundle's trace modules could not be read"
    return names


def book_figures() -> dict[str, dict[str, Any]]:
    """Every figure the book draws: each explorer's figure and each public figure of alsbook.figures
    (the same list that the ``{alsbook-figure}`` directive accepts, and that chapters call)."""
    out = {f"explorer {i}": e.view.base_figure() for i, e in registry().items()}
    for name, fn in vars(figures).items():
        if (
            not name.startswith("_")
            and getattr(fn, "__module__", None) == figures.__name__
            and getattr(fn, "__annotations__", {}).get("return") == "StaticFigure"
        ):
            out[f"figures.{name}"] = fn().figure.to_plotly_json()
    return out


def test_every_trace_type_the_book_draws_is_in_the_bundle(bundle: Path) -> None:
    available = trace_types_of_the_bundle(bundle)
    used = {name: {t.get("type", "scatter") for t in fig["data"]} for name, fig in book_figures().items()}
    assert len(used) >= 10 and any(used.values())
    missing = {name: sorted(types - available) for name, types in used.items() if types - available}
    assert not missing, f"trace types not in {PACKAGE} (draw them otherwise, or serve another bundle): {missing}"


def test_a_missing_bundle_fails_the_build_and_says_how_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(ExtensionError, match=r"bash scripts/setup"):
        plotly_js(tmp_path)
