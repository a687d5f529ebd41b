"""Encrypted backups of everything the user designs (issue #13), in the spirit of restic.

`repository.Repository` is the one object callers use: `create` (incremental snapshots of
note types as files), `restore` (all or one note type, a before-restore snapshot first),
`diff` (a snapshot against a collection), `prune` (retention), `verify` (`read_data`,
`repair` from a replica) and `audit` (the trail: `append`, `entries`, `verify`). Beneath
it: keys (`keys.py`), sealing (`crypto.py`), write-once storage (`folder_backend.py`,
`backend.py`), objects, packs and manifests (`store.py`, `pack_index.py`,
`compression.py`), the lock (`lock.py`), `retention.py`/`prune.py`, `diff.py`,
`replica.py`, `audit.py`. `atd backup` and `atd audit` (cli/) drive them."""

from .crypto import CryptoUnavailable, ObjectCipher, TamperedData
from .keys import KeyFile, RecoveryCode, WrongKey

__all__ = [
    "CryptoUnavailable",
    "KeyFile",
    "ObjectCipher",
    "RecoveryCode",
    "TamperedData",
    "WrongKey",
]
