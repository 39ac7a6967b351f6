"""The one place where ODBA patches CKAN: its search engine connection.

CKAN 2.12 has no interface for replacing its search engine.  Its indexing
(``ckan.lib.search.index``), querying (``ckan.lib.search.query``) and
health check (``ckan.lib.search.common``) all obtain their engine through
a module-level ``make_connection()`` that returns a ``pysolr.Solr`` client,
which ``ckan.lib.search`` also re-exports.  :func:`install` rebinds that
name in those four modules to
:func:`make_connection` below, which returns the PostgreSQL client when
``ckanext.bandaaceh.search.engine = postgresql`` and CKAN's own Solr
client otherwise.  It also answers CKAN's start-up Solr schema check.

The choice is read from the config on every call, so switching engines is
a config change, and the patch survives plugins being unloaded and
reloaded (as CKAN's test fixtures do).  ``tests/search/test_backend.py``
fails if CKAN stops using these seams.
"""
from __future__ import annotations

import logging
from typing import Any

import ckan.lib.search as ckan_search
import ckan.lib.search.common as search_common
import ckan.lib.search.index as search_index
import ckan.lib.search.query as search_query

from . import settings
from .client import PostgresSearchClient

log = logging.getLogger(__name__)

PATCHED_MODULES = (search_common, search_index, search_query, ckan_search)
_original_make_connection = search_common.make_connection
_original_schema_check = ckan_search.check_solr_schema_version


def engine() -> str:
    """The configured engine: ``postgresql`` or ``solr``."""
    return settings.get("engine")


def make_connection(decode_dates: bool = True) -> Any:
    if engine() == "solr":
        return _original_make_connection(decode_dates)
    return PostgresSearchClient(decode_dates)


def check_solr_schema_version(schema_file: Any = None) -> bool:
    """CKAN's Solr schema check, which on PostgreSQL only checks a schema
    file it is given (there is no Solr server to ask)."""
    if engine() == "solr" or schema_file:
        return _original_schema_check(schema_file)
    return False


def install() -> None:
    """Route CKAN's search connections through :func:`make_connection`.

    Idempotent; never undone, so that searches keep working while
    plugins are reloaded.
    """
    for module in PATCHED_MODULES:
        if module.make_connection is not make_connection:
            module.make_connection = make_connection
    ckan_search.check_solr_schema_version = check_solr_schema_version


def installed() -> bool:
    return all(m.make_connection is make_connection for m in PATCHED_MODULES)
