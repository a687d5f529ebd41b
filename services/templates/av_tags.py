"""`[anki:tts lang=en_US]...[/anki:tts]` markers, as Anki's card renderer reads them.

Anki handles these *after* the template is rendered (rslib/src/card_rendering/parser.rs):
`[anki:NAME key=value key="quoted value"]` opens a directive and the first
`[/anki:NAME]` after it closes it; anything malformed stays text. The scanner only finds
the markers inside a run of text; the tree builder pairs them like sections.
"""

from __future__ import annotations

from dataclasses import dataclass

_NAME_STOP = "] \t\r\n"
_KEY_STOP = "] \t\r\n="
_UNQUOTED_VALUE_STOP = '] \t\r\n"'
_SPACE = " \t\r\n"


@dataclass(frozen=True, slots=True)
class AvMarker:
    """An opening `[anki:NAME ...]` or closing `[/anki:NAME]` marker."""

    is_open: bool
    name: str
    start: int
    end: int
    options: tuple[tuple[str, str], ...] = ()


def _open_marker(text: str, start: int, limit: int) -> AvMarker | None:
    i = start + len("[anki:")
    name_start = i
    while i < limit and text[i] not in _NAME_STOP:
        i += 1
    if i == name_start:
        return None
    name = text[name_start:i]
    options: list[tuple[str, str]] = []
    while True:
        while i < limit and text[i] in _SPACE:
            i += 1
        key_start = i
        while i < limit and text[i] not in _KEY_STOP:
            i += 1
        if i == key_start or i >= limit or text[i] != "=":
            i = key_start
            break
        key = text[key_start:i]
        i += 1
        if i < limit and text[i] == '"':
            close = text.find('"', i + 1, limit)
            if close < 0:
                i = key_start
                break
            options.append((key, text[i + 1 : close]))
            i = close + 1
        else:
            value_start = i
            while i < limit and text[i] not in _UNQUOTED_VALUE_STOP:
                i += 1
            options.append((key, text[value_start:i]))
    if i < limit and text[i] == "]":
        return AvMarker(True, name, start, i + 1, tuple(options))
    return None


def scan_av_markers(text: str, start: int, end: int) -> list[AvMarker]:
    """Markers inside text[start:end], in order; they never overlap."""
    markers: list[AvMarker] = []
    i = text.find("[", start, end)
    while i >= 0:
        marker: AvMarker | None = None
        if text.startswith("[anki:", i, end):
            marker = _open_marker(text, i, end)
        elif text.startswith("[/anki:", i, end):
            close = text.find("]", i, end)
            name = text[i + len("[/anki:") : close] if close >= 0 else ""
            if name:
                marker = AvMarker(False, name, i, close + 1)
        if marker is not None:
            markers.append(marker)
            i = text.find("[", marker.end, end)
        else:
            i = text.find("[", i + 1, end)
    return markers
