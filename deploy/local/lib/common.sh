# Shared settings for the local infrastructure scripts. Sourced, never run.
# Everything is overridable through the environment, so two checkouts can run side by side.

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# Per-checkout state: data, logs, pid files, the unpacked Node.js (git-ignored).
STATE_DIR=${WELFARE_STATE_DIR:-$ROOT_DIR/.local}
DATA_DIR=$STATE_DIR/data
LOG_DIR=$STATE_DIR/logs
RUN_DIR=$STATE_DIR/run
TOOLS_DIR=$STATE_DIR/tools
# Per-machine download cache, shared by every checkout, so a fresh clone starts in seconds.
CACHE_DIR=${WELFARE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/child-welfare}

PG_HOST=127.0.0.1
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-welfare}
PG_PASSWORD=${PG_PASSWORD:-welfare}
PG_DATABASE=${PG_DATABASE:-welfare}

KAFKA_VERSION=${KAFKA_VERSION:-4.1.1}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}

FERRETDB_VERSION=${FERRETDB_VERSION:-v1.24.2}
MONGO_PORT=${MONGO_PORT:-27017}
FERRETDB_DEBUG_PORT=${FERRETDB_DEBUG_PORT:-8088}
# FerretDB keeps its collections in this PostgreSQL database (created when missing).
FERRETDB_PG_DATABASE=${FERRETDB_PG_DATABASE:-ferretdb}

NODE_MAJOR=24

log() { printf '\033[1;34m[infra]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[infra] %s\033[0m\n' "$*" >&2; exit 1; }

mkdir -p "$DATA_DIR" "$LOG_DIR" "$RUN_DIR" "$TOOLS_DIR" "$CACHE_DIR"

# pid_alive FILE: true when the pid recorded in FILE is a running process.
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for SECONDS DESCRIPTION COMMAND...: retries COMMAND once a second until it succeeds.
wait_for() {
  local timeout=$1 what=$2; shift 2
  local start=$SECONDS
  until "$@" >/dev/null 2>&1; do
    (( SECONDS - start >= timeout )) && return 1
    sleep 1
  done
  log "$what answered after $((SECONDS - start))s"
}

# stop_pid FILE NAME: SIGTERM, then SIGKILL after 30 s.
stop_pid() {
  local file=$1 name=$2
  pid_alive "$file" || { rm -f "$file"; return 0; }
  local pid; pid=$(cat "$file")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$file"
  log "$name stopped"
}
