"""Parameter schemas shared by bridge methods (ours and plugins')."""

from __future__ import annotations

from typing import Any

#: A draft: the whole note type dict as the page holds it.
NOTETYPE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "type": {"type": "integer"},
        "css": {"type": "string"},
        "tmpls": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "qfmt": {"type": "string"},
                    "afmt": {"type": "string"},
                    "ord": {"type": ["integer", "null"]},
                },
                "required": ["name", "qfmt", "afmt"],
            },
        },
        "flds": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["id", "name", "type", "css", "tmpls", "flds"],
}
