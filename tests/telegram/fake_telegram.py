"""Telegram's servers, faked at the one true edge: a BaseRequest that records every Bot API
call and answers as the real API would (python-telegram-bot's own tests do the same)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT_ID = 7000000001
BOT = {"id": BOT_ID, "is_bot": True, "first_name": "Homeward", "username": "HomewardTestBot"}
DATE = 1772503200  # 2026-03-03 02:00 UTC


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    result: Any = None


@dataclass
class FakeTelegram(BaseRequest):
    calls: list[Call] = field(default_factory=list)
    fail_next: list[Exception] = field(default_factory=list)  # raised by the next calls
    files: dict[str, bytes] = field(default_factory=dict)  # file_id -> what getFile serves
    _next_message_id: int = 100

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        *args: object,
        **kwargs: object,
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data is not None else {}
        if self.fail_next:
            raise self.fail_next.pop(0)
        if "/file/bot" in url:  # a download: the file's bytes, not a JSON answer
            self.calls.append(Call("download", {"url": url}))
            return 200, self.files[name.removesuffix(".jpg")]
        call = Call(name, params, self._result(name, params))
        self.calls.append(call)
        return 200, json.dumps({"ok": True, "result": call.result}).encode()

    def _result(self, name: str, params: dict[str, Any]) -> object:
        if name == "getMe":
            return BOT
        if name == "getFile":
            file_id = str(params["file_id"])
            size = len(self.files[file_id])
            path = f"photos/{file_id}.jpg"
            return {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_size": size,
                "file_path": path,
            }
        if name == "sendDocument":
            self._next_message_id += 1
            return {
                "message_id": self._next_message_id,
                "date": DATE,
                "chat": {"id": int(params.get("chat_id", 0)), "type": "private"},
                "from": BOT,
                "document": {"file_id": f"doc{self._next_message_id}", "file_unique_id": "d"},
            }
        if name in {"sendMessage", "sendPhoto", "editMessageText", "editMessageReplyMarkup"}:
            if name.startswith("send"):
                self._next_message_id += 1
                message_id = self._next_message_id
            else:
                message_id = int(params["message_id"])
            chat_id = int(params.get("chat_id", 0))
            message: dict[str, Any] = {
                "message_id": message_id,
                "date": DATE,
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT,
                "text": params.get("text", ""),
            }
            if "reply_markup" in params:
                message["reply_markup"] = params["reply_markup"]
            return message
        return True

    def sent(self, chat_id: int | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method == "sendMessage"
            and (chat_id is None or int(c.params["chat_id"]) == chat_id)
        ]

    def texts(self, chat_id: int | None = None) -> list[str]:
        return [str(c.params["text"]) for c in self.sent(chat_id)]

    def clear(self) -> None:
        self.calls.clear()
