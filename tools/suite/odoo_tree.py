"""Odoo 18.0's source tree: found in the venv, ODOO_SRC or the cache, or cloned.

Odoo is never imported here (this runs on the system python3): a tree is
recognised by reading ``odoo/release.py``, and the virtualenv is asked through
``probe.py`` whether it can already import Odoo.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .env import VPY, SuiteError, probe, say, setting

ODOO_SERIES = (18, 0)
ODOO_GIT_URL = "https://github.com/odoo/odoo"
ODOO_BRANCH = "18.0"
ODOO_PTH = "odoo-src.pth"
IN_VENV = "importable in .venv"
ODOO_HINT = (
    "Odoo 18.0 was not found. Provide it in one of these ways, then re-run:\n"
    "  * ODOO_SRC=/path/to/odoo-18.0 make ...   (an Odoo 18.0 source tree, the\n"
    "    folder holding odoo-bin, odoo/ and addons/), or\n"
    "  * put such a tree at {cache}\n"
    "    (e.g. git clone --depth 1 -b 18.0 {url} {cache})."
)


@dataclass
class OdooTree:
    """An Odoo 18.0 source tree usable by the suite."""

    root: Path  # folder holding the `odoo` package (and odoo-bin, addons/)
    origin: str  # where it came from, for messages

    @property
    def package(self) -> Path:
        """The ``odoo`` package folder."""
        return self.root / "odoo"

    @property
    def requirements(self) -> Path | None:
        """Odoo's own requirements.txt, if the tree has one."""
        path = self.root / "requirements.txt"
        return path if path.is_file() else None

    @property
    def addons_paths(self) -> list[Path]:
        """Odoo's addons folders: ``addons/`` (source trees) and ``odoo/addons``."""
        paths = []
        extra = self.root / "addons"
        if (extra / "web" / "__manifest__.py").is_file():
            paths.append(extra)
        paths.append(self.package / "addons")
        return paths

    def command(self) -> list[str]:
        """How to start this Odoo with the venv's python."""
        odoo_bin = self.root / "odoo-bin"
        if odoo_bin.is_file():
            return [str(VPY), str(odoo_bin)]
        return [str(VPY), "-m", "odoo"]


def odoo_release(package: Path) -> tuple | None:
    """``version_info`` of the ``odoo`` package folder, without importing Odoo."""
    release = package / "release.py"
    if not release.is_file():
        return None
    namespace: dict = {}
    try:
        # release.py is a file of plain assignments (version_info uses names
        # such as FINAL defined in it): running it alone is safe and exact.
        exec(compile(release.read_text(), str(release), "exec"), namespace)
    except Exception:  # a broken file just means "not usable"
        return None
    info = namespace.get("version_info")
    return tuple(info) if isinstance(info, tuple) else None


def usable_tree(root: Path, origin: str) -> OdooTree | None:
    """``root`` as an OdooTree if it holds Odoo 18.0 with its base addon."""
    info = odoo_release(root / "odoo")
    if info is None:
        return None
    if tuple(info[:2]) != ODOO_SERIES:
        say(f"ignoring Odoo {info[0]}.{info[1]} at {root} ({origin}): need 18.0")
        return None
    if not (root / "odoo" / "addons" / "base" / "__manifest__.py").is_file():
        say(f"ignoring {root} ({origin}): odoo/addons/base is missing")
        return None
    return OdooTree(root=root, origin=origin)


def odoo_in_venv() -> OdooTree | None:
    """The Odoo 18.0 the virtualenv already imports, if any."""
    if not VPY.exists():
        return None
    code, out, _err = probe(VPY, "odoo-locations", cwd="/")
    if code != 0:
        return None
    for location in json.loads(out or "[]"):
        tree = usable_tree(Path(location).parent, IN_VENV)
        if tree:
            return tree
    return None


def odoo_cache_dir() -> Path:
    """Where the suite keeps (or clones) its Odoo 18.0 tree."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "odoo-service-suite" / "odoo-18.0"


def clone_odoo(target: Path) -> OdooTree | None:
    """Shallow-clone Odoo 18.0 into ``target`` (through a ``.partial`` folder)."""
    if not shutil.which("git"):
        say("git is not installed: cannot clone Odoo")
        return None
    timeout = int(setting("SUITE_CLONE_TIMEOUT", "1800"))
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    say(f"cloning Odoo {ODOO_BRANCH} (shallow) into {target} - this takes a while")
    cmd = ["git", "clone", "--depth", "1", "-b", ODOO_BRANCH, ODOO_GIT_URL]
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0")
    try:
        proc = subprocess.run(
            [*cmd, str(partial)], env=env, timeout=timeout, capture_output=True
        )
    except subprocess.TimeoutExpired:
        say(f"git clone timed out after {timeout}s")
        shutil.rmtree(partial, ignore_errors=True)
        return None
    if proc.returncode != 0:
        err = proc.stderr.decode(errors="replace").strip().splitlines()
        say(f"git clone failed: {err[-1] if err else proc.returncode}")
        shutil.rmtree(partial, ignore_errors=True)
        return None
    partial.rename(target)
    return usable_tree(target, "git clone")


def locate_odoo() -> OdooTree:
    """Odoo 18.0, in this order: the venv, $ODOO_SRC, the cache, a git clone."""
    tree = odoo_in_venv()
    if tree:
        return tree
    src = setting("ODOO_SRC")
    if src:
        tree = usable_tree(Path(src).expanduser().resolve(), "ODOO_SRC")
        if tree:
            return tree
        say(f"ODOO_SRC={src} is not an Odoo 18.0 source tree")
    cache = odoo_cache_dir()
    if cache.exists():
        tree = usable_tree(cache, "cache")
        if tree:
            return tree
    else:
        tree = clone_odoo(cache)
        if tree:
            return tree
    raise SuiteError(ODOO_HINT.format(cache=cache, url=ODOO_GIT_URL))


def link_odoo(tree: OdooTree, site_packages: Path) -> None:
    """Make ``import odoo`` work in the venv through a .pth file."""
    if tree.origin == IN_VENV:
        return
    pth = site_packages / ODOO_PTH
    content = f"{tree.root}\n"
    if not pth.is_file() or pth.read_text() != content:
        pth.write_text(content)
        say(f"Odoo 18.0 from {tree.origin}: {tree.root} (linked via {pth.name})")
