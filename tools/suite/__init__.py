"""Developer tooling of the Field Service Suite (standard library only).

Run it with any Python >= 3.10 (the Makefile uses the system ``python3``)::

    python3 tools/suite run      # set up everything, serve Odoo on :8069
    python3 tools/suite test     # fresh test database + pytest (pytest-odoo)
    python3 tools/suite lint     # ruff format --check, ruff check, pylint-odoo
    python3 tools/suite bench    # benchmarks in tests/perf/ (pytest -s)
    python3 tools/suite stop     # stop `run`'s Odoo and the embedded PostgreSQL
    python3 tools/suite clean-db # drop the suite's databases and filestores

Every command does its own set-up, idempotently: the virtualenv (.venv), Odoo
18.0 (made importable with a .pth file), the Python requirements (skipped while
a stamp is unchanged) and PostgreSQL (an existing server given by PGHOST/PGPORT,
or a private cluster under .run/). See README.md for the environment variables.

Modules, from the bottom up:

- ``env``: paths, settings, messages, ``odoo.conf`` and the venv-side ``probe``;
- ``addons``: the suite's addons, ``ADDONS`` and which tests a run collects;
- ``odoo_tree``: finding (or cloning) Odoo 18.0 and linking it into .venv;
- ``venv``: the virtualenv and its Python requirements;
- ``postgres`` / ``cluster``: an existing server or the private cluster;
- ``databases``: ``.run/odoo.conf``, creating, installing and dropping databases;
- ``serve``: ``make run``'s foreground Odoo; ``commands``: the subcommands;
- ``probe``: run by the virtualenv's python (psycopg2 queries, import checks),
  never imported by the rest.
"""
