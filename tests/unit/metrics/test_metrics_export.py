import csv
import io
import json

import pytest

from anki_template_designer.services.metrics import (
    PERCENTILE_DEFINITION,
    ExportFormatError,
    operations_from_csv,
    snapshot_from_json,
    snapshot_to_csv,
    snapshot_to_json,
)


@pytest.fixture
def snapshot(metrics, nano):
    metrics.set_threshold("preview, render", 0.05, min_samples=1)  # a comma, for CSV
    for seconds in (0.1, 0.2, 0.3):
        with metrics.timer("preview, render"):
            nano.advance(seconds)
    metrics.record("save", 0.0123456789)
    metrics.increment("cache.hit", 9)
    metrics.increment('odd "name"')
    return metrics.snapshot()


def test_a_snapshot_holds_operations_counters_memory_and_alerts(snapshot):
    assert [op.name for op in snapshot.operations] == ["preview, render", "save"]
    assert snapshot.operation("save").count == 1
    assert snapshot.counters == {"cache.hit": 9, 'odd "name"': 1}
    assert [alert.name for alert in snapshot.alerts] == ["preview, render"]
    assert snapshot.memory is not None
    assert snapshot.percentile_definition == PERCENTILE_DEFINITION


def test_json_round_trip_is_exact(snapshot):
    text = snapshot_to_json(snapshot)
    assert json.loads(text)["format"] == "atd-metrics/1"
    assert snapshot_from_json(text) == snapshot


def test_csv_round_trip_keeps_operations_and_counters_exactly(snapshot):
    text = snapshot_to_csv(snapshot)
    operations, counters = operations_from_csv(text)
    assert tuple(operations) == snapshot.operations
    assert counters == snapshot.counters
    rows = list(csv.DictReader(io.StringIO(text)))
    kinds = [row["kind"] for row in rows]
    assert kinds == ["operation", "operation", "counter", "counter", "memory", "memory"]


def test_an_empty_snapshot_exports_too(metrics):
    empty = metrics.snapshot(sample_memory=False)
    assert snapshot_from_json(snapshot_to_json(empty)) == empty
    assert operations_from_csv(snapshot_to_csv(empty)) == ([], {})


@pytest.mark.parametrize("text", ['{"format": "other"}', "not json", '{"format": "atd-metrics/1"}'])
def test_foreign_json_is_refused(text):
    with pytest.raises(ExportFormatError):
        snapshot_from_json(text)


def test_foreign_csv_is_refused():
    with pytest.raises(ExportFormatError):
        operations_from_csv("a,b\n1,2\n")
