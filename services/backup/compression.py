"""Compressing objects before they are sealed: zstd or brotli when importable, zlib
otherwise (always there). Each object's first byte records what was used, so a repository
written with zstd on one machine says plainly what it needs on a machine without it."""

from __future__ import annotations

import importlib
import zlib
from collections.abc import Callable
from types import ModuleType

from .crypto import TamperedData

STORED, ZLIB, ZSTD, BROTLI = b"s", b"z", b"Z", b"b"
NAMES = {STORED: "stored", ZLIB: "zlib", ZSTD: "zstd", BROTLI: "brotli"}


def _module(*names: str) -> ModuleType | None:
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


def _codecs() -> dict[bytes, tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]]:
    codecs: dict[bytes, tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]] = {
        ZLIB: (lambda d: zlib.compress(d, 6), zlib.decompress)
    }
    zstd = _module("compression.zstd", "zstandard")
    if zstd is not None and hasattr(zstd, "compress"):
        codecs[ZSTD] = (zstd.compress, zstd.decompress)
    brotli = _module("brotli")
    if brotli is not None:
        codecs[BROTLI] = (brotli.compress, brotli.decompress)
    return codecs


CODECS = _codecs()


def preferred() -> bytes:
    for codec in (ZSTD, BROTLI, ZLIB):
        if codec in CODECS:
            return codec
    return ZLIB


def compress(content: bytes, codec: bytes | None = None) -> bytes:
    """`codec byte | data`; stored as is when compressing does not make it smaller."""
    chosen = codec or preferred()
    packed = CODECS[chosen][0](content)
    return chosen + packed if len(packed) < len(content) else STORED + content


def decompress(body: bytes, what: str) -> bytes:
    codec, data = body[:1], body[1:]
    if codec == STORED:
        return data
    if codec not in NAMES:
        raise TamperedData(f"{what} records an unknown compression")
    if codec not in CODECS:
        raise TamperedData(
            f"{what} is compressed with {NAMES[codec]}, which this Python cannot read "
            f"(install {NAMES[codec]} or restore on the machine that wrote it)"
        )
    try:
        return CODECS[codec][1](data)
    except Exception:  # noqa: BLE001 (every codec has its own error type)
        raise TamperedData(f"{what} does not decompress ({NAMES[codec]})") from None
