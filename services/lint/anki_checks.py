"""Anki's own checks on a draft: what its renderer and its save-time checks would report.

The renderer reports template syntax problems as HTML inside the card ("Front template
has a problem: Found '{{Nope}}', but there is no field called 'Nope'"), naming the tag
between Unicode isolation marks; we turn that into a diagnostic located at the tag.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from anki.consts import MODEL_CLOZE
from anki.models import NotetypeDict

from ..preview import PreviewOptions, PreviewRenderer
from .diagnostic import Diagnostic, Side, location_of

# U+2068 FIRST STRONG ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE wrap names in messages.
ISOLATED = re.compile("\u2068([^\u2069]*)\u2069")
PROBLEM = re.compile(r"(Front|Back) template has a problem:<br>(.*?)(?:<br><a |$)", re.S)
MISSING_CLOSE = re.compile(r"Missing '\{\{/(.+?)\}\}'")


def _problems(rendered_html: str) -> Iterator[tuple[Side, str]]:
    for match in PROBLEM.finditer(rendered_html):
        side: Side = "front" if match.group(1) == "Front" else "back"
        yield side, html.unescape(ISOLATED.sub(r"\1", match.group(2))).strip()


def _locate(template: str, message: str) -> tuple[int | None, int | None]:
    """Where the tag a message names is: the quoted tag, or the section left open."""
    candidates = re.findall(r"'([^']*\{\{[^']*)'", message)
    missing = MISSING_CLOSE.search(message)
    if missing:
        name = missing.group(1)
        candidates = ["{{#" + name + "}}", "{{^" + name + "}}", *candidates]
    for quoted in candidates:
        offset = template.find(quoted)
        if offset >= 0:
            return location_of(template, offset)
    return None, None


def render_problems(renderer: PreviewRenderer, draft: NotetypeDict) -> Iterator[Diagnostic]:
    """Render every card type's front and back with Anki's renderer; report its errors."""
    is_cloze = draft["type"] == MODEL_CLOZE
    for index, template in enumerate(draft["tmpls"]):
        seen: set[tuple[Side, str]] = set()
        for render_side in ("question", "answer"):
            options = PreviewOptions(card_ord=0 if is_cloze else index, side=render_side)
            rendered = renderer.render(draft, options)
            if not rendered.problem:
                continue
            for side, message in _problems(rendered.html):
                if (side, message) in seen:
                    continue
                seen.add((side, message))
                source = template["qfmt"] if side == "front" else template["afmt"]
                line, column = _locate(source, message)
                yield Diagnostic(
                    "error",
                    "anki-template-error",
                    message,
                    card_type=index,
                    side=side,
                    line=line,
                    column=column,
                )


def _front_fields_text(template: str) -> str:
    return "".join(template.split())


def structural_problems(draft: NotetypeDict) -> Iterator[Diagnostic]:
    """The save-time checks Anki applies (its CardTypeError reasons), caught before saving."""
    seen: dict[str, int] = {}
    for index, template in enumerate(draft["tmpls"]):
        front = template["qfmt"]
        if "{{" not in front:
            yield Diagnostic(
                "error",
                "blank-front",
                "the front has no field, so every card of this type would be blank",
                card_type=index,
                side="front",
                line=1,
                column=1,
                fix="insert a field such as {{" + draft["flds"][0]["name"] + "}}",
            )
        key = _front_fields_text(front)
        if key in seen and draft["type"] != MODEL_CLOZE:
            yield Diagnostic(
                "error",
                "identical-fronts",
                f"the front is identical to card type {seen[key] + 1}'s front; "
                "Anki refuses to save duplicate fronts",
                card_type=index,
                side="front",
                line=1,
                column=1,
            )
        seen.setdefault(key, index)
    if draft["type"] == MODEL_CLOZE:
        front = draft["tmpls"][0]["qfmt"]
        if "cloze:" not in front:
            yield Diagnostic(
                "error",
                "cloze-without-cloze-filter",
                "a cloze note type's front needs a {{cloze:Field}} tag",
                card_type=0,
                side="front",
                line=1,
                column=1,
                fix="insert {{cloze:" + draft["flds"][0]["name"] + "}}",
            )
