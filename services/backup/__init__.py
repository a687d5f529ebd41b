"""Encrypted backups of everything the user designs (issue #13). Built so far: the keys
(`keys.py`: a master key wrapped per way in), the sealing of files (`crypto.py`: AES-256-GCM
bound to each file's name, keyed object names), write-once folder storage
(`folder_backend.py`) and content-addressed objects with snapshot manifests (`store.py`).
Still to come: packs, the lock, replicas, restore, verify/prune, the audit trail, `atd
backup` and the panel."""

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
