"""Where a synced repository lives, named by a URL:

* ``file:///path`` — a folder (`FolderBackend`: atomic rename, lock-file compare-and-swap);
* ``webdav://host/path`` (``webdavs://`` for https) — `WebDavRemote`;
* ``s3://bucket/prefix`` — `S3Remote`, credentials from AWS_ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, region AWS_REGION/AWS_DEFAULT_REGION, endpoint
  `s3_endpoint` or AWS_ENDPOINT_URL (default AWS's regional endpoint).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ...backup.backend import ConditionalBackend
from ...backup.folder_backend import BackendError, FolderBackend


def open_remote(
    url: str, env: Mapping[str, str], s3_endpoint: str | None = None
) -> ConditionalBackend:
    """The backend `url` names; `BackendError` naming what is wrong otherwise."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost") or not parts.path:
            raise BackendError(f"{url!r}: a file URL names a local folder (file:///path)")
        return FolderBackend(Path(unquote(parts.path)))
    if parts.scheme in ("webdav", "webdavs"):
        from .webdav import WebDavRemote

        if not parts.hostname:
            raise BackendError(f"{url!r}: no server named")
        user, password = env.get("ATD_WEBDAV_USER"), env.get("ATD_WEBDAV_PASSWORD")
        scheme = "https" if parts.scheme == "webdavs" else "http"
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        return WebDavRemote(
            f"{scheme}://{host}{parts.path}", auth=(user, password or "") if user else None
        )
    if parts.scheme == "s3":
        from .s3 import S3Remote

        if not parts.netloc:
            raise BackendError(f"{url!r}: no bucket named (s3://bucket/prefix)")
        key, secret = env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")
        if not key or not secret:
            raise BackendError("S3 needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1"
        endpoint = s3_endpoint or env.get("AWS_ENDPOINT_URL")
        return S3Remote(
            endpoint or f"https://s3.{region}.amazonaws.com",
            parts.netloc,
            unquote(parts.path),
            key,
            secret,
            region=region,
            session_token=env.get("AWS_SESSION_TOKEN") or None,
        )
    raise BackendError(f"{url!r}: a remote is file://, webdav://, webdavs:// or s3://")
