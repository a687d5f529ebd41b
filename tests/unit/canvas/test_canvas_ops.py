"""`canvas.edit`: each op gives exactly the expected text, selects what it inserted or
moved, and a bad op fails the whole request with a message naming it."""

import json

import pytest

from anki_template_designer.features.canvas.methods import canvas_methods
from anki_template_designer.gui.bridge import Dispatcher
from anki_template_designer.services.canvas import CanvasService
from anki_template_designer.services.canvas.batch import CanvasOpError
from anki_template_designer.services.registry import Registry
from anki_template_designer.services.templates import EditError

T = '<div class="a b">x &amp; y<b>{{Front}}</b></div>{{#Back}}<i>z</i>{{/Back}}'


def edit(text, *ops, key="c0.front"):
    result = CanvasService().edit({key: text}, [{"doc": key, **op} for op in ops])
    return result["docs"][key]["text"], result["select"]


def text_of(text, *ops, key="c0.front"):
    return edit(text, *ops, key=key)[0]


def selected(text, *ops, key="c0.front"):
    result = CanvasService().edit({key: text}, [{"doc": key, **op} for op in ops])
    select = result["select"]
    assert select is not None and select["doc"] == key
    tree = result["docs"][key]["tree"]
    nodes = tree["nodes"] if key != "css" else tree["rules"]
    return find(nodes, select["id"])


def find(nodes, node_id):
    for node in nodes:
        if node["id"] == node_id:
            return node
        found = find(node.get("c", []), node_id)
        if found is not None:
            return found
    return None


# -- insert / move / delete --------------------------------------------------------------


def test_insert_at_each_kind_of_position():
    insert = {"op": "insert"}
    assert text_of(T, {**insert, "parent": "0", "index": 1, "text": "<hr>"}) == T.replace(
        "y<b>", "y<hr><b>"
    )
    assert text_of(T, {**insert, "parent": "0", "index": 2, "text": "!"}) == T.replace(
        "</b></div>", "</b>!</div>"
    )
    assert text_of(T, {**insert, "parent": "1", "index": 0, "text": "<p>"}) == T.replace(
        "{{#Back}}", "{{#Back}}<p>"
    )
    assert text_of(T, {**insert, "parent": None, "index": 2, "text": "<p>end</p>"}) == (
        T + "<p>end</p>"
    )
    assert text_of(T, {**insert, "parent": None, "index": 0, "text": "<p>"}) == "<p>" + T
    assert text_of("<p></p>", {**insert, "parent": "0", "index": 0, "text": "x"}) == "<p>x</p>"
    assert text_of("", {**insert, "parent": None, "index": 0, "text": "<b>x</b>"}) == "<b>x</b>"
    block = "[anki:tts lang=en_US]{{Front}}[/anki:tts]"
    assert text_of(block, {**insert, "parent": "0", "index": 1, "text": "!"}) == block.replace(
        "}}[", "}}![", 1
    )


def test_insert_selects_the_first_inserted_node():
    node = selected(T, {"op": "insert", "parent": "0", "index": 1, "text": "<hr class=new>"})
    assert node["id"] == "0.1" and node["tag"] == "hr"
    node = selected(T, {"op": "insert", "parent": None, "index": 1, "text": "\n<p>x</p><i>y</i>"})
    assert node["id"] == "2" and node["tag"] == "p"  # white space before it is skipped
    node = selected("x", {"op": "insert", "parent": None, "index": 1, "text": "y"})
    assert node["t"] == "text" and node["text"] == "xy"  # merged into the text before
    assert edit(T, {"op": "insert", "parent": None, "index": 0, "text": ""})[1] is None


@pytest.mark.parametrize(
    ("parent", "index", "message"),
    [
        ("0.1.0", 0, "is a field"),
        ("0.0", 0, "is a text"),
        ("9", 0, "no node with id '9'"),
        ("0", 3, "index 3 is outside 0..2"),
        ("0.a0", 0, "part of a node"),
        ("1.open", 0, "part of a node"),
    ],
)
def test_insert_into_what_cannot_take_children_is_an_error(parent, index, message):
    with pytest.raises(CanvasOpError, match=message) as raised:
        edit(T, {"op": "insert", "parent": parent, "index": index, "text": "x"})
    assert str(raised.value).startswith("op 0 (insert): ")


def test_insert_into_void_rawtext_and_raw_nodes_is_an_error():
    text = "<br><div/><script>x</script><b><i></b></i>"
    for parent, what in [("0", "<br>"), ("1", "<div>"), ("2", "rawtext"), ("3", "raw")]:
        with pytest.raises(CanvasOpError, match=what):
            edit(text, {"op": "insert", "parent": parent, "index": 0, "text": "x"})


def test_move_counts_the_index_after_the_move_and_selects_the_moved_node():
    text = "<p>a</p><p>b</p><p>c</p>"
    move = {"op": "move", "parent": None}
    assert text_of(text, {**move, "id": "0", "index": 2}) == "<p>b</p><p>c</p><p>a</p>"
    assert text_of(text, {**move, "id": "0", "index": 1}) == "<p>b</p><p>a</p><p>c</p>"
    assert text_of(text, {**move, "id": "2", "index": 0}) == "<p>c</p><p>a</p><p>b</p>"
    assert text_of(text, {**move, "id": "1", "index": 1}) == text
    assert text_of(text, {"op": "move", "id": "2", "parent": "0", "index": 1}) == (
        "<p>a<p>c</p></p><p>b</p>"
    )
    node = selected(T, {"op": "move", "id": "0.1", "parent": "1", "index": 1})
    assert node["id"] == "1.1" and node["tag"] == "b"
    assert text_of("<i>x</i>", {**move, "id": "0.0", "parent": "0", "index": 0}) == "<i>x</i>"


def test_moving_a_node_into_itself_is_an_error():
    for parent in ("0", "0.1"):
        with pytest.raises(CanvasOpError, match="into itself"):
            edit(T, {"op": "move", "id": "0", "parent": parent, "index": 0})


def test_delete_removes_exactly_the_nodes_and_ignores_nested_ids():
    assert text_of(T, {"op": "delete", "ids": ["0.1", "0", "1.0"]}) == "{{#Back}}{{/Back}}"
    assert text_of(T, {"op": "delete", "ids": ["0.0"]}) == T.replace("x &amp; y", "")
    with pytest.raises(CanvasOpError, match="part of a node"):
        edit(T, {"op": "delete", "ids": ["0.a0"]})


# -- attributes ---------------------------------------------------------------------------


def test_set_attr_escapes_only_what_it_must_and_keeps_the_quote_style():
    op = {"op": "setAttr", "id": "0"}
    assert text_of(T, {**op, "name": "title", "value": 'say "hi" & bye'}) == T.replace(
        'b">', 'b" title="say &quot;hi&quot; &amp; bye">'
    )
    text = "<div title='it&#39;s &amp; {{Front}}'>x</div>"
    assert text_of(text, {**op, "name": "title", "value": "it's & {{Front}}!"}) == (
        "<div title='it&#39;s &amp; {{Front}}!'>x</div>"
    )
    assert text_of(text, {**op, "name": "title", "value": "it's & {{Front}}"}) == text
    assert text_of(text, {**op, "name": "title", "value": "'{{Front}}'"}) == (
        "<div title='&#39;{{Front}}&#39;'>x</div>"
    )


def test_set_attr_bare_remove_and_unquoted_values():
    op = {"op": "setAttr", "id": "0"}
    assert text_of("<input id=a>", {**op, "name": "checked", "value": None}) == (
        "<input id=a checked>"
    )
    assert text_of("<input id=a checked>", {**op, "name": "checked", "value": False}) == (
        "<input id=a>"
    )
    assert text_of("<input id=a>", {**op, "name": "id", "value": "b"}) == "<input id=b>"
    assert text_of("<input id=a>", {**op, "name": "id", "value": "b c"}) == '<input id="b c">'
    assert text_of("<input hidden>", {**op, "name": "hidden", "value": "x"}) == (
        '<input hidden="x">'
    )
    assert text_of("<div class=>x</div>", {**op, "name": "id", "value": "y"}) == (
        '<div class="" id="y">x</div>'
    )
    assert text_of("<style>x</style>", {**op, "name": "media", "value": "print"}) == (
        '<style media="print">x</style>'
    )
    for bad in ("", "a b", 'a"', "on{{F}}"):
        with pytest.raises(CanvasOpError, match="not an attribute name"):
            edit("<p></p>", {**op, "name": bad, "value": "x"})
    with pytest.raises(CanvasOpError, match="not an element"):
        edit(T, {"op": "setAttr", "id": "0.0", "name": "x", "value": "y"})


def test_set_classes_edits_one_token_at_a_time():
    op = {"op": "setClasses", "id": "0"}
    text = '<div class="  a   b {{Tags}}  c ">x</div>'
    assert text_of(text, {**op, "add": ["d"], "remove": []}) == (
        '<div class="  a   b {{Tags}}  c d ">x</div>'
    )
    assert text_of(text, {**op, "add": [], "remove": ["b"]}) == (
        '<div class="  a {{Tags}}  c ">x</div>'
    )
    assert text_of(text, {**op, "add": [], "remove": ["a"]}) == (
        '<div class="  b {{Tags}}  c ">x</div>'
    )
    assert text_of(text, {**op, "add": ["a"], "remove": []}) == text
    assert text_of(text, {**op, "add": [], "remove": ["{{Tags}}"]}) == text
    assert text_of('<p class="a">x</p>', {**op, "add": [], "remove": ["a"]}) == "<p>x</p>"
    assert text_of("<p>x</p>", {**op, "add": ["a", "b&c"], "remove": []}) == (
        '<p class="a b&amp;c">x</p>'
    )
    assert text_of("<p class=a>x</p>", {**op, "add": ["b"], "remove": []}) == (
        '<p class="a b">x</p>'
    )
    assert text_of("<p class=a>x</p>", {**op, "add": ["b"], "remove": ["a"]}) == (
        "<p class=b>x</p>"
    )
    with pytest.raises(CanvasOpError, match="not a class name"):
        edit(text, {**op, "add": ["a b"], "remove": []})


def test_set_inline_decl_patches_one_declaration():
    op = {"op": "setInlineDecl", "id": "0"}
    text = '<div style="font-family: &quot;A;B&quot;; color: blue">x</div>'
    assert text_of(text, {**op, "prop": "color", "value": "red"}) == text.replace("blue", "red")
    assert text_of(text, {**op, "prop": "margin", "value": "0"}) == text.replace(
        'blue"', 'blue; margin: 0;"'
    )
    assert text_of(text, {**op, "prop": "color", "value": None}) == text.replace(" color: blue", "")
    assert text_of(text, {**op, "prop": "font-family", "value": '"C"'}) == text.replace(
        "&quot;A;B&quot;", "&quot;C&quot;"
    )
    assert text_of('<p style="color: red;">x</p>', {**op, "prop": "color", "value": None}) == (
        "<p>x</p>"
    )
    assert text_of("<p>x</p>", {**op, "prop": "color", "value": "red"}) == (
        '<p style="color: red;">x</p>'
    )
    assert text_of("<p style=color:red>x</p>", {**op, "prop": "margin", "value": "0"}) == (
        '<p style="color:red; margin: 0;">x</p>'
    )
    assert text_of(
        '<p style="color: {{Color}}; top: 0">x</p>', {**op, "prop": "top", "value": "1px"}
    ) == ('<p style="color: {{Color}}; top: 1px">x</p>')
    with pytest.raises(CanvasOpError, match="not one CSS declaration"):
        edit(text, {**op, "prop": "color", "value": "red; x: y"})


# -- fields, sections, text ---------------------------------------------------------------


def test_set_field_filters_and_section():
    assert text_of(T, {"op": "setField", "id": "0.1.0", "key": "Back"}) == T.replace(
        "{{Front}}", "{{Back}}"
    )
    assert text_of(T, {"op": "setField", "id": "1", "key": "Extra"}) == T.replace(
        "{{#Back}}<i>z</i>{{/Back}}", "{{#Extra}}<i>z</i>{{/Extra}}"
    )
    assert text_of(T, {"op": "setFilters", "id": "0.1.0", "filters": ["hint", "text"]}) == (
        T.replace("{{Front}}", "{{hint:text:Front}}")
    )
    assert text_of(T, {"op": "setSection", "id": "1", "inverted": True}) == T.replace(
        "{{#Back}}", "{{^Back}}"
    )
    assert text_of("{{ ^ B }}x{{/B}}", {"op": "setSection", "id": "0", "inverted": False}) == (
        "{{ # B }}x{{/B}}"
    )
    assert text_of(T, {"op": "setSection", "id": "1", "inverted": False}) == T
    with pytest.raises(CanvasOpError, match="cannot be empty or contain braces"):
        edit(T, {"op": "setField", "id": "0.1.0", "key": "a}}b"})
    with pytest.raises(CanvasOpError, match="not a section"):
        edit(T, {"op": "setSection", "id": "0", "inverted": True})


def test_set_text_keeps_the_unchanged_prefix_and_suffix_byte_for_byte():
    text = "<p>Tom&nbsp;&amp;&#39;Jerry&#x27; &lt;3</p>"
    op = {"op": "setText", "id": "0.0"}
    assert text_of(text, {**op, "text": "Tom\xa0&'Jerry' <3"}) == text
    assert text_of(text, {**op, "text": "Tom\xa0&'Jerry' <3!"}) == text.replace("3<", "3!<")
    assert text_of(text, {**op, "text": "Tom\xa0& 'Jerry' <3"}) == (
        "<p>Tom&nbsp;&amp; &#39;Jerry&#x27; &lt;3</p>"
    )
    assert text_of(text, {**op, "text": "Ann\xa0<&>"}) == "<p>Ann&nbsp;&lt;&amp;&gt;</p>"
    assert text_of(text, {**op, "text": ""}) == "<p></p>"
    # `&#38` without ";" would merge with a new digit: it is written again, not kept.
    assert text_of("<p>&#38</p>", {**op, "text": "&5"}) == "<p>&amp;5</p>"


def test_set_children_writes_refs_raw_and_new_markup_clean():
    op = {"op": "setChildren", "id": "0"}
    runs = [
        {"text": "x & "},
        {"tag": "b", "runs": [{"text": "y<"}]},
        {"ref": "0.1"},
        {"tag": "br"},
    ]
    assert text_of(T, {**op, "runs": runs}) == T.replace(
        "x &amp; y<b>{{Front}}</b>", "x &amp; <b>y&lt;</b><b>{{Front}}</b><br>"
    )
    same = [{"text": "x & y"}, {"ref": "0.1"}]
    assert text_of(T, {**op, "runs": same}) == T
    nested = [{"tag": "i", "runs": [{"ref": "0.1.0"}]}]
    assert text_of(T, {**op, "runs": nested}) == T.replace(
        "x &amp; y<b>{{Front}}</b>", "<i>{{Front}}</i>"
    )
    for runs, message in [
        ([{"ref": "1"}], "not a node inside"),
        ([{"ref": "0.1"}, {"ref": "0.1"}], "used twice"),
        ([{"tag": "script", "runs": []}], "not one of"),
        ([{"tag": "br", "runs": [{"text": "x"}]}], "no content"),
        ([{"bogus": 1}], "needs 'text', 'ref' or 'tag'"),
    ]:
        with pytest.raises(CanvasOpError, match=message):
            edit(T, {**op, "runs": runs})


# -- CSS ----------------------------------------------------------------------------------

CSS = ".card {\n  color: black;\n}\n\n.x { color: red }\n"


def test_set_decl_sets_removes_and_creates_rules():
    op = {"op": "setDecl"}
    assert text_of(CSS, {**op, "rule": "0", "prop": "color", "value": "white"}, key="css") == (
        CSS.replace("black", "white")
    )
    assert text_of(CSS, {**op, "rule": "2", "prop": "margin", "value": "0"}, key="css") == (
        CSS.replace("color: red }", "color: red; margin: 0; }")
    )
    assert text_of(CSS, {**op, "rule": "0", "prop": "color", "value": None}, key="css") == (
        CSS.replace("\n  color: black;", "")
    )
    created = {**op, "rule": None, "prop": "color", "value": "blue"}
    new_text, _ = edit(CSS, {**created, "create": {"selector": ".y", "after": "0"}}, key="css")
    assert new_text == CSS.replace("}\n\n.x", "}\n\n.y {\n  color: blue;\n}\n\n.x")
    node = selected(CSS, {**created, "create": {"selector": ".y", "after": "0"}}, key="css")
    assert node["selector"] == ".y"
    assert text_of(CSS, {**created, "create": {"selector": ".y", "after": None}}, key="css") == (
        CSS.rstrip("\n") + "\n\n.y {\n  color: blue;\n}\n"
    )
    assert text_of("", {**created, "create": {"selector": ".y"}}, key="css") == (
        ".y {\n  color: blue;\n}"
    )
    for bad in ({"selector": ".y {"}, {"selector": "@media x"}, {"selector": ""}):
        with pytest.raises(CanvasOpError, match="not one CSS selector"):
            edit(CSS, {**created, "create": bad}, key="css")
    with pytest.raises(CanvasOpError, match="not one CSS declaration"):
        edit(CSS, {**op, "rule": "0", "prop": "color", "value": "red; } body { x: y"}, key="css")
    with pytest.raises(CanvasOpError, match="needed"):
        edit(CSS, {**op, "rule": None, "prop": "color", "value": "red"}, key="css")


def test_set_night_decl_finds_or_creates_the_night_rule():
    op = {"op": "setNightDecl", "prop": "color", "value": "pink"}
    new_text, _ = edit(CSS, {**op, "selector": ".x"}, key="css")
    assert new_text == CSS + "\n.nightMode .x {\n  color: pink;\n}\n"
    assert selected(CSS, {**op, "selector": ".x"}, key="css")["selector"] == ".nightMode .x"
    new_text, _ = edit(CSS, {**op, "selector": ".card"}, key="css")
    assert new_text == CSS.replace("}\n\n.x", "}\n\n.card.nightMode {\n  color: pink;\n}\n\n.x")
    existing = CSS + ".night_mode .x, .nightMode .x { color: blue; }\n"
    assert text_of(existing, {**op, "selector": ".x"}, key="css") == existing.replace(
        "blue", "pink"
    )
    assert selected(existing, {**op, "selector": ".x"}, key="css")["id"] == "4"
    media = CSS + "@media (min-width: 1px) { .nightMode .x { color: blue } }\n"
    assert text_of(media, {**op, "selector": ".x"}, key="css") == media.replace("blue", "pink")
    both = media + ".card.nightMode .x { margin: 0 }\n"
    assert text_of(both, {**op, "selector": ".x"}, key="css") == both.replace(
        "margin: 0 }", "margin: 0; color: pink; }"
    )
    assert text_of(CSS, {**op, "selector": ".x", "value": None}, key="css") == CSS


def test_css_ops_and_template_ops_need_the_right_kind_of_document():
    with pytest.raises(CanvasOpError, match="works on the CSS"):
        edit(T, {"op": "setDecl", "rule": "0", "prop": "color", "value": "red"})
    with pytest.raises(CanvasOpError, match="works on a template side"):
        edit(CSS, {"op": "setText", "id": "0", "text": "x"}, key="css")


# -- several ops ----------------------------------------------------------------------------


def test_ops_on_one_document_refer_to_the_tree_that_was_sent():
    text = "<p>a</p><p>b</p><p>c</p>"
    ops = [
        {"op": "delete", "ids": ["0"]},
        {"op": "setText", "id": "2.0", "text": "C"},
        {"op": "insert", "parent": None, "index": 1, "text": "<hr>"},
    ]
    assert text_of(text, *ops) == "<hr><p>b</p><p>C</p>"


def test_ops_touching_the_same_place_apply_in_order():
    ops = [
        {"op": "insert", "parent": None, "index": 0, "text": "<i>A</i>"},
        {"op": "insert", "parent": None, "index": 0, "text": "<i>B</i>"},
        {"op": "setAttr", "id": "0", "name": "class", "value": "a"},
        {"op": "setClasses", "id": "0", "add": ["q"], "remove": ["b"]},
        {"op": "setText", "id": "0.0", "text": "x & yz"},
    ]
    new_text, select = edit(T, *ops)
    assert new_text == (
        '<i>A</i><i>B</i><div class="a q">x &amp; yz<b>{{Front}}</b></div>'
        "{{#Back}}<i>z</i>{{/Back}}"
    )
    assert select == {"doc": "c0.front", "id": "0"}  # the first op's node


def test_delete_and_insert_at_its_place_replace_a_node():
    text = "<p>a</p><p>b</p><p>c</p>"
    ops = [
        {"op": "delete", "ids": ["1"]},
        {"op": "insert", "parent": None, "index": 1, "text": "<i>A</i>"},
        {"op": "insert", "parent": None, "index": 1, "text": "<i>B</i>"},
    ]
    new_text, select = edit(text, *ops)
    assert new_text == "<p>a</p><i>A</i><i>B</i><p>c</p>"
    assert select == {"doc": "c0.front", "id": "1"}  # <i>A</i>
    last = [
        {"op": "delete", "ids": ["2"]},
        {"op": "insert", "parent": None, "index": 2, "text": "!"},
    ]
    assert text_of(text, *last) == "<p>a</p><p>b</p>!"


def test_a_later_op_on_a_node_an_earlier_op_removed_fails_the_request():
    with pytest.raises(CanvasOpError, match=r"op 1 \(setText\): .*removed or rewritten"):
        edit(T, {"op": "delete", "ids": ["0"]}, {"op": "setText", "id": "0.0", "text": "q"})


def test_nothing_is_half_applied_and_docs_not_touched_come_back_unchanged():
    service = CanvasService()
    docs = {"c0.front": T, "c0.back": "{{FrontSide}}", "css": CSS}
    good = {"op": "setText", "doc": "c0.front", "id": "0.0", "text": "new"}
    bad = {"op": "setDecl", "doc": "css", "rule": "99", "prop": "color", "value": "red"}
    with pytest.raises(CanvasOpError, match=r"^op 1 \(setDecl\): no CSS node with id '99'"):
        service.edit(docs, [good, bad])
    result = service.edit(docs, [good])
    assert result["docs"]["c0.back"]["text"] == "{{FrontSide}}"
    assert result["docs"]["css"]["tree"]["rules"][0]["selector"] == ".card"
    assert result["docs"]["c0.front"]["text"] == T.replace("x &amp; y", "new")
    with pytest.raises(CanvasOpError, match=r"'doc' 'c9\.front' is not one of the docs sent"):
        service.edit(docs, [{**good, "doc": "c9.front"}])
    with pytest.raises(EditError, match="limit is 200"):
        service.edit(docs, [good] * 201)


def test_the_parse_cache_serves_a_text_the_service_just_returned():
    service = CanvasService()
    first = service.edit(
        {"c0.front": T}, [{"op": "setText", "doc": "c0.front", "id": "0.0", "text": "q"}]
    )
    new_text = first["docs"]["c0.front"]["text"]
    hits = service.parses.hits
    service.edit(
        {"c0.front": new_text}, [{"op": "setText", "doc": "c0.front", "id": "0.0", "text": "r"}]
    )
    assert service.parses.hits == hits + 1
    service.tree({"c0.front": new_text})
    assert service.parses.hits == hits + 2


def test_canvas_edit_through_the_bridge_reports_the_op():
    registry = Registry()
    registry.register_factory(CanvasService, lambda _r: CanvasService())
    dispatcher = Dispatcher(canvas_methods(registry), lambda _e: None)

    def call(params):
        body = {"v": 1, "id": 1, "method": "canvas.edit", "params": params}
        return dispatcher.handle("atd:" + json.dumps(body))

    ok = call({"docs": {"c0.front": T}, "ops": [{"op": "delete", "doc": "c0.front", "ids": ["1"]}]})
    assert ok["ok"] and ok["result"]["docs"]["c0.front"]["text"] == T.split("{{#")[0]
    assert ok["result"]["select"] is None
    bad = call(
        {
            "docs": {"c0.front": T},
            "ops": [{"op": "setText", "doc": "c0.front", "id": "0", "text": "x"}],
        }
    )
    assert bad["error"]["code"] == "invalid_params"
    assert bad["error"]["message"] == "op 0 (setText): node '0' is a element, not text"
    unknown = call({"docs": {}, "ops": [{"op": "explode", "doc": "x"}]})
    assert unknown["error"]["code"] == "invalid_params"
    too_many = call({"docs": {}, "ops": [{"op": "delete", "doc": "x", "ids": []}] * 201})
    assert too_many["error"]["code"] == "invalid_params"
