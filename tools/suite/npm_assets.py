"""Front-end libraries from npm, copied into the addons that need them.

An addon with a ``package.json`` (and its ``package-lock.json``) pins its
libraries; its ``"odooAssets"`` key maps files or folders of ``node_modules``
to paths inside the addon (``static/lib/...``, git-ignored). ``npm ci
--omit=dev`` installs them again only when a stamp next to the copies no
longer matches the digest of the two files (as the requirements' stamp).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from .env import ADDONS_DIR, SuiteError, relative, run_quiet, say

STAMP_NAME = ".npm-assets.sha256"
LOCK_FILES = ("package.json", "package-lock.json")


def npm_addons(addons_dir: Path = ADDONS_DIR) -> list[Path]:
    """The addon folders with a ``package.json`` that names ``odooAssets``."""
    found = []
    for manifest in sorted(addons_dir.glob("*/package.json")):
        try:
            data = json.loads(manifest.read_text())
        except ValueError as exc:
            raise SuiteError(f"{relative(manifest)}: not JSON ({exc})") from None
        if data.get("odooAssets"):
            found.append(manifest.parent)
    return found


def asset_map(addon: Path) -> dict[str, str]:
    """``{node_modules path: addon path}`` of ``addon``'s package.json, each
    checked to stay inside its folder."""
    mapping = json.loads((addon / "package.json").read_text())["odooAssets"]
    for source, target in mapping.items():
        for path in (source, target):
            if Path(path).is_absolute() or ".." in Path(path).parts:
                raise SuiteError(f"{relative(addon)}/package.json: bad path {path!r}")
    return mapping


def digest(addon: Path) -> str:
    """Digest of the addon's package.json and package-lock.json."""
    sha = hashlib.sha256()
    for name in LOCK_FILES:
        path = addon / name
        sha.update(name.encode() + b"\0")
        sha.update(path.read_bytes() if path.is_file() else b"")
    return sha.hexdigest()


def stamp_path(addon: Path) -> Path:
    """The stamp sits in the folder of the first copy (static/lib/<lib>/)."""
    first_target = next(iter(asset_map(addon).values()))
    return (addon / first_target).parent / STAMP_NAME


def up_to_date(addon: Path) -> bool:
    """True when every copy exists and the stamp matches the lock files."""
    stamp = stamp_path(addon)
    if not stamp.is_file() or stamp.read_text().strip() != digest(addon):
        return False
    return all((addon / target).exists() for target in asset_map(addon).values())


def install(addon: Path, npm: str) -> None:
    """``npm ci --omit=dev`` in the addon, then copy the mapped files."""
    if not (addon / "package-lock.json").is_file():
        raise SuiteError(f"{relative(addon)}: package-lock.json is missing")
    proc = run_quiet(
        [npm, "ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=str(addon),
    )
    if proc.returncode != 0:
        raise SuiteError(f"npm ci failed in {relative(addon)}:\n{proc.stdout[-3000:]}")
    for source, target in asset_map(addon).items():
        src, dst = addon / "node_modules" / source, addon / target
        if not src.exists():
            raise SuiteError(f"{relative(addon)}: node_modules/{source} is missing")
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(src, dst)
        else:
            shutil.copy2(src, dst)
    stamp_path(addon).write_text(digest(addon) + "\n")


def ensure_npm_assets(addons_dir: Path = ADDONS_DIR) -> list[Path]:
    """Install the npm libraries of every addon that needs them (only when
    out of date); returns the addons installed now."""
    todo = [addon for addon in npm_addons(addons_dir) if not up_to_date(addon)]
    if not todo:
        return []
    npm = shutil.which("npm")
    if not npm:
        raise SuiteError(
            "npm is missing (Debian: apt-get install nodejs npm); needed for "
            + ", ".join(addon.name for addon in todo)
        )
    for addon in todo:
        say(f"npm: {addon.name}'s front-end libraries")
        install(addon, npm)
    return todo
