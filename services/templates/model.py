"""The component tree of one card template, as the canvas sees it.

Every node knows its exact span [start, end) in the template text and keeps a
reference to that text, so a node's `raw` is always the user's own bytes. Children tile
their parent exactly (see `serialize.check_tiling`), which is what makes serializing an
unedited tree byte-identical and lets an edit replace one node's slice and nothing else.

Node ids are paths, deterministic for a given text: top-level nodes are "0", "1", ...,
children of "3" are "3.0", "3.1", ...; attributes of element "3" are "3.a0", ...; Anki
tags embedded in something that is not a tree (an attribute value, a script, a comment,
a raw region) are "<owner>.t0", ...; a section's own tags are "<id>.open" / "<id>.close".
A *part* of a node is addressed as "<id>#<part>" (see `Node.parts`).
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from .anki_syntax import AnkiTag, TagKind, TemplateMode, TemplateSyntaxError
from .id_index import IdIndex
from .spans import LineIndex, Span

JsonDict = dict[str, object]


@dataclass(eq=False, kw_only=True)
class Node:
    """Base of every template node."""

    TYPE: ClassVar[str] = "node"

    id: str
    start: int
    end: int
    line: int
    column: int
    source: str = field(repr=False)

    @property
    def type(self) -> str:
        return self.TYPE

    @property
    def raw(self) -> str:
        """The node's exact source text."""
        return self.source[self.start : self.end]

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @property
    def children(self) -> tuple[Node, ...]:
        return ()

    def embedded(self) -> tuple[Node, ...]:
        """Nodes that belong to this one but are not tree children (attributes, tags)."""
        return ()

    def parts(self) -> dict[str, Span]:
        """Editable sub-spans, addressed as "<id>#<name>"; "" is the whole node.

        `before` and `after` are empty spans for inserting next to the node.
        """
        return {
            "": self.span,
            "before": Span(self.start, self.start),
            "after": Span(self.end, self.end),
        }

    def walk(self) -> Iterator[Node]:
        """This node, its embedded nodes and all descendants, in document order."""
        yield self
        for node in self.embedded():
            yield from node.walk()
        for child in self.children:
            yield from child.walk()

    def to_json(self) -> JsonDict:
        return {
            "type": self.type,
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "raw": self.raw,
        }


def _json_list(nodes: tuple[Node, ...]) -> list[JsonDict]:
    return [node.to_json() for node in nodes]


@dataclass(eq=False, kw_only=True)
class TextNode(Node):
    """Text between markup; `text` in the JSON has character references decoded."""

    TYPE: ClassVar[str] = "text"

    def to_json(self) -> JsonDict:
        return {**super().to_json(), "text": html.unescape(self.raw)}


@dataclass(eq=False, kw_only=True)
class AnkiTagNode(Node):
    """An Anki tag: a field replacement in the tree, or a tag embedded elsewhere.

    JSON type: "field" (replacement), "sectionOpen" or "sectionClose".
    """

    tag: AnkiTag

    @property
    def type(self) -> str:
        if self.tag.kind is TagKind.REPLACEMENT:
            return "field"
        return "sectionClose" if self.tag.kind is TagKind.CLOSE else "sectionOpen"

    @property
    def key(self) -> str:
        return self.tag.key

    def parts(self) -> dict[str, Span]:
        tag = self.tag
        parts = super().parts()
        parts["inner"] = Span(tag.inner_start, tag.inner_end)
        parts["key"] = Span(tag.key_start, tag.key_end)
        filters_start = tag.filters[0].start if tag.filters else tag.key_start
        parts["filters"] = Span(filters_start, tag.key_start)
        for index, item in enumerate(tag.filters):
            parts[f"filter.{index}"] = Span(item.start, item.end)
        return parts

    def to_json(self) -> JsonDict:
        tag = self.tag
        return {
            **super().to_json(),
            "kind": tag.kind.value,
            "key": tag.key,
            "filters": [item.text for item in tag.filters],
            "special": tag.is_special,
            "clozeLike": tag.looks_like_cloze,
        }


@dataclass(eq=False, kw_only=True)
class DelimiterNode(Node):
    """The legacy `{{=<% %>=}}` directive at the start of a template."""

    TYPE: ClassVar[str] = "delimiters"

    def to_json(self) -> JsonDict:
        return {**super().to_json(), "open": "<%", "close": "%>"}


@dataclass(eq=False, kw_only=True)
class AttributeNode(Node):
    """One attribute of a start tag; `value` is raw source (entities not decoded)."""

    TYPE: ClassVar[str] = "attribute"

    name_span: Span
    value_span: Span | None
    quote: str
    anki_tags: tuple[AnkiTagNode, ...] = ()

    @property
    def name(self) -> str:
        return self.name_span.slice(self.source)

    @property
    def value(self) -> str | None:
        return None if self.value_span is None else self.value_span.slice(self.source)

    def embedded(self) -> tuple[Node, ...]:
        return self.anki_tags

    def parts(self) -> dict[str, Span]:
        parts = super().parts()
        parts["name"] = self.name_span
        start = self.start
        while start > 0 and self.source[start - 1] in " \t\n\r\f":
            start -= 1
        parts["with-space"] = Span(start, self.end)
        if self.value_span is not None:
            parts["value"] = self.value_span
        return parts

    def to_json(self) -> JsonDict:
        return {
            **super().to_json(),
            "name": self.name,
            "value": self.value,
            "quote": self.quote,
            "ankiTags": _json_list(self.anki_tags),
        }


@dataclass(eq=False, kw_only=True)
class _TagOwner(Node):
    """Shared by elements and raw-text elements: a start tag with attributes."""

    tag_name: str
    start_tag: Span
    end_tag: Span | None
    name_span: Span
    attributes: tuple[AttributeNode, ...] = ()
    #: Anki tags standing alone in the start tag (`<input {{#F}}checked{{/F}}>`).
    tag_anki_tags: tuple[AnkiTagNode, ...] = ()
    insert_at: int = 0

    def attribute(self, name: str) -> AttributeNode | None:
        """The first attribute called `name` (case-insensitive, as browsers match)."""
        wanted = name.lower()
        return next((a for a in self.attributes if a.name.lower() == wanted), None)

    def embedded(self) -> tuple[Node, ...]:
        items: list[Node] = [*self.attributes, *self.tag_anki_tags]
        items.sort(key=lambda node: node.start)
        return tuple(items)

    def parts(self) -> dict[str, Span]:
        parts = super().parts()
        parts["start"] = self.start_tag
        parts["name"] = self.name_span
        parts["attrs-end"] = Span(self.insert_at, self.insert_at)
        if self.end_tag is not None:
            parts["end"] = self.end_tag
        return parts

    def to_json(self) -> JsonDict:
        return {
            **super().to_json(),
            "tag": self.tag_name,
            "attrs": _json_list(self.attributes),
            "ankiTags": _json_list(self.tag_anki_tags),
            "startTag": self.start_tag.slice(self.source),
            "endTag": None if self.end_tag is None else self.end_tag.slice(self.source),
        }


@dataclass(eq=False, kw_only=True)
class ElementNode(_TagOwner):
    """A well-nested element (or a void / self-closed one, without end tag)."""

    TYPE: ClassVar[str] = "element"

    void: bool = False
    self_closing: bool = False
    child_nodes: tuple[Node, ...] = ()

    @property
    def children(self) -> tuple[Node, ...]:
        return self.child_nodes

    def parts(self) -> dict[str, Span]:
        parts = super().parts()
        if self.end_tag is not None:
            parts["children"] = Span(self.start_tag.end, self.end_tag.start)
        return parts

    def to_json(self) -> JsonDict:
        return {
            **super().to_json(),
            "void": self.void,
            "selfClosing": self.self_closing,
            "children": _json_list(self.child_nodes),
        }


@dataclass(eq=False, kw_only=True)
class RawTextNode(_TagOwner):
    """`<script>`, `<style>`, `<textarea>`...: content is opaque text, never markup.

    `ankiTags` lists the Anki tags inside the content (`{{#F}}` in a script is live).
    """

    TYPE: ClassVar[str] = "rawtext"

    content: Span
    content_anki_tags: tuple[AnkiTagNode, ...] = ()

    def embedded(self) -> tuple[Node, ...]:
        return (*super().embedded(), *self.content_anki_tags)

    def parts(self) -> dict[str, Span]:
        parts = super().parts()
        parts["content"] = self.content
        return parts

    def to_json(self) -> JsonDict:
        return {
            **super().to_json(),
            "content": self.content.slice(self.source),
            "contentAnkiTags": _json_list(self.content_anki_tags),
        }


@dataclass(eq=False, kw_only=True)
class SectionNode(Node):
    """`{{#Key}}...{{/Key}}` or `{{^Key}}...{{/Key}}`, well nested with the markup."""

    TYPE: ClassVar[str] = "section"

    open_tag: AnkiTagNode
    close_tag: AnkiTagNode
    child_nodes: tuple[Node, ...] = ()

    @property
    def key(self) -> str:
        return self.open_tag.tag.key

    @property
    def inverted(self) -> bool:
        return self.open_tag.tag.kind is TagKind.INVERTED

    @property
    def children(self) -> tuple[Node, ...]:
        return self.child_nodes

    def embedded(self) -> tuple[Node, ...]:
        return (self.open_tag, self.close_tag)

    def walk(self) -> Iterator[Node]:
        yield self
        yield self.open_tag
        for child in self.child_nodes:
            yield from child.walk()
        yield self.close_tag

    def parts(self) -> dict[str, Span]:
        parts = super().parts()
        parts["open"] = self.open_tag.span
        parts["close"] = self.close_tag.span
        parts["key"] = Span(self.open_tag.tag.key_start, self.open_tag.tag.key_end)
        parts["closeKey"] = Span(self.close_tag.tag.key_start, self.close_tag.tag.key_end)
        parts["children"] = Span(self.open_tag.end, self.close_tag.start)
        return parts

    def to_json(self) -> JsonDict:
        return {
            **super().to_json(),
            "key": self.key,
            "inverted": self.inverted,
            "clozeConditional": self.open_tag.tag.is_cloze_conditional,
            "open": self.open_tag.to_json(),
            "close": self.close_tag.to_json(),
            "children": _json_list(self.child_nodes),
        }


@dataclass(eq=False, kw_only=True)
class AvDirectiveNode(Node):
    """`[anki:tts lang=en_US]...[/anki:tts]` (Anki reads it after rendering)."""

    TYPE: ClassVar[str] = "avDirective"

    name: str
    options: tuple[tuple[str, str], ...]
    open_marker: Span
    close_marker: Span
    child_nodes: tuple[Node, ...] = ()

    @property
    def children(self) -> tuple[Node, ...]:
        return self.child_nodes

    def parts(self) -> dict[str, Span]:
        parts = super().parts()
        parts["open"] = self.open_marker
        parts["close"] = self.close_marker
        parts["children"] = Span(self.open_marker.end, self.close_marker.start)
        return parts

    def to_json(self) -> JsonDict:
        return {
            **super().to_json(),
            "name": self.name,
            "options": [{"key": key, "value": value} for key, value in self.options],
            "children": _json_list(self.child_nodes),
        }


@dataclass(eq=False, kw_only=True)
class _OpaqueNode(Node):
    """A node whose text is kept as is; it lists the live Anki tags inside it."""

    anki_tags: tuple[AnkiTagNode, ...] = ()

    def embedded(self) -> tuple[Node, ...]:
        return self.anki_tags

    def to_json(self) -> JsonDict:
        return {**super().to_json(), "ankiTags": _json_list(self.anki_tags)}


@dataclass(eq=False, kw_only=True)
class CommentNode(_OpaqueNode):
    """`<!-- ... -->`. `ankiComment`: Anki also sees a comment (tags inside are inert)."""

    TYPE: ClassVar[str] = "comment"

    anki_comment: bool = True

    def to_json(self) -> JsonDict:
        return {**super().to_json(), "ankiComment": self.anki_comment}


@dataclass(eq=False, kw_only=True)
class DeclarationNode(_OpaqueNode):
    """`<!DOCTYPE ...>`, `<?...>`, `<![CDATA[...]]>` and other `<!...>` markup."""

    TYPE: ClassVar[str] = "declaration"


#: Why a region is raw (the canvas shows it as code; a linter explains it).
RAW_REASONS = {
    "misnested": "elements, sections or [anki:...] blocks here overlap instead of nesting",
    "crossing-section": "this section opens in one element and closes in another "
    "(the text between stays editable; the section's tags are kept as written)",
    "unclosed-element": "this start tag has no matching end tag",
    "stray-end-tag": "this end tag closes no open element",
    "unclosed-section": "this section is never closed",
    "unopened-section": "this closes a section that is not open",
    "dynamic-tag-name": "the tag name contains an Anki tag",
    "dynamic-end-tag": "the end tag contains an Anki tag",
    "unparsed-markup": "markup the HTML tokenizer could not separate from an Anki tag",
    "too-deep": "nested too deeply to edit visually",
}


@dataclass(eq=False, kw_only=True)
class RawNode(_OpaqueNode):
    """A region that cannot become a clean tree; editable only as code.

    `reason` is a key of RAW_REASONS; `detail` names the structures involved.
    """

    TYPE: ClassVar[str] = "raw"

    reason: str
    detail: str = ""

    def to_json(self) -> JsonDict:
        return {
            **super().to_json(),
            "reason": self.reason,
            "message": RAW_REASONS.get(self.reason, self.reason),
            "detail": self.detail,
        }


@dataclass(eq=False)
class TemplateDocument:
    """One card template side (qfmt or afmt), parsed; build it with `parse_template`."""

    source: str
    mode: TemplateMode
    children: tuple[Node, ...]
    syntax_error: TemplateSyntaxError | None
    line_index: LineIndex = field(repr=False)
    _index: IdIndex[Node] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._index = IdIndex(self.walk(), "node")

    def walk(self) -> Iterator[Node]:
        """Every node (tree, attributes, embedded Anki tags), in document order."""
        for child in self.children:
            yield from child.walk()

    def node(self, node_id: str) -> Node:
        return self._index.get(node_id)

    def anki_tags(self) -> list[AnkiTagNode]:
        """Every live Anki tag, wherever it is (text, attributes, scripts, raw regions)."""
        return [node for node in self.walk() if isinstance(node, AnkiTagNode)]

    def span_of(self, target: str) -> Span:
        """The span of "<id>" or "<id>#<part>"."""
        return self._index.span_of(target)

    def diagnostics(self) -> list[JsonDict]:
        """Anki's own structural error, if any, with line/column of the tags involved."""
        error = self.syntax_error
        if error is None:
            return []
        line, column = self.line_index.line_col(error.tag.start)
        found: JsonDict = {
            "code": error.code.value,
            "message": error.message,
            "start": error.tag.start,
            "end": error.tag.end,
            "line": line,
            "column": column,
        }
        if error.open_tag is not None:
            open_line, open_column = self.line_index.line_col(error.open_tag.start)
            found["related"] = {
                "start": error.open_tag.start,
                "end": error.open_tag.end,
                "line": open_line,
                "column": open_column,
            }
        return [found]

    def to_json(self) -> JsonDict:
        return {
            "type": "document",
            "mode": self.mode.value,
            "source": self.source,
            "children": _json_list(self.children),
            "diagnostics": self.diagnostics(),
        }
