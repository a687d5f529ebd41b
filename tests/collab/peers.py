"""Test peers: a real pycrdt document speaking y-protocols to the real server over a real
socket, whose incoming and outgoing frames the test delivers when and in what order it
chooses (the way Yjs's own randomized tests shuffle delivery)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Any

from pycrdt import Array, Doc, Map, Text
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from anki_template_designer.collab_server import wire


@dataclass
class Peer:
    url: str
    token: str
    name: str = "peer"
    doc: Doc = field(default_factory=Doc)
    ws: ClientConnection | None = None
    outbox: list[bytes] = field(default_factory=list)
    inbox: list[bytes] = field(default_factory=list)
    notices: list[dict[str, Any]] = field(default_factory=list)
    presence: dict[int, Any] = field(default_factory=dict)
    welcome: dict[str, Any] | None = None
    _applying: bool = False

    def __post_init__(self) -> None:
        self.doc.observe(self._local_change)

    def _local_change(self, event: Any) -> None:
        if not self._applying:
            self.outbox.append(wire.sync_frame(wire.UPDATE, event.update))

    # -- the document -----------------------------------------------------------------------
    def text(self, name: str = "side:0:front") -> Text:
        return self.doc.get(name, type=Text)

    def comments(self) -> Array:
        return self.doc.get("comments", type=Array)

    def add_comment(self, line: int, body: str) -> None:
        self.comments().append(Map({"line": line, "body": body, "by": self.name}))

    # -- the connection ---------------------------------------------------------------------
    def connect(self) -> None:
        self.ws = connect(
            self.url, additional_headers={"Authorization": f"Bearer {self.token}"}, open_timeout=5
        )
        self.welcome = json.loads(self.ws.recv(timeout=5))
        # Like y-websocket: our state vector, so the server answers with what we lack.
        self.ws.send(wire.sync_frame(wire.STEP1, self.doc.get_state()))

    def resync(self) -> None:
        """Sends our state vector again (y-websocket's periodic resync)."""
        self.send_raw(wire.sync_frame(wire.STEP1, self.doc.get_state()))

    def disconnect(self) -> None:
        if self.ws is not None:
            self.ws.close()
            self.ws = None
        self.inbox.clear()

    @property
    def online(self) -> bool:
        return self.ws is not None

    def send_raw(self, frame: bytes | str) -> None:
        assert self.ws is not None
        self.ws.send(frame)

    def flush(self, rng: random.Random | None = None) -> None:
        """Sends what was edited locally (while offline it waits: the reconnect sync carries it)."""
        if self.ws is None:
            self.outbox.clear()  # lost in transit; the next sync recovers it
            return
        frames, self.outbox = self.outbox, []
        if rng is not None:
            rng.shuffle(frames)
        for frame in frames:
            self.ws.send(frame)

    def receive(self, timeout: float = 0.05) -> int:
        """Collects frames already sent to us (without applying them)."""
        count = 0
        while self.ws is not None:
            try:
                frame = self.ws.recv(timeout=timeout)
            except TimeoutError:
                break
            except ConnectionClosed:
                self.ws = None
                break
            if isinstance(frame, str):
                self.notices.append(json.loads(frame))
            else:
                self.inbox.append(frame)
                count += 1
            timeout = 0.01
        return count

    def apply_inbox(self, rng: random.Random | None = None) -> None:
        frames, self.inbox = self.inbox, []
        if rng is not None:
            rng.shuffle(frames)
        for frame in frames:
            message = wire.parse(frame)
            if isinstance(message, wire.Awareness):
                for entry in message.entries:
                    self.presence[entry.client_id] = entry.state
            elif message.step == wire.STEP1:
                if self.ws is not None:
                    self.ws.send(wire.sync_frame(wire.STEP2, self.doc.get_update(message.payload)))
            else:
                self._applying = True
                try:
                    self.doc.apply_update(message.payload)
                finally:
                    self._applying = False

    def say_here(self, state: dict[str, Any], clock: int) -> None:
        entry = wire.PresenceEntry(self.doc.client_id, clock, state)
        self.send_raw(wire.awareness_frame([entry]))


def settle(peers: list[Peer], rounds: int = 60, wait: float = 0.05) -> None:
    """Delivers everything until nobody receives anything for two rounds (each peer
    waiting `wait` seconds for a frame: more on a loaded machine)."""
    quiet = 0
    for _ in range(rounds):
        for peer in peers:
            peer.flush()
        received = sum(peer.receive(timeout=wait) for peer in peers)
        for peer in peers:
            peer.apply_inbox()
        quiet = quiet + 1 if received == 0 and not any(p.outbox for p in peers) else 0
        if quiet >= 2:
            return
    raise AssertionError("peers did not settle")
