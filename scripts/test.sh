#!/usr/bin/env bash
# Run the ODBA test suite: scripts/test.sh [pytest arguments]
#
# Provisions what the tests need (PostgreSQL with the odba_test and
# odba_datastore_test databases, Redis, the virtualenv with
# requirements-dev.txt, Chromium for tests/browser), applies migrations to
# the test database when they changed, then runs
# `pytest --ckan-ini=test.ini tests "$@"` from the repo root (without `tests`
# when the arguments name test paths themselves).
# Exits with pytest's status.
set -euo pipefail

# shellcheck source=scripts/lib/provision.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"
cd "$ODBA_ROOT"

odba_provision requirements-dev.txt
odba_ensure_chromium
export ODBA_CHROMIUM

TEST_INI="$ODBA_ROOT/test.ini"
[ -f "$TEST_INI" ] || odba_die "test.ini not found in $ODBA_ROOT"

odba_db_upgrade "$TEST_INI" odba_test test-db-upgrade
odba_datastore_permissions "$TEST_INI" odba_datastore_test

# `tests` unless the arguments name test files or folders themselves
# (scripts/test.sh tests/test_demo.py -x runs that file only).
targets=(tests)
for arg in "$@"; do
    if [[ "$arg" != -* && ( -e "${arg%%::*}" ) ]]; then targets=(); break; fi
done

status=0
odba_log "pytest --ckan-ini=test.ini ${targets[*]} $*"
"$ODBA_VENV/bin/pytest" --ckan-ini=test.ini "${targets[@]}" "$@" || status=$?

# CKAN's own shipped search tests, against the PostgreSQL engine. Only on a
# whole-suite run (no test paths named); keep the first failure's status.
if [ "${#targets[@]}" -gt 0 ]; then
    odba_log "CKAN's search tests (scripts/conformance.sh)"
    "$ODBA_ROOT/scripts/conformance.sh" "$@" || { [ "$status" -ne 0 ] || status=$?; }
fi

exit "$status"
