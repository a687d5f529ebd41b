"""Helpers for testing plugins (and our own features) without a designer window.

Use as a pytest plugin (``pytest_plugins = ["atd_sdk.testing"]``, or the package's own
name in our tests) for the fixtures `atd_registry`, `atd_plugins` and `atd_bridge`, or
call the functions directly:

* `plain_hosts(registry)` registers plain implementations of every host role: file
  dialogs answer from `PlainHosts.open_path` / `save_path`, links are recorded, collection
  operations run at once, previews are recorded.
* `bridge(methods)` is a call helper through the real dispatcher:
  ``bridge("my-plugin.hello", {"name": "x"})`` returns the reply envelope.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..services.config import MemoryConfigStore
from ..services.registry import Registry
from .bridge import Method
from .hosts import CollectionOps, DesignerWindow, FileDialogs, LinkOpener, PreviewDisplay
from .protocol import PREFIX, PROTOCOL_VERSION


@dataclass
class PlainHosts:
    """Every host role, without Qt; what happened is kept for assertions."""

    open_path: str | None = None
    save_path: str | None = None
    suggested: list[str] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)
    previews: list[tuple[Any, str]] = field(default_factory=list)
    dirty: tuple[int | None, bool] = (None, False)
    ready: int = 0
    info: dict[str, Any] = field(default_factory=lambda: {"night": False, "notetypeId": None})

    # FileDialogs
    def choose_open(self, title: str, filter_label: str, extension: str, key: str) -> str | None:
        return self.open_path

    def choose_save(
        self, title: str, filter_label: str, extension: str, key: str, suggested: str
    ) -> str | None:
        self.suggested.append(suggested)
        return self.save_path

    # LinkOpener
    def open(self, url: str) -> None:
        self.opened.append(url)

    # CollectionOps: at once, on this thread
    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[], None],
        on_failure: Callable[[Exception], None],
    ) -> None:
        try:
            work()
        except Exception as error:  # noqa: BLE001 - handed to the failure callback
            on_failure(error)
            return
        on_success()

    # PreviewDisplay
    def show(self, card: Any, device: str) -> int:
        self.previews.append((card, device))
        return len(self.previews)

    # DesignerWindow
    def session_info(self) -> dict[str, Any]:
        return dict(self.info)

    def mark_ready(self) -> None:
        self.ready += 1

    def set_dirty(self, notetype_id: int | None, dirty: bool) -> None:
        self.dirty = (notetype_id, dirty)


def plain_hosts(registry: Registry) -> PlainHosts:
    hosts = PlainHosts()
    for role in (FileDialogs, LinkOpener, CollectionOps, PreviewDisplay, DesignerWindow):
        registry.register_value(role, hosts)
    return hosts


class Bridge:
    """Calls through the real dispatcher; late replies (Deferred) are collected too."""

    def __init__(self, methods: Iterable[Method]) -> None:
        from ..gui.bridge import Dispatcher  # Qt-free, but gui/ is not part of the SDK

        self.pushed: list[dict[str, Any]] = []
        self.dispatcher = Dispatcher(methods, self.pushed.append)
        self._next = 0

    def __call__(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """The reply envelope; a pending reply is replaced by its pushed result."""
        self._next += 1
        request = {"v": PROTOCOL_VERSION, "id": self._next, "method": method}
        if params is not None:
            request["params"] = params
        reply = dict(self.dispatcher.handle(PREFIX + json.dumps(request)))
        if reply.get("pending"):
            late = [m for m in self.pushed if m.get("id") == self._next]
            return late[-1] if late else reply
        return reply

    def ok(self, method: str, params: dict[str, Any] | None = None) -> Any:
        reply = self(method, params)
        assert reply["ok"], reply
        return reply.get("result")

    def error(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        reply = self(method, params)
        assert not reply["ok"], reply
        error: dict[str, Any] = reply["error"]
        return error


def _close_runner(runner: Any) -> None:
    runner.close(timeout=1.0)


def registry_for(
    tmp_path: Path,
    *,
    collection: Callable[[], Any] | None = None,
    config: dict[str, Any] | None = None,
    plugins_dir: Path | None = None,
) -> Registry:
    """Every service over plain pieces (no Anki window), our features started, third-party
    plugins from `plugins_dir` (a folder of `<id>/plugin.json` folders) if given."""
    from ..services.bootstrap import build_registry
    from ..services.paths import AddonPaths
    from ..services.plugins import PluginManager
    from ..services.tasks.thread_runner import ThreadRunner

    addon_dir = tmp_path / "addon"
    root = Path(__file__).resolve().parent.parent
    addon_dir.mkdir(parents=True, exist_ok=True)
    for name in ("config.json", "config.schema.json", "manifest.json"):
        if (root / name).exists() and not (addon_dir / name).exists():
            (addon_dir / name).write_bytes((root / name).read_bytes())

    def no_collection() -> Any:
        raise RuntimeError("this test registry has no collection")

    runner = ThreadRunner()
    registry = build_registry(
        paths=AddonPaths(addon_dir),
        config_store=MemoryConfigStore(config),
        collection=collection or no_collection,
        logger_name="atd_test",
        task_runner=runner,
        discover_plugins=False,
    )
    # Closed with the registry (after the task manager, which is built later).
    registry.register_value(ThreadRunner, runner, on_close=_close_runner)
    registry.get(ThreadRunner)
    if plugins_dir is not None:
        from ..services.plugins.choices import PluginChoices

        manager = registry.get(PluginManager)
        manager.discover(plugins_dir, None, "")
        manager.start(disabled=registry.get(PluginChoices).disabled())
    return registry


def plugin_manager(registry: Registry) -> Any:
    """The registry's plugin manager (`record(id)`, `collect(hook)`, `enable`, `disable`)."""
    from ..services.plugins import PluginManager

    return registry.get(PluginManager)


try:  # fixtures, when pytest is there (it always is where tests run)
    import pytest
except ImportError:  # pragma: no cover - inside Anki
    pass
else:

    @pytest.fixture
    def atd_registry(tmp_path: Path) -> Iterator[Registry]:
        """A registry with every service over plain pieces and plain host roles."""
        registry = registry_for(tmp_path)
        plain_hosts(registry)
        yield registry
        registry.close()

    @pytest.fixture
    def atd_plugins(atd_registry: Registry) -> Any:
        """The registry's plugin manager (our features loaded; add yours with `discover`)."""
        from ..services.plugins import PluginManager

        return atd_registry.get(PluginManager)

    @pytest.fixture
    def atd_bridge(atd_registry: Registry, atd_plugins: Any) -> Bridge:
        """A call helper over every enabled plugin's bridge methods."""
        return Bridge(atd_plugins.bridge_methods())
