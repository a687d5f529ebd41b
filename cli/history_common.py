"""What every `atd history` command shares: opening the repository, failing clearly."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
