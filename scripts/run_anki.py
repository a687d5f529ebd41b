"""Start a real Anki with the add-on installed, and optionally open the designer.

    python scripts/run_anki.py --base .demo-base --stage-from-repo --open-designer
    python scripts/run_anki.py --base B --addon-zip dist/x.ankiaddon --folder 1234567890 \
        --headless --open-designer --screenshot shot.png --exit --report report.json

Used by `make demo` and by the packaging test (which needs its own process: one Anki per
process). With --exit it closes the profile and Anki after the designer reported ready,
and exits non-zero if anything failed or the add-on's log holds an error.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

from anki_harness import (
    PROFILE,
    create_demo_collection,
    eval_js,
    grab_designer_in_main_window,
    install_addon_dir,
    install_addon_zip,
    prepare_environment,
    pump,
    seed_base,
    start_anki,
    wait_until,
)
from anki_template_designer.gui.compat import open_dialog  # type: ignore[import-untyped]

DIALOG_NAME = "AnkiTemplateDesigner"


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--folder", default="anki_template_designer")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--addon-zip", type=Path)
    source.add_argument("--stage-from-repo", action="store_true")
    source.add_argument(
        "--installed", action="store_true", help="start with the add-ons already in the base"
    )
    parser.add_argument(
        "--install-with-anki",
        action="store_true",
        help="install --addon-zip through Anki's own add-on manager (as from AnkiWeb, under "
        "--folder), then exit: Anki loads it on the next start",
    )
    parser.add_argument("--user-data", choices=("create", "check"), help="scripts/user_data_probe")
    parser.add_argument("--fresh", action="store_true", help="wipe the base folder first")
    parser.add_argument("--headless", action="store_true")
    parser.add_argument("--open-designer", action="store_true")
    parser.add_argument("--screenshot", type=Path)
    parser.add_argument("--exit", action="store_true", help="close Anki when done")
    parser.add_argument("--report", type=Path, help="write what happened as JSON")
    return parser.parse_args(argv)


def install(args: argparse.Namespace) -> Path:
    base: Path = args.base
    folder: str = args.folder
    if args.installed or args.install_with_anki:
        return base / "addons21" / folder
    if args.addon_zip:
        return install_addon_zip(args.addon_zip, base, folder)
    from package import stage

    with tempfile.TemporaryDirectory() as tmp:
        staged = stage(Path(tmp) / "addon")
        return install_addon_dir(staged, base, folder)


def open_designer(mw: Any, report: dict[str, Any], screenshot: Path | None, folder: str) -> Any:

    found = [a for a in mw.form.menuTools.actions() if a.objectName() == "atdOpenDesigner"]
    if not found:
        addon = sys.modules.get(folder)
        raise RuntimeError(
            f"no Tools menu entry; the add-on said: {getattr(addon, 'PROBLEM', None)}"
        )
    action = found[0]
    report["menu_text"] = action.text()
    action.trigger()
    dialog = wait_until(lambda: open_dialog(DIALOG_NAME), 20, "the designer dialog")
    wait_until(lambda: dialog.ready, 30, "the page to report ready")
    wait_until(
        lambda: eval_js(dialog.web, "document.body.dataset.state") == "ready", 20, "note types"
    )
    report["designer_ready"] = True
    report["notetypes_listed"] = eval_js(
        dialog.web, "document.querySelectorAll('#notetype-list [data-id]').length"
    )
    if screenshot:
        mw.resize(1440, 900)
        dialog.resize(1200, 760)
        pump(0.8)  # let the page lay out and paint at the new size
        grab_designer_in_main_window(mw, dialog, screenshot)
        report["screenshot"] = str(screenshot)
    return dialog


def main(argv: list[str]) -> int:
    args = parse(argv)
    prepare_environment(args.headless)
    report: dict[str, Any] = {"ok": False}
    if args.fresh and args.base.exists():
        import shutil

        shutil.rmtree(args.base)
    if not (args.base / PROFILE / "collection.anki2").exists():
        create_demo_collection(seed_base(args.base))
    addon_dir = install(args)
    report["addon_dir"] = str(addon_dir)
    app = start_anki(args.base)
    import aqt

    mw = aqt.mw
    try:
        if args.install_with_anki:
            outcome = mw.addonManager.install(
                str(args.addon_zip), manifest={"package": args.folder}
            )
            report["installed"] = {
                "kind": type(outcome).__name__,
                "compatible": getattr(outcome, "compatible", None),
                "error": getattr(outcome, "errmsg", None),
            }
            mw.unloadProfileAndExit()
            pump(2.0)
            report["ok"] = report["installed"]["kind"] == "InstallOk"
            return finish(args, report)
        if args.open_designer:
            open_designer(mw, report, args.screenshot, args.folder)
        if args.user_data:
            import user_data_probe

            probe = getattr(user_data_probe, args.user_data)
            report["user_data"] = probe(sys.modules[args.folder], mw)
        if args.exit:
            mw.unloadProfileAndExit()
            pump(2.0)
        else:
            app.exec()
        log = addon_dir / "user_files" / "logs" / "designer.log"
        log_text = log.read_text(encoding="utf-8") if log.exists() else ""
        report["log_errors"] = [line for line in log_text.splitlines() if " ERROR " in line]
        report["ok"] = not report["log_errors"]
    except Exception:  # noqa: BLE001 - reported in the JSON report
        report["error"] = traceback.format_exc()
        print(report["error"], file=sys.stderr)
    return finish(args, report)


def finish(args: argparse.Namespace, report: dict[str, Any]) -> int:
    if args.report:
        args.report.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "error"}, indent=2))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
