"""Run one sync of a collection with a folder remote and die (os._exit, as kill -9: no
cleanup, no finally) at a chosen point: before the Nth write to the remote, or just before
the sync state is saved (after the collection was written).

    python kill_runner.py COLLECTION REMOTE STATE (N | save)
"""

import os
import sys
from pathlib import Path

import anki.lang
from anki.collection import Collection

from anki_template_designer.services.backup.folder_backend import FolderBackend
from anki_template_designer.services.sync import engine as engine_module
from anki_template_designer.services.sync.engine import SyncEngine

KILLED = 137


class DiesAtWrite:
    def __init__(self, real, at):
        self.real, self.at, self.writes = real, at, 0

    def __getattr__(self, name):
        return getattr(self.real, name)

    def _count(self):
        self.writes += 1
        if self.writes == self.at:
            os._exit(KILLED)

    def create(self, name, data):
        self._count()
        return self.real.create(name, data)

    def replace_if(self, name, data, tag):
        self._count()
        return self.real.replace_if(name, data, tag)


def main():
    anki.lang.set_lang("en_US")
    collection, remote, state, point = sys.argv[1:5]
    backend = FolderBackend(Path(remote))
    if point == "save":

        def die(self, path):
            os._exit(KILLED)

        engine_module.SyncState.save = die
    else:
        backend = DiesAtWrite(backend, int(point))
    col = Collection(collection)
    SyncEngine(col, backend, "correct horse battery", Path(state), "b").sync()
    col.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
