"""What a note type's templates are made of: fields, filters, sections, scripts, media.

Counted on the parsed trees (services/templates), so a `{{Field}}` inside an HTML comment
is not counted as used, and a tag inside an attribute or a `<script>` is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..templates import (
    AnkiTagNode,
    AttributeNode,
    ElementNode,
    NoteTypeDocument,
    RawTextNode,
    SectionNode,
)
from ..templates.anki_syntax import TagKind

#: Elements and attributes that load a file (a media file when the value is a plain name).
MEDIA_ATTRIBUTES = {("img", "src"), ("audio", "src"), ("video", "src"), ("source", "src")}
SOUND_TAG = re.compile(r"\[sound:([^\]]+)\]")


@dataclass
class ComponentUsage:
    fields: Counter[str] = field(default_factory=Counter)
    filters: Counter[str] = field(default_factory=Counter)
    sections: Counter[str] = field(default_factory=Counter)
    elements: Counter[str] = field(default_factory=Counter)
    scripts: int = 0
    script_bytes: int = 0
    inline_handlers: int = 0
    styles: int = 0
    media: Counter[str] = field(default_factory=Counter)

    def add(self, other: ComponentUsage) -> None:
        self.fields.update(other.fields)
        self.filters.update(other.filters)
        self.sections.update(other.sections)
        self.elements.update(other.elements)
        self.scripts += other.scripts
        self.script_bytes += other.script_bytes
        self.inline_handlers += other.inline_handlers
        self.styles += other.styles
        self.media.update(other.media)

    def to_json(self) -> dict[str, object]:
        return {
            "fields": dict(sorted(self.fields.items())),
            "filters": dict(sorted(self.filters.items())),
            "sections": dict(sorted(self.sections.items())),
            "elements": dict(sorted(self.elements.items())),
            "scripts": self.scripts,
            "script_bytes": self.script_bytes,
            "inline_handlers": self.inline_handlers,
            "styles": self.styles,
            "media": dict(sorted(self.media.items())),
        }


def _is_local_media(value: str) -> bool:
    lowered = value.strip().lower()
    return bool(lowered) and not lowered.startswith(
        ("http:", "https:", "//", "data:", "blob:", "{{", "<%")
    )


def usage_of(document: NoteTypeDocument) -> ComponentUsage:
    usage = ComponentUsage()
    for card_type in document.card_types:
        for side in (card_type.front, card_type.back):
            for node in side.walk():
                if isinstance(node, AnkiTagNode):
                    if node.tag.kind is TagKind.REPLACEMENT:
                        usage.fields[node.key] += 1
                        for item in node.tag.filters:
                            usage.filters[item.name] += 1
                elif isinstance(node, SectionNode):
                    usage.sections[node.key] += 1
                elif isinstance(node, RawTextNode):
                    usage.elements[node.tag_name.lower()] += 1
                    if node.tag_name.lower() == "script":
                        usage.scripts += 1
                        usage.script_bytes += len(node.content.slice(node.source).encode())
                    elif node.tag_name.lower() == "style":
                        usage.styles += 1
                elif isinstance(node, ElementNode):
                    usage.elements[node.tag_name.lower()] += 1
                elif isinstance(node, AttributeNode):
                    _count_attribute(usage, node)
            for sound in SOUND_TAG.findall(side.source):
                usage.media[sound.strip()] += 1
    return usage


def _count_attribute(usage: ComponentUsage, node: AttributeNode) -> None:
    name = node.name.lower()
    if name.startswith("on"):
        usage.inline_handlers += 1
    owner = _owner_tag(node)
    if (owner, name) in MEDIA_ATTRIBUTES and node.value and _is_local_media(node.value):
        usage.media[node.value.strip()] += 1


def _owner_tag(node: AttributeNode) -> str:
    # The start tag is the text before the attribute back to the last "<".
    start = node.source.rfind("<", 0, node.start)
    match = re.match(r"<\s*([A-Za-z][\w-]*)", node.source[start:])
    return match.group(1).lower() if match else ""


def collection_usage(usages: Iterable[ComponentUsage]) -> ComponentUsage:
    total = ComponentUsage()
    for usage in usages:
        total.add(usage)
    return total
