"""A small, total CSS scanner: spans for rules, at-rules, declarations and comments.

It is not a validator and never rejects input: it only has to know where things start
and end. It respects what can hide a `{`, `}` or `;` — comments, strings (with
escapes; an unescaped newline ends a string, as in CSS), unquoted `url(...)`, and
brackets. Inside a block, an item is a nested rule if a `{` comes before `;` (CSS
nesting, `@media` and `@keyframes` bodies), otherwise a declaration (custom properties
`--x: {...}` are always declarations). Unterminated blocks and comments run to the end.
"""

from __future__ import annotations

from .css_model import CssDocument, CssNode
from .spans import LineIndex, Span

_SPACE = " \t\n\r\f"
_CLOSERS = {"(": ")", "[": "]", "{": "}"}
# Blocks nested deeper than this become one raw node (real CSS nests a few levels).
MAX_CSS_DEPTH = 64


class _Scanner:
    depth = 0

    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.lines = LineIndex(text)

    # -- lexical helpers -------------------------------------------------------------

    def comment_end(self, i: int) -> int:
        close = self.text.find("*/", i + 2)
        return self.n if close < 0 else close + 2

    def string_end(self, i: int) -> int:
        text, quote = self.text, self.text[i]
        j = i + 1
        while j < self.n:
            char = text[j]
            if char == "\\":
                j += 2
                continue
            if char == quote:
                return j + 1
            if char == "\n":
                return j
            j += 1
        return self.n

    def url_end(self, i: int) -> int | None:
        """End of an unquoted `url(...)` starting at i, or None if it is not one."""
        text = self.text
        if text[i : i + 4].lower() != "url(" or (
            i > 0 and (text[i - 1].isalnum() or text[i - 1] in "-_\\")
        ):
            return None
        j = i + 4
        while j < self.n and text[j] in _SPACE:
            j += 1
        if j < self.n and text[j] in "\"'":
            return None
        while j < self.n:
            if text[j] == "\\":
                j += 2
                continue
            if text[j] == ")":
                return j + 1
            j += 1
        return self.n

    def scan_until(self, i: int, stops: str, limit: int | None = None) -> int:
        """First position >= i of a char in `stops` outside brackets, strings, comments.

        Returns `limit` (default: the end of the text) when there is none before it.
        """
        text = self.text
        end = self.n if limit is None else limit
        nesting: list[str] = []
        while i < end:
            char = text[i]
            if char == "/" and text.startswith("/*", i):
                i = self.comment_end(i)
                continue
            if char in "\"'":
                i = self.string_end(i)
                continue
            if char == "\\":
                i += 2
                continue
            if char in "uU":
                url = self.url_end(i)
                if url is not None:
                    i = url
                    continue
            if not nesting and char in stops:
                return i
            if char in _CLOSERS:
                nesting.append(_CLOSERS[char])
            elif nesting and char == nesting[-1]:
                nesting.pop()
            elif char == "}" and nesting:
                # an unbalanced "}" inside ( or [ still ends the enclosing block
                while nesting and nesting[-1] != "}":
                    nesting.pop()
                if nesting:
                    nesting.pop()
                elif "}" in stops:
                    return i
            i += 1
        return end

    def trim_end(self, start: int, end: int) -> int:
        while end > start and self.text[end - 1] in _SPACE:
            end -= 1
        return end

    # -- structure -------------------------------------------------------------------

    def node(
        self,
        kind: str,
        node_id: str,
        start: int,
        end: int,
        *,
        prelude: Span | None = None,
        name: str = "",
        body: Span | None = None,
        terminated: bool = True,
        children: tuple[CssNode, ...] = (),
        property_span: Span | None = None,
        value_span: Span | None = None,
        important: bool = False,
    ) -> CssNode:
        line, column = self.lines.line_col(start)
        return CssNode(
            type=kind, id=node_id, start=start, end=end, line=line, column=column,
            source=self.text, prelude=prelude, name=name, body=body, terminated=terminated,
            children=children, property_span=property_span, value_span=value_span,
            important=important,
        )  # fmt: skip

    def items(self, i: int, parent: str, in_block: bool) -> tuple[tuple[CssNode, ...], int]:
        """Items from i to the end of the text, or (in a block) to its closing `}`."""
        text = self.text
        items: list[CssNode] = []
        while i < self.n:
            node_id = f"{parent}.{len(items)}" if parent else str(len(items))
            char = text[i]
            if char in _SPACE:
                j = i
                while j < self.n and text[j] in _SPACE:
                    j += 1
                items.append(self.node("whitespace", node_id, i, j))
                i = j
            elif text.startswith("/*", i):
                j = self.comment_end(i)
                terminated = text.startswith("*/", j - 2) and j - 2 >= i + 2
                items.append(self.node("comment", node_id, i, j, terminated=terminated))
                i = j
            elif char == "}":
                if in_block:
                    break
                items.append(self.node("raw", node_id, i, i + 1))
                i += 1
            elif char == "@":
                node = self.at_rule(i, node_id)
                items.append(node)
                i = node.end
            elif in_block and text.startswith("--", i):
                node = self.declaration(i, self.scan_until(i, ";}"), node_id)
                items.append(node)
                i = node.end
            else:
                stop = self.scan_until(i, "{};" if in_block else "{}")
                if stop < self.n and text[stop] == "{":
                    node = self.block_node("rule", i, stop, node_id)
                elif in_block:
                    node = self.declaration(i, stop, node_id)
                else:
                    node = self.node("raw", node_id, i, stop)
                items.append(node)
                i = node.end
        return tuple(items), i

    def block_node(
        self, kind: str, start: int, brace: int, node_id: str, name: str = ""
    ) -> CssNode:
        if self.depth >= MAX_CSS_DEPTH:
            # Nesting no stylesheet needs: keep it whole as one raw node (no recursion).
            return self.node("raw", node_id, start, self.block_end(brace))
        self.depth += 1
        try:
            return self._block_node(kind, start, brace, node_id, name)
        finally:
            self.depth -= 1

    def block_end(self, brace: int) -> int:
        """Where the block opened at `brace` ends (after its `}`), without recursion."""
        level, pos = 1, brace + 1
        while pos < self.n and level:
            stop = self.scan_until(pos, "{}")
            if stop >= self.n:
                return self.n
            level += 1 if self.text[stop] == "{" else -1
            pos = stop + 1
        return pos

    def _block_node(
        self, kind: str, start: int, brace: int, node_id: str, name: str = ""
    ) -> CssNode:
        prelude_start = start + 1 + len(name) if kind == "atRule" else start
        if kind == "atRule":
            while prelude_start < brace and self.text[prelude_start] in _SPACE:
                prelude_start += 1
        prelude = Span(prelude_start, self.trim_end(prelude_start, brace))
        children, close = self.items(brace + 1, node_id, in_block=True)
        terminated = close < self.n
        end = close + 1 if terminated else self.n
        return self.node(
            kind, node_id, start, end, prelude=prelude, name=name,
            body=Span(brace + 1, close), terminated=terminated, children=children,
        )  # fmt: skip

    def at_rule(self, i: int, node_id: str) -> CssNode:
        text = self.text
        j = i + 1
        while j < self.n and (text[j].isalnum() or text[j] in "-_" or ord(text[j]) > 127):
            j += 1
        name = text[i + 1 : j]
        stop = self.scan_until(j, "{;}")
        if stop < self.n and text[stop] == "{":
            return self.block_node("atRule", i, stop, node_id, name)
        terminated = stop < self.n and text[stop] == ";"
        end = stop + 1 if terminated else stop
        prelude_start = j
        while prelude_start < stop and text[prelude_start] in _SPACE:
            prelude_start += 1
        prelude = Span(prelude_start, self.trim_end(prelude_start, stop))
        return self.node(
            "atRule", node_id, i, end, prelude=prelude, name=name, terminated=terminated
        )

    def declaration(self, i: int, stop: int, node_id: str) -> CssNode:
        """`property: value [!important]` from i to stop (a `;` is included)."""
        text = self.text
        terminated = stop < self.n and text[stop] == ";"
        # White space before a closing "}" is left to its own node, so an appended
        # declaration lands right after this one.
        end = stop + 1 if terminated else max(self.trim_end(i, stop), i + 1)
        colon = self.scan_until(i, ":", stop)
        if colon >= stop:
            return self.node("raw", node_id, i, end, terminated=terminated)
        prop = Span(i, self.trim_end(i, colon))
        value_start = colon + 1
        while value_start < stop and text[value_start] in _SPACE:
            value_start += 1
        value_end = self.trim_end(value_start, stop)
        important = False
        bang = text.rfind("!", value_start, value_end)
        if bang >= 0 and text[bang + 1 : value_end].strip().lower() == "important":
            important = True
            value_end = self.trim_end(value_start, bang)
        return self.node(
            "declaration", node_id, i, end, property_span=prop,
            value_span=Span(value_start, value_end), important=important, terminated=terminated,
        )  # fmt: skip


def parse_css(text: str) -> CssDocument:
    """Parse a note type's CSS; never raises, and `serialize_css` gives `text` back."""
    scanner = _Scanner(text)
    children, _ = scanner.items(0, "", in_block=False)
    return CssDocument(source=text, children=children, line_index=scanner.lines)


def _emit(node: CssNode, out: list[str]) -> None:
    if node.body is None:
        out.append(node.raw)
        return
    out.append(node.source[node.start : node.body.start])
    for child in node.children:
        _emit(child, out)
    out.append(node.source[node.body.end : node.end])


def serialize_css(document: CssDocument) -> str:
    out: list[str] = []
    for node in document.children:
        _emit(node, out)
    return "".join(out)


def check_css_tiling(document: CssDocument) -> list[str]:
    """Problems with the coverage of the text; [] when it is lossless."""
    problems: list[str] = []

    def check(label: str, start: int, end: int, nodes: tuple[CssNode, ...]) -> None:
        position = start
        for node in nodes:
            if node.start != position:
                problems.append(f"{label}: gap or overlap at {position} before {node.id}")
            position = node.end
            if node.body is not None:
                if not (node.start < node.body.start <= node.body.end <= node.end):
                    problems.append(f"{node.id}: body outside the node")
                check(node.id, node.body.start, node.body.end, node.children)
        if position != end:
            problems.append(f"{label}: items end at {position}, expected {end}")

    check("stylesheet", 0, len(document.source), document.children)
    return problems


#: CSS nested deeper than this is not shown in the canvas or the preview: Chromium 140
#: needs seconds at a depth of 4,000 and never answers at 5,000 (the page's canvas uses
#: the same limit, web/src/canvas/cssProjection.ts).
MAX_RENDERED_CSS_NESTING = 200


def css_nesting_depth(text: str) -> int:
    """How deeply `{`, `(` and `[` nest in `text`, outside comments and strings."""
    scanner = _Scanner(text)
    depth = deepest = 0
    i = 0
    while i < scanner.n:
        char = text[i]
        if char == "/" and text.startswith("/*", i):
            i = scanner.comment_end(i)
            continue
        if char in "\"'":
            i = scanner.string_end(i)
            continue
        if char == "\\":
            i += 2
            continue
        if char in _CLOSERS:
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}" and depth:
            depth -= 1
        i += 1
    return deepest
