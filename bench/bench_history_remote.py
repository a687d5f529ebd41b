"""History remote figures (issue #14): pushing the history repository with our dulwich
client (services/history/remotes.py) next to the real `git push` of the same repository,
measured in the same run, to an empty bare repository on disk (first push of N commits)
and then after one more save (one commit to send); and pulling that one commit into
another profile's repository.

    .venv/bin/python bench/bench_history_remote.py [--commits N]
"""

from __future__ import annotations

import argparse
import copy
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from anki.collection import Collection
from results import parse_row, write_results

from anki_template_designer.services.history import NoteTypeHistory
from anki_template_designer.services.history.remotes import sync
from anki_template_designer.services.notetype_files import notetype_to_files


def ms(body, *args, **kwargs) -> float:
    started = time.perf_counter()
    body(*args, **kwargs)
    return (time.perf_counter() - started) * 1000


def bare(path: Path) -> str:
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(path)], check=True)
    return str(path)


def git_push(repo: Path, remote: str) -> None:
    command = ["git", "--git-dir", str(repo), "push", "-q", remote, "main", "upstream"]
    subprocess.run(command, check=True, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rows, ours_first, git_first, ours_one, git_one, pulls = [], [], [], [], [], []
    with tempfile.TemporaryDirectory(prefix="atd-bench-remote-") as folder:
        root = Path(folder)
        col = Collection(str(root / "collection.anki2"))
        nt = copy.deepcopy(dict(col.models.by_name("Basic (and reversed card)")))
        history = NoteTypeHistory(root / "h.git", "bench")
        history.record(nt)
        for index in range(args.commits - 1):
            nt["css"] += f"\n.c{index} {{ color: red; }}"
            history.store.commit_folders(
                {str(nt["id"]): notetype_to_files(nt)}, f"bench {index}", "b <b@x>"
            )
        other = NoteTypeHistory(root / "other.git", "other")
        for round_ in range(args.rounds):
            ours, theirs = bare(root / f"o{round_}.git"), bare(root / f"g{round_}.git")
            ours_first.append(ms(sync, history.store, ours, "bench <b@x>"))
            git_first.append(ms(git_push, history.store.root, theirs))
            sync(other.store, ours, "other <o@x>", push=False)
            nt["css"] += f"\n.round{round_} {{ color: blue; }}"
            history.record(nt)
            ours_one.append(ms(sync, history.store, ours, "bench <b@x>"))
            git_one.append(ms(git_push, history.store.root, theirs))
            pulls.append(ms(sync, other.store, ours, "other <o@x>", push=False))
        col.close()
        history.close()
        other.close()
    med = statistics.median
    rows = [
        (f"first push, {args.commits} commits, ours (median)", f"{med(ours_first):.0f} ms"),
        (f"first push, {args.commits} commits, git push", f"{med(git_first):.0f} ms"),
        ("push of one new commit, ours (median)", f"{med(ours_one):.1f} ms"),
        ("push of one new commit, git push", f"{med(git_one):.1f} ms"),
        ("pull of one new commit into another profile, ours", f"{med(pulls):.1f} ms"),
        ("ratio ours / git, first push", f"{med(ours_first) / med(git_first):.2f}x"),
        ("ratio ours / git, one commit", f"{med(ours_one) / med(git_one):.2f}x"),
    ]
    print(f"History remote (path remote, {args.rounds} rounds; git {git_version()})")
    for name, text in rows:
        print(f"  {name:<55} {text:>10}")
    path = write_results(
        f"History remote ({args.commits} commits)",
        [parse_row(name, text) for name, text in rows],
        {
            "ours_first_ms": ours_first,
            "git_first_ms": git_first,
            "ours_one_ms": ours_one,
            "git_one_ms": git_one,
            "pull_one_ms": pulls,
        },
    )
    print(f"figures written to {path}")
    return 0


def git_version() -> str:
    return subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.split()[-1]


if __name__ == "__main__":
    raise SystemExit(main())
