"""`atd report C.anki2 [--notetype NAME] [--json]`: the Insights report for a collection.

Template analytics, cross-client compatibility (located like `atd lint`), learning
analytics per card type from the review log, template effects (from the save times the
add-on records, with `--changes FILE`), anomalies and recommendations.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from .collection import CollectionUnavailable, collection_copy, selected_notetypes


def _figure(value: Any, unit: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1%}" if unit == "%" else f"{value:.2f}{unit}"
    return f"{value}{unit}"


def _located(entry: dict[str, Any], found: dict[str, Any]) -> str:
    where = [entry["notetype"]]
    if found.get("card_type") is not None:
        where.append(f"card {found['card_type'] + 1}")
    if found.get("side"):
        where.append(found["side"])
    place = " / ".join(where)
    if found.get("line") is not None:
        place += f":{found['line']}:{found['column']}"
    return place


def print_report(report: dict[str, Any], out: TextIO) -> None:
    totals = report["collection"]
    print(
        f"{totals['notetypes']} note types, mean best-practice score {totals['mean_score']}",
        file=out,
    )
    for entry in report["notetypes"]:
        usage, css = entry["usage"], entry["css"]
        print(f"\n== {entry['notetype']}: score {entry['score']['value']}/100", file=out)
        print(
            f"  components: {sum(usage['fields'].values())} field references, "
            f"{sum(usage['filters'].values())} filters, {sum(usage['sections'].values())} "
            f"sections, {usage['scripts']} scripts, {len(usage['media'])} media files",
            file=out,
        )
        print(
            f"  CSS: {css['rules']} rules, {css['selectors']} selectors, max specificity "
            f"{tuple(css['max_specificity'])}, {css['important']} !important",
            file=out,
        )
        for reason in entry["score"]["reasons"]:
            fix = f" (fix: {reason['fix']})" if reason["fix"] else ""
            print(f"  {_located(entry, reason)}: {reason['severity']} {reason['code']}: "
                  f"{reason['message']}{fix}", file=out)  # fmt: skip
        for row in entry["learning"]:
            print(
                f"  {row['card_type']}: {row['reviews']} reviews, mature retention "
                f"{_figure(row['mature_retention'], '%')} ({row['mature_reviews']}), "
                f"{row['lapses']} lapses, answer time mean {_figure(row['mean_answer_s'], ' s')}"
                f" / median {_figure(row['median_answer_s'], ' s')}, learning steps "
                f"{_figure(row['learning_steps'])}, "
                f"FSRS difficulty {_figure(row['fsrs_difficulty'])}",
                file=out,
            )
        for item in (*entry["effects"], *entry["anomalies"]):
            print(f"  ! {item['message']}", file=out)


def _load_changes(path: str | None) -> list[Any]:
    if path is None:
        return []
    from ..services.analytics.template_changes import TemplateChangeLog

    return TemplateChangeLog(Path(path), lambda: 0).changes()


def _run_report(args: argparse.Namespace, out: TextIO) -> int:
    import anki.collection  # first: anki's import order
    import anki.lang

    from ..services.analytics.report import build_report
    from ..services.analytics.template_changes import ChangeLogError

    anki.lang.set_lang("en_US")
    try:
        changes = _load_changes(args.changes)
        with collection_copy(args.collection) as col:
            notetypes = selected_notetypes(col, args.notetype)
            report = build_report(col, notetypes, changes, now_ms=int(time.time() * 1000))
    except (CollectionUnavailable, ChangeLogError) as error:
        print(f"atd report: {args.collection}: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2), file=out)
    else:
        print_report(report, out)
    return 0


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "report",
        help="print the Insights report (templates, compatibility, learning) of a collection",
        description="Template analytics, cross-client compatibility and learning analytics "
        "from the review log, for the note types of a collection (a copy of it).",
    )
    parser.add_argument("collection", metavar="C.anki2", help="an Anki collection file")
    parser.add_argument("--notetype", metavar="NAME", help="only this note type")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--changes", metavar="FILE",
        help="template_changes.json from the add-on's user_files/insights (before/after)",
    )  # fmt: skip
    parser.set_defaults(handler=_run_report)
