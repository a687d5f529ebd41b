"""The allowlist: every method the designer page may call, with its parameter schema.

Handlers are thin: they validate nothing themselves (the dispatcher already checked the
params against the schema) and delegate to services from the registry. No Qt here; what
the dialog must do (mark the page ready) comes in through `DesignerHost`.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from ..services.notetypes import NoteTypeCatalog
from ..services.registry import Registry
from .bridge import Method, params

log = logging.getLogger(__name__)

NO_PARAMS: dict[str, Any] = params({})
CLIENT_TEXT = {"type": "string", "maxLength": 20000}


class DesignerHost(Protocol):
    """What the bridge needs from the window hosting the page."""

    def page_ready(self) -> dict[str, Any]:
        """The page finished starting; returns the session info it shows."""
        ...


def designer_methods(registry: Registry, host: DesignerHost) -> list[Method]:
    def ready(_params: dict[str, Any]) -> dict[str, Any]:
        return host.page_ready()

    def list_notetypes(_params: dict[str, Any]) -> list[dict[str, object]]:
        return [s.to_json() for s in registry.get(NoteTypeCatalog).list()]

    def get_notetype(params: dict[str, Any]) -> dict[str, object]:
        return registry.get(NoteTypeCatalog).get(params["id"]).to_json()

    def client_error(params: dict[str, Any]) -> None:
        where = params.get("source", "")
        if "line" in params:
            where += f":{params['line']}:{params.get('column', 0)}"
        log.error(
            "page %s: %s%s%s",
            params["kind"],
            params["message"],
            f" at {where}" if where else "",
            f"\n{params['stack']}" if params.get("stack") else "",
        )

    return [
        Method("app.ready", ready, NO_PARAMS),
        Method("notetypes.list", list_notetypes, NO_PARAMS),
        Method(
            "notetypes.get",
            get_notetype,
            params({"id": {"type": "integer"}}, ["id"]),
        ),
        Method(
            "log.clientError",
            client_error,
            params(
                {
                    "kind": {"enum": ["error", "unhandledrejection", "console"]},
                    "message": CLIENT_TEXT,
                    "source": CLIENT_TEXT,
                    "line": {"type": "integer", "minimum": 0},
                    "column": {"type": "integer", "minimum": 0},
                    "stack": CLIENT_TEXT,
                },
                ["kind", "message"],
            ),
        ),
    ]
