"""Making a preset from what the user has: the current design, a selection, colours.

* a design from the whole draft note type (every card type and the CSS);
* a snippet from a selection of components on one side of one card type: the exact text
  they span, plus the top-level CSS rules that style their classes;
* a theme from the `--atd-*` variables of the draft's CSS, or from values the user chose.

Each returns an unsaved `Preset` (the store gives it an id); the fields it records are
the ones its templates use, in the note type's order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..templates import ElementNode, Node, RawTextNode, TemplateDocument, parse_css, parse_template
from .apply import MODEL_CLOZE, note_fields
from .errors import PresetError
from .model import CardTypeTemplates, Design, Preset, Snippet, Theme
from .template_fields import in_field_order, referenced_fields
from .theme import theme_from_css

UNSAVED_ID = "new"
_CLASS_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")


def design_from_notetype(name: str, notetype: Mapping[str, Any], description: str = "") -> Preset:
    cloze = notetype.get("type") == MODEL_CLOZE
    card_types = tuple(
        CardTypeTemplates(
            " ".join(str(t.get("name", "")).split()) or f"Card {index + 1}",
            str(t["qfmt"]),
            str(t["afmt"]),
        )
        for index, t in enumerate(notetype["tmpls"])
    )
    design = Design("cloze" if cloze else "standard", card_types, str(notetype.get("css", "")))
    fields = in_field_order(
        referenced_fields(design.templates(), cloze=cloze), note_fields(notetype)
    )
    return Preset(UNSAVED_ID, "design", name, design, tuple(fields), description)


def theme_from_notetype(name: str, notetype: Mapping[str, Any], description: str = "") -> Preset:
    theme = theme_from_css(str(notetype.get("css", "")))
    if theme is None:
        raise PresetError(
            f"the styling of {notetype.get('name', 'this note type')!r} sets no --atd-* "
            "variables on .card; apply a theme or design first, or choose the colours"
        )
    return Preset(UNSAVED_ID, "theme", name, theme, (), description)


def theme_from_vars(
    name: str, light: Mapping[str, str], night: Mapping[str, str], description: str = ""
) -> Preset:
    return Preset(UNSAVED_ID, "theme", name, Theme(dict(light), dict(night)), (), description)


def _tree_nodes(document: TemplateDocument) -> list[Node]:
    """Nodes of the component tree (not attributes or embedded tags)."""
    found: list[Node] = []

    def visit(nodes: Sequence[Node]) -> None:
        for node in nodes:
            found.append(node)
            visit(node.children)

    visit(document.children)
    return found


def _selected_range(document: TemplateDocument, node_ids: Sequence[str]) -> tuple[int, int]:
    if not node_ids:
        raise PresetError("select at least one component to make a snippet")
    try:
        nodes = [document.node(node_id) for node_id in node_ids]
    except LookupError as error:
        raise PresetError(f"the selection is out of date: {error}") from None
    start, end = min(n.start for n in nodes), max(n.end for n in nodes)
    for node in _tree_nodes(document):
        inside = start <= node.start and node.end <= end
        outside = node.end <= start or node.start >= end
        around = node.start <= start and end <= node.end
        if not (inside or outside or around):
            raise PresetError(
                "the selection cuts a component in half; select whole components at one level"
            )
    return start, end


def _classes(document: TemplateDocument, start: int, end: int) -> set[str]:
    found: set[str] = set()
    for node in document.walk():
        if isinstance(node, ElementNode | RawTextNode) and start <= node.start < end:
            attribute = node.attribute("class")
            if attribute is not None and attribute.value and "{{" not in attribute.value:
                found.update(attribute.value.split())
    return found


def snippet_from_selection(
    name: str,
    notetype: Mapping[str, Any],
    card_ord: int,
    side: str,
    node_ids: Sequence[str],
    description: str = "",
) -> Preset:
    templates = notetype["tmpls"]
    if not 0 <= card_ord < len(templates):
        raise PresetError(f"there is no card type {card_ord + 1}")
    document = parse_template(str(templates[card_ord]["qfmt" if side == "front" else "afmt"]))
    start, end = _selected_range(document, node_ids)
    text = document.source[start:end]
    classes = _classes(document, start, end)
    css = parse_css(str(notetype.get("css", "")))
    rules = [
        node.raw
        for node in css.children
        if node.type == "rule" and classes & set(_CLASS_SELECTOR.findall(node.selector))
    ]
    fields = in_field_order(referenced_fields([text], cloze=True), note_fields(notetype))
    return Preset(
        UNSAVED_ID, "snippet", name, Snippet(text, "\n".join(rules)), tuple(fields), description
    )


def snippet_from_text(name: str, template: str, css: str = "", description: str = "") -> Preset:
    fields = referenced_fields([template], cloze=True)
    return Preset(UNSAVED_ID, "snippet", name, Snippet(template, css), tuple(fields), description)
