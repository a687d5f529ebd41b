"""Runs the sync engine when there is something to sync and the network is there, and
remembers how it went. Free of Qt: the connectivity check is a predicate (`is_online`;
gui/ gives one backed by QNetworkInformation), the clock is injected, and whoever calls
`run` chooses the thread (the sync feature: the task manager, never Anki's main thread).

* `changed(id)` queues a note type in the outbox (coalesced per note type).
* `due()`: entries wait, the network is up, no run is going on, no conflict waits for a
  choice and the backoff after a failure has passed.
* `run()`: one engine sync. Success clears the outbox entries taken before it started
  (never earlier: a crash mid-sync leaves them all) and resets the backoff. A failure
  (any exception: `SyncError`, `OSError`, the remotes' `BackendError`, a wrong
  passphrase...) keeps them and sets the next try `Backoff.delay(failures)` later.
  Conflicts keep the entries and stop automatic runs until a run with a choice
  (`resolve`) or one asked for by the user (`run(forced)`).
* Every run is recorded in the `RunLog` (the newest 50).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from .backoff import Backoff
from .engine import SyncReport
from .outbox import Outbox
from .run_log import Run, RunLog
from .sync_status import SyncStatus

log = logging.getLogger(__name__)


class Engine(Protocol):
    def sync(self, resolve: str | None = None, allow_mass_delete: bool = False) -> SyncReport: ...


class SyncRunner:
    def __init__(
        self,
        outbox: Outbox,
        runs: RunLog,
        engine: Callable[[], Engine],
        is_online: Callable[[], bool],
        *,
        clock: Callable[[], float] = time.time,
        backoff: Backoff | None = None,
    ) -> None:
        self.outbox = outbox
        self.runs = runs
        self._engine = engine
        self._is_online = is_online
        self._clock = clock
        self.backoff = backoff or Backoff()
        self._lock = threading.Lock()  # guards the fields below
        self._run_lock = threading.Lock()  # one run at a time
        self._running = False
        self._last = SyncStatus()

    def changed(self, notetype_id: int) -> None:
        self.outbox.record(notetype_id, self._clock())

    def online(self) -> bool:
        try:
            return bool(self._is_online())
        except Exception as error:  # noqa: BLE001 - a broken check must not stop syncing
            log.warning("sync: the connectivity check failed (%s); trying anyway", error)
            return True

    def due(self) -> bool:
        with self._lock:
            if self._running or self._last.state == "conflict":
                return False
            retry_at = self._last.retry_at
        if retry_at is not None and self._clock() < retry_at:
            return False
        return len(self.outbox) > 0 and self.online()

    def status(self) -> SyncStatus:
        """The state to show now (see sync_status.py)."""
        with self._lock:
            shown = replace(self._last, conflicts=list(self._last.conflicts))
            running = self._running
        queued = len(self.outbox)
        if running:
            shown.state = "syncing"
        elif shown.state == "conflict":
            pass
        elif queued and not self.online():
            shown.state = "offline"
        elif shown.state != "error":
            shown.state = "pending" if queued else "synced"
        return shown

    def reset(self) -> None:
        """Forget the last outcome (new settings): no backoff, no conflict waiting."""
        with self._lock:
            self._last = SyncStatus(recovery_code=self._last.recovery_code)

    def wait_idle(self, timeout: float) -> bool:
        """Wait for a run in progress to end; False if it did not within `timeout`."""
        if not self._run_lock.acquire(timeout=timeout):
            return False
        self._run_lock.release()
        return True

    def take_recovery_code(self) -> str | None:
        """A new repository's recovery code, once."""
        with self._lock:
            code, self._last.recovery_code = self._last.recovery_code, None
        return code

    def run(
        self, resolve: str | None = None, *, forced: bool = False, allow_mass_delete: bool = False
    ) -> SyncStatus:
        """One sync now, unless offline (then the state says so and nothing runs). An
        automatic run (not `forced`, no `resolve`) runs only when `due()` once it holds
        the run lock: nothing queued, a backoff not yet over or a conflict waiting → no run."""
        if not self.online():
            return self.status()
        with self._run_lock:
            if not (forced or resolve) and not self.due():  # checked again: an earlier
                return self.status()  # run may have emptied the outbox or failed meanwhile
            with self._lock:
                if self._last.state == "conflict" and not (forced or resolve):
                    return replace(self._last)
                self._running = True
            try:
                self._run_once(resolve, allow_mass_delete)
            finally:
                with self._lock:
                    self._running = False
        return self.status()

    def _run_once(self, resolve: str | None, allow_mass_delete: bool) -> None:
        entries = self.outbox.pending()
        started = self._clock()
        try:
            report = self._engine().sync(resolve=resolve, allow_mass_delete=allow_mass_delete)
        except Exception as error:  # noqa: BLE001 - kept, shown, retried later
            self._failed(started, error)
            return
        counts: dict[str, Any] = {
            "pulled": len(report.pulled),
            "pushed": len(report.pushed),
            "deleted": len(report.deleted_here) + len(report.deleted_there),
            "conflicts": len(report.conflicts),
        }
        code = report.recovery_code.text if report.recovery_code is not None else None
        if report.conflicts:
            conflicts = [
                {"name": c.name, "notetype": c.notetype, "key": c.key} for c in report.conflicts
            ]
            with self._lock:
                self._last = SyncStatus(
                    "conflict",
                    f"{len(report.conflicted)} note type(s) changed on both sides: "
                    f"{', '.join(report.conflicted)}",
                    conflicts=conflicts,
                    recovery_code=code or self._last.recovery_code,
                )
            self.runs.add(Run(started, self._clock(), "conflict", self._last.message, **counts))
            log.info("sync: conflicts in %s", ", ".join(report.conflicted))
            return
        covered = self.outbox.clear(entries)  # only now: the sync is complete on both sides
        with self._lock:
            self._last = SyncStatus(recovery_code=code or self._last.recovery_code)
        self.runs.add(Run(started, self._clock(), "synced", "", covered=covered, **counts))
        log.info("sync: done (%s)", ", ".join(f"{k} {v}" for k, v in counts.items()))

    def _failed(self, started: float, error: Exception) -> None:
        message = str(error) or type(error).__name__
        with self._lock:
            failures = self._last.failures + 1
            delay = self.backoff.delay(failures)
            self._last = SyncStatus(
                "error",
                message,
                retry_at=self._clock() + delay,
                failures=failures,
                recovery_code=self._last.recovery_code,
            )
        self.runs.add(Run(started, self._clock(), "error", message))
        log.warning(
            "sync failed (%s), retrying in %.0f s: %s", type(error).__name__, delay, message
        )

    def describe(self) -> dict[str, Any]:
        """The status, the queue and the last runs, as JSON for the page."""
        status = self.status()
        return {
            **status.as_json(),
            "queue": [
                {"notetypeId": e.notetype_id, "changedAt": e.changed_at}
                for e in self.outbox.pending()
            ],
            "lastRuns": [run.as_json() for run in self.runs.latest()],
        }
