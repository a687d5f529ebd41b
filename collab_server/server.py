"""The websockets server: checks the invite at the handshake, then runs each connection.

A client connects to `ws[s]://HOST:PORT/rooms/<room>` with `Authorization: Bearer <token>`.
A missing, forged, expired or revoked token, or one for another room, is refused at the
handshake with 401/403 and a one-line reason. Once in, binary frames are y-protocol
messages (room.py); the server's own notices are text frames of JSON:
`{"type": "welcome", "room", "name", "role"}` and `{"type": "refused", "code", "message"}`
when an update is dropped (the connection stays). A malformed frame or a text frame closes
the connection with 1007/1003; a frame over `max_message` bytes with 1009 (websockets).
Revocations (`atd collab revoke`) are picked up every `revocation_check_s` and close that
token's connections with 4003.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

from websockets.asyncio.server import Server, ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from . import wire
from .room import Peer, Refused, Room
from .store import Store
from .tokens import ROOM_NAME, Claims, TokenRefused, TokenSigner, load_or_create_secret

log = logging.getLogger("atd.collab")
ROOM_PREFIX = "/rooms/"
CLOSE_REVOKED = 4003


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8765
    data: Path = Path("collab-data")
    max_message: int = 1024 * 1024
    max_peers_per_room: int = 200
    revocation_check_s: float = 2.0
    ping_interval_s: float = 20.0


class CollabServer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        settings.data.mkdir(parents=True, exist_ok=True)
        self.store = Store(settings.data / "rooms.sqlite3")
        self.signer = TokenSigner(load_or_create_secret(settings.data))
        self.rooms: dict[str, Room] = {}
        self._claims: dict[ServerConnection, Claims] = {}
        self._peers: dict[ServerConnection, Peer] = {}

    # -- handshake --------------------------------------------------------------------------
    def _refuse(self, connection: ServerConnection, status: HTTPStatus, why: str) -> Response:
        log.info("refused %s: %s", connection.remote_address, why)
        return connection.respond(status, why + "\n")

    def process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        path = request.path.split("?", 1)[0]
        if not path.startswith(ROOM_PREFIX) or not ROOM_NAME.match(path[len(ROOM_PREFIX) :]):
            return self._refuse(connection, HTTPStatus.NOT_FOUND, "no such room path")
        room = path[len(ROOM_PREFIX) :]
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return self._refuse(connection, HTTPStatus.UNAUTHORIZED, "invite token missing")
        try:
            claims = self.signer.verify(header[len("Bearer ") :].strip())
            if self.store.is_revoked(claims.token_id):
                raise TokenRefused("revoked", "token has been revoked")
        except TokenRefused as error:
            return self._refuse(connection, HTTPStatus.UNAUTHORIZED, f"token {error.code}: {error}")
        if claims.room != room:
            return self._refuse(connection, HTTPStatus.FORBIDDEN, "token is for another room")
        current = self.rooms.get(room)
        if current is not None and len(current.peers) >= self.settings.max_peers_per_room:
            return self._refuse(connection, HTTPStatus.SERVICE_UNAVAILABLE, "room is full")
        self._claims[connection] = claims
        return None

    # -- connections ------------------------------------------------------------------------
    def _room(self, name: str) -> Room:
        room = self.rooms.get(name)
        if room is None:
            room = self.rooms[name] = Room(name, self.store)
        return room

    async def handle(self, connection: ServerConnection) -> None:
        claims = self._claims.pop(connection)
        room = self._room(claims.room)

        def send(frame: bytes | str) -> None:
            # Written at once, in order; a closed connection is skipped.
            broadcast([connection], frame)

        peer = Peer(claims, send)
        self._peers[connection] = peer
        welcome = {"type": "welcome", "room": room.name, "name": claims.name, "role": claims.role}
        await connection.send(json.dumps(welcome))
        room.join(peer)
        self.store.log(room.name, "join", claims.name, {"role": claims.role})
        try:
            async for frame in connection:
                if isinstance(frame, str):
                    await connection.close(1003, "text frames are not accepted")
                    break
                try:
                    room.receive(peer, frame)
                except Refused as refused:
                    notice = {"type": "refused", "code": refused.code, "message": str(refused)}
                    await connection.send(json.dumps(notice))
                except wire.MalformedMessage as error:
                    log.info("malformed frame from %s: %s", claims.name, error)
                    await connection.close(1007, f"malformed message: {error}"[:120])
                    break
        except ConnectionClosed:
            pass
        finally:
            self._peers.pop(connection, None)
            room.leave(peer)
            self.store.log(room.name, "leave", claims.name, {"role": claims.role})
            if not room.peers:
                room.close()
                self.rooms.pop(room.name, None)

    async def _watch_revocations(self) -> None:
        while True:
            await asyncio.sleep(self.settings.revocation_check_s)
            revoked = self.store.revoked()
            for connection, peer in list(self._peers.items()):
                if peer.claims.token_id in revoked:
                    self.store.log(peer.claims.room, "revoked-kick", peer.claims.name)
                    await connection.close(CLOSE_REVOKED, "invite revoked")

    async def run(self, ready: asyncio.Event | None = None) -> None:
        settings = self.settings
        async with serve(
            self.handle,
            settings.host,
            settings.port,
            process_request=self.process_request,
            max_size=settings.max_message,
            ping_interval=settings.ping_interval_s,
            server_header="atd-collab",
        ) as server:
            self._print_listening(server)
            watcher = asyncio.ensure_future(self._watch_revocations())
            if ready is not None:
                ready.set()
            try:
                await server.serve_forever()
            finally:
                watcher.cancel()
                self.store.close()

    def _print_listening(self, server: Server) -> None:
        for sock in server.sockets:
            host, port = sock.getsockname()[:2]
            # Tests and scripts read this line to learn the port (`--port 0`).
            print(f"atd serve: listening on ws://{host}:{port}/rooms/<room>", flush=True)


__all__ = ["CollabServer", "Settings"]
