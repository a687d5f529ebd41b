"""The bridge dispatcher: turns one raw `pycmd` string into exactly one reply envelope.

It is the only door from the page into Python, so it is strict: messages must carry our
prefix, fit under the size cap, parse as JSON, match the envelope, name a method in the
allowlist and pass that method's parameter schema. Every failure becomes an error reply
and a log line; no exception ever escapes into Anki (Anki unplugs hooks that raise).
This module holds no Qt code so the protocol is unit-tested without a web view.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from ..sdk.bridge import BridgeError, Deferred, Method, params
from ..sdk.errors import code_for, details_for, message_for
from ..sdk.protocol import (
    MAX_MESSAGE_BYTES,
    PREFIX,
    PROTOCOL_VERSION,
    ErrorCode,
    Reply,
    error_reply,
    ok_reply,
    pending_reply,
)
from ..services.validation import SchemaValidator

log = logging.getLogger(__name__)

Push = Callable[[dict[str, Any]], None]
__all__ = ["BridgeError", "Deferred", "Dispatcher", "Method", "Observe", "Push", "params"]

# Told the method name, seconds taken and whether it succeeded, for metrics.
Observe = Callable[[str, float, bool], None]


#: Deeper JSON than any of our requests needs (a note type is about 5 levels) is refused
#: before validation walks it.
MAX_NESTING = 64
_LEADING_ID = re.compile(r'^\s*\{\s*"v"\s*:\s*\d{1,4}\s*,\s*"id"\s*:\s*(\d{1,15}|"[^"\\]{0,64}")')


def leading_request_id(body: str) -> int | str | None:
    """The request id of a message that cannot be parsed whole (too large, unreadable),
    read from its start as the page writes it (`{"v":1,"id":…`), so the page's waiting
    call fails at once instead of timing out."""
    match = _LEADING_ID.match(body[:200])
    if match is None:
        return None
    token = match.group(1)
    return token[1:-1] if token.startswith('"') else int(token)


def unreadable_text(body: str) -> str | None:
    """Why `body` cannot be handled as text (a lone UTF-16 surrogate), or None."""
    try:
        body.encode("utf-8")
    except UnicodeEncodeError as error:
        return (
            f"message contains an unpaired UTF-16 surrogate (U+{ord(body[error.start]):04X}) "
            f"at character {error.start}"
        )
    return None


def nesting_depth(value: Any) -> int:
    """How deeply arrays and objects nest in parsed JSON (iteratively: no recursion)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Iterable[Any] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_NESTING:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


_ENVELOPE = SchemaValidator(
    {
        "type": "object",
        "properties": {
            "v": {"type": "integer"},
            "id": {"type": ["integer", "string"]},
            "method": {"type": "string", "minLength": 1, "maxLength": 100},
            "params": {"type": "object"},
        },
        "required": ["v", "id", "method"],
        "additionalProperties": False,
    }
)


class Dispatcher:
    def __init__(
        self,
        methods: Iterable[Method],
        push: Push,
        *,
        max_bytes: int = MAX_MESSAGE_BYTES,
        observe: Observe | None = None,
    ) -> None:
        self._methods = self._table(methods)
        self._push = push
        self._max_bytes = max_bytes
        self._observe = observe

    @staticmethod
    def _table(methods: Iterable[Method]) -> dict[str, tuple[Method, SchemaValidator]]:
        table: dict[str, tuple[Method, SchemaValidator]] = {}
        for method in methods:
            if method.name in table:
                raise ValueError(f"bridge method {method.name!r} registered twice")
            table[method.name] = (method, SchemaValidator(method.params))
        return table

    def replace_methods(self, methods: Iterable[Method]) -> None:
        """A new allowlist (the plugin set changed); a call in flight keeps its method."""
        self._methods = self._table(methods)

    @property
    def method_names(self) -> list[str]:
        return sorted(self._methods)

    @staticmethod
    def accepts(raw: str) -> bool:
        return raw.startswith(PREFIX)

    def handle(self, raw: str) -> Reply:
        """Handle one message (with its prefix); always returns a reply, never raises."""
        request_id: int | str | None = None
        try:
            if not self.accepts(raw):
                return error_reply(None, ErrorCode.BAD_REQUEST, "message lacks the atd: prefix")
            body = raw[len(PREFIX) :]
            size = len(body.encode("utf-8", "surrogatepass"))
            if size > self._max_bytes:
                log.warning("bridge message of %d bytes refused (cap %d)", size, self._max_bytes)
                return error_reply(
                    leading_request_id(body),
                    ErrorCode.TOO_LARGE,
                    f"message is {size} bytes; the limit is {self._max_bytes}",
                    {"size": size, "limit": self._max_bytes},
                )
            unreadable = unreadable_text(body)
            if unreadable is not None:
                log.warning("bridge message refused: %s", unreadable)
                return error_reply(leading_request_id(body), ErrorCode.BAD_REQUEST, unreadable)
            try:
                request = json.loads(body)
            except json.JSONDecodeError as error:
                log.warning("malformed bridge message: %s", error)
                return error_reply(
                    None,
                    ErrorCode.BAD_JSON,
                    f"message is not valid JSON: {error.msg} at line {error.lineno} "
                    f"column {error.colno}",
                )
            except (ValueError, RecursionError) as error:
                # Python's own limits: integers over 4,300 digits, nesting deeper than
                # the interpreter's recursion limit.
                message = (
                    f"message nests deeper than {MAX_NESTING} levels"
                    if isinstance(error, RecursionError)
                    else f"message has a value Python refuses: {str(error)[:120]}"
                )
                log.warning("bridge message refused: %s", message)
                return error_reply(leading_request_id(body), ErrorCode.BAD_REQUEST, message)
            if isinstance(request, dict) and isinstance(request.get("id"), (int, str)):
                request_id = request["id"]
            if nesting_depth(request) > MAX_NESTING:
                log.warning("bridge message nested deeper than %d refused", MAX_NESTING)
                return error_reply(
                    request_id,
                    ErrorCode.BAD_REQUEST,
                    f"message nests deeper than {MAX_NESTING} levels",
                )
            problems = _ENVELOPE.problems(request)
            if problems:
                return error_reply(
                    request_id,
                    ErrorCode.BAD_REQUEST,
                    "malformed request: " + "; ".join(map(str, problems)),
                )
            return self._call(request)
        except Exception as error:  # the last line of defence: never raise into Anki
            log.exception("bridge failed to handle a message")
            return error_reply(request_id, ErrorCode.INTERNAL, f"internal error: {error}")

    def _call(self, request: dict[str, Any]) -> Reply:
        request_id = request["id"]
        if request["v"] != PROTOCOL_VERSION:
            return error_reply(
                request_id,
                ErrorCode.UNSUPPORTED_VERSION,
                f"protocol version {request['v']} is not supported (expected {PROTOCOL_VERSION})",
            )
        name = request["method"]
        entry = self._methods.get(name)
        if entry is None:
            log.warning("bridge call to unknown method %r refused", name)
            return error_reply(request_id, ErrorCode.UNKNOWN_METHOD, f"unknown method {name!r}")
        method, validator = entry
        params = request.get("params", {})
        problems = validator.problems(params)
        if problems:
            return error_reply(
                request_id,
                ErrorCode.INVALID_PARAMS,
                f"invalid params for {name}: " + "; ".join(map(str, problems)),
                [{"path": p.path, "message": p.message} for p in problems],
            )
        started = time.perf_counter()
        try:
            result = method.handler(params)
        except Exception as error:  # noqa: BLE001 - becomes an error reply
            self._observed(name, started, False)
            return self._error_for(request_id, name, error)
        self._observed(name, started, True)
        if isinstance(result, Deferred):
            result.on_settled(lambda ok, value: self._push_late(request_id, name, ok, value))
            return pending_reply(request_id)
        return ok_reply(request_id, result)

    def _observed(self, name: str, started: float, ok: bool) -> None:
        if self._observe is not None:
            try:
                self._observe(name, time.perf_counter() - started, ok)
            except Exception:
                log.exception("recording the time of %s failed", name)

    def _push_late(self, request_id: int | str, name: str, ok: bool, value: Any) -> None:
        reply: Reply
        if ok:
            reply = ok_reply(request_id, value)
        else:
            reply = self._error_for(request_id, name, value)
        try:
            self._push(dict(reply))
        except Exception:
            log.exception("pushing the late reply of %s failed", name)

    @staticmethod
    def _error_for(request_id: int | str | None, name: str, error: BaseException) -> Reply:
        """The one mapping from errors to codes: by the error's type (sdk/errors.py)."""
        code = code_for(error)
        if code is not None:
            return error_reply(request_id, code, message_for(error), details_for(error))
        log.error("bridge method %s failed", name, exc_info=error)
        return error_reply(
            request_id, ErrorCode.INTERNAL, f"{name} failed: {type(error).__name__}: {error}"
        )
