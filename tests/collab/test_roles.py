"""Roles are enforced by the server: tokens are checked at the handshake, viewers cannot
change the document, commenters can change comments only, and a revoked invite is shut out
even mid-session."""

from __future__ import annotations

import base64
import json
import time

import pytest
from conftest import atd
from peers import Peer, settle
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from anki_template_designer.collab_server import wire


def refused_status(url: str, headers: dict[str, str]) -> tuple[int, str]:
    with pytest.raises(InvalidStatus) as caught:
        connect(url, additional_headers=headers, open_timeout=5)
    response = caught.value.response
    return response.status_code, response.body.decode()


def seeded(server, room: str) -> Peer:
    owner = Peer(server.url(room), server.invite(room, "owner", "Olga"), "Olga")
    owner.connect()
    owner.text().insert(0, "{{Front}}")
    settle([owner])
    return owner


def test_missing_forged_expired_and_wrong_room_tokens_are_refused(server, room):
    url = server.url(room)
    assert refused_status(url, {}) == (401, "invite token missing\n")
    good = server.invite(room, "owner", "Olga")
    head, payload, signature = good.split(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=="))
    body["role"] = "owner"
    body["name"] = "Mallory"
    forged_payload = base64.urlsafe_b64encode(json.dumps(body).encode()).rstrip(b"=").decode()
    status, why = refused_status(
        url, {"Authorization": f"Bearer {head}.{forged_payload}.{signature}"}
    )
    assert (status, why.split(":")[0]) == (401, "token forged")
    status, why = refused_status(url, {"Authorization": "Bearer atd1.x.y.z"})
    assert (status, why.split(":")[0]) == (401, "token malformed")
    short = server.invite(room, "editor", "Eve", expires="1s")
    time.sleep(1.2)
    status, why = refused_status(url, {"Authorization": f"Bearer {short}"})
    assert (status, why.split(":")[0]) == (401, "token expired")
    other = server.invite(room + "-other", "owner", "Olga")
    assert refused_status(url, {"Authorization": f"Bearer {other}"}) == (
        403,
        "token is for another room\n",
    )
    base = f"ws://127.0.0.1:{server.port}"
    for path in ("/nope", "/rooms/../etc", "/rooms/", "/rooms/a%20b"):
        assert refused_status(base + path, {"Authorization": f"Bearer {good}"}) == (
            404,
            "no such room path\n",
        )


def test_a_revoked_invite_is_refused_and_its_open_connection_closed(server, room):
    token = server.invite(room, "editor", "Ed")
    ed = Peer(server.url(room), token, "Ed")
    ed.connect()
    settle([ed])
    assert "revoked" in atd("collab", "revoke", "--data", str(server.data), token).stdout
    deadline = time.monotonic() + 5
    while ed.online and time.monotonic() < deadline:
        ed.receive(timeout=0.2)
    assert not ed.online, "the revoked editor's connection stayed open"
    status, why = refused_status(server.url(room), {"Authorization": f"Bearer {token}"})
    assert (status, why.split(":")[0]) == (401, "token revoked")
    kinds = atd("collab", "activity", "--data", str(server.data), "--room", room).stdout
    assert "revoked-kick Ed" in kinds and "join Ed" in kinds


def test_a_viewers_updates_are_dropped(server, room):
    owner = seeded(server, room)
    viewer = Peer(server.url(room), server.invite(room, "viewer", "Vic"), "Vic")
    viewer.connect()
    settle([owner, viewer])
    assert str(viewer.text()) == "{{Front}}"  # viewers read
    viewer.text().insert(0, "HACKED ")
    viewer.add_comment(1, "viewers cannot comment either")
    settle([owner, viewer])
    assert str(owner.text()) == "{{Front}}"
    assert len(owner.comments()) == 0
    assert {n["code"] for n in viewer.notices if n["type"] == "refused"} == {"read-only"}
    late = Peer(server.url(room), server.invite(room, "viewer", "Late"), "Late")
    late.connect()
    settle([late])
    assert str(late.text()) == "{{Front}}"  # nor stored


def test_a_commenter_may_comment_but_not_edit_a_template(server, room):
    owner = seeded(server, room)
    commenter = Peer(server.url(room), server.invite(room, "commenter", "Cam"), "Cam")
    commenter.connect()
    settle([owner, commenter])
    commenter.add_comment(1, "the front needs a hint")
    settle([owner, commenter])
    assert [c.to_py() for c in owner.comments()] == [
        {"line": 1.0, "body": "the front needs a hint", "by": "Cam"}
    ]
    commenter.text().insert(0, "<script>")  # a template edit
    commenter.text("css").insert(0, "body{}")  # a new side or CSS
    settle([owner, commenter])
    assert str(owner.text()) == "{{Front}}" and str(owner.text("css")) == ""
    codes = [n["code"] for n in commenter.notices if n["type"] == "refused"]
    assert codes and set(codes) <= {"comments-only", "incomplete"}


def test_a_commenters_update_that_waits_for_missing_changes_is_refused(server, room):
    """Otherwise it could sit pending and slip template text in once its parents arrive."""
    owner = seeded(server, room)
    commenter = Peer(server.url(room), server.invite(room, "commenter", "Cam"), "Cam")
    commenter.connect()
    settle([owner, commenter])
    commenter.text().insert(0, "A")
    first = commenter.outbox.pop()
    commenter.add_comment(1, "hi")
    commenter.text().insert(0, "B")
    later = commenter.outbox[-1]
    commenter.outbox.clear()
    commenter.send_raw(later)  # depends on `first`, which the server never got
    commenter.receive(timeout=0.5)
    assert [n["code"] for n in commenter.notices] == ["incomplete"]
    assert first  # never sent
    settle([owner])
    assert str(owner.text()) == "{{Front}}"


def test_a_replayed_update_changes_nothing_and_is_not_relayed(server, room):
    owner = seeded(server, room)
    editor = Peer(server.url(room), server.invite(room, "editor", "Ed"), "Ed")
    viewer = Peer(server.url(room), server.invite(room, "viewer", "Vic"), "Vic")
    editor.connect()
    viewer.connect()
    settle([owner, editor, viewer])
    editor.text().insert(0, "X")
    captured = editor.outbox[-1]
    settle([owner, editor, viewer])
    del owner.text()[0:1]  # the owner removes the X
    settle([owner, editor, viewer])
    editor.send_raw(captured)  # replayed by its author on the same connection
    viewer.send_raw(captured)  # replayed by someone who only watched it pass
    assert owner.receive(timeout=0.5) == 0  # nothing relayed
    settle([owner, editor, viewer])
    assert str(owner.text()) == str(editor.text()) == str(viewer.text()) == "{{Front}}"
    assert [n["code"] for n in viewer.notices] == ["read-only"]
    assert isinstance(wire.parse(captured), wire.Sync)
