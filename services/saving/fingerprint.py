"""A content fingerprint of a note type, to notice changes made behind the designer's back.

The `mod` timestamp has one-second resolution, so two saves in the same second (the Card
Types screen, another window, a sync) would look identical; the fingerprint also covers
everything the designer edits.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

COVERED = ("name", "type", "css", "tmpls", "flds", "sortf", "latexPre", "latexPost", "mod")


def fingerprint(notetype: dict[str, Any]) -> str:
    subset = {key: notetype.get(key) for key in COVERED}
    canonical = json.dumps(subset, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
