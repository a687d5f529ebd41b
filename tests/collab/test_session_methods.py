"""The collab.* bridge methods through the real dispatcher, against the real server: frames
go out base64 through collab.send and come back as collab.frame / collab.status events;
hostile params are refused by the schema or the session with a clear error."""

from __future__ import annotations

import base64
import json
import queue
import time

import anki.collection  # noqa: F401 -- anki first, in its own import order
from peers import Peer, settle

from anki_template_designer.collab_server import wire
from anki_template_designer.features.collab.methods import collab_methods
from anki_template_designer.gui.bridge import Dispatcher
from anki_template_designer.sdk.protocol import PREFIX
from anki_template_designer.services.collab import CollabSession
from anki_template_designer.services.registry import Registry


def call(dispatcher: Dispatcher, method: str, params: dict) -> dict:
    reply = dispatcher.handle(
        PREFIX + json.dumps({"v": 1, "id": 1, "method": method, "params": params})
    )
    return json.loads(reply) if isinstance(reply, str) else dict(reply)


def test_frames_round_trip_through_the_bridge_methods(server, room):
    registry = Registry()
    session = CollabSession()
    registry.register_value(CollabSession, session)
    events: queue.Queue[tuple[str, dict]] = queue.Queue()
    session.on_event(lambda name, data: events.put((name, data)))
    dispatcher = Dispatcher(collab_methods(registry), lambda _envelope: None)
    token = server.invite(room, "editor", "Ann")
    assert call(dispatcher, "collab.connect", {"url": server.url(room), "token": token})["ok"]
    seen: list[tuple[str, dict]] = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any(d.get("identity") for _, d in seen):
        try:
            seen.append(events.get(timeout=0.2))
        except queue.Empty:
            pass
    online = [d for n, d in seen if n == "collab.status" and d["state"] == "online"]
    assert online[0]["identity"]["name"] == "Ann"
    assert token not in json.dumps(seen)  # the secret never reaches an event
    bob = Peer(server.url(room), server.invite(room, "editor", "Bob"), "Bob")
    bob.connect()
    bob.text().insert(0, "{{Front}}")
    settle([bob])
    frames = []
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not frames:
        try:
            name, data = events.get(timeout=0.2)
        except queue.Empty:
            continue
        if name == "collab.frame":
            message = wire.parse(base64.b64decode(data["data"]))
            if isinstance(message, wire.Sync) and message.step == wire.UPDATE:
                frames.append(message)
    assert frames, "Bob's edit never reached the page side"
    from pycrdt import Doc, Text

    page = Doc()
    page.apply_update(frames[0].payload)
    mine = Doc()
    mine.apply_update(page.get_update())
    text = mine.get("side:0:front", type=Text)
    updates: list[bytes] = []
    mine.observe(lambda e: updates.append(e.update))
    text.insert(len(str(text).encode()), "<hr>")
    frame = base64.b64encode(wire.sync_frame(wire.UPDATE, updates[-1])).decode()
    assert call(dispatcher, "collab.send", {"data": frame})["result"] == {"sent": True}
    settle([bob])
    assert str(bob.text()) == "{{Front}}<hr>"
    refused = call(dispatcher, "collab.send", {"data": "not base64!"})
    assert not refused["ok"] and "not base64" in refused["error"]["message"]
    bad_url = call(dispatcher, "collab.connect", {"url": "http://x", "token": token})
    assert not bad_url["ok"]
    assert call(dispatcher, "collab.disconnect", {})["ok"]
    assert not call(dispatcher, "collab.send", {"data": frame})["ok"]
