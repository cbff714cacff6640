"""A stand-in for Telegram's Bot API on 127.0.0.1, for the local set (deploy/run_local.py): the
workers' `TELEGRAM_API_BASE_URL` points here. It answers every method as Telegram would in
shape (the bot for getMe, a message for send and edit calls, true otherwise) and records each
call, so a test can read what every worker sent, in the order the server received it.

Standard library only: a threaded HTTP server, because several workers call it at once.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT = {"id": 7000000001, "is_bot": True, "first_name": "Homeward", "username": "HomewardLocalBot"}
DATE = 1772503200


@dataclass(frozen=True)
class ApiCall:
    method: str
    params: dict[str, Any]


class FakeBotApi:
    """Start with `start()`; `url` is the base URL (without /bot<token>)."""

    def __init__(self) -> None:
        self.calls: list[ApiCall] = []
        self._lock = threading.Lock()
        self._next_message_id = 100
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                method = self.path.rstrip("/").rsplit("/", 1)[-1]
                result = api.record(method, _params(self.headers.get("Content-Type", ""), body))
                payload = json.dumps({"ok": True, "result": result}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the calls are recorded, not logged."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> FakeBotApi:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def record(self, method: str, params: dict[str, Any]) -> object:
        with self._lock:
            self.calls.append(ApiCall(method, params))
            if method in {"sendMessage", "sendPhoto", "sendDocument"}:
                self._next_message_id += 1
                message_id = self._next_message_id
            else:
                message_id = int(params.get("message_id") or 0)
        if method == "getMe":
            return BOT
        if method.startswith("send") or method.startswith("edit"):
            return {
                "message_id": message_id,
                "date": DATE,
                "chat": {"id": int(params.get("chat_id") or 0), "type": "private"},
                "from": BOT,
                "text": str(params.get("text", "")),
            }
        return True

    def texts(self, chat_id: int) -> list[str]:
        """What the bot sent to one chat, in the order it reached this server."""
        with self._lock:
            calls = list(self.calls)
        return [
            str(c.params.get("text", ""))
            for c in calls
            if c.method == "sendMessage" and int(c.params.get("chat_id") or 0) == chat_id
        ]


def _params(content_type: str, body: bytes) -> dict[str, Any]:
    """python-telegram-bot posts form fields (JSON-encoded where not plain strings)."""
    if content_type.startswith("application/json"):
        loaded = json.loads(body or b"{}")
        return loaded if isinstance(loaded, dict) else {}
    if content_type.startswith("application/x-www-form-urlencoded"):
        return dict(parse_qsl(body.decode("utf-8", errors="replace")))
    return {}  # multipart (files): the method alone is enough for the local set
