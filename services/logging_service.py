"""The add-on's log: a rotating file in user_files/logs that never contains secrets.

Every module logs through `logging.getLogger(__name__)`; since all of them live below the
add-on's package, one handler on the package logger catches them all. The formatter
redacts secrets after formatting, so tracebacks and arguments are covered too.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import threading
from pathlib import Path

LOG_FILE_NAME = "designer.log"

_SECRET_ASSIGNMENT = re.compile(
    r"(?i)\b(token|passphrase|password|passwd|secret|api[_-]?key|authorization)\b"
    r"(\"?'?\s*[:=]\s*\"?'?)(?:bearer\s+)?[^\s\"',;}\]]+"
)
_BEARER = re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]+")
REDACTED = "***"


class SecretRegistry:
    """Values that must never appear in a log line, whatever the context."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()

    def add(self, value: str) -> None:
        if len(value) >= 4:  # very short values would redact ordinary words
            with self._lock:
                self._values.add(value)

    def redact(self, text: str) -> str:
        with self._lock:
            values = sorted(self._values, key=len, reverse=True)
        for value in values:
            text = text.replace(value, REDACTED)
        text = _SECRET_ASSIGNMENT.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
        return _BEARER.sub(f"Bearer {REDACTED}", text)


class RedactingFormatter(logging.Formatter):
    def __init__(self, secrets: SecretRegistry) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self._secrets = secrets

    def format(self, record: logging.LogRecord) -> str:
        return self._secrets.redact(super().format(record))


class LogService:
    """Owns the file handler on the add-on's package logger."""

    def __init__(
        self,
        logs_dir: Path,
        logger_name: str,
        *,
        level: str = "INFO",
        max_bytes: int = 1024 * 1024,
        backups: int = 3,
        secrets: SecretRegistry | None = None,
    ) -> None:
        logs_dir.mkdir(parents=True, exist_ok=True)
        self.secrets = secrets or SecretRegistry()
        self.path = logs_dir / LOG_FILE_NAME
        self.logger = logging.getLogger(logger_name)
        self._handler = logging.handlers.RotatingFileHandler(
            self.path,
            maxBytes=max_bytes,
            backupCount=backups,
            encoding="utf-8",
            # A lone surrogate from the page must not make the handler raise: Anki shows
            # anything written to stderr (where logging reports its own errors) as an
            # add-on problem.
            errors="backslashreplace",
            delay=True,
        )
        self._handler.setFormatter(RedactingFormatter(self.secrets))
        self.logger.addHandler(self._handler)
        # Handlers above ours (Anki's own log) would see unredacted records.
        self.logger.propagate = False
        self.set_level(level)

    def set_level(self, level: str) -> None:
        self.logger.setLevel(level)

    def flush(self) -> None:
        self._handler.flush()

    def close(self) -> None:
        self.logger.removeHandler(self._handler)
        self.logger.propagate = True
        self._handler.close()
