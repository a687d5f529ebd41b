"""The profile's sync: the settings, the outbox and run log in `atd-sync.sqlite` in the
profile folder, a `SyncRunner` whose engine is built from the settings on first use (and
again after `sync.configure` or when the collection object changes), and the wake-ups:
after each save (`kick`) and every few seconds from a ticker thread, each of which only
queues a run on the task manager when one is due. Runs are never on Anki's main thread."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...sdk.bridge import Deferred
from ...services.cloud_accounts.secret_store import SecretStore
from ...services.sync.backoff import Backoff
from ...services.sync.engine import SyncEngine
from ...services.sync.errors import SyncError
from ...services.sync.outbox import Outbox
from ...services.sync.remotes import open_remote
from ...services.sync.run_log import RunLog
from ...services.sync.runner import SyncRunner
from ...services.sync.ticker import Ticker
from ...services.tasks import Priority, TaskManager
from ...services.tasks.deferred import run_deferred
from .settings import SyncSettings

log = logging.getLogger(__name__)

OUTBOX_FILE = "atd-sync.sqlite"
SECRETS_FOLDER = "atd-secrets"


class SyncService:
    def __init__(
        self,
        folder: Path,
        collection: Callable[[], Any],
        tasks: TaskManager,
        is_online: Callable[[], bool],
        *,
        clock: Callable[[], float] = time.time,
        backoff: Backoff | None = None,
        tick_interval: float | None = 5.0,
        secrets: SecretStore | None = None,
    ) -> None:
        self.settings = SyncSettings(folder, secrets or SecretStore(Path(folder) / SECRETS_FOLDER))
        self._collection = collection
        self._tasks = tasks
        self._engine_lock = threading.Lock()
        self._engine: tuple[Any, SyncEngine] | None = None  # (collection, engine)
        self.runner = SyncRunner(
            Outbox(Path(folder) / OUTBOX_FILE, clock),
            RunLog(Path(folder) / OUTBOX_FILE),
            self.engine,
            is_online,
            clock=clock,
            backoff=backoff,
        )
        self._ticker = Ticker(self.kick, tick_interval) if tick_interval else None
        if self._ticker is not None:
            self._ticker.start()

    def __repr__(self) -> str:
        return f"SyncService({self.settings.folder})"

    def engine(self) -> SyncEngine:
        """The engine for the current settings (kept: it unlocks the repository once)."""
        settings = self.settings.read()
        if not settings["remote"]:
            raise SyncError("choose a sync remote first")
        passphrase = self.settings.secret("passphrase")
        if not passphrase:
            raise SyncError("set the sync passphrase first")
        col = self._collection()
        with self._engine_lock:
            if self._engine is not None and self._engine[0] is col:
                return self._engine[1]
            backend = open_remote(
                settings["remote"], self.settings.remote_env(), settings["s3Endpoint"] or None
            )
            engine = SyncEngine(
                col, backend, passphrase, self.settings.state_path(settings["remote"])
            )
            self._engine = (col, engine)
            return engine

    def reconfigured(self) -> None:
        """New settings: the next run builds a new engine and starts without backoff."""
        with self._engine_lock:
            self._engine = None
        self.runner.reset()

    def configured(self) -> bool:
        return bool(self.settings.shown()["configured"])

    def changed(self, notetype_id: int) -> None:
        self.runner.changed(notetype_id)
        self.kick()

    def kick(self) -> None:
        """Queue an automatic run on the task manager when one is due."""
        if self.configured() and self.runner.due():
            self._tasks.submit(
                lambda _token: self.runner.run(),
                key="sync.auto",
                priority=Priority.BACKGROUND,
                on_outcome=_logged,
            )

    def run_now(self, resolve: str | None = None, allow_mass_delete: bool = False) -> Deferred:
        """A run the user asked for, answered with the status afterwards."""

        def work() -> dict[str, Any]:
            self.runner.run(resolve, forced=True, allow_mass_delete=allow_mass_delete)
            return self.describe()

        return run_deferred(self._tasks, work, key=f"sync.now.{resolve}", what="the sync")

    def describe(self) -> dict[str, Any]:
        return {
            **self.runner.describe(),
            "settings": self.settings.shown(),
            "recoveryCode": self.runner.take_recovery_code(),
        }

    def close(self, timeout: float = 30.0) -> None:
        if self._ticker is not None:
            self._ticker.stop()
        if not self.runner.wait_idle(timeout):
            log.warning("sync: a run was still going on when the profile closed")
        self.runner.outbox.close()
        self.runner.runs.close()


def _logged(outcome: Any) -> None:
    if getattr(outcome, "error", None) is not None:
        log.warning("sync: the automatic run failed: %s", outcome.error)
