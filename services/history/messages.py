"""Commit messages that say what changed: "Vocabulary: Card 2 back, styling".

The first line names the note type and the parts that changed, in the words of Anki's
Card Types screen (card type names, front/back, styling, fields); the body says why the
commit was made and which profile made it, as git trailers other tools can read.
"""

from __future__ import annotations

import json
from typing import Any

from ..notetype_files.layout import CARDS_FOLDER, CSS_FILE, NOTETYPE_FILE

REASONS = {
    "save": "saved in the designer",
    "outside": "changed outside the designer",
    "snapshot": "snapshot of the collection",
    "restore": "restored a past version",
    "upstream": "new upstream version",
    "merge": "upstream version merged with your changes",
    "switch": "switched branch",
    "branch-merge": "branch merged",
}
_REASON_KEYS = {text: key for key, text in REASONS.items()}
SIDE_WORDS = {"front.html": "front", "back.html": "back"}


def _meta(files: dict[str, bytes] | None) -> dict[str, Any]:
    if not files or NOTETYPE_FILE not in files:
        return {}
    try:
        meta = json.loads(files[NOTETYPE_FILE].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _card_names(meta: dict[str, Any]) -> dict[str, str]:
    return {
        str(t.get("folder")): str(t.get("name"))
        for t in meta.get("tmpls", [])
        if isinstance(t, dict)
    }


def describe_change(old: dict[str, bytes] | None, new: dict[str, bytes]) -> list[str]:
    """The parts that differ between two versions of one note type's files, in order."""
    if old is None:
        return ["first version"]
    old_meta, new_meta = _meta(old), _meta(new)
    parts: list[str] = []
    if old_meta.get("name") != new_meta.get("name"):
        parts.append(f"renamed from {old_meta.get('name')}")
    names = {**_card_names(old_meta), **_card_names(new_meta)}
    old_cards, new_cards = set(_card_names(old_meta)), set(_card_names(new_meta))
    for folder in sorted(new_cards - old_cards):
        parts.append(f"{names[folder]} added")
    for folder in sorted(old_cards - new_cards):
        parts.append(f"{names[folder]} removed")
    for path in sorted(set(old) | set(new)):
        if old.get(path) == new.get(path) or path in (CSS_FILE, NOTETYPE_FILE):
            continue
        folder, _, side = path.removeprefix(CARDS_FOLDER + "/").partition("/")
        if folder in new_cards ^ old_cards:
            continue
        parts.append(f"{names.get(folder, folder)} {SIDE_WORDS.get(side, side)}")
    if old.get(CSS_FILE) != new.get(CSS_FILE):
        parts.append("styling")
    old_fields = [f.get("name") for f in old_meta.get("flds", []) if isinstance(f, dict)]
    new_fields = [f.get("name") for f in new_meta.get("flds", []) if isinstance(f, dict)]
    if old_fields != new_fields:
        parts.append("fields")
    if not parts and old.get(NOTETYPE_FILE) != new.get(NOTETYPE_FILE):
        parts.append("options")
    return parts


def commit_message(
    name: str, parts: list[str], reason: str, profile: str, notetype_id: int, note: str = ""
) -> str:
    summary = f"{name}: {', '.join(parts) or 'no change'}"
    if reason in ("outside", "restore", "upstream", "merge", "switch", "branch-merge"):
        summary += f" ({note or REASONS[reason]})"
    body = [
        f"Reason: {REASONS.get(reason, reason)}",
        f"Profile: {profile}",
        f"Note-type-id: {notetype_id}",
    ]
    return summary + "\n\n" + "\n".join(body) + "\n"


def reason_of(message: str) -> str | None:
    """The reason key ("save", "outside", ...) of one of our commit messages, else None."""
    for line in reversed(message.splitlines()):
        if line.startswith("Reason: "):
            return _REASON_KEYS.get(line[len("Reason: ") :].strip())
    return None
