"""JS plugins in a real Anki: plugin folders in the profile's user_files/plugins/ when the
profile opens, their modules run in Web Workers of the real designer page (QtWebEngine),
their blocks in the Blocks panel, a drop inserting the cleaned content, MathJax rendered
by the preview, their side-bar panels drawn as text from the views their workers post;
hostile workers terminated, refused and cleaned while the designer works."""

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from canaries import Canary
from conftest import ADDON_FOLDER

from anki_harness import pump, wait_until
from canvas_driver import cv, drag_block, front, wait_canvas, wait_edits
from designer_driver import close, js, open_from_menu, open_notetype, preview_html

ROOT = Path(__file__).resolve().parents[2]
MATHJAX = ROOT / "examples" / "plugins" / "mathjax_block"
NOTETYPE = "JS plugin math"
FEATURE = "atd.app.jsPlugins"

PLUGIN_PY = """
from atd_sdk import CanvasBlock, Panel, hookimpl

@hookimpl
def atd_canvas_blocks(context):
    return [CanvasBlock(i, label, {module!r}, "Hostile") for i, label in {blocks!r}]

@hookimpl
def atd_panels(context):
    return [Panel(i, title, {module!r}) for i, title in {panels!r}]
"""
HOSTILE_TEXT = "<img src=x onerror=\"top.atdPwned = 'panel'\">"

HOSTILE = {
    # Never answers init: its top level never ends.
    "spin-forever": (["canvas:blocks"], "spin.js", [("spin", "Spin")], "while (true) {}\n"),
    # Content with a script and a handler; probes what a worker can reach; an undeclared id.
    "dirty-content": (
        ["canvas:blocks"],
        "dirty.js",
        [("dirty", "Dirty"), ("slow", "Slow")],
        textwrap.dedent(
            """
            atd.log("info", "probes " + JSON.stringify({
              pycmd: typeof pycmd, qt: typeof qt, QWebChannel: typeof QWebChannel,
              document: typeof document, window: typeof window, fetch: typeof fetch,
              importScripts: typeof importScripts, indexedDB: typeof indexedDB,
              XMLHttpRequest: typeof XMLHttpRequest, WebSocket: typeof WebSocket,
            }));
            atd.registerBlock({ id: "dirty",
              label: 'Dirty <img src=x onerror="top.atdPwned = \\'label\\'">',
              category: 'Hostile <img src=x onerror="top.atdPwned = \\'category\\'">',
              content:
              '<div class="dirty">\\\\(y^2\\\\)<script>top.atdPwned = "script"</script>'
              + '<img src="x.png" onerror="top.atdPwned = \\'handler\\'"></div>' });
            atd.registerBlock({ id: "undeclared", content: "<b>x</b>" });
            atd.registerBlock({ id: "slow", render: () => new Promise(() => {}) });
            """
        ),
    ),
    # Its manifest does not grant canvas:blocks: registerBlock is refused.
    "no-permission": (
        [],
        "quiet.js",
        [("quiet", "Quiet")],
        'atd.registerBlock({ id: "quiet", content: "<b>quiet</b>" });\n',
    ),
    # A panel whose view carries markup, one whose view is refused, a button that loops.
    "hostile-panel": (
        ["canvas:panels"],
        "panel.js",
        [],
        textwrap.dedent(
            """
            const hostile = %s;
            atd.registerPanel({ id: "hostile",
              render: (c) => [
                { kind: "heading", text: hostile },
                { kind: "text", text: "fields " + c.fields.join(",") + "; side " + c.side },
                { kind: "list", items: ['<script>top.atdPwned = "list"</script>', hostile] },
                { kind: "code", text: hostile },
                { kind: "button", id: "loop", text: hostile },
              ],
              click(button) { if (button === "loop") while (true) {} } });
            atd.registerPanel({ id: "refused",
              render: () => [{ kind: "html", text: "<b>bold</b>" }] });
            """
        )
        % json.dumps(HOSTILE_TEXT),
        [("hostile", "Hostile <b>tab</b>"), ("refused", "Refused")],
    ),
}


def write_hostile(root, plugin_id, permissions, module, blocks, source, panels=()):
    folder = root / plugin_id
    folder.mkdir()
    manifest = {"id": plugin_id, "name": f"Hostile {plugin_id}", "version": "1.0"}
    manifest.update({"sdk": ">=0.1,<1", "permissions": permissions})
    (folder / "plugin.json").write_text(json.dumps(manifest))
    plugin_py = PLUGIN_PY.format(module=module, blocks=blocks, panels=list(panels))
    (folder / "plugin.py").write_text(plugin_py)
    (folder / module).write_text(source)


def reopen_profile(mw):
    """Close and open the profile, so plugins are discovered as at Anki's start."""
    done = []
    mw.unloadProfile(lambda: done.append(True))
    wait_until(lambda: done, 30, "the profile to close")
    mw.loadProfile()
    wait_until(lambda: mw.col is not None, 30, "the profile to open")
    pump(0.5)


def add_notetype(mw):
    models = mw.col.models
    notetype = models.new(NOTETYPE)
    for name in ("Front", "Back"):
        models.add_field(notetype, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"] = '<div class="q">{{Front}}</div>'
    template["afmt"] = "{{FrontSide}}<hr id=answer>{{Back}}"
    models.add_template(notetype, template)
    models.add_dict(notetype)
    note = mw.col.new_note(models.by_name(NOTETYPE))
    note.fields[0], note.fields[1] = "Solve for x", "the quadratic formula"
    mw.col.add_note(note, mw.col.decks.id("Default"))


@pytest.fixture(scope="module")
def js_plugins(mw, anki_base):
    plugins = anki_base / "addons21" / ADDON_FOLDER / "user_files" / "plugins"
    plugins.mkdir(parents=True, exist_ok=True)
    shutil.copytree(MATHJAX, plugins / "mathjax_block")
    for plugin_id, spec in HOSTILE.items():
        write_hostile(plugins, plugin_id, *spec)
    reopen_profile(mw)
    add_notetype(mw)
    yield plugins
    models = mw.col.models
    models.remove(models.by_name(NOTETYPE)["id"])
    for folder in ["mathjax_block", *HOSTILE]:
        shutil.rmtree(plugins / folder)
    reopen_profile(mw)


@pytest.fixture(scope="module")
def designer(mw, js_plugins):
    dialog = open_from_menu(mw)
    open_notetype(dialog, NOTETYPE)
    wait_canvas(dialog)
    wait_until(lambda: feature(dialog, "f.started !== null"), 10, "the JS plugins to start")
    js(dialog, f"{FEATURE}.started.then(() => (window.atdPluginsStarted = true)); 0")
    wait_until(lambda: js(dialog, "window.atdPluginsStarted === true"), 15, "every worker")
    yield dialog
    dialog.dirty = False
    close(dialog)


def feature(dialog, expression):
    return js(dialog, f"(() => {{ const f = {FEATURE}; return {expression}; }})()")


def worker_states(dialog):
    return feature(dialog, "Object.fromEntries(f.workers.map(w => [w.plugin.id, w.state]))")


def problems_text(dialog):
    return js(dialog, "document.querySelector('.js-plugin-problems')?.textContent ?? ''")


def block_category(dialog, tile):
    block = f"cv.editor.Blocks.get({json.dumps(tile)})"
    return cv(dialog, f"{block} ? ({block}.getCategoryLabel?.() ?? {block}.get('category')) : null")


def test_the_mathjax_block_shows_under_math_and_a_drop_renders_with_mathjax(
    mw, designer, artifacts
):
    tile = "atd-plugin-mathjax_block.math-inline"
    wait_until(lambda: block_category(designer, tile) == "Math", 10, "the Math block")
    assert block_category(designer, "atd-plugin-mathjax_block.math-display") == "Math"
    ready_ms = feature(designer, "f.workers.find(w => w.plugin.id === 'mathjax_block').readyMs")
    print(f"mathjax_block worker: created to ready in {ready_ms:.1f} ms (limit 2000 ms)")
    labels = js(
        designer,
        "[...document.querySelectorAll('#cv-blocks .gjs-block-label')].map(b => b.textContent.trim())",
    )
    assert "Math (MathJax)" in labels and "Display math (MathJax)" in labels, labels
    js(designer, "document.querySelector('#tour [data-tour=skip]')?.click(); 0")
    designer.resize(1280, 800)
    pump(0.5)
    js(
        designer,
        f"document.querySelector('[data-atd-block=\"{tile}\"]').scrollIntoView({{block: 'center'}}); 0",
    )
    pump(0.3)
    designer.grab().save(str(artifacts / "js-plugin-blocks.png"))
    js(designer, "atd.app.setNight(true); 0")
    pump(0.5)
    designer.grab().save(str(artifacts / "js-plugin-blocks-night.png"))
    js(designer, "atd.app.setNight(false); 0")

    edits = cv(designer, "cv.edits")
    drag_block(designer, tile, "div.q", below=True)
    wait_edits(designer, edits + 1, "the dropped math block")
    text = front(designer)
    math = "\\(x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}\\)"
    assert math in text and text.replace(math, "") == '<div class="q">{{Front}}</div>', text
    # The preview typesets it with Anki's MathJax: rendered elements, not the raw \( … \).
    wait_until(lambda: "mjx-container" in (preview_html(designer) or ""), 20, "MathJax output")
    html = preview_html(designer)
    assert "\\(" not in html and "\\frac" not in html, html[:500]
    assert "Solve for x" in html


def test_a_worker_that_loops_forever_is_terminated_and_reported(designer):
    assert worker_states(designer)["spin-forever"] == "failed"
    failure = feature(designer, "f.workers.find(w => w.plugin.id === 'spin-forever').failure")
    assert "did not start within 2000 ms" in failure and "terminated" in failure
    assert "Hostile spin-forever: spin.js did not start within 2000 ms" in problems_text(designer)
    assert cv(designer, "!!cv.editor.Blocks.get('atd-plugin-spin-forever.spin')") is False
    # Python keeps the reason with the plugin (the Plugins panel lists it).
    rows = js(
        designer,
        "atd.bridge.call('plugins.list').then(r => (window.atdRows = r.plugins)) && 0",
    )
    assert rows == 0
    wait_until(lambda: js(designer, "!!window.atdRows"), 10, "plugins.list")
    spin = next(r for r in js(designer, "window.atdRows") if r["id"] == "spin-forever")
    assert any("did not start within 2000 ms" in e for e in spin["errors"]), spin
    # The designer keeps working: a built-in block is still inserted.
    edits = cv(designer, "cv.edits")
    cv(designer, "(cv.insertBlock('heading', null, 0), 0)")
    wait_edits(designer, edits + 1, "a block after the termination")
    assert front(designer).startswith("<h2>Heading</h2>")


def test_a_message_type_not_granted_is_refused_and_not_executed(designer):
    assert worker_states(designer)["no-permission"] == "ready"
    assert "registerBlock needs the permission canvas:blocks" in problems_text(designer)
    assert cv(designer, "!!cv.editor.Blocks.get('atd-plugin-no-permission.quiet')") is False
    assert "is not declared" in problems_text(designer)  # dirty-content's undeclared id


def test_a_worker_has_no_bridge_no_dom_and_no_network_apis(designer):
    logs = feature(designer, "f.logs.filter(l => l.plugin === 'dirty-content').map(l => l.message)")
    probes = json.loads(next(m for m in logs if m.startswith("probes ")).removeprefix("probes "))
    assert set(probes.values()) == {"undefined"}, probes


def test_script_and_handler_in_block_content_are_stripped_before_the_template(designer):
    tile = "atd-plugin-dirty-content.dirty"
    hostile_category = "Hostile <img src=x onerror=\"top.atdPwned = 'category'\">"
    wait_until(lambda: block_category(designer, tile) == hostile_category, 10, "the dirty block")
    # Its label and category are shown as text, never as markup in the page.
    texts = js(
        designer,
        "[...document.querySelectorAll('#cv-blocks .gjs-title, #cv-blocks .gjs-block-label')]"
        ".map(e => e.textContent.trim())",
    )
    assert hostile_category in texts, texts
    assert "Dirty <img src=x onerror=\"top.atdPwned = 'label'\">" in texts, texts
    assert js(designer, "document.querySelectorAll('#cv-blocks img').length") == 0
    assert "removed from its content" in problems_text(designer)
    edits = cv(designer, "cv.edits")
    cv(designer, f"(cv.insertBlock({json.dumps(tile)}, null, 0), 0)")
    wait_edits(designer, edits + 1, "the dirty block's insert")
    text = front(designer)
    assert '<div class="dirty">\\(y^2\\)<img src="x.png"></div>' in text, text
    assert "<script" not in text and "onerror" not in text and "atdPwned" not in text
    pump(1.0)
    assert js(designer, "window.atdPwned === undefined") is True
    assert "mjx-container" in preview_html(designer)


def test_a_render_request_not_answered_in_time_terminates_the_worker(designer):
    tile = "atd-plugin-dirty-content.slow"
    assert block_category(designer, tile) == "Hostile"
    before = front(designer)
    cv(designer, f"(cv.insertBlock({json.dumps(tile)}, null, 0), 0)")
    wait_until(lambda: worker_states(designer)["dirty-content"] == "failed", 5, "the timeout")
    assert "did not answer render within 1000 ms" in problems_text(designer)
    wait_until(
        lambda: (
            "Slow was not added" in js(designer, "document.getElementById('status').textContent")
        ),
        5,
        "the status line",
    )
    assert front(designer) == before
    assert cv(designer, f"!!cv.editor.Blocks.get({json.dumps(tile)})") is False
    assert block_category(designer, "atd-plugin-mathjax_block.math-inline") == "Math"


def test_the_page_csp_lets_a_blob_worker_run_but_not_fetch_or_import(designer):
    """The wall under the prelude: a raw Blob worker (no prelude) has no bridge and the
    page's CSP keeps connect-src 'none'; a worker from anything but blob: is refused."""
    csp = js(designer, "document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["worker-src"] == "blob:"
    assert directives["connect-src"] == "'none'" and directives["child-src"] == "'none'"
    assert directives["default-src"] == "'none'" and "'self'" not in directives["script-src"]
    canary = Canary("127.0.0.1")
    try:
        source = textwrap.dedent(
            f"""
            const seen = {{ pycmd: typeof pycmd, qt: typeof qt, QWebChannel: typeof QWebChannel,
                           document: typeof document }};
            for (const url of [self.location.origin + "/_anki/js/reviewer.js",
                               "http://{canary.origin}/import.js"]) {{
              try {{ importScripts(url); seen.importScripts = "ran " + url; break; }}
              catch (e) {{ seen.importScripts = e.name; }}
            }}
            const sw = self.navigator.serviceWorker;
            Promise.all([
              fetch("http://{canary.origin}/from-worker").then(() => "reached", (e) => e.name),
              sw ? sw.register(self.location.origin + "/_sw.js").then(() => "registered",
                                                                     (e) => e.name)
                 : "absent",
            ]).then(([fetched, registered]) =>
              postMessage({{ ...seen, fetch: fetched, serviceWorker: registered }}));
            """
        )
        js(
            designer,
            f"""(() => {{
              window.atdRaw = null; window.atdDataWorker = null;
              const url = URL.createObjectURL(new Blob([{json.dumps(source)}], {{type: "text/javascript"}}));
              const w = new Worker(url); w.onmessage = (e) => (window.atdRaw = e.data);
              window.atdViolations = [];
              document.addEventListener("securitypolicyviolation",
                (e) => window.atdViolations.push(e.effectiveDirective + " " + e.blockedURI));
              try {{
                const d = new Worker("data:text/javascript,postMessage(1)");
                d.onmessage = () => (window.atdDataWorker = "ran");
                d.onerror = () => (window.atdDataWorker = "refused");
              }} catch (e) {{ window.atdDataWorker = "refused"; }}
              return 0; }})()""",
        )
        wait_until(lambda: js(designer, "window.atdRaw"), 10, "the raw worker's answer")
        seen = js(designer, "window.atdRaw")
        assert seen == {
            "pycmd": "undefined",
            "qt": "undefined",
            "QWebChannel": "undefined",
            "document": "undefined",
            "importScripts": "NetworkError",
            "fetch": "TypeError",
            "serviceWorker": "absent",
        }, seen
        wait_until(lambda: js(designer, "window.atdDataWorker"), 5, "the data: worker")
        assert js(designer, "window.atdDataWorker") == "refused"
        assert "worker-src data" in js(designer, "window.atdViolations"), js(
            designer, "window.atdViolations"
        )
        pump(0.5)
        assert canary.hits == []
    finally:
        canary.close()


# -- side-bar panels (atd_panels) ------------------------------------------------------

MATH_TAB = "plugin-panel:mathjax_block.math-help"


def panel_body(dialog, key):
    return js(
        dialog,
        f"document.querySelector('[data-cvpanel={json.dumps(key)}] .js-plugin-panel-body')"
        "?.innerText ?? ''",
    )


def open_panel(dialog, key):
    js(dialog, f"document.querySelector('[data-cvtab={json.dumps(key)}]').click(); 0")


def click_panel_button(dialog, key, button):
    js(
        dialog,
        f"document.querySelector('[data-cvpanel={json.dumps(key)}] "
        f"[data-panel-button={json.dumps(button)}]').click(); 0",
    )


def formulas(text):
    return text.count("\\(") + text.count("\\[")


def test_a_plugin_panel_has_its_tab_and_shows_its_view_as_text(designer, artifacts):
    tabs = js(
        designer,
        "[...document.querySelectorAll('#visual .cv-tabs [role=tab]')].map(t => t.textContent)",
    )
    assert tabs[:2] == ["Blocks", "Layers"] and "Math help" in tabs, tabs
    assert "Hostile <b>tab</b>" in tabs, tabs  # a title is text, never markup
    js(designer, "document.querySelector('#tour [data-tour=skip]')?.click(); 0")
    open_panel(designer, MATH_TAB)
    wait_until(lambda: "Structures" in panel_body(designer, MATH_TAB), 5, "the Math help view")
    assert js(designer, "document.querySelector('#cv-blocks').hidden") is True
    assert (
        js(designer, f"document.querySelector('[data-cvtab=\"{MATH_TAB}\"]').ariaSelected")
        == "true"
    )
    count = formulas(front(designer))
    body = panel_body(designer, MATH_TAB)
    noun = "formula" if count == 1 else "formulas"
    assert f"Card 1, Front template: {count} {noun}." in body, body
    assert "\\frac{a}{b} — fraction" in body and "\\({{Front}}\\)" in body, body
    designer.resize(1366, 768)
    pump(0.5)
    designer.grab().save(str(artifacts / "js-plugin-panel.png"))
    js(designer, "atd.app.setNight(true); 0")
    pump(0.5)
    designer.grab().save(str(artifacts / "js-plugin-panel-night.png"))
    js(designer, "atd.app.setNight(false); 0")
    # Blocks shows its panel again (canvasToolbar.ts) and hides this one.
    js(designer, "document.querySelector('[data-cvtab=blocks]').click(); 0")
    assert js(designer, f"document.querySelector('[data-cvpanel=\"{MATH_TAB}\"]').hidden") is True
    assert js(designer, "document.querySelector('#cv-blocks').hidden") is False


def test_a_panel_button_round_trips_through_the_worker_and_the_draft_reaches_it(designer):
    open_panel(designer, MATH_TAB)
    wait_until(lambda: "• Structures" in panel_body(designer, MATH_TAB), 5, "the Math help view")
    click_panel_button(designer, MATH_TAB, "greek")
    wait_until(lambda: "• Greek" in panel_body(designer, MATH_TAB), 5, "the Greek snippets")
    assert "\\alpha \\beta" in panel_body(designer, MATH_TAB)
    assert "• Structures" not in panel_body(designer, MATH_TAB)
    # The draft changes (a formula dropped in): the shown panel is told and counts it.
    before = formulas(front(designer))
    edits = cv(designer, "cv.edits")
    cv(designer, "(cv.insertBlock('atd-plugin-mathjax_block.math-inline', null, 0), 0)")
    wait_edits(designer, edits + 1, "the math block")
    expected = f"{before + 1} {'formula' if before + 1 == 1 else 'formulas'}."
    wait_until(lambda: expected in panel_body(designer, MATH_TAB), 5, "the new count")
    # The round trip a click makes (page -> worker -> gate), measured on the real worker.
    timing = """(async () => { const w = atd.app.jsPlugins.workers.find(
        (x) => x.plugin.id === 'mathjax_block' && x.module === 'panel.js');
      const ctx = {notetype: 'n', cardType: 'c', side: 'front', template: '', fields: ['F'],
                   isCloze: false};
      const times = [];
      for (let i = 0; i < 30; i++) { const t = performance.now();
        await w.panel('math-help', {kind: 'context'}, ctx); times.push(performance.now() - t); }
      times.sort((a, b) => a - b); window.atdPanelTimes = times; })(); 0"""
    js(designer, timing)
    wait_until(lambda: js(designer, "!!window.atdPanelTimes"), 10, "the timed round trips")
    times = js(designer, "window.atdPanelTimes")
    print(f"panel round trip over 30: median {times[15]:.2f} ms, max {times[-1]:.2f} ms")
    # Another side: the panel reads that side's text.
    js(designer, "document.querySelector('[data-side=back]').click(); 0")
    wait_until(lambda: "Back template" in panel_body(designer, MATH_TAB), 5, "the back side")
    js(designer, "document.querySelector('[data-side=front]').click(); 0")
    wait_until(lambda: "Front template" in panel_body(designer, MATH_TAB), 5, "the front side")


def test_markup_in_a_panel_view_stays_text(designer):
    key = "plugin-panel:hostile-panel.hostile"
    open_panel(designer, key)
    wait_until(lambda: "fields Front,Back" in panel_body(designer, key), 5, "the hostile view")
    panel = f"document.querySelector('[data-cvpanel={json.dumps(key)}]')"
    assert js(designer, f"{panel}.querySelectorAll('img, script, b').length") == 0
    texts = js(
        designer, f"[...{panel}.querySelectorAll('h4, li, code, button')].map(e => e.textContent)"
    )
    assert texts.count(HOSTILE_TEXT) == 4, texts
    assert '<script>top.atdPwned = "list"</script>' in texts, texts
    assert "side front" in panel_body(designer, key)
    pump(0.5)
    assert js(designer, "window.atdPwned === undefined") is True


def test_a_refused_view_is_reported_in_its_panel(designer):
    key = "plugin-panel:hostile-panel.refused"
    open_panel(designer, key)
    wait_until(lambda: "refused" in panel_body(designer, key), 5, "the refusal")
    body = panel_body(designer, key)
    assert "unknown kind html" in body and "<b>bold</b>" not in body, body
    assert worker_states(designer)["hostile-panel"] == "ready"


def test_a_panel_that_loops_is_terminated_and_the_designer_keeps_working(designer):
    key = "plugin-panel:hostile-panel.hostile"
    open_panel(designer, key)
    wait_until(lambda: "fields Front,Back" in panel_body(designer, key), 5, "the hostile view")
    click_panel_button(designer, key, "loop")
    wait_until(lambda: worker_states(designer)["hostile-panel"] == "failed", 5, "the termination")
    failure = feature(designer, "f.workers.find(w => w.plugin.id === 'hostile-panel').failure")
    assert failure == "did not answer panel within 1000 ms; it was terminated", failure
    wait_until(lambda: "was stopped" in panel_body(designer, key), 5, "the panel's notice")
    assert "did not answer panel within 1000 ms" in problems_text(designer)
    # Another plugin's panel still answers, and the canvas still edits.
    open_panel(designer, MATH_TAB)
    click_panel_button(designer, MATH_TAB, "operators")
    wait_until(lambda: "• Relations" in panel_body(designer, MATH_TAB), 5, "Math help")
    edits = cv(designer, "cv.edits")
    cv(designer, "(cv.insertBlock('heading', null, 0), 0)")
    wait_edits(designer, edits + 1, "a block after the termination")


def test_in_a_narrow_window_a_panel_tab_takes_over_from_style(designer, artifacts):
    designer.resize(1024, 700)
    wait_until(lambda: js(designer, "matchMedia('(max-width: 820px)').matches"), 5, "narrow")
    pump(0.5)
    js(designer, "document.querySelector('[data-sidetab=style]').click(); 0")
    assert js(designer, "document.querySelector('.cv-right').getBoundingClientRect().width") > 0
    open_panel(designer, MATH_TAB)
    panel = f"document.querySelector('[data-cvpanel=\"{MATH_TAB}\"]')"
    wait_until(lambda: js(designer, f"{panel}.getBoundingClientRect().height") > 100, 5, "panel")
    assert js(designer, "document.querySelector('.cv-right').getBoundingClientRect().width") == 0
    style_selected = "document.querySelector('[data-sidetab=style]').getAttribute('aria-selected')"
    assert js(designer, style_selected) == "false"
    designer.grab().save(str(artifacts / "js-plugin-panel-narrow.png"))
    designer.resize(1366, 768)
    pump(0.5)
    js(designer, "document.querySelector('[data-cvtab=blocks]').click(); 0")
