"""A template as one flat list of tokens, ready for the tree builder.

1. Every Anki tag (and the `{{=<% %>=}}` directive) is *masked*: replaced by "_" of the
   same length. The masked text is what the HTML scanner reads, so a quote, `>` or `</`
   inside `{{...}}` can never end an attribute, a tag or a script, and every offset is
   the same as in the original text. Anki's comments are not masked (Anki copies them
   through as they are).
2. HTML tokens are flattened: text is split at Anki tags and `[anki:...]` markers, start
   tags are read by `attributes.scan_start_tag`, and a tag whose name contains an Anki
   tag becomes a broken (raw) token.
3. `[anki:X]...[/anki:X]` markers are paired the way Anki reads them; the rest is text.
4. `struct_token` says what each token means to `tree.resolve_structure`, including
   HTML's optional end tags (`<li>` ends an open `<li>`, `<div>` ends an open `<p>`).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from enum import Enum

from .anki_syntax import AnkiLex, AnkiTag, DelimiterChange, TagKind
from .attributes import StartTagSyntax, scan_start_tag
from .av_tags import AvMarker, scan_av_markers
from .html_scan import HtmlToken, HtmlTokenKind
from .tree import Role, StructToken

VOID_ELEMENTS = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "param", "source", "track", "wbr", "basefont", "bgsound", "frame", "keygen",
    }
)  # fmt: skip

_CLOSES_P = frozenset(
    """address article aside blockquote center details dialog dir div dl fieldset figcaption
    figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre listing
    section summary table ul xmp li dd dt""".split()
)
_BUTTON_SCOPE = frozenset("applet caption html table td th marquee object template button".split())
#: start tag -> (open elements it ends, elements that stop the search); HTML5 simplified.
_IMPLIED_ENDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu", "table", "td", "th"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl", "table", "td", "th"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl", "table", "td", "th"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "tbody", "thead", "tfoot"})),
    "tbody": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
    "thead": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
    "tfoot": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
    "option": (frozenset({"option"}), frozenset({"select", "datalist", "optgroup"})),
    "optgroup": (frozenset({"option", "optgroup"}), frozenset({"select"})),
}


def _implied_ends(tag: str) -> tuple[frozenset[str], frozenset[str]]:
    closes, scope = _IMPLIED_ENDS.get(tag, (frozenset(), frozenset()))
    if tag in _CLOSES_P:
        # "p" is searched for in button scope (simplified: one search, joint boundaries).
        return closes | {"p"}, (scope | _BUTTON_SCOPE)
    return closes, scope


MASK_CHAR = "_"


class Kind(Enum):
    TEXT = "text"
    TAG = "tag"
    DELIMITERS = "delimiters"
    AV_OPEN = "av-open"
    AV_CLOSE = "av-close"
    START = "start"
    END = "end"
    VOID = "void"
    RAW_TEXT = "raw-text"
    COMMENT = "comment"
    DECLARATION = "declaration"
    BROKEN = "broken"


@dataclass(slots=True)
class TemplateToken:
    kind: Kind
    start: int
    end: int
    anki: AnkiTag | None = None
    html: HtmlToken | None = None
    syntax: StartTagSyntax | None = None
    av: AvMarker | None = None
    reason: str = ""
    partner: int | None = None


def mask_anki_tags(lex: AnkiLex) -> str:
    """The template with every Anki tag (and the delimiter directive) replaced by "_"."""
    text = lex.text
    pieces: list[str] = []
    pos = 0
    for token in lex.tokens:
        if isinstance(token, AnkiTag | DelimiterChange):
            pieces.append(text[pos : token.start])
            pieces.append(MASK_CHAR * (token.end - token.start))
            pos = token.end
    pieces.append(text[pos:])
    return "".join(pieces)


class Flattener:
    def __init__(self, lex: AnkiLex, masked: str) -> None:
        self.text = lex.text
        self.masked = masked
        self.marks: list[AnkiTag | DelimiterChange] = [
            t for t in lex.tokens if isinstance(t, AnkiTag | DelimiterChange)
        ]
        self.mark_starts = [m.start for m in self.marks]

    def marks_in(self, start: int, end: int) -> list[AnkiTag | DelimiterChange]:
        index = bisect_left(self.mark_starts, start)
        found = []
        while index < len(self.marks) and self.marks[index].end <= end:
            found.append(self.marks[index])
            index += 1
        return found

    def _separate(self, html_tokens: list[HtmlToken]) -> list[tuple[HtmlToken, bool]]:
        """Merge HTML tokens that would cut through an Anki tag (a safety net)."""
        result: list[tuple[HtmlToken, bool]] = []
        marks = self.marks
        mark = 0
        i = 0
        while i < len(html_tokens):
            j = i
            end = html_tokens[i].end
            while True:
                while mark < len(marks) and marks[mark].end <= end:
                    mark += 1
                if mark < len(marks) and marks[mark].start < end and j + 1 < len(html_tokens):
                    j += 1
                    end = html_tokens[j].end
                else:
                    break
            if j == i:
                result.append((html_tokens[i], False))
            else:
                group = html_tokens[i : j + 1]
                only_text = all(t.kind is HtmlTokenKind.TEXT for t in group)
                merged = HtmlToken(HtmlTokenKind.TEXT, group[0].start, end)
                result.append((merged, not only_text))
            i = j + 1
        return result

    def _text(self, start: int, end: int, out: list[TemplateToken]) -> None:
        pos = start
        for mark in self.marks_in(start, end):
            self._plain(pos, mark.start, out)
            if isinstance(mark, DelimiterChange):
                out.append(TemplateToken(Kind.DELIMITERS, mark.start, mark.end))
            else:
                out.append(TemplateToken(Kind.TAG, mark.start, mark.end, anki=mark))
            pos = mark.end
        self._plain(pos, end, out)

    def _plain(self, start: int, end: int, out: list[TemplateToken]) -> None:
        pos = start
        for marker in scan_av_markers(self.text, start, end):
            if marker.start > pos:
                out.append(TemplateToken(Kind.TEXT, pos, marker.start))
            kind = Kind.AV_OPEN if marker.is_open else Kind.AV_CLOSE
            out.append(TemplateToken(kind, marker.start, marker.end, av=marker))
            pos = marker.end
        if end > pos:
            out.append(TemplateToken(Kind.TEXT, pos, end))

    def _start_syntax(self, token: HtmlToken) -> StartTagSyntax:
        tags = {
            m.start: (m.end, m.is_section_tag)
            for m in self.marks_in(token.start, token.end)
            if isinstance(m, AnkiTag)
        }
        end = token.content_start if token.kind is HtmlTokenKind.RAW_TEXT else token.end
        return scan_start_tag(self.masked, token.start, end, tags)

    def _markup(self, token: HtmlToken) -> TemplateToken:
        """The one template token for an HTML token that is not text."""
        start, end, kind = token.start, token.end, token.kind
        if kind in (HtmlTokenKind.START_TAG, HtmlTokenKind.RAW_TEXT):
            syntax = self._start_syntax(token)
            if self.marks_in_range(syntax.name_start, syntax.name_end):
                return TemplateToken(Kind.BROKEN, start, end, reason="dynamic-tag-name")
            if kind is HtmlTokenKind.RAW_TEXT:
                tag_kind = Kind.RAW_TEXT
            elif token.tag in VOID_ELEMENTS or syntax.self_closing:
                tag_kind = Kind.VOID
            else:
                tag_kind = Kind.START
            return TemplateToken(tag_kind, start, end, html=token, syntax=syntax)
        if kind is HtmlTokenKind.END_TAG:
            if self.marks_in(start, end):
                return TemplateToken(Kind.BROKEN, start, end, reason="dynamic-end-tag")
            return TemplateToken(Kind.END, start, end, html=token)
        other = Kind.COMMENT if kind is HtmlTokenKind.COMMENT else Kind.DECLARATION
        return TemplateToken(other, start, end, html=token)

    def flatten(self, html_tokens: list[HtmlToken]) -> list[TemplateToken]:
        out: list[TemplateToken] = []
        for token, broken in self._separate(html_tokens):
            if broken:
                out.append(
                    TemplateToken(Kind.BROKEN, token.start, token.end, reason="unparsed-markup")
                )
            elif token.kind is HtmlTokenKind.TEXT:
                self._text(token.start, token.end, out)
            else:
                out.append(self._markup(token))
        return _pair_av_markers(out)

    def marks_in_range(self, start: int, end: int) -> bool:
        """True if any Anki tag overlaps [start, end)."""
        index = bisect_left(self.mark_starts, start)
        if index > 0 and self.marks[index - 1].end > start:
            return True
        return index < len(self.marks) and self.marks[index].start < end


def _av_name(token: TemplateToken) -> str | None:
    return None if token.av is None else token.av.name


def _pair_av_markers(tokens: list[TemplateToken]) -> list[TemplateToken]:
    """Pair `[anki:X]` with the first `[/anki:X]` after it (Anki's rule); others are text."""
    closes: dict[str, list[int]] = {}
    for index, token in enumerate(tokens):
        name = _av_name(token)
        if token.kind is Kind.AV_CLOSE and name is not None:
            closes.setdefault(name, []).append(index)
    keep: set[int] = set()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        name = _av_name(token)
        if token.kind is Kind.AV_OPEN and name is not None:
            candidates = closes.get(name, [])
            found = bisect_left(candidates, index)
            if found < len(candidates):
                close = candidates[found]
                keep.update((index, close))
                index = close + 1
                continue
        index += 1
    merged: list[TemplateToken] = []
    for index, token in enumerate(tokens):
        if token.kind in (Kind.AV_OPEN, Kind.AV_CLOSE) and index not in keep:
            token = TemplateToken(Kind.TEXT, token.start, token.end)
        last = merged[-1] if merged else None
        if last is not None and last.kind is token.kind is Kind.TEXT:
            merged[-1] = TemplateToken(Kind.TEXT, last.start, token.end)
        else:
            merged.append(token)
    opened: int | None = None
    for index, token in enumerate(merged):
        if token.kind is Kind.AV_OPEN:
            opened = index
        elif token.kind is Kind.AV_CLOSE and opened is not None:
            merged[opened].partner = index
            token.partner = opened
            opened = None
    return merged


def struct_token(token: TemplateToken) -> StructToken:
    kind = token.kind
    if kind is Kind.START and token.html is not None:
        closes, scope = _implied_ends(token.html.tag)
        return StructToken(Role.OPEN, ("element", token.html.tag), None, closes, scope)
    if kind is Kind.VOID and token.html is not None:
        closes, scope = _implied_ends(token.html.tag)
        return StructToken(Role.LEAF, None, None, closes, scope)
    if kind is Kind.END and token.html is not None:
        return StructToken(Role.CLOSE, ("element", token.html.tag))
    if kind is Kind.TAG and token.anki is not None and token.anki.is_section_tag:
        role = Role.CLOSE if token.anki.kind is TagKind.CLOSE else Role.OPEN
        return StructToken(role, ("section", token.anki.key))
    if kind in (Kind.AV_OPEN, Kind.AV_CLOSE) and token.av is not None:
        role = Role.OPEN if kind is Kind.AV_OPEN else Role.CLOSE
        return StructToken(role, ("av", token.av.name), token.partner)
    return StructToken(Role.LEAF)
