"""Bridge methods of the Sync panel and the top bar's sync state:

* `sync.status` — the state (synced, pending, syncing, offline, conflict, error), the
  outbox's queue, the last runs and the settings without their secrets;
* `sync.configure` — the remote and its secrets (a passphrase, S3 keys, a WebDAV login go
  to the secret store and never come back; `forget` drops named ones);
* `sync.now` — one run now (also while backing off or with a conflict waiting);
* `sync.resolve` — one run resolving every conflict with the engine's choice: `ours`,
  `theirs` or `newer` (last writer wins).

Runs go to the task manager (answered later, never on Anki's main thread)."""

from __future__ import annotations

from typing import Any

from ...sdk.bridge import BridgeError, Deferred, Method, params
from ...sdk.protocol import ErrorCode
from ...services.backup.folder_backend import BackendError
from ...services.registry import Registry
from ...services.sync.remotes import open_remote
from .service import SyncService
from .settings import SECRETS

REMOTE = {"type": "string", "pattern": "^(file|webdavs?|s3)://", "maxLength": 1000}
ENDPOINT = {"type": "string", "pattern": "^(https?://.+)?$", "maxLength": 1000}
REGION = {"type": "string", "pattern": "^[a-z0-9-]{0,40}$"}
#: No length or pattern rules on secrets: a schema problem would repeat the value.
SECRET = {"type": "string"}
CONFIGURE_PARAMS = params(
    {
        "remote": REMOTE,
        "s3Endpoint": ENDPOINT,
        "s3Region": REGION,
        **dict.fromkeys(SECRETS, SECRET),
        "forget": {"type": "array", "items": {"enum": sorted(SECRETS)}, "uniqueItems": True},
    },
    ["remote"],
)
NOW_PARAMS = params({"allowMassDelete": {"type": "boolean"}})
RESOLVE_PARAMS = params(
    {"choice": {"enum": ["ours", "theirs", "newer"]}, "allowMassDelete": {"type": "boolean"}},
    ["choice"],
)


def _with_password_in_it(url: str) -> bool:
    _scheme, sep, rest = url.partition("://")
    return bool(sep) and "@" in rest.split("/", 1)[0]


def sync_methods(registry: Registry) -> list[Method]:
    def service() -> SyncService:
        return registry.get(SyncService)

    def status(_p: dict[str, Any]) -> dict[str, Any]:
        return service().describe()

    def configure(p: dict[str, Any]) -> dict[str, Any]:
        sync = service()
        remote = p["remote"].strip()
        if _with_password_in_it(remote):
            raise BridgeError(
                ErrorCode.INVALID_PARAMS,
                "put the login in the user and password boxes, not in the address",
            )
        given = {name: p[name] for name in SECRETS if p.get(name)}
        try:  # the address's shape and the keys it needs; nothing is contacted
            open_remote(remote, sync.settings.remote_env(given), p.get("s3Endpoint") or None)
        except BackendError as error:
            raise BridgeError(ErrorCode.INVALID_PARAMS, str(error)) from None
        sync.settings.write(remote, p.get("s3Endpoint", ""), p.get("s3Region", ""))
        for name in p.get("forget", []):
            sync.settings.set_secret(name, None)
        for name, value in given.items():
            sync.settings.set_secret(name, value)
        sync.reconfigured()
        return sync.settings.shown()

    def now(p: dict[str, Any]) -> Deferred:
        return service().run_now(None, bool(p.get("allowMassDelete")))

    def resolve(p: dict[str, Any]) -> Deferred:
        return service().run_now(p["choice"], bool(p.get("allowMassDelete")))

    return [
        Method("sync.status", status, params({})),
        Method("sync.configure", configure, CONFIGURE_PARAMS),
        Method("sync.now", now, NOW_PARAMS),
        Method("sync.resolve", resolve, RESOLVE_PARAMS),
    ]
