"""Helpers for the preset tests: sample note types, presets and hand-made zip files."""

import io
import json
import zipfile

from anki_template_designer.services.presets.model import (
    CardTypeTemplates,
    Design,
    Preset,
    Snippet,
    Theme,
)

STAMP = "2026-01-01T00:00:00Z"
BASIC_LIKE = {
    "id": 1,
    "name": "Sample",
    "type": 0,
    "css": ".card { color: black; }\n",
    "flds": [{"name": "Question"}, {"name": "Answer"}, {"name": "Notes"}],
    "tmpls": [
        {
            "name": "Forward",
            "ord": 0,
            "qfmt": "{{Question}}",
            "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}",
        }
    ],
}


def design_preset(name="Sample design", **changes):
    preset = Preset(
        id="new",
        kind="design",
        name=name,
        body=Design(
            "standard",
            (CardTypeTemplates("Card 1", "{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"),),
            ".card { color: var(--atd-fg); }\n",
        ),
        fields=("Front", "Back"),
        created=STAMP,
        modified=STAMP,
    )
    return preset.with_changes(**changes)


def theme_preset(name="Sample theme"):
    return Preset(
        id="new",
        kind="theme",
        name=name,
        body=Theme({"--atd-fg": "#111111", "--atd-bg": "#fefefe"}, {"--atd-fg": "#eeeeee"}),
        created=STAMP,
        modified=STAMP,
    )


def snippet_preset(name="Sample snippet", template='<div class="x">{{Hint}}</div>', css=""):
    return Preset(
        id="new",
        kind="snippet",
        name=name,
        body=Snippet(template, css),
        fields=("Hint",),
        created=STAMP,
        modified=STAMP,
    )


def valid_json(**changes):
    """A schema-2 design preset as JSON, with top-level keys changed."""
    data = design_preset().with_changes(id="0123456789abcdef0123456789abcdef").to_json()
    data.update(changes)
    return data


def zip_bytes(entries, *, symlinks=(), encrypted=()):
    """A zip with `entries` {name: bytes}; names in `symlinks` are marked as links,
    names in `encrypted` carry the encryption flag."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in symlinks:
                info.create_system = 3
                info.external_attr = 0o120777 << 16
            if name in encrypted:
                info.flag_bits |= 0x1
            archive.writestr(info, data)
    return buffer.getvalue()


def preset_json_bytes(data):
    return json.dumps(data).encode("utf-8")
