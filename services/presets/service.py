"""PresetService: everything the designer does with presets, in one Qt-free facade.

It joins the built-in gallery (read-only) and the user's store, builds presets from a
draft, applies them to a draft, and imports and exports `.atdpreset` files. Import is two
steps because the user must decide about untrusted content: `inspect_import` reads and
checks the whole file and reports what it found (`ImportPlan`); `commit_import` stores it,
stripped or as it is, as the user chose. Nothing is written before that second step.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from anki.collection import Collection

from .apply import ApplyResult, apply_preset, note_fields, rename_fields
from .archive import PresetFile, read_preset_file, write_preset_file
from .atomic import Writer, write_atomically
from .create import UNSAVED_ID
from .errors import PresetError, PresetNotFound, ReadOnlyPreset
from .gallery import shipped_gallery
from .mapping import FieldMapping, mapping_from_user, suggest_mapping
from .model import Kind, Preset, Snippet
from .store import PresetStore, StoredPreset, StoreProblem, normalize_name
from .untrusted import Finding, scan_preset, strip_preset

CollectionGetter = Callable[[], Collection]
BUILTIN_ETAG = "builtin"
#: Imports inspected but not yet committed (the user is deciding); oldest dropped first.
MAX_PENDING_IMPORTS = 8
Decision = Literal["strip", "keep"]


@dataclass(frozen=True)
class ImportPlan:
    token: str
    file: PresetFile
    findings: list[Finding]
    #: The name it will be stored under (the file's, or `Name (2)` when that is taken).
    name: str

    def to_json(self) -> dict[str, Any]:
        preset = self.file.preset
        return {
            "token": self.token,
            "path": self.file.path,
            "format": self.file.format,
            "name": preset.name,
            "storedAs": self.name,
            "kind": preset.kind,
            "description": preset.description,
            "fields": list(preset.fields),
            "media": sorted(self.file.media),
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass(frozen=True)
class PresetList:
    presets: list[StoredPreset]
    problems: list[StoreProblem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "presets": [s.summary_json() for s in self.presets],
            "problems": [p.to_json() for p in self.problems],
        }


class PresetService:
    def __init__(
        self,
        store: PresetStore,
        gallery: tuple[Preset, ...],
        *,
        collection: CollectionGetter | None = None,
        writer: Writer = write_atomically,
    ) -> None:
        self._store = store
        self._gallery = {p.id: p for p in gallery}
        self._collection = collection
        self._write = writer
        self._pending: OrderedDict[str, ImportPlan] = OrderedDict()
        self._pending_lock = threading.Lock()

    @classmethod
    def open(
        cls,
        directory: Path,
        *,
        collection: CollectionGetter | None = None,
        clock: Callable[[], float] = time.time,
    ) -> PresetService:
        gallery = shipped_gallery()
        store = PresetStore(directory, reserved_names=[p.name for p in gallery], clock=clock)
        return cls(store, gallery, collection=collection)

    @property
    def store(self) -> PresetStore:
        return self._store

    def check(self) -> None:
        """For `registry.ping()` (the registry's `check=`)."""
        self._store.check()

    # -- reading ---------------------------------------------------------------------

    def list_presets(self, kind: Kind | None = None) -> PresetList:
        """Built-in presets first (gallery order), then the user's by name."""
        builtins = [StoredPreset(p, BUILTIN_ETAG) for p in self._gallery.values()]
        found = [*builtins, *self._store.all()]
        if kind is not None:
            found = [s for s in found if s.preset.kind == kind]
        return PresetList(found, self._store.problems)

    def get(self, preset_id: str) -> StoredPreset:
        builtin = self._gallery.get(preset_id)
        if builtin is not None:
            return StoredPreset(builtin, BUILTIN_ETAG)
        return self._store.get(preset_id)

    def _writable(self, preset_id: str) -> None:
        if preset_id in self._gallery:
            raise ReadOnlyPreset(
                f"{self._gallery[preset_id].name!r} is built in and cannot be changed; "
                "duplicate it and change the copy"
            )

    def media(self, preset_id: str) -> dict[str, bytes]:
        stored = self.get(preset_id)
        return {} if stored.preset.builtin else self._store.media_bytes(stored.preset)

    # -- writing ---------------------------------------------------------------------

    def create(self, preset: Preset) -> StoredPreset:
        """Store a preset built by `create.py` (its name must be free)."""
        return self._store.create(preset)

    def replace_content(self, preset_id: str, etag: str, source: Preset) -> StoredPreset:
        """Give a preset new content (from the current design, a selection or colours),
        keeping its name, id and history; `source` must be of the same kind."""
        self._writable(preset_id)

        def change(current: Preset) -> Preset:
            if source.kind != current.kind:
                raise PresetError(
                    f"{current.name!r} is a {current.kind}; it cannot take a {source.kind}"
                )
            description = source.description or current.description
            return current.with_changes(
                body=source.body, fields=source.fields, description=description
            )

        return self._store.update(preset_id, etag, change)

    def set_description(self, preset_id: str, etag: str, description: str) -> StoredPreset:
        self._writable(preset_id)
        return self._store.update(
            preset_id, etag, lambda p: p.with_changes(description=description)
        )

    def rename(self, preset_id: str, etag: str, name: str) -> StoredPreset:
        self._writable(preset_id)
        return self._store.update(
            preset_id, etag, lambda p: p.with_changes(name=normalize_name(name))
        )

    def duplicate(self, preset_id: str, name: str | None = None) -> StoredPreset:
        """A user copy (of a built-in one too); without `name`, `<name> (copy)` or the
        first free `(n)` variant of it."""
        source = self.get(preset_id)
        media = self.media(preset_id)
        copy = source.preset.with_changes(id=UNSAVED_ID, builtin=False)
        if name is None:
            return self._store.create(
                copy.with_changes(name=f"{source.preset.name} (copy)"), media, rename=True
            )
        return self._store.create(copy.with_changes(name=name), media)

    def delete(self, preset_id: str, etag: str) -> None:
        self._writable(preset_id)
        self._store.delete(preset_id, etag)

    # -- applying --------------------------------------------------------------------

    def mapping(
        self,
        preset_id: str,
        notetype: Mapping[str, Any],
        chosen: Mapping[str, str | None] | None = None,
    ) -> FieldMapping:
        preset = self.get(preset_id).preset
        fields = note_fields(notetype)
        if chosen is None:
            return suggest_mapping(preset.fields, fields)
        try:
            return mapping_from_user(preset.fields, fields, chosen)
        except ValueError as error:
            raise PresetError(str(error)) from None

    def apply(
        self,
        preset_id: str,
        notetype: Mapping[str, Any],
        chosen: Mapping[str, str | None] | None = None,
    ) -> ApplyResult:
        preset = self.get(preset_id).preset
        return apply_preset(preset, notetype, self.mapping(preset_id, notetype, chosen))

    def snippet_text(self, preset_id: str, fields: list[str]) -> str | None:
        """What a snippet's block inserts into a note type with `fields`: its template
        with the suggested field renames (None for designs and themes). Only the field
        names are needed, so the block list does not send the whole draft per snippet."""
        preset = self.get(preset_id).preset
        if not isinstance(preset.body, Snippet):
            return None
        return rename_fields(preset.body.template, suggest_mapping(preset.fields, fields).targets())

    def install_media(self, preset_id: str) -> list[str]:
        """Copy the preset's media into the collection's media folder (files already
        there with the same content are left alone); returns the names written."""
        if self._collection is None:
            raise PresetError("no collection is open")
        col = self._collection()
        written = []
        for name, data in self.media(preset_id).items():
            existing = Path(col.media.dir()) / name
            if existing.is_file() and existing.read_bytes() == data:
                continue
            stored = col.media.write_data(name, data)
            written.append(stored)
        return written

    # -- import and export -----------------------------------------------------------

    def inspect_import(self, path: Path) -> ImportPlan:
        """Read and check the whole file; report untrusted content. Writes nothing."""
        loaded = read_preset_file(path)
        plan = ImportPlan(
            token=uuid.uuid4().hex,
            file=loaded,
            findings=scan_preset(loaded.preset, loaded.media),
            name=self._store.unused_name(loaded.preset.name),
        )
        with self._pending_lock:
            self._pending[plan.token] = plan
            while len(self._pending) > MAX_PENDING_IMPORTS:
                self._pending.popitem(last=False)
        return plan

    def commit_import(self, token: str, decision: Decision | None = None) -> StoredPreset:
        """Store an inspected import. With findings, `decision` must say whether to strip
        them or keep them as they are."""
        with self._pending_lock:
            plan = self._pending.get(token)
        if plan is None:
            raise PresetNotFound("that import is no longer pending; choose the file again")
        preset = plan.file.preset
        media = plan.file.media
        if plan.findings:
            if decision is None:
                raise PresetError(
                    f"{plan.file.path} contains {len(plan.findings)} item(s) that can run code "
                    "or reach the internet; choose to strip them or keep them"
                )
            if decision == "strip":
                preset = strip_preset(preset, media)
                kept = {entry.name for entry in preset.media}
                media = {name: data for name, data in media.items() if name in kept}
        stored = self._store.create(preset, media, rename=True)
        with self._pending_lock:
            self._pending.pop(token, None)
        return stored

    def cancel_import(self, token: str) -> None:
        with self._pending_lock:
            self._pending.pop(token, None)

    def import_file(self, path: Path, decision: Decision | None = None) -> StoredPreset:
        """Inspect and commit in one go (for scripts and tests)."""
        plan = self.inspect_import(path)
        try:
            return self.commit_import(plan.token, decision)
        finally:
            self.cancel_import(plan.token)

    def export(self, preset_id: str, path: Path) -> dict[str, Any]:
        """Write the preset (and its media) to `path`; zip when there is media."""
        stored = self.get(preset_id)
        file_format = write_preset_file(
            path, stored.preset, self.media(preset_id), writer=self._write
        )
        return {"path": str(path), "format": file_format, "bytes": path.stat().st_size}
