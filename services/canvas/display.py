"""How fields look for a real note (`canvas.display`), rendered by Anki itself.

The canvas shows each field tag (`{{Front}}`, `{{cloze:Text}}`, `{{FrontSide}}`...) as
what Anki renders for the note the preview uses, with the draft note type, card type and
side, so cloze, hint, type, furigana, TTS and FrontSide look exactly as in review. All
the tags, tagged attribute values and section conditions of a side are rendered in one
ephemeral card, separated by HTML comments with a random marker (Anki copies comments
through verbatim); when that render fails as a whole (one bad tag makes Anki answer
with an error message only), the batch is halved until the bad ones are alone. The
HTML goes through the reviewer's post-processing and then `inert.py`: the page never
receives HTML.
"""

from __future__ import annotations

import html
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from anki.collection import Collection
from anki.consts import MODEL_CLOZE
from anki.errors import AnkiException
from anki.models import NotetypeDict
from anki.notes import Note
from anki.sound import AVTag, SoundOrVideoTag, TTSTag

from ..preview import PreviewOptions, PreviewRenderer
from ..preview.reviewer_text import expected_typed_text, type_in_answer
from ..templates import TagKind, lex_template
from .inert import inert_nodes

JsonDict = dict[str, object]
CollectionGetter = Callable[[], Collection]
Side = Literal["question", "answer"]


@dataclass(frozen=True)
class DisplayRequest:
    card_ord: int = 0
    side: Side = "question"
    note_id: int | None = None
    cloze_number: int | None = None
    tags: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Item:
    kind: Literal["tag", "value", "condition"]
    source: str
    template: str


@dataclass(frozen=True)
class _Rendered:
    text: str
    question_av: list[AVTag]
    answer_av: list[AVTag]


def tag_template(source: str) -> str | None:
    """The standard-delimiter template for one replacement tag (`{{F}}` or `<%F%>`), or
    None when `source` is not exactly one."""
    if source.startswith("<%") and source.endswith("%>") and len(source) >= 4:
        source = "{{" + source[2:-2] + "}}"
    if source.startswith("{{="):
        return None  # a delimiter change, not a tag
    tags = lex_template(source).tags
    if len(tags) != 1 or tags[0].kind is not TagKind.REPLACEMENT:
        return None
    if (tags[0].start, tags[0].end) != (0, len(source)):
        return None
    return source


def condition_template(key: str) -> str | None:
    """`{{#key}}1{{/key}}`, or None for a key that cannot be written in a tag."""
    if not key.strip() or any(bad in key for bad in ("{", "}", "<%", "%>")):
        return None
    return f"{{{{#{key}}}}}1{{{{/{key}}}}}"


def _label(av_tags: Sequence[AVTag], index: int) -> str:
    if 0 <= index < len(av_tags):
        tag = av_tags[index]
        if isinstance(tag, SoundOrVideoTag):
            return tag.filename
        if isinstance(tag, TTSTag):
            return tag.field_text
    return ""


class FieldDisplay:
    def __init__(self, collection: CollectionGetter, renderer: PreviewRenderer) -> None:
        self._collection = collection
        self._renderer = renderer

    def display(self, draft: NotetypeDict, request: DisplayRequest) -> JsonDict:
        note, is_sample = self._renderer.resolve_note(
            draft, PreviewOptions(note_id=request.note_id)
        )
        is_cloze = draft["type"] == MODEL_CLOZE
        card_ord = request.card_ord
        if is_cloze and request.cloze_number is not None:
            card_ord = max(request.cloze_number - 1, 0)
        if not is_cloze and not 0 <= card_ord < len(draft["tmpls"]):
            raise LookupError(f"card type {card_ord + 1} does not exist in the draft")
        items = self._items(request)
        texts = self._render_all(draft, note, is_sample, card_ord, request.side, items)
        fragments: dict[str, object] = {}
        values: dict[str, str] = {}
        conditions: dict[str, bool] = {}
        for item, rendered in zip(items, texts, strict=True):
            if item.kind == "tag":
                fragments[item.source] = self._fragment(note, card_ord, request.side, rendered)
            elif item.kind == "value":
                values[item.source] = "" if rendered is None else html.unescape(rendered.text)
            else:
                conditions[item.source] = rendered is not None and rendered.text == "1"
        return {
            "noteId": None if is_sample else int(note.id),
            "isSample": is_sample,
            "fragments": fragments,
            "values": values,
            "conditions": conditions,
        }

    @staticmethod
    def _items(request: DisplayRequest) -> list[_Item]:
        items: list[_Item] = []
        for source in dict.fromkeys(request.tags):
            template = tag_template(source)
            if template is not None:
                items.append(_Item("tag", source, template))
        items += [_Item("value", value, value) for value in dict.fromkeys(request.values)]
        for key in dict.fromkeys(request.conditions):
            template = condition_template(key)
            if template is not None:
                items.append(_Item("condition", key, template))
        return items

    def _render_all(
        self,
        draft: NotetypeDict,
        note: Note,
        is_sample: bool,
        card_ord: int,
        side: Side,
        items: list[_Item],
    ) -> list[_Rendered | None]:
        """Each item's rendered text (None when Anki cannot render it), in as few cards
        as possible."""
        if not items:
            return []

        def render(batch: list[_Item]) -> list[_Rendered] | None:
            marker = f"atd-{secrets.token_hex(8)}"
            body = "".join(f"<!--{marker}:{i}-->{item.template}" for i, item in enumerate(batch))
            rendered = self._render(
                draft, note, is_sample, card_ord, side, body + f"<!--{marker}-->"
            )
            if rendered is None:
                return None
            pieces = _split(rendered.text, marker, len(batch))
            if pieces is None:
                return None
            return [_Rendered(p, rendered.question_av, rendered.answer_av) for p in pieces]

        def split(batch: list[_Item]) -> list[_Rendered | None]:
            together = render(batch)
            if together is not None:
                return list(together)
            if len(batch) == 1:
                return [None]
            # One bad item spoils its whole batch: halve until it is alone.
            middle = len(batch) // 2
            return split(batch[:middle]) + split(batch[middle:])

        return split(items)

    def _render(
        self,
        draft: NotetypeDict,
        note: Note,
        is_sample: bool,
        card_ord: int,
        side: Side,
        body: str,
    ) -> _Rendered | None:
        is_cloze = draft["type"] == MODEL_CLOZE
        template = dict(draft["tmpls"][0 if is_cloze else card_ord])
        if side == "question":
            template.update(qfmt=body, afmt="")
        else:
            template.update(afmt=body)  # the real question: it is what {{FrontSide}} shows
        try:
            card = note.ephemeral_card(
                card_ord, custom_note_type=draft, custom_template=template, fill_empty=is_sample
            )
            output = card.render_output()
        except AnkiException:  # Anki refused the draft (its JSON): nothing to show
            return None
        text = output.question_text if side == "question" else output.answer_text
        return _Rendered(text, list(output.question_av_tags), list(output.answer_av_tags))

    def _fragment(
        self, note: Note, card_ord: int, side: Side, rendered: _Rendered | None
    ) -> list[JsonDict]:
        if rendered is None:
            return []
        col = self._collection()
        text = rendered.text
        if side == "answer" and "[[type:" in text:
            fields = dict(note.items())
            text = type_in_answer(col, text, expected_typed_text(col, fields, text, card_ord))
        text = col.media.escape_media_filenames(text)

        def label(which: str, index: int) -> str:
            return _label(rendered.question_av if which == "q" else rendered.answer_av, index)

        return inert_nodes(text, label, type_in=True)


def _split(text: str, marker: str, count: int) -> list[str] | None:
    """The pieces between `<!--marker:i-->` comments (and the closing one), or None
    when a marker is missing (Anki answered with an error instead)."""
    pieces = []
    position = text.find(f"<!--{marker}:0-->")
    if position < 0:
        return None
    for index in range(count):
        start = position + len(f"<!--{marker}:{index}-->")
        closer = f"<!--{marker}:{index + 1}-->" if index + 1 < count else f"<!--{marker}-->"
        position = text.find(closer, start)
        if position < 0:
            return None
        pieces.append(text[start:position])
    return pieces
