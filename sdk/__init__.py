"""The public, versioned surface of Anki Template Designer for plugin authors.

Only what is exported from this package is stable. `protocol` describes the JSON messages
the designer page and Python exchange; it is versioned by `PROTOCOL_VERSION`.
"""

from .protocol import PREFIX, PROTOCOL_VERSION, ErrorCode

SDK_VERSION = "0.1.0"

__all__ = ["PREFIX", "PROTOCOL_VERSION", "SDK_VERSION", "ErrorCode"]
