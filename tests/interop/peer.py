"""A second, real CKAN instance for the interoperability tests.

The peer is CKAN 2.12 from this virtualenv served by gunicorn on a free
127.0.0.1 port, in a subprocess, with a configuration of its own and a
database of its own. Stock CKAN needs Solr for ``package_create`` and
``package_search``; there is no Solr here, so the peer also loads our
``bandaaceh`` plugin for its PostgreSQL search engine, and scheming with the
``aplikasi`` schema so it can hold the portal's app registry. It loads
ckanext-harvest and its ``ckan_harvester`` to harvest us.

Its database is ``odba_test_peer`` next to ``odba_test`` (created by
``scripts/test.sh``, see ``ODBA_DATABASES`` in ``scripts/lib/provision.sh``);
a test ini on ``odba_test_X`` uses ``odba_test_peer_X``, and
``ODBA_PEER_DB`` names another one. The schema is rebuilt with
``ckan db upgrade`` once per test session and the data is emptied before
every test.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa
from sqlalchemy.engine import make_url

VENV_BIN = os.path.dirname(sys.executable)
CKAN = os.path.join(VENV_BIN, "ckan")
GUNICORN = os.path.join(VENV_BIN, "gunicorn")
ADMIN = "peeradmin"
SITE_ID = "odba-peer"
# tables whose rows survive between tests: the schema's versions and the
# sysadmin with its token (making them again costs seconds)
KEPT_TABLES = {"user", "api_token"}

INI = """\
[DEFAULT]
debug = false

[app:main]
use = egg:ckan
ckan.site_id = {site_id}
ckan.site_url = {url}
ckan.site_title = CKAN peer
sqlalchemy.url = {db_url}
ckan.redis.url = {redis_url}
# no Solr: the search engine of the bandaaceh plugin, in PostgreSQL
solr_url = http://127.0.0.1:8983/solr/not-used
ckanext.bandaaceh.search.engine = postgresql
ckan.plugins = bandaaceh scheming_datasets harvest ckan_harvester
scheming.dataset_schemas = ckanext.bandaaceh:schemas/aplikasi.yaml
scheming.presets = ckanext.scheming:presets.json ckanext.bandaaceh:schemas/presets.yaml
ckan.search.show_all_types = false
ckan.harvest.mq.type = redis
ckan.storage_path = {storage}
ckan.max_resource_size = 10
SECRET_KEY = odba-peer-test-secret
beaker.session.secret = odba-peer-test-secret
WTF_CSRF_ENABLED = false

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(asctime)s %(levelname)-5.5s [%(name)s] %(message)s
"""


def peer_database_name(test_db_url: str) -> str:
    """The peer's database: ``ODBA_PEER_DB``, else derived from the test
    database (``odba_test`` -> ``odba_test_peer``, ``odba_test_ci`` ->
    ``odba_test_peer_ci``)."""
    if os.environ.get("ODBA_PEER_DB"):
        return os.environ["ODBA_PEER_DB"]
    name = make_url(test_db_url).database
    if name.startswith("odba_test"):
        return "odba_test_peer" + name[len("odba_test"):]
    return name + "_peer"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Peer:
    """The peer CKAN: its URL, its sysadmin's token, its API and CLI."""

    def __init__(self, folder: Path, test_db_url: str, redis_url: str):
        self.folder = folder
        self.db_url = make_url(test_db_url).set(
            database=peer_database_name(test_db_url))
        self.url = "http://127.0.0.1:%d" % free_port()
        self.ini = folder / "peer.ini"
        self.log = folder / "peer.log"
        (folder / "storage").mkdir(exist_ok=True)
        self.ini.write_text(INI.format(
            site_id=SITE_ID, url=self.url, redis_url=redis_url,
            db_url=self.db_url.render_as_string(hide_password=False),
            storage=folder / "storage"))
        self.token = ""
        self._server: subprocess.Popen | None = None

    # set-up ------------------------------------------------------------
    def create(self) -> None:
        """A fresh schema, migrated, with a sysadmin and its token."""
        self._ensure_database()
        engine = sa.create_engine(self.db_url)
        try:
            with engine.begin() as conn:
                # the database owner owns `public` (PostgreSQL 15)
                conn.execute(sa.text("DROP SCHEMA public CASCADE"))
                conn.execute(sa.text("CREATE SCHEMA public"))
        finally:
            engine.dispose()
        self.cli("db", "upgrade")
        self.cli("user", "add", ADMIN, "email=peeradmin@example.org",
                 "password=PeerAdmin-2017", "sysadmin=True")
        out = self.cli("user", "token", "add", ADMIN, "tests")
        self.token = out.strip().splitlines()[-1].strip()

    def _ensure_database(self) -> None:
        """``scripts/test.sh`` creates it; a role that may create databases
        (``odba`` may) makes a missing one here, for other test inis."""
        admin_url = self.db_url.set(database="postgres")
        engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                exists = conn.execute(
                    sa.text("SELECT 1 FROM pg_database WHERE datname = :n"),
                    {"n": self.db_url.database}).scalar()
                if not exists:
                    conn.execute(sa.text(
                        'CREATE DATABASE "%s" ENCODING \'UTF8\' '
                        "TEMPLATE template0" % self.db_url.database))
        finally:
            engine.dispose()

    def start(self) -> None:
        env = dict(os.environ, CKAN_INI=str(self.ini))
        self._log_file = open(self.log, "ab")
        self._server = subprocess.Popen(
            [GUNICORN, "--bind", self.url[len("http://"):],
             "--workers", "2", "--timeout", "120",
             "ckanext.bandaaceh.wsgi:create_app()"],
            env=env, stdout=self._log_file, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self._server.poll() is not None:
                raise RuntimeError("peer CKAN exited:\n" + self.log_tail())
            try:
                if requests.get(self.url + "/api/3/action/status_show",
                                timeout=10).ok:
                    return
            except (requests.ConnectionError, requests.Timeout):
                # gunicorn accepts connections before its workers have
                # built the app, which takes longer on a busy machine
                pass
            time.sleep(0.3)
        raise RuntimeError("peer CKAN did not answer:\n" + self.log_tail())

    def stop(self) -> None:
        if self._server is not None:
            self._server.terminate()
            try:
                self._server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._server.kill()
                self._server.wait()
            self._log_file.close()

    def empty(self) -> None:
        """Delete every row but the sysadmin and the schema versions."""
        engine = sa.create_engine(self.db_url)
        try:
            with engine.begin() as conn:
                tables = [t for t in sa.inspect(conn).get_table_names()
                          if t not in KEPT_TABLES
                          and not t.endswith("alembic_version")]
                conn.execute(sa.text("TRUNCATE %s CASCADE" % ", ".join(
                    '"%s"' % t for t in tables)))
        finally:
            engine.dispose()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(
                errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""

    # use ---------------------------------------------------------------
    def cli(self, *args: str, timeout: int = 120) -> str:
        """Run ``ckan -c peer.ini ARGS`` and return its output."""
        result = subprocess.run([CKAN, "-c", str(self.ini), *args],
                                capture_output=True, text=True,
                                timeout=timeout)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result.stdout

    def action(self, action: str, /, **data: Any) -> Any:
        """Call an action of the peer's API as its sysadmin."""
        response = requests.post(
            "%s/api/3/action/%s" % (self.url, action), json=data,
            headers={"Authorization": self.token}, timeout=60)
        body = response.json()
        assert body.get("success"), (action, response.status_code, body)
        return body["result"]
