"""Test set-up shared by every ODBA test module.

CKAN's ``clean_db`` fixture rebuilds the database the first time it runs by
dropping every table, then re-creates CKAN core's tables only.  The
extensions' own tables (the search index among them) come from Alembic
migrations, so ``tests.ckan_compat`` applies them again after each rebuild.
"""
from __future__ import annotations

import os

from hypothesis import settings

pytest_plugins = ["tests.ckan_compat"]

# CI runs the property tests on a fixed sequence of examples, so a red run
# can be reproduced; elsewhere each run explores new examples.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
