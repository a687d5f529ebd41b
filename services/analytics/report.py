"""The insights report for a collection: template analytics, compatibility, learning
analytics with template effects and anomalies, and recommendations. One JSON-ready dict,
used by `atd report`, the Insights panel and its CSV/JSON export alike."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from .learning import card_type_stats, template_effects, weekly_series
from .learning_anomalies import lapse_anomalies
from .template_analytics import NotetypeAnalytics, analyse_notetype, collection_totals, fix_action
from .template_changes import TemplateChange

REPORT_SCHEMA = 1
LEARNING_COLUMNS = (
    "notetype", "card_type", "reviews", "mature_reviews", "mature_retention", "lapses",
    "mean_answer_s", "median_answer_s", "learning_steps", "fsrs_difficulty",
)  # fmt: skip


def _recommendations(
    analysis: NotetypeAnalytics, effects: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Only what the data justifies: a located finding that has advice, or a significant
    drop in retention after a template change. `action` is the one-click fix, if safe."""
    found = [
        {
            "reason": r.message,
            "fix": r.fix,
            "action": fix_action(analysis, r),
            "where": {"card_type": r.card_type, "side": r.side, "line": r.line, "column": r.column},
        }
        for r in analysis.score.reasons
        if r.fix and r.severity in ("error", "warning")
    ]
    for effect in effects:
        if effect["metric"] == "retention" and effect["after"] < effect["before"]:
            found.append(
                {"reason": effect["message"],
                 "fix": "compare the change in the history and consider undoing it",
                 "action": None,
                 "where": {"card_type": effect["card_ord"], "side": effect["side"],
                           "line": None, "column": None}}
            )  # fmt: skip
    return found


def build_report(
    col: Any,
    notetypes: Sequence[dict[str, Any]],
    changes: Sequence[TemplateChange] = (),
    now_ms: int | None = None,
) -> dict[str, Any]:
    ids = [int(nt["id"]) for nt in notetypes]
    stats = card_type_stats(col, ids)
    effects = template_effects(stats, changes)
    anomalies = lapse_anomalies(stats, now_ms) if now_ms is not None else []
    analyses = [analyse_notetype(nt) for nt in notetypes]
    entries = []
    for notetype, analysis in zip(notetypes, analyses, strict=True):
        notetype_id = int(notetype["id"])
        analytics = analysis.to_json()
        own_effects = [e.to_json() for e in effects if e.notetype_id == notetype_id]
        entries.append(
            {
                **analytics,
                "notetype_id": notetype_id,
                "learning": [
                    {**s.to_json(), "weeks": weekly_series(s, now_ms) if now_ms else []}
                    for (mid, _), s in sorted(stats.items())
                    if mid == notetype_id
                ],
                "changes": [c.to_json() for c in changes if c.notetype_id == notetype_id],
                "effects": own_effects,
                "anomalies": [a.to_json() for a in anomalies if a.notetype_id == notetype_id],
                "recommendations": _recommendations(analysis, own_effects),
            }
        )
    return {
        "schema": REPORT_SCHEMA,
        "collection": collection_totals(analyses),
        "notetypes": entries,
    }


def report_csv(report: dict[str, Any]) -> str:
    """The learning figures, one row per card type (spreadsheet-friendly)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*LEARNING_COLUMNS, "score"])
    for entry in report["notetypes"]:
        for row in entry["learning"]:
            values = ["" if row[c] is None else row[c] for c in LEARNING_COLUMNS]
            # Names are user text: keep a spreadsheet from reading them as formulas.
            values = [f"'{v}" if isinstance(v, str) and v[:1] in "=+-@\t\r" else v for v in values]
            writer.writerow([*values, entry["score"]["value"]])
    return out.getvalue()
