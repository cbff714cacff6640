"""A Telegram Bot API emulator on 127.0.0.1 for end-to-end tests: the npm package
telegram-test-api (MIT, pinned below), installed from the registry by the test suite itself into
.venv/ on first use, started with the small compatibility shim in emulator/start.js."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

PACKAGE, VERSION = "telegram-test-api", "4.2.1"
ROOT = Path(__file__).resolve().parents[2]
INSTALL_DIR = ROOT / ".venv" / "telegram-test-api"
SHIM = Path(__file__).resolve().parent / "emulator" / "start.js"
START_TIMEOUT = 30.0
INSTALL_TIMEOUT = 300.0


class Unavailable(RuntimeError):
    """Why the emulator cannot run here (shown as the skip reason)."""


def install() -> Path:
    """The emulator's node_modules, installing the pinned version if it is not there yet."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise Unavailable("node and npm are needed for the Telegram emulator tests")
    modules = INSTALL_DIR / "node_modules"
    manifest = modules / PACKAGE / "package.json"
    if manifest.exists() and json.loads(manifest.read_text())["version"] == VERSION:
        return modules
    INSTALL_DIR.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(INSTALL_DIR),
            "--no-audit",
            "--no-fund",
            "--no-save",
            "--loglevel=error",
            f"{PACKAGE}@{VERSION}",
        ],
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
        check=False,
    )
    if result.returncode != 0 or not manifest.exists():
        raise Unavailable(f"npm could not install {PACKAGE}@{VERSION}: {result.stderr.strip()}")
    return modules


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_emulator() -> Iterator[str]:
    """The emulator's base URL while it runs."""
    modules = install()
    port = free_port()
    process = subprocess.Popen(
        ["node", str(SHIM), str(port)],
        env={**os.environ, "NODE_PATH": str(modules)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        with ThreadPoolExecutor(1) as pool:
            line = pool.submit(process.stdout.readline).result(timeout=START_TIMEOUT)
        if not line.startswith("listening"):
            raise Unavailable(
                f"the emulator did not start: {process.stderr.read() if process.stderr else ''}"
            )
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@dataclass
class Person:
    """Someone using Telegram, acting through the emulator's client endpoints."""

    base_url: str
    token: str
    chat_id: int

    def _who(self) -> dict[str, Any]:
        return {"id": self.chat_id, "is_bot": False, "first_name": f"Person{self.chat_id}"}

    def _chat(self) -> dict[str, Any]:
        return {"id": self.chat_id, "type": "private", "first_name": f"Person{self.chat_id}"}

    async def _post(self, path: str, body: dict[str, Any]) -> Any:
        async with httpx.AsyncClient(base_url=self.base_url) as client:
            response = await client.post(path, json=body)
            response.raise_for_status()
            return response.json()["result"]

    async def says(self, text: str) -> None:
        body: dict[str, Any] = {
            "botToken": self.token,
            "from": self._who(),
            "chat": self._chat(),
            "date": 1772503200,
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split()[0])
            body["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
            await self._post("/sendCommand", body)
        else:
            await self._post("/sendMessage", body)

    async def bot_messages(self) -> list[dict[str, Any]]:
        """Everything the bot sent to this chat, in order, as edited since."""
        history = await self._post("/getUpdatesHistory", {"token": self.token})
        return [
            {**item["message"], "message_id": item["messageId"]}
            for item in history
            if "message" in item and str(item["message"].get("chat_id")) == str(self.chat_id)
        ]

    async def texts(self) -> list[str]:
        return [str(m["text"]) for m in await self.bot_messages()]

    async def presses(self, label: str) -> None:
        for message in reversed(await self.bot_messages()):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    # A long choice is listed in the message and its button numbered.
                    if label in (button["text"], button["text"].partition(". ")[2]):
                        await self._post(
                            "/sendCallback",
                            {
                                "botToken": self.token,
                                "from": self._who(),
                                "data": button["callback_data"],
                                "message": {
                                    "message_id": message["message_id"],
                                    "date": 1772503200,
                                    "chat": self._chat(),
                                    "text": message["text"],
                                },
                            },
                        )
                        return
        raise AssertionError(f"no button {label!r} was sent to chat {self.chat_id}")
