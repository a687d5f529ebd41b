"""The canvas's ops: checked, then compiled into `Edit`s of one parsed document.

Each op is a JSON object with `op` and `doc` (see docs/bridge.md). `compile_op` checks
its fields and turns it into edits of the document it names, plus what it wants selected
afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..templates import (
    CssDocument,
    Edit,
    EditError,
    TemplateDocument,
    delete_node,
    rename_field,
    set_filters,
)
from ..templates.canvas_ops import insert_at, move_node, set_section_inverted, tree_node
from .attribute_ops import set_attribute_text, set_class_tokens
from .css_ops import insert_rule, set_night_declaration
from .css_ops import set_rule_declaration as set_css_declaration
from .inline_style import set_inline_declaration
from .selection import Inserted, Select
from .text_ops import set_children, set_text

Op = Mapping[str, Any]
Document = TemplateDocument | CssDocument

TEMPLATE_OPS = frozenset(
    {
        "insert",
        "move",
        "delete",
        "setAttr",
        "setClasses",
        "setField",
        "setFilters",
        "setSection",
        "setText",
        "setChildren",
        "setInlineDecl",
    }
)
CSS_OPS = frozenset({"setDecl", "setNightDecl"})
OP_NAMES = TEMPLATE_OPS | CSS_OPS


@dataclass(frozen=True)
class Compiled:
    edits: list[Edit]
    select: Select | None = None


# -- field checks ----------------------------------------------------------------------


def _field(op: Op, name: str, kinds: tuple[type, ...], what: str, optional: bool = False) -> Any:
    if name not in op:
        if optional:
            return None
        raise EditError(f"'{name}' is missing")
    value = op[name]
    if value is None and optional:
        return None
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise EditError(f"'{name}' must be {what}")
    return value


def _string(op: Op, name: str) -> str:
    value: str = _field(op, name, (str,), "a string")
    return value


def _optional_string(op: Op, name: str) -> str | None:
    value: str | None = _field(op, name, (str,), "a string or null", optional=True)
    return value


def _index(op: Op) -> int:
    value: int = _field(op, "index", (int,), "an integer")
    return value


def _strings(op: Op, name: str) -> list[str]:
    value = _field(op, name, (list,), "a list of strings")
    if not all(isinstance(item, str) for item in value):
        raise EditError(f"'{name}' must be a list of strings")
    return list(value)


def _value(op: Op) -> str | None:
    if "value" not in op:
        raise EditError("'value' is missing")
    value = op["value"]
    if value is not None and not isinstance(value, str):
        raise EditError("'value' must be a string or null")
    return value


# -- compiling -------------------------------------------------------------------------


def _template(document: Document, name: str) -> TemplateDocument:
    if not isinstance(document, TemplateDocument):
        raise EditError(f"{name} works on a template side, not on the CSS")
    return document


def _css(document: Document, name: str) -> CssDocument:
    if not isinstance(document, CssDocument):
        raise EditError(f"{name} works on the CSS, not on a template side")
    return document


def _insert(doc: TemplateDocument, op: Op) -> Compiled:
    text = _string(op, "text")
    edit = insert_at(doc, _optional_string(op, "parent"), _index(op), text)
    return Compiled([edit], Inserted(0, 0) if text else None)


def _move(doc: TemplateDocument, op: Op) -> Compiled:
    edits = move_node(doc, _string(op, "id"), _optional_string(op, "parent"), _index(op))
    return Compiled(edits, Inserted(1, 0))


def _delete(doc: TemplateDocument, op: Op) -> Compiled:
    ids = _strings(op, "ids")
    nodes = [tree_node(doc, node_id) for node_id in dict.fromkeys(ids)]
    # A node inside another deleted node goes with it.
    outer = [n for n in nodes if not any(o is not n and o.span.contains(n.span) for o in nodes)]
    return Compiled([delete_node(node.id) for node in outer])


def _set_attr(doc: TemplateDocument, op: Op) -> Compiled:
    if "value" not in op:
        raise EditError("'value' is missing")
    value = op["value"]
    if not (value is None or value is False or isinstance(value, str)):
        raise EditError("'value' must be a string, null or false")
    return Compiled(set_attribute_text(doc, _string(op, "id"), _string(op, "name"), value))


def _set_classes(doc: TemplateDocument, op: Op) -> Compiled:
    add = _strings(op, "add") if "add" in op else []
    remove = _strings(op, "remove") if "remove" in op else []
    return Compiled(set_class_tokens(doc, _string(op, "id"), add, remove))


def _set_field(doc: TemplateDocument, op: Op) -> Compiled:
    node_id = _string(op, "id")
    tree_node(doc, node_id)
    return Compiled(rename_field(doc, node_id, _string(op, "key")))


def _set_filters(doc: TemplateDocument, op: Op) -> Compiled:
    node_id = _string(op, "id")
    tree_node(doc, node_id)
    return Compiled([set_filters(doc, node_id, _strings(op, "filters"))])


def _set_section(doc: TemplateDocument, op: Op) -> Compiled:
    inverted: bool = _field(op, "inverted", (bool,), "true or false")
    edit = set_section_inverted(doc, _string(op, "id"), inverted)
    return Compiled([] if edit is None else [edit])


def _set_text(doc: TemplateDocument, op: Op) -> Compiled:
    return Compiled(set_text(doc, _string(op, "id"), _string(op, "text")))


def _set_children(doc: TemplateDocument, op: Op) -> Compiled:
    runs = _field(op, "runs", (list,), "a list of runs")
    return Compiled(set_children(doc, _string(op, "id"), runs))


def _set_inline(doc: TemplateDocument, op: Op) -> Compiled:
    return Compiled(set_inline_declaration(doc, _string(op, "id"), _string(op, "prop"), _value(op)))


def _set_decl(doc: CssDocument, op: Op) -> Compiled:
    rule = _optional_string(op, "rule")
    prop, value = _string(op, "prop"), _value(op)
    if rule is not None:
        return Compiled(set_css_declaration(doc, rule, prop, value))
    create = op.get("create")
    if not isinstance(create, Mapping):
        raise EditError("'rule' is null, so 'create': {selector, after} is needed")
    selector = _string(create, "selector")
    after = _optional_string(create, "after")
    if value is None:
        return Compiled([])
    edits, select = insert_rule(doc, after, selector, prop, value)
    return Compiled(edits, select)


def _set_night(doc: CssDocument, op: Op) -> Compiled:
    edits, select = set_night_declaration(
        doc, _string(op, "selector"), _string(op, "prop"), _value(op)
    )
    return Compiled(edits, select)


_TEMPLATE_COMPILERS: dict[str, Callable[[TemplateDocument, Op], Compiled]] = {
    "insert": _insert,
    "move": _move,
    "delete": _delete,
    "setAttr": _set_attr,
    "setClasses": _set_classes,
    "setField": _set_field,
    "setFilters": _set_filters,
    "setSection": _set_section,
    "setText": _set_text,
    "setChildren": _set_children,
    "setInlineDecl": _set_inline,
}
_CSS_COMPILERS: dict[str, Callable[[CssDocument, Op], Compiled]] = {
    "setDecl": _set_decl,
    "setNightDecl": _set_night,
}


def op_name(op: object) -> str:
    name = op.get("op") if isinstance(op, Mapping) else None
    return name if isinstance(name, str) else "?"


def compile_op(document: Document, op: Op) -> Compiled:
    """The edits of one op on `document` (raises EditError or LookupError)."""
    name = op_name(op)
    if name in _TEMPLATE_COMPILERS:
        return _TEMPLATE_COMPILERS[name](_template(document, name), op)
    if name in _CSS_COMPILERS:
        return _CSS_COMPILERS[name](_css(document, name), op)
    raise EditError(f"unknown op {name!r} (known: {', '.join(sorted(OP_NAMES))})")


def ops_of(values: Sequence[object]) -> list[Op]:
    """Checks the list shape: every op is an object with a string `op` and `doc`."""
    ops: list[Op] = []
    for index, op in enumerate(values):
        if not isinstance(op, Mapping) or not isinstance(op.get("doc"), str):
            raise EditError(f"op {index} must be an object with a string 'doc'")
        ops.append(op)
    return ops
