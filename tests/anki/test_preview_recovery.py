"""When the preview's render process dies or its page stops answering (a card script that
loops forever), the dialog notices, starts the preview afresh with the same card within
5 s and tells the user (issue #11); a card that keeps stopping it is not shown again."""

import os
import signal
import time

import aqt.utils
import pytest

from anki_harness import eval_js, pump, wait_until
from designer_driver import close, js, open_from_menu, open_notetype, set_code

QUESTION = "What is the capital of France?"


def preview_probe(dialog, script):
    """The preview's answer, or None while it cannot answer (dead, hung or loading)."""
    try:
        return eval_js(dialog.preview, script, timeout=0.3)
    except TimeoutError:
        return None


def preview_shows(dialog, text):
    html = preview_probe(dialog, "document.getElementById('qa')?.innerHTML || ''")
    return bool(html) and text in html


def status(dialog):
    return js(dialog, "document.getElementById('status').textContent")


@pytest.fixture
def dialog(mw):
    dialog = open_from_menu(mw)
    js(dialog, "document.querySelector('#tour [data-tour=skip]')?.click(); 0")
    open_notetype(dialog, "Basic")
    wait_until(lambda: preview_shows(dialog, QUESTION), 15, "the preview")
    yield dialog
    dialog.dirty = False
    close(dialog)


def wait_back(dialog, started, text, old_pid, what):
    wait_until(
        lambda: (
            dialog.preview.render_process_pid() not in (0, old_pid) and preview_shows(dialog, text)
        ),
        15,
        what,
    )
    return time.monotonic() - started


def test_a_killed_preview_comes_back_with_its_card_within_five_seconds(dialog, addon_log):
    pid = dialog.preview.render_process_pid()
    assert pid > 0 and pid != os.getpid()
    recoveries = dialog.preview.recoveries
    started = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    took = wait_back(dialog, started, QUESTION, pid, "the preview to come back with the card")
    assert took < 5.0, f"recovery took {took:.1f} s"
    assert dialog.preview.recoveries == recoveries + 1
    # the user is told: in the status line and in a tooltip over the dialog
    wait_until(lambda: "preview stopped" in status(dialog), 5, "the status line")
    assert "render process ended" in status(dialog) and "reloaded" in status(dialog)
    label = aqt.utils._tooltipLabel
    assert label is not None and "preview stopped" in label.text()
    assert "the preview's render process ended" in addon_log.read_text(encoding="utf-8")
    # and it keeps working: an edit shows in the new page
    js(dialog, "document.querySelector('[data-mode=code]').click(); 0")
    set_code(dialog, "<b>after the crash</b> {{Front}}")
    wait_until(lambda: preview_shows(dialog, "after the crash"), 15, "an edit after recovery")


def test_a_preview_that_stops_answering_is_restarted_with_its_card(dialog):
    dialog.preview.watchdog.hang_after = 2.0  # 6 s in the product; shorter keeps the suite lean
    pid = dialog.preview.render_process_pid()
    dialog.preview.page().runJavaScript("setTimeout(() => { for (;;) {} }, 10)")
    started = time.monotonic()
    wait_until(lambda: preview_probe(dialog, "1") is None, 5, "the preview to stop answering")
    took = wait_back(dialog, started, QUESTION, pid, "the hung preview to be restarted")
    assert took < 2.0 + 5.0, f"detection and recovery took {took:.1f} s"
    wait_until(lambda: "stopped answering" in status(dialog), 5, "the status line")


def test_a_card_that_keeps_hanging_the_preview_is_not_shown_again(dialog):
    dialog.preview.hang_after = 1.5  # for every fresh page from now on
    dialog.preview.watchdog.hang_after = 1.5
    js(dialog, "document.querySelector('[data-mode=code]').click(); 0")
    recoveries = dialog.preview.recoveries
    set_code(dialog, "{{Front}}<script>setTimeout(() => { for (;;) {} }, 50)</script>")
    wait_until(
        lambda: "not shown again" in status(dialog),
        40,
        "the preview to give up on the card that hangs it",
    )
    assert dialog.preview.recoveries - recoveries == 3
    # the preview is alive again (without that card) and answers
    wait_until(lambda: preview_probe(dialog, "1") == 1, 10, "a live preview")
    pump(3.0)  # no further restarts: the card is not shown again
    assert dialog.preview.recoveries - recoveries == 3
    assert preview_probe(dialog, "1") == 1
    # a harmless edit is shown again
    set_code(dialog, "<i>calm again</i> {{Front}}")
    wait_until(lambda: preview_shows(dialog, "calm again"), 15, "the next card")
