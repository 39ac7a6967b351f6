"""Test set-up shared by every ODBA test module.

CKAN's ``clean_db`` fixture rebuilds the database the first time it runs by
dropping every table, then re-creates CKAN core's tables only.  The
extension's own tables (the search index among them) come from its Alembic
migrations, so they are applied again after each such rebuild.
"""
from __future__ import annotations

pytest_plugins = ["tests.ckan_compat"]
