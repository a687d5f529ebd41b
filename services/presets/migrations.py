"""Older preset schemas, brought up to the current one step by step.

Every preset carries `"schema": N`. Reading one checks it against the schema of *its*
version first (so a problem is reported at the path the file really has), then runs the
steps N → N+1 → ... → current. Nothing is written back while reading: a migrated preset
is stored in the current schema the next time it is saved.

Schema 1 used Anki's own key names, the shape of a note type dict (`type`, `flds`,
`tmpls` with `qfmt`/`afmt`); theme variables were flat (`vars`, `nightVars`) and a
snippet's text was `html`. Schema 2 (current) is described in docs/presets.md.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from .model import FORMAT_NAME
from .template_fields import referenced_fields

Step = Callable[[dict[str, Any], str], dict[str, Any]]
ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def _v1_to_v2(old: dict[str, Any], now: str) -> dict[str, Any]:
    kind = old["kind"]
    preset_id = old.get("id")
    new: dict[str, Any] = {
        "format": FORMAT_NAME,
        "schema": 2,
        "id": preset_id if isinstance(preset_id, str) and ID.match(preset_id) else uuid.uuid4().hex,
        "kind": kind,
        "name": " ".join(str(old["name"]).split()),
        "description": old.get("description", ""),
        "revision": 1,
        "created": now,
        "modified": now,
    }
    if kind == "design":
        cloze = old.get("type") == 1
        card_types = [
            {
                "name": " ".join(t["name"].split()) or f"Card {index + 1}",
                "front": t["qfmt"],
                "back": t["afmt"],
            }
            for index, t in enumerate(old["tmpls"])
        ]
        new["design"] = {
            "noteKind": "cloze" if cloze else "standard",
            "cardTypes": card_types,
            "css": old.get("css", ""),
        }
        texts = [text for c in card_types for text in (c["front"], c["back"])]
        listed = [f["name"] for f in old.get("flds", [])]
        used = referenced_fields(texts, cloze=cloze)
        new["fields"] = [*listed, *(f for f in used if f not in listed)]
    elif kind == "theme":
        new["theme"] = {"vars": {"light": old["vars"], "night": old.get("nightVars", {})}}
        new["fields"] = []
    else:
        new["snippet"] = {"template": old["html"], "css": old.get("css", "")}
        new["fields"] = referenced_fields([old["html"]], cloze=True)
    return new


#: STEPS[n] turns a schema-n preset into a schema-(n+1) one.
STEPS: dict[int, Step] = {1: _v1_to_v2}
CURRENT = 2
OLDEST = min(STEPS)


def migrate(data: dict[str, Any], now: str) -> dict[str, Any]:
    """Bring a preset valid in its own schema version up to the current version."""
    version = data["schema"]
    while version < CURRENT:
        data = STEPS[version](data, now)
        version += 1
    return data
