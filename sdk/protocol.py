"""The bridge protocol between the designer page and Python (see docs/bridge.md).

Request (page to Python), sent as ``pycmd(PREFIX + json)``::

    {"v": 1, "id": 7, "method": "notetypes.list", "params": {}}

Replies::

    {"v": 1, "id": 7, "ok": true, "result": ...}
    {"v": 1, "id": 7, "ok": false, "error": {"code": "...", "message": "...", "details": ...}}
    {"v": 1, "id": 7, "ok": true, "pending": true}      # the result is pushed later

Pushed messages (Python to page, via ``window.atd.deliver``): a late reply with the same
shape as above, or an event ``{"v": 1, "event": "theme.changed", "data": {...}}``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal, TypedDict

PROTOCOL_VERSION = 1
PREFIX = "atd:"
MAX_MESSAGE_BYTES = 4 * 1024 * 1024


class ErrorCode(str, Enum):
    BAD_JSON = "bad_json"
    BAD_REQUEST = "bad_request"
    UNSUPPORTED_VERSION = "unsupported_version"
    TOO_LARGE = "too_large"
    UNKNOWN_METHOD = "unknown_method"
    INVALID_PARAMS = "invalid_params"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    NEEDS_CONFIRMATION = "needs_confirmation"
    TIMEOUT = "timeout"
    SUPERSEDED = "superseded"
    INTERNAL = "internal"


class ErrorBody(TypedDict):
    code: str
    message: str
    details: Any


class Request(TypedDict):
    v: int
    id: int | str
    method: str
    params: dict[str, Any]


class OkReply(TypedDict, total=False):
    v: int
    id: int | str | None
    ok: Literal[True]
    result: Any
    pending: bool


class ErrorReply(TypedDict):
    v: int
    id: int | str | None
    ok: Literal[False]
    error: ErrorBody


class Event(TypedDict):
    v: int
    event: str
    data: Any


Reply = OkReply | ErrorReply


def ok_reply(request_id: int | str | None, result: Any) -> OkReply:
    return {"v": PROTOCOL_VERSION, "id": request_id, "ok": True, "result": result}


def pending_reply(request_id: int | str) -> OkReply:
    return {"v": PROTOCOL_VERSION, "id": request_id, "ok": True, "pending": True}


def error_reply(
    request_id: int | str | None, code: ErrorCode, message: str, details: Any = None
) -> ErrorReply:
    return {
        "v": PROTOCOL_VERSION,
        "id": request_id,
        "ok": False,
        "error": {"code": code.value, "message": message, "details": details},
    }


def event(name: str, data: Any) -> Event:
    return {"v": PROTOCOL_VERSION, "event": name, "data": data}
