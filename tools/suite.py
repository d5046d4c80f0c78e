#!/usr/bin/env python3
"""Developer tooling of the Field Service Suite (standard library only).

Run it with any Python >= 3.10 (the Makefile uses the system ``python3``)::

    python3 tools/suite.py run      # set up everything, serve Odoo on :8069
    python3 tools/suite.py test     # fresh test database + pytest (pytest-odoo)
    python3 tools/suite.py lint     # ruff format --check, ruff check, pylint-odoo
    python3 tools/suite.py bench    # benchmarks in tests/perf/ (pytest -s)
    python3 tools/suite.py stop     # stop `run`'s Odoo and the embedded PostgreSQL
    python3 tools/suite.py clean-db # drop the suite's databases and filestores

Every command does its own set-up, idempotently: the virtualenv (.venv), Odoo
18.0 (made importable with a .pth file), the Python requirements (skipped while
a stamp is unchanged) and PostgreSQL (an existing server given by PGHOST/PGPORT,
or a private cluster under .run/). See README.md for the environment variables.
"""

from __future__ import annotations

import argparse
import ast
import configparser
import glob
import hashlib
import json
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUN = REPO / ".run"
VENV = REPO / ".venv"
VPY = VENV / "bin" / "python"
ADDONS_DIR = REPO / "addons"
TESTS_DIR = REPO / "tests"
PERF_DIR = TESTS_DIR / "perf"
DEV_CONF = REPO / "odoo.conf"
RUNTIME_CONF = RUN / "odoo.conf"
DEPS_STAMP = VENV / ".suite-deps.sha256"
ODOO_PTH = "odoo-src.pth"

ODOO_SERIES = (18, 0)
ODOO_GIT_URL = "https://github.com/odoo/odoo"
ODOO_BRANCH = "18.0"
ODOO_HINT = (
    "Odoo 18.0 was not found. Provide it in one of these ways, then re-run:\n"
    "  * ODOO_SRC=/path/to/odoo-18.0 make ...   (an Odoo 18.0 source tree, the\n"
    "    folder holding odoo-bin, odoo/ and addons/), or\n"
    "  * put such a tree at {cache}\n"
    "    (e.g. git clone --depth 1 -b 18.0 {url} {cache})."
)

# (login, role): each password is the login
DEMO_LOGINS = [
    ("admin", "administrator, service manager"),
    ("dispatcher", "dispatcher"),
    ("technician", "field technician"),
    ("customer", "portal customer"),
]
PG_ROLE = "odoo"  # Odoo refuses to connect as `postgres`
PG_BOOTSTRAP = "postgres"  # superuser created by initdb in the private cluster
PG_OS_USER = "postgres"  # OS user running the private cluster when we are root

LOG_ERROR_RE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (ERROR|CRITICAL) ")


# --------------------------------------------------------------------- helpers
def say(msg: str) -> None:
    print(f"[suite] {msg}", flush=True)


class SuiteError(Exception):
    """A failure explained to the user in one message (no traceback)."""


def setting(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def elapsed(start: float) -> str:
    return f"{time.monotonic() - start:.1f}s"


def tail(path: Path, lines: int = 60) -> str:
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(text[-lines:])


def run_quiet(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs
    )


def sha8(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def read_dev_conf() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    if DEV_CONF.is_file():
        parser.read(DEV_CONF)
    if not parser.has_section("options"):
        parser.add_section("options")
    return parser


def conf_value(parser: configparser.ConfigParser, key: str) -> str:
    value = parser.get("options", key, fallback="").strip()
    return "" if value in ("False", "false", "None") else value


# ------------------------------------------------------------------ the addons
def suite_addons() -> list[str]:
    """Folders of addons/ holding an installable __manifest__.py."""
    found = []
    if not ADDONS_DIR.is_dir():
        return found
    for manifest in sorted(ADDONS_DIR.glob("*/__manifest__.py")):
        try:
            data = ast.literal_eval(manifest.read_text())
        except (SyntaxError, ValueError) as exc:
            raise SuiteError(
                f"{manifest.relative_to(REPO)} is not readable: {exc}"
            ) from None
        if data.get("installable", True):
            found.append(manifest.parent.name)
    return found


def selected_addons() -> tuple[list[str], bool]:
    """The addons named by ADDONS (comma or space separated), else all of them.

    Returns (addons, restricted)."""
    available = suite_addons()
    wanted = [a for a in re.split(r"[,\s]+", setting("ADDONS")) if a]
    if not wanted:
        return available, False
    unknown = [a for a in wanted if a not in available]
    if unknown:
        raise SuiteError(
            f"ADDONS names unknown or non-installable addon(s): {', '.join(unknown)}"
            f" (suite addons: {', '.join(available) or 'none yet'})"
        )
    return wanted, True


# ---------------------------------------------------------------------- Python
def venv_python_version() -> str | None:
    if not VPY.exists():
        return None
    proc = run_quiet([str(VPY), "-c", "import sys; print(sys.version.split()[0])"])
    return proc.stdout.strip() if proc.returncode == 0 else None


def ensure_venv() -> str:
    version = venv_python_version()
    if version is None and VENV.exists():
        say(f"{VENV.name} exists but its python does not run: recreating it")
        shutil.rmtree(VENV)
    if version is None:
        base = setting("SUITE_PYTHON", sys.executable)
        check = run_quiet(
            [base, "-c", "import sys; sys.exit(sys.version_info < (3, 10))"]
        )
        if check.returncode != 0:
            raise SuiteError(
                f"Odoo 18 needs Python >= 3.10 and {base} is older or broken;"
                " set SUITE_PYTHON=/path/to/python3.11"
            )
        say(f"creating the virtualenv {VENV.relative_to(REPO)} with {base}")
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
    proc = run_quiet(
        [str(VPY), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
    )
    if proc.returncode != 0:
        raise SuiteError(f"cannot query the virtualenv: {proc.stdout}")
    return Path(proc.stdout.strip())


# ------------------------------------------------------------------------ Odoo
@dataclass
class OdooTree:
    root: Path  # folder holding the `odoo` package (and odoo-bin, addons/)
    origin: str  # where it came from, for messages

    @property
    def package(self) -> Path:
        return self.root / "odoo"

    @property
    def requirements(self) -> Path | None:
        path = self.root / "requirements.txt"
        return path if path.is_file() else None

    @property
    def addons_paths(self) -> list[Path]:
        paths = []
        extra = self.root / "addons"
        if (extra / "web" / "__manifest__.py").is_file():
            paths.append(extra)
        paths.append(self.package / "addons")
        return paths

    def command(self) -> list[str]:
        odoo_bin = self.root / "odoo-bin"
        if odoo_bin.is_file():
            return [str(VPY), str(odoo_bin)]
        return [str(VPY), "-m", "odoo"]


def odoo_release(package: Path) -> tuple | None:
    """version_info of the `odoo` package folder, without importing Odoo."""
    release = package / "release.py"
    if not release.is_file():
        return None
    namespace: dict = {}
    try:
        exec(compile(release.read_text(), str(release), "exec"), namespace)
    except Exception:  # a broken file just means "not usable"
        return None
    info = namespace.get("version_info")
    return tuple(info) if isinstance(info, tuple) else None


def usable_tree(root: Path, origin: str) -> OdooTree | None:
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
    code = (
        "import importlib.util, json\n"
        "s = importlib.util.find_spec('odoo')\n"
        "print(json.dumps(list(s.submodule_search_locations or []) if s else []))\n"
    )
    proc = subprocess.run(
        [str(VPY), "-c", code], capture_output=True, text=True, cwd="/"
    )
    if proc.returncode != 0:
        return None
    for location in json.loads(proc.stdout or "[]"):
        tree = usable_tree(Path(location).parent, "importable in .venv")
        if tree:
            return tree
    return None


def odoo_cache_dir() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "odoo-service-suite" / "odoo-18.0"


def clone_odoo(target: Path) -> OdooTree | None:
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


def link_odoo(tree: OdooTree) -> None:
    """Make `import odoo` work in the venv through a .pth file."""
    if tree.origin == "importable in .venv":
        return
    pth = site_packages() / ODOO_PTH
    content = f"{tree.root}\n"
    if not pth.is_file() or pth.read_text() != content:
        pth.write_text(content)
        say(f"Odoo 18.0 from {tree.origin}: {tree.root} (linked via {pth.name})")


# ---------------------------------------------------------------- Python deps
def requirement_files(tree: OdooTree | None) -> list[Path]:
    files = []
    if tree and tree.requirements:
        files.append(tree.requirements)
    files.append(REPO / "requirements.txt")
    return files


def deps_digest(files: list[Path], pyver: str) -> str:
    digest = hashlib.sha256(pyver.encode())
    for path in files:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def pip_install(files: list[Path]) -> None:
    constraints = REPO / "tools" / "constraints.txt"
    env = dict(os.environ)
    # cbor2==5.4.2 (Odoo's pin) does not build with setuptools >= 70 (no
    # pkg_resources): force the build environments onto an older setuptools.
    env["PIP_CONSTRAINT"] = str(constraints)
    env["PIP_BUILD_CONSTRAINT"] = str(constraints)
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
            f"pip install failed (full log: {log.relative_to(REPO)}). psycopg2 and"
            " python-ldap build from source: on Debian/Ubuntu install"
            " libpq-dev libldap2-dev libsasl2-dev gcc python3-dev"
        )
    say(f"Python requirements installed ({elapsed(start)})")


def ensure_python(need_odoo: bool = True) -> OdooTree | None:
    start = time.monotonic()
    pyver = ensure_venv()
    try:
        tree = locate_odoo()
    except SuiteError:
        if need_odoo:
            raise
        tree = None
    if tree:
        link_odoo(tree)
    files = requirement_files(tree)
    stamp = deps_digest(files, pyver)
    if not DEPS_STAMP.is_file() or DEPS_STAMP.read_text().strip() != stamp:
        pip_install(files)
        if tree:
            check = run_quiet([str(VPY), "-c", "import odoo, pytest_odoo"], cwd="/")
            if check.returncode != 0:
                raise SuiteError(f"Odoo does not import in .venv:\n{check.stdout}")
            DEPS_STAMP.write_text(stamp + "\n")
    where = f"Odoo 18.0 at {tree.root}" if tree else "no Odoo"
    say(f"Python {pyver} in .venv, {where}, requirements up to date ({elapsed(start)})")
    return tree


# ------------------------------------------------------------------ PostgreSQL
@dataclass
class Pg:
    host: str  # "" means libpq's default unix socket
    port: int
    user: str
    password: str
    embedded: bool
    started: bool = False  # started by this command (so it stops it)

    def dsn(self, dbname: str, user: str | None = None) -> dict:
        dsn = {"dbname": dbname, "user": user or self.user, "port": self.port}
        if self.host:
            dsn["host"] = self.host
        if self.password and (user is None or user == self.user):
            dsn["password"] = self.password
        return dsn

    def env(self) -> dict:
        env = dict(os.environ, PGPORT=str(self.port), PGUSER=self.user)
        env.pop("PGHOST", None)
        env.pop("PGPASSWORD", None)
        if self.host:
            env["PGHOST"] = self.host
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


SQL_HELPER = r"""
import json, sys
import psycopg2
args = json.loads(sys.argv[1])
try:
    conn = psycopg2.connect(connect_timeout=10, **args["dsn"])
except psycopg2.OperationalError as exc:
    print(str(exc).strip(), file=sys.stderr)
    sys.exit(3)
conn.autocommit = True
out = []
with conn.cursor() as cr:
    for query, params in args["queries"]:
        try:
            cr.execute(query, params)
        except psycopg2.Error as exc:
            print(str(exc).strip(), file=sys.stderr)
            sys.exit(4)
        out.append(cr.fetchall() if cr.description else None)
conn.close()
print(json.dumps(out))
"""


class SqlError(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code  # 3: cannot connect, 4: query failed


def sql(dsn: dict, *queries: tuple[str, list]) -> list:
    """Run queries through the venv's psycopg2 (autocommit); returns their rows."""
    payload = json.dumps({"dsn": dsn, "queries": [list(q) for q in queries]})
    proc = subprocess.run(
        [str(VPY), "-c", SQL_HELPER, payload], capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise SqlError(proc.returncode, proc.stderr.strip() or proc.stdout.strip())
    return json.loads(proc.stdout)


def port_open(host: str, port: int) -> bool:
    try:
        if not host or host.startswith("/"):
            path = os.path.join(host or "/var/run/postgresql", f".s.PGSQL.{port}")
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(3)
                sock.connect(path)
        else:
            with socket.create_connection((host, port), timeout=3):
                pass
        return True
    except OSError:
        return False


def external_pg() -> Pg | None:
    """An existing server named by PGHOST/PGPORT or db_host/db_port in odoo.conf."""
    conf = read_dev_conf()
    host = setting("PGHOST") or conf_value(conf, "db_host")
    port = setting("PGPORT") or conf_value(conf, "db_port")
    if not host and not port:
        return None
    port_num = int(port or 5432)
    where = f"{host or 'local socket'}:{port_num}"
    if not port_open(host, port_num):
        say(f"PGHOST/PGPORT: no PostgreSQL answers at {where}; using the private one")
        return None
    user = setting("PGUSER") or conf_value(conf, "db_user") or PG_ROLE
    if user == "postgres":
        raise SuiteError(
            "Odoo refuses to connect as the `postgres` role: set PGUSER to another"
            f" superuser role (e.g. CREATE ROLE {PG_ROLE} SUPERUSER LOGIN PASSWORD"
            " '...') and PGPASSWORD"
        )
    password = setting("PGPASSWORD") or conf_value(conf, "db_password")
    pg = Pg(host=host, port=port_num, user=user, password=password, embedded=False)
    try:
        sql(pg.dsn("postgres"), ("SELECT 1", []))
    except SqlError as exc:
        raise SuiteError(
            f"cannot log in to PostgreSQL at {where} as {user}: {exc}\n"
            "Set PGUSER/PGPASSWORD (a role allowed to create databases), or unset"
            " PGHOST/PGPORT to use the private cluster."
        ) from None
    say(f"PostgreSQL: existing server at {where} as {user}")
    return pg


class Cluster:
    """The private PostgreSQL cluster under .run/pg (started on demand)."""

    def __init__(self) -> None:
        self.port = int(setting("SUITE_PGPORT", "54329"))
        self.as_root = os.geteuid() == 0
        self.bindir = self._bindir()
        self.base = RUN / "pg"

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def log(self) -> Path:
        return self.base / "postgres.log"

    @property
    def sockdir(self) -> str:
        sock = self.base / "sock"
        # unix socket paths are limited to 107 bytes: no socket if too deep
        return str(sock) if len(f"{sock}/.s.PGSQL.{self.port}") < 100 else ""

    @staticmethod
    def _bindir() -> Path | None:
        found = shutil.which("initdb")
        if found:
            return Path(os.path.realpath(found)).parent
        candidates = glob.glob("/usr/lib/postgresql/*/bin/initdb") + glob.glob(
            "/usr/pgsql-*/bin/initdb"
        )

        def major(path: str) -> int:
            digits = re.findall(r"\d+", path)
            return int(digits[0]) if digits else 0

        candidates.sort(key=major)
        return Path(candidates[-1]).parent if candidates else None

    def tool(self, name: str) -> str:
        if self.bindir is None:
            raise SuiteError(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install"
                " them (Debian/Ubuntu: apt-get install postgresql) or point PGHOST/"
                "PGPORT/PGUSER/PGPASSWORD at an existing server."
            )
        return str(self.bindir / name)

    def as_owner(self, cmd: list[str]) -> list[str]:
        return ["runuser", "-u", PG_OS_USER, "--", *cmd] if self.as_root else cmd

    def _prepare_base(self) -> None:
        """As root the server runs as `postgres`, which must reach its folder."""
        RUN.mkdir(exist_ok=True)
        if not self.as_root:
            self.base.mkdir(parents=True, exist_ok=True)
            return
        try:
            pw = pwd.getpwnam(PG_OS_USER)
        except KeyError:
            say(f"creating the system user {PG_OS_USER} to run PostgreSQL")
            subprocess.run(
                ["useradd", "--system", "--no-create-home", PG_OS_USER], check=True
            )
            pw = pwd.getpwnam(PG_OS_USER)
        for base in (self.base, self._fallback_base()):
            base.mkdir(parents=True, exist_ok=True)
            for path in (base, *base.rglob("*")):
                if path.stat().st_uid != pw.pw_uid:
                    os.lchown(path, pw.pw_uid, pw.pw_gid)
            base.chmod(0o700)
            probe = subprocess.run(self.as_owner(["test", "-w", str(base)]))
            if probe.returncode == 0:
                self.base = base
                return
            say(f"{PG_OS_USER} cannot reach {base}; trying elsewhere")
        raise SuiteError(f"no folder usable by the {PG_OS_USER} OS user")

    def _fallback_base(self) -> Path:
        return Path(tempfile.gettempdir()) / f"odoo-service-suite-{sha8(str(REPO))}"

    def _locate_existing(self) -> None:
        if self.as_root and not (self.data / "PG_VERSION").exists():
            fallback = self._fallback_base() / "data" / "PG_VERSION"
            if fallback.exists():
                self.base = self._fallback_base()

    def running_port(self) -> int | None:
        """Port of our cluster if its postmaster is alive, else None."""
        self._locate_existing()
        pidfile = self.data / "postmaster.pid"
        if not pidfile.is_file() or self.bindir is None:
            return None
        status = run_quiet(
            self.as_owner([self.tool("pg_ctl"), "status", "-D", str(self.data)]),
            cwd="/",
        )
        if status.returncode != 0:
            return None
        lines = pidfile.read_text().splitlines()
        return int(lines[3]) if len(lines) > 3 and lines[3].isdigit() else None

    def pg(self) -> Pg:
        return Pg(
            host="127.0.0.1", port=self.port, user=PG_ROLE, password="", embedded=True
        )

    def initdb(self) -> None:
        if (self.data / "PG_VERSION").exists():
            return
        shutil.rmtree(self.data, ignore_errors=True)
        locales = run_quiet(["locale", "-a"]).stdout.lower().split()
        locale = ["--locale=C.UTF-8"] if "c.utf8" in locales else ["--no-locale"]
        say(f"initialising a private PostgreSQL cluster in {self.data}")
        cmd = [
            self.tool("initdb"),
            "-D",
            str(self.data),
            "-U",
            PG_BOOTSTRAP,
            "--auth=trust",
            "--encoding=UTF8",
            *locale,
        ]
        proc = run_quiet(self.as_owner(cmd), cwd=str(self.base))
        if proc.returncode != 0:
            raise SuiteError(f"initdb failed:\n{proc.stdout}")

    def start(self) -> None:
        options = [
            "-c listen_addresses=127.0.0.1",
            f"-c port={self.port}",
            f"-c unix_socket_directories={shlex.quote(self.sockdir)}",
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off",
        ]
        if self.sockdir:
            Path(self.sockdir).mkdir(exist_ok=True)
            if self.as_root:
                pw = pwd.getpwnam(PG_OS_USER)
                os.chown(self.sockdir, pw.pw_uid, pw.pw_gid)
        cmd = [
            self.tool("pg_ctl"),
            "start",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            "90",
            "-o",
            " ".join(options),
        ]
        # own session: a Ctrl-C in the terminal must not reach the server
        proc = run_quiet(self.as_owner(cmd), cwd=str(self.base), start_new_session=True)
        if proc.returncode != 0:
            raise SuiteError(
                f"PostgreSQL did not start:\n{proc.stdout}\n{tail(self.log, 30)}"
            )

    def stop(self, quiet: bool = True) -> None:
        if self.running_port() is None:
            return
        proc = run_quiet(
            self.as_owner(
                [self.tool("pg_ctl"), "stop", "-D", str(self.data), "-m", "fast", "-w"]
            ),
            cwd="/",
        )
        if not quiet or proc.returncode != 0:
            say(
                f"PostgreSQL on port {self.port} stopped"
                if proc.returncode == 0
                else f"pg_ctl stop: {proc.stdout}"
            )

    def ensure_role(self) -> None:
        dsn = {
            "host": "127.0.0.1",
            "port": self.port,
            "user": PG_BOOTSTRAP,
            "dbname": "postgres",
        }
        rows = sql(dsn, ("SELECT 1 FROM pg_roles WHERE rolname = %s", [PG_ROLE]))
        if not rows[0]:
            sql(dsn, (f'CREATE ROLE "{PG_ROLE}" WITH SUPERUSER LOGIN', []))
            say(f"created the PostgreSQL superuser role {PG_ROLE}")

    def ensure(self) -> Pg:
        pg = self.pg()
        running = self.running_port()
        if running is not None and running != self.port:
            say(f"restarting the private cluster on port {self.port} (was {running})")
            self.stop()
            running = None
        if running is None and port_open("127.0.0.1", self.port):
            # somebody else's server on our port: fine if it lets us in as odoo
            try:
                sql(pg.dsn("postgres"), ("SELECT 1", []))
            except SqlError as exc:
                raise SuiteError(
                    f"port {self.port} is used by another server that refuses the"
                    f" {PG_ROLE} role ({exc}); set SUITE_PGPORT to a free port"
                ) from None
            say(f"PostgreSQL: reusing the server already on 127.0.0.1:{self.port}")
            return pg
        self._prepare_base()
        if running is None:
            self.initdb()
            start = time.monotonic()
            self.start()
            pg.started = True
            say(
                f"PostgreSQL: private cluster started on 127.0.0.1:{self.port}"
                f" ({elapsed(start)})"
            )
        else:
            say(f"PostgreSQL: private cluster already running on 127.0.0.1:{self.port}")
        self.ensure_role()
        return pg


def ensure_pg() -> tuple[Pg, Cluster]:
    cluster = Cluster()
    pg = external_pg() or cluster.ensure()
    return pg, cluster


def release_pg(pg: Pg, cluster: Cluster) -> None:
    if pg.started:
        cluster.stop()


# ------------------------------------------------------------ Odoo databases
def write_runtime_conf(tree: OdooTree, pg: Pg) -> Path:
    parser = read_dev_conf()
    opts = parser["options"]
    paths = ([ADDONS_DIR] if ADDONS_DIR.is_dir() else []) + tree.addons_paths
    opts["addons_path"] = ",".join(str(p) for p in paths)
    opts["data_dir"] = str(RUN / "data")
    opts["db_host"] = pg.host or "False"
    opts["db_port"] = str(pg.port)
    opts["db_user"] = pg.user
    opts["db_password"] = pg.password or "False"
    http_port = setting("SUITE_HTTP_PORT")
    if http_port:
        opts["http_port"] = http_port
    RUN.mkdir(exist_ok=True)
    with RUNTIME_CONF.open("w") as out:
        out.write("; generated by tools/suite.py from odoo.conf - do not edit\n")
        parser.write(out)
    RUNTIME_CONF.chmod(0o600)
    return RUNTIME_CONF


def db_exists(pg: Pg, db: str) -> bool:
    rows = sql(pg.dsn("postgres"), ("SELECT 1 FROM pg_database WHERE datname=%s", [db]))
    return bool(rows[0])


def module_states(pg: Pg, db: str, modules: list[str]) -> dict[str, str] | None:
    """{module: state} for the given modules, None if not an Odoo database."""
    try:
        rows = sql(
            pg.dsn(db),
            (
                "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)",
                [["base", *modules]],
            ),
        )
    except SqlError as exc:
        if exc.code == 4:  # no ir_module_module table
            return None
        raise
    return dict(rows[0])


def drop_db(pg: Pg, db: str) -> bool:
    """Drop `db` (closing its connections) and its filestore; True if it existed."""
    existed = db_exists(pg, db)
    if existed:
        sql(
            pg.dsn("postgres"),
            (
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [db],
            ),
            (f'DROP DATABASE IF EXISTS "{db}"', []),
        )
    shutil.rmtree(RUN / "data" / "filestore" / db, ignore_errors=True)
    return existed


def odoo_install(tree: OdooTree, pg: Pg, db: str, modules: list[str]) -> None:
    """odoo -i <modules> --stop-after-init, log in .run/, ERROR lines shown."""
    log = RUN / f"install-{db}.log"
    cmd = [
        *tree.command(),
        "-c",
        str(RUNTIME_CONF),
        "-d",
        db,
        "-i",
        ",".join(modules),
        "--stop-after-init",
        "--log-level=warn",
        "--max-cron-threads=0",
        "--no-http",
    ]
    say(
        f"installing {', '.join(modules)} with demo data into {db}"
        f" (log: {log.relative_to(REPO)})"
    )
    start = time.monotonic()
    errors = 0
    env = dict(pg.env(), TZ="UTC")
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            env=env,
            cwd=str(REPO),
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            out.write(line)
            if LOG_ERROR_RE.match(line):
                errors += 1
                print(f"  odoo: {line.rstrip()}", flush=True)
        rc = proc.wait()
    states = module_states(pg, db, modules) or {}
    missing = [m for m in ["base", *modules] if states.get(m) != "installed"]
    if rc != 0 or missing or errors:
        print(f"----- last lines of {log.relative_to(REPO)} -----", file=sys.stderr)
        print(tail(log, 80), file=sys.stderr)
        why = []
        if rc != 0:
            why.append(f"odoo exited with {rc}")
        if missing:
            why.append(f"not installed: {', '.join(missing)}")
        if errors:
            why.append(f"{errors} ERROR line(s) in the log")
        raise SuiteError(f"installing into {db} failed ({'; '.join(why)})")
    say(f"installed into {db} ({elapsed(start)})")


def ensure_db(tree: OdooTree, pg: Pg, db: str, modules: list[str]) -> None:
    """Create `db` once; later runs only install addons missing from it."""
    if db_exists(pg, db):
        states = module_states(pg, db, modules)
        if states is None or states.get("base") != "installed":
            say(f"database {db} is not a usable Odoo database: recreating it")
            drop_db(pg, db)
        else:
            todo = [m for m in modules if states.get(m) != "installed"]
            if not todo:
                say(f"database {db} is ready ({len(modules)} suite addon(s) installed)")
                return
            odoo_install(tree, pg, db, todo)
            return
    odoo_install(tree, pg, db, modules or ["base"])


# ---------------------------------------------------------------- subcommands
def http_port() -> int:
    return int(
        setting("SUITE_HTTP_PORT") or conf_value(read_dev_conf(), "http_port") or 8069
    )


def cmd_run(_args: argparse.Namespace) -> int:
    tree = ensure_python()
    assert tree is not None
    modules, _ = selected_addons()
    port = http_port()
    if port_open("127.0.0.1", port):
        raise SuiteError(
            f"port {port} is already in use (another Odoo? `make stop`,"
            " or SUITE_HTTP_PORT=...)"
        )
    pg, cluster = ensure_pg()
    try:
        conf = write_runtime_conf(tree, pg)
        db = setting("SUITE_DB", "service_suite")
        ensure_db(tree, pg, db, modules)
        cmd = [*tree.command(), "-c", str(conf), "-d", db, f"--db-filter=^{db}$"]
        if setting("UPDATE") and modules:
            cmd += ["-u", ",".join(modules)]
        return serve(cmd, pg, port, db)
    finally:
        release_pg(pg, cluster)


def banner(port: int, db: str) -> None:
    lines = [
        f"Odoo 18.0 is serving http://localhost:{port}  (database {db})",
        "Demo logins (login / password):",
    ]
    lines += [f"  {login} / {login}  ({role})" for login, role in DEMO_LOGINS]
    lines.append("Ctrl-C stops Odoo (and PostgreSQL if this command started it).")
    width = max(map(len, lines))
    print(
        "\n" + "=" * width + "\n" + "\n".join(lines) + "\n" + "=" * width + "\n",
        flush=True,
    )


def serve(cmd: list[str], pg: Pg, port: int, db: str) -> int:
    pidfile = RUN / "odoo-run.pid"
    say(f"starting Odoo: {' '.join(shlex.quote(c) for c in cmd)}")
    # Odoo gets its own process group: a terminal Ctrl-C reaches only this
    # script, which forwards one SIGINT (a second one forces Odoo's exit).
    proc = subprocess.Popen(
        cmd, env=dict(pg.env(), TZ="UTC"), cwd=str(REPO), start_new_session=True
    )
    pidfile.write_text(f"{proc.pid}\n")

    def forward(signum: int, _frame: object) -> None:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)

    def announce() -> None:
        for _ in range(600):
            if proc.poll() is not None:
                return
            if port_open("127.0.0.1", port):
                banner(port, db)
                return
            time.sleep(0.5)

    threading.Thread(target=announce, daemon=True).start()
    try:
        rc = proc.wait()
    finally:
        pidfile.unlink(missing_ok=True)
    say(f"Odoo stopped (exit code {rc})")
    return 0 if rc in (0, -signal.SIGINT) else rc


def test_paths(modules: list[str], restricted: bool) -> list[str]:
    paths = [
        f"addons/{m}/tests" for m in modules if (ADDONS_DIR / m / "tests").is_dir()
    ]
    if not restricted and TESTS_DIR.is_dir():
        paths.append("tests")
    return paths


def pytest(pg: Pg, conf: Path, db: str, paths: list[str], extra: list[str]) -> int:
    cmd = [
        str(VPY),
        "-m",
        "pytest",
        f"--rootdir={REPO}",
        f"--odoo-config={conf}",
        f"--odoo-database={db}",
        "--odoo-http",
        f"--odoo-log-level={setting('ODOO_LOG_LEVEL', 'warn')}",
        *extra,
        *shlex.split(setting("PYTEST_ARGS")),
        *paths,
    ]
    say("pytest " + " ".join(shlex.quote(c) for c in cmd[3:]))
    return subprocess.run(cmd, env=dict(pg.env(), TZ="UTC"), cwd=str(REPO)).returncode


def cmd_test(_args: argparse.Namespace) -> int:
    tree = ensure_python()
    assert tree is not None
    modules, restricted = selected_addons()
    if not modules:
        raise SuiteError("no suite addon found (addons/<name>/__manifest__.py)")
    paths = test_paths(modules, restricted)
    if not paths:
        raise SuiteError("no tests collected: no addons/<addon>/tests nor tests/")
    pg, cluster = ensure_pg()
    try:
        conf = write_runtime_conf(tree, pg)
        db = setting("SUITE_TEST_DB", "service_suite_test")
        drop_db(pg, db)
        odoo_install(tree, pg, db, modules)
        ignore = [f"--ignore={PERF_DIR.relative_to(REPO)}"] if "tests" in paths else []
        rc = pytest(pg, conf, db, paths, ignore)
    finally:
        release_pg(pg, cluster)
    if rc == 5:
        raise SuiteError("no tests collected: pytest found no test to run")
    return rc


BENCH_REQUIREMENTS = REPO / "requirements-bench.txt"


def bench_addons() -> list[str]:
    """Install requirements-bench.txt (third-party Odoo addons the benchmarks
    compare against) with ``pip --no-deps``; return the addons it names
    (``odoo-addon-fieldservice-recurring`` -> ``fieldservice_recurring``)."""
    if not BENCH_REQUIREMENTS.is_file():
        return []
    names = []
    for line in BENCH_REQUIREMENTS.read_text().splitlines():
        match = re.match(r"\s*odoo-addon-([A-Za-z0-9_.-]+?)\s*(?:[=<>!~;]|$)", line)
        if match:
            names.append(match.group(1).replace("-", "_").replace(".", "_"))
    RUN.mkdir(exist_ok=True)
    log = RUN / "pip-install-bench.log"
    cmd = [str(VPY), "-m", "pip", "install", "--no-deps"]
    cmd += ["-r", str(BENCH_REQUIREMENTS)]
    with log.open("w") as out:
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        print(tail(log, 40), file=sys.stderr)
        raise SuiteError(f"pip install of {BENCH_REQUIREMENTS.name} failed")
    say(f"benchmark addons from {BENCH_REQUIREMENTS.name}: {', '.join(names)}")
    return names


def cmd_bench(_args: argparse.Namespace) -> int:
    files = [
        p
        for p in PERF_DIR.rglob("*.py")
        if p.name.startswith("test_") or p.name.endswith("_test.py")
    ]
    if not files:
        say("no benchmarks in tests/perf/ yet: nothing to run")
        return 0
    tree = ensure_python()
    assert tree is not None
    modules, _ = selected_addons()
    modules = modules + bench_addons()
    pg, cluster = ensure_pg()
    try:
        conf = write_runtime_conf(tree, pg)
        db = setting("SUITE_BENCH_DB", "service_suite_bench")
        drop_db(pg, db)
        odoo_install(tree, pg, db, modules or ["base"])
        rc = pytest(pg, conf, db, ["tests/perf"], ["-s"])
    finally:
        release_pg(pg, cluster)
    if rc == 5:
        say("no benchmarks collected in tests/perf/")
        return 0
    return rc


def cmd_lint(_args: argparse.Namespace) -> int:
    ensure_python(need_odoo=False)
    modules, restricted = selected_addons()
    bin_ = VENV / "bin"
    if restricted:
        targets = [f"addons/{m}" for m in modules]
    else:
        targets = ["addons"] if ADDONS_DIR.is_dir() else []
    targets += ["tools"] + (["tests"] if TESTS_DIR.is_dir() else [])
    steps = [
        ("ruff format --check", [str(bin_ / "ruff"), "format", "--check", *targets]),
        ("ruff check", [str(bin_ / "ruff"), "check", "--no-fix", *targets]),
    ]
    if modules:
        steps.append(
            (
                "pylint (pylint-odoo mandatory checks)",
                [
                    str(bin_ / "pylint"),
                    "--rcfile=.pylintrc",
                    *[f"addons/{m}" for m in modules],
                ],
            )
        )
    else:
        say("no suite addon yet: pylint skipped")
    failed = []
    for name, cmd in steps:
        say(f"{name}: {' '.join(cmd[1:])}")
        if subprocess.run(cmd, cwd=str(REPO)).returncode != 0:
            failed.append(name)
    if failed:
        raise SuiteError("lint failed: " + ", ".join(failed))
    say(f"lint OK ({len(modules)} addon(s))")
    return 0


def cmd_stop(_args: argparse.Namespace) -> int:
    pidfile = RUN / "odoo-run.pid"
    if pidfile.is_file():
        pid = int(pidfile.read_text().strip() or 0)
        try:
            os.kill(pid, signal.SIGINT)
            say(f"asked Odoo (pid {pid}) to stop")
            for _ in range(60):
                os.kill(pid, 0)
                time.sleep(0.5)
        except (ProcessLookupError, PermissionError):
            pass
        pidfile.unlink(missing_ok=True)
    cluster = Cluster()
    if cluster.running_port() is None:
        say("the private PostgreSQL cluster is not running")
    else:
        cluster.stop(quiet=False)
    return 0


def cmd_clean_db(_args: argparse.Namespace) -> int:
    ensure_python()
    pg, cluster = ensure_pg()
    try:
        for key, default in (
            ("SUITE_DB", "service_suite"),
            ("SUITE_TEST_DB", "service_suite_test"),
            ("SUITE_BENCH_DB", "service_suite_bench"),
        ):
            db = setting(key, default)
            if drop_db(pg, db):
                say(f"dropped database {db} and its filestore")
    finally:
        release_pg(pg, cluster)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, text in (
        ("run", cmd_run, "serve Odoo with the suite addons and demo data"),
        ("test", cmd_test, "fresh test database, then pytest"),
        ("lint", cmd_lint, "ruff format --check, ruff check, pylint-odoo"),
        ("bench", cmd_bench, "benchmarks in tests/perf/"),
        ("stop", cmd_stop, "stop `run`'s Odoo and the private PostgreSQL"),
        ("clean-db", cmd_clean_db, "drop the suite's databases"),
    ):
        sub.add_parser(name, help=text).set_defaults(func=func)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except SuiteError as exc:
        print(f"[suite] ERROR: {exc}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        print("[suite] interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
