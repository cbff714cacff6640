"""A throwaway PostgreSQL server for the storage tests, or the reason there can't be one."""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import uuid4

from sqlalchemy import URL, create_engine, make_url

URL_VARIABLE = "HOMEWARD_TEST_POSTGRES_URL"
NO_BINARIES = (
    "PostgreSQL server binaries not found; CI installs them (.ci/run) "
    "or set HOMEWARD_TEST_POSTGRES_URL"
)
NO_SERVER_USER = (
    "running as root and there is no 'postgres' user to run a throwaway server as "
    "(PostgreSQL refuses to run as root); set HOMEWARD_TEST_POSTGRES_URL"
)


def find_bin_dir() -> Path | None:
    """Where initdb and pg_ctl live: on PATH, else Debian's /usr/lib/postgresql/<v>/bin."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    debian = Path("/usr/lib/postgresql").glob("*/bin")
    usable = [d for d in debian if (d / "initdb").exists() and (d / "pg_ctl").exists()]
    newest_first = sorted(usable, key=lambda d: _version(d.parent.name), reverse=True)
    return newest_first[0] if newest_first else None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name))


def server_user() -> dict[str, Any] | None:
    """subprocess arguments that drop root for the server; {} when not root; None if impossible."""
    if os.geteuid() != 0:
        return {}
    try:
        account = pwd.getpwnam("postgres")
    except KeyError:
        return None
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def throwaway_cluster(bin_dir: Path, run_as: dict[str, Any]) -> Iterator[URL]:
    """initdb + pg_ctl start in a temp dir on a free loopback port; yields the admin URL.
    Durability is switched off: the data dies with the test session anyway."""
    root = Path(tempfile.mkdtemp(prefix="homeward-pg-"))
    data, log = root / "data", root / "server.log"
    if "user" in run_as:
        os.chown(root, run_as["user"], run_as["group"])
    port = _free_port()

    def run(tool: str, *args: str) -> None:
        command = [str(bin_dir / tool), "-D", str(data), *args]
        subprocess.run(command, check=True, capture_output=True, cwd=root, **run_as)

    try:
        run("initdb", "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
        options = f"-h 127.0.0.1 -p {port} -k {root} -F -c synchronous_commit=off"
        try:
            run("pg_ctl", "-l", str(log), "-o", options, "-w", "-t", "30", "start")
        except subprocess.CalledProcessError as error:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {error.stderr!r}\n{tail}") from error
        try:
            yield URL.create("postgresql+psycopg", "postgres", None, "127.0.0.1", port, "postgres")
        finally:
            run("pg_ctl", "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def scratch_database(admin_url: URL) -> Iterator[str]:
    """A new, empty database on the server, dropped afterwards; yields its URL."""
    name = f"homeward_test_{uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield admin_url.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def configured_url() -> URL | None:
    value = os.environ.get(URL_VARIABLE, "").strip()
    return make_url(value) if value else None
