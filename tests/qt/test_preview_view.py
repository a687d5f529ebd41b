"""The preview view: Anki's renderer output shown like the reviewer, with no bridge."""

import copy
from pathlib import Path

import pytest

from anki_harness import eval_js, pump, wait_until
from anki_template_designer.gui.preview_view import PreviewView
from anki_template_designer.services.preview import PreviewOptions, PreviewRenderer

WEB_FOLDER = "atd_qt_page"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def preview(anki_mw):
    view = PreviewView(WEB_FOLDER)
    view.resize(600, 500)
    view.show()
    yield view
    view.cleanup()
    view.close()
    view.deleteLater()
    pump(0.1)


def show(view, card):
    seq = view.show_card(card)
    wait_until(lambda: view.last_painted >= seq, 20, "the card to be painted")


def test_a_draft_is_painted_with_reviewer_classes_and_card_css(anki_mw, preview):
    col = anki_mw.col
    draft = copy.deepcopy(col.models.by_name("Vocabulary (demo)"))
    draft["css"] += "\n.word { color: rgb(200, 0, 0); }"
    renderer = PreviewRenderer(lambda: col)
    show(preview, renderer.render(draft, PreviewOptions(side="answer", night=True)))
    assert eval_js(preview, "document.body.className") == "card card1 nightMode night_mode"
    assert eval_js(preview, "getComputedStyle(document.querySelector('.word')).color") == (
        "rgb(200, 0, 0)"
    )
    assert "to eat" in eval_js(preview, "document.getElementById('qa').textContent")
    assert eval_js(preview, "!!document.querySelector('ruby')")  # furigana rendered
    ARTIFACTS.mkdir(exist_ok=True)
    preview.grab().save(str(ARTIFACTS / "preview-night.png"))


def test_card_scripts_run_but_cannot_reach_python(anki_mw, preview):
    col = anki_mw.col
    draft = copy.deepcopy(col.models.by_name("Basic"))
    draft["tmpls"][0]["qfmt"] = (
        "{{Front}}<script>document.body.dataset.ran = typeof pycmd + '/' + typeof qt;</script>"
    )
    show(preview, PreviewRenderer(lambda: col).render(draft, PreviewOptions()))
    assert eval_js(preview, "document.body.dataset.ran") == "undefined/undefined"


def test_mobile_class_and_phone_width(anki_mw, preview):
    col = anki_mw.col
    draft = copy.deepcopy(col.models.by_name("Basic"))
    preview.set_device("phone")
    show(preview, PreviewRenderer(lambda: col).render(draft, PreviewOptions(mobile=True)))
    assert eval_js(preview, "document.documentElement.className") == "mobile"
    assert eval_js(preview, "document.documentElement.dataset.bsTheme") == "light"
    wait_until(lambda: eval_js(preview, "window.innerWidth") == 375)


def test_template_errors_show_in_the_preview(anki_mw, preview):
    col = anki_mw.col
    draft = copy.deepcopy(col.models.by_name("Basic"))
    draft["tmpls"][0]["qfmt"] = "{{#Front}}"
    show(preview, PreviewRenderer(lambda: col).render(draft, PreviewOptions()))
    assert "template has a problem" in eval_js(preview, "document.body.textContent")


def test_hostile_card_content_cannot_leave_the_machine_or_the_page(anki_mw, preview):
    col = anki_mw.col
    draft = copy.deepcopy(col.models.by_name("Basic"))
    draft["tmpls"][0]["qfmt"] = (
        '{{Front}}<img src="http://blocked.invalid/pixel.png">'
        '<img src="x" onerror="document.body.dataset.onerror = typeof pycmd">'
        "<script>fetch('https://blocked.invalid/steal').catch(() => {});</script>"
        "<style>.card { background: url(https://blocked.invalid/bg.png); }</style>"
        '<meta http-equiv="refresh" content="0;url=https://blocked.invalid/">'
        "<script>document.title = 'painted:not-a-number';"
        " document.body.dataset.webrtc = typeof RTCPeerConnection +"
        " '/' + typeof webkitRTCPeerConnection;</script>"
    )
    show(preview, PreviewRenderer(lambda: col).render(draft, PreviewOptions()))
    home = preview.url().toString()
    assert "legacyPageData" in home
    pump(1.5)  # the meta refresh would have navigated by now
    # The page's CSP refuses them, or the interceptor does: none was let through.
    interceptor = preview.interceptor
    allowed = [
        u for u in interceptor.seen if "blocked.invalid" in u and u not in interceptor.blocked
    ]
    assert allowed == []
    refused = " ".join(preview.console_errors()) + " ".join(interceptor.blocked)
    for url in ("blocked.invalid/pixel.png", "blocked.invalid/steal", "blocked.invalid/bg.png"):
        assert url in refused
    assert preview.url().toString() == home
    assert eval_js(preview, "document.body.dataset.onerror") == "undefined"  # ran, no bridge
    assert eval_js(preview, "document.body.dataset.webrtc") == "undefined/undefined"
