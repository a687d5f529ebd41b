"""`atd serve`: the collaboration server (collab_server/, not shipped in the add-on).

    atd serve [--host H] [--port P] [--data DIR] [--max-message BYTES]
              [--max-peers-per-room N] [--revocation-check SECONDS] [--ping-interval SECONDS]

Needs pycrdt and websockets (`pip install pycrdt websockets`); the add-on itself never
imports pycrdt. docs/collaboration.md says how to run it behind TLS.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path
from typing import Any, TextIO

DESCRIPTION = """\
Run the real-time collaboration server: one shared document per room (one room per
shared note type), Yjs sync and presence over WebSockets, rooms kept in SQLite under
--data so they survive a restart, roles enforced from signed invite tokens (make them with
`atd collab invite`). Clients connect to ws://HOST:PORT/rooms/ROOM with
"Authorization: Bearer TOKEN". Put it behind a TLS reverse proxy for wss:// (see
docs/collaboration.md).
"""


def add_command(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the collaboration server",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8765,
        help="port to listen on; 0 picks a free one (default 8765)",
    )
    parser.add_argument(
        "--data",
        default="collab-data",
        help="folder for rooms.sqlite3 and the signing secret secret.key (default ./collab-data)",
    )
    parser.add_argument(
        "--max-message",
        type=int,
        default=1024 * 1024,
        metavar="BYTES",
        help="largest message accepted; a larger one closes the connection (default 1 MiB)",
    )
    parser.add_argument(
        "--max-peers-per-room",
        type=int,
        default=200,
        metavar="N",
        help="connections one room accepts before refusing with 503 (default 200)",
    )
    parser.add_argument(
        "--revocation-check",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="how often revoked invites are looked up and their connections closed (default 2)",
    )
    parser.add_argument(
        "--ping-interval",
        type=float,
        default=20.0,
        metavar="SECONDS",
        help="keep-alive ping interval; dead connections are dropped (default 20)",
    )
    parser.add_argument("--verbose", action="store_true", help="log every refusal and join")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    try:
        from ..collab_server.server import CollabServer, Settings
    except ImportError as error:
        print(
            f"atd serve: {error.name or error} is missing: pip install pycrdt websockets",
            file=sys.stderr,
        )
        return 2
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(message)s",
    )
    settings = Settings(
        host=args.host,
        port=args.port,
        data=Path(args.data),
        max_message=args.max_message,
        max_peers_per_room=args.max_peers_per_room,
        revocation_check_s=args.revocation_check,
        ping_interval_s=args.ping_interval,
    )
    try:
        asyncio.run(CollabServer(settings).run())
    except KeyboardInterrupt:
        pass
    except OSError as error:
        print(f"atd serve: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 2
    return 0
