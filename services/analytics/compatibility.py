"""Cross-client compatibility: web features a template uses that a client's engine lacks
(from compat_data.json, extracted from @mdn/browser-compat-data at build time), and the
Anki-specific differences between clients. Located diagnostics, like lints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..lint.diagnostic import Diagnostic, Side
from ..templates import (
    AnkiTagNode,
    AttributeNode,
    AvDirectiveNode,
    CssNode,
    ElementNode,
    NoteTypeDocument,
    RawTextNode,
    TemplateDocument,
)
from ..templates.anki_syntax import TagKind
from .compat_features import FEATURES, Feature

DATA_FILE = Path(__file__).with_name("compat_data.json")

#: Filters that come from add-ons (name -> the add-on); any other unknown filter is
#: reported as "an add-on's filter" without a name.
ADDON_FILTERS = {
    "edit": "Edit Field During Review",
    "clickable": "Clickable Tags",
    "morphHighlight": "AnkiMorphs",
    "furigana-js": "Japanese Support",
}
DESKTOP_ONLY_JS = re.compile(r"\b(?:pycmd|bridgeCommand)\s*\(")
REMOTE_OR_DATA = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


@dataclass(frozen=True)
class Usage:
    feature: Feature
    side: Side
    card_type: int | None
    line: int
    column: int


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)) or (0,)


@cache
def compat_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return data


def _lacks(entry: dict[str, Any], assumed: tuple[int, ...]) -> bool:
    added = entry.get("added")
    if added is None:
        return False
    # "≤79" means "in 79 or earlier": counted as 79.
    removed = entry.get("removed")
    return _version_key(added) > assumed or bool(removed and _version_key(removed) <= assumed)


def _lacking_engines(path: str) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(client name, engine, its support entry) for each engine that lacks the feature."""
    data = compat_data()
    support = data["features"][path]
    for client in data["clients"]:
        for engine in client["engines"]:
            entry = support.get(engine["browser"], {})
            if _lacks(entry, _version_key(engine["version"])):
                yield client["name"], engine, entry


def lacking_clients(path: str) -> list[str]:
    """Clients (by name, with the engine) whose assumed engine lacks the feature.

    Unknown support (null in the data) is not reported: only a documented gap is.
    """
    gaps: dict[str, list[str]] = {}
    for name, engine, entry in _lacking_engines(path):
        gaps.setdefault(name, []).append(
            f"{engine['browser']} {engine['version']} (added in {entry['added']})"
        )
    return [f"{name}: {', '.join(found)}" for name, found in gaps.items()]


@cache
def covering_prefix(path: str) -> str | None:
    """The vendor prefix (`-webkit-`) under which every engine lacking the feature has it,
    from the data set; None when no single prefix covers them all."""
    lacking = list(_lacking_engines(path))
    if not lacking:
        return None

    def has(entry: dict[str, Any], engine: dict[str, Any], prefix: str) -> bool:
        assumed = _version_key(engine["version"])
        return any(
            p["prefix"] == prefix and _version_key(p["added"]) <= assumed
            for p in entry.get("prefixed", ())
        )

    first_entry = lacking[0][2]
    for candidate in first_entry.get("prefixed", ()):
        prefix = candidate["prefix"]
        if all(has(entry, engine, prefix) for _, engine, entry in lacking):
            return str(prefix)
    return None


def _prefixed_siblings(css_nodes: Iterator[CssNode]) -> dict[int, set[str]]:
    """For each declaration (by start offset): the property names in its block."""
    siblings: dict[int, set[str]] = {}
    for node in css_nodes:
        declarations = node.declarations() if node.type in ("rule", "atRule") else []
        names = {d.property_name.strip().lower() for d in declarations}
        for declaration in declarations:
            siblings[declaration.start] = names
    return siblings


def _css_usages(css_nodes: Iterator[CssNode]) -> Iterator[tuple[Feature, CssNode]]:
    by_where: dict[str, list[Feature]] = {}
    for feature in FEATURES:
        by_where.setdefault(feature.where, []).append(feature)
    for node in css_nodes:
        if node.type == "declaration":
            name = node.property_name.strip().lower()
            for feature in by_where.get("css-property", []):
                if name == feature.pattern:
                    yield feature, node
            for feature in by_where.get("css-value", []):
                if re.search(feature.pattern, node.value, re.I):
                    yield feature, node
        elif node.type == "rule":
            for feature in by_where.get("css-selector", []):
                if re.search(feature.pattern, node.selector):
                    yield feature, node
        elif node.type == "atRule":
            for feature in by_where.get("css-at-rule", []):
                if node.name.lower() == feature.pattern:
                    yield feature, node


def _script_texts(doc: TemplateDocument) -> Iterator[tuple[str, int]]:
    """Script text and its offset: `<script>` contents and `on*=` handler values."""
    for node in doc.walk():
        if isinstance(node, RawTextNode) and node.tag_name.lower() == "script":
            yield node.content.slice(node.source), node.content.start
        elif isinstance(node, AttributeNode) and node.name.lower().startswith("on"):
            if node.value_span is not None:
                yield node.value_span.slice(node.source), node.value_span.start


def _template_usages(doc: TemplateDocument) -> Iterator[tuple[Feature, int]]:
    elements = [f for f in FEATURES if f.where == "html-element"]
    attributes = [f for f in FEATURES if f.where == "html-attribute"]
    scripts = [f for f in FEATURES if f.where == "js"]
    for node in doc.walk():
        if isinstance(node, (ElementNode, RawTextNode)):
            for feature in elements:
                if node.tag_name.lower() == feature.pattern:
                    yield feature, node.start
        elif isinstance(node, AttributeNode):
            for feature in attributes:
                if node.name.lower() == feature.pattern:
                    yield feature, node.start
    for text, offset in _script_texts(doc):
        for feature in scripts:
            match = re.search(feature.pattern, text)
            if match is not None:
                yield feature, offset + match.start()


def _sides(document: NoteTypeDocument) -> Iterator[tuple[int, Side, TemplateDocument]]:
    for card_type in document.card_types:
        yield card_type.ord, "front", card_type.front
        yield card_type.ord, "back", card_type.back


def _web_feature_findings(document: NoteTypeDocument) -> Iterator[Diagnostic]:
    reported: set[tuple[str, int | None, str]] = set()
    siblings = _prefixed_siblings(document.css.walk())
    for feature, node in _css_usages(document.css.walk()):
        lacking = lacking_clients(feature.path)
        prefix = covering_prefix(feature.path) if feature.where == "css-property" else None
        if prefix and prefix + feature.pattern in siblings.get(node.start, ()):
            continue  # the rule already has the prefixed fallback those engines need
        if lacking and (feature.path, None, "css") not in reported:
            reported.add((feature.path, None, "css"))
            advice = (
                f"add `{prefix}{feature.pattern}` with the same value before it"
                if prefix
                else "add a fallback before it, or wrap it in @supports"
            )
            yield Diagnostic(
                "warning", "compat-web-feature",
                f"{feature.label} is not supported by {'; '.join(lacking)}",
                side="css", line=node.line, column=node.column, fix=advice,
            )  # fmt: skip
    for ord_, side, doc in _sides(document):
        for feature, offset in _template_usages(doc):
            lacking = lacking_clients(feature.path)
            if not lacking or (feature.path, ord_, side) in reported:
                continue
            reported.add((feature.path, ord_, side))
            line, column = doc.line_index.line_col(offset)
            yield Diagnostic(
                "warning", "compat-web-feature",
                f"{feature.label} is not supported by {'; '.join(lacking)}",
                card_type=ord_, side=side, line=line, column=column,
            )  # fmt: skip


def _anki_findings(document: NoteTypeDocument) -> Iterator[Diagnostic]:
    for ord_, side, doc in _sides(document):
        at = doc.line_index.line_col
        for node in doc.walk():
            if isinstance(node, AnkiTagNode) and node.tag.kind is TagKind.REPLACEMENT:
                yield from _filter_findings(node, ord_, side, at)
            elif isinstance(node, AvDirectiveNode) and node.name == "tts":
                line, column = at(node.start)
                yield Diagnostic(
                    "info", "compat-tts",
                    "[anki:tts] speaks with each device's own voices: the voice and "
                    "language may differ or be missing on other clients",
                    card_type=ord_, side=side, line=line, column=column,
                )  # fmt: skip
            elif isinstance(node, AttributeNode) and node.name.lower() == "src":
                yield from _media_path_findings(node, ord_, side, at)
        for text, offset in _script_texts(doc):
            match = DESKTOP_ONLY_JS.search(text)
            if match is not None:
                line, column = at(offset + match.start())
                yield Diagnostic(
                    "warning", "compat-desktop-only-js",
                    f"`{match.group(0).rstrip('(').strip()}` exists only in Anki desktop; "
                    "on AnkiDroid, AnkiMobile and AnkiWeb this script throws",
                    card_type=ord_, side=side, line=line, column=column,
                    fix="guard it: if (typeof pycmd === 'function') { … }",
                )  # fmt: skip


def _filter_findings(node: AnkiTagNode, ord_: int, side: Side, at: Any) -> Iterator[Diagnostic]:
    for item in node.tag.filters:
        line, column = at(item.start)
        if item.name == "type":
            yield Diagnostic(
                "info", "compat-type-in",
                "type-in answers look and compare differently on each client "
                "(AnkiDroid can use its own input box; check the card on each)",
                card_type=ord_, side=side, line=line, column=column,
            )  # fmt: skip
        elif item.name == "tts":
            if "voices=" in item.options:
                yield Diagnostic(
                    "info", "compat-tts",
                    "TTS voices are named per platform: this voice exists only where it "
                    "is installed; other clients fall back or stay silent",
                    card_type=ord_, side=side, line=line, column=column,
                )  # fmt: skip
        elif not item.is_builtin:
            addon = ADDON_FILTERS.get(item.name)
            source = f"the add-on “{addon}”" if addon else "an add-on"
            yield Diagnostic(
                "warning", "compat-addon-filter",
                f"the filter `{item.name}:` comes from {source}: AnkiDroid, AnkiMobile, "
                "AnkiWeb and Anki without it show the field without the filter's effect",
                card_type=ord_, side=side, line=line, column=column,
            )  # fmt: skip


def _media_path_findings(
    node: AttributeNode, ord_: int, side: Side, at: Any
) -> Iterator[Diagnostic]:
    value = (node.value or "").strip()
    lowered = value.lower()
    if not value or node.anki_tags:
        return
    if REMOTE_OR_DATA.match(value) and not lowered.startswith("file:"):
        return  # remote files are the remote-resources lint's
    if lowered.startswith("file:") or "/" in value or "\\" in value:
        line, column = at(node.start)
        yield Diagnostic(
            "warning", "compat-media-path",
            f"“{value}” is not a plain file name: Anki's media folder is flat and only "
            "syncs files directly in it, so other clients cannot find this file",
            card_type=ord_, side=side, line=line, column=column,
            fix="put the file in the media folder and refer to it by name (e.g. _file.png)",
        )  # fmt: skip


def compatibility_findings(document: NoteTypeDocument) -> Iterator[Diagnostic]:
    yield from _web_feature_findings(document)
    yield from _anki_findings(document)
