"""Plain-Python services of the designer.

Nothing here imports `aqt` or PyQt (a test enforces it): services receive what they need
through their constructors, and `gui/` supplies the Qt-backed pieces.
"""
