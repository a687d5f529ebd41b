"""A review log generated to known values, written straight into a real collection
(shared by the unit tests and the real-Anki test of the Insights panel)."""

DAY_MS = 86_400_000
#: The moment "Card 2"'s back changes in the generated log (3 Nov 2026, 12:00 UTC).
CHANGE_AT_MS = 1_793_707_200_000


class ReviewLog:
    def __init__(self, col):
        self.col = col
        self.next_id = CHANGE_AT_MS - 50 * DAY_MS

    def add(self, card_id, *, ease, kind, time_ms, last_ivl=0, at_ms=None):
        if at_ms is None:
            at_ms = self.next_id
            self.next_id += 60_000
        self.col.db.execute(
            "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
            " values (?, ?, -1, ?, 1, ?, 2500, ?, ?)",
            at_ms, card_id, ease, last_ivl, time_ms, kind,
        )  # fmt: skip


def cards_by_ord(col, note):
    return {card.ord: card.id for card in note.cards()}


STOCK = "Basic (and reversed card)"


def _notetype(col, name):
    """The stock two-card note type, or a copy of it under `name`."""
    if col.models.by_name(name) is None:
        copy = col.models.copy(col.models.by_name(STOCK), add=False)
        copy["name"] = name
        col.models.add_dict(copy)
    return col.models.by_name(name)


def _add_note(col, notetype, front, back):
    note = col.new_note(notetype)
    note.fields[0], note.fields[1] = front, back
    col.add_note(note, col.decks.id("Default"))
    return note


def known_collection(col, *, reviews_per_side=100, after_offset_ms=2400, name=STOCK):
    """10 notes of a two-card note type (`name`: a copy of "Basic (and reversed card)").
    Card 1: 2 learning steps (4 s), 8 mature reviews (6 s; the first Again), 2 manual
    entries per card. Card 2: `reviews_per_side`
    reviews before CHANGE_AT_MS at 6000+i ms and as many after at 6000+offset+i ms."""
    log = ReviewLog(col)
    notetype = _notetype(col, name)
    notes = [_add_note(col, notetype, f"q{i}", f"a{i}") for i in range(10)]
    for note in notes:
        card = cards_by_ord(col, note)[0]
        for _ in range(2):
            log.add(card, ease=3, kind=0, time_ms=4000)
        for step in range(8):
            log.add(card, ease=1 if step == 0 else 3, kind=1, time_ms=6000, last_ivl=30)
        for _ in range(2):
            log.add(card, ease=0, kind=4, time_ms=0)
    second = [cards_by_ord(col, note)[1] for note in notes]
    for i in range(reviews_per_side):
        at_before = CHANGE_AT_MS - (reviews_per_side - i) * 3_600_000
        log.add(second[i % 10], ease=3, kind=1, time_ms=6000 + i, last_ivl=10, at_ms=at_before)
        at_after = CHANGE_AT_MS + (i + 1) * 3_600_000
        log.add(second[i % 10], ease=3, kind=1, time_ms=6000 + after_offset_ms + i,
                last_ivl=10, at_ms=at_after)  # fmt: skip
    return col.models.by_name(name)
