"""Bridge methods of the History panel's remote: history.remote and history.setRemote (the
git remote the user picked, and its user name; the password or token goes to the secret
store, never back to the page), and history.sync (pull, or pull then push).

A sync runs as one collection operation in the background (the `CollectionOps` host
role): the collection's note types are committed first, the remote's history is fetched
and merged (services/history/remotes.py), what it pushes goes, and every note type whose
version the merge changed is written into the collection as ONE undo step. With conflicts
nothing moves anywhere; the page shows them and sends a choice for each."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from anki.collection import OpChanges

from ...sdk.bridge import BridgeError, Deferred, Method, params
from ...sdk.hosts import CollectionOps
from ...sdk.protocol import ErrorCode
from ...services.cloud_accounts.secret_store import SecretStore
from ...services.environment import Environment
from ...services.history import HistoryError, NoteTypeHistory
from ...services.history.remotes import Credentials, SyncResult, sync
from ...services.notetype_files.collection_io import all_notetypes
from ...services.registry import Registry
from .branch_methods import CHOICES

REMOTE_FILE = "atd-remote.json"  # inside the git folder, which git leaves alone
SECRET_ACCOUNT = "history-remote"
UNDO_LABEL = "Update note types from the history remote"
URL = {"type": "string", "maxLength": 1000}
TEXT = {"type": "string", "maxLength": 200}
FLAG = {"type": "boolean"}


def _with_password_in_it(url: str) -> bool:
    _scheme, sep, rest = url.partition("://")
    return bool(sep) and ":" in rest.split("/", 1)[0].rpartition("@")[0]


def remote_methods(registry: Registry) -> list[Method]:
    def history() -> NoteTypeHistory:
        return registry.get(NoteTypeHistory)

    def settings_file() -> Path:
        return history().store.root / REMOTE_FILE

    def secrets() -> SecretStore:
        return SecretStore(history().store.root.parent / "atd-secrets")

    def read_settings() -> dict[str, str]:
        try:
            saved = json.loads(settings_file().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"url": "", "username": ""}
        return {"url": str(saved.get("url", "")), "username": str(saved.get("username", ""))}

    def shown() -> dict[str, Any]:
        saved = read_settings()
        return {**saved, "hasPassword": secrets().get(SECRET_ACCOUNT) is not None}

    def set_remote(p: dict[str, Any]) -> dict[str, Any]:
        url = p["url"].strip()
        if _with_password_in_it(url):
            raise BridgeError(
                ErrorCode.INVALID_PARAMS,
                "put the password in the password box, not in the address",
            )
        settings = {"url": url, "username": p.get("username", "").strip()}
        settings_file().write_text(json.dumps(settings), encoding="utf-8")
        if p.get("password"):
            secrets().put(SECRET_ACCOUNT, p["password"])
        elif p.get("forgetPassword"):
            secrets().delete(SECRET_ACCOUNT)
        return shown()

    def run_sync(p: dict[str, Any]) -> Deferred:
        settings = read_settings()
        if not settings["url"]:
            raise BridgeError(ErrorCode.INVALID_PARAMS, "choose a remote first")
        credentials = Credentials(settings["username"] or None, secrets().get(SECRET_ACCOUNT))
        col = registry.get(Environment).collection
        deferred, done = Deferred(), {}

        def work() -> OpChanges:
            hist = history()
            hist.snapshot(all_notetypes(col()))  # nothing the collection holds is left out
            try:
                result = sync(
                    hist.store,
                    settings["url"],
                    hist._author(),
                    credentials,
                    push=bool(p.get("push")),
                    choices=p.get("choices"),
                )
            except HistoryError as error:
                raise BridgeError(ErrorCode.INVALID_PARAMS, str(error)) from error
            done["result"] = result
            return _write_back(hist, col(), result) if not result.conflicts else OpChanges()

        def answer() -> None:
            deferred.resolve(_answer(done["result"], col()))

        registry.get(CollectionOps).run(work, answer, deferred.reject)  # type: ignore[type-abstract]
        return deferred

    return [
        Method("history.remote", lambda _p: shown()),
        Method(
            "history.setRemote",
            set_remote,
            params(
                {
                    "url": URL,
                    "username": TEXT,
                    "password": TEXT,
                    "forgetPassword": {"type": "boolean"},
                },
                ["url"],
            ),
        ),
        Method(
            "history.sync",
            run_sync,
            params({"push": FLAG, "choices": CHOICES}, []),
        ),
    ]


def _write_back(history: NoteTypeHistory, col: Any, result: SyncResult) -> OpChanges:
    """The merged versions into the collection, one undo step (ids stay the collection's)."""
    present = [nid for nid in result.changed if col.models.get(nid) is not None]
    if not present:
        return OpChanges()
    start = col.add_custom_undo_entry(UNDO_LABEL)
    for notetype_id in present:
        current = dict(col.models.get(notetype_id))
        col.models.update_dict(history.restore("main", notetype_id, current))
    changes: OpChanges = col.merge_undo_entries(start)
    return changes


def _answer(result: SyncResult, col: Any) -> dict[str, Any]:
    names = {nid: col.models.get(nid) for nid in result.changed}
    return {
        "remote": result.remote,
        "changed": [{"id": nid, "name": nt["name"] if nt else None} for nid, nt in names.items()],
        "conflicts": [
            {**asdict(conflict), "key": f"{nid}/{conflict.key}"}
            for nid, conflict in result.conflicts
        ],
        "merged": result.merged,
        "pushed": result.pushed,
        "keptApart": result.kept_apart,
    }
