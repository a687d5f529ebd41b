"""A websocket client that relays opaque y-protocol frames between the page and the server.

It never reads the document: frames from the page go to the server as they are, frames from
the server go to `on_frame`; the server's JSON notices (welcome, refused) and connection
changes go to `on_status`. Both callbacks run on the relay's thread: the GUI marshals them
to the main thread. While offline, frames from the page are dropped, not queued: on every
(re)connect the server sends its state vector and the page answers with everything the
server lacks (y-websocket's handshake), so edits made offline merge then.

A refused handshake (401/403/404: a forged, expired, revoked or wrong-room invite) stops
the relay with that reason; anything else retries with exponential backoff and jitter.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..._vendor.websockets.asyncio.client import ClientConnection, connect
from ..._vendor.websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException

log = logging.getLogger(__name__)

FATAL_STATUSES = frozenset({401, 403, 404})


@dataclass(frozen=True)
class RelayStatus:
    """`state` is connecting, online, offline, refused (no more retries) or closed."""

    state: str
    message: str = ""
    retry_in_s: float | None = None
    identity: dict[str, Any] | None = None  # the server's welcome: room, name, role
    notice: dict[str, Any] | None = None  # a `refused` notice about one update


@dataclass
class Backoff:
    first_s: float = 0.5
    factor: float = 2.0
    longest_s: float = 30.0
    jitter: float = 0.2
    _next: float = field(default=0.0, init=False)

    def reset(self) -> None:
        self._next = 0.0

    def next_delay(self, rng: random.Random) -> float:
        self._next = (
            self.first_s if self._next == 0 else min(self.longest_s, self._next * self.factor)
        )
        return self._next * (1 + rng.uniform(-self.jitter, self.jitter))


class CollabRelay:
    def __init__(
        self,
        url: str,
        token: str,
        on_frame: Callable[[bytes], None],
        on_status: Callable[[RelayStatus], None],
        backoff: Backoff | None = None,
        max_message: int = 1024 * 1024,
    ) -> None:
        if not url.startswith(("ws://", "wss://")):
            raise ValueError(f"collaboration server address must start ws:// or wss://: {url!r}")
        self.url = url
        self._token = token
        self._on_frame = on_frame
        self._on_status = on_status
        self._backoff = backoff or Backoff()
        self._max_message = max_message
        self._rng = random.Random()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="atd-collab-relay", daemon=True)
        self._connection: ClientConnection | None = None
        self._stopping = False
        self._stopped = threading.Event()

    # -- called from any thread -------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def send(self, frame: bytes) -> bool:
        """Queues one frame for the server; False while offline (the frame is dropped)."""
        if len(frame) > self._max_message:
            raise ValueError(f"frame of {len(frame)} bytes is over {self._max_message}")
        if self._connection is None or self._stopping:
            return False
        self._loop.call_soon_threadsafe(self._send_now, frame)
        return True

    def close(self, timeout_s: float = 5.0) -> None:
        if self._stopping:
            return
        self._stopping = True
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._wake)
            self._stopped.wait(timeout_s)

    @property
    def online(self) -> bool:
        return self._connection is not None

    # -- the relay's own thread ---------------------------------------------------------------
    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._main_task = self._loop.create_task(self._main())
        try:
            self._loop.run_until_complete(self._main_task)
        except asyncio.CancelledError:
            pass
        finally:
            self._loop.close()
            self._status(RelayStatus("closed"))
            self._stopped.set()

    def _wake(self) -> None:
        self._main_task.cancel()

    def _send_now(self, frame: bytes) -> None:
        connection = self._connection
        if connection is not None:
            self._loop.create_task(self._quiet_send(connection, frame))

    @staticmethod
    async def _quiet_send(connection: ClientConnection, frame: bytes) -> None:
        try:
            await connection.send(frame)
        except ConnectionClosed:
            pass

    def _status(self, status: RelayStatus) -> None:
        try:
            self._on_status(status)
        except Exception:
            log.exception("collab status listener failed")

    async def _main(self) -> None:
        tls = ssl.create_default_context() if self.url.startswith("wss://") else None
        while not self._stopping:
            self._status(RelayStatus("connecting"))
            try:
                async with connect(
                    self.url,
                    additional_headers={"Authorization": f"Bearer {self._token}"},
                    max_size=self._max_message,
                    open_timeout=10,
                    ssl=tls,
                ) as connection:
                    await self._session(connection)
                    reason = "the server closed the connection"
                    if connection.close_code is not None:
                        reason += f" ({connection.close_code} {connection.close_reason})"
                    if connection.close_code == 4003:
                        self._status(RelayStatus("refused", "invite revoked"))
                        return
            except InvalidStatus as error:
                status = error.response.status_code
                body = error.response.body.decode("utf-8", "replace").strip()
                if status in FATAL_STATUSES:
                    self._status(RelayStatus("refused", f"{status}: {body}"))
                    return
                reason = f"server answered {status}: {body}"
            except (OSError, TimeoutError, WebSocketException) as error:
                reason = f"cannot reach the server: {error}"
            finally:
                self._connection = None
            if self._stopping:
                return
            delay = self._backoff.next_delay(self._rng)
            self._status(RelayStatus("offline", reason, retry_in_s=delay))
            await asyncio.sleep(delay)

    async def _session(self, connection: ClientConnection) -> None:
        async for message in connection:
            if isinstance(message, str):
                notice = json.loads(message)
                if notice.get("type") == "welcome":
                    self._connection = connection
                    self._backoff.reset()
                    self._status(RelayStatus("online", identity=notice))
                else:
                    self._status(RelayStatus("online", notice=notice))
                continue
            try:
                self._on_frame(message)
            except Exception:
                log.exception("collab frame listener failed")
