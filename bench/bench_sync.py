"""Syncing 1,000 note types through the local S3 server (moto, 127.0.0.1).

Run from the repository root:  .venv/bin/python bench/bench_sync.py  [--notetypes N] [--check]

Two machines: a real collection of N note types built from the test corpus (as
bench_backup.py builds it) and a copy of its file (same ids, as Anki's own sync leaves
two profiles). Each has its own `SyncEngine` and its own connection to one bucket on a
`ThreadedMotoServer`. Timed:

* first upload: machine A's first sync of all N note types (bytes sent: request bodies);
* machine B's first sync against it (the two agree; nothing to send);
* one template changed on A, then A's sync (target < 200 ms; median of 5), with the bytes
  sent next to the size of the changed file;
* B's sync pulling that change (median of 5): the two machines converging.

The engine is unlocked once (the passphrase's scrypt is paid on the first sync, as in an
add-on session). With --check the exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import anki.lang
from anki.collection import Collection
from bench_backup import build_collection
from results import parse_row, write_results

from anki_template_designer.services.sync.engine import SyncEngine
from anki_template_designer.services.sync.remotes.s3 import S3Remote

ONE_CHANGE_TARGET_MS = 200.0
PASSPHRASE = "bench passphrase"


def _engine(col: Collection, endpoint: str, bucket: str, state: Path) -> SyncEngine:
    remote = S3Remote(endpoint, bucket, "sync/repo", "testing", "testing")
    return SyncEngine(col, remote, PASSPHRASE, state, machine=state.parent.name)


def _timed_sync(engine: SyncEngine) -> tuple[float, int, object]:
    sent = engine.backend.sent_bytes
    start = time.perf_counter()
    report = engine.sync()
    return (time.perf_counter() - start) * 1000, engine.backend.sent_bytes - sent, report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notetypes", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    anki.lang.set_lang("en_US")

    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    bucket = f"bench-{secrets.token_hex(4)}"
    work = Path(tempfile.mkdtemp(prefix="atd-bench-sync-"))
    try:
        (work / "a").mkdir()
        (work / "b").mkdir()
        col_a = build_collection(work / "a" / "collection.anki2", args.notetypes)
        col_a.close()
        shutil.copy(work / "a" / "collection.anki2", work / "b" / "collection.anki2")
        col_a = Collection(str(work / "a" / "collection.anki2"))
        col_b = Collection(str(work / "b" / "collection.anki2"))
        a = _engine(col_a, endpoint, bucket, work / "a" / "state.json")
        b = _engine(col_b, endpoint, bucket, work / "b" / "state.json")
        response = a.backend._request("PUT", None)  # the bucket
        assert response.status_code == 200, response.text
        total = len(col_a.models.all_names_and_ids())

        first_ms, first_bytes, first = _timed_sync(a)
        join_ms, join_bytes, joined = _timed_sync(b)
        assert joined.pulled == [] and joined.pushed == [], joined

        push, pull, sent, changed = [], [], [], []
        for round_ in range(args.rounds):
            notetype = col_a.models.by_name("Corpus 0500") or col_a.models.by_name("Corpus 0000")
            notetype["tmpls"][0]["qfmt"] += f"\n<!-- change {round_} -->"
            col_a.models.update_dict(notetype)
            changed.append(len(notetype["tmpls"][0]["qfmt"].encode("utf-8")))
            ms, nbytes, report = _timed_sync(a)
            assert report.pushed == [notetype["name"]], report
            push.append(ms)
            sent.append(nbytes)
            ms, _n, report = _timed_sync(b)
            assert report.pulled == [notetype["name"]], report
            pull.append(ms)
        front_b = col_b.models.by_name(notetype["name"])["tmpls"][0]["qfmt"]
        assert front_b == notetype["tmpls"][0]["qfmt"]
        col_a.close()
        col_b.close()
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)

    one_ms = statistics.median(push)
    rows = [
        ("note types", f"{total}", "Basic plus the corpus copies"),
        ("first upload (A)", f"{first_ms:.0f} ms, {first_bytes / 1024:.0f} KiB sent",
         f"{first.uploaded_objects} objects"),
        ("first sync of B (agrees)", f"{join_ms:.0f} ms, {join_bytes} bytes sent", ""),
        ("one template changed, A syncs", f"{one_ms:.0f} ms (median of {len(push)})",
         f"target < {ONE_CHANGE_TARGET_MS:.0f} ms"),
        ("  bytes sent for it", f"{statistics.median(sent):.0f} bytes",
         f"the changed front.html is {statistics.median(changed):.0f} bytes"),
        ("B pulls it", f"{statistics.median(pull):.0f} ms (median of {len(pull)})", ""),
    ]  # fmt: skip
    width = max(len(name) for name, _v, _n in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:<34} {note}")
    path = write_results(
        "Sync through the local S3 server",
        [parse_row(name, value, note) for name, value, note in rows],
        {"one_change_ms": one_ms, "first_upload_ms": first_ms, "first_upload_bytes": first_bytes},
    )
    print(f"results: {path}")
    if args.check and one_ms >= ONE_CHANGE_TARGET_MS:
        print(
            f"one change took {one_ms:.0f} ms, target {ONE_CHANGE_TARGET_MS:.0f}", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
