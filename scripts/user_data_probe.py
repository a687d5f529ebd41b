"""User data that must survive an update of the add-on, made and read back through the
add-on's own services inside a running Anki (used by scripts/run_anki.py --user-data).

`create` leaves one of each kind the add-on keeps: a preset, a draft, the onboarding
state, a plugin choice (all in user_files/) and a changed config (Anki's meta.json).
`check` reads each back through the services of the add-on Anki loaded, so a file that
is there but no longer opens counts as lost.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

PRESET_NAME = "Kept across updates"
CONFIG_KEY, CONFIG_VALUE = "slow_operation_ms", 777
GUIDE = "designer-tour"
PLUGIN_ID = "update-probe-plugin"


def _services(addon: ModuleType) -> dict[str, Any]:
    def cls(module: str, name: str) -> Any:
        return getattr(importlib.import_module(f"{addon.__name__}.{module}"), name)

    registry = addon.ADDON_RUNTIME.registry
    return {
        "presets": registry.get(cls("services.presets", "PresetService")),
        "drafts": registry.get(cls("services.saving.drafts", "DraftStore")),
        "onboarding": registry.get(cls("services.onboarding", "OnboardingState")),
        "choices": registry.get(cls("services.plugins.choices", "PluginChoices")),
    }


def _basic(mw: Any) -> dict[str, Any]:
    notetype: dict[str, Any] = mw.col.models.by_name("Basic")
    return notetype


def create(addon: ModuleType, mw: Any) -> dict[str, Any]:
    services = _services(addon)
    presets = services["presets"]
    builtin = next(s.preset for s in presets.list_presets().presets if s.preset.builtin)
    made = presets.duplicate(builtin.id, PRESET_NAME)
    draft = dict(_basic(mw))
    draft["css"] = draft["css"] + "\n/* kept across updates */\n"
    services["drafts"].save(draft, "before-update")
    services["onboarding"].mark_seen(GUIDE, "skipped")
    services["choices"].set_disabled(PLUGIN_ID, True)
    config = mw.addonManager.getConfig(addon.__name__)
    config[CONFIG_KEY] = CONFIG_VALUE
    mw.addonManager.writeConfig(addon.__name__, config)
    return {"preset_id": made.preset.id}


def check(addon: ModuleType, mw: Any) -> dict[str, Any]:
    services = _services(addon)
    listed = [s.preset for s in services["presets"].list_presets().presets]
    draft = services["drafts"].load(int(_basic(mw)["id"]))
    config = mw.addonManager.getConfig(addon.__name__) or {}
    return {
        "preset": any(p.name == PRESET_NAME and not p.builtin for p in listed),
        "draft": draft is not None and "kept across updates" in draft.notetype["css"],
        "onboarding": services["onboarding"].seen(GUIDE),
        "plugin_choice": PLUGIN_ID in services["choices"].disabled(),
        "config": config.get(CONFIG_KEY) == CONFIG_VALUE,
    }
