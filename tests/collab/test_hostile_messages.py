"""Malformed, oversized and wrong-kind frames close only the sender's connection, with a
close code and reason that say what was wrong; the room and other peers carry on."""

from __future__ import annotations

import pytest
from peers import Peer, settle
from websockets.exceptions import ConnectionClosed

from anki_template_designer.collab_server import wire

BAD_FRAMES = {
    "empty": b"",
    "unknown type": b"\x07\x00",
    "unknown sync step": b"\x00\x05\x00",
    "cut short": b"\x00\x02\x10abc",
    "trailing bytes": wire.sync_frame(wire.UPDATE, b"\x00\x00") + b"junk",
    "overlong number": b"\x00" + b"\xff" * 12,
    "garbage update": wire.sync_frame(wire.UPDATE, b"\x01\x02\x03\x04\x05\x06"),
    "bad state vector": wire.sync_frame(wire.STEP1, b"\x05\x01"),
    "presence not json": wire.var_uint(1)
    + wire.var_bytes(b"\x01\x01\x01" + wire.var_bytes(b"{no")),
    "presence not an object": wire.var_uint(1)
    + wire.var_bytes(b"\x01\x01\x01" + wire.var_bytes(b"[1]")),
}


def closed_with(peer: Peer) -> tuple[int, str]:
    assert peer.ws is not None
    with pytest.raises(ConnectionClosed) as caught:
        for _ in range(50):
            peer.ws.recv(timeout=5)
    close = caught.value.rcvd
    assert close is not None
    return close.code, close.reason


@pytest.mark.parametrize("name", sorted(BAD_FRAMES))
def test_a_malformed_frame_closes_the_sender_only(server, room, name):
    good = Peer(server.url(room), server.invite(room, "editor", "Good"), "Good")
    bad = Peer(server.url(room), server.invite(room, "editor", "Bad"), "Bad")
    good.connect()
    bad.connect()
    good.text().insert(0, "kept")
    settle([good, bad])
    bad.send_raw(BAD_FRAMES[name])
    code, reason = closed_with(bad)
    assert code == 1007 and reason.startswith("malformed message:"), (code, reason)
    good.text().insert(4, "!")
    settle([good])
    late = Peer(server.url(room), server.invite(room, "viewer", "Late"), "Late")
    late.connect()
    settle([late, good])
    assert str(late.text()) == "kept!"


def test_text_frames_and_oversized_frames_close_the_connection(server, room):
    peer = Peer(server.url(room), server.invite(room, "editor", "P"), "P")
    peer.connect()
    peer.send_raw("hello")
    assert closed_with(peer)[0] == 1003
    peer = Peer(server.url(room), server.invite(room, "editor", "P"), "P")
    peer.connect()
    peer.send_raw(wire.sync_frame(wire.UPDATE, b"\x00" * 300_000))  # over --max-message 256 KiB
    assert closed_with(peer)[0] == 1009
