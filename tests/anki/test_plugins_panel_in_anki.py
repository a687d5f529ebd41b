"""The Plugins panel in a real Anki: install a `.atdplugin` file
through the panel (Anki's file dialog answered through the FileDialogs host role), see it
listed and on, use the bridge method it adds without reopening the designer, turn it off
(it stays off: plugin-state.json), uninstall it; hostile packages are refused with a
clear message and install nothing. Installing from a signed index on 127.0.0.1 shows the
download's progress and offers updates. Screenshots at 1366×768 (and 800×600):
test-artifacts/plugins-panel*.png (and docs/images/plugins-panel.png with
ATD_UPDATE_DOC_IMAGES=1)."""

import base64
import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from aqt.qt import Qt
from conftest import ADDON_FOLDER, ROOT
from example_plugins import IN_ANKI
from plugin_market import (
    MarketServer,
    bridge_plugin_files,
    entry_for,
    flip_payload,
    hostile_packages,
    index_payload,
    package_bytes,
    plugin_files,
)

from anki_harness import pump, wait_until
from canvas_driver import key
from designer_driver import answer_modal, click, close, js, open_from_menu, skip_tour

PANEL = "#plugins-dialog"
STATUS = "document.getElementById('plugins-status')"
MARKUP_NAME = '<img src=x onerror="window.__pwned=1">Greeter'


def user_files(anki_base: Path) -> Path:
    return anki_base / "addons21" / ADDON_FOLDER / "user_files"


def answer_open_dialog(dialog, path, asked):
    """The one edge a test cannot drive: Anki's native file dialog. The page asks the
    registry's FileDialogs host role for a file; this answers `path` (None: cancel)."""
    role = sys.modules[f"{ADDON_FOLDER}.sdk.hosts"].FileDialogs

    def choose_open(title, filter_label, extension, key):
        asked.append((title, filter_label, extension))
        return None if path is None else str(path)

    dialog.registry.get(role).choose_open = choose_open


def open_panel(dialog):
    skip_tour(dialog)
    click(dialog, "#plugins-open")
    wait_until(
        lambda: js(dialog, f"document.querySelector('{PANEL}')?.dataset.state") == "ready",
        15,
        "the Plugins panel",
    )


def status(dialog):
    return js(dialog, f"[{STATUS}.dataset.kind, {STATUS}.textContent]")


def install_file(dialog, path):
    asked = []
    answer_open_dialog(dialog, path, asked)
    js(dialog, f"{STATUS}.textContent = ''; 0")
    click(dialog, "#plugins-install-file")
    wait_until(
        lambda: js(
            dialog,
            f"document.querySelector('{PANEL}').dataset.state === 'ready'"
            f" && {STATUS}.textContent !== ''",
        ),
        30,
        f"the install of {path}",
    )
    return status(dialog), asked


def row(dialog, plugin_id):
    return js(
        dialog,
        f"""(() => {{
          const li = document.querySelector('{PANEL} li.plugin[data-plugin="{plugin_id}"]');
          if (!li) return null;
          const sw = li.querySelector('.plugin-switch');
          return {{
            state: li.dataset.state,
            name: li.querySelector('.plugin-name').textContent,
            version: li.querySelector('.plugin-version')?.textContent ?? '',
            permissions: [...li.querySelectorAll('.plugin-permissions li')].map(e => e.textContent),
            errors: [...li.querySelectorAll('.plugin-errors li')].map(e => e.textContent),
            switchOn: sw ? sw.checked : null,
            switchUsable: sw ? !sw.disabled && sw.tabIndex >= 0 : null,
            uninstall: !!li.querySelector('[data-action=uninstall]'),
          }};
        }})()""",
    )


def call_bridge(dialog, method, params):
    """Call a bridge method from the page; returns {ok, value} or {ok: false, code}."""
    js(
        dialog,
        f"window.__call = null; atd.bridge.call({json.dumps(method)}, {json.dumps(params)})"
        ".then(v => { window.__call = {ok: true, value: v}; })"
        ".catch(e => { window.__call = {ok: false, code: e.code, message: e.message}; }); 0",
    )
    return wait_until(lambda: js(dialog, "window.__call"), 10, f"{method} to answer")


def plugin_folders(anki_base):
    """The plugins this test installed (the example plugins every Anki test has left out)."""
    folder = user_files(anki_base) / "plugins"
    found = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    return [name for name in found if name not in IN_ANKI]


def shoot(dialog, artifacts, name):
    pump(0.4)
    path = artifacts / name
    dialog.grab().save(str(path))
    return path


def with_manifest(files, **changes):
    manifest = {**json.loads(files["plugin.json"]), **changes}
    return {**files, "plugin.json": json.dumps(manifest).encode()}


def write_package(tmp_path, name, files):
    path = tmp_path / f"{name}.atdplugin"
    path.write_bytes(package_bytes(files))
    return path


def test_install_use_turn_off_and_uninstall_a_plugin_from_the_panel(
    mw, anki_base, artifacts, tmp_path
):
    greeter = bridge_plugin_files("greeter")
    package = write_package(
        tmp_path,
        "greeter-1.0.0",
        with_manifest(greeter, name="Greeter", description="Says hello through the bridge."),
    )
    lint = write_package(
        tmp_path, "font-lint-1.2.0", plugin_files("font-lint", "1.2.0", name="Font tag lint")
    )
    crashy = plugin_files(
        "crashy", name="Crashy", permissions=["notetypes:read", "network:example.org"]
    )
    crashy["plugin.py"] = b"raise RuntimeError('crashy is broken on purpose')\n"
    broken = write_package(tmp_path, "crashy-1.0.0", crashy)

    dialog = open_from_menu(mw)
    try:
        dialog.resize(1366, 768)
        assert call_bridge(dialog, "greeter.hello", {"name": "Ada"})["code"] == "unknown_method"
        open_panel(dialog)
        assert row(dialog, "greeter") is None

        (kind, text), asked = install_file(dialog, package)
        assert asked == [("Install a plugin", "Template Designer plugin", "atdplugin")]
        assert (kind, text) == ("info", "Installed Greeter 1.0.0; it is on."), text
        listed = row(dialog, "greeter")
        assert listed["state"] == "enabled" and listed["switchOn"] and listed["switchUsable"]
        assert listed["name"] == "Greeter" and listed["version"] == "1.0.0"
        assert listed["permissions"] == ["Add the designer action greeter.hello"]
        assert listed["uninstall"] and listed["errors"] == []
        # its bridge method answers at once, without reopening the designer
        answer = call_bridge(dialog, "greeter.hello", {"name": "Ada"})
        assert answer == {"ok": True, "value": {"greeting": "hello Ada", "version": "1.0.0"}}

        (kind, text), _ = install_file(dialog, lint)
        assert (kind, text) == ("info", "Installed Font tag lint 1.2.0; it is on."), text
        # by keyboard: Space on the switch turns it off and on; the focus stays on it
        switch = f"{PANEL} .plugin-switch[data-plugin=font-lint]"
        js(dialog, f"document.querySelector('{switch}').focus(); 0")
        for state in ("disabled", "enabled"):
            key(dialog, Qt.Key.Key_Space)
            wait_until(lambda s=state: row(dialog, "font-lint")["state"] == s, 10, state)
            wait_until(
                lambda: js(
                    dialog, f"document.activeElement === document.querySelector('{switch}')"
                ),
                5,
                "the focus back on the switch",
            )
        js(dialog, "document.activeElement.blur(); 0")
        # a plugin that raises while loading is installed but off, and says why
        (kind, text), _ = install_file(dialog, broken)
        assert kind == "error" and text.startswith("Installed Crashy 1.0.0, but it is failed: "), (
            text
        )
        assert "crashy is broken on purpose" in text
        failed = row(dialog, "crashy")
        assert failed["state"] == "failed" and failed["switchOn"] is False
        assert sorted(failed["permissions"]) == ["Connect to example.org", "Read your note types"]
        assert any("RuntimeError: crashy is broken on purpose" in e for e in failed["errors"])
        # turning it on tries again, fails again, and says so
        click(dialog, f"{PANEL} .plugin-switch[data-plugin=crashy]")
        wait_until(lambda: status(dialog)[0] == "error", 10, "the retry")
        assert status(dialog)[1].startswith("Crashy could not be turned on: "), status(dialog)
        retried = row(dialog, "crashy")
        assert retried["state"] == "failed"
        assert retried["errors"] == [
            "loading: RuntimeError: crashy is broken on purpose (2 times)"
        ], retried
        # built-in features are listed apart, and cannot be switched off
        assert js(
            dialog, f"document.querySelector('{PANEL} .plugins-builtin summary').textContent"
        ).startswith("Built into the designer (")
        assert (
            js(
                dialog,
                f"document.querySelectorAll('{PANEL} .plugins-builtin .plugin-switch').length",
            )
            == 0
        )
        shoot(dialog, artifacts, "plugins-panel-1366x768.png")
        if os.environ.get("ATD_UPDATE_DOC_IMAGES"):  # the docs' copy, refreshed on demand
            docs = ROOT / "docs" / "images" / "plugins-panel.png"
            shutil.copyfile(artifacts / "plugins-panel-1366x768.png", docs)
        js(dialog, "atd.app.setNight(true); 0")
        shoot(dialog, artifacts, "plugins-panel-1366x768-night.png")
        js(dialog, "atd.app.setNight(false); 0")
        # a small window: the panel fits its width (rows wrap, nothing hides sideways)
        dialog.resize(800, 600)
        shoot(dialog, artifacts, "plugins-panel-800x600.png")
        overflow = js(
            dialog,
            f"[...document.querySelectorAll('{PANEL}, {PANEL} .plugins-body, {PANEL} li.plugin')]"
            ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className || e.id)",
        )
        assert overflow == [], overflow
        dialog.resize(1366, 768)

        # off: the switch, the state file, the bridge method gone
        click(dialog, f"{PANEL} .plugin-switch[data-plugin=greeter]")
        wait_until(lambda: (row(dialog, "greeter") or {}).get("state") == "disabled", 10, "off")
        assert status(dialog)[1] == "Greeter is off."
        state_file = user_files(anki_base) / "plugin-state.json"
        assert "greeter" in json.loads(state_file.read_text())["disabled"]
        assert call_bridge(dialog, "greeter.hello", {"name": "x"})["code"] == "unknown_method"
    finally:
        dialog.dirty = False
        close(dialog)

    # still off in a new designer window
    dialog = open_from_menu(mw)
    try:
        dialog.resize(1366, 768)
        open_panel(dialog)
        assert row(dialog, "greeter")["switchOn"] is False
        # uninstall asks first; "Keep it" keeps it
        click(dialog, f"{PANEL} [data-action=uninstall][data-plugin=greeter]")
        assert "Its files and the data it kept are deleted" in answer_modal(dialog, "cancel")
        assert row(dialog, "greeter") is not None and "greeter" in plugin_folders(anki_base)
        for plugin_id in ("greeter", "crashy", "font-lint"):
            click(dialog, f"{PANEL} [data-action=uninstall][data-plugin={plugin_id}]")
            answer_modal(dialog, "uninstall")
            wait_until(lambda p=plugin_id: row(dialog, p) is None, 10, f"{plugin_id} to go")
        assert status(dialog)[1] == "Font tag lint was uninstalled."
        assert plugin_folders(anki_base) == []
        # What is left is the example plugins every Anki test has (or "No plugins").
        left = js(
            dialog,
            f"[...document.querySelectorAll('{PANEL} li.plugin')].map(l => l.dataset.plugin)",
        )
        builtin = set(sys.modules[f"{ADDON_FOLDER}.features"].DEFAULT_PLUGINS)
        assert sorted(set(left) - builtin) == sorted(IN_ANKI)
        assert bool(js(dialog, "!!document.getElementById('plugins-none')")) == (not IN_ANKI)
        # Esc closes the panel, not the designer; the next Esc closes the designer
        js(dialog, "document.getElementById('plugins-install-file').focus(); 0")
        key(dialog, Qt.Key.Key_Escape)
        wait_until(lambda: not js(dialog, f"document.querySelector('{PANEL}').open"), 5, "closed")
        pump(0.5)
        assert dialog.isVisible() and not dialog._closed, (
            "Esc meant for the panel closed the designer"
        )
        key(dialog, Qt.Key.Key_Escape)
        wait_until(lambda: dialog._closed, 5, "Esc to close the designer")
    finally:
        if not dialog._closed:
            dialog.dirty = False
            close(dialog)


HOSTILE = ["dotdot", "absolute", "symlink", "zip-bomb", "bad-manifest", "builtin-id", "not-a-zip"]


def test_hostile_packages_are_refused_with_a_clear_message_and_install_nothing(
    mw, anki_base, tmp_path
):
    packages = hostile_packages("hostile-pack")
    dialog = open_from_menu(mw)
    try:
        open_panel(dialog)
        before = plugin_folders(anki_base)
        # a name and description written as markup stay text: no element, nothing runs
        markup = with_manifest(
            plugin_files("markup-name"),
            name=MARKUP_NAME,
            description="<script>window.__pwned=2</script><b>bold?</b>",
        )
        (kind, text), _ = install_file(dialog, write_package(tmp_path, "markup", markup))
        assert (kind, text) == ("info", f"Installed {MARKUP_NAME} 1.0.0; it is on.")
        assert row(dialog, "markup-name")["name"] == MARKUP_NAME
        assert (
            js(
                dialog,
                f"document.querySelectorAll('{PANEL} img, {PANEL} script, {PANEL} b').length",
            )
            == 0
        )
        assert js(dialog, "window.__pwned ?? null") is None
        click(dialog, f"{PANEL} [data-action=uninstall][data-plugin=markup-name]")
        answer_modal(dialog, "uninstall")
        wait_until(lambda: row(dialog, "markup-name") is None, 10, "markup-name to go")
        for name in HOSTILE:
            data, phrase = packages[name]
            path = tmp_path / f"{name}.atdplugin"
            path.write_bytes(data)
            (kind, text), _ = install_file(dialog, path)
            assert kind == "error", (name, text)
            assert text.startswith("Installing from a file refused: "), (name, text)
            assert phrase in text and f"{name}.atdplugin" in text, (name, phrase, text)
            assert plugin_folders(anki_base) == before, name
            assert row(dialog, "hostile-pack") is None, name
        # a cancelled file dialog says so, and installs nothing
        (kind, text), _ = install_file(dialog, None)
        assert (kind, text) == ("info", "No file chosen; nothing was installed.")
        # a bad index address is refused before anything is asked of Python
        js(
            dialog,
            "document.getElementById('plugins-index-url').value = 'ftp://example.org/i.json';"
            "document.getElementById('plugins-index-read').click(); 0",
        )
        assert status(dialog)[0] == "error" and "https://" in status(dialog)[1]
    finally:
        dialog.dirty = False
        close(dialog)


def set_trusted_keys(mw, keys):
    manager = mw.addonManager
    manager.writeConfig(
        ADDON_FOLDER, {**manager.getConfig(ADDON_FOLDER), "plugin_index_trusted_keys": keys}
    )
    manager._configUpdatedActions[ADDON_FOLDER](manager.getConfig(ADDON_FOLDER))


@pytest.fixture
def market(mw):
    """A real marketplace on 127.0.0.1 whose key the add-on's config trusts."""
    from anki_template_designer.services.plugins.signing import public_key_of

    server = MarketServer()
    seed = os.urandom(32)
    key = base64.b64encode(public_key_of(seed)).decode()
    set_trusted_keys(mw, [{"name": "Test marketplace", "key": key}])
    yield server, seed
    set_trusted_keys(mw, [])
    server.close()


def publish_index(server, seed, name, packages, tamper=None):
    """Packages {(id, version): bytes} and their signed index under /<name>/."""
    from anki_template_designer.services.plugins.index import build_index

    entries = []
    for (plugin_id, version), data in packages.items():
        server.publish(f"/{name}/{plugin_id}-{version}.atdplugin", data)
        entries.append(entry_for(plugin_id, version, f"{plugin_id}-{version}.atdplugin", data))
    index = build_index(index_payload(entries), seed)
    return server.publish(f"/{name}/index.json", tamper(index) if tamper else index)


def lint_package(version):
    """A lint plugin with 1.5 MiB of data that does not compress (so it downloads a while)."""
    files = plugin_files("market-lint", version, name="Market Lint")
    return package_bytes({**files, "data/words.bin": os.urandom(1536 * 1024)})


def read_index(dialog, url):
    js(
        dialog,
        f"document.getElementById('plugins-index-url').value = {json.dumps(url)};"
        "document.getElementById('plugins-index-read').click(); 0",
    )
    wait_until(
        lambda: js(dialog, f"document.querySelector('{PANEL}').dataset.state") == "ready",
        20,
        f"the index {url}",
    )
    return status(dialog)


def watch_status(dialog):
    """Record every text and progress bar the status line shows from now on."""
    js(
        dialog,
        f"window.__seen = []; new MutationObserver(() => window.__seen.push([{STATUS}.textContent,"
        f" !!{STATUS}.querySelector('progress')])).observe({STATUS}, {{childList: true, subtree: true}}); 0",
    )


def test_install_and_update_from_a_signed_index_with_download_progress(mw, anki_base, market):
    server, seed = market
    v1 = lint_package("1.0.0")
    url = publish_index(server, seed, "good", {("market-lint", "1.0.0"): v1})
    server.paced["/good/market-lint-1.0.0.atdplugin"] = 0.04  # ~1 s for 24 chunks
    dialog = open_from_menu(mw)
    try:
        open_panel(dialog)
        assert not js(dialog, f"!!document.querySelector('{PANEL} .plugins-blocker')")
        kind, text = read_index(dialog, url)
        assert (kind, text) == ("info", "Test marketplace: 1 package."), text
        offer = f"{PANEL} li.offer[data-offer=market-lint]"
        assert js(dialog, f"document.querySelector('{offer}').dataset.action") == "install"
        assert js(dialog, f"document.querySelector('{offer} button').textContent") == "Install"

        watch_status(dialog)
        click(dialog, f"{offer} button")
        wait_until(lambda: status(dialog)[1].startswith("Installed"), 30, "the install")
        assert status(dialog) == ["info", "Installed Market Lint 1.0.0; it is on."]
        seen = js(dialog, "window.__seen")
        downloading = [t for t, bar in seen if bar and t.startswith("Downloading market-lint: ")]
        assert downloading, seen
        assert any(re.search(r"KB of 1\.\d MB \(\d{1,2}%\)$", t) for t in downloading), downloading
        assert row(dialog, "market-lint")["state"] == "enabled"
        assert js(dialog, f"document.querySelector('{offer}').dataset.action") == "current"

        # a newer version in the index: Update on the plugin's own entry
        publish_index(
            server,
            seed,
            "good",
            {("market-lint", "1.0.0"): v1, ("market-lint", "1.1.0"): lint_package("1.1.0")},
        )
        kind, text = read_index(dialog, url)
        assert (kind, text) == ("info", "Test marketplace: 1 package, 1 update."), text
        update = f"{PANEL} [data-action=update][data-plugin=market-lint]"
        assert js(dialog, f"document.querySelector('{update}').textContent") == "Update to 1.1.0"
        click(dialog, update)
        wait_until(lambda: status(dialog)[1].startswith("Updated"), 30, "the update")
        assert status(dialog) == ["info", "Updated Market Lint 1.1.0; it is on."]
        assert row(dialog, "market-lint")["version"] == "1.1.0"
        assert not js(dialog, f"!!document.querySelector('{update}')")

        # a tampered index: refused, says why, nothing fetched or installed
        bad = publish_index(
            server, seed, "tampered", {("evil-lint", "1.0.0"): lint_package("1.0.0")},
            tamper=flip_payload,
        )  # fmt: skip
        server.requested.clear()
        kind, text = read_index(dialog, bad)
        assert kind == "error" and text.startswith(f"Reading {bad} refused: "), text
        assert server.requested == ["/tampered/index.json"]
        assert plugin_folders(anki_base) == ["market-lint"]

        click(dialog, f"{PANEL} [data-action=uninstall][data-plugin=market-lint]")
        answer_modal(dialog, "uninstall")
        wait_until(lambda: row(dialog, "market-lint") is None, 10, "market-lint to go")
    finally:
        dialog.dirty = False
        close(dialog)
