"""Rendered card HTML as an inert JSON tree, for the canvas to build with createElement.

Field contents are the user's (or a shared deck's) HTML and may hold anything; the
canvas must show them without ever running or fetching any of it. So this never hands
HTML to a browser: `html_scan` tokenizes it, and only an allowlist survives:

* tags in `ALLOWED_TAGS`; a tag in `DROPPED_TAGS` goes with everything inside it; any
  other tag is replaced by its children;
* attributes in `ALLOWED_ATTRIBUTES`, `style` without any declaration that could load
  something (`url(`, `image-set(`, `@import`, `expression(`...), and `src` on `img` only
  for a relative media file name or a `data:image/...;base64,` image;
* sounds (`[anki:play:q:0]`, `[sound:x]`) become `🔊 name` chips and the type-in box a
  placeholder chip.

Nodes: `{t: "text", text}` or `{t: "el", tag, attrs: {name: value}, c: [...]}`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import unquote

from ..templates import parse_css
from ..templates.attributes import scan_start_tag
from ..templates.html_scan import HtmlTokenKind, scan_html

JsonDict = dict[str, object]

ALLOWED_TAGS = frozenset(
    """b i u s em strong span div p br hr img ruby rt rp rb sub sup small big font ul ol li
    table thead tbody tr td th code pre mark blockquote h1 h2 h3 h4 h5 h6 center""".split()
)
#: Dropped with everything inside them.
DROPPED_TAGS = frozenset(
    """script style iframe object embed meta link base form noscript template svg math
    title noembed noframes frame frameset applet param audio video source track""".split()
)
VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen".split()
)
ALLOWED_ATTRIBUTES = frozenset(
    """class title alt colspan rowspan dir lang data-cloze data-ordinal width height""".split()
)
#: Deeper nesting is flattened (the page builds the tree recursively).
MAX_DEPTH = 64

SOUND_CLASS = "atd-sound"
TYPE_IN_CLASS = "atd-typein"
TYPE_IN_TEXT = "type answer here"

_CHIPS = re.compile(r"\[anki:play:(q|a):(\d+)\]|\[sound:([^\]]*)\]|(\[\[type:[^\]]*\]\])")
_DATA_IMAGE = re.compile(r"data:image/(png|gif|jpeg|webp);base64,[A-Za-z0-9+/=]*", re.I)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)", re.S)
_CSS_COMMENT = re.compile(r"/\*.*?(\*/|$)", re.S)
# What a browser's URL parser removes: tabs and newlines anywhere, C0 controls and
# spaces at both ends.
_URL_SPACE = re.compile(r"[\t\n\r]")
_URL_TRIM = "".join(chr(code) for code in range(0x21))
#: Anything in a style value that can load a resource or run code.
_UNSAFE_CSS = ("url(", "src(", "image(", "image-set(", "cross-fade(", "element(",
               "@import", "expression(", "-moz-binding", "behavior", "javascript:")  # fmt: skip

#: Label of a `[anki:play:q|a:N]` reference (the sound file or the text spoken).
SoundLabel = Callable[[str, int], str]


def _text(text: str) -> JsonDict:
    return {"t": "text", "text": text}


def chip(css_class: str, text: str) -> JsonDict:
    return {"t": "el", "tag": "span", "attrs": {"class": css_class}, "c": [_text(text)]}


def _css_plain(value: str) -> str:
    """A CSS value as a browser reads it: comments gone, escapes decoded, lower case."""
    value = _CSS_COMMENT.sub("", value.replace("\x00", ""))

    def decode(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            code = int(match.group(1), 16)
            return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else ""
        return match.group(2)

    return _CSS_ESCAPE.sub(decode, value).lower()


def safe_style(value: str) -> str | None:
    """The declarations of a `style` value that cannot load anything; None if none."""
    sheet = parse_css(f"x{{{value}}}")
    rule = sheet.children[0] if len(sheet.children) == 1 else None
    if rule is None or rule.type != "rule" or rule.body is None:
        return None
    kept = []
    for item in rule.children:
        if item.type != "declaration" and item.type != "whitespace":
            return None  # nested blocks, at-rules, junk: not a plain declaration list
        if item.type != "declaration":
            continue
        plain = "".join(_css_plain(item.raw).split())
        if any(bad in plain for bad in _UNSAFE_CSS):
            continue
        kept.append(item.raw.strip().rstrip(";").strip())
    return "; ".join(kept) or None


def safe_image_source(value: str) -> str | None:
    """A relative media file name or an inline image; None for anything else."""
    value = _URL_SPACE.sub("", value).strip(_URL_TRIM)
    if _DATA_IMAGE.fullmatch(value):
        return value
    decoded = unquote(value)
    for text in (value, decoded):
        if not text or ":" in text or "\\" in text or text.startswith("/") or ".." in text:
            return None
    return value


def _attributes(tag: str, source: str, start: int, end: int) -> dict[str, str]:
    syntax = scan_start_tag(source, start, end, {})
    found: dict[str, str] = {}
    for item in syntax.attributes:
        name = source[item.name_start : item.name_end].lower()
        if name in found:
            continue  # the first one counts, as in a browser
        raw = "" if item.value_start is None else source[item.value_start : item.value_end]
        value: str | None = html.unescape(raw)
        if name == "style":
            value = safe_style(value or "")
        elif name == "src":
            value = safe_image_source(value or "") if tag == "img" else None
        elif name not in ALLOWED_ATTRIBUTES:
            value = None
        if value is not None:
            found[name] = value
    return found


class _Builder:
    def __init__(self, sound_label: SoundLabel, type_in: bool) -> None:
        self.sound_label = sound_label
        self.type_in = type_in
        self.root: list[JsonDict] = []
        #: Open elements: (tag, where their content goes; None when it is dropped).
        self.stack: list[tuple[str, list[JsonDict] | None]] = []

    @property
    def target(self) -> list[JsonDict] | None:
        """Where content goes now; None inside a dropped element (only dropped frames
        are ever pushed above one)."""
        return self.stack[-1][1] if self.stack else self.root

    def text(self, text: str) -> None:
        target = self.target
        if target is None or not text:
            return
        position = 0
        for match in _CHIPS.finditer(text):
            self._plain(target, text[position : match.start()])
            side, index, sound, type_in = match.groups()
            if side is not None:
                target.append(chip(SOUND_CLASS, "🔊 " + self.sound_label(side, int(index))))
            elif sound is not None:
                target.append(chip(SOUND_CLASS, "🔊 " + sound))
            elif self.type_in:
                target.append(chip(TYPE_IN_CLASS, TYPE_IN_TEXT))
            else:
                self._plain(target, type_in)
            position = match.end()
        self._plain(target, text[position:])

    @staticmethod
    def _plain(target: list[JsonDict], text: str) -> None:
        if not text:
            return
        last = target[-1] if target else None
        if last is not None and last["t"] == "text":
            last["text"] = str(last["text"]) + text
        else:
            target.append(_text(text))

    def start(self, tag: str, source: str, start: int, end: int) -> None:
        void = tag in VOID_TAGS
        if self.target is None or tag in DROPPED_TAGS:
            if not void:
                self.stack.append((tag, None))
            return
        target = self.target
        assert target is not None
        kept = tag in ALLOWED_TAGS and len(self.stack) < MAX_DEPTH
        element: JsonDict | None = None
        if kept:
            children: list[JsonDict] = []
            attrs = _attributes(tag, source, start, end)
            element = {"t": "el", "tag": tag, "attrs": attrs, "c": children}
            target.append(element)
        if void:
            return
        if element is not None:
            self.stack.append((tag, children))
        else:
            self.stack.append((tag, target))  # transparent: its children go to the parent

    def end(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return


def inert_nodes(text: str, sound_label: SoundLabel, type_in: bool = True) -> list[JsonDict]:
    """`text` (rendered card HTML) as inert nodes; `type_in`: `[[type:...]]` becomes the
    type-in chip (the question side)."""
    builder = _Builder(sound_label, type_in)
    for token in scan_html(text):
        kind = token.kind
        if kind is HtmlTokenKind.TEXT:
            builder.text(html.unescape(text[token.start : token.end]))
        elif kind is HtmlTokenKind.START_TAG:
            builder.start(token.tag, text, token.start, token.end)
        elif kind is HtmlTokenKind.END_TAG:
            builder.end(token.tag)
        elif kind is HtmlTokenKind.RAW_TEXT and token.tag in ("textarea", "xmp"):
            content = text[token.content_start : token.content_end]
            builder.text(html.unescape(content) if token.tag == "textarea" else content)
    return builder.root
