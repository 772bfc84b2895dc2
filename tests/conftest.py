"""Shared fixtures: the built book, a static server under a subfolder, and headless Chromium.

The book is built once per test session with warnings as errors, then served by a plain static
server under ``/alsbook/`` (as a course's GitHub Pages site would be), so that any absolute path
in the site breaks a test.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
SUBPATH = "alsbook"


def _chapters() -> list[str]:
    """The chapter notebooks in reading order, from the book's table of contents."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [f for f in files if f.startswith("notebooks/")]


def _code(notebook: str) -> str:
    nb = json.loads((ROOT / f"{notebook}.ipynb").read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


#: The chapter notebooks (``notebooks/NN-name``) and pages of the built site, in reading order.
CHAPTERS = _chapters()
CHAPTER_PAGES = [f"{c}.html" for c in CHAPTERS]
#: The explorers each chapter page shows, read from its ``alsbook.show("...")`` calls.
EXPLORERS_BY_PAGE = {f"{c}.html": re.findall(r"""show\(["']([\w-]+)["']\)""", _code(c)) for c in CHAPTERS}
#: The self-check question sets each chapter shows, from its ``alsbook.self_check("...")`` calls.
SELF_CHECKS = {c: re.findall(r"""self_check\(["'](\w+)["']\)""", _code(c)) for c in CHAPTERS}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

#: Test modules of the fast tier (with the chapters' nbval cells): no book build, no browser.
FAST = {
    "test_model_api",
    "test_behaviour",
    "test_explorers",
    "test_chapters",
    "test_oracle",
    "test_selfcheck_export",
    "test_plotly_bundle",
}


def _fast(item: Any) -> bool:
    path = Path(str(item.fspath))
    fast_module = path.suffix == ".ipynb" or path.stem in FAST or path.stem.startswith(("test_prose", "test_content"))
    return fast_module and item.get_closest_marker("slow") is None


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Mark the fast tier (``pytest -m fast``) and run it first; the build and browser tiers follow."""
    for item in items:
        if _fast(item):
            item.add_marker(pytest.mark.fast)
    items.sort(key=lambda it: 0 if _fast(it) else 1)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """After a stored-output mismatch, say how to refresh the outputs after an intended change."""
    failed = terminalreporter.stats.get("failed", [])
    if any(str(r.nodeid).split("::")[0].endswith(".ipynb") for r in failed):
        terminalreporter.write_line(
            "A chapter's stored outputs differ from a fresh run. If the model or the package changed on "
            "purpose, refresh them with `bash scripts/refresh` and review the diff; if a chapter was saved "
            "from JupyterLab with live outputs, the same command restores it.",
            yellow=True,
        )


@pytest.fixture(scope="session")
def built_site() -> Path:
    """Build the book with ``jupyter-book build -W --all`` (any warning fails) and return its html folder."""
    jb = Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run(
        [str(jb), "build", "-W", "-n", "--keep-going", "--all", str(ROOT)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if proc.returncode != 0:
        pytest.fail("book build failed:\n" + proc.stdout[-6000:] + proc.stderr[-3000:])
    return SITE


def copy_repository(dest: Path) -> None:
    """Copy the working tree's files that git would commit (tracked and new, not ignored) to ``dest``."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        src, dst = ROOT / name, dest / name
        if not src.exists() and not src.is_symlink():
            continue  # deleted in the working tree
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            dst.symlink_to(os.readlink(src))
        else:
            shutil.copy2(src, dst)
    link_npm_packages(dest)


def link_npm_packages(dest: Path) -> None:
    """Give a copy of the book the npm packages ``scripts/setup`` installed here (ignored by git, so
    not copied): its build serves plotly.js from ``tools/plotly/node_modules``."""
    for modules in ROOT.glob("tools/*/node_modules"):
        link = dest / modules.relative_to(ROOT)
        if link.parent.is_dir() and not os.path.lexists(link):
            link.symlink_to(modules.resolve(), target_is_directory=True)


#: JS: the elements a page's figures and explorer panels take, in page order (a static figure's
#: JSON script stands for its div).
PLACES = """() => Array.from(document.querySelectorAll('script[data-als-plot], div.als-explorer[data-als-explorer]'))
    .map(e => e.tagName === 'SCRIPT' ? document.getElementById(e.dataset.alsPlot) : e)"""
#: JS: whether such an element has been drawn (a static figure has its SVG, a panel is ready).
DRAWN = """(e) => e.classList.contains('als-plot') ? e.querySelector('.main-svg') !== null
                                           : e.classList.contains('als-ready')"""


def draw_all(page: Any) -> None:
    """Read through the page as a reader does: scroll to each figure and panel in turn (the site
    draws one when it nears the viewport) and wait until it is drawn, then go back to the top."""
    count = page.evaluate(f"({PLACES})().length")
    for i in range(count):
        page.evaluate(f"(i) => ({PLACES})()[i].scrollIntoView({{block: 'center'}})", i)
        page.wait_for_function(f"(i) => ({DRAWN})(({PLACES})()[i])", arg=i)
    page.evaluate("window.scrollTo(0, 0)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """A plain static server on 127.0.0.1 serving the site under /alsbook/."""
    root = Path(tempfile.mkdtemp())
    (root / SUBPATH).symlink_to(built_site)
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{SUBPATH}/"
    server.shutdown()
    shutil.rmtree(root)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageLog:
    """Console messages and requests of one page, with every request off 127.0.0.1 blocked."""

    def __init__(self, page: Any, host: str) -> None:
        self.page, self.console, self.external, self.failed, self.dialogs = page, [], [], [], []
        page.on("console", lambda m: self.console.append((m.type, m.text)))
        page.on("pageerror", lambda e: self.console.append(("pageerror", str(e))))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("requestfailed", lambda r: self.failed.append(r.url))

        def route(r: Any) -> None:
            if r.request.url.startswith(host) or r.request.url.startswith("data:"):
                r.continue_()
            else:
                self.external.append(r.request.url)
                r.abort()

        page.route("**/*", route)

    def problems(self) -> list[tuple[str, str]]:
        return [(t, m) for t, m in self.console if t in ("error", "warning", "pageerror")]


@pytest.fixture
def open_page(browser: Any, site_url: str) -> Iterator[Any]:
    """Open a page of the site (path relative to the site root) in a fresh, offline context; by
    default every figure on it is drawn (see ``draw_all``)."""
    contexts = []
    host = site_url.split(f"/{SUBPATH}/")[0]

    def _open(path: str, width: int = 1280, read: bool = True) -> tuple[Any, PageLog]:
        """``read``: scroll through the page first, so that every figure is drawn (``draw_all``)."""
        ctx = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(ctx)
        page = ctx.new_page()
        log = PageLog(page, host)
        page.goto(site_url + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        if read:
            draw_all(page)
        return page, log

    yield _open
    for ctx in contexts:
        ctx.close()
