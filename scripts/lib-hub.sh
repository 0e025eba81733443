# Shared by the sync benchmark scripts (sourced, not run): a hub database of its own on the
# PostgreSQL of RPMA_TEST_PG_URL (a superuser URL; .ci/run sets one up), and its removal with
# every role the hub made (terminals, shops' join roles, head offices).
#   source scripts/lib-hub.sh
#   hub_create NAME      # sets HUB_DB and HUB_URL, drops any old database of that name first
#   hub_psql "SQL"       # a query on the hub, bare output
#   hub_drop             # the database and its roles (safe to call twice, or before create)
: "${RPMA_TEST_PG_URL:?set RPMA_TEST_PG_URL to a superuser postgres:// URL}"
HUB_DB=""
HUB_URL=""

pg_admin() { psql -X -q -t -A "$RPMA_TEST_PG_URL" -c "$1"; }
hub_psql() { psql -X -q -t -A "$HUB_URL" -c "$1"; }

hub_create() {
    HUB_DB="$1"
    HUB_URL="${RPMA_TEST_PG_URL%/*}/$HUB_DB"
    pg_admin "DROP DATABASE IF EXISTS $HUB_DB WITH (FORCE)" >/dev/null
    pg_admin "CREATE DATABASE $HUB_DB" >/dev/null
}

hub_drop() {
    [ -n "$HUB_DB" ] || return 0
    local roles r
    # A hub made before head offices existed has no head_offices table: the first two only.
    roles="$(hub_psql "SELECT role FROM rpma_hub.terminals UNION SELECT join_role FROM rpma_hub.shops
        UNION SELECT role FROM rpma_hub.head_offices" 2>/dev/null \
        || hub_psql "SELECT role FROM rpma_hub.terminals UNION SELECT join_role FROM rpma_hub.shops" \
            2>/dev/null || true)"
    pg_admin "DROP DATABASE IF EXISTS $HUB_DB WITH (FORCE)" >/dev/null 2>&1 || true
    for r in $roles; do pg_admin "DROP ROLE IF EXISTS \"$r\"" >/dev/null 2>&1 || true; done
    HUB_DB=""
}
