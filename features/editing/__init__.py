"""Default plugin: templates and editing (open, lint, card types, drafts, save)."""

from __future__ import annotations

from typing import Any

from ...sdk.bridge import Method
from ...sdk.contributions import LintRule
from ...sdk.markers import hookimpl
from ...services.environment import Environment
from ...services.lint import Linter
from ...services.plugins import PluginContext, PluginManager
from ...services.preview import PreviewRenderer
from ...services.registry import Registry
from ...services.saving import DraftStore, NoteTypeSaver
from ...services.saving.checks import DraftChecks
from ...services.saving.flow import SaveFlow
from ..events import announce
from .methods import editing_methods


def _lint_rules(registry: Registry) -> list[LintRule]:
    """Every plugin's lint rules, asked for at each check (plugins come and go)."""
    if not registry.is_registered(PluginManager):
        return []
    return [rule for _id, rule in registry.get(PluginManager).collect("atd_lints")]


def _flow(registry: Registry) -> SaveFlow:
    def saved(notetype_id: int, draft: dict[str, Any]) -> None:
        announce(registry, "atd_notetype_saved", notetype_id=notetype_id, notetype=draft)

    def will_save(notetype_id: int, current: dict[str, Any]) -> None:
        announce(registry, "atd_notetype_will_save", notetype_id=notetype_id, notetype=current)

    return SaveFlow(
        registry.get(NoteTypeSaver),
        registry.get(DraftStore),
        registry.get(DraftChecks),
        saved,
        before_save=will_save,
    )


@hookimpl
def atd_register_services(context: PluginContext) -> None:
    registry: Registry = context.registry
    env = registry.get(Environment)
    registry.register_factory(Linter, lambda r: Linter(r.get(PreviewRenderer)))
    registry.register_factory(NoteTypeSaver, lambda _r: NoteTypeSaver(env.collection))
    registry.register_factory(
        DraftStore, lambda _r: DraftStore(env.paths.drafts_dir / env.profile_key)
    )
    registry.register_factory(
        DraftChecks, lambda r: DraftChecks(r.get(Linter), lambda: _lint_rules(r))
    )
    registry.register_factory(SaveFlow, _flow)


@hookimpl
def atd_bridge_methods(context: PluginContext) -> list[Method]:
    return editing_methods(context.registry)
