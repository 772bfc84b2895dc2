"""Speed and weight of the book, printed as one table (and written to benchmarks/RESULTS.md).

Usage: .venv/bin/python benchmarks/run.py [--skip-build] [--with-suite] [--only lighthouse|lab]

Figures: cold and cached build (the build executes every chapter), the fast tier and the whole test
suite (``--with-suite``), each page's own weight (its HTML plus the explorer tables it loads,
everything outside the shared _static/), the shared assets a first visit loads (raw and gzip), one
``simulate`` call, a batch of 2^7 block combinations x 5 mutation settings, a live widget callback,
the explorers' precompute, click -> redraw of the live widget in JupyterLab (median, p90), and in
Chromium, on a desktop and on a throttled phone profile: first contentful paint; the time from
scrolling a chapter's first figure to within one screen of the viewport (where the site starts
drawing it, loading plotly.js first) until it is drawn, with the longest task meanwhile; and for
every explorer the click -> repaint (fast path) and click -> full redraw (slow path) latencies,
median and p90, with the longest task per click. A latency ends when the frame that shows the
change has been painted (a task queued from that frame's animation-frame callback).

Lighthouse (the npm package pinned in tools/lighthouse, mobile form factor, its simulated slow-4G
throttling) scores performance and accessibility on every page, median of 3 runs, with FCP, LCP, TBT
and CLS, the site served gzip-compressed as a static host (GitHub Pages) serves it. It is its own
table in RESULTS.md; ``--only lighthouse`` measures it alone (about 10 minutes) and replaces only that
table, and the whole benchmark rewrites both. ``--only lab`` measures the live JupyterLab
click -> redraw alone (about 2 minutes) and only prints it: RESULTS.md is left as it is.
"""

from __future__ import annotations

import datetime
import functools
import gzip
import http.server
import io
import itertools
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT / "tests"))

from alsbook.sphinx_ext import PLOTLY_SITE_NAME  # noqa: E402


def timed(fn, repeat: int = 1) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def build(clean: bool) -> float:
    if clean:
        shutil.rmtree(ROOT / "_build", ignore_errors=True)
    jb = Path(sys.executable).parent / "jupyter-book"
    t = time.perf_counter()
    subprocess.run([str(jb), "build", "-W", "-n", "--keep-going", str(ROOT)], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - t


def page_weights() -> tuple[dict[str, int], int, int]:
    pages = {}
    shared: set[Path] = set()
    for html_path in sorted(SITE.rglob("*.html")):
        if "_static" in html_path.parts:
            continue
        html = html_path.read_text(encoding="utf-8")
        own = len(html.encode())
        for ref in re.findall(r'(?:src|href)="([^"?#]+)', html):
            target = (html_path.parent / ref).resolve()
            if not target.is_file():
                continue
            if "_static" in target.parts:
                if target.suffix in (".js", ".css", ".woff2", ".svg"):
                    shared.add(target)
                if target.name == "alsbook-explorer.js":  # it loads plotly.js itself
                    shared.add(target.parent / PLOTLY_SITE_NAME)
            elif target.suffix == ".js":
                own += target.stat().st_size
        pages[str(html_path.relative_to(SITE))] = own
    raw = sum(p.stat().st_size for p in shared)
    gz = sum(len(gzip.compress(p.read_bytes())) for p in shared)
    return pages, raw, gz


def model_figures() -> dict[str, float]:
    import alsbook
    from alsbook.explorers import get, registry

    out = {"simulate": timed(alsbook.simulate, 50) * 1000}
    mutations = [(), ("SOD1",), ("C9orf72",), ("TARDBP",), ("FUS",)]
    scen = [
        alsbook.Scenario(mutations=m, blocks={p: 1.0 for p, on in zip(alsbook.PATHWAYS, bits, strict=True) if on})
        for m in mutations
        for bits in itertools.product((0, 1), repeat=7)
    ]
    out["batch"] = timed(lambda: alsbook.simulate_batch(scen), 3)
    out["precompute"] = timed(lambda: [get(i).static_scripts() for i in registry()], 1)
    box = get("ch7-integrated").widget()
    control = box.children[2]
    times = []
    for i in range(40):
        t = time.perf_counter()
        control.value = (i % 6) + 1
        times.append(time.perf_counter() - t)
    out["callback"] = statistics.median(times) * 1000
    return out


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


#: A throttled phone: 390 x 844, 16 Mbit/s down, 150 ms round trip, CPU 4x slower.
PHONE = {"viewport": {"width": 390, "height": 844}, "latency": 150, "down": 16e6 / 8, "cpu": 4}
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "latency": 0, "down": -1, "cpu": 1}


def _page(browser, profile):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport=profile["viewport"])
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": profile["latency"],
            "downloadThroughput": profile["down"],
            "uploadThroughput": -1,
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile["cpu"]})
    return page


def first_paint(url: str, profile: dict, runs: int = 5) -> list[float]:  # type: ignore[type-arg]
    """First contentful paint (ms) of a page, cache disabled, under a profile."""
    from conftest import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            page = _page(b, profile)
            page.goto(url, wait_until="load")
            page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length > 0")
            out.append(page.evaluate("() => performance.getEntriesByName('first-contentful-paint')[0].startTime"))
            page.close()
        b.close()
    return out


CLICK = """async (id) => {
    const root = document.querySelector(`.als-explorer[data-als-explorer="${id}"]`);
    const inputs = Array.from(root.querySelectorAll('input[type=checkbox], input[type=radio]'));
    /* The end of the next frame's rendering: a task queued from its animation-frame callback runs
       once that frame is painted. */
    const painted = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    const longest = [];
    const observer = new PerformanceObserver(list => { for (const e of list.getEntries()) longest.push(e.duration); });
    observer.observe({entryTypes: ['longtask']});
    const paint = [], full = [], tasks = [];
    for (let i = 0; i < 40; i++) {
        const input = inputs[i % inputs.length];
        longest.length = 0;
        const t0 = performance.now();
        /* Asked for before the click, so that its task runs before the panel's next step (queued
           from the same frame): the time is the frame's, not the slow path's. */
        const shown = painted();
        if (input.type === 'checkbox') input.checked = !input.checked; else input.checked = true;
        root.dispatchEvent(new Event('change'));
        await shown;
        paint.push(performance.now() - t0);
        while (root.dataset.drawn !== root.dataset.state) await painted();
        full.push(performance.now() - t0);
        await new Promise(r => setTimeout(r, 30));
        tasks.push(Math.max(0, ...longest));
    }
    observer.disconnect();
    return [paint.slice(5), full.slice(5), tasks.slice(5)];
}"""


def redraw_latency(base_url: str, profile: dict) -> dict[str, list[float]]:  # type: ignore[type-arg]
    """Per explorer: ms from a control change to the next frame (node colours repainted), to the
    end of the full Plotly redraw (curves, cut marks, hover data), and the longest task per click."""
    from conftest import CHROMIUM, CHROMIUM_ARGS, EXPLORERS_BY_PAGE, draw_all
    from playwright.sync_api import sync_playwright

    paint: list[float] = []
    full: list[float] = []
    tasks: list[float] = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path, explorers in EXPLORERS_BY_PAGE.items():
            page = _page(b, profile)
            page.goto(base_url + path)
            draw_all(page)
            for explorer_id in explorers:
                page.locator(f'.als-explorer[data-als-explorer="{explorer_id}"]').scroll_into_view_if_needed()
                a, f, t = page.evaluate(CLICK, explorer_id)
                paint += a
                full += f
                tasks += t
            page.close()
        b.close()
    return {"paint": paint, "full": full, "tasks": tasks}


NEAR_FIRST = """async () => {
    /* Scroll so that the page's first figure is just within one screen below the viewport (where
       the site starts drawing it) and time until it is drawn; and the longest task meanwhile.
       __PLACES__ and __DRAWN__ stand for conftest's PLACES and DRAWN. */
    const el = (__PLACES__)()[0], drawn = () => (__DRAWN__)(el);
    const frame = () => new Promise(r => requestAnimationFrame(() => r()));
    const longest = [];
    const observer = new PerformanceObserver(list => { for (const e of list.getEntries()) longest.push(e.duration); });
    observer.observe({entryTypes: ['longtask']});
    const t0 = performance.now();
    window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 1.9 * innerHeight);
    while (!drawn()) await frame();
    const t = performance.now() - t0;
    await new Promise(r => setTimeout(r, 100));
    observer.disconnect();
    return [t, Math.max(0, ...longest)];
}"""


def first_figure_latency(base_url: str, profile: dict, runs: int = 2) -> dict[str, list[float]]:  # type: ignore[type-arg]
    """Per chapter page (cache disabled, loaded and idle): ms from scrolling the first figure to
    within one screen of the viewport until it is drawn (plotly.js is fetched and parsed then),
    and the longest task in that time."""
    from conftest import CHAPTER_PAGES, CHROMIUM, CHROMIUM_ARGS, DRAWN, PLACES
    from playwright.sync_api import sync_playwright

    script = NEAR_FIRST.replace("__PLACES__", PLACES).replace("__DRAWN__", DRAWN)
    out: dict[str, list[float]] = {"drawn": [], "task": []}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in CHAPTER_PAGES * runs:
            page = _page(b, profile)
            page.goto(base_url + path, wait_until="load")
            page.wait_for_timeout(1000)
            t, task = page.evaluate(script)
            out["drawn"].append(t)
            out["task"].append(task)
            page.close()
        b.close()
    return out


LIVE_CLICK = """async ([id, node, labels, n]) => {
    /* Click -> redraw in a live JupyterLab explorer: from the click on a toggle button to the frame
       after the figure's node colours changed (kernel round trip, model, comm messages, Plotly). */
    const root = document.querySelector(`.als-live-${id}`);
    const gd = root.querySelector('.js-plotly-plot');
    const frame = () => new Promise(r => requestAnimationFrame(() => r()));
    const out = [];
    for (let i = 0; i < n; i++) {
        const label = labels[i % labels.length];
        const button = [...root.querySelectorAll('.widget-toggle-button')].find(b => b.textContent.trim() === label);
        const before = JSON.stringify(gd.data[node].marker.color);
        const t0 = performance.now();
        button.click();
        while (JSON.stringify(gd.data[node].marker.color) === before) {
            if (performance.now() - t0 > 10000) return null;
            await frame();
        }
        await frame();
        out.push(performance.now() - t0);
        await new Promise(r => setTimeout(r, 100));
    }
    return out.slice(2);
}"""


def live_redraw_latency(runs: int = 22) -> dict[str, list[float]]:
    """Per heavy explorer (the whole cascade of chapter 1, the integrated model of chapter 7): ms from
    a click in the live JupyterLab widget to the redrawn diagram, alternating two mutations."""
    import tempfile

    from conftest import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright
    from test_jupyterlab import lab_page, run_all, running_lab

    from alsbook.diagram import NODES
    from alsbook.explorers import get

    cases = {"ch1-overview": "01-overview.ipynb", "ch7-integrated": "07-summary-and-therapies.ipynb"}
    out: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        for notebook in cases.values():
            shutil.copy(ROOT / "notebooks" / notebook, Path(tmp) / notebook)
        with running_lab(Path(tmp)) as url:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for explorer_id, notebook in cases.items():
                page, _ = lab_page(b)
                run_all(page, url, notebook)
                page.locator(f".als-live-{explorer_id} .js-plotly-plot").first.wait_for(timeout=60_000)
                # A FigureWidget renames its traces' uids: find the node trace by its place in the figure.
                base = get(explorer_id).view.base_figure()["data"]
                node = next(i for i, t in enumerate(base) if t.get("uid") == NODES)
                labels = ["SOD1", "sporadic (no mutation)"]
                out[explorer_id] = page.evaluate(LIVE_CLICK, [explorer_id, node, labels, runs])
                page.context.close()
            b.close()
    return out


def live_rows() -> list[tuple[str, str, str]]:
    """The JupyterLab click -> redraw rows of the table, one per heavy explorer."""
    return [
        (
            f"JupyterLab click -> live diagram redrawn, {explorer_id}, median / p90 (ms)",
            f"{statistics.median(times):.0f} / {p90(times):.0f}",
            "median <= 100",
        )
        for explorer_id, times in live_redraw_latency().items()
    ]


def serve() -> tuple[str, object]:
    import functools
    import http.server
    import threading

    from conftest import _Quiet

    handler = functools.partial(_Quiet, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """A static server that gzips text files, as GitHub Pages and other static hosts do."""

    TEXT = {".html", ".js", ".css", ".svg", ".json", ".txt", ".xml"}
    cache: dict[Path, bytes] = {}

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in self.TEXT or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        if path not in self.cache:
            self.cache[path] = gzip.compress(path.read_bytes(), 9)
        body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a browser that drops a connection (favicon.ico, a cancelled request) is no error of the site


LH_METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
}
LH_HEADING = "## Lighthouse, mobile (simulated slow 4G, 4x CPU), median of 3 runs per page"


def lighthouse_table(runs: int = 3) -> list[str]:
    """Lighthouse's performance and accessibility scores and main metrics on every page, each the
    median of ``runs`` runs, the site served gzipped (as a static host does) from 127.0.0.1."""
    from test_lighthouse import run_lighthouse
    from test_quality import site_pages

    handler = functools.partial(_Gzip, directory=str(SITE))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = site_pages(SITE)
    try:
        reports = run_lighthouse([url + p for p in pages], ["performance", "accessibility"], runs)
    finally:
        server.shutdown()
    rows = [
        "| page | performance | accessibility | FCP (s) | LCP (s) | TBT (ms) | CLS |",
        "|------|-------------|---------------|---------|---------|----------|-----|",
    ]
    for page, lhrs in zip(pages, reports, strict=True):
        perf = statistics.median(r["categories"]["performance"]["score"] for r in lhrs) * 100
        a11y = statistics.median(r["categories"]["accessibility"]["score"] for r in lhrs) * 100
        m = {s: statistics.median(r["audits"][k]["numericValue"] for r in lhrs) for k, s in LH_METRICS.items()}
        rows.append(
            f"| {page} | {perf:.0f} | {a11y:.0f} | {m['FCP'] / 1000:.1f} | {m['LCP'] / 1000:.1f} "
            f"| {m['TBT']:.0f} | {m['CLS']:.3f} |"
        )
    version = reports[0][0]["lighthouseVersion"]
    return [
        LH_HEADING,
        "",
        f"Lighthouse {version} (`tools/lighthouse`), Debian chromium, form factor mobile, default simulated "
        "throttling (150 ms RTT, 1.6 Mbit/s, 4x CPU), site served gzipped from 127.0.0.1. "
        "Goals: performance >= 90, accessibility 100.",
        "",
        *rows,
    ]


def write_results(table: list[str] | None, lighthouse: list[str] | None) -> None:
    """Write RESULTS.md: the main table and the Lighthouse table; a part not measured now is kept."""
    results = ROOT / "benchmarks" / "RESULTS.md"
    old = results.read_text(encoding="utf-8") if results.is_file() else ""
    head, _, old_lh = old.partition(LH_HEADING)
    stamp = datetime.date.today().isoformat()
    if table is not None:
        head = f"# Benchmark results\n\nMeasured {stamp} on a 2-core machine with `benchmarks/run.py`.\n\n"
        head += "\n".join(table) + "\n\n"
    if lighthouse is not None:
        note = f"Measured {stamp} with `benchmarks/run.py --only lighthouse`."
        lh = "\n".join([lighthouse[0], "", note, *lighthouse[1:]])
    else:
        lh = (LH_HEADING + old_lh).strip() if old_lh else ""
    results.write_text(head.rstrip("\n") + "\n" + ("\n" + lh.rstrip("\n") + "\n" if lh else ""), encoding="utf-8")


def main() -> None:
    if sys.argv[1:3] == ["--only", "lighthouse"]:
        lh = lighthouse_table()
        print("\n".join(lh))
        write_results(None, lh)
        return
    if sys.argv[1:3] == ["--only", "lab"]:
        for row in live_rows():
            print(f"| {row[0]} | {row[1]} | {row[2]} |")
        return
    skip = "--skip-build" in sys.argv
    rows = []
    if not skip:
        rows.append(("cold build (s)", f"{build(True):.1f}", "< 90"))
        rows.append(("cached build (s)", f"{build(False):.1f}", "< 20"))
    if "--with-suite" in sys.argv:
        for label, args, goal in (("fast tier, -m fast", ["-m", "fast"], "< 30"), ("full suite", [], "< 1800")):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "pytest", "-q", *args], cwd=ROOT, check=True, capture_output=True)
            rows.append((f"test suite: {label} (s)", f"{time.perf_counter() - t:.0f}", goal))
    pages, raw, gz = page_weights()
    heaviest = max(pages, key=pages.get)
    for name, size in pages.items():
        if name.startswith("notebooks/"):
            rows.append((f"page weight {name} (KB)", f"{size / 1024:.0f}", "<= 1536"))
    rows.append(("heaviest page", f"{heaviest} {pages[heaviest] / 1024:.0f} KB", "<= 1536 KB"))
    rows.append(("shared assets, first visit (KB raw / gzip)", f"{raw / 1024:.0f} / {gz / 1024:.0f}", "gzip <= 3072"))
    m = model_figures()
    rows.append(("one simulate() call (ms)", f"{m['simulate']:.2f}", "<= 5"))
    rows.append(("batch 2^7 blocks x 5 mutations (s)", f"{m['batch']:.2f}", "< 2"))
    rows.append(("precompute of all explorers (s)", f"{m['precompute']:.2f}", "< 5"))
    rows.append(("live widget callback, median (ms)", f"{m['callback']:.1f}", "<= 30"))
    rows += live_rows()
    url, server = serve()
    for name, profile in (("desktop", DESKTOP), ("phone", PHONE)):
        for page in ("notebooks/03-genetics.html", "book/glossary.html"):
            fcp = first_paint(url + page, profile)
            rows.append(
                (
                    f"first contentful paint, {name}, {page}, median / p90 (ms)",
                    f"{statistics.median(fcp):.0f} / {p90(fcp):.0f}",
                    "<= 1800 (phone)",
                )
            )
        near = first_figure_latency(url, profile)
        rows.append(
            (
                f"first figure drawn after it nears the viewport (plotly.js loaded then), {name}, median / p90 (ms)",
                f"{statistics.median(near['drawn']):.0f} / {p90(near['drawn']):.0f}",
                "(reported)",
            )
        )
        rows.append(
            (
                f"longest task while the first figure is drawn, {name}, median / max (ms)",
                f"{statistics.median(near['task']):.0f} / {max(near['task']):.0f}",
                "(reported)",
            )
        )
        lat = redraw_latency(url, profile)
        rows.append(
            (
                f"click -> node colours repainted (next frame), every explorer, {name}, median / p90 (ms)",
                f"{statistics.median(lat['paint']):.1f} / {p90(lat['paint']):.1f}",
                "<= 16 / 33",
            )
        )
        rows.append(
            (
                f"click -> full redraw incl. curves, every explorer, {name}, median / p90 (ms)",
                f"{statistics.median(lat['full']):.1f} / {p90(lat['full']):.1f}",
                "p90 <= 50 (desktop)",
            )
        )
        rows.append(
            (
                f"longest task per click, {name}, median / max (ms)",
                f"{statistics.median(lat['tasks']):.0f} / {max(lat['tasks']):.0f}",
                "<= 50 desktop, 100 phone",
            )
        )
    server.shutdown()  # type: ignore[attr-defined]
    width = max(len(r[0]) for r in rows)
    table = [f"| {'figure':{width}} | value | goal |", f"|{'-' * (width + 2)}|-------|------|"]
    table += [f"| {a:{width}} | {b} | {c} |" for a, b, c in rows]
    print("\n".join(table))
    lh = lighthouse_table()
    print("\n".join(lh))
    write_results(table, lh)


if __name__ == "__main__":
    main()
