"""ADDONS parsing, addon discovery and what `make test` collects."""

from pathlib import Path

import pytest
from suite import addons
from suite.env import SuiteError


def _addon(root: Path, name: str, manifest: str = "{'name': 'x'}") -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "__manifest__.py").write_text(manifest)
    return folder


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", []),
        ("  ", []),
        ("service_order", ["service_order"]),
        ("service_order,service_pm", ["service_order", "service_pm"]),
        ("service_order service_pm", ["service_order", "service_pm"]),
        (" service_order, ,service_pm ,", ["service_order", "service_pm"]),
    ],
)
def test_parse_addons(value, expected):
    assert addons.parse_addons(value) == expected


def test_select_addons_all_when_none_wanted():
    assert addons.select_addons([], ["a", "b"]) == (["a", "b"], False)


def test_select_addons_keeps_the_order_asked():
    assert addons.select_addons(["b", "a"], ["a", "b"]) == (["b", "a"], True)


def test_select_addons_names_every_unknown_addon():
    with pytest.raises(SuiteError) as err:
        addons.select_addons(["nope", "a", "gone"], ["a", "b"])
    assert str(err.value) == (
        "ADDONS names unknown or non-installable addon(s): nope, gone"
        " (suite addons: a, b)"
    )


def test_select_addons_unknown_without_any_addon():
    with pytest.raises(SuiteError, match=r"\(suite addons: none yet\)"):
        addons.select_addons(["a"], [])


def test_suite_addons_only_installable_manifests(tmp_path):
    _addon(tmp_path, "b_addon")
    _addon(tmp_path, "a_addon", "{'name': 'a', 'installable': True}")
    _addon(tmp_path, "off", "{'name': 'off', 'installable': False}")
    (tmp_path / "not_an_addon").mkdir()
    assert addons.suite_addons(tmp_path) == ["a_addon", "b_addon"]


def test_suite_addons_no_folder(tmp_path):
    assert addons.suite_addons(tmp_path / "missing") == []


def test_suite_addons_unreadable_manifest(tmp_path):
    _addon(tmp_path, "broken", "{'name': ")
    with pytest.raises(SuiteError, match="__manifest__.py is not readable"):
        addons.suite_addons(tmp_path)


def test_collection_paths_whole_suite_adds_top_level_tests(tmp_path):
    addons_dir, tests_dir = tmp_path / "addons", tmp_path / "tests"
    (_addon(addons_dir, "one") / "tests").mkdir()
    _addon(addons_dir, "untested")
    tests_dir.mkdir()
    paths = addons.collection_paths(["one", "untested"], False, addons_dir, tests_dir)
    assert paths == ["addons/one/tests", "tests"]


def test_collection_paths_restricted_run_only_the_addons(tmp_path):
    addons_dir, tests_dir = tmp_path / "addons", tmp_path / "tests"
    (_addon(addons_dir, "one") / "tests").mkdir()
    tests_dir.mkdir()
    assert addons.collection_paths(["one"], True, addons_dir, tests_dir) == [
        "addons/one/tests"
    ]


def test_collection_paths_of_this_repository_include_these_tests():
    """`make test` (no ADDONS) collects tests/, hence tests/tools/, and only
    leaves out tests/perf/ (by --ignore)."""
    modules = addons.suite_addons()
    paths = addons.collection_paths(modules, False)
    assert paths[-1] == "tests"
    assert Path(__file__).resolve().parent.parent.name == "tests"
    assert all(p.startswith("addons/") for p in paths[:-1])


def test_bench_addon_names():
    text = (
        "# comment odoo-addon-nope==1\n"
        "odoo-addon-fieldservice-recurring==18.0.1.2.0.2\n"
        "  odoo-addon-base_territory >= 18.0 ; python_version > '3'\n"
        "odoo-addon-fieldservice\n"
        "requests==2.0\n"
    )
    assert addons.bench_addon_names(text) == [
        "fieldservice_recurring",
        "base_territory",
        "fieldservice",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("test_pm_bench.py", True),
        ("dispatch_test.py", True),
        ("helpers.py", False),
        ("conftest.py", False),
    ],
)
def test_is_benchmark(name, expected):
    assert addons.is_benchmark(Path(name)) is expected
