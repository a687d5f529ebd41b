"""Learning analytics from the collection's review log, per note type and card type, and
the before/after effect of template changes (reported only when significant).

Reads revlog joined to cards and notes in one query; 100,000 reviews take well under a
second. Review log fields (Anki's schema): `type` 0 learning, 1 review, 2 relearning,
3 filtered, 4 manual; `ease` 0 for manual entries, 1 = Again; `lastIvl` in days when
positive; `time` the answer time in ms.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .statistics import mann_whitney_u, median, two_proportions
from .template_changes import TemplateChange

MATURE_DAYS = 21
REVIEW, LEARNING, MANUAL = 1, 0, 4
#: Each side of a before/after comparison needs this many reviews, and p below ALPHA.
MIN_REVIEWS = 50
ALPHA = 0.01
#: How far before and after a change reviews are compared (or to the next change).
WINDOW_MS = 60 * 86_400_000


@dataclass
class ReviewRows:
    at: list[int] = field(default_factory=list)
    time_ms: list[int] = field(default_factory=list)
    passed: list[bool] = field(default_factory=list)


@dataclass
class CardTypeStats:
    notetype_id: int
    notetype: str
    card_ord: int
    card_type: str
    reviews: int = 0
    mature_reviews: int = 0
    mature_passed: int = 0
    lapses: int = 0
    learning_entries: int = 0
    learning_cards: int = 0
    answer_times_ms: list[int] = field(default_factory=list, repr=False)
    fsrs_difficulty: float | None = None
    review_rows: ReviewRows = field(default_factory=ReviewRows, repr=False)

    @property
    def mature_retention(self) -> float | None:
        return self.mature_passed / self.mature_reviews if self.mature_reviews else None

    @property
    def mean_answer_s(self) -> float | None:
        times = self.answer_times_ms
        return sum(times) / len(times) / 1000 if times else None

    @property
    def median_answer_s(self) -> float | None:
        return median(self.answer_times_ms) / 1000 if self.answer_times_ms else None

    @property
    def learning_steps(self) -> float | None:
        """Learning-step answers per new card (how many steps cards take to graduate)."""
        return self.learning_entries / self.learning_cards if self.learning_cards else None

    def to_json(self) -> dict[str, object]:
        def rounded(value: float | None, digits: int) -> float | None:
            return None if value is None else round(value, digits)

        return {
            "notetype_id": self.notetype_id,
            "notetype": self.notetype,
            "card_ord": self.card_ord,
            "card_type": self.card_type,
            "reviews": self.reviews,
            "mature_reviews": self.mature_reviews,
            "mature_retention": rounded(self.mature_retention, 4),
            "lapses": self.lapses,
            "mean_answer_s": rounded(self.mean_answer_s, 3),
            "median_answer_s": rounded(self.median_answer_s, 3),
            "learning_steps": rounded(self.learning_steps, 3),
            "fsrs_difficulty": rounded(self.fsrs_difficulty, 3),
        }


@dataclass(frozen=True)
class TemplateEffect:
    notetype_id: int
    card_ord: int
    card_type: str
    side: str
    at_ms: int
    metric: str  # "median_answer_s" | "retention"
    before: float
    after: float
    n_before: int
    n_after: int
    p_value: float

    @property
    def message(self) -> str:
        day = datetime.fromtimestamp(self.at_ms / 1000, UTC).strftime("%-d %b %Y")
        sides = [
            "the CSS" if side == "css" else f"{self.card_type}'s {side}" if index == 0 else side
            for index, side in enumerate(self.side.split("+"))
        ]
        what = " and ".join(sides)
        direction = "rose" if self.after > self.before else "fell"
        if self.metric == "median_answer_s":
            figures = (
                f"median answer time {direction} from {self.before:.1f} s to {self.after:.1f} s"
            )
        else:
            figures = f"retention {direction} from {self.before:.1%} to {self.after:.1%}"
        return (
            f"since {what} changed on {day}, {figures} on {self.card_type} "
            f"(p = {self.p_value:.2g}; {self.n_before} reviews before, {self.n_after} after)"
        )

    def to_json(self) -> dict[str, object]:
        return {
            "notetype_id": self.notetype_id,
            "card_ord": self.card_ord,
            "card_type": self.card_type,
            "side": self.side,
            "at_ms": self.at_ms,
            "metric": self.metric,
            "before": round(self.before, 4),
            "after": round(self.after, 4),
            "n_before": self.n_before,
            "n_after": self.n_after,
            "p_value": self.p_value,
            "message": self.message,
        }


_QUERY = """
select n.mid, c.ord, r.cid, r.id, r.ease, r.lastIvl, r.time, r.type
from revlog r join cards c on c.id = r.cid join notes n on n.id = c.nid
"""


def card_type_stats(
    col: Any, notetype_ids: Sequence[int] | None = None
) -> dict[tuple[int, int], CardTypeStats]:
    """Stats per (note type id, card ord), for the given note types or all of them."""
    notetypes = {int(nt["id"]): nt for nt in col.models.all()}
    wanted = set(notetypes) if notetype_ids is None else set(notetype_ids)
    stats: dict[tuple[int, int], CardTypeStats] = {}

    def entry(mid: int, ord_: int) -> CardTypeStats:
        key = (mid, ord_)
        if key not in stats:
            notetype = notetypes[mid]
            templates = notetype.get("tmpls", [])
            name = str(templates[ord_]["name"]) if ord_ < len(templates) else f"Card {ord_ + 1}"
            stats[key] = CardTypeStats(mid, str(notetype["name"]), ord_, name)
        return stats[key]

    for notetype_id in wanted:
        for template in notetypes[notetype_id].get("tmpls", []):
            entry(notetype_id, int(template.get("ord", 0)))
    learning_cards: dict[tuple[int, int], set[int]] = defaultdict(set)
    for mid, ord_, cid, at, ease, last_ivl, time_ms, kind in col.db.all(_QUERY):
        if mid not in wanted or kind == MANUAL or ease == 0:
            continue
        item = entry(mid, ord_)
        item.reviews += 1
        if time_ms > 0:
            item.answer_times_ms.append(time_ms)
        if kind == LEARNING:
            item.learning_entries += 1
            learning_cards[(mid, ord_)].add(cid)
        elif kind == REVIEW:
            if ease == 1:
                item.lapses += 1
            if last_ivl >= MATURE_DAYS:
                item.mature_reviews += 1
                item.mature_passed += ease > 1
            item.review_rows.at.append(at)
            item.review_rows.time_ms.append(time_ms)
            item.review_rows.passed.append(ease > 1)
    for key, cards in learning_cards.items():
        stats[key].learning_cards = len(cards)
    if col.get_config("fsrs", False):
        _add_fsrs_difficulty(col, stats, wanted)
    return stats


def _add_fsrs_difficulty(
    col: Any, stats: dict[tuple[int, int], CardTypeStats], wanted: set[int]
) -> None:
    totals: dict[tuple[int, int], list[float]] = defaultdict(list)
    query = "select n.mid, c.ord, c.data from cards c join notes n on n.id = c.nid"
    for mid, ord_, data in col.db.all(query):
        if mid not in wanted or not data:
            continue
        try:
            difficulty = json.loads(data).get("d")
        except (ValueError, AttributeError):
            continue
        if isinstance(difficulty, (int, float)):
            totals[(mid, ord_)].append(float(difficulty))
    for key, values in totals.items():
        if key in stats:
            stats[key].fsrs_difficulty = sum(values) / len(values)


WEEK_MS = 7 * 86_400_000
SERIES_WEEKS = 12


def weekly_series(item: CardTypeStats, now_ms: int) -> list[dict[str, object]]:
    """Reviews and median answer time per week, the last SERIES_WEEKS weeks (oldest
    first): the timeline the panel draws, with the template changes marked on it."""
    first_week = now_ms - SERIES_WEEKS * WEEK_MS
    times: list[list[int]] = [[] for _ in range(SERIES_WEEKS)]
    for at, time_ms in zip(item.review_rows.at, item.review_rows.time_ms, strict=True):
        slot = (at - first_week) // WEEK_MS
        if 0 <= slot < SERIES_WEEKS and time_ms > 0:
            times[slot].append(time_ms)
    return [
        {
            "start_ms": first_week + index * WEEK_MS,
            "reviews": len(values),
            "median_answer_s": round(median(values) / 1000, 3) if values else None,
        }
        for index, values in enumerate(times)
    ]


def _affects(change: TemplateChange, item: CardTypeStats) -> bool:
    return change.notetype_id == item.notetype_id and change.card_ord in (None, item.card_ord)


def _merged(changes: Iterable[TemplateChange]) -> list[TemplateChange]:
    """One change per moment: a save that changed the front and the back is one change
    ("front+back"), so its two sides do not split the reviews between them."""
    by_time: dict[int, list[TemplateChange]] = defaultdict(list)
    for change in changes:
        by_time[change.at_ms].append(change)
    merged = []
    for at_ms, group in sorted(by_time.items()):
        sides = sorted({c.side for c in group}, key=("front", "back", "css").index)
        merged.append(
            TemplateChange(group[0].notetype_id, group[0].card_ord, "+".join(sides), at_ms)
        )
    return merged


def template_effects(
    stats: Mapping[tuple[int, int], CardTypeStats], changes: Sequence[TemplateChange]
) -> list[TemplateEffect]:
    """Significant before/after differences in answer time and retention around each
    change; nothing when either side has fewer than MIN_REVIEWS reviews."""
    effects: list[TemplateEffect] = []
    for item in stats.values():
        relevant = _merged(c for c in changes if _affects(c, item))
        rows = item.review_rows
        for index, change in enumerate(relevant):
            previous = relevant[index - 1].at_ms if index else change.at_ms - WINDOW_MS
            following = relevant[index + 1].at_ms if index + 1 < len(relevant) else None
            start = max(previous, change.at_ms - WINDOW_MS)
            end = (
                change.at_ms + WINDOW_MS
                if following is None
                else min(following, change.at_ms + WINDOW_MS)
            )
            before = [i for i, at in enumerate(rows.at) if start <= at < change.at_ms]
            after = [i for i, at in enumerate(rows.at) if change.at_ms <= at < end]
            if len(before) < MIN_REVIEWS or len(after) < MIN_REVIEWS:
                continue
            effects.extend(_compare(item, change, before, after))
    return sorted(effects, key=lambda e: (e.at_ms, e.notetype_id, e.card_ord, e.metric))


def _compare(
    item: CardTypeStats, change: TemplateChange, before: list[int], after: list[int]
) -> list[TemplateEffect]:
    rows = item.review_rows
    found: list[TemplateEffect] = []

    def effect(metric: str, old: float, new: float, p_value: float) -> TemplateEffect:
        return TemplateEffect(
            item.notetype_id, item.card_ord, item.card_type, change.side, change.at_ms,
            metric, old, new, len(before), len(after), p_value,
        )  # fmt: skip

    times_before = [rows.time_ms[i] for i in before]
    times_after = [rows.time_ms[i] for i in after]
    test = mann_whitney_u(times_before, times_after)
    if test.p_value < ALPHA:
        found.append(
            effect("median_answer_s", median(times_before) / 1000, median(times_after) / 1000,
                   test.p_value)
        )  # fmt: skip
    passed_before = sum(rows.passed[i] for i in before)
    passed_after = sum(rows.passed[i] for i in after)
    proportions = two_proportions(passed_before, len(before), passed_after, len(after))
    if proportions.p_value < ALPHA:
        found.append(
            effect("retention", passed_before / len(before), passed_after / len(after),
                   proportions.p_value)
        )  # fmt: skip
    return found
