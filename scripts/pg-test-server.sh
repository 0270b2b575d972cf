#!/usr/bin/env bash
# Throwaway PostgreSQL 15 server for tests, independent of the system cluster.
#   pg-test-server.sh start DIR          init (if needed) + start; prints the test database URL
#   pg-test-server.sh createdb DIR NAME  creates database NAME; prints its URL
#   pg-test-server.sh url DIR            prints the URL of the running server
#   pg-test-server.sh stop DIR           stops it (data stays in DIR)
# Only the URL goes to stdout; progress and errors go to stderr.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
DBNAME=palvelutori_test

die() { echo "pg-test-server: $*" >&2; exit 1; }
usage() { die "usage: $0 start DIR | stop DIR | url DIR | createdb DIR NAME"; }

[ -x "$PGBIN/postgres" ] || die "PostgreSQL 15 binaries not found in $PGBIN (apt-get install postgresql-15)"

# postgres refuses to run as root: run the server tools as the postgres system user then.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Port of the running server from postmaster.pid (line 4), empty when not running.
running_port() {
    local dir=$1
    if [ -f "$dir/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
        sed -n 4p "$dir/postmaster.pid"
    fi
}

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local p
    for p in $(seq 55432 55532); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    die "no free TCP port in 55432..55532"
}

psql_cmd() {
    local port=$1; shift
    "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"
}

ensure_db() {
    local port=$1 name=$2
    [[ "$name" =~ ^[a-z_][a-z0-9_]*$ ]] || die "database name '$name' must match [a-z_][a-z0-9_]*"
    if [ -z "$(psql_cmd "$port" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]; then
        "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres -E UTF8 -T template0 "$name" >&2 \
            || die "createdb $name failed"
    fi
}

init_cluster() {
    local dir=$1
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    chmod 700 "$dir"
    as_pg test -w "$dir" || die "$dir is not writable by the postgres user (check parent directory permissions)"
    if [ ! -f "$dir/PG_VERSION" ]; then
        local locale=--no-locale
        # C.UTF-8 keeps byte-order sorting but lets lower()/upper() handle ä, ö, å.
        if locale -a 2>/dev/null | grep -qix 'c.utf-\?8'; then locale=--locale=C.UTF-8; fi
        as_pg "$PGBIN/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 $locale >"$dir.initdb.log" 2>&1 \
            || { cat "$dir.initdb.log" >&2; die "initdb failed"; }
        rm -f "$dir.initdb.log"
        # Loopback only, no Unix socket (its default directory may not exist), fsync on because
        # the tests check durability.
        cat >>"$dir/postgresql.conf" <<'EOF'

# pg-test-server.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = on
synchronous_commit = on
max_connections = 200
EOF
    fi
}

cmd_start() {
    local dir=$1
    init_cluster "$dir"
    local port
    port=$(running_port "$dir")
    if [ -z "$port" ]; then
        local attempt
        for attempt in 1 2 3 4 5; do
            port=$(free_port)
            if as_pg "$PGBIN/pg_ctl" -D "$dir" -l "$dir/server.log" -o "-p $port" -w -t 60 start >/dev/null 2>&1; then
                break
            fi
            port=""
            sleep 0.2
        done
        [ -n "$port" ] || { tail -n 20 "$dir/server.log" >&2 2>/dev/null || true; die "could not start PostgreSQL in $dir"; }
    fi
    ensure_db "$port" "$DBNAME"
    echo "postgresql://postgres@127.0.0.1:$port/$DBNAME"
}

cmd_stop() {
    local dir=$1
    if [ -n "$(running_port "$dir")" ]; then
        as_pg "$PGBIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || die "pg_ctl stop failed"
    fi
}

[ $# -ge 2 ] || usage
cmd=$1
dir=$(realpath -m "$2")
case "$cmd" in
    start) cmd_start "$dir" ;;
    stop) cmd_stop "$dir" ;;
    url)
        port=$(running_port "$dir")
        [ -n "$port" ] || die "no server running in $dir"
        echo "postgresql://postgres@127.0.0.1:$port/$DBNAME"
        ;;
    createdb)
        [ $# -eq 3 ] || usage
        port=$(running_port "$dir")
        [ -n "$port" ] || die "no server running in $dir (run: $0 start $dir)"
        ensure_db "$port" "$3"
        echo "postgresql://postgres@127.0.0.1:$port/$3"
        ;;
    *) usage ;;
esac
