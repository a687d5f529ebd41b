"""Lapses per week per card type, with the latest complete week flagged when it is an
anomaly against the weeks before (anomalies.py), e.g. "lapses on Card 2 doubled"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .anomalies import latest_anomaly
from .learning import CardTypeStats

WEEK_MS = 7 * 86_400_000
WEEKS = 12
#: The week judged needs this many reviews, or a handful of lapses could double.
MIN_WEEK_REVIEWS = 20


@dataclass(frozen=True)
class LapseAnomaly:
    notetype_id: int
    card_ord: int
    card_type: str
    lapses: int
    usual: float

    def to_json(self) -> dict[str, object]:
        return {
            "notetype_id": self.notetype_id,
            "card_ord": self.card_ord,
            "card_type": self.card_type,
            "lapses": self.lapses,
            "usual": self.usual,
            "message": f"lapses on {self.card_type} were {self.lapses} in the last week, "
            f"{self.lapses / self.usual:.1f}× the usual {self.usual:g} a week"
            if self.usual
            else f"lapses on {self.card_type} were {self.lapses} in the last week (usually none)",
        }


def weekly_lapses(item: CardTypeStats, now_ms: int) -> tuple[list[float], int]:
    """Lapses in each of the last WEEKS weeks (oldest first) and reviews in the latest."""
    lapses = [0.0] * WEEKS
    latest_reviews = 0
    for at, passed in zip(item.review_rows.at, item.review_rows.passed, strict=True):
        week = (now_ms - at) // WEEK_MS
        if 0 <= week < WEEKS:
            slot = WEEKS - 1 - week
            lapses[slot] += not passed
            latest_reviews += slot == WEEKS - 1
    return lapses, latest_reviews


def lapse_anomalies(
    stats: Mapping[tuple[int, int], CardTypeStats], now_ms: int
) -> list[LapseAnomaly]:
    found = []
    for item in stats.values():
        lapses, latest_reviews = weekly_lapses(item, now_ms)
        if latest_reviews < MIN_WEEK_REVIEWS:
            continue
        anomaly = latest_anomaly(lapses)
        if anomaly is not None:
            found.append(
                LapseAnomaly(item.notetype_id, item.card_ord, item.card_type,
                             int(anomaly.latest), anomaly.baseline)
            )  # fmt: skip
    return found
