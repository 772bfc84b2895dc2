"""A student's path: JupyterLab from the pinned requirements, every chapter run, every live explorer
compared with the static panel.

Starts JupyterLab on 127.0.0.1 (no token, a free port, private config and runtime folders) on copies
of the chapters, opens each in headless Chromium, runs all cells from the Run menu, checks that no
cell errored, and for every explorer of the chapter checks that the live figure holds the same
traces as the site's static panel (positions and node colours), for the default state and after a
click on another option. Every request that would leave 127.0.0.1 is blocked and recorded.

The chapters' text is rendered by the MyST extension of the reader install (jupyterlab-myst): no
MyST markup shows raw, every solution and dropdown starts folded, and every citation shows its key.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import CHAPTERS as TOC_CHAPTERS
from conftest import EXPLORERS_BY_PAGE

from alsbook import quantities
from alsbook.explorer import figure_with
from alsbook.explorers import get, registry

ROOT = Path(__file__).resolve().parent.parent
#: Screenshots a reviewer can look at after a run.
ARTEFACTS = ROOT / "_build" / "test-artefacts"
ARTEFACTS.mkdir(parents=True, exist_ok=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_lab(work: Path) -> Iterator[str]:
    """JupyterLab serving ``work`` on 127.0.0.1 (a free port, no token, private config and runtime
    folders, live widgets as a student gets them); yields its address. Also used by the benchmark."""
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
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url + "/api/status", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("JupyterLab did not start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("lab")
    for chapter in TOC_CHAPTERS:  # copies: autosave never touches the repository
        shutil.copy(ROOT / f"{chapter}.ipynb", work / f"{Path(chapter).name}.ipynb")
    with running_lab(work) as url:
        yield url


READ = """gd => gd.data.map(t => ({x: Array.from(t.x || []), y: Array.from(t.y || []).map(v => v ?? null),
                               color: Array.isArray(t.marker?.color) ? Array.from(t.marker.color) : null,
                               drawn: gd.querySelectorAll(`.scatterlayer .trace${CSS.escape(t.uid)}`).length}))"""


def lab_page(browser: Any) -> tuple[Any, list[str]]:
    """A fresh page that may talk to 127.0.0.1 only; the list records anything else it asked for."""
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
    return page, external


def run_all(page: Any, lab: str, notebook: str) -> None:
    """Open a notebook in JupyterLab, wait for its kernel, run every cell and wait until all ran."""
    page.goto(f"{lab}/lab/tree/{notebook}?reset", wait_until="domcontentloaded")
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
        timeout=180_000,
    )


def static_data(explorer_id: str, choice: tuple[int, ...]) -> list[dict[str, Any]]:
    """The traces the static panel draws for a state (computed here, not read from the page)."""
    exp = get(explorer_id)
    values = exp.evaluate([choice])[0][0]
    return figure_with(exp.view.base_figure(), exp.view.slot_specs(), values, exp.default_frame(), exp.time())["data"]


def differences(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> list[str]:
    """Where the live figure differs from the static one: trace count, positions, node colours, and
    traces not drawn (data right, SVG missing: what a faulty partial redraw looks like)."""
    # By position: a FigureWidget gives its traces fresh uids, so the static uids name them here.
    if len(got) != len(want):
        return [f"{len(got)} traces drawn, {len(want)} expected"]
    out = []
    for g, w in zip(got, want, strict=True):
        if g["drawn"] != (1 if w.get("x") else 0):  # Plotly draws no group for an empty trace
            out.append(f"{w.get('uid')} drawn {g['drawn']} times")
        for axis in ("x", "y"):
            if g[axis] != pytest.approx(list(w.get(axis, [])), abs=1e-6, nan_ok=True):
                out.append(f"{w.get('uid')}.{axis}")
        colour = w.get("marker", {}).get("color")
        if isinstance(colour, list) and g["color"] != pytest.approx(colour, abs=1e-6):
            out.append(f"{w.get('uid')}.marker.color")
    return out


def live_figure(page: Any, explorer_id: str) -> Any:
    return page.locator(f".als-live-{explorer_id} .js-plotly-plot").first


def assert_live_draws(page: Any, explorer_id: str, choice: tuple[int, ...], timeout: float = 30.0) -> None:
    """The live figure reaches exactly the static panel's traces for this state (within ``timeout``)."""
    want = static_data(explorer_id, choice)
    deadline = time.time() + timeout
    while True:
        diff = differences(live_figure(page, explorer_id).evaluate(READ), want)
        if not diff or time.time() > deadline:
            break
        time.sleep(0.2)
    assert diff == [], (explorer_id, choice)


@pytest.mark.parametrize("chapter", TOC_CHAPTERS)
def test_every_live_explorer_draws_what_the_static_panel_draws(chapter: str, lab: str, browser: Any) -> None:
    """A student's Run All in JupyterLab: no cell errors, and every live explorer of the chapter draws
    the same traces (positions and colours) as the site's static panel, for its default state and
    after the reader picks another option of its first control. Screenshots go to the artefacts."""
    page, external = lab_page(browser)
    run_all(page, lab, Path(chapter).name + ".ipynb")
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').count()
    assert errors == 0
    cells = json.loads((ROOT / f"{chapter}.ipynb").read_text())["cells"]
    assert_inline_values(page, ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"])  # by the kernel
    for eid in EXPLORERS_BY_PAGE[f"{chapter}.html"]:
        exp = get(eid)
        figure = live_figure(page, eid)
        figure.wait_for(timeout=60_000)
        figure.scroll_into_view_if_needed()
        assert_live_draws(page, eid, exp.default())
        first = exp.controls[0]
        assert first.kind == "radio", eid  # drawn as toggle buttons
        other = next(i for i in range(len(first.options)) if i != first.default)
        label = first.options[other].label
        buttons = page.locator(f".als-live-{eid} .widget-toggle-button")
        buttons.filter(has_text=re.compile(f"^{re.escape(label)}$")).first.click()
        choice = (other, *exp.default()[1:])
        assert_live_draws(page, eid, choice)
        page.screenshot(path=str(ARTEFACTS / f"jupyterlab-{eid}.png"), full_page=False)
    assert external == []
    page.context.close()


CITATION = re.compile(r"\{cite:[pt]\}`([^`]+)`")
FOLDED = re.compile(r"^(?:```+|:::+)\{(?:solution|dropdown)\}", re.M)
RAW_MARKUP = re.compile(r"\{(?:cite:[pt]|term|model|exercise|solution|dropdown|ref|doc|glossary)\}|:::|:label:")
MYST_READ = """() => ({
    text: document.querySelector('.jp-Notebook').innerText,
    folds: [...document.querySelectorAll('.jp-MarkdownCell details')].map(d => d.open),
    cited: [...document.querySelectorAll('.jp-MarkdownCell .cite-group')].map(e => e.textContent).join(' '),
})"""


def assert_inline_values(page: Any, markdown: list[str]) -> None:
    """Every inline model number shows a value: never its expression (shown when no value is stored)
    nor an error (when the kernel cannot evaluate it); the chapter's first one shows the value the
    package computes now. ``markdown`` is the chapter's markdown cells, in order."""
    assert "fmt(" not in page.locator(".jp-Notebook").inner_text()
    assert page.locator('.jp-MarkdownCell [data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
    k, first = next((k, m[0]) for k, text in enumerate(markdown) if (m := quantities.ROLE.findall(text)))
    assert quantities.quote(first) in (page.locator(".jp-MarkdownCell").nth(k).text_content() or "")


@pytest.mark.parametrize("chapter", TOC_CHAPTERS)
def test_chapter_text_renders_as_myst(chapter: str, lab: str, browser: Any) -> None:
    """A student opens a chapter: its markdown is rendered as MyST, not shown as markup. Every
    solution and dropdown of the source is a folded block, every key the chapter cites appears as a
    citation, and no role or directive is left raw in the visible text (a screenshot of the first
    exercise goes to the artefacts)."""
    cells = json.loads((ROOT / f"{chapter}.ipynb").read_text())["cells"]
    markdown = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    source = "\n".join(markdown)
    page, external = lab_page(browser)
    page.goto(f"{lab}/lab/tree/{Path(chapter).name}.ipynb?reset", wait_until="domcontentloaded")
    page.wait_for_function(
        f"() => document.querySelectorAll('.jp-MarkdownCell .myst').length >= {len(markdown)}", timeout=60_000
    )
    seen = page.evaluate(MYST_READ)
    raw = sorted({m.group(0) for m in RAW_MARKUP.finditer(seen["text"])})
    assert raw == [], f"raw MyST markup in {chapter}: {raw}"
    assert_inline_values(page, markdown)
    assert len(seen["folds"]) >= len(FOLDED.findall(source)) > 0
    assert not any(seen["folds"]), "a solution or dropdown opens unfolded"
    keys = {k.strip() for group in CITATION.findall(source) for k in group.split(",")}
    missing = sorted(k for k in keys if k not in seen["cited"])
    assert keys and missing == [], missing
    exercise = page.locator(".jp-MarkdownCell", has_text="Solution to Exercise 1").first
    exercise.scroll_into_view_if_needed()
    exercise.screenshot(path=str(ARTEFACTS / f"jupyterlab-myst-{Path(chapter).name}.png"))
    assert external == []
    page.context.close()


REPLAY_INIT = """async ([figure]) => {
    document.querySelector('#replay')?.remove();
    const gd = Object.assign(document.createElement('div'), {id: 'replay'});
    document.body.appendChild(gd);
    await Plotly.newPlot(gd, figure.data, figure.layout);
}"""
REPLAY_STEP = """async ([messages, figure]) => {
    /* Apply the widget's messages as plotly's FigureWidget view does, then compare the SVG with a
       fresh plot of the model's state (random ids, attribute order and DOM order aside). */
    const undef = x => x === '_undefined_' ? undefined : Array.isArray(x) ? x.map(undef)
        : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, undef(v)])) : x;
    const gd = document.querySelector('#replay');
    for (const [kind, m] of undef(messages)) {
        if (kind === '_py2js_update') await Plotly.update(gd, m.style_data, m.layout_data, m.style_traces);
        else await Plotly.animate(gd, {data: m.style_data, layout: m.layout_data, traces: m.style_traces},
                                  m.animation_opts);
    }
    /* Plotly.update, like animate, writes "fill-opacity: 1" on markers whose fill is none: invisible. */
    const style = s => s.split(';').map(x => x.trim())
        .filter(x => x && !(x === 'fill-opacity: 1' && s.includes('fill: none')));
    const norm = h => h.replace(/ data-unformatted="[^"]*"/g, '').replace(/(clip|legend)[0-9a-f]{6}/g, '$1X')
        .replace(/#g[0-9a-f]{6}-/g, '#gX-').replace(/<rect class="(bg|scrollbar)"[^>]*>/g, '')
        .replace(/style="([^"]*)"/g, (_, s) => `style="${style(s).sort().join(';')}"`);
    const svg = el => ['.scatterlayer .trace', '.colorbar', '.legend', '.shapelayer path', '.annotation']
        .flatMap(sel => [...el.querySelectorAll(sel)].map(g => norm(g.outerHTML)).sort());
    const fresh = document.createElement('div');
    document.body.appendChild(fresh);
    await Plotly.newPlot(fresh, figure.data, figure.layout);
    const [got, want] = [svg(gd), svg(fresh)];
    fresh.remove();
    return got.length === want.length && got.every((g, i) => g === want[i]);
}"""


@pytest.mark.parametrize("explorer_id", sorted(registry()))
def test_live_messages_draw_what_a_fresh_plot_draws(explorer_id: str, browser: Any) -> None:
    """The messages a live explorer sends (Plotly.update, or Plotly.animate of the changed traces
    only), applied in Chromium after each click of a random walk over its controls and month, draw
    the same SVG as a fresh plot of the model's state: no trace, legend entry or label left stale
    or removed by a partial redraw. No JupyterLab needed: plotly.js applies them as its widget does."""
    import copy
    import random

    import plotly

    exp = get(explorer_id)
    base, slots, time_spec = exp.view.base_figure(), exp.view.slot_specs(), exp.time()
    box = exp.widget()
    fig = next(c for c in box.children if c.__class__.__name__ == "FigureWidget")
    messages: list[tuple[str, Any]] = []
    send = fig._send

    def record(msg: dict[str, Any], buffers: Any = None) -> Any:
        messages.extend((k, copy.deepcopy(v)) for k, v in msg.get("state", {}).items() if k.startswith("_py2js_") and v)
        return send(msg, buffers)

    fig._send = record
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_content("<html><body></body></html>")
    page.add_script_tag(path=str(Path(plotly.__file__).parent / "package_data" / "plotly.min.js"))
    page.evaluate(
        REPLAY_INIT, [figure_with(base, slots, exp.evaluate([exp.default()])[0][0], exp.default_frame(), time_spec)]
    )
    controls = list(box.children[1 : 1 + len(exp.controls)])
    month = next((c.children[0] for c in box.children if c.__class__.__name__ == "HBox"), None)
    rng = random.Random(explorer_id)
    for _ in range(10):
        k = rng.randrange(len(controls) + (month is not None))
        if k < len(controls):
            ctl = controls[k]
            ctl.value = (not ctl.value) if isinstance(ctl.value, bool) else rng.randrange(len(exp.controls[k].options))
        else:
            month.value = rng.randrange(len(month.options))  # type: ignore[union-attr]
        choice, frame = tuple(int(c.value) for c in controls), int(month.value) if month is not None else 0
        want = figure_with(base, slots, exp.evaluate([choice])[0][0], frame, time_spec)
        assert page.evaluate(REPLAY_STEP, [messages, want]), (choice, frame, [k for k, _ in messages])
        messages.clear()
    page.close()
