"""Runs one backup operation through FaultyBackend, in a process a test may kill.

python fault_runner.py create|prune|restore REPO DEVICE_KEY COLLECTION [SNAPSHOT]
"""

import sys
from pathlib import Path

import anki.lang
from faulty_backend import FaultyBackend

from anki_template_designer.cli.collection import collection_copy, collection_file
from anki_template_designer.services.backup.keys import DeviceKey
from anki_template_designer.services.backup.repository import Repository
from anki_template_designer.services.backup.retention import Retention
from anki_template_designer.services.notetype_files import all_notetypes, notetypes_as_files


def main(operation, repo, device_key, collection, snapshot=None):
    anki.lang.set_lang("en_US")
    repository = Repository.open(
        Path(repo), device=DeviceKey.load_or_create(Path(device_key)), wrap=FaultyBackend
    )
    if operation == "create":
        with collection_copy(collection) as col:
            files = notetypes_as_files(all_notetypes(col))
        repository.create(files, "manual", "fault")
    elif operation == "prune":
        repository.prune(Retention(last=1, daily=0, weekly=0, monthly=0), "fault")
    elif operation == "restore":
        with collection_file(collection) as col:
            repository.restore(col, repository.snapshot(snapshot), None, "fault")
    else:
        raise SystemExit(f"unknown operation {operation}")


if __name__ == "__main__":
    main(*sys.argv[1:])
