"""When the designer page's render process dies or the page stops answering, the dialog
reloads it on the same note type, restores the unsaved draft and says what happened
(issue #11: recovery within 5 s)."""

import os
import signal
import time

from anki_harness import eval_js, wait_until
from designer_driver import close, js, open_from_menu, open_notetype

EDITED = "<div class=recovered>{{Front}}</div>"


def edit_and_wait_for_autosave(dialog, text):
    js(dialog, f"atd.app.session.setText({text!r}); 0")
    wait_until(
        lambda: js(dialog, "document.getElementById('status').textContent") == "Draft autosaved",
        10,
        "the autosave",
    )


def probe(dialog, script):
    """The script's value, or None while the page cannot answer (dead or reloading)."""
    try:
        return eval_js(dialog.web, script, timeout=0.3)
    except TimeoutError:
        return None


def wait_recovered(dialog, started, what):
    wait_until(
        lambda: probe(
            dialog,
            f"document.body.dataset.state === 'ready' && atd.app.session?.text === {EDITED!r}",
        ),
        15,
        what,
    )
    return time.monotonic() - started


def test_a_killed_page_is_reloaded_with_the_draft_within_five_seconds(mw, addon_log):
    dialog = open_from_menu(mw)
    open_notetype(dialog, "Basic")
    js(dialog, "document.querySelector('[data-mode=code]').click(); 0")
    edit_and_wait_for_autosave(dialog, EDITED)
    pid = dialog.web.page().renderProcessPid()
    started = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    took = wait_recovered(dialog, started, "the page to come back with the draft")
    assert took < 5.0, f"recovery took {took:.1f} s"
    assert dialog.web.page().renderProcessPid() != pid
    status = js(dialog, "document.getElementById('status').textContent")
    assert "render process ended" in status and "restored" in status, status
    assert js(dialog, "document.getElementById('notetype-title').textContent").startswith("Basic")
    assert "reloading the designer page" in addon_log.read_text(encoding="utf-8")
    dialog.dirty = False
    close(dialog)


def test_a_page_that_stops_answering_is_restarted_with_the_draft(mw):
    dialog = open_from_menu(mw)
    open_notetype(dialog, "Basic")
    edit_and_wait_for_autosave(dialog, EDITED)
    dialog.watchdog.hang_after = 2.0  # 6 s in the product; shorter keeps the suite lean
    pid = dialog.web.page().renderProcessPid()
    dialog.web.page().runJavaScript("setTimeout(() => { for (;;) {} }, 10)")
    started = time.monotonic()
    wait_until(lambda: probe(dialog, "1") is None, 5, "the page to stop answering")
    took = wait_recovered(dialog, started, "the hung page to be restarted with the draft")
    assert took < 2.0 + 5.0, f"detection and recovery took {took:.1f} s"
    assert dialog.web.page().renderProcessPid() != pid
    status = js(dialog, "document.getElementById('status').textContent")
    assert "stopped answering" in status and "restored" in status, status
    dialog.dirty = False
    close(dialog)
