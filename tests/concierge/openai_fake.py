"""Test doubles for the OpenAI HTTP API: chat-completion bodies, an httpx2 MockTransport recorder,
and a real local HTTP server (a thread) that the SDK reaches through `base_url`."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx2


def completion(content, *, refusal=None, finish_reason="stop", prompt_tokens=120, completion_tokens=30):
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1764480000,
        "model": "gpt-4o-mini-2024-07-18",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": content if isinstance(content, str) or content is None else json.dumps(content),
                    "refusal": refusal,
                },
                "finish_reason": finish_reason,
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def answer(reply="Happy to help!", *, requires_escalation=False, category="none", sentiment="neutral",
           urgency="low", follow_ups=(), place_ids=()):  # fmt: skip
    return {
        "reply": reply,
        "requires_escalation": requires_escalation,
        "category": category,
        "sentiment": sentiment,
        "urgency": urgency,
        "suggested_follow_ups": list(follow_ups),
        "place_ids": list(place_ids),
    }


class Recorder:
    """An httpx2 transport that records each request and answers from a list of responses
    (an exception instance is raised instead, e.g. httpx2.ReadTimeout)."""

    def __init__(self, *responses):
        self.responses = list(responses)
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        item = self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]
        if isinstance(item, Exception):
            raise item
        status, body, headers = item if isinstance(item, tuple) else (200, item, {})
        return httpx2.Response(status, json=body, headers=headers)

    def client(self) -> httpx2.Client:
        return httpx2.Client(transport=httpx2.MockTransport(self))

    def body(self, index=0) -> dict:
        return json.loads(self.requests[index].content)


class FakeOpenAIServer:
    """A real HTTP server on 127.0.0.1 speaking POST /v1/chat/completions (and GET /v1/models/x)."""

    def __init__(self):
        self.responses: list = [(200, completion(answer()))]
        self.requests: list[dict] = []
        self.delay = 0.0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self):
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                body = json.loads(raw) if raw else None
                server.requests.append({"path": self.path, "method": self.command, "headers": headers, "body": body})
                if server.delay:
                    time.sleep(server.delay)
                item = server.responses.pop(0) if len(server.responses) > 1 else server.responses[0]
                status, body = item
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_POST = _reply
            do_GET = _reply

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
