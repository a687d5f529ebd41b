"""`plugin.json`: what a plugin is, what it needs and what it may do, checked before any of
its code runs.

Validated by the one validation layer (services/validation.py): the JSON Schema first,
then the version fields with `packaging`. Every problem names the file, the field and the
reason (``.../plugin.json: /requires/base: 'x' is not a version range``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from ..validation import Problem, SchemaValidator, ValidationFailed

FILE_NAME = "plugin.json"
#: Plugin ids are folder and module names, and the prefix of their bridge methods.
ID_PATTERN = r"^[a-z][a-z0-9_-]{1,63}$"
#: What a plugin may ask for. `network:<host>` and `bridge:<method>` name what they allow.
PERMISSION_PATTERN = (
    r"^(notetypes:read|notetypes:write|files|canvas:blocks|canvas:panels"
    r"|network:[a-z0-9.-]{1,253}|bridge:[a-z][a-zA-Z0-9_-]*\.[a-zA-Z][a-zA-Z0-9_.]*)$"
)

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "pattern": ID_PATTERN},
        "name": {"type": "string", "minLength": 1, "maxLength": 100},
        "version": {"type": "string", "maxLength": 64},
        "sdk": {"type": "string", "maxLength": 200},
        "description": {"type": "string", "maxLength": 2000},
        "entry": {"type": "string", "pattern": r"^[A-Za-z_][A-Za-z0-9_]*\.py$"},
        "requires": {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": {"type": "string", "maxLength": 200},
            "maxProperties": 50,
        },
        "permissions": {
            "type": "array",
            "items": {"type": "string", "pattern": PERMISSION_PATTERN},
            "uniqueItems": True,
            "maxItems": 100,
        },
    },
    "required": ["id", "name", "version", "sdk"],
    "additionalProperties": False,
}
_VALIDATOR = SchemaValidator(SCHEMA)

#: What each pattern means, said in words: "does not match '^(notetypes:read|...'" names
#: the rule but does not tell a plugin author what to write.
_PATTERN_MEANS = {
    ID_PATTERN: "is not a plugin id (2-64 characters: a-z, 0-9, - and _, starting with a letter)",
    SCHEMA["properties"]["entry"]["pattern"]: "is not a Python file name in the plugin's folder",
    PERMISSION_PATTERN: (
        "is not a permission (notetypes:read, notetypes:write, files, network:<host>, "
        "bridge:<plugin id>.<method>)"
    ),
}
_QUOTED_MAX = 60


def _in_words(problem: Problem) -> Problem:
    """A pattern problem as a reason, and a long value cut short (with the limit)."""
    for pattern, meaning in _PATTERN_MEANS.items():
        suffix = f" does not match {pattern!r}"
        if problem.message.endswith(suffix):
            return Problem(problem.path, problem.message.removesuffix(suffix) + " " + meaning)
    if problem.message.endswith(" is too long"):
        limit = SCHEMA["properties"].get(problem.path.strip("/"), {}).get("maxLength")
        value = problem.message.removesuffix(" is too long")
        if len(value) > _QUOTED_MAX:
            value = value[: _QUOTED_MAX - 4] + "...'"
        reason = f"is longer than {limit} characters" if limit else "is too long"
        return Problem(problem.path, f"{value} {reason}")
    return problem


@dataclass(frozen=True)
class Manifest:
    id: str
    name: str
    version: Version
    sdk: SpecifierSet
    requires: dict[str, SpecifierSet] = field(default_factory=dict)
    permissions: frozenset[str] = frozenset()
    entry: str = "plugin.py"
    description: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "version": str(self.version),
            "sdk": str(self.sdk),
            "requires": {k: str(v) for k, v in self.requires.items()},
            "permissions": sorted(self.permissions),
            "description": self.description,
        }


def _version(value: str, path: str, problems: list[Problem]) -> Version | None:
    try:
        return Version(value)
    except InvalidVersion:
        problems.append(Problem(path, f"{value!r} is not a version (like 1.2.0)"))
        return None


def _range(value: str, path: str, problems: list[Problem]) -> SpecifierSet | None:
    try:
        return SpecifierSet(value)
    except InvalidSpecifier:
        problems.append(Problem(path, f"{value!r} is not a version range (like >=1.0,<2)"))
        return None


def parse_manifest(data: object, source: str) -> Manifest:
    """A checked manifest, or ValidationFailed naming `source` and every bad field."""
    problems = [_in_words(p) for p in _VALIDATOR.problems(data)]
    if problems or not isinstance(data, dict):
        raise ValidationFailed(source, problems)
    version = _version(data["version"], "/version", problems)
    sdk = _range(data["sdk"], "/sdk", problems)
    requires = {
        name: _range(spec, f"/requires/{name}", problems)
        for name, spec in data.get("requires", {}).items()
    }
    if data["id"] in requires:
        problems.append(Problem(f"/requires/{data['id']}", "a plugin cannot require itself"))
    if problems or version is None or sdk is None:
        raise ValidationFailed(source, problems)
    return Manifest(
        id=data["id"],
        name=data["name"],
        version=version,
        sdk=sdk,
        requires={k: v for k, v in requires.items() if v is not None},
        permissions=frozenset(data.get("permissions", [])),
        entry=data.get("entry", "plugin.py"),
        description=data.get("description", ""),
    )


def load_manifest(path: Path) -> Manifest:
    """Read and check `path`; a file that is not JSON is reported like a bad field."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationFailed(str(path), [Problem("", f"cannot be read: {error}")]) from error
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise ValidationFailed(
            str(path), [Problem("", f"not JSON: {error.msg} at {where}")]
        ) from error
    return parse_manifest(data, str(path))


def is_method_name_of(plugin_id: str, method: str) -> bool:
    """Plugin methods live under the plugin's own prefix (``my-plugin.hello``)."""
    return re.fullmatch(re.escape(plugin_id) + r"\.[A-Za-z][A-Za-z0-9_.]*", method) is not None
