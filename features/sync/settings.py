"""Where the profile syncs to: the remote's URL (and an S3 endpoint and region) in
`atd-sync.json` in the profile folder, every secret (the repository passphrase, S3 keys,
the WebDAV login) in the secret store. Secrets go one way: in through `sync.configure`,
out only into `open_remote` and the engine; the page is told only which ones are set."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ...services.cloud_accounts.secret_store import SecretStore

SETTINGS_FILE = "atd-sync.json"
#: A bridge parameter -> its secret store account.
SECRETS = {
    "passphrase": "sync-passphrase",
    "s3AccessKeyId": "sync-s3-access-key-id",
    "s3SecretAccessKey": "sync-s3-secret-access-key",
    "s3SessionToken": "sync-s3-session-token",
    "webdavUser": "sync-webdav-user",
    "webdavPassword": "sync-webdav-password",
}
#: A bridge parameter -> the name `open_remote` reads it under.
REMOTE_ENV = {
    "s3AccessKeyId": "AWS_ACCESS_KEY_ID",
    "s3SecretAccessKey": "AWS_SECRET_ACCESS_KEY",
    "s3SessionToken": "AWS_SESSION_TOKEN",
    "webdavUser": "ATD_WEBDAV_USER",
    "webdavPassword": "ATD_WEBDAV_PASSWORD",
}


class SyncSettings:
    def __init__(self, folder: Path, secrets: SecretStore) -> None:
        self.folder = Path(folder)
        self.secrets = secrets

    def __repr__(self) -> str:
        return f"SyncSettings({self.folder})"

    @property
    def file(self) -> Path:
        return self.folder / SETTINGS_FILE

    def read(self) -> dict[str, str]:
        try:
            saved = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        return {key: str(saved.get(key) or "") for key in ("remote", "s3Endpoint", "s3Region")}

    def write(self, remote: str, s3_endpoint: str, s3_region: str) -> None:
        data = {"remote": remote, "s3Endpoint": s3_endpoint, "s3Region": s3_region}
        temporary = self.file.with_name(f".{SETTINGS_FILE}.tmp")
        temporary.write_text(json.dumps(data), encoding="utf-8")
        temporary.replace(self.file)

    def secret(self, name: str) -> str | None:
        return self.secrets.get(SECRETS[name])

    def set_secret(self, name: str, value: str | None) -> None:
        if value:
            self.secrets.put(SECRETS[name], value)
        else:
            self.secrets.delete(SECRETS[name])

    def remote_env(self, given: dict[str, Any] | None = None) -> dict[str, str]:
        """What `open_remote` reads (never the process environment): the stored secrets,
        or those in `given` where it names them."""
        given = given or {}
        env = {}
        for name, variable in REMOTE_ENV.items():
            value = given.get(name) or self.secret(name)
            if value:
                env[variable] = value
        region = given.get("s3Region") or self.read()["s3Region"]
        if region:
            env["AWS_REGION"] = region
        return env

    def state_path(self, remote: str) -> Path:
        """What this profile and `remote` last agreed on (one file per remote, as the CLI)."""
        digest = hashlib.sha256(remote.encode("utf-8")).hexdigest()[:12]
        return self.folder / f"atd-sync-state-{digest}.json"

    def shown(self) -> dict[str, Any]:
        """For the page: the non-secret settings, and which secrets are set."""
        saved = self.read()
        return {
            **saved,
            "configured": bool(saved["remote"]) and self.secret("passphrase") is not None,
            "secretsSet": sorted(name for name in SECRETS if self.secret(name) is not None),
        }
