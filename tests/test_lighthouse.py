"""Lighthouse's accessibility score on every page of the built site, mobile profile: 100, no exception.

Uses the fixtures of conftest.py (the book built with -W, served under /alsbook/ on 127.0.0.1) and
the pinned npm ``lighthouse`` 12.x that ``bash scripts/setup`` installs into tools/lighthouse
(13.x needs Node >= 22). ``tools/lighthouse/run.mjs`` runs every page in one headless Debian
chromium, offline, with Lighthouse's default mobile form factor, and writes each report as JSON.

Only the accessibility category runs here, to keep the suite's time down. The performance scores
(full categories, simulated mobile throttling, median of 3 runs) are a benchmark, not a test:
``benchmarks/run.py --only lighthouse``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS
from test_quality import site_pages

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "lighthouse"
RUNNER = TOOL / "run.mjs"
INSTALLED = TOOL / "node_modules" / "lighthouse" / "package.json"


def run_lighthouse(urls: list[str], categories: list[str], runs: int = 1) -> list[list[dict[str, Any]]]:
    """Lighthouse's result (the parsed JSON report) of each url, ``runs`` times, in one headless
    chromium. Mobile form factor and simulated throttling: Lighthouse's defaults. No full-page
    screenshot (it is only a picture for Lighthouse's HTML viewer, and costs 1-2 s a page)."""
    node = shutil.which("node")
    if node is None or not INSTALLED.is_file():
        pytest.fail("Lighthouse is not installed: run `bash scripts/setup` (it needs node >= 18.16 and npm)")
    with tempfile.TemporaryDirectory() as tmp:
        spec = {
            "chromePath": os.environ.get("CHROME_PATH", CHROMIUM),
            "chromeFlags": ["--headless=new", *CHROMIUM_ARGS],
            "categories": categories,
            "runs": runs,
            "urls": urls,
            "outDir": tmp,
            "flags": {"disableFullPageScreenshot": True},
        }
        proc = subprocess.run(
            [node, str(RUNNER), json.dumps(spec)],
            cwd=TOOL,
            capture_output=True,
            text=True,
            timeout=120 + 90 * len(urls) * runs,
        )
        files = [[Path(tmp) / f"{i}-{r}.json" for r in range(runs)] for i in range(len(urls))]
        if not all(f.is_file() for fs in files for f in fs):
            pytest.fail(f"Lighthouse stopped (exit {proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
        reports = [[json.loads(f.read_text(encoding="utf-8")) for f in fs] for fs in files]
        errors = {r["requestedUrl"]: r["runtimeError"] for rs in reports for r in rs if r.get("runtimeError")}
        assert proc.returncode == 0 and not errors, (errors, proc.stderr[-3000:])
    return reports


def failing_audits(lhr: dict[str, Any], category: str) -> dict[str, list[str]]:
    """The audits of a category that lower its score: id -> the offending nodes (selector and markup)."""
    out = {}
    for ref in lhr["categories"][category]["auditRefs"]:
        audit = lhr["audits"][ref["id"]]
        if ref["weight"] == 0 or audit["score"] is None or audit["score"] >= 1:
            continue
        items = (audit.get("details") or {}).get("items", [])
        nodes = [
            f"{it['node'].get('selector', '')}  {it['node'].get('snippet', '')[:160]}"
            for it in items
            if isinstance(it.get("node"), dict)
        ]
        out[ref["id"]] = nodes or [audit["title"]]
    return out


def test_lighthouse_accessibility_is_100_on_every_page(built_site: Path, site_url: str) -> None:
    pages = site_pages(built_site)
    assert len(pages) >= 12
    t0 = time.perf_counter()
    reports = run_lighthouse([site_url + p for p in pages], ["accessibility"])
    elapsed = time.perf_counter() - t0
    scores, failing = {}, {}
    for path, (lhr,) in zip(pages, reports, strict=True):
        assert lhr["configSettings"]["formFactor"] == "mobile"
        # index.html is the build's redirect to book/index.html: Lighthouse follows it.
        assert lhr["finalDisplayedUrl"] in {site_url + p for p in pages}, (path, lhr["finalDisplayedUrl"])
        scores[path] = lhr["categories"]["accessibility"]["score"]
        if scores[path] != 1:
            failing[path] = failing_audits(lhr, "accessibility")
    print(f"\nLighthouse {reports[0][0]['lighthouseVersion']}, accessibility, {len(pages)} pages: {elapsed:.0f} s")
    assert failing == {}, json.dumps({p: {"score": scores[p], "audits": a} for p, a in failing.items()}, indent=1)
    assert set(scores.values()) == {1}
