"""Three-way merges of a note type's files: templates by lines, the CSS rule by rule,
``notetype.json`` key by key.

Used for upstream updates: base = the last upstream version, ours = the user's version,
theirs = the new upstream version. A change only one side made is taken; the same change
on both sides is taken once; different changes to the same lines, rule or key are a
`Conflict`, named, and resolved only by the caller's choice (``ours`` or ``theirs``);
until then the result holds ours there and the conflict stays listed. Nothing is dropped
silently.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..notetype_files.layout import CSS_FILE, NOTETYPE_FILE

OURS = "ours"
THEIRS = "theirs"


@dataclass(frozen=True)
class Conflict:
    key: str  # what a choice names: a path, "style.css <selector>" or "notetype.json <key>"
    base: str | None
    ours: str | None
    theirs: str | None


@dataclass
class MergeResult:
    files: dict[str, bytes]
    conflicts: list[Conflict] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)  # keys both sides changed, merged clean


def _hunks(base: list[str], other: list[str]) -> list[tuple[int, int, list[str]]]:
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    return [
        (i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    ]


def merge_lines(base: str, ours: str, theirs: str, prefer: str | None) -> tuple[str, bool, bool]:
    """Lines of `base` changed as both sides changed them: (text, conflicted, resolved).
    An overlap takes `prefer`'s side (ours when None, and then it is unresolved)."""
    b = base.splitlines(keepends=True)
    changes = [(s, e, lines, OURS) for s, e, lines in _hunks(b, ours.splitlines(True))]
    changes += [(s, e, lines, THEIRS) for s, e, lines in _hunks(b, theirs.splitlines(True))]
    changes.sort(key=lambda c: (c[0], c[1]))
    out: list[str] = []
    position = 0
    conflicted = False
    index = 0
    while index < len(changes):
        start, end = changes[index][0], changes[index][1]
        group = [changes[index]]
        index += 1
        while index < len(changes) and (
            changes[index][0] < end or (changes[index][0] == start == end == changes[index][1])
        ):
            end = max(end, changes[index][1])
            group.append(changes[index])
            index += 1
        out.extend(b[position:start])
        sides = {c[3] for c in group}
        if len(sides) == 1:
            for c in group:
                out.extend(c[2])
        else:
            versions: dict[str, list[str]] = {}
            for name in (OURS, THEIRS):
                chosen = [c for c in group if c[3] == name]
                text: list[str] = []
                cursor = start
                for s, e, new_lines, _ in chosen:
                    text.extend(b[cursor:s])
                    text.extend(new_lines)
                    cursor = e
                text.extend(b[cursor:end])
                versions[name] = text
            if versions[OURS] != versions[THEIRS]:
                conflicted = True
            out.extend(versions[prefer or OURS])
        position = end
    out.extend(b[position:])
    return "".join(out), conflicted, prefer is not None


_RULE_END = re.compile(r"[{}]")


def css_rules(css: str) -> list[tuple[str, str]]:
    """Top-level CSS split into (key, text) chunks; the key is the selector or at-rule
    prelude (a repeated one gets ``#2``...), text before a rule belongs to it, and text
    after the last rule is the chunk keyed ``(end)``."""
    chunks: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    start = 0
    depth = 0
    position = 0
    in_comment = False
    while position < len(css):
        if in_comment:
            close = css.find("*/", position)
            position = len(css) if close < 0 else close + 2
            in_comment = False
            continue
        if css.startswith("/*", position):
            in_comment = True
            position += 2
            continue
        char = css[position]
        if char == "{":
            depth += 1
        elif char == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                text = css[start : position + 1]
                prelude = re.sub(r"/\*.*?\*/", "", text.split("{", 1)[0], flags=re.S)
                key = " ".join(prelude.split())
                seen[key] = seen.get(key, 0) + 1
                if seen[key] > 1:
                    key = f"{key}#{seen[key]}"
                chunks.append((key, text))
                start = position + 1
        position += 1
    if start < len(css):
        chunks.append(("(end)", css[start:]))
    return chunks


def _pick(key: str, b: Any, o: Any, t: Any, choices: dict[str, str], result: MergeResult) -> Any:
    """The merged value of one key, recording a conflict (unresolved or chosen)."""
    if o == b:
        return t
    if t == b or o == t:
        return o
    choice = choices.get(key)
    if choice is None:
        result.conflicts.append(Conflict(key, _text(b), _text(o), _text(t)))
        return o
    return t if choice == THEIRS else o


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)


def merge_css(
    base: str, ours: str, theirs: str, choices: dict[str, str], result: MergeResult
) -> str:
    b, o, t = dict(css_rules(base)), dict(css_rules(ours)), dict(css_rules(theirs))
    order = [k for k, _ in css_rules(theirs)]
    for key, _ in css_rules(ours):  # rules the user added go after the rule they followed
        if key not in order:
            order.append(key)
    if "(end)" in order:
        order.remove("(end)")
        order.append("(end)")
    out = []
    for key in order:
        value = _pick(f"{CSS_FILE} {key}", b.get(key), o.get(key), t.get(key), choices, result)
        if value is not None:
            out.append(value)
    return "".join(out)


def merge_meta(
    base: bytes, ours: bytes, theirs: bytes, choices: dict[str, str], result: MergeResult
) -> bytes:
    b, o, t = (json.loads(x.decode("utf-8")) for x in (base, ours, theirs))
    merged: dict[str, Any] = {}
    for key in [*t, *(k for k in o if k not in t)]:
        value = _pick(f"{NOTETYPE_FILE} {key}", b.get(key), o.get(key), t.get(key), choices, result)
        if value is not None:
            merged[key] = value
    return (json.dumps(merged, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def merge_files(
    base: dict[str, bytes],
    ours: dict[str, bytes],
    theirs: dict[str, bytes],
    choices: dict[str, str] | None = None,
) -> MergeResult:
    """Three-way merge of two versions of one note type's files against their base."""
    choices = choices or {}
    result = MergeResult(files={})
    for path in sorted(set(base) | set(ours) | set(theirs)):
        b, o, t = base.get(path), ours.get(path), theirs.get(path)
        if b is None or o is None or t is None:
            value = _pick(path, b, o, t, choices, result)
        elif o == b or t == b or o == t:
            value = t if o == b else o
        elif path == CSS_FILE:
            value = merge_css(b.decode(), o.decode(), t.decode(), choices, result).encode()
            result.merged.append(path)
        elif path == NOTETYPE_FILE:
            value = merge_meta(b, o, t, choices, result)
            result.merged.append(path)
        else:
            text, conflicted, _ = merge_lines(b.decode(), o.decode(), t.decode(), choices.get(path))
            if conflicted and path not in choices:
                result.conflicts.append(Conflict(path, b.decode(), o.decode(), t.decode()))
            elif not conflicted:
                result.merged.append(path)
            value = text.encode()
        if value is not None:
            result.files[path] = value
    return result
