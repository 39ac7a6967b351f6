"""Pytest plugin: keep the extension's tables in place across CKAN's
database resets.

Loaded by ``tests/conftest.py`` and, with ``-p tests.ckan_compat``, when
CKAN's own test-suite is run against the extension.
"""
from __future__ import annotations

import contextlib
import logging

import alembic.command
import alembic.config
import sqlalchemy as sa

from ckan.common import config

import ckan.model as model
import ckan.tests.helpers as test_helpers

from ckanext.bandaaceh import migrasi

# (package, plugin) of every plugin the tests load that has migrations
PLUGINS_WITH_MIGRATIONS = (
    ("ckanext.bandaaceh", "bandaaceh"),
    ("ckanext.activity", "activity"),
    ("ckanext.harvest", "harvest"),
    ("ckanext.bandaaceh_harvest", "bandaaceh_berita"),
    ("ckanext.bandaaceh_harvest", "bandaaceh_ppid"),
)
_original_reset_db = test_helpers.reset_db


def apply_extension_migrations() -> None:
    """Run the extension's migrations if their tables are missing.

    Alembic is called directly: ``ckan db upgrade -p`` needs the plugin
    loaded, and CKAN's fixtures unload plugins between tests.
    """
    inspector = sa.inspect(model.meta.engine)
    for package_name, plugin in PLUGINS_WITH_MIGRATIONS:
        if inspector.has_table("%s_alembic_version" % plugin):
            continue
        alembic_config = alembic.config.Config(
            migrasi.alembic_ini(package_name, plugin))
        alembic_config.set_main_option(
            "sqlalchemy.url", config["sqlalchemy.url"])
        with _loggers_kept():
            alembic.command.upgrade(alembic_config, "head")


@contextlib.contextmanager
def _loggers_kept():
    """ckanext-harvest's Alembic env calls ``logging.config.fileConfig``
    with its default ``disable_existing_loggers=True``: keep every logger
    that was enabled before, or later log assertions see nothing."""
    enabled = [logger for logger in logging.Logger.manager.loggerDict.values()
               if isinstance(logger, logging.Logger) and not logger.disabled]
    try:
        yield
    finally:
        for logger in enabled:
            logger.disabled = False


def reset_db() -> None:
    _original_reset_db()
    apply_extension_migrations()


def pytest_sessionstart(session) -> None:
    test_helpers.reset_db = reset_db


def pytest_runtest_setup(item) -> None:
    """Same fake data on every run: CKAN's factories draw titles and notes
    from Faker, and a free-text test can otherwise match a random word."""
    from ckan.tests import factories
    factories.fake.seed_instance(1171)
