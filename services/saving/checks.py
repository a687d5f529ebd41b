"""The checks a draft goes through on validate and before every save: the built-in lints
plus every plugin's lint rules (a rule that raises is reported, never fatal)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ...sdk.contributions import LintRule
from ..lint import Diagnostic, Linter

RulesProvider = Callable[[], Iterable[LintRule]]


def _as_json(item: Any, code: str) -> dict[str, object]:
    if isinstance(item, Diagnostic):
        return item.to_json()
    if isinstance(item, dict) and {"severity", "message"} <= set(item):
        return {**Diagnostic(item["severity"], str(item.get("code", code)), "").to_json(), **item}
    raise TypeError(f"lint {code} returned {type(item).__name__}, not a Diagnostic")


class DraftChecks:
    def __init__(self, linter: Linter, rules: RulesProvider) -> None:
        self._linter = linter
        self._rules = rules

    def run(self, draft: dict[str, Any]) -> list[dict[str, object]]:
        found = [d.to_json() for d in self._linter.check(draft)]
        for rule in self._rules():
            try:
                found += [_as_json(item, rule.code) for item in rule.check(draft)]
            except Exception as error:  # noqa: BLE001 - a plugin's lint never stops a check
                message = f"the lint {rule.code} failed: {type(error).__name__}: {error}"
                found.append(Diagnostic("warning", rule.code, message).to_json())
        return found

    def errors(self, draft: dict[str, Any]) -> list[dict[str, object]]:
        return [d for d in self.run(draft) if d["severity"] == "error"]
