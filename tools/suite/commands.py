"""The subcommands behind ``make run/test/lint/bench/stop/clean-db``, and ``main``."""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from . import __doc__ as PACKAGE_DOC
from .addons import (
    BENCH_REQUIREMENTS,
    bench_addon_names,
    collection_paths,
    is_benchmark,
    selected_addons,
)
from .cluster import Cluster, ensure_pg, release_pg
from .databases import drop_db, ensure_db, odoo_install, write_runtime_conf
from .env import (
    ADDONS_DIR,
    PERF_DIR,
    REPO,
    RUN,
    TESTS_DIR,
    VENV,
    VPY,
    SuiteError,
    say,
    setting,
    tail,
)
from .npm_assets import ensure_npm_assets
from .postgres import Pg, port_open
from .serve import http_port, serve, stop_served_odoo
from .venv import ensure_python

PYTEST_NO_TESTS = 5  # pytest's exit code when it collected nothing
DATABASES = (
    ("SUITE_DB", "service_suite"),
    ("SUITE_TEST_DB", "service_suite_test"),
    ("SUITE_BENCH_DB", "service_suite_bench"),
)


def database(key: str) -> str:
    """The database named by setting ``key`` (SUITE_DB, ...), or its default."""
    return setting(key, dict(DATABASES)[key])


def cmd_run(_args: argparse.Namespace) -> int:
    """Serve Odoo with the suite addons (database created/updated as needed)."""
    modules, _ = selected_addons()
    tree = ensure_python()
    assert tree is not None
    ensure_npm_assets()
    port = http_port()
    if port_open("127.0.0.1", port):
        raise SuiteError(
            f"port {port} is already in use (another Odoo? `make stop`,"
            " or SUITE_HTTP_PORT=...)"
        )
    pg, cluster = ensure_pg()
    try:
        conf = write_runtime_conf(tree, pg)
        db = database("SUITE_DB")
        ensure_db(tree, pg, db, modules)
        cmd = [*tree.command(), "-c", str(conf), "-d", db, f"--db-filter=^{db}$"]
        if setting("UPDATE") and modules:
            cmd += ["-u", ",".join(modules)]
        return serve(cmd, pg, port, db)
    finally:
        release_pg(pg, cluster)


def pytest(pg: Pg, conf: Path, db: str, paths: list[str], extra: list[str]) -> int:
    """pytest (with pytest-odoo on ``db``) over ``paths``; returns its exit code."""
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
    """Fresh test database with the addons, then their tests (and tests/)."""
    modules, restricted = selected_addons()
    if not modules:
        raise SuiteError("no suite addon found (addons/<name>/__manifest__.py)")
    paths = collection_paths(modules, restricted)
    if not paths:
        raise SuiteError("no tests collected: no addons/<addon>/tests nor tests/")
    tree = ensure_python()
    assert tree is not None
    ensure_npm_assets()
    pg, cluster = ensure_pg()
    try:
        conf = write_runtime_conf(tree, pg)
        db = database("SUITE_TEST_DB")
        drop_db(pg, db)
        odoo_install(tree, pg, db, modules)
        ignore = [f"--ignore={PERF_DIR.relative_to(REPO)}"] if "tests" in paths else []
        rc = pytest(pg, conf, db, paths, ignore)
    finally:
        release_pg(pg, cluster)
    if rc == PYTEST_NO_TESTS:
        raise SuiteError("no tests collected: pytest found no test to run")
    return rc


def bench_addons() -> list[str]:
    """Install requirements-bench.txt (third-party Odoo addons the benchmarks
    compare against) with ``pip --no-deps``; return the addons it names."""
    if not BENCH_REQUIREMENTS.is_file():
        return []
    names = bench_addon_names(BENCH_REQUIREMENTS.read_text())
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
    """Benchmarks of tests/perf/ (pytest -s) on a fresh bench database."""
    files = [p for p in PERF_DIR.rglob("*.py") if is_benchmark(p)]
    if not files:
        say("no benchmarks in tests/perf/ yet: nothing to run")
        return 0
    modules, _ = selected_addons()
    tree = ensure_python()
    assert tree is not None
    modules = modules + bench_addons()
    pg, cluster = ensure_pg()
    try:
        conf = write_runtime_conf(tree, pg)
        db = database("SUITE_BENCH_DB")
        drop_db(pg, db)
        odoo_install(tree, pg, db, modules or ["base"])
        rc = pytest(pg, conf, db, ["tests/perf"], ["-s"])
    finally:
        release_pg(pg, cluster)
    if rc == PYTEST_NO_TESTS:
        say("no benchmarks collected in tests/perf/")
        return 0
    return rc


def lint_steps(modules: list[str], restricted: bool) -> list[tuple[str, list[str]]]:
    """(name, command) of each lint step: ruff format, ruff check, pylint-odoo."""
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
        pylint = [str(bin_ / "pylint"), "--rcfile=.pylintrc"]
        steps.append(
            (
                "pylint (pylint-odoo mandatory checks)",
                [*pylint, *[f"addons/{m}" for m in modules]],
            )
        )
    return steps


def cmd_lint(_args: argparse.Namespace) -> int:
    """ruff format --check, ruff check, pylint-odoo; fails if any step fails."""
    modules, restricted = selected_addons()
    ensure_python(need_odoo=False)
    if not modules:
        say("no suite addon yet: pylint skipped")
    failed = []
    for name, cmd in lint_steps(modules, restricted):
        say(f"{name}: {' '.join(cmd[1:])}")
        if subprocess.run(cmd, cwd=str(REPO)).returncode != 0:
            failed.append(name)
    if failed:
        raise SuiteError("lint failed: " + ", ".join(failed))
    say(f"lint OK ({len(modules)} addon(s))")
    return 0


def cmd_stop(_args: argparse.Namespace) -> int:
    """Stop ``make run``'s Odoo and this checkout's private cluster."""
    stop_served_odoo()
    cluster = Cluster()
    if cluster.running_port() is None:
        say("the private PostgreSQL cluster is not running")
    else:
        cluster.stop(quiet=False)
    return 0


def cmd_clean_db(_args: argparse.Namespace) -> int:
    """Drop the suite's databases (SUITE_DB, SUITE_TEST_DB, SUITE_BENCH_DB)."""
    ensure_python()
    pg, cluster = ensure_pg()
    try:
        for key, _default in DATABASES:
            db = database(key)
            if drop_db(pg, db):
                say(f"dropped database {db} and its filestore")
    finally:
        release_pg(pg, cluster)
    return 0


COMMANDS: list[tuple[str, Callable[[argparse.Namespace], int], str]] = [
    ("run", cmd_run, "serve Odoo with the suite addons and demo data"),
    ("test", cmd_test, "fresh test database, then pytest"),
    ("lint", cmd_lint, "ruff format --check, ruff check, pylint-odoo"),
    ("bench", cmd_bench, "benchmarks in tests/perf/"),
    ("stop", cmd_stop, "stop `run`'s Odoo and the private PostgreSQL"),
    ("clean-db", cmd_clean_db, "drop the suite's databases"),
]


def build_parser() -> argparse.ArgumentParser:
    """The command line: one subcommand per entry of ``COMMANDS``."""
    summary = (PACKAGE_DOC or "").strip().splitlines()[0]
    parser = argparse.ArgumentParser(prog="tools/suite", description=summary)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, text in COMMANDS:
        sub.add_parser(name, help=text).set_defaults(func=func)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; a SuiteError is one message and exit code 1."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except SuiteError as exc:
        print(f"[suite] ERROR: {exc}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        print("[suite] interrupted", file=sys.stderr)
        return 130
