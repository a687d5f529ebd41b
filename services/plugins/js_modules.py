"""JS plugin modules: which a plugin declares, and reading one safely for the page.

A plugin's blocks (`atd_canvas_blocks`) and panels (`atd_panels`) name a JS module inside
the plugin's folder. The
designer page runs that module in a Web Worker (web/src/jsPlugins/); this module decides
what text it may get. Only a module an enabled third-party plugin declares is read, the
path is confined to the plugin's folder (no `..`, no absolute path, no link out of it),
it must end in `.js`, and it is size-capped. Everything else is a clear error naming the
plugin and the path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ...sdk.contributions import CanvasBlock, Panel
from ...sdk.errors import DesignerError
from ...sdk.protocol import ErrorCode

#: Largest module the page gets (a worker module is small; a bigger file is a mistake).
MAX_MODULE_BYTES = 256 * 1024
#: A module path: relative, forward slashes, ends in .js.
MODULE_PATH = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*\.js$")
#: Block and panel ids and labels the page will show.
BLOCK_ID = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
MAX_LABEL = 100
#: A panel's title is a tab in the side bar: short.
MAX_PANEL_TITLE = 40


class JsModuleError(DesignerError):
    """A module the page may not have (not declared, outside the folder, too big...)."""

    bridge_code = ErrorCode.INVALID_PARAMS


@dataclass(frozen=True)
class DeclaredBlock:
    plugin_id: str
    block: CanvasBlock


@dataclass(frozen=True)
class DeclaredPanel:
    plugin_id: str
    panel: Panel


def path_problem(module: str) -> str | None:
    """Why `module` is not an acceptable module path, or None."""
    if not isinstance(module, str):
        return f"module {module!r} must be a relative path to a .js file (like blocks.js)"
    if any(part in ("..", ".") for part in PurePosixPath(module.replace("\\", "/")).parts):
        return f"module {module!r} must not contain '.' or '..' segments"
    if not MODULE_PATH.fullmatch(module):
        return f"module {module!r} must be a relative path to a .js file (like blocks.js)"
    return None


def block_problem(block: object) -> str | None:
    """Why a hook's item is not a block the page can show, or None."""
    if not isinstance(block, CanvasBlock):
        return f"atd_canvas_blocks returned {type(block).__name__}, not a CanvasBlock"
    if not BLOCK_ID.fullmatch(block.id):
        return f"block id {block.id!r} must match {BLOCK_ID.pattern}"
    if not (0 < len(block.label) <= MAX_LABEL and 0 < len(block.category) <= MAX_LABEL):
        return f"block {block.id!r}: label and category must be 1-{MAX_LABEL} characters"
    return path_problem(block.module)


def panel_problem(panel: object) -> str | None:
    """Why a hook's item is not a panel the page can show, or None."""
    if not isinstance(panel, Panel):
        return f"atd_panels returned {type(panel).__name__}, not a Panel"
    if not isinstance(panel.id, str) or not BLOCK_ID.fullmatch(panel.id):
        return f"panel id {panel.id!r} must match {BLOCK_ID.pattern}"
    if not isinstance(panel.title, str) or not 0 < len(panel.title.strip()) <= MAX_PANEL_TITLE:
        return f"panel {panel.id!r}: title must be 1-{MAX_PANEL_TITLE} characters"
    return path_problem(panel.module)


def read_module(folder: Path, module: str, plugin_id: str) -> str:
    """The text of `module` in `folder`, or JsModuleError saying why not."""
    problem = path_problem(module)
    if problem is not None:
        raise JsModuleError(f"plugin {plugin_id}: {problem}")
    root = folder.resolve()
    target = (root / module).resolve()
    if not target.is_relative_to(root):
        raise JsModuleError(f"plugin {plugin_id}: module {module!r} is outside its folder")
    if not target.is_file():
        raise JsModuleError(f"plugin {plugin_id}: module {module!r} does not exist in {folder}")
    size = target.stat().st_size
    if size > MAX_MODULE_BYTES:
        raise JsModuleError(
            f"plugin {plugin_id}: module {module!r} is {size} bytes "
            f"(at most {MAX_MODULE_BYTES} are loaded)"
        )
    try:
        return target.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise JsModuleError(
            f"plugin {plugin_id}: module {module!r} is not UTF-8 text ({error.reason} "
            f"at byte {error.start})"
        ) from error


def block_json(block: CanvasBlock) -> dict[str, Any]:
    return block.to_json()
