"""MathJax blocks: two canvas blocks whose content comes from a JS module (blocks.js).

Python only declares the blocks (id, label, category, module); the designer runs
blocks.js in a Web Worker with no bridge, no DOM and no network, and the content it hands
back is cleaned before it reaches a template (docs/plugins.md, "JS plugins").
"""

from atd_sdk import CanvasBlock, hookimpl

MODULE = "blocks.js"
CATEGORY = "Math"


@hookimpl
def atd_canvas_blocks(context):
    return [
        CanvasBlock("math-inline", "Math (MathJax)", MODULE, CATEGORY, metadata={"icon": "x²"}),
        CanvasBlock(
            "math-display", "Display math (MathJax)", MODULE, CATEGORY, metadata={"icon": "∫"}
        ),
    ]
