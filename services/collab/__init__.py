"""The add-on's side of real-time collaboration (issue #16), Qt-free.

The designer page stays sealed (no request beyond 127.0.0.1): its Yjs y-protocol frames
travel over the bridge to `CollabRelay`, which carries them to and from the collaboration
server (`atd serve`, collab_server/) over ws:// or wss:// with the vendored websockets, on
its own thread and asyncio loop, reconnecting with backoff. pycrdt is never imported here.
"""

from .relay import Backoff, CollabRelay, RelayStatus
from .session import CollabSession

__all__ = ["Backoff", "CollabRelay", "CollabSession", "RelayStatus"]
