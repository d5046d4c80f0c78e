"""Tests of the developer tooling (tools/suite/): plain pytest, no Odoo.

They import the ``suite`` package from tools/ and touch nothing outside
pytest's tmp_path (no virtualenv, no PostgreSQL, no network).
"""

import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[2] / "tools"
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))
