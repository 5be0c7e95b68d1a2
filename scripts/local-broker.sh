#!/usr/bin/env bash
# A local AMQP 1.0 broker for development and CI: RabbitMQ (Debian package) with the rabbitmq_amqp1_0
# plugin, run as a plain background process on 127.0.0.1 (no systemd), with all of its state under the
# repository's gitignored .broker/ directory. It plays the Service Bus topology of DESIGN section 7.
#
#   bash scripts/local-broker.sh start    install when missing, start, declare topology (no-op when running)
#   bash scripts/local-broker.sh stop     stop the node by its pid
#   bash scripts/local-broker.sh reset    stop, wipe .broker/ (all messages), start afresh
#   bash scripts/local-broker.sh status   say whether it runs and print the addresses to use
#
# Environment: NORSEALERTS_BROKER_PORT (default 5672), NORSEALERTS_BROKER_DIR (default <repo>/.broker).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
port="${NORSEALERTS_BROKER_PORT:-5672}"
# One broker per port per machine: a checkout that finds the port's broker started from another checkout
# (another worktree, or CI's fresh clone on a developer machine) uses and stops that one instead of failing
# on a taken port. The marker names the state directory of the running node.
marker="${TMPDIR:-/tmp}/norsealerts-broker-$port.dir"
base="${NORSEALERTS_BROKER_DIR:-$repo/.broker}"
if [ -z "${NORSEALERTS_BROKER_DIR:-}" ] && [ -s "$marker" ]; then
  other="$(cat "$marker")"
  if [ "$other" != "$base" ] && [ -s "$other/rabbit.pid" ] && kill -0 "$(cat "$other/rabbit.pid")" 2>/dev/null; then
    base="$other"
  fi
fi
user=norse
password=norse
rabbit_bin=/usr/lib/rabbitmq/bin

# Everything RabbitMQ writes lives under $base; HOME carries the Erlang cookie that rabbitmqctl and the
# node must share, so it is ours too rather than root's.
export HOME="$base/home"
export RABBITMQ_NODENAME="norse-$port@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="$port"
export RABBITMQ_DIST_PORT="$((port + 20000))"
export RABBITMQ_MNESIA_BASE="$base/mnesia"
export RABBITMQ_LOG_BASE="$base/log"
export RABBITMQ_PID_FILE="$base/rabbit.pid"
export RABBITMQ_ENABLED_PLUGINS_FILE="$base/enabled_plugins"
export RABBITMQ_CONFIG_FILE="$base/rabbitmq.conf"
export RABBITMQ_CONF_ENV_FILE="$base/rabbitmq-env.conf"
export RABBITMQ_ADVANCED_CONFIG_FILE="$base/advanced.config"
export ERL_EPMD_ADDRESS=127.0.0.1
# Erlang distribution (used by rabbitmqctl) listens on loopback only, like the AMQP port.
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"

say() { printf 'local-broker: %s\n' "$*"; }
die() { printf 'local-broker: %s\n' "$*" >&2; exit 1; }

ctl() { "$rabbit_bin/rabbitmqctl" -n "$RABBITMQ_NODENAME" "$@"; }

install_if_missing() {
  if [ -x "$rabbit_bin/rabbitmq-server" ] && [ -d /usr/lib/rabbitmq/lib/rabbitmq_server-*/plugins/rabbitmq_amqp1_0-* ] 2>/dev/null; then
    return
  fi
  command -v apt-get >/dev/null || die "rabbitmq-server is not installed and apt-get is not available"
  say "installing rabbitmq-server from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # policy-rc.d 101 keeps the package's service from being started: we run our own node below.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; created_policy=1; fi
  apt-get install -y -q rabbitmq-server >/dev/null
  if [ "$created_policy" = 1 ]; then rm -f "$policy"; fi
  [ -x "$rabbit_bin/rabbitmq-server" ] || die "rabbitmq-server did not install"
}

pid_alive() {
  [ -f "$RABBITMQ_PID_FILE" ] || return 1
  local pid
  pid="$(cat "$RABBITMQ_PID_FILE" 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

write_config() {
  mkdir -p "$HOME" "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
  : >"$RABBITMQ_CONF_ENV_FILE"
  # Offline plugin enabling: the node reads this file at boot, no running node needed.
  printf '[rabbitmq_amqp1_0].\n' >"$RABBITMQ_ENABLED_PLUGINS_FILE"
  cat >"$RABBITMQ_CONFIG_FILE" <<EOF
listeners.tcp.1 = 127.0.0.1:$port
loopback_users = none
log.file.level = warning
log.console = false
disk_free_limit.absolute = 50MB
EOF
  printf '[].\n' >"$RABBITMQ_ADVANCED_CONFIG_FILE"
}

# The Service Bus topology. RabbitMQ 3.10's AMQP 1.0 plugin keeps application-properties as an opaque blob, so
# no exchange can filter on recipientRole; instead the publisher sends to /exchange/escalations/{recipientRole}
# (the role becomes the routing key) and the escalations topic exchange binds each role queue to its role and
# audit to everything ("#"). Each queue dead-letters into "<queue>.dlq" through the default exchange.
write_definitions() {
  local roles="neurology-oncall neurology-backup neurocritical-care-attending" queues="" bindings="" q role
  queue_json() {
    printf '{"name":"%s.dlq","vhost":"/","durable":true,"auto_delete":false,"arguments":{}},' "$1"
    printf '{"name":"%s","vhost":"/","durable":true,"auto_delete":false,"arguments":{"x-dead-letter-exchange":"","x-dead-letter-routing-key":"%s.dlq"}}' "$1" "$1"
  }
  binding_json() {
    printf '{"source":"escalations","vhost":"/","destination":"%s","destination_type":"queue","routing_key":"%s","arguments":{}}' "$1" "$2"
  }
  for role in $roles; do
    queues="$queues$(queue_json "escalations.$role"),"
    bindings="$bindings$(binding_json "escalations.$role" "$role"),"
  done
  for q in escalations.audit clinical-events alert-acks; do queues="$queues$(queue_json "$q"),"; done
  bindings="$bindings$(binding_json escalations.audit "#")"
  cat >"$base/topology.json" <<EOF
{"rabbit_version":"3.10.8",
 "exchanges":[{"name":"escalations","vhost":"/","type":"topic","durable":true,"auto_delete":false,"internal":false,"arguments":{}}],
 "queues":[${queues%,}],
 "bindings":[$bindings]}
EOF
}

print_addresses() {
  cat <<EOF
AMQP URL:  amqp://$user:$password@127.0.0.1:$port
Settings:  NorseAlerts__Amqp__ConnectionString=amqp://$user:$password@127.0.0.1:$port
           NorseAlerts__Amqp__Entities__Alerts=/exchange/escalations/{recipientRole}
           NorseAlerts__Amqp__Entities__Events=/amq/queue/clinical-events
           NorseAlerts__Amqp__Entities__Acks=/amq/queue/alert-acks
Pages:     /amq/queue/escalations.neurology-oncall, escalations.neurology-backup,
           escalations.neurocritical-care-attending, escalations.audit (receive addresses)
Dead letters: /amq/queue/<queue>.dlq
EOF
}

start() {
  if pid_alive && ctl await_startup --timeout 5 >/dev/null 2>&1; then
    say "already running (pid $(cat "$RABBITMQ_PID_FILE"), node $RABBITMQ_NODENAME, state in $base)"
    # The topology may be newer than the running node's; declaring it again is harmless.
    write_definitions
    ctl import_definitions "$base/topology.json" >/dev/null
    printf '%s\n' "$base" >"$marker"
    print_addresses
    return
  fi
  install_if_missing
  if port_taken; then
    die "127.0.0.1:$port is already in use by another process; stop it or set NORSEALERTS_BROKER_PORT"
  fi
  write_config
  write_definitions
  say "starting RabbitMQ node $RABBITMQ_NODENAME on 127.0.0.1:$port (state in $base)"
  # setsid: the node must outlive this script and the shell that ran it.
  setsid "$rabbit_bin/rabbitmq-server" >"$RABBITMQ_LOG_BASE/stdout.log" 2>&1 </dev/null &
  local launcher=$!
  # The pid file appears once the Erlang VM runs; await_startup then waits for the rabbit app itself.
  local waited=0
  until [ -s "$RABBITMQ_PID_FILE" ]; do
    if ! kill -0 "$launcher" 2>/dev/null; then
      tail -n 30 "$RABBITMQ_LOG_BASE/stdout.log" >&2 || true
      die "rabbitmq-server exited during start; see $RABBITMQ_LOG_BASE"
    fi
    sleep 0.5; waited=$((waited + 1))
    [ "$waited" -lt 120 ] || die "no pid file after 60 s; see $RABBITMQ_LOG_BASE"
  done
  if ! ctl await_startup --timeout 90 >/dev/null; then
    tail -n 30 "$RABBITMQ_LOG_BASE/stdout.log" >&2 || true
    die "node did not finish booting within 90 s; see $RABBITMQ_LOG_BASE"
  fi
  ctl add_user "$user" "$password" >/dev/null 2>&1 || ctl change_password "$user" "$password" >/dev/null
  ctl set_permissions -p / "$user" '.*' '.*' '.*' >/dev/null
  ctl import_definitions "$base/topology.json" >/dev/null
  printf '%s\n' "$base" >"$marker"
  say "ready (pid $(cat "$RABBITMQ_PID_FILE"))"
  print_addresses
}

stop() {
  if ! pid_alive; then
    say "not running"
    rm -f "$RABBITMQ_PID_FILE"
    return
  fi
  local pid
  pid="$(cat "$RABBITMQ_PID_FILE")"
  say "stopping pid $pid"
  # rabbitmqctl stop flushes queues to disk in an orderly way; SIGTERM is the fallback.
  ctl stop >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 0.2; waited=$((waited + 1))
    if [ "$waited" -eq 150 ]; then kill -KILL "$pid" 2>/dev/null || true; fi
    [ "$waited" -lt 200 ] || die "pid $pid did not stop"
  done
  rm -f "$RABBITMQ_PID_FILE" "$marker"
  say "stopped"
}

status() {
  if pid_alive && ctl await_startup --timeout 5 >/dev/null 2>&1; then
    say "running (pid $(cat "$RABBITMQ_PID_FILE"), node $RABBITMQ_NODENAME)"
    print_addresses
  else
    say "not running"
    return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  reset) stop; rm -rf "$base"; start ;;
  status) status ;;
  *) echo "usage: $0 start|stop|reset|status" >&2; exit 2 ;;
esac
