"""Extract from @mdn/browser-compat-data (pinned in web/package.json) only the entries
services/analytics/compat_features.py detects, into services/analytics/compat_data.json.

    python scripts/build_compat_data.py          # write the file
    python scripts/build_compat_data.py --check  # exit 1 when the file is out of date

For each feature and each browser a client uses: the first version that supports it
without a flag, prefix or alternative name (a string like "105", "15.4", "≤79"), or
null when unsupported or unknown, plus the version it was removed in, if any, and the
vendor-prefixed forms that work without a flag (`prefixed`: prefix and first version),
which the one-click compatibility fallback (services/analytics/fixes/) inserts.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BCD_PACKAGE = ROOT / "web" / "node_modules" / "@mdn" / "browser-compat-data"
FEATURES_MODULE = ROOT / "services" / "analytics" / "compat_features.py"
OUTPUT = ROOT / "services" / "analytics" / "compat_data.json"


def load_features() -> ModuleType:
    spec = importlib.util.spec_from_file_location("compat_features", FEATURES_MODULE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # NamedTuple needs its module registered
    spec.loader.exec_module(module)
    return module


def _statement(support: Any) -> dict[str, Any] | None:
    statements = support if isinstance(support, list) else [support]
    for statement in statements:
        if statement.get("flags") or statement.get("prefix") or statement.get("alternative_name"):
            continue
        if statement.get("partial_implementation"):
            continue
        found: dict[str, Any] = statement
        return found
    return None


def _prefixed(support: Any) -> list[dict[str, str]]:
    statements = support if isinstance(support, list) else [support]
    found = []
    for statement in statements:
        prefix, added = statement.get("prefix"), statement.get("version_added")
        if not prefix or statement.get("flags") or statement.get("partial_implementation"):
            continue
        if statement.get("version_removed") or not isinstance(added, str) or added == "preview":
            continue
        found.append({"prefix": prefix, "added": added})
    return found


def _entry(data: dict[str, Any], path: str, browsers: list[str]) -> dict[str, Any]:
    node: Any = data
    for key in path.split("."):
        if key not in node:
            raise SystemExit(f"build_compat_data: {path!r} is not in the data set ({key!r})")
        node = node[key]
    support = node["__compat"]["support"]
    found: dict[str, Any] = {}
    for browser in browsers:
        statement = _statement(support.get(browser, {"version_added": None}))
        added = None if statement is None else statement.get("version_added")
        removed = None if statement is None else statement.get("version_removed")
        found[browser] = {
            "added": added if isinstance(added, str) and added != "preview" else None,
            "removed": removed if isinstance(removed, str) else None,
        }
        prefixed = _prefixed(support.get(browser, {"version_added": None}))
        if prefixed:
            found[browser]["prefixed"] = prefixed
    return found


def build(data: dict[str, Any]) -> dict[str, Any]:
    features = load_features()
    browsers = sorted({e.browser for c in features.CLIENTS for e in c.engines})
    return {
        "source": {
            "package": "@mdn/browser-compat-data",
            "version": data["__meta"]["version"],
        },
        "clients": [
            {
                "id": c.id,
                "name": c.name,
                "engines": [{"browser": e.browser, "version": e.version} for e in c.engines],
                "why": c.why,
            }
            for c in features.CLIENTS
        ],
        "features": {f.path: _entry(data, f.path, browsers) for f in features.FEATURES},
    }


def render(data: dict[str, Any]) -> str:
    return json.dumps(build(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    source = BCD_PACKAGE / "data.json"
    if not source.is_file():
        print(f"build_compat_data: {source} missing: run `cd web && npm ci`", file=sys.stderr)
        return 2
    text = render(json.loads(source.read_text(encoding="utf-8")))
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.is_file() else ""
        if current != text:
            print(f"build_compat_data: {OUTPUT} is out of date; run the script", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
