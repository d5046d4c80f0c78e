"""The private PostgreSQL cluster under .run/pg, and the server a command uses.

By default a command initialises (once) and starts a cluster of its own in
``.run/pg/`` on 127.0.0.1:$SUITE_PGPORT (54329) and stops it when it ends - unless
it was already running, or an existing server is named by PGHOST/PGPORT. Run as
root, the server runs as the ``postgres`` OS user.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shlex
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .env import REPO, RUN, SuiteError, elapsed, run_quiet, say, setting, sha8, tail
from .postgres import PG_ROLE, Pg, SqlError, external_pg, port_open, quote_ident, sql

PG_BOOTSTRAP = "postgres"  # superuser created by initdb in the private cluster
PG_OS_USER = "postgres"  # OS user running the private cluster when we are root


class Cluster:
    """The private PostgreSQL cluster under .run/pg (started on demand)."""

    def __init__(self) -> None:
        """Settings only: nothing is created or started here."""
        self.port = int(setting("SUITE_PGPORT", "54329"))
        self.as_root = os.geteuid() == 0
        self.bindir = self._bindir()
        self.base = RUN / "pg"

    @property
    def data(self) -> Path:
        """The cluster's data directory."""
        return self.base / "data"

    @property
    def log(self) -> Path:
        """The server's log file."""
        return self.base / "postgres.log"

    @property
    def sockdir(self) -> str:
        """The unix socket folder ("" when its path would be too long)."""
        sock = self.base / "sock"
        # unix socket paths are limited to 107 bytes: no socket if too deep
        return str(sock) if len(f"{sock}/.s.PGSQL.{self.port}") < 100 else ""

    @staticmethod
    def _bindir() -> Path | None:
        """Folder of initdb/pg_ctl: on PATH, else the newest packaged major."""
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
        """Path of a server binary (initdb, pg_ctl)."""
        if self.bindir is None:
            raise SuiteError(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install"
                " them (Debian/Ubuntu: apt-get install postgresql) or point PGHOST/"
                "PGPORT/PGUSER/PGPASSWORD at an existing server."
            )
        return str(self.bindir / name)

    def as_owner(self, cmd: list[str]) -> list[str]:
        """``cmd`` run as the cluster's OS user (``postgres`` when we are root)."""
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
        """A folder the ``postgres`` user can reach when .run/ is not reachable."""
        return Path(tempfile.gettempdir()) / f"odoo-service-suite-{sha8(str(REPO))}"

    def _locate_existing(self) -> None:
        """Use the fallback folder if that is where the cluster was made."""
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
        """How to reach this cluster (as the ``odoo`` role)."""
        return Pg(
            host="127.0.0.1", port=self.port, user=PG_ROLE, password="", embedded=True
        )

    def initdb(self) -> None:
        """Create the cluster (trust authentication, UTF-8) unless it exists."""
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
        """Start the server, tuned for tests (no fsync), in its own session."""
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
        """Stop the server (fast shutdown) if it runs."""
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
        """Create the ``odoo`` superuser role once."""
        dsn = {
            "host": "127.0.0.1",
            "port": self.port,
            "user": PG_BOOTSTRAP,
            "dbname": "postgres",
        }
        rows = sql(dsn, ("SELECT 1 FROM pg_roles WHERE rolname = %s", [PG_ROLE]))
        if not rows[0]:
            sql(dsn, (f"CREATE ROLE {quote_ident(PG_ROLE)} WITH SUPERUSER LOGIN", []))
            say(f"created the PostgreSQL superuser role {PG_ROLE}")

    def ensure(self) -> Pg:
        """The cluster running on its port (initialised and started if needed).

        A server of somebody else already on that port is reused if it lets
        the ``odoo`` role in; it is never stopped by this command."""
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
    """The server of this command: an existing one, else the private cluster."""
    cluster = Cluster()
    pg = external_pg() or cluster.ensure()
    return pg, cluster


def release_pg(pg: Pg, cluster: Cluster) -> None:
    """Stop the private cluster if this command started it."""
    if pg.started:
        cluster.stop()
