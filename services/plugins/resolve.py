"""The order plugins start in: dependencies first, checked against their version ranges.

A missing dependency, a version outside the range, an SDK range that excludes ours or a
cycle keeps that plugin (and whatever needs it) off, with a message that says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from packaging.version import Version

from .manifest import Manifest


@dataclass(frozen=True)
class Resolution:
    order: list[str]  # plugins that may start, dependencies first
    refused: dict[str, str]  # plugin id -> why it stays off


def resolve(manifests: Mapping[str, Manifest], sdk_version: str) -> Resolution:
    sdk = Version(sdk_version)
    refused: dict[str, str] = {}
    for plugin_id, manifest in manifests.items():
        if not manifest.sdk.contains(sdk, prereleases=True):
            refused[plugin_id] = f"needs SDK {manifest.sdk}, this designer has {sdk}"
            continue
        for dep, wanted in manifest.requires.items():
            if dep not in manifests:
                refused[plugin_id] = (
                    f"needs plugin {dep!r} ({wanted or 'any version'}), not installed"
                )
                break
            have = manifests[dep].version
            if not wanted.contains(have, prereleases=True):
                refused[plugin_id] = f"needs {dep} {wanted}, but {dep} {have} is installed"
                break

    order: list[str] = []
    state: dict[str, str] = {}  # "visiting" | "done"

    def visit(plugin_id: str, path: list[str]) -> bool:
        """True if `plugin_id` can start (after its dependencies)."""
        if state.get(plugin_id) == "done":
            return plugin_id not in refused
        if state.get(plugin_id) == "visiting":
            cycle = " -> ".join([*path[path.index(plugin_id) :], plugin_id])
            for member in path[path.index(plugin_id) :]:
                refused.setdefault(member, f"dependency cycle: {cycle}")
            return False
        state[plugin_id] = "visiting"
        ok = plugin_id not in refused
        for dep in sorted(manifests[plugin_id].requires):
            if dep in manifests and not visit(dep, [*path, plugin_id]) and ok:
                refused.setdefault(plugin_id, f"needs {dep}, which is off: {refused.get(dep, '')}")
                ok = False
        state[plugin_id] = "done"
        if ok and plugin_id not in refused:
            order.append(plugin_id)
            return True
        return False

    for plugin_id in sorted(manifests):
        visit(plugin_id, [])
    return Resolution(order, refused)
