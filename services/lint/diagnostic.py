"""One finding about a draft, with where it is (card type, side, line, column)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
Side = Literal["front", "back", "css"]


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    card_type: int | None = None
    side: Side | None = None
    line: int | None = None
    column: int | None = None
    component_id: str | None = None
    fix: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "card_type": self.card_type,
            "side": self.side,
            "line": self.line,
            "column": self.column,
            "component_id": self.component_id,
            "fix": self.fix,
        }


def location_of(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
