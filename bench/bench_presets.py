"""Preset operations on a real folder and a real collection, against a 100 ms target.

Run from the repository root:  .venv/bin/python bench/bench_presets.py  [--check] [--presets N]

The store is filled with N user presets (designs copied from the gallery, 200 by default)
next to the built-in gallery, as a heavy user's folder would be. Each operation is timed
repeatedly; the table shows p50, p95 and the slowest run in milliseconds, and next to each
a baseline measured in the same run: the bare file work the operation cannot avoid (one
JSON parse of the same bytes for reads, one fsynced write of the same size for writes).
Writes fsync, so their figures depend on the disk.

Target: every operation's p95 < 100 ms. With --check the exit status is 1 when one is
missed (the default always exits 0: this is a report, not a test).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anki.lang
from anki.collection import Collection
from results import write_results

from anki_template_designer.services.presets import PresetService
from anki_template_designer.services.presets import create as build
from anki_template_designer.services.presets.archive import media_entries, read_preset_file
from anki_template_designer.services.presets.gallery import (
    GALLERY_DIR,
    load_gallery,
    shipped_gallery,
)
from anki_template_designer.services.presets.untrusted import scan_preset

TARGET_MS = 100.0
REPEATS = 30


def timed(body: Callable[[int], Any], repeats: int = REPEATS) -> list[float]:
    """Milliseconds of each of `repeats` calls of body(i)."""
    times = []
    for index in range(repeats):
        start = time.perf_counter()
        body(index)
        times.append((time.perf_counter() - start) * 1000)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, list[float], str, float]] = []

    def add(
        self, name: str, times: list[float], baseline: str = "", baseline_ms: float = 0.0
    ) -> None:
        self.rows.append((name, times, baseline, baseline_ms))

    def print(self) -> bool:
        header = (
            f"{'operation':<38} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}   "
            f"{'baseline':<26} {'ms':>7} {'ratio':>7}  target"
        )
        print(header)
        print("-" * len(header))
        all_ok = True
        for name, times, baseline, baseline_ms in self.rows:
            ok = p95(times) < TARGET_MS
            all_ok &= ok
            ratio = f"{statistics.median(times) / baseline_ms:6.1f}x" if baseline_ms else "      -"
            print(
                f"{name:<38} {statistics.median(times):>8.2f} {p95(times):>8.2f} "
                f"{max(times):>8.2f}   {baseline:<26} {baseline_ms:>7.3f} {ratio}  "
                f"{'OK' if ok else 'MISSED'}"
            )
        return all_ok

    def as_json(self) -> list[dict[str, Any]]:
        return [
            {
                "name": name,
                "p50_ms": statistics.median(times),
                "p95_ms": p95(times),
                "max_ms": max(times),
                "runs": len(times),
                "baseline": baseline,
                "baseline_ms": baseline_ms if baseline else None,
                "ratio": statistics.median(times) / baseline_ms if baseline_ms else None,
                "target_met": p95(times) < TARGET_MS,
            }
            for name, times, baseline, baseline_ms in self.rows
        ]


def fsynced_write(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--presets", type=int, default=200, help="user presets in the folder")
    args = parser.parse_args(argv)
    anki.lang.set_lang("en_US")
    started = time.perf_counter()
    table = Table()
    with tempfile.TemporaryDirectory(prefix="atd-bench-presets-") as temp:
        folder = Path(temp)
        col = Collection(str(folder / "collection.anki2"))
        try:
            run(table, folder, col, args.presets)
        finally:
            col.close()
    print(f"Python {sys.version.split()[0]} on {sys.platform}; {args.presets} user presets\n")
    all_ok = table.print()
    print(f"\ntarget: p95 < {TARGET_MS:.0f} ms for every operation: {'OK' if all_ok else 'MISSED'}")
    print(f"finished in {time.perf_counter() - started:.1f} s")
    path = write_results(
        f"Preset operations ({args.presets} user presets)",
        table.as_json(),
        {"target_p95_ms": TARGET_MS, "all_met": all_ok, "user_presets": args.presets},
    )
    print(f"figures written to {path}")
    return 1 if args.check and not all_ok else 0


def run(table: Table, folder: Path, col: Collection, count: int) -> None:
    presets = PresetService.open(folder / "presets", collection=lambda: col)
    designs = [p for p in shipped_gallery() if p.kind == "design"]
    builtins = len(shipped_gallery())
    typical = next(GALLERY_DIR.glob("*-vocabulary.json")).read_bytes()
    parse_ms = statistics.median(timed(lambda _i: json.loads(typical)))
    write_ms = statistics.median(
        timed(lambda i: fsynced_write(folder / f"baseline-{i}.json", typical))
    )

    # reading
    table.add(
        f"gallery: load ({builtins} files)",
        timed(lambda _i: load_gallery()),
        f"json parse x{builtins}",
        parse_ms * builtins,
    )
    for size in sorted({min(50, count), count}):
        for index in range(len(presets.store.all()), size):
            source = designs[index % len(designs)]
            presets.create(source.with_changes(name=f"{source.name} {index}", builtin=False))
        # a new service reads and checks every file: the first list after a profile opens
        table.add(
            f"list {size + builtins} presets (first read)",
            timed(lambda _i: PresetService.open(folder / "presets").list_presets(), repeats=10),
            f"json parse x{size}",
            parse_ms * size,
        )
    table.add(
        f"list {count + builtins} presets (cached)",
        timed(lambda _i: presets.list_presets()),
        f"json parse x{count}",
        parse_ms * count,
    )
    stored = presets.store.all()
    sample = stored[len(stored) // 2]
    table.add("get", timed(lambda _i: presets.get(sample.preset.id)), "json parse", parse_ms)

    # writing
    basic = col.models.by_name("Basic")
    assert basic is not None
    created: list[str] = []

    def create(index: int) -> None:
        preset = build.design_from_notetype(f"Bench new {index}", basic)
        created.append(presets.create(preset).preset.id)

    table.add("create (from a note type)", timed(create), "fsynced write", write_ms)
    current = {"etag": presets.get(created[0]).etag}

    def update(index: int) -> None:
        current["etag"] = presets.set_description(created[0], current["etag"], f"v{index}").etag

    table.add("update (etag checked)", timed(update), "fsynced write", write_ms)

    def rename(index: int) -> None:
        current["etag"] = presets.rename(created[0], current["etag"], f"Renamed {index}").etag

    table.add("rename (name checked)", timed(rename), "fsynced write", write_ms)
    copies: list[str] = []
    table.add(
        "duplicate",
        timed(lambda i: copies.append(presets.duplicate(sample.preset.id, f"Copy {i}").preset.id)),
        "fsynced write",
        write_ms,
    )
    table.add(
        "delete",
        timed(lambda i: presets.delete(copies[i], presets.get(copies[i]).etag)),
        "fsynced write",
        write_ms,
    )

    # files
    table.add(
        "export (JSON)",
        timed(lambda i: presets.export(sample.preset.id, folder / f"out-{i}.atdpreset")),
        "fsynced write",
        write_ms,
    )
    font = b"wOF2" + os.urandom(1024 * 1024 - 4)  # a font as the media check knows one
    media = {"_font.woff2": font}
    with_media = presets.store.create(
        build.design_from_notetype("Bench with font", basic).with_changes(
            media=media_entries(media)
        ),
        media,
    )
    table.add(
        "export (zip, 1 MiB font)",
        timed(lambda i: presets.export(with_media.preset.id, folder / f"font-{i}.atdpreset")),
        "fsynced write 1 MiB",
        statistics.median(timed(lambda i: fsynced_write(folder / f"big-{i}", font))),
    )
    table.add(
        "import (JSON: read, check, store)",
        timed(lambda i: presets.import_file(folder / f"out-{i}.atdpreset")),
        "json parse + write",
        parse_ms + write_ms,
    )
    zip_baseline = statistics.median(
        timed(
            lambda i: zipfile.ZipFile(
                io.BytesIO((folder / f"font-{i}.atdpreset").read_bytes())
            ).read("media/_font.woff2")
        )
    )
    table.add(
        "import (zip, 1 MiB font)",
        timed(lambda i: presets.import_file(folder / f"font-{i}.atdpreset")),
        "unzip 1 MiB",
        zip_baseline,
    )
    table.add(
        "read .atdpreset (zip, 1 MiB font)",
        timed(lambda i: read_preset_file(folder / f"font-{i}.atdpreset")),
        "unzip 1 MiB",
        zip_baseline,
    )
    vocabulary = presets.get("builtin-vocabulary").preset
    table.add("untrusted scan (Vocabulary)", timed(lambda _i: scan_preset(vocabulary)))

    # applying
    table.add(
        "mapping (Vocabulary -> Basic)",
        timed(lambda _i: presets.mapping("builtin-vocabulary", basic)),
    )
    table.add(
        "apply design (Basic and reversed)",
        timed(lambda _i: presets.apply("builtin-basic-reversed", basic)),
    )
    designed = presets.apply("builtin-basic", basic).draft
    table.add(
        "apply theme (Sepia)", timed(lambda _i: presets.apply("builtin-theme-sepia", designed))
    )


if __name__ == "__main__":
    raise SystemExit(main())
