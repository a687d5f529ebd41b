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


def _with_flag(data, name, bit):
    """Set a general-purpose flag bit of entry `name` in both of its zip headers (zipfile
    clears the flags when writing, so an 'encrypted' entry has to be forged)."""
    data = bytearray(data)
    encoded = name.encode("utf-8")
    for signature, flag_at, length_at, name_at in (
        (b"PK\x03\x04", 6, 26, 30),
        (b"PK\x01\x02", 8, 28, 46),
    ):
        start = data.find(signature)
        while start >= 0:
            length = int.from_bytes(data[start + length_at : start + length_at + 2], "little")
            if bytes(data[start + name_at : start + name_at + length]) == encoded:
                flags = int.from_bytes(data[start + flag_at : start + flag_at + 2], "little")
                data[start + flag_at : start + flag_at + 2] = (flags | bit).to_bytes(2, "little")
            start = data.find(signature, start + 1)
    return bytes(data)


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
            archive.writestr(info, data)
    data = buffer.getvalue()
    for name in encrypted:
        data = _with_flag(data, name, 0x1)
    return data


def preset_json_bytes(data):
    return json.dumps(data).encode("utf-8")


def notetype_for(col, preset, name=None):
    """A saved note type with exactly the preset's fields and card types (placeholder
    templates), for applying the preset to it."""
    models = col.models
    notetype = models.new(name or f"{preset.name} (test)")
    cloze = preset.kind == "design" and preset.design.note_kind == "cloze"
    if cloze:
        notetype["type"] = 1
    for field in preset.fields:
        models.add_field(notetype, models.new_field(field))
    card_types = preset.design.card_types if preset.kind == "design" else ()
    for index, card_type in enumerate(card_types or [None]):
        template = models.new_template(card_type.name if card_type else "Card 1")
        field = preset.fields[index % len(preset.fields)]
        template["qfmt"] = f"{{{{cloze:{field}}}}}" if cloze else f"{{{{{field}}}}}"
        template["afmt"] = template["qfmt"]
        models.add_template(notetype, template)
    models.add(notetype)
    return models.by_name(notetype["name"])
