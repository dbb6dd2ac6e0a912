# PostgreSQL from Debian's packages: the event store, and FerretDB's storage.
# As root the server runs as the 'postgres' account, which may not be able to enter this checkout
# (a clone under a 0700 temporary folder, say). Its files then live in that account's home, one
# folder per checkout, and .local/ holds symbolic links to them.
if [ "$(id -u)" = 0 ]; then
  PG_HOME=/var/lib/postgresql/child-welfare/$(printf '%s' "$ROOT_DIR" | sha1sum | cut -c1-12)
else
  PG_HOME=$DATA_DIR/postgres-home
fi
PG_DATA=$PG_HOME/data
PG_SOCKET_DIR=$PG_HOME/run
PG_LOG=$PG_HOME/postgres.log

pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

pg_ensure_installed() {
  [ -n "$(pg_bin_dir)" ] && [ -x "$(pg_bin_dir)/postgres" ] && return
  [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed and we are not root: apt-get install postgresql"
  log "installing PostgreSQL from Debian's packages"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
    || die "apt-get install postgresql failed"
}

# The server refuses to run as root: as root we run it as the 'postgres' account the package made.
pg_as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_psql() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres "$@"; }

pg_ping() { PGPASSWORD=$PG_PASSWORD psql -X -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DATABASE" -tAc 'select 1' | grep -q 1; }

pg_up() {
  pg_ensure_installed
  local bin; bin=$(pg_bin_dir)
  mkdir -p "$PG_SOCKET_DIR" "$PG_DATA"; touch "$PG_LOG"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$PG_HOME" && chmod 700 "$PG_DATA"
  ln -sfn "$PG_HOME" "$DATA_DIR/postgres"; ln -sfn "$PG_LOG" "$LOG_DIR/postgres.log"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "initialising a PostgreSQL cluster in $PG_DATA"
    pg_as_owner "$bin/initdb" -D "$PG_DATA" -U postgres -E UTF8 --no-locale \
      --auth-local=trust --auth-host=scram-sha-256 >"$LOG_DIR/initdb.log" 2>&1 \
      || die "initdb failed, see $LOG_DIR/initdb.log"
  fi
  if pg_as_owner "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    log "PostgreSQL already running"
  else
    port_open "$PG_PORT" && die "port $PG_PORT is taken by another program: set PG_PORT"
    pg_as_owner "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start -o \
      "-c listen_addresses=$PG_HOST -p $PG_PORT -c unix_socket_directories=$PG_SOCKET_DIR \
       -c max_connections=500 -c shared_buffers=256MB -c max_prepared_transactions=0" >/dev/null \
      || die "PostgreSQL did not start, see $PG_LOG"
  fi
  # Idempotent: role and databases are created only when missing.
  pg_psql -d postgres <<SQL
SELECT 'CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD ''$PG_PASSWORD'''
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') \gexec
SELECT 'CREATE DATABASE $PG_DATABASE OWNER $PG_USER'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_DATABASE') \gexec
SELECT 'CREATE DATABASE ferretdb OWNER $PG_USER'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'ferretdb') \gexec
SQL
  wait_for 30 "PostgreSQL (SELECT 1 as $PG_USER)" pg_ping || die "PostgreSQL does not answer, see $PG_LOG"
}

pg_down() {
  local bin; bin=$(pg_bin_dir)
  [ -n "$bin" ] && [ -f "$PG_DATA/PG_VERSION" ] || return 0
  if pg_as_owner "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    pg_as_owner "$bin/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null && log "PostgreSQL stopped"
  fi
}

# Removes this checkout's cluster (called by `infra reset` after the server stopped).
pg_wipe() { rm -rf "$PG_HOME"; }

pg_status() {
  if pg_ping 2>/dev/null; then echo "postgres  up    127.0.0.1:$PG_PORT"; else echo "postgres  down  127.0.0.1:$PG_PORT"; return 1; fi
}
