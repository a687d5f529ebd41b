"""The collaboration server behind `atd serve` (issue #16).

It holds one pycrdt document per room (one room per shared note type), speaks the Yjs
y-protocols (sync and awareness) over WebSockets, keeps every room in SQLite so it
survives a restart, and enforces roles: the role comes from a signed, expiring, revocable
invite token checked at the handshake, never from what a client says.

It is NOT part of the .ankiaddon (pycrdt has no Windows-on-ARM wheel): it runs wherever a
team puts it, `pip install anki-template-designer[server]`-style, and the add-on talks to
it with the pure-Python websockets client in services/collab/.

    tokens.py    invite tokens (HMAC-SHA256 with the server's secret), roles
    wire.py      bounds-checked reading and writing of y-protocol frames
    store.py     SQLite: room updates, revoked tokens, the activity log
    room.py      one room: its document, peers, presence, what each role may change
    server.py    the websockets server: handshake auth, the per-connection loop
"""
