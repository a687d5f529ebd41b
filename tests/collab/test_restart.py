"""Rooms survive a server restart mid-session: clients that edited while it was down
reconnect and everything merges (its own server: this test stops it)."""

from __future__ import annotations

from conftest import start_server
from peers import Peer, settle


def test_server_restart_mid_session_keeps_the_room_and_merges_offline_edits(tmp_path):
    running = start_server(tmp_path / "data")
    port = running.port
    room = "basic-1234"
    try:
        ann = Peer(running.url(room), running.invite(room, "editor", "Ann"), "Ann")
        bob = Peer(running.url(room), running.invite(room, "editor", "Bob"), "Bob")
        ann.connect()
        bob.connect()
        ann.text().insert(0, "{{Front}}")
        ann.add_comment(1, "kept across restarts")
        settle([ann, bob])
        running.stop()
        ann.receive(timeout=0.5)
        bob.receive(timeout=0.5)
        assert not ann.online and not bob.online
        ann.text().insert(0, "<b>")  # edited while the server is down
        bob.text().insert(len(str(bob.text())), "</b>")
        running = start_server(tmp_path / "data", port)
        ann.connect()
        bob.connect()
        settle([ann, bob])
        fresh = Peer(running.url(room), running.invite(room, "viewer", "Vic"), "Vic")
        fresh.connect()
        settle([fresh, ann, bob])
        assert str(fresh.text()) == str(ann.text()) == str(bob.text()) == "<b>{{Front}}</b>"
        assert [c.to_py()["body"] for c in fresh.comments()] == ["kept across restarts"]
    finally:
        running.stop()


def test_a_room_past_the_compaction_limit_is_one_row_and_loads_whole(tmp_path):
    import sqlite3

    running = start_server(tmp_path / "data")
    room = "compacted"
    try:
        ann = Peer(running.url(room), running.invite(room, "editor", "Ann"), "Ann")
        ann.connect()
        for i in range(520):  # one update each, past COMPACT_AFTER (500)
            ann.text().insert(len(str(ann.text())), f"{i % 10}")
            ann.flush()
        settle([ann])
        running.stop()
        db = sqlite3.connect(tmp_path / "data" / "rooms.sqlite3")
        (rows,) = db.execute("SELECT COUNT(*) FROM updates WHERE room=?", (room,)).fetchone()
        db.close()
        assert rows < 30, rows
        running = start_server(tmp_path / "data", running.port)
        fresh = Peer(running.url(room), running.invite(room, "viewer", "Vic"), "Vic")
        fresh.connect()
        settle([fresh])
        assert str(fresh.text()) == "".join(f"{i % 10}" for i in range(520))
    finally:
        running.stop()
