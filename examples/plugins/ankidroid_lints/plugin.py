"""AnkiDroid and AnkiMobile checks: templates that work on a computer but not on a phone.

Four lints join the designer's own on validate and before each save (warnings: they never
stop a save), each located at its card type, side and line. See README.md.
"""

from __future__ import annotations

from typing import Any

from atd_sdk import hookimpl
from atd_sdk.contributions import LintRule

from .checks import ALL_CHECKS, PREFIX


@hookimpl
def atd_lints(context: Any) -> list[LintRule]:
    return [
        LintRule(f"{PREFIX}.{name}", check, " ".join((check.__doc__ or "").split()))
        for name, check in ALL_CHECKS.items()
    ]
