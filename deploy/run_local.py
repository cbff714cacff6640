"""The whole deployment on one machine, for testing: a throwaway PostgreSQL, the migrations, N
bot workers in webhook mode on free ports, nginx in front of them (its site rendered from
deploy/nginx/homeward.conf.template) and a stand-in for Telegram's Bot API
(deploy/fake_bot_api.py) that the workers send to. Nothing listens on a fixed port.

    .venv/bin/python -m deploy.run_local            # start, print the URLs, Ctrl+C stops

Post updates (JSON, with the secret header) to the printed proxy URL as Telegram would; the
bot's answers are recorded by the fake API. tests/deploy and benchmarks/deploy_benchmark.py use
`local_set()` directly. Needs PostgreSQL's server binaries and nginx (Debian: `postgresql`,
`nginx`); HOMEWARD_TEST_POSTGRES_URL uses an existing server instead of a throwaway one.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import make_url

from deploy.fake_bot_api import FakeBotApi
from deploy.nginx_site import render_site
from storage.db import make_engine, migrate
from tests.storage.pg_cluster import (
    NO_BINARIES,
    NO_SERVER_USER,
    configured_url,
    find_bin_dir,
    scratch_database,
    server_user,
    throwaway_cluster,
)

TOKEN = "123456:LOCAL-SET"
WEBHOOK_PATH = "/telegram/local-hook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
START_TIMEOUT = 90.0  # seconds for a worker to answer /healthz (imports, NLU, migrations)


class Unavailable(RuntimeError):
    """Why the local set cannot start here (PostgreSQL or nginx missing)."""


@dataclass
class Worker:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        """As if the machine lost it: no clean-up, its claims and leader lock are left behind."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class LocalSet:
    database_url: str
    proxy_url: str  # where Telegram would post: nginx, then a worker
    secret: str
    bot_api: FakeBotApi
    root: Path
    workers: list[Worker] = field(default_factory=list)

    def post(self, client: httpx.Client, update: Mapping[str, object]) -> int:
        response = client.post(self.proxy_url, json=update, headers={SECRET_HEADER: self.secret})
        return response.status_code


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def problem() -> str | None:
    """Why the set cannot run here, or None."""
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        return "nginx not found (Debian: apt-get install nginx); .ci/run installs it"
    if configured_url() is None:
        if find_bin_dir() is None:
            return NO_BINARIES
        if server_user() is None:
            return NO_SERVER_USER
    return None


@contextmanager
def _database() -> Iterator[str]:
    given = configured_url()
    if given is not None:
        with scratch_database(given) as url:
            yield url
        return
    bin_dir, run_as = find_bin_dir(), server_user()
    if bin_dir is None or run_as is None:
        raise Unavailable(NO_BINARIES if bin_dir is None else NO_SERVER_USER)
    with throwaway_cluster(bin_dir, run_as) as admin, scratch_database(admin) as url:
        yield url


def _wait_until_up(url: str, process: subprocess.Popen[bytes] | None, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{tail}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up within {START_TIMEOUT:.0f} s")


def worker_environment(
    database_url: str, name: str, port: int, api: str, secret: str, workers: int
) -> dict[str, str]:
    """A worker's environment, as deploy/systemd/homeward.env.example sets it on a server."""
    # application_name shows which worker holds a lock in pg_stat_activity.
    url = make_url(database_url).update_query_dict({"application_name": name})
    return {
        "HOMEWARD_DATABASE_URL": url.render_as_string(hide_password=False),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api,
        "TELEGRAM_WEBHOOK_URL": f"https://homeward.invalid{WEBHOOK_PATH}",
        "TELEGRAM_WEBHOOK_SECRET": secret,
        "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1",
        "TELEGRAM_WEBHOOK_PORT": str(port),
        "HOMEWARD_WORKERS": str(workers),
    }


def start_worker(
    local: LocalSet, index: int, port: int, workers: int, extra: Mapping[str, str]
) -> Worker:
    name = f"homeward-worker-{index}"
    log = local.root / f"{name}.log"
    env = {
        **os.environ,
        **worker_environment(
            local.database_url, name, port, local.bot_api.url, local.secret, workers
        ),
        **extra,
    }
    homeward = Path(sys.executable).parent / "homeward"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [str(homeward), "run"], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    return Worker(name, port, process, log)


def _nginx(local: LocalSet, port: int) -> subprocess.Popen[bytes]:
    conf = local.root / "nginx"
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (conf / temp).mkdir(parents=True, exist_ok=True)
        (conf / temp).chmod(0o777)  # nginx's workers may run as another user when we are root
    site = render_site(
        ports=[w.port for w in local.workers],
        listen=f"127.0.0.1:{port}",
        server_name="localhost",
        webhook_path=WEBHOOK_PATH,
        access_log=str(conf / "access.log"),
    )
    (conf / "homeward.conf").write_text(site)
    (conf / "nginx.conf").write_text(
        f"""pid {conf}/nginx.pid;
error_log {conf}/error.log warn;
worker_processes 1;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {conf}/body;
    proxy_temp_path {conf}/proxy;
    fastcgi_temp_path {conf}/fastcgi;
    uwsgi_temp_path {conf}/uwsgi;
    scgi_temp_path {conf}/scgi;
    include {conf}/homeward.conf;
}}
"""
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    log = conf / "stderr.log"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [nginx, "-p", str(conf), "-c", str(conf / "nginx.conf"), "-g", "daemon off;"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    _wait_until_up(f"http://127.0.0.1:{port}/healthz", process, log)
    return process


@contextmanager
def local_set(workers: int = 2, extra_env: Mapping[str, str] | None = None) -> Iterator[LocalSet]:
    """The running set; everything stops and is removed on exit."""
    reason = problem()
    if reason is not None:
        raise Unavailable(reason)
    root = Path(tempfile.mkdtemp(prefix="homeward-local-set-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, root, ignore_errors=True)
        url = stack.enter_context(_database())
        engine = make_engine(url)
        migrate(engine)  # once, before the workers (they would take turns anyway)
        engine.dispose()
        api = FakeBotApi().start()
        stack.callback(api.stop)
        proxy_port = free_port()
        local = LocalSet(
            database_url=url,
            proxy_url=f"http://127.0.0.1:{proxy_port}{WEBHOOK_PATH}",
            secret=secrets.token_urlsafe(24),
            bot_api=api,
            root=root,
        )
        for index in range(1, workers + 1):
            worker = start_worker(local, index, free_port(), workers, extra_env or {})
            local.workers.append(worker)
            stack.callback(worker.stop)
        for worker in local.workers:
            _wait_until_up(f"http://127.0.0.1:{worker.port}/healthz", worker.process, worker.log)
        proxy = _nginx(local, proxy_port)
        stack.callback(_stop_process, proxy)
        yield local


def _stop_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="start PostgreSQL, N workers and nginx locally")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    try:
        with local_set(args.workers) as local:
            print(f"database:  {local.database_url}")
            print(f"webhook:   {local.proxy_url}  (header {SECRET_HEADER}: {local.secret})")
            print(f"bot API:   {local.bot_api.url}  (the stand-in for Telegram)")
            for worker in local.workers:
                print(f"{worker.name}: 127.0.0.1:{worker.port}, log {worker.log}")
            print("Ctrl+C stops everything.")
            with suppress(KeyboardInterrupt):
                signal.pause()
    except Unavailable as err:
        print(f"run_local: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
