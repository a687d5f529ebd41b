"""Default plugin: version history (issue #14). Every designer save is committed to the
profile's history repository (services/history) off the main thread through the
TaskManager, and a note type the designer opens (atd_notetype_opened) is first compared
with the history's head, so a change made elsewhere (Card Types screen, an import, an
update) becomes its own commit. Bridge methods are in methods.py (timeline, diff, restore,
labels), branch_methods.py (branches, merges, keeping changes on an update) and
remote_methods.py (a git remote: pull, push)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ...sdk.bridge import Method
from ...sdk.markers import hookimpl
from ...services.environment import Environment
from ...services.history import DEFAULT_FOLDER, NoteTypeHistory
from ...services.plugins import PluginContext
from ...services.registry import Registry
from ...services.tasks import Priority, TaskManager
from .branch_methods import branch_methods
from .methods import history_methods
from .remote_methods import remote_methods

log = logging.getLogger(__name__)


def _open_history(registry: Registry) -> NoteTypeHistory:
    """The repository in the profile folder (beside collection.anki2: it survives add-on
    updates and belongs to the profile whose collection it records)."""
    col = registry.get(Environment).collection()
    profile_folder = Path(col.path).parent
    history = NoteTypeHistory(profile_folder / DEFAULT_FOLDER, profile_folder.name)
    if history.rebuilt:
        log.warning("history: %s", history.rebuilt)
    return history


def _in_background(registry: Registry, key: str, work: Any) -> None:
    def logged(outcome: Any) -> None:
        if getattr(outcome, "error", None) is not None:
            log.warning("history: %s failed: %s", key, outcome.error)

    registry.get(TaskManager).submit(
        lambda _token: work(), key=key, priority=Priority.BACKGROUND, on_outcome=logged
    )


@hookimpl
def atd_register_services(context: PluginContext) -> None:
    context.registry.register_factory(
        NoteTypeHistory, _open_history, on_close=lambda history: history.close()
    )


@hookimpl
def atd_bridge_methods(context: PluginContext) -> list[Method]:
    registry = context.registry
    return history_methods(registry) + branch_methods(registry) + remote_methods(registry)


@hookimpl
def atd_notetype_saved(context: PluginContext, notetype_id: int, notetype: dict[str, Any]) -> None:
    registry: Registry = context.registry
    saved = dict(notetype)
    _in_background(
        registry,
        f"history.save.{notetype_id}.{id(saved)}",
        lambda: registry.get(NoteTypeHistory).record(saved, "save"),
    )


@hookimpl
def atd_notetype_opened(context: PluginContext, notetype_id: int, notetype: dict[str, Any]) -> None:
    """The note type the designer opens (also one picked inside an open designer) is
    compared with the history first: a change made elsewhere becomes its own commit."""
    registry: Registry = context.registry
    current = dict(notetype)
    _in_background(
        registry,
        f"history.outside.{notetype_id}",
        lambda: registry.get(NoteTypeHistory).record_outside_changes(current),
    )
