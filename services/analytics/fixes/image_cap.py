"""Image size limits. Anki desktop caps card images at the card's width (`img {
max-width: 100% }` in its reviewer), which a fixed `width` cannot undo but styling can
lift (`max-width: none`, or a max-width wider than a phone's screen): the `image-uncapped`
check finds that, and its fix puts `max-width: 100%` back in that rule. The
`image-without-max-width` lint (services/lint/template_lints.py: images and no rule that
limits them, for the clients without that cap) gets the cap it advises appended.

A rule that positions images absolutely (overlays such as image occlusion) is left alone,
as is one that also fixes the height (capping the width alone would distort them)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...lint.diagnostic import Diagnostic
from ...templates import NoteTypeDocument
from ...templates.css_model import CssNode
from .base import FixRefused, FixResult, MediaWriter, splice, with_css

CODE = "image-uncapped"
PHONE_WIDTH_PX = 480  # wider than a phone held upright (360–430 CSS px)
TARGETS_IMG = re.compile(r"(?:^|[\s>+~])img\b[^\s>+~]*$", re.I)
LIFTED = re.compile(r"^(?:none|unset|initial|revert|revert-layer)$", re.I)
PIXELS = re.compile(r"^(\d+(?:\.\d+)?)px$", re.I)


def _targets_img(selector: str) -> bool:
    return any(TARGETS_IMG.search(part.strip()) for part in selector.split(","))


def _problem(rule: CssNode) -> tuple[CssNode, str] | None:
    """(the max-width declaration to fix, what is wrong) for an uncapped image rule."""
    by_name = {d.property_name.strip().lower(): d for d in rule.declarations()}
    position = by_name.get("position")
    if position is not None and position.value.strip().lower() in ("absolute", "fixed"):
        return None
    height = by_name.get("height")
    if height is not None and height.value.strip().lower() not in ("auto", ""):
        return None
    cap = by_name.get("max-width")
    if cap is None:
        return None
    value = cap.value.strip()
    if LIFTED.match(value):
        return cap, f"`max-width: {value}` lifts Anki's image cap"
    if (m := PIXELS.match(value)) and float(m.group(1)) > PHONE_WIDTH_PX:
        return cap, f"`max-width: {value}` is wider than a phone's screen"
    return None


def _uncapped(document: NoteTypeDocument) -> Iterator[tuple[CssNode, CssNode, str]]:
    for rule in document.css.walk():
        if rule.type == "rule" and _targets_img(rule.selector):
            found = _problem(rule)
            if found is not None:
                yield rule, *found


def image_findings(document: NoteTypeDocument) -> Iterator[Diagnostic]:
    for rule, declaration, why in _uncapped(document):
        yield Diagnostic(
            "warning", CODE,
            f"`{rule.selector.strip()}`: {why}, so on a phone its images run off the screen",
            side="css", line=declaration.line, column=declaration.column,
            fix="cap the width at the card's: max-width: 100%",
        )  # fmt: skip


class ImageCap:
    code = CODE

    def label(self, document: NoteTypeDocument, finding: Diagnostic) -> str | None:
        return "Cap images at the card's width"

    def apply(
        self, notetype: dict[str, Any], document: NoteTypeDocument, finding: Diagnostic,
        media: MediaWriter,
    ) -> FixResult:  # fmt: skip
        for _, declaration, _ in _uncapped(document):
            if (declaration.line, declaration.column) != (finding.line, finding.column):
                continue
            span = declaration.value_span
            assert span is not None
            css = splice(document.css.source, span.start, span.end, "100%")
            return FixResult(with_css(notetype, css), "Cap images at the card's width")
        raise FixRefused("the image rule this fix was for is no longer there")


class AddImageCap:
    code = "image-without-max-width"
    rule = "img { max-width: 100%; height: auto; }"

    def label(self, document: NoteTypeDocument, finding: Diagnostic) -> str | None:
        return "Add an image size limit"

    def apply(
        self, notetype: dict[str, Any], document: NoteTypeDocument, finding: Diagnostic,
        media: MediaWriter,
    ) -> FixResult:  # fmt: skip
        css = document.css.source
        joint = "\n" if css and not css.endswith("\n") else ""
        return FixResult(
            with_css(notetype, f"{css}{joint}{self.rule}\n"), "Add an image size limit"
        )
