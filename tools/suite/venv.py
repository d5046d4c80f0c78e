"""The virtualenv ``.venv``: created once, Odoo linked in, requirements installed.

The requirements (Odoo's and ours) are installed again only when a stamp in
``.venv`` no longer matches the digest of their contents and of the venv's
Python version.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .env import (
    REPO,
    RUN,
    VENV,
    VPY,
    SuiteError,
    elapsed,
    probe,
    relative,
    run_quiet,
    say,
    setting,
    tail,
)
from .odoo_tree import OdooTree, link_odoo, locate_odoo

DEPS_STAMP = VENV / ".suite-deps.sha256"
CONSTRAINTS = REPO / "tools" / "constraints.txt"
MIN_PYTHON = "3.10"


def venv_python_version() -> str | None:
    """The venv python's version ("3.11.7"), None if it has none or it fails."""
    if not VPY.exists():
        return None
    code, out, _err = probe(VPY, "version")
    return out.strip() if code == 0 else None


def ensure_venv() -> str:
    """Create (or re-create a broken) ``.venv``; return its Python version."""
    version = venv_python_version()
    if version is None and VENV.exists():
        say(f"{VENV.name} exists but its python does not run: recreating it")
        shutil.rmtree(VENV)
    if version is None:
        base = setting("SUITE_PYTHON", sys.executable)
        code, _out, _err = probe(base, "version", MIN_PYTHON)
        if code != 0:
            raise SuiteError(
                f"Odoo 18 needs Python >= {MIN_PYTHON} and {base} is older or"
                " broken; set SUITE_PYTHON=/path/to/python3.11"
            )
        say(f"creating the virtualenv {relative(VENV)} with {base}")
        proc = run_quiet([base, "-m", "venv", str(VENV)])
        if proc.returncode != 0:
            raise SuiteError(
                f"could not create {VENV}:\n{proc.stdout}\n"
                "(Debian's own python3 needs the python3-venv package)"
            )
        version = venv_python_version()
        if version is None:
            raise SuiteError(f"the new virtualenv's python {VPY} does not run")
    return version


def site_packages() -> Path:
    """The venv's site-packages folder."""
    code, out, err = probe(VPY, "purelib")
    if code != 0:
        raise SuiteError(f"cannot query the virtualenv: {err or out}")
    return Path(out.strip())


def requirement_files(tree: OdooTree | None, repo: Path = REPO) -> list[Path]:
    """Odoo's requirements.txt (when known), then the suite's."""
    files = []
    if tree and tree.requirements:
        files.append(tree.requirements)
    files.append(repo / "requirements.txt")
    return files


def deps_digest(files: list[Path], pyver: str) -> str:
    """Digest of the requirement files' contents and the Python version.

    Only contents count, not paths: worktrees of the repository that share one
    virtualenv (and identical requirements) share its stamp too."""
    digest = hashlib.sha256(pyver.encode())
    for path in files:
        data = path.read_bytes()
        digest.update(b"\0%d\0" % len(data) + data)
    return digest.hexdigest()


def pip_install(files: list[Path]) -> None:
    """``pip install -r`` each file into the venv (log in .run/pip-install.log)."""
    env = dict(os.environ)
    # cbor2==5.4.2 (Odoo's pin) does not build with setuptools >= 70 (no
    # pkg_resources): force the build environments onto an older setuptools.
    env["PIP_CONSTRAINT"] = str(CONSTRAINTS)
    env["PIP_BUILD_CONSTRAINT"] = str(CONSTRAINTS)
    args = [a for f in files for a in ("-r", str(f))]
    log = RUN / "pip-install.log"
    RUN.mkdir(exist_ok=True)
    start = time.monotonic()
    say("installing Python requirements (" + ", ".join(map(str, files)) + ")")
    with log.open("w") as out:
        proc = subprocess.run(
            [str(VPY), "-m", "pip", "install", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    if proc.returncode != 0:
        print(tail(log, 40), file=sys.stderr)
        raise SuiteError(
            f"pip install failed (full log: {relative(log)}). psycopg2 and"
            " python-ldap build from source: on Debian/Ubuntu install"
            " libpq-dev libldap2-dev libsasl2-dev gcc python3-dev"
        )
    say(f"Python requirements installed ({elapsed(start)})")


def ensure_python(need_odoo: bool = True) -> OdooTree | None:
    """The venv, Odoo linked into it and the requirements installed.

    Returns the Odoo tree (None only when ``need_odoo`` is false and no Odoo
    was found; then only our own requirements are installed)."""
    start = time.monotonic()
    pyver = ensure_venv()
    try:
        tree: OdooTree | None = locate_odoo()
    except SuiteError:
        if need_odoo:
            raise
        tree = None
    if tree:
        link_odoo(tree, site_packages())
    files = requirement_files(tree)
    stamp = deps_digest(files, pyver)
    if not DEPS_STAMP.is_file() or DEPS_STAMP.read_text().strip() != stamp:
        pip_install(files)
        if tree:
            code, out, _err = probe(VPY, "imports", "odoo", "pytest_odoo", cwd="/")
            if code != 0:
                raise SuiteError(f"Odoo does not import in .venv:\n{out}")
            DEPS_STAMP.write_text(stamp + "\n")
    where = f"Odoo 18.0 at {tree.root}" if tree else "no Odoo"
    say(f"Python {pyver} in .venv, {where}, requirements up to date ({elapsed(start)})")
    return tree
