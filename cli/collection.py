"""Opening collections for `atd` commands: a copy for the ones that read (a running Anki's
file is never touched), the file itself for the ones that write (`collection_file`), or a
copy put in its place at the end for a change of several steps that must be all or
nothing (`collection_replaced`)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class CollectionUnavailable(RuntimeError):
    pass


@contextmanager
def collection_copy(collection: str) -> Iterator[Any]:
    """Open a temporary copy of `collection` (a running Anki's file is never touched)."""
    source = Path(collection)
    if not source.is_file():
        raise CollectionUnavailable("no such collection file")
    from anki.collection import Collection  # imported here: file mode needs no Anki

    with tempfile.TemporaryDirectory(prefix="atd-") as folder:
        copy = Path(folder) / "collection.anki2"
        shutil.copyfile(source, copy)
        wal = source.with_name(source.name + "-wal")
        if wal.is_file():
            # Changes a running Anki has not checkpointed yet live in the WAL file.
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        try:
            col = Collection(str(copy))
        except Exception as error:  # any failure to open is reported, not a traceback
            raise CollectionUnavailable(f"cannot open the collection: {error}") from error
        try:
            yield col
        finally:
            col.close()


def selected_notetypes(col: Any, notetype: str | None) -> list[dict[str, Any]]:
    notetypes = sorted(col.models.all(), key=lambda nt: str(nt["name"]).casefold())
    if notetype is not None:
        notetypes = [nt for nt in notetypes if nt["name"] == notetype]
        if not notetypes:
            raise CollectionUnavailable("no note type with this name")
    return [dict(nt) for nt in notetypes]


@contextmanager
def collection_file(collection: str) -> Iterator[Any]:
    """Open the collection file itself, to change it (Anki must not have it open: it holds
    the file locked, and opening then fails with a clear CollectionUnavailable)."""
    target = Path(collection)
    if not target.is_file():
        raise CollectionUnavailable("no such collection file")
    from anki.collection import Collection  # imported here: file mode needs no Anki

    try:
        col = Collection(str(target))
    except Exception as error:  # locked by a running Anki, or not a collection
        raise CollectionUnavailable(f"cannot open the collection ({error})") from error
    try:
        yield col
    finally:
        col.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, owned by someone else
        return True
    return True


def _remove_left_over(target: Path) -> None:
    """Copies a killed `collection_replaced` left beside `target` (their process is gone)."""
    for left in target.parent.glob(f".{target.name}.replacing-*"):
        pid = re.match(r"\d+", left.name[len(f".{target.name}.replacing-") :])
        if pid and not _alive(int(pid.group())):
            left.unlink(missing_ok=True)  # the copy, and its -wal and -shm files


@contextmanager
def collection_replaced(collection: str) -> Iterator[Any]:
    """Change a copy of the collection file and put it in the file's place at the end, in
    one rename: a process killed or failing midway leaves the file as it was, never half
    changed (each note type update is a transaction of its own in Anki). The file itself
    is opened first, so one a running Anki holds is refused as by `collection_file`."""
    target = Path(collection)
    with collection_file(collection):
        pass  # opens and closes: refuses a file in use, checkpoints its WAL
    from anki.collection import Collection

    _remove_left_over(target)
    copy = target.with_name(f".{target.name}.replacing-{os.getpid()}")
    shutil.copyfile(target, copy)
    try:
        col = Collection(str(copy))
        try:
            yield col
        finally:
            col.close()
        with open(copy, "rb") as written:
            os.fsync(written.fileno())
        os.replace(copy, target)
    finally:
        for left in (copy, copy.with_name(copy.name + "-wal"), copy.with_name(copy.name + "-shm")):
            left.unlink(missing_ok=True)
