"""Version history figures (issue #14) on a real collection's note type and a real git
repository written by services/history:

* commit after a save (one card side and the CSS changed), p95 < 50 ms;
* log open (first page of 50) on a repository of N commits (default 10,000), for a note
  type changed in every other commit and for one changed only in the first (the whole
  history is walked), and that one again through a newly opened repository (the index
  read from disk, as when the designer opens), each < 300 ms;
* diff of two versions, < 100 ms; merge-upstream of a note type (plan only), < 100 ms.

    .venv/bin/python bench/bench_history.py [--commits N] [--check]
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path

from anki.collection import Collection
from results import write_results

from anki_template_designer.services.history import NoteTypeHistory
from anki_template_designer.services.notetype_files import notetype_to_files

TARGETS_MS = {"commit": 50.0, "log": 300.0, "diff": 100.0, "merge": 100.0}


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def timed(body, repeats: int) -> list[float]:
    out = []
    for index in range(repeats):
        started = time.perf_counter()
        body(index)
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="atd-bench-history-") as folder:
        col = Collection(str(Path(folder) / "collection.anki2"))
        busy = dict(col.models.by_name("Basic (and reversed card)"))
        sparse = dict(col.models.by_name("Cloze"))
        other = dict(col.models.by_name("Basic"))
        history = NoteTypeHistory(Path(folder) / "history.git", "bench")
        history.record(sparse)
        saves = timed(
            lambda i: (
                busy["tmpls"][1].__setitem__("afmt", busy["tmpls"][1]["afmt"] + f"<i>{i}</i>"),
                busy.__setitem__("css", busy["css"] + f"\n.c{i} {{ color: red; }}"),
                history.record(busy),
            ),
            200,
        )
        started = time.perf_counter()
        store = history.store
        for index in range(args.commits - 201):  # the rest of the N commits, alternating
            target = busy if index % 2 else other
            target["css"] += f"\n/* {index} */"
            files = notetype_to_files(target)
            store.commit_folders({str(target["id"]): files}, f"bench {index}", "bench <b@x>")
        build_s = time.perf_counter() - started
        log_busy = timed(lambda _i: history.log(int(busy["id"]), limit=50), 10)
        log_sparse = timed(lambda _i: history.log(int(sparse["id"]), limit=50), 5)
        root = (
            Path(folder) / "history.git"
        )  # as the designer opens it: repository and index read afresh
        log_fresh = timed(
            lambda _i: NoteTypeHistory(root, "bench").log(int(sparse["id"]), limit=50), 5
        )
        diffs = timed(lambda i: history.diff(f"main~{i + 2}", "main", int(busy["id"])), 20)
        base = copy.deepcopy(busy)
        history.record(base)
        history.store.commit_folders(
            {str(base["id"]): notetype_to_files(base)},
            "upstream",
            "b <b@x>",
            ref=b"refs/heads/upstream",
        )
        mine = copy.deepcopy(base)
        mine["css"] += "\n.mine { color: teal; }\n"
        history.record(mine)
        update = copy.deepcopy(base)
        update["tmpls"][0]["qfmt"] += "<div>v2</div>"
        merges = timed(lambda _i: history.merge_upstream(update), 20)
        col.close()
        history.close()
    figures = {
        "commit": p95(saves),
        "log": max(p95(log_busy), p95(log_sparse), p95(log_fresh)),
        "diff": p95(diffs),
        "merge": p95(merges),
    }
    rows = [
        ("commit after a save, p95", f"{figures['commit']:.1f} ms", "commit"),
        (
            f"log open, busy note type, {args.commits} commits, p95",
            f"{p95(log_busy):.1f} ms",
            "log",
        ),
        (
            f"log open, sparse note type, {args.commits} commits, p95",
            f"{p95(log_sparse):.1f} ms",
            "log",
        ),
        (
            f"log open, sparse, fresh repository object, {args.commits} commits, p95",
            f"{p95(log_fresh):.1f} ms",
            "log",
        ),
        ("diff of two versions, p95", f"{figures['diff']:.1f} ms", "diff"),
        ("merge-upstream (plan), p95", f"{figures['merge']:.1f} ms", "merge"),
    ]
    print(f"History ({args.commits} commits built in {build_s:.1f} s)")
    all_ok = True
    for name, text, key in rows:
        ok = float(text.split()[0]) < TARGETS_MS[key]
        all_ok &= ok
        print(f"  {name:<58} {text:>10}  (< {TARGETS_MS[key]:.0f} ms) {'ok' if ok else 'SLOW'}")
    from results import parse_row

    path = write_results(
        f"Version history ({args.commits} commits)",
        [parse_row(name, text) for name, text, _ in rows],
        {"targets_ms": TARGETS_MS, "p95_ms": figures, "all_met": all_ok, "commits": args.commits},
    )
    print(f"figures written to {path}")
    return 1 if args.check and not all_ok else 0


if __name__ == "__main__":
    sys.exit(main())
