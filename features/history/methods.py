"""Bridge methods of the History panel: history.log (with each commit's labels),
history.diff, history.show, history.preview (a past version rendered read-only),
history.restore and history.label (add, or remove with ``remove``); the log also names
the branch the note type is on and its branches (branch_methods.py changes them).
Restore answers the past version as a draft over the current note type; the page saves it
through the editing save (one undoable save, checked like any other), and that save is
committed like every save (features/history/__init__.py)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ...sdk.bridge import BridgeError, Method, params
from ...sdk.hosts import PreviewDisplay
from ...sdk.protocol import ErrorCode
from ...services.environment import Environment
from ...services.history import HistoryError, NoteTypeHistory
from ...services.history.branches import branch_name, branches
from ...services.history.messages import reason_of
from ...services.preview import PreviewOptions
from ...services.preview.service import PreviewService
from ...services.registry import Registry

REVISION = {"type": "string", "minLength": 4, "maxLength": 80}
ID = {"type": "integer"}


def history_methods(registry: Registry) -> list[Method]:
    def history() -> NoteTypeHistory:
        return registry.get(NoteTypeHistory)

    def failing(error: HistoryError) -> BridgeError:
        return BridgeError(ErrorCode.INVALID_PARAMS, str(error))

    def log(p: dict[str, Any]) -> dict[str, Any]:
        try:
            page, more = history().log(p["notetypeId"], p.get("offset", 0), p.get("limit", 50))
        except HistoryError as error:
            raise failing(error) from error
        marks = history().labels()
        notetype_id = p["notetypeId"]
        return {
            "commits": [
                {
                    **asdict(c),
                    "summary": c.summary,
                    "labels": marks.get(c.id, []),
                    "reason": reason_of(c.message),
                }
                for c in page
            ],
            "more": more,
            "rebuilt": history().rebuilt,
            "branch": branch_name(history().checkouts.get(notetype_id)),
            "branches": [
                {"name": b.name, "merged": b.merged} for b in branches(history().store, notetype_id)
            ],
        }

    def diff(p: dict[str, Any]) -> dict[str, Any]:
        try:
            files = history().diff(p["old"], p["new"], p["notetypeId"])
        except HistoryError as error:
            raise failing(error) from error
        return {"files": [asdict(f) for f in files]}

    def show(p: dict[str, Any]) -> dict[str, Any]:
        try:
            return {"notetype": history().show(p["commit"], p["notetypeId"])}
        except HistoryError as error:
            raise failing(error) from error

    def restore(p: dict[str, Any]) -> dict[str, Any]:
        col = registry.get(Environment).collection()
        current = col.models.get(p["notetypeId"])
        if current is None:
            raise BridgeError(ErrorCode.INVALID_PARAMS, f"no note type {p['notetypeId']}")
        try:
            return {"draft": history().restore(p["commit"], p["notetypeId"], dict(current))}
        except HistoryError as error:
            raise failing(error) from error

    def label(p: dict[str, Any]) -> dict[str, Any]:
        try:
            if p.get("remove"):
                return {"removed": history().unlabel(p["commit"], p["label"])}
            return {"label": history().label(p["commit"], p["label"])}
        except HistoryError as error:
            raise failing(error) from error

    def preview(p: dict[str, Any]) -> dict[str, Any]:
        """One side of one card of the past version, rendered by Anki's renderer (the
        preview service) with the current note or a sample, and shown in the designer's
        preview pane (its own page without the bridge, as every preview): the card's HTML
        never comes to this page. Nothing is saved; the next edit previews the draft."""
        try:
            past = history().show(p["commit"], p["notetypeId"])
        except HistoryError as error:
            raise failing(error) from error
        options = PreviewOptions(
            card_ord=p.get("cardOrd", 0), side=p.get("side", "question"), night=bool(p.get("night"))
        )
        card = registry.get(PreviewService).render(past, options)
        seq = registry.get(PreviewDisplay).show(card, "desktop")  # type: ignore[type-abstract]
        return {"seq": seq, "isSample": card.is_sample, "problem": card.problem}

    page = {"type": "integer", "minimum": 0}
    text = {"type": "string", "minLength": 1, "maxLength": 200}
    return [
        Method(
            "history.log",
            log,
            params({"notetypeId": ID, "offset": page, "limit": page}, ["notetypeId"]),
        ),
        Method(
            "history.diff",
            diff,
            params(
                {"notetypeId": ID, "old": REVISION, "new": REVISION}, ["notetypeId", "old", "new"]
            ),
        ),
        Method(
            "history.show",
            show,
            params({"notetypeId": ID, "commit": REVISION}, ["notetypeId", "commit"]),
        ),
        Method(
            "history.restore",
            restore,
            params({"notetypeId": ID, "commit": REVISION}, ["notetypeId", "commit"]),
        ),
        Method(
            "history.preview",
            preview,
            params(
                {
                    "notetypeId": ID,
                    "commit": REVISION,
                    "cardOrd": page,
                    "side": {"enum": ["question", "answer"]},
                    "night": {"type": "boolean"},
                },
                ["notetypeId", "commit"],
            ),
        ),
        Method(
            "history.label",
            label,
            params(
                {"commit": REVISION, "label": text, "remove": {"type": "boolean"}},
                ["commit", "label"],
            ),
        ),
    ]
