"""Which note fields a piece of template text refers to, read from the document model.

Used to record a preset's `fields` when it is created, to check a stored preset lists
every field its templates use, and to know what must be mapped when it is applied.
Anki's own fields (`FrontSide`, `Tags`, ...) are not note fields; on a cloze note type
`{{#c1}}` is a cloze-number conditional, not a field. Only Anki's lexer is needed (the
same one the document model uses), not the HTML structure: it is several times faster,
which matters because every preset read checks its fields.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..templates import SPECIAL_FIELDS, lex_template
from ..templates.anki_syntax import is_cloze_conditional


def referenced_fields(texts: Iterable[str], *, cloze: bool = False) -> list[str]:
    """Field names in order of first use (exact spelling, as Anki matches them)."""
    seen: dict[str, None] = {}
    for text in texts:
        for tag in lex_template(text).tags:
            key = tag.key
            if not key or key in SPECIAL_FIELDS or (cloze and is_cloze_conditional(key)):
                continue
            seen.setdefault(key, None)
    return list(seen)


def in_field_order(names: Iterable[str], order: Iterable[str]) -> list[str]:
    """`names` sorted by their position in `order` (a note type's fields); names not in
    `order` keep their relative order at the end."""
    position = {name: index for index, name in enumerate(order)}
    wanted = list(dict.fromkeys(names))
    first_seen = {name: index for index, name in enumerate(wanted)}
    return sorted(wanted, key=lambda n: (position.get(n, len(position)), first_seen[n]))
