"""Differential test: our Anki lexer predicts exactly what Anki's renderer does.

For random templates built from the characters that matter to Anki's syntax, a small
renderer written here *on top of our lexer* predicts the front side; Anki renders the same
template with a real note. Any disagreement about where tags, comments or sections are, or
which errors Anki reports, fails the test.
"""

import copy
import re

import pytest
from anki.collection import Collection
from hypothesis import given, settings
from hypothesis import strategies as st

from anki_template_designer.services.templates import find_syntax_error, lex_template
from anki_template_designer.services.templates.anki_syntax import (
    SPECIAL_FIELDS,
    AnkiComment,
    AnkiTag,
    AnkiText,
    SyntaxErrorCode,
    TagKind,
    is_cloze_conditional,
)

PIECES = [
    "{{", "}}", "{", "}", "#", "^", "/", ":", " ", "\n", "\t", "\u3000", "\x1c", "F", "G",
    "c1", "c2", "text", "Type", "FrontSide", "Nope", "<!--", "-->", "x", "é", "{{=<% %>=}}",
    "<%", "%>", "{{F}}", "{{#F}}", "{{/F}}", "{{^G}}", "{{/G}}", "{{#c1}}", "{{/c1}}",
]  # fmt: skip
FIELDS = {"F": "ff", "G": ""}
BLANK = "The front of this card is blank."


class Unknown(Exception):
    pass


def _tree(tokens):
    """Nested (tag, children) lists from a lexed template that has no syntax error."""
    root: list = []
    stack = [root]
    for token in tokens:
        if isinstance(token, AnkiTag) and token.opens_section:
            node = (token, [])
            stack[-1].append(node)
            stack.append(node[1])
        elif isinstance(token, AnkiTag) and token.kind is TagKind.CLOSE:
            stack.pop()
        else:
            stack[-1].append(token)
    return root


def predict(text, fields):
    """('error', code) | ('blank', text) | ('ok', text) for the question side."""
    lex = lex_template(text)
    error = find_syntax_error(lex.tags)
    if error is not None:
        return ("error", error.code.value)
    values = {**fields, "Type": "Diff", "Deck": "Default", "Subdeck": "Default"}
    values.update({"Card": "Card 1", "CardFlag": "flag0", "Tags": "", "c1": "1"})
    nonempty = {k for k, v in values.items() if v.strip()}
    out: list[str] = []
    state = {"renders": False}

    def render(nodes, sink, live):
        for node in nodes:
            if isinstance(node, AnkiText):
                sink.append(text[node.start : node.end])
            elif isinstance(node, AnkiComment):
                sink.append(text[node.start : node.end])
            elif isinstance(node, tuple):
                tag, children = node
                if tag.key not in values and not is_cloze_conditional(tag.key):
                    raise Unknown
                value = tag.key in nonempty
                shown = value if tag.kind is TagKind.OPEN else not value
                render(children, sink if shown else [], live and shown)
            elif isinstance(node, AnkiTag):
                if node.key == "FrontSide" or (not node.key and node.filters):
                    continue
                if node.key not in values:
                    raise Unknown
                if live and node.key in nonempty:
                    state["renders"] = True
                sink.append(values[node.key])
            # the {{=<% %>=}} directive renders as nothing

    tokens = list(lex.tokens)
    if lex.mode.value == "alt" and tokens and isinstance(tokens[0], AnkiText):
        tokens = tokens[1:]  # Anki drops the white space before the directive
    try:
        render(_tree(tokens), out, True)
    except Unknown:
        return ("error", "unknown-field")
    return ("ok" if state["renders"] else "blank", "".join(out))


def classify(question: str):
    if question.startswith("Front template has a problem"):
        if "no field called" in question:
            return ("error", "unknown-field")
        if "but expected" in question:
            return ("error", SyntaxErrorCode.WRONG_CLOSED.value)
        if "but missing" in question:
            return ("error", SyntaxErrorCode.NOT_OPEN.value)
        if "Missing" in question:
            return ("error", SyntaxErrorCode.NOT_CLOSED.value)
        return ("error", question)
    if BLANK in question:
        return (
            "blank",
            re.sub(r"<div>The front of this card is blank\..*$", "", question, flags=re.S),
        )
    return ("ok", question)


@pytest.fixture(scope="module")
def diff_col(tmp_path_factory):
    collection = Collection(str(tmp_path_factory.mktemp("differential") / "collection.anki2"))
    _add_notetype(collection)
    yield collection
    collection.close()


@settings(max_examples=400, deadline=None)
@given(template=st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_our_lexer_predicts_ankis_render(diff_col, template):
    notetype = diff_col.models.by_name("Diff")
    note = diff_col.new_note(notetype)
    for name, value in FIELDS.items():
        note[name] = value
    draft = copy.deepcopy(notetype)
    draft["tmpls"][0]["qfmt"] = template
    card = note.ephemeral_card(
        0, custom_note_type=draft, custom_template=draft["tmpls"][0], fill_empty=False
    )
    actual = classify(card.render_output().question_text)
    expected = predict(template, FIELDS)
    assert actual == expected, template


def _add_notetype(col):
    models = col.models
    notetype = models.new("Diff")
    for name in FIELDS:
        models.add_field(notetype, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"], template["afmt"] = "{{F}}", "{{G}}"
    models.add_template(notetype, template)
    models.add_dict(notetype)
    return models.by_name("Diff")


def test_special_fields_list_matches_anki():
    assert {
        "FrontSide",
        "Card",
        "CardFlag",
        "Deck",
        "Subdeck",
        "Tags",
        "Type",
        "CardID",
    } == SPECIAL_FIELDS
