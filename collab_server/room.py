"""One room: the shared document of one note type, who is in it, and what each may change.

The document's root types (the add-on and the page agree on them, docs/collaboration.md):
`css` (Y.Text), `side:<ord>:front` / `side:<ord>:back` (Y.Text per template side), `meta`
(Y.Map) and `comments` (Y.Array of Y.Map). Editors and up change anything; a commenter's
update is tried on a copy first and accepted only if nothing but `comments` changed and it
applied whole (an update that would wait for missing changes could later slip template
text in); a viewer's document updates are dropped. An update that changes nothing (a
replay, a duplicate) is neither stored nor relayed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pycrdt import Array, Doc, Map, Text, TransactionEvent
from pycrdt import get_state as state_of_update

from . import wire
from .store import COMPACT_AFTER, Store
from .tokens import COMMENT_WRITERS, DOCUMENT_WRITERS, Claims

COMMENTS = "comments"
TEXT_ROOT = re.compile(r"^(css|side:\d{1,3}:(front|back))$")
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


class Refused(Exception):
    """A message the sender's role does not allow; `code` names the rule."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(eq=False)
class Peer:
    """One connection in a room. `send` queues a frame without waiting."""

    claims: Claims
    send: Callable[[bytes | str], None]
    client_ids: set[int] = field(default_factory=set)


def _state_vector(data: bytes) -> dict[int, int]:
    reader = wire.Reader(data)
    return {reader.uint(): reader.uint() for _ in range(reader.uint())}


def _fingerprint(doc: Doc) -> dict[str, Any]:
    """Everything of the document except its comments, as plain values."""
    out: dict[str, Any] = {}
    for key in list(doc.keys()):
        if key == COMMENTS:
            continue
        if TEXT_ROOT.match(key):
            out[key] = doc.get(key, type=Text).diff()
        elif key == "meta":
            out[key] = doc.get(key, type=Map).to_py()
        else:
            out[key] = ("unknown root", key)
    return out


class Room:
    def __init__(self, name: str, store: Store) -> None:
        self.name = name
        self.store = store
        self.doc: Doc = Doc()
        for update in store.room_updates(name):
            self.doc.apply_update(update)
        self.peers: list[Peer] = []
        self.presence: dict[int, tuple[int, dict[str, Any] | None, Peer]] = {}
        self._changes: list[bytes] = []
        self._subscription = self.doc.observe(self._on_change)

    def _on_change(self, event: TransactionEvent) -> None:
        self._changes.append(event.update)

    # -- joining and leaving -------------------------------------------------------------
    def join(self, peer: Peer) -> None:
        self.peers.append(peer)
        # Like y-websocket: our state vector (the peer answers with what we lack) and,
        # for presence, everyone already here.
        peer.send(wire.sync_frame(wire.STEP1, self.doc.get_state()))
        here = [
            wire.PresenceEntry(cid, clock, state)
            for cid, (clock, state, _) in self.presence.items()
            if state is not None
        ]
        if here:
            peer.send(wire.awareness_frame(here))

    def leave(self, peer: Peer) -> None:
        if peer in self.peers:
            self.peers.remove(peer)
        gone = []
        for cid in peer.client_ids:
            clock, _, owner = self.presence.get(cid, (0, None, peer))
            if owner is peer:
                self.presence.pop(cid, None)
                gone.append(wire.PresenceEntry(cid, clock + 1, None))
        if gone:
            self._relay(wire.awareness_frame(gone), exclude=peer)

    # -- messages ---------------------------------------------------------------------------
    def receive(self, peer: Peer, frame: bytes) -> None:
        """Handles one frame from `peer`; raises MalformedMessage or Refused."""
        message = wire.parse(frame)
        if isinstance(message, wire.Awareness):
            self._presence(peer, message)
        elif message.step == wire.STEP1:
            _state_vector(message.payload)  # validated before pycrdt sees it
            peer.send(wire.sync_frame(wire.STEP2, self.doc.get_update(message.payload)))
        else:
            self._update(peer, message.payload)

    def _update(self, peer: Peer, update: bytes) -> None:
        role = peer.claims.role
        if update == b"\x00\x00":
            return
        if role not in COMMENT_WRITERS:
            raise Refused("read-only", f"a {role} cannot change the document")
        if role not in DOCUMENT_WRITERS:
            self._check_comment_only(update)
        try:
            self.doc.apply_update(update)
        except Exception as error:  # pycrdt raises plain exceptions for bad updates
            self._changes.clear()
            raise wire.MalformedMessage(f"update could not be applied: {error}") from None
        changes, self._changes = self._changes, []
        for change in changes:
            if self.store.append(self.name, change) > COMPACT_AFTER:
                self.store.compact(self.name, self.doc.get_update())
            self._relay(wire.sync_frame(wire.UPDATE, change), exclude=peer)

    def _check_comment_only(self, update: bytes) -> None:
        trial = Doc()
        trial.apply_update(self.doc.get_update())
        before = _fingerprint(trial)
        try:
            trial.apply_update(update)
        except Exception as error:  # noqa: BLE001 -- see _update
            raise wire.MalformedMessage(f"update could not be applied: {error}") from None
        applied = _state_vector(trial.get_state())
        for client, clock in _state_vector(state_of_update(update)).items():
            if applied.get(client, 0) < clock:
                raise Refused(
                    "incomplete",
                    "a commenter's update must apply whole (it depends on changes "
                    "this server does not have)",
                )
        if _fingerprint(trial) != before:
            raise Refused("comments-only", "a commenter can change comments only")
        trial.get(COMMENTS, type=Array)  # the comments root must stay an array

    def _presence(self, peer: Peer, message: wire.Awareness) -> None:
        accepted = []
        for entry in message.entries:
            known = self.presence.get(entry.client_id)
            if known is not None and known[2] is not peer:
                continue  # someone else's presence: not this peer's to change
            if known is not None and entry.clock <= known[0]:
                continue  # stale or replayed
            state = entry.state
            if state is not None:
                state = dict(state)
                claimed = state.get("user") if isinstance(state.get("user"), dict) else {}
                color = claimed.get("color")
                state["user"] = {
                    "name": peer.claims.name,
                    "role": peer.claims.role,
                    "color": color if isinstance(color, str) and COLOR.match(color) else None,
                }
            peer.client_ids.add(entry.client_id)
            if state is None:
                self.presence.pop(entry.client_id, None)
            else:
                self.presence[entry.client_id] = (entry.clock, state, peer)
            accepted.append(wire.PresenceEntry(entry.client_id, entry.clock, state))
        if accepted:
            self._relay(wire.awareness_frame(accepted), exclude=None)

    def _relay(self, frame: bytes, exclude: Peer | None) -> None:
        for other in list(self.peers):
            if other is not exclude:
                other.send(frame)

    def close(self) -> None:
        self.doc.unobserve(self._subscription)
