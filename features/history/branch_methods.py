"""Bridge methods of the History panel's branches and merges: history.branch (try on a
branch), history.switch, history.mergeBranch (back into main) and history.mergeUpdate
(keep one's changes on an update made outside the designer).

Each works on the collection's current note type and answers a draft to save through the
editing save (one undoable save), or null when the collection holds the result already;
a merge with overlapping changes answers its conflicts and no draft until the page sends
a choice for each (services/history/panel_actions.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from ...sdk.bridge import BridgeError, Method, params
from ...sdk.protocol import ErrorCode
from ...services.environment import Environment
from ...services.history import HistoryError, NoteTypeHistory
from ...services.history import panel_actions as actions
from ...services.registry import Registry
from .methods import ID, REVISION

BRANCH = {"type": "string", "minLength": 1, "maxLength": 80}
CHOICES = {
    "type": "object",
    "additionalProperties": {"enum": ["ours", "theirs"]},
    "maxProperties": 500,
}


def _answer(answer: actions.MergeAnswer) -> dict[str, Any]:
    return {
        "draft": answer.draft,
        "conflicts": [asdict(c) for c in answer.result.conflicts],
        "merged": answer.result.merged,
        "nothingToKeep": answer.nothing_to_keep,
    }


def branch_methods(registry: Registry) -> list[Method]:
    def run(p: dict[str, Any], work: Callable[[NoteTypeHistory, dict[str, Any]], Any]) -> Any:
        """`work` on the history and the collection's current version of the note type."""
        current = registry.get(Environment).collection().models.get(p["notetypeId"])
        if current is None:
            raise BridgeError(ErrorCode.INVALID_PARAMS, f"no note type {p['notetypeId']}")
        try:
            return work(registry.get(NoteTypeHistory), dict(current))
        except HistoryError as error:
            raise BridgeError(ErrorCode.INVALID_PARAMS, str(error)) from error

    def branch(p: dict[str, Any]) -> dict[str, Any]:
        return {"branch": run(p, lambda h, nt: actions.try_on_branch(h, nt, p["name"]))}

    def switch(p: dict[str, Any]) -> dict[str, Any]:
        return {"draft": run(p, lambda h, nt: actions.switch_branch(h, nt, p["branch"]))}

    def merge_branch(p: dict[str, Any]) -> dict[str, Any]:
        choices = p.get("choices")
        return _answer(run(p, lambda h, nt: actions.merge_branch(h, nt, p["branch"], choices)))

    def merge_update(p: dict[str, Any]) -> dict[str, Any]:
        choices = p.get("choices")
        return _answer(
            run(p, lambda h, nt: actions.keep_changes_on_update(h, nt, p["commit"], choices))
        )

    return [
        Method(
            "history.branch",
            branch,
            params({"notetypeId": ID, "name": BRANCH}, ["notetypeId", "name"]),
        ),
        Method(
            "history.switch",
            switch,
            params({"notetypeId": ID, "branch": BRANCH}, ["notetypeId", "branch"]),
        ),
        Method(
            "history.mergeBranch",
            merge_branch,
            params(
                {"notetypeId": ID, "branch": BRANCH, "choices": CHOICES}, ["notetypeId", "branch"]
            ),
        ),
        Method(
            "history.mergeUpdate",
            merge_update,
            params(
                {"notetypeId": ID, "commit": REVISION, "choices": CHOICES},
                ["notetypeId", "commit"],
            ),
        ),
    ]
