"""A lossless document model for Anki card templates and note type CSS.

Parse a template side into a component tree (`parse_template`), a note type's CSS into
rules (`parse_css`), or a whole note type (`NoteTypeDocument.from_notetype`); give the
canvas `to_json()`; apply its edits with `apply_edits`. Unedited, every document
serializes back to exactly the text it was parsed from — whatever that text is.
"""

from .anki_syntax import (
    SPECIAL_FIELDS,
    AnkiTag,
    Filter,
    TagKind,
    TemplateMode,
    TemplateSyntaxError,
    find_syntax_error,
    lex_template,
    unknown_field_references,
)
from .css_model import CssDocument, CssNode
from .css_scan import (
    MAX_RENDERED_CSS_NESTING,
    check_css_tiling,
    css_nesting_depth,
    parse_css,
    serialize_css,
)
from .edit import (
    Edit,
    EditError,
    apply_edits,
    apply_edits_to_text,
    delete_node,
    insert_after,
    insert_before,
    remove_attribute,
    remove_declaration,
    rename_field,
    rename_field_everywhere,
    replace_node,
    set_attribute,
    set_declaration,
    set_filters,
)
from .model import (
    AnkiTagNode,
    AttributeNode,
    AvDirectiveNode,
    CommentNode,
    DeclarationNode,
    DelimiterNode,
    ElementNode,
    Node,
    RawNode,
    RawTextNode,
    SectionNode,
    TemplateDocument,
    TextNode,
)
from .notetype_document import CardTypeDocument, NoteTypeDocument
from .parser import parse_template
from .serialize import check_tiling, serialize
from .spans import LineIndex, Span

__all__ = [
    "MAX_RENDERED_CSS_NESTING",
    "SPECIAL_FIELDS",
    "AnkiTag",
    "AnkiTagNode",
    "AttributeNode",
    "AvDirectiveNode",
    "CardTypeDocument",
    "CommentNode",
    "CssDocument",
    "CssNode",
    "DeclarationNode",
    "DelimiterNode",
    "Edit",
    "EditError",
    "ElementNode",
    "Filter",
    "LineIndex",
    "Node",
    "NoteTypeDocument",
    "RawNode",
    "RawTextNode",
    "SectionNode",
    "Span",
    "TagKind",
    "TemplateDocument",
    "TemplateMode",
    "TemplateSyntaxError",
    "TextNode",
    "apply_edits",
    "apply_edits_to_text",
    "check_css_tiling",
    "check_tiling",
    "css_nesting_depth",
    "delete_node",
    "find_syntax_error",
    "insert_after",
    "insert_before",
    "lex_template",
    "parse_css",
    "parse_template",
    "remove_attribute",
    "remove_declaration",
    "rename_field",
    "rename_field_everywhere",
    "replace_node",
    "serialize",
    "serialize_css",
    "set_attribute",
    "set_declaration",
    "set_filters",
    "unknown_field_references",
]
