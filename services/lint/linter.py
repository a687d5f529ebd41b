"""Runs every check over a draft and returns its diagnostics, errors first."""

from __future__ import annotations

from anki.models import NotetypeDict

from ..preview import PreviewRenderer
from .anki_checks import render_problems, structural_problems
from .diagnostic import Diagnostic

ORDER = {"error": 0, "warning": 1, "info": 2}


class Linter:
    def __init__(self, renderer: PreviewRenderer) -> None:
        self._renderer = renderer

    def check(self, draft: NotetypeDict) -> list[Diagnostic]:
        found = [*structural_problems(draft), *render_problems(self._renderer, draft)]
        return sorted(
            found,
            key=lambda d: (ORDER[d.severity], d.card_type or 0, d.side or "", d.line or 0),
        )

    def has_errors(self, draft: NotetypeDict) -> bool:
        return any(d.severity == "error" for d in self.check(draft))
