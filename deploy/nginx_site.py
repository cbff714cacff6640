"""The nginx site for Homeward's webhook workers, rendered from deploy/nginx/homeward.conf.template.

The production site and the local test set (deploy/run_local.py) come from the same template.
For a server (see docs/deploy.md):

    python -m deploy.nginx_site --ports 8081,8082 --server-name bot.example.org \\
        --webhook-path /telegram/hook-7Hq2 \\
        --tls "include /etc/nginx/snippets/homeward-tls.conf;" > /etc/nginx/sites-available/homeward
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from string import Template

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "homeward.conf.template"
NO_TLS = "# plain HTTP: for the local test set only (Telegram requires HTTPS)"


def render_site(
    *,
    ports: Sequence[int],
    listen: str,
    server_name: str,
    webhook_path: str,
    tls: str = NO_TLS,
    access_log: str = "/var/log/nginx/homeward.access.log",
    host: str = "127.0.0.1",
) -> str:
    """The site's text. `listen` is nginx's (e.g. `443 ssl`); `webhook_path` begins with /."""
    if not ports:
        raise ValueError("at least one worker port is needed")
    if not webhook_path.startswith("/"):
        raise ValueError(f"the webhook path must begin with /, not {webhook_path!r}")
    servers = "\n".join(f"    server {host}:{port} max_fails=1 fail_timeout=5s;" for port in ports)
    # safe_substitute: nginx's own $variables (no braces) stay as they are.
    return Template(TEMPLATE.read_text()).safe_substitute(
        upstream_servers=servers,
        listen=listen,
        server_name=server_name,
        webhook_path=webhook_path,
        tls=tls,
        access_log=access_log,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="print Homeward's nginx site")
    parser.add_argument("--ports", required=True, help="the workers' ports, e.g. 8081,8082")
    parser.add_argument("--listen", default="443 ssl", help="nginx listen value")
    parser.add_argument("--server-name", required=True, help="the public host name")
    parser.add_argument("--webhook-path", required=True, help="TELEGRAM_WEBHOOK_URL's path")
    parser.add_argument("--tls", default=NO_TLS, help="TLS directives, e.g. an include line")
    args = parser.parse_args(argv)
    ports = [int(p) for p in args.ports.split(",") if p.strip()]
    print(
        render_site(
            ports=ports,
            listen=args.listen,
            server_name=args.server_name,
            webhook_path=args.webhook_path,
            tls=args.tls,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
