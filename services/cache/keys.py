"""Stable cache keys built from parts.

A key must be the same in every process and every session, because the disk tier keeps
entries across restarts. Python's `hash()` is salted per process, so keys are SHA-256
digests of canonical JSON (sorted keys, no whitespace, NaN refused) instead. Only JSON
types are accepted: anything else (sets, objects) has no canonical form, and silently
stringifying it would make two different inputs collide or one input drift.

Example, a preview render::

    make_key("preview", stable_hash(draft_notetype), note_id, card_ord, options)
    # -> "preview:3f1c..."; invalidate all of them with pattern "preview:*"
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

_GLOB_CHARACTERS = frozenset("*?[]")


def _checked(value: Any, path: str) -> None:
    """Refuse values whose JSON form would be ambiguous or unstable."""
    if value is None or isinstance(value, (bool, int, str)):
        return
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"key part {path} is not a finite number: {value!r}")
        return
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _checked(item, f"{path}[{index}]")
        return
    if isinstance(value, Mapping):
        for name, item in value.items():
            if not isinstance(name, str):
                # json.dumps would turn 1 into "1", making {1: x} and {"1": x} collide.
                raise TypeError(f"key part {path} has a non-string mapping key: {name!r}")
            _checked(item, f"{path}.{name}")
        return
    raise TypeError(f"key part {path} is not a JSON value: {type(value).__name__}")


def canonical_json(value: Any) -> str:
    """The one JSON text for `value`: sorted keys, compact, Unicode kept as is."""
    _checked(value, "$")
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def stable_hash(value: Any) -> str:
    """Hex SHA-256 of the canonical JSON of `value` (e.g. a draft note type)."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def make_key(namespace: str, *parts: Any) -> str:
    """`"<namespace>:<sha256 of the parts>"`, so patterns like `"preview:*"` select a kind.

    The namespace stays readable for pattern invalidation and diagnostics; the parts are
    hashed so keys have a fixed length whatever they contain.
    """
    if not namespace or ":" in namespace or _GLOB_CHARACTERS & set(namespace):
        raise ValueError(f"namespace must be non-empty, without ':' or globs: {namespace!r}")
    return f"{namespace}:{stable_hash(list(parts))}"
