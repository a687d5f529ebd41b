"""JS plugins in a real Anki: plugin folders in the profile's user_files/plugins/ when the
profile opens, their modules run in Web Workers of the real designer page (QtWebEngine),
their blocks in the Blocks panel, a drop inserting the cleaned content, MathJax rendered
by the preview; hostile workers terminated, refused and cleaned while the designer works."""

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
from atd_sdk import CanvasBlock, hookimpl

@hookimpl
def atd_canvas_blocks(context):
    return [CanvasBlock(i, label, {module!r}, "Hostile") for i, label in {blocks!r}]
"""

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
}


def write_hostile(root, plugin_id, permissions, module, blocks, source):
    folder = root / plugin_id
    folder.mkdir()
    manifest = {"id": plugin_id, "name": f"Hostile {plugin_id}", "version": "1.0"}
    manifest.update({"sdk": ">=0.1,<1", "permissions": permissions})
    (folder / "plugin.json").write_text(json.dumps(manifest))
    (folder / "plugin.py").write_text(PLUGIN_PY.format(module=module, blocks=blocks))
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
              const d = new Worker("data:text/javascript,postMessage(1)");
              d.onmessage = () => (window.atdDataWorker = "ran");
              d.onerror = () => (window.atdDataWorker = "refused");
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
