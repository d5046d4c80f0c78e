"""PostgreSQL connections: the server settings, SQL through the venv's psycopg2,
and an existing server named by PGHOST/PGPORT/PGUSER (or ``odoo.conf``)."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass

from .env import VPY, SuiteError, conf_value, probe, read_dev_conf, say, setting

PG_ROLE = "odoo"  # Odoo refuses to connect as `postgres`
EXIT_CONNECT = 3  # probe.py sql: cannot connect
EXIT_QUERY = 4  # probe.py sql: a query failed


@dataclass
class Pg:
    """How Odoo, pytest and this tool reach a PostgreSQL server."""

    host: str  # "" means libpq's default unix socket
    port: int
    user: str
    password: str
    embedded: bool
    started: bool = False  # started by this command (so it stops it)

    def dsn(self, dbname: str, user: str | None = None) -> dict:
        """psycopg2 connection arguments for ``dbname`` (as ``user``)."""
        dsn: dict = {"dbname": dbname, "user": user or self.user, "port": self.port}
        if self.host:
            dsn["host"] = self.host
        if self.password and (user is None or user == self.user):
            dsn["password"] = self.password
        return dsn

    def env(self) -> dict[str, str]:
        """This process's environment with the PG* variables of this server."""
        env = dict(os.environ, PGPORT=str(self.port), PGUSER=self.user)
        env.pop("PGHOST", None)
        env.pop("PGPASSWORD", None)
        if self.host:
            env["PGHOST"] = self.host
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


class SqlError(Exception):
    """A failed ``sql()`` call; ``code`` says whether connecting or a query failed."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code  # EXIT_CONNECT or EXIT_QUERY (other: probe broken)


def sql(dsn: dict, *queries: tuple[str, list]) -> list:
    """Run queries through the venv's psycopg2 (autocommit); returns their rows."""
    payload = json.dumps({"dsn": dsn, "queries": [list(q) for q in queries]})
    code, out, err = probe(VPY, "sql", payload)
    if code != 0:
        raise SqlError(code, err.strip() or out.strip())
    return json.loads(out)


def quote_ident(name: str) -> str:
    """``name`` as a PostgreSQL identifier (double quotes, doubled inside)."""
    return '"' + name.replace('"', '""') + '"'


def port_open(host: str, port: int) -> bool:
    """Whether something accepts connections at host:port (or its unix socket)."""
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
