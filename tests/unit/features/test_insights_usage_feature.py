"""Usage events from the features through the real plugin manager and dispatcher: the
page's batched `insights.events` (fixed names only, refused otherwise by the schema),
presets applied and plugin changes heard through their hooks; nothing while opted out,
and a planted canary in what the hooks carry never reaches the stored file."""

import json

from anki_template_designer.features.events import announce
from anki_template_designer.sdk.testing import Bridge, plain_hosts, registry_for
from anki_template_designer.services.analytics.insights_service import InsightsService
from anki_template_designer.services.analytics.usage_events import EVENTS
from anki_template_designer.services.plugins import PluginManager

CANARY = "CANARY-7f3a-note-text"


def test_page_and_hook_events_are_recorded_by_name_only_once_opted_in(tmp_path, col):
    registry = registry_for(tmp_path, collection=lambda: col)
    plain_hosts(registry)
    bridge = Bridge(registry.get(PluginManager).bridge_methods())
    try:
        usage = registry.get(InsightsService).usage
        page = {"names": ["canvas.component_added", "code.edited", "card_type.switched"]}
        assert bridge("insights.events", page)["ok"]  # opted out: accepted, nothing kept
        usage.flush()
        assert not usage.summary().get("events")
        assert bridge("insights.usage", {"enabled": True})["ok"]
        assert bridge("insights.events", page)["ok"]
        draft = {"name": CANARY, "css": CANARY, "tmpls": []}
        announce(registry, "atd_preset_applied", preset_id=CANARY, notetype_id=1, draft=draft)
        announce(registry, "atd_activity", action="plugin.install", target=f"{CANARY} 1.0")
        usage.flush()
        hostile = bridge("insights.events", {"names": [CANARY]})
        assert not hostile["ok"] and hostile["error"]["code"] == "invalid_params"
        stored = next((tmp_path).rglob("usage.json")).read_text()
        assert CANARY not in stored
        codes = [event[1] for event in json.loads(stored)["events"]]
        names = [EVENTS[code] for code in codes]
        assert names == [*page["names"], "presets.applied", "plugins.changed"], names
    finally:
        registry.close()
