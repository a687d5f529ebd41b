"""Version history of note types in a git repository per profile (issue #14).

`history.NoteTypeHistory` is the service (record, log, diff, show, restore, merge
upstream); `git_store` writes the standard git repository through dulwich (vendored;
no `git` program needed); `messages` writes commit messages that say what changed;
`merge` holds the three-way merges (templates by lines, CSS by rule, notetype.json by key).
"""

from .git_store import CommitInfo, HistoryError
from .history import DEFAULT_FOLDER, FileDiff, NoteTypeHistory
from .merge import OURS, THEIRS, Conflict, MergeResult

__all__ = [
    "DEFAULT_FOLDER",
    "OURS",
    "THEIRS",
    "CommitInfo",
    "Conflict",
    "FileDiff",
    "HistoryError",
    "MergeResult",
    "NoteTypeHistory",
]
