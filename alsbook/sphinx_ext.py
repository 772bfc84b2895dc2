"""The book's Sphinx extension: offline assets, kernel-free explorers, and a clean console.

Loaded by ``_config.yml`` (``sphinx: extra_extensions: [alsbook.sphinx_ext]``). What it does, and why:

* sets ``ALSBOOK_STATIC`` so that the build's kernels render explorers as static panels and
  figures as HTML fragments (no saved widget state, no CDN scripts);
* serves plotly.js from plotly's own package and the panel script from this package, on the pages
  that draw a figure; writes each explorer's precomputed state table to ``_explorers/<id>.js``,
  loaded only by the pages that show that explorer (a script tag works from ``file://`` too);
* fixes the console errors of a default Jupyter Book 1 build: Sphinx 7.4 emits every inline script
  added after ``builder-inited`` twice (``THEBE_JS_URL`` redeclared), sphinx-thebe's assets and
  config are dead weight offline, and the theme logs "Got invalid theme mode" unless
  ``html_context.default_mode`` is set;
* drops the theme's 1.5 MB icon script (a template override; the icons come from the theme's CSS
  web font) and any script from another host.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript
from sphinx.util import logging

from .explorer import STATIC_ENV

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent
EXPLORER_DIR = "_explorers"
EXPLORER_RE = re.compile(r'data-als-explorer="([a-z0-9-]+)"')


def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _config_inited(app: Sphinx, config: Any) -> None:
    config.templates_path.append(str(HERE / "templates"))
    config.html_static_path.append(str(HERE / "static"))
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "light")
    config.html_context = context


def _script_key(js: Any) -> tuple[str, float, tuple[tuple[str, Any], ...]]:
    return (os.fspath(js.filename or ""), js.priority, tuple(sorted(js.attributes.items())))


def _is_thebe(asset: Any) -> bool:
    name = os.fspath(asset.filename or "")
    return name.endswith(("sphinx-thebe.js", "sphinx-thebe.css")) or "THEBE_JS_URL" in asset.attributes.get("body", "")


def _write_explorers(app: Sphinx) -> None:
    """Precompute every declared explorer's state table into the output folder.

    Done for all explorers at the start of every build (about a second), so that an incremental
    build, which rewrites only changed pages, never serves a table older than the package.
    """
    from .explorers import registry

    folder = Path(app.outdir) / EXPLORER_DIR
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for explorer_id, explorer in registry().items():
        (folder / f"{explorer_id}.js").write_text(explorer.static_script(), encoding="utf-8")
    logger.info(f"[alsbook] precomputed {len(registry())} explorers in {time.perf_counter() - start:.2f} s")


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.format != "html":
        return
    body = context.get("body", "")
    explorers = list(dict.fromkeys(EXPLORER_RE.findall(body)))
    needs_plotly = bool(explorers) or "plotly-graph-div" in body
    math_pages = app.env.get_domain("math").data["has_equations"]
    scripts, seen = [], set()
    for js in context.get("script_files", []):
        key = _script_key(js)
        name = os.fspath(js.filename or "")
        body_js = js.attributes.get("body", "")
        is_mathjax = "mathjax" in name.lower() or body_js.startswith(("window.MathJax", "MathJax."))
        if key in seen or _is_thebe(js) or "://" in name or (is_mathjax and not math_pages.get(pagename)):
            continue
        seen.add(key)
        scripts.append(js)
    if needs_plotly:
        scripts.append(_JavaScript("_static/plotly.min.js"))
        scripts.append(_JavaScript("_static/alsbook-explorer.js", defer="defer"))
    for explorer_id in explorers:
        scripts.append(_JavaScript(f"{EXPLORER_DIR}/{explorer_id}.js"))
    context["script_files"] = scripts
    context["css_files"] = [
        c for c in context.get("css_files", []) if not _is_thebe(c) and "://" not in os.fspath(c.filename or "")
    ]


def _builder_inited(app: Sphinx) -> None:
    if app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_plotly_js(), static / "plotly.min.js")
        # Also copy our own assets here: an incremental build with no outdated page skips Sphinx's
        # static copy, and would otherwise serve a panel script older than the package.
        for asset in (HERE / "static").iterdir():
            shutil.copyfile(asset, static / asset.name)
        _write_explorers(app)


def setup(app: Sphinx) -> dict[str, Any]:
    # Kernels started by the build inherit this: explorers render their static panel.
    os.environ[STATIC_ENV] = "1"
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context, priority=900)
    app.add_css_file("alsbook.css")
    for listener in list(app.events.listeners.get("doctree-resolved", [])):
        if getattr(listener.handler, "__module__", "") == "sphinx_thebe":
            app.disconnect(listener.id)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
