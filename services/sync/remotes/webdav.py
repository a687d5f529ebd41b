"""A WebDAV folder as a sync remote (Nextcloud, ownCloud, any RFC 4918 server).

Write-once files: ``PUT`` with ``If-None-Match: *``. Head refs: ``PUT`` with
``If-Match: <ETag>`` (412 → `RemoteChanged`). Missing parent folders are made with MKCOL;
listings walk PROPFIND ``Depth: 1`` (many servers refuse ``infinity``). 5xx answers,
connection errors and timeouts are retried with backoff.

The compare-and-swap is only as good as the server's ETags: a server whose ETag is
"inode-mtime(seconds)-size" (wsgidav's filesystem provider) gives the same tag to two
same-size writes within one second, so a caller writing head refs must make each new
head differ in size or wait a second (the engine, still to come, will add a nonce).
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Mapping
from urllib.parse import quote, unquote, urlsplit

import requests

from ...backup.folder_backend import BackendError, RemoteChanged
from .http_remote import HttpRemote, checked_name

_DAV = "{DAV:}"
_PROPFIND = (
    b'<?xml version="1.0" encoding="utf-8"?>'
    b'<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>'
)


class WebDavRemote(HttpRemote):
    def __init__(
        self,
        url: str,
        auth: tuple[str, str] | None = None,
        retries: int = 4,
        timeout: float = 30.0,
        backoff: float = 0.2,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise BackendError(f"{url!r} is not an http(s) WebDAV address")
        self.url = url.rstrip("/")
        self._base_path = unquote(parts.path.rstrip("/"))
        super().__init__(retries, timeout, backoff, sleep)
        self._session.auth = auth

    def __repr__(self) -> str:
        return f"WebDavRemote({self.url!r})"  # never the credentials

    def _href(self, name: str) -> str:
        return f"{self.url}/{quote(checked_name(name))}"

    def _file_request(self, method: str, name: str) -> requests.Response:
        return self._request(method, self._href(name))

    def _where(self, name: str) -> str:
        return f"{self.url}/{name}"

    def _request(
        self, method: str, url: str, body: bytes = b"", headers: Mapping[str, str] | None = None
    ) -> requests.Response:
        def attempt() -> requests.Response:
            return self._session.request(
                method, url, data=body or None, headers=dict(headers or {}),
                timeout=self.timeout, allow_redirects=False,
            )  # fmt: skip

        return self._send(method, f"{method} {url}", body, attempt)

    def _put(self, name: str, data: bytes, headers: Mapping[str, str]) -> requests.Response:
        response = self._request("PUT", self._href(name), data, headers)
        if response.status_code == 409:  # a parent folder is missing: make it, once
            parts = name.split("/")[:-1]
            for depth in range(1, len(parts) + 1):
                self._request("MKCOL", self._href("/".join(parts[:depth])))
            response = self._request("PUT", self._href(name), data, headers)
        return response

    # -- Backend ------------------------------------------------------------------------
    def read_range(self, name: str, offset: int, length: int) -> bytes:
        data = self.read(name)  # Range support varies between servers; files are small
        return data[offset : offset + length]

    def create(self, name: str, data: bytes) -> bool:
        response = self._put(name, data, {"If-None-Match": "*"})
        if response.status_code == 412:
            return False
        if response.status_code >= 300:
            raise BackendError(f"write {name}: HTTP {response.status_code}")
        return True

    def replace(self, name: str, data: bytes) -> None:
        response = self._put(name, data, {})
        if response.status_code >= 300:
            raise BackendError(f"write {name}: HTTP {response.status_code}")

    def replace_if(self, name: str, data: bytes, tag: str | None) -> str:
        condition = {"If-None-Match": "*"} if tag is None else {"If-Match": tag}
        response = self._put(name, data, condition)
        if response.status_code == 412 or (tag is not None and response.status_code == 404):
            raise RemoteChanged(f"{name} changed on the remote since it was read")
        if response.status_code >= 300:
            raise BackendError(f"write {name}: HTTP {response.status_code}")
        tagged = self.read_tagged(name)  # many servers send no ETag on PUT
        return response.headers.get("ETag") or (tagged[1] if tagged else "")

    def delete(self, name: str) -> None:
        response = self._request("DELETE", self._href(name))
        if response.status_code not in (200, 204, 404):
            raise BackendError(f"delete {name}: HTTP {response.status_code}")

    def list(self, prefix: str) -> list[str]:
        """Names of the files under folder `prefix`, sorted (walks PROPFIND Depth: 1)."""
        names: list[str] = []
        folders = [prefix.strip("/")]
        while folders:
            folder = folders.pop()
            response = self._request(
                "PROPFIND", self._href(folder) + "/", _PROPFIND, {"Depth": "1"}
            )
            if response.status_code == 404:
                continue
            if response.status_code != 207:
                raise BackendError(f"list {folder}: HTTP {response.status_code}")
            for item in ElementTree.fromstring(response.content).iter(f"{_DAV}response"):
                path = unquote(urlsplit(item.findtext(f"{_DAV}href") or "").path).rstrip("/")
                if not path.startswith(self._base_path + "/"):
                    continue
                name = path[len(self._base_path) + 1 :]
                if name == folder or not name.startswith(folder + "/"):
                    continue
                if item.find(f".//{_DAV}collection") is not None:
                    folders.append(name)
                elif not name.rsplit("/", 1)[-1].startswith("."):
                    names.append(name)
        return sorted(names)
