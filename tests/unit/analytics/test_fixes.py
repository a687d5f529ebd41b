"""One-click fixes: each offered only for its finding at its place, each changing one
span of the note type and nothing else, each making its own finding go away, and none
applying when the note type changed since (a stale or forged action)."""

import pytest

from anki_template_designer.services.analytics.fixes import FixRefused, apply_fix
from anki_template_designer.services.analytics.fixes.night_mode import night_selector
from anki_template_designer.services.analytics.template_analytics import (
    analyse_notetype,
    fix_action,
)

SCRIPT = "var deck = [" + ",".join(f'"item {i}"' for i in range(2500)) + "];\n"


def notetype(css="", front="{{Front}}", back="{{Back}}"):
    return {"id": 7, "name": "T", "css": css, "flds": [{"name": "Front"}, {"name": "Back"}],
            "tmpls": [{"name": "Card 1", "qfmt": front, "afmt": back}]}  # fmt: skip


def actions(nt):
    analysis = analyse_notetype(nt)
    found = {}
    for reason in analysis.score.reasons:
        action = fix_action(analysis, reason)
        if action is not None:
            found[reason.code] = action
    return found


class Media:
    def __init__(self):
        self.files = {}

    def __call__(self, name, data):
        self.files[name] = data
        return name


def fixed(nt, code):
    action = actions(nt)[code]
    result = apply_fix(nt, action["id"], Media())
    return result, action


def one_change(old, new, change):
    """`new` is `old` with `change` inserted at one place, or (a replacement) with one
    span replaced by `change`; nothing else differs."""
    for at in range(len(new) - len(change) + 1):
        if new[at : at + len(change)] != change or not old.startswith(new[:at]):
            continue
        rest = new[at + len(change) :]
        if old.endswith(rest) and len(new[:at]) + len(rest) <= len(old):
            return True
    return False


@pytest.mark.parametrize(
    "css, inserted",
    [
        (".a { user-select: none; }", "-webkit-user-select: none; "),
        (".a {\n    color: red;\n    user-select: text !important;\n}",
         "-webkit-user-select: text !important;\n    "),
        (".glass { backdrop-filter: blur(4px) }", "-webkit-backdrop-filter: blur(4px); "),
    ],
)  # fmt: skip
def test_a_prefixed_fallback_goes_before_the_declaration_in_its_style(css, inserted):
    nt = notetype(css)
    result, action = fixed(nt, "compat-web-feature")
    assert action["label"].startswith("Add -webkit-")
    assert one_change(css, result.notetype["css"], inserted)
    assert "compat-web-feature" not in actions(result.notetype)
    assert result.notetype["tmpls"] == nt["tmpls"]


def test_no_prefixed_fix_where_the_prefix_alone_would_not_work():
    assert "compat-web-feature" not in actions(notetype(".a { line-clamp: 2; }"))
    assert "compat-web-feature" not in actions(notetype(".a:has(img) { color: red; }"))


def test_the_stock_card_rule_and_night_aware_styling_need_no_night_mode_fix():
    stock = ".card {\n font-family: arial;\n color: black;\n background-color: white;\n}\n"
    assert "colour-without-night-mode" not in actions(notetype(stock))
    aware = ".box { color: #222; }\n.nightMode .box { color: #eee; }"
    assert "colour-without-night-mode" not in actions(notetype(aware))
    unknown = ".box { color: var(--ink); background: linear-gradient(white, #eee); }"
    assert "colour-without-night-mode" not in actions(notetype(unknown))


def test_night_mode_rules_are_added_for_dark_text_and_light_boxes():
    css = (
        ".card { color: black; }\n.front { color: #333 }\n"
        ".card .box, aside { background: #fffdf5; }\n"
    )
    nt = notetype(css)
    result, _ = fixed(nt, "colour-without-night-mode")
    assert result.notetype["css"].startswith(css)
    added = result.notetype["css"][len(css) :]
    assert ".nightMode .front, .night_mode .front {\n  color: var(--fg, #e8e8e8);\n}" in added
    assert (
        ".card.nightMode .box, .card.night_mode .box, .nightMode aside, .night_mode aside {"
        in added
    )
    assert "background-color: var(--canvas-elevated, #3a3a3c);" in added
    assert ".card.nightMode {" not in added  # Anki recolours the body itself
    assert "colour-without-night-mode" not in actions(result.notetype)


@pytest.mark.parametrize(
    "part, night",
    [(".card", ".card.nightMode"), ("body.x p", "body.nightMode.x p"),
     (".card > .a", ".card.nightMode > .a"), ("div.box", ".nightMode div.box"),
     (".card::before", ".card.nightMode::before"),
     ("#qa .q", ".nightMode #qa .q")],
)  # fmt: skip
def test_the_night_mode_class_goes_on_the_body(part, night):
    assert night_selector(part, "nightMode") == night


@pytest.mark.parametrize(
    "css, change",
    [("img { max-width: none; }", "100%"), (".card img { max-width: unset !important }", "100%"),
     ("#x img.big { max-width: 900px }", "100%")],
)  # fmt: skip
def test_styling_that_lifts_the_image_cap_gets_it_back(css, change):
    nt = notetype(css, front="<img src=a.png>")
    assert "image-without-max-width" not in actions(nt)  # the rule has a max-width
    result, _ = fixed(nt, "image-uncapped")
    assert one_change(css, result.notetype["css"], change)
    assert "image-uncapped" not in actions(result.notetype)


@pytest.mark.parametrize(
    "css",
    ["img { max-width: 400px; }", "#io img { position: absolute; max-width: unset; }",
     "img { max-width: none; height: 600px; }"],
)  # fmt: skip
def test_image_rules_that_are_fine_or_not_ours_to_touch(css):
    assert "image-uncapped" not in actions(notetype(css))


def test_images_without_any_limit_get_one_appended():
    css = ".card { color: black; }"
    nt = notetype(css, front='{{Front}}<img src="_diagram.png">')
    result, action = fixed(nt, "image-without-max-width")
    assert action["label"] == "Add an image size limit"
    assert result.notetype["css"] == css + "\nimg { max-width: 100%; height: auto; }\n"
    assert "image-without-max-width" not in actions(result.notetype)


def test_the_night_mode_lint_offers_no_fix_for_colours_it_cannot_judge():
    # Flagged (a hard-coded colour, no night rules) but a mid-tone: no safe fix.
    nt = notetype(".tag { color: #c05000; }")
    assert "colour-without-night-mode" in {r.code for r in analyse_notetype(nt).score.reasons}
    assert "colour-without-night-mode" not in actions(nt)


def test_a_large_inline_script_moves_to_a_media_file_and_the_rest_stays():
    front = (
        f'<div>{{{{Front}}}}</div>\n<script type="text/javascript">{SCRIPT}</script>\n<!-- mine -->'
    )
    nt = notetype(front=front)
    action = actions(nt)["inline-script-large"]
    media = Media()
    result = apply_fix(nt, action["id"], media)
    [(name, data)] = media.files.items()
    assert name.startswith("_atd-") and name.endswith(".js") and data == SCRIPT.encode()
    assert result.media == (name,)
    assert result.notetype["tmpls"][0]["qfmt"] == (
        f'<div>{{{{Front}}}}</div>\n<script type="text/javascript" src="{name}"></script>'
        "\n<!-- mine -->"
    )
    assert result.notetype["tmpls"][0]["afmt"] == nt["tmpls"][0]["afmt"]
    assert "inline-script-large" not in actions(result.notetype)


@pytest.mark.parametrize(
    "script",
    [f"<script>var f = '{{{{Front}}}}'; {SCRIPT}</script>",  # filled in per card
     f'<script src="_lib.js">{SCRIPT}</script>',
     f'<script type="text/x-template">{SCRIPT}</script>',
     "<script>var small = 1;</script>"],
)  # fmt: skip
def test_scripts_that_cannot_or_need_not_move_are_not_offered(script):
    assert "inline-script-large" not in actions(notetype(front=script))


def test_a_stale_or_forged_action_changes_nothing():
    nt = notetype("img { max-width: none; }")
    action = actions(nt)["image-uncapped"]
    edited = notetype("/* moved */\nimg { max-width: none; }")
    with pytest.raises(FixRefused, match="no longer applies"):
        apply_fix(edited, action["id"], Media())
    with pytest.raises(FixRefused):
        apply_fix(nt, "compat-web-feature@/css/1:7", Media())  # a finding without a fix there
    assert nt["css"] == "img { max-width: none; }"


def test_recommendations_carry_the_action_and_keep_the_advice():
    from anki_template_designer.services.analytics.report import _recommendations

    analysis = analyse_notetype(notetype("img { max-width: none; }\n.a { color: #000; }"))
    assert analysis.score.reasons  # advice without an action stays a recommendation too
    items = _recommendations(analysis, [])
    by_action = {i["action"]["label"]: i for i in items if i["action"]}
    assert set(by_action) == {"Cap images at the card's width", "Add night-mode rules"}
    assert all(i["fix"] for i in items)
