# shellcheck shell=bash
# Provisioning helpers shared by scripts/portal.sh and scripts/test.sh.
# Source this file; it defines functions and a few variables, and runs nothing.
#
# Every helper is idempotent: it checks first and only acts when something is
# missing, so a second run of a script costs a few quick checks.

set -Eeuo pipefail

# `set -e` exits silently; say which command failed (once, not per subshell).
_odba_on_error() {
    local status=$1 command=$2 line=$3 file=$4
    if [ "$BASH_SUBSHELL" -eq 0 ]; then
        printf 'error: %s failed (status %s) at %s line %s\n' "$command" "$status" "${file#"$ODBA_ROOT"/}" "$line" >&2
    fi
}
trap '_odba_on_error $? "$BASH_COMMAND" "$LINENO" "${BASH_SOURCE[0]:-$0}"' ERR

ODBA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ODBA_VENV="$ODBA_ROOT/.venv"
ODBA_VAR="$ODBA_ROOT/var"
ODBA_STATE="$ODBA_VAR/state"

ODBA_PG_HOST=127.0.0.1
ODBA_PG_PORT=5432
ODBA_DB_USER=odba
ODBA_DB_PASSWORD=odba
ODBA_DS_RO_USER=odba_datastore_ro
ODBA_DS_RO_PASSWORD=odba_datastore_ro
# odba_test_peer: the second CKAN of tests/interop (tests/interop/peer.py)
ODBA_DATABASES=(odba odba_datastore odba_test odba_datastore_test odba_test_peer)
ODBA_REDIS_PORT=6379

odba_log() { printf '==> %s\n' "$*"; }
odba_warn() { printf 'warning: %s\n' "$*" >&2; }
odba_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

odba_is_root() { [ "$(id -u)" -eq 0 ]; }

# Install Debian packages, once per run of the script.
_odba_apt_updated=
odba_apt_install() {
    odba_is_root || odba_die "missing system packages: $*
  install them (as root: apt-get install $*) and run this script again"
    command -v apt-get >/dev/null || odba_die "missing system packages: $*
  and no apt-get here: install the equivalents with your package manager"
    odba_log "Installing Debian packages: $*"
    if [ -z "$_odba_apt_updated" ]; then
        apt-get update -qq
        _odba_apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Wait until a command succeeds (up to $1 seconds).
odba_wait_for() {
    local seconds=$1; shift
    local i
    for ((i = 0; i < seconds * 2; i++)); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.5
    done
    return 1
}

# --- PostgreSQL ---------------------------------------------------------------

odba_pg_ready() { pg_isready -q -h "$ODBA_PG_HOST" -p "$ODBA_PG_PORT"; }

odba_ensure_postgres() {
    if ! command -v psql >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
        odba_apt_install postgresql postgresql-client
    fi
    if odba_pg_ready; then return 0; fi

    local version
    version="$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n1 || true)"
    if [ -z "$version" ] || [ ! -d "/etc/postgresql/$version/main" ]; then
        version="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n1)"
        odba_is_root || odba_die "no PostgreSQL cluster exists; as root run: pg_createcluster $version main"
        odba_log "Creating PostgreSQL $version cluster 'main'"
        pg_createcluster "$version" main >/dev/null
    fi
    odba_log "Starting PostgreSQL $version"
    if odba_is_root; then
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    else
        odba_die "PostgreSQL is not running on $ODBA_PG_HOST:$ODBA_PG_PORT; start it (as root: pg_ctlcluster $version main start)"
    fi
    odba_wait_for 30 odba_pg_ready ||
        odba_die "PostgreSQL did not answer on $ODBA_PG_HOST:$ODBA_PG_PORT within 30 s; see /var/log/postgresql/"
}

# psql as the postgres superuser: over TCP when that works without a password
# (trust auth), else through the local socket as the postgres OS user (peer
# auth, the Debian default).
ODBA_PSQL_SUPER=()
odba_psql_super() {
    if [ ${#ODBA_PSQL_SUPER[@]} -eq 0 ]; then
        if psql -X -w -h "$ODBA_PG_HOST" -p "$ODBA_PG_PORT" -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
            ODBA_PSQL_SUPER=(psql -h "$ODBA_PG_HOST" -p "$ODBA_PG_PORT" -U postgres)
        elif odba_is_root && command -v runuser >/dev/null; then
            ODBA_PSQL_SUPER=(runuser -u postgres -- psql -p "$ODBA_PG_PORT")
        elif sudo -n -u postgres true 2>/dev/null; then
            ODBA_PSQL_SUPER=(sudo -n -u postgres psql -p "$ODBA_PG_PORT")
        else
            odba_die "cannot connect to PostgreSQL as the postgres superuser; run this script as root, or allow 'psql -h $ODBA_PG_HOST -U postgres'"
        fi
    fi
    # cd /: the postgres OS user may not read the current directory.
    (cd / && "${ODBA_PSQL_SUPER[@]}" -X -q -w -v ON_ERROR_STOP=1 "$@")
}

# psql as the odba role (password auth over TCP).
odba_psql() {
    PGPASSWORD="$ODBA_DB_PASSWORD" psql -X -q -w -v ON_ERROR_STOP=1 \
        -h "$ODBA_PG_HOST" -p "$ODBA_PG_PORT" -U "$ODBA_DB_USER" "$@"
}

odba_ensure_databases() {
    odba_psql_super -d postgres >/dev/null <<SQL
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ODBA_DB_USER') THEN
        CREATE ROLE $ODBA_DB_USER LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ODBA_DS_RO_USER') THEN
        CREATE ROLE $ODBA_DS_RO_USER LOGIN;
    END IF;
END
\$\$;
ALTER ROLE $ODBA_DB_USER LOGIN CREATEDB PASSWORD '$ODBA_DB_PASSWORD';
ALTER ROLE $ODBA_DS_RO_USER LOGIN NOCREATEDB NOCREATEROLE PASSWORD '$ODBA_DS_RO_PASSWORD';
SQL
    local db existing
    existing="$(odba_psql_super -d postgres -Atc 'select datname from pg_database')"
    for db in "${ODBA_DATABASES[@]}"; do
        if grep -qx "$db" <<<"$existing"; then continue; fi
        odba_log "Creating database $db"
        # UTF-8 whatever the cluster default; C.UTF-8 exists on every Debian.
        odba_psql_super -d postgres -c "CREATE DATABASE $db OWNER $ODBA_DB_USER ENCODING 'UTF8' TEMPLATE template0" 2>/dev/null ||
            odba_psql_super -d postgres -c "CREATE DATABASE $db OWNER $ODBA_DB_USER ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
    done
    odba_wait_for 10 odba_psql -d odba -c 'select 1' ||
        odba_die "role $ODBA_DB_USER cannot log in to $ODBA_PG_HOST:$ODBA_PG_PORT with its password; check pg_hba.conf allows md5/scram-sha-256 for host connections"
}

# --- Redis ---------------------------------------------------------------------

odba_redis_ready() {
    [ "$(redis-cli -h 127.0.0.1 -p "$ODBA_REDIS_PORT" ping 2>/dev/null)" = PONG ]
}

odba_ensure_redis() {
    if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
        odba_apt_install redis-server redis-tools
    fi
    if odba_redis_ready; then return 0; fi
    odba_log "Starting Redis on 127.0.0.1:$ODBA_REDIS_PORT"
    local dir=/var/lib/redis logdir=/var/log/redis
    if ! odba_is_root; then
        dir="$ODBA_VAR/redis"; logdir="$ODBA_VAR/log"
    fi
    mkdir -p "$dir" "$logdir"
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$ODBA_REDIS_PORT" \
        --save "" --appendonly no --dir "$dir" --logfile "$logdir/redis.log"
    odba_wait_for 15 odba_redis_ready ||
        odba_die "Redis did not answer on 127.0.0.1:$ODBA_REDIS_PORT within 15 s; see $logdir/redis.log"
}

# --- Python virtualenv -----------------------------------------------------------

# A fingerprint of what pip installs: requirement files, setup.py, Python.
_odba_requirements_fingerprint() {
    local req=$1
    {
        "$ODBA_VENV/bin/python" --version 2>&1
        cat "$ODBA_ROOT/setup.py" "$ODBA_ROOT/requirements.txt"
        if [ "$req" != requirements.txt ]; then cat "$ODBA_ROOT/$req"; fi
    } | sha256sum | cut -d' ' -f1
}

# Tools pip needs to build psycopg2 (CKAN pins the source distribution).
_odba_ensure_build_deps() {
    local missing=()
    command -v gcc >/dev/null || missing+=(gcc)
    command -v pg_config >/dev/null || missing+=(libpq-dev)
    python3 -c 'import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' ||
        missing+=(python3-dev)
    if [ ${#missing[@]} -gt 0 ]; then odba_apt_install "${missing[@]}"; fi
}

# Usage: odba_ensure_venv requirements.txt|requirements-dev.txt
odba_ensure_venv() {
    local req=${1:-requirements.txt}
    command -v python3 >/dev/null || odba_apt_install python3 python3-venv
    if [ ! -x "$ODBA_VENV/bin/python" ]; then
        odba_log "Creating virtualenv $ODBA_VENV"
        python3 -m venv "$ODBA_VENV" 2>/dev/null || {
            rm -rf "$ODBA_VENV"
            odba_apt_install python3-venv
            python3 -m venv "$ODBA_VENV"
        }
    fi
    local stamp="$ODBA_VENV/.odba-installed-$req" fingerprint
    fingerprint="$(_odba_requirements_fingerprint "$req")"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fingerprint" ]; then
        return 0
    fi
    _odba_ensure_build_deps
    odba_log "Installing Python packages (-r $req -e .)"
    (cd "$ODBA_ROOT" && "$ODBA_VENV/bin/pip" install --quiet --disable-pip-version-check -r "$req" -e .) ||
        odba_die "pip install -r $req failed (see the messages above)"
    echo "$fingerprint" >"$stamp"
    # The dev requirements include the runtime ones.
    if [ "$req" != requirements.txt ]; then
        _odba_requirements_fingerprint requirements.txt >"$ODBA_VENV/.odba-installed-requirements.txt"
    fi
}

# --- Browser ---------------------------------------------------------------------

# The page tests (tests/browser) drive Debian's Chromium through Playwright's
# executable_path, never a browser downloaded by `playwright install`.
ODBA_CHROMIUM="${ODBA_CHROMIUM:-/usr/bin/chromium}"

odba_ensure_chromium() {
    if [ ! -x "$ODBA_CHROMIUM" ]; then
        # Another path is the caller's own browser: report it, install nothing.
        [ "$ODBA_CHROMIUM" = /usr/bin/chromium ] ||
            odba_die "ODBA_CHROMIUM=$ODBA_CHROMIUM is not an executable file"
        odba_apt_install chromium
        [ -x "$ODBA_CHROMIUM" ] || odba_die "apt-get install chromium did not provide $ODBA_CHROMIUM"
    fi
    "$ODBA_CHROMIUM" --headless --version >/dev/null 2>&1 ||
        odba_die "$ODBA_CHROMIUM does not start ($ODBA_CHROMIUM --headless --version fails)"
}

# --- Shortcuts -------------------------------------------------------------------

odba_ckan() { "$ODBA_VENV/bin/ckan" "$@"; }

# Fingerprint of files (or whole folders), for "only when changed" steps.
odba_fingerprint() {
    find "$@" -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}

# odba_db_upgrade INI DATABASE STAMP: `ckan -c INI db upgrade` and
# `ckan bandaaceh migrate` (the harvesters') when CKAN, the INI's plugins or
# our migration files changed since the last successful upgrade of DATABASE,
# or when DATABASE has no tables yet.
odba_db_upgrade() {
    local ini="$1" database="$2" stamp="$3" fingerprint has_tables
    fingerprint="$( {
        cat "$ODBA_VENV"/.odba-installed-*
        grep -E '^ckan\.plugins' "$ini"
        odba_fingerprint "$ODBA_ROOT/ckanext-bandaaceh/ckanext/bandaaceh/migration"
        odba_fingerprint "$ODBA_ROOT/harvesters/migration"
    } | sha256sum | cut -d' ' -f1)"
    has_tables="$(odba_psql -d "$database" -Atc "select count(*) from pg_tables where tablename = 'alembic_version'")"
    if [ "$has_tables" = 0 ] || ! odba_stamp_matches "$stamp" "$fingerprint"; then
        odba_log "Applying database migrations to $database (ckan -c $(basename "$ini") db upgrade)"
        mkdir -p "$ODBA_VAR/log"
        odba_ckan -c "$ini" db upgrade >"$ODBA_VAR/log/$stamp.log" 2>&1 || {
            cat "$ODBA_VAR/log/$stamp.log" >&2
            odba_die "ckan -c $ini db upgrade failed (log: $ODBA_VAR/log/$stamp.log)"
        }
        # The harvesters' migrations: `ckan db upgrade` does not find them
        # in an editable install; `ckan bandaaceh migrate` applies those of
        # every loaded ODBA plugin.
        odba_ckan -c "$ini" bandaaceh migrate >>"$ODBA_VAR/log/$stamp.log" 2>&1 || {
            cat "$ODBA_VAR/log/$stamp.log" >&2
            odba_die "ckan -c $ini bandaaceh migrate failed (log: $ODBA_VAR/log/$stamp.log)"
        }
        odba_stamp_write "$stamp" "$fingerprint"
    fi
}

# odba_datastore_permissions INI DATABASE: the DataStore's read-only role and
# permissions on DATABASE (`ckan datastore set-permissions`, with the
# datastore plugin loaded on top of INI), once.
odba_datastore_permissions() {
    local ini="$1" database="$2" tmp
    if [ "$(odba_psql_super -d "$database" -Atc "select count(*) from pg_views where viewname = '_table_metadata'")" != 0 ]; then
        return 0
    fi
    odba_log "Setting DataStore permissions on $database"
    tmp="$(mktemp --suffix=.ini)"
    # logging to stderr: stdout carries the SQL
    printf '[app:main]\nuse = config:%s\nckan.plugins = datastore\n\n[loggers]\nkeys = root\n[handlers]\nkeys = stderr\n[formatters]\nkeys = plain\n[logger_root]\nlevel = WARNING\nhandlers = stderr\n[handler_stderr]\nclass = StreamHandler\nargs = (sys.stderr,)\nformatter = plain\n[formatter_plain]\nformat = %%(message)s\n' "$ini" >"$tmp"
    odba_ckan -c "$tmp" datastore set-permissions | odba_psql_super -d postgres >/dev/null
    rm -f "$tmp"
}

# --- Translations ----------------------------------------------------------------

# The compiled catalogs (*.mo) are not in git: build each one from its .po
# when it is missing or older than the .po. CKAN reads them at start-up.
odba_compile_catalogs() {
    local po mo
    while IFS= read -r -d '' po; do
        mo="${po%.po}.mo"
        if [ -f "$mo" ] && [ ! "$po" -nt "$mo" ]; then continue; fi
        odba_log "Compiling ${po#"$ODBA_ROOT"/}"
        # into a temporary file first: a running portal never reads half a catalog
        "$ODBA_VENV/bin/pybabel" -q compile -i "$po" -o "$mo.tmp" ||
            odba_die "pybabel compile failed for $po"
        mv -f "$mo.tmp" "$mo"
    done < <(find "$ODBA_ROOT/ckanext-bandaaceh/ckanext/bandaaceh/i18n" -path '*/LC_MESSAGES/*.po' -print0)
}

odba_stamp_matches() { [ -f "$ODBA_STATE/$1" ] && [ "$(cat "$ODBA_STATE/$1")" = "$2" ]; }
odba_stamp_write() { mkdir -p "$ODBA_STATE" && echo "$2" >"$ODBA_STATE/$1"; }

# Everything the portal and the tests need from the machine.
odba_provision() {
    local req=${1:-requirements.txt}
    odba_ensure_postgres
    odba_ensure_databases
    odba_ensure_redis
    odba_ensure_venv "$req"
    odba_compile_catalogs
}
