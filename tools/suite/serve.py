"""``make run``'s Odoo in the foreground: started, announced, stopped on Ctrl-C."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import threading
import time

from .env import REPO, RUN, conf_value, read_dev_conf, say, setting
from .postgres import Pg, port_open

PIDFILE = RUN / "odoo-run.pid"
DEFAULT_HTTP_PORT = 8069

# (login, role): each password is the login
DEMO_LOGINS = [
    ("admin", "administrator, service manager"),
    ("dispatcher", "dispatcher"),
    ("technician", "field technician"),
    ("customer", "portal customer"),
]


def http_port() -> int:
    """SUITE_HTTP_PORT, else odoo.conf's http_port, else 8069."""
    return int(
        setting("SUITE_HTTP_PORT")
        or conf_value(read_dev_conf(), "http_port")
        or DEFAULT_HTTP_PORT
    )


def banner_text(port: int, db: str) -> str:
    """The framed message saying where Odoo serves and how to log in."""
    lines = [
        f"Odoo 18.0 is serving http://localhost:{port}  (database {db})",
        "Demo logins (login / password):",
    ]
    lines += [f"  {login} / {login}  ({role})" for login, role in DEMO_LOGINS]
    lines.append("Ctrl-C stops Odoo (and PostgreSQL if this command started it).")
    width = max(map(len, lines))
    return "\n" + "=" * width + "\n" + "\n".join(lines) + "\n" + "=" * width + "\n"


def _announce_when_up(proc: subprocess.Popen, port: int, db: str) -> None:
    """Print the banner once Odoo accepts connections (for up to 5 minutes)."""
    for _ in range(600):
        if proc.poll() is not None:
            return
        if port_open("127.0.0.1", port):
            print(banner_text(port, db), flush=True)
            return
        time.sleep(0.5)


def serve(cmd: list[str], pg: Pg, port: int, db: str) -> int:
    """Run Odoo until it ends; Ctrl-C / SIGTERM are forwarded as one SIGINT."""
    say(f"starting Odoo: {' '.join(shlex.quote(c) for c in cmd)}")
    # Odoo gets its own process group: a terminal Ctrl-C reaches only this
    # script, which forwards one SIGINT (a second one forces Odoo's exit).
    proc = subprocess.Popen(
        cmd, env=dict(pg.env(), TZ="UTC"), cwd=str(REPO), start_new_session=True
    )
    PIDFILE.write_text(f"{proc.pid}\n")

    def forward(_signum: int, _frame: object) -> None:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    threading.Thread(
        target=_announce_when_up, args=(proc, port, db), daemon=True
    ).start()
    try:
        rc = proc.wait()
    finally:
        PIDFILE.unlink(missing_ok=True)
    say(f"Odoo stopped (exit code {rc})")
    return 0 if rc in (0, -signal.SIGINT) else rc


def stop_served_odoo() -> None:
    """Ask the Odoo of a ``make run`` (its pid in .run/) to stop; wait up to 30 s."""
    if not PIDFILE.is_file():
        return
    text = PIDFILE.read_text().strip()
    pid = int(text) if text.isdigit() else 0
    try:
        if pid <= 0:  # never signal a whole process group (pid 0)
            raise ProcessLookupError
        os.kill(pid, signal.SIGINT)
        say(f"asked Odoo (pid {pid}) to stop")
        for _ in range(60):
            os.kill(pid, 0)
            time.sleep(0.5)
    except (ProcessLookupError, PermissionError):
        pass
    PIDFILE.unlink(missing_ok=True)
