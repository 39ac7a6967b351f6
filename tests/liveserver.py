"""A live CKAN server for tests that need a real HTTP peer (browsers,
command-line clients, conformance runners)."""
from __future__ import annotations

import threading

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wsgi import ClosingIterator

import ckan.model as model


class _ErrorLoggingHandler(WSGIRequestHandler):
    """Logs failed requests only: a page pulls in dozens of assets."""

    def log_request(self, code="-", size="-"):
        if str(getattr(code, "value", code))[:1] in "45":
            super().log_request(code, size)


@pytest.fixture
def live_server(with_plugins, ckan_config, make_app, monkeypatch):
    """Base URL of the test's CKAN app, served from a background thread.

    Function scope: each test has its own config marks and plugins, and the
    app is built after them (about a second). The server is single-threaded,
    so all requests share one thread and one SQLAlchemy session, which is
    removed after every request; the server stops at the end of the test,
    before the next test's ``clean_db`` drops the tables.
    """
    # Bound first: the app is built for the port the server got.
    server = make_server("127.0.0.1", 0, app=None,
                         request_handler=_ErrorLoggingHandler)
    url = "http://127.0.0.1:%d" % server.port
    try:
        # Absolute links and redirects must point at this server.
        monkeypatch.setitem(ckan_config, "ckan.site_url", url)
        ckan_app = make_app().app
    except BaseException:
        server.server_close()
        raise

    def app(environ, start_response):
        return ClosingIterator(ckan_app(environ, start_response),
                               model.Session.remove)

    server.app = app

    def serve():
        try:
            server.serve_forever(poll_interval=0.1)
        finally:
            model.Session.remove()

    thread = threading.Thread(target=serve, name="live-server", daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        thread.join(timeout=30)
        assert not thread.is_alive(), "the live server did not stop"
