"""Shared fixtures: the built book, a static server under a subfolder, and headless Chromium.

The book is built once per test session with warnings as errors, then served by a plain static
server under ``/alsbook/`` (as a course's GitHub Pages site would be), so that any absolute path
in the site breaks a test.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
SUBPATH = "alsbook"
#: The chapter pages of the built site, in reading order.
CHAPTER_PAGES = [
    "notebooks/01-overview.html",
    "notebooks/02-motor-neurons.html",
    "notebooks/03-genetics.html",
    "notebooks/04-cellular-mechanisms.html",
    "notebooks/05-neuroinflammation.html",
    "notebooks/06-glia-and-crosstalk.html",
    "notebooks/07-summary-and-therapies.html",
]
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

# Kernels started by nbval inherit this: explorers render their static panel, as in the book build.
os.environ["ALSBOOK_STATIC"] = "1"


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Run the quick package tests first and the notebook, build and browser tests after."""
    order = {"test_model_api": 0, "test_behaviour": 1, "test_explorers": 2, "test_chapters": 3}
    items.sort(key=lambda it: order.get(Path(str(it.fspath)).stem, 4 if str(it.fspath).endswith(".ipynb") else 5))


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
    """Open a page of the site (path relative to the site root) in a fresh, offline context."""
    contexts = []
    host = site_url.split(f"/{SUBPATH}/")[0]

    def _open(path: str, width: int = 1280) -> tuple[Any, PageLog]:
        ctx = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(ctx)
        page = ctx.new_page()
        log = PageLog(page, host)
        page.goto(site_url + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        return page, log

    yield _open
    for ctx in contexts:
        ctx.close()
