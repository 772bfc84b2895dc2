"""Subset the theme's FontAwesome web fonts to the glyphs the built site can show.

Why: pydata-sphinx-theme declares FontAwesome 6 with ``font-display: block``, and the header's icons
make the browser fetch ``fa-solid-900.woff2`` (156 KB) before the first paint; on a slow phone
connection that font alone costs most of a second of first and largest contentful paint. The site
shows a few dozen of its 1,966 glyphs. After the build, :func:`subset_site` rewrites every FontAwesome
font file of the output folder (woff2 and the ttf fallback; the theme's package is never touched)
from the theme's original, keeping only:

* the glyphs of every ``fa-<name>`` icon class that any built page or any script of the site names
  (the theme's scripts add icons at run time, the announcement banner's close button for one),
  resolved to characters by the site's own FontAwesome rules (``.fa-sun:before{content:"\\f185"}``);
* every private-use character (U+E000-U+F8FF) that the site's CSS uses anywhere else: ``content``
  values and custom properties (admonition titles, external-link marks, the collapsed "On this page"
  arrow), and any such character in a page or a script.

Generous on purpose: a missing glyph is an empty box on a reader's screen, an extra glyph costs a few
hundred bytes. The same characters are kept in each of the three fonts (solid, regular, brands), as
far as each has them. The result depends only on the built site and the theme's files, so a build
is reproducible byte for byte (fontTools keeps the fonts' own timestamps).

Then :func:`inline_face` puts the subset of the face that every page's header draws (solid, weight
900: a few KB) into a stylesheet every page already loads, as a ``data:`` URL in an ``@font-face``
rule that overrides the theme's (the later of two rules with the same descriptors wins): the page
paints without waiting for a font request that only starts once the theme's CSS has arrived. A
``<link rel="preload">`` would start it earlier but logs CORS errors when the site is opened from
disk. The ttf fallbacks stay in the rules (and are subset too): no browser the theme supports needs
them (all take woff2), but they cost a reader nothing, and keeping them leaves the theme's CSS as is.
"""

from __future__ import annotations

import base64
import functools
import html
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tinycss2

#: The private use area of the Basic Multilingual Plane, where FontAwesome puts its icons.
PUA = range(0xE000, 0xF900)
#: A family name of the FontAwesome web fonts ("Font Awesome 6 Free", "Font Awesome 6 Brands").
FA_FAMILY = re.compile(r"font\s*awesome", re.IGNORECASE)
#: An icon class name as pages and scripts write it (``fa-magnifying-glass``).
CLASS_RE = re.compile(r"fa-[a-z0-9]+(?:-[a-z0-9]+)*")
#: One selector of FontAwesome's per-icon list: ``.fa-sun:before`` (or ``.fa-sun`` alone, for a
#: FontAwesome version that sets the character in a custom property of the class).
ICON_SELECTOR = re.compile(r"\.(fa-[a-z0-9-]+)(?:::?(?:before|after))?")
#: A private-use character, or its escape in a script's string (``"\uf303"``).
PUA_CHAR = re.compile("[\ue000-\uf8ff]")
JS_ESCAPE = re.compile(r"\\u([eE][0-9a-fA-F]{3}|[fF][0-8][0-9a-fA-F]{2})")
#: The at-rules whose blocks hold style rules.
NESTING_AT_RULES = {"media", "supports", "layer", "container", "document"}


class FontSubsetError(RuntimeError):
    """A FontAwesome font of the site could not be found, read or written."""


@dataclass(frozen=True)
class FontFace:
    """One ``@font-face`` rule of the site's CSS for a FontAwesome family."""

    family: str
    weight: str
    style: str
    display: str
    #: The CSS file that holds the rule.
    stylesheet: Path
    #: The font files its ``src`` names that the site holds, absolute paths.
    files: tuple[Path, ...]


@dataclass(frozen=True)
class Glyphs:
    """What the site's CSS says about FontAwesome characters."""

    #: Icon class (``fa-sun``) -> the characters its rules put on screen.
    icons: dict[str, frozenset[int]]
    #: Private-use characters of every other rule (``content``, custom properties).
    elsewhere: frozenset[int]


@dataclass(frozen=True)
class Subset:
    """One font file rewritten by :func:`subset_site`."""

    path: Path
    original_bytes: int
    subset_bytes: int
    glyphs: int


def _parse(css: Path) -> list[Any]:
    """The rules of a stylesheet, parsed once per version of the file (a build reads the theme's
    400 KB stylesheet several times)."""
    stat = css.stat()
    return _parse_cached(css.resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _parse_cached(css: Path, mtime_ns: int, size: int) -> list[Any]:
    text = css.read_text(encoding="utf-8")
    rules: list[Any] = tinycss2.parse_stylesheet(text, skip_whitespace=True, skip_comments=True)
    return rules


def _declarations(rule: Any) -> list[Any]:
    return [
        d
        for d in tinycss2.parse_blocks_contents(rule.content or [], skip_whitespace=True, skip_comments=True)
        if d.type == "declaration"
    ]


def _style_rules(rules: Iterable[Any]) -> Iterator[Any]:
    """Every qualified rule, including those inside ``@media`` and similar blocks."""
    for rule in rules:
        if rule.type == "qualified-rule":
            yield rule
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in NESTING_AT_RULES:
            yield from _style_rules(_parse_rule_list(rule.content))


def _parse_rule_list(tokens: Any) -> list[Any]:
    rules: list[Any] = tinycss2.parse_rule_list(tokens, skip_whitespace=True, skip_comments=True)
    return rules


def _strings(tokens: Iterable[Any]) -> Iterator[str]:
    """The string values among CSS tokens (escapes decoded), also inside functions like ``var()``."""
    for token in tokens:
        if token.type == "string":
            yield token.value
        elif getattr(token, "arguments", None) is not None:
            yield from _strings(token.arguments)
        elif getattr(token, "content", None) is not None and token.type in ("() block", "[] block", "{} block"):
            yield from _strings(token.content)


def _words(tokens: Iterable[Any]) -> str:
    """A declaration's value as plain words: ``Font Awesome\\ 6 Free`` -> ``Font Awesome 6 Free``."""
    kept = [t for t in tokens if t.type in ("ident", "string", "number")]
    return " ".join(t.representation if t.type == "number" else t.value for t in kept).strip()


def stylesheets(site: Path) -> list[Path]:
    """Every CSS file of the site, in a stable order."""
    return sorted(site.rglob("*.css"))


def font_faces(site: Path) -> list[FontFace]:
    """The site's ``@font-face`` rules of FontAwesome families, with the font files they name."""
    faces = []
    for css in stylesheets(site):
        for rule in _parse(css):
            if rule.type != "at-rule" or rule.lower_at_keyword != "font-face" or rule.content is None:
                continue
            values = {d.lower_name: d.value for d in _declarations(rule)}
            family = _words(values.get("font-family", []))
            if not FA_FAMILY.search(family):
                continue
            files = []
            for token in values.get("src", []):
                url = token.value if token.type == "url" else None
                if token.type == "function" and token.lower_name == "url":
                    url = next(_strings(token.arguments), None)
                if url and "://" not in url and not url.startswith("data:"):
                    path = (css.parent / url.split("?")[0].split("#")[0]).resolve()
                    if path.is_file() and path not in files:
                        files.append(path)
            faces.append(
                FontFace(
                    family=family,
                    weight=_words(values.get("font-weight", [])) or "400",
                    style=_words(values.get("font-style", [])) or "normal",
                    display=_words(values.get("font-display", [])) or "auto",
                    stylesheet=css.resolve(),
                    files=tuple(files),
                )
            )
    return faces


def css_glyphs(site: Path) -> Glyphs:
    """The characters of FontAwesome's per-icon rules, by class, and the private-use characters of
    every other rule of the site's CSS."""
    icons: dict[str, set[int]] = {}
    elsewhere: set[int] = set()
    for css in stylesheets(site):
        for rule in _style_rules(_parse(css)):
            selectors = [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
            chars = {ord(c) for d in _declarations(rule) for s in _strings(d.value) for c in s}
            if not chars:
                continue
            matches = [ICON_SELECTOR.fullmatch(s) for s in selectors]
            if all(matches):
                for m in matches:
                    icons.setdefault(m.group(1), set()).update(chars)  # type: ignore[union-attr]
            else:
                elsewhere.update(c for c in chars if c in PUA)
    return Glyphs({k: frozenset(v) for k, v in icons.items()}, frozenset(elsewhere))


def named_classes(site: Path) -> set[str]:
    """Every ``fa-<name>`` word in the site's pages and scripts (utility classes like ``fa-lg``
    included: they have no glyph and select nothing)."""
    names: set[str] = set()
    for path in sorted([*site.rglob("*.html"), *site.rglob("*.js")]):
        names.update(CLASS_RE.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def text_codepoints(site: Path) -> set[int]:
    """Private-use characters written in the site's pages (as characters or references) and scripts
    (as characters or ``\\uXXXX`` escapes)."""
    found: set[int] = set()
    for path in sorted(site.rglob("*.html")):
        text = html.unescape(path.read_text(encoding="utf-8", errors="replace"))
        found.update(ord(c) for c in PUA_CHAR.findall(text))
    for path in sorted(site.rglob("*.js")):
        text = path.read_text(encoding="utf-8", errors="replace")
        found.update(ord(c) for c in PUA_CHAR.findall(text))
        found.update(int(h, 16) for h in JS_ESCAPE.findall(text))
    return found


def site_codepoints(site: Path) -> set[int]:
    """Every character the site can show in a FontAwesome font: see the module's docstring."""
    glyphs = css_glyphs(site)
    chosen = set(glyphs.elsewhere) | text_codepoints(site)
    for name in named_classes(site):
        chosen.update(glyphs.icons.get(name, ()))
    return chosen


def _options() -> Any:
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]  # every OpenType feature (ligatures included), not only the defaults
    options.name_IDs = ["*"]  # the name table whole: copyright, licence, family names
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_glyph = True
    options.notdef_outline = True
    options.legacy_kern = True
    options.symbol_cmap = True
    options.ignore_missing_unicodes = True  # each font keeps the requested characters it has
    options.recalc_timestamp = False  # reproducible output: the head table keeps the original's dates
    return options


def subset_font(original: Path, dest: Path, codepoints: Iterable[int]) -> int:
    """Write to ``dest`` the font ``original`` with only the glyphs of ``codepoints`` (and .notdef),
    in the original's format (woff2, woff or plain TrueType); return the number of glyphs kept."""
    try:
        from fontTools import subset
    except ImportError as err:  # pragma: no cover - the pinned requirements install it
        raise FontSubsetError(f"subsetting the site's fonts needs fontTools ({err}): run `bash scripts/setup`") from err
    options = _options()
    try:
        font = subset.load_font(str(original), options, lazy=False)
        options.flavor = font.flavor  # woff2 stays woff2, TrueType stays TrueType
        subsetter = subset.Subsetter(options=options)
        subsetter.populate(unicodes=sorted(set(codepoints)))
        subsetter.subset(font)
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(dest.name + ".tmp")
        subset.save_font(font, str(tmp), options)
        tmp.replace(dest)
        return len(font.getGlyphOrder())
    except ImportError as err:
        raise FontSubsetError(
            f"cannot write {dest.name}: {err}. Writing woff2 needs the `brotli` package; run `bash scripts/setup`."
        ) from err
    except Exception as err:
        raise FontSubsetError(f"fontTools could not subset the FontAwesome font {original}: {err!r}") from err


def find_original(relative: Path, static_dirs: Sequence[Path]) -> Path:
    """The source file that the build copied to ``_static/<relative>``: the first of ``static_dirs``
    (in the order in which a later copy wins) that holds it."""
    for folder in static_dirs:
        candidate = Path(folder) / relative
        if candidate.is_file():
            return candidate
    searched = ", ".join(str(d) for d in static_dirs)
    raise FontSubsetError(f"no original of the site's font _static/{relative} in the static folders ({searched})")


def subset_site(site: Path, static_dirs: Sequence[Path]) -> list[Subset]:
    """Rewrite every FontAwesome font file of the built ``site`` (its ``@font-face`` rules name them)
    as a subset of its original, found in ``static_dirs`` (the theme's and the project's static
    folders, the winning copy first). Always subsets from the original, never from the site's file, so
    an incremental build that skipped Sphinx's static copy gets the same bytes as a full one."""
    site = Path(site).resolve()
    static = site / "_static"
    codepoints = site_codepoints(site)
    files = sorted({f for face in font_faces(site) for f in face.files})
    done = []
    for path in files:
        try:
            relative = path.relative_to(static)
        except ValueError as err:
            raise FontSubsetError(f"the FontAwesome font {path} is outside the site's _static folder") from err
        original = find_original(relative, static_dirs)
        glyphs = subset_font(original, path, codepoints)
        done.append(Subset(path, original.stat().st_size, path.stat().st_size, glyphs))
    return done


#: The face of the header's buttons (search, theme switch, full screen, sidebar toggles) on every
#: page: (family, weight, style) of its ``@font-face`` rule.
HEADER_FACE = ("Font Awesome 6 Free", "900", "normal")
#: The first line of the rule :func:`inline_face` appends (a second run replaces it).
INLINE_MARK = "/* alsbook.fonts: the header's icon font, inlined (see alsbook/fonts.py) */"


def inline_face(site: Path, stylesheet: Path, face: tuple[str, str, str] = HEADER_FACE) -> int:
    """Append to ``stylesheet`` (a CSS file of ``site`` that every page loads after the theme's) an
    ``@font-face`` rule for ``face`` whose woff2 source is a ``data:`` URL of the site's (subset) woff2
    file, the rule's other sources following as they were; return the size of that woff2 file."""
    site = Path(site).resolve()
    stylesheet = Path(stylesheet).resolve()
    text = stylesheet.read_text(encoding="utf-8")
    if INLINE_MARK in text:  # a second run on the same site: start from the stylesheet as it was
        text = text[: text.index(INLINE_MARK)].rstrip("\n") + "\n"
        stylesheet.write_text(text, encoding="utf-8")
    rules = [f for f in font_faces(site) if (f.family, f.weight, f.style) == face and f.stylesheet != stylesheet]
    woff2 = [path for rule in rules for path in rule.files if path.suffix == ".woff2"]
    if not woff2:
        raise FontSubsetError(f"no @font-face rule in the site's CSS names a woff2 file for the face {face}")
    rule = next(r for r in reversed(rules) if woff2[-1] in r.files)
    data = woff2[-1].read_bytes()
    sources = [f'url(data:font/woff2;base64,{base64.b64encode(data).decode("ascii")}) format("woff2")']
    for other in rule.files:
        if other != woff2[-1]:
            kind = {".ttf": "truetype", ".woff": "woff", ".otf": "opentype"}.get(other.suffix, other.suffix[1:])
            sources.append(f'url({os.path.relpath(other, stylesheet.parent).replace(os.sep, "/")}) format("{kind}")')
    family, weight, style = face
    block = (
        f'{INLINE_MARK}\n@font-face {{ font-display: {rule.display}; font-family: "{family}"; '
        f"font-style: {style}; font-weight: {weight}; src: {', '.join(sources)}; }}\n"
    )
    stylesheet.write_text(text.rstrip("\n") + "\n\n" + block, encoding="utf-8")
    return len(data)
