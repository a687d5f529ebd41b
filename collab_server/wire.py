"""Reading and writing y-protocol frames (the y-websocket framing Yjs speaks), strictly.

Frame = varUint message type (0 sync, 1 awareness), then for sync a varUint sub-type
(0 step 1: a state vector, 1 step 2 / 2 update: an update), each payload as a
varUint-length byte string. Anything short, overlong or with bytes left over is
`MalformedMessage`, so a broken or hostile client gets a clear close, not a crash.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

SYNC = 0
AWARENESS = 1
STEP1 = 0
STEP2 = 1
UPDATE = 2
MAX_AWARENESS_STATE_BYTES = 16 * 1024
MAX_AWARENESS_ENTRIES = 64


class MalformedMessage(Exception):
    """A frame that is not a y-protocol message this server accepts."""


def var_uint(number: int) -> bytes:
    out = bytearray()
    while number > 127:
        out.append(128 | (number & 127))
        number >>= 7
    out.append(number)
    return bytes(out)


def var_bytes(data: bytes) -> bytes:
    return var_uint(len(data)) + data


class Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def uint(self) -> int:
        value = 0
        shift = 0
        while True:
            if self.at >= len(self.data):
                raise MalformedMessage(f"number cut short at byte {self.at}")
            byte = self.data[self.at]
            self.at += 1
            value |= (byte & 127) << shift
            if byte < 128:
                return value
            shift += 7
            if shift > 63:
                raise MalformedMessage(f"number too long at byte {self.at}")

    def bytes(self) -> bytes:
        length = self.uint()
        end = self.at + length
        if end > len(self.data):
            raise MalformedMessage(
                f"payload of {length} bytes at byte {self.at} runs past the end ({len(self.data)})"
            )
        chunk = self.data[self.at : end]
        self.at = end
        return chunk

    def done(self) -> None:
        if self.at != len(self.data):
            raise MalformedMessage(f"{len(self.data) - self.at} bytes left over after the message")


@dataclass(frozen=True)
class Sync:
    step: int  # STEP1, STEP2 or UPDATE
    payload: bytes


@dataclass(frozen=True)
class PresenceEntry:
    client_id: int
    clock: int
    state: dict[str, Any] | None  # None: that client left


@dataclass(frozen=True)
class Awareness:
    entries: tuple[PresenceEntry, ...]


def parse(frame: bytes) -> Sync | Awareness:
    reader = Reader(frame)
    kind = reader.uint()
    if kind == SYNC:
        step = reader.uint()
        if step not in (STEP1, STEP2, UPDATE):
            raise MalformedMessage(f"unknown sync step {step}")
        payload = reader.bytes()
        reader.done()
        return Sync(step, payload)
    if kind == AWARENESS:
        inner = Reader(reader.bytes())
        reader.done()
        count = inner.uint()
        if count > MAX_AWARENESS_ENTRIES:
            raise MalformedMessage(f"{count} presence entries (at most {MAX_AWARENESS_ENTRIES})")
        entries = []
        for _ in range(count):
            client_id = inner.uint()
            clock = inner.uint()
            raw = inner.bytes()
            if len(raw) > MAX_AWARENESS_STATE_BYTES:
                raise MalformedMessage(f"presence state of {len(raw)} bytes is too large")
            try:
                state = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as error:
                raise MalformedMessage(f"presence state is not JSON: {error}") from None
            if state is not None and not isinstance(state, dict):
                raise MalformedMessage("presence state must be a JSON object or null")
            entries.append(PresenceEntry(client_id, clock, state))
        inner.done()
        return Awareness(tuple(entries))
    raise MalformedMessage(f"unknown message type {kind}")


def sync_frame(step: int, payload: bytes) -> bytes:
    return var_uint(SYNC) + var_uint(step) + var_bytes(payload)


def awareness_frame(entries: list[PresenceEntry] | tuple[PresenceEntry, ...]) -> bytes:
    body = bytearray(var_uint(len(entries)))
    for entry in entries:
        body += var_uint(entry.client_id) + var_uint(entry.clock)
        body += var_bytes(json.dumps(entry.state, separators=(",", ":")).encode("utf-8"))
    return var_uint(AWARENESS) + var_bytes(bytes(body))
