"""Anki's template language, lexed exactly the way Anki's renderer lexes it.

This follows `rslib/src/template.rs` (Anki 26.x) behaviour for behaviour, because a
designer that disagrees with Anki about where a tag starts or ends will show the user
something other than what their cards do:

* A tag is the opening delimiter, everything up to the *first* closing delimiter after
  it, and that delimiter. Text with `{{` but no later `}}` is plain text.
* `<!-- ... -->` is a template comment: tags inside it are *not* substituted (Anki copies
  the comment through verbatim). An HTML comment without `-->` is not a comment.
* At each position Anki tries a tag first, then a comment; the earliest match wins.
* Leading `{` characters inside a tag are ignored (`{{{Front}}}` is `{{Front}}` + `}`),
  the rest is trimmed of Unicode white space, then classified by its first character:
  `#` opens a section, `^` opens an inverted section, `/` closes one, anything else is
  a replacement `filter:filter:Field` (split on every colon; the field is the last part,
  nothing else is trimmed, so `{{text: Front}}` names the field " Front"). A one-byte
  content such as `{{#}}` is a replacement of the field "#".
* The only delimiter change Anki knows is the legacy directive `{{=<% %>=}}` at the very
  start of a template (after white space, which is then dropped from the output): the
  rest of the template uses `<% %>` and `{{...}}` becomes plain text. Other delimiters
  are not supported (`{{=[[ ]]=}}` is just a replacement of a missing field).
* A closing tag must close the innermost open section, with exactly the same name.

Nothing here knows about HTML; `parser.py` combines this with the HTML scanner.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

# Rust's `char::is_whitespace` (the Unicode White_Space property), used by `str::trim`.
RUST_WHITESPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)

ALT_SYNTAX_DIRECTIVE = "{{=<% %>=}}"
COMMENT_START = "<!--"
COMMENT_END = "-->"

#: Fields Anki fills in itself (rslib/src/notetype/mod.rs SPECIAL_FIELDS).
SPECIAL_FIELDS = frozenset(
    {"FrontSide", "Card", "CardFlag", "Deck", "Subdeck", "Tags", "Type", "CardID"}
)

#: Filters Anki applies itself (rslib/src/template_filters.rs), besides `tts <options>`.
#: `nc` is only meaningful as `type:nc:Field`; add-ons may register any other name.
BUILTIN_FILTERS = frozenset(
    {"text", "furigana", "kanji", "kana", "type", "hint", "cloze", "cloze-only", "nc", ""}
)

_CLOZE_CONDITIONAL = re.compile(r"c\+?([0-9]+)")


class TemplateMode(str, Enum):
    """Which delimiters a template uses."""

    STANDARD = "standard"
    #: `{{=<% %>=}}` at the start: tags are written `<%Field%>`.
    LEGACY_ALT = "alt"

    @property
    def delimiters(self) -> tuple[str, str]:
        return ("{{", "}}") if self is TemplateMode.STANDARD else ("<%", "%>")


class TagKind(str, Enum):
    REPLACEMENT = "replacement"
    OPEN = "open"
    INVERTED = "inverted"
    CLOSE = "close"


@dataclass(frozen=True, slots=True)
class Filter:
    """One filter of a replacement, exactly as written (`hint`, `tts en_US speed=1.2`)."""

    text: str
    start: int
    end: int

    @property
    def name(self) -> str:
        """The filter's name: `tts` for a TTS filter, else the whole text."""
        return "tts" if self.text.startswith("tts ") else self.text

    @property
    def options(self) -> str:
        """A TTS filter's options (`en_US voices=Apple_Samantha speed=1.2`), else ""."""
        return self.text[4:] if self.text.startswith("tts ") else ""

    @property
    def is_builtin(self) -> bool:
        return self.name == "tts" or self.text in BUILTIN_FILTERS


@dataclass(frozen=True, slots=True)
class AnkiTag:
    """One `{{...}}` (or `<%...%>`) tag with every part's position in the template."""

    kind: TagKind
    start: int
    end: int
    #: Between the delimiters.
    inner_start: int
    inner_end: int
    key: str
    key_start: int
    key_end: int
    #: Replacement filters as written, left to right (Anki applies them right to left).
    filters: tuple[Filter, ...] = ()

    @property
    def is_section_tag(self) -> bool:
        return self.kind is not TagKind.REPLACEMENT

    @property
    def opens_section(self) -> bool:
        return self.kind in (TagKind.OPEN, TagKind.INVERTED)

    @property
    def is_special(self) -> bool:
        return self.key in SPECIAL_FIELDS

    @property
    def is_cloze_conditional(self) -> bool:
        """`{{#c1}}`: true on the card whose number it names (cloze card types)."""
        return is_cloze_conditional(self.key)

    @property
    def applied_filters(self) -> tuple[str, ...]:
        """Filter names in the order Anki applies them (innermost first)."""
        return tuple(f.text for f in reversed(self.filters))

    @property
    def looks_like_cloze(self) -> bool:
        """`{{c1::text}}` written in a template (cloze syntax belongs in fields)."""
        return bool(self.filters) and _CLOZE_CONDITIONAL.fullmatch(self.filters[0].text) is not None

    def label(self) -> str:
        """The tag written with standard delimiters, for messages (`{{/Back}}`)."""
        prefix = {TagKind.OPEN: "#", TagKind.INVERTED: "^", TagKind.CLOSE: "/"}.get(self.kind, "")
        body = ":".join([*(f.text for f in self.filters), self.key])
        return "{{" + prefix + body + "}}"


@dataclass(frozen=True, slots=True)
class AnkiText:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class AnkiComment:
    """`<!-- ... -->`: copied to the card verbatim, tags inside are not substituted."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DelimiterChange:
    """The `{{=<% %>=}}` directive (only at the start of a template)."""

    start: int
    end: int


AnkiToken = AnkiText | AnkiComment | AnkiTag | DelimiterChange


@dataclass(frozen=True)
class AnkiLex:
    """A template split into Anki's tokens; they tile the text exactly."""

    text: str
    mode: TemplateMode
    tokens: tuple[AnkiToken, ...]

    @property
    def tags(self) -> tuple[AnkiTag, ...]:
        return tuple(t for t in self.tokens if isinstance(t, AnkiTag))


def is_cloze_conditional(key: str) -> bool:
    """Anki's `c<u32>` test (Rust's u32 parser accepts a leading '+')."""
    match = _CLOZE_CONDITIONAL.fullmatch(key)
    return match is not None and int(match.group(1)) < 2**32


def _is_ws(char: str) -> bool:
    return char in RUST_WHITESPACE


def classify_tag(text: str, start: int, end: int, open_len: int, close_len: int) -> AnkiTag:
    """Build the tag found at text[start:end] (delimiters included)."""
    inner_start, inner_end = start + open_len, end - close_len
    a = inner_start
    while a < inner_end and text[a] == "{":
        a += 1
    while a < inner_end and _is_ws(text[a]):
        a += 1
    b = inner_end
    while b > a and _is_ws(text[b - 1]):
        b -= 1
    content = text[a:b]
    short = len(content) == 0 or (len(content) == 1 and ord(content) < 0x80)
    if not short and content[0] in "#^/":
        kind = {"#": TagKind.OPEN, "^": TagKind.INVERTED, "/": TagKind.CLOSE}[content[0]]
        k = a + 1
        while k < b and _is_ws(text[k]):
            k += 1
        return AnkiTag(kind, start, end, inner_start, inner_end, text[k:b], k, b)
    filters: list[Filter] = []
    piece_start = a
    colon = text.find(":", a, b)
    while colon >= 0:
        filters.append(Filter(text[piece_start:colon], piece_start, colon))
        piece_start = colon + 1
        colon = text.find(":", piece_start, b)
    return AnkiTag(
        TagKind.REPLACEMENT,
        start,
        end,
        inner_start,
        inner_end,
        text[piece_start:b],
        piece_start,
        b,
        tuple(filters),
    )


def _template_mode(text: str) -> tuple[TemplateMode, int]:
    """The mode, and where the body starts (after leading white space)."""
    first = 0
    while first < len(text) and _is_ws(text[first]):
        first += 1
    if text.startswith(ALT_SYNTAX_DIRECTIVE, first):
        return TemplateMode.LEGACY_ALT, first
    return TemplateMode.STANDARD, 0


def lex_template(text: str) -> AnkiLex:
    """Split a template into text, comments and tags, exactly as Anki does."""
    tokens: list[AnkiToken] = []
    mode, pos = _template_mode(text)
    if mode is TemplateMode.LEGACY_ALT:
        if pos:
            tokens.append(AnkiText(0, pos))
        while text.startswith(ALT_SYNTAX_DIRECTIVE, pos):
            tokens.append(DelimiterChange(pos, pos + len(ALT_SYNTAX_DIRECTIVE)))
            pos += len(ALT_SYNTAX_DIRECTIVE)
    open_delim, close_delim = mode.delimiters
    n = len(text)
    tags_possible = comments_possible = True
    while pos < n:
        # The earliest complete tag: if a tag opener has no closer after it, no later
        # opener has one either, so the search stops for good.
        tag_at = tag_end = -1
        if tags_possible:
            tag_at = text.find(open_delim, pos)
            closer = text.find(close_delim, tag_at + len(open_delim)) if tag_at >= 0 else -1
            if closer < 0:
                tags_possible, tag_at = False, -1
            else:
                tag_end = closer + len(close_delim)
        comment_at = comment_end = -1
        if comments_possible:
            comment_at = text.find(COMMENT_START, pos)
            closer = (
                text.find(COMMENT_END, comment_at + len(COMMENT_START)) if comment_at >= 0 else -1
            )
            if closer < 0:
                comments_possible, comment_at = False, -1
            else:
                comment_end = closer + len(COMMENT_END)
        candidates = [
            (at, end) for at, end in ((tag_at, tag_end), (comment_at, comment_end)) if at >= 0
        ]
        if not candidates:
            tokens.append(AnkiText(pos, n))
            break
        at, end = min(candidates)
        if at > pos:
            tokens.append(AnkiText(pos, at))
        if at == tag_at:
            tokens.append(classify_tag(text, at, end, len(open_delim), len(close_delim)))
        else:
            tokens.append(AnkiComment(at, end))
        pos = end
    return AnkiLex(text, mode, tuple(tokens))


class SyntaxErrorCode(str, Enum):
    #: `{{#A}}` never closed (Anki reports the innermost one).
    NOT_CLOSED = "conditional-not-closed"
    #: `{{/A}}` while no section is open.
    NOT_OPEN = "conditional-not-open"
    #: `{{/A}}` while `{{#B}}` is the innermost open section.
    WRONG_CLOSED = "wrong-conditional-closed"


@dataclass(frozen=True, slots=True)
class TemplateSyntaxError:
    """The first structural error Anki would report for a template (it stops there)."""

    code: SyntaxErrorCode
    #: The offending tag: the unmatched close, or the unclosed open.
    tag: AnkiTag
    #: For WRONG_CLOSED, the innermost open section the close should have matched.
    open_tag: AnkiTag | None = None

    @property
    def message(self) -> str:
        key = self.tag.key
        if self.code is SyntaxErrorCode.NOT_CLOSED:
            return f"{self.tag.label()} is never closed: missing '{{{{/{key}}}}}'"
        if self.code is SyntaxErrorCode.WRONG_CLOSED and self.open_tag is not None:
            return (
                f"{self.tag.label()} closes {self.open_tag.label()}: "
                f"expected '{{{{/{self.open_tag.key}}}}}'"
            )
        return f"{self.tag.label()} closes a section that is not open: missing '{{{{#{key}}}}}'"


def find_syntax_error(tags: Iterable[AnkiTag]) -> TemplateSyntaxError | None:
    """Anki's own section check (`parse_inner`): None when the template parses."""
    open_sections: list[AnkiTag] = []
    for tag in tags:
        if tag.opens_section:
            open_sections.append(tag)
        elif tag.kind is TagKind.CLOSE:
            if open_sections and open_sections[-1].key == tag.key:
                open_sections.pop()
            elif open_sections:
                return TemplateSyntaxError(SyntaxErrorCode.WRONG_CLOSED, tag, open_sections[-1])
            else:
                return TemplateSyntaxError(SyntaxErrorCode.NOT_OPEN, tag)
    if open_sections:
        return TemplateSyntaxError(SyntaxErrorCode.NOT_CLOSED, open_sections[-1])
    return None


def unknown_field_references(
    tags: Iterable[AnkiTag], field_names: Iterable[str], card_ord: int | None = None
) -> list[AnkiTag]:
    """Tags Anki would reject when rendering ("there is no field called ...").

    `card_ord` (0-based) adds the `c<ord+1>` pseudo-field Anki defines for each card.
    """
    fields = set(field_names) | (SPECIAL_FIELDS - {"FrontSide"})
    if card_ord is not None:
        fields.add(f"c{card_ord + 1}")
    unknown = []
    for tag in tags:
        if tag.kind is TagKind.CLOSE:
            continue
        if tag.kind is TagKind.REPLACEMENT:
            if tag.key == "FrontSide" or (not tag.key and tag.filters) or tag.key in fields:
                continue
        elif tag.key in fields or is_cloze_conditional(tag.key):
            continue
        unknown.append(tag)
    return unknown
