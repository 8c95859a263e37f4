# The built-in services of a local platform (issue 15), sourced by ./paas after procs.sh: the
# services address on an interface of its own, the PostgreSQL broker (pg-broker/) against the
# embedded PostgreSQL's admin role for it, and its registration with the control plane.
#
# App VMs reach the embedded PostgreSQL only at the services address and only while a binding
# opens it (node-agent/README.md, "Service endpoints"); pg_hba admits there only the roles the
# broker made (api/README.md, "Database").

SERVICES_ADDRESS=${PAAS_SERVICES_ADDRESS:-10.253.0.1}
SERVICES_ADDRESS=${SERVICES_ADDRESS%/32}
SERVICES_IF=${PAAS_SERVICES_INTERFACE:-paas-svc0}
BROKER_JAR="$ROOT/pg-broker/target/paas-pg-broker.jar"
# Next to the control plane's port by default (8900 -> 8902), so platforms with other ports
# (other data directories) get other brokers.
BROKER_PORT=${PAAS_PG_BROKER_PORT:-$((API_PORT + 2))}
BROKER_USER=paas

# services_off_reason: why this platform serves no managed services (nothing when it does).
services_off_reason() {
  if [ "$SERVICES_ADDRESS" = off ]; then
    echo "PAAS_SERVICES_ADDRESS=off"
  elif [ -n "${PAAS_DB_URL:-}" ]; then
    echo "PAAS_DB_URL names an external PostgreSQL (run pg-broker against it yourself, see pg-broker/README.md)"
  elif [ "$(id -u)" -ne 0 ]; then
    echo "not root (the services address needs an interface of its own)"
  fi
}

services_enabled() {
  [ -z "$(services_off_reason)" ]
}

if services_enabled; then
  if ! [[ "$SERVICES_ADDRESS" =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}$ ]]; then
    echo "paas: PAAS_SERVICES_ADDRESS must be an IPv4 address such as 10.253.0.1 (or off), got $SERVICES_ADDRESS" >&2
    exit 2
  fi
  COMPONENTS+=(pg-broker)
fi

# services_interface_up: SERVICES_ADDRESS/32 on SERVICES_IF (a dummy interface; a veth pair where
# the kernel has no dummy module), unless the host has the address already (another platform's).
services_interface_up() {
  if ip -o -4 addr show 2>/dev/null | awk '{print $4}' | grep -qx "$SERVICES_ADDRESS/32"; then
    return 0
  fi
  echo "==> services address $SERVICES_ADDRESS on $SERVICES_IF"
  if ! ip link show "$SERVICES_IF" >/dev/null 2>&1; then
    if ! ip link add "$SERVICES_IF" type dummy 2>/dev/null; then
      ip link add "$SERVICES_IF" type veth peer name "${SERVICES_IF}p" && ip link set "${SERVICES_IF}p" up
    fi
  fi
  ip addr add "$SERVICES_ADDRESS/32" dev "$SERVICES_IF" && ip link set "$SERVICES_IF" up
}

# services_interface_down: removes SERVICES_IF, unless something (another platform's PostgreSQL)
# still listens on the services address.
services_interface_down() {
  ip link show "$SERVICES_IF" >/dev/null 2>&1 || return 0
  if [ -n "$(ss -Hltn "src $SERVICES_ADDRESS" 2>/dev/null)" ]; then
    echo "==> leaving $SERVICES_IF: something else still listens on $SERVICES_ADDRESS"
    return 0
  fi
  ip link delete "$SERVICES_IF" 2>/dev/null || true
  echo "==> removed $SERVICES_IF ($SERVICES_ADDRESS)"
}

# start_broker: the broker against the embedded PostgreSQL's admin role, which the control plane
# made (its password and the kept port are files beside the data directory). Passwords go in
# files (0600), never in arguments.
start_broker() {
  local pgport pwfile="$DATA_DIR/pg-broker-password"
  if [ ! -r "$DATA_DIR/postgres-port" ] || [ ! -r "$DATA_DIR/postgres-broker-password" ]; then
    echo "paas: the control plane did not prepare PostgreSQL for the broker ($DATA_DIR/postgres-port missing); see $LOGS/control-plane.log" >&2
    return 1
  fi
  pgport=$(cat "$DATA_DIR/postgres-port")
  local pid
  # A broker started against another port (the kept one was taken meanwhile) starts again.
  if pid=$(running_pid pg-broker) && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "--pg-port $pgport "; then
    echo "==> the PostgreSQL broker (pid $pid) uses another PostgreSQL port; starting it again"
    stop_pid "PostgreSQL broker" "$pid" 20
    forget_pid pg-broker
  fi
  if [ ! -s "$pwfile" ]; then
    # A letter first: a password starting with '-' would read as an option on a command line.
    (umask 077 && printf 'pb%s' "$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')" >"$pwfile")
  fi
  ensure pg-broker 60 -jar "$BROKER_JAR" --port "$BROKER_PORT" --username "$BROKER_USER" --password-file "$pwfile" \
    --pg-port "$pgport" --pg-password-file "$DATA_DIR/postgres-broker-password" --app-host "$SERVICES_ADDRESS"
}

# register_broker: `paas create-service-broker postgresql USER PASS URL` once (CONTRACT.md B),
# unless it is registered already. Only warns when it cannot: the platform runs without it.
register_broker() {
  local url="http://127.0.0.1:$BROKER_PORT" out
  if ! java -jar "$CLI_JAR" help create-service-broker >/dev/null 2>&1; then
    echo "paas: warning: this CLI has no create-service-broker yet; the PostgreSQL broker runs at $url but is not registered" >&2
    return 0
  fi
  if java -jar "$CLI_JAR" service-brokers 2>/dev/null | grep -qw postgresql; then
    return 0
  fi
  if out=$(java -jar "$CLI_JAR" create-service-broker -- postgresql "$BROKER_USER" "$(cat "$DATA_DIR/pg-broker-password")" "$url" 2>&1); then
    echo "==> registered the service broker postgresql ($url)"
    return 0
  fi
  case "$out" in
    *already*|*taken*|*exists*) ;;
    *) echo "paas: warning: could not register the PostgreSQL broker: ${out#paas: }" >&2 ;;
  esac
}
