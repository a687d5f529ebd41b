"""A test-only backend wrapper that fails on purpose, driven by environment variables so a
subprocess can be told where to fail:

* `ATD_FAULT_KILL_AT=N`: the process SIGKILLs itself just before its Nth write (create,
  delete or replace), as a power cut or `kill -9` would stop it;
* `ATD_FAULT_ENOSPC_AT=N`: the Nth write fails as a full disk does;
* `ATD_FAULT_COUNT_TO=FILE`: each write's number and name are appended to FILE (how many
  writes an operation makes, to choose where to kill it).

Nothing in the add-on reads these: only Repository.open(..., wrap=FaultyBackend) uses it.
"""

from __future__ import annotations

import os
import signal

from anki_template_designer.services.backup.folder_backend import BackendError


class FaultyBackend:
    def __init__(self, inner):
        self.inner = inner
        self.writes = 0
        self.kill_at = int(os.environ.get("ATD_FAULT_KILL_AT", "0"))
        self.enospc_at = int(os.environ.get("ATD_FAULT_ENOSPC_AT", "0"))
        self.count_to = os.environ.get("ATD_FAULT_COUNT_TO")

    def _write(self, name):
        self.writes += 1
        if self.count_to:
            with open(self.count_to, "a", encoding="utf-8") as out:
                out.write(f"{self.writes} {name}\n")
        if self.writes == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        if self.writes == self.enospc_at:
            raise BackendError(f"{name}: cannot be written (No space left on device)")

    def create(self, name, data):
        self._write(name)
        return self.inner.create(name, data)

    def delete(self, name):
        self._write(name)
        self.inner.delete(name)

    def replace(self, name, data):
        self._write(name)
        self.inner.replace(name, data)

    def __getattr__(self, attribute):  # reads go straight through
        return getattr(self.inner, attribute)
