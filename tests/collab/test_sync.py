"""Two and three real clients on the real server converge; presence is relayed stamped
with the name and role from the invite, not from what a client claims."""

from __future__ import annotations

from peers import Peer, settle

from anki_template_designer.collab_server import wire


def test_two_editors_converge_to_identical_text(server, room):
    ann = Peer(server.url(room), server.invite(room, "editor", "Ann"), "Ann")
    bob = Peer(server.url(room), server.invite(room, "editor", "Bob"), "Bob")
    ann.connect()
    bob.connect()
    assert ann.welcome == {"type": "welcome", "room": room, "name": "Ann", "role": "editor"}
    ann.text().insert(0, "<div>{{Front}}</div>")
    settle([ann, bob])
    bob.text().insert(4, ' class="q"')
    ann.text().insert(len(str(ann.text())), "\n{{Back}}")
    settle([ann, bob])
    assert str(ann.text()).encode() == str(bob.text()).encode()
    assert str(ann.text()) == '<div class="q">{{Front}}</div>\n{{Back}}'


def test_a_late_joiner_gets_the_whole_document_and_offline_edits_merge(server, room):
    ann = Peer(server.url(room), server.invite(room, "editor", "Ann"), "Ann")
    ann.connect()
    ann.text("css").insert(0, ".card { color: red; }")
    settle([ann])
    ann.disconnect()
    ann.text("css").insert(0, "/* offline */\n")  # edited while away
    cleo = Peer(server.url(room), server.invite(room, "editor", "Cleo"), "Cleo")
    cleo.connect()
    settle([cleo])
    assert str(cleo.text("css")) == ".card { color: red; }"
    ann.connect()
    settle([ann, cleo])
    assert str(cleo.text("css")) == "/* offline */\n.card { color: red; }"


def test_presence_is_relayed_with_the_invited_identity(server, room):
    ann = Peer(server.url(room), server.invite(room, "editor", "Ann"), "Ann")
    bob = Peer(server.url(room), server.invite(room, "viewer", "Bob"), "Bob")
    ann.connect()
    bob.connect()
    settle([ann, bob])
    bob.say_here({"user": {"name": "The Owner", "color": "#ff0000"}, "where": "0:front"}, 1)
    settle([ann, bob])
    state = ann.presence[bob.doc.client_id]
    assert state["user"] == {"name": "Bob", "role": "viewer", "color": "#ff0000"}
    assert state["where"] == "0:front"
    # Someone else's presence entry is not Bob's to change.
    ann.say_here({"user": {"color": "#00ff00"}}, 1)
    settle([ann, bob])
    forged = {"user": {"name": "x"}}
    bob.send_raw(wire.awareness_frame([wire.PresenceEntry(ann.doc.client_id, 9, forged)]))
    settle([ann, bob])
    assert bob.presence[ann.doc.client_id]["user"]["name"] == "Ann"
    bob.disconnect()
    settle([ann])
    assert ann.presence[bob.doc.client_id] is None  # leaving is announced
