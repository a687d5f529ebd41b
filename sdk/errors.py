"""One table from errors to bridge error codes: every expected failure carries its code.

A domain error class says which code the page gets by a `bridge_code` class attribute
(and, if the page needs more than the message, a `bridge_details()` method). The
dispatcher looks the code up by type, walking the class's bases, so a subclass inherits
its parent's code unless it names its own. Errors the standard library raises are mapped
by `BUILTIN_CODES`. Anything else is an `internal` error with a log line.
"""

from __future__ import annotations

from typing import Any

from .protocol import ErrorCode

#: Codes for exceptions we do not define (a missing key or service is `not_found`).
BUILTIN_CODES: dict[type[BaseException], ErrorCode] = {LookupError: ErrorCode.NOT_FOUND}


class DesignerError(Exception):
    """An expected failure a handler raises for the page to show as it is.

    Plugins raise it (or a subclass with its own `bridge_code`) from bridge handlers.
    """

    bridge_code = ErrorCode.INVALID_PARAMS

    def __init__(self, message: str, details: Any = None, *, code: ErrorCode | None = None):
        super().__init__(message)
        self.message = message
        self.details = details
        if code is not None:
            self.bridge_code = code

    def bridge_details(self) -> Any:
        return self.details


def code_for(error: BaseException) -> ErrorCode | None:
    """The bridge code `error` carries (by its type), or None for an unexpected error."""
    own = getattr(error, "bridge_code", None)
    if isinstance(own, ErrorCode):
        return own
    for cls in type(error).__mro__:
        if cls in BUILTIN_CODES:
            return BUILTIN_CODES[cls]
    return None


def details_for(error: BaseException) -> Any:
    details = getattr(error, "bridge_details", None)
    return details() if callable(details) else None


def message_for(error: BaseException) -> str:
    if isinstance(error, KeyError) and error.args:
        return str(error.args[0])  # str(KeyError) adds quotes
    return str(error)
