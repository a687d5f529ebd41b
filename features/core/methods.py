"""The designer's own bridge methods: start-up, the note type list, page errors, and the
diagnostics behind Help → Diagnostics (service health checks and plugin states).

Handlers are thin: the dispatcher already checked the params against the schema; they
delegate to services from the registry. What only the window knows (night mode, the note
type it opened on) comes from the `DesignerWindow` host role.
"""

from __future__ import annotations

import logging
from typing import Any

from anki.utils import point_version

from ...sdk.bridge import Method, params
from ...sdk.hosts import DesignerWindow
from ...sdk.protocol import PROTOCOL_VERSION
from ...services.about import AddonInfo
from ...services.config import ConfigService
from ...services.metrics import Alert, Metrics
from ...services.notetypes import NoteTypeCatalog
from ...services.paths import AddonPaths
from ...services.plugins import PluginManager
from ...services.registry import Registry

log = logging.getLogger(__name__)

NO_PARAMS: dict[str, Any] = params({})
CLIENT_TEXT = {"type": "string", "maxLength": 20000}


def alert_json(alert: Alert) -> dict[str, Any]:
    return {
        "name": alert.name,
        "percentile": alert.percentile,
        "limitMs": alert.limit_s * 1000,
        "valueMs": alert.value_s * 1000,
        "active": alert.active,
    }


def session_info(registry: Registry) -> dict[str, Any]:
    """What the page shows once started: versions, config problems, alerts, window state."""
    info = AddonInfo.read(registry.get(AddonPaths))
    config = registry.get(ConfigService)
    window = registry.get(DesignerWindow)  # type: ignore[type-abstract]
    window.mark_ready()
    log.info("designer page ready (protocol %d)", PROTOCOL_VERSION)
    return {
        "addon": {"name": info.name, "version": info.version},
        "ankiVersion": point_version(),
        "protocol": PROTOCOL_VERSION,
        **window.session_info(),
        "configProblems": [str(p) for p in config.problems],
        "developerMode": bool(config.get("developer_mode")),
        "alerts": [alert_json(a) for a in registry.get(Metrics).alerts()],
    }


def diagnostics(registry: Registry) -> dict[str, Any]:
    """Every service's health check (`Registry.ping`) and every plugin's state."""
    return {
        "services": [{"name": r.name, "ok": r.ok, "error": r.error} for r in registry.ping()],
        "plugins": registry.get(PluginManager).status(),
    }


def core_methods(registry: Registry) -> list[Method]:
    def list_notetypes(_params: dict[str, Any]) -> list[dict[str, object]]:
        return [s.to_json() for s in registry.get(NoteTypeCatalog).list()]

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
        Method("app.ready", lambda _p: session_info(registry), NO_PARAMS),
        Method("notetypes.list", list_notetypes, NO_PARAMS),
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
        Method("diagnostics.report", lambda _p: diagnostics(registry), NO_PARAMS),
    ]
