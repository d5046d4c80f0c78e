"""odoo.conf reading and the generated .run/odoo.conf."""

import configparser
import stat

from suite import databases, env
from suite.odoo_tree import OdooTree
from suite.postgres import Pg


def _conf(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    return parser


def _pg(**kwargs) -> Pg:
    values = dict(host="127.0.0.1", port=5433, user="odoo", password="")
    values.update(kwargs)
    return Pg(embedded=False, **values)


def test_read_dev_conf_without_a_file(tmp_path):
    parser = env.read_dev_conf(tmp_path / "missing.conf")
    assert parser.has_section("options")
    assert env.conf_value(parser, "db_host") == ""


def test_conf_value_treats_odoo_unset_spellings_as_empty():
    parser = _conf("[options]\na = False\nb = None\nc = localhost \nd = false\n")
    assert [env.conf_value(parser, k) for k in "abcd"] == ["", "", "localhost", ""]
    assert env.conf_value(parser, "missing") == ""


def test_runtime_options_fill_what_a_run_needs(tmp_path):
    parser = _conf("[options]\nhttp_port = 8069\nworkers = 0\n")
    paths = [tmp_path / "addons", tmp_path / "odoo" / "addons"]
    opts = databases.runtime_options(parser, paths, tmp_path / "data", _pg())
    assert dict(opts["options"]) == {
        "http_port": "8069",
        "workers": "0",
        "addons_path": f"{paths[0]},{paths[1]}",
        "data_dir": str(tmp_path / "data"),
        "db_host": "127.0.0.1",
        "db_port": "5433",
        "db_user": "odoo",
        "db_password": "False",
    }


def test_runtime_options_socket_password_and_http_port(tmp_path):
    parser = _conf("[options]\nhttp_port = 8069\n")
    pg = _pg(host="", password="secret")
    opts = databases.runtime_options(parser, [], tmp_path, pg, "8174")["options"]
    assert opts["db_host"] == "False"  # libpq's default socket
    assert opts["db_password"] == "secret"
    assert opts["http_port"] == "8174"


def test_write_runtime_conf(tmp_path, monkeypatch):
    monkeypatch.setenv("SUITE_HTTP_PORT", "8174")
    root = tmp_path / "odoo-18.0"
    (root / "addons" / "web").mkdir(parents=True)
    (root / "addons" / "web" / "__manifest__.py").write_text("{}")
    tree = OdooTree(root=root, origin="test")
    target = tmp_path / "run" / "odoo.conf"
    assert databases.write_runtime_conf(tree, _pg(), target) == target
    text = target.read_text()
    assert text.startswith(databases.CONF_HEADER)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    written = _conf(text)["options"]
    assert written["http_port"] == "8174"
    assert written["addons_path"].split(",") == [
        str(env.ADDONS_DIR),
        str(root / "addons"),
        str(root / "odoo" / "addons"),
    ]
    # the committed development settings are carried over
    assert written["admin_passwd"] == env.read_dev_conf()["options"]["admin_passwd"]
