# Start a throwaway PostgreSQL server for the hub tests; sets LANDSEA_TEST_POSTGRES_URL.
# Installs Debian's package when no server binaries are found. Listens on loopback only, on the
# first free port from 55432, trusts local connections, and is stopped and removed on exit.
start_postgres() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  local port=55432
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  LANDSEA_PG_DATA=$(mktemp -d /tmp/landsea-pg.XXXXXX)
  LANDSEA_PG_RUN_AS=()
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root: the server runs as the Debian package's postgres user.
    chown postgres "$LANDSEA_PG_DATA"
    LANDSEA_PG_RUN_AS=(runuser -u postgres --)
  fi
  LANDSEA_PG_BIN=$bindir
  "${LANDSEA_PG_RUN_AS[@]}" "$bindir/initdb" -D "$LANDSEA_PG_DATA" -U landsea --auth=trust >/dev/null
  "${LANDSEA_PG_RUN_AS[@]}" "$bindir/pg_ctl" -D "$LANDSEA_PG_DATA" \
    -o "-p $port -k $LANDSEA_PG_DATA -c listen_addresses=127.0.0.1 -c max_connections=200" \
    -w -l "$LANDSEA_PG_DATA/log" start >/dev/null
  trap stop_postgres EXIT
  "${LANDSEA_PG_RUN_AS[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U landsea landsea_test
  export LANDSEA_TEST_POSTGRES_URL="postgresql+psycopg://landsea@127.0.0.1:$port/landsea_test"
  echo "PostgreSQL on 127.0.0.1:$port ($bindir)"
}

stop_postgres() {
  if [ -n "${LANDSEA_PG_DATA:-}" ] && [ -d "$LANDSEA_PG_DATA" ]; then
    "${LANDSEA_PG_RUN_AS[@]}" "$LANDSEA_PG_BIN/pg_ctl" -D "$LANDSEA_PG_DATA" -m fast -w stop \
      >/dev/null 2>&1 || true
    rm -rf "$LANDSEA_PG_DATA"
  fi
}
