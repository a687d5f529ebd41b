"""`atd metrics-export`: the Performance panel's export files and the alerts the real
collector logged, gathered from folders into one JSON document or CSV table; and the
panel's own export (the `metrics.export` bridge method) through the FileDialogs role."""

import csv
import io
import json

import pytest

from anki_template_designer.cli import main
from anki_template_designer.features.metrics.methods import metrics_methods
from anki_template_designer.sdk.testing import Bridge, plain_hosts, registry_for
from anki_template_designer.services.logging_service import LogService
from anki_template_designer.services.metrics import (
    Metrics,
    export_file_name,
    export_text,
    operations_from_csv,
    snapshot_from_json,
)

PACKAGE_LOGGER = "anki_template_designer"


def run(capsys, *argv):
    code = main(["metrics-export", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def slow_then_normal(metrics):
    """Raise and clear one alert on preview.render (the collector logs both)."""
    metrics.set_threshold("preview.render", 0.100, min_samples=5)
    for _ in range(10):
        metrics.record("preview.render", 0.250)
    for _ in range(100):
        metrics.record("preview.render", 0.010)
    metrics.increment("preview.cache_hit", 7)


def user_files(tmp_path, metrics):
    """A user_files folder as the add-on leaves it: a log and two panel exports."""
    logs = LogService(tmp_path / "logs", PACKAGE_LOGGER)
    try:
        slow_then_normal(metrics)
        logs.flush()
    finally:
        logs.close()
    exports = tmp_path / "metrics"
    exports.mkdir()
    snapshot = metrics.snapshot()
    for fmt in ("json", "csv"):
        (exports / export_file_name(snapshot, fmt)).write_text(export_text(snapshot, fmt))
    return snapshot


def test_exports_and_logged_alerts_become_one_json_document(tmp_path, metrics, capsys):
    snapshot = user_files(tmp_path, metrics)
    code, out, _err = run(capsys, str(tmp_path))
    assert code == 0
    document = json.loads(out)
    assert document["format"] == "atd-metrics-collection/1"
    from_json, from_csv = document["snapshots"]  # the timed one first
    assert from_json["taken_at"] == snapshot.taken_at and from_csv["taken_at"] is None
    for exported in (from_json, from_csv):
        (render,) = [op for op in exported["operations"] if op["name"] == "preview.render"]
        assert render["count"] == 110
        assert render["p95_s"] == snapshot.operation("preview.render").p95_s
        assert exported["counters"] == {"preview.cache_hit": 7}
    raised, cleared = document["logged_alerts"]
    assert (raised["name"], raised["active"], raised["limit_s"]) == ("preview.render", True, 0.1)
    assert raised["value_s"] == 0.25 and raised["percentile"] == 95
    assert (cleared["active"], cleared["limit_s"]) == (False, None)
    assert cleared["value_s"] <= 0.09


def test_a_log_folder_alone_gives_its_alerts_as_csv(tmp_path, metrics, capsys):
    user_files(tmp_path, metrics)
    output = tmp_path / "all.csv"
    code, out, _err = run(capsys, str(tmp_path / "logs"), "--format", "csv", "--out", str(output))
    assert code == 0 and "0 exports and 2 logged alerts" in out
    rows = list(csv.DictReader(io.StringIO(output.read_text())))
    assert [row["kind"] for row in rows] == ["alert-raised", "alert-cleared"]
    assert float(rows[0]["value"]) == 0.25 and rows[0]["name"] == "preview.render"


def test_everything_as_one_csv_table(tmp_path, metrics, capsys):
    user_files(tmp_path, metrics)
    output = tmp_path / "all.csv"
    code, out, _err = run(capsys, str(tmp_path), "--format", "csv", "--out", str(output))
    assert code == 0 and "2 exports and 2 logged alerts" in out
    rows = list(csv.DictReader(io.StringIO(output.read_text())))
    kinds = [row["kind"] for row in rows]
    assert kinds.count("operation") == 2 and kinds.count("counter") == 2
    assert kinds.count("memory") == 2  # only the JSON export has memory figures
    assert kinds[-2:] == ["alert-raised", "alert-cleared"]


def test_nothing_to_export_is_said_and_exits_1(tmp_path, capsys):
    (tmp_path / "notes.json").write_text('{"not": "metrics"}')
    (tmp_path / "designer.log").write_text("2026-12-03 10:00:00 INFO x: designer opened\n")
    code, out, err = run(capsys, str(tmp_path))
    assert code == 1 and out == ""
    assert "skipped" in err and "notes.json" in err
    assert "no metrics exports" in err
    code, _out, err = run(capsys, str(tmp_path / "missing"))
    assert code == 1 and "missing: no such file or directory" in err


def test_a_broken_export_is_skipped_with_its_name_and_the_rest_still_exported(
    tmp_path, metrics, capsys
):
    user_files(tmp_path, metrics)
    (tmp_path / "metrics" / "truncated.json").write_text('{"format": "atd-metrics/1", "oper')
    (tmp_path / "metrics" / "binary.csv").write_bytes(b"\xff\xfe\x00garbage")
    code, out, err = run(capsys, str(tmp_path))
    assert code == 0 and len(json.loads(out)["snapshots"]) == 2
    assert "truncated.json: not a metrics export" in err
    assert "binary.csv: cannot read" in err


def test_an_unwritable_output_is_an_error_that_says_where(tmp_path, metrics, capsys):
    user_files(tmp_path, metrics)
    code, _out, err = run(capsys, str(tmp_path), "--out", str(tmp_path / "no" / "such" / "x.json"))
    assert code == 2 and "cannot write" in err and "x.json" in err


def test_an_unknown_format_is_refused_by_the_parser(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["metrics-export", str(tmp_path), "--format", "xml"])
    assert stopped.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


@pytest.fixture
def panel(tmp_path):
    """Every real service (sdk.testing's registry) and plain host roles."""
    registry = registry_for(tmp_path / "addon-base")
    hosts = plain_hosts(registry)
    yield Bridge(metrics_methods(registry)), hosts, registry.get(Metrics)
    registry.close()


def test_the_panel_exports_what_the_user_chose_in_the_save_dialog(panel, tmp_path):
    bridge, hosts, metrics = panel
    slow_then_normal(metrics)
    hosts.save_path = str(tmp_path / "figures.json")
    result = bridge.ok("metrics.export", {"format": "json"})
    assert result["path"] == hosts.save_path
    assert hosts.suggested[-1].startswith("atd-metrics-") and hosts.suggested[-1].endswith(".json")
    snapshot = snapshot_from_json((tmp_path / "figures.json").read_text())
    assert snapshot.operation("preview.render").count == 110
    hosts.save_path = str(tmp_path / "figures.csv")
    bridge.ok("metrics.export", {"format": "csv"})
    operations, counters = operations_from_csv((tmp_path / "figures.csv").read_text())
    assert "preview.render" in [op.name for op in operations]
    assert counters["preview.cache_hit"] == 7


def test_a_cancelled_save_writes_nothing_and_bad_formats_are_refused(panel, tmp_path):
    bridge, hosts, _metrics = panel
    hosts.save_path = None
    assert bridge.ok("metrics.export", {"format": "csv"}) == {"path": None}
    assert list(tmp_path.glob("*.csv")) == []
    for params in ({"format": "xml"}, {}, {"format": "json", "path": "/etc/x"}):
        assert bridge.error("metrics.export", params)["code"] == "invalid_params"


def test_a_file_that_cannot_be_written_is_an_error_naming_it(panel, tmp_path):
    bridge, hosts, _metrics = panel
    hosts.save_path = str(tmp_path / "missing-folder" / "figures.json")
    error = bridge.error("metrics.export", {"format": "json"})
    assert "figures.json" in error["message"] and "No such file" in error["message"]
