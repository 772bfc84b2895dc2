"""Quality line for the built site: accessibility (axe-core), keyboard use, links, phone width, print.

Uses the fixtures of conftest.py (the book built with -W, served under /alsbook/, offline Chromium).
The checks of test_site.py (console, offline, drawing, state changes) are not repeated here.

* axe-core on every page, light theme, and one chapter in the dark theme: no "serious" or "critical"
  violation, with no exception (the bibliography's docutils markup is repaired by the book's Sphinx
  extension: its entries are list items).
* The ch7 panel operated by keyboard alone: arrows move radios, Tab moves between groups, Space
  toggles; the focused control shows a focus ring; every input has a label.
* Every internal href/src of every page resolves to a file, and every #anchor to an id in it.
  External links are only listed in _build/external-links.txt (never fetched: the tests are offline).
* Each chapter at 375 px: no horizontal page scroll, panels drawn, no console error.
* Chapter 3 printed: controls hidden, figure kept; the PDF has several pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import CHAPTER_PAGES, draw_all

from alsbook.explorers import get

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
CHAPTERS = CHAPTER_PAGES
BAD_IMPACTS = ("serious", "critical")


def site_pages(site: Path) -> list[str]:
    """Every page of the site: html files outside _static (theme templates) and hidden folders."""
    return sorted(
        str(p.relative_to(site))
        for p in site.rglob("*.html")
        if not any(part.startswith((".", "_static")) for part in p.relative_to(site).parts[:-1])
    )


def serious(path: str, results: Any) -> list[tuple[str, str, str]]:
    """The serious or critical violations of one axe run, as (rule id, element selector, html)."""
    found = []
    for v in results.response["violations"]:
        if v["impact"] not in BAD_IMPACTS:
            continue
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            found.append((v["id"], target, node["html"][:160]))
    return found


# --------------------------------------------------------------------------------------- axe-core
def test_axe_every_page_light_theme(built_site: Path, browser: Any, site_url: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    pages = site_pages(built_site)
    assert len(pages) >= 12
    host = site_url.split("/", 3)[:3]
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    # One offline page for all (faster than a context per page): other hosts are refused.
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("/".join(host)) else r.abort())
    page = ctx.new_page()
    report = {}
    try:
        for path in pages:
            page.goto(site_url + path, wait_until="load")
            page.wait_for_load_state("networkidle")  # index.html redirects to book/index.html
            draw_all(page)
            bad = serious(path, axe.run(page))
            if bad:
                report[path] = bad
    finally:
        ctx.close()
    assert report == {}


def test_axe_dark_theme_chapter(open_page: Any) -> None:
    """Chapter 2 (explorers with notes and citations, a self-check) in the theme's dark mode."""
    from axe_playwright_python.sync_playwright import Axe

    path = "notebooks/02-motor-neurons.html"
    page, log = open_page(path)
    page.evaluate("() => { localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark'); }")
    page.reload(wait_until="load")
    page.wait_for_load_state("networkidle")
    draw_all(page)
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert log.problems() == []
    # Checked before axe runs: axe-core re-fetches the theme's `@import "../basic.css"` against the
    # wrong base URL, which logs a 404 that is axe's own, not the site's.
    results = Axe().run(page)
    contrast = [v for v in results.response["violations"] if v["id"] == "color-contrast"]
    assert [(n["target"], n["html"][:120]) for v in contrast for n in v["nodes"]] == []
    assert serious(path, results) == []


# ---------------------------------------------------------------------------------------- keyboard
def test_ch7_panel_by_keyboard_only(open_page: Any) -> None:
    eid = "ch7-integrated"
    page, log = open_page("notebooks/07-summary-and-therapies.html")
    root = page.locator(f'div.als-explorer[data-als-explorer="{eid}"]')
    assert root.get_attribute("data-state") == "0"

    root.locator("input").first.focus()  # sporadic (checked); from here on only the keyboard
    kb = page.keyboard
    kb.press("ArrowRight")  # genetic background -> SOD1
    kb.press("Tab")  # -> therapy group (its checked radio: none)
    kb.press("ArrowRight")  # therapy -> riluzole
    kb.press("Tab")  # -> first toggle
    assert page.evaluate("document.activeElement.type") == "checkbox"
    kb.press("Space")  # toggle on

    # State index: mixed radix over the controls, first slowest (5 mutations, 7 therapies, 5 toggles).
    choice, radix = (1, 1, 1, 0, 0, 0, 0), (5, 7, 2, 2, 2, 2, 2)
    index = 0
    for c, n in zip(choice, radix, strict=True):
        index = index * n + c
    assert index == get(eid).state_index(choice) == 272
    assert root.get_attribute("data-state") == str(index)
    assert root.get_by_label("SOD1", exact=True).is_checked() and root.get_by_label("riluzole").is_checked()

    focus = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        return {inPanel: !!e.closest('.als-explorer'), type: e.type, outline: s.outlineStyle,
                width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }""")
    assert focus["inPanel"] and focus["type"] == "checkbox"
    assert (focus["outline"] != "none" and focus["width"] > 0) or focus["shadow"] not in ("", "none"), focus

    names = page.evaluate(
        """(id) => Array.from(document.querySelectorAll(
            `div.als-explorer[data-als-explorer="${id}"] input`)).map(i => ({
        name: i.name, value: i.value,
        label: (i.labels && i.labels.length ? i.labels[0].textContent : (i.getAttribute('aria-label') || '')).trim(),
        group: i.type === 'radio' ? ((i.closest('fieldset') || {}).querySelector?.('legend')?.textContent || '').trim()
                                  : 'n/a'}))""",
        eid,
    )
    exp = get(eid)
    assert len(names) == sum(1 if c.kind == "toggle" else len(c.options) for c in exp.controls) + (
        1 if exp.time() else 0
    )
    assert [n for n in names if not n["label"] or not n["group"]] == []
    assert log.problems() == []


# ------------------------------------------------------------------------------------------- links
class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.ids.add(a[key] or "")
        for key in ("href", "src"):
            if a.get(key) and not (tag == "meta"):
                self.refs.append(a[key] or "")


def test_internal_links_resolve_and_external_ones_are_listed(built_site: Path) -> None:
    parsed: dict[Path, _Links] = {}

    def parse(path: Path) -> _Links:
        if path not in parsed:
            p = _Links()
            p.feed(path.read_text(encoding="utf-8"))
            parsed[path] = p
        return parsed[path]

    broken, external = [], defaultdict(set)
    pages = site_pages(built_site)
    for rel in pages:
        page = built_site / rel
        for ref in parse(page).refs:
            ref = ref.strip()
            scheme = urlsplit(ref).scheme
            if scheme in ("http", "https"):
                external[ref].add(rel)
                continue
            if scheme in ("mailto", "data", "javascript", "tel") or ref.startswith("//"):
                continue
            url = urlsplit(urljoin("http://site/" + rel, ref))
            target = built_site / unquote(url.path.lstrip("/"))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append((rel, ref, "no such file"))
                continue
            frag = unquote(url.fragment)
            # "#" alone is the top of the page; "#<explorer>=..." is a panel scenario, not an anchor.
            if frag and target.suffix == ".html" and "=" not in frag and frag not in parse(target).ids:
                broken.append((rel, ref, "no such id"))
    assert broken == []

    out = BUILD / "external-links.txt"
    out.unlink(missing_ok=True)
    lines = [f"# {len(external)} external links in {len(pages)} pages (listed, not fetched)"]
    lines += [f"{url}\t{', '.join(sorted(where))}" for url, where in sorted(external.items())]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")

    # What a reader follows out of the book: no plain-http link (browsers flag it on an https site),
    # and, as the bibliography page promises, every source's DOI as a link on that page.
    assert sorted(url for url in external if urlsplit(url).scheme == "http") == []
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    dois = {d.lower() for d in re.findall(r"^\s*doi\s*=\s*\{([^}]+)\}", bib, flags=re.MULTILINE | re.IGNORECASE)}
    assert dois, "no DOI found in references.bib"
    linked = {
        unquote(urlsplit(url).path).lstrip("/").lower()
        for url, where in external.items()
        if urlsplit(url).netloc == "doi.org" and "book/bibliography.html" in where
    }
    assert sorted(dois - linked) == [], "DOIs of references.bib that are not a link on the bibliography page"


# -------------------------------------------------------------------------------------- phone width
# Long single-word titles ("Neuroinflammation") wrap thanks to overflow-wrap in alsbook.css.
PHONE_CASES = CHAPTERS


@pytest.mark.parametrize("path", PHONE_CASES)
def test_chapter_at_phone_width(path: str, open_page: Any) -> None:
    page, log = open_page(path, 375)
    # Page width without the Plotly figures (a figure may scroll within itself, the page must not).
    widths = page.evaluate("""() => {
        const de = document.documentElement;
        const whole = de.scrollWidth;
        const figs = Array.from(document.querySelectorAll('.js-plotly-plot'));
        figs.forEach(f => f.style.display = 'none');
        const without = de.scrollWidth;
        figs.forEach(f => f.style.display = '');
        return {whole, without}; }""")
    assert widths["without"] <= 375 + 2, widths
    panels = page.locator(".als-explorer")
    assert panels.count() >= 1
    for i in range(panels.count()):
        p = panels.nth(i)
        assert "als-ready" in (p.get_attribute("class") or "")
        box = p.locator(".als-figure").bounding_box()
        assert box is not None and box["height"] > 0 and box["width"] > 0
    # WCAG 2.2 target size (minimum): every control of a panel is at least 24 px tall.
    small = page.evaluate("""() => Array.from(document.querySelectorAll(
            '.als-controls label, .als-compare button, .als-time button, .als-time input'))
        .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect().height])
        .filter(([, h]) => h < 24)""")
    assert small == []
    assert log.problems() == []
    if path == "notebooks/03-genetics.html":
        # The panel's top just below the theme's sticky header, then what a phone shows there.
        page.evaluate("""() => { const r = document.querySelector('.als-explorer').getBoundingClientRect();
            const h = document.querySelector('.bd-header-article, .bd-header');
            window.scrollTo(0, window.scrollY + r.top - (h ? h.getBoundingClientRect().height : 0) - 8); }""")
        page.screenshot(path=str(BUILD / "phone-ch3.png"))


# -------------------------------------------------------------------------------------------- print
def test_chapter3_prints_without_controls(open_page: Any) -> None:
    page, log = open_page("notebooks/03-genetics.html")
    page.emulate_media(media="print")
    shown = page.evaluate("""() => {
        const root = document.querySelector('.als-explorer');
        const disp = e => getComputedStyle(e).display;
        const fig = root.querySelector('.als-figure'), r = fig.getBoundingClientRect();
        return {controls: disp(root.querySelector('.als-controls')),
                inputs: Array.from(root.querySelectorAll('input')).map(i => i.offsetParent === null),
                figure: disp(fig), height: r.height, svg: fig.querySelectorAll('svg').length}; }""")
    assert shown["controls"] == "none"
    assert all(shown["inputs"])
    assert shown["figure"] != "none" and shown["height"] > 100 and shown["svg"] > 0, shown

    pdf = BUILD / "ch3-print.pdf"
    pdf.unlink(missing_ok=True)
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf.is_file() and pdf.stat().st_size > 10_000
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert pages > 1
    if shutil.which("pdftoppm"):  # previews of the first pages, for a person to look at
        subprocess.run(
            ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "3", str(pdf), str(BUILD / "ch3-print")],
            check=True,
            timeout=60,
        )
    assert log.problems() == []
