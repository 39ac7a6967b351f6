#!/usr/bin/env bash
# Set up and run the ODBA portal on http://127.0.0.1:5000.
#
#   scripts/portal.sh            set up what is missing, then serve (Ctrl-C stops)
#   scripts/portal.sh --daemon   set up, then serve in the background
#   scripts/portal.sh --stop     stop a portal started with --daemon
#   scripts/portal.sh --setup    set up only, do not serve
#
# Options: --no-demo skips the demo datasets (SKPK organisations still load).
# Environment: ODBA_ADMIN_PASSWORD (password of the `admin` sysadmin when it is
# created), ODBA_WORKERS (gunicorn workers, default 4), ODBA_PORT (default 5000),
# ODBA_GATHER_CONSUMERS (harvest gather consumers, default 8).
set -euo pipefail

# shellcheck source=scripts/lib/provision.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"

CKAN_INI="$ODBA_ROOT/ckan.ini"
export CKAN_INI
PORT="${ODBA_PORT:-5000}"
WORKERS="${ODBA_WORKERS:-4}"
RUN_DIR="$ODBA_VAR/run"
LOG_DIR="$ODBA_VAR/log"
GUNICORN_PID="$RUN_DIR/gunicorn.pid"

# Background processes next to gunicorn: name and `ckan` arguments. The jobs
# worker runs CKAN's background jobs (publications, news cycles, upload
# checks and xloader's DataStore loads); the
# harvest consumers run ckanext-harvest's gather and fetch stages; the
# news scheduler queues a news cycle every 5 minutes; the extension's
# scheduler queues the scorecard's semester-end check (daily), the live
# scorecard's refresh and the monthly statistics publication.
SERVICES=(
    "jobs-worker|jobs worker"
    "harvest-fetch|harvester fetch-consumer"
    "news-scheduler|bandaaceh-berita jadwal"
    "scheduler|bandaaceh jadwal"
)
# Gathering is sequential within one consumer and a news source is read in
# its gather stage: several consumers share the queue, so slow websites do
# not hold up the 5-minute cycle (scripts/bench_harvest.py -w N measures it).
GATHER_CONSUMERS="${ODBA_GATHER_CONSUMERS:-8}"
for ((i = 1; i <= GATHER_CONSUMERS; i++)); do
    SERVICES+=("harvest-gather-$i|harvester gather-consumer")
done

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }

mode=foreground
demo=1
for arg in "$@"; do
    case "$arg" in
        --daemon) mode=daemon ;;
        --stop) mode=stop ;;
        --setup) mode=setup ;;
        --no-demo) demo= ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; odba_die "unknown option: $arg" ;;
    esac
done

# --- stopping -----------------------------------------------------------------

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_pidfile() {
    local pidfile=$1 what=$2 pid i
    if ! pid_alive "$pidfile"; then rm -f "$pidfile"; return 0; fi
    pid="$(cat "$pidfile")"
    odba_log "Stopping $what (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 40; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    rm -f "$pidfile"
}

if [ "$mode" = stop ]; then
    stop_pidfile "$GUNICORN_PID" "gunicorn"
    # every background process started, whatever ODBA_GATHER_CONSUMERS was
    for pidfile in "$RUN_DIR"/*.pid; do
        [ -e "$pidfile" ] || continue
        name="$(basename "$pidfile" .pid)"
        stop_pidfile "$pidfile" "$name"
    done
    exit 0
fi

if pid_alive "$GUNICORN_PID"; then
    odba_die "the portal is already running in the background (pid $(cat "$GUNICORN_PID")); stop it with: scripts/portal.sh --stop"
fi

# --- setup --------------------------------------------------------------------

odba_provision requirements.txt
mkdir -p "$ODBA_VAR/storage" "$RUN_DIR" "$LOG_DIR" "$ODBA_STATE"

# redis-py 8 reads with a 5 s socket timeout by default; ckanext-harvest's
# consumers wait on the queue (BLPOP) without a timeout of their own and
# would die after 5 idle seconds. Its queue uses ckan.redis.url when no
# ckan.harvest.mq.hostname is set, so the URL carries a long timeout.
REDIS_SOCKET_TIMEOUT=31536000

write_config() {
    odba_log "Writing $CKAN_INI (new secrets)"
    local tmp="$CKAN_INI.new"
    rm -f "$tmp"
    odba_ckan generate config "$tmp" >/dev/null
    odba_ckan config-tool "$tmp" \
        "sqlalchemy.url = postgresql://$ODBA_DB_USER:$ODBA_DB_PASSWORD@$ODBA_PG_HOST:$ODBA_PG_PORT/odba" \
        "ckan.datastore.write_url = postgresql://$ODBA_DB_USER:$ODBA_DB_PASSWORD@$ODBA_PG_HOST:$ODBA_PG_PORT/odba_datastore" \
        "ckan.datastore.read_url = postgresql://$ODBA_DS_RO_USER:$ODBA_DS_RO_PASSWORD@$ODBA_PG_HOST:$ODBA_PG_PORT/odba_datastore" \
        "ckan.site_url = http://127.0.0.1:$PORT" \
        "ckan.site_title = Open Data Banda Aceh" \
        "ckan.site_description = Portal data terbuka Pemerintah Kota Banda Aceh" \
        "ckan.plugins = bandaaceh scheming_datasets activity datastore xloader datatables_view image_view dcat bandaaceh_dcat structured_data harvest ckan_harvester bandaaceh_berita bandaaceh_ppid bandaaceh_dkan" \
        "ckan.harvest.mq.type = redis" \
        "ckanext.dcat.rdf.profiles = euro_dcat_ap_3 odba" \
        "scheming.dataset_schemas = ckanext.bandaaceh:schemas/aplikasi.yaml" \
        "scheming.presets = ckanext.scheming:presets.json ckanext.bandaaceh:schemas/presets.yaml" \
        "ckan.search.show_all_types = false" \
        "ckan.locale_default = id" \
        "ckan.locales_offered = id en" \
        "ckan.display_timezone = Asia/Jakarta" \
        "ckan.storage_path = %(here)s/var/storage" \
        "ckan.max_resource_size = 100" \
        "ckan.redis.url = redis://127.0.0.1:$ODBA_REDIS_PORT/0?socket_timeout=$REDIS_SOCKET_TIMEOUT" \
        "solr_url = http://127.0.0.1:8983/solr/ckan-not-used" \
        "ckanext.bandaaceh.search.engine = postgresql" \
        "ckanext.xloader.jobs_db.uri = postgresql://$ODBA_DB_USER:$ODBA_DB_PASSWORD@$ODBA_PG_HOST:$ODBA_PG_PORT/odba" >/dev/null
    if [ -n "$demo" ]; then
        # The demo registry is the seed's July 2017 snapshot (20 new
        # applications a year over 2013-2016): project as of 2016.
        odba_ckan config-tool "$tmp" "ckanext.bandaaceh.aplikasi.rate.last_year = 2016" >/dev/null
    fi
    odba_ckan config-tool "$tmp" -s logger_ckanext "level = INFO" >/dev/null
    mv "$tmp" "$CKAN_INI"
}

if [ -f "$CKAN_INI" ]; then
    odba_log "Using existing $CKAN_INI (never overwritten; delete it to get a fresh one)"
else
    write_config
fi

odba_db_upgrade "$CKAN_INI" odba db-upgrade

odba_datastore_permissions "$CKAN_INI" odba_datastore

ensure_admin() {
    local state
    state="$(odba_psql -d odba -Atc "select case when sysadmin then 'sysadmin' else 'user' end from \"user\" where name = 'admin' and state = 'active'")"
    case "$state" in
        sysadmin) return 0 ;;
        user)
            odba_log "Making the existing user 'admin' a sysadmin"
            odba_ckan sysadmin add admin >/dev/null
            return 0 ;;
    esac
    local password="${ODBA_ADMIN_PASSWORD:-}" generated=
    if [ -z "$password" ]; then
        password="$("$ODBA_VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(15))')"
        generated=1
    fi
    [ "${#password}" -ge 8 ] || odba_die "ODBA_ADMIN_PASSWORD must have at least 8 characters"
    odba_log "Creating the sysadmin 'admin'"
    odba_ckan sysadmin add admin --create "email=admin@localhost.localdomain" \
        "fullname=Administrator ODBA" "password=$password" >/dev/null
    if [ -n "$generated" ]; then
        (umask 077 && printf '%s\n' "$password" >"$ODBA_VAR/admin-password")
        chmod 600 "$ODBA_VAR/admin-password"
        printf '\n    Sysadmin login: admin / %s\n    (also saved in var/admin-password, readable by you only)\n\n' "$password"
    else
        odba_log "Sysadmin 'admin' uses the password from ODBA_ADMIN_PASSWORD"
    fi
}
ensure_admin

# xloader loads uploaded and linked CSV/XLSX files into the DataStore from the
# jobs worker; it downloads uploads and reports back over the API with a
# sysadmin's token (its job tables are created in the CKAN database on the
# first load). A config written before xloader was added gets it here.
ensure_xloader() {
    if ! grep -qE '^ckan\.plugins *=.*\bxloader\b' "$CKAN_INI"; then
        local plugins
        plugins="$(sed -n 's/^ckan\.plugins *= *//p' "$CKAN_INI" | sed 's/\bdatastore\b/datastore xloader/')"
        odba_log "Adding xloader to ckan.plugins"
        odba_ckan config-tool "$CKAN_INI" "ckan.plugins = $plugins" >/dev/null
    fi
    if ! grep -qE '^ckanext\.xloader\.jobs_db\.uri *=' "$CKAN_INI"; then
        odba_ckan config-tool "$CKAN_INI" "ckanext.xloader.jobs_db.uri = $(sed -n 's/^sqlalchemy\.url *= *//p' "$CKAN_INI")" >/dev/null
    fi
    if ! grep -qE '^ckanext\.xloader\.api_token *= *[^ N]' "$CKAN_INI"; then
        local token
        token="$(odba_ckan user token add admin xloader | tail -n 1 | tr -d '[:space:]')"
        [ -n "$token" ] || odba_die "could not create the API token of xloader (ckan user token add admin xloader)"
        odba_log "Giving xloader an API token of 'admin'"
        (umask 077 && odba_ckan config-tool "$CKAN_INI" "ckanext.xloader.api_token = $token" >/dev/null)
    fi
}
ensure_xloader

# Demo data: skipped when the data files are unchanged since the last load
# and all their datasets are still in the database.
DATA_DIR="$ODBA_ROOT/ckanext-bandaaceh/ckanext/bandaaceh/data"
load_data() {
    local command=load-demo stamp=demo-data names count expected
    if [ -z "$demo" ]; then command=load-skpk; stamp=skpk-data; fi
    local fingerprint
    fingerprint="$(odba_fingerprint "$DATA_DIR" "$ODBA_ROOT/harvesters/ppid/data" "$ODBA_ROOT/harvesters/berita/demo.py")"
    if [ -n "$demo" ]; then
        names="$(cd "$DATA_DIR/demo" && for d in */dataset.yaml; do printf "'%s'," "${d%/dataset.yaml}"; done)"
        expected="$(find "$DATA_DIR/demo" -mindepth 2 -maxdepth 2 -name dataset.yaml | wc -l)"
        count="$(odba_psql -d odba -Atc "select count(*) from package where state = 'active' and name in (${names%,})")"
    else
        expected="$(grep -c '^  - kode:' "$DATA_DIR/skpk.yaml")"
        count="$(odba_psql -d odba -Atc "select count(*) from \"group\" where is_organization and state = 'active'")"
    fi
    if odba_stamp_matches "$stamp" "$fingerprint" && [ "$count" -ge "$expected" ]; then
        odba_log "Data already loaded (ckan bandaaceh $command: nothing changed)"
        return 0
    fi
    odba_log "Loading data (ckan bandaaceh $command)"
    odba_ckan bandaaceh "$command" || odba_die "ckan bandaaceh $command failed"
    if [ -n "$demo" ]; then
        odba_log "Loading the demo PPID registers (ckan bandaaceh-ppid load-demo)"
        odba_ckan bandaaceh-ppid load-demo || odba_die "ckan bandaaceh-ppid load-demo failed"
        odba_log "Loading the demo news websites (ckan bandaaceh-berita load-demo)"
        odba_ckan bandaaceh-berita load-demo || odba_die "ckan bandaaceh-berita load-demo failed"
    fi
    odba_stamp_write "$stamp" "$fingerprint"
}
load_data

# The loaders index what they change; a rebuild is only needed for datasets
# the index lacks (a new or switched search engine, an index that was cleared).
if ! unindexed="$(odba_ckan search-index list-unindexed 2>"$LOG_DIR/search-check.log")"; then
    { grep -E '^[A-Za-z_.]*(Error|Exception)\b' "$LOG_DIR/search-check.log" || tail -n 5 "$LOG_DIR/search-check.log"; } | tail -n 3 >&2
    odba_die "the search index cannot be read: ckan search-index list-unindexed failed (full log: var/log/search-check.log)"
fi
unindexed="$(sed -n 's/^Found \([0-9]*\) unindexed.*/\1/p' <<<"$unindexed")"
if [ "${unindexed:-1}" != 0 ]; then
    odba_log "Rebuilding the search index (${unindexed:-unknown number of} datasets missing)"
    odba_ckan search-index rebuild --only-missing --quiet || odba_die "ckan search-index rebuild failed"
fi

# The translations CKAN's JavaScript reads (its own catalogs merged with
# ours); `ckan run` makes them, gunicorn does not.
odba_ckan translation js >"$LOG_DIR/translation-js.log" 2>&1 || {
    tail -n 5 "$LOG_DIR/translation-js.log" >&2
    odba_die "ckan translation js failed (log: var/log/translation-js.log)"
}

if [ "$mode" = setup ]; then
    odba_log "Setup done. Serve with: scripts/portal.sh"
    exit 0
fi

# --- serving ------------------------------------------------------------------

if odba_wait_for 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT"; then
    odba_die "port $PORT is already in use; stop what listens there or set ODBA_PORT"
fi

GUNICORN=("$ODBA_VENV/bin/gunicorn" "ckanext.bandaaceh.wsgi:create_app()"
    --bind "127.0.0.1:$PORT" --workers "$WORKERS" --timeout 120
    --access-logfile "$LOG_DIR/access.log")

# shellcheck disable=SC2317  # called through odba_wait_for
portal_answers() {
    "$ODBA_VENV/bin/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' \
        "http://127.0.0.1:$PORT/api/3/action/status_show"
}

announce() {
    if odba_wait_for 60 portal_answers; then
        odba_log "ODBA is up: http://127.0.0.1:$PORT  (sysadmin: admin; password in var/admin-password unless set by ODBA_ADMIN_PASSWORD)"
    else
        odba_warn "the portal did not answer on port $PORT within 60 s; see the gunicorn messages (var/log/gunicorn.log with --daemon)"
        return 1
    fi
}

if [ "$mode" = daemon ]; then
    for service in "${SERVICES[@]}"; do
        name="${service%%|*}"
        read -ra args <<<"${service#*|}"
        odba_log "Starting $name (log: var/log/$name.log)"
        setsid "$ODBA_VENV/bin/ckan" "${args[@]}" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
        echo $! >"$RUN_DIR/$name.pid"
    done
    odba_log "Starting gunicorn with $WORKERS workers (log: var/log/gunicorn.log)"
    "${GUNICORN[@]}" --error-logfile "$LOG_DIR/gunicorn.log" --capture-output \
        --daemon --pid "$GUNICORN_PID"
    announce || { "$0" --stop; exit 1; }
    odba_log "Stop with: scripts/portal.sh --stop"
    exit 0
fi

pids=()
# shellcheck disable=SC2317  # invoked by the traps below
shutdown() {
    trap - INT TERM EXIT
    odba_log "Stopping the portal"
    local pid
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap 'shutdown; exit 130' INT TERM
trap shutdown EXIT

for service in "${SERVICES[@]}"; do
    name="${service%%|*}"
    read -ra args <<<"${service#*|}"
    odba_log "Starting $name (log: var/log/$name.log)"
    "$ODBA_VENV/bin/ckan" "${args[@]}" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
    pids+=($!)
done
odba_log "Starting gunicorn with $WORKERS workers; Ctrl-C stops"
"${GUNICORN[@]}" --error-logfile - &
pids+=($!)
announce || true
# Whichever stops first, the others follow.
status=0
wait -n "${pids[@]}" || status=$?
odba_warn "gunicorn or a background process exited (status $status); see $LOG_DIR/"
exit "$status"
