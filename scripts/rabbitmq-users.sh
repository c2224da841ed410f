#!/usr/bin/env bash
# Least-privilege RabbitMQ users for Benchgen: one per service plus one for prompt producers (issue 8).
#
#   scripts/rabbitmq-users.sh apply        create/update the users and set their permissions on the vhost
#   scripts/rabbitmq-users.sh permissions  print the permission table (user, configure, write, read)
#   scripts/rabbitmq-users.sh uris         print ConnectionStrings__RabbitMq for each user (KEY=amqp://…)
#
# Environment:
#   BENCHGEN_RABBITMQ_VHOST            vhost (default /)
#   BENCHGEN_RABBITMQ_HOST / _PORT     for `uris` (default localhost / 5672)
#   BENCHGEN_RABBITMQ_USER_PREFIX      user names are <prefix><role> (default benchgen-)
#   BENCHGEN_RABBITMQ_<ROLE>_PASSWORD  one per role: INTAKE, GENERATION, RENDERING, PERSISTENCE, PRODUCER (required by
#                                      apply and uris; e.g. from a Kubernetes Secret)
#   RABBITMQCTL                        the rabbitmqctl command (default rabbitmqctl), e.g.
#                                      "rabbitmqctl -n rabbit@broker" or "rabbitmqctl --node rabbit@host --erlang-cookie …"
#
# The permission regexes follow MassTransit's RabbitMQ topology (MassTransit 8.5, kebab-case endpoint names):
#   - one fanout exchange per message type, named Benchgen.Contracts:<Type>; publishing = WRITE on it (so who may write
#     which message-type exchange is what stops forgery), binding it to a queue's exchange = READ on it;
#   - per receive endpoint an exchange and a queue of the endpoint's name (generate-scenario, …) plus <name>_error and
#     <name>_skipped; MassTransit declares them (CONFIGURE), binds exchange -> queue (WRITE on the queue, READ on the
#     exchange) and consumes (READ on the queue);
#   - fault events: MassTransit:Fault--Benchgen.Contracts:<Type>-- (published by the consumer of <Type>), bound to
#     MassTransit:Fault;
#   - temporary endpoints for responses and client outcome subscriptions, named <machine>_<process>_bus_<id> and
#     session-outcome_<id> (auto-delete; responders write into the requester's one);
#   - MassTransit:ReceiveFault, published by an endpoint that could not consume a message at all.
# A role gets CONFIGURE on what it declares, WRITE on what it publishes to (plus its own endpoints, which binding
# needs) and READ on what it consumes or binds from. Nobody but Persistence can write AssetPersisted, nobody but
# Rendering ScenarioRendered, nobody but Generation ScenarioGenerated / ScenarioReviewed, nobody but the saga's host
# the requests (GenerateScenario, RenderScenario, ReviewScenario, PersistAsset); producers only SubmitPrompt, PlanTask
# and GetSessionStatus. No role can write the default exchange or any other service's endpoint queue.
set -euo pipefail

VHOST="${BENCHGEN_RABBITMQ_VHOST:-/}"
PREFIX="${BENCHGEN_RABBITMQ_USER_PREFIX:-benchgen-}"
RABBITMQCTL="${RABBITMQCTL:-rabbitmqctl}"
ROLES=(intake generation rendering persistence producer)

die() { echo "rabbitmq-users: $*" >&2; exit 1; }

C='Benchgen\.Contracts'
# Temporary endpoints (response and subscription queues of a bus) and their _error/_skipped twins: the only names
# with "_bus_" or a machine_process_ prefix MassTransit generates. Every role gets its own; a role cannot read or
# delete another connection's, because MassTransit declares them exclusive to their connection.
TEMP='[^:]*_bus_[a-z0-9]+(_error|_skipped)?'
# A client's outcome subscription (SessionOutcomeRegistration: one auto-deleted queue per client process).
OUTCOMES='session-outcome_[0-9a-f]{32}(_error|_skipped)?'
# What MassTransit publishes when a message cannot be consumed at all (malformed body, unknown type).
RECEIVE_FAULT='MassTransit:ReceiveFault'

join() { local IFS='|'; echo "$*"; }
types() { echo "$C:($(join $(printf '%s\n' "$@" | awk '!seen[$0]++')))"; }
faults() { echo "MassTransit:Fault--$C:($(join "$@"))--"; }
endpoints() { local out=() e; for e in "$@"; do out+=("$e" "${e}_error" "${e}_skipped"); done; join "${out[@]}"; }
rx() { echo "^($(join "$@"))\$"; }

# --- what each role touches --------------------------------------------------------------------------------------
# intake: the saga (generation-session), the HTTP API (SubmitPrompt, PlanTask requests) and the sweeper.
INTAKE_CONSUMES=(SubmitPrompt GenerationProgressed ScenarioGenerated GenerationFailed ScenarioRendered RenderingFailed
  ScenarioReviewed AssetPersisted PersistenceFailed SessionTimedOut SessionMessageFaulted GetSessionStatus StageStarted)
INTAKE_PUBLISHES=(GenerateScenario RenderScenario ReviewScenario PersistAsset GenerationSessionCompleted GenerationSessionFailed
  SessionTimedOut SessionMessageFaulted SubmitPrompt PlanTask)
INTAKE_FAULTS_IN=(GenerateScenario RenderScenario ReviewScenario PersistAsset)
GENERATION_CONSUMES=(GenerateScenario ReviewScenario PlanTask)
GENERATION_PUBLISHES=(GenerationProgressed ScenarioGenerated GenerationFailed ScenarioReviewed SessionMessageFaulted StageStarted)
RENDERING_CONSUMES=(RenderScenario)
RENDERING_PUBLISHES=(ScenarioRendered RenderingFailed SessionMessageFaulted StageStarted)
PERSISTENCE_CONSUMES=(PersistAsset)
PERSISTENCE_PUBLISHES=(AssetPersisted PersistenceFailed SessionMessageFaulted StageStarted)
PRODUCER_PUBLISHES=(SubmitPrompt PlanTask GetSessionStatus)
PRODUCER_SUBSCRIBES=(GenerationSessionCompleted GenerationSessionFailed)

# A service: its endpoints, the types it consumes and publishes; it publishes the faults of what it consumes.
service() {
  local endpoints_="$1" consumes="$2" publishes="$3" faults_in="${4:-}"
  local own_faults; own_faults="$(faults $consumes)"
  local configure=("$endpoints_" "$(types $consumes $publishes)" "$own_faults" "MassTransit:Fault" "$RECEIVE_FAULT" "$TEMP")
  local write=("$endpoints_" "$(types $publishes)" "$own_faults" "MassTransit:Fault" "$RECEIVE_FAULT" "$TEMP")
  # READ on the fault exchanges it publishes: MassTransit binds each to MassTransit:Fault (exchange.bind reads the source).
  local read=("$endpoints_" "$(types $consumes)" "$own_faults" "$RECEIVE_FAULT" "$TEMP")
  if [[ -n "$faults_in" ]]; then
    configure+=("$(faults $faults_in)")
    read+=("$(faults $faults_in)")
  fi
  printf '%s\n%s\n%s\n' "$(rx "${configure[@]}")" "$(rx "${write[@]}")" "$(rx "${read[@]}")"
}

permissions_of() {
  case "$1" in
    intake) service "$(endpoints generation-session)" "${INTAKE_CONSUMES[*]}" "${INTAKE_PUBLISHES[*]}" "${INTAKE_FAULTS_IN[*]}" ;;
    generation) service "$(endpoints generate-scenario review-scenario plan-task)" "${GENERATION_CONSUMES[*]}" "${GENERATION_PUBLISHES[*]}" ;;
    rendering) service "$(endpoints render-scenario)" "${RENDERING_CONSUMES[*]}" "${RENDERING_PUBLISHES[*]}" ;;
    persistence) service "$(endpoints persist-asset)" "${PERSISTENCE_CONSUMES[*]}" "${PERSISTENCE_PUBLISHES[*]}" ;;
    producer)
      # Publishes prompts and requests; its temporary endpoints receive responses and the two outcome events.
      rx "$(types ${PRODUCER_PUBLISHES[*]} ${PRODUCER_SUBSCRIBES[*]})" "$TEMP" "$OUTCOMES"
      rx "$(types ${PRODUCER_PUBLISHES[*]})" "$TEMP" "$OUTCOMES"
      rx "$(types ${PRODUCER_SUBSCRIBES[*]})" "$TEMP" "$OUTCOMES"
      ;;
    *) die "unknown role '$1'" ;;
  esac
}

password_of() {
  local var="BENCHGEN_RABBITMQ_${1^^}_PASSWORD"
  [[ -n "${!var:-}" ]] || die "$var is not set"
  printf '%s' "${!var}"
}

urlencode() {
  local s="$1" out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "$c" in [a-zA-Z0-9.~_-]) out+="$c" ;; *) out+="$(printf '%%%02X' "'$c")" ;; esac
  done
  printf '%s' "$out"
}

cmd_apply() {
  local role user configure write read
  # shellcheck disable=SC2086
  for role in "${ROLES[@]}"; do
    user="$PREFIX$role"
    if $RABBITMQCTL -q list_users --no-table-headers 2>/dev/null | awk '{print $1}' | grep -qxF "$user"; then
      password_of "$role" | $RABBITMQCTL -q change_password "$user" >/dev/null
    else
      password_of "$role" | $RABBITMQCTL -q add_user "$user" >/dev/null
    fi
    $RABBITMQCTL -q set_user_tags "$user" >/dev/null
    { read -r configure; read -r write; read -r read; } < <(permissions_of "$role")
    $RABBITMQCTL -q set_permissions -p "$VHOST" "$user" "$configure" "$write" "$read" >/dev/null
    echo "rabbitmq-users: $user on vhost $VHOST" >&2
  done
}

cmd_permissions() {
  local role configure write read
  for role in "${ROLES[@]}"; do
    { read -r configure; read -r write; read -r read; } < <(permissions_of "$role")
    printf '%s\n  configure %s\n  write     %s\n  read      %s\n' "$PREFIX$role" "$configure" "$write" "$read"
  done
}

cmd_uris() {
  local host="${BENCHGEN_RABBITMQ_HOST:-localhost}" port="${BENCHGEN_RABBITMQ_PORT:-5672}" role vhost
  vhost="$(urlencode "$VHOST")"
  [[ "$VHOST" == "/" ]] && vhost=""
  for role in "${ROLES[@]}"; do
    printf '%s=amqp://%s:%s@%s:%s/%s\n' "${role^^}" "$(urlencode "$PREFIX$role")" "$(urlencode "$(password_of "$role")")" "$host" "$port" "$vhost"
  done
}

case "${1:-}" in
  apply) cmd_apply ;;
  permissions) cmd_permissions ;;
  uris) cmd_uris ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
