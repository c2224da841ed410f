#!/usr/bin/env bash
# Stops what tests/infra/start.sh started (and nothing else), then removes its pid list.
#   tests/infra/stop.sh [STATE_DIR]      (default: <repo>/.test-infra)
set -uo pipefail

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$INFRA_DIR/../.." && pwd)"
STATE_DIR="${1:-${BENCHGEN_TEST_INFRA_DIR:-$REPO_DIR/.test-infra}}"
PID_FILE="$STATE_DIR/pids"

log() { echo "[test-infra] $*" >&2; }

if [[ ! -f "$PID_FILE" ]]; then
  log "nothing to stop ($PID_FILE not found)"
  exit 0
fi

# Each service runs in its own session (setsid), so its process group id is its pid.
stop_group() {
  local pid="$1" name="$2"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  log "$name (pid $pid) ignored SIGTERM; killing it"
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
}

# Read the list on fd 3: rabbitmqctl would otherwise swallow the rest of it from stdin.
while read -r kind pid node <&3; do
  [[ -z "${kind:-}" ]] && continue
  case "$kind" in
    rabbitmq)
      log "stopping RabbitMQ $node (pid $pid)"
      if kill -0 "$pid" 2>/dev/null; then
        timeout 60 /usr/lib/rabbitmq/bin/rabbitmqctl -n "$node" stop </dev/null >/dev/null 2>&1 || true
      fi
      stop_group "$pid" "RabbitMQ"
      ;;
    s3rver)
      log "stopping s3rver (pid $pid)"
      stop_group "$pid" "s3rver"
      ;;
  esac
done 3< "$PID_FILE"

rm -f "$PID_FILE" "$STATE_DIR/env.sh"
log "stopped"
