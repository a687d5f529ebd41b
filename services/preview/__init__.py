"""Live preview: the unsaved draft rendered by Anki's own renderer, as the reviewer shows it."""

from .notes import NoteChoice, PreviewNotes
from .renderer import PreviewOptions, PreviewRenderer, RenderedCard

__all__ = [
    "NoteChoice",
    "PreviewNotes",
    "PreviewOptions",
    "PreviewRenderer",
    "RenderedCard",
]
