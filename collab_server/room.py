"""One room: the shared document of one note type, who is in it, and what each may change.

The document's root types (the add-on and the page agree on them, docs/collaboration.md):
`css` (Y.Text), `side:<ord>:front` / `side:<ord>:back` (Y.Text per template side), `meta`
(Y.Map) and `comments` (Y.Array of Y.Map). Editors and up change anything; a commenter's
update is tried on a copy first and accepted only if nothing but `comments` changed and it
applied whole (an update that would wait for missing changes could later slip template
text in); a viewer's document updates are dropped. A writer's update is stored and
relayed as it came (not only what integrated at once: a part still waiting for its parents,
or a deletion of something not here yet, would otherwise never reach the others); the same
bytes again on the same connection (a replay) are dropped, by a digest of that connection's
recent updates. Across connections a replay is applied (a no-op: Yjs updates are
idempotent) and relayed; a room-wide memory dropped legitimate updates in the randomized
test, for a reason not yet found.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pycrdt import Doc, Map, Text

from . import wire
from .store import COMPACT_AFTER, Store
from .tokens import COMMENT_WRITERS, DOCUMENT_WRITERS, Claims

COMMENTS = "comments"
TEXT_ROOT = re.compile(r"^(css|side:\d{1,3}:(front|back))$")
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: How many recent updates' digests a connection remembers to drop replays.
REPLAY_MEMORY = 4096


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
    seen: OrderedDict[bytes, None] = field(default_factory=OrderedDict)

    def replayed(self, update: bytes) -> bool:
        digest = hashlib.blake2b(update, digest_size=16).digest()
        if digest in self.seen:
            return True
        self.seen[digest] = None
        if len(self.seen) > REPLAY_MEMORY:
            self.seen.popitem(last=False)
        return False


def _check_state_vector(data: bytes) -> None:
    reader = wire.Reader(data)
    for _ in range(reader.uint()):
        reader.uint()
        reader.uint()
    reader.done()


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
            _check_state_vector(message.payload)  # validated before pycrdt sees it
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
            update = self._comment_only(update)
        if peer.replayed(update):
            return
        try:
            self.doc.apply_update(update)
        except Exception as error:  # noqa: BLE001 -- pycrdt raises plain exceptions for bad updates
            raise wire.MalformedMessage(f"update could not be applied: {error}") from None
        if self.store.append(self.name, update) > COMPACT_AFTER:
            self.store.compact(self.name, self.doc.get_update())
        self._relay(wire.sync_frame(wire.UPDATE, update), exclude=peer)

    def _comment_only(self, update: bytes) -> bytes:
        """The part of a commenter's update that applies now, if it touches comments only.

        Tried on a copy of the room. Only what integrates is kept (an update still waiting
        for missing changes could otherwise sit pending here and slip template text in when
        they arrive), then everything but `comments` must be unchanged.
        """
        trial = Doc()
        trial.apply_update(self.doc.get_update())
        before = _fingerprint(trial)
        changed: list[bool] = []
        subscription = trial.observe(lambda _event: changed.append(True))
        try:
            trial.apply_update(update)
        except Exception as error:  # noqa: BLE001 -- see _update
            raise wire.MalformedMessage(f"update could not be applied: {error}") from None
        finally:
            trial.unobserve(subscription)
        if not changed:
            raise Refused(
                "incomplete",
                "nothing of this update applies: it depends on changes this server does "
                "not have (or was applied already)",
            )
        if _fingerprint(trial) != before:
            raise Refused("comments-only", "a commenter can change comments only")
        return trial.get_update(self.doc.get_state())

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
        self.peers.clear()
