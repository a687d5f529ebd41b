"""Renders the unsaved draft of a note type the way Anki's Card Types screen does.

`note.ephemeral_card(ord, custom_note_type=draft, custom_template=...)` runs Anki's own
renderer on the draft (about 0.1 ms a card); the result is post-processed like the
reviewer's (media names, replay buttons, type-in boxes) and wrapped in the reviewer's body
classes, so the preview shows exactly what the reviewer would.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from anki.collection import Collection
from anki.consts import MODEL_CLOZE
from anki.models import NotetypeDict, NotetypeId
from anki.notes import Note

from ..templates import MAX_RENDERED_CSS_NESTING, css_nesting_depth
from .notes import PreviewNotes
from .reviewer_text import expected_typed_text, play_buttons, type_in_answer, type_in_question

CollectionGetter = Callable[[], Collection]
Side = Literal["question", "answer"]

# Anki reports template syntax errors as HTML inside the rendered text.
TEMPLATE_PROBLEM_MARKERS = ("template has a problem", "no field called", "Found '{{")


@dataclass(frozen=True)
class PreviewOptions:
    card_ord: int = 0
    side: Side = "question"
    night: bool = False
    mobile: bool = False
    fill_empty: bool = False
    note_id: int | None = None


@dataclass(frozen=True)
class RenderedCard:
    """Everything the preview page needs to show one side of one card."""

    html: str
    css: str
    body_class: str
    html_class: str
    card_ord: int
    note_id: int | None
    is_sample: bool
    problem: bool
    options: PreviewOptions = field(repr=False)
    #: Cloze numbers the previewed note has (cloze note types only; [1] when none).
    cloze_numbers: tuple[int, ...] = ()
    #: The note type the card belongs to (the preview starts afresh for another one).
    notetype_id: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "html": self.html,
            "css": self.css,
            "bodyClass": self.body_class,
            "htmlClass": self.html_class,
        }


def body_classes(card_ord: int, night: bool) -> str:
    """The reviewer's body classes (`card cardN`, plus the night-mode pair)."""
    classes = ["card", f"card{card_ord + 1}"]
    if night:
        classes += ["nightMode", "night_mode"]
    return " ".join(classes)


def html_classes(*, night: bool, mobile: bool) -> str:
    """The reviewer's <html> classes: `night-mode` for the theme, `mobile` for phones."""
    return " ".join(c for c, on in (("night-mode", night), ("mobile", mobile)) if on)


def shown_css(css: str) -> tuple[str, str | None]:
    """The CSS the preview page may be given, and why it was withheld (or None)."""
    depth = css_nesting_depth(css)
    if depth <= MAX_RENDERED_CSS_NESTING:
        return css, None
    return "", (
        f"The styling nests {depth} levels deep (more than {MAX_RENDERED_CSS_NESTING}), "
        "so the preview shows the card without it: Chromium, and so Anki's reviewer, "
        "stops responding on CSS nested this deeply."
    )


class PreviewRenderer:
    def __init__(self, collection: CollectionGetter, notes: PreviewNotes | None = None) -> None:
        self._collection = collection
        self.notes = notes or PreviewNotes(collection)

    def render(self, draft: NotetypeDict, options: PreviewOptions) -> RenderedCard:
        note, is_sample = self.resolve_note(draft, options)
        return self.render_note(draft, note, is_sample, options)

    def resolve_note(self, draft: NotetypeDict, options: PreviewOptions) -> tuple[Note, bool]:
        """The note a preview of `draft` shows (a real one, or a sample: True)."""
        saved = self._collection().models.get(NotetypeId(draft["id"]))
        if saved is None:
            raise LookupError(f"note type {draft['id']} no longer exists; it cannot be previewed")
        return self.notes.note_for(saved, options.note_id)

    def render_note(
        self, draft: NotetypeDict, note: Note, is_sample: bool, options: PreviewOptions
    ) -> RenderedCard:
        col = self._collection()
        saved = col.models.get(NotetypeId(draft["id"]))
        assert saved is not None
        is_cloze = draft["type"] == MODEL_CLOZE
        if not is_cloze and not 0 <= options.card_ord < len(draft["tmpls"]):
            raise LookupError(f"card type {options.card_ord + 1} does not exist in the draft")
        template = draft["tmpls"][0 if is_cloze else options.card_ord]
        card = note.ephemeral_card(
            options.card_ord,
            custom_note_type=draft,
            custom_template=template,
            fill_empty=options.fill_empty or is_sample,
        )
        output = card.render_output()
        if options.side == "question":
            text = type_in_question(output.question_text)
        else:
            fields = dict(zip(col.models.field_names(saved), note.fields, strict=False))
            expected = expected_typed_text(col, fields, output.answer_text, options.card_ord)
            text = type_in_answer(col, output.answer_text, expected)
        text = play_buttons(col.media.escape_media_filenames(text))
        css, css_problem = shown_css(output.css)
        if css_problem:
            text = f'<div class="atd-preview-problem">{html.escape(css_problem)}</div>{text}'
        return RenderedCard(
            html=text,
            css=css,
            body_class=body_classes(options.card_ord, options.night),
            html_class=html_classes(night=options.night, mobile=options.mobile),
            card_ord=options.card_ord,
            note_id=None if is_sample else int(note.id),
            is_sample=is_sample,
            problem=bool(css_problem) or any(marker in text for marker in TEMPLATE_PROBLEM_MARKERS),
            options=options,
            cloze_numbers=tuple(sorted(set(note.cloze_numbers_in_fields())) or [1])
            if is_cloze
            else (),
            notetype_id=int(draft["id"]),
        )
