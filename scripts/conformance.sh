#!/usr/bin/env bash
# CKAN's own search tests, run against the PostgreSQL search engine.
set -euo pipefail
cd "$(dirname "$0")/.."
CKAN_TESTS=$(.venv/bin/python -c 'import ckan.tests, os; print(os.path.dirname(ckan.tests.__file__))')
exec .venv/bin/pytest -p tests.ckan_compat \
  "$CKAN_TESTS/logic/action/test_get.py::TestPackageSearch" \
  "$CKAN_TESTS/logic/action/test_get.py::TestOrganizationList" \
  "$CKAN_TESTS/logic/action/test_get.py::TestGroupList" \
  "$CKAN_TESTS/logic/action/test_get.py::TestPackageAutocomplete" \
  "$CKAN_TESTS/controllers/test_package.py::TestSearch" \
  "$CKAN_TESTS/controllers/test_group.py::TestGroupSearch" \
  "$CKAN_TESTS/controllers/test_group.py::TestGroupInnerSearch" \
  "$CKAN_TESTS/controllers/test_organization.py::TestOrganizationSearch" \
  "$CKAN_TESTS/controllers/test_organization.py::TestOrganizationInnerSearch" \
  "$@"
