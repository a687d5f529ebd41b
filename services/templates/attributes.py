"""The inside of a start tag: name, attributes and Anki tags, with exact positions.

html.parser finds where a start tag begins and ends but reports attributes without
positions (and unescaped). This scanner re-reads the tag between those bounds, following
the HTML5 attribute states closely enough for editing: names run to white space, `/`,
`>` or `=`; a value is quoted (to the matching quote) or unquoted (to white space). It
reads the *masked* text (every Anki tag replaced by `_` of the same length, see
`parser.py`), so quotes or `>` inside a tag never end anything. Anki tags are atomic:

* a section tag (`{{#F}}`, `{{/F}}`) where an attribute could start, or right after a
  value, stands alone: `<input {{#F}}checked{{/F}}>` is three items;
* a replacement followed by white space or the end stands alone (`<div {{Attrs}}>`);
  otherwise it is part of the name or value it sits in (`data-{{F}}="x"`, `class="{{Tags}}"`).

Every character between the tag name and the closing `>` is either inside an item or
white space / `/` separators, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

_SPACE = " \t\n\r\f"
_NAME_END = "\t\n\r\f />\x00"


@dataclass(frozen=True, slots=True)
class AttributeSyntax:
    start: int
    end: int
    name_start: int
    name_end: int
    #: The value without its quotes; None for a bare attribute (`checked`).
    value_start: int | None = None
    value_end: int | None = None
    #: '"', "'" or "" (unquoted or no value).
    quote: str = ""
    #: False when a quoted value has no closing quote before the tag ends.
    terminated: bool = True


@dataclass(frozen=True, slots=True)
class StartTagSyntax:
    start: int
    end: int
    name_start: int
    name_end: int
    attributes: tuple[AttributeSyntax, ...]
    #: Spans of Anki tags standing alone between attributes.
    standalone_tags: tuple[tuple[int, int], ...]
    #: `<br/>`: a "/" right before the closing ">" (not part of an unquoted value).
    self_closing: bool
    #: Where a new attribute can be inserted (after the last item, before "/>" or ">").
    insert_at: int


def scan_start_tag(
    masked: str, start: int, end: int, tags: Mapping[int, tuple[int, bool]]
) -> StartTagSyntax:
    """Scan masked[start:end], a complete start tag ending in ">".

    `tags` maps the start offset of every Anki tag inside to (end, is_section_tag).
    """
    i = start + 1
    while i < end and masked[i] not in _NAME_END:
        i += 1
    name_end = i
    gt = end - 1 if masked[end - 1] == ">" else end
    attributes: list[AttributeSyntax] = []
    standalone: list[tuple[int, int]] = []
    self_closing = False
    insert_at = name_end

    def section_at(position: int) -> bool:
        found = tags.get(position)
        return found is not None and found[1]

    def skip_item_char(position: int) -> int:
        found = tags.get(position)
        return found[0] if found is not None else position + 1

    while i < gt:
        char = masked[i]
        if char in _SPACE:
            i += 1
            continue
        if char == "/":
            self_closing = i == gt - 1 and gt < end
            i += 1
            continue
        found = tags.get(i)
        if found is not None:
            tag_end, is_section = found
            if is_section or tag_end >= gt or masked[tag_end] in _SPACE + "/" or tag_end in tags:
                standalone.append((i, tag_end))
                i = insert_at = tag_end
                continue
        attr_start = i
        i = skip_item_char(i)
        while i < gt and not section_at(i) and masked[i] not in _SPACE + "/=":
            i = skip_item_char(i)
        attr_name_end = i
        j = i
        while j < gt and masked[j] in _SPACE:
            j += 1
        if j < gt and masked[j] == "=":
            j += 1
            while j < gt and masked[j] in _SPACE:
                j += 1
            if j < gt and masked[j] in "\"'":
                quote = masked[j]
                close = masked.find(quote, j + 1, gt)
                terminated = close >= 0
                value_end = close if terminated else gt
                attribute = AttributeSyntax(
                    attr_start,
                    value_end + 1 if terminated else gt,
                    attr_start,
                    attr_name_end,
                    j + 1,
                    value_end,
                    quote,
                    terminated,
                )
            else:
                value_start = j
                while j < gt and not section_at(j) and masked[j] not in _SPACE:
                    j = skip_item_char(j)
                attribute = AttributeSyntax(
                    attr_start, j, attr_start, attr_name_end, value_start, j
                )
        else:
            attribute = AttributeSyntax(attr_start, attr_name_end, attr_start, attr_name_end)
        attributes.append(attribute)
        i = insert_at = attribute.end
    return StartTagSyntax(
        start,
        end,
        start + 1,
        name_end,
        tuple(attributes),
        tuple(standalone),
        self_closing,
        insert_at,
    )
