"""Our lints over the parsed templates and CSS: what Anki accepts but users regret.

Each finding is located (card type, side, line, column and the component id the canvas
uses) and, where there is an obvious fix, says it. They work on the lossless document
model, so a tag inside a comment or an attribute is judged where it really is.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from ..templates import (
    AnkiTagNode,
    AttributeNode,
    CssDocument,
    CssNode,
    ElementNode,
    NoteTypeDocument,
    RawTextNode,
    TemplateDocument,
)
from .diagnostic import Diagnostic, Side
from .exclusive_sections import first_pair_rendering_together
from .remote_resources import remote_resources

NIGHT_SELECTORS = ("nightmode", "night_mode", "night-mode")
COLOR_PROPERTIES = ("color", "background", "background-color", "border-color")
# A colour literal: #rgb/#rrggbb(aa), rgb()/hsl() functions, or a plain named colour.
LITERAL_COLOR = re.compile(
    r"#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\(|\b(?:black|white|red|green|blue|gray|grey|"
    r"yellow|orange|purple|pink|brown|navy|teal|silver|maroon|olive|lime|aqua|fuchsia)\b",
    re.I,
)
#: What a colour check must not read as a colour: `url(blue-sky.png)`, `var(--red)`.
NOT_A_COLOUR = re.compile(r"\b(?:url|var)\([^)]*\)", re.I)
#: `img` as an element in a selector (`.card img`, `img.big`), not `.imgbox` or `#img`.
IMG_SELECTOR = re.compile(r"(?<![\w.#-])img\b", re.I)
#: Sizes that keep an image inside the screen: `max-width: …`, or `width` in % or vw.
FITTING_WIDTH = re.compile(r"^\s*[\d.]+\s*(?:%|vw)\s*$", re.I)


def _at(doc: TemplateDocument, offset: int) -> tuple[int, int]:
    return doc.line_index.line_col(offset)


def _sides(document: NoteTypeDocument) -> Iterator[tuple[int, Side, TemplateDocument]]:
    for index, card_type in enumerate(document.card_types):
        yield index, "front", card_type.front
        yield index, "back", card_type.back


def unknown_fields(document: NoteTypeDocument) -> Iterator[Diagnostic]:
    for index, card_type in enumerate(document.card_types):
        for card_name, side, tag in document.unknown_fields():
            if card_name != card_type.name:
                continue
            doc = card_type.side(side)
            line, column = _at(doc, tag.start)
            close = difflib.get_close_matches(tag.key, document.fields, n=1)
            yield Diagnostic(
                "error",
                "unknown-field",
                f"there is no field called {tag.key!r}",
                card_type=index,
                side="front" if side == "front" else "back",
                line=line,
                column=column,
                component_id=tag.id,
                fix=f"use {{{{{close[0]}}}}}" if close else "add the field, or remove the tag",
            )


def section_errors(document: NoteTypeDocument) -> Iterator[Diagnostic]:
    """Unbalanced or misnested sections, located at the tag Anki would complain about."""
    for index, side, doc in _sides(document):
        error = doc.syntax_error
        if error is None:
            continue
        line, column = _at(doc, error.tag.start)
        yield Diagnostic(
            "error",
            "section-error",
            error.message,
            card_type=index,
            side=side,
            line=line,
            column=column,
        )


def _type_ins(doc: TemplateDocument) -> list[AnkiTagNode]:
    return [
        tag
        for tag in doc.anki_tags()
        if tag.tag.filters and any(f.name == "type" for f in tag.tag.filters)
    ]


def type_in_boxes(document: NoteTypeDocument) -> Iterator[Diagnostic]:
    """More than one type-in box that can show on the same card (Anki checks only the
    first); boxes in sections that exclude each other (`{{#A}}…{{/A}}{{^A}}…{{/A}}`,
    different cloze numbers) are one box per card."""
    for index, card_type in enumerate(document.card_types):
        front = card_type.front
        pair = first_pair_rendering_together(front, _type_ins(front), cloze=document.is_cloze)
        if pair is None:
            continue
        first, second = pair
        line, column = _at(front, second.start)
        first_line, _ = _at(front, first.start)
        yield Diagnostic(
            "warning",
            "several-type-in-boxes",
            f"this type-in box can show on the same card as the one on line {first_line}: "
            "Anki only checks the first",
            card_type=index,
            side="front",
            line=line,
            column=column,
            component_id=second.id,
            fix="keep one {{type:...}} per card, or put them in sections that exclude "
            "each other ({{#Field}}…{{/Field}}{{^Field}}…{{/Field}})",
        )


def back_without_frontside(document: NoteTypeDocument) -> Iterator[Diagnostic]:
    for index, card_type in enumerate(document.card_types):
        if not any(tag.key == "FrontSide" for tag in card_type.back.anki_tags()):
            yield Diagnostic(
                "info",
                "back-without-frontside",
                "the back does not show the front ({{FrontSide}}); that is fine if intended",
                card_type=index,
                side="back",
                line=1,
                column=1,
                fix="start the back with {{FrontSide}}<hr id=answer>",
            )


def _elements(doc: TemplateDocument) -> Iterator[ElementNode | RawTextNode]:
    for node in doc.walk():
        if isinstance(node, (ElementNode, RawTextNode)):
            yield node


def document_write(document: NoteTypeDocument) -> Iterator[Diagnostic]:
    """Remote files are remote_resources.py's; here, what scripts do differently."""
    for index, side, doc in _sides(document):
        for node in _elements(doc):
            if node.tag_name.lower() != "script" or not isinstance(node, RawTextNode):
                continue
            content = node.content.slice(doc.source)
            where = content.find("document.write")
            if where >= 0:
                line, column = _at(doc, node.content.start + where)
                yield Diagnostic(
                    "warning",
                    "document-write",
                    "document.write() behaves differently on AnkiDroid, AnkiMobile "
                    "and AnkiWeb (it can wipe the card)",
                    card_type=index,
                    side=side,
                    line=line,
                    column=column,
                    component_id=node.id,
                    fix="build elements with document.createElement or set innerHTML",
                )


def _night_rules_exist(css: CssDocument) -> bool:
    return any(
        any(name in rule.selector.lower() for name in NIGHT_SELECTORS) for rule in css.rules()
    )


def _is_card_root(selector: str) -> bool:
    """`.card` / `body` / `html`: Anki's reviewer recolours these itself in night mode
    (`body.nightMode` is more specific), so their colours are safe."""
    return all(part.strip() in (".card", "body", "html") for part in selector.split(","))


def _limits_width(declarations: list[CssNode]) -> bool:
    for declaration in declarations:
        name = declaration.property_name.lower()
        if name == "max-width" or (name == "width" and FITTING_WIDTH.match(declaration.value)):
            return True
    return False


def _images_fit(document: NoteTypeDocument) -> bool:
    """A rule for images (or for everything) limits their width, or every <img> does so
    in its own style attribute."""
    for rule in document.css.rules():
        selector = rule.selector.strip()
        if (IMG_SELECTOR.search(selector) or selector == "*") and _limits_width(
            rule.declarations()
        ):
            return True
    images = [
        node
        for _, _, doc in _sides(document)
        for node in _elements(doc)
        if node.tag_name.lower() == "img"
    ]
    return bool(images) and all(_inline_width(node) for node in images)


def _inline_width(node: ElementNode | RawTextNode) -> bool:
    for embedded in node.embedded():
        if isinstance(embedded, AttributeNode) and embedded.name.lower() == "style":
            value = (embedded.value or "").lower()
            if "max-width" in value or re.search(r"(?<![-\w])width\s*:\s*[\d.]+\s*(?:%|vw)", value):
                return True
    return False


def css_lints(document: NoteTypeDocument) -> Iterator[Diagnostic]:
    css = document.css
    if not _night_rules_exist(css):
        for rule in css.rules():
            if _is_card_root(rule.selector):
                continue
            hard_coded = [
                d
                for d in rule.declarations()
                if d.property_name.lower() in COLOR_PROPERTIES
                and LITERAL_COLOR.search(NOT_A_COLOUR.sub("", d.value))
            ]
            if hard_coded:
                declaration = hard_coded[0]
                yield Diagnostic(
                    "warning",
                    "colour-without-night-mode",
                    f"{rule.selector.strip()} sets {declaration.property_name}: "
                    f"{declaration.value.strip()} but there is no night-mode rule, so the "
                    "card may be unreadable in night mode",
                    side="css",
                    line=declaration.line,
                    column=declaration.column,
                    component_id=declaration.id,
                    fix="add `.nightMode` rules with night colours (`.nightMode .box`; "
                    "`.card.nightMode` for the card itself)",
                )
                break
    has_images = any(
        node.tag_name.lower() == "img" for _, _, doc in _sides(document) for node in _elements(doc)
    )
    if has_images and not _images_fit(document):
        yield Diagnostic(
            "warning",
            "image-without-max-width",
            "images have no max-width, so large ones overflow phone screens",
            side="css",
            line=1,
            column=1,
            fix="add `img { max-width: 100%; height: auto; }`",
        )


ALL_LINTS = (
    unknown_fields,
    section_errors,
    type_in_boxes,
    back_without_frontside,
    document_write,
    remote_resources,
    css_lints,
)
