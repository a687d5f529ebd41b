"""Labels on history commits ("before the redesign"), stored as annotated git tags.

A label's text is free (spaces, emoji, slashes), which a git ref name cannot be, so the
tag's ref is a slug of the text plus the first characters of the commit id and the text
itself is the tag object's message: `git tag -n` shows it and `git checkout <slug>` works.
Labels are read back from the tag objects, never from the ref names.
"""

from __future__ import annotations

import re
import time

from ..._vendor.dulwich.objects import Commit, Tag
from .git_store import GitStore, HistoryError

TAGS = b"refs/tags/"
MAX_LABEL = 120
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")  # no dots: "..", ".lock" never form


def _clean(text: str) -> str:
    label = " ".join(text.split())
    if not label:
        raise HistoryError("a label needs some text")
    if len(label) > MAX_LABEL:
        raise HistoryError(f"a label is at most {MAX_LABEL} characters")
    return label


def _ref(label: str, sha: bytes) -> bytes:
    slug = _UNSAFE.sub("-", label).strip("-")[:40].rstrip("-") or "label"
    return TAGS + f"{slug}-{sha[:8].decode('ascii')}".encode("ascii")


def add_label(store: GitStore, revision: str, text: str, author: str) -> str:
    """Labels the commit `revision`; the same text twice on one commit is one label."""
    label, sha = _clean(text), store.resolve(revision)
    if label in labels(store).get(sha.decode("ascii"), []):
        return label
    ref, suffix = _ref(label, sha), 1
    while ref + _suffix(suffix) in store.repo.refs:
        suffix += 1  # another label's slug clashed: both are kept
    tag = Tag()
    tag.object = (Commit, sha)
    tag.name = (ref + _suffix(suffix))[len(TAGS) :]
    tag.tagger = author.encode("utf-8")
    tag.tag_time = int(time.time())
    tag.tag_timezone = 0
    tag.message = label.encode("utf-8") + b"\n"
    store.repo.object_store.add_object(tag)
    if not store.repo.refs.add_if_new(TAGS + tag.name, tag.id):
        raise HistoryError(f"another writer labelled {revision!r} at the same time; try again")
    return label


def _suffix(n: int) -> bytes:
    return b"-%d" % n if n > 1 else b""


def remove_label(store: GitStore, revision: str, text: str) -> bool:
    """Removes the label `text` from the commit `revision`; False when it had none."""
    label, sha = _clean(text), store.resolve(revision)
    for ref, (target, name) in _tags(store).items():
        if target == sha and name == label:
            store.repo.refs.remove_if_equals(ref, store.repo.refs[ref])
            return True
    return False


def labels(store: GitStore) -> dict[str, list[str]]:
    """Every labelled commit id and its labels, sorted."""
    found: dict[str, list[str]] = {}
    for target, name in _tags(store).values():
        found.setdefault(target.decode("ascii"), []).append(name)
    return {sha: sorted(names) for sha, names in found.items()}


def _tags(store: GitStore) -> dict[bytes, tuple[bytes, str]]:
    result: dict[bytes, tuple[bytes, str]] = {}
    for ref in store.repo.refs.keys(base=TAGS):
        full = TAGS + ref
        try:
            obj = store.repo[store.repo.refs[full]]
        except KeyError:
            continue
        if isinstance(obj, Tag):  # ours, or an annotated tag made with git
            target, name = obj.object[1], obj.message.decode("utf-8", "replace").strip()
        elif isinstance(obj, Commit):  # a lightweight git tag: its name is the label
            target, name = obj.id, ref.decode("utf-8", "replace")
        else:
            continue
        result[full] = (bytes(target), name)
    return result
