"""Encrypted backups of everything the user designs (issue #13). Built so far: the keys
(`keys.py`: a master key wrapped per way in), the sealing of files (`crypto.py`: AES-256-GCM
bound to each file's name, keyed object names), write-once folder storage
(`folder_backend.py`) and content-addressed objects with snapshot manifests (`store.py`).
`atd backup` (cli/backup.py) creates, lists, verifies and restores. Still to come: packs,
the lock, replicas, prune, diff, the audit trail and the panel."""

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
