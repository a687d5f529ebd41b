"""What a template's script stores in the preview does not outlive the designer, nor
reach another note type's preview (issue #10 §3): localStorage, cookies, IndexedDB,
CacheStorage and service workers."""

import json

import pytest
from test_canvas_in_anki import new_notetype

from anki_harness import eval_js, pump, wait_until
from designer_driver import close, open_from_menu, open_notetype

WRITER = "Storage writer"
READER = "Storage reader"
WRITE = (
    "<script>localStorage.setItem('atd', 'leaked'); document.cookie = 'atd=leaked; max-age=99999';"
    " indexedDB.open('atd-db', 1); if (window.caches) caches.open('atd-cache');"
    " navigator.serviceWorker && navigator.serviceWorker.register('_sw.js').catch(() => {});"
    " document.title = 'wrote';</script><div id=written>{{Front}}</div>"
)
READ = """(() => {
  window.atdStored = null;
  Promise.all([
    indexedDB.databases ? indexedDB.databases() : Promise.resolve([]),
    window.caches ? caches.keys() : Promise.resolve([]),
    navigator.serviceWorker ? navigator.serviceWorker.getRegistrations() : Promise.resolve([]),
  ]).then(([dbs, cacheNames, workers]) => {
    window.atdStored = JSON.stringify({
      local: localStorage.getItem('atd'), cookie: document.cookie,
      dbs: dbs.map(d => d.name), caches: cacheNames, workers: workers.length,
    });
  }, (e) => { window.atdStored = JSON.stringify({error: String(e)}); });
  return 0;
})()"""
NOTHING = {"local": None, "cookie": "", "dbs": [], "caches": [], "workers": 0}


def add_notetype(mw, name, front):
    note = mw.col.new_note(new_notetype(mw, name, front, back_text="{{FrontSide}}"))
    note["Front"] = name
    mw.col.add_note(note, mw.col.decks.id("Default"))


@pytest.fixture
def notetypes(mw):
    add_notetype(mw, WRITER, WRITE)
    add_notetype(mw, READER, "<div id=reader>{{Front}}</div>")
    mw.col.media.write_data("_sw.js", b"self.addEventListener('fetch', () => {});")


def stored(dialog):
    eval_js(dialog.preview, READ)
    value = wait_until(lambda: eval_js(dialog.preview, "window.atdStored"), 10, "the stored values")
    return json.loads(value)


def wait_card(dialog, element_id):
    wait_until(
        lambda: eval_js(dialog.preview, f"!!document.getElementById('{element_id}')"),
        15,
        f"the preview to show #{element_id}",
    )
    pump(0.5)


def test_storage_is_gone_after_reopening_and_between_note_types(mw, notetypes):
    dialog = open_from_menu(mw)
    open_notetype(dialog, WRITER)
    wait_card(dialog, "written")
    # The card's script ran and could store while its note type was shown.
    assert eval_js(dialog.preview, "localStorage.getItem('atd')") == "leaked"
    # Another note type in the same designer: a clean slate.
    open_notetype(dialog, READER)
    wait_card(dialog, "reader")
    assert stored(dialog) == NOTHING
    close(dialog)
    # Closed and opened again: nothing survived either.
    dialog = open_from_menu(mw)
    open_notetype(dialog, READER)
    wait_card(dialog, "reader")
    assert stored(dialog) == NOTHING
    close(dialog)
