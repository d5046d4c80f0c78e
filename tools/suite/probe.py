"""Questions the tooling asks of another Python (run by path, never imported).

The tooling itself runs on the system python3; what only the virtualenv can
answer (is Odoo importable, where is its site-packages, run SQL through its
psycopg2) is asked by running this file with the virtualenv's python::

    python -I probe.py version [MIN]    # print X.Y.Z; exit 1 if older than MIN
    python -I probe.py purelib          # the site-packages folder
    python -I probe.py odoo-locations   # JSON list of the `odoo` package's folders
    python -I probe.py imports MOD...   # exit 1 (and say why) if one fails to import
    python -I probe.py sql PAYLOAD      # PAYLOAD: {"dsn": {...}, "queries": [...]}

``sql`` prints a JSON list with one entry per query (its rows, or null) and exits
with 3 when it cannot connect, 4 when a query fails (the message on stderr).
Standard library only, except ``sql`` (psycopg2) - and simple enough that an old
Python reaches the version check.
"""

import importlib
import importlib.util
import json
import sys
import sysconfig
import traceback

EXIT_CONNECT = 3
EXIT_QUERY = 4


def version(minimum: str = "") -> int:
    """Print this Python's version; exit 1 when older than ``minimum``."""
    print(sys.version.split()[0])
    if minimum:
        wanted = tuple(int(part) for part in minimum.split("."))
        return 1 if sys.version_info[: len(wanted)] < wanted else 0
    return 0


def purelib() -> int:
    """Print the folder of pure-Python packages (site-packages)."""
    print(sysconfig.get_paths()["purelib"])
    return 0


def odoo_locations() -> int:
    """Print, as JSON, the folders of the importable `odoo` package ([] if none)."""
    spec = importlib.util.find_spec("odoo")
    locations = list(spec.submodule_search_locations or []) if spec else []
    print(json.dumps(locations))
    return 0


def imports(*modules: str) -> int:
    """Import each module; on the first failure print its traceback, exit 1."""
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:
            traceback.print_exc(file=sys.stdout)
            return 1
    return 0


def sql(payload: str) -> int:
    """Run the payload's queries in autocommit; print their rows as JSON."""
    import psycopg2

    args = json.loads(payload)
    try:
        conn = psycopg2.connect(connect_timeout=10, **args["dsn"])
    except psycopg2.OperationalError as exc:
        print(str(exc).strip(), file=sys.stderr)
        return EXIT_CONNECT
    conn.autocommit = True
    out = []
    try:
        with conn.cursor() as cr:
            for query, params in args["queries"]:
                try:
                    cr.execute(query, params)
                except psycopg2.Error as exc:
                    print(str(exc).strip(), file=sys.stderr)
                    return EXIT_QUERY
                out.append(cr.fetchall() if cr.description else None)
    finally:
        conn.close()
    print(json.dumps(out))
    return 0


COMMANDS = {
    "version": version,
    "purelib": purelib,
    "odoo-locations": odoo_locations,
    "imports": imports,
    "sql": sql,
}


def main(argv: list) -> int:
    """Dispatch ``argv`` (command, arguments) to one of ``COMMANDS``."""
    if not argv or argv[0] not in COMMANDS:
        print("usage: probe.py {%s} [ARG...]" % ",".join(COMMANDS), file=sys.stderr)
        return 2
    return COMMANDS[argv[0]](*argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
