"""Encrypted backups of everything the user designs (issue #13). Built so far: the keys
(`keys.py`: a master key wrapped per unlock method) and the sealing of objects
(`crypto.py`: AES-256-GCM, keyed object names). The repository, snapshots, the audit trail
and the panel are still to come."""

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
