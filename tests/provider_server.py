"""A real HTTP translation server on 127.0.0.1 for tests and benchmarks.

It speaks the protocols our providers use — LibreTranslate (``POST /translate``),
DeepL (``POST /v2/translate``), Google's mobile page (``GET /m``), MyMemory
(``GET /get``), Microsoft (``POST /microsoft``) and OpenAI-compatible chat
completions (``POST /v1/chat/completions``) — so the real deep-translator,
deepl and LLM client code runs against it. ``fault`` switches make it misbehave
the ways real providers do; every request is recorded. It binds to loopback
only, never hangs longer than ``hang_seconds``, and stops with ``stop()``;
a dripping or flooding answer stops as soon as the client hangs up.

Hostile faults: ``drip`` (the answer one byte every ``drip_seconds``),
``flood`` (``FLOOD_BYTES`` without Content-Length; ``flood_declared`` says its
length first), ``redirect`` (307 to ``redirect_to``, e.g. a second server on
another port), ``garbage`` (chat completions: prose instead of the JSON asked
for), ``wrong_ids`` (chat completions: answers under ids never sent),
``identical`` (the source text back), ``bidi`` (the translation wrapped in a
right-to-left override and zero-width spaces). A huge
Retry-After is ``set_fault("429", retry_after="3600")``.

``latency_seconds`` (opt-in, 0 by default so tests stay fast) delays every
answer like a distant provider; ``max_in_flight`` records the most requests
waiting for their answer at once (meaningful with a latency), to show that
a client's concurrency is real and bounded. LibreTranslate requests are read
as the real server reads them: form or query fields (``q`` one text), or a
JSON body whose ``q`` may be a list (answered with a list). ``set_fault(...,
on_text=...)`` limits a fault to requests carrying a text that contains it.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

FAULTS = {
    None,
    "timeout",
    "429",
    "500",
    "403",
    "456",
    "malformed",
    "wrong_count",
    "empty",
    "script",
    "drop_markup",
    "drip",
    "flood",
    "flood_declared",
    "redirect",
    "identical",
    "bidi",
    "garbage",
    "wrong_ids",
}
FLOOD_BYTES = 50 * 1024 * 1024
BIDI = "\u202e"  # right-to-left override
ZERO_WIDTH = "\u200b"


def fake_translate(text: str, target: str) -> str:
    """Deterministic and visibly marked; keeps placeholders like a good provider."""
    return f"<{target.split('-')[0].lower()}> {text}"


@dataclass
class Received:
    endpoint: str
    texts: list[str]
    source: str
    target: str
    context: str = ""  # chat completions: the system prompt
    headers: dict = field(default_factory=dict)


@dataclass
class ProviderServer:
    deepl_key: str = "test-deepl-key"
    llm_key: str = "test-llm-key"
    hang_seconds: float = 5.0
    fault: str | None = None
    fault_times: int | None = None  # None: every request; n: the next n requests
    fault_on_text: str | None = None  # only requests carrying a text that contains this
    retry_after: str | None = None
    drip_seconds: float = 1.0
    redirect_to: str | None = None  # base URL the "redirect" fault sends clients to
    flood_bytes_sent: int = 0
    latency_seconds: float = 0.0
    max_in_flight: int = 0
    received: list[Received] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _release: threading.Event = field(default_factory=threading.Event)
    _fault_now: str | None = None
    _in_flight: int = 0
    _count_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def characters(self) -> int:
        return sum(len(text) for request in self.received for text in request.texts)

    def set_fault(
        self,
        fault: str | None,
        times: int | None = None,
        retry_after: str | None = None,
        on_text: str | None = None,
    ) -> None:
        assert fault in FAULTS, fault
        self.fault, self.fault_times, self.retry_after = fault, times, retry_after
        self.fault_on_text = on_text

    def reset(self) -> None:
        self.set_fault(None)
        self.received.clear()
        self.flood_bytes_sent = 0
        self.latency_seconds = 0.0
        self.max_in_flight = 0

    def start(self) -> ProviderServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):  # noqa: N802 - http.server API
                server._handle(self, "GET")

            def do_POST(self):  # noqa: N802 - http.server API
                server._handle(self, "POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # --- request handling -------------------------------------------------------------

    def _current_fault(self, texts: list[str]) -> str | None:
        if self.fault is None:
            return None
        if self.fault_on_text is not None and not any(self.fault_on_text in t for t in texts):
            return None
        if self.fault_times is None:
            return self.fault
        if self.fault_times > 0:
            self.fault_times -= 1
            return self.fault
        return None

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        # Counted until the answer is about to be written: a client cannot have sent its
        # next request before then, so one request after another never counts as two.
        with self._count_lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            if self.latency_seconds:
                self._release.wait(self.latency_seconds)
        finally:
            with self._count_lock:
                self._in_flight -= 1
        self._answer(handler, method)

    def _answer(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        url = urlparse(handler.path)
        query = {key: values[-1] for key, values in parse_qs(url.query).items()}
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        routes = {
            ("POST", "/translate"): self._libre,
            ("POST", "/v2/translate"): self._deepl,
            ("GET", "/m"): self._google,
            ("GET", "/get"): self._mymemory,
            ("POST", "/microsoft"): self._microsoft,
            ("POST", "/v1/chat/completions"): self._chat,
        }
        route = routes.get((method, url.path))
        if route is None:
            self._send(handler, 404, {"error": "not found"})
            return
        texts, source, target, render = route(handler, query, body)
        self.received.append(
            Received(
                url.path,
                texts,
                source.split("-")[0].lower(),
                target.split("-")[0].lower(),
                self._system_prompt(body) if route == self._chat else "",
                dict(handler.headers),
            )
        )
        fault = self._current_fault(texts)
        self._fault_now = fault
        if fault == "timeout":
            self._release.wait(self.hang_seconds)
            return
        if fault in {"429", "500", "403", "456"}:
            headers = {"Retry-After": self.retry_after} if self.retry_after else {}
            self._send(handler, int(fault), {"error": f"fault {fault}"}, headers)
            return
        if fault == "redirect":
            location = f"{self.redirect_to}{handler.path}"
            self._send(handler, 307, {"moved": location}, {"Location": location})
            return
        if fault in {"flood", "flood_declared"}:
            self._flood(handler, declared=fault == "flood_declared")
            return
        if fault == "malformed":
            self._send_raw(handler, 200, b"{not json", "application/json")
            return
        translated = [fake_translate(text, target) for text in texts]
        if fault == "wrong_count":
            translated = translated + translated[:1]
        elif fault == "empty":
            translated = ["" for _text in texts]
        elif fault == "script":
            translated = [
                f'<script>alert(1)</script><img src=x onerror="alert(1)"> {t}' for t in translated
            ]
        elif fault == "drop_markup":
            translated = [re.sub(r"</?[gx]\d+/?>", "", t) for t in translated]
        elif fault == "identical":
            translated = list(texts)
        elif fault == "bidi":
            translated = [f"{BIDI}{t.replace(' ', ZERO_WIDTH + ' ', 1)}" for t in translated]
        status, payload = render(translated)
        if fault == "drip":
            body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            self._drip(handler, status, body)
        elif isinstance(payload, bytes):
            self._send_raw(handler, status, payload, "text/html; charset=utf-8")
        else:
            self._send(handler, status, payload)

    def _libre(self, handler, query, body):
        if handler.headers.get("Content-Type", "").startswith("application/json"):
            query = json.loads(body or b"{}")
        texts = query.get("q", "")
        if isinstance(texts, list):
            return (
                texts,
                query.get("source", ""),
                query.get("target", ""),
                (lambda out: (200, {"translatedText": out})),
            )
        return (
            [texts],
            query.get("source", ""),
            query.get("target", ""),
            (lambda out: (200, {"translatedText": out[0]} if len(out) == 1 else out)),
        )

    def _deepl(self, handler, query, body):
        if handler.headers.get("Authorization") != f"DeepL-Auth-Key {self.deepl_key}":
            return [], "", "", lambda out: (403, {"message": "Wrong key"})
        data = json.loads(body or b"{}")
        texts = data.get("text", [])
        return (
            texts,
            data.get("source_lang", ""),
            data.get("target_lang", ""),
            (
                lambda out: (
                    200,
                    {
                        "translations": [
                            {
                                "detected_source_language": data.get("source_lang", ""),
                                "text": t,
                                "billed_characters": len(t),
                            }
                            for t in out
                        ]
                    },
                )
            ),
        )

    def _google(self, handler, query, body):
        def render(out):
            rows = "".join(f'<div class="t0">{_escape(t)}</div>' for t in out)
            return 200, f"<html><body>{rows}</body></html>".encode()

        return [query.get("q", "")], query.get("sl", ""), query.get("tl", ""), render

    def _mymemory(self, handler, query, body):
        source, _, target = query.get("langpair", "|").partition("|")
        return (
            [query.get("q", "")],
            source,
            target,
            (
                lambda out: (
                    200,
                    {"responseData": {"translatedText": out[0] if out else ""}, "matches": []},
                )
            ),
        )

    def _microsoft(self, handler, query, body):
        items = json.loads(body or b"[]")
        return (
            [item["text"] for item in items],
            query.get("from", ""),
            query.get("to", ""),
            (
                lambda out: (
                    200,
                    [{"translations": [{"text": t, "to": query.get("to")}]} for t in out],
                )
            ),
        )

    def _chat(self, handler, query, body):
        """OpenAI-compatible chat completions; the user message is our JSON batch."""
        if handler.headers.get("Authorization") != f"Bearer {self.llm_key}":
            return [], "", "", lambda out: (401, {"error": {"message": "Incorrect API key"}})
        messages = json.loads(body or b"{}").get("messages", [])
        batch = json.loads(next(m["content"] for m in messages if m["role"] == "user"))
        ids = [segment["id"] for segment in batch["segments"]]

        def render(out):
            answer_ids = ids + [f"extra{n}" for n in range(len(out) - len(ids))]
            if self._fault_now == "wrong_ids":
                answer_ids = [f"{segment_id}0" for segment_id in answer_ids]
            pairs = zip(answer_ids, out, strict=False)
            content = json.dumps(
                {"translations": [{"id": i, "text": t} for i, t in pairs]}, ensure_ascii=False
            )
            if self._fault_now == "garbage":
                content = "Sure! Here are your translations, I hope they help."
            return 200, {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
            }

        return (
            [segment["text"] for segment in batch["segments"]],
            batch.get("source", ""),
            batch.get("target", ""),
            render,
        )

    @staticmethod
    def _system_prompt(body: bytes) -> str:
        messages = json.loads(body or b"{}").get("messages", [])
        return "\n".join(m["content"] for m in messages if m["role"] == "system")

    def _drip(self, handler, status: int, body: bytes) -> None:
        """Headers at once, then the body one byte at a time: each read succeeds, slowly."""
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.flush()
            for byte in body:
                if self._release.wait(self.drip_seconds):
                    return
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def _flood(self, handler, declared: bool) -> None:
        """``FLOOD_BYTES`` of JSON-ish padding, until the client hangs up."""
        chunk = b" " * (64 * 1024)
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            if declared:
                handler.send_header("Content-Length", str(FLOOD_BYTES))
            handler.end_headers()
            while self.flood_bytes_sent < FLOOD_BYTES and not self._release.is_set():
                handler.wfile.write(chunk)
                self.flood_bytes_sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    @staticmethod
    def _send(handler, status: int, payload, headers: dict | None = None) -> None:
        ProviderServer._send_raw(
            handler, status, json.dumps(payload).encode(), "application/json", headers
        )

    @staticmethod
    def _send_raw(
        handler, status: int, body: bytes, content_type: str, headers: dict | None = None
    ) -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                handler.send_header(key, value)
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
