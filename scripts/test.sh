#!/usr/bin/env bash
# Run the ODBA test suite: scripts/test.sh [pytest arguments]
#
# Provisions what the tests need (PostgreSQL with the odba_test and
# odba_datastore_test databases, Redis, the virtualenv with
# requirements-dev.txt), applies migrations to the test database when they
# changed, then runs `pytest --ckan-ini=test.ini tests "$@"` from the repo
# root (without `tests` when the arguments name test paths themselves).
# Exits with pytest's status.
set -euo pipefail

# shellcheck source=scripts/lib/provision.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"
cd "$ODBA_ROOT"

odba_provision requirements-dev.txt

TEST_INI="$ODBA_ROOT/test.ini"
[ -f "$TEST_INI" ] || odba_die "test.ini not found in $ODBA_ROOT"

# Upgrade the test database when CKAN, test.ini's plugins or our migration
# files changed since the last upgrade, or when the database is empty.
fingerprint="$( {
    cat "$ODBA_VENV"/.odba-installed-*
    grep -E '^ckan\.plugins' "$TEST_INI"
    odba_fingerprint "$ODBA_ROOT/ckanext-bandaaceh/ckanext/bandaaceh/migration"
} | sha256sum | cut -d' ' -f1)"
has_tables="$(odba_psql -d odba_test -Atc "select count(*) from pg_tables where tablename = 'alembic_version'")"
if [ "$has_tables" = 0 ] || ! odba_stamp_matches test-db-upgrade "$fingerprint"; then
    odba_log "Applying migrations to the test database (ckan -c test.ini db upgrade)"
    mkdir -p "$ODBA_VAR/log"
    odba_ckan -c "$TEST_INI" db upgrade >"$ODBA_VAR/log/test-db-upgrade.log" 2>&1 || {
        cat "$ODBA_VAR/log/test-db-upgrade.log" >&2
        odba_die "ckan -c test.ini db upgrade failed"
    }
    odba_stamp_write test-db-upgrade "$fingerprint"
fi

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
