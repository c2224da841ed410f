#!/usr/bin/env bash
# Starts the local test infrastructure Benchgen's integration tests can use on a machine without Docker:
# a RabbitMQ broker and an S3-protocol server (s3rver), both on loopback with private data directories.
# Only what is not already given through BENCHGEN_TEST_RABBITMQ / BENCHGEN_TEST_S3 is started.
#
#   tests/infra/start.sh [STATE_DIR]      (default: <repo>/.test-infra)
#   . STATE_DIR/env.sh                    exports BENCHGEN_TEST_* for dotnet test
#   tests/infra/stop.sh [STATE_DIR]       stops only what this script started
#
# A broker started here also gets Benchgen's least-privilege users (scripts/rabbitmq-users.sh), exported as
# BENCHGEN_TEST_RABBITMQ_{INTAKE,GENERATION,RENDERING,PERSISTENCE,PRODUCER}; with an external broker those are passed
# through when set. MongoDB cannot be installed here; BENCHGEN_TEST_MONGO is passed through when set.
set -euo pipefail

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$INFRA_DIR/../.." && pwd)"
STATE_DIR="${1:-${BENCHGEN_TEST_INFRA_DIR:-$REPO_DIR/.test-infra}}"
mkdir -p "$STATE_DIR"
STATE_DIR="$(cd "$STATE_DIR" && pwd)"
ENV_FILE="$STATE_DIR/env.sh"
PID_FILE="$STATE_DIR/pids"
RABBIT_WAIT_SECONDS="${BENCHGEN_TEST_RABBITMQ_WAIT:-90}"
S3_WAIT_SECONDS="${BENCHGEN_TEST_S3_WAIT:-30}"

log() { echo "[test-infra] $*" >&2; }
die() { echo "[test-infra] ERROR: $*" >&2; exit 1; }

if [[ -s "$PID_FILE" ]]; then
  die "$PID_FILE exists: infrastructure from an earlier start.sh may still run. Run tests/infra/stop.sh $STATE_DIR first."
fi
: > "$PID_FILE"

is_root() { [[ "$(id -u)" == 0 ]]; }

apt_install() {
  if ! is_root; then
    die "$* is not installed and this is not root: install it (apt-get install -y $*) or set the matching BENCHGEN_TEST_* variable."
  fi
  log "installing $* with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  # The package's own service start is refused under policy-rc.d; we start the broker ourselves.
  apt-get install -y --no-install-recommends "$@" >"$STATE_DIR/apt.log" 2>&1 \
    || { apt-get update >>"$STATE_DIR/apt.log" 2>&1 && apt-get install -y --no-install-recommends "$@" >>"$STATE_DIR/apt.log" 2>&1; } \
    || die "apt-get install $* failed; see $STATE_DIR/apt.log"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  # Ask the kernel for an unused loopback port.
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

ensure_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || apt_install nodejs npm
}

# Exports written to the env file (values already set are passed through unchanged).
declare -a EXPORTS=()

# --- RabbitMQ -----------------------------------------------------------------------------------------
start_rabbitmq() {
  local bin=/usr/lib/rabbitmq/bin
  [[ -x "$bin/rabbitmq-server" ]] || apt_install rabbitmq-server
  [[ -x "$bin/rabbitmq-server" ]] || die "rabbitmq-server is installed but $bin/rabbitmq-server is missing"

  local port=5672 node_name="rabbit@localhost"
  if port_in_use 5672; then
    port="$(free_port)"
    # Another broker probably owns rabbit@localhost in epmd; use a node name of our own.
    node_name="benchgen${port}@localhost"
  fi
  local dist_port
  dist_port="$(free_port)"
  while [[ "$dist_port" == "$port" ]]; do dist_port="$(free_port)"; done

  local dir="$STATE_DIR/rabbitmq"
  mkdir -p "$dir/mnesia" "$dir/log"
  log "starting RabbitMQ $node_name on 127.0.0.1:$port (data in $dir)"
  # The broker runs as the calling user (the Debian wrapper would switch to the rabbitmq user and log elsewhere).
  (
    export RABBITMQ_NODENAME="$node_name" \
      RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
      RABBITMQ_NODE_PORT="$port" \
      RABBITMQ_DIST_PORT="$dist_port" \
      RABBITMQ_MNESIA_BASE="$dir/mnesia" \
      RABBITMQ_LOG_BASE="$dir/log" \
      RABBITMQ_PID_FILE="$dir/rabbitmq.pid"
    cd "$dir"
    exec setsid "$bin/rabbitmq-server" >"$dir/server.out" 2>&1 </dev/null
  ) &
  local pid=$!
  echo "rabbitmq $pid $node_name" >> "$PID_FILE"

  # await_startup fails at once while the node is not yet registered with epmd, so retry until the deadline.
  local deadline=$((SECONDS + RABBIT_WAIT_SECONDS))
  until timeout 30 "$bin/rabbitmqctl" -n "$node_name" await_startup --timeout 20 >"$dir/await.out" 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$dir/server.out" >&2 || true
      die "RabbitMQ exited during start-up (logs in $dir)"
    fi
    if (( SECONDS >= deadline )); then
      tail -n 30 "$dir/server.out" >&2 || true
      die "RabbitMQ $node_name did not start within ${RABBIT_WAIT_SECONDS}s (logs in $dir)"
    fi
    sleep 1
  done
  export BENCHGEN_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$port/"
  log "RabbitMQ ready: $BENCHGEN_TEST_RABBITMQ"

  # The least-privilege users of scripts/rabbitmq-users.sh, with fresh random passwords; the services' tests connect
  # as them (guest stays the administrator for tests that inspect the broker or attack below MassTransit).
  local role var
  for role in intake generation rendering persistence producer; do
    var="BENCHGEN_RABBITMQ_${role^^}_PASSWORD"
    export "$var=$(head -c 18 /dev/urandom | base64 | tr -d '+/=')"
  done
  RABBITMQCTL="$bin/rabbitmqctl -n $node_name" bash "$REPO_DIR/scripts/rabbitmq-users.sh" apply 2>>"$dir/users.log" \
    || die "creating the Benchgen RabbitMQ users failed; see $dir/users.log"
  while IFS='=' read -r role uri; do
    export "BENCHGEN_TEST_RABBITMQ_${role}=$uri"
  done < <(BENCHGEN_RABBITMQ_HOST=127.0.0.1 BENCHGEN_RABBITMQ_PORT="$port" bash "$REPO_DIR/scripts/rabbitmq-users.sh" uris)
  log "RabbitMQ users benchgen-{intake,generation,rendering,persistence,producer} created"
}

# --- s3rver ---------------------------------------------------------------------------------------------
start_s3rver() {
  ensure_node
  if [[ ! -f "$INFRA_DIR/node_modules/s3rver/package.json" ]]; then
    log "installing s3rver (npm ci in $INFRA_DIR)"
    (cd "$INFRA_DIR" && npm ci --no-audit --no-fund >"$STATE_DIR/npm.log" 2>&1) || die "npm ci failed; see $STATE_DIR/npm.log"
  fi
  local port
  port="$(free_port)"
  local dir="$STATE_DIR/s3rver"
  mkdir -p "$dir/data"
  log "starting s3rver on 127.0.0.1:$port (data in $dir/data)"
  (
    cd "$dir"
    exec setsid node "$INFRA_DIR/node_modules/s3rver/bin/s3rver.js" -d "$dir/data" -a 127.0.0.1 -p "$port" --silent >"$dir/server.out" 2>&1 </dev/null
  ) &
  local pid=$!
  echo "s3rver $pid" >> "$PID_FILE"

  local deadline=$((SECONDS + S3_WAIT_SECONDS))
  until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/server.out" >&2; die "s3rver exited during start-up"; }
    (( SECONDS < deadline )) || die "s3rver did not answer on 127.0.0.1:$port within ${S3_WAIT_SECONDS}s"
    sleep 0.3
  done
  export BENCHGEN_TEST_S3="http://127.0.0.1:$port"
  log "s3rver ready: $BENCHGEN_TEST_S3"
}

if [[ -z "${BENCHGEN_TEST_RABBITMQ:-}" ]]; then start_rabbitmq; else log "using BENCHGEN_TEST_RABBITMQ=$BENCHGEN_TEST_RABBITMQ"; fi
if [[ -z "${BENCHGEN_TEST_S3:-}" ]]; then start_s3rver; else log "using BENCHGEN_TEST_S3=$BENCHGEN_TEST_S3"; fi
[[ -n "${BENCHGEN_TEST_MONGO:-}" ]] && log "using BENCHGEN_TEST_MONGO=$BENCHGEN_TEST_MONGO" || log "BENCHGEN_TEST_MONGO not set: MongoDB tests will use Testcontainers or be skipped"

{
  echo "# Written by tests/infra/start.sh; source it before dotnet test."
  for name in BENCHGEN_TEST_RABBITMQ BENCHGEN_TEST_RABBITMQ_INTAKE BENCHGEN_TEST_RABBITMQ_GENERATION BENCHGEN_TEST_RABBITMQ_RENDERING \
    BENCHGEN_TEST_RABBITMQ_PERSISTENCE BENCHGEN_TEST_RABBITMQ_PRODUCER BENCHGEN_TEST_S3 BENCHGEN_TEST_S3_ACCESS_KEY BENCHGEN_TEST_S3_SECRET_KEY \
    BENCHGEN_TEST_MONGO; do
    if [[ -n "${!name:-}" ]]; then printf 'export %s=%q\n' "$name" "${!name}"; fi
  done
} > "$ENV_FILE"
log "environment written to $ENV_FILE"
echo "$ENV_FILE"
