"""Every op on every node of every corpus file: only the span the op touches changes, the
result parses again, and an insert or move selects the node it put there."""

import pytest

from anki_template_designer.services.canvas import CanvasService
from anki_template_designer.services.canvas.batch import CanvasOpError
from anki_template_designer.services.templates import (
    ElementNode,
    RawTextNode,
    SectionNode,
    TextNode,
    check_css_tiling,
    check_tiling,
    parse_css,
    parse_template,
    serialize,
    serialize_css,
)
from anki_template_designer.services.templates.canvas_ops import tree_nodes
from corpus import corpus_files

FILES = corpus_files()
SNIPPET = '<span class="atd-new">{{Front}}</span>'


def read(path):
    return path.read_bytes().decode("utf-8", "surrogateescape")


def changed_region(old, new):
    """[start, end) of `old` that differs from `new` (common prefix and suffix removed)."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return prefix, len(old) - suffix


class Runner:
    def __init__(self, text, key):
        self.text = text
        self.key = key
        self.service = CanvasService()
        self.count = 0

    def run(self, op):
        self.count += 1
        result = self.service.edit({self.key: self.text}, [{"doc": self.key, **op}])
        new = result["docs"][self.key]["text"]
        if self.key == "css":
            document = parse_css(new)
            assert serialize_css(document) == new and check_css_tiling(document) == []
        else:
            document = parse_template(new)
            assert serialize(document) == new and check_tiling(document) == []
        return new, result["select"], document

    def within(self, op, start, end):
        """The op changes nothing outside [start, end) of the original text."""
        new, _, _ = self.run(op)
        changed_start, changed_end = changed_region(self.text, new)
        if new != self.text:
            assert start <= changed_start and changed_end <= end, (op, self.text[start:end])
        return new


def position_of(document, parent, index):
    children = document.children if parent is None else parent.children
    if index < len(children):
        return children[index].start
    if parent is None:
        return len(document.source)
    return document.span_of(f"{parent.id}#children").end


def assert_selected(document, select, moved, at):
    """The moved node is selected; if the text around it changed what it parses as (after
    an unterminated "<!--", merged with text next to it), a node overlapping it is."""
    selected = document.node(select["id"])
    assert selected.start < at + len(moved.raw) and at < selected.end
    return selected.raw == moved.raw


def containers(document):
    return [None] + [
        n
        for n in tree_nodes(document)
        if isinstance(n, SectionNode)
        or n.type == "avDirective"
        or (isinstance(n, ElementNode) and n.end_tag is not None)
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_structure_ops_on_every_node(path):
    text = read(path)
    document = parse_template(text)
    runner = Runner(text, "c0.front")
    exact = 0
    for parent in containers(document):
        count = len(document.children if parent is None else parent.children)
        for index in {0, count // 2, count}:
            at = position_of(document, parent, index)
            op = {"op": "insert", "parent": parent and parent.id, "index": index, "text": SNIPPET}
            new, select, new_document = runner.run(op)
            assert new == text[:at] + SNIPPET + text[at:]
            selected = new_document.node(select["id"])
            # The inserted node, unless the text around makes it something else (after
            # an unterminated "<!--" it is text): then a node of it.
            assert selected.start < at + len(SNIPPET) and at < selected.end
            exact += selected.raw == SNIPPET
    nodes = list(tree_nodes(document))
    for node in nodes:
        new, _, _ = runner.run({"op": "delete", "ids": [node.id]})
        assert new == text[: node.start] + text[node.end :]
        # to the end of the document (the index it will have there), then to the front of
        # its own parent
        last = len(document.children) - (1 if node in document.children else 0)
        new, select, new_document = runner.run(
            {"op": "move", "id": node.id, "parent": None, "index": last}
        )
        assert new == text[: node.start] + text[node.end :] + node.raw
        exact += assert_selected(new_document, select, node, len(new) - len(node.raw))
        parent_id, _, _ = node.id.rpartition(".")
        if parent_id:
            parent = document.node(parent_id)
            new, select, new_document = runner.run(
                {"op": "move", "id": node.id, "parent": parent_id, "index": 0}
            )
            first = parent.children[0].start
            assert new == text[:first] + node.raw + text[first : node.start] + text[node.end :]
            exact += assert_selected(new_document, select, node, first)
            with pytest.raises(CanvasOpError, match="into itself"):
                runner.run({"op": "move", "id": parent_id, "parent": node.id, "index": 0})
    assert runner.count >= len(nodes)
    assert exact > 0


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_content_ops_touch_only_their_node(path):
    text = read(path)
    document = parse_template(text)
    runner = Runner(text, "c0.front")
    for node in tree_nodes(document):
        span = (node.start, node.end)
        if isinstance(node, ElementNode | RawTextNode):
            tag = node.start_tag
            for op in (
                {"op": "setAttr", "name": "title", "value": 'a "b" & {{Front}}'},
                {"op": "setAttr", "name": "data-x", "value": None},
                {"op": "setClasses", "add": ["atd-x"], "remove": []},
                {"op": "setInlineDecl", "prop": "color", "value": "red"},
            ):
                try:
                    runner.within({**op, "id": node.id}, tag.start, tag.end)
                except CanvasOpError as error:  # a style= the scanner cannot patch safely
                    assert "style attribute" in str(error)
            for attribute in node.attributes:
                for value in (False, None, "v", attribute.value):
                    if attribute.value is None and value is None:
                        continue
                    runner.within(
                        {"op": "setAttr", "id": node.id, "name": attribute.name, "value": value},
                        tag.start,
                        tag.end,
                    )
            if isinstance(node, ElementNode) and node.end_tag is not None:
                refs = [{"ref": child.id} for child in node.children]
                new, _, _ = runner.run({"op": "setChildren", "id": node.id, "runs": refs})
                assert new == text
                children = document.span_of(f"{node.id}#children")
                runner.within(
                    {"op": "setChildren", "id": node.id, "runs": [*refs, {"text": "<&>"}]},
                    children.start,
                    children.end,
                )
        if isinstance(node, TextNode):
            for new_text in ("", "changed <&>", node.raw + "!"):
                runner.within({"op": "setText", "id": node.id, "text": new_text}, *span)
        if node.type == "field":
            runner.within({"op": "setField", "id": node.id, "key": "Other"}, *span)
            runner.within({"op": "setFilters", "id": node.id, "filters": ["hint"]}, *span)
        if isinstance(node, SectionNode):
            runner.within({"op": "setField", "id": node.id, "key": "Other"}, *span)
            new, _, _ = runner.run({"op": "setSection", "id": node.id, "inverted": True})
            new, _, _ = runner.run({"op": "setSection", "id": node.id, "inverted": False})
            open_tag = node.open_tag
            assert new[: open_tag.start] == text[: open_tag.start]
            assert new[open_tag.end :] == text[open_tag.end :]


@pytest.mark.parametrize("path", [p for p in FILES if p.suffix == ".css"], ids=lambda p: p.name)
def test_css_ops_touch_only_their_rule(path):
    text = read(path)
    document = parse_css(text)
    runner = Runner(text, "css")
    for node in document.walk():
        if node.body is None:
            continue
        for value in ("red", None):
            runner.within(
                {"op": "setDecl", "rule": node.id, "prop": "color", "value": value},
                node.start,
                node.end,
            )
        for decl in node.declarations():
            runner.within(
                {"op": "setDecl", "rule": node.id, "prop": decl.property_name, "value": None},
                node.start,
                node.end,
            )
        if node.type == "rule" and node.terminated:
            new, select, _ = runner.run(
                {
                    "op": "setDecl",
                    "rule": None,
                    "prop": "color",
                    "value": "red",
                    "create": {"selector": ".atd-new", "after": node.id},
                }
            )
            assert new[: node.end] == text[: node.end] and new.endswith(text[node.end :])
            try:
                new, select, new_document = runner.run(
                    {
                        "op": "setNightDecl",
                        "selector": node.selector,
                        "prop": "color",
                        "value": "pink",
                    }
                )
            except CanvasOpError as error:
                assert "not one CSS selector" in str(error)
                continue
            night = new_document.node(select["id"])
            assert night.type == "rule" and "night" in night.selector.lower()
