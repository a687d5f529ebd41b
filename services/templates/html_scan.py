"""HTML tokens with exact character offsets, from the standard library's html.parser.

html.parser reports *what* it saw through callbacks, but only a line/column position
(`getpos()`) and never where a token ends. This module turns its callbacks into tokens
that tile the input exactly:

* each callback's start offset comes from `getpos()` (html.parser counts lines by "\\n"
  only, which `LineIndex` matches);
* a start tag's extent is its `get_starttag_text()`; an end tag runs to the first `>`;
  anything else runs to the next token. Input html.parser consumed silently (it drops
  `</>`, and a lone `&` at the very end) is kept as text, so nothing is ever lost;
* raw-text elements (`<script>`, `<style>`, `<textarea>`, `<title>`, ...) are never left to
  html.parser's CDATA mode, whose rules differ between Python versions (3.10 silently
  drops an unclosed `<script>`'s content): the scanner stops the parser at their start
  tag, finds the end tag by the HTML5 rule (`</name` followed by white space, `/` or `>`,
  any case) and starts a fresh parser after it;
* markup html.parser raises on (some `<!...>` declarations) becomes a `<` of text and
  the scan resumes right after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from html.parser import HTMLParser

from .spans import LineIndex

#: Elements whose content is raw text in HTML5 (never markup); kept opaque.
RAW_TEXT_ELEMENTS = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"}
)


class HtmlTokenKind(str, Enum):
    TEXT = "text"
    START_TAG = "start-tag"
    END_TAG = "end-tag"
    COMMENT = "comment"
    #: `<!DOCTYPE ...>`, `<?...>`, `<![CDATA[...]]>` and other `<!...>` markup.
    DECLARATION = "declaration"
    #: A whole raw-text element: start tag, content, end tag (absent at end of input).
    RAW_TEXT = "raw-text"


@dataclass(frozen=True, slots=True)
class HtmlToken:
    kind: HtmlTokenKind
    start: int
    end: int
    #: Lower-case tag name for tags and raw-text elements, else "".
    tag: str = ""
    #: RAW_TEXT only: end of the start tag, and start of the end tag (== end if missing).
    content_start: int = 0
    content_end: int = 0
    has_end_tag: bool = False


class _StopAtRawText(Exception):
    """Raised from a handler to stop html.parser before it enters CDATA mode."""


class _Recorder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[tuple[HtmlTokenKind, int, int, str, int]] = []
        self.stopped_at: tuple[int, int, str, int] | None = None

    def _record(self, kind: HtmlTokenKind, tag: str = "", length: int = 0) -> None:
        line, column = self.getpos()
        self.events.append((kind, line, column, tag, length))

    def _start(self, tag: str) -> None:
        text = self.get_starttag_text() or ""
        if tag in RAW_TEXT_ELEMENTS:
            line, column = self.getpos()
            self.stopped_at = (line, column, tag, len(text))
            raise _StopAtRawText
        self._record(HtmlTokenKind.START_TAG, tag, len(text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A browser ignores the "/" of `<script/>`: it is still a raw-text start tag.
        self._start(tag)

    def handle_endtag(self, tag: str) -> None:
        self._record(HtmlTokenKind.END_TAG, tag)

    def handle_data(self, data: str) -> None:
        self._record(HtmlTokenKind.TEXT)

    def handle_entityref(self, name: str) -> None:
        self._record(HtmlTokenKind.TEXT)

    def handle_charref(self, name: str) -> None:
        self._record(HtmlTokenKind.TEXT)

    def handle_comment(self, data: str) -> None:
        self._record(HtmlTokenKind.COMMENT)

    def handle_decl(self, decl: str) -> None:
        self._record(HtmlTokenKind.DECLARATION)

    def handle_pi(self, data: str) -> None:
        self._record(HtmlTokenKind.DECLARATION)

    def unknown_decl(self, data: str) -> None:
        self._record(HtmlTokenKind.DECLARATION)


def _raw_text_end(text: str, tag: str, content_start: int) -> tuple[int, int]:
    """(content end, element end) of a raw-text element; both len(text) if unclosed."""
    name = re.escape(tag)
    pattern = re.compile(rf"</{name}(?=[\t\n\f\r />])|</{name}\Z", re.IGNORECASE)
    match = pattern.search(text, content_start)
    if match is None:
        return len(text), len(text)
    close = text.find(">", match.end())
    return match.start(), (len(text) if close < 0 else close + 1)


class _Segment:
    """One html.parser run over text[base:], with its positions made absolute."""

    def __init__(self, text: str, base: int, lines: LineIndex) -> None:
        self.text = text
        self.base = base
        self._lines = lines
        self._base_line = lines.line_of(base)

    def offset(self, line: int, column: int) -> int:
        if line == 1:
            return self.base + column
        return self._lines.line_starts[self._base_line + line - 1] + column


def _tokens_from_events(
    text: str,
    segment: _Segment,
    events: list[tuple[HtmlTokenKind, int, int, str, int]],
    limit: int,
) -> list[HtmlToken]:
    """Turn callbacks into tokens tiling text[segment.base:limit]."""
    starts = [segment.offset(line, column) for _, line, column, _, _ in events]
    tokens: list[HtmlToken] = []
    pos = segment.base
    for index, (kind, _, _, tag, length) in enumerate(events):
        start = starts[index]
        boundary = starts[index + 1] if index + 1 < len(events) else limit
        if start < pos or boundary < start or start >= limit:
            continue  # never expected; the gap is kept as text below
        if start > pos:
            tokens.append(HtmlToken(HtmlTokenKind.TEXT, pos, start))
        end = boundary
        if kind is HtmlTokenKind.START_TAG:
            end = min(start + length, boundary)
            if end <= start or text[end - 1] != ">":
                kind, end = HtmlTokenKind.TEXT, boundary
        elif kind is HtmlTokenKind.END_TAG:
            close = text.find(">", start + 2, boundary)
            end = boundary if close < 0 else close + 1
        if end > start:
            tokens.append(HtmlToken(kind, start, end, tag))
        if boundary > end:
            tokens.append(HtmlToken(HtmlTokenKind.TEXT, end, boundary))
        pos = max(pos, boundary)
    if pos < limit:
        tokens.append(HtmlToken(HtmlTokenKind.TEXT, pos, limit))
    return tokens


def _merge_text(tokens: list[HtmlToken]) -> list[HtmlToken]:
    merged: list[HtmlToken] = []
    for token in tokens:
        if token.start == token.end:
            continue
        last = merged[-1] if merged else None
        if last and last.kind is token.kind is HtmlTokenKind.TEXT and last.end == token.start:
            merged[-1] = HtmlToken(HtmlTokenKind.TEXT, last.start, token.end)
        else:
            merged.append(token)
    return merged


def scan_html(text: str) -> list[HtmlToken]:
    """Tokens that tile `text` exactly, in order; adjacent text is merged."""
    lines = LineIndex(text)
    tokens: list[HtmlToken] = []
    pos = 0
    n = len(text)
    # Nothing after the last ">" can be markup (every tag, comment and declaration ends
    # with one), and html.parser rescans to the end of its input for each "<" that has
    # no ">" after it: feeding it only up to the last ">" keeps long junk linear.
    markup_end = text.rfind(">") + 1
    while pos < n:
        if pos >= markup_end:
            tokens.append(HtmlToken(HtmlTokenKind.TEXT, pos, n))
            break
        segment = _Segment(text, pos, lines)
        recorder = _Recorder()
        failed_at: int | None = None
        try:
            recorder.feed(text[pos:markup_end])
            recorder.close()
        except _StopAtRawText:
            pass
        except Exception:  # noqa: BLE001 - html.parser raises AssertionError on some <!...>
            failed_at = segment.offset(*recorder.getpos())
        stop = recorder.stopped_at
        if stop is not None:
            line, column, tag, length = stop
            start = segment.offset(line, column)
            tokens += _tokens_from_events(text, segment, recorder.events, start)
            content_start = start + length
            content_end, end = _raw_text_end(text, tag, content_start)
            tokens.append(
                HtmlToken(
                    HtmlTokenKind.RAW_TEXT,
                    start,
                    end,
                    tag,
                    content_start,
                    content_end,
                    has_end_tag=content_end < end,
                )
            )
            pos = end
        elif failed_at is not None:
            failed_at = max(failed_at, pos)
            tokens += _tokens_from_events(text, segment, recorder.events, failed_at)
            tokens.append(HtmlToken(HtmlTokenKind.TEXT, failed_at, failed_at + 1))
            pos = failed_at + 1
        else:
            tokens += _tokens_from_events(text, segment, recorder.events, markup_end)
            pos = markup_end
    return _merge_text(tokens)
