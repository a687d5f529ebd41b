"""Runs every check over a draft and returns its diagnostics, errors first.

Anki's own checks (its renderer and save-time rules) and our lints over the parsed
templates often see the same problem; ours are preferred because they are located more
precisely (every occurrence, with the component id), so Anki's duplicate is dropped.
"""

from __future__ import annotations

from anki.models import NotetypeDict

from ..preview import PreviewRenderer
from ..templates import NoteTypeDocument
from ..templates.parse_cache import ParseCache
from .anki_checks import render_problems, structural_problems
from .diagnostic import Diagnostic
from .preserved_regions import CANVAS_LINTS
from .template_lints import ALL_LINTS

ORDER = {"error": 0, "warning": 1, "info": 2}
PRECISE = ("unknown-field", "section-error")


def _without_duplicates(anki: list[Diagnostic], ours: list[Diagnostic]) -> list[Diagnostic]:
    covered = {(d.card_type, d.side) for d in ours if d.code in PRECISE}
    return [d for d in anki if (d.card_type, d.side) not in covered]


#: Parses kept between checks: every side of a large note type, so a check after one edit
#: parses only the side that changed.
LINT_PARSES = 256


class Linter:
    def __init__(self, renderer: PreviewRenderer) -> None:
        self._renderer = renderer
        self._parses = ParseCache(LINT_PARSES)

    def check(self, draft: NotetypeDict) -> list[Diagnostic]:
        parses = self._parses
        document = NoteTypeDocument.from_notetype(draft, parses.template, parses.css)
        ours = [finding for lint in (*ALL_LINTS, *CANVAS_LINTS) for finding in lint(document)]
        anki = [*structural_problems(draft), *render_problems(self._renderer, draft)]
        found = [*_without_duplicates(anki, ours), *ours]
        return sorted(
            found,
            key=lambda d: (
                ORDER[d.severity],
                -1 if d.card_type is None else d.card_type,
                d.side or "",
                d.line or 0,
                d.column or 0,
            ),
        )
