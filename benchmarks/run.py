"""Speed and weight of the book, printed as one table (and written to benchmarks/RESULTS.md).

Usage: .venv/bin/python benchmarks/run.py [--skip-build] [--with-suite]

Figures: cold and cached build, each page's own weight (its HTML plus the explorer tables it loads,
everything outside the shared _static/), the shared assets a first visit loads (raw and gzip), one
``simulate`` call, a batch of 2^7 block combinations x 5 mutation settings, a live widget callback,
the explorers' precompute, and the static panel's toggle -> redraw latency in Chromium.
"""

from __future__ import annotations

import datetime
import gzip
import itertools
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT / "tests"))


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


def redraw_latency() -> tuple[list[float], list[float]]:
    """Ms from a control change to the next painted frame showing the new node colours (the fast
    path), and to the end of the full Plotly redraw (curves, cut marks, hover data), in Chromium."""
    from conftest import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    url = (SITE / "notebooks" / "07-summary-and-therapies.html").as_uri()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.wait_for_selector(".als-explorer.als-ready")
        samples = page.evaluate(
            """async () => {
                const root = document.querySelector('.als-explorer[data-als-explorer="ch7-integrated"]');
                const boxes = root.querySelectorAll('input[type=checkbox]');
                const frame = () => new Promise(r => requestAnimationFrame(() => r()));
                const paint = [], full = [];
                for (let i = 0; i < 60; i++) {
                    const box = boxes[i % boxes.length];
                    const t0 = performance.now();
                    box.checked = !box.checked;
                    root.dispatchEvent(new Event('change'));
                    await frame();
                    paint.push(performance.now() - t0);
                    while (root.dataset.drawn !== root.dataset.state) await frame();
                    await frame();
                    full.push(performance.now() - t0);
                }
                return [paint, full];
            }"""
        )
        b.close()
    return samples[0][5:], samples[1][5:]


def main() -> None:
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
    paint, full = redraw_latency()
    rows.append(
        (
            "ch7 toggle -> node colours repainted, next frame, median / p90 (ms)",
            f"{statistics.median(paint):.1f} / {p90(paint):.1f}",
            "<= 16 / 33",
        )
    )
    rows.append(
        (
            "ch7 toggle -> full Plotly redraw incl. curves, median / p90 (ms)",
            f"{statistics.median(full):.1f} / {p90(full):.1f}",
            "- / 50",
        )
    )
    width = max(len(r[0]) for r in rows)
    table = [f"| {'figure':{width}} | value | goal |", f"|{'-' * (width + 2)}|-------|------|"]
    table += [f"| {a:{width}} | {b} | {c} |" for a, b, c in rows]
    print("\n".join(table))
    stamp = datetime.date.today().isoformat()
    (ROOT / "benchmarks" / "RESULTS.md").write_text(
        f"# Benchmark results\n\nMeasured {stamp} on a 2-core machine with `benchmarks/run.py`.\n\n"
        + "\n".join(table)
        + "\n"
    )


if __name__ == "__main__":
    main()
