"""The audit trail: an append-only, hash-chained, keyed log of what was done to the user's
designs (saves, restores, backups, prunes, plugin installs; later role changes).

`audit.jsonl` in the repository holds one line per entry: `seq`, `prev` (the previous
entry's MAC), the entry itself sealed (time, profile, action, target: note type names are
not readable in the repository), and `mac`, an HMAC-SHA256 over all of that under a key
derived from the master key. `audit.head` (sealed) holds the last entry's seq and MAC,
rewritten after each append. So:

* an edited entry fails its MAC; a deleted or reordered one breaks the seq/prev chain;
* a truncated log ends before the head says it does; a torn last line (a process killed
  mid-append) is noted, not counted as damage. A log longer than its head (killed
  between the append and the head's rewrite) is fine: the head is a lower bound.

Appends hold the repository lock. With a replica, the log and its head are copied there
after each append (`mirror`), so the trail survives the loss of the repository folder.
What cannot be detected without a copy kept elsewhere: the log and its head both put back
together from an older state of the same repository.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .crypto import TamperedData, derive, open_sealed, seal
from .lock import RepositoryLock

LOG, HEAD = "audit.jsonl", "audit.head"
GENESIS = "0" * 64


@dataclass
class AuditReport:
    entries: int = 0
    #: "entry N" (or the file) -> what is wrong with it
    problems: dict[str, str] = field(default_factory=dict)
    #: not damage: a torn line left by a process killed mid-append (the chain skips it)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class AuditLog:
    def __init__(
        self,
        root: Path,
        master: bytes,
        lock: RepositoryLock,
        clock: Any = time.time,
        mirror: Path | None = None,
    ) -> None:
        self.path, self.head_path = root / LOG, root / HEAD
        self.mirror = mirror
        self._mac_key = derive(master, "audit/mac")
        self._seal_key = derive(master, "audit/seal")
        self._lock = lock
        self._clock = clock

    def __repr__(self) -> str:
        return f"AuditLog({str(self.path)!r})"

    def _mac(self, seq: int, prev: str, sealed: str) -> str:
        message = f"{seq}\n{prev}\n{sealed}".encode()
        return hmac.new(self._mac_key, message, hashlib.sha256).hexdigest()

    def _lines(self) -> list[bytes]:
        try:
            return self.path.read_bytes().split(b"\n")
        except FileNotFoundError:
            return [b""]

    def _last(self) -> tuple[int, str]:
        seq, prev = 0, GENESIS
        for raw in self._lines():
            if raw.strip():
                try:
                    record = json.loads(raw)
                    seq, prev = int(record["seq"]), str(record["mac"])
                except (ValueError, KeyError, TypeError):
                    continue
        return seq, prev

    def append(self, action: str, target: str, profile: str) -> None:
        """Add one entry (time, profile, action, target), chained to the last."""
        for label, value in (("action", action), ("target", target), ("profile", profile)):
            if not isinstance(value, str):
                raise TypeError(f"an audit entry's {label} is text")
        if not action:
            raise ValueError("an audit entry needs an action")
        with self._lock("audit append"):
            last_seq, prev = self._last()
            seq = last_seq + 1
            entry = {"time": self._clock(), "profile": profile, "action": action, "target": target}
            sealed = base64.b64encode(
                seal(
                    self._seal_key,
                    json.dumps(entry, sort_keys=True).encode(),
                    f"audit:{seq}".encode(),
                )
            ).decode("ascii")
            mac = self._mac(seq, prev, sealed)
            record = {"seq": seq, "prev": prev, "entry": sealed, "mac": mac}
            line = (json.dumps(record, sort_keys=True) + "\n").encode()
            with open(self.path, "ab") as out:
                if out.tell() and not self.path.read_bytes().endswith(b"\n"):
                    out.write(b"\n")  # a torn last line stays torn, on its own line
                out.write(line)
                out.flush()
                os.fsync(out.fileno())
            self._write_head(seq, mac)
            if self.mirror is not None:
                for source in (self.path, self.head_path):
                    _copy_atomically(source, self.mirror / source.name)

    def _write_head(self, seq: int, mac: str) -> None:
        body = seal(self._seal_key, json.dumps({"seq": seq, "mac": mac}).encode(), b"audit-head")
        temporary = self.head_path.with_name(f".{HEAD}.tmp")
        with open(temporary, "wb") as out:
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self.head_path)

    def _read(self, report: AuditReport | None) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = []
        expected_seq, prev = 1, GENESIS
        lines = self._lines()

        def problem(where: str, what: str) -> None:
            if report is None:
                raise TamperedData(f"{self.path}: {where}: {what}")
            report.problems.setdefault(where, what)

        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
                seq, sealed, mac = int(record["seq"]), str(record["entry"]), str(record["mac"])
                record_prev = str(record["prev"])
            except (ValueError, KeyError, TypeError):
                if raw.startswith(b"{") and not raw.rstrip().endswith(b"}"):
                    if report is not None:  # a process killed mid-append: not damage
                        report.notes.append(f"line {number} is torn (a write was interrupted)")
                    continue
                problem(f"line {number}", "not an audit entry")
                continue
            where = f"entry {seq}"
            if not hmac.compare_digest(self._mac(seq, record_prev, sealed), mac):
                problem(where, "its MAC does not match (the entry was edited)")
                continue
            if seq != expected_seq or record_prev != prev:
                problem(
                    where,
                    f"expected entry {expected_seq} here: entries were deleted, reordered "
                    "or inserted before it",
                )
            try:
                entry = json.loads(
                    open_sealed(
                        self._seal_key, base64.b64decode(sealed), f"audit:{seq}".encode(), where
                    )
                )
            except (TamperedData, ValueError) as error:
                problem(where, str(error))
                continue
            entries.append({"seq": seq, **entry, "prev": record_prev, "mac": mac})
            expected_seq, prev = seq + 1, mac
        head = self._head(problem)
        if head is not None:
            head_seq, head_mac = head
            by_seq = {e["seq"]: e["mac"] for e in entries}
            if head_seq >= expected_seq:
                problem(
                    HEAD,
                    f"the log should reach entry {head_seq} but ends at {expected_seq - 1} "
                    "(truncated)",
                )
            elif by_seq.get(head_seq) != head_mac:
                problem(HEAD, f"entry {head_seq} is not the one the head recorded")
        if report is not None:
            report.entries = len(entries)
        return entries

    def _head(self, problem: Any) -> tuple[int, str] | None:
        try:
            blob = self.head_path.read_bytes()
        except FileNotFoundError:
            if self.path.exists() and self.path.stat().st_size:
                problem(HEAD, "missing (the log cannot be checked for truncation)")
            return None
        try:
            data = json.loads(open_sealed(self._seal_key, blob, b"audit-head", HEAD))
            return int(data["seq"]), str(data["mac"])
        except (TamperedData, ValueError, KeyError, TypeError) as error:
            problem(HEAD, f"does not open ({error})")
            return None

    def entries(self) -> list[dict[str, Any]]:
        """Every entry, oldest first: seq, time, profile, action, target, prev, mac
        (TamperedData when the log does not verify)."""
        return self._read(None)

    def verify(self) -> AuditReport:
        report = AuditReport()
        self._read(report)
        return report


def entries_jsonl(entries: list[dict[str, Any]]) -> str:
    """The entries as JSON Lines, one sorted-key object a line (`atd audit export`)."""
    return "".join(json.dumps(entry, sort_keys=True) + "\n" for entry in entries)


def _copy_atomically(source: Path, target: Path) -> None:
    temporary = target.with_name(f".{target.name}.tmp")
    with open(temporary, "wb") as out:
        out.write(source.read_bytes())
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, target)
