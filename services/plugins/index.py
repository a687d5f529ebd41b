"""The marketplace index: which plugins exist, where their packages are, and their
SHA-256, signed with Ed25519 by a key the user trusts.

The index file is an envelope around the exact bytes that were signed (so no JSON
canonicalisation is needed on either side)::

    {"format": "atd-plugin-index/1",
     "payload": "<base64 of the index JSON>",
     "signatures": [{"keyid": "<16 hex>", "signature": "<base64, 64 bytes>"}]}

and the payload is ``{"name": ..., "packages": [{"id", "name", "version", "url",
"sha256", "size", "description"}]}``. A package URL may be relative to the index's URL;
it must be http(s). Nothing in the payload is read before a trusted key's signature over
it checks out.
"""

from __future__ import annotations

import base64
import binascii
import json
import urllib.parse
from dataclasses import dataclass
from typing import Any

from packaging.version import InvalidVersion, Version

from ...sdk.errors import DesignerError
from ..validation import Problem, SchemaValidator, ValidationFailed
from . import signing
from .manifest import ID_PATTERN

FORMAT = "atd-plugin-index/1"
MAX_INDEX_BYTES = 2 * 1024 * 1024

ENVELOPE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "format": {"const": FORMAT},
        "payload": {"type": "string", "maxLength": MAX_INDEX_BYTES * 2},
        "signatures": {
            "type": "array",
            "minItems": 1,
            "maxItems": 16,
            "items": {
                "type": "object",
                "properties": {
                    "keyid": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
                    "signature": {"type": "string", "maxLength": 200},
                },
                "required": ["keyid", "signature"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["format", "payload", "signatures"],
    "additionalProperties": False,
}
PAYLOAD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 100},
        "packages": {
            "type": "array",
            "maxItems": 5000,
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string", "pattern": ID_PATTERN},
                    "name": {"type": "string", "minLength": 1, "maxLength": 100},
                    "version": {"type": "string", "maxLength": 64},
                    "url": {"type": "string", "minLength": 1, "maxLength": 2000},
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "size": {"type": "integer", "minimum": 1},
                    "description": {"type": "string", "maxLength": 2000},
                },
                "required": ["id", "name", "version", "url", "sha256"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["packages"],
    "additionalProperties": False,
}
_ENVELOPE = SchemaValidator(ENVELOPE_SCHEMA)
_PAYLOAD = SchemaValidator(PAYLOAD_SCHEMA)


class IndexRefused(DesignerError):
    """The index is not used: unsigned, signed by no trusted key, or malformed."""


@dataclass(frozen=True)
class IndexEntry:
    id: str
    name: str
    version: Version
    url: str  # absolute
    sha256: str
    size: int | None
    description: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "version": str(self.version),
            "url": self.url,
            "sha256": self.sha256,
            "size": self.size,
            "description": self.description,
        }


@dataclass(frozen=True)
class PluginIndex:
    url: str
    name: str
    signed_by: str  # the trusted key's name (or id)
    entries: dict[str, IndexEntry]


def check_url(url: str, where: str) -> str:
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise IndexRefused(f"{where}: {url!r} is not an http(s) address")
    return url


def _decode(text: str, where: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise IndexRefused(f"{where}: not base64") from None


def _json(data: bytes, what: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise IndexRefused(f"{what} is not JSON: {error}") from None


def verified_payload(data: bytes, url: str, keys: list[signing.TrustedKey]) -> tuple[bytes, str]:
    """The signed bytes and the name of the key that signed them, or IndexRefused."""
    if not keys:
        raise IndexRefused(
            "no trusted index key is set up (config plugin_index_trusted_keys): "
            "add the marketplace's public key first"
        )
    envelope = _json(data, f"the index {url}")
    problems = _ENVELOPE.problems(envelope)
    if problems:
        raise ValidationFailed(f"index {url}", problems)
    payload = _decode(envelope["payload"], f"{url}: /payload")
    by_id = {k.id: k for k in keys}
    for number, entry in enumerate(envelope["signatures"]):
        key = by_id.get(entry["keyid"])
        if key is None:
            continue
        signature = _decode(entry["signature"], f"{url}: /signatures/{number}/signature")
        if signing.verify(key.public_key, payload, signature):
            return payload, key.name or key.id
        raise IndexRefused(
            f"{url}: the signature by {key.name or key.id} does not match the index "
            "(it was changed after signing, or signed with another key)"
        )
    named = ", ".join(e["keyid"] for e in envelope["signatures"])
    raise IndexRefused(f"{url}: signed by no trusted key (signed by {named})")


def parse_index(data: bytes, url: str, keys: list[signing.TrustedKey]) -> PluginIndex:
    if len(data) > MAX_INDEX_BYTES:
        raise IndexRefused(f"{url}: larger than {MAX_INDEX_BYTES // 2**20} MiB")
    payload_bytes, signer = verified_payload(data, url, keys)
    payload = _json(payload_bytes, f"the index {url} (payload)")
    problems = _PAYLOAD.problems(payload)
    entries: dict[str, IndexEntry] = {}
    for number, item in enumerate(payload.get("packages", []) if not problems else []):
        where = f"/packages/{number}"
        try:
            version = Version(item["version"])
        except InvalidVersion:
            problems.append(Problem(f"{where}/version", f"{item['version']!r} is not a version"))
            continue
        absolute = urllib.parse.urljoin(url, item["url"])
        try:
            check_url(absolute, f"{where}/url")
        except IndexRefused as error:
            problems.append(Problem(f"{where}/url", str(error)))
            continue
        if item["id"] in entries and entries[item["id"]].version >= version:
            continue  # the newest version of each plugin is offered
        entries[item["id"]] = IndexEntry(
            item["id"],
            item["name"],
            version,
            absolute,
            item["sha256"],
            item.get("size"),
            item.get("description", ""),
        )
    if problems:
        raise ValidationFailed(f"index {url}", problems)
    return PluginIndex(url, payload.get("name", ""), signer, entries)


def build_index(payload: dict[str, Any], private_seed: bytes) -> bytes:
    """A signed index file (for publishers and tests)."""
    raw = json.dumps(payload, indent=1).encode("utf-8")
    signature = signing.sign(private_seed, raw)
    envelope = {
        "format": FORMAT,
        "payload": base64.b64encode(raw).decode("ascii"),
        "signatures": [
            {
                "keyid": signing.key_id(signing.public_key_of(private_seed)),
                "signature": base64.b64encode(signature).decode("ascii"),
            }
        ],
    }
    return json.dumps(envelope, indent=1).encode("utf-8")
