"""Installing from a signed marketplace index served by a real HTTP server on 127.0.0.1:
a good index installs and updates; a tampered index or package, an unknown key, a
redirect, a missing pycryptodomex or no trusted key installs nothing; only the index URL
and the package URLs in it are requested."""

import json
import re
import sys

import pytest
from conftest import settle, snapshot, trusted
from plugin_market import (
    entry_for,
    flip_payload,
    hostile_packages,
    index_payload,
    package_bytes,
    plugin_files,
)

from anki_template_designer.sdk.testing import Bridge, plain_hosts, registry_for
from anki_template_designer.services import cryptodome
from anki_template_designer.services.plugins import PluginManager
from anki_template_designer.services.plugins.download import DownloadFailed
from anki_template_designer.services.plugins.index import IndexRefused, build_index
from anki_template_designer.services.plugins.install import InstallRefused, PluginInstaller
from anki_template_designer.services.plugins.package import PackageRefused
from anki_template_designer.services.plugins.signing import UNAVAILABLE
from anki_template_designer.services.validation import ValidationFailed


def publish_market(market, seed, name, packages, tamper=None):
    """Publish packages {(id, version): bytes} and a signed index under /<name>/."""
    entries = []
    for (plugin_id, version), data in packages.items():
        path = f"/{name}/{plugin_id}-{version}.atdplugin"
        market.publish(path, data)
        entries.append(entry_for(plugin_id, version, f"{plugin_id}-{version}.atdplugin", data))
    index = build_index(index_payload(entries), seed)
    if tamper:
        index = tamper(index)
    return market.publish(f"/{name}/index.json", index)


def good(plugin_id, version="1.0.0"):
    return {(plugin_id, version): package_bytes(plugin_files(plugin_id, version))}


def test_a_good_index_lists_and_installs_through_the_panel(
    market, seed, bridge, manager, user_files
):
    url = publish_market(market, seed, "good", good("market-lint"))
    market.requested.clear()
    listed = settle(bridge, "plugins.readIndex", {"url": url})
    assert listed["ok"], listed
    assert listed["result"]["signedBy"] == "Test marketplace"
    [offer] = listed["result"]["packages"]
    assert (offer["id"], offer["action"], offer["installed"]) == ("market-lint", "install", None)
    installed = settle(bridge, "plugins.installFromIndex", {"url": url, "id": "market-lint"})
    assert installed["ok"], installed
    assert installed["result"]["state"] == "enabled"
    assert manager.record("market-lint").manifest.version.public == "1.0.0"
    assert market.requested == ["/good/index.json", "/good/market-lint-1.0.0.atdplugin"]
    again = settle(bridge, "plugins.readIndex", {"url": url})["result"]["packages"][0]
    assert again["action"] == "current"


def test_a_newer_version_in_the_index_is_offered_as_an_update(
    market, seed, installer, manager, user_files
):
    url = publish_market(market, seed, "v1", good("upd-lint"))
    installer.commit(installer.stage_from_index(url, "upd-lint"))
    url2 = publish_market(market, seed, "v2", good("upd-lint", "1.2.0"))
    index = installer.read_index(url2)
    assert installer.offers(index)[0]["action"] == "update"
    assert installer.offers(index)[0]["installed"] == "1.0.0"
    result = installer.commit(installer.stage_from_index(url2, "upd-lint"))
    assert (result.action, result.version) == ("updated", "1.2.0")


def test_a_tampered_index_is_refused_and_no_package_is_fetched(market, seed, installer, user_files):
    url = publish_market(market, seed, "tampered", good("t-lint"), tamper=flip_payload)
    market.requested.clear()
    before = snapshot(user_files)
    with pytest.raises(IndexRefused, match="signature by Test marketplace does not match"):
        installer.stage_from_index(url, "t-lint")
    assert market.requested == ["/tampered/index.json"]
    assert snapshot(user_files) == before


def test_a_tampered_package_is_refused_by_its_checksum(market, seed, installer, user_files):
    url = publish_market(market, seed, "badpkg", good("p-lint"))
    market.files["/badpkg/p-lint-1.0.0.atdplugin"] = package_bytes(
        {**plugin_files("p-lint"), "plugin.py": b"import os; os.system('evil')"}
    )
    before = snapshot(user_files / "plugins")
    with pytest.raises(IndexRefused, match=r"SHA-256 [0-9a-f]{64} does not match the index's"):
        installer.stage_from_index(url, "p-lint")
    assert snapshot(user_files / "plugins") == before


def test_an_index_signed_by_an_unknown_key_is_refused(market, other_seed, installer):
    url = publish_market(market, other_seed, "stranger", good("s-lint"))
    with pytest.raises(IndexRefused, match="signed by no trusted key"):
        installer.read_index(url)


@pytest.mark.parametrize("kind", ["dotdot", "symlink", "zip-bomb", "bad-manifest", "builtin-id"])
def test_a_signed_index_does_not_make_a_hostile_package_safe(
    kind, market, seed, installer, user_files
):
    data, phrase = hostile_packages()[kind]
    plugin_id = "core" if kind == "builtin-id" else "hostile-pack"
    url = publish_market(market, seed, f"hostile-{kind}", {(plugin_id, "1.0.0"): data})
    before = snapshot(user_files / "plugins")
    with pytest.raises((IndexRefused, InstallRefused, PackageRefused, ValidationFailed)) as refused:
        installer.stage_from_index(url, plugin_id)
    assert phrase in str(refused.value)
    assert snapshot(user_files / "plugins") == before


def test_a_package_that_is_not_what_the_index_says_is_refused(market, seed, installer):
    data = package_bytes(plugin_files("real-id", "9.0.0"))
    url = publish_market(market, seed, "mismatch", {("claimed-id", "1.0.0"): data})
    with pytest.raises(
        InstallRefused,
        match=re.escape("the package is real-id 9.0.0, the index says claimed-id 1.0.0"),
    ):
        installer.stage_from_index(url, "claimed-id")


def test_a_redirect_is_not_followed(market, seed, installer):
    url = publish_market(market, seed, "redir", good("r-lint"))
    market.redirects["/redir/r-lint-1.0.0.atdplugin"] = "http://127.0.0.2:9/elsewhere"
    with pytest.raises(
        DownloadFailed, match=re.escape("redirects to http://127.0.0.2:9/elsewhere")
    ):
        installer.stage_from_index(url, "r-lint")


def test_a_missing_index_is_a_clear_error(market, bridge):
    reply = settle(bridge, "plugins.readIndex", {"url": market.base + "/nothing/index.json"})
    assert not reply["ok"]
    assert "answered 404" in reply["error"]["message"]


def test_a_malformed_index_names_the_field(market, seed, installer):
    bad = build_index(
        {
            "packages": [
                {"id": "x-y", "name": "X", "version": "1", "url": "ftp://h/x", "sha256": "a" * 64}
            ]
        },
        seed,
    )
    url = market.publish("/malformed/index.json", bad)
    with pytest.raises(ValidationFailed, match="/packages/0/url"):
        installer.read_index(url)


def test_without_trusted_keys_index_installs_are_refused(tmp_path, market, seed):
    registry = registry_for(tmp_path)
    try:
        url = publish_market(market, seed, "nokeys", good("n-lint"))
        with pytest.raises(IndexRefused, match="no trusted index key is set up"):
            registry.get(PluginInstaller).read_index(url)
    finally:
        registry.close()


def test_without_pycryptodomex_index_installs_say_so_and_install_nothing(
    monkeypatch, market, seed, tmp_path
):
    keys = [trusted(seed)]
    # The platform without the compiled library: importing it fails.
    for name in [n for n in sys.modules if n == "Cryptodome" or n.startswith("Cryptodome.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "Cryptodome", None)
    # ... and the package ships no copy for it.
    monkeypatch.setattr(cryptodome, "platform_folder", lambda: None)
    url = publish_market_unsigned(market)
    registry = registry_for(tmp_path, config={"plugin_index_trusted_keys": keys})
    plain_hosts(registry)
    try:
        bridge = Bridge(registry.get(PluginManager).bridge_methods())
        market.requested.clear()
        listing = bridge.ok("plugins.list")
        assert listing["signatures"] is False and listing["signaturesMissing"] == UNAVAILABLE
        reply = settle(bridge, "plugins.readIndex", {"url": url})
        assert not reply["ok"] and reply["error"]["message"] == UNAVAILABLE
        reply = settle(bridge, "plugins.installFromIndex", {"url": url, "id": "u-lint"})
        assert not reply["ok"] and reply["error"]["message"] == UNAVAILABLE
        assert market.requested == []
        assert not (tmp_path / "addon" / "user_files" / "plugins").exists() or not list(
            (tmp_path / "addon" / "user_files" / "plugins").iterdir()
        )
    finally:
        registry.close()


def publish_market_unsigned(market):
    """An index whose signature is never checked (the test above must not need it)."""
    data = package_bytes(plugin_files("u-lint"))
    market.publish("/unsigned/u-lint-1.0.0.atdplugin", data)
    envelope = {"format": "atd-plugin-index/1", "payload": "", "signatures": []}
    return market.publish("/unsigned/index.json", json.dumps(envelope).encode())


def test_only_one_install_runs_at_a_time(registry, bridge, market, seed):
    from anki_template_designer.features.plugin_admin.methods import InstallProgress

    registry.get(InstallProgress).start("something else")
    error = bridge.error("plugins.readIndex", {"url": market.base + "/x/index.json"})
    assert error["code"] == "conflict"
