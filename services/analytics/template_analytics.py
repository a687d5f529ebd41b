"""Template analytics for one note type and for a whole collection (Qt-free, no Anki
collection needed: it reads note type dicts)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..lint.diagnostic import Diagnostic
from ..lint.template_lints import ALL_LINTS
from ..templates import NoteTypeDocument
from .best_practice import Score, best_practice_score
from .compatibility import compatibility_findings
from .component_usage import ComponentUsage, collection_usage, usage_of
from .css_complexity import CssComplexity, css_complexity
from .field_usage import unused_fields
from .fixes import action_for, fixable_findings


@dataclass(frozen=True)
class NotetypeAnalytics:
    name: str
    usage: ComponentUsage
    css: CssComplexity
    compatibility: tuple[Diagnostic, ...]
    score: Score
    document: NoteTypeDocument = field(repr=False, compare=False)

    def to_json(self) -> dict[str, object]:
        return {
            "notetype": self.name,
            "usage": self.usage.to_json(),
            "css": self.css.to_json(),
            "compatibility": [d.to_json() for d in self.compatibility],
            "score": self.score.to_json(),
        }


def analyse_notetype(notetype: Mapping[str, Any]) -> NotetypeAnalytics:
    document = NoteTypeDocument.from_notetype(notetype)
    css = css_complexity(document)
    compatibility = tuple(compatibility_findings(document))
    findings = [
        *(finding for lint in ALL_LINTS for finding in lint(document)),
        *css.findings,
        *unused_fields(document),
        *compatibility,
        *fixable_findings(document),
    ]
    return NotetypeAnalytics(
        name=document.name,
        usage=usage_of(document),
        css=css,
        compatibility=compatibility,
        score=best_practice_score(findings),
        document=document,
    )


def fix_action(analytics: NotetypeAnalytics, finding: Diagnostic) -> dict[str, str] | None:
    """The one-click fix a finding of this note type offers (see fixes/), if any."""
    return action_for(analytics.document, finding)


def collection_totals(analytics: Iterable[NotetypeAnalytics]) -> dict[str, object]:
    items = list(analytics)
    return {
        "notetypes": len(items),
        "usage": collection_usage(a.usage for a in items).to_json(),
        "mean_score": round(sum(a.score.value for a in items) / len(items), 1) if items else None,
    }
