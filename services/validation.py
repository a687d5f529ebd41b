"""One validation layer: JSON Schema checks that report every problem with its path.

Config values and bridge request parameters are checked here; each problem names where
it is (a JSON-pointer-like path) and what is wrong, so the user sees a message that
points at the value, not a traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from ..sdk.protocol import ErrorCode


@dataclass(frozen=True)
class Problem:
    """One failed rule: where (`path`, e.g. ``/log_level``) and what (`message`)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.message}"


class ValidationFailed(ValueError):
    """Raised by `require_valid`; carries every problem found, not just the first."""

    bridge_code = ErrorCode.INVALID_PARAMS

    def __init__(self, what: str, problems: list[Problem]) -> None:
        self.what = what
        self.problems = problems
        detail = "; ".join(str(p) for p in problems)
        super().__init__(f"invalid {what}: {detail}")

    def bridge_details(self) -> list[dict[str, str]]:
        return [{"path": p.path, "message": p.message} for p in self.problems]


#: Schemas already checked against the metaschema, by their JSON text. Every designer
#: window builds a validator per bridge method; checking ~40 schemas again each time cost
#: ~65 ms of every open (bench_canvas). A schema's text decides its validity, so once is enough.
_CHECKED_SCHEMAS: set[str] = set()


class SchemaValidator:
    """A compiled schema; cheap to call many times."""

    def __init__(self, schema: dict[str, Any]) -> None:
        key = json.dumps(schema, sort_keys=True, default=repr)
        if key not in _CHECKED_SCHEMAS:
            Draft202012Validator.check_schema(schema)
            _CHECKED_SCHEMAS.add(key)
        self._validator = Draft202012Validator(schema)

    def problems(self, instance: object) -> list[Problem]:
        found = []
        for error in self._validator.iter_errors(instance):
            path = "".join(f"/{part}" for part in error.absolute_path)
            found.append(Problem(path, error.message))
        return sorted(found, key=lambda p: p.path)

    def require_valid(self, instance: object, what: str) -> None:
        problems = self.problems(instance)
        if problems:
            raise ValidationFailed(what, problems)


def load_schema(path: Path) -> SchemaValidator:
    with path.open(encoding="utf-8") as handle:
        return SchemaValidator(json.load(handle))
