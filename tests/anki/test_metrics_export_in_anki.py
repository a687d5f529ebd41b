"""The Performance panel (developer mode) exports its figures as JSON and CSV files in a
real Anki, through the FileDialogs host role, and `atd metrics-export` reads them back
together with the add-on's own log folder."""

import json
import sys
from pathlib import Path

from conftest import ADDON_FOLDER

from anki_harness import pump, wait_until
from anki_template_designer.cli import main
from anki_template_designer.services.metrics import operations_from_csv, snapshot_from_json
from designer_driver import click, close, js, open_from_menu, open_notetype

STATUS = "document.querySelector('#performance .perf-status').textContent"


def set_developer_mode(mw, on):
    manager = mw.addonManager
    manager.writeConfig(ADDON_FOLDER, {**manager.getConfig(ADDON_FOLDER), "developer_mode": on})
    manager._configUpdatedActions[ADDON_FOLDER](manager.getConfig(ADDON_FOLDER))


def answer_save_dialog(dialog, path, asked):
    """The one edge a test cannot drive: Anki's native save dialog. The page asks the
    registry's FileDialogs host role where to write; this answers `path` (None: cancel)."""
    role = sys.modules[f"{ADDON_FOLDER}.sdk.hosts"].FileDialogs

    def choose_save(title, filter_label, extension, key, suggested):
        asked.append((title, filter_label, extension, suggested))
        return None if path is None else str(path)

    dialog.registry.get(role).choose_save = choose_save


def export(dialog, fmt, target):
    asked = []
    answer_save_dialog(dialog, target, asked)
    js(dialog, "document.querySelector('#performance .perf-status').textContent = ''; 0")
    click(dialog, f"#perf-export-{fmt}")
    status = wait_until(
        lambda: (js(dialog, STATUS) or "").startswith(("Saved", "Export")) and js(dialog, STATUS),
        15,
        f"the {fmt} export",
    )
    return status, asked


def test_the_performance_panel_exports_json_and_csv_that_atd_reads(mw, tmp_path, capsys, addon_log):
    set_developer_mode(mw, True)
    dialog = open_from_menu(mw)
    try:
        open_notetype(dialog, "Basic")  # some bridge calls to measure
        click(dialog, "#perf-toggle")
        wait_until(lambda: js(dialog, "!!document.querySelector('#performance table')"), 10)
        status, asked = export(dialog, "json", tmp_path / "figures.json")
        assert status == f"Saved {tmp_path / 'figures.json'}", status
        (title, kind, extension, suggested) = asked[0]
        assert title == "Export performance figures"
        assert extension == "json" and "JSON" in kind and suggested.startswith("atd-metrics-")
        status, _ = export(dialog, "csv", tmp_path / "figures.csv")
        assert status == f"Saved {tmp_path / 'figures.csv'}", status
        # cancelled and failing saves say so, and write nothing
        status, _ = export(dialog, "csv", None)
        assert status == "Export cancelled"
        status, _ = export(dialog, "json", tmp_path / "no-such-folder" / "x.json")
        assert status.startswith("Export failed") and "x.json" in status, status
        # the panel keeps refreshing below its buttons
        pump(1.2)
        assert js(dialog, "!!document.getElementById('perf-export-json')")
        assert js(dialog, "!!document.querySelector('#performance table tbody tr')")
    finally:
        close(dialog)
        set_developer_mode(mw, False)

    snapshot = snapshot_from_json((tmp_path / "figures.json").read_text())
    names = {op.name for op in snapshot.operations}
    assert "bridge.metrics.snapshot" in names, names  # the panel's own refreshes
    operations, _counters = operations_from_csv((tmp_path / "figures.csv").read_text())
    assert {op.name for op in operations} >= {n for n in names if n.startswith("bridge.")} - {
        "bridge.metrics.export"
    }
    assert not (tmp_path / "no-such-folder").exists()

    # `atd metrics-export` over the exports and the add-on's real log folder
    capsys.readouterr()
    assert main(["metrics-export", str(tmp_path), str(addon_log.parent)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert sorted(Path(s["source"]).name for s in document["snapshots"]) == [
        "figures.csv",
        "figures.json",
    ]


def test_without_developer_mode_the_page_cannot_export(mw):
    dialog = open_from_menu(mw)
    try:
        assert js(dialog, "document.getElementById('perf-toggle').hidden")
        js(
            dialog,
            "window.__export = null; atd.bridge.call('metrics.export', {format: 'json'})"
            ".catch(e => { window.__export = String(e && (e.code || e.message) || e); }); 0",
        )
        refused = wait_until(lambda: js(dialog, "window.__export"), 10, "the refusal")
        assert "unknown_method" in refused, refused
    finally:
        close(dialog)
