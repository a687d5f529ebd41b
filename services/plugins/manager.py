"""The plugin manager: pluggy (our private copy) plus lifecycle, order and isolation.

Our features are registered as default plugins (`add_builtin`); third-party plugins are
found on disk (`discover`), ordered by their dependencies and started (`start`). Each can
be enabled, disabled, unloaded and reloaded while Anki runs. Hooks are called plugin by
plugin (dependencies first), each with its own `PluginContext`, so one plugin that raises
is logged, disabled and reported while the others, and the designer, carry on.
Whoever needs to follow the set of running plugins (the open designer's bridge methods)
subscribes to `changes` (changes.py).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Concatenate, ParamSpec, TypeVar

from ..._vendor import pluggy
from ...sdk import hookspecs
from ...sdk.bridge import Method
from ...sdk.errors import code_for
from ...sdk.markers import PROJECT
from ...sdk.version import SDK_VERSION
from ..registry import Registry
from .capabilities import Capabilities
from .changes import PluginChanges
from .context import PluginContext
from .discovery import (
    Found,
    find_addon_plugins,
    find_folder_plugins,
    install_sdk_alias,
    load_addon_plugin,
    load_folder_plugin,
    module_name,
    unload_module,
)
from .manifest import FILE_NAME, Manifest, is_method_name_of
from .resolve import resolve

ENABLED = "enabled"
DISABLED = "disabled"  # by the user (or a call), can be enabled again
FAILED = "failed"  # raised while loading or in a hook; off until enabled or reloaded
REFUSED = "refused"  # dependencies, SDK range or manifest: cannot start as it is
UNLOADED = "unloaded"


@dataclass
class PluginRecord:
    id: str
    source: str  # "builtin", "folder" or "addon"
    location: str
    manifest: Manifest | None
    state: str = UNLOADED
    errors: list[str] = field(default_factory=list)
    implementation: object | None = None
    context: PluginContext | None = None
    service_keys: list[object] = field(default_factory=list)
    #: Off only because a plugin it requires is off (not the user's choice): it starts
    #: again by itself once every requirement is on and satisfied.
    waiting: bool = False

    @property
    def builtin(self) -> bool:
        return self.source == "builtin"

    def to_json(self) -> dict[str, Any]:
        manifest = self.manifest.to_json() if self.manifest else None
        return {
            "id": self.id,
            "source": self.source,
            "location": self.location,
            "state": self.state,
            "errors": list(self.errors),
            "manifest": manifest,
        }


P = ParamSpec("P")
T = TypeVar("T")


def _one_step(
    method: Callable[Concatenate[PluginManager, P], T],
) -> Callable[Concatenate[PluginManager, P], T]:
    """A public change to the plugins: listeners hear of it once, when it ends."""

    def step(manager: PluginManager, /, *args: P.args, **kwargs: P.kwargs) -> T:
        with manager.changes.step():
            return method(manager, *args, **kwargs)

    functools.update_wrapper(step, method)  # its name and docstring
    return step


class _AtdPluggy(pluggy.PluginManager):  # type: ignore[misc]
    """Also accepts unmarked `atd_*` functions (as pytest does for `pytest_*`), so an
    add-on can plug in without importing anything of ours at import time."""

    def parse_hookimpl_opts(self, plugin: object, name: str) -> Any:
        opts = super().parse_hookimpl_opts(plugin, name)
        if opts is None and name.startswith(PROJECT + "_") and callable(getattr(plugin, name)):
            return {}
        return opts


class PluginManager:
    def __init__(
        self,
        registry: Registry,
        *,
        data_dir: Path,
        log: logging.Logger | None = None,
        sdk_version: str = SDK_VERSION,
    ) -> None:
        self._registry = registry
        self._data_dir = data_dir
        self._log = log or logging.getLogger(__name__)
        self._sdk_version = sdk_version
        self._pluggy = _AtdPluggy(PROJECT)
        self._pluggy.add_hookspecs(hookspecs)
        self._records: dict[str, PluginRecord] = {}
        self._found: dict[str, Found] = {}
        self._order: list[str] = []
        self.changes = PluginChanges()

    # -- adding ------------------------------------------------------------------------
    def add_builtin(self, plugin_id: str, implementation: object) -> None:
        """One of our features: every permission, and its failures are ours (raised)."""
        record = PluginRecord(plugin_id, "builtin", getattr(implementation, "__name__", ""), None)
        record.implementation = implementation
        self._records[plugin_id] = record
        self._order.append(plugin_id)
        self._enable(record)

    def discover(self, plugins_dir: Path, addons_dir: Path | None, own_folder: str) -> None:
        """Find third-party plugins (not started yet; `start` does that). Their code may
        ``import atd_sdk`` from now on, whatever folder Anki installed us in."""
        from ... import sdk  # here, not at the top: sdk's context imports this module

        install_sdk_alias(sdk)
        found = find_folder_plugins(plugins_dir)
        if addons_dir is not None:
            found += find_addon_plugins(addons_dir, own_folder)
        for item in found:
            if item.id in self._records:
                if item.manifest is not None:
                    self._records[item.id].errors.append(
                        f"{item.location}: /id: {item.id!r} is already used by "
                        f"{self._records[item.id].location}"
                    )
                continue
            record = PluginRecord(item.id, item.source, str(item.location), item.manifest)
            problem = item.problem or self._module_clash(item)
            if problem is not None:
                record.state = REFUSED
                record.errors.append(problem)
                self._log.warning("plugin %s refused: %s", item.id, problem)
            self._records[item.id] = record
            self._found[item.id] = item

    @_one_step
    def start(self, disabled: frozenset[str] = frozenset()) -> None:
        """Load and enable the discovered plugins, dependencies first."""
        candidates = {
            r.id: r.manifest
            for r in self._records.values()
            if not r.builtin and r.manifest is not None and r.state == UNLOADED
        }
        resolution = resolve(candidates, self._sdk_version)
        for plugin_id, reason in resolution.refused.items():
            record = self._records[plugin_id]
            record.state = REFUSED
            record.errors.append(reason)
            self._log.warning("plugin %s stays off: %s", plugin_id, reason)
        for plugin_id in resolution.order:
            self._order.append(plugin_id)
            record = self._records[plugin_id]
            if plugin_id in disabled:
                record.state = DISABLED
                continue
            if any(self._records[d].state != ENABLED for d in self._requires(record)):
                record.state = DISABLED
                record.waiting = True
                continue
            if self._load(record):
                self._enable(record)

    # -- lifecycle ---------------------------------------------------------------------
    @_one_step
    def add_folder(self, folder: Path) -> PluginRecord:
        """A plugin folder written while the designer runs (just installed): read it and
        start it as `start` would, its dependencies checked against every known plugin."""
        match = [f for f in find_folder_plugins(folder.parent) if f.location == folder]
        if not match:
            raise LookupError(f"{folder} is not a plugin folder")
        item = match[0]
        if item.id in self._records:
            raise ValueError(f"{item.id!r} is already used by {self._records[item.id].location}")
        record = PluginRecord(item.id, item.source, str(item.location), item.manifest)
        self._records[item.id] = record
        self._found[item.id] = item
        problem = item.problem or self._module_clash(item)
        if problem is not None or item.manifest is None:
            record.state = REFUSED
            record.errors.append(problem or "no manifest")
            return record
        known = {
            r.id: r.manifest
            for r in self._records.values()
            if not r.builtin and r.manifest is not None and r.state != REFUSED
        }
        refused = resolve(known, self._sdk_version).refused
        if item.id in refused:
            record.state = REFUSED
            record.errors.append(refused[item.id])
            return record
        self._order.append(item.id)
        if any(self._records[d].state != ENABLED for d in self._requires(record)):
            record.state = DISABLED
            record.waiting = True
        else:
            self._start(record)
        # Plugins that were waiting for this one (refused as missing) may start now.
        self._wake_dependents(item.id)
        return record

    @_one_step
    def forget(self, plugin_id: str) -> None:
        """Unload a third-party plugin and drop it from the list (its folder is removed)."""
        self.unload(plugin_id)
        del self._records[plugin_id]
        self._found.pop(plugin_id, None)
        if plugin_id in self._order:
            self._order.remove(plugin_id)

    @_one_step
    def enable(self, plugin_id: str) -> bool:
        """Start a plugin (and the plugins waiting for it). One whose requirements are off
        waits for them; one whose manifest, SDK range or requirements cannot be met is
        refused with the reason in its errors."""
        record = self._record(plugin_id)
        if record.state == ENABLED:
            return True
        refusal = self._refusal(record)
        if refusal is not None:
            record.errors.append(f"cannot enable: {refusal}")
            if not record.builtin:
                record.state = REFUSED
                record.waiting = False
            return False
        off = [d for d in self._requires(record) if self._records[d].state != ENABLED]
        if off:
            record.errors.append(f"cannot enable: needs {', '.join(off)}, which is off")
            record.state = DISABLED
            record.waiting = True  # starts when they do
            return False
        return self._start(record)

    @_one_step
    def disable(self, plugin_id: str) -> None:
        """Turn a plugin off (and the plugins that need it, until it is on again); its
        services are removed."""
        self._switch_off(self._record(plugin_id), waiting=False)

    @_one_step
    def unload(self, plugin_id: str) -> None:
        record = self._record(plugin_id)
        if record.builtin:
            raise ValueError(f"{plugin_id} is part of the designer and cannot be unloaded")
        self.disable(plugin_id)
        if record.source == "folder" and record.manifest is not None:
            unload_module(module_name(record.manifest.id))
        record.implementation = None
        record.state = UNLOADED

    @_one_step
    def reload(self, plugin_id: str) -> bool:
        """Read the plugin's files again and start it (after a change on disk)."""
        record = self._record(plugin_id)
        self.unload(plugin_id)
        found = self._found.get(plugin_id)
        if found is not None and found.source == "folder":
            fresh = find_folder_plugins(Path(record.location).parent)
            match = [f for f in fresh if f.location == found.location]
            if not match or match[0].manifest is None:
                record.state = REFUSED
                record.errors.append((match[0].problem or "") if match else "the folder is gone")
                return False
            self._found[plugin_id] = match[0]
            record.manifest = match[0].manifest
        record.errors.clear()
        return self.enable(plugin_id)

    # -- calling hooks -----------------------------------------------------------------
    def collect(self, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Every enabled plugin's contribution to a list hook, as (plugin id, item)."""
        items: list[tuple[str, Any]] = []
        for record, result in self._call_each(hook, kwargs):
            for item in result or []:
                items.append((record.id, item))
        return items

    def notify(self, hook: str, **kwargs: Any) -> None:
        """Tell every enabled plugin about an event."""
        for _record, _result in self._call_each(hook, kwargs):
            pass

    def bridge_methods(self) -> list[Method]:
        """Every plugin's bridge methods; a third-party method must be declared and under
        the plugin's own prefix, and its unexpected failures disable the plugin."""
        methods: list[Method] = []
        taken: dict[str, str] = {}
        for plugin_id, method in self.collect("atd_bridge_methods"):
            record = self._records[plugin_id]
            problem = None
            if not isinstance(method, Method):
                problem = f"atd_bridge_methods returned {type(method).__name__}, not a Method"
            elif method.name in taken:
                problem = f"bridge method {method.name!r} is already added by {taken[method.name]}"
            elif not record.builtin:
                problem = self._method_problem(record, method)
            if problem is not None:
                self._report(record, problem)
                continue
            taken[method.name] = plugin_id
            methods.append(method if record.builtin else self._guarded(record, method))
        return methods

    # -- reading -----------------------------------------------------------------------
    def status(self) -> list[dict[str, Any]]:
        return [r.to_json() for r in self._records.values()]

    def record(self, plugin_id: str) -> PluginRecord:
        return self._record(plugin_id)

    def enabled_ids(self) -> list[str]:
        return [i for i in self._order if self._records[i].state == ENABLED]

    @property
    def hook(self) -> Any:
        """pluggy's hook relay (for tests and tools; features use collect/notify)."""
        return self._pluggy.hook

    # -- inside ------------------------------------------------------------------------
    def _record(self, plugin_id: str) -> PluginRecord:
        try:
            return self._records[plugin_id]
        except KeyError:
            raise LookupError(f"no plugin {plugin_id!r}") from None

    def _module_clash(self, item: Found) -> str | None:
        """Folder plugins are imported as `module_name(id)`, where - and _ are the same:
        a second id with the same module would replace the first one's code."""
        if item.source != "folder" or item.manifest is None:
            return None
        for other in self._records.values():
            same_module = module_name(other.id) == module_name(item.id)
            if other.source == "folder" and other.id != item.id and same_module:
                return (
                    f"{item.location / FILE_NAME}: /id: {item.id!r} would share its Python "
                    f"module with {other.id!r} (- and _ are the same there); choose another id"
                )
        return None

    def _switch_off(self, record: PluginRecord, *, waiting: bool) -> None:
        for dependent in self._dependents(record.id):
            self._switch_off(self._records[dependent], waiting=True)
        if record.state == ENABLED:
            self._disable(record)
            record.state = DISABLED
        record.waiting = waiting and record.state == DISABLED

    def _refusal(self, record: PluginRecord) -> str | None:
        """Why a third-party plugin cannot start whatever is switched on: its manifest,
        its SDK range, or a requirement that is missing, the wrong version or in a cycle
        (the resolver's own message)."""
        if record.builtin:
            return None
        if record.manifest is None:
            return record.errors[0] if record.errors else "its manifest cannot be used"
        known = {
            r.id: r.manifest
            for r in self._records.values()
            if not r.builtin and r.manifest is not None
        }
        return resolve(known, self._sdk_version).refused.get(record.id)

    def _start(self, record: PluginRecord) -> bool:
        """Load (if needed) and enable a plugin whose requirements are on, then start the
        plugins that were waiting for it."""
        if record.implementation is None and not self._load(record):
            return False
        if not self._enable(record):
            return False
        self._wake_dependents(record.id)
        return True

    def _wake_dependents(self, plugin_id: str) -> None:
        """Start the plugins that need `plugin_id` and were off only for want of it:
        waiting ones, and ones refused because it was missing or the wrong version."""
        for record in list(self._records.values()):
            if record.manifest is None or plugin_id not in record.manifest.requires:
                continue
            if not (record.state == DISABLED and record.waiting) and record.state != REFUSED:
                continue
            record.errors.clear()  # they said why it could not start; that has changed
            refusal = self._refusal(record)
            if refusal is not None:  # another requirement, or this one's new version
                record.state, record.waiting = REFUSED, False
                self._report(record, refusal)
                continue
            off = [d for d in self._requires(record) if self._records[d].state != ENABLED]
            if off:
                record.state, record.waiting = DISABLED, True
                record.errors.append(f"waits for {', '.join(off)}, which is off")
                continue
            record.waiting = False
            self._place_after_requirements(record)
            self._start(record)

    def _place_after_requirements(self, record: PluginRecord) -> None:
        """Hooks run in `_order`: a plugin starting late moves after what it requires."""
        if record.id in self._order:
            position = self._order.index(record.id)
            if all(self._order.index(d) < position for d in self._requires(record)):
                return
            self._order.remove(record.id)
        self._order.append(record.id)

    def _requires(self, record: PluginRecord) -> list[str]:
        return sorted(record.manifest.requires) if record.manifest else []

    def _dependents(self, plugin_id: str) -> list[str]:
        return [
            r.id
            for r in self._records.values()
            if r.manifest is not None and plugin_id in r.manifest.requires and r.state == ENABLED
        ]

    def _load(self, record: PluginRecord) -> bool:
        found = self._found[record.id]
        try:
            if found.source == "folder":
                record.implementation = load_folder_plugin(found)
            else:
                record.implementation = load_addon_plugin(found)
        except Exception as error:  # noqa: BLE001 - a plugin's failure is reported, not fatal
            self._failed(record, "loading", error)
            return False
        return True

    def _context(self, record: PluginRecord) -> PluginContext:
        log = self._log.getChild(record.id)
        data_dir = self._data_dir / record.id
        if record.builtin:
            capabilities = Capabilities(
                record.id, frozenset(), self._registry, data_dir, log, everything=True
            )
            return PluginContext(record.id, self._registry, capabilities, log, builtin=True)
        from .scoped_registry import PluginRegistry

        assert record.manifest is not None
        capabilities = Capabilities(
            record.id, record.manifest.permissions, self._registry, data_dir, log
        )
        prefix = module_name(record.id)
        module = record.implementation
        if not isinstance(module, ModuleType):
            prefix = type(module).__module__.split(".")[0]
        scoped = PluginRegistry(self._registry, capabilities, prefix)
        return PluginContext(record.id, scoped, capabilities, log)

    def _enable(self, record: PluginRecord) -> bool:
        try:
            self._pluggy.register(record.implementation, name=record.id)
            self._pluggy.check_pending()
        except Exception as error:
            if self._pluggy.has_plugin(record.id):
                self._pluggy.unregister(name=record.id)
            if record.builtin:
                raise
            self._failed(record, "registering", error)
            return False
        record.context = self._context(record)
        record.state = ENABLED
        self.changes.changed()
        for _record, _result in self._call_each("atd_register_services", {}, only=record):
            pass
        if not record.builtin and record.state == ENABLED:
            record.service_keys = list(getattr(record.context.registry, "keys", []))
        return record.state == ENABLED

    def _disable(self, record: PluginRecord) -> None:
        if self._pluggy.has_plugin(record.id):
            self._pluggy.unregister(name=record.id)
            self.changes.changed()
        for key in record.service_keys:
            self._registry.unregister(key)
        record.service_keys = []

    def _call_each(
        self, hook: str, kwargs: dict[str, Any], only: PluginRecord | None = None
    ) -> Iterator[tuple[PluginRecord, Any]]:
        caller = getattr(self._pluggy.hook, hook)
        impls = {impl.plugin_name: impl for impl in caller.get_hookimpls()}
        for plugin_id in [only.id] if only else list(self._order):
            record = self._records[plugin_id]
            impl = impls.get(plugin_id)
            if impl is None or record.state != ENABLED or record.context is None:
                continue
            arguments = {"context": record.context, **kwargs}
            try:
                result = impl.function(*[arguments[name] for name in impl.argnames])
            except Exception as error:
                if record.builtin:
                    raise
                self._failed(record, hook, error)
                if hook == "atd_register_services":
                    self._disable(record)
                continue
            yield record, result

    def _method_problem(self, record: PluginRecord, method: Method) -> str | None:
        assert record.context is not None
        capabilities = record.context.capabilities
        if not is_method_name_of(record.id, method.name):
            return f"bridge method {method.name!r} must be named {record.id}.<name>"
        for permission in {f"bridge:{method.name}", method.permission} - {None}:
            assert permission is not None
            if not capabilities.has(permission):
                capabilities.refused(f"{permission!r}: its plugin.json does not declare it")
                return f"bridge method {method.name!r} needs permission {permission!r}"
        return None

    def _guarded(self, record: PluginRecord, method: Method) -> Method:
        handler = method.handler

        def call(request: dict[str, Any]) -> Any:
            if record.state != ENABLED:
                raise LookupError(f"plugin {record.id} is off")
            try:
                return handler(request)
            except Exception as error:
                if code_for(error) is None:  # a bug, not an expected failure
                    self._failed(record, method.name, error)
                raise

        return Method(method.name, call, method.params, method.permission)

    def _report(self, record: PluginRecord, problem: str) -> None:
        record.errors.append(problem)
        self._log.warning("plugin %s: %s", record.id, problem)

    def _failed(self, record: PluginRecord, where: str, error: BaseException) -> None:
        """A plugin raised: log it with the traceback, turn it off, keep the reason."""
        self._log.error("plugin %s failed in %s; it is disabled", record.id, where, exc_info=error)
        record.errors.append(f"{where}: {type(error).__name__}: {error}")
        if record.state == ENABLED:
            self._disable(record)
        record.state = FAILED
        record.waiting = False
        for dependent in self._dependents(record.id):
            self._switch_off(self._records[dependent], waiting=True)
