"""Validation of a draft note type: Anki's own checks plus our lints, as located diagnostics."""

from .diagnostic import Diagnostic, Severity, location_of
from .linter import Linter

__all__ = ["Diagnostic", "Linter", "Severity", "location_of"]
