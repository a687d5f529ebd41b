"""Rendered card HTML made inert: no script, no event handler, no script URL survives.

The gallery shows each card in a sandboxed frame without `allow-scripts` under a
Content-Security-Policy that forbids every load; this is the third layer, so the file
holds no `<script>` at all. It re-writes the HTML from Python's own tokenizer: every
text and attribute value is escaped again, tags and attribute names that are not plain
names are dropped, and anything unknown (comments, declarations) goes.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

#: Elements dropped with everything inside them.
DROPPED_WITH_CONTENT = frozenset({"script", "noscript", "template"})
#: Elements dropped (their children are kept and cleaned): they load, embed or redirect.
DROPPED_TAGS = frozenset(
    {
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "meta",
        "link",
        "portal",
        "param",
        "html",
        "head",
        "body",
    }
)
#: Attributes dropped whatever their value.
DROPPED_ATTRIBUTES = frozenset({"srcdoc", "ping", "formaction", "action", "http-equiv"})
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_:.-]*$")
#: Browsers ignore ASCII whitespace and control characters inside a URL's scheme.
URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
SCRIPT_SCHEME = re.compile(r"^(?:javascript|vbscript|livescript|mocha):", re.I)
DATA_URL = re.compile(r"^data:", re.I)
SAFE_DATA = re.compile(r"^data:image/(?:png|gif|jpe?g|webp|bmp|avif)[;,]", re.I)
VOID = frozenset({"area", "br", "col", "hr", "img", "input", "source", "track", "wbr"})


def _unsafe_value(value: str) -> bool:
    compact = URL_NOISE.sub("", value)
    if SCRIPT_SCHEME.match(compact):
        return True
    return bool(DATA_URL.match(compact)) and not SAFE_DATA.match(compact)


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._skipping: list[str] = []  # open elements dropped with their content

    def _attributes(self, attrs: list[tuple[str, str | None]]) -> str:
        kept = []
        for name, value in attrs:
            lowered = name.lower()
            if not NAME.match(name) or lowered.startswith("on") or lowered in DROPPED_ATTRIBUTES:
                continue
            if value is None:
                kept.append(f" {lowered}")
                continue
            if _unsafe_value(value):
                continue
            kept.append(f' {lowered}="{html.escape(value, quote=True)}"')
        return "".join(kept)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        tag = tag.lower()
        if self._skipping:
            if tag == self._skipping[-1] and not closed:
                self._skipping.append(tag)
            return
        if tag in DROPPED_WITH_CONTENT:
            if not closed:
                self._skipping.append(tag)
            return
        if tag in DROPPED_TAGS or not NAME.match(tag):
            return
        end = " /" if closed and tag not in VOID else ""
        self.out.append(f"<{tag}{self._attributes(attrs)}{end}>")

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.pop()
            return
        if tag in DROPPED_WITH_CONTENT or tag in DROPPED_TAGS or not NAME.match(tag):
            return
        if tag not in VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self.cdata_elem == "style":
            self.out.append(inert_css(data))
        else:
            self.out.append(html.escape(data, quote=False))

    # comments, <!...>, <?...?>: not needed to show a card, so never written
    def handle_comment(self, data: str) -> None:
        return

    def handle_decl(self, decl: str) -> None:
        return

    def handle_pi(self, data: str) -> None:
        return

    def unknown_decl(self, data: str) -> None:
        return


def inert_html(markup: str) -> str:
    """`markup` with every script, handler and script URL removed, re-escaped throughout."""
    cleaner = _Cleaner()
    cleaner.feed(markup)
    cleaner.close()
    return "".join(cleaner.out)


def inert_css(css: str) -> str:
    """CSS for a `<style>` element: with every `<` written as the CSS escape `\\3C ` (the
    same character inside strings, where alone CSS has one) it can neither close the
    element nor hold anything that looks like markup."""
    return css.replace("<", "\\3C ")
