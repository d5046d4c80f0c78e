"""The suite's addons: discovery, the ``ADDONS`` setting, what a run collects."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .env import ADDONS_DIR, REPO, TESTS_DIR, SuiteError, relative, setting

BENCH_REQUIREMENTS = REPO / "requirements-bench.txt"
_BENCH_LINE_RE = re.compile(r"\s*odoo-addon-([A-Za-z0-9_.-]+?)\s*(?:[=<>!~;]|$)")


def suite_addons(addons_dir: Path = ADDONS_DIR) -> list[str]:
    """Folders of ``addons_dir`` holding an installable ``__manifest__.py``."""
    found: list[str] = []
    if not addons_dir.is_dir():
        return found
    for manifest in sorted(addons_dir.glob("*/__manifest__.py")):
        try:
            data = ast.literal_eval(manifest.read_text())
        except (SyntaxError, ValueError) as exc:
            raise SuiteError(f"{relative(manifest)} is not readable: {exc}") from None
        if data.get("installable", True):
            found.append(manifest.parent.name)
    return found


def parse_addons(value: str) -> list[str]:
    """The addon names of an ``ADDONS`` value (comma and/or space separated)."""
    return [name for name in re.split(r"[,\s]+", value) if name]


def select_addons(wanted: list[str], available: list[str]) -> tuple[list[str], bool]:
    """``wanted`` checked against ``available`` (all of them if none is wanted).

    Returns (addons, restricted); raises SuiteError naming any unknown addon."""
    if not wanted:
        return available, False
    unknown = [name for name in wanted if name not in available]
    if unknown:
        raise SuiteError(
            f"ADDONS names unknown or non-installable addon(s): {', '.join(unknown)}"
            f" (suite addons: {', '.join(available) or 'none yet'})"
        )
    return wanted, True


def selected_addons() -> tuple[list[str], bool]:
    """The addons named by ``ADDONS``, else all of them: (addons, restricted)."""
    return select_addons(parse_addons(setting("ADDONS")), suite_addons())


def collection_paths(
    modules: list[str],
    restricted: bool,
    addons_dir: Path = ADDONS_DIR,
    tests_dir: Path = TESTS_DIR,
) -> list[str]:
    """pytest paths of a ``make test``: each addon's tests/, plus the top-level
    tests/ (guards, persona flows and tests/tools/) unless ADDONS restricts the
    run. The benchmarks in tests/perf/ are left out by an --ignore."""
    paths = [
        f"addons/{m}/tests" for m in modules if (addons_dir / m / "tests").is_dir()
    ]
    if not restricted and tests_dir.is_dir():
        paths.append("tests")
    return paths


def bench_addon_names(text: str) -> list[str]:
    """Odoo addons named by a requirements text, as technical names
    (``odoo-addon-fieldservice-recurring==...`` -> ``fieldservice_recurring``)."""
    names = []
    for line in text.splitlines():
        match = _BENCH_LINE_RE.match(line)
        if match:
            names.append(match.group(1).replace("-", "_").replace(".", "_"))
    return names


def is_benchmark(path: Path) -> bool:
    """Whether pytest collects ``path`` as a test file of tests/perf/."""
    return path.name.startswith("test_") or path.name.endswith("_test.py")
