import base64
import os
import time

import pytest
from plugin_market import MarketServer

from anki_template_designer.sdk.testing import Bridge, plain_hosts, registry_for
from anki_template_designer.services.plugins import PluginManager
from anki_template_designer.services.plugins.install import PluginInstaller
from anki_template_designer.services.plugins.signing import public_key_of


@pytest.fixture(scope="session")
def market():
    """One real HTTP server on 127.0.0.1 for the session; tests publish under own paths."""
    server = MarketServer()
    yield server
    server.close()


@pytest.fixture(scope="session")
def seed():
    return os.urandom(32)


@pytest.fixture(scope="session")
def other_seed():
    return os.urandom(32)


def trusted(seed, name="Test marketplace"):
    return {"name": name, "key": base64.b64encode(public_key_of(seed)).decode()}


@pytest.fixture
def registry(tmp_path, seed):
    registry = registry_for(tmp_path, config={"plugin_index_trusted_keys": [trusted(seed)]})
    hosts = plain_hosts(registry)
    registry.register_value("hosts", hosts)
    yield registry
    registry.close()


@pytest.fixture
def hosts(registry):
    return registry.get("hosts")


@pytest.fixture
def manager(registry):
    return registry.get(PluginManager)


@pytest.fixture
def installer(registry):
    return registry.get(PluginInstaller)


@pytest.fixture
def user_files(tmp_path):
    return tmp_path / "addon" / "user_files"


@pytest.fixture
def bridge(manager):
    return Bridge(manager.bridge_methods())


def settle(bridge, method, params=None, timeout=20.0):
    """Call a method and wait for its late (pending) reply; returns the envelope."""
    reply = bridge(method, params)
    if not reply.get("pending"):
        return reply
    request_id = bridge._next
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        late = [m for m in bridge.pushed if m.get("id") == request_id]
        if late:
            return late[-1]
        time.sleep(0.01)
    raise TimeoutError(f"{method} did not answer")


def snapshot(folder):
    """Every path under `folder` with its bytes (what 'nothing was written' compares)."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }
