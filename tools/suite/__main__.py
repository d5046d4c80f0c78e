"""Entry point: ``python3 tools/suite <command>`` or ``python3 -m suite``."""

import sys

if not __package__:
    # Run as a folder (python3 tools/suite): make the package importable by
    # its name, and drop the package folder itself from the module path.
    from pathlib import Path

    _here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
    sys.path.insert(0, str(_here.parent))

from suite.commands import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
