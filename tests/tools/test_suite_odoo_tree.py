"""Recognising an Odoo 18.0 source tree without importing it."""

from pathlib import Path

from suite import env, odoo_tree

RELEASE = "FINAL = 'final'\nversion_info = ({major}, 0, 0, FINAL, '')\n"


def _tree(root: Path, major: int = 18, base: bool = True) -> Path:
    package = root / "odoo"
    package.mkdir(parents=True)
    (package / "release.py").write_text(RELEASE.format(major=major))
    if base:
        (package / "addons" / "base").mkdir(parents=True)
        (package / "addons" / "base" / "__manifest__.py").write_text("{}")
    return root


def test_odoo_release_reads_version_info(tmp_path):
    root = _tree(tmp_path)
    assert odoo_tree.odoo_release(root / "odoo") == (18, 0, 0, "final", "")


def test_odoo_release_missing_or_broken(tmp_path):
    assert odoo_tree.odoo_release(tmp_path) is None
    (tmp_path / "release.py").write_text("version_info = (\n")
    assert odoo_tree.odoo_release(tmp_path) is None


def test_usable_tree_accepts_18_0_only(tmp_path, capsys):
    good = odoo_tree.usable_tree(_tree(tmp_path / "a"), "test")
    assert good is not None and good.root == tmp_path / "a"
    assert odoo_tree.usable_tree(_tree(tmp_path / "b", major=17), "test") is None
    assert "ignoring Odoo 17.0" in capsys.readouterr().out
    assert odoo_tree.usable_tree(_tree(tmp_path / "c", base=False), "test") is None
    assert "odoo/addons/base is missing" in capsys.readouterr().out


def test_addons_paths_and_command(tmp_path):
    root = _tree(tmp_path)
    tree = odoo_tree.OdooTree(root=root, origin="test")
    assert tree.addons_paths == [root / "odoo" / "addons"]
    assert tree.command() == [str(env.VPY), "-m", "odoo"]
    (root / "addons" / "web").mkdir(parents=True)
    (root / "addons" / "web" / "__manifest__.py").write_text("{}")
    (root / "odoo-bin").write_text("")
    assert tree.addons_paths == [root / "addons", root / "odoo" / "addons"]
    assert tree.command() == [str(env.VPY), str(root / "odoo-bin")]


def test_cache_dir_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    expected = tmp_path / "odoo-service-suite" / "odoo-18.0"
    assert odoo_tree.odoo_cache_dir() == expected


def test_missing_tree_message(monkeypatch, tmp_path):
    """The venv cannot import Odoo, ODOO_SRC is wrong, the cache is empty."""
    monkeypatch.setattr(odoo_tree, "odoo_in_venv", lambda: None)
    monkeypatch.setenv("ODOO_SRC", str(tmp_path / "nowhere"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "odoo-service-suite" / "odoo-18.0").mkdir(parents=True)
    try:
        odoo_tree.locate_odoo()
    except env.SuiteError as exc:
        message = str(exc)
    else:
        raise AssertionError("locate_odoo() found an Odoo")
    assert message.startswith("Odoo 18.0 was not found.")
    assert f"put such a tree at {tmp_path}/odoo-service-suite/odoo-18.0" in message
