# What ./paas knows about the processes it starts: pid files that stay true, whether a pid is
# still the process that was started (not a recycled number), who listens on a port, and health.
# Sourced by ./paas after DATA_DIR, RUN_DIR, the jars and the ports are set.
#
# A component is one of: control-plane, node-agent, router, pg-broker (the built-in PostgreSQL
# service broker; ./paas adds it to COMPONENTS when it serves services). Each runs `java -Dpaas-up.data-dir=DIR
# -jar JAR`: the mark names the data directory, so two platforms on one machine (other data
# directories, other ports) never take each other's processes for their own.

COMPONENTS=(control-plane node-agent router)

comp_what() {
  case "$1" in
    control-plane) echo "control plane" ;;
    node-agent) echo "node agent" ;;
    router) echo "router" ;;
    pg-broker) echo "PostgreSQL broker" ;;
  esac
}

comp_jar() {
  case "$1" in
    control-plane) echo "$API_JAR" ;;
    node-agent) echo "$AGENT_JAR" ;;
    router) echo "$ROUTER_JAR" ;;
    pg-broker) echo "$BROKER_JAR" ;;
  esac
}

# comp_ports NAME: the TCP ports the component listens on (all must be its own).
comp_ports() {
  case "$1" in
    control-plane) echo "$API_PORT" ;;
    node-agent) echo "$AGENT_PORT" ;;
    router) echo "$ROUTER_PORT $ROUTER_ADMIN_PORT" ;;
    pg-broker) echo "$BROKER_PORT" ;;
  esac
}

# proc_start_time PID: when the process started, in clock ticks since boot (field 22 of
# /proc/PID/stat). A recycled pid has another start time.
proc_start_time() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) } # after "(comm) ", which may hold spaces
  # shellcheck disable=SC2086
  set -- $stat
  echo "${20}"
}

# is_ours PID JAR: PID runs JAR for this data directory (a zombie's cmdline is empty: not ours).
is_ours() {
  local cmd
  cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline") || return 1
  [[ "$cmd" == *" -Dpaas-up.data-dir=$DATA_DIR "* && "$cmd" == *" -jar $2 "* ]]
}

# record_pid NAME PID: NAME.pid, and NAME.start with its start time.
record_pid() {
  echo "$2" >"$RUN_DIR/$1.pid"
  proc_start_time "$2" >"$RUN_DIR/$1.start" 2>/dev/null || rm -f "$RUN_DIR/$1.start"
}

forget_pid() {
  rm -f "$RUN_DIR/$1.pid" "$RUN_DIR/$1.start"
}

# running_pid NAME: prints the pid in NAME.pid if that process is still the one started (same
# start time, running the component's jar for this data directory); otherwise removes the files.
running_pid() {
  local name=$1 file="$RUN_DIR/$1.pid" pid start
  [ -f "$file" ] || return 1
  pid=$(head -n 1 "$file")
  if [[ "$pid" =~ ^[0-9]+$ ]] && is_ours "$pid" "$(comp_jar "$name")"; then
    start=$(cat "$RUN_DIR/$name.start" 2>/dev/null || true)
    if [ -z "$start" ] || [ "$start" = "$(proc_start_time "$pid")" ]; then
      echo "$pid"
      return 0
    fi
  fi
  forget_pid "$name"
  return 1
}

# port_pids PORT: pids of the processes listening on TCP PORT (any address), one a line.
port_pids() {
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u
}

# port_taken PORT: whether anything listens on TCP PORT.
port_taken() {
  [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
}

# describe_pid PID: "pid N (command line, shortened)".
describe_pid() {
  local cmd
  cmd=$(tr '\0\n' '  ' 2>/dev/null <"/proc/$1/cmdline" | cut -c1-100)
  echo "pid $1 (${cmd% })"
}

# foreign_port NAME: prints "port P is in use by pid N (...)" for the first port of the component
# that something else listens on; fails when all are free.
foreign_port() {
  local port owner
  for port in $(comp_ports "$1"); do
    if port_taken "$port"; then
      owner=$(port_pids "$port" | head -n 1)
      echo "port $port is in use by ${owner:+$(describe_pid "$owner")}${owner:-a process this user cannot see}"
      return 0
    fi
  done
  return 1
}

# owns_ports NAME PID: every port of the component is listened on by PID itself.
owns_ports() {
  local port
  for port in $(comp_ports "$1"); do
    port_pids "$port" | grep -qx "$2" || return 1
  done
}

# comp_health NAME: prints the HTTP status of the component's health endpoint (000: no answer).
comp_health() {
  local url auth=()
  case "$1" in
    control-plane) url="http://127.0.0.1:$API_PORT/q/health/ready" ;;
    node-agent) url="http://127.0.0.1:$AGENT_PORT/healthz" ;;
    router)
      url="http://127.0.0.1:$ROUTER_ADMIN_PORT/health"
      # The router's admin port answers only with the router key (the control plane wrote it).
      [ -r "$DATA_DIR/router-key" ] && auth=(-H "Authorization: Bearer $(cat "$DATA_DIR/router-key")")
      ;;
    # Needs no credentials; 200 while the broker reaches its PostgreSQL.
    pg-broker) url="http://127.0.0.1:$BROKER_PORT/health" ;;
  esac
  curl -s -o /dev/null -m 3 -w '%{http_code}' "${auth[@]}" "$url" 2>/dev/null || true
}

# comp_ready NAME PID: healthy, and answering from PID itself (not from a leftover on its port).
comp_ready() {
  [ "$(comp_health "$1")" = 200 ] && owns_ports "$1" "$2"
}

# embedded_postgres_pid: the pid of this data directory's embedded PostgreSQL, if it runs.
embedded_postgres_pid() {
  local file="$DATA_DIR/postgres/postmaster.pid" pid
  [ -f "$file" ] || return 1
  pid=$(head -n 1 "$file")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q "postgres.*$DATA_DIR/postgres" || return 1
  echo "$pid"
}

# stop_pid WHAT PID SECONDS [SIGNAL]: SIGNAL (TERM), wait up to SECONDS, then SIGKILL.
stop_pid() {
  local what=$1 pid=$2 limit=$3 waited=0
  kill "-${4:-TERM}" "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge $((limit * 10)) ]; then
      echo "paas: the $what (pid $pid) did not stop within $limit s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

# The app VMs of this data directory's node agent (their argv names its state directory).
app_vms() {
  pgrep -f "qemu-system.*$DATA_DIR/node-agent" 2>/dev/null || true
}

# stop_vms: SIGTERM to those VMs, then waits until they are gone (SIGKILL after 10 s), so that
# nothing is left running when up or down returns.
stop_vms() {
  local waited=0
  pkill -TERM -f "qemu-system.*$DATA_DIR/node-agent" 2>/dev/null || return 0
  while [ -n "$(app_vms)" ]; do
    if [ "$waited" -ge 100 ]; then
      echo "paas: app VMs did not stop within 10 s; killing them" >&2
      pkill -KILL -f "qemu-system.*$DATA_DIR/node-agent" 2>/dev/null || true
      return 0
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

# remove_vm_networks: once the agent and its VMs are stopped, removes the network namespaces,
# veths and nft table the agent of $DATA_DIR made (netns data path, root only); a later agent
# would remove them only when it starts again on the same state directory.
remove_vm_networks() {
  [ "$(id -u)" -eq 0 ] && [ -d "$DATA_DIR/node-agent" ] && [ -f "$AGENT_JAR" ] || return 0
  java -cp "$AGENT_JAR" dev.paas.nodeagent.infra.AgentNetworks "$DATA_DIR/node-agent" 2>/dev/null || true
}

# json_string TEXT: TEXT as a JSON string.
json_string() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}
