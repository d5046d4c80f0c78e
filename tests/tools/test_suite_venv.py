"""The requirements stamp: when `make` reinstalls the Python requirements."""

from pathlib import Path

from suite import venv
from suite.odoo_tree import OdooTree


def _files(folder: Path, odoo: str = "lxml==5\n", ours: str = "ruff==1\n"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "odoo-req.txt").write_text(odoo)
    (folder / "requirements.txt").write_text(ours)
    return [folder / "odoo-req.txt", folder / "requirements.txt"]


def test_digest_is_stable(tmp_path):
    files = _files(tmp_path)
    assert venv.deps_digest(files, "3.11.7") == venv.deps_digest(files, "3.11.7")
    assert len(venv.deps_digest(files, "3.11.7")) == 64


def test_digest_follows_contents_and_python(tmp_path):
    files = _files(tmp_path)
    before = venv.deps_digest(files, "3.11.7")
    assert venv.deps_digest(files, "3.12.1") != before
    files[1].write_text("ruff==2\n")
    assert venv.deps_digest(files, "3.11.7") != before


def test_digest_ignores_where_the_files_are(tmp_path):
    """Two worktrees sharing one .venv share its stamp."""
    one = _files(tmp_path / "one")
    two = _files(tmp_path / "two")
    assert venv.deps_digest(one, "3.11.7") == venv.deps_digest(two, "3.11.7")


def test_digest_tells_which_file_holds_a_line(tmp_path):
    """Moving a line from one file to the other is a different set-up."""
    one = _files(tmp_path / "one", odoo="a\nb\n", ours="c\n")
    two = _files(tmp_path / "two", odoo="a\n", ours="b\nc\n")
    assert venv.deps_digest(one, "3.11.7") != venv.deps_digest(two, "3.11.7")


def test_requirement_files_odoo_first(tmp_path):
    (tmp_path / "odoo").mkdir()
    (tmp_path / "odoo" / "requirements.txt").write_text("lxml\n")
    tree = OdooTree(root=tmp_path / "odoo", origin="test")
    assert venv.requirement_files(tree, tmp_path) == [
        tmp_path / "odoo" / "requirements.txt",
        tmp_path / "requirements.txt",
    ]


def test_requirement_files_without_odoo(tmp_path):
    assert venv.requirement_files(None, tmp_path) == [tmp_path / "requirements.txt"]
    tree = OdooTree(root=tmp_path / "no-requirements", origin="test")
    assert venv.requirement_files(tree, tmp_path) == [tmp_path / "requirements.txt"]
