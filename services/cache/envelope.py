"""The format of one entry in the disk tier: expiry and tags travel with the value.

The disk tier keeps its own expiry (read from the injected clock) instead of diskcache's,
which always reads `time.time()`; one clock means tests and the app agree on what is
expired. The format carries a version so that entries written by an older add-on are
dropped instead of misread. Values are pickled: the cache directory is the add-on's own
`user_files/cache`, written only by this process, so nothing foreign is unpickled.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import Any

from .sizing import PICKLE_PROTOCOL

FORMAT_VERSION = 1


class UnreadableEntry(ValueError):
    """The stored bytes are not an entry of this format (corrupt, foreign or too old)."""


@dataclass(frozen=True)
class Envelope:
    value: Any
    expires_at: float | None
    tags: frozenset[str]

    def expired(self, now: float) -> bool:
        return self.expires_at is not None and now >= self.expires_at


def encode(value: Any, expires_at: float | None, tags: frozenset[str]) -> bytes:
    """Pickle the entry; raises TypeError/PicklingError for values that cannot be stored."""
    return pickle.dumps((FORMAT_VERSION, expires_at, tuple(sorted(tags)), value), PICKLE_PROTOCOL)


def decode(blob: bytes) -> Envelope:
    try:
        version, expires_at, tags, value = pickle.loads(blob)
    except Exception as error:
        raise UnreadableEntry(f"cannot unpickle entry: {type(error).__name__}") from error
    if version != FORMAT_VERSION:
        raise UnreadableEntry(f"entry format {version!r}, expected {FORMAT_VERSION}")
    return Envelope(value, expires_at, frozenset(tags))
