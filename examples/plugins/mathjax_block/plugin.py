"""MathJax blocks: two canvas blocks and a "Math help" side-bar panel, written in JS.

Python only declares them (id, label, category, module); the designer runs blocks.js and
panel.js each in a Web Worker with no bridge, no DOM and no network. Block content a
worker hands back is cleaned before it reaches a template, and the panel's view is drawn
as text (docs/plugins.md, "JS plugins").
"""

from atd_sdk import CanvasBlock, Panel, hookimpl

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


@hookimpl
def atd_panels(context):
    return [Panel("math-help", "Math help", "panel.js")]
