"""Hostile template content in the editing canvas: nothing runs, nothing is fetched,
nothing reaches the bridge — and the hostile bytes are saved back exactly as written."""

import pytest

from anki_harness import pump, wait_until
from canvas_driver import components, cv, frame_js, wait_canvas
from designer_driver import click, close, js, open_from_menu, open_notetype, wait_saved

MARK = "atd-beacon"


def hostile_front(port):
    beacon = f"http://127.0.0.1:{port}/{MARK}"
    return "\n".join(
        [
            "<script>top.atdPwned = 'inline script'; parent.pycmd && parent.pycmd("
            '\'atd:{"v":1,"id":99999,"method":"log.clientError","params":{"kind":"console","message":"PWNED"}}\');</script>',
            '<script src="_evil.js"></script>',
            f'<img src="{beacon}/img" onerror="top.atdPwned = \'img onerror\'">',
            '<img src="missing-file.png" onerror="top.atdPwned = \'local img onerror\'">',
            "<svg onload=\"top.atdPwned = 'svg onload'\"><circle r=5></circle></svg>",
            "<div id=clicky onclick=\"top.atdPwned = 'onclick'\">click me</div>",
            "<a id=jslink href=\"javascript:top.atdPwned='javascript link'\">a link</a>",
            "<input autofocus onfocus=\"top.atdPwned = 'autofocus'\">",
            f'<meta http-equiv="refresh" content="0;url={beacon}/meta">',
            f'<iframe src="{beacon}/iframe"></iframe><object data="{beacon}/object"></object>',
            f'<embed src="{beacon}/embed"><link rel=stylesheet href="{beacon}/link.css"><base href="{beacon}/base/">',
            f'<form action="{beacon}/form"><button id=formbtn>go</button></form>',
            f'<img srcset="{beacon}/srcset 2x"><audio autoplay src="{beacon}/audio"></audio>',
            f'<div style="background: url({beacon}/inline-style)">background</div>',
            f'<noscript><p title="</noscript><img src={beacon}/noscript onerror=top.atdPwned=9>"></noscript>',
            "<div onclick=\"alert('{{Front}}')\">{{Front}}</div>",
        ]
    )


def hostile_css(port):
    beacon = f"http://127.0.0.1:{port}/{MARK}"
    return (
        f"@import url({beacon}/import.css);\n"
        f".card {{ background: url({beacon}/css-url); }}\n"
        "@font-face { font-family: evil; src: url(http://attacker.invalid/f.woff); }\n"
        # Escapes and line continuations that hide a load from a naive filter.
        f".card {{ background-image: u\\72l({beacon}/escaped-url); }}\n"
        f'.card {{ border-image: url("{beacon[:10]}\\\n{beacon[10:]}/continued") 1; }}\n'
        f'.card {{ list-style-image: image-s\\65t("{beacon}/escaped-image-set" 1x); }}\n'
        f"@\\69mport '{beacon}/escaped-import.css';\n"
        ".card { background: url(/_anki/congratsInfo), url(\\2f _anki/congratsInfo); }\n"
        ".card { font-family: evil, sans-serif; }\n"
    )


@pytest.fixture
def hostile_notetype(mw):
    port = mw.mediaServer.getPort()
    models = mw.col.models
    old = models.by_name("Hostile")
    if old:
        models.remove(old["id"])
    notetype = models.new("Hostile")
    for name in ("Front", "Back"):
        models.add_field(notetype, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"] = hostile_front(port)
    template["afmt"] = "{{FrontSide}}<hr id=answer>{{Back}}"
    models.add_template(notetype, template)
    notetype["css"] = hostile_css(port)
    models.add_dict(notetype)
    notetype = models.by_name("Hostile")
    note = mw.col.new_note(notetype)
    note["Front"] = (
        f"<img src=x onerror=\"top.atdPwned='field onerror'\"><script>top.atdPwned='field script'</script>"
        f'<img src="http://127.0.0.1:{port}/{MARK}/field-img"><a href="javascript:top.atdPwned=1">x</a>word'
    )
    note["Back"] = "back"
    mw.col.add_note(note, mw.col.decks.id("Default"))
    mw.col.media.write_data("_evil.js", b"top.atdPwned = 'media script';")
    return models.by_name("Hostile")


def test_hostile_templates_and_fields_are_inert_in_the_canvas(
    mw, hostile_notetype, addon, addon_log, artifacts
):
    interceptor = addon.gui.web_guard.designer_interceptor()
    interceptor.seen.clear()
    blocked_before = len(interceptor.blocked)
    dialog = open_from_menu(mw)
    open_notetype(dialog, "Hostile")
    wait_canvas(dialog)
    wait_until(
        lambda: "word" in frame_js(dialog, "doc.body.textContent"), 10, "the note's field content"
    )
    # Click the handlers, the javascript: link and the form button in the frame.
    frame_js(
        dialog,
        "(['#clicky', '#jslink', '#formbtn'].forEach(s => doc.querySelector(s)?.click()), 0)",
    )
    pump(1.0)
    assert js(dialog, "window.atdPwned === undefined") is True, js(
        dialog, "String(window.atdPwned)"
    )
    assert frame_js(dialog, "doc.defaultView.atdPwned === undefined") is True
    assert (
        cv(dialog, "cv.editor.Canvas.getFrameEl().getAttribute('sandbox')") == "allow-same-origin"
    )
    assert (
        frame_js(
            dialog,
            "doc.querySelectorAll('script, iframe, object, embed, meta, link[href*=atd-beacon], base, form, noscript').length",
        )
        == 0
    )
    assert (
        frame_js(
            dialog,
            "[...doc.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length",
        )
        == 0
    )
    assert (
        frame_js(
            dialog,
            "[...doc.querySelectorAll('a[href], [srcset], [autoplay], [autofocus], [src*=atd-beacon]')].map(e => e.outerHTML)",
        )
        == []
    )
    # What does load comes from Anki's media server: relative media names only.
    sources = frame_js(dialog, "[...doc.querySelectorAll('[src]')].map(e => e.getAttribute('src'))")
    assert all(src.startswith(js(dialog, "location.origin") + "/") for src in sources), sources
    assert cv(dialog, "cv.parserHits") == 0
    requested = [
        url
        for url in interceptor.seen
        if MARK in url or "attacker.invalid" in url or "_evil.js" in url or "/_anki/congrats" in url
    ]
    assert requested == [], requested
    assert len(interceptor.blocked) == blocked_before
    assert "PWNED" not in addon_log.read_text(encoding="utf-8")
    types = {c["type"] for c in components(dialog)}
    assert {"atd-script", "atd-placeholder", "atd-field"} <= types
    dialog.grab().save(str(artifacts / "canvas-hostile.png"))
    # An unrelated edit and a save keep every hostile byte exactly as written.
    click(dialog, "[data-side=back]")
    js(dialog, "atd.app.session.setText(atd.app.session.text + '<p>edited</p>'); 0")
    click(dialog, "#save")
    wait_saved(dialog)
    saved = mw.col.models.by_name("Hostile")
    assert saved["tmpls"][0]["qfmt"] == hostile_notetype["tmpls"][0]["qfmt"]
    assert saved["css"] == hostile_notetype["css"]
    close(dialog)
    assert "PWNED" not in addon_log.read_text(encoding="utf-8")
