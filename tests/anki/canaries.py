"""Canary servers for the preview's network tests: they must see nothing.

Each canary listens on a loopback address other than 127.0.0.1 (or on a port of
127.0.0.1 other than Anki's media server) and records every TCP connection or UDP
datagram that reaches it. A channel the preview failed to close shows up here, whether
or not a request interceptor saw it (WebRTC's STUN, QUIC, preconnect, DNS-named hosts).
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field

HTTP_OK = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
    b"Access-Control-Allow-Origin: *\r\nConnection: close\r\n\r\nok"
)


@dataclass
class Hit:
    kind: str
    peer: tuple[str, int]
    data: bytes


@dataclass
class Canary:
    """One listening socket (TCP or UDP) whose every contact is recorded."""

    host: str
    port: int = 0
    udp: bool = False
    hits: list[Hit] = field(default_factory=list)

    def __post_init__(self) -> None:
        kind = socket.SOCK_DGRAM if self.udp else socket.SOCK_STREAM
        self._sock = socket.socket(socket.AF_INET, kind)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((self.host, self.port))
        self.port = self._sock.getsockname()[1]
        if not self.udp:
            self._sock.listen(64)
        self._sock.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @property
    def origin(self) -> str:
        return f"{self.host}:{self.port}"

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.udp:
                    data, peer = self._sock.recvfrom(65536)
                    self.hits.append(Hit("udp", peer, data[:200]))
                    continue
                conn, peer = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._serve, args=(conn, peer), daemon=True).start()

    def _serve(self, conn: socket.socket, peer: tuple[str, int]) -> None:
        hit = Hit("tcp", peer, b"")
        self.hits.append(hit)  # the connection alone counts (preconnect sends nothing)
        conn.settimeout(1.0)
        try:
            hit.data = conn.recv(4096)[:300]
            if hit.data:
                conn.sendall(HTTP_OK)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self._sock.close()


class Canaries:
    """The set the preview tests use: TCP on 127.0.0.2 and 127.0.0.3, another port of
    127.0.0.1, and UDP on 127.0.0.2 (STUN's 3478 when free, and one for QUIC)."""

    def __init__(self) -> None:
        self.http = Canary("127.0.0.2")
        self.hints = Canary("127.0.0.3")
        self.same_host = Canary("127.0.0.1")
        try:
            self.stun = Canary("127.0.0.2", 3478, udp=True)
        except OSError:
            self.stun = Canary("127.0.0.2", 0, udp=True)
        self.quic = Canary("127.0.0.2", 0, udp=True)
        self.all = [self.http, self.hints, self.same_host, self.stun, self.quic]

    def hits(self) -> dict[str, list[Hit]]:
        names = ("http", "hints", "same_host", "stun", "quic")
        return {n: list(c.hits) for n, c in zip(names, self.all, strict=True) if c.hits}

    def close(self) -> None:
        for canary in self.all:
            canary.close()
