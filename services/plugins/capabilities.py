"""Capability objects: a plugin can do exactly what its manifest declares, nothing more.

`Capabilities` hands out one object per declared permission; asking for one that was not
declared, or using one beyond what it names (another host, a path outside the plugin's
folder), raises `PluginPermissionError` and logs it. Python plugins run in-process and
are trusted like any Anki add-on: these objects make the intended use plain and the
accidental overreach loud, they are not a sandbox.
"""

from __future__ import annotations

import builtins
import logging
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..notetypes import NoteTypeCatalog
from ..preview import PreviewOptions, PreviewRenderer
from ..registry import Registry
from ..saving import NoteTypeSaver

NOTETYPES_READ = "notetypes:read"
NOTETYPES_WRITE = "notetypes:write"
FILES = "files"


class PluginPermissionError(PermissionError):
    """A plugin used something its manifest does not declare."""


class NoteTypesRead:
    def __init__(self, registry: Registry) -> None:
        self._registry = registry

    def list(self) -> list[dict[str, object]]:
        return [s.to_json() for s in self._registry.get(NoteTypeCatalog).list()]

    def get(self, notetype_id: int) -> dict[str, Any]:
        """The whole note type dict (fields, card types, CSS)."""
        return dict(self._registry.get(NoteTypeSaver).load(notetype_id).notetype)

    def notes(self, notetype_id: int, limit: int = 20) -> builtins.list[dict[str, object]]:
        """Up to `limit` notes of the note type: ``[{id, label}]``."""
        notes = self._registry.get(PreviewRenderer).notes
        return [c.to_json() for c in notes.search(notetype_id, "", max(1, min(limit, 1000)))]

    def render(
        self, draft: dict[str, Any], card_ord: int = 0, note_id: int | None = None
    ) -> dict[str, Any]:
        """Card `card_ord` of the (unsaved) draft rendered by Anki's renderer, as the
        reviewer would show it, with note `note_id` (None: the first note, else a sample):
        ``{question, answer, css, bodyClass, noteId, isSample, problem, clozeNumbers}``.
        The HTML is the template's own: it may hold scripts; treat it as untrusted."""
        renderer = self._registry.get(PreviewRenderer)
        options = PreviewOptions(card_ord=card_ord, note_id=note_id)
        note, is_sample = renderer.resolve_note(draft, options)
        front = renderer.render_note(draft, note, is_sample, options)
        back = renderer.render_note(
            draft, note, is_sample, PreviewOptions(card_ord=card_ord, side="answer")
        )
        return {
            "question": front.html,
            "answer": back.html,
            "css": front.css,
            "bodyClass": front.body_class,
            "noteId": front.note_id,
            "isSample": is_sample,
            "problem": front.problem or back.problem,
            "clozeNumbers": list(front.cloze_numbers),
        }


class NoteTypesWrite:
    def __init__(self, registry: Registry) -> None:
        self._registry = registry

    def save(self, draft: dict[str, Any], fingerprint: str) -> object:
        """Write the draft's card types and CSS (refused if changed since `fingerprint`).
        Call it inside a collection operation; returns Anki's OpChanges."""
        return self._registry.get(NoteTypeSaver).save(draft, fingerprint)


class PluginFiles:
    """The plugin's own data folder (``user_files/plugin-data/<id>``)."""

    def __init__(self, root: Path, refuse: Callable[[str], PluginPermissionError]) -> None:
        self.root = root
        self._refuse = refuse

    def path(self, relative: str) -> Path:
        target = (self.root / relative).resolve()
        if not target.is_relative_to(self.root.resolve()):
            raise self._refuse(f"file {relative!r} is outside the plugin's folder")
        return target

    def read_text(self, relative: str) -> str:
        return self.path(relative).read_text(encoding="utf-8")

    def write_text(self, relative: str, text: str) -> None:
        target = self.path(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


class _RedirectsToNamedHosts(urllib.request.HTTPRedirectHandler):
    """A redirect is followed only to a host the manifest names (checked like the first
    address): otherwise any named host could send the plugin anywhere."""

    def __init__(self, network: Network) -> None:
        super().__init__()
        self._network = network

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str):  # type: ignore[no-untyped-def]
        self._network.check(urllib.parse.urljoin(req.full_url, newurl))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Network:
    """HTTP(S) to the hosts the manifest names (``network:<host>``), nothing else, redirects
    included."""

    def __init__(self, hosts: frozenset[str], refuse: Callable[[str], PluginPermissionError]):
        self.hosts = hosts
        self._refuse = refuse
        self._opener = urllib.request.build_opener(_RedirectsToNamedHosts(self))

    def check(self, url: str) -> str:
        parts = urllib.parse.urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or host not in self.hosts:
            raise self._refuse(f"network access to {url!r} (allowed: {sorted(self.hosts)})")
        return url

    def get(self, url: str, timeout: float = 10.0) -> bytes:
        with self._opener.open(self.check(url), timeout=timeout) as response:
            body: bytes = response.read()
            return body


class Capabilities:
    """What one plugin was granted, as objects (built on first use)."""

    def __init__(
        self,
        plugin_id: str,
        granted: frozenset[str],
        registry: Registry,
        data_dir: Path,
        log: logging.Logger,
        *,
        everything: bool = False,
    ) -> None:
        self.plugin_id = plugin_id
        self.granted = granted
        self._registry = registry
        self._data_dir = data_dir
        self._log = log
        self._everything = everything

    def has(self, permission: str) -> bool:
        return self._everything or permission in self.granted

    def refused(self, what: str) -> PluginPermissionError:
        """Log and return the error for a use beyond the manifest (the caller raises it)."""
        message = f"plugin {self.plugin_id!r} is not allowed {what}"
        self._log.warning("permission refused: %s", message)
        return PluginPermissionError(message)

    def require(self, permission: str) -> None:
        if not self.has(permission):
            raise self.refused(f"{permission!r}: its plugin.json does not declare it")

    @property
    def notetypes_read(self) -> NoteTypesRead:
        self.require(NOTETYPES_READ)
        return NoteTypesRead(self._registry)

    @property
    def notetypes_write(self) -> NoteTypesWrite:
        self.require(NOTETYPES_WRITE)
        return NoteTypesWrite(self._registry)

    @property
    def files(self) -> PluginFiles:
        self.require(FILES)
        return PluginFiles(self._data_dir, self.refused)

    @property
    def network(self) -> Network:
        hosts = frozenset(p.split(":", 1)[1] for p in self.granted if p.startswith("network:"))
        if not hosts and not self._everything:
            raise self.refused("network access: its plugin.json names no host")
        return Network(hosts, self.refused)
