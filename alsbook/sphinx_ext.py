"""The book's Sphinx extension: offline assets, kernel-free explorers, and a clean console.

Loaded by ``_config.yml`` (``sphinx: extra_extensions: [alsbook.sphinx_ext]``). What it does, and why:

* executes every chapter at build time, with myst-nb's jupyter-cache kept in a folder named after a
  hash of this package (code and data): a changed weight, rule or explorer re-executes every
  chapter, an unchanged package reuses the cache, and a changed notebook re-executes itself;
* renders explorers and figures in the build's kernels as static panels and HTML fragments (no
  saved widget state, no CDN scripts): the ``alsbook_render`` setting, ``static`` by default;
* evaluates MyST's ``{eval}`` role (``{eval}`fmt(survival("SOD1"), ".1f")```) with the package
  (:mod:`alsbook.quantities`), so that no model result is typed into the prose; the same
  expressions run in JupyterLab's kernel (myst-nb's own ``eval`` needs inline execution, which this
  book does not use, so this role replaces it);
* serves plotly.js's official partial "cartesian" bundle (npm ``plotly.js-cartesian-dist-min``, 1.5 MB
  instead of the 4.8 MB full bundle in python plotly's package data; it holds every trace type the
  book draws, and ``scripts/setup`` installs it into ``tools/plotly``) and the panel script from this
  package, on the pages that draw a figure (the panel script loads plotly.js when the first figure
  nears the viewport); writes each
  explorer's precomputed state table to ``_explorers/<id>.js``, loaded only by the pages that show
  that explorer (a script tag works from ``file://`` too);
* defers every script that can wait for the DOM, the theme's search index included (a template
  override), so that no script but ``documentation_options.js`` blocks the first paint;
* fixes the console errors of a default Jupyter Book 1 build: Sphinx 7.4 emits every inline script
  added after ``builder-inited`` twice (``THEBE_JS_URL`` redeclared), sphinx-thebe's assets and
  config are dead weight offline, and the theme logs "Got invalid theme mode" unless
  ``html_context.default_mode`` is set;
* drops the theme's 1.5 MB icon script (a template override; the icons come from the theme's CSS
  web font) and any script from another host;
* once the site is written, subsets the theme's FontAwesome web fonts in the output folder to the
  icons the site can show, and inlines the header's face into ``alsbook.css`` (:mod:`alsbook.fonts`):
  the theme declares them ``font-display: block``, so the 156 KB solid font delayed every page's
  first paint on a phone; it is now a few KB that come with the CSS.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript
from sphinx.errors import ExtensionError
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import quantities
from .render import MODES, RENDER_ENV

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent
EXPLORER_DIR = "_explorers"
EXPLORER_RE = re.compile(r'data-als-explorer="([a-z0-9-]+)"')


#: The plotly.js bundle the site serves, relative to the book's source folder: npm's
#: ``plotly.js-cartesian-dist-min``, pinned in ``tools/plotly/package-lock.json`` to the plotly.js
#: version inside python plotly (a test checks that the two agree), installed by ``bash scripts/setup``.
PLOTLY_BUNDLE = Path("tools/plotly/node_modules/plotly.js-cartesian-dist-min/plotly-cartesian.min.js")
#: Its name in the site's ``_static/`` folder (``alsbook-explorer.js`` loads it by this name).
PLOTLY_SITE_NAME = "plotly-cartesian.min.js"


def plotly_js(srcdir: str | os.PathLike[str]) -> Path:
    """The plotly.js bundle for a book whose source folder is ``srcdir``; a missing bundle is an error
    that says how to install it (the full bundle is never served instead)."""
    path = Path(srcdir) / PLOTLY_BUNDLE
    if not path.is_file():
        raise ExtensionError(
            f"plotly.js bundle not found: {path}. The site serves plotly.js's partial cartesian bundle "
            "from npm; install it with `bash scripts/setup` (it needs npm)."
        )
    return path


def package_hash() -> str:
    """A hash of everything in the package that can change what a chapter shows (code and data)."""
    digest = hashlib.sha256()
    for path in sorted(HERE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(HERE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _execution_cache(app: Sphinx, config: Any) -> None:
    """Key myst-nb's execution cache on the package as well as on each notebook's code.

    jupyter-cache alone re-executes a notebook only when its code cells change, so a model change
    would leave every figure stale; one cache folder per package hash fixes that. Older folders are
    removed so the cache does not grow without bound.
    """
    base = Path(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    if base.name.startswith("alsbook-"):
        base = base.parent
    current = base / f"alsbook-{package_hash()}"
    if base.is_dir():
        for old in base.glob("alsbook-*"):
            if old != current:
                shutil.rmtree(old, ignore_errors=True)
    config.nb_execution_cache_path = str(current)


def _eval_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None, content: Any = None
) -> tuple[list[Any], list[Any]]:
    """``{eval}`fmt(survival("SOD1"))```: the value the model computes now, formatted."""
    from docutils import nodes

    try:
        value = quantities.quote(text)
    except ValueError as err:
        msg = inliner.reporter.error(str(err), line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    return [nodes.inline(rawtext, value, classes=["als-model"])], []


#: The editions one source builds: the instructor edition (the default: solutions and the instructor
#: guide) and the student edition (neither). Content for one edition only goes in ``{only}`` blocks.
EDITIONS = ("instructor", "student")


class _EditionOnly(SphinxTransform):
    """Resolve ``{only}`` blocks when a page is read, not after references are resolved.

    Sphinx drops an ``{only}`` block late, after its links were resolved, so a student edition
    without the instructor guide would warn about a link inside an instructor-only block. The
    edition is fixed for a build, so deciding early is safe.
    """

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        from sphinx import addnodes

        for node in list(self.document.findall(addnodes.only)):
            keep = self.app.tags.eval_condition(node["expr"])
            node.replace_self(node.children if keep else [])


class _Robustness(SphinxDirective):
    """``{alsbook-robustness}``: the robustness table of the book's model, computed at build time
    (:func:`alsbook.sensitivity.table_markdown`, 200 draws of the assumed weights and time constants)."""

    def run(self) -> list[Any]:
        from docutils import nodes
        from docutils.statemachine import StringList

        from .sensitivity import table_markdown

        container = nodes.container(classes=["als-robustness"])
        self.state.nested_parse(StringList(table_markdown().splitlines()), self.content_offset, container)
        return [container]


class _Figure(SphinxDirective):
    """``{alsbook-figure} name``: a figure of :mod:`alsbook.figures` computed at build time, on a
    Markdown page (a chapter shows the same figures from a code cell)."""

    required_arguments = 1

    def run(self) -> list[Any]:
        from docutils import nodes

        from . import figures

        name = self.arguments[0]
        public = [
            n
            for n, f in vars(figures).items()
            if getattr(f, "__module__", None) == figures.__name__ and f.__annotations__.get("return") == "StaticFigure"
        ]
        if name not in public:
            raise self.error(f"unknown figure {name!r}; valid: {', '.join(public)}")
        return [nodes.raw("", getattr(figures, name)()._repr_html_(), format="html")]


def _number_exercises_per_chapter(app: Sphinx, env: Any) -> list[str]:
    """Number exercises within their chapter ("Exercise 3.2"), not across the book ("Exercise 8").

    Sphinx numbers every enumerable node of the project in one sequence; runs after it has done so
    (``env-get-updated``), and rewrites the exercise numbers of each chapter page
    (``notebooks/NN-name``) as (NN, k). Solutions and references read the same table, so they follow.
    """
    for docname, numbers in env.toc_fignumbers.items():
        chapter = re.match(r"notebooks/(\d+)-", docname)
        exercises = numbers.get("exercise")
        if chapter and exercises:
            ordered = sorted(exercises, key=lambda label: exercises[label])
            numbers["exercise"] = {label: (int(chapter.group(1)), k) for k, label in enumerate(ordered, 1)}
    return []


def _config_inited(app: Sphinx, config: Any) -> None:
    if config.alsbook_edition not in EDITIONS:
        raise ValueError(f"alsbook_edition must be one of {', '.join(EDITIONS)}, got {config.alsbook_edition!r}")
    app.tags.add(config.alsbook_edition)
    if config.alsbook_edition == "student":
        config.hide_solutions = True  # sphinx-exercise drops every solution from the pages
    if config.alsbook_render not in MODES:
        raise ValueError(f"alsbook_render must be one of {', '.join(MODES)}, got {config.alsbook_render!r}")
    # The build's kernels are child processes: they inherit the mode this build was configured with.
    os.environ[RENDER_ENV] = config.alsbook_render
    _execution_cache(app, config)
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


#: Scripts that inline scripts of the page use as they are parsed (``DOCUMENTATION_OPTIONS.pagename =``).
_KEEP_BLOCKING = ("documentation_options.js",)


def _deferred(js: Any) -> Any:
    """The same script file with ``defer``: Sphinx's and the extensions' scripts (doctools, copy
    button, toggle button, design tabs, the book theme's) wait for the DOM anyway, and deferred
    scripts keep their order. An inline script, one marked async or defer, and those of
    ``_KEEP_BLOCKING`` are kept as they are (Lighthouse: render-blocking resources)."""
    name = os.fspath(js.filename or "")
    if not name or name.endswith(_KEEP_BLOCKING) or {"defer", "async"} & set(js.attributes):
        return js
    return _JavaScript(js.filename, priority=js.priority, **{**js.attributes, "defer": "defer"})


def _write_explorers(app: Sphinx) -> None:
    """Precompute every declared explorer's state table into the output folder.

    Done for all explorers at the start of every build (about a second), so that an incremental
    build, which rewrites only changed pages, never serves a table older than the package.
    """
    from .explorers import registry

    folder = Path(app.outdir) / EXPLORER_DIR
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for explorer in registry().values():
        for name, script in explorer.static_scripts().items():
            (folder / name).write_text(script, encoding="utf-8")
    logger.info(f"[alsbook] precomputed {len(registry())} explorers in {time.perf_counter() - start:.2f} s")


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.format != "html":
        return
    body = context.get("body", "")
    if 'class="citation-list"' in body:
        # docutils writes the bibliography as role="list" whose items carry role="doc-biblioentry", a
        # role ARIA 1.2 deprecates and assistive technology does not announce as a list item.
        body = context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')
    explorers = list(dict.fromkeys(EXPLORER_RE.findall(body)))
    needs_plotly = bool(explorers) or "data-als-plot" in body
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
        # The search page runs Sphinx's search scripts as it is parsed (they need doctools.js).
        scripts.append(js if pagename == "search" else _deferred(js))
    if needs_plotly:
        # Deferred (deferred scripts run in order, before DOMContentLoaded): the explorers' tables
        # have run when the panel script starts. The panel script loads plotly.js (from the same
        # folder) itself when the first figure nears the viewport; plotly.js is no script tag.
        for explorer_id in explorers:
            scripts.append(_JavaScript(f"{EXPLORER_DIR}/{explorer_id}.js", defer="defer"))
        scripts.append(_JavaScript("_static/alsbook-explorer.js", defer="defer"))
    context["script_files"] = scripts
    context["css_files"] = [
        c for c in context.get("css_files", []) if not _is_thebe(c) and "://" not in os.fspath(c.filename or "")
    ]


def _builder_inited(app: Sphinx) -> None:
    if app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(plotly_js(app.srcdir), static / PLOTLY_SITE_NAME)
        # Also copy our own assets here: an incremental build with no outdated page skips Sphinx's
        # static copy, and would otherwise serve a panel script older than the package.
        for asset in (HERE / "static").iterdir():
            shutil.copyfile(asset, static / asset.name)
        _write_explorers(app)


def _static_dirs(app: Sphinx) -> list[Path]:
    """The folders Sphinx copied into ``_static``, the one whose copy wins first: the project's
    ``html_static_path`` (last entry first), then the theme's and its base themes' ``static``."""
    dirs = [Path(app.confdir, entry) for entry in reversed(app.config.html_static_path)]
    theme = getattr(app.builder, "theme", None)
    if theme is not None:
        dirs += [Path(d, "static") for d in theme.get_theme_dirs()]
    return dirs


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Subset the site's FontAwesome fonts to the glyphs its pages, scripts and CSS can show."""
    if exception is not None or app.builder.format != "html":
        return
    from .fonts import FontSubsetError, inline_face, subset_site

    site = Path(app.outdir)
    try:
        done = subset_site(site, _static_dirs(app))
        inlined = inline_face(site, site / "_static" / "alsbook.css")
    except FontSubsetError as err:
        raise ExtensionError(f"subsetting the site's icon fonts failed: {err}") from err
    before, after = sum(s.original_bytes for s in done), sum(s.subset_bytes for s in done)
    logger.info(
        f"[alsbook] subset {len(done)} FontAwesome font files ({before // 1024} KB -> {after // 1024} KB); "
        f"the header's ({inlined / 1024:.1f} KB) is inlined into alsbook.css"
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("alsbook_render", "static", "env", types=[str])
    app.add_config_value("alsbook_edition", "instructor", "env", types=[str])
    app.add_role("eval", _eval_role, override=True)
    app.add_transform(_EditionOnly)
    app.add_directive("alsbook-robustness", _Robustness)
    app.add_directive("alsbook-figure", _Figure)
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
    app.connect("env-get-updated", _number_exercises_per_chapter, priority=900)
    app.connect("html-page-context", _page_context, priority=900)
    app.connect("build-finished", _build_finished)
    app.add_css_file("alsbook.css")
    for listener in list(app.events.listeners.get("doctree-resolved", [])):
        if getattr(listener.handler, "__module__", "") == "sphinx_thebe":
            app.disconnect(listener.id)
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("alsbook")
    except PackageNotFoundError:  # run from a source tree that was never installed
        release = "0"
    return {"version": release, "parallel_read_safe": True, "parallel_write_safe": True}
