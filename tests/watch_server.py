"""A local HTTP server on 127.0.0.1 for the watch tests: a changing feed (ETag / Last-Modified, 304),
a feed that fails, a feed that hangs, and a webhook receiver that fails its first request."""

from __future__ import annotations

import hashlib
import json
import threading
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


class State:
    def __init__(self) -> None:
        self.items: list[tuple[str, str, str]] = []  # (guid, title, text)
        self.modified = formatdate(usegmt=True)
        self.requests: dict[str, int] = {}
        self.not_modified = 0
        self.conditional = 0
        self.hooks: list[dict] = []
        self.hook_failures_left = 1
        self.release = threading.Event()
        self.lock = threading.Lock()

    def set_items(self, items: list[tuple[str, str, str]]) -> None:
        with self.lock:
            self.items = list(items)
            self.modified = formatdate(usegmt=True)

    def rss(self) -> bytes:
        entries = "".join(
            f"<item><guid>{escape(g)}</guid><title>{escape(t)}</title><link>https://news.example/{escape(g)}</link>"
            f"<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate><description>{escape(x)}</description></item>"
            for g, t, x in self.items)
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Local wire</title>'
                f"{entries}</channel></rss>").encode()


def make_handler(state: State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _count(self) -> None:
            with state.lock:
                state.requests[self.path] = state.requests.get(self.path, 0) + 1

        def do_GET(self) -> None:  # noqa: N802
            self._count()
            if self.path == "/wire.xml":
                body = state.rss()
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"):
                    state.conditional += 1
                if self.headers.get("If-None-Match") == etag:
                    state.not_modified += 1
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", state.modified)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            elif self.path == "/broken.xml":
                self.send_error(500, "feed generator crashed")
            elif self.path == "/hang.xml":
                state.release.wait(30)  # never answers while the test runs
            else:
                self.send_error(404)

        def do_POST(self) -> None:  # noqa: N802
            self._count()
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n)
            with state.lock:
                fail = state.hook_failures_left > 0
                if fail:
                    state.hook_failures_left -= 1
            if fail:
                self.send_error(503, "try again")
                return
            state.hooks.append(json.loads(body))
            self.send_response(204)
            self.end_headers()

    return Handler


class LocalServer:
    def __init__(self) -> None:
        self.state = State()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(self.state))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.state.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)
