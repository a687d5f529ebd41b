"""Template analytics on hand-made note types: exact counts, located findings."""

import pytest

from anki_template_designer.services.analytics.best_practice import best_practice_score
from anki_template_designer.services.analytics.selectors import (
    analyse_selector,
    split_selector_list,
)
from anki_template_designer.services.analytics.template_analytics import (
    analyse_notetype,
    collection_totals,
)
from anki_template_designer.services.lint.diagnostic import Diagnostic


def notetype(front, back="{{FrontSide}}", css="", fields=("Front", "Back"), name="T"):
    return {
        "name": name,
        "flds": [{"name": f} for f in fields],
        "css": css,
        "tmpls": [{"name": "Card 1", "qfmt": front, "afmt": back}],
    }


def codes(findings):
    return sorted(f.code for f in findings)


@pytest.mark.parametrize(
    ("selector", "specificity"),
    [
        ("*", (0, 0, 0)),
        ("div", (0, 0, 1)),
        (".card", (0, 1, 0)),
        ("#qa .card > b:hover::before", (1, 2, 2)),
        ("a[href]:not(#x, .y)", (1, 1, 1)),
        (":where(#x) .a", (0, 1, 0)),
        ("li:before", (0, 0, 2)),
        (".a\\.b", (0, 1, 0)),
    ],
)
def test_specificity_follows_selectors_level_4(selector, specificity):
    assert analyse_selector(selector).specificity == specificity


def test_selector_lists_split_only_on_top_level_commas():
    assert split_selector_list("a, b:is(c, d) , [x=','] ,") == ["a", "b:is(c, d)", "[x=',']"]


def test_component_usage_counts_what_the_parsed_tree_holds():
    analytics = analyse_notetype(
        notetype(
            '<!-- {{Hidden}} -->{{#Back}}<b class="x">{{text:Front}}</b>{{/Back}}'
            '<img src="pic.png"><img src="https://e.org/x.png"><script>var a=1;</script>'
            '<span onclick="f()">[sound:s.mp3]</span>',
        )
    )
    usage = analytics.usage.to_json()
    assert usage["fields"] == {"Front": 1, "FrontSide": 1}  # not the one in the comment
    assert usage["filters"] == {"text": 1}
    assert usage["sections"] == {"Back": 1}
    assert usage["scripts"] == 1 and usage["script_bytes"] == len("var a=1;")
    assert usage["inline_handlers"] == 1
    assert usage["media"] == {"pic.png": 1, "s.mp3": 1}


def test_css_complexity_counts_and_locates_each_finding():
    css = (
        ".card { color: black; }\n"
        ".nightMode .card { color: white; }\n"
        ".ghost, .x { font-size: 2em; font-size: 2em; }\n"
        "#a #b { margin: 0 !important; }\n"
        "@media (max-width: 1px) { .card { padding: 0; } }\n"
        ".card { color: black; }\n"
    )
    analytics = analyse_notetype(notetype('<b class="x" id="a"><i id=b>{{Front}}</i></b>', css=css))
    complexity = analytics.css
    assert (complexity.rules, complexity.selectors, complexity.declarations) == (6, 7, 7)
    assert complexity.important == 1
    assert complexity.max_specificity == (2, 0, 0)
    found = {(f.code, f.line) for f in complexity.findings}
    assert found == {
        ("css-unmatched-selector", 3),  # .ghost: only .x is in the template
        ("css-duplicate-declaration", 3),
        ("css-important", 4),
        ("css-high-specificity", 4),
        ("css-duplicate-selector", 6),  # not line 5: @media is another context
    }
    unmatched = next(f for f in complexity.findings if f.code == "css-unmatched-selector")
    assert ".ghost" in unmatched.message and unmatched.side == "css"


def test_classes_anki_adds_or_templates_build_are_never_unmatched():
    css = ".card1 .nightMode .cloze .typeGood #qa .mobile { color: red; } .tag-x { color: red; }"
    plain = analyse_notetype(notetype("{{Front}}", css=css))
    assert [f.message for f in plain.css.findings if f.code == "css-unmatched-selector"] == [
        "`.tag-x` matches nothing: no card template has an element with .tag-x"
    ]
    dynamic = analyse_notetype(notetype('<div class="{{Tags}}">{{Front}}</div>', css=css))
    assert not [f for f in dynamic.css.findings if f.code == "css-unmatched-selector"]
    scripted = analyse_notetype(notetype("<script>b.classList.add('tag-x')</script>", css=css))
    assert not [f for f in scripted.css.findings if f.code == "css-unmatched-selector"]


def test_unused_fields_and_score_with_reasons():
    analytics = analyse_notetype(
        notetype(
            "{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}", fields=("Front", "Back", "Notes")
        )
    )
    reasons = analytics.score.reasons
    unused = [r for r in reasons if r.code == "unused-field"]
    assert len(unused) == 1 and "“Notes”" in unused[0].message
    assert analytics.score.value == 100 - sum(
        {"error": 15, "warning": 5, "info": 1}[r.severity] for r in reasons
    )


def test_score_caps_one_repeated_habit_and_never_goes_below_zero():
    many = [Diagnostic("warning", "same", "m")] * 50
    assert best_practice_score(many).value == 85
    assert (
        best_practice_score([Diagnostic("error", f"code-{i}", "m") for i in range(20)]).value == 0
    )
    assert best_practice_score([]).value == 100


def test_collection_totals_add_the_note_types_up():
    first = analyse_notetype(notetype("{{Front}}", name="A"))
    second = analyse_notetype(notetype("{{Front}}{{Back}}", name="B"))
    totals = collection_totals([first, second])
    assert totals["notetypes"] == 2
    assert totals["usage"]["fields"] == {"Back": 1, "Front": 2, "FrontSide": 2}
    assert collection_totals([])["mean_score"] is None


def test_hostile_templates_do_not_break_the_analysis():
    hostile = "<b><i>{{#A}}</b></i>{{/B}}<script>{{x}}</script><" * 50
    analytics = analyse_notetype(notetype(hostile, css="}}}{{{ @media { .a { ;;; } :has(((( "))
    assert analytics.score.value >= 0
