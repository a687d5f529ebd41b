"""Invite tokens: who may join which room with which role, until when.

A token is `atd1.<payload>.<signature>`, both parts base64url; the payload is JSON
`{"v":1,"room","role","name","exp","jti"}` and the signature is HMAC-SHA256 over the
payload part with the server's secret (a random 32-byte file in the data folder, 0600).
Only the server can mint or check them; `jti` lets one token be revoked (store.py).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PREFIX = "atd1"
#: Highest first. Owners and admins manage the team; editors change the document;
#: commenters add comments only; viewers only read.
ROLES = ("owner", "admin", "editor", "commenter", "viewer")
DOCUMENT_WRITERS = frozenset({"owner", "admin", "editor"})
COMMENT_WRITERS = DOCUMENT_WRITERS | {"commenter"}
ROOM_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
NAME_LIMIT = 64
MAX_TOKEN_CHARS = 2048


class TokenRefused(Exception):
    """A token that does not let its bearer in; `code` says why in one word."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Claims:
    room: str
    role: str
    name: str
    expires: int
    token_id: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load_or_create_secret(data_dir: Path) -> bytes:
    """The server's signing secret, made on first start (readable by its user only)."""
    path = data_dir / "secret.key"
    if path.exists():
        secret = path.read_bytes()
        if len(secret) < 32:
            raise TokenRefused("bad-secret", f"{path} holds {len(secret)} bytes, not 32")
        return secret
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secret)
    return secret


class TokenSigner:
    def __init__(self, secret: bytes, clock: Callable[[], float] = time.time) -> None:
        self._secret = secret
        self._clock = clock

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._secret, payload.encode("ascii"), hashlib.sha256).digest())

    def mint(self, room: str, role: str, name: str, lifetime_s: int) -> tuple[str, Claims]:
        if not ROOM_NAME.match(room):
            raise ValueError(f"room name {room!r} must be 1-128 of A-Z a-z 0-9 . _ -")
        if role not in ROLES:
            raise ValueError(f"role {role!r} is not one of {', '.join(ROLES)}")
        name = name.strip()
        if not name or len(name) > NAME_LIMIT:
            raise ValueError(f"name must be 1-{NAME_LIMIT} characters")
        if lifetime_s <= 0:
            raise ValueError("lifetime must be positive")
        claims = Claims(room, role, name, int(self._clock()) + lifetime_s, secrets.token_hex(8))
        body = {
            "v": 1,
            "room": claims.room,
            "role": claims.role,
            "name": claims.name,
            "exp": claims.expires,
            "jti": claims.token_id,
        }
        payload = _b64(json.dumps(body, separators=(",", ":")).encode("utf-8"))
        return f"{PREFIX}.{payload}.{self._sign(payload)}", claims

    def verify(self, token: str, revoked: set[str] | frozenset[str] = frozenset()) -> Claims:
        """The claims of a genuine, unexpired, unrevoked token; TokenRefused otherwise."""
        if len(token) > MAX_TOKEN_CHARS:
            raise TokenRefused("malformed", "token is too long")
        parts = token.split(".")
        if len(parts) != 3 or parts[0] != PREFIX:
            raise TokenRefused("malformed", "not an atd1 invite token")
        _, payload, signature = parts
        if not hmac.compare_digest(self._sign(payload), signature):
            raise TokenRefused("forged", "token signature does not match this server")
        try:
            body = json.loads(_unb64(payload))
            claims = Claims(
                str(body["room"]),
                str(body["role"]),
                str(body["name"]),
                int(body["exp"]),
                str(body["jti"]),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise TokenRefused("malformed", f"token payload unreadable: {error}") from None
        if claims.role not in ROLES:
            raise TokenRefused("malformed", f"unknown role {claims.role!r}")
        if claims.expires <= self._clock():
            raise TokenRefused("expired", "token has expired")
        if claims.token_id in revoked:
            raise TokenRefused("revoked", "token has been revoked")
        return claims


def token_id_of(token: str) -> str:
    """The `jti` of a token without checking it (for `atd collab revoke TOKEN`)."""
    try:
        return str(json.loads(_unb64(token.split(".")[1]))["jti"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise ValueError("not an atd1 invite token") from None
