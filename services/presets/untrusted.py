"""Imported presets are untrusted: find what could run code or reach the network.

An imported preset is someone else's HTML and CSS. Before it is stored, the user is told
about every `<script>`, `on*` handler, `javascript:` URL, remote URL (anything fetched
from the internet, which also fails offline), embedded document and CSS `@import` /
`expression()` in it, and chooses to keep them or strip them. Scripts in templates are
common and often legitimate, so nothing is stripped without that choice.

The scan reads the lossless document model (`services.templates`), so it sees markup
where the browser will, not where a regex guesses: a `<script>` inside an attribute value
is text, an `onclick` on an SVG element is a handler. Stripping is a set of edits on
that model (delete the element, remove the attribute, remove the declaration): every
other byte stays as it was. Regions the parser cannot structure (overlapping markup)
are checked with a conservative pattern and removed whole if anything is found there.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from ..templates import (
    AttributeNode,
    CssDocument,
    Edit,
    ElementNode,
    RawNode,
    RawTextNode,
    TemplateDocument,
    apply_edits_to_text,
    parse_css,
    parse_template,
)
from .errors import PresetError
from .model import Design, Preset, Snippet, Theme
from .untrusted_media import media_problem
from .untrusted_text import has_markup, has_tag, without_markup

MESSAGES = {
    "script": "a script, which runs when the card is shown",
    "event-handler": "an event handler attribute, which runs script",
    "javascript-url": "a javascript: URL, which runs script",
    "remote-url": "a remote URL, fetched from the internet (fails offline, may track you)",
    "embedded-document": "an embedded document (iframe, object, embed or srcdoc)",
    "meta-refresh": "a meta refresh, which navigates the card away",
    "css-import": "a CSS @import of a remote stylesheet",
    "css-expression": "a CSS expression or binding, which runs script in old engines",
    "unparsed-region": "markup that could not be parsed cleanly and contains one of the above",
    "markup-in-text": "HTML markup in a name, description or attribute value",
    "active-media": "a media file browsers can run as a script or document",
}
EMBEDDING_TAGS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet"})
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:application/xhtml")
REMOTE_PREFIXES = ("http:", "https:", "ftp:", "//", "ws:", "wss:")
#: Attributes whose value the browser fetches or navigates to.
URL_ATTRIBUTES = frozenset(
    {
        "src",
        "href",
        "xlink:href",
        "srcset",
        "action",
        "formaction",
        "data",
        "poster",
        "background",
        "cite",
        "codebase",
        "manifest",
        "ping",
        "lowsrc",
        "dynsrc",
        "longdesc",
        "icon",
        "archive",
        "profile",
        "usemap",
    }
)
# Removed by the URL parser before it looks at the scheme.
_URL_INVISIBLE = re.compile(r"[\t\n\r]")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)", re.S)
_CSS_URL = re.compile(r"url\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\s]*))", re.I)
_CSS_STRING = re.compile(r"\"([^\"]*)\"|'([^']*)'")
# For regions the parser left unstructured: any hint of the hazards above.
_RAW_HAZARD = re.compile(
    r"<\s*(?:script|iframe|frame|object|embed|applet|meta)\b|[\s\"'/]on[a-z]+\s*=|"
    r"(?:javascript|vbscript)\s*:|(?:src|href|action|data|poster|background)\s*=\s*[\"']?\s*"
    r"(?:https?:|ftp:|//)|@import|expression\s*\(",
    re.I,
)


@dataclass(frozen=True)
class Finding:
    """One hazard: what (`kind`), where (a path in the preset, and line/column there)."""

    kind: str
    path: str
    line: int
    column: int
    excerpt: str

    @property
    def message(self) -> str:
        return MESSAGES[self.kind]

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "excerpt": self.excerpt,
            "message": self.message,
        }


@dataclass(frozen=True)
class _Hazard:
    kind: str
    start: int
    end: int
    #: The edit that removes it (None: reported only, removed by an enclosing edit).
    edit: Edit | None


def _excerpt(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _url_kind(value: str) -> str | None:
    """ "javascript-url", "remote-url" or None, for an attribute or CSS URL value."""
    url = (
        _URL_INVISIBLE.sub("", value)
        .strip(
            " \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
            "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19"
            "\x1a\x1b\x1c\x1d\x1e\x1f"
        )
        .lower()
    )
    if url.startswith(SCRIPT_SCHEMES):
        return "javascript-url"
    if url.startswith(REMOTE_PREFIXES) or url.startswith("\\\\"):
        return "remote-url"
    return None


# -- CSS --------------------------------------------------------------------------------


def _css_unescaped(text: str) -> str:
    def char(match: re.Match[str]) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return match.group(2)

    return _CSS_ESCAPE.sub(char, text)


def _css_urls(text: str) -> Iterator[str]:
    for match in _CSS_URL.finditer(_css_unescaped(text)):
        yield next(g for g in match.groups() if g is not None)


def _css_value_kind(value: str) -> str | None:
    plain = _css_unescaped(value).lower()
    if "expression(" in plain.replace(" ", ""):
        return "css-expression"
    kinds = {_url_kind(url) for url in _css_urls(value)}
    if "image-set(" in plain:
        kinds |= {
            _url_kind(next(g for g in m.groups() if g is not None))
            for m in _CSS_STRING.finditer(value)
        }
    for kind in ("javascript-url", "remote-url"):
        if kind in kinds:
            return kind
    return None


def _css_hazards(css: CssDocument) -> list[_Hazard]:
    found = []
    for node in css.walk():
        kind = None
        if node.type == "atRule" and node.name.lower() == "import":
            prelude = node.selector
            targets = [*_css_urls(prelude)]
            targets += [
                next(g for g in m.groups() if g is not None) for m in _CSS_STRING.finditer(prelude)
            ]
            kinds = {_url_kind(t) for t in targets}
            if kinds & {"remote-url", "javascript-url"}:
                kind = "css-import"
        elif node.type == "declaration":
            prop = _css_unescaped(node.property_name).strip().lower()
            if prop in ("behavior", "-moz-binding"):
                kind = "css-expression"
            else:
                kind = _css_value_kind(node.value)
        elif node.type == "raw" and _RAW_HAZARD.search(_css_unescaped(node.raw)):
            kind = "unparsed-region"
        if kind is not None:
            found.append(_Hazard(kind, node.start, node.end, Edit(node.id, "")))
    return found


def _stripped_css(css: CssDocument, hazards: list[_Hazard]) -> str:
    return apply_edits_to_text(css, _outermost([h for h in hazards if h.edit is not None]))


# -- templates --------------------------------------------------------------------------


def _attribute_removal(doc: TemplateDocument, attribute: AttributeNode) -> Edit:
    """Remove an attribute with the white space before it, never gluing neighbours."""
    following = doc.source[attribute.end : attribute.end + 1]
    joins = following not in ("", ">", "/") and not following.isspace()
    return Edit(f"{attribute.id}#with-space", " " if joins else "")


def _attribute_hazards(doc: TemplateDocument, attribute: AttributeNode) -> Iterator[_Hazard]:
    name = attribute.name.lower()
    value = html.unescape(attribute.value or "")
    kind = None
    if name.startswith("on") and len(name) > 2:
        kind = "event-handler"
    elif name == "srcdoc":
        kind = "embedded-document"
    elif name == "style" and attribute.value_span is not None:
        wrapper = parse_css("x{" + value + "}")
        inner = _css_hazards(wrapper)
        if inner:
            new_value = _stripped_css(wrapper, inner)[2:-1]
            quote = attribute.quote or '"'
            escaped = new_value.replace("&", "&amp;").replace(
                quote, "&quot;" if quote == '"' else "&#39;"
            )
            edit = Edit(f"{attribute.id}#value", escaped if attribute.quote else f'"{escaped}"')
            for index, hazard in enumerate(inner):
                yield _Hazard(
                    hazard.kind, attribute.start, attribute.end, edit if index == 0 else None
                )
        return
    else:
        urls = [p.strip().split(" ")[0] for p in value.split(",")] if name == "srcset" else [value]
        kinds = {_url_kind(url) for url in urls}
        if "javascript-url" in kinds:
            kind = "javascript-url"
        elif "remote-url" in kinds and name in URL_ATTRIBUTES:
            kind = "remote-url"
        elif name not in URL_ATTRIBUTES and has_tag(value):
            kind = "markup-in-text"
    if kind is not None:
        yield _Hazard(kind, attribute.start, attribute.end, _attribute_removal(doc, attribute))


def _template_hazards(doc: TemplateDocument) -> list[_Hazard]:
    found: list[_Hazard] = []
    for node in doc.walk():
        if isinstance(node, RawNode):
            if _RAW_HAZARD.search(node.raw):
                found.append(_Hazard("unparsed-region", node.start, node.end, Edit(node.id, "")))
            continue
        if not isinstance(node, ElementNode | RawTextNode):
            continue
        tag = node.tag_name.lower()
        if isinstance(node, RawTextNode) and tag == "script":
            found.append(_Hazard("script", node.start, node.end, Edit(node.id, "")))
        elif tag in EMBEDDING_TAGS:
            found.append(_Hazard("embedded-document", node.start, node.end, Edit(node.id, "")))
        elif tag == "meta" and any(
            a.name.lower() == "http-equiv"
            and html.unescape(a.value or "").strip().lower() == "refresh"
            for a in node.attributes
        ):
            found.append(_Hazard("meta-refresh", node.start, node.end, Edit(node.id, "")))
        if isinstance(node, RawTextNode) and tag == "style":
            css = parse_css(node.content.slice(doc.source))
            inner = _css_hazards(css)
            if inner:
                edit = Edit(f"{node.id}#content", _stripped_css(css, inner))
                offset = node.content.start
                found += [
                    _Hazard(h.kind, h.start + offset, h.end + offset, edit if i == 0 else None)
                    for i, h in enumerate(inner)
                ]
        for attribute in node.attributes:
            found += _attribute_hazards(doc, attribute)
    return found


def _outermost(hazards: list[_Hazard]) -> list[Edit]:
    """The edits of hazards not inside another hazard that is removed whole."""
    edits: list[Edit] = []
    covered_until = -1
    for hazard in sorted(hazards, key=lambda h: (h.start, -h.end)):
        if hazard.edit is None:
            continue
        if hazard.start < covered_until:
            continue
        edits.append(hazard.edit)
        covered_until = max(covered_until, hazard.end)
    return edits


# -- presets ----------------------------------------------------------------------------


def scan_template(text: str, path: str) -> list[Finding]:
    doc = parse_template(text)
    return [
        Finding(h.kind, path, *doc.line_index.line_col(h.start), _excerpt(text[h.start : h.end]))
        for h in _template_hazards(doc)
    ]


def scan_css(text: str, path: str) -> list[Finding]:
    css = parse_css(text)
    return [
        Finding(h.kind, path, *css.line_index.line_col(h.start), _excerpt(text[h.start : h.end]))
        for h in _css_hazards(css)
    ]


def strip_template(text: str) -> str:
    doc = parse_template(text)
    return apply_edits_to_text(doc, _outermost(_template_hazards(doc)))


def strip_css(text: str) -> str:
    css = parse_css(text)
    return _stripped_css(css, _css_hazards(css))


def _text_findings(preset: Preset, media: Mapping[str, bytes] | None) -> list[Finding]:
    """Markup in the preset's own strings, and media that can run."""
    strings = [("/name", preset.name), ("/description", preset.description)]
    strings += [(f"/fields/{i}", name) for i, name in enumerate(preset.fields)]
    if isinstance(preset.body, Design):
        strings += [
            (f"/design/cardTypes/{i}/name", c.name) for i, c in enumerate(preset.body.card_types)
        ]
    elif isinstance(preset.body, Theme):
        for mode, values in (("light", preset.body.light), ("night", preset.body.night)):
            strings += [(f"/theme/vars/{mode}/{name}", name) for name in values]
    found = [
        Finding("markup-in-text", path, 1, 1, _excerpt(text))
        for path, text in strings
        if has_markup(text)
    ]
    for entry in preset.media:
        problem = media_problem(entry.name, None if media is None else media.get(entry.name))
        if problem is not None:
            found.append(Finding("active-media", f"/media/{entry.name}", 1, 1, _excerpt(problem)))
    return found


def scan_preset(preset: Preset, media: Mapping[str, bytes] | None = None) -> list[Finding]:
    """Every finding in `preset`; with `media` (its files' bytes) their content is checked
    too, not just their names."""
    body = preset.body
    found: list[Finding] = _text_findings(preset, media)
    if isinstance(body, Design):
        for index, card_type in enumerate(body.card_types):
            base = f"/design/cardTypes/{index}"
            found += scan_template(card_type.front, f"{base}/front")
            found += scan_template(card_type.back, f"{base}/back")
        found += scan_css(body.css, "/design/css")
    elif isinstance(body, Snippet):
        found += scan_template(body.template, "/snippet/template")
        found += scan_css(body.css, "/snippet/css")
    else:
        for mode, values in (("light", body.light), ("night", body.night)):
            for name, value in values.items():
                kind = _css_value_kind(value)
                if kind is not None:
                    found.append(Finding(kind, f"/theme/vars/{mode}/{name}", 1, 1, _excerpt(value)))
    return found


def _strip_once(preset: Preset, media: Mapping[str, bytes] | None) -> Preset:
    body = preset.body
    new_body: Design | Snippet | Theme
    if isinstance(body, Design):
        new_body = replace(
            body,
            card_types=tuple(
                replace(
                    c,
                    name=without_markup(c.name).strip() or f"Card {i + 1}",
                    front=strip_template(c.front),
                    back=strip_template(c.back),
                )
                for i, c in enumerate(body.card_types)
            ),
            css=strip_css(body.css),
        )
    elif isinstance(body, Snippet):
        new_body = Snippet(strip_template(body.template), strip_css(body.css))
    else:
        new_body = Theme(
            {
                k: v
                for k, v in body.light.items()
                if _css_value_kind(v) is None and not has_markup(k)
            },
            {
                k: v
                for k, v in body.night.items()
                if _css_value_kind(v) is None and not has_markup(k)
            },
        )
    kept_media = tuple(
        entry
        for entry in preset.media
        if media_problem(entry.name, None if media is None else media.get(entry.name)) is None
    )
    return preset.with_changes(
        body=new_body,
        name=without_markup(preset.name).strip() or "Imported preset",
        description=without_markup(preset.description),
        media=kept_media,
    )


def strip_preset(preset: Preset, media: Mapping[str, bytes] | None = None) -> Preset:
    """The preset without any of its findings (checked by scanning again); media files
    that were flagged are left out of its `media` list."""
    for index, name in enumerate(preset.fields):
        if has_markup(name):
            raise PresetError(
                f"field {index + 1} of the preset is named {_excerpt(name)!r}, which holds "
                "HTML markup; the templates refer to it by that name, so it cannot be "
                "stripped. The preset was not imported"
            )
    for _ in range(3):
        if not scan_preset(preset, media):
            return preset
        preset = _strip_once(preset, media)
    left = scan_preset(preset, media)
    if left:
        raise PresetError(
            f"could not remove {left[0].message} at {left[0].path}:{left[0].line}; "
            "the preset was not imported"
        )
    return preset
