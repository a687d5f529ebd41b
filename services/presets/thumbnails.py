"""Gallery thumbnails: each preset applied to the note type being edited, rendered by
Anki's own renderer, handed to the page as inert nodes.

A preset is untrusted content (an import may hold anything), so a thumbnail never reaches
the page as HTML: the rendered card goes through the canvas's allowlist
(`canvas/inert.py`), and the page builds it with createElement inside a shadow root. The
CSS is sent as text; the page projects it like the canvas does (no `url()` beyond media
names, no `@import`).

What a thumbnail shows:

* **design**: card type 1 of the preset applied to the draft (fields mapped by the best
  guess), answer side, for the preview's note (the note type's first note, or a sample);
* **theme**: the draft with the theme applied, answer side of card type 1;
* **snippet**: the snippet alone (fields renamed) on the question side, with the draft's
  CSS plus the snippet's.

Thumbnails are cached by everything that changes them: the preset (id and etag: the hash
of its file), the note type's fields and kind, the note (its id and field values), night
mode, and for themes and snippets the draft's CSS and card type 1.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from anki.models import NotetypeDict
from anki.notes import Note

from ..cache import TwoLevelCache, make_key, stable_hash
from ..canvas.inert import inert_nodes
from ..preview.renderer import PreviewOptions, PreviewRenderer, Side
from .apply import apply_preset, note_fields
from .errors import PresetError
from .mapping import FieldMapping, suggest_mapping
from .model import Design, Preset, Snippet, Theme
from .service import PresetService

JsonDict = dict[str, Any]
THUMBNAIL_TTL_S = 24 * 3600.0
#: Nodes beyond this many are not shown (a thumbnail is small; a huge card stays cheap).
MAX_NODES = 2000


@dataclass(frozen=True)
class _NoteContext:
    note: Note
    is_sample: bool
    part: Any


def _count(nodes: list[JsonDict]) -> int:
    return sum(1 + _count(node.get("c", [])) for node in nodes)


def _truncated(nodes: list[JsonDict], budget: list[int]) -> list[JsonDict]:
    kept: list[JsonDict] = []
    for node in nodes:
        if budget[0] <= 0:
            break
        budget[0] -= 1
        if node["t"] == "el":
            node = {**node, "c": _truncated(node["c"], budget)}
        kept.append(node)
    return kept


def _thumbnail_mapping(guess: FieldMapping, fields: list[str]) -> FieldMapping:
    """The best guess, with preset fields it leaves unmapped (the preset has more fields
    than the note type) shown with the note type's fields in turn: a reference to a
    missing field makes Anki show only an error, and a thumbnail is about the look. The
    page labels such thumbnails with the fields that applying would leave unmapped."""
    if not fields or not guess.unmapped():
        return guess
    spare = iter(fields * len(guess.pairs))
    return FieldMapping(
        tuple(
            (source, target if target is not None else next(spare), how or "order")
            for source, target, how in guess.pairs
        )
    )


class PresetThumbnails:
    def __init__(
        self,
        presets: PresetService,
        renderer: PreviewRenderer,
        cache: TwoLevelCache | None = None,
    ) -> None:
        self._presets = presets
        self._renderer = renderer
        self._cache = cache
        #: Renders done (not served from the cache): tests and the bench read it.
        self.renders = 0

    def thumbnails(
        self, draft: NotetypeDict, ids: Iterable[str] | None = None, *, night: bool = False
    ) -> dict[str, JsonDict]:
        """`{preset id: thumbnail}` for `ids` (every preset when None). An unknown id is
        left out; a preset that cannot be applied to this note type gets `error`."""
        wanted = list(ids) if ids is not None else None
        listed = self._presets.list_presets().presets
        stored = {s.preset.id: s for s in listed}
        if wanted is not None:
            for preset_id in wanted:
                if preset_id not in stored:
                    try:
                        stored[preset_id] = self._presets.get(preset_id)
                    except LookupError:
                        continue
        chosen = [stored[i] for i in (wanted if wanted is not None else stored) if i in stored]
        context = self._note_context(draft)
        result: dict[str, JsonDict] = {}
        for item in chosen:
            preset = item.preset
            key = make_key(
                "preset-thumb", preset.id, item.etag, self._draft_part(preset, draft),
                context.part, night,
            )  # fmt: skip
            if self._cache is None:
                result[preset.id] = self._render(preset, draft, context, night)
                continue
            result[preset.id] = self._cache.get_or_compute(
                key,
                lambda p=preset: self._render(p, draft, context, night),  # type: ignore[misc]
                ttl=THUMBNAIL_TTL_S,
                tags=(f"preset:{preset.id}",),
            )
        return result

    # -- keys ------------------------------------------------------------------------------

    def _note_context(self, draft: NotetypeDict) -> _NoteContext:
        note, is_sample = self._renderer.resolve_note(draft, PreviewOptions())
        # The fields themselves, not only (id, mod): mod has a resolution of one second.
        part = [None if is_sample else int(note.id), stable_hash(list(note.fields))]
        return _NoteContext(note, is_sample, part)

    @staticmethod
    def _draft_part(preset: Preset, draft: Mapping[str, Any]) -> Any:
        fields = [f.get("name") for f in draft.get("flds", []) if isinstance(f, Mapping)]
        base: list[Any] = [draft.get("id"), draft.get("type"), fields, len(draft["tmpls"])]
        if isinstance(preset.body, Design):
            return base
        first = draft["tmpls"][0] if draft["tmpls"] else {}
        return [
            *base,
            stable_hash([str(draft.get("css", "")), first.get("qfmt"), first.get("afmt")]),
        ]

    # -- rendering -------------------------------------------------------------------------

    def _render(
        self, preset: Preset, draft: NotetypeDict, context: _NoteContext, night: bool
    ) -> JsonDict:
        self.renders += 1
        side: Side = "answer"
        guess = suggest_mapping(preset.fields, note_fields(draft))
        try:
            applied = apply_preset(preset, draft, _thumbnail_mapping(guess, note_fields(draft)))
        except PresetError as error:
            return {"kind": preset.kind, "error": str(error), "nodes": [], "css": ""}
        shown: dict[str, Any] = copy.deepcopy(applied.draft)
        # Only card type 1 is shown; card types a design would add are not in the
        # collection yet, and Anki renders a draft only with the card types it knows.
        shown["tmpls"] = shown["tmpls"][: max(1, len(draft["tmpls"]))]
        if isinstance(preset.body, Snippet):
            side = "question"
            shown["tmpls"][0]["qfmt"] = applied.snippet or ""
        elif not isinstance(preset.body, (Design, Theme)):  # pragma: no cover - kinds are closed
            raise AssertionError(preset.kind)
        options = PreviewOptions(card_ord=0, side=side, night=night)
        card = self._renderer.render_note(shown, context.note, context.is_sample, options)
        nodes = inert_nodes(
            card.html, lambda _side, index: f"sound {index + 1}", side == "question"
        )
        if _count(nodes) > MAX_NODES:
            nodes = _truncated(nodes, [MAX_NODES])
        return {
            "kind": preset.kind,
            "error": None,
            "nodes": nodes,
            "css": card.css,
            "bodyClass": card.body_class,
            "problem": card.problem,
            "isSample": context.is_sample,
            "unmapped": guess.unmapped(),
        }
