"""Window sizes in a real Anki (issue #11): at 1366×768 and 1280×720 the canvas, the blocks
and the style panel are all on screen and their ends reachable by scrolling; below that
(1024×700, 800×600) the side panels become tabs beside the canvas and never disappear. The
first-run tour's callout never covers what it talks about. Judged by geometry (rectangles
inside the page, non-zero, not overlapping); screenshots go to test-artifacts/screenshots."""

import json

import pytest

from anki_harness import pump, wait_until
from canvas_driver import wait_canvas
from designer_driver import click, close, js, open_from_menu, open_notetype

WIDE = [(1920, 1080), (1366, 768), (1280, 720)]
NARROW = [(1024, 700), (800, 600)]

RECT = (
    "(sel) => { const e = document.querySelector(sel); if (!e) return null;"
    " const r = e.getBoundingClientRect();"
    " return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,"
    " width: r.width, height: r.height}; }"
)


def rect(dialog, selector):
    return js(dialog, f"({RECT})({json.dumps(selector)})")


def viewport(dialog):
    width, height = js(dialog, "[innerWidth, innerHeight]")
    return width, height


def assert_on_screen(dialog, selector, what, *, min_width=120, min_height=60):
    r = rect(dialog, selector)
    width, height = viewport(dialog)
    assert r is not None, f"{what} ({selector}) is missing"
    assert r["width"] >= min_width and r["height"] >= min_height, f"{what} is too small: {r}"
    assert r["left"] >= 0 and r["top"] >= 0, f"{what} starts off the page: {r}"
    assert r["right"] <= width + 0.5 and r["bottom"] <= height + 0.5, (
        f"{what} is cut off at the page's edge ({width}×{height}): {r}"
    )
    return r


def assert_end_reachable(dialog, scroller, last, what):
    """Scroll `scroller` to its end: the last `last` element is then inside the scroller and
    the page (so nothing is cut off below the panel's visible part)."""
    js(dialog, f"document.querySelector({json.dumps(scroller)}).scrollTop = 1e9; 0")
    pump(0.1)
    box = rect(dialog, scroller)
    item = js(
        dialog,
        f"(() => {{ const all = document.querySelectorAll({json.dumps(last)});"
        " if (!all.length) return null; const r = all[all.length - 1].getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, height: r.height}; })()",
    )
    assert item is not None and item["height"] > 0, f"{what}: {last} is not shown"
    assert item["bottom"] <= box["bottom"] + 1 and item["top"] >= box["top"] - 1, (
        f"{what}: the last item {item} is not reachable inside {box}"
    )
    js(dialog, f"document.querySelector({json.dumps(scroller)}).scrollTop = 0; 0")


def resize(dialog, size):
    dialog.resize(*size)
    wait_until(lambda: (dialog.width(), dialog.height()) == size, 5, f"the dialog at {size}")
    pump(0.6)


def assert_preview_on_screen(dialog):
    geometry = dialog.preview.geometry()
    assert geometry.width() >= 150 and geometry.height() >= 150, geometry
    assert dialog.rect().contains(geometry), (geometry, dialog.rect())


@pytest.fixture(scope="module")
def designer(mw):
    dialog = open_from_menu(mw)
    js(dialog, "document.getElementById('tour')?.querySelector('[data-tour=skip]')?.click(); 0")
    open_notetype(dialog, "Basic")
    wait_canvas(dialog)
    yield dialog
    dialog.dirty = False
    close(dialog)


@pytest.mark.parametrize("size", WIDE, ids=lambda s: f"{s[0]}x{s[1]}")
def test_wide_windows_show_canvas_blocks_and_style_side_by_side(designer, size, artifacts):
    resize(designer, size)
    canvas = assert_on_screen(designer, "#cv-canvas", "the canvas", min_width=300, min_height=250)
    blocks = assert_on_screen(designer, ".cv-left", "the blocks panel", min_height=100)
    assert rect(designer, "#cv-blocks")["height"] > 0
    style = assert_on_screen(designer, ".cv-right", "the style panel", min_width=180)
    assert blocks["right"] <= canvas["left"] + 1 and canvas["right"] <= style["left"] + 1
    assert not js(
        designer, "getComputedStyle(document.querySelector('[data-sidetab]')).display !== 'none'"
    )
    assert_end_reachable(designer, ".cv-left", "#cv-blocks .gjs-block", "blocks")
    assert_end_reachable(designer, ".cv-right", "#cv-styles .gjs-sm-sector", "style")
    assert_on_screen(designer, "#save", "Save", min_width=30, min_height=20)
    assert_on_screen(designer, "#diagnostics", "Problems", min_height=20)
    assert_preview_on_screen(designer)
    shots = artifacts / "screenshots"
    shots.mkdir(exist_ok=True)
    designer.grab().save(str(shots / f"basic-{size[0]}x{size[1]}.png"))


@pytest.mark.parametrize("size", NARROW, ids=lambda s: f"{s[0]}x{s[1]}")
def test_narrow_windows_turn_the_side_panels_into_tabs(designer, size, artifacts):
    resize(designer, size)
    canvas = assert_on_screen(designer, "#cv-canvas", "the canvas", min_width=200, min_height=200)
    tabs = {
        name: assert_on_screen(
            designer, f".cv-tabs [{attr}={name}]", f"the {name} tab", min_width=30, min_height=16
        )
        for attr, name in (
            ("data-cvtab", "blocks"),
            ("data-cvtab", "layers"),
            ("data-sidetab", "style"),
        )
    }
    assert all(t["left"] >= canvas["right"] - 1 for t in tabs.values()), "tabs beside the canvas"
    click(designer, ".cv-tabs [data-cvtab=blocks]")
    blocks = assert_on_screen(
        designer, ".cv-left", "the blocks panel", min_width=150, min_height=100
    )
    assert rect(designer, "#cv-blocks")["height"] > 100
    assert blocks["left"] >= canvas["right"] - 1
    assert rect(designer, ".cv-right")["width"] == 0, "one panel at a time"
    assert_end_reachable(designer, ".cv-left", "#cv-blocks .gjs-block", "blocks")
    click(designer, ".cv-tabs [data-sidetab=style]")
    style = assert_on_screen(
        designer, ".cv-right", "the style panel", min_width=150, min_height=100
    )
    assert style["left"] >= canvas["right"] - 1
    assert rect(designer, "#cv-blocks")["height"] == 0
    assert (
        js(designer, "document.querySelector('[data-sidetab=style]').getAttribute('aria-selected')")
        == "true"
    )
    assert (
        js(designer, "document.querySelector('[data-cvtab=blocks]').getAttribute('aria-selected')")
        == "false"
    )
    assert_end_reachable(designer, ".cv-right", "#cv-styles .gjs-sm-sector", "style")
    shots = artifacts / "screenshots"
    shots.mkdir(exist_ok=True)
    designer.grab().save(str(shots / f"basic-{size[0]}x{size[1]}-style-tab.png"))
    click(designer, ".cv-tabs [data-cvtab=layers]")
    assert_on_screen(designer, ".cv-left", "the layers panel", min_width=150, min_height=60)
    assert rect(designer, "#cv-layers")["height"] > 0
    assert rect(designer, ".cv-right")["width"] == 0
    assert_preview_on_screen(designer)
    # widening again shows both panels, the left one on its own tab
    resize(designer, (1366, 768))
    assert_on_screen(designer, ".cv-right", "the style panel", min_width=180)
    assert rect(designer, "#cv-layers")["height"] > 0
    click(designer, ".cv-tabs [data-cvtab=blocks]")


def tour_step_geometry(dialog):
    return js(
        dialog,
        f"(() => {{ const r = ({RECT}); const t = document.querySelector('.tour-target');"
        " return {title: document.querySelector('#tour h2').textContent,"
        " box: r('#tour'), target: t ? r('.tour-target') : null}; })()",
    )


def overlaps(a, b):
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


@pytest.mark.parametrize(
    "size", [(1366, 768), (1920, 1080), (800, 600)], ids=lambda s: f"{s[0]}x{s[1]}"
)
def test_the_tour_never_covers_what_it_talks_about(designer, size, artifacts):
    resize(designer, size)
    js(designer, "atd.app.presets.tour.start(); 0")
    wait_until(lambda: js(designer, "!!document.getElementById('tour')"), 10, "the tour")
    width, height = viewport(designer)
    titles = []
    try:
        for step in range(5):
            pump(0.3)
            seen = tour_step_geometry(designer)
            titles.append(seen["title"])
            box, target = seen["box"], seen["target"]
            assert target is not None and target["width"] > 0, f"step {step}: no target shown"
            assert not overlaps(box, target), f"{seen['title']}: the callout {box} covers {target}"
            assert box["left"] >= 0 and box["top"] >= 0, f"{seen['title']}: {box}"
            assert box["right"] <= width and box["bottom"] <= height, f"{seen['title']}: {box}"
            if step == 0 and size[0] >= 1366:  # 800×600 has no room beside the canvas
                toolbar = rect(designer, ".cv-toolbar")
                assert not overlaps(box, toolbar), f"the callout {box} covers the canvas toolbar"
            if step in (0, 2):
                designer.grab().save(
                    str(artifacts / "screenshots" / f"tour-{size[0]}x{size[1]}-step{step + 1}.png")
                )
            if step < 4:
                click(designer, "#tour [data-tour=next]")
    finally:
        js(designer, "document.querySelector('#tour [data-tour=skip]')?.click(); 0")
    assert titles == ["The canvas", "Blocks", "Properties and style", "Preview", "Save"]


def test_in_code_view_the_tour_keeps_off_the_toolbars_and_the_first_lines(designer):
    resize(designer, (1366, 768))
    click(designer, "[data-mode=code]")
    try:
        wait_until(lambda: rect(designer, ".CodeMirror-line") is not None, 10, "the code view")
        js(designer, "atd.app.presets.tour.start(); 0")
        wait_until(lambda: js(designer, "!!document.getElementById('tour')"), 10, "the tour")
        pump(0.3)
        box = rect(designer, "#tour")
        width, height = viewport(designer)
        assert box["right"] <= width and box["bottom"] <= height
        lines = js(
            designer,
            "[...document.querySelectorAll('.CodeMirror-line')].slice(0, 3).map(l => {"
            " const r = l.getBoundingClientRect(); return {left: r.left, top: r.top,"
            " right: r.right, bottom: r.bottom}; })",
        )
        for covered in [
            *lines,
            *(rect(designer, s) for s in (".toolbar", ".preview-bar", ".tabs")),
        ]:
            assert not overlaps(box, covered), f"the callout {box} covers {covered}"
    finally:
        js(designer, "document.querySelector('#tour [data-tour=skip]')?.click(); 0")
        click(designer, "[data-mode=visual]")
        wait_canvas(designer)
