"""A small LRU of parsed documents, keyed by the SHA-1 of their text.

`canvas.edit` returns new texts and the page sends them straight back with its next op;
keeping the last few parses means that text is not parsed again (a large template takes
~30 ms to parse). Documents are immutable, so sharing them is safe.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from .css_model import CssDocument
from .css_scan import parse_css
from .model import TemplateDocument
from .parser import parse_template

#: Parses kept; a note type has a few sides open at once, plus the texts just returned.
PARSE_CACHE_SIZE = 32

Document = TemplateDocument | CssDocument


def _key(kind: str, text: str) -> tuple[str, str, int]:
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass"), usedforsecurity=False)
    return kind, digest.hexdigest(), len(text)


class ParseCache:
    def __init__(self, size: int = PARSE_CACHE_SIZE) -> None:
        self._size = size
        self._items: OrderedDict[tuple[str, str, int], Document] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _get(self, kind: str, text: str) -> Document | None:
        key = _key(kind, text)
        with self._lock:
            found = self._items.get(key)
            if found is not None and found.source == text:
                self._items.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
            return None

    def put(self, document: Document) -> None:
        kind = "css" if isinstance(document, CssDocument) else "template"
        key = _key(kind, document.source)
        with self._lock:
            self._items[key] = document
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def template(self, text: str) -> TemplateDocument:
        found = self._get("template", text)
        if isinstance(found, TemplateDocument):
            return found
        document = parse_template(text)
        self.put(document)
        return document

    def css(self, text: str) -> CssDocument:
        found = self._get("css", text)
        if isinstance(found, CssDocument):
            return found
        document = parse_css(text)
        self.put(document)
        return document

    def document(self, key: str, text: str) -> Document:
        """The parse of one canvas document: `css` is the note type CSS, any other key a
        template side."""
        return self.css(text) if is_css_key(key) else self.template(text)


def is_css_key(key: str) -> bool:
    return key == "css"
