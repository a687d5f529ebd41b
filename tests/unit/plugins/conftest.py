import sys

import pytest

from anki_template_designer.sdk.testing import plain_hosts, plugin_manager, registry_for
from log_records import records_of

#: `registry_for` names the add-on's logger so; the manager logs under `.plugins`, and
#: each plugin's own logger below that.
PLUGINS_LOGGER = "atd_test.plugins"


@pytest.fixture(autouse=True)
def _fresh_events():
    sys.modules.pop("atd_test_events", None)
    yield
    sys.modules.pop("atd_test_events", None)


@pytest.fixture
def plugins_dir(tmp_path):
    folder = tmp_path / "plugins"
    folder.mkdir()
    return folder


@pytest.fixture
def registry(tmp_path):
    """Every service over plain pieces, our features started, no third-party plugin yet."""
    registry = registry_for(tmp_path / "profile")
    plain_hosts(registry)
    yield registry
    registry.close()


@pytest.fixture
def manager(registry):
    return plugin_manager(registry)


@pytest.fixture
def start(manager, plugins_dir):
    """Find and start the plugins written so far, as a profile opening does."""

    def start(disabled=frozenset(), addons_dir=None, own_folder="atd"):
        manager.discover(plugins_dir, addons_dir, own_folder)
        manager.start(disabled=frozenset(disabled))
        return manager

    return start


@pytest.fixture
def plugin_log():
    """Every record the plugin manager and the plugins' own loggers write."""
    with records_of(PLUGINS_LOGGER) as records:
        yield records
