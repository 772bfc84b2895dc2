"""The built site in headless Chromium, served from a plain static server under a subfolder.

Every page: loads with no console error or warning, asks no other host for anything (other hosts
are blocked, as offline), and draws its figures. Explorers: a control changes the diagram and the
curves to that state's precomputed values, toggling back restores them, the URL hash round-trips,
a hostile hash is ignored, rapid clicking ends in the last state, and compare mode pins curves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import CHAPTER_PAGES, EXPLORERS_BY_PAGE, ROOT

from alsbook.diagram import CURVE_STEP, at_frame
from alsbook.explorers import get
from alsbook.sphinx_ext import PLOTLY_BUNDLE, PLOTLY_SITE_NAME

CHAPTERS = CHAPTER_PAGES


def all_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if "_static" not in p.parts)


def panel(explorer_id: str) -> str:
    return f'div.als-explorer[data-als-explorer="{explorer_id}"]'


def figure_state(page: Any, explorer_id: str) -> dict[str, Any]:
    """What Plotly has drawn in a panel, once its full redraw of the chosen state has run (the panel
    is brought into view first: the site draws a panel when it nears the viewport)."""
    page.locator(panel(explorer_id)).scroll_into_view_if_needed()
    page.wait_for_function(
        '(id) => { const r = document.querySelector(`div.als-explorer[data-als-explorer="${id}"]`);'
        " return r.dataset.drawn !== undefined && r.dataset.drawn === r.dataset.state; }",
        arg=explorer_id,
    )
    return page.evaluate(
        """(id) => {
            const root = document.querySelector(`div.als-explorer[data-als-explorer="${id}"]`);
            const gd = root.querySelector('.als-figure');
            const spec = window.ALSBOOK[id];
            const get = (o, p) => p.split('.').reduce((a, k) => a[k], o);
            const trace = (uid) => gd.data.find(t => t.uid === uid);
            const slots = {};
            for (const s of spec.slots) { const v = get(trace(s.trace), s.path);
                                          slots[s.name] = Array.isArray(v) ? Array.from(v) : [v]; }
            /* Traces with points that have no SVG group: Plotly has not drawn them (or dropped them). */
            /* and whether the drawn ones are in the figure's order (what is drawn over what). */
            const uids = (layer) => Array.from(layer.querySelectorAll('.trace'))
                .map(g => g.__data__ && g.__data__[0] && g.__data__[0].trace.uid);
            const layers = Array.from(gd.querySelectorAll('.scatterlayer')).map(uids);
            const order = layers.flat();
            const undrawn = gd.data.filter(t => (t.x || []).length && !order.includes(t.uid)).map(t => t.uid);
            const inOrder = layers.every(l => gd.data.map(t => t.uid).filter(u => l.includes(u)).join() === l.join());
            return {state: Number(root.dataset.state), frame: Number(root.dataset.frame || 0), slots: slots,
                    svgNodes: gd.querySelectorAll('.scatterlayer .point').length, undrawn: undrawn, inOrder: inOrder};
        }""",
        explorer_id,
    )


def expected(explorer_id: str, choice: tuple[int, ...], frame: int | None = None) -> dict[str, list[float]]:
    """The named slot values the model computes for a state, as drawn at a frame of the time control
    (default: the explorer's default month). Not read from the built site."""
    exp = get(explorer_id)
    values, _ = exp.evaluate([choice])[0]
    specs = {s["name"]: s for s in exp.view.slot_specs()}
    frame = exp.default_frame() if frame is None else frame
    return {name: [float(v) for v in np.nan_to_num(at_frame(specs[name], arr, frame))] for name, arr in values.items()}


def assert_drawn(page: Any, explorer_id: str, choice: tuple[int, ...]) -> None:
    got = figure_state(page, explorer_id)
    assert got["state"] == get(explorer_id).state_index(choice)
    assert got["undrawn"] == [] and got["inOrder"], ("traces missing from the drawing or out of order", got["undrawn"])
    want = expected(explorer_id, choice, got["frame"])
    assert set(got["slots"]) == set(want)
    scales = {s["name"]: s["scale"] for s in get(explorer_id).view.slot_specs()}
    for name, values in want.items():  # the table stores values rounded to 1/scale
        assert got["slots"][name] == pytest.approx(values, abs=0.5 / scales[name] + 1e-9), name


def test_every_page_is_clean_offline(built_site: Path, open_page: Any) -> None:
    pages = all_pages(built_site)
    assert len(pages) >= 12
    for path in pages:
        page, log = open_page(path)
        assert log.problems() == [], (path, log.problems())
        assert log.external == [], (path, log.external)
        assert log.failed == [], (path, log.failed)
        page.context.close()


def test_site_has_no_absolute_or_external_asset_paths(built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for needle in ('src="/', 'href="/_', "cdn.jsdelivr", "unpkg.com", "cdnjs", "mathjax@", "require.min.js"):
            assert needle not in html, (path.name, needle)


LAZY_STATE = """() => ({
    plotly: performance.getEntriesByType('resource').some(r => r.name.includes('plotly-cartesian')),
    svgs: document.querySelectorAll('.main-svg').length,
    ready: Array.from(document.querySelectorAll('.als-explorer')).map(e => e.classList.contains('als-ready')),
    scrollY: window.scrollY, height: document.documentElement.scrollHeight })"""


@pytest.mark.parametrize("width", [1280, 390])
def test_figures_are_drawn_as_the_reader_nears_them(width: int, open_page: Any) -> None:
    """A page loads no plotly.js while the reader reads the text above its first figure; a figure is
    drawn before it scrolls into view, and drawing it moves nothing on the page (its height was kept
    free). Printing then draws every figure left; a figure never drawn prints a line, not a blank."""
    page, log = open_page("notebooks/03-genetics.html", width=width, read=False)
    page.wait_for_timeout(500)
    at_load = page.evaluate(LAZY_STATE)
    assert not at_load["plotly"] and at_load["svgs"] == 0 and not any(at_load["ready"]), at_load
    waiting = "() => getComputedStyle(document.querySelector('.als-explorer .als-figure'), '::before').content"
    assert "Drawing the diagram" in page.evaluate(waiting)
    # Unprinted panels print a line instead of an empty box.
    page.emulate_media(media="print")
    note = page.evaluate("""() => { const f = document.querySelector('.als-explorer .als-figure');
        return [getComputedStyle(f, '::before').content, f.getBoundingClientRect().height]; }""")
    assert "scroll to it" in note[0] and note[1] < 250, note  # not the figure's 1000+ px blank
    page.emulate_media(media="screen")

    first = "document.querySelector('#als-gene-shares')"
    top = page.evaluate(f"() => {first}.getBoundingClientRect().top + window.scrollY")
    view = page.evaluate("() => window.innerHeight")
    page.evaluate(f"() => window.scrollTo(0, {top} - 3 * {view})")  # two screens above it: not yet
    page.wait_for_timeout(500)
    assert page.evaluate(LAZY_STATE)["svgs"] == 0
    below = page.evaluate(
        "() => document.querySelector('.als-explorer .als-summary').getBoundingClientRect().top + scrollY"
    )
    page.evaluate(f"() => window.scrollTo(0, {top} - 1.5 * {view})")  # half a screen below the viewport
    page.wait_for_function(f"() => {first}.querySelector('.main-svg')")
    assert page.evaluate(f"() => {first}.getBoundingClientRect().top") > view, "drawn before it is in view"
    assert page.evaluate(LAZY_STATE)["plotly"]

    panel_top = page.evaluate("() => document.querySelector('.als-explorer').getBoundingClientRect().top + scrollY")
    page.evaluate(f"() => window.scrollTo(0, {panel_top} - 1.5 * {view})")
    page.wait_for_selector(".als-explorer.als-ready")
    after = page.evaluate(
        "() => document.querySelector('.als-explorer .als-summary').getBoundingClientRect().top + scrollY"
    )
    assert after == pytest.approx(below, abs=1), "drawing the panel moved the text under it"

    page.evaluate("() => window.scrollTo(0, 0)")
    drawn = page.evaluate("""() => { window.dispatchEvent(new Event('beforeprint'));
        return Array.from(document.querySelectorAll('.als-explorer')).map(e => e.classList.contains('als-ready')); }""")
    assert drawn and all(drawn), "printing draws every panel at once"
    assert log.problems() == [] and log.failed == []


def test_a_reader_without_scripts_is_not_told_a_figure_is_being_drawn(browser: Any, site_url: str) -> None:
    """Without JavaScript no figure will be drawn: no "Drawing the diagram" note, on screen or in print
    (the panel's static note and table say what the default scenario shows)."""
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(site_url + "notebooks/03-genetics.html", wait_until="load")
        note = "() => getComputedStyle(document.querySelector('.als-explorer .als-figure'), '::before').content"
        for media in ("print", "screen"):
            page.emulate_media(media=media)
            assert page.evaluate(note) in ("none", "normal"), media
        assert page.locator(".als-explorer .als-static-note").is_visible()  # the screen's text
    finally:
        ctx.close()


@pytest.mark.parametrize("path", CHAPTERS)
def test_chapter_figures_are_drawn(path: str, open_page: Any) -> None:
    page, log = open_page(path)
    for explorer_id in EXPLORERS_BY_PAGE[path]:
        page.wait_for_selector(f"{panel(explorer_id)}.als-ready")
        drawn = figure_state(page, explorer_id)
        assert drawn["svgNodes"] > 3, explorer_id
        assert_drawn(page, explorer_id, get(explorer_id).default())
    assert page.locator(".js-plotly-plot").count() >= len(EXPLORERS_BY_PAGE[path])
    figures_drawn = """() => Array.from(document.querySelectorAll('script[data-als-plot]'))
        .map(s => document.getElementById(s.dataset.alsPlot).querySelectorAll('.main-svg').length > 0)"""
    assert all(page.evaluate(figures_drawn)), path
    # The site's plotly.js is a partial bundle: a trace of a type it does not register is not drawn.
    unknown = """() => { const known = Object.keys(Plotly.PlotSchema.get().traces);
        return Array.from(document.querySelectorAll('.js-plotly-plot'))
            .flatMap(gd => gd.data.map(t => t.type || 'scatter')).filter(t => !known.includes(t)); }"""
    assert page.evaluate(unknown) == [], path
    assert log.problems() == [] and log.external == []


def test_site_serves_the_pinned_cartesian_bundle(built_site: Path) -> None:
    """The npm bundle of tools/plotly, copied as it is; never python plotly's full bundle."""
    served = built_site / "_static" / PLOTLY_SITE_NAME
    assert served.read_bytes() == (ROOT / PLOTLY_BUNDLE).read_bytes()
    assert f'"{PLOTLY_SITE_NAME}"' in (built_site / "_static" / "alsbook-explorer.js").read_text(encoding="utf-8")


def test_chapter1_toggle_changes_the_figure_and_back(open_page: Any) -> None:
    page, log = open_page("notebooks/01-overview.html")
    eid = "ch1-motor-pathway"
    page.locator(panel(eid)).get_by_label("upper motor neurons").check()
    assert_drawn(page, eid, (1,))
    page.locator(panel(eid)).get_by_label("lower motor neurons").check()
    assert_drawn(page, eid, (2,))
    page.locator(panel(eid)).get_by_label("both").check()
    assert_drawn(page, eid, (0,))
    assert log.problems() == []


@pytest.mark.parametrize("path", CHAPTERS)
def test_each_explorer_changes_diagram_and_curves(path: str, open_page: Any) -> None:
    """Some control of every explorer changes what is drawn; undoing it restores the default."""
    page, log = open_page(path)
    for explorer_id in EXPLORERS_BY_PAGE[path]:
        exp = get(explorer_id)
        before = figure_state(page, explorer_id)
        inputs = page.locator(f"{panel(explorer_id)} input")
        changed = False
        for i in range(inputs.count()):
            box = inputs.nth(i)
            if box.get_attribute("type") == "radio" and box.is_checked():
                continue
            previous = None
            if box.get_attribute("type") == "radio":
                group = page.locator(f'{panel(explorer_id)} input[name="{box.get_attribute("name")}"]')
                previous = next(group.nth(j) for j in range(group.count()) if group.nth(j).is_checked())
                box.check()
            else:
                box.click()
            after = figure_state(page, explorer_id)
            if after["slots"] != before["slots"]:
                changed = True
                if hasattr(exp.view, "view"):  # disease explorers: colours or survival curves move
                    moved = [
                        k for k in ("activity", "current:UMN", "current:LMN") if after["slots"][k] != before["slots"][k]
                    ]
                    assert moved, explorer_id
                    painted = page.locator(panel(explorer_id)).get_attribute("data-painted")
                    assert painted == str(after["state"]), f"{explorer_id}: the fast repaint did not run"
            previous.check() if previous is not None else box.click()
            assert_drawn(page, explorer_id, exp.default())
            if changed:
                break
        assert changed, explorer_id
    assert log.problems() == []


def test_hash_round_trips(open_page: Any, site_url: str) -> None:
    page, _ = open_page("notebooks/07-summary-and-therapies.html")
    root = page.locator(panel("ch7-integrated"))
    root.get_by_label("SOD1", exact=True).check()
    root.get_by_label("tofersen").check()
    root.get_by_label("Block glutamate excitotoxicity").check()
    url = page.url
    month = get("ch7-integrated").view.view.snapshot
    assert f"#ch7-integrated=SOD1.tofersen.1.0.0.0.0.m{month}" in url
    page2, log2 = open_page("notebooks/07-summary-and-therapies.html" + url.split(".html", 1)[1])
    choice = (1, 3, 1, 0, 0, 0, 0)
    assert_drawn(page2, "ch7-integrated", choice)
    assert log2.problems() == []


@pytest.mark.parametrize(
    "fragment",
    [
        "#ch7-integrated=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
        "#ch7-integrated=SOD1.nonsense.1.0.0.0.0",
        "#ch7-integrated=",
        "#%E0%A4%A",
        "#ch7-integrated=" + "A." * 3000,
    ],
)
def test_hostile_hash_is_ignored_and_panel_works(fragment: str, open_page: Any) -> None:
    page, log = open_page("notebooks/07-summary-and-therapies.html" + fragment)
    eid = "ch7-integrated"
    assert_drawn(page, eid, get(eid).default())
    assert log.dialogs == []
    assert page.locator("img[src=x]").count() == 0
    page.locator(panel(eid)).get_by_label("FUS", exact=True).check()
    assert_drawn(page, eid, (4, 0, 0, 0, 0, 0, 0))
    assert [p for p in log.problems() if "URI" not in p[1]] == []


def test_rapid_toggling_ends_in_the_last_state(open_page: Any) -> None:
    page, log = open_page("notebooks/07-summary-and-therapies.html")
    root = page.locator(panel("ch7-integrated"))
    boxes = root.locator('input[type="checkbox"]')
    for _ in range(3):
        for i in range(boxes.count()):
            boxes.nth(i).click()
    root.get_by_label("C9orf72", exact=True).click()
    root.get_by_label("riluzole").click()
    boxes.nth(0).click()
    assert_drawn(page, "ch7-integrated", (2, 1, 0, 1, 1, 1, 1))
    assert log.problems() == []


PINNED_CURVES = """(id) => {
    const gd = document.querySelector(`div.als-explorer[data-als-explorer="${id}"] .als-figure`);
    const out = {};
    for (const t of gd.data) if (t.uid.startsWith('pinned:')) out[t.uid] = Array.from(t.y);
    return out; }"""


def test_compare_mode_pins_a_scenario(open_page: Any) -> None:
    page, log = open_page("notebooks/07-summary-and-therapies.html")
    eid = "ch7-integrated"
    root = page.locator(panel(eid))
    root.get_by_label("SOD1", exact=True).check()
    root.locator(".als-pin").click()
    pinned = expected(eid, (1, 0, 0, 0, 0, 0, 0))
    root.get_by_label("tofersen").check()
    assert_drawn(page, eid, (1, 3, 0, 0, 0, 0, 0))
    curves = page.evaluate(PINNED_CURVES, eid)
    pins = get(eid).view.pins()
    assert set(curves) == set(pins.values())
    for slot_name, uid in pins.items():
        assert curves[uid] == pytest.approx(pinned[slot_name], abs=0.06)
    assert_drawn(page, eid, (1, 3, 0, 0, 0, 0, 0))
    assert "Pinned" in root.locator(".als-pinned").inner_text()
    assert log.problems() == []


def test_every_disease_explorer_can_pin_and_a_pinned_link_survives_reload(open_page: Any) -> None:
    """ "Compare with..." on every explorer that draws curves; the pinned scenario is in the address,
    so reloading (or sharing) the link shows the same comparison beside the same current state."""
    with_curves = [e for p in CHAPTERS for e in EXPLORERS_BY_PAGE[p] if getattr(get(e).view, "pins", dict)()]
    assert len(with_curves) >= 7
    assert all(get(e).compare for e in with_curves)
    page, log = open_page("notebooks/03-genetics.html")
    eid = "ch3-genes"
    root = page.locator(panel(eid))
    root.get_by_label("SOD1", exact=True).check()
    root.locator(".als-pin").click()
    root.get_by_label("FUS", exact=True).check()
    assert_drawn(page, eid, (4, 0))
    page.wait_for_function("() => /p\\d+/.test(location.hash)")
    page.reload(wait_until="load")
    assert_drawn(page, eid, (4, 0))
    pinned = expected(eid, (1, 0))
    page.wait_for_function(
        '(id) => document.querySelector(`div.als-explorer[data-als-explorer="${id}"] .als-pinned`).textContent',
        arg=eid,
    )
    curves = page.evaluate(PINNED_CURVES, eid)
    scales = {s["name"]: s["scale"] for s in get(eid).view.slot_specs()}
    for slot_name, uid in get(eid).view.pins().items():  # the table stores values rounded to 1/scale
        assert curves[uid] == pytest.approx(pinned[slot_name], abs=0.5 / scales[slot_name] + 1e-9)
    assert log.problems() == []


BOXES = """(id) => {
    /* The box trace as it is on screen: each box's fill and ring width, and its label's text. */
    const gd = document.querySelector(`div.als-explorer[data-als-explorer="${id}"] .als-figure`);
    const uid = window.ALSBOOK[id].paint.trace;
    const group = Array.from(gd.querySelectorAll('.scatterlayer .trace'))
        .find(g => g.__data__ && g.__data__[0] && g.__data__[0].trace.uid === uid);
    const texts = group.querySelectorAll('text');
    return Array.from(group.querySelectorAll('path.point')).map((p, i) => {
        const style = getComputedStyle(p);
        return [style.fill.match(/\\d+/g).map(Number), style.strokeWidth, texts[i].textContent];
    });
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_painted_boxes_equal_plotlys_own_drawing(width: int, open_page: Any) -> None:
    """After a click the panel paints the boxes' colours, rings and percentages into the SVG Plotly
    drew, and Plotly redraws only the other traces: what the reader sees must be what a full Plotly
    redraw of the same state draws (colour channels within 1 of 255)."""
    page, log = open_page("notebooks/07-summary-and-therapies.html", width=width)
    eid = "ch7-integrated"
    root = page.locator(panel(eid))
    root.get_by_label("SOD1", exact=True).check()
    root.get_by_label("tofersen").check()
    root.get_by_label("Block glutamate excitotoxicity").check()
    assert_drawn(page, eid, (1, 3, 1, 0, 0, 0, 0))
    painted = page.evaluate(BOXES, eid)
    page.evaluate(f"() => Plotly.redraw(document.querySelector('{panel(eid)} .als-figure'))")
    drawn = page.evaluate(BOXES, eid)
    assert len(painted) == len(drawn) > 3
    for (fill, ring, text), (fill2, ring2, text2) in zip(painted, drawn, strict=True):
        assert (ring, text) == (ring2, text2)
        assert max(abs(a - b) for a, b in zip(fill, fill2, strict=True)) <= 1, (fill, fill2, text)
    assert log.problems() == []


def test_explorer_text_equivalent_updates(open_page: Any) -> None:
    page, _ = open_page("notebooks/03-genetics.html")
    root = page.locator(panel("ch3-genes"))
    before = root.locator(".als-table td").all_text_contents()
    summary_before = root.locator(".als-summary").inner_text()
    root.get_by_label("SOD1", exact=True).check()
    assert root.locator(".als-table td").all_text_contents() != before
    assert root.locator(".als-summary").inner_text() != summary_before


def test_page_weights_within_budget(built_site: Path) -> None:
    """Each chapter's own weight at first load (its HTML, and its explorers' tables or, for a split
    table, its main script and its largest part) <= 1.5 MB."""
    for path in CHAPTERS:
        html = (built_site / path).read_text(encoding="utf-8")
        size = len(html.encode())
        for explorer_id in EXPLORERS_BY_PAGE[path]:
            size += (built_site / "_explorers" / f"{explorer_id}.js").stat().st_size
            parts = list((built_site / "_explorers").glob(f"{explorer_id}.*.js"))
            size += max((p.stat().st_size for p in parts), default=0)
        assert size <= 1.5 * 1024 * 1024, (path, size)


def test_split_table_loads_its_parts_on_demand(open_page: Any) -> None:
    """ch7's table is split by genetic background: choosing one loads its part, and only then."""
    page, log = open_page("notebooks/07-summary-and-therapies.html")
    eid = "ch7-integrated"
    loaded = lambda: page.evaluate("() => Object.keys(window.ALSBOOK).filter(k => k.startsWith('ch7-integrated.'))")  # noqa: E731
    assert_drawn(page, eid, get(eid).default())
    assert loaded() == ["ch7-integrated.0"]
    page.locator(panel(eid)).get_by_label("TARDBP", exact=True).check()
    assert_drawn(page, eid, (3, 0, 0, 0, 0, 0, 0))
    assert sorted(loaded()) == ["ch7-integrated.0", "ch7-integrated.3"]
    assert log.problems() == [] and log.failed == []


LABEL_BOXES = """(id) => {
    /* Every piece of text the reader sees in a panel's figure (box labels, band names, legend,
       annotations): its words and its box on screen, and the figure's own box. */
    const root = document.querySelector(`div.als-explorer[data-als-explorer="${id}"]`);
    const svg = root.querySelector('.main-svg').getBoundingClientRect();
    const boxes = [];
    root.querySelectorAll('.scatterlayer .textpoint text, .infolayer .annotation text, .legend text')
      .forEach(t => {
        const r = t.getBoundingClientRect();
        if (r.width >= 1 && t.textContent.trim())
          boxes.push({text: t.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom});
      });
    return {boxes: boxes, figure: {x0: svg.left, x1: svg.right}};
}"""


def collisions(drawn: dict[str, Any], gap: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of label boxes closer than ``gap`` pixels, and labels reaching outside the figure."""
    boxes, fig = drawn["boxes"], drawn["figure"]
    out = [(b["text"], "outside the figure") for b in boxes if b["x0"] < fig["x0"] - 1 or b["x1"] > fig["x1"] + 1]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            w = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            h = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
            if w > -gap and h > -gap:
                out.append((a["text"], b["text"]))
    return out


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", CHAPTERS)
def test_labels_are_named_and_never_collide(path: str, width: int, open_page: Any) -> None:
    """On a desktop and on a phone, every label of every explorer figure stands clear of the others
    and inside the figure, and the diagram's boxes carry names: the full label on a wide panel, the
    short name from the network data on a phone (plus the percentage in both)."""
    page, log = open_page(path, width=width)
    for eid in EXPLORERS_BY_PAGE[path]:
        page.locator(panel(eid)).scroll_into_view_if_needed()  # panels draw when they come into view
        page.wait_for_selector(f"{panel(eid)}.als-ready")
        drawn = page.evaluate(LABEL_BOXES, eid)
        assert collisions(drawn) == [], (eid, width)
        view = getattr(get(eid).view, "view", None)
        if view is None:  # the anatomy panels draw no network
            continue
        words = " ".join(b["text"] for b in drawn["boxes"])
        for node in view.node_ids():
            name = view.net.node(node).short if width < 560 else view.net.node(node).label
            assert name.replace(" ", "") in words.replace(" ", ""), (eid, width, name)
    assert log.problems() == []


EDGE_LINES = r"""(id) => {
    /* The drawn edges of a panel's diagram in screen pixels: one polyline per edge of the
       "activates" and "inhibits" traces, read from the SVG paths Plotly drew (mapped to the screen
       by each path's own transform), in the order of the traces' data; and each box (the node
       trace's markers) as its centre and radius. */
    const root = document.querySelector(`div.als-explorer[data-als-explorer="${id}"]`);
    const svg = root.querySelector('.main-svg');
    const screen = (el, x, y) => { const p = svg.createSVGPoint(); p.x = x; p.y = y;
                                   const q = p.matrixTransform(el.getScreenCTM()); return [q.x, q.y]; };
    const out = {edges: {}, boxes: []};
    for (const g of root.querySelectorAll('.subplot.xy .scatterlayer > .trace')) {
        const uid = g.__data__ && g.__data__[0] && g.__data__[0].trace.uid;
        if (uid === 'activates' || uid === 'inhibits') {
            /* Plotly draws a polyline as one path or as one path per leg: a piece that starts
               where the previous one ended continues it. */
            const lines = [];
            g.querySelectorAll('path.js-line').forEach(path => {
                path.getAttribute('d').split('M').filter(Boolean).forEach(part => {
                    const nums = (part.match(/-?[\d.]+(e-?\d+)?/g) || []).map(Number);
                    const pts = [];
                    for (let k = 0; k + 1 < nums.length; k += 2) pts.push(screen(path, nums[k], nums[k + 1]));
                    const last = lines[lines.length - 1], end = last && last[last.length - 1];
                    if (end && Math.abs(end[0] - pts[0][0]) < 0.01 && Math.abs(end[1] - pts[0][1]) < 0.01)
                        last.push(...pts.slice(1));
                    else lines.push(pts);
                });
            });
            out.edges[uid] = lines;
        }
        if (uid === 'nodes')
            g.querySelectorAll('path.point').forEach(pt => {
                const r = pt.getBoundingClientRect();
                out.boxes.push({x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2, r: r.width / 2});
            });
    }
    return out;
}"""


Point = tuple[float, float]


def _clip(a: Point, b: Point, box: dict[str, float]) -> bool:
    """Does the segment a-b pass through the inside of a text box (Liang-Barsky clipping)?"""
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - box["x0"]), (dx, box["x1"] - a[0]), (-dy, a[1] - box["y0"]), (dy, box["y1"] - a[1])):
        if p == 0:
            if q <= 0:
                return False
        elif p < 0:
            t0 = max(t0, q / p)
        else:
            t1 = min(t1, q / p)
    return t0 < t1


def _outside(line: list[Point], src: dict[str, float], dst: dict[str, float]) -> list[tuple[Point, Point]]:
    """The legs of a drawn edge without the parts inside its own source box and target box."""

    def cut(a: Point, b: Point, c: dict[str, float], at_start: bool) -> tuple[Point, Point] | None:
        length = ((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5 or 1.0
        end = a if at_start else b
        reach = c["r"] - ((end[0] - c["x"]) ** 2 + (end[1] - c["y"]) ** 2) ** 0.5  # box rim beyond the end
        t = max(0.0, reach) / length
        if t >= 1:
            return None
        p = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t) if at_start else a
        q = b if at_start else (b[0] - (b[0] - a[0]) * t, b[1] - (b[1] - a[1]) * t)
        return p, q

    legs: list[tuple[Point, Point]] = []
    for k, (a, b) in enumerate(zip(line, line[1:], strict=False)):
        leg: tuple[Point, Point] | None = (a, b)
        if k == 0 and leg:
            leg = cut(*leg, src, True)
        if k == len(line) - 2 and leg:
            leg = cut(*leg, dst, False)
        if leg:
            legs.append(leg)
    return legs


def edges_through_text(drawn: dict[str, Any], edges: dict[str, Any], view: Any) -> list[tuple[str, str]]:
    """(edge, text or box) pairs where a drawn edge passes through a label's box or another box."""
    ids = list(view.node_ids())
    boxes = edges["boxes"]
    out = []
    for uid, sign in (("activates", 1), ("inhibits", -1)):
        mine = [e for e in view.edges() if (e.sign > 0) == (sign > 0)]
        lines = edges["edges"].get(uid, [])
        assert len(lines) == len(mine), (uid, len(lines), len(mine))  # every edge drawn, one polyline each
        for e, line in zip(mine, lines, strict=True):
            src, dst = boxes[ids.index(e.src)], boxes[ids.index(e.dst)]
            legs = _outside([tuple(p) for p in line], src, dst)
            others = [
                (
                    f"box {n}",
                    {"x0": b["x"] - b["r"], "x1": b["x"] + b["r"], "y0": b["y"] - b["r"], "y1": b["y"] + b["r"]},
                )
                for n, b in zip(ids, boxes, strict=True)
                if n not in (e.src, e.dst)
            ]
            for name, box in [(b["text"], b) for b in drawn["boxes"]] + others:
                if any(_clip(a, b, box) for a, b in legs):
                    out.append((e.id, name))
    return out


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", CHAPTERS)
def test_edges_never_cross_labels(path: str, width: int, open_page: Any) -> None:
    """On a desktop and on a phone, no arrow of a network diagram runs through text: not through
    any box's label (its own source's and target's included), nor a cell-type band's title, the
    legend or the month note, nor through a box other than its own two.

    The rule, measured on what the reader sees (the SVG paths Plotly drew and the text's bounding
    boxes): every leg of every drawn edge, less the parts inside its own source box and target box
    (an arrow must start in one box and end at another), stays outside every text box. A label
    belongs to its box, but it is no exception: it hangs below its box, so an edge that left or
    entered the box through the label could have gone round it (alsbook.routing routes every edge
    around every label); crossing it is never unavoidable."""
    page, log = open_page(path, width=width)
    crossings = {}
    for eid in EXPLORERS_BY_PAGE[path]:
        view = getattr(get(eid).view, "view", None)
        if view is None:  # the anatomy panels draw no network
            continue
        page.locator(panel(eid)).scroll_into_view_if_needed()
        page.wait_for_selector(f"{panel(eid)}.als-ready")
        found = edges_through_text(page.evaluate(LABEL_BOXES, eid), page.evaluate(EDGE_LINES, eid), view)
        if found:
            crossings[eid] = found
    assert crossings == {}, (width, {k: len(v) for k, v in crossings.items()}, crossings)
    assert log.problems() == []


def test_diagram_is_laid_out_again_when_the_width_changes(open_page: Any) -> None:
    """Rotating a phone (or resizing a window) re-lays the diagram out: full names on a wide panel,
    short names on a narrow one, and back."""
    page, log = open_page("notebooks/03-genetics.html")
    eid = "ch3-genes"
    page.wait_for_selector(f"{panel(eid)}.als-ready")
    net = get(eid).view.view.net
    full, short = net.node("tdp43_nuclear_loss").label, net.node("tdp43_nuclear_loss").short
    shown = f"""(name) => Array.from(document.querySelectorAll('{panel(eid)} .scatterlayer .textpoint text'))
                            .some(t => t.textContent.replace(/ /g, '').includes(name.replace(/ /g, '')))"""
    assert page.evaluate(shown, full)
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function(shown, arg=short)
    assert not page.evaluate(shown, full)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_function(shown, arg=full)
    assert log.problems() == []


def test_time_control_shows_the_cascade_month_by_month(open_page: Any) -> None:
    """The month slider recolours the boxes with that month's activities and writes the month on
    the figure, beside the slider, in the table's caption and in the address."""
    page, log = open_page("notebooks/03-genetics.html")
    eid = "ch3-genes"
    root = page.locator(panel(eid))
    page.wait_for_selector(f"{panel(eid)}.als-ready")
    view = get(eid).view.view
    for frame in (0, 3, len(view.frames()) - 1):
        root.locator(".als-month").fill(str(frame))
        got = figure_state(page, eid)
        assert got["frame"] == frame
        assert_drawn(page, eid, get(eid).default())
        month = view.frames()[frame]
        texts = page.evaluate(
            f"() => document.querySelector('{panel(eid)} .als-figure').layout.annotations.map(a => a.text)"
        )
        assert f"Box colours: activity at month {month} of the simulated course" in texts
        assert root.locator(".als-month-out").inner_text() == f"month {month}"
        assert f"month {month}" in (root.locator(".als-table caption").text_content() or "")
        assert page.url.endswith(f".m{month}")
    assert log.problems() == []


def test_play_steps_through_the_months(open_page: Any) -> None:
    page, log = open_page("notebooks/05-neuroinflammation.html")
    eid = "ch5-inflammation-timing"
    root = page.locator(panel(eid))
    page.wait_for_selector(f"{panel(eid)}.als-ready")
    start = int(root.get_attribute("data-frame") or 0)
    root.locator(".als-play").click()
    page.wait_for_function(
        f"() => Number(document.querySelector('{panel(eid)}').dataset.frame) >= {start + 2}", timeout=10_000
    )
    root.locator(".als-play").click()  # pause
    assert root.locator(".als-play").get_attribute("aria-pressed") == "false"
    assert_drawn(page, eid, get(eid).default())
    assert log.problems() == []


def test_shared_link_survives_in_page_navigation_and_scrolls_to_its_explorer(open_page: Any) -> None:
    eid = "ch3-genes"
    exp = get(eid)
    month = exp.view.view.frames()[2]
    page, log = open_page(f"notebooks/03-genetics.html#{eid}=SOD1.1.m{month}", read=False)
    choice = (1, 1)
    assert_drawn(page, eid, choice)
    top = page.evaluate(f"() => document.querySelector('{panel(eid)}').getBoundingClientRect().top")
    assert abs(top) < 200, "a shared link opens at its explorer"
    page.locator(".bd-toc-nav a, nav.bd-links a[href^='#']").first.click()  # a link in the page's contents
    page.wait_for_function(f"() => location.hash.includes('{eid}=SOD1.1.m{month}')")
    page.reload()
    assert_drawn(page, eid, choice)
    assert log.problems() == []


def test_an_unreadable_link_says_so_and_shows_the_default(open_page: Any) -> None:
    eid = "ch3-genes"
    page, log = open_page(f"notebooks/03-genetics.html#{eid}=SOD9.1")
    assert_drawn(page, eid, get(eid).default())
    assert "could not be read" in page.locator(f"{panel(eid)} .als-link-note").inner_text()
    assert log.problems() == []


def test_csv_download_holds_the_curves_the_model_computes(open_page: Any) -> None:
    import csv
    import io
    from urllib.parse import unquote as decode

    import alsbook

    page, log = open_page("notebooks/03-genetics.html")
    eid = "ch3-genes"
    root = page.locator(panel(eid))
    root.get_by_label("SOD1", exact=True).check()
    assert_drawn(page, eid, (1, 0))
    href = root.locator("a.als-csv").get_attribute("href") or ""
    assert href.startswith("data:text/csv")
    rows = list(csv.DictReader(io.StringIO(decode(href.split(",", 1)[1]))))
    view = get(eid).view.view
    r = alsbook.simulate(mutations=("SOD1",), months=view.months)
    assert [int(float(row["month"])) for row in rows] == list(range(0, view.months + 1, CURVE_STEP))
    assert [float(row["LMN"]) for row in rows] == pytest.approx(r.motor_neurons["LMN"][::CURVE_STEP], abs=1e-3)
    assert [float(row["score"]) for row in rows] == pytest.approx(r.alsfrs_r[::CURVE_STEP], abs=0.1)
    caption = root.locator(".als-print-caption").text_content() or ""
    assert "Genetic background: SOD1" in caption and f"month {view.snapshot}" in caption
    assert log.problems() == []


def test_exercises_are_numbered_within_their_chapter(built_site: Path) -> None:
    import re

    for path in CHAPTERS:
        html = (built_site / path).read_text(encoding="utf-8")
        chapter = int(Path(path).name[:2])
        numbers = sorted({(int(a), int(b)) for a, b in re.findall(r"Exercise (\d+)\.(\d+)", html)})
        assert numbers, path
        assert numbers == [(chapter, k) for k in range(1, len(numbers) + 1)], (path, numbers)


def test_model_page_shows_the_robustness_table_the_model_computes(built_site: Path) -> None:
    from html import unescape

    from alsbook.sensitivity import robustness, table_markdown

    page = unescape((built_site / "book" / "model.html").read_text(encoding="utf-8")).replace("\u2019", "'")
    rows = [r for r in table_markdown(robustness()).splitlines()[2:] if r.startswith("|")]
    assert rows
    for row in rows:
        lesson, _, share = [c.strip() for c in row.strip("|").split("|")]
        assert lesson in page and share in page, row


def test_model_page_draws_the_robustness_bands(open_page: Any) -> None:
    """The band figure on the model page is drawn, with one calibrated line per genetic background
    whose values are the model's (read from the page, compared with a fresh computation)."""
    from alsbook.sensitivity import bands

    page, log = open_page("book/model.html")
    page.wait_for_function("() => document.querySelector('#als-robustness-bands .main-svg')")
    lines = page.evaluate(
        """() => document.getElementById('als-robustness-bands').data
                   .filter(t => t.showlegend !== false).map(t => [t.name, Array.from(t.y)])"""
    )
    want = bands()
    assert [name for name, _ in lines] == [b.label for b in want]
    for (_, y), band in zip(lines, want, strict=True):
        assert y == pytest.approx(band.score, abs=0.006)
    assert log.problems() == []


def test_the_jupyterlab_copy_note_stays_off_the_website(built_site: Path) -> None:
    for path in CHAPTERS:
        assert "Save Notebook As" not in (built_site / path).read_text(encoding="utf-8"), path
