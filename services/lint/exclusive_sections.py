"""Which Anki tags can render on the same card: the conditions that enclose each tag.

Anki decides sections on the template text alone (HTML plays no part), so the conditions
around a tag are read from the live tags in document order with a stack: `{{#A}}` pushes
"A is non-empty", `{{^A}}` pushes "A is empty", `{{/A}}` pops. Two tags never render
together when one needs a field empty that the other needs filled, or (cloze note types)
when they sit in different cloze-number conditionals: `{{#c1}}` is true only on card 1
and `{{#c2}}` only on card 2.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..templates import AnkiTagNode, TemplateDocument
from ..templates.anki_syntax import TagKind, is_cloze_conditional


@dataclass(frozen=True)
class Condition:
    key: str
    #: True for `{{^key}}` (renders when the field is empty).
    inverted: bool


def enclosing_conditions(doc: TemplateDocument) -> dict[int, tuple[Condition, ...]]:
    """For every live tag (by its start offset), the sections it sits in, outermost first.

    A template with unbalanced sections is an error of its own (section-error); the
    stack then stays as best it can (a stray close pops only a matching open)."""
    stack: list[Condition] = []
    found: dict[int, tuple[Condition, ...]] = {}
    for node in sorted(doc.anki_tags(), key=lambda n: n.start):
        tag = node.tag
        if tag.kind is TagKind.CLOSE:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth].key == tag.key:
                    del stack[depth:]
                    break
            continue
        found[node.start] = tuple(stack)
        if tag.kind in (TagKind.OPEN, TagKind.INVERTED):
            stack.append(Condition(tag.key, tag.kind is TagKind.INVERTED))
    return found


def exclusive(a: tuple[Condition, ...], b: tuple[Condition, ...], *, cloze: bool) -> bool:
    """True when no card can meet both sets of conditions."""
    for first in a:
        for second in b:
            if first.key == second.key and first.inverted != second.inverted:
                return True
            if (
                cloze
                and not first.inverted
                and not second.inverted
                and first.key != second.key
                and is_cloze_conditional(first.key)
                and is_cloze_conditional(second.key)
                and int(first.key.lstrip("c+")) != int(second.key.lstrip("c+"))
            ):
                return True
    return False


def first_pair_rendering_together(
    doc: TemplateDocument, tags: list[AnkiTagNode], *, cloze: bool
) -> tuple[AnkiTagNode, AnkiTagNode] | None:
    """The first two of `tags` (in document order) that some card can show together."""
    conditions = enclosing_conditions(doc)
    ordered = sorted(tags, key=lambda n: n.start)
    for j, later in enumerate(ordered):
        for earlier in ordered[:j]:
            if not exclusive(conditions[earlier.start], conditions[later.start], cloze=cloze):
                return earlier, later
    return None
