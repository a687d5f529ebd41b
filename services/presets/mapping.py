"""Which note type field each of a preset's fields becomes, with a best first guess.

The guess tries, for each preset field in order: the same name; the same name ignoring
case (and spaces, `_`, `-`); a common synonym (Front/Question/Word/Expression, ...);
then whatever fields are left, in order. Each note type field is used at most once by
the guess. The user confirms or changes it in the mapping step; `how` says which rule
chose each pair so the page can mark the guesses that deserve a look.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: Names that usually mean the same thing on different note types.
SYNONYMS: tuple[frozenset[str], ...] = tuple(
    frozenset(group)
    for group in (
        {"front", "question", "q", "word", "expression", "term", "prompt", "vocab", "vocabulary"},
        {"back", "answer", "a", "meaning", "definition", "translation", "gloss"},
        {"text", "cloze", "content", "sentence"},
        {"extra", "notes", "note", "backextra", "comments", "remarks", "context"},
        {"reading", "furigana", "pronunciation", "kana", "pinyin", "transliteration"},
        {"audio", "sound", "pronunciationaudio", "recording"},
        {"image", "picture", "photo", "img", "illustration"},
        {"example", "examples", "examplesentence", "usage"},
    )
)
HOW = ("exact", "case", "synonym", "order", "user")


def _folded(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch not in " _-")


def _synonyms(name: str) -> frozenset[str]:
    folded = _folded(name)
    for group in SYNONYMS:
        if folded in group:
            return group
    return frozenset()


@dataclass(frozen=True)
class FieldMapping:
    """`pairs`: preset field → note type field (None: unmapped), with how it was chosen."""

    pairs: tuple[tuple[str, str | None, str], ...]

    def targets(self) -> dict[str, str]:
        return {source: target for source, target, _ in self.pairs if target is not None}

    def unmapped(self) -> list[str]:
        return [source for source, target, _ in self.pairs if target is None]

    def to_json(self) -> list[dict[str, object]]:
        return [
            {"from": s, "to": t, "how": how if t is not None else None} for s, t, how in self.pairs
        ]


def suggest_mapping(preset_fields: Sequence[str], note_fields: Sequence[str]) -> FieldMapping:
    chosen: dict[str, tuple[str, str]] = {}
    free = list(note_fields)

    def take(source: str, target: str, how: str) -> None:
        chosen[source] = (target, how)
        free.remove(target)

    rules = (
        ("exact", lambda source, target: source == target),
        ("case", lambda source, target: _folded(source) == _folded(target)),
        ("synonym", lambda source, target: _folded(target) in _synonyms(source)),
    )
    for how, matches in rules:
        for source in preset_fields:
            if source in chosen:
                continue
            target = next((t for t in free if matches(source, t)), None)
            if target is not None:
                take(source, target, how)
    for source in preset_fields:
        if source not in chosen and free:
            take(source, free[0], "order")
    return FieldMapping(
        tuple(
            (source, *chosen[source]) if source in chosen else (source, None, "")
            for source in preset_fields
        )
    )


def mapping_from_user(
    preset_fields: Sequence[str], note_fields: Sequence[str], chosen: Mapping[str, str | None]
) -> FieldMapping:
    """The user's mapping, checked: every key a preset field, every value a note field."""
    unknown = [s for s in chosen if s not in preset_fields]
    if unknown:
        raise ValueError(f"the preset has no field called {unknown[0]!r}")
    missing = [t for t in chosen.values() if t is not None and t not in note_fields]
    if missing:
        raise ValueError(f"the note type has no field called {missing[0]!r}")
    taken = {t for t in chosen.values() if t is not None}
    rest = suggest_mapping(
        [s for s in preset_fields if s not in chosen], [t for t in note_fields if t not in taken]
    )
    guessed = {source: (target, how) for source, target, how in rest.pairs}
    return FieldMapping(
        tuple(
            (source, chosen[source], "user") if source in chosen else (source, *guessed[source])
            for source in preset_fields
        )
    )
