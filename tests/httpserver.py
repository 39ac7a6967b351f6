"""A real local HTTP server for the harvester tests.

Each path answers as its :class:`Route` says (status, headers, body,
delay, ETag); the server records every request so tests can check the
conditional headers the harvester sent, and every POST with its body.
"""
from __future__ import annotations

import dataclasses
import gzip
import http.server
import os
import threading
import time
from typing import Optional

FEEDS = os.path.join(os.path.dirname(__file__), "berita", "feeds")


def feed(name: str) -> bytes:
    with open(os.path.join(FEEDS, name), "rb") as f:
        return f.read()


@dataclasses.dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=UTF-8"
    headers: dict = dataclasses.field(default_factory=dict)
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    delay: float = 0.0
    gzip: bool = False


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict]] = []
        # (path, headers, body, status answered) of every POST
        self.posts: list[tuple[str, dict, bytes, int]] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    route = Route(b"not found", 404, "text/plain")
                if route.delay:
                    time.sleep(route.delay)
                if route.etag and self.headers.get(
                        "If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = route.body
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                if route.gzip:
                    body = gzip.compress(body)
                    self.send_header("Content-Encoding", "gzip")
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.last_modified:
                    self.send_header("Last-Modified", route.last_modified)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                route = server.routes.get(self.path)
                if route is None:
                    route = Route(b"not found", 404, "text/plain")
                server.posts.append((self.path, dict(self.headers), body,
                                     route.status))
                server.requests.append((self.path, dict(self.headers)))
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                     Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       daemon=True)

    @property
    def base(self) -> str:
        return "http://127.0.0.1:%d" % self.httpd.server_address[1]

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]

    def __enter__(self) -> "FeedServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
