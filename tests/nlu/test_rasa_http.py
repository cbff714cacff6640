from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar

import pytest

from nlu.parser import load_understanding
from nlu.rasa_http import RasaBackendError, RasaHTTPUnderstanding
from tests.nlu.conftest import NOW


def rasa_response(text: str) -> dict[str, Any]:
    """Rasa 3's documented /model/parse response, for the stub to return."""
    start = text.find("Amra")
    return {
        "text": text,
        "intent": {"id": 1, "name": "child_returned", "confidence": 0.91},
        "intent_ranking": [
            {"id": 1, "name": "child_returned", "confidence": 0.91},
            {"id": 2, "name": "report_missing", "confidence": 0.06},
            {"id": 3, "name": "greet", "confidence": 0.03},
        ],
        "entities": [
            {
                "entity": "child_name",
                "start": start,
                "end": start + 4,
                "value": "Amra",
                "confidence_entity": 0.88,
                "extractor": "DIETClassifier",
            },
            {
                "entity": "location",
                "start": text.find("the park"),
                "end": text.find("the park") + 8,
                "value": "the park",
                "confidence_entity": 0.8,
                "extractor": "DIETClassifier",
            },
            {
                "entity": "time",
                "start": 0,
                "end": 4,
                "value": "2020-01-01T00:00:00.000+00:00",
                "extractor": "DucklingEntityExtractor",
            },
        ],
        "response_selector": {},
    }


TOKEN = "s3cret+/&= token"
# Rasa's answer to a request without the right --auth-token.
NOT_AUTHENTICATED: dict[str, Any] = {
    "version": "3.6.20",
    "status": "failure",
    "message": "User is not authenticated.",
    "reason": "NotAuthenticated",
    "details": {},
    "help": None,
    "code": 401,
}


class _Stub(BaseHTTPRequestHandler):
    # Like `rasa run --enable-api --auth-token TOKEN` when set.
    required_token: ClassVar[str | None] = None

    def do_POST(self) -> None:
        path, _, query = self.path.partition("?")
        assert path == "/model/parse"
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        sent = urllib.parse.parse_qs(query).get("token", [None])[0]
        status, answer = 200, rasa_response(body["text"])
        if self.required_token is not None and sent != self.required_token:
            status, answer = 401, NOT_AUTHENTICATED
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve(handler: type[_Stub]) -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def rasa_url() -> Iterator[str]:
    yield from _serve(_Stub)


class _SecuredStub(_Stub):
    required_token = TOKEN


@pytest.fixture
def secured_rasa_url() -> Iterator[str]:
    yield from _serve(_SecuredStub)


def test_rasa_backend_maps_the_response(rasa_url: str) -> None:
    understanding = load_understanding(
        {"HOMEWARD_NLU_BACKEND": "rasa", "HOMEWARD_RASA_URL": rasa_url}
    )
    assert isinstance(understanding, RasaHTTPUnderstanding)
    text = "Amra came in at half 10 from the park"
    result = understanding.parse(text, NOW, child_names=["Amara Okafor"])
    assert result["intent"] == {"name": "child_returned", "confidence": 0.91}
    # "came in" is a plain return, so the safety rule takes report_missing off the buttons.
    assert [s["name"] for s in result["intent_ranking"]] == ["child_returned", "greet"]
    values = {e["entity"]: e["value"] for e in result["entities"]}
    # Rasa's Duckling time (server clock) is replaced by ours; the name is mapped to the roster.
    assert values == {
        "child_name": "Amara Okafor",
        "time": "2026-03-02T22:30:00Z",
        "location": "the park",
    }


def test_rasa_backend_keeps_the_safety_rules(rasa_url: str) -> None:
    result = RasaHTTPUnderstanding(rasa_url).parse("Amra still not back", NOW)
    assert result["intent"]["name"] == "report_missing"
    assert result.get("safety") == ["negated_return"]


def test_rasa_backend_drops_names_off_the_roster(rasa_url: str) -> None:
    result = RasaHTTPUnderstanding(rasa_url).parse("Amra is back", NOW, child_names=["Kofi"])
    assert "child_name" not in {e["entity"] for e in result["entities"]}


def test_unreachable_server_is_a_clear_error() -> None:
    server = HTTPServer(("127.0.0.1", 0), _Stub)
    port = server.server_address[1]
    server.server_close()
    with pytest.raises(RasaBackendError, match="Rasa server"):
        RasaHTTPUnderstanding(f"http://127.0.0.1:{port}", timeout=2).parse("hi", NOW)


def test_token_is_sent_as_rasas_query_parameter(secured_rasa_url: str) -> None:
    understanding = load_understanding(
        {
            "HOMEWARD_NLU_BACKEND": "rasa",
            "HOMEWARD_RASA_URL": secured_rasa_url + "/",
            "HOMEWARD_RASA_TOKEN": TOKEN,
        }
    )
    result = understanding.parse("Amra came in at half 10 from the park", NOW)
    assert result["intent"]["name"] == "child_returned"


@pytest.mark.parametrize("token", ["", "wrong"])
def test_missing_or_wrong_token_is_a_clear_error_that_does_not_show_it(
    secured_rasa_url: str, token: str
) -> None:
    understanding = load_understanding(
        {
            "HOMEWARD_NLU_BACKEND": "rasa",
            "HOMEWARD_RASA_URL": secured_rasa_url,
            "HOMEWARD_RASA_TOKEN": token,
        }
    )
    with pytest.raises(RasaBackendError, match=r"401.*HOMEWARD_RASA_TOKEN") as error:
        understanding.parse("hi", NOW)
    assert "token=" not in str(error.value)
