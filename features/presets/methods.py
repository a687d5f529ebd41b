"""Bridge methods for presets: list, create, rename, import, export and apply.

Thin, like the other method tables: the dispatcher has checked the params against the
schemas below; handlers call `PresetService`, whose expected failures carry their error
codes (a stale etag is `conflict`, a bad file or name is `invalid_params` with the path
and the reason). Files are chosen by the user in a dialog opened by the `FileDialogs`
host role, never named by the page. No Qt here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...sdk.bridge import BridgeError, Method, params
from ...sdk.hosts import FileDialogs
from ...sdk.protocol import ErrorCode
from ...sdk.schemas import NOTETYPE_SCHEMA
from ...services.cache import TwoLevelCache
from ...services.metrics import Metrics
from ...services.presets import Preset, PresetService
from ...services.presets import create as build
from ...services.presets.archive import export_file_name
from ...services.presets.thumbnails import PresetThumbnails
from ...services.preview import PreviewRenderer
from ...services.registry import Registry
from ...services.saving import NoteTypeSaver
from ..events import announce

PRESET_ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$"}
ETAG = {"type": "string", "minLength": 1, "maxLength": 64}
NAME = {"type": "string", "minLength": 1, "maxLength": 80, "pattern": r"\S"}
DESCRIPTION = {"type": "string", "maxLength": 2000}
KIND = {"enum": ["design", "theme", "snippet"]}
THEME_VALUES = {
    "type": "object",
    "maxProperties": 64,
    "additionalProperties": {"type": "string", "maxLength": 300},
}
SOURCE_SCHEMA: dict[str, Any] = params(
    {
        # design, or a theme read from the draft's CSS
        "draft": NOTETYPE_SCHEMA,
        # snippet: components of one side of one card type of the draft
        "selection": params(
            {
                "cardOrd": {"type": "integer", "minimum": 0, "maximum": 499},
                "side": {"enum": ["front", "back"]},
                "nodeIds": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 500,
                    "items": {"type": "string", "maxLength": 200},
                },
            },
            ["cardOrd", "side", "nodeIds"],
        ),
        # theme from chosen values
        "vars": params({"light": THEME_VALUES, "night": THEME_VALUES}, ["light"]),
        # snippet from text
        "template": {"type": "string", "minLength": 1, "maxLength": 200000},
        "css": {"type": "string", "maxLength": 100000},
    }
)
MAPPING_SCHEMA = {
    "type": "object",
    "maxProperties": 100,
    "additionalProperties": {"type": ["string", "null"], "maxLength": 100},
}


def _source_preset(kind: str, name: str, description: str, source: dict[str, Any]) -> Preset:
    """The preset `source` describes (see SOURCE_SCHEMA), or invalid_params."""
    draft = source.get("draft")
    if kind == "design" and draft is not None:
        return build.design_from_notetype(name, draft, description)
    if kind == "theme" and "vars" in source:
        values = source["vars"]
        return build.theme_from_vars(name, values["light"], values.get("night", {}), description)
    if kind == "theme" and draft is not None:
        return build.theme_from_notetype(name, draft, description)
    if kind == "snippet" and draft is not None and "selection" in source:
        selection = source["selection"]
        return build.snippet_from_selection(
            name,
            draft,
            selection["cardOrd"],
            selection["side"],
            selection["nodeIds"],
            description,
        )
    if kind == "snippet" and "template" in source:
        return build.snippet_from_text(name, source["template"], source.get("css", ""), description)
    raise BridgeError(
        ErrorCode.INVALID_PARAMS,
        f"a {kind} is made from "
        + {
            "design": "a draft",
            "theme": "a draft or vars",
            "snippet": "a draft with a selection, or a template",
        }[kind],
    )


def preset_methods(registry: Registry) -> list[Method]:
    def service() -> PresetService:
        return registry.get(PresetService)

    thumbnail_maker: list[PresetThumbnails] = []

    def thumbnail_service() -> PresetThumbnails:
        """Built on first use from registry services (the disk cache when there is one,
        so a warm gallery opens from it after a restart too)."""
        if not thumbnail_maker:
            try:
                cache: TwoLevelCache | None = registry.get(TwoLevelCache)
            except LookupError:
                cache = None
            thumbnail_maker.append(
                PresetThumbnails(service(), registry.get(PreviewRenderer), cache)
            )
        return thumbnail_maker[0]

    def thumbnails(request: dict[str, Any]) -> dict[str, Any]:
        def run() -> dict[str, Any]:
            made = thumbnail_service().thumbnails(
                request["draft"], request.get("ids"), night=bool(request.get("night", False))
            )
            return {"thumbnails": made}

        try:
            metrics = registry.get(Metrics)
        except LookupError:
            return run()
        with metrics.timer("presets.thumbnails"):
            return run()

    def list_presets(request: dict[str, Any]) -> dict[str, Any]:
        return service().list_presets(request.get("kind")).to_json()

    def create(request: dict[str, Any]) -> dict[str, object]:
        preset = _source_preset(
            request["kind"], request["name"], request.get("description", ""), request["source"]
        )
        return service().create(preset).summary_json()

    def rename(request: dict[str, Any]) -> dict[str, object]:
        return service().rename(request["id"], request["etag"], request["name"]).summary_json()

    def duplicate(request: dict[str, Any]) -> dict[str, object]:
        return service().duplicate(request["id"], request.get("name")).summary_json()

    def delete(request: dict[str, Any]) -> None:
        service().delete(request["id"], request["etag"])

    def import_preset(request: dict[str, Any]) -> dict[str, Any]:
        """Without a token: pick a file, check it, and store it at once unless it holds
        untrusted content (then the page asks, and calls again with the token and the
        user's decision: strip, keep or cancel)."""
        presets = service()
        token = request.get("token")
        if token is None:
            path = registry.get(FileDialogs).choose_open(  # type: ignore[type-abstract]
                "Import preset", "Template Designer presets", "atdpreset", "atdPresets"
            )
            if path is None:
                return {"cancelled": True}
            plan = presets.inspect_import(Path(path))
            if plan.findings:
                return {"needsDecision": True, "plan": plan.to_json()}
            token = plan.token
        decision = request.get("decision")
        if decision == "cancel":
            presets.cancel_import(token)
            return {"cancelled": True}
        stored = presets.commit_import(token, decision)
        return {"imported": stored.summary_json()}

    def export(request: dict[str, Any]) -> dict[str, Any]:
        presets = service()
        preset = presets.get(request["id"]).preset
        path = registry.get(FileDialogs).choose_save(  # type: ignore[type-abstract]
            "Export preset",
            "Template Designer presets",
            "atdpreset",
            "atdPresets",
            export_file_name(preset.name),
        )
        if path is None:
            return {"cancelled": True}
        return presets.export(preset.id, Path(path))

    def mapping(request: dict[str, Any]) -> dict[str, Any]:
        draft = request["draft"]
        preset = service().get(request["id"]).preset
        chosen = service().mapping(preset.id, draft, request.get("mapping"))
        return {
            "presetFields": list(preset.fields),
            "noteFields": [f.get("name") for f in draft["flds"]],
            "mapping": chosen.to_json(),
            "unmapped": chosen.unmapped(),
        }

    def apply(request: dict[str, Any]) -> dict[str, Any]:
        result = service().apply(request["id"], request["draft"], request.get("mapping"))
        announce(
            registry,
            "atd_preset_applied",
            preset_id=request["id"],
            notetype_id=int(request["draft"]["id"]),
            draft=result.draft,
        )
        reply = result.to_json()
        try:
            reply["schemaChanges"] = (
                registry.get(NoteTypeSaver).schema_changes(result.draft).to_json()
            )
        except LookupError:  # a note type not in the collection (yet): nothing to compare
            reply["schemaChanges"] = None
        return reply

    def snippet_text(request: dict[str, Any]) -> dict[str, Any]:
        return {"text": service().snippet_text(request["id"], request["fields"])}

    def install_media(request: dict[str, Any]) -> dict[str, Any]:
        return {"written": service().install_media(request["id"])}

    id_only = params({"id": PRESET_ID}, ["id"])
    with_etag = {"id": PRESET_ID, "etag": ETAG}
    table = [
        ("presets.list", list_presets, params({"kind": KIND})),
        (
            "presets.create",
            create,
            params(
                {"kind": KIND, "name": NAME, "description": DESCRIPTION, "source": SOURCE_SCHEMA},
                ["kind", "name", "source"],
            ),
        ),
        ("presets.rename", rename, params({**with_etag, "name": NAME}, ["id", "etag", "name"])),
        ("presets.duplicate", duplicate, params({"id": PRESET_ID, "name": NAME}, ["id"])),
        ("presets.delete", delete, params(with_etag, ["id", "etag"])),
        (
            "presets.import",
            import_preset,
            params(
                {
                    "token": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                    "decision": {"enum": ["strip", "keep", "cancel"]},
                }
            ),
        ),
        ("presets.export", export, id_only),
        (
            "presets.mapping",
            mapping,
            params(
                {"id": PRESET_ID, "draft": NOTETYPE_SCHEMA, "mapping": MAPPING_SCHEMA},
                ["id", "draft"],
            ),
        ),
        (
            "presets.apply",
            apply,
            params(
                {"id": PRESET_ID, "draft": NOTETYPE_SCHEMA, "mapping": MAPPING_SCHEMA},
                ["id", "draft"],
            ),
        ),
        (
            "presets.snippetText",
            snippet_text,
            params(
                {
                    "id": PRESET_ID,
                    "fields": {
                        "type": "array",
                        "maxItems": 500,
                        "items": {"type": "string", "maxLength": 200},
                    },
                },
                ["id", "fields"],
            ),
        ),
        ("presets.installMedia", install_media, id_only),
        (
            "presets.thumbnails",
            thumbnails,
            params(
                {
                    "draft": NOTETYPE_SCHEMA,
                    "ids": {"type": "array", "maxItems": 500, "items": PRESET_ID},
                    "night": {"type": "boolean"},
                },
                ["draft"],
            ),
        ),
    ]
    return [Method(name, handler, schema) for name, handler, schema in table]
