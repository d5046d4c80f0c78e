"""probe.py, the file the virtualenv's python runs (here: this python)."""

import json
import sys

from suite.env import probe


def test_version_and_minimum():
    code, out, _err = probe(sys.executable, "version")
    assert code == 0 and out.strip() == sys.version.split()[0]
    assert probe(sys.executable, "version", "3.10")[0] == 0
    assert probe(sys.executable, "version", "99.0")[0] == 1


def test_purelib_and_odoo_locations():
    code, out, _err = probe(sys.executable, "purelib")
    assert code == 0 and out.strip()
    code, out, _err = probe(sys.executable, "odoo-locations", cwd="/")
    assert code == 0 and isinstance(json.loads(out), list)


def test_imports():
    assert probe(sys.executable, "imports", "json", "sqlite3")[0] == 0
    code, out, _err = probe(sys.executable, "imports", "json", "no_such_module_x")
    assert code == 1 and "no_such_module_x" in out


def test_unknown_command():
    code, _out, err = probe(sys.executable, "nope")
    assert code == 2 and "usage: probe.py" in err
