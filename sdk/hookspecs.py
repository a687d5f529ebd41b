# mypy: disable-error-code="empty-body"
"""Every hook a plugin can implement: the one seam our features and third parties share.

Our own features (templates and editing, preview, canvas, presets, onboarding, metrics)
are default plugins that implement exactly these hooks (`features/`), so anything they do
a plugin can do too. Each hook receives `context`, a `PluginContext` made for the plugin
being called: its id, its logger, the services it may use and the capabilities its
manifest grants (sdk/context.py). Implementations are checked against these specs when a
plugin registers: a misspelt hook name or argument is refused, not silently ignored.

Collecting hooks (`atd_bridge_methods`, `atd_lints`, ...) return a list; the results of
all plugins are joined. Event hooks (`atd_designer_opened`, ...) return nothing. A plugin
whose hook raises is logged, disabled and reported; the other plugins still run.

Every hook is documented in docs/plugins.md (tests/unit/plugins/test_docs.py checks it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .markers import hookspec

if TYPE_CHECKING:
    from .bridge import Method
    from .context import PluginContext
    from .contributions import CanvasBlock, Exporter, LintRule, Panel


# -- building blocks ---------------------------------------------------------------------


@hookspec
def atd_register_services(context: PluginContext) -> None:
    """Register service factories: ``context.registry.register_factory(Key, factory)``.

    Called once per plugin when it is enabled (at profile open for the plugins found then),
    before any other hook of that plugin. Factories run lazily on first ``get``, so a
    service may depend on services other plugins register.
    """


@hookspec
def atd_bridge_methods(context: PluginContext) -> list[Method]:
    """The bridge methods this plugin adds to the designer page's allowlist.

    Called each time a designer window opens. Each `Method` names its params schema
    (checked by the dispatcher before the handler runs) and the permission it needs; a
    third-party plugin may only add methods its manifest lists (``bridge:<name>``), and a
    name already taken is refused.
    """


@hookspec
def atd_canvas_blocks(context: PluginContext) -> list[CanvasBlock]:
    """Blocks for the canvas: a JS module in the plugin's folder (run in a Web Worker, it
    makes each block's template text) plus the label, category and metadata the designer
    shows before loading it."""


@hookspec
def atd_lints(context: PluginContext) -> list[LintRule]:
    """Checks run with the built-in lints, on validate and before every save.

    A rule gets the draft note type dict and returns diagnostics; an `error` diagnostic
    stops the save. A rule that raises is reported as a warning naming its code.
    """


@hookspec
def atd_exporters(context: PluginContext) -> list[Exporter]:
    """Ways to export a note type as a file (an HTML gallery, a print sheet, ...)."""


@hookspec
def atd_panels(context: PluginContext) -> list[Panel]:
    """Side-bar panels: the title of its tab and a JS module in the plugin's folder.

    The module runs in a Web Worker (no bridge, no DOM) and answers with declarative views
    the page draws as text; it needs the `canvas:panels` permission (docs/plugins.md,
    "Panels").
    """


# -- events ---------------------------------------------------------------------------


@hookspec
def atd_designer_opened(context: PluginContext, notetype_id: int | None) -> None:
    """A designer window opened (on `notetype_id`, or on the picker when None)."""


@hookspec
def atd_notetype_opened(context: PluginContext, notetype_id: int, notetype: dict[str, Any]) -> None:
    """The designer opened note type `notetype_id` for editing (at its opening, or picked
    later in the same window); `notetype` is the collection's version, not a draft."""


@hookspec
def atd_designer_closed(context: PluginContext) -> None:
    """The designer window closed (unsaved work, if any, is in the autosaved draft)."""


@hookspec
def atd_notetype_will_save(
    context: PluginContext, notetype_id: int, notetype: dict[str, Any]
) -> None:
    """A note type is about to be saved from the designer: its checks passed and the write
    comes next. `notetype` is what the collection holds now, the state the save replaces.
    Runs inside the save's background operation, before the write, which waits for it:
    keep it quick. A failure is the plugin's (reported, the save goes on)."""


@hookspec
def atd_notetype_saved(context: PluginContext, notetype_id: int, notetype: dict[str, Any]) -> None:
    """A note type was saved from the designer; `notetype` is what the collection holds
    after the write (the draft's card types and CSS merged into it, Anki's ids kept)."""


@hookspec
def atd_activity(context: PluginContext, action: str, target: str) -> None:
    """Something the user may want on record happened: a plugin installed, updated,
    removed, turned on or off (`action` "plugin.install" ...), later a role changed. The
    Backups plugin writes it to the audit trail. `target` names what, never a secret or
    note content."""


@hookspec
def atd_preset_applied(
    context: PluginContext, preset_id: str, notetype_id: int, draft: dict[str, Any]
) -> None:
    """A preset was applied to a draft (not saved yet); `draft` is the result."""
