"""The remote's one mutable file, ``refs/head``: which snapshot the machines agree on.

It is sealed like every other repository file (bound to its name), and changed only by
compare-and-swap (`replace_if`). Each head carries a fresh random nonce (a retried write
whose answer was lost is recognised as our own on re-reading) and a sequence number; its
length is padded so that it is ``seq`` modulo `SIZE_CYCLE`: two consecutive heads never
have the same size. That matters for servers whose ETag is "inode-mtime(seconds)-size"
(wsgidav): two different heads written within one second still get different tags, so
a writer holding the old tag cannot overwrite the new head.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from ..backup.crypto import ObjectCipher, TamperedData

HEAD = "refs/head"
SIZE_CYCLE = 1024


@dataclass(frozen=True)
class Head:
    snapshot: str
    seq: int
    nonce: str
    machine: str = ""

    @classmethod
    def next(cls, previous: Head | None, snapshot: str, machine: str) -> Head:
        return cls(snapshot, (previous.seq + 1) if previous else 1, secrets.token_hex(16), machine)

    def seal(self, cipher: ObjectCipher) -> bytes:
        fields = {"snapshot": self.snapshot, "seq": self.seq, "nonce": self.nonce}
        fields["machine"] = self.machine
        bare = len(json.dumps({**fields, "pad": ""}, sort_keys=True).encode())
        fields["pad"] = "." * ((self.seq - bare) % SIZE_CYCLE)
        return cipher.seal(HEAD, json.dumps(fields, sort_keys=True).encode())

    @classmethod
    def open(cls, cipher: ObjectCipher, blob: bytes) -> Head:
        try:
            data = json.loads(cipher.open(HEAD, blob))
            return cls(
                str(data["snapshot"]),
                int(data["seq"]),
                str(data["nonce"]),
                str(data.get("machine", "")),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise TamperedData(f"{HEAD} is not a sync head ({error})") from None
