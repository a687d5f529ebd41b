"""Media files in an imported preset are untrusted too.

A preset's media is written into the collection's media folder, which Anki's media server
serves on the same origin as its pages: a `.js` file there runs wherever a card (or a
page that allows the media server's scripts) loads it, and a "font" or "image" whose bytes
are really a script runs just the same (Chromium executes a `<script src>` served as a
font). So a file is flagged when browsers can run it as a script or document (by its
name), or when its bytes are not the kind of file its name says.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath

#: Names a browser runs as script, or opens as a document that can run script.
ACTIVE_SUFFIXES = frozenset(
    {".js", ".mjs", ".cjs", ".html", ".htm", ".xhtml", ".xht", ".shtml", ".svg", ".svgz",
     ".xml", ".xsl", ".xslt", ".wasm", ".swf", ".hta", ".php"}
)  # fmt: skip

#: What the bytes of a binary media file start with, by suffix (offset, signature).
SIGNATURES: dict[str, tuple[tuple[int, bytes], ...]] = {
    ".png": ((0, b"\x89PNG\r\n\x1a\n"),),
    ".jpg": ((0, b"\xff\xd8\xff"),),
    ".jpeg": ((0, b"\xff\xd8\xff"),),
    ".gif": ((0, b"GIF87a"), (0, b"GIF89a")),
    ".webp": ((8, b"WEBP"),),
    ".bmp": ((0, b"BM"),),
    ".ico": ((0, b"\x00\x00\x01\x00"),),
    ".avif": ((4, b"ftypavif"), (4, b"ftypavis")),
    ".woff": ((0, b"wOFF"),),
    ".woff2": ((0, b"wOF2"),),
    ".ttf": ((0, b"\x00\x01\x00\x00"), (0, b"true"), (0, b"OTTO")),
    ".otf": ((0, b"OTTO"), (0, b"\x00\x01\x00\x00")),
    ".mp3": ((0, b"ID3"), (0, b"\xff\xfb"), (0, b"\xff\xf3"), (0, b"\xff\xf2")),
    ".ogg": ((0, b"OggS"),),
    ".oga": ((0, b"OggS"),),
    ".opus": ((0, b"OggS"),),
    ".wav": ((8, b"WAVE"),),
    ".flac": ((0, b"fLaC"),),
    ".m4a": ((4, b"ftyp"),),
    ".mp4": ((4, b"ftyp"),),
    ".webm": ((0, b"\x1a\x45\xdf\xa3"),),
    ".pdf": ((0, b"%PDF-"),),
}


def media_problem(name: str, data: bytes | None) -> str | None:
    """Why `name` must be confirmed before it enters the collection, or None; with its
    bytes (`data`) the content is checked against the name too."""
    suffix = PurePosixPath(name.lower()).suffix
    if suffix in ACTIVE_SUFFIXES:
        return f"{name} is a file browsers run as a script or document ({suffix})"
    if data is None:
        return None
    signatures = SIGNATURES.get(suffix)
    if signatures is not None and not any(
        data[offset : offset + len(magic)] == magic for offset, magic in signatures
    ):
        return f"{name} is not a {suffix[1:]} file: its content does not match its name"
    if signatures is None and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        return f"{name} holds markup that browsers can open as a document"
    return None


def active_media(media: Mapping[str, bytes]) -> dict[str, str]:
    """The flagged files of `media`: name → why."""
    found = {}
    for name, data in media.items():
        problem = media_problem(name, data)
        if problem is not None:
            found[name] = problem
    return found
