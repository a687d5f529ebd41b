"""An S3 bucket (or a prefix in one) as a sync remote, over `requests` with SigV4.

Write-once files use ``If-None-Match: *`` (412: already there, which for content-addressed
names means the same content); head refs use ``If-Match: <ETag>`` (412/409: the remote
changed → `RemoteChanged`). 5xx answers, connection errors and timeouts are retried with
exponential backoff; a retried conditional write that finds its own earlier attempt
landed reports `RemoteChanged`, and the engine's re-read finds its own content.
Path-style URLs (``endpoint/bucket/key``) so any S3-compatible server works.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import requests

from ...backup.folder_backend import BackendError, RemoteChanged
from .http_remote import HttpRemote, checked_name
from .sigv4 import sign

_NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"


class S3Remote(HttpRemote):
    def __init__(
        self,
        endpoint: str,
        bucket: str,
        prefix: str,
        access_key: str,
        secret_key: str,
        region: str = "us-east-1",
        session_token: str | None = None,
        retries: int = 4,
        timeout: float = 30.0,
        backoff: float = 0.2,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        parts = urlsplit(self.endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise BackendError(f"{endpoint!r} is not an http(s) S3 endpoint")
        self._host, self._base_path = parts.netloc, parts.path
        self.bucket, self.prefix = bucket, prefix.strip("/")
        self._credentials = (access_key, secret_key, region, session_token)
        super().__init__(retries, timeout, backoff, sleep)
        self.page_size = 1000  # keys per listing page (S3's most)

    def __repr__(self) -> str:
        return f"S3Remote({self.endpoint!r}, {self.bucket!r}, {self.prefix!r})"

    # -- the request --------------------------------------------------------------------
    def _key(self, name: str) -> str:
        checked_name(name)
        return f"{self.prefix}/{name}" if self.prefix else name

    def _file_request(self, method: str, name: str) -> requests.Response:
        return self._request(method, self._key(name))

    def _where(self, name: str) -> str:
        return f"s3://{self.bucket}/{self._key(name)}"

    def _request(
        self,
        method: str,
        key: str | None,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        query: Mapping[str, str] | None = None,
    ) -> requests.Response:
        path = f"{self._base_path}/{self.bucket}" + (f"/{key}" if key is not None else "")
        query = dict(query or {})
        what = f"{method} s3://{self.bucket}/{key or ''}"

        def attempt() -> requests.Response:
            signed = sign(method, self._host, path, query, body, *self._credentials)
            return self._session.request(
                method,
                self.endpoint.removesuffix(self._base_path) + path,
                params=query,
                data=body or None,
                headers={**signed, **(headers or {})},
                timeout=self.timeout,
                allow_redirects=False,
            )

        return self._send(method, what, body, attempt)

    def _fail(self, response: requests.Response, what: str) -> BackendError:
        code = ""
        try:
            code = ElementTree.fromstring(response.content).findtext("Code") or ""
        except ElementTree.ParseError:
            pass
        return BackendError(f"{what}: HTTP {response.status_code} {code}".rstrip())

    # -- Backend ------------------------------------------------------------------------
    def read_range(self, name: str, offset: int, length: int) -> bytes:
        if length <= 0:
            return b""
        headers = {"Range": f"bytes={offset}-{offset + length - 1}"}
        response = self._request("GET", self._key(name), headers=headers)
        if response.status_code == 416:
            return b""
        if response.status_code not in (200, 206):
            raise self._fail(response, f"read {name}")
        data = response.content
        return data[offset : offset + length] if response.status_code == 200 else data

    def create(self, name: str, data: bytes) -> bool:
        response = self._request("PUT", self._key(name), data, {"If-None-Match": "*"})
        if response.status_code in (409, 412):
            return False
        if response.status_code >= 300:
            raise self._fail(response, f"write {name}")
        return True

    def replace(self, name: str, data: bytes) -> None:
        response = self._request("PUT", self._key(name), data)
        if response.status_code >= 300:
            raise self._fail(response, f"write {name}")

    def replace_if(self, name: str, data: bytes, tag: str | None) -> str:
        condition = {"If-None-Match": "*"} if tag is None else {"If-Match": tag}
        response = self._request("PUT", self._key(name), data, condition)
        if response.status_code in (409, 412) or (tag is not None and response.status_code == 404):
            raise RemoteChanged(f"{name} changed on the remote since it was read")
        if response.status_code >= 300:
            raise self._fail(response, f"write {name}")
        return response.headers.get("ETag", "")

    def delete(self, name: str) -> None:
        response = self._request("DELETE", self._key(name))
        if response.status_code not in (200, 204, 404):
            raise self._fail(response, f"delete {name}")

    def list(self, prefix: str) -> list[str]:
        """Names under folder `prefix`, sorted, every page of the listing."""
        base = self._key(prefix).rstrip("/") + "/"
        strip = len(self.prefix) + 1 if self.prefix else 0
        names: list[str] = []
        query: dict[str, Any] = {
            "list-type": "2",
            "prefix": base,
            "max-keys": str(self.page_size),
        }
        while True:
            response = self._request("GET", None, query=query)
            if response.status_code != 200:
                raise self._fail(response, f"list {prefix}")
            root = ElementTree.fromstring(response.content)
            names += [k.text[strip:] for k in root.iter(f"{_NS}Key") if k.text]
            token = root.findtext(f"{_NS}NextContinuationToken")
            if root.findtext(f"{_NS}IsTruncated") != "true" or not token:
                return sorted(names)
            query = {**query, "continuation-token": token}
