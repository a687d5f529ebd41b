"""The visual canvas's Python side (issue 4): compact trees for the page, its ops turned
into span edits of the lossless document model, and how fields look for a real note.

See docs/canvas-design.md; the bridge methods are `canvas.tree`, `canvas.edit` and
`canvas.display` (docs/bridge.md).
"""

from ..templates.parse_cache import ParseCache
from .service import CanvasService
from .tree_json import css_tree, template_tree, text_hash, tree_of

__all__ = ["CanvasService", "ParseCache", "css_tree", "template_tree", "text_hash", "tree_of"]
