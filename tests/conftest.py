"""Test set-up shared by every ODBA test module.

CKAN's ``clean_db`` fixture rebuilds the database the first time it runs by
dropping every table, then re-creates CKAN core's tables only.  The
extensions' own tables (the search index among them) come from Alembic
migrations, so ``tests.ckan_compat`` applies them again after each rebuild.
"""
from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from hypothesis import settings

import ckan.plugins.toolkit as tk

# CKAN's DataStore fixture (`clean_datastore`) for the tests of tables the
# portal loads into the DataStore
from ckanext.datastore.tests.conftest import clean_datastore  # noqa: F401

from tests.liveserver import live_server  # noqa: F401

pytest_plugins = ["tests.ckan_compat", "tests.peramban"]

# CI runs the property tests on a fixed sequence of examples, so a red run
# can be reproduced; elsewhere each run explores new examples.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def fresh_fetcher():
    """The harvesters' fetcher keeps per-host backoff for the process:
    start and end every test without it."""
    from ckanext.bandaaceh_harvest import fetcher
    fetcher._shared.clear()
    yield
    fetcher._shared.clear()


@pytest.fixture
def feed_server():
    """A real local HTTP server whose routes a test sets
    (``tests/httpserver.py``)."""
    from tests.httpserver import FeedServer
    with FeedServer() as server:
        yield server


@pytest.fixture
def datastore_siap():
    """The DataStore database with CKAN's set-up (``ckan datastore
    set-permissions``, which scripts/test.sh applies): without it a test of
    the DataStore fails here and says why."""
    engine = sa.create_engine(tk.config["ckan.datastore.write_url"])
    try:
        with engine.connect() as conn:
            ready = conn.execute(sa.text(
                "SELECT 1 FROM pg_proc WHERE proname = "
                "'populate_full_text_trigger'")).first()
    finally:
        engine.dispose()
    if not ready:
        pytest.fail("DataStore test database not set up: pipe `ckan -c "
                    "<ini> datastore set-permissions` into psql")


@pytest.fixture
def ckan_cli(app):
    """The harvesters' command groups (``bandaaceh-berita``,
    ``bandaaceh-ppid``, ``bandaaceh-dkan``) under a root that provides the
    Flask app as ``ckan`` does: test.ini does not load the harvester
    plugins, so the ``ckan`` command itself does not list them."""
    import click

    from ckanext.bandaaceh_harvest import cli as berita_cli
    from ckanext.bandaaceh_harvest.dkan import cli as dkan_cli
    from ckanext.bandaaceh_harvest.ppid import cli as ppid_cli

    @click.group()
    @click.pass_context
    def root(ctx):
        ctx.meta["flask_app"] = app.flask_app

    for group in (berita_cli.berita, ppid_cli.bandaaceh_ppid,
                  dkan_cli.bandaaceh_dkan):
        root.add_command(group)
    return root
