"""The designer page in real QtWebEngine, talking to Python through the real bridge."""

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aqt.qt import QUrl
from conftest import FAILING_SCRIPT_INTEGRITY

from anki_harness import eval_js, pump, wait_until
from anki_template_designer.features.metrics.methods import bridge_observer
from anki_template_designer.gui.bridge import Deferred, Dispatcher, Method
from anki_template_designer.gui.designer_view import DesignerWebView, designer_page_url
from anki_template_designer.gui.qt_task_runner import QtTaskRunner
from anki_template_designer.gui.web_guard import GuardedPage, designer_interceptor, is_local_url
from anki_template_designer.sdk.testing import PlainHosts, plain_hosts
from anki_template_designer.services.bootstrap import build_registry
from anki_template_designer.services.config import MemoryConfigStore
from anki_template_designer.services.plugins import PluginManager
from anki_template_designer.services.registry import Registry

WEB_FOLDER = "atd_qt_page"  # the folder tests/qt/conftest.py serves web/dist from


@dataclass
class Designer:
    view: DesignerWebView
    registry: Registry
    host: PlainHosts
    log_path: Path
    deferreds: list[Deferred]


@pytest.fixture
def designer(anki_mw, addon_paths):
    registry = build_registry(
        paths=addon_paths,
        # An invalid value the page must report; developer mode for the Performance panel.
        config_store=MemoryConfigStore({"log_level": "LOUD", "developer_mode": True}),
        collection=lambda: anki_mw.col,
        logger_name="anki_template_designer",
        task_runner=QtTaskRunner(anki_mw),
        discover_plugins=False,
    )
    host = plain_hosts(registry)
    deferreds: list[Deferred] = []

    def slow(_params: dict[str, Any]) -> Deferred:
        deferreds.append(Deferred())
        return deferreds[-1]

    def fail(_params: dict[str, Any]) -> None:
        raise RuntimeError("the service broke")

    view = DesignerWebView()
    methods = [
        *registry.get(PluginManager).bridge_methods(),
        Method("test.echo", lambda params: params, {"type": "object"}),
        Method("test.fail", fail),
        Method("test.slow", slow),
    ]
    view.attach(Dispatcher(methods, view.push, observe=bridge_observer(registry)), host)
    view.load_page(designer_page_url(WEB_FOLDER))
    view.start({"night": False})
    view.resize(1100, 700)
    view.show()
    wait_until(lambda: host.ready == 1, 30, "app.ready")
    wait_until(lambda: eval_js(view, "document.body.dataset.state") == "ready", 20, "ready state")
    yield Designer(view, registry, host, addon_paths.logs_dir / "designer.log", deferreds)
    view.cleanup()
    view.close()
    view.deleteLater()
    registry.close()


def call(
    view: DesignerWebView, method: str, params: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Call a bridge method from the page's JS and return how the promise settled."""
    key = f"r{time.monotonic_ns()}"
    eval_js(
        view,
        f"""atd.bridge.call({json.dumps(method)}, {json.dumps(params or {})}).then(
            (result) => {{ window.{key} = {{ok: true, result}}; }},
            (error) => {{ window.{key} = {{ok: false, code: error.code, message: error.message,
                                             details: error.details}}; }}); 0""",
    )
    return wait_until(lambda: eval_js(view, f"window.{key} || null"), 15, method)


def raw_pycmd(view: DesignerWebView, message_js: str) -> dict[str, Any]:
    """Send a raw pycmd string (a JS expression) and return Python's immediate reply."""
    key = f"raw{time.monotonic_ns()}"
    eval_js(view, f"pycmd({message_js}, (reply) => {{ window.{key} = reply; }}); 0")
    return wait_until(lambda: eval_js(view, f"window.{key} || null"), 15, "raw reply")


def log_text(designer: Designer) -> str:
    return designer.log_path.read_text(encoding="utf-8") if designer.log_path.exists() else ""


def test_the_page_loads_reports_ready_and_lists_the_collections_note_types(designer, anki_mw):
    names = eval_js(
        designer.view,
        "[...document.querySelectorAll('#notetype-list .nt-name')].map(e => e.textContent)",
    )
    assert sorted(names) == sorted(n.name for n in anki_mw.col.models.all_names_and_ids())
    title = "document.getElementById('notetype-title').textContent"
    wait_until(lambda: eval_js(designer.view, title) == names[0])
    assert designer.host.previews, "opening a note type renders its preview"
    problems = eval_js(designer.view, "document.getElementById('problems').textContent")
    assert "LOUD" in problems


def test_a_bridge_round_trip(designer):
    assert call(designer.view, "test.echo", {"text": "héllo ✓", "n": [1, 2]}) == {
        "ok": True,
        "result": {"text": "héllo ✓", "n": [1, 2]},
    }


def test_a_real_method_with_params(designer, anki_mw):
    basic = anki_mw.col.models.by_name("Basic")
    reply = call(designer.view, "designer.open", {"notetypeId": basic["id"]})
    assert reply["result"]["notetype"]["name"] == "Basic"
    assert [f["name"] for f in reply["result"]["notetype"]["flds"]] == ["Front", "Back"]


def test_error_replies_reach_the_page_with_code_and_message(designer):
    failed = call(designer.view, "test.fail")
    assert failed == {
        "ok": False,
        "code": "internal",
        "message": "test.fail failed: RuntimeError: the service broke",
        "details": None,
    }
    assert "bridge method test.fail failed" in log_text(designer)
    assert call(designer.view, "no.such.method")["code"] == "unknown_method"
    invalid = call(designer.view, "designer.open", {"notetypeId": "Basic"})
    assert invalid["code"] == "invalid_params"
    assert invalid["details"][0]["path"] == "/notetypeId"
    assert call(designer.view, "designer.open", {"notetypeId": 42})["code"] == "not_found"


def test_an_oversized_message_is_refused(designer):
    reply = raw_pycmd(
        designer.view,
        "'atd:' + JSON.stringify({v: 1, id: 99, method: 'test.echo', "
        "params: {blob: 'x'.repeat(5 * 1024 * 1024)}})",
    )
    assert reply["ok"] is False
    assert reply["error"]["code"] == "too_large"
    assert reply["error"]["details"]["limit"] == 4 * 1024 * 1024


def test_a_malformed_message_is_answered_with_an_error(designer):
    reply = raw_pycmd(designer.view, '\'atd:{"v": 1, "id": \'')
    assert reply["ok"] is False
    assert reply["error"]["code"] == "bad_json"
    assert "not valid JSON" in reply["error"]["message"]


def test_pending_work_is_pushed_to_the_page_later(designer):
    key = "slowResult"
    eval_js(designer.view, f"atd.bridge.call('test.slow').then(r => {{ window.{key} = r; }}); 0")
    wait_until(lambda: designer.deferreds, 10, "the slow call")
    pump(0.2)
    assert eval_js(designer.view, f"window.{key} || null") is None
    designer.deferreds[0].resolve({"rendered": 3})
    assert wait_until(lambda: eval_js(designer.view, f"window.{key} || null"), 10) == {
        "rendered": 3
    }


def test_pushed_events_reach_the_page(designer, anki_mw):
    designer.view.push_event("theme.changed", {"night": True})
    wait_until(
        lambda: eval_js(designer.view, "document.documentElement.classList.contains('night')")
    )
    cloze = anki_mw.col.models.by_name("Cloze")
    designer.view.push_event("notetype.select", {"id": cloze["id"]})
    wait_until(
        lambda: (
            eval_js(designer.view, "document.getElementById('notetype-title').textContent")
            == "Cloze"
        )
    )


def test_javascript_errors_reach_the_python_log(designer):
    eval_js(
        designer.view,
        "const s = document.createElement('script'); s.src = 'failing-script.js'; "
        f"s.integrity = '{FAILING_SCRIPT_INTEGRITY}'; document.head.append(s); 0",
    )
    wait_until(
        lambda: "rejected-in-page" in log_text(designer) and "boom-from-page" in log_text(designer),
        10,
        "the log lines",
    )
    text = log_text(designer)
    assert (
        "ERROR anki_template_designer.features.core.methods: page error: Uncaught TypeError: "
        in text
    )
    assert "boom-from-page at http://127.0.0.1:" in text
    assert "failing-script.js:1:" in text
    assert "page unhandledrejection: RangeError: rejected-in-page" in text


def test_requests_beyond_loopback_are_blocked(anki_mw):
    page = GuardedPage(lambda cmd: None)
    interceptor = designer_interceptor()
    before = len(interceptor.blocked)
    url = designer_page_url(WEB_FOLDER).resolved(QUrl("remote-refs.html"))
    page.home = url
    page.load(url)
    wait_until(lambda: len(interceptor.blocked) >= before + 2, 10, "blocked requests")
    assert "http://blocked.invalid/x.png" in interceptor.blocked
    assert "https://blocked.invalid/a.js" in interceptor.blocked
    page.deleteLater()


def test_the_page_cannot_navigate_away(designer):
    home = designer.view.url().toString()
    eval_js(designer.view, "location.href = 'http://blocked.invalid/'; 0")
    pump(0.5)
    assert designer.view.url().toString() == home
    assert eval_js(designer.view, "document.body.dataset.state") == "ready"


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:4000/_addons/x", True),
        ("http://localhost/x", True),
        ("data:text/html,hi", True),
        ("about:blank", True),
        ("https://example.com/", False),
        ("http://10.0.0.1/", False),
        ("file:///etc/passwd", False),
        ("ftp://127.0.0.1/", False),
    ],
)
def test_what_counts_as_local(anki_mw, url, local):
    assert is_local_url(QUrl(url)) is local


@pytest.fixture
def many_notes(anki_mw):
    """A note type with 10,000 notes (made in one batch, as an import would)."""
    from anki.collection import AddNoteRequest

    col = anki_mw.col
    existing = col.models.by_name("Many notes")
    if existing is None:
        notetype = col.models.copy(col.models.by_name("Basic"), add=False)
        notetype["name"] = "Many notes"
        col.models.add_dict(notetype)
        notetype = col.models.by_name("Many notes")
        deck = col.decks.id("Many")
        requests = []
        for index in range(10_000):
            note = col.new_note(notetype)
            note["Front"], note["Back"] = f"question {index:05d}", f"answer {index}"
            requests.append(AddNoteRequest(note=note, deck_id=deck))
        col.add_notes(requests)
        existing = col.models.by_name("Many notes")
    return existing


def test_ten_thousand_notes_scroll_in_a_list_of_a_few_dozen_rows(designer, many_notes):
    view = designer.view
    designer.view.push_event("notetype.select", {"id": many_notes["id"]})
    title = "document.getElementById('notetype-title').textContent"
    wait_until(lambda: eval_js(view, title) == "Many notes")
    eval_js(view, "document.getElementById('pv-note').click(); 0")
    wait_until(
        lambda: (
            eval_js(view, "document.getElementById('pv-note-count').textContent") == "10000 notes"
        ),
        20,
        "the notes to list",
    )
    rows = "document.querySelectorAll('#pv-note-list .vlist-row')"
    assert eval_js(view, f"{rows}.length") < 40
    most_rows = 0
    for step in range(0, 10_001 * 26, 26 * 500):  # scroll down in 20 jumps
        eval_js(
            view,
            "(() => { const l = document.getElementById('pv-note-list');"
            f" l.scrollTop = {step}; l.dispatchEvent(new Event('scroll')); }})(); 0",
        )
        most_rows = max(most_rows, eval_js(view, f"{rows}.length"))
    eval_js(
        view,
        "(() => { const l = document.getElementById('pv-note-list');"
        " l.scrollTop = l.scrollHeight; l.dispatchEvent(new Event('scroll')); })(); 0",
    )
    last = eval_js(view, f"[...{rows}].at(-1).textContent")
    assert last == "question 09999 · answer 9999"
    assert most_rows < 40, "the DOM holds only the rows in view"
    eval_js(view, f"[...{rows}].at(-1).click(); 0")
    wait_until(lambda: designer.host.previews[-1][0].html == "question 09999")
    assert eval_js(view, "document.getElementById('pv-note-panel').hidden")


def test_the_performance_panel_shows_live_figures(designer):
    view = designer.view
    assert eval_js(view, "document.getElementById('perf-toggle').hidden") is False
    eval_js(view, "document.getElementById('perf-toggle').click(); 0")
    cells = "[...document.querySelectorAll('#performance td')].map(td => td.textContent)"
    wait_until(lambda: "bridge.notetypes.list" in eval_js(view, cells), 10, "the panel")
    figures = eval_js(view, "document.querySelector('#performance .figures').textContent")
    assert "preview cache" in figures and "queue 0 waiting" in figures and "MiB" in figures
    eval_js(view, "document.getElementById('perf-toggle').click(); 0")
    assert eval_js(view, "document.getElementById('performance').hidden")


def test_a_slow_operation_alert_shows_a_badge_until_it_clears(designer):
    view = designer.view
    alert = {
        "name": "preview.render",
        "percentile": 95,
        "limitMs": 250,
        "valueMs": 412,
        "active": True,
    }
    designer.view.push_event("metrics.alert", alert)
    badge = "document.querySelector('#alerts .badge')?.textContent ?? null"
    wait_until(lambda: eval_js(view, badge) == "slow: preview.render")
    designer.view.push_event("metrics.alert", {**alert, "active": False})
    wait_until(lambda: eval_js(view, badge) is None)
