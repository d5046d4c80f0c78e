"""Paths, settings, messages and the development ``odoo.conf``.

Everything here is shared by the other modules; nothing here starts a server or
changes the machine, except :func:`probe`, which runs ``probe.py`` with a given
Python.
"""

from __future__ import annotations

import configparser
import hashlib
import os
import subprocess
import time
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
REPO = PACKAGE.parent.parent
RUN = REPO / ".run"
VENV = REPO / ".venv"
VPY = VENV / "bin" / "python"
ADDONS_DIR = REPO / "addons"
TESTS_DIR = REPO / "tests"
PERF_DIR = TESTS_DIR / "perf"
DEV_CONF = REPO / "odoo.conf"
RUNTIME_CONF = RUN / "odoo.conf"
PROBE = PACKAGE / "probe.py"

FALSY_CONF_VALUES = ("False", "false", "None")


class SuiteError(Exception):
    """A failure explained to the user in one message (no traceback)."""


def say(msg: str) -> None:
    """Print a progress line, prefixed like every message of the tool."""
    print(f"[suite] {msg}", flush=True)


def setting(name: str, default: str = "") -> str:
    """The environment variable ``name``, stripped; ``default`` if unset or blank."""
    return os.environ.get(name, "").strip() or default


def elapsed(start: float) -> str:
    """Seconds since ``start`` (a ``time.monotonic()`` value), e.g. ``"3.2s"``."""
    return f"{time.monotonic() - start:.1f}s"


def tail(path: Path, lines: int = 60) -> str:
    """The last ``lines`` lines of a log file ("" if it cannot be read)."""
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(text[-lines:])


def run_quiet(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess:
    """Run ``cmd``, capturing stdout and stderr together as text."""
    return subprocess.run(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kwargs,  # type: ignore[arg-type]
    )


def sha8(text: str) -> str:
    """A short, stable digest of ``text`` (for folder names)."""
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def relative(path: Path) -> Path:
    """``path`` relative to the repository when inside it (for messages)."""
    try:
        return path.relative_to(REPO)
    except ValueError:
        return path


def probe(
    python: Path | str, *args: str, cwd: str | None = None
) -> tuple[int, str, str]:
    """Run ``probe.py <args>`` with ``python`` in isolated mode (-I: no script
    folder, user site or PYTHON* variables on its path; .pth files still apply).

    Returns (exit code, stdout, stderr)."""
    proc = subprocess.run(
        [str(python), "-I", str(PROBE), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
    )
    return proc.returncode, proc.stdout, proc.stderr


# ------------------------------------------------------------------ odoo.conf
def read_dev_conf(path: Path = DEV_CONF) -> configparser.ConfigParser:
    """The development configuration, with an ``[options]`` section always."""
    parser = configparser.ConfigParser(interpolation=None)
    if path.is_file():
        parser.read(path)
    if not parser.has_section("options"):
        parser.add_section("options")
    return parser


def conf_value(parser: configparser.ConfigParser, key: str) -> str:
    """An ``[options]`` value, "" when missing or Odoo's spelling of "unset"."""
    value = parser.get("options", key, fallback="").strip()
    return "" if value in FALSY_CONF_VALUES else value
