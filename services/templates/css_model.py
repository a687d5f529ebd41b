"""The note type's CSS as a list of rules, at-rules, comments and white space.

One CSS document is shared by every card type of a note type, so the designer must
never regenerate it: an edit replaces the span of one declaration, selector or rule and
every other byte stays as the user wrote it. Nodes carry spans into the text and tile it
exactly (children tile their parent's block), like the template model.

Node types ("type" in the JSON): "whitespace", "comment", "rule" (selector + block),
"atRule" (`@media ... { ... }`, `@import ...;`), "declaration" (`color: red;` inside a
block) and "raw" (text that is none of these, e.g. a stray `}`). Ids are paths like the
template model's ("0", "3.1").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .id_index import IdIndex
from .spans import LineIndex, Span

JsonDict = dict[str, object]


@dataclass(eq=False, kw_only=True)
class CssNode:
    type: str
    id: str
    start: int
    end: int
    line: int
    column: int
    source: str = field(repr=False)
    #: Rule: the selector; at-rule: the text after the name (both without trailing space).
    prelude: Span | None = None
    #: At-rule name without "@" (`media`, `font-face`), else "".
    name: str = ""
    #: Between the braces, for rules and block at-rules (to the end if unterminated).
    body: Span | None = None
    #: Whether a block, comment or declaration reached its closing `}`, `*/` or `;`.
    terminated: bool = True
    children: tuple[CssNode, ...] = ()
    #: Declarations: property name and value (value without `!important` and space).
    property_span: Span | None = None
    value_span: Span | None = None
    important: bool = False

    @property
    def raw(self) -> str:
        return self.source[self.start : self.end]

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @property
    def selector(self) -> str:
        return "" if self.prelude is None else self.prelude.slice(self.source)

    @property
    def property_name(self) -> str:
        return "" if self.property_span is None else self.property_span.slice(self.source)

    @property
    def value(self) -> str:
        return "" if self.value_span is None else self.value_span.slice(self.source)

    def declarations(self) -> list[CssNode]:
        return [child for child in self.children if child.type == "declaration"]

    def walk(self) -> Iterator[CssNode]:
        yield self
        for child in self.children:
            yield from child.walk()

    def parts(self) -> dict[str, Span]:
        parts = {
            "": self.span,
            "before": Span(self.start, self.start),
            "after": Span(self.end, self.end),
        }
        if self.prelude is not None:
            parts["selector" if self.type == "rule" else "prelude"] = self.prelude
        if self.body is not None:
            parts["body"] = self.body
            last = next((c for c in reversed(self.children) if c.type != "whitespace"), None)
            at = self.body.start if last is None else last.end
            parts["append"] = Span(at, at)
        if self.property_span is not None:
            parts["property"] = self.property_span
        if self.value_span is not None:
            parts["value"] = self.value_span
        return parts

    def to_json(self) -> JsonDict:
        data: JsonDict = {
            "type": self.type,
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "raw": self.raw,
        }
        if self.type == "rule":
            data["selector"] = self.selector
        if self.type == "atRule":
            data["name"] = self.name
            data["prelude"] = self.selector
        if self.type == "declaration":
            data["property"] = self.property_name
            data["value"] = self.value
            data["important"] = self.important
        if self.type in ("rule", "atRule"):
            data["block"] = self.body is not None
            data["children"] = [child.to_json() for child in self.children]
        data["terminated"] = self.terminated
        return data


@dataclass(eq=False)
class CssDocument:
    """A note type's CSS, parsed; build it with `parse_css`."""

    source: str
    children: tuple[CssNode, ...]
    line_index: LineIndex = field(repr=False)
    _index: IdIndex[CssNode] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._index = IdIndex(self.walk(), "CSS node")

    def walk(self) -> Iterator[CssNode]:
        for child in self.children:
            yield from child.walk()

    def node(self, node_id: str) -> CssNode:
        return self._index.get(node_id)

    def span_of(self, target: str) -> Span:
        return self._index.span_of(target)

    def rules(self, selector: str | None = None) -> list[CssNode]:
        """Style rules anywhere (inside @media too), optionally with this exact selector.

        Selectors are compared with runs of white space collapsed.
        """
        wanted = None if selector is None else " ".join(selector.split())
        return [
            node
            for node in self.walk()
            if node.type == "rule" and (wanted is None or " ".join(node.selector.split()) == wanted)
        ]

    def to_json(self) -> JsonDict:
        return {
            "type": "stylesheet",
            "length": len(self.source),
            "children": [child.to_json() for child in self.children],
        }
