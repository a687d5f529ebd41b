"""Style themes: `--atd-*` custom properties for light and night mode, as CSS.

A theme becomes one marked block at the top of the note type's CSS::

    /* atd-theme: Ocean */
    .card { --atd-fg: #1f2328; ... }
    .card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card { ... }
    /* atd-theme-end */

Anki puts `card` and, in night mode, `nightMode night_mode` on the same `<body>`
(AnkiDroid uses `night_mode`); the descendant forms cover clients that put the night
class on an outer element. The gallery's designs read only these variables, so applying
a theme replaces this block (found with the CSS model) and restyles the whole card;
every other byte of the user's CSS stays as it was.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..templates import CssDocument, parse_css
from .model import Theme

BLOCK_START = "/* atd-theme:"
BLOCK_END = "/* atd-theme-end */"
LIGHT_SELECTOR = ".card"
NIGHT_SELECTORS = (".card.nightMode", ".card.night_mode", ".nightMode .card", ".night_mode .card")
NIGHT_MARKERS = ("nightmode", "night_mode")
#: Anki's reviewer colours `body.nightMode` itself (more specific than `.card`), so the
#: night rule sets the card's colours again, from the variables; a theme without night
#: values keeps its light colours at night rather than mixing them with Anki's.
NIGHT_COLOURS = {"color": "var(--atd-fg)", "background-color": "var(--atd-bg)"}

#: The variables the gallery's designs use, with what each one is for (docs/presets.md).
STANDARD_VARS = {
    "--atd-font": "font family of the card",
    "--atd-font-size": "base font size",
    "--atd-line-height": "line height",
    "--atd-fg": "text colour",
    "--atd-bg": "background colour",
    "--atd-muted": "secondary text (hints, extra notes)",
    "--atd-accent": "highlights: cloze deletions, links, the answer line",
    "--atd-surface": "background of boxes (extra, examples, type-in)",
    "--atd-border": "lines and box borders",
    "--atd-good": "correct letters in a typed answer",
    "--atd-bad": "wrong letters in a typed answer",
    "--atd-space": "the spacing unit",
    "--atd-radius": "corner radius of boxes",
    "--atd-max-width": "widest line of text on a desktop screen",
}


def _declarations(values: Mapping[str, str]) -> list[str]:
    return [f"  {name}: {value};" for name, value in values.items()]


def theme_css(theme: Theme, name: str) -> str:
    """The theme as the marked CSS block (ends with a newline)."""
    label = " ".join(name.replace("*/", "* /").split())
    lines = [f"{BLOCK_START} {label} */", f"{LIGHT_SELECTOR} {{", *_declarations(theme.light), "}"]
    lines += [
        ",\n".join(NIGHT_SELECTORS) + " {",
        *_declarations(theme.night),
        *_declarations(NIGHT_COLOURS),
        "}",
    ]
    lines.append(BLOCK_END)
    return "\n".join(lines) + "\n"


def marked_block_span(
    css: CssDocument, start_prefix: str, end_marker: str
) -> tuple[int, int] | None:
    """[start, end) from the top-level comment starting with `start_prefix` to the next
    top-level comment that is exactly `end_marker` (and its newline), if both are there."""
    start = None
    for node in css.children:
        if node.type != "comment":
            continue
        if start is None and node.raw.startswith(start_prefix):
            start = node.start
        elif start is not None and node.raw == end_marker:
            end = node.end
            if css.source[end : end + 1] == "\n":
                end += 1
            return start, end
    return None


def replace_marked_block(
    css_text: str, block: str, start_prefix: str, end_marker: str, *, first: bool
) -> str:
    """`css_text` with its marked block replaced by `block`; without one, `block` is put
    first (`first`) or last."""
    span = marked_block_span(parse_css(css_text), start_prefix, end_marker)
    if span is not None:
        return css_text[: span[0]] + block + css_text[span[1] :]
    if first:
        separator = "\n" if css_text and not css_text.startswith("\n") else ""
        return block + separator + css_text
    separator = (
        ""
        if not css_text or css_text.endswith("\n\n")
        else ("\n" if css_text.endswith("\n") else "\n\n")
    )
    return css_text + separator + block


def with_theme(css_text: str, theme: Theme, name: str) -> str:
    """The CSS with its theme block replaced (or the block put first if it has none)."""
    return replace_marked_block(
        css_text, theme_css(theme, name), BLOCK_START, BLOCK_END, first=True
    )


def _is_night(selector: str) -> bool:
    lowered = selector.lower()
    return any(marker in lowered for marker in NIGHT_MARKERS)


def theme_from_css(css_text: str) -> Theme | None:
    """The `--atd-*` variables a stylesheet sets on `.card` and in its night rules (the
    last value wins, as in CSS), or None when it sets none for light mode."""
    light: dict[str, str] = {}
    night: dict[str, str] = {}
    for rule in parse_css(css_text).rules():
        selectors = [" ".join(s.split()) for s in rule.selector.split(",")]
        if selectors == [LIGHT_SELECTOR]:
            target = light
        elif all(_is_night(s) for s in selectors):
            target = night
        else:
            continue
        for declaration in rule.declarations():
            name = declaration.property_name.strip()
            if name.startswith("--atd-"):
                target[name] = declaration.value.strip()
    if not light:
        return None
    return Theme(light, night)
