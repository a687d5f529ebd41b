"""The fix for the `colour-without-night-mode` lint: styling that sets dark text or a
light background on something inside the card, with nothing for night mode, shows dark
text on Anki's dark background (or a bright box) when the user turns night mode on; the
fix adds night-mode rules for exactly those rules.

Anki puts `nightMode` and `night_mode` on the card's `<body class="card ...">` and its own
`body.nightMode` rule recolours the body itself, so a plain `.card`/`body` rule is fine;
anything more specific or on an inner element is not. Styling that mentions night mode or
`prefers-color-scheme` anywhere is taken as handled. Only top-level rules are read, and a
colour that is not a plain one (a variable, a gradient) is never guessed at: when the lint
flagged only such colours (or mid-tones), no fix is offered."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...lint.diagnostic import Diagnostic
from ...templates import NoteTypeDocument
from ...templates.css_model import CssNode
from .base import FixRefused, FixResult, MediaWriter, with_css
from .colours import luminance, parse_colour

CODE = "colour-without-night-mode"  # services/lint/template_lints.py
DARK_TEXT = 0.12  # relative luminance: #555 is 0.09, #666 is 0.13
LIGHT_BACKGROUND = 0.7  # #ddd is 0.72, #f5f5f5 is 0.91
HANDLED = re.compile(r"nightMode|night_mode|prefers-color-scheme", re.I)
RECOLOURED_BY_ANKI = re.compile(r"^(?:\.card\d*|body|html)$", re.I)
COMBINATOR = re.compile(r"\s*[\s>+~]\s*")
#: Where the class goes in the body's compound: after `body` or `.card2` (`.card.nightMode`).
BODY_LEAD = re.compile(r"^(?:[a-z][a-z0-9-]*|\*)?(?:\.card\d*(?![\w-]))?", re.I)
NIGHT_TEXT = "var(--fg, #e8e8e8)"
NIGHT_BACKGROUND = "var(--canvas-elevated, #3a3a3c)"


@dataclass(frozen=True)
class Offender:
    rule: CssNode
    parts: tuple[str, ...]
    dark_text: str | None
    light_background: str | None


def _parts(selector: str) -> tuple[str, ...]:
    parts = (p.strip() for p in selector.split(","))
    return tuple(p for p in parts if p and not RECOLOURED_BY_ANKI.match(p))


def _offenders(document: NoteTypeDocument) -> Iterator[Offender]:
    if HANDLED.search(document.css.source):
        return
    for rule in document.css.children:
        if rule.type != "rule":
            continue
        parts = _parts(rule.selector)
        if not parts:
            continue
        dark = light = None
        for declaration in rule.declarations():
            name = declaration.property_name.strip().lower()
            colour = parse_colour(declaration.value)
            if colour is None:
                continue
            if name == "color" and luminance(colour) < DARK_TEXT:
                dark = declaration.value.strip()
            elif (
                name in ("background", "background-color") and luminance(colour) > LIGHT_BACKGROUND
            ):
                light = declaration.value.strip()
        if dark or light:
            yield Offender(rule, parts, dark, light)


def night_selector(part: str, night_class: str) -> str:
    """`part` when the card is in night mode: the class goes on the body, so a part whose
    first compound is the body (`.card`, `body`) gets it there, any other is under it."""
    first = COMBINATOR.split(part, maxsplit=1)[0]
    tail = part[len(first) :]
    if ".card" in first or first.lower().startswith("body"):
        lead = BODY_LEAD.match(first)
        at = lead.end() if lead else 0
        return f"{first[:at]}.{night_class}{first[at:]}{tail}"
    return f".{night_class} {part}"


def night_rules(offenders: list[Offender]) -> str:
    blocks = []
    for offender in offenders:
        selectors = ", ".join(
            night_selector(part, cls)
            for part in offender.parts
            for cls in ("nightMode", "night_mode")
        )
        lines = [f"  color: {NIGHT_TEXT};"]  # light text, on the body's or the new dark box
        if offender.light_background:
            lines.append(f"  background-color: {NIGHT_BACKGROUND};")
        blocks.append(f"{selectors} {{\n" + "\n".join(lines) + "\n}\n")
    return "\n/* Night mode (added by the designer's Insights) */\n" + "".join(blocks)


class NightModeRule:
    code = CODE

    def label(self, document: NoteTypeDocument, finding: Diagnostic) -> str | None:
        return "Add night-mode rules" if any(_offenders(document)) else None

    def apply(
        self, notetype: dict[str, Any], document: NoteTypeDocument, finding: Diagnostic,
        media: MediaWriter,
    ) -> FixResult:  # fmt: skip
        offenders = list(_offenders(document))
        if not offenders:
            raise FixRefused("the styling no longer needs night-mode rules")
        css = document.css.source
        joint = "" if css.endswith("\n") or not css else "\n"
        return FixResult(
            with_css(notetype, css + joint + night_rules(offenders)), "Add night-mode rules"
        )
