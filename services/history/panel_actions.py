"""The History panel's actions that change which version the collection holds: try on a
branch, switch branch, merge a branch back into main, and keep one's changes on an update
that replaced them (a shared deck's new version).

Each answers a draft (the note type to save, over the collection's current one: ids, mod
and usn stay the collection's) or None when nothing needs saving; the page saves it
through the normal save, and a `PendingSave` says how that save is committed. A merge with
overlapping changes answers its conflicts and no draft until every one has a choice
(``ours`` or ``theirs``): nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..._vendor.dulwich.graph import find_merge_base
from ..notetype_files import notetype_from_files, notetype_to_files
from .branches import branch_name, branch_ref, start_branch
from .git_store import MAIN, UPSTREAM, HistoryError
from .history import NoteTypeHistory, folder_of
from .merge import MergeResult, merge_files
from .messages import reason_of
from .pending import PendingSave, same_design


@dataclass
class MergeAnswer:
    result: MergeResult
    draft: dict[str, Any] | None  # None: conflicts wait for a choice, or nothing to save
    nothing_to_keep: bool = False  # the other side holds everything already


def _over(current: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
    version = notetype_from_files(files)
    return {**current, **{k: v for k, v in version.items() if k not in ("id", "mod", "usn")}}


def _save_or_commit(
    history: NoteTypeHistory, current: dict[str, Any], pending: PendingSave
) -> dict[str, Any] | None:
    """The draft to save, with `pending` waiting for its save; when the collection holds
    that version already there is nothing to save and the commit is made now."""
    if same_design(pending.files, notetype_to_files(current)):
        history.fulfil(pending, current, notetype_to_files(current))
        return None
    history.pending.put(int(current["id"]), pending)
    return _over(current, pending.files)


def try_on_branch(history: NoteTypeHistory, current: dict[str, Any], name: str) -> str:
    """A new branch from the note type's version now, and the note type on it (the
    collection does not change). Answers the branch's name."""
    notetype_id = int(current["id"])
    history.record(current, "outside")  # the version the branch starts from is committed
    start = history.store.head(history.checkouts.get(notetype_id))
    if start is None:
        raise HistoryError("the note type has no history yet: save it once first")
    ref = start_branch(history.store, notetype_id, name, start)
    history.checkouts.set(notetype_id, ref)
    return branch_name(ref)


def switch_branch(
    history: NoteTypeHistory, current: dict[str, Any], name: str
) -> dict[str, Any] | None:
    """The version of branch `name` to save, or None when the collection holds it already
    (then the note type is on that branch at once)."""
    notetype_id = int(current["id"])
    ref = branch_ref(notetype_id, name)
    files = history.store.folder_files(history.store.head(ref), folder_of(notetype_id))
    if files is None:
        raise HistoryError(f"no branch {name!r} of this note type")
    if ref == history.checkouts.get(notetype_id) or same_design(files, notetype_to_files(current)):
        history.checkouts.set(notetype_id, ref)
        return None
    note = f"switched to {branch_name(ref)}"
    return _save_or_commit(history, current, PendingSave(files, ref, "switch", note, checkout=ref))


def merge_branch(
    history: NoteTypeHistory,
    current: dict[str, Any],
    name: str,
    choices: dict[str, str] | None = None,
) -> MergeAnswer:
    """Branch `name`'s changes and main's since the branch started, merged three-way; the
    saved result is a merge commit on main and the note type is back on main."""
    notetype_id, folder = int(current["id"]), folder_of(current["id"])
    ref = branch_ref(notetype_id, name)
    if ref == MAIN:
        raise HistoryError("choose a branch to merge into main")
    store = history.store
    branch_head, main_head = store.head(ref), store.head(MAIN)
    if branch_head is None or main_head is None:
        raise HistoryError(f"no branch {name!r} of this note type")
    bases = find_merge_base(store.repo, [main_head, branch_head])
    base = store.folder_files(bases[0] if bases else None, folder) or {}
    ours = store.folder_files(main_head, folder) or {}
    theirs = store.folder_files(branch_head, folder)
    if theirs is None:
        raise HistoryError(f"branch {name!r} does not hold this note type")
    result = merge_files(base, ours, theirs, choices)
    if result.conflicts:
        return MergeAnswer(result, None)
    note = f"merged branch {branch_name(ref)}"
    pending = PendingSave(
        result.files, MAIN, "branch-merge", note, checkout=MAIN, extra_parent=branch_head
    )
    return MergeAnswer(result, _save_or_commit(history, current, pending), theirs == ours)


def keep_changes_on_update(
    history: NoteTypeHistory,
    current: dict[str, Any],
    commit: str,
    choices: dict[str, str] | None = None,
) -> MergeAnswer:
    """`commit` recorded a change made outside the designer (an update of a shared note
    type that replaced the user's version): the user's changes (last upstream version →
    the version before the update) re-applied onto the update by three-way merge. Saved,
    the update becomes the new upstream version and the result a merge commit."""
    notetype_id, folder = int(current["id"]), folder_of(current["id"])
    store = history.store
    ref = history.checkouts.get(notetype_id)
    sha = store.resolve(commit)
    info = store.commit_info(sha)
    if reason_of(info.message) != "outside":
        raise HistoryError(f"{commit[:8]} was not a change made outside the designer")
    if store.head(ref) != sha:
        raise HistoryError(
            f"{commit[:8]} is not the newest version: it was changed again after the update"
        )
    theirs = store.folder_files(sha, folder)
    ours = store.folder_files(info.parents[0].encode() if info.parents else None, folder)
    base = store.folder_files(store.head(UPSTREAM), folder)
    if theirs is None or ours is None or base is None:
        raise HistoryError("there is no earlier version of yours to keep changes from")
    result = merge_files(base, ours, theirs, choices)
    if result.conflicts:
        return MergeAnswer(result, None)
    pending = PendingSave(result.files, ref, "merge", upstream=theirs)
    return MergeAnswer(result, _save_or_commit(history, current, pending), ours == base)
