"""collab.connect / collab.send / collab.disconnect / collab.status."""

from __future__ import annotations

from typing import Any

from ...sdk.bridge import Method, params
from ...services.collab import CollabSession
from ...services.registry import Registry

URL = {"type": "string", "pattern": "^wss?://", "maxLength": 2048}
TOKEN = {"type": "string", "minLength": 10, "maxLength": 2048}
FRAME = {"type": "string", "maxLength": 1_400_000}


def collab_methods(registry: Registry) -> list[Method]:
    def session() -> CollabSession:
        return registry.get(CollabSession)

    def connect(p: dict[str, Any]) -> Any:
        return session().connect(p["url"], p["token"])

    def send(p: dict[str, Any]) -> Any:
        return {"sent": session().send(p["data"])}

    def disconnect(_p: dict[str, Any]) -> Any:
        session().disconnect()
        return {"state": "closed"}

    def status(_p: dict[str, Any]) -> Any:
        return session().status()

    return [
        Method("collab.connect", connect, params({"url": URL, "token": TOKEN}, ["url", "token"])),
        Method("collab.send", send, params({"data": FRAME}, ["data"])),
        Method("collab.disconnect", disconnect),
        Method("collab.status", status),
    ]
