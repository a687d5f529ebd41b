"""Backups of 1,000 note types built from the test corpus, next to restic on the same files.

Run from the repository root:  .venv/bin/python bench/bench_backup.py  [--notetypes N] [--check]

A real collection gets N note types (default 1,000): each a copy of Basic whose front,
back and style come from tests/corpus/templates, in turns, so note types share some files
as real collections do. Timed, on a real folder with fsync:

* full backup: the collection read (a copy, as `atd backup create` does) and the snapshot;
* incremental: one template changed in the collection, then the same again (target
  < 200 ms);
* verify --read-data: every object opened and re-hashed;
* restore one note type, and restore everything into an empty collection.

When `restic` is installed, the same note types exported as folders (the layout both
back up) are backed up by restic in the same run: full, incremental after the same one
template changed, `check --read-data`, restore one folder, restore all; the ratios
(ours / restic) are printed. Our incremental time and repository size must be below
restic's. With --check the exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anki.lang
from anki.collection import Collection
from anki.errors import CardTypeError
from results import parse_row, write_results

from anki_template_designer.services.backup.keys import DeviceKey
from anki_template_designer.services.backup.repository import Repository
from anki_template_designer.services.notetype_files import (
    all_notetypes,
    export_notetypes,
    notetypes_as_files,
)
from anki_template_designer.services.notetype_files.collection_io import import_notetype

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "templates"
INCREMENTAL_TARGET_MS = 200.0


def timed(body: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = body()
    return (time.perf_counter() - start) * 1000, result


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def file_count(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


def build_collection(path: Path, count: int) -> Collection:
    html = sorted(p for p in CORPUS.glob("*.html"))
    css = sorted(CORPUS.glob("*.css"))
    col = Collection(str(path))
    basic = col.models.by_name("Basic")
    for index in range(count):
        notetype = col.models.copy(basic, add=False)
        notetype["name"] = f"Corpus {index:04d}"
        notetype["tmpls"][0]["qfmt"] = html[index % len(html)].read_text(
            encoding="utf-8", errors="replace"
        )
        notetype["tmpls"][0]["afmt"] = "{{FrontSide}}<hr id=answer>" + html[
            (index * 7 + 3) % len(html)
        ].read_text(encoding="utf-8", errors="replace")
        notetype["css"] = css[index % len(css)].read_text(encoding="utf-8", errors="replace")
        add_with_the_fields_it_needs(col, notetype)
    return col


def add_with_the_fields_it_needs(col: Collection, notetype: dict[str, Any]) -> None:
    """Add `notetype`, first adding each field its corpus templates name (Anki refuses a
    template that names a missing field)."""
    for _attempt in range(30):
        try:
            col.models.add_dict(notetype)
            return
        except CardTypeError as error:
            missing = re.search(r"Field '\u2068?([^'\u2069]+)\u2069?' not found", str(error))
            if missing is None or not missing.group(1).isprintable() or "{" in missing.group(1):
                # a template Anki refuses (the corpus has junk on purpose): Basic's
                notetype["tmpls"][0]["qfmt"] = "{{Front}}"
                notetype["tmpls"][0]["afmt"] = "{{FrontSide}}<hr id=answer>{{Back}}"
                continue
            notetype["flds"].append(col.models.new_field(missing.group(1)))
    raise RuntimeError(f"{notetype['name']}: too many missing fields")


def edit_one_template(col: Collection, marker: str) -> None:
    notetype = col.models.by_name("Corpus 0500") or col.models.by_name("Corpus 0000")
    notetype["tmpls"][0]["qfmt"] += f"\n<!-- {marker} -->"
    col.models.update_dict(notetype)


class Restic:
    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self.env = {
            **os.environ,
            "RESTIC_PASSWORD": "bench passphrase",
            "RESTIC_REPOSITORY": str(repo),
        }

    def __call__(self, *args: str, cwd: Path | None = None) -> str:
        result = subprocess.run(
            ["restic", "--quiet", "--no-cache", *args],
            env=self.env,
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"restic {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout


def restic_figures(
    work: Path, col: Collection, ours_changed: Callable[[str], None]
) -> dict[str, float]:
    tree = work / "tree"
    export_notetypes(col, tree)
    restic = Restic(work / "restic-repo")
    restic("init")
    full_ms, _ = timed(lambda: restic("backup", ".", cwd=tree))
    ours_changed("restic")  # the same one template changed, exported again
    shutil.rmtree(tree)
    export_notetypes(col, tree)
    incremental_ms, _ = timed(lambda: restic("backup", ".", cwd=tree))
    size = folder_size(work / "restic-repo")
    check_ms, _ = timed(lambda: restic("check", "--read-data"))
    folder = sorted(p.name for p in tree.iterdir())[0]
    one_ms, _ = timed(
        lambda: restic("restore", "latest", "--target", str(work / "r1"), "--include", f"/{folder}")
    )
    all_ms, _ = timed(lambda: restic("restore", "latest", "--target", str(work / "rall")))
    return {
        "full_ms": full_ms,
        "incremental_ms": incremental_ms,
        "size": float(size),
        "files": float(file_count(work / "restic-repo")),
        "check_ms": check_ms,
        "restore_one_ms": one_ms,
        "restore_all_ms": all_ms,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notetypes", type=int, default=1000)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    anki.lang.set_lang("en_US")
    work = Path(tempfile.mkdtemp(prefix="atd-bench-backup-"))
    try:
        return run(work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, args: argparse.Namespace) -> int:
    build_ms, col = timed(lambda: build_collection(work / "collection.anki2", args.notetypes))
    device = DeviceKey.load_or_create(work / "device.key")
    repository, _code = Repository.init(work / "repo", device)

    def snapshot() -> Any:
        read_ms, files = timed(lambda: notetypes_as_files(all_notetypes(col)))
        create_ms, result = timed(lambda: repository.create(files, "manual", "bench"))
        return read_ms, create_ms, files, result

    full_ms, (_read, _create, files, (first, count)) = timed(snapshot)
    full_size, full_files = folder_size(work / "repo"), file_count(work / "repo")
    edit_one_template(col, "one change")
    incremental_ms, (read_ms, create_ms, _files, (_second, incremental)) = timed(snapshot)
    edit_one_template(col, "another change")
    incremental2_ms, (read2_ms, create2_ms, *_rest) = timed(snapshot)
    size = folder_size(work / "repo")
    verify_ms, report = timed(lambda: repository.verify(read_data=True))
    assert report.ok, report.problems
    empty = Collection(str(work / "empty.anki2"))
    name = "Corpus 0500" if args.notetypes > 500 else "Corpus 0000"
    one_ms, _ = timed(
        lambda: [import_notetype(col, nt) for nt in repository.notetypes(first, name)]
    )

    def restore_all() -> int:
        notetypes = repository.notetypes(first)
        return len([import_notetype(empty, nt) for nt in notetypes])

    all_ms, restored = timed(restore_all)
    empty.close()

    rows = [
        (
            "collection built",
            f"{build_ms:.0f} ms",
            f"{args.notetypes} note types, {len(files)} files",
        ),
        (
            "full backup",
            f"{full_ms:.0f} ms",
            f"{count.written} objects, {full_files} repository files, {full_size / 1024:.0f} KiB",
        ),
        (
            "incremental (1 template)",
            f"{incremental_ms:.1f} ms",
            f"{incremental.written} new object; target < {INCREMENTAL_TARGET_MS:.0f} ms",
        ),
        (
            "  of which reading",
            f"{read_ms:.1f} ms",
            "the collection's note types as files (services/notetype_files)",
        ),
        ("  of which the snapshot", f"{create_ms:.1f} ms", "hashing, pack, index, manifest, audit"),
        (
            "incremental, again",
            f"{incremental2_ms:.1f} ms",
            f"a second change: {read2_ms:.0f} ms reading, {create2_ms:.0f} ms snapshot",
        ),
        ("repository size", f"{size / 1024:.0f} KiB", "after the three snapshots"),
        (
            "verify --read-data",
            f"{verify_ms:.0f} ms",
            f"{report.objects} objects, {report.snapshots} snapshots",
        ),
        (
            "restore one note type",
            f"{one_ms:.0f} ms",
            "its objects read and checked, into the collection it changed in",
        ),
        (
            "restore everything",
            f"{all_ms:.0f} ms",
            f"{restored} note types added to an empty collection",
        ),
    ]
    figures: dict[str, Any] = {
        "notetypes": args.notetypes,
        "full_ms": full_ms,
        "incremental_ms": incremental_ms,
        "incremental2_ms": incremental2_ms,
        "incremental_read_ms": read_ms,
        "incremental_snapshot_ms": create_ms,
        "size": size,
        "verify_ms": verify_ms,
        "restore_one_ms": one_ms,
        "restore_all_ms": all_ms,
    }
    ok = incremental_ms < INCREMENTAL_TARGET_MS
    if shutil.which("restic"):
        restic = restic_figures(work, col, lambda marker: edit_one_template(col, marker))
        figures["restic"] = restic
        for label, ours, theirs in (
            ("vs restic: full backup", full_ms, restic["full_ms"]),
            ("vs restic: incremental", incremental_ms, restic["incremental_ms"]),
            ("vs restic: repository size", size, restic["size"]),
            ("vs restic: verify --read-data", verify_ms, restic["check_ms"]),
            ("vs restic: restore one", one_ms, restic["restore_one_ms"]),
            ("vs restic: restore all", all_ms, restic["restore_all_ms"]),
        ):
            rows.append((label, f"{ours / theirs:.2f}x", f"ours / restic ({theirs:.0f} restic)"))
        rows.append(
            ("restic repository files", f"{restic['files']:.0f}", "after its two snapshots")
        )
        ok = ok and incremental_ms < restic["incremental_ms"] and size < restic["size"]
    else:
        rows.append(("restic", "not installed", "apt-get install restic for the ratios"))
    col.close()
    print(f"\nBackups of {args.notetypes} note types (a real folder, fsync)")
    width = max(len(name) for name, _v, _n in rows)
    for name, value, note in rows:
        print(f"  {name.ljust(width)}  {value:>12}   {note}")
    print(
        f"\ntargets (incremental < {INCREMENTAL_TARGET_MS:.0f} ms, below restic's incremental and size): {'OK' if ok else 'MISSED'}"
    )
    path = write_results(
        f"Backups of {args.notetypes} note types",
        [parse_row(name, value, note) for name, value, note in rows],
        figures,
    )
    print(f"figures written to {path}")
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    raise SystemExit(main())
