"""The checks: things that work in Anki on a computer and not on a phone.

Each takes the draft note type dict and returns diagnostics as dicts (severity, code,
message, card_type, side, line, column, fix). Each is tuned on real templates so that it
stays quiet on the look-alikes that do work on phones (tests/unit/plugins/test_ankidroid_lints.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .css_reader import Block, line_and_column, read_blocks

Finding = dict[str, Any]
PREFIX = "ankidroid"
MODEL_CLOZE = 1


def finding(code: str, message: str, text: str, offset: int, fix: str, **where: Any) -> Finding:
    line, column = line_and_column(text, offset)
    return {
        "severity": "warning",
        "code": f"{PREFIX}.{code}",
        "message": message,
        "line": line,
        "column": column,
        "fix": fix,
        **where,
    }


def sides(draft: dict[str, Any]) -> Iterator[tuple[int, str, str]]:
    """(card type index, "front"/"back", template text) for every side of the draft."""
    for index, template in enumerate(draft.get("tmpls") or []):
        yield index, "front", str(template.get("qfmt") or "")
        yield index, "back", str(template.get("afmt") or "")


# -- 1. content revealed only on hover -------------------------------------------------

HOVER = re.compile(r":hover\b", re.I)
TOUCH_ALTERNATIVES = re.compile(r":(?:active|focus|focus-within|checked|target)\b", re.I)
HOVER_MEDIA = re.compile(r"\(\s*(?:any-)?hover\s*:\s*hover\s*\)", re.I)


def _hides(name: str, value: str) -> bool:
    v = value.lower().replace("!important", "").strip()
    if name == "display":
        return v == "none"
    if name == "visibility":
        return v in ("hidden", "collapse")
    if name in ("opacity", "max-height", "height", "font-size"):
        return re.fullmatch(r"0(?:\.0+)?(?:px|em|rem|%)?", v) is not None
    if name == "color":
        return v == "transparent"
    if name == "filter":
        return v.startswith("blur(")
    return False


def _normal(selector: str) -> str:
    return " ".join(selector.split()).lower()


def hover_reveal(draft: dict[str, Any]) -> list[Finding]:
    """A `:hover` rule that shows what another rule hides (a spoiler, a hint): a phone has
    no hover, so the content stays hidden there (a tap only sometimes triggers it)."""
    css = str(draft.get("css") or "")
    blocks = [b for b in read_blocks(css) if b.selector]
    hidden: dict[tuple[str, str], Block] = {}
    for block in blocks:
        if HOVER.search(block.selector):
            continue
        for part in block.selector.split(","):
            for d in block.declarations:
                if _hides(d.name, d.value):
                    hidden[(_normal(part), d.name)] = block
    found = []
    for block in blocks:
        if not HOVER.search(block.selector) or TOUCH_ALTERNATIVES.search(block.selector):
            continue
        if any(HOVER_MEDIA.search(at) for at in block.at_rules):
            continue  # only applied where there is a pointer that hovers
        for part in block.selector.split(","):
            resting = _normal(HOVER.sub("", part))
            shown = [
                d
                for d in block.declarations
                if not _hides(d.name, d.value) and (resting, d.name) in hidden
            ]
            if shown:
                d = shown[0]
                found.append(
                    finding(
                        "hover-reveal",
                        f"{part.strip()} shows content only on hover ({d.name}: {d.value}); "
                        "phones and tablets have no hover, so on AnkiDroid and AnkiMobile it "
                        "stays hidden",
                        css,
                        d.offset,
                        f"add a :focus alternative ({HOVER.sub(':focus', part.strip())}) or "
                        "reveal it with a tap (a <details> element, or the back side)",
                        card_type=None,
                        side="css",
                    )
                )
                break
    return found


# -- 2. scripts calling Anki desktop's pycmd ---------------------------------------------

SCRIPT = re.compile(r"<script\b[^>]*>(.*?)(?:</script\s*>|\Z)", re.I | re.S)
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
DESKTOP_CALL = re.compile(r"(?<![\w.$])(pycmd|py\.link|bridgeCommand)\s*\(")
GUARD = re.compile(
    r"typeof\s+(?:window\.)?(?:pycmd|py|bridgeCommand)\b|window\.(?:pycmd|py|bridgeCommand)\b"
    r"|['\"](?:pycmd|py|bridgeCommand)['\"]\s+in\s+window|\bcatch\s*\("
    r"|function\s+(?:pycmd|bridgeCommand)\s*\(",
)


def _code_regions(text: str) -> Iterator[tuple[int, str]]:
    for match in SCRIPT.finditer(text):
        yield match.start(1), match.group(1)
    for match in HANDLER.finditer(text):
        yield match.start(1), match.group(1)


def desktop_bridge(draft: dict[str, Any]) -> list[Finding]:
    """A script that calls `pycmd(...)` (Anki desktop's bridge to Python) without checking
    that it exists: on AnkiDroid, AnkiMobile and AnkiWeb it throws a ReferenceError and
    the rest of the script does not run."""
    found = []
    for index, side, text in sides(draft):
        for start, code in _code_regions(text):
            call = DESKTOP_CALL.search(code)
            name = call.group(1).split(".")[0] if call else ""
            if call is None or GUARD.search(code):
                continue
            found.append(
                finding(
                    "desktop-bridge",
                    f"{call.group(1)}() exists only in Anki on a computer; on AnkiDroid, "
                    "AnkiMobile and AnkiWeb the script stops here with a ReferenceError",
                    text,
                    start + call.start(),
                    f"guard it: if (typeof {name} !== 'undefined') {{ ... }}",
                    card_type=index,
                    side=side,
                )
            )
    return found


# -- 3. a field shown only as a tooltip --------------------------------------------------

TITLE = re.compile(r"""\stitle\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
FIELD_TAG = re.compile(r"\{\{([^#^/!{}][^{}]*)\}\}")
SPECIAL = {"tags", "deck", "subdeck", "card", "cardflag", "type", "frontside", "cardid"}


def _field_name(tag: str) -> str:
    return tag.split(":")[-1].strip()


def _fields_in(text: str) -> set[str]:
    return {_field_name(m.group(1)) for m in FIELD_TAG.finditer(text)}


def tooltip_only_field(draft: dict[str, Any]) -> list[Finding]:
    """A field that appears on a side only inside a `title="..."` tooltip: phones show no
    tooltips, so on AnkiDroid and AnkiMobile that field is never seen."""
    found = []
    fronts = {index: text for index, side, text in sides(draft) if side == "front"}
    for index, side, text in sides(draft):
        titles = list(TITLE.finditer(text))
        if not titles:
            continue
        visible = TITLE.sub(" ", text)
        if side == "back" and "{{FrontSide}}" in text:
            visible += TITLE.sub(" ", fronts.get(index, ""))
        shown = _fields_in(visible)
        reported: set[str] = set()
        for title in titles:
            for name in sorted(_fields_in(title.group(1)) - shown - reported):
                if name.lower() in SPECIAL:
                    continue
                reported.add(name)
                found.append(
                    finding(
                        "tooltip-only-field",
                        f"the field {name} is shown only as a tooltip (title=); phones show "
                        "no tooltips, so on AnkiDroid and AnkiMobile it is never seen",
                        text,
                        title.start() + 1,
                        f"show {{{{{name}}}}} on the card too (a small line, or a "
                        "<details> to tap open)",
                        card_type=index,
                        side=side,
                    )
                )
    return found


# -- 4. fonts that phones do not have -----------------------------------------------------

GENERIC = {
    "serif",
    "sans-serif",
    "monospace",
    "cursive",
    "fantasy",
    "system-ui",
    "ui-serif",
    "ui-sans-serif",
    "ui-monospace",
    "ui-rounded",
    "emoji",
    "math",
    "fangsong",
    "inherit",
    "initial",
    "unset",
    "revert",
    "revert-layer",
}
#: Fonts that come with Windows or macOS only, and that Android does not map to a look-
#: alike (it maps Arial, Helvetica, Verdana, Tahoma, Times, Georgia and Courier New).
DESKTOP_ONLY = {
    "segoe ui",
    "calibri",
    "cambria",
    "candara",
    "consolas",
    "constantia",
    "corbel",
    "franklin gothic medium",
    "century gothic",
    "trebuchet ms",
    "comic sans ms",
    "impact",
    "lucida grande",
    "lucida sans unicode",
    "lucida console",
    "palatino linotype",
    "book antiqua",
    "garamond",
    "gill sans",
    "optima",
    "futura",
    "avenir",
    "avenir next",
    "menlo",
    "sf pro",
    "sf pro text",
    "sf pro display",
    "san francisco",
    "helvetica neue",
    "ms gothic",
    "ms pgothic",
    "ms mincho",
    "ms pmincho",
    "meiryo",
    "yu gothic",
    "yu mincho",
    "hiragino sans",
    "hiragino kaku gothic pro",
    "hiragino mincho pro",
    "hiragino mincho pron",
    "simsun",
    "simhei",
    "microsoft yahei",
    "microsoft jhenghei",
    "pingfang sc",
    "pingfang tc",
    "malgun gothic",
    "apple sd gothic neo",
    "kaiti",
    "stkaiti",
    "songti sc",
}


def _families(value: str) -> list[str]:
    return [f.strip().strip("'\"").strip().lower() for f in value.split(",") if f.strip()]


def desktop_only_font(draft: dict[str, Any]) -> list[Finding]:
    """A font-family list of fonts that only computers have, with no generic family after
    them: AnkiDroid and AnkiMobile fall back to their default font (for Japanese or
    Chinese text that can change which glyph forms are shown)."""
    css = str(draft.get("css") or "")
    blocks = read_blocks(css)
    bundled = {
        family
        for block in blocks
        if block.prelude.lower().startswith("@font-face")
        for d in block.declarations
        if d.name == "font-family"
        for family in _families(d.value)
    }
    found = []
    for block in blocks:
        if block.prelude.lower().startswith("@font-face"):
            continue
        for d in block.declarations:
            if d.name != "font-family" or "var(" in d.value:
                continue
            families = _families(d.value.replace("!important", ""))
            if not families or any(f in GENERIC or f in bundled for f in families):
                continue
            if all(f in DESKTOP_ONLY for f in families):
                found.append(
                    finding(
                        "desktop-only-font",
                        f"font-family: {d.value} names only fonts that computers have; "
                        "AnkiDroid and AnkiMobile fall back to their default font",
                        css,
                        d.offset,
                        "end the list with a generic family (sans-serif, serif, monospace), "
                        "or bundle the font with @font-face and a file in the media folder",
                        card_type=None,
                        side="css",
                    )
                )
    return found


ALL_CHECKS = {
    "hover-reveal": hover_reveal,
    "desktop-bridge": desktop_bridge,
    "tooltip-only-field": tooltip_only_field,
    "desktop-only-font": desktop_only_font,
}
