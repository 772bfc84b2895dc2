"""The site's FontAwesome fonts are subsets (alsbook.fonts), and every icon still renders.

Fast tier: the subsetting itself, on a small site made of the theme's own CSS and fonts; and the
glyph check that the browser tests use, shown to fail when a glyph is missing.
Site tier: the shipped fonts are far smaller than the theme's; in headless Chromium, every element
and pseudo-element that the browser draws in a FontAwesome font (a few pages, phone and desktop
widths, light and dark) has its characters in the cmap of the font file the browser uses, the faces
load without error, and the header and an admonition look pixel for pixel the same with the
theme's original fonts as with the subsets.
"""

from __future__ import annotations

import re
import shutil
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pydata_sphinx_theme
import pytest
from conftest import ROOT

from alsbook import fonts

THEME_STATIC = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
WEBFONTS = Path("_static/vendor/fontawesome/webfonts")
#: The theme's three FontAwesome fonts, by the face the browser picks (family and weight).
FACES = {"solid": "fa-solid-900", "regular": "fa-regular-400", "brands": "fa-brands-400"}
FORMATS = ("woff2", "ttf")
ARTEFACTS = ROOT / "_build" / "test-artefacts" / "fonts"


def theme_original(name: str) -> Path:
    return THEME_STATIC / "vendor" / "fontawesome" / "webfonts" / name


def cmap(path: Path | bytes) -> set[int]:
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(path) if isinstance(path, bytes) else path)
    return set(font.getBestCmap())


def face_of(family: str, weight: str) -> str | None:
    """The font the browser draws with for a computed ``font-family`` and ``font-weight``: the
    first FontAwesome family of the list; "Free" has a 400 (regular) and a 900 (solid) face, and
    CSS font matching takes 900 for any weight above 500."""
    names = [f.strip().strip("\"'") for f in family.split(",")]
    fa = next((n for n in names if "font awesome" in n.lower()), None)
    if fa is None:
        return None
    if "brands" in fa.lower():
        return "brands"
    if "free" in fa.lower():
        return "solid" if float(weight) > 500 else "regular"
    raise AssertionError(f"a FontAwesome family the site does not ship: {fa!r}")


def missing_glyphs(observed: Iterable[dict[str, Any]], cmaps: dict[tuple[str, str], set[int]]) -> list[str]:
    """What the browser draws in a FontAwesome font whose file (each of woff2 and ttf) lacks the
    character: ``observed`` as :data:`COLLECT` returns it, ``cmaps`` by (face, format)."""
    problems = []
    for item in observed:
        face = face_of(item["family"], item["weight"])
        assert face is not None, item
        for fmt in FORMATS:
            for char in item["chars"]:
                if char not in cmaps[(face, fmt)]:
                    problems.append(f"U+{char:04X} of {item['where']} ({face}) is not in {FACES[face]}.{fmt}")
    return problems


# ----------------------------------------------------------------------------------------------------
# Fast tier: the subsetting on a small site built from the theme's own files.


def _icon(css: str, name: str) -> int:
    """An icon's character, read straight from the theme's CSS (``.fa-sun:before{content:"\\f185"}``)."""
    found = re.search(rf'\.{name}:before[^{{}}]*\{{content:"\\([0-9a-f]+)', css)
    assert found, name
    return int(found.group(1), 16)


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The theme's CSS and fonts, a page that names one icon, a script that names another, and CSS
    that uses two private-use characters outside the icon classes."""
    site = tmp_path_factory.mktemp("site")
    shutil.copytree(THEME_STATIC / "styles", site / "_static" / "styles")
    shutil.copytree(THEME_STATIC / "vendor", site / "_static" / "vendor")
    (site / "index.html").write_text('<p><i class="fa-solid fa-sun"></i></p>', encoding="utf-8")
    (site / "_static" / "app.js").write_text('icon.classList = "fa-solid fa-moon";', encoding="utf-8")
    (site / "_static" / "extra.css").write_text(
        '.note::after{content:"\\f015";font-family:"Font Awesome 6 Free"}\n'
        "@media (min-width: 1px) { :root { --my-icon: '\\f1e6'; } }\n",
        encoding="utf-8",
    )
    (site / "_static" / "alsbook.css").write_text("p { color: black; }\n", encoding="utf-8")
    fonts.subset_site(site, [THEME_STATIC])
    fonts.inline_face(site, site / "_static" / "alsbook.css")
    return site


@pytest.mark.fast
def test_subset_keeps_what_the_site_names_and_drops_the_rest(mini_site: Path) -> None:
    css = (THEME_STATIC / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    named = {_icon(css, "fa-sun"), _icon(css, "fa-moon")}
    elsewhere = {0xF015, 0xF1E6}  # extra.css: a content value and a custom property inside @media
    # The theme writes its icon custom properties with the characters themselves, not escapes.
    admonition = {ord(c) for c in re.findall('--pst-icon-[a-z-]+:"([\ue000-\uf8ff])"', css)}
    unnamed = {_icon(css, "fa-anchor"), _icon(css, "fa-house-user")}
    assert admonition and not unnamed & (named | elsewhere | admonition)
    solid = cmap(mini_site / WEBFONTS / "fa-solid-900.woff2")
    for char in named | elsewhere | admonition:
        if char in cmap(theme_original("fa-solid-900.woff2")):
            assert char in solid, f"U+{char:04X}"
    assert named | elsewhere <= solid
    assert not unnamed & solid
    brands = cmap(mini_site / WEBFONTS / "fa-brands-400.ttf")
    assert brands == admonition & cmap(theme_original("fa-brands-400.ttf"))  # --pst-icon-github, -gitlab
    for name in (f"{face}.{fmt}" for face in FACES.values() for fmt in FORMATS):
        assert (mini_site / WEBFONTS / name).stat().st_size < theme_original(name).stat().st_size / 4, name


@pytest.mark.fast
def test_subset_is_reproducible(mini_site: Path, tmp_path: Path) -> None:
    shipped = mini_site / WEBFONTS / "fa-solid-900.woff2"
    again = tmp_path / shipped.name
    fonts.subset_font(theme_original(shipped.name), again, cmap(shipped))
    assert again.read_bytes() == shipped.read_bytes()
    # Byte for byte in any second: the subset keeps the original's timestamp.
    from fontTools.ttLib import TTFont

    assert TTFont(again)["head"].modified == TTFont(theme_original(shipped.name))["head"].modified


def inlined_woff2(stylesheet: Path | str) -> bytes:
    """The woff2 font of the ``data:`` URL that :func:`alsbook.fonts.inline_face` put in a stylesheet
    (a file, or its text)."""
    import base64

    text = stylesheet.read_text(encoding="utf-8") if isinstance(stylesheet, Path) else stylesheet
    found = re.findall(r"url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)", text)
    assert len(found) == 1, f"the stylesheet should hold one inlined woff2 font, holds {len(found)}"
    return base64.b64decode(found[0])


@pytest.mark.fast
def test_the_header_face_is_inlined_once_after_the_stylesheet(mini_site: Path) -> None:
    css = mini_site / "_static" / "alsbook.css"
    text = css.read_text(encoding="utf-8")
    assert text.startswith("p { color: black; }\n")
    assert inlined_woff2(css) == (mini_site / WEBFONTS / "fa-solid-900.woff2").read_bytes()
    rule = text[text.index("@font-face") :]
    for descriptor in ('font-family: "Font Awesome 6 Free"', "font-weight: 900", "font-display: block"):
        assert descriptor in rule, descriptor
    fallback = re.search(r'url\(([^)]+\.ttf)\) format\("truetype"\)', rule)
    assert fallback and (css.parent / fallback.group(1)).resolve() == (mini_site / WEBFONTS / "fa-solid-900.ttf")
    fonts.inline_face(mini_site, css)  # a second run replaces its rule
    assert css.read_text(encoding="utf-8") == text


@pytest.mark.fast
def test_an_unreadable_font_fails_with_its_name(tmp_path: Path) -> None:
    broken = tmp_path / "static" / "fa-solid-900.woff2"
    broken.parent.mkdir()
    broken.write_bytes(b"not a font")
    with pytest.raises(fonts.FontSubsetError, match=r"fontTools could not subset .*fa-solid-900\.woff2"):
        fonts.subset_font(broken, tmp_path / "site" / broken.name, {0xF002})
    with pytest.raises(fonts.FontSubsetError, match=r"no original of the site's font _static/webfonts/x\.woff2"):
        fonts.find_original(Path("webfonts/x.woff2"), [tmp_path / "static"])


@pytest.mark.fast
def test_the_glyph_check_fails_when_a_glyph_is_missing(tmp_path: Path) -> None:
    """The check of the browser tests, on subsets made with and without the sun of the theme switch."""
    sun, magnifier = 0xF185, 0xF002
    seen = [{"family": '"Font Awesome 6 Free"', "weight": "900", "chars": [sun, magnifier], "where": "i.fa-sun"}]
    good, bad = {}, {}
    for fmt in FORMATS:
        out = tmp_path / f"fa-solid-900.{fmt}"
        fonts.subset_font(theme_original(out.name), out, {magnifier})
        good[("solid", fmt)], bad[("solid", fmt)] = cmap(theme_original(out.name)), cmap(out)
    assert missing_glyphs(seen, good) == []
    assert missing_glyphs(seen, bad) == [f"U+F185 of i.fa-sun (solid) is not in fa-solid-900.{fmt}" for fmt in FORMATS]
    assert face_of('"Font Awesome 6 Free"', "400") == "regular"
    assert face_of('"Font Awesome 6 Brands"', "400") == "brands"
    assert face_of("Inter, sans-serif", "900") is None


# ----------------------------------------------------------------------------------------------------
# Site tier: the built book.


def test_shipped_fonts_are_far_smaller_than_the_themes(built_site: Path) -> None:
    total_site = total_theme = 0
    for original in sorted(theme_original("").glob("*")):
        shipped = built_site / WEBFONTS / original.name
        assert shipped.is_file(), shipped
        assert cmap(shipped), f"{shipped} is not a font fontTools can read"
        site_size, theme_size = shipped.stat().st_size, original.stat().st_size
        assert site_size < theme_size / 5, (original.name, site_size, theme_size)
        total_site, total_theme = total_site + site_size, total_theme + theme_size
    assert total_theme and total_site < total_theme / 20, (total_site, total_theme)


def test_shipped_fonts_are_the_subsets_of_the_finished_site(built_site: Path, tmp_path: Path) -> None:
    """The build subsets after the last page and script are written: redoing it now changes nothing;
    the header's face inlined into alsbook.css is the shipped solid woff2."""
    chars = fonts.site_codepoints(built_site)
    for face in FACES.values():
        for fmt in FORMATS:
            again = tmp_path / f"{face}.{fmt}"
            fonts.subset_font(theme_original(again.name), again, chars)
            assert again.read_bytes() == (built_site / WEBFONTS / again.name).read_bytes(), again.name
    inlined = inlined_woff2(built_site / "_static" / "alsbook.css")
    assert inlined == (built_site / WEBFONTS / "fa-solid-900.woff2").read_bytes()


#: Every element and ::before/::after pseudo-element whose computed font-family names FontAwesome
#: and whose text (an element's own text nodes) or computed ``content`` holds a private-use character.
COLLECT = """() => {
  const pua = /[\\uE000-\\uF8FF]/u;
  const where = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].slice(0, 3).map((c) => '.' + c).join('');
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    for (const pseudo of [null, '::before', '::after']) {
      const style = getComputedStyle(el, pseudo);
      if (!/font awesome/i.test(style.fontFamily)) continue;
      const text = pseudo ? style.content
        : [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.data).join('');
      const chars = [...(text || '')].filter((c) => pua.test(c)).map((c) => c.codePointAt(0));
      if (!chars.length) continue;
      const box = el.getBoundingClientRect();
      found.push({family: style.fontFamily, weight: style.fontWeight, chars,
                  where: where(el) + (pseudo || ''),
                  shown: style.display !== 'none' && box.width > 0 && box.height > 0});
    }
  }
  return found;
}"""

#: Load every FontAwesome face the page uses (hidden icons' faces too), then report each face's status.
FACE_STATUS = """async (wanted) => {
  for (const [font, text] of wanted) { try { await document.fonts.load(font, text); } catch (e) {} }
  await document.fonts.ready;
  return [...document.fonts].filter((f) => /font awesome/i.test(f.family))
    .map((f) => ({family: f.family, weight: f.weight, status: f.status}));
}"""

PAGES = ["book/index.html", "notebooks/03-genetics.html", "book/glossary.html", "search.html"]


@pytest.fixture(scope="module")
def served_cmaps(site_url: str) -> dict[tuple[str, str], set[int]]:
    """The cmaps of the font files as the site serves them (the solid woff2 is also the one inlined
    into alsbook.css, which is what the browser draws the solid icons with)."""
    found = {}
    for face, name in FACES.items():
        for fmt in FORMATS:
            with urllib.request.urlopen(f"{site_url}{WEBFONTS.as_posix()}/{name}.{fmt}") as response:
                found[(face, fmt)] = cmap(response.read())
    with urllib.request.urlopen(f"{site_url}_static/alsbook.css") as response:
        assert cmap(inlined_woff2(response.read().decode("utf-8"))) == found[("solid", "woff2")]
    return found


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("page_path", PAGES)
def test_every_icon_the_browser_draws_is_in_its_font(
    open_page: Any, served_cmaps: dict[tuple[str, str], set[int]], page_path: str, width: int
) -> None:
    page, log = open_page(page_path, width=width)
    for theme in ("light", "dark"):
        # What the theme switch sets (data-mode picks which of its three icons shows).
        page.evaluate(f"() => {{ const d = document.documentElement.dataset; d.mode = d.theme = '{theme}'; }}")
        observed = page.evaluate(COLLECT)
        shown = [o for o in observed if o["shown"]]
        # The header's buttons (search, theme switch, fullscreen, sidebar toggles) are icons on every page.
        assert len(shown) >= 4, (theme, observed)
        assert any(0xF002 in o["chars"] for o in observed), "the search button's magnifying glass"
        problems = missing_glyphs(observed, served_cmaps)
        assert not problems, f"{page_path} at {width} px, {theme}:\n" + "\n".join(problems)
        wanted = sorted({(f"{o['weight']} 16px {o['family']}", "".join(chr(c) for c in o["chars"])) for o in observed})
        statuses = page.evaluate(FACE_STATUS, wanted)
        assert all(s["status"] != "error" for s in statuses), statuses
        used = {face_of(o["family"], o["weight"]) for o in observed}
        loaded = {face_of(s["family"], s["weight"]) for s in statuses if s["status"] == "loaded"}
        assert used <= loaded, (used, statuses)
    assert not log.problems(), log.problems()
    assert not log.failed, log.failed


def _route_fonts(page: Any, replacement: dict[str, bytes]) -> None:
    """Serve the given bytes for the named font files and stylesheets, the site's files otherwise."""
    types = {"woff2": "font/woff2", "ttf": "font/ttf", "css": "text/css"}

    def handle(route: Any) -> None:
        name = route.request.url.split("?")[0].rsplit("/", 1)[-1]
        if name in replacement:
            route.fulfill(status=200, body=replacement[name], content_type=types[name.rsplit(".", 1)[-1]])
        else:
            route.continue_()

    page.route("**/webfonts/*", handle)
    page.route("**/_static/*.css*", handle)


def _shots(browser: Any, url: str, width: int, replacement: dict[str, bytes]) -> dict[str, bytes]:
    """Screenshots of the header bar, the article header's buttons and the first admonition."""
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = ctx.new_page()
        _route_fonts(page, replacement)
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.evaluate("() => document.fonts.ready.then(() => true)")
        shots = {}
        for label, selector in (("header", ".bd-header-article"), ("admonition", ".admonition")):
            element = page.locator(selector).first
            element.scroll_into_view_if_needed()
            shots[label] = element.screenshot(animations="disabled", caret="hide")
        return shots
    finally:
        ctx.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("page_path", ["book/index.html", "notebooks/03-genetics.html"])
def test_icons_look_the_same_as_with_the_themes_fonts(
    browser: Any, built_site: Path, site_url: str, page_path: str, width: int, tmp_path: Path
) -> None:
    """Pixel for pixel: the header's icons and an admonition's title icon, drawn with the theme's
    original fonts (and alsbook.css without the inlined face) and with the site as built; and a
    subset without the sidebar toggle's glyph visibly differs (the comparison can fail)."""
    plain_css = {"alsbook.css": (ROOT / "alsbook" / "static" / "alsbook.css").read_bytes()}
    originals = {f"{name}.woff2": theme_original(f"{name}.woff2").read_bytes() for name in FACES.values()}
    url = site_url + page_path
    before = _shots(browser, url, width, {**plain_css, **originals})
    after = _shots(browser, url, width, {})
    short = tmp_path / "fa-solid-900.woff2"
    bars = _icon((THEME_STATIC / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8"), "fa-bars")
    fonts.subset_font(theme_original(short.name), short, fonts.site_codepoints(built_site) - {bars})
    broken = _shots(browser, url, width, {**plain_css, short.name: short.read_bytes()})
    stem = f"{page_path.replace('/', '_')}-{width}"
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for label in before:
        for kind, shots in (("theme", before), ("subset", after)):
            (ARTEFACTS / f"{stem}-{label}-{kind}.png").write_bytes(shots[label])
        assert before[label] == after[label], f"{label} differs: see {ARTEFACTS}/{stem}-{label}-*.png"
    (ARTEFACTS / f"{stem}-header-missing-glyph.png").write_bytes(broken["header"])
    assert broken["header"] != after["header"], "a missing glyph (the sidebar toggle's) should change the header"
