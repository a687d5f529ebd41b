"""Bridge methods for editing a note type: open, validate, card types, drafts, save.

The page holds the draft (the whole note type dict) and sends it with each call; these
handlers delegate to services. Saving runs `SaveFlow` (services/saving/flow.py): its cheap
checks at once, then its background part as an undoable collection operation through
the `CollectionOps` host role.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from ...sdk.bridge import BridgeError, Deferred, Method, params
from ...sdk.hosts import CollectionOps, DesignerWindow
from ...sdk.protocol import ErrorCode
from ...sdk.schemas import NOTETYPE_SCHEMA
from ...services.config import ConfigService
from ...services.environment import Environment
from ...services.metrics import Metrics
from ...services.registry import Registry
from ...services.saving import DraftStore, NoteTypeSaver, designed_parts
from ...services.saving import card_types as ct
from ...services.saving.checks import DraftChecks
from ...services.saving.flow import SaveFlow
from ...services.tasks import Outcome, Priority, Status, TaskManager
from ..events import announce

log = logging.getLogger(__name__)

DRAFT_PARAMS: dict[str, Any] = params({"draft": NOTETYPE_SCHEMA}, ["draft"])
ID_PARAMS: dict[str, Any] = params({"notetypeId": {"type": "integer"}}, ["notetypeId"])


def timed_save(
    registry: Registry, draft: dict[str, Any], fingerprint: str, force: bool
) -> Deferred:
    """The background check and write as one collection operation, timed as a whole."""
    deferred = Deferred()
    flow = registry.get(SaveFlow)
    metrics = registry.get(Metrics)
    started = time.perf_counter()

    def timed(ok: bool, _value: object) -> None:
        metrics.record("designer.save", time.perf_counter() - started)
        if not ok:
            metrics.record_error("designer.save")

    deferred.on_settled(timed)

    def succeeded() -> None:
        # Runs as the operation's success callback: the page's reply must always settle.
        try:
            deferred.resolve(flow.after_save(draft))
        except Exception as error:
            log.exception("after saving note type %s", draft["id"])
            deferred.reject(error)

    registry.get(CollectionOps).run(  # type: ignore[type-abstract]
        lambda: flow.check_then_save(draft, fingerprint, force), succeeded, deferred.reject
    )
    return deferred


def editing_methods(registry: Registry) -> list[Method]:
    def open_notetype(params: dict[str, Any]) -> dict[str, Any]:
        loaded = registry.get(NoteTypeSaver).load(params["notetypeId"])
        draft = registry.get(DraftStore).load(params["notetypeId"])
        restorable = None
        if draft is not None and designed_parts(draft.notetype) != designed_parts(loaded.notetype):
            restorable = {
                **draft.to_json(),
                "baseChanged": draft.base_fingerprint != loaded.fingerprint,
            }
        announce(
            registry,
            "atd_notetype_opened",
            notetype_id=params["notetypeId"],
            notetype=dict(loaded.notetype),
        )
        return {**loaded.to_json(), "restorableDraft": restorable}

    def validate(params: dict[str, Any]) -> Deferred:
        """Checks run in the background (all card types are rendered); the newest request
        supersedes a queued one, and a check that takes too long keeps the last result."""
        draft = params["draft"]
        deferred = Deferred()
        metrics = registry.get(Metrics)

        def check(_token: object) -> list[dict[str, object]]:
            with metrics.timer("designer.validate"):
                return registry.get(DraftChecks).run(draft)

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
        edited = ct.apply_operation(
            params["draft"], params["op"], params.get("args", []), params.get("kwargs", {})
        )
        changes = registry.get(NoteTypeSaver).schema_changes(edited)
        return {"draft": edited, "schemaChanges": changes.to_json()}

    def save_draft(params: dict[str, Any]) -> dict[str, object]:
        draft = registry.get(DraftStore).save(params["draft"], params["fingerprint"])
        return {"savedAt": draft.saved_at}

    def discard_draft(params: dict[str, Any]) -> None:
        registry.get(DraftStore).discard(params["notetypeId"])

    def set_dirty(params: dict[str, Any]) -> None:
        window = registry.get(DesignerWindow)  # type: ignore[type-abstract]
        window.set_dirty(params.get("notetypeId"), params["dirty"])

    def deck_names(_params: dict[str, Any]) -> list[dict[str, object]]:
        col = registry.get(Environment).collection()
        return [{"id": d.id, "name": d.name} for d in col.decks.all_names_and_ids()]

    def save(params: dict[str, Any]) -> Deferred:
        draft, fingerprint, force = (
            params["draft"],
            params["fingerprint"],
            bool(params.get("force")),
        )
        registry.get(SaveFlow).precheck(
            draft,
            fingerprint,
            force=force,
            confirmed_full_sync=bool(params.get("confirmedFullSync")),
        )
        return timed_save(registry, draft, fingerprint, force)

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
                    "op": {"enum": sorted(ct.OPERATIONS)},
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
        Method("decks.list", deck_names),
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
