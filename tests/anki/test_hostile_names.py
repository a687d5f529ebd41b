"""Names from a template reach the designer page as text, never as markup (issue #10 §1).

GrapesJS writes component names (the hover/selection badge, Layers) and trait options
(field and filter selects) into the designer page as HTML. Every name here is hostile:
markup with handlers, a `srcdoc` frame loading a media file as script, quotes and
`</script>`. The user hovers, selects, opens Layers and Properties; nothing may run, no
frame may appear, and no bridge message may come from template content. Then the second
wall: even markup injected straight into the page cannot run a collection media file,
because the page's CSP names its own bundle by hash.
"""

import json

import pytest

from anki_harness import pump, wait_until
from canvas_driver import components, cv, move_mouse, select, wait_canvas, web_point
from designer_driver import click, close, js, open_from_menu, open_notetype

IMG = "<img src=x onerror=top.atdPwned='img-name'>"
FRAME = "<iframe srcdoc='<script src=/_x.js></script>'></iframe>"
SCRIPT_CLOSE = "</script><script>top.atdPwned='script-close'</script>"
NOTETYPE = f"Hostile names {IMG}"
CANARY_CALL = (
    "parent.pycmd && parent.pycmd('atd:' + JSON.stringify({v: 1, id: 4242, method: "
    "'log.clientError', params: {kind: 'console', message: 'PWNED by media'}}));"
)

# Anything in the designer page that could run or load: only our own bundle and the
# canvas frame may be there.
PAGE_AUDIT = """(() => {
  const all = [...document.querySelectorAll('*')];
  const canvasFrame = atd.app.editor?.canvas?.editor?.Canvas.getFrameEl();
  return {
    pwned: window.atdPwned === undefined ? null : String(window.atdPwned),
    frames: [...document.querySelectorAll('iframe, frame, object, embed')]
      .filter(e => e !== canvasFrame).map(e => [e.outerHTML.slice(0, 200), e.parentElement?.parentElement?.parentElement?.outerHTML.slice(0, 300), document.querySelectorAll('iframe').length, e.contentDocument?.body?.innerHTML.slice(0, 200)]),
    scripts: [...document.querySelectorAll('script')].map(s => s.getAttribute('src')),
    handlers: all.filter(e => [...e.attributes].some(a => a.name.startsWith('on')))
      .map(e => e.outerHTML.slice(0, 200)),
    images: [...document.querySelectorAll('img')].map(i => i.getAttribute('src')),
  };
})()"""


def audit(dialog):
    result = js(dialog, PAGE_AUDIT)
    assert result["pwned"] is None, result
    assert result["frames"] == [], result
    assert result["scripts"] == ["designer.js"], result
    assert result["handlers"] == [], result
    assert "x" not in result["images"], result
    return result


@pytest.fixture
def hostile_names(mw):
    models = mw.col.models
    for old in [n for n in models.all_names_and_ids() if n.name.startswith("Hostile names")]:
        models.remove(old.id)
    notetype = models.new(NOTETYPE)
    for name in (f"A {IMG}", f"B {FRAME}", "Plain"):
        models.add_field(notetype, models.new_field(name))
    template = models.new_template(f"Card {IMG}")
    template["qfmt"] = "{{Plain}}"
    template["afmt"] = "{{FrontSide}}"
    models.add_template(notetype, template)
    models.add_dict(notetype)
    saved = next(models.get(n.id) for n in models.all_names_and_ids() if n.name == NOTETYPE)
    field_a, field_b = (f["name"] for f in saved["flds"][:2])  # as Anki normalised them
    saved["tmpls"][0]["qfmt"] = "\n".join(
        [
            f'<div id="{IMG}" class="c1 {FRAME}" title="{SCRIPT_CLOSE}">{{{{{field_a}}}}}</div>',
            f"{{{{#{field_b}}}}}<p>{{{{{IMG}:{field_a}}}}}</p>{{{{/{field_b}}}}}",
            f"{{{{^{field_b}}}}}<section class='{SCRIPT_CLOSE}'>empty</section>{{{{/{field_b}}}}}",
            f'<span class="{IMG}">{{{{Plain}}}}</span>',
        ]
    )
    saved["css"] = (
        f".card {{ font-family: '{IMG}', serif; }}\n"
        f".c1 {{ box-shadow: 0 0 2px red, {IMG}; color: red; }}\n"
        f".nightMode .c1 {{ box-shadow: 1px 1px {FRAME}; }}\n"
    )
    models.update_dict(saved)
    note = mw.col.new_note(models.get(saved["id"]))
    note[field_a] = "alpha"
    note[field_b] = "beta"
    note["Plain"] = "plain"
    mw.col.add_note(note, mw.col.decks.id("Default"))
    mw.col.media.write_data("_x.js", f"top.atdPwned = 'media script'; {CANARY_CALL}".encode())
    return {"field_a": field_a, "field_b": field_b}


def record_bridge(dialog):
    """Every bridge message the page sends from now on (method names and raw text)."""
    seen: list[str] = []
    original = dialog.dispatcher.handle

    def recording(raw):
        seen.append(raw)
        return original(raw)

    dialog.dispatcher.handle = recording
    return seen


def test_hostile_names_are_text_in_badge_layers_and_properties(
    mw, hostile_names, addon_log, artifacts
):
    dialog = open_from_menu(mw)
    seen = record_bridge(dialog)
    open_notetype(dialog, NOTETYPE)
    wait_canvas(dialog)
    audit(dialog)
    # The note type and card type names are text in the sidebar, title and tabs.
    assert js(dialog, "document.getElementById('notetype-title').textContent").startswith(NOTETYPE)
    # Hover every element with the real mouse: GrapesJS draws its badge for each.
    target = dialog.web.focusProxy() or dialog.web
    for selector in ("div", "p", "span", "section"):
        if cv(dialog, f"!!cv.editor.Canvas.getDocument().querySelector('{selector}')"):
            move_mouse(target, web_point(dialog, selector))
            pump(0.15)
            audit(dialog)
    # Select every component (badge, toolbar, Properties with the field/filter selects).
    for component in components(dialog):
        select(dialog, component["id"])
        cv(dialog, "(cv.editor.getModel().setHovered(cv.editor.getSelected()), 0)")
        pump(0.05)
        audit(dialog)
    # The selected div's badge and layer names show the exact characters as text; its
    # rule's hostile values load into the Style panel (open every sector).
    div = next(c for c in components(dialog) if c["tag"] == "div")
    select(dialog, div["id"])
    cv(dialog, "(cv.editor.getModel().setHovered(cv.editor.getSelected()), 0)")
    js(
        dialog,
        "(document.querySelectorAll('#cv-styles .gjs-sm-sector-title').forEach(t => t.click()), 0)",
    )
    pump(0.3)
    audit(dialog)
    badge = js(dialog, "document.querySelector('.gjs-badge__name')?.textContent || ''")
    assert IMG in badge, badge
    # A field component's Field select lists the hostile field names as text options.
    field = next(c for c in components(dialog) if c["type"] == "atd-field")
    select(dialog, field["id"])
    options = js(dialog, "[...document.querySelectorAll('#cv-traits option')].map(o => o.text)")
    assert hostile_names["field_a"] in options and hostile_names["field_b"] in options, options
    filters = js(dialog, "[...document.querySelectorAll('#cv-traits select')].map(s => s.value)")
    assert hostile_names["field_a"] in filters, filters
    # Layers: every name as text.
    click(dialog, "[data-cvtab=layers]")
    wait_until(
        lambda: IMG in (js(dialog, "document.getElementById('cv-layers').textContent") or ""),
        10,
        "the layer tree with the hostile names as text",
    )
    js(
        dialog,
        "([...document.querySelectorAll('#cv-layers [data-toggle-select]')]"
        ".forEach(e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))), 0)",
    )
    pump(0.3)
    audit(dialog)
    # Problems: an unknown field named with markup is listed as text.
    js(
        dialog,
        f"atd.app.session.setText(atd.app.session.text + {json.dumps('{{' + IMG + '}}')}); 0",
    )
    wait_until(
        lambda: IMG in (js(dialog, "document.getElementById('diagnostics').textContent") or ""),
        15,
        "the unknown field in Problems, as text",
    )
    audit(dialog)
    dialog.grab().save(str(artifacts / "hostile-names.png"))
    pump(0.5)
    audit(dialog)
    log = addon_log.read_text(encoding="utf-8")
    assert "PWNED" not in log
    assert seen, "the page talked to Python while the names were shown"
    assert not [raw for raw in seen if "PWNED" in raw or '"id":4242' in raw.replace(" ", "")]
    dialog.dirty = False  # the unknown field was a probe: nothing to save
    close(dialog)


def test_markup_injected_into_the_page_cannot_run_a_media_file(mw, hostile_names, addon_log):
    """The second wall: if markup ever did reach the page, its CSP lets only our bundle run:
    not a collection media file (same origin as the page), not an inline handler, not a
    script inside a srcdoc frame, not a worker."""
    dialog = open_from_menu(mw)
    seen = record_bridge(dialog)
    js(
        dialog,
        """(() => {
          window.atdViolations = [];
          document.addEventListener('securitypolicyviolation',
            e => window.atdViolations.push(e.violatedDirective + ' ' + e.blockedURI));
          const host = document.createElement('div');
          host.id = 'atd-injected';
          document.body.append(host);
          host.innerHTML = `<img src=x onerror="top.atdPwned='handler'">`
            + `<iframe srcdoc="<script src=/_x.js></script><script>parent.atdPwned='srcdoc'</script>"></iframe>`
            + `<object data="/_x.js"></object><embed src="/_x.js">`;
          const script = document.createElement('script');
          script.src = '/_x.js';
          document.head.append(script);
          const inline = document.createElement('script');
          inline.textContent = "top.atdPwned = 'inline'";
          document.head.append(inline);
          try { new Worker('/_x.js'); } catch (e) { window.atdViolations.push('worker ' + e.name); }
          return 0;
        })()""",
    )
    wait_until(
        lambda: len(js(dialog, "window.atdViolations") or []) >= 4,
        10,
        "the CSP to refuse the injected scripts",
    )
    pump(1.0)
    violations = js(dialog, "window.atdViolations")
    assert js(dialog, "window.atdPwned === undefined") is True, js(
        dialog, "String(window.atdPwned)"
    )
    assert any(v.startswith("script-src") and v.endswith("/_x.js") for v in violations), violations
    assert any(v.startswith("script-src") and "inline" in v for v in violations), violations
    assert not [raw for raw in seen if "PWNED" in raw or '"id":4242' in raw.replace(" ", "")]
    assert "PWNED" not in addon_log.read_text(encoding="utf-8")
    js(dialog, "document.getElementById('atd-injected').remove(); 0")
    close(dialog)
