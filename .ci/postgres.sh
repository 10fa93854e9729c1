# Start a throwaway PostgreSQL server for the hub tests; sets LANDSEA_TEST_POSTGRES_URL.
# Installs Debian's package when no server binaries are found.
start_postgres() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  local data port=55432
  data=$(mktemp -d /tmp/landsea-pg.XXXXXX)
  chown postgres "$data" 2>/dev/null || true
  local run_as=()
  if [ "$(id -u)" = 0 ]; then run_as=(runuser -u postgres --); fi
  "${run_as[@]}" "$bindir/initdb" -D "$data" -U landsea --auth=trust >/dev/null
  "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -o "-p $port -k /tmp -c listen_addresses=127.0.0.1" -w -l "$data/log" start >/dev/null
  "${run_as[@]}" "$bindir/createdb" -h 127.0.0.1 -p $port -U landsea landsea_test
  export LANDSEA_TEST_POSTGRES_URL="postgresql+psycopg://landsea@127.0.0.1:$port/landsea_test"
  echo "PostgreSQL on 127.0.0.1:$port ($bindir)"
}
