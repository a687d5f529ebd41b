"""The history repository on disk: a bare, standard git repository written through dulwich.

There is no working tree. Each commit's root tree holds one folder per note type, named by
the note type's id (a rename keeps its history in one folder; names with slashes, emoji or
case clashes never reach a top-level name), and inside it the note-type-as-files layout of
`services/notetype_files`. Objects are written before the branch moves, and the branch
moves by compare-and-swap under git's own lock file, so a process killed at any point
leaves a repository `git fsck` accepts (at worst an unreferenced object or a stale
``.lock``), and two profiles writing one repository never lose each other's commit.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..._vendor.dulwich.errors import (
    NotCommitError,
    NotGitRepository,
    NotTreeError,
    ObjectFormatException,
)
from ..._vendor.dulwich.file import FileLocked
from ..._vendor.dulwich.objects import Blob, Commit, Tree
from ..._vendor.dulwich.repo import Repo

MAIN = b"refs/heads/main"
UPSTREAM = b"refs/heads/upstream"
FILE_MODE = 0o100644
TREE_MODE = 0o040000
INDEX_FILE = "atd-log-index"  # in the git folder, which git leaves alone
STALE_LOCK_S = 10.0  # a ref lock this old was left by a process that died mid-commit
_BROKEN = (
    NotGitRepository,
    NotCommitError,
    NotTreeError,
    ObjectFormatException,
    KeyError,
    ValueError,
    OSError,
    zlib.error,
)


class HistoryError(RuntimeError):
    """A history request that cannot be met; the message says what and where."""


@dataclass(frozen=True)
class CommitInfo:
    id: str
    message: str
    author: str
    time: int
    parents: tuple[str, ...]

    @property
    def summary(self) -> str:
        return self.message.split("\n", 1)[0]


def _info(commit: Commit) -> CommitInfo:
    return CommitInfo(
        id=commit.id.decode("ascii"),
        message=commit.message.decode("utf-8", "replace"),
        author=commit.author.decode("utf-8", "replace"),
        time=int(commit.commit_time),
        parents=tuple(p.decode("ascii") for p in commit.parents),
    )


class GitStore:
    """One bare repository. `open` checks it and, when it is missing or broken, moves what
    is there aside and starts a new one (`rebuilt` then says why)."""

    def __init__(self, repo: Repo, root: Path, rebuilt: str | None) -> None:
        self.repo = repo
        self.root = root
        self.rebuilt = rebuilt
        # commit -> (first parent, note type folders it changed): read from INDEX_FILE,
        # which every commit on main appends to, so a log need not read every tree.
        self._index: dict[bytes, tuple[bytes | None, frozenset[str]]] = {}
        self._index_read = 0

    @classmethod
    def open(cls, root: Path) -> GitStore:
        root = Path(root)
        if not root.exists():
            return cls(Repo.init_bare(str(root), mkdir=True, default_branch=b"main"), root, None)
        try:
            if not (root / "HEAD").is_file():  # git itself no longer sees a repository
                raise NotGitRepository(f"{root} has no HEAD")
            repo = Repo(str(root))
            for ref in (MAIN, UPSTREAM):
                head = repo.refs[ref] if ref in repo.refs else None
                if head is not None:
                    commit = repo[head]
                    if not isinstance(commit, Commit):
                        raise NotCommitError(head)
                    tree = repo[commit.tree]
                    if not isinstance(tree, Tree):
                        raise NotTreeError(commit.tree)
                    for _name, _mode, sha in tree.items():
                        repo[sha]  # every note type folder of the head is readable
            return cls(repo, root, None)
        except _BROKEN as error:
            stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9}"
            aside = root.with_name(f"{root.name}.broken-{stamp}")
            root.rename(aside)
            reason = (
                f"the history repository {root} could not be read "
                f"({type(error).__name__}: {error}); it was moved to {aside.name} and "
                "history starts again from the collection"
            )
            repo = Repo.init_bare(str(root), mkdir=True, default_branch=b"main")
            return cls(repo, root, reason)

    def close(self) -> None:
        self.repo.close()

    # -- reading -------------------------------------------------------------------------

    def head(self, ref: bytes = MAIN) -> bytes | None:
        return self.repo.refs[ref] if ref in self.repo.refs else None

    def resolve(self, revision: str) -> bytes:
        """A full commit id from a full or abbreviated id or a branch name, each with an
        optional ``~N`` (N first parents back)."""
        text, _, back = revision.strip().partition("~")
        if back:
            if not back.isdigit():
                raise HistoryError(f"{revision!r}: ~ takes a number of commits back")
            sha = self.resolve(text)
            for _ in range(int(back)):
                parents = self._commit(sha).parents
                if not parents:
                    raise HistoryError(f"{revision!r}: the history is shorter than that")
                sha = parents[0]
            return sha
        for ref in (f"refs/heads/{text}".encode(), text.encode()):
            if ref.startswith(b"refs/") and ref in self.repo.refs:
                return bytes(self.repo.refs[ref])
        if 4 <= len(text) <= 40 and all(c in "0123456789abcdef" for c in text.lower()):
            text = text.lower()
            if len(text) == 40 and text.encode() in self.repo.object_store:
                return text.encode()
            matches = [sha for sha in self._commits_from_heads() if sha.decode().startswith(text)]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise HistoryError(f"commit {revision!r} is ambiguous ({len(matches)} match)")
        raise HistoryError(f"no commit {revision!r} in {self.root}")

    def _commits_from_heads(self) -> set[bytes]:
        seen: set[bytes] = set()
        heads = [self.repo.refs[r] for r in self.repo.refs.keys() if r.startswith(b"refs/heads/")]
        if heads:
            for entry in self.repo.get_walker(include=heads):
                seen.add(entry.commit.id)
        return seen

    def changes(self, sha: bytes) -> tuple[bytes | None, frozenset[str]]:
        """A commit's first parent and the note type folders it changed against it: from
        the index when it has the commit, else from the trees."""
        self._read_index()
        known = self._index.get(sha)
        if known is not None:
            return known
        commit = self._commit(sha)
        parent = commit.parents[0] if commit.parents else None
        mine = self.repo[commit.tree]
        assert isinstance(mine, Tree)
        before: dict[bytes, bytes] = {}
        if parent is not None:
            old = self.repo[self._commit(parent).tree]
            assert isinstance(old, Tree)
            before = {name: item_sha for name, _mode, item_sha in old.items()}
        now = {name: item_sha for name, _mode, item_sha in mine.items()}
        changed = frozenset(
            name.decode("utf-8")
            for name in set(before) | set(now)
            if before.get(name) != now.get(name)
        )
        self._index[sha] = (parent, changed)
        return parent, changed

    def _read_index(self) -> None:
        path = self.root / INDEX_FILE
        try:
            with open(path, "rb") as handle:
                handle.seek(self._index_read)
                data = handle.read()
        except FileNotFoundError:
            return
        complete = data[: data.rfind(b"\n") + 1]  # a line a killed writer cut is skipped
        self._index_read += len(complete)
        for line in complete.splitlines():
            parts = line.split(b" ")
            if len(parts) != 3 or len(parts[0]) != 40:
                continue  # not ours: the trees answer for that commit
            parent = None if parts[1] == b"-" else parts[1]
            folders = frozenset(f for f in parts[2].decode("utf-8", "replace").split("/") if f)
            self._index[parts[0]] = (parent, folders)

    def _append_index(self, sha: bytes, parent: bytes | None, folders: list[str]) -> None:
        line = b"%s %s %s\n" % (sha, parent or b"-", "/".join(folders).encode("utf-8"))
        with open(self.root / INDEX_FILE, "ab") as handle:
            handle.write(line)

    def commit_info(self, sha: bytes) -> CommitInfo:
        return _info(self._commit(sha))

    def _commit(self, sha: bytes) -> Commit:
        obj = self.repo[sha]
        if not isinstance(obj, Commit):
            raise HistoryError(f"{sha.decode()} is not a commit")
        return obj

    def folder_sha(self, commit_sha: bytes | None, folder: str) -> bytes | None:
        """The tree id of note type folder `folder` in a commit (None: not there)."""
        if commit_sha is None:
            return None
        tree = self.repo[self._commit(commit_sha).tree]
        assert isinstance(tree, Tree)
        key = folder.encode("utf-8")
        if key not in tree:
            return None
        return bytes(tree[key][1])

    def folder_files(self, commit_sha: bytes | None, folder: str) -> dict[str, bytes] | None:
        """The files of note type folder `folder` in a commit, `{relative path: bytes}`."""
        sha = self.folder_sha(commit_sha, folder)
        return None if sha is None else self._tree_files(sha, "")

    def folders(self, commit_sha: bytes | None) -> list[str]:
        if commit_sha is None:
            return []
        tree = self.repo[self._commit(commit_sha).tree]
        assert isinstance(tree, Tree)
        return [name.decode("utf-8") for name, _mode, _sha in tree.items()]

    def _tree_files(self, tree_sha: bytes, prefix: str) -> dict[str, bytes]:
        tree = self.repo[tree_sha]
        assert isinstance(tree, Tree)
        files: dict[str, bytes] = {}
        for name, mode, sha in tree.items():
            path = prefix + name.decode("utf-8")
            if mode == TREE_MODE:
                files.update(self._tree_files(sha, path + "/"))
            else:
                blob = self.repo[sha]
                assert isinstance(blob, Blob)
                files[path] = blob.as_raw_string()
        return files

    def walk(self, ref: bytes = MAIN) -> Iterator[Commit]:
        """Commits reachable from `ref`, newest first (first parents only: the branch's own
        line, as `git log --first-parent` shows it)."""
        sha = self.head(ref)
        while sha is not None:
            commit = self._commit(sha)
            yield commit
            sha = commit.parents[0] if commit.parents else None

    def _clear_stale_lock(self, ref: bytes) -> None:
        """Remove the branch's lock file when a killed process left it (git does the same
        by hand: it never clears one itself); a live writer's fresh lock is waited for."""
        lock = self.root / (ref.decode("utf-8") + ".lock")
        try:
            if time.time() - lock.stat().st_mtime > STALE_LOCK_S:
                lock.unlink()
        except FileNotFoundError:
            pass

    # -- writing -------------------------------------------------------------------------

    def _write_tree(self, files: dict[str, bytes]) -> bytes:
        """Store `files` (relative paths) as trees and blobs; the root tree's id."""
        store = self.repo.object_store
        subfolders: dict[str, dict[str, bytes]] = {}
        tree = Tree()
        for path, data in files.items():
            head, sep, rest = path.partition("/")
            if sep:
                subfolders.setdefault(head, {})[rest] = data
                continue
            blob = Blob.from_string(data)
            if blob.id not in store:
                store.add_object(blob)
            tree.add(head.encode("utf-8"), FILE_MODE, blob.id)
        for name, inner in subfolders.items():
            tree.add(name.encode("utf-8"), TREE_MODE, self._write_tree(inner))
        if tree.id not in store:
            store.add_object(tree)
        return bytes(tree.id)

    def commit_folders(
        self,
        changes: dict[str, dict[str, bytes] | None],
        message: str,
        author: str,
        ref: bytes = MAIN,
        extra_parents: tuple[bytes, ...] = (),
        attempts: int = 40,
    ) -> bytes:
        """One commit on `ref` whose tree is the head's with the note type folders in
        `changes` replaced (None removes one). Retried when another writer moved the
        branch meanwhile, so neither commit is lost."""
        for _ in range(attempts):
            parent = self.head(ref)
            root = Tree()
            if parent is not None:
                old = self.repo[self._commit(parent).tree]
                assert isinstance(old, Tree)
                for name, mode, sha in old.items():
                    root.add(name, mode, sha)
            for folder, files in changes.items():
                key = folder.encode("utf-8")
                if files is None:
                    if key in root:
                        del root[key]
                else:
                    root.add(key, TREE_MODE, self._write_tree(files))
            self.repo.object_store.add_object(root)
            commit = Commit()
            commit.tree = root.id
            commit.parents = [*([parent] if parent else []), *extra_parents]
            identity = author.encode("utf-8")
            commit.author = commit.committer = identity
            commit.author_time = commit.commit_time = int(time.time())
            commit.author_timezone = commit.commit_timezone = 0
            commit.encoding = b"UTF-8"
            commit.message = message.encode("utf-8")
            self.repo.object_store.add_object(commit)
            try:
                moved = (
                    self.repo.refs.add_if_new(ref, commit.id)
                    if parent is None
                    else self.repo.refs.set_if_equals(ref, parent, commit.id)
                )
            except FileLocked:
                self._clear_stale_lock(ref)
                time.sleep(0.05)
                continue
            if moved:
                if ref == MAIN and not extra_parents:
                    self._append_index(commit.id, parent, sorted(changes))
                return bytes(commit.id)
        raise HistoryError(
            f"{self.root}: the branch kept moving or stayed locked by another writer; "
            "the commit was not made"
        )
