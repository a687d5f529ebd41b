"""The built-in gallery: at least the eight designs the issue lists, each valid, free of
untrusted content, clean under the project's lints on a real collection (alone and with
every theme), readable in light and night mode, and fit for phone widths."""

import re

import pytest

from anki_template_designer.services.lint import Linter
from anki_template_designer.services.presets.apply import apply_preset
from anki_template_designer.services.presets.gallery import (
    GALLERY_DIR,
    load_gallery,
    shipped_gallery,
)
from anki_template_designer.services.presets.theme import (
    NIGHT_SELECTORS,
    STANDARD_VARS,
    theme_css,
    theme_from_css,
)
from anki_template_designer.services.presets.untrusted import scan_preset
from anki_template_designer.services.preview import PreviewRenderer
from anki_template_designer.services.templates import parse_css
from preset_helpers import notetype_for

GALLERY = shipped_gallery()
DESIGNS = [p for p in GALLERY if p.kind == "design"]
THEMES = [p for p in GALLERY if p.kind == "theme"]
SNIPPETS = [p for p in GALLERY if p.kind == "snippet"]
REQUIRED = {
    "Basic",
    "Basic and reversed",
    "Cloze",
    "Type-in answer",
    "Vocabulary",
    "Image card",
    "Minimal",
    "High contrast",
}


def test_the_gallery_has_the_required_designs():
    assert REQUIRED <= {p.name for p in DESIGNS}
    assert len(DESIGNS) >= 8 and THEMES and SNIPPETS
    assert all(p.builtin and p.id.startswith("builtin-") for p in GALLERY)
    assert len({p.name.casefold() for p in GALLERY}) == len(GALLERY)


def test_the_gallery_is_read_from_its_json_files_in_order():
    names = sorted(p.name for p in GALLERY_DIR.glob("*.json"))
    assert [p.id for p in load_gallery()] == ["builtin-" + n[3:-5] for n in names]


def test_a_broken_gallery_file_is_an_error(tmp_path):
    (tmp_path / "01-x.json").write_text('{"schema": 2}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"01-x\.json"):
        load_gallery(tmp_path)


@pytest.mark.parametrize("preset", GALLERY, ids=lambda p: p.id)
def test_no_untrusted_content(preset):
    assert scan_preset(preset) == []


@pytest.fixture
def linter(col):
    return Linter(PreviewRenderer(lambda: col))


def no_warnings(linter, draft):
    found = [(d.severity, d.code, d.message) for d in linter.check(draft)]
    return [f for f in found if f[0] != "info"]


@pytest.mark.parametrize("preset", DESIGNS, ids=lambda p: p.id)
def test_each_design_passes_the_lints_alone_and_with_every_theme(col, linter, preset):
    notetype = notetype_for(col, preset)
    result = apply_preset(preset, notetype)
    assert result.mapping.unmapped() == []
    assert no_warnings(linter, result.draft) == []
    for theme in THEMES:
        themed = apply_preset(theme, result.draft).draft
        assert no_warnings(linter, themed) == [], theme.name


@pytest.mark.parametrize("preset", SNIPPETS, ids=lambda p: p.id)
def test_each_snippet_passes_the_lints_on_a_stock_note_type(col, linter, preset):
    basic = col.models.by_name("Basic")
    for field in preset.fields:
        col.models.add_field(basic, col.models.new_field(field))
    col.models.update_dict(basic)
    basic = col.models.by_name("Basic")
    result = apply_preset(preset, basic)
    result.draft["tmpls"][0]["afmt"] += result.snippet
    assert no_warnings(linter, result.draft) == []


def hex_colour(value):
    value = value.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    assert re.fullmatch(r"[0-9a-fA-F]{6}", value), value
    return [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]


def luminance(value):
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in hex_colour(value))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def themes_of_gallery():
    for preset in GALLERY:
        if preset.kind == "design":
            yield (
                preset.id,
                theme_from_css(preset.design.css),
                7.0 if "high-contrast" in preset.id else 4.5,
            )
        elif preset.kind == "theme":
            yield preset.id, preset.theme, 4.5


@pytest.mark.parametrize(
    ("preset_id", "theme", "minimum"),
    list(themes_of_gallery()),
    ids=lambda x: x if isinstance(x, str) else "",
)
def test_text_is_readable_in_light_and_night_mode(preset_id, theme, minimum):
    """WCAG contrast of text, secondary text, accents and boxes against the background
    (7:1 for the high-contrast design, else 4.5:1), by day and by night."""
    assert set(STANDARD_VARS) <= set(theme.light), preset_id
    for mode, values in (("light", theme.light), ("night", {**theme.light, **theme.night})):
        background, surface = values["--atd-bg"], values["--atd-surface"]
        for name in ("--atd-fg", "--atd-muted", "--atd-accent", "--atd-good", "--atd-bad"):
            assert contrast(values[name], background) >= minimum, (mode, name)
        assert contrast(values["--atd-fg"], surface) >= minimum, (mode, "fg on surface")
        assert contrast(values["--atd-muted"], surface) >= 4.5, (mode, "muted on surface")
    night = theme.night
    assert luminance(night["--atd-bg"]) < 0.05 < luminance(theme.light["--atd-bg"]), preset_id


@pytest.mark.parametrize("preset", DESIGNS, ids=lambda p: p.id)
def test_each_design_has_night_rules_for_anki_night_classes(preset):
    css = preset.design.css
    theme = theme_from_css(css)
    block = theme_css(theme, preset.name)
    assert css.startswith(block)  # the theme block is exactly what themes generate
    night_rules = [r for r in parse_css(css).rules() if "nightMode" in r.selector]
    selectors = {" ".join(s.split()) for r in night_rules for s in r.selector.split(",")}
    assert set(NIGHT_SELECTORS) <= selectors
    declared = {d.property_name for r in night_rules for d in r.declarations()}
    # Anki colours body.nightMode itself; the night rule must set the card's colours again
    assert {"color", "background-color"} <= declared


def px(value):
    return [float(n) for n in re.findall(r"(?<![\w.-])(\d+(?:\.\d+)?)px", value)]


@pytest.mark.parametrize("preset", DESIGNS, ids=lambda p: p.id)
def test_each_design_fits_a_phone(preset):
    css = parse_css(preset.design.css)
    phone_rules = [
        n
        for n in css.walk()
        if n.type == "atRule" and n.name == "media" and "max-width" in n.selector
    ]
    assert phone_rules, "no rule for narrow screens"
    for node in css.walk():
        if node.type != "declaration":
            continue
        name = node.property_name.lower()
        if name in (
            "width",
            "min-width",
            "max-width",
            "margin-left",
            "margin-right",
            "padding-left",
            "padding-right",
        ):
            assert all(value <= 375 for value in px(node.value)), (name, node.value)
    assert any(
        "max-width" in d.property_name
        for r in css.rules()
        if "img" in r.selector
        for d in r.declarations()
    )
