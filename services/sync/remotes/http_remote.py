"""What the HTTP remotes (S3, WebDAV) share: checked file names, one request retried with
growing backoff on 5xx answers, dropped connections and timeouts (never on 4xx), the
bytes uploaded counted, and the reads every `Backend` makes the same way."""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Callable

import requests

from ...backup.folder_backend import BackendError


def checked_name(name: str) -> str:
    """A repository file name (relative, no empty, `.` or `..` part), or BackendError."""
    if not name or name.startswith("/") or any(p in ("", ".", "..") for p in name.split("/")):
        raise BackendError(f"{name!r} is not a repository file name")
    return name


class HttpRemote(ABC):
    """Subclasses send a file's request in `_file_request` and name a file in `_where`."""

    def __init__(
        self, retries: int, timeout: float, backoff: float, sleep: Callable[[float], None]
    ) -> None:
        self.retries, self.timeout, self.backoff, self._sleep = retries, timeout, backoff, sleep
        self._session = requests.Session()
        self.sent_bytes = 0  # bodies uploaded (the bench's "bytes sent")

    def _send(
        self, method: str, what: str, body: bytes, attempt: Callable[[], requests.Response]
    ) -> requests.Response:
        """`attempt()` until an answer below 500 comes, at most `retries` + 1 times."""
        failure = ""
        for tries in range(self.retries + 1):
            try:
                response = attempt()
            except (requests.ConnectionError, requests.Timeout) as error:
                failure = type(error).__name__
            else:
                if response.status_code < 500:
                    if method == "PUT" and response.status_code < 300:
                        self.sent_bytes += len(body)
                    return response
                failure = f"HTTP {response.status_code}"
            if tries < self.retries:
                self._sleep(self.backoff * 2**tries * (1 + random.random()))
        raise BackendError(f"{what}: failed after {self.retries + 1} tries ({failure})")

    @abstractmethod
    def _file_request(self, method: str, name: str) -> requests.Response:
        """One request about file `name` (S3: signed; WebDAV: with its auth)."""

    @abstractmethod
    def _where(self, name: str) -> str:
        """How errors name file `name` (its URL without credentials)."""

    def _fail(self, response: requests.Response, what: str) -> BackendError:
        return BackendError(f"{what}: HTTP {response.status_code}")

    # -- reads, the same for every HTTP remote ----------------------------------------
    def exists(self, name: str) -> bool:
        return self.size(name) >= 0

    def size(self, name: str) -> int:
        response = self._file_request("HEAD", name)
        if response.status_code == 404:
            return -1
        if response.status_code != 200:
            raise self._fail(response, f"size of {name}")
        return int(response.headers.get("Content-Length", "0"))

    def read(self, name: str) -> bytes:
        tagged = self.read_tagged(name)
        if tagged is None:
            raise BackendError(f"{self._where(name)}: no such file")
        return tagged[0]

    def read_tagged(self, name: str) -> tuple[bytes, str] | None:
        response = self._file_request("GET", name)
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise self._fail(response, f"read {name}")
        return response.content, response.headers.get("ETag", "")
