"""The npm step: which addons get front-end libraries, and when npm runs again."""

import json
import os
import stat

import pytest
from suite import npm_assets
from suite.env import SuiteError

# a stand-in for npm: `npm ci` lays out node_modules/lib/dist and logs the call
FAKE_NPM = """#!/bin/sh
echo "$@" >> "$(dirname "$0")/calls.log"
mkdir -p node_modules/lib/dist/images
echo "window.L = {};" > node_modules/lib/dist/lib.js
echo "png" > node_modules/lib/dist/images/marker.png
"""


def _addon(root, name="web_map", lock=True, assets=None):
    addon = root / name
    addon.mkdir(parents=True)
    package = {"name": name, "dependencies": {"lib": "1.0.0"}}
    if assets is not False:
        package["odooAssets"] = assets or {
            "lib/dist/lib.js": "static/lib/lib/lib.js",
            "lib/dist/images": "static/lib/lib/images",
        }
    (addon / "package.json").write_text(json.dumps(package))
    if lock:
        (addon / "package-lock.json").write_text('{"lockfileVersion": 3}')
    return addon


@pytest.fixture
def fake_npm(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    npm.write_text(FAKE_NPM)
    npm.chmod(npm.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return bin_dir / "calls.log"


def test_only_addons_with_assets(tmp_path):
    addons = tmp_path / "addons"
    with_assets = _addon(addons, "a_map")
    _addon(addons, "b_tooling", assets=False)
    (addons / "c_plain").mkdir()
    assert npm_assets.npm_addons(addons) == [with_assets]


def test_installs_copies_and_stamps_once(tmp_path, fake_npm):
    addons = tmp_path / "addons"
    addon = _addon(addons)
    assert npm_assets.ensure_npm_assets(addons) == [addon]
    assert (addon / "static/lib/lib/lib.js").read_text() == "window.L = {};\n"
    assert (addon / "static/lib/lib/images/marker.png").is_file()
    assert fake_npm.read_text().split() == [
        "ci",
        "--omit=dev",
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
    ]
    # up to date: npm does not run again
    assert npm_assets.ensure_npm_assets(addons) == []
    assert len(fake_npm.read_text().splitlines()) == 1


def test_a_new_lock_or_a_missing_copy_installs_again(tmp_path, fake_npm):
    addons = tmp_path / "addons"
    addon = _addon(addons)
    npm_assets.ensure_npm_assets(addons)
    (addon / "package-lock.json").write_text('{"lockfileVersion": 3, "x": 1}')
    assert npm_assets.ensure_npm_assets(addons) == [addon]
    (addon / "static/lib/lib/lib.js").unlink()
    assert npm_assets.ensure_npm_assets(addons) == [addon]
    assert len(fake_npm.read_text().splitlines()) == 3


def test_refuses_paths_outside_the_addon(tmp_path, fake_npm):
    addons = tmp_path / "addons"
    _addon(addons, assets={"lib/dist/lib.js": "../elsewhere.js"})
    with pytest.raises(SuiteError, match="bad path"):
        npm_assets.ensure_npm_assets(addons)


def test_missing_lock_file_is_an_error(tmp_path, fake_npm):
    addons = tmp_path / "addons"
    _addon(addons, lock=False)
    with pytest.raises(SuiteError, match="package-lock.json"):
        npm_assets.ensure_npm_assets(addons)
