"""The command line and the lint steps, without running anything."""

import pytest
from suite import commands


@pytest.mark.parametrize("name", ["run", "test", "lint", "bench", "stop", "clean-db"])
def test_every_make_target_is_a_command(name):
    args = commands.build_parser().parse_args([name])
    assert args.func.__name__ == "cmd_" + name.replace("-", "_")


def test_unknown_command_exits_with_usage(capsys):
    with pytest.raises(SystemExit) as exc:
        commands.build_parser().parse_args(["nope"])
    assert exc.value.code == 2
    assert "invalid choice: 'nope'" in capsys.readouterr().err


def test_main_reports_an_unknown_addon_in_one_line(monkeypatch, capsys):
    monkeypatch.setenv("ADDONS", "nope")
    assert commands.main(["test"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("[suite] ERROR: ADDONS names unknown or non-installable")
    assert "Traceback" not in err


def test_database_names(monkeypatch):
    monkeypatch.delenv("SUITE_TEST_DB", raising=False)
    assert commands.database("SUITE_TEST_DB") == "service_suite_test"
    monkeypatch.setenv("SUITE_TEST_DB", " tooling_test ")
    assert commands.database("SUITE_TEST_DB") == "tooling_test"


def test_lint_steps_restricted():
    steps = commands.lint_steps(["service_order"], True)
    names = [name for name, _cmd in steps]
    assert names == [
        "ruff format --check",
        "ruff check",
        "pylint (pylint-odoo mandatory checks)",
    ]
    assert steps[0][1][-3:] == ["addons/service_order", "tools", "tests"]
    assert steps[2][1][-1] == "addons/service_order"


def test_lint_steps_whole_repository_without_addons():
    steps = commands.lint_steps([], False)
    assert [name for name, _cmd in steps] == ["ruff format --check", "ruff check"]
    assert steps[1][1][-3:] == ["addons", "tools", "tests"]
