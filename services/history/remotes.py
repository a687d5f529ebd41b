"""Push and pull the history repository to a git remote the user picks: a path, or an
HTTP(S), SSH or git:// server, through dulwich's clients (no git program needed).

A sync fetches the remote's branches and labels, brings each shared branch (main,
upstream) together with the remote's, and, when pushing, sends what the remote lacks:

* One side ahead of the other: a fast-forward (nothing to merge).
* Both moved: a merge commit with both as parents; each note type folder that changed on
  both sides merges three-way against the merge base (`merge_files`: templates by lines,
  the CSS rule by rule, notetype.json key by key). Overlapping changes are conflicts,
  keyed ``<note type id>/<key>``; until each has a choice nothing moves here or there.
  A note type deleted on one side and edited on the other keeps the edit.
* The remote moved between our fetch and our push (someone pushed meanwhile): the push
  is not sent (a stale remote branch is never overwritten, whatever the server allows);
  we fetch again and merge again, a few times.
* "Try on a branch" branches and labels travel when the other side lacks them or is
  behind; a branch that diverged is left as it is on each side and named.

Credentials (user name and password or token, for HTTP(S)) go to the client only: URLs
are shown without them and errors never repeat them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..._vendor.dulwich.client import HTTPUnauthorized, get_transport_and_path
from ..._vendor.dulwich.errors import GitProtocolError, HangupException
from ..._vendor.dulwich.graph import can_fast_forward, find_merge_base
from ..._vendor.dulwich.repo import Repo
from .git_store import MAIN, UPSTREAM, GitStore, HistoryError
from .merge import Conflict, merge_files

SHARED = (MAIN, UPSTREAM)
HEADS, TAGS = b"refs/heads/", b"refs/tags/"
TRACKING = b"refs/remotes/origin/"
ATTEMPTS = 4  # fetch, merge, push again when someone pushed in between


class RemoteError(HistoryError):
    """The remote could not be reached, refused us, or answered nonsense."""


class _RemoteMoved(Exception):
    """The remote's branch is no longer what we merged with."""


@dataclass(frozen=True)
class Credentials:
    username: str | None = None
    password: str | None = field(default=None, repr=False)


@dataclass
class SyncResult:
    remote: str  # the URL without credentials
    changed: list[int] = field(default_factory=list)  # note types whose main version moved here
    merged: list[str] = field(default_factory=list)  # "<note type id>/<file>" merged by itself
    conflicts: list[tuple[int, Conflict]] = field(default_factory=list)
    pushed: list[str] = field(default_factory=list)  # remote refs we updated
    kept_apart: list[str] = field(default_factory=list)  # branches diverged on each side

    @property
    def conflict_keys(self) -> list[str]:
        return [f"{nid}/{c.key}" for nid, c in self.conflicts]


def shown(url: str) -> str:
    """`url` without a user name or password in it."""
    parts = urlsplit(url)
    if parts.scheme and "@" in parts.netloc:
        return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
    return url


def local_folder(url: str) -> Path | None:
    """The folder of a path remote (a plain path or ``file://``), else None."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        return Path(parts.path)
    if not parts.scheme or (len(parts.scheme) == 1 and url[1:3] in (":\\", ":/")):
        return Path(url)  # a POSIX path, or a Windows one with its drive letter
    return None


def _prepare(url: str) -> None:
    """A path remote that does not exist yet (or is an empty folder) becomes a bare
    repository; anything else there is refused rather than written into."""
    folder = local_folder(url)
    if folder is None:
        return
    if folder.is_dir() and (folder / "HEAD").is_file():
        return
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise RemoteError(f"{folder} is not a git repository (and not empty): pick another")
    folder.mkdir(parents=True, exist_ok=True)
    Repo.init_bare(str(folder), default_branch=b"main").close()


def _client(url: str, credentials: Credentials, operation: str) -> tuple[Any, str]:
    try:
        client, path = get_transport_and_path(
            url,
            operation=operation,
            quiet=True,
            username=credentials.username,
            password=credentials.password,
        )
        return client, path
    except ValueError as error:
        raise RemoteError(f"{shown(url)} is not a git remote this add-on can reach") from error


def _talking(url: str, work: Callable[[], Any]) -> Any:
    """Run one exchange with the remote, its failures as RemoteError without secrets."""
    try:
        return work()
    except HTTPUnauthorized as error:
        raise RemoteError(f"{shown(url)} refused the credentials (HTTP 401)") from error
    except (GitProtocolError, HangupException, OSError) as error:
        reason = str(error).replace(url, shown(url)) or type(error).__name__
        raise RemoteError(f"{shown(url)}: {reason}") from error


def fetch(store: GitStore, url: str, credentials: Credentials) -> dict[bytes, bytes]:
    """Every object of the remote's branches and labels into `store`; their refs (the
    branches also kept as ``refs/remotes/origin/<name>``)."""
    client, path = _client(url, credentials, "pull")

    def wanted(refs: dict[bytes, bytes], depth: int | None = None) -> list[bytes]:
        return [sha for ref, sha in refs.items() if ref.startswith((HEADS, TAGS)) and sha]

    result = _talking(url, lambda: client.fetch(path, store.repo, determine_wants=wanted))
    refs = {
        bytes(ref): bytes(sha)
        for ref, sha in (result.refs or {}).items()
        if sha and ref.startswith((HEADS, TAGS)) and not ref.endswith(b"^{}")
    }
    for ref, sha in refs.items():
        if ref.startswith(HEADS):
            store.repo.refs[TRACKING + ref[len(HEADS) :]] = sha
    return refs


def _ahead(store: GitStore, old: bytes, new: bytes) -> bool:
    """`new` contains `old` (moving from old to new loses nothing)."""
    try:
        return bool(can_fast_forward(store.repo, old, new))
    except KeyError:
        return False


def _changed_folders(store: GitStore, old: bytes | None, new: bytes | None) -> list[str]:
    before = set(store.folders(old))
    return sorted(
        f
        for f in before | set(store.folders(new))
        if store.folder_sha(old, f) != store.folder_sha(new, f)
    )


def _merge_folders(
    store: GitStore, ours: bytes, theirs: bytes, choices: dict[str, str], result: SyncResult
) -> dict[str, dict[str, bytes] | None]:
    """The folders of a merge of `theirs` into `ours` that differ from ours, with merged
    and conflicting keys added to `result`."""
    bases = find_merge_base(store.repo, [ours, theirs])
    base = bases[0] if bases else None
    changes: dict[str, dict[str, bytes] | None] = {}
    for folder in _changed_folders(store, ours, theirs):
        b = store.folder_sha(base, folder)
        o, t = store.folder_sha(ours, folder), store.folder_sha(theirs, folder)
        if t == b:
            continue  # only we changed it
        if o == b:
            changes[folder] = store.folder_files(theirs, folder)
            continue
        mine, yours = store.folder_files(ours, folder), store.folder_files(theirs, folder)
        if mine is None or yours is None:  # deleted on one side, edited on the other
            changes[folder] = mine if yours is None else yours
            continue
        prefix = f"{folder}/"
        own = {k[len(prefix) :]: v for k, v in choices.items() if k.startswith(prefix)}
        merged = merge_files(store.folder_files(base, folder) or {}, mine, yours, own)
        result.merged.extend(prefix + key for key in merged.merged)
        result.conflicts.extend((int(folder), c) for c in merged.conflicts)
        if merged.files != mine:
            changes[folder] = merged.files
    return changes


def _bring_together(
    store: GitStore,
    ref: bytes,
    theirs: bytes | None,
    choices: dict[str, str],
    author: str,
    result: SyncResult,
) -> None:
    """Move local `ref` so it contains the remote's `theirs` (fast-forward or merge)."""
    ours = store.head(ref)
    if theirs is None or ours == theirs or (ours is not None and _ahead(store, theirs, ours)):
        return
    if ours is None or _ahead(store, ours, theirs):
        moved = (
            store.repo.refs.add_if_new(ref, theirs)
            if ours is None
            else store.repo.refs.set_if_equals(ref, ours, theirs)
        )
        if not moved:
            raise HistoryError(f"{ref.decode()} moved here during the sync; sync again")
        return
    before = len(result.conflicts)
    changes = _merge_folders(store, ours, theirs, choices, result)
    if len(result.conflicts) > before:
        return  # nothing moves until every overlap has a choice
    name = ref[len(HEADS) :].decode()
    message = f"Merge {name} from {result.remote}\n\n" + (
        "Merged: " + ", ".join(sorted(changes)) if changes else "Nothing to merge by hand."
    )
    store.commit_folders(changes, message, author, ref=ref, extra_parents=(theirs,))


def _side_refs(
    store: GitStore, remote: dict[bytes, bytes], result: SyncResult
) -> dict[bytes, bytes]:
    """Branches and labels other than main and upstream: take the remote's where we lack
    them or are behind; ours to push where the remote lacks them or is behind."""
    to_push: dict[bytes, bytes] = {}
    local = {bytes(r): bytes(store.repo.refs[r]) for r in store.repo.refs.keys()}
    for ref in sorted((set(remote) | set(local)) - set(SHARED)):
        if not ref.startswith((HEADS, TAGS)):
            continue
        theirs, ours = remote.get(ref), local.get(ref)
        if ours == theirs:
            continue
        if ours is None and theirs is not None:
            store.repo.refs.add_if_new(ref, theirs)
        elif theirs is None and ours is not None:
            to_push[ref] = ours
        elif ref.startswith(HEADS) and ours and theirs and _ahead(store, ours, theirs):
            store.repo.refs.set_if_equals(ref, ours, theirs)
        elif ref.startswith(HEADS) and ours and theirs and _ahead(store, theirs, ours):
            to_push[ref] = ours
        else:
            result.kept_apart.append(ref.decode())
    return to_push


def _send(
    store: GitStore,
    url: str,
    credentials: Credentials,
    expected: dict[bytes, bytes | None],
    updates: dict[bytes, bytes],
) -> None:
    """Set the remote's refs to `updates`, only while each is still `expected`."""
    client, path = _client(url, credentials, "push")

    def update_refs(current: dict[bytes, bytes]) -> dict[bytes, bytes]:
        for ref in updates:
            if current.get(ref) != expected.get(ref):
                raise _RemoteMoved(ref)
        return dict(updates)

    answer = _talking(
        url,
        lambda: client.send_pack(
            path.encode() if isinstance(path, str) else path,
            update_refs,
            generate_pack_data=store.repo.generate_pack_data,
        ),
    )
    refused = {ref: why for ref, why in (answer.ref_status or {}).items() if why}
    if refused:
        named = ", ".join(f"{r.decode()} ({why})" for r, why in refused.items())
        raise RemoteError(f"{shown(url)} refused {named}")


def sync(
    store: GitStore,
    url: str,
    author: str,
    credentials: Credentials | None = None,
    *,
    push: bool = True,
    choices: dict[str, str] | None = None,
) -> SyncResult:
    """Pull (and with `push`, push) the history. `choices` decide conflicts by their
    ``<note type id>/<key>`` ("ours" or "theirs"). With conflicts left, nothing moved."""
    credentials = credentials or Credentials()
    choices = choices or {}
    _prepare(url)
    start = store.head(MAIN)
    for _attempt in range(ATTEMPTS):
        result = SyncResult(remote=shown(url))
        remote = fetch(store, url, credentials)
        for ref in SHARED:
            _bring_together(store, ref, remote.get(ref), choices, author, result)
        if result.conflicts:
            return result
        side = _side_refs(store, remote, result)
        result.changed = [int(f) for f in _changed_folders(store, start, store.head(MAIN))]
        if not push:
            return result
        updates = dict(side)
        for ref in SHARED:
            head = store.head(ref)
            if head is not None and head != remote.get(ref):
                updates[ref] = head
        if not updates:
            return result
        try:
            _send(store, url, credentials, {r: remote.get(r) for r in updates}, updates)
        except _RemoteMoved:
            continue
        result.pushed = sorted(ref.decode() for ref in updates)
        return result
    raise RemoteError(f"{shown(url)} kept changing during the sync; try again")
