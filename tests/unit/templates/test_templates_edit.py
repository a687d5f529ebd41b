"""Edits replace exactly the spans they name, and the result is parsed again."""

import pytest

from anki_template_designer.services.templates import (
    Edit,
    EditError,
    ElementNode,
    apply_edits,
    delete_node,
    insert_after,
    insert_before,
    parse_template,
    remove_attribute,
    rename_field,
    rename_field_everywhere,
    replace_node,
    serialize,
    set_attribute,
    set_filters,
)

TEMPLATE = (
    '<div class="card {{Tags}}" style="display:none" onclick="reveal()">\n'
    "  {{#Back}}<b>{{hint:Back}}</b>{{/Back}}\n"
    "  <script>if (x) { {{#Back}}show('{{Back}}');{{/Back}} }</script>\n"
    "</div>\n<!-- {{Back}} -->"
)


def doc():
    return parse_template(TEMPLATE)


def test_replacing_a_node_changes_only_its_slice():
    document = doc()
    bold = document.node("0.1.0")
    assert bold.raw == "<b>{{hint:Back}}</b>"
    edited = apply_edits(document, [replace_node(bold.id, "<i>new</i>")])
    assert edited.source == TEMPLATE.replace("<b>{{hint:Back}}</b>", "<i>new</i>")
    assert serialize(edited) == edited.source


def test_field_key_and_filters_edits():
    document = doc()
    field = document.node("0.1.0.0")
    assert field.raw == "{{hint:Back}}"
    edited = apply_edits(document, [*rename_field(document, field.id, "Extra")])
    assert "{{hint:Extra}}" in edited.source
    edited = apply_edits(document, [set_filters(document, field.id, ["text", "hint"])])
    assert "{{text:hint:Back}}" in edited.source
    edited = apply_edits(document, [set_filters(document, field.id, [])])
    assert "<b>{{Back}}</b>" in edited.source


def test_renaming_a_section_renames_both_tags():
    document = doc()
    edited = apply_edits(document, rename_field(document, "0.1", "Extra"))
    assert "{{#Extra}}<b>{{hint:Back}}</b>{{/Extra}}" in edited.source


def test_rename_everywhere_reaches_attributes_and_scripts_but_not_anki_comments():
    document = doc()
    edited = apply_edits(document, rename_field_everywhere(document, "Back", "Answer"))
    assert edited.source == (
        TEMPLATE.replace("{{#Back}}", "{{#Answer}}")
        .replace("{{/Back}}", "{{/Answer}}")
        .replace("{{hint:Back}}", "{{hint:Answer}}")
        .replace("'{{Back}}'", "'{{Answer}}'")
    )
    assert edited.source.endswith("<!-- {{Back}} -->")


def test_attribute_edits_keep_everything_else():
    document = doc()
    div = document.children[0]
    assert isinstance(div, ElementNode)
    edited = apply_edits(document, [set_attribute(document, div.id, "style", "display:block")])
    assert edited.source == TEMPLATE.replace("display:none", "display:block")
    edited = apply_edits(document, [set_attribute(document, div.id, "data-x", 'say "hi"')])
    assert edited.source == TEMPLATE.replace(
        'onclick="reveal()">', 'onclick="reveal()" data-x=\'say "hi"\'>'
    )
    edited = apply_edits(document, [remove_attribute(document, div.id, "style")])
    assert edited.source == TEMPLATE.replace(' style="display:none"', "")
    assert remove_attribute(document, div.id, "missing") is None
    value = div.attribute("class")
    assert (
        value is not None
        and document.span_of(f"{value.id}#value").slice(TEMPLATE) == "card {{Tags}}"
    )


def test_set_attribute_on_unquoted_and_bare_attributes():
    document = parse_template("<hr id=answer><input checked>")
    hr, inp = document.children
    edited = apply_edits(document, [set_attribute(document, hr.id, "id", "two words")])
    assert edited.source == '<hr id="two words"><input checked>'
    edited = apply_edits(document, [set_attribute(document, inp.id, "checked", "checked")])
    assert edited.source == '<hr id=answer><input checked="checked">'


def test_insert_and_delete():
    document = parse_template("<p>a</p><p>b</p>")
    first, second = document.children
    edited = apply_edits(document, [insert_before(second.id, "<hr>"), insert_after(second.id, "!")])
    assert edited.source == "<p>a</p><hr><p>b</p>!"
    assert apply_edits(document, [delete_node(first.id)]).source == "<p>b</p>"
    assert (
        apply_edits(document, [Edit(f"{first.id}#children", "{{F}}")]).source
        == "<p>{{F}}</p><p>b</p>"
    )


def test_several_edits_refer_to_the_original_spans():
    document = parse_template("{{A}} {{B}} {{C}}")
    a, _, b, _, c = document.children
    edited = apply_edits(
        document, [Edit(c.id, "{{Cee}}"), Edit(a.id, "{{Ay}}"), Edit(f"{b.id}#key", "Bee")]
    )
    assert edited.source == "{{Ay}} {{Bee}} {{Cee}}"


def test_broken_structure_is_allowed_and_still_round_trips():
    document = parse_template("<div>{{#F}}x{{/F}}</div>")
    edited = apply_edits(document, [Edit("0.0.close", "")])
    assert edited.source == "<div>{{#F}}x</div>"
    assert serialize(edited) == edited.source
    assert edited.syntax_error is not None


def test_bad_edits_raise_edit_error():
    document = parse_template("<p>a</p>")
    with pytest.raises(EditError, match="no node"):
        apply_edits(document, [Edit("7", "")])
    with pytest.raises(EditError, match="no part"):
        apply_edits(document, [Edit("0#key", "")])
    with pytest.raises(EditError, match="overlap"):
        apply_edits(document, [Edit("0", ""), Edit("0.0", "x")])
    with pytest.raises(EditError):
        rename_field(document, "0", "X")


def test_edits_from_the_canvas_json():
    assert Edit.from_json({"target": "0#key", "text": "Back"}) == Edit("0#key", "Back")
    for bad in (None, [], {"target": "0"}, {"target": 1, "text": ""}):
        with pytest.raises(EditError):
            Edit.from_json(bad)
