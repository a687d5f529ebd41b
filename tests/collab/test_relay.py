"""The add-on's relay (services/collab, vendored websockets) against the real server: a
pycrdt document stands in for the page's Yjs document, its frames carried only by the
relay; refused invites stop it, a dropped server is retried with backoff and offline
edits merge when it is back."""

from __future__ import annotations

import queue
import time

from conftest import start_server
from peers import Peer, settle
from pycrdt import Doc, Text

from anki_template_designer.collab_server import wire
from anki_template_designer.services.collab import Backoff, CollabRelay, RelayStatus


class PageSide:
    """What the page does with the relay: y-websocket's handshake over opaque frames."""

    def __init__(self, url: str, token: str) -> None:
        self.doc = Doc()
        self.frames: queue.Queue[bytes] = queue.Queue()
        self.statuses: list[RelayStatus] = []
        self.relay = CollabRelay(
            url, token, self.frames.put, self._status, Backoff(first_s=0.1, longest_s=0.5)
        )
        self.doc.observe(self._local)
        self._applying = False

    def _status(self, status: RelayStatus) -> None:
        self.statuses.append(status)
        if status.state == "online" and status.identity is not None:
            self.relay.send(wire.sync_frame(wire.STEP1, self.doc.get_state()))

    def _local(self, event) -> None:
        if not self._applying:
            self.relay.send(wire.sync_frame(wire.UPDATE, event.update))

    def pump(self, seconds: float = 0.5) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                frame = self.frames.get(timeout=0.05)
            except queue.Empty:
                continue
            message = wire.parse(frame)
            if isinstance(message, wire.Sync) and message.step == wire.STEP1:
                self.relay.send(wire.sync_frame(wire.STEP2, self.doc.get_update(message.payload)))
            elif isinstance(message, wire.Sync):
                self._applying = True
                self.doc.apply_update(message.payload)
                self._applying = False

    def text(self) -> Text:
        return self.doc.get("side:0:front", type=Text)

    def wait_for(self, state: str, timeout: float = 10) -> RelayStatus:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for status in self.statuses:
                if status.state == state:
                    return status
            self.pump(0.1)
        raise AssertionError(f"no {state!r} status: {self.statuses}")


def test_the_relay_carries_the_page_frames_both_ways(server, room):
    page = PageSide(server.url(room), server.invite(room, "editor", "Ann"))
    page.relay.start()
    try:
        online = page.wait_for("online")
        assert online.identity == {"type": "welcome", "room": room, "name": "Ann", "role": "editor"}
        page.pump()
        page.text().insert(0, "{{Front}}")
        bob = Peer(server.url(room), server.invite(room, "editor", "Bob"), "Bob")
        bob.connect()
        settle([bob])
        assert str(bob.text()) == "{{Front}}"
        bob.text().insert(0, "<b>")
        settle([bob])
        page.pump()
        assert str(page.text()) == "<b>{{Front}}"
    finally:
        page.relay.close()
    assert page.statuses[-1].state == "closed"


def test_a_refused_invite_stops_the_relay_with_the_reason(server, room):
    page = PageSide(server.url(room), server.invite(room + "-x", "editor", "Ann"))
    page.relay.start()
    refused = page.wait_for("refused")
    assert refused.message == "403: token is for another room"
    page.relay.close()
    assert [s.state for s in page.statuses].count("connecting") == 1  # no retries


def test_a_viewers_edit_is_refused_with_a_notice(server, room):
    page = PageSide(server.url(room), server.invite(room, "viewer", "Vic"))
    page.relay.start()
    try:
        page.wait_for("online")
        page.pump()
        page.text().insert(0, "x")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not any(s.notice for s in page.statuses):
            page.pump(0.1)
        assert [s.notice["code"] for s in page.statuses if s.notice] == ["read-only"]
    finally:
        page.relay.close()


def test_the_relay_reconnects_with_backoff_and_offline_edits_merge(tmp_path):
    running = start_server(tmp_path / "data")
    room = "basic-9"
    page = PageSide(running.url(room), running.invite(room, "editor", "Ann"))
    page.relay.start()
    try:
        page.wait_for("online")
        page.pump()
        page.text().insert(0, "{{Front}}")
        page.pump()
        running.stop()
        offline = page.wait_for("offline")
        assert offline.retry_in_s is not None and offline.retry_in_s > 0
        page.text().insert(0, "<i>")  # edited while away
        page.statuses.clear()
        running = start_server(tmp_path / "data", running.port)
        page.wait_for("online", timeout=15)
        page.pump(1.0)
        check = Peer(running.url(room), running.invite(room, "viewer", "Vic"), "Vic")
        check.connect()
        settle([check])
        assert str(check.text()) == "<i>{{Front}}"
    finally:
        page.relay.close()
        running.stop()
