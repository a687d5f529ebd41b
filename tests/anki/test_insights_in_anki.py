"""The Insights panel in a real Anki: a note type with a review log of known values and a
recorded template change shows its score, compatibility findings, learning figures, the
significant answer-time change and the timeline with the change marked; hostile names
stay text; JSON export goes through the FileDialogs host role; usage analytics turn on
and off (off deletes the file). Screenshots: test-artifacts/insights-panel*.png."""

import json
import sys
import time

from conftest import ADDON_FOLDER
from review_log import CHANGE_AT_MS, known_collection

from anki_harness import pump, wait_until
from designer_driver import click, close, js, open_from_menu, open_notetype, skip_tour

NAME = "Insights demo"
PANEL = "#insights-dialog"
HOSTILE = "<img src=x onerror=window.__pwned=1>Vocab"  # Anki drops quotes from names


def service(dialog):
    return dialog.registry.get(
        sys.modules[f"{ADDON_FOLDER}.services.analytics.insights_service"].InsightsService
    )


def seed(mw, dialog):
    col = mw.col
    if col.models.by_name(NAME) is None:
        notetype = known_collection(col, name=NAME)
        insights = service(dialog)
        insights.changes.observe(notetype["id"], notetype)
        notetype["tmpls"][1]["afmt"] += "\n<script>pycmd('ans')</script>"
        notetype["css"] += "\n.card:has(img) { aspect-ratio: 1; }"
        col.models.update_dict(notetype)
        insights.changes.record_save(notetype["id"], col.models.by_name(NAME), at_ms=CHANGE_AT_MS)
    if col.models.by_name(HOSTILE) is None:
        hostile = col.models.copy(col.models.by_name("Basic"), add=False)
        hostile["name"] = HOSTILE
        col.models.add_dict(hostile)


def open_panel(dialog):
    js(dialog, "document.querySelector('#insights-dialog')?.removeAttribute('data-state'); 0")
    started = time.perf_counter()
    click(dialog, "#insights-open")
    wait_until(
        lambda: js(dialog, f"document.querySelector('{PANEL}')?.dataset.state") == "ready",
        15,
        "the Insights panel",
    )
    return time.perf_counter() - started


def text(dialog, selector):
    return js(dialog, f"document.querySelector({json.dumps(selector)})?.textContent ?? null")


def test_the_insights_panel_shows_the_report_of_the_open_note_type(mw, artifacts):
    dialog = open_from_menu(mw)
    try:
        seed(mw, dialog)
        close(dialog)  # reopened: the list shows the note types seeded meanwhile
        dialog = open_from_menu(mw)
        skip_tour(dialog)
        open_notetype(dialog, NAME)
        seconds = open_panel(dialog)
        body = text(dialog, "#insights-body")
        assert f"{NAME}" in body and "/100" in body
        compat = text(dialog, ".insights-compat")
        assert "pycmd" in compat and ":has()" in compat and "AnkiMobile" in compat
        assert "Card 2 · back · line 6:9" in compat
        learning = text(dialog, ".insights-learning")
        assert "87.5% (80)" in learning  # Card 1: mature retention from the known log
        assert (
            "since Card 2's back and the CSS changed on 3 Nov 2026, median answer time rose from 6.0 s to 8.4 s"
            in learning
        )
        charts = js(dialog, "document.querySelectorAll('.insights-chart').length")
        marks = js(dialog, "document.querySelectorAll('.insights-chart line.change').length")
        assert charts == 2 and marks == 2  # CSS + Card 2's back: Card 1 sees the CSS change
        dialog.grab().save(str(artifacts / "insights-panel.png"))
        js(dialog, "document.documentElement.classList.add('night'); 0")
        pump(0.3)
        dialog.grab().save(str(artifacts / "insights-panel-night.png"))
        js(dialog, "document.documentElement.classList.remove('night'); 0")
        print(f"\nInsights panel open (click to drawn): {seconds * 1000:.0f} ms")
    finally:
        close(dialog)


def test_all_note_types_keep_hostile_names_as_text_and_export_json(mw, tmp_path):
    dialog = open_from_menu(mw)
    try:
        seed(mw, dialog)
        skip_tour(dialog)
        open_panel(dialog)
        js(dialog, "const s = document.getElementById('insights-scope'); s.value = 'all';"
                   " s.dispatchEvent(new Event('change')); 0")  # fmt: skip
        wait_until(
            lambda: (
                js(dialog, f"document.querySelectorAll('{PANEL} section[data-notetype]').length")
                > 3
            ),
            15,
        )
        wait_until(
            lambda: js(dialog, f"document.querySelector('{PANEL}').dataset.state") == "ready", 15
        )
        headings = js(
            dialog, f"[...document.querySelectorAll('{PANEL} h3')].map(e => e.textContent)"
        )
        assert HOSTILE in headings
        assert js(dialog, f"document.querySelectorAll('{PANEL} img').length") == 0
        assert js(dialog, "window.__pwned === undefined")
        target = tmp_path / "insights.json"
        role = sys.modules[f"{ADDON_FOLDER}.sdk.hosts"].FileDialogs
        dialog.registry.get(role).choose_save = lambda *args: str(target)
        click(dialog, "#insights-export-json")
        wait_until(
            lambda: (text(dialog, "#insights-status") or "").startswith("Saved"), 15, "the export"
        )
        exported = json.loads(target.read_text(encoding="utf-8"))
        assert HOSTILE in [entry["notetype"] for entry in exported["notetypes"]]
    finally:
        close(dialog)


def test_usage_analytics_turn_on_and_off_and_off_deletes(mw, anki_base):
    usage_file = anki_base / "addons21" / ADDON_FOLDER / "user_files" / "insights" / "usage.json"
    dialog = open_from_menu(mw)
    try:
        skip_tour(dialog)
        open_panel(dialog)
        click(dialog, "#insights-usage")
        wait_until(
            lambda: (text(dialog, "#insights-status") or "").startswith("Usage analytics on"), 15
        )
        assert usage_file.is_file()
        wait_until(lambda: js(dialog, "!!document.getElementById('insights-usage')?.checked"), 5)
        click(dialog, "#insights-usage")
        wait_until(
            lambda: (text(dialog, "#insights-status") or "").startswith("Usage analytics off"), 15
        )
        assert not usage_file.exists()
    finally:
        close(dialog)


FIXABLE = "Insights fixes"


def test_a_one_click_fix_is_saved_as_one_undoable_change(mw, artifacts):
    """Night-mode rules from the panel's button: the collection's CSS gains them, the rest
    of the CSS stays byte for byte, the recommendation is gone, and Anki's undo takes the
    save back."""
    col = mw.col
    css = ".card { color: black; }\n.box {\n  background: #fffdf5;\n  color: #222;\n}\n"
    if col.models.by_name(FIXABLE) is None:
        notetype = col.models.copy(col.models.by_name("Basic"), add=False)
        notetype["name"], notetype["css"] = FIXABLE, css
        col.models.add_dict(notetype)
    dialog = open_from_menu(mw)
    try:
        skip_tour(dialog)
        open_notetype(dialog, FIXABLE)
        open_panel(dialog)
        button = ".insights-recommendations .insights-fix-button"
        assert text(dialog, button) == "Add night-mode rules"
        dialog.grab().save(str(artifacts / "insights-fix.png"))
        click(dialog, button)
        wait_until(
            lambda: (text(dialog, "#insights-status") or "").startswith("Fixed: Add night-mode rules"),
            20, "the fix to be saved",
        )  # fmt: skip
        saved = col.models.by_name(FIXABLE)["css"]
        assert saved.startswith(css)
        assert ".nightMode .box, .night_mode .box {" in saved[len(css) :]
        wait_until(lambda: text(dialog, button) is None, 10, "the recommendation to go")
        assert col.undo_status().undo, "the save is an undoable change"
    finally:
        close(dialog)
    col.undo()
    assert col.models.by_name(FIXABLE)["css"] == css
