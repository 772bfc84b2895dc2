"""A student's path: JupyterLab from the pinned requirements, a chapter run, a live widget toggled.

Starts JupyterLab on 127.0.0.1 (no token, a free port, private config and runtime folders), opens
a copy of chapter 1 in headless Chromium, runs all cells from the Run menu, checks that no cell
errored and that the plotly diagram and the widgets are drawn, then toggles the mutation control
of the live explorer and checks that the diagram changed to what the model computes for that
state. Every request that would leave 127.0.0.1 is blocked and recorded.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from alsbook.diagram import at_frame
from alsbook.explorer import figure_with
from alsbook.explorers import get

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "01-overview.ipynb"
#: Screenshots a reviewer can look at after a run.
ARTEFACTS = ROOT / "_build" / "test-artefacts"
ARTEFACTS.mkdir(parents=True, exist_ok=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("lab")
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, work / NOTEBOOK)  # a copy: autosave never touches the repo
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "ALSBOOK_RENDER"}  # live widgets, as for a student
    env.update(JUPYTER_CONFIG_DIR=str(work / ".config"), JUPYTER_RUNTIME_DIR=str(work / ".runtime"))
    cmd = [
        str(Path(sys.executable).parent / "jupyter-lab"),
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--allow-root",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--LabApp.news_url=None",
        f"--ServerApp.root_dir={work}",
        "--ServerApp.open_browser=False",
    ]
    proc = subprocess.Popen(cmd, env=env, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/api/status", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.terminate()
        pytest.fail("JupyterLab did not start")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_chapter_runs_in_jupyterlab_and_widget_redraws(lab: str, browser: Any) -> None:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    external: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("http://127.0.0.1") or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(f"{lab}/lab/tree/{NOTEBOOK}?reset", wait_until="domcontentloaded")
    # The toolbar says idle before a kernel exists; the status bar names the kernel once it does.
    page.wait_for_function(
        "() => /Python 3 \\(ipykernel\\) \\| Idle/"
        ".test(document.querySelector('.jp-StatusBar-Widget, #jp-main-statusbar')?.innerText || '')",
        timeout=90_000,
    )
    page.get_by_role("menuitem", name="Run").click()
    page.locator('[data-command="runmenu:run-all"]').click()
    page.wait_for_function(
        """() => { const p = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
                   return p.length > 0 && p.every(x => /\\[\\d+\\]/.test(x.textContent)); }""",
        timeout=120_000,
    )
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').count()
    assert errors == 0
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 2", timeout=60_000)
    assert page.locator(".widget-toggle-button").count() >= 5

    exp = get("ch1-overview")
    base = exp.view.base_figure()
    slots = exp.view.slot_specs()
    node_trace = next(i for i, t in enumerate(base["data"]) if t.get("uid") == "nodes")
    plots = page.locator(".js-plotly-plot")
    overview = plots.nth(plots.count() - 1)
    overview.scroll_into_view_if_needed()
    read = """gd => gd.data.map(t => ({x: Array.from(t.x || []), y: Array.from(t.y || []).map(v => v ?? null),
                                       color: Array.isArray(t.marker?.color) ? Array.from(t.marker.color) : null}))"""

    def assert_live_equals_static(choice: tuple[int, ...]) -> None:
        """Every trace's positions, and the node colours, equal the static panel's for this state."""
        want = figure_with(base, slots, exp.evaluate([choice])[0][0], exp.default_frame(), exp.time())["data"]
        got = overview.evaluate(read)
        assert len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            assert g["x"] == pytest.approx([v for v in w.get("x", [])], nan_ok=True)
            assert g["y"] == pytest.approx([v for v in w.get("y", [])], abs=1e-6, nan_ok=True)
        colours = want[node_trace]["marker"]["color"]
        assert got[node_trace]["color"] == pytest.approx(colours, abs=1e-6)

    assert_live_equals_static(exp.default())
    before = overview.evaluate(f"gd => Array.from(gd.data[{node_trace}].marker.color)")
    page.locator(".widget-toggle-button", has_text="SOD1").last.click()
    spec = next(s for s in slots if s["name"] == "activity")
    activity = at_frame(spec, exp.evaluate([(1, 0, 0, 0, 0)])[0][0]["activity"], exp.default_frame())
    want = [round(float(v), 6) for v in activity]
    page.wait_for_function(
        f"""(want) => {{ const gds = document.querySelectorAll('.js-plotly-plot'); const gd = gds[gds.length - 1];
                 const got = Array.from(gd.data[{node_trace}].marker.color);
                 return got.length === want.length && got.every((v, i) => Math.abs(v - want[i]) < 1e-6); }}""",
        arg=want,
        timeout=30_000,
    )
    assert_live_equals_static((1, 0, 0, 0, 0))
    page.screenshot(path=str(ARTEFACTS / "jupyterlab-ch1-overview-sod1.png"), full_page=False)
    after = overview.evaluate(f"gd => Array.from(gd.data[{node_trace}].marker.color)")
    assert after != before
    assert external == []
    ctx.close()
