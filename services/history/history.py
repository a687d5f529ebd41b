"""Version history of a profile's note types: record, log, diff, show, restore, and merge
upstream updates. Qt-free: the designer calls it off the main thread, `atd history` from
the command line.

Branch ``main`` holds every version the collection had (designer saves, restores, changes
made outside the designer, merges); branch ``upstream`` holds each note type as its
author shipped it (the first version seen, then every update merged with
`merge_upstream`), so the user's changes are the diff between the two.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..notetype_files import notetype_from_files, notetype_to_files
from .branches import Checkouts
from .git_store import MAIN, UPSTREAM, CommitInfo, GitStore, HistoryError
from .labels import add_label, labels, remove_label
from .merge import MergeResult, merge_files
from .messages import commit_message, describe_change
from .pending import PendingSave, PendingSaves

DEFAULT_FOLDER = "atd-history.git"  # inside the profile folder: survives add-on updates
MAX_PAGE = 500


@dataclass(frozen=True)
class FileDiff:
    path: str
    status: str  # added, removed, changed
    old: str
    new: str
    unified: str


def folder_of(notetype_id: int) -> str:
    return str(int(notetype_id))


class NoteTypeHistory:
    """One profile's history repository (`GitStore.open` rebuilds a broken one)."""

    def __init__(self, root: Path, profile: str) -> None:
        self.store = GitStore.open(Path(root))
        self.profile = profile
        self.checkouts = Checkouts(self.store)
        self.pending = PendingSaves()

    @property
    def rebuilt(self) -> str | None:
        """Why the repository was started again on open (None when it was fine)."""
        return self.store.rebuilt

    def close(self) -> None:
        self.store.close()

    def _author(self) -> str:
        safe = "".join(c for c in self.profile if c not in "<>\n") or "profile"
        return f"{safe} <atd@localhost>"

    # -- recording -----------------------------------------------------------------------

    def record(self, notetype: dict[str, Any], reason: str = "save", note: str = "") -> str | None:
        """Commit `notetype` as it is now on the branch it is on (main unless the user is
        trying something on a branch), when it differs from that branch's version; the new
        commit's id, or None when nothing changed. A save the History panel asked for (a
        switch or a merge, `pending`) is committed as that action says. The first version
        of a note type is also its first upstream version."""
        notetype_id = int(notetype["id"])
        files = notetype_to_files(notetype)
        pending = self.pending.take_if_saved(notetype_id, files)
        if pending is not None:
            return self.fulfil(pending, notetype, files)
        return self._commit_on(self.checkouts.get(notetype_id), notetype, files, reason, note)

    def _commit_on(
        self,
        ref: bytes,
        notetype: dict[str, Any],
        files: dict[str, bytes],
        reason: str,
        note: str = "",
        extra_parents: tuple[bytes, ...] = (),
    ) -> str | None:
        folder = folder_of(notetype["id"])
        old = self.store.folder_files(self.store.head(ref), folder)
        if old == files and not extra_parents:
            return None
        parts = describe_change(old, files) or ["kept"]
        name, notetype_id = str(notetype["name"]), int(notetype["id"])
        message = commit_message(name, parts, reason, self.profile, notetype_id, note)
        sha = self.store.commit_folders(
            {folder: files}, message, self._author(), ref=ref, extra_parents=extra_parents
        )
        if self.store.folder_sha(self.store.head(UPSTREAM), folder) is None:
            self.store.commit_folders(
                {folder: files},
                commit_message(
                    name, parts, "upstream", self.profile, notetype_id, "first version seen"
                ),
                self._author(),
                ref=UPSTREAM,
            )
        return sha.decode("ascii")

    def fulfil(
        self, pending: PendingSave, notetype: dict[str, Any], files: dict[str, bytes]
    ) -> str | None:
        """Commit the save `pending` waited for, as its action says."""
        extra: tuple[bytes, ...] = ()
        if pending.upstream is not None:
            extra = (self._commit_upstream(notetype, pending.upstream),)
        elif pending.extra_parent is not None:
            extra = (pending.extra_parent,)
        sha = self._commit_on(pending.ref, notetype, files, pending.reason, pending.note, extra)
        if pending.checkout is not None:
            self.checkouts.set(int(notetype["id"]), pending.checkout)
        return sha

    def _commit_upstream(self, notetype: dict[str, Any], files: dict[str, bytes]) -> bytes:
        folder, notetype_id = folder_of(notetype["id"]), int(notetype["id"])
        old = self.store.folder_files(self.store.head(UPSTREAM), folder)
        return self.store.commit_folders(
            {folder: files},
            commit_message(
                str(notetype["name"]),
                describe_change(old, files),
                "upstream",
                self.profile,
                notetype_id,
            ),
            self._author(),
            ref=UPSTREAM,
        )

    def record_outside_changes(self, notetype: dict[str, Any]) -> str | None:
        """What the designer does on opening a note type: a version that differs from the
        head was made elsewhere (Anki's Card Types screen, an import, an update) and is
        committed as such before the designer changes anything."""
        return self.record(notetype, "outside")

    def snapshot(self, notetypes: list[dict[str, Any]]) -> list[str]:
        """Commit every note type that changed; the new commit ids."""
        made = [self.record(nt, "snapshot") for nt in notetypes]
        return [sha for sha in made if sha]

    # -- reading -------------------------------------------------------------------------

    def log(
        self,
        notetype_id: int | None = None,
        offset: int = 0,
        limit: int = 50,
        ref: bytes | None = None,
    ) -> tuple[list[CommitInfo], bool]:
        """One page of the commits that changed `notetype_id` (every commit when None) on
        `ref` (default: the branch the note type is on, else main), newest first, and
        whether more follow. Stops walking once the page is full."""
        if limit < 1 or limit > MAX_PAGE or offset < 0:
            raise HistoryError(f"a page is 1 to {MAX_PAGE} commits from offset 0 or more")
        folder = None if notetype_id is None else folder_of(notetype_id)
        page: list[CommitInfo] = []
        skipped = 0
        if ref is None:
            ref = MAIN if notetype_id is None else self.checkouts.get(notetype_id)
        sha = self.store.head(ref)
        while sha is not None:
            parent, changed = self.store.changes(sha)  # the index, else the trees
            if folder is None or folder in changed:
                if skipped < offset:
                    skipped += 1
                elif len(page) == limit:
                    return page, True
                else:
                    page.append(self.store.commit_info(sha))
            sha = parent
        return page, False

    def label(self, revision: str, text: str) -> str:
        """Puts the label `text` on commit `revision` (a git tag); answers the label."""
        return add_label(self.store, revision, text, self._author())

    def unlabel(self, revision: str, text: str) -> bool:
        return remove_label(self.store, revision, text)

    def labels(self) -> dict[str, list[str]]:
        """Labelled commit ids and their labels."""
        return labels(self.store)

    def files_at(self, revision: str, notetype_id: int) -> dict[str, bytes]:
        sha = self.store.resolve(revision)
        files = self.store.folder_files(sha, folder_of(notetype_id))
        if files is None:
            raise HistoryError(f"note type {notetype_id} is not in commit {revision}")
        return files

    def show(self, revision: str, notetype_id: int) -> dict[str, Any]:
        """The note type as it was in `revision` (a dict as Anki's `col.models` has it)."""
        return notetype_from_files(self.files_at(revision, notetype_id))

    def diff(self, old: str, new: str, notetype_id: int | None = None) -> list[FileDiff]:
        """Per file, what changed from `old` to `new` (paths `<note type id>/<file>`)."""
        a, b = self.store.resolve(old), self.store.resolve(new)
        folders = (
            [folder_of(notetype_id)]
            if notetype_id is not None
            else sorted(set(self.store.folders(a)) | set(self.store.folders(b)))
        )
        diffs: list[FileDiff] = []
        for folder in folders:
            before = self.store.folder_files(a, folder) or {}
            after = self.store.folder_files(b, folder) or {}
            for path in sorted(set(before) | set(after)):
                if before.get(path) == after.get(path):
                    continue
                old_text = before.get(path, b"").decode("utf-8", "replace")
                new_text = after.get(path, b"").decode("utf-8", "replace")
                status = (
                    "added" if path not in before else "removed" if path not in after else "changed"
                )
                unified = "".join(
                    difflib.unified_diff(
                        old_text.splitlines(True),
                        new_text.splitlines(True),
                        f"a/{folder}/{path}",
                        f"b/{folder}/{path}",
                    )
                )
                diffs.append(FileDiff(f"{folder}/{path}", status, old_text, new_text, unified))
        return diffs

    def restore(self, revision: str, notetype_id: int, current: dict[str, Any]) -> dict[str, Any]:
        """The note type to save to bring back `revision`: its templates, CSS and options
        over `current` (ids, mod and usn stay the collection's). The caller saves it (one
        undoable save) and then calls `record(saved, "restore", ...)`."""
        past = self.show(revision, notetype_id)
        return {**current, **{k: v for k, v in past.items() if k not in ("id", "mod", "usn")}}

    # -- upstream ------------------------------------------------------------------------

    def merge_upstream(
        self, new_upstream: dict[str, Any], choices: dict[str, str] | None = None
    ) -> MergeResult:
        """Re-apply the user's changes (last upstream version → main's version) onto
        `new_upstream` by three-way merge. Nothing is committed: with no conflict left,
        call `commit_merge` after saving the result."""
        folder = folder_of(new_upstream["id"])
        ours = self.store.folder_files(self.store.head(MAIN), folder)
        base = self.store.folder_files(self.store.head(UPSTREAM), folder)
        theirs = notetype_to_files(new_upstream)
        if ours is None or base is None:
            return MergeResult(files=theirs)  # nothing of the user's to keep yet
        return merge_files(base, ours, theirs, choices)

    def commit_merge(self, new_upstream: dict[str, Any], merged: dict[str, Any]) -> str:
        """After the merged note type was saved: the new upstream version on ``upstream``,
        the merge on main (a merge commit with both parents, as git shows it)."""
        upstream = self._commit_upstream(new_upstream, notetype_to_files(new_upstream))
        sha = self._commit_on(MAIN, merged, notetype_to_files(merged), "merge", "", (upstream,))
        assert sha is not None  # a merge commit is always made
        return sha
