"""Bridge methods for editing a note type: open, validate, card types, drafts, save.

The page holds the draft (the whole note type dict) and sends it with each call; these
handlers check it belongs to the note type being edited and delegate to services. Saving
needs Anki's CollectionOp, so it goes through `EditingHost.run_save` (Qt, in the dialog).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, Protocol

from ..sdk.protocol import ErrorCode
from ..services.config import ConfigService
from ..services.lint import Linter
from ..services.metrics import Metrics
from ..services.registry import Registry
from ..services.saving import DraftStore, NoteTypeSaver, designed_parts
from ..services.saving import card_types as ct
from ..services.tasks import Outcome, Priority, Status, TaskManager
from .bridge import BridgeError, Deferred, Method, params
from .working_notetype import remember_designed

NOTETYPE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "type": {"type": "integer"},
        "css": {"type": "string"},
        "tmpls": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "qfmt": {"type": "string"},
                    "afmt": {"type": "string"},
                    "ord": {"type": ["integer", "null"]},
                },
                "required": ["name", "qfmt", "afmt"],
            },
        },
        "flds": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["id", "name", "type", "css", "tmpls", "flds"],
}
DRAFT_PARAMS: dict[str, Any] = params({"draft": NOTETYPE_SCHEMA}, ["draft"])
ID_PARAMS: dict[str, Any] = params({"notetypeId": {"type": "integer"}}, ["notetypeId"])
CARD_TYPE_OPS: dict[str, Callable[..., dict[str, Any]]] = {
    "add": ct.add_card_type,
    "remove": ct.remove_card_type,
    "rename": ct.rename_card_type,
    "move": ct.move_card_type,
    "deck": ct.set_deck_override,
    "browser": ct.set_browser_appearance,
}


class EditingHost(Protocol):
    def run_save(self, draft: dict[str, Any], fingerprint: str, force: bool) -> Deferred: ...

    def set_dirty(self, notetype_id: int | None, dirty: bool) -> None: ...

    def deck_names(self) -> list[dict[str, object]]: ...


def editing_methods(registry: Registry, host: EditingHost) -> list[Method]:
    def open_notetype(params: dict[str, Any]) -> dict[str, Any]:
        loaded = registry.get(NoteTypeSaver).load(params["notetypeId"])
        remember_designed(params["notetypeId"])  # for the next Tools → Template Designer…
        draft = registry.get(DraftStore).load(params["notetypeId"])
        restorable = None
        if draft is not None and designed_parts(draft.notetype) != designed_parts(loaded.notetype):
            restorable = {
                **draft.to_json(),
                "baseChanged": draft.base_fingerprint != loaded.fingerprint,
            }
        return {**loaded.to_json(), "restorableDraft": restorable}

    def validate(params: dict[str, Any]) -> Deferred:
        """Checks run in the background (all card types are rendered); the newest request
        supersedes a queued one, and a check that takes too long keeps the last result."""
        draft = params["draft"]
        deferred = Deferred()
        metrics = registry.get(Metrics)

        def check(_token: object) -> list[dict[str, object]]:
            with metrics.timer("designer.validate"):
                return [d.to_json() for d in registry.get(Linter).check(draft)]

        def settled(outcome: Outcome[list[dict[str, object]]]) -> None:
            if outcome.status is Status.DONE:
                deferred.resolve(outcome.value)
            elif outcome.status is Status.TIMED_OUT:
                deferred.reject(
                    BridgeError(
                        ErrorCode.TIMEOUT,
                        "checking the templates took too long; the last result is shown",
                    )
                )
            elif outcome.status is Status.FAILED and outcome.error is not None:
                deferred.reject(outcome.error)
            else:  # superseded or cancelled: a newer check answers instead
                superseded = BridgeError(ErrorCode.SUPERSEDED, "a newer check replaced this one")
                deferred.reject(superseded)

        registry.get(TaskManager).submit(
            check,
            priority=Priority.INTERACTIVE,
            group="validate",
            timeout=registry.get(ConfigService).get("validation_timeout_s"),
            on_outcome=settled,
        )
        return deferred

    def edit_card_types(params: dict[str, Any]) -> dict[str, Any]:
        operation = CARD_TYPE_OPS[params["op"]]
        try:
            edited = operation(
                copy.deepcopy(params["draft"]), *params.get("args", []), **params.get("kwargs", {})
            )
        except (ValueError, TypeError) as error:
            raise BridgeError(ErrorCode.INVALID_PARAMS, str(error)) from error
        changes = registry.get(NoteTypeSaver).schema_changes(edited)
        return {"draft": edited, "schemaChanges": changes.to_json()}

    def save_draft(params: dict[str, Any]) -> dict[str, object]:
        draft = registry.get(DraftStore).save(params["draft"], params["fingerprint"])
        return {"savedAt": draft.saved_at}

    def discard_draft(params: dict[str, Any]) -> None:
        registry.get(DraftStore).discard(params["notetypeId"])

    def set_dirty(params: dict[str, Any]) -> None:
        host.set_dirty(params.get("notetypeId"), params["dirty"])

    def save(params: dict[str, Any]) -> Deferred:
        """Cheap checks here; the full check (rendering every card type) and the write run
        in the background through `host.run_save`."""
        draft = params["draft"]
        saver = registry.get(NoteTypeSaver)
        changes = saver.schema_changes(draft)
        if changes.requires_full_sync and not params.get("confirmedFullSync"):
            raise BridgeError(
                ErrorCode.NEEDS_CONFIRMATION,
                f"This save {changes.describe()}; the next sync will need a one-way "
                "full upload (other devices' unsynced changes would be lost).",
                changes.to_json(),
            )
        if not params.get("force") and saver.changed_since(draft["id"], params["fingerprint"]):
            raise BridgeError(
                ErrorCode.CONFLICT,
                f"{draft['name']!r} was changed outside the designer (Card Types screen, "
                "another window or a sync) since you opened it.",
            )
        return host.run_save(draft, params["fingerprint"], bool(params.get("force")))

    fingerprint = {"type": "string", "minLength": 1}
    return [
        Method("designer.open", open_notetype, ID_PARAMS),
        Method("designer.validate", validate, DRAFT_PARAMS),
        Method(
            "designer.editCardTypes",
            edit_card_types,
            params(
                {
                    "draft": NOTETYPE_SCHEMA,
                    "op": {"enum": sorted(CARD_TYPE_OPS)},
                    "args": {"type": "array", "maxItems": 3},
                    "kwargs": {"type": "object"},
                },
                ["draft", "op"],
            ),
        ),
        Method(
            "drafts.save",
            save_draft,
            params(
                {"draft": NOTETYPE_SCHEMA, "fingerprint": fingerprint}, ["draft", "fingerprint"]
            ),
        ),
        Method("drafts.discard", discard_draft, ID_PARAMS),
        Method(
            "designer.setDirty",
            set_dirty,
            params(
                {
                    "dirty": {"type": "boolean"},
                    "notetypeId": {"type": ["integer", "null"]},
                },
                ["dirty"],
            ),
        ),
        Method("decks.list", lambda _p: host.deck_names()),
        Method(
            "designer.save",
            save,
            params(
                {
                    "draft": NOTETYPE_SCHEMA,
                    "fingerprint": fingerprint,
                    "force": {"type": "boolean"},
                    "confirmedFullSync": {"type": "boolean"},
                },
                ["draft", "fingerprint"],
            ),
        ),
    ]
