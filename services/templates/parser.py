"""`parse_template`: one card template side -> a lossless `TemplateDocument`.

The steps, each in its own module:

1. `anki_syntax.lex_template` finds Anki's tags exactly as Anki does (comments first-class).
2. `html_scan.scan_html` tokenizes the text, with every Anki tag masked, as HTML.
3. `template_tokens` flattens both into one token list (text split at Anki tags, start
   tags read into attributes, opaque tokens keep the tags inside them).
4. `tree.resolve_structure` pairs elements, sections and `[anki:...]` blocks and decides
   which regions must stay raw; this module then builds the nodes with path ids.
"""

from __future__ import annotations

from typing import TypedDict

from .anki_syntax import AnkiComment, AnkiTag, find_syntax_error, lex_template
from .attributes import StartTagSyntax
from .html_scan import scan_html
from .model import (
    AnkiTagNode,
    AttributeNode,
    AvDirectiveNode,
    CommentNode,
    DeclarationNode,
    DelimiterNode,
    ElementNode,
    Node,
    RawNode,
    RawTextNode,
    SectionNode,
    TemplateDocument,
    TextNode,
)
from .spans import LineIndex, Span
from .template_tokens import (
    VOID_ELEMENTS,
    Flattener,
    Kind,
    TemplateToken,
    mask_anki_tags,
    struct_token,
)
from .tree import Region, resolve_structure

#: Deeper nesting than this becomes a raw region (keeps every walk far from recursion limits).
MAX_DEPTH = 200


class _Where(TypedDict):
    id: str
    start: int
    end: int
    line: int
    column: int
    source: str


class _OwnerFields(TypedDict):
    attributes: tuple[AttributeNode, ...]
    tag_anki_tags: tuple[AnkiTagNode, ...]
    name_span: Span
    insert_at: int


class _Builder:
    def __init__(
        self,
        flattener: Flattener,
        tokens: list[TemplateToken],
        regions: dict[int, Region],
        lines: LineIndex,
        comments: set[tuple[int, int]],
    ) -> None:
        self.f = flattener
        self.source = flattener.text
        self.tokens = tokens
        self.regions = regions
        self.lines = lines
        self.comments = comments

    def where(self, start: int, end: int, node_id: str) -> _Where:
        line, column = self.lines.line_col(start)
        return _Where(
            id=node_id, start=start, end=end, line=line, column=column, source=self.source
        )

    def anki_node(self, tag: AnkiTag, node_id: str) -> AnkiTagNode:
        return AnkiTagNode(**self.where(tag.start, tag.end, node_id), tag=tag)

    def tags_in(
        self, start: int, end: int, owner: str, prefix: str = "t"
    ) -> tuple[AnkiTagNode, ...]:
        tags = [m for m in self.f.marks_in(start, end) if isinstance(m, AnkiTag)]
        return tuple(self.anki_node(tag, f"{owner}.{prefix}{k}") for k, tag in enumerate(tags))

    def _describe(self, index: int) -> str:
        token = self.tokens[index]
        line, column = self.lines.line_col(token.start)
        if token.kind is Kind.START and token.html is not None:
            what = f"<{token.html.tag}>"
        elif token.anki is not None:
            what = token.anki.label()
        elif token.av is not None:
            what = f"[anki:{token.av.name}]"
        else:
            what = self.source[token.start : token.end][:40]
        return f"{what} at line {line}, column {column}"

    def raw(self, start: int, end: int, node_id: str, reason: str, detail: str = "") -> RawNode:
        return RawNode(
            **self.where(start, end, node_id),
            reason=reason,
            detail=detail,
            anki_tags=self.tags_in(start, end, node_id),
        )

    def owner_fields(self, syntax: StartTagSyntax, node_id: str) -> _OwnerFields:
        attributes = []
        for k, attr in enumerate(syntax.attributes):
            attr_id = f"{node_id}.a{k}"
            value = None
            if attr.value_start is not None and attr.value_end is not None:
                value = Span(attr.value_start, attr.value_end)
            attributes.append(
                AttributeNode(
                    **self.where(attr.start, attr.end, attr_id),
                    name_span=Span(attr.name_start, attr.name_end),
                    value_span=value,
                    quote=attr.quote,
                    anki_tags=self.tags_in(attr.start, attr.end, attr_id),
                )
            )
        standalone = []
        for k, (start, end) in enumerate(syntax.standalone_tags):
            tag = next(m for m in self.f.marks_in(start, end) if isinstance(m, AnkiTag))
            standalone.append(self.anki_node(tag, f"{node_id}.t{k}"))
        return _OwnerFields(
            attributes=tuple(attributes),
            tag_anki_tags=tuple(standalone),
            name_span=Span(syntax.name_start, syntax.name_end),
            insert_at=syntax.insert_at,
        )

    def build(self, lo: int, hi: int, parent: str, depth: int) -> tuple[Node, ...]:
        nodes: list[Node] = []
        index = lo
        while index <= hi:
            node_id = f"{parent}.{len(nodes)}" if parent else str(len(nodes))
            region = self.regions.get(index)
            token = self.tokens[index]
            if region is not None and (region.raw or region.end > index):
                end_token = self.tokens[region.end]
                if region.raw:
                    detail = ""
                    if region.overlap is not None:
                        first, second = region.overlap
                        detail = f"{self._describe(first)} overlaps {self._describe(second)}"
                    nodes.append(
                        self.raw(token.start, end_token.end, node_id, region.reason, detail)
                    )
                elif depth >= MAX_DEPTH:
                    nodes.append(self.raw(token.start, end_token.end, node_id, "too-deep"))
                else:
                    children = self.build(index + 1, region.end - 1, node_id, depth + 1)
                    nodes.append(self.container(token, end_token, node_id, children))
                index = region.end + 1
                continue
            nodes.append(self.leaf(token, node_id))
            index += 1
        return tuple(nodes)

    def container(
        self, token: TemplateToken, end: TemplateToken, node_id: str, children: tuple[Node, ...]
    ) -> Node:
        where = self.where(token.start, end.end, node_id)
        if token.kind is Kind.START and token.html is not None and token.syntax is not None:
            return ElementNode(
                **where,
                **self.owner_fields(token.syntax, node_id),
                tag_name=token.html.tag,
                start_tag=Span(token.start, token.end),
                end_tag=Span(end.start, end.end),
                child_nodes=children,
            )
        if token.kind is Kind.TAG and token.anki is not None and end.anki is not None:
            return SectionNode(
                **where,
                child_nodes=children,
                open_tag=self.anki_node(token.anki, f"{node_id}.open"),
                close_tag=self.anki_node(end.anki, f"{node_id}.close"),
            )
        if token.av is not None:
            return AvDirectiveNode(
                **where,
                child_nodes=children,
                name=token.av.name,
                options=token.av.options,
                open_marker=Span(token.start, token.end),
                close_marker=Span(end.start, end.end),
            )
        raise AssertionError(f"not a container token: {token.kind}")

    def leaf(self, token: TemplateToken, node_id: str) -> Node:
        where = self.where(token.start, token.end, node_id)
        kind = token.kind
        if kind is Kind.TEXT:
            return TextNode(**where)
        if kind is Kind.TAG and token.anki is not None and not token.anki.is_section_tag:
            return self.anki_node(token.anki, node_id)
        if kind is Kind.DELIMITERS:
            return DelimiterNode(**where)
        if kind is Kind.VOID and token.html is not None and token.syntax is not None:
            return ElementNode(
                **where,
                **self.owner_fields(token.syntax, node_id),
                tag_name=token.html.tag,
                start_tag=Span(token.start, token.end),
                end_tag=None,
                void=token.html.tag in VOID_ELEMENTS,
                self_closing=token.syntax.self_closing,
            )
        if kind is Kind.RAW_TEXT and token.html is not None and token.syntax is not None:
            html = token.html
            return RawTextNode(
                **where,
                **self.owner_fields(token.syntax, node_id),
                tag_name=html.tag,
                start_tag=Span(token.start, html.content_start),
                end_tag=Span(html.content_end, html.end) if html.has_end_tag else None,
                content=Span(html.content_start, html.content_end),
                content_anki_tags=self.tags_in(html.content_start, html.content_end, node_id, "c"),
            )
        if kind is Kind.COMMENT:
            return CommentNode(
                **where,
                anki_comment=(token.start, token.end) in self.comments,
                anki_tags=self.tags_in(token.start, token.end, node_id),
            )
        if kind is Kind.DECLARATION:
            return DeclarationNode(**where, anki_tags=self.tags_in(token.start, token.end, node_id))
        fallback = {Kind.START: "unclosed-element", Kind.END: "stray-end-tag"}
        reason = token.reason or fallback.get(kind, "unclosed-section")
        return self.raw(token.start, token.end, node_id, reason)


def parse_template(text: str) -> TemplateDocument:
    """Parse one template side; never raises, and `serialize` gives `text` back exactly."""
    lex = lex_template(text)
    masked = mask_anki_tags(lex)
    flattener = Flattener(lex, masked)
    tokens = flattener.flatten(scan_html(masked))
    regions = resolve_structure([struct_token(t) for t in tokens])
    lines = LineIndex(text)
    comments = {(t.start, t.end) for t in lex.tokens if isinstance(t, AnkiComment)}
    builder = _Builder(flattener, tokens, regions, lines, comments)
    children = builder.build(0, len(tokens) - 1, "", 0)
    return TemplateDocument(
        source=text,
        mode=lex.mode,
        children=children,
        syntax_error=find_syntax_error(lex.tags),
        line_index=lines,
    )
