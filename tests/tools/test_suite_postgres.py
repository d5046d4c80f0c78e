"""Server settings handed to psycopg2, Odoo and pytest."""

import pytest
from suite.postgres import Pg, quote_ident


def test_dsn_tcp_with_password():
    pg = Pg(host="db", port=5432, user="odoo", password="pw", embedded=False)
    assert pg.dsn("x") == {
        "dbname": "x",
        "user": "odoo",
        "port": 5432,
        "host": "db",
        "password": "pw",
    }


def test_dsn_other_user_gets_no_password_and_socket_has_no_host():
    pg = Pg(host="", port=5432, user="odoo", password="pw", embedded=False)
    assert pg.dsn("postgres", user="postgres") == {
        "dbname": "postgres",
        "user": "postgres",
        "port": 5432,
    }


def test_env_replaces_the_callers_pg_variables(monkeypatch):
    monkeypatch.setenv("PGHOST", "elsewhere")
    monkeypatch.setenv("PGPASSWORD", "old")
    env = Pg(host="", port=54329, user="odoo", password="", embedded=True).env()
    assert env["PGPORT"] == "54329" and env["PGUSER"] == "odoo"
    assert "PGHOST" not in env and "PGPASSWORD" not in env


@pytest.mark.parametrize(
    ("name", "quoted"),
    [("tooling_test", '"tooling_test"'), ('a"b', '"a""b"'), ("Mixed", '"Mixed"')],
)
def test_quote_ident(name, quoted):
    assert quote_ident(name) == quoted
