"""Fetching an index or a package: http(s) only, no redirects, a size cap, progress.

Only the index URL the user gave and the package URLs inside that (signed) index are
ever requested, so a redirect is refused rather than followed: it would send us to an
address nobody vouched for. Runs on a background thread (the caller's task), and reports
bytes received through `progress(received, total)`.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from ...sdk.errors import DesignerError
from .index import check_url

Progress = Callable[[int, int | None], None]
TIMEOUT_S = 30.0
_CHUNK = 64 * 1024


class DownloadFailed(DesignerError):
    """The address did not give us the file (the message says what happened)."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str):  # type: ignore[no-untyped-def]
        raise DownloadFailed(
            f"{req.full_url} redirects to {newurl}; only the addresses in the index are used"
        )


_OPENER = urllib.request.build_opener(_NoRedirects())


def fetch(
    url: str,
    max_bytes: int,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> bytes:
    check_url(url, "address")
    request = urllib.request.Request(url, headers={"User-Agent": "AnkiTemplateDesigner"})
    try:
        with _OPENER.open(request, timeout=TIMEOUT_S) as response:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            if total is not None and total > max_bytes:
                raise DownloadFailed(f"{url} is {total} bytes, more than {max_bytes}")
            received = bytearray()
            while chunk := response.read(_CHUNK):
                if cancelled():
                    raise DownloadFailed(f"the download of {url} was cancelled")
                received += chunk
                if len(received) > max_bytes:
                    raise DownloadFailed(f"{url} sends more than {max_bytes} bytes")
                if progress is not None:
                    progress(len(received), total)
            return bytes(received)
    except urllib.error.HTTPError as error:
        raise DownloadFailed(f"{url} answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise DownloadFailed(f"{url} cannot be reached: {error.reason}") from None
    except (TimeoutError, OSError) as error:
        raise DownloadFailed(f"{url} failed: {error}") from None
