"""Every preset is checked here, on every read and every write.

Two layers, both reporting `Problem(path, message)` through `services/validation.py`:
the JSON Schema of the preset's schema version (`preset.schema.json`, draft 2020-12; older
versions have their own file) and the rules a schema cannot say (names unique, every
field the templates use is listed, a cloze design has one card type).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from ..validation import Problem, SchemaValidator
from .errors import InvalidPreset, UnsupportedSchema
from .migrations import CURRENT, OLDEST, migrate
from .model import KINDS, Preset, utc_stamp
from .template_fields import referenced_fields

HERE = Path(__file__).resolve().parent
SCHEMA_FILES = {1: HERE / "preset.v1.schema.json", 2: HERE / "preset.schema.json"}


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with every local `$ref` to `#/$defs/...` replaced by its target.

    The files use `$defs` to stay readable; resolving references costs about 40 % of
    each validation, and every preset read is validated, so they are resolved once here.
    """
    defs = schema.get("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                target = resolve(defs[ref.removeprefix("#/$defs/")])
                rest = {k: resolve(v) for k, v in node.items() if k != "$ref"}
                return {"allOf": [target], **rest} if rest else target
            return {k: resolve(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    resolved: dict[str, Any] = resolve(schema)
    return resolved


@functools.cache
def validator(version: int) -> SchemaValidator:
    with SCHEMA_FILES[version].open(encoding="utf-8") as handle:
        return SchemaValidator(inline_refs(json.load(handle)))


def _duplicates(values: list[str], path: str, what: str) -> list[Problem]:
    seen: set[str] = set()
    found = []
    for index, value in enumerate(values):
        folded = value.casefold()
        if folded in seen:
            found.append(Problem(f"{path}/{index}", f"{what} {value!r} appears twice"))
        seen.add(folded)
    return found


def semantic_problems(data: dict[str, Any]) -> list[Problem]:
    """The rules of a schema-valid current preset that JSON Schema cannot express."""
    fields = list(data["fields"])
    problems = _duplicates(fields, "/fields", "field")
    problems += _duplicates([m["name"] for m in data.get("media", [])], "/media", "media file")
    kind = data["kind"]
    texts: list[str] = []
    cloze = False
    if kind == "design":
        design = data["design"]
        cloze = design["noteKind"] == "cloze"
        card_types = design["cardTypes"]
        names = [c["name"] for c in card_types]
        problems += [
            Problem(p.path + "/name", p.message)
            for p in _duplicates(names, "/design/cardTypes", "card type")
        ]
        if cloze and len(card_types) != 1:
            problems.append(
                Problem("/design/cardTypes", "a cloze design has exactly one card type")
            )
        texts = [text for c in card_types for text in (c["front"], c["back"])]
    elif kind == "snippet":
        texts = [data["snippet"]["template"]]
        cloze = True  # a snippet may be dropped on a cloze card: {{#c1}} is not a field
    for name in referenced_fields(texts, cloze=cloze):
        if name not in fields:
            problems.append(
                Problem("/fields", f"the templates use the field {name!r}, which is not listed")
            )
    return problems


def _body_problems(data: dict[str, Any]) -> list[Problem]:
    """A preset carries exactly the object its kind names. The schema says so too, but
    only with messages like "'snippet' was expected"; these say what is wrong."""
    kind = data.get("kind")
    if kind not in KINDS:
        return []
    problems = [
        Problem(f"/{other}", f"a {kind} preset cannot carry a {other!r} object")
        for other in KINDS
        if other != kind and other in data
    ]
    if kind not in data:
        problems.append(Problem("", f"a {kind} preset needs a {kind!r} object"))
    return problems


def _problems_or_raise(data: dict[str, Any], what: str) -> None:
    problems = _body_problems(data) or validator(CURRENT).problems(data)
    if not problems:
        problems = semantic_problems(data)
    if problems:
        raise InvalidPreset(what, problems)


def read_preset_json(
    data: object, what: str, *, now: str | None = None, builtin: bool = False
) -> Preset:
    """A preset from parsed JSON of any known schema version (migrated), or an error
    naming `what` (a file path, usually) and every problem found."""
    if not isinstance(data, dict):
        raise InvalidPreset(what, [Problem("", "a preset must be a JSON object")])
    version = data.get("schema")
    if not isinstance(version, int) or isinstance(version, bool):
        raise InvalidPreset(what, [Problem("/schema", "the schema version must be an integer")])
    if version > CURRENT:
        raise UnsupportedSchema(
            f"{what} uses preset schema {version}, which is newer than this add-on "
            f"understands (schemas {OLDEST} to {CURRENT}); update Anki Template Designer"
        )
    if version < OLDEST:
        raise UnsupportedSchema(
            f"{what} uses preset schema {version}; schemas {OLDEST} to {CURRENT} are known"
        )
    if version != CURRENT:
        problems = validator(version).problems(data)
        if problems:
            raise InvalidPreset(what, problems)
        data = migrate(data, now or utc_stamp())
    _problems_or_raise(data, what)
    return Preset.from_json(data, builtin=builtin)


def check_preset(preset: Preset, what: str) -> dict[str, Any]:
    """The preset's JSON if it is valid (called before every write), else InvalidPreset."""
    data = preset.to_json()
    _problems_or_raise(data, what)
    return data
