"""`setInlineDecl`: patch one declaration of an element's `style` attribute.

The value is read with the CSS scanner after decoding character references (a
`font-family: &quot;A&quot;` holds no `;` of its own), with Anki tags masked; every
position found maps back to the attribute's source, so the other declarations keep
their bytes. The attribute is created when missing and removed when no declaration is
left.
"""

from __future__ import annotations

from ..templates import Edit, EditError, TemplateDocument, parse_css, remove_attribute
from ..templates import set_attribute as set_attribute_source
from .attribute_ops import encode_value, tag_owner, value_tag_spans
from .css_ops import check_declaration
from .text_codec import atoms


def _decoded(raw: str, tags: list[tuple[int, int]]) -> tuple[str, list[int], list[int]]:
    """The value decoded with its Anki tags masked, and for each decoded character the
    start and end of its source in `raw` (a boundary inside a reference that decodes to
    several characters rounds outwards); `starts` has one more entry, the end."""
    spans = set(tags)
    decoded: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for atom in atoms(raw, tags):
        size = len(atom.raw)
        text = "_" * size if (position, position + size) in spans else atom.text
        starts += [position] * len(text)
        ends += [position + size] * len(text)
        decoded.append(text)
        position += size
    starts.append(len(raw))
    return "".join(decoded), starts, ends


def set_inline_declaration(
    document: TemplateDocument, element_id: str, prop: str, value: str | None
) -> list[Edit]:
    element = tag_owner(document, element_id)
    if value is not None:
        check_declaration(prop, value)
    elif not prop.strip():
        raise EditError("a CSS property cannot be empty")
    attribute = element.attribute("style")
    if attribute is None or attribute.value_span is None or not attribute.value:
        if value is None:
            removal = None if attribute is None else remove_attribute(document, element_id, "style")
            return [] if removal is None else [removal]
        source = encode_value(f"{prop}: {value};", '"')
        if attribute is None:
            return [set_attribute_source(document, element_id, "style", source)]
        return [Edit(attribute.id, f'{attribute.name}="{source}"')]
    raw = attribute.value
    quote = attribute.quote
    plain, starts, ends = _decoded(raw, value_tag_spans(attribute))
    sheet = parse_css(f"x{{{plain}}}")  # offsets in `sheet` are 2 + decoded offsets

    def raw_start(offset: int) -> int:
        return starts[offset - 2]

    def raw_end(offset: int) -> int:
        return 0 if offset == 2 else ends[offset - 3]

    rule = sheet.children[0]
    items = [c for c in rule.children if c.type != "whitespace"]
    if (
        len(sheet.children) != 1
        or rule.type != "rule"
        or rule.body is None
        or rule.body.end != len(plain) + 2
        or any(c.type not in ("declaration", "comment", "raw") for c in items)
    ):
        raise EditError(f"the style attribute of {element_id!r} is not a list of declarations")
    wanted = prop.lower()
    matching = [c for c in items if c.type == "declaration" and c.property_name.lower() == wanted]
    cuts: list[tuple[int, int, str]] = []
    if value is None:
        if not matching:
            return []
        children = rule.children
        for child in matching:
            index = children.index(child)
            start = child.start
            if index > 0 and children[index - 1].type == "whitespace":
                start = children[index - 1].start
            cuts.append((raw_start(start), raw_end(child.end), ""))
        remaining = [c for c in items if c.type == "declaration" and c not in matching]
        if not remaining:
            removal = remove_attribute(document, element_id, "style")
            return [] if removal is None else [removal]
    elif matching:
        last = matching[-1]
        assert last.value_span is not None
        if last.value == value:
            return []
        span = last.value_span
        cuts.append((raw_start(span.start), raw_end(span.end), value))
    else:
        text = f"{prop}: {value};"
        tail = items[-1] if items else None
        if tail is None:
            cuts.append((0, len(raw), text))
        else:
            closer = ";" if tail.type in ("declaration", "raw") and not tail.terminated else ""
            at = raw_end(tail.end)
            cuts.append((at, at, f"{closer} {text}"))
    return [_patched(attribute.id, attribute.name, raw, quote, cuts)]


def _patched(
    attribute_id: str, name: str, raw: str, quote: str, cuts: list[tuple[int, int, str]]
) -> Edit:
    """The attribute's value with `cuts` (raw start, raw end, decoded new text) applied."""
    out_quote = quote or '"'
    pieces = []
    position = 0
    for start, end, text in sorted(cuts):
        pieces.append(raw[position:start])
        pieces.append(encode_value(text, out_quote))
        position = end
    pieces.append(raw[position:])
    value = "".join(pieces)
    if quote:
        return Edit(f"{attribute_id}#value", value)
    return Edit(attribute_id, f'{name}="{value.replace(chr(34), "&quot;")}"')
