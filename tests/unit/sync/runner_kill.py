"""Queue a change in the outbox, run one sync through the SyncRunner over a folder remote
and die (os._exit, as kill -9) at the engine's head write, after the pack, index and
manifest went up.

    python runner_kill.py COLLECTION REMOTE STATE OUTBOX NOTETYPE_ID
"""

import sys
from pathlib import Path

import anki.lang
from anki.collection import Collection
from kill_runner import DiesAtWrite

from anki_template_designer.services.backup.folder_backend import FolderBackend
from anki_template_designer.services.sync.engine import SyncEngine
from anki_template_designer.services.sync.outbox import Outbox
from anki_template_designer.services.sync.run_log import RunLog
from anki_template_designer.services.sync.runner import SyncRunner


def main():
    anki.lang.set_lang("en_US")
    collection, remote, state, outbox_path, notetype_id = sys.argv[1:6]
    col = Collection(collection)
    backend = DiesAtWrite(FolderBackend(Path(remote)), 4)
    engine = SyncEngine(col, backend, "correct horse battery", Path(state), "b")
    outbox = Outbox(Path(outbox_path))
    runner = SyncRunner(outbox, RunLog(Path(outbox_path)), lambda: engine, lambda: True)
    runner.changed(int(notetype_id))
    runner.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
