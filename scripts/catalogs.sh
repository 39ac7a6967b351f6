#!/usr/bin/env bash
# Refresh the translation catalogs from the sources: scripts/catalogs.sh
#
# Extracts every string ODBA's Python code and Jinja2 templates wrap in _()
# (ckanext-bandaaceh/ and harvesters/) into
# ckanext-bandaaceh/ckanext/bandaaceh/i18n/ckanext-bandaaceh.pot, updates
# i18n/en and i18n/id from it, compiles the .mo files and lists what is left
# to translate (ckanext.bandaaceh.bahasa.katalog says how each catalog is
# updated). A running portal reads the new catalogs after a restart.
set -euo pipefail

# shellcheck source=scripts/lib/provision.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/provision.sh"
cd "$ODBA_ROOT"

[ -x "$ODBA_VENV/bin/python" ] || odba_die "no virtualenv at $ODBA_VENV: run scripts/test.sh or scripts/portal.sh first"
"$ODBA_VENV/bin/python" -m ckanext.bandaaceh.bahasa.katalog
