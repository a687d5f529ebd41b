"""pycryptodomex, wherever this machine has it (DESIGN.md §8): our `_vendor/` copy when the
package ships one for this platform, else an importable ``Cryptodome``, else None. It is
compiled, so every feature that needs it (index signatures, encrypted backups) says so
clearly when it is absent, and everything else works."""

from __future__ import annotations

import importlib
from types import ModuleType

_VENDORED = __name__.rsplit(".", 2)[0] + "._vendor.Cryptodome"


def cryptodome(submodule: str) -> ModuleType | None:
    """`Cryptodome.<submodule>` (e.g. "Cipher.AES"), or None when there is none here."""
    for root in (_VENDORED, "Cryptodome"):
        try:
            return importlib.import_module(f"{root}.{submodule}")
        except ImportError:
            continue
    return None
