"""A note type as files, and back: the one layout export, history, backup and sync share.

    <note type folder>/
        notetype.json          everything but the templates and the CSS (see below)
        style.css              the note type's CSS, exactly
        cards/<card type>/front.html, back.html   each card type's templates, exactly

`notetype_to_files` gives `{relative path: bytes}` (paths with ``/``), ready for a folder,
a git tree or backup objects; `notetype_from_files` reads them back. Template and CSS
files hold the text byte for byte (UTF-8, no newline translation). ``notetype.json``
holds the rest of Anki's note type dict, keys sorted, with ``kind`` (normal or cloze),
and each card type's folder name beside its name; it leaves out what the collection
changes on its own (``mod``, ``usn``), so exporting, importing and exporting again gives
the same bytes. Folder names come from `names.file_name_for`.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from .names import file_name_for

NOTETYPE_FILE = "notetype.json"
CSS_FILE = "style.css"
CARDS_FOLDER = "cards"
SIDES = {"front.html": "qfmt", "back.html": "afmt"}
VOLATILE_KEYS = ("mod", "usn")
LAYOUT_VERSION = 1
KINDS = {0: "normal", 1: "cloze"}


class LayoutError(ValueError):
    """Files that are not a note type in our layout; the message names the file and why."""


def card_folder_names(names: list[str]) -> list[str]:
    """Folder names for card types, in order; a clash (Anki refuses duplicate card type
    names, but an edited notetype.json may not) gets the card type's position appended."""
    folders: list[str] = []
    taken: set[str] = set()
    for index, name in enumerate(names):
        folder = file_name_for(name)
        if folder.lower() in taken:
            folder = f"{folder}~~{index}"
        taken.add(folder.lower())
        folders.append(folder)
    return folders


def notetype_to_files(notetype: dict[str, Any]) -> dict[str, bytes]:
    meta = copy.deepcopy({k: v for k, v in notetype.items() if k not in VOLATILE_KEYS})
    css = meta.pop("css", "")
    templates = meta.pop("tmpls", [])
    folders = card_folder_names([str(t.get("name", "")) for t in templates])
    files: dict[str, bytes] = {CSS_FILE: str(css).encode("utf-8")}
    card_types = []
    for template, folder in zip(templates, folders, strict=True):
        card_meta = {k: v for k, v in template.items() if k not in SIDES.values()}
        card_types.append({"folder": folder, **card_meta})
        for file_name, key in SIDES.items():
            files[f"{CARDS_FOLDER}/{folder}/{file_name}"] = str(template.get(key, "")).encode(
                "utf-8"
            )
    meta["tmpls"] = card_types
    meta["kind"] = KINDS.get(int(meta.get("type", 0)), "normal")
    meta["layout"] = LAYOUT_VERSION
    text = json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    files[NOTETYPE_FILE] = text.encode("utf-8")
    return files


def _text(files: dict[str, bytes], path: str) -> str:
    if path not in files:
        raise LayoutError(f"{path}: missing")
    try:
        return files[path].decode("utf-8")
    except UnicodeDecodeError as error:
        raise LayoutError(f"{path}: not UTF-8 text (byte {error.start})") from error


def notetype_from_files(files: dict[str, bytes]) -> dict[str, Any]:
    """The note type dict the files describe (``mod``/``usn`` are left to the collection)."""
    try:
        meta = json.loads(_text(files, NOTETYPE_FILE))
    except json.JSONDecodeError as error:
        raise LayoutError(
            f"{NOTETYPE_FILE}: not JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from error
    if not isinstance(meta, dict):
        raise LayoutError(f"{NOTETYPE_FILE}: not a JSON object")
    for key, kind in (("name", str), ("tmpls", list), ("flds", list)):
        if not isinstance(meta.get(key), kind):
            raise LayoutError(f"{NOTETYPE_FILE}: field {key!r} missing or not a {kind.__name__}")
    if meta.pop("layout", LAYOUT_VERSION) != LAYOUT_VERSION:
        raise LayoutError(f"{NOTETYPE_FILE}: written by a newer version of the designer")
    meta.pop("kind", None)
    templates = []
    for index, card_meta in enumerate(meta["tmpls"]):
        if not isinstance(card_meta, dict) or not isinstance(card_meta.get("folder"), str):
            raise LayoutError(f"{NOTETYPE_FILE}: card type {index + 1} has no folder")
        template = {k: v for k, v in card_meta.items() if k != "folder"}
        for file_name, key in SIDES.items():
            template[key] = _text(files, f"{CARDS_FOLDER}/{card_meta['folder']}/{file_name}")
        templates.append(template)
    meta["tmpls"] = templates
    meta["css"] = _text(files, CSS_FILE)
    return meta
