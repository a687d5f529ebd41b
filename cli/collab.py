"""`atd collab`: the team side of the collaboration server, run where its --data lives.

    atd collab invite --data DIR --room ROOM --role ROLE --name NAME [--expires 7d]
    atd collab revoke --data DIR TOKEN_OR_ID
    atd collab activity --data DIR [--room ROOM] [--limit N]

`invite` prints a signed token (paste it into the designer's Team panel); `revoke` makes
the server refuse it and close its connections within seconds; `activity` lists joins,
leaves, invites and revokes, newest first.
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from pathlib import Path
from typing import Any, TextIO

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def duration(text: str) -> int:
    match = re.fullmatch(r"(\d{1,6})([smhd])", text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration like 30m, 12h or 7d")
    return int(match.group(1)) * UNITS[match.group(2)]


def add_command(subparsers: Any) -> None:
    parser = subparsers.add_parser("collab", help="invite, revoke, activity of a collab server")
    actions = parser.add_subparsers(dest="collab_action", metavar="ACTION", required=True)

    invite = actions.add_parser("invite", help="print a signed invite token")
    invite.add_argument("--data", required=True, help="the server's --data folder")
    invite.add_argument("--room", required=True, help="room (shared note type) name")
    invite.add_argument(
        "--role", required=True, choices=("owner", "admin", "editor", "commenter", "viewer")
    )
    invite.add_argument("--name", required=True, help="the person's name shown to others")
    invite.add_argument(
        "--expires", type=duration, default=7 * 86400, help="lifetime like 12h or 7d (default 7d)"
    )
    invite.set_defaults(handler=_invite)

    revoke = actions.add_parser("revoke", help="revoke a token (by the token or its id)")
    revoke.add_argument("--data", required=True, help="the server's --data folder")
    revoke.add_argument("token", help="the token, or the id `invite` printed")
    revoke.set_defaults(handler=_revoke)

    activity = actions.add_parser("activity", help="joins, leaves, invites, revokes")
    activity.add_argument("--data", required=True, help="the server's --data folder")
    activity.add_argument("--room", help="only this room")
    activity.add_argument("--limit", type=int, default=50)
    activity.set_defaults(handler=_activity)


def _open(data: str) -> tuple[Any, Any]:
    from ..collab_server.store import Store
    from ..collab_server.tokens import TokenSigner, load_or_create_secret

    folder = Path(data)
    return Store(folder / "rooms.sqlite3"), TokenSigner(load_or_create_secret(folder))


def _invite(args: argparse.Namespace, out: TextIO) -> int:
    store, signer = _open(args.data)
    try:
        token, claims = signer.mint(args.room, args.role, args.name, args.expires)
    except ValueError as error:
        print(f"atd collab invite: {error}", file=sys.stderr)
        return 2
    store.log(claims.room, "invite", claims.name, {"role": claims.role, "id": claims.token_id})
    store.close()
    until = datetime.datetime.fromtimestamp(claims.expires, datetime.timezone.utc)
    print(token, file=out)
    print(
        f"id {claims.token_id}: {claims.name} as {claims.role} in {claims.room} until "
        f"{until:%Y-%m-%d %H:%M} UTC",
        file=sys.stderr,
    )
    return 0


def _revoke(args: argparse.Namespace, out: TextIO) -> int:
    from ..collab_server.tokens import token_id_of

    token_id = args.token
    if "." in token_id:
        try:
            token_id = token_id_of(token_id)
        except ValueError as error:
            print(f"atd collab revoke: {error}", file=sys.stderr)
            return 2
    if not re.fullmatch(r"[0-9a-f]{16}", token_id):
        print(f"atd collab revoke: {token_id!r} is not a token id", file=sys.stderr)
        return 2
    store, _ = _open(args.data)
    store.revoke(token_id)
    store.log("*", "revoke", "-", {"id": token_id})
    store.close()
    print(f"revoked {token_id}", file=out)
    return 0


def _activity(args: argparse.Namespace, out: TextIO) -> int:
    store, _ = _open(args.data)
    for entry in store.activity(args.room, args.limit):
        at = datetime.datetime.fromtimestamp(entry["at"], datetime.timezone.utc)
        print(
            f"{at:%Y-%m-%d %H:%M:%S} {entry['room']} {entry['kind']} {entry['name']} "
            f"{entry['detail']}",
            file=out,
        )
    store.close()
    return 0
