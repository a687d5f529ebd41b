"""The Sync panel's bridge methods in a real registry over a real collection, through the
real dispatcher: bad params refused before anything runs, a save queued then synced to
the session's moto S3 server, offline shown as such, and the secrets (a canary passphrase
and S3 secret key) in no reply, no pushed message, no log record and no file we write
in the clear."""

import json
import time

import pytest
from bridge_replies import ok

from anki_template_designer.features.events import announce
from anki_template_designer.features.sync.service import SyncService
from anki_template_designer.services.sync.connectivity import Connectivity
from log_records import records_of

CANARY = "canary-passphrase-5d1e77"
S3_CANARY = "canary-s3-secret-key-a09f"


def wait_for(bridge, state, timeout=20.0):
    deadline = time.monotonic() + timeout
    while (status := bridge.ok("sync.status"))["state"] != state:
        assert time.monotonic() < deadline, status
        time.sleep(0.02)
    return status


class Offline(Connectivity):
    def __init__(self):
        self.up = False

    def is_online(self):
        return self.up


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("sync.configure", {}),
        ("sync.configure", {"remote": "ftp://example.org/x"}),
        ("sync.configure", {"remote": "file:///x", "unknown": 1}),
        ("sync.configure", {"remote": "file:///x", "passphrase": 5}),
        ("sync.configure", {"remote": "file:///x", "s3Endpoint": "gopher://x"}),
        ("sync.configure", {"remote": "file:///x", "forget": ["everything"]}),
        ("sync.resolve", {}),
        ("sync.resolve", {"choice": "mine"}),
        ("sync.now", {"allowMassDelete": "yes"}),
        ("sync.status", {"verbose": True}),
    ],
)
def test_bad_params_are_refused_before_anything_runs(feature_setup, method, params):
    _registry, bridge, _col = feature_setup
    error = bridge.error(method, params)
    assert error["code"] == "invalid_params"
    assert bridge.ok("sync.status")["settings"]["remote"] == ""


def test_a_login_in_the_address_or_s3_without_keys_is_refused_and_nothing_kept(feature_setup):
    _registry, bridge, _col = feature_setup
    refused = bridge.error("sync.configure", {"remote": "webdavs://me:pw-77@dav.example/x"})
    assert "password boxes" in refused["message"] and "pw-77" not in json.dumps(refused)
    refused = bridge.error("sync.configure", {"remote": "s3://bucket/prefix"})
    assert "AWS_ACCESS_KEY_ID" in refused["message"]
    status = bridge.ok("sync.status")
    assert status["settings"] == {
        "remote": "",
        "s3Endpoint": "",
        "s3Region": "",
        "configured": False,
        "secretsSet": [],
    }
    assert "choose a sync remote" in ok(bridge, "sync.now")["message"]


def test_a_save_is_queued_synced_and_no_secret_is_ever_shown_or_logged(
    feature_setup, s3_remote, s3_endpoint, tmp_path
):
    registry, bridge, col = feature_setup
    basic = dict(col.models.by_name("Basic"))
    remote = f"s3://{s3_remote.bucket}/{s3_remote.prefix}"
    seen = []
    with records_of("anki_template_designer") as records, records_of("atd_test") as more:
        configure = {
            "remote": remote,
            "s3Endpoint": s3_endpoint,
            "passphrase": CANARY,
            "s3AccessKeyId": "testing",
            "s3SecretAccessKey": S3_CANARY,
        }
        shown = bridge.ok("sync.configure", configure)
        assert shown["configured"] and shown["secretsSet"] == [
            "passphrase",
            "s3AccessKeyId",
            "s3SecretAccessKey",
        ]
        seen.append(shown)

        offline = Offline()
        registry.register_value(Connectivity, offline)
        basic["tmpls"][0]["qfmt"] = "synced {{Front}}"
        col.models.update_dict(basic)
        announce(registry, "atd_notetype_saved", notetype_id=basic["id"], notetype=basic)
        status = bridge.ok("sync.status")
        assert status["state"] == "offline" and [q["notetypeId"] for q in status["queue"]] == [
            basic["id"]
        ]
        seen.append(status)
        offline.up = True
        registry.get(SyncService).kick()  # what the ticker does every few seconds
        status = wait_for(bridge, "synced")
        assert status["queue"] == [] and status["lastRuns"][0]["outcome"] == "synced"
        seen.append(status)
        assert ok(bridge, "sync.now")["state"] == "synced"

        # A wrong passphrase: an error with a message, the next try backed off.
        bridge.ok("sync.configure", {**configure, "passphrase": CANARY + "-wrong"})
        announce(registry, "atd_notetype_saved", notetype_id=basic["id"], notetype=basic)
        failed = ok(bridge, "sync.now")
        assert failed["state"] == "error" and failed["retryAt"] and failed["message"]
        assert len(failed["queue"]) == 1
        seen.append(failed)
        seen.append(bridge.ok("sync.configure", {"remote": remote, "forget": ["passphrase"]}))
    replies = json.dumps(seen) + json.dumps(bridge.pushed)
    logged = "\n".join(f"{r.getMessage()} {r.exc_info!r} {r.args!r}" for r in [*records, *more])
    assert any("sync" in r.getMessage() for r in records)  # the runs were logged
    profile = tmp_path / "collection.anki2"
    written = [p for p in tmp_path.rglob("atd-sync*") if p.is_file()]
    assert written and profile.parent in {p.parent for p in written}
    for secret in (CANARY, S3_CANARY):
        assert secret not in replies
        assert secret not in logged
        for path in written:
            assert secret.encode() not in path.read_bytes(), path
