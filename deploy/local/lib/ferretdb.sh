# FerretDB 1.x: the MongoDB wire protocol over PostgreSQL, for the mongoose read models.
FERRETDB_BIN=$CACHE_DIR/ferretdb-$FERRETDB_VERSION/ferretdb
FERRETDB_PID=$RUN_DIR/ferretdb.pid

ferretdb_build() {
  [ -x "$FERRETDB_BIN" ] && return
  command -v go >/dev/null || die "Go is needed once to build FerretDB $FERRETDB_VERSION"
  log "building FerretDB $FERRETDB_VERSION from the Go module proxy (first run only)"
  local src tmp
  src=$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
  [ -d "$src" ] || die "go mod download github.com/FerretDB/FerretDB@$FERRETDB_VERSION failed"
  tmp=$(mktemp -d); cp -r "$src/." "$tmp"; chmod -R u+w "$tmp"
  # The module zip lacks build/version/version.txt (made by FerretDB's own task runner), and the
  # binary panics at start without it; `go install …@v1.24.2` alone therefore does not work.
  echo "$FERRETDB_VERSION" >"$tmp/build/version/version.txt"
  mkdir -p "$(dirname "$FERRETDB_BIN")"
  (cd "$tmp" && go build -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb) >"$LOG_DIR/ferretdb-build.log" 2>&1 \
    || die "FerretDB build failed, see $LOG_DIR/ferretdb-build.log"
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"; rm -rf "$tmp"
}

ferretdb_ping() { node "$ROOT_DIR/deploy/local/lib/mongo-ping.mjs" 127.0.0.1 "$MONGO_PORT"; }

# FerretDB 1.24 deadlocks when its PostgreSQL pool runs dry while a collection is being created
# (the metadata registry holds its lock while it waits for a connection, and the connections'
# holders wait for that lock). Seen here under parallel tests; a pool far above our concurrency
# avoids it.
FERRETDB_POOL_SIZE=${FERRETDB_POOL_SIZE:-120}

ferretdb_up() {
  ferretdb_build
  if pid_alive "$FERRETDB_PID"; then log "FerretDB already running"; else
    port_open "$MONGO_PORT" && die "port $MONGO_PORT is taken by another program: set MONGO_PORT"
    mkdir -p "$DATA_DIR/ferretdb"
    PGPASSWORD=$PG_PASSWORD psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DATABASE" -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$FERRETDB_PG_DATABASE'" | grep -q 1 \
      || PGPASSWORD=$PG_PASSWORD psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DATABASE" \
        -c "CREATE DATABASE $FERRETDB_PG_DATABASE" >/dev/null || die "cannot create database $FERRETDB_PG_DATABASE"
    # FerretDB passes the field name of a filter as a parameter: a generic plan (which PostgreSQL may
    # pick after five runs of a prepared statement) can never use the GIN indexes the projections add.
    PGPASSWORD=$PG_PASSWORD psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DATABASE" \
      -c "ALTER DATABASE $FERRETDB_PG_DATABASE SET plan_cache_mode = force_custom_plan" >/dev/null \
      || die "cannot configure database $FERRETDB_PG_DATABASE"
    setsid nohup "$FERRETDB_BIN" --handler=postgresql \
      --postgresql-url="postgres://$PG_USER:$PG_PASSWORD@$PG_HOST:$PG_PORT/$FERRETDB_PG_DATABASE?pool_max_conns=$FERRETDB_POOL_SIZE" \
      --listen-addr="127.0.0.1:$MONGO_PORT" --debug-addr="127.0.0.1:$FERRETDB_DEBUG_PORT" \
      --state-dir="$DATA_DIR/ferretdb" --telemetry=disable --log-level=warn \
      >"$LOG_DIR/ferretdb.log" 2>&1 < /dev/null &
    echo $! >"$FERRETDB_PID"
  fi
  wait_for 60 "FerretDB (OP_MSG ping)" ferretdb_ping || die "FerretDB does not answer, see $LOG_DIR/ferretdb.log"
}

ferretdb_down() { stop_pid "$FERRETDB_PID" FerretDB; }

ferretdb_status() {
  if ferretdb_ping >/dev/null 2>&1; then echo "ferretdb  up    127.0.0.1:$MONGO_PORT ($FERRETDB_VERSION)"
  else echo "ferretdb  down  127.0.0.1:$MONGO_PORT"; return 1; fi
}
