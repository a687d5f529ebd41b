"""The "fetched from the internet" lint: only for what the card really loads.

A card that loads a file from the internet (an image, a font, a script, a frame) shows a
gap offline and may be blocked on AnkiMobile and AnkiDroid. A link (`<a href>`, `<area
href>`, a form's `action`) is fetched only when the user follows it, which is what links
are for: it is not reported at all. On real-world templates most remote URLs are links
(51 of 53 in the survey behind issue #11), so warning about them buried the real ones.

What counts as loaded, per element and attribute, follows the HTML and SVG specs: `src`
of the elements that fetch it, `srcset` candidates, `<link href>` (unless every `rel` is
a non-fetching one such as `canonical`), `<object data>`, `<video poster>`, SVG `<image>`
and `<use>` `href`, the legacy `background` attribute, and CSS `url()` and `@import` in
the note type's styling, in `<style>` blocks and in `style` attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..templates import (
    AttributeNode,
    CssDocument,
    ElementNode,
    NoteTypeDocument,
    RawTextNode,
    TemplateDocument,
)
from .diagnostic import Diagnostic, Side

REMOTE_URL = re.compile(r"^\s*(?:https?:)?//", re.I)
#: `url(//…)`, `url("https://…")`, and `@import "https://…"` / `@import url(…)`.
CSS_REMOTE = re.compile(
    r"url\(\s*['\"]?\s*(?:https?:)?//|@import\s+['\"]\s*(?:https?:)?//",
    re.I,
)
SRC_ELEMENTS = frozenset(
    {"img", "script", "iframe", "frame", "audio", "video", "source", "track", "embed", "input"}
)
SRCSET_ELEMENTS = frozenset({"img", "source"})
SVG_HREF_ELEMENTS = frozenset({"image", "use", "feimage", "script"})
#: `<link rel=…>` values that make the browser fetch nothing.
NON_FETCHING_RELS = frozenset(
    {
        "alternate",
        "author",
        "bookmark",
        "canonical",
        "external",
        "help",
        "license",
        "me",
        "next",
        "nofollow",
        "noopener",
        "noreferrer",
        "prev",
        "search",
        "tag",
    }
)


def _attributes(node: ElementNode | RawTextNode) -> dict[str, AttributeNode]:
    found: dict[str, AttributeNode] = {}
    for embedded in node.embedded():
        if isinstance(embedded, AttributeNode):
            found.setdefault(embedded.name.lower(), embedded)
    return found


def _srcset_is_remote(value: str) -> bool:
    """Any candidate (`url [descriptor]`, comma separated) that is remote."""
    return any(REMOTE_URL.match(candidate) for candidate in value.split(","))


def _link_fetches(attributes: dict[str, AttributeNode]) -> bool:
    rel = attributes.get("rel")
    tokens = set((rel.value or "").lower().split()) if rel is not None else set()
    return not tokens or not tokens <= NON_FETCHING_RELS


def loaded_remote_attributes(node: ElementNode | RawTextNode) -> Iterator[AttributeNode]:
    """The attributes of `node` whose remote URL the browser loads with the card."""
    tag = node.tag_name.lower()
    attributes = _attributes(node)
    for name, attribute in attributes.items():
        value = attribute.value or ""
        if name == "style" or name == "background":
            remote = bool(CSS_REMOTE.search(value)) or (
                name == "background" and bool(REMOTE_URL.match(value))
            )
        elif name == "src":
            remote = tag in SRC_ELEMENTS and bool(REMOTE_URL.match(value))
        elif name == "srcset":
            remote = tag in SRCSET_ELEMENTS and _srcset_is_remote(value)
        elif name == "href":
            loads = tag in SVG_HREF_ELEMENTS or (tag == "link" and _link_fetches(attributes))
            remote = loads and bool(REMOTE_URL.match(value))
        elif name == "xlink:href":
            remote = tag in SVG_HREF_ELEMENTS and bool(REMOTE_URL.match(value))
        elif name == "data":
            remote = tag == "object" and bool(REMOTE_URL.match(value))
        elif name == "poster":
            remote = tag == "video" and bool(REMOTE_URL.match(value))
        else:
            remote = False
        if remote:
            yield attribute


def _sides(document: NoteTypeDocument) -> Iterator[tuple[int, Side, TemplateDocument]]:
    for index, card_type in enumerate(document.card_types):
        yield index, "front", card_type.front
        yield index, "back", card_type.back


def _template_findings(index: int, side: Side, doc: TemplateDocument) -> Iterator[Diagnostic]:
    for node in doc.walk():
        if not isinstance(node, (ElementNode, RawTextNode)):
            continue
        tag = node.tag_name.lower()
        for attribute in loaded_remote_attributes(node):
            value = (attribute.value or "").strip()
            line, column = doc.line_index.line_col(attribute.start)
            script = tag == "script"
            yield Diagnostic(
                "warning",
                "external-script" if script else "remote-url",
                (
                    f"the script {value} loads from the internet: it fails offline, and "
                    "AnkiMobile and AnkiDroid may block it"
                    if script
                    else f"{value} is fetched from the internet, so it fails offline; put "
                    "the file in the collection's media instead"
                ),
                card_type=index,
                side=side,
                line=line,
                column=column,
                component_id=attribute.id,
                fix="download the file into collection.media and use its name",
            )
        if tag == "style" and isinstance(node, RawTextNode):
            content = node.content.slice(doc.source)
            for match in CSS_REMOTE.finditer(content):
                line, column = doc.line_index.line_col(node.content.start + match.start())
                yield Diagnostic(
                    "warning",
                    "remote-url",
                    "this <style> block loads a file from the internet, so it fails offline",
                    card_type=index,
                    side=side,
                    line=line,
                    column=column,
                    component_id=node.id,
                    fix="put the file (e.g. _font.woff2) in the collection's media",
                )


def _css_findings(css: CssDocument) -> Iterator[Diagnostic]:
    for node in css.walk():
        if node.type == "declaration" and CSS_REMOTE.search(node.value):
            what = node.property_name
        elif node.type == "atRule" and node.name.lower() == "import":
            if not CSS_REMOTE.search(node.raw):
                continue
            what = "@import"
        else:
            continue
        yield Diagnostic(
            "warning",
            "remote-url",
            f"{what} loads from the internet, so it fails offline",
            side="css",
            line=node.line,
            column=node.column,
            component_id=node.id,
            fix="put the file (e.g. _font.woff2) in the collection's media",
        )


def remote_resources(document: NoteTypeDocument) -> Iterator[Diagnostic]:
    for index, side, doc in _sides(document):
        yield from _template_findings(index, side, doc)
    yield from _css_findings(document.css)
