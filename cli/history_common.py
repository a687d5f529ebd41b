"""What every `atd history` command shares: opening the repository, failing clearly."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from ..services.history import NoteTypeHistory


def open_history(args: argparse.Namespace) -> NoteTypeHistory:
    collection = getattr(args, "collection", None)
    profile = Path(collection).resolve().parent.name if collection else "atd"
    history = NoteTypeHistory(Path(args.repo), profile)
    if history.rebuilt:
        print(f"atd history: {history.rebuilt}", file=sys.stderr)
    return history


def fail(command: str, error: Exception, code: int = 2) -> int:
    print(f"atd history {command}: {error}", file=sys.stderr)
    return code


def named_conflicts(command: str, keys: list[str], out: TextIO) -> int:
    """Name each conflict (`conflict: KEY` on `out`), say nothing changed; exit code 1."""
    for key in keys:
        print(f"conflict: {key}", file=out)
    print(
        f"atd history {command}: {len(keys)} conflicts; nothing changed "
        "(--take ours or --take theirs decides them)",
        file=sys.stderr,
    )
    return 1
