"""Runs `atd backup restore` (the real CLI) in a process that SIGKILLs itself as the Nth
note type is about to be written (ATD_KILL_AT_IMPORT=N), for test_backup_restore_kill.py.

python restore_kill_runner.py ARGS...   (the arguments of `atd`)
"""

import os
import signal
import sys

import anki.lang

from anki_template_designer.cli import main
from anki_template_designer.services.backup import repository

if __name__ == "__main__":
    anki.lang.set_lang("en_US")
    kill_at = int(os.environ.get("ATD_KILL_AT_IMPORT", "0"))
    real = repository.import_notetype
    calls = 0

    def counted(col, notetype, folder=""):
        global calls
        calls += 1
        if calls == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(col, notetype, folder)

    repository.import_notetype = counted
    sys.exit(main(sys.argv[1:]))
