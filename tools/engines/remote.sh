#!/usr/bin/env bash
# A second Docker engine on this machine, reached the way a remote one is: over mutual TLS and
# over SSH, never through a local socket of the host's.
#
#   tools/engines/remote.sh [start]   starts it (idempotent) and writes remote.env
#   tools/engines/remote.sh stop      stops what `start` started and removes the namespace
#
# It runs in a network namespace of its own (mikrocloud-remote, 10.231.99.2, joined to the host
# by a veth pair whose host end is 10.231.99.1/30) with its own containerd, data-root, exec-root,
# pidfile and bridge (10.231.100.1/24): nothing of the host's default engine, docker0 or
# iptables rules is touched (the daemon's iptables rules live in the namespace's own tables).
# The daemons get a mount namespace with the namespace's own /sys, so the bridge settings they
# write never reach the host's interfaces.
#
#   tcp://10.231.99.2:2376     the Engine API, TLS with client certificates (a local CA)
#   ssh://mcremote@10.231.99.2:2222
#                              Debian's sshd, own config and host key, public keys only, every
#                              session runs `docker system dial-stdio` against this engine
#
# Files, under $MIKROCLOUD_STATE_DIR/remote (default /var/lib/mikrocloud-engines/remote):
#   tls/ca.{crt,key} tls/server.{crt,key}    the CA and the daemon's certificate (IP:10.231.99.2)
#   client/{ca,cert,key}.pem                 a client certificate, laid out for DOCKER_CERT_PATH
#   ssh/host_ed25519_key ssh/client_ed25519_key ssh/authorized_keys ssh/known_hosts ssh/sshd_config
#   docker/ containerd/ *.log                 the engine's state and logs
#   remote.env                               how tests find it (KEY=value lines)
# The unix socket /run/mikrocloud-remote/docker.sock (group mcremote) serves the ssh sessions and
# this script only. busybox:latest is copied in from the default engine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"
# shellcheck source=lib-services.sh
source "$here/lib-services.sh"

state_dir="${MIKROCLOUD_STATE_DIR:-/var/lib/mikrocloud-engines}"
dir="$state_dir/remote"
run="$remote_run_dir"
ns=mikrocloud-remote
host_if=mcremote0
ns_if=mcremote1
host_addr=10.231.99.1
ns_addr=10.231.99.2
bridge_cidr=10.231.100.1/24
tls_port=2376
ssh_port=2222
ssh_user=mcremote
clean_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

say() { printf '[remote] %s\n' "$*"; }
die() { say "error: $*" >&2; exit 1; }


# pid_alive FILE: the process FILE names runs (a killed one waiting to be reaped does not).
pid_alive() {
  local pid state
  [ -s "$1" ] || return 1
  pid="$(cat "$1")"
  state="$(ps -o stat= -p "$pid" 2>/dev/null)" || return 1
  [ -n "$state" ] && [[ "$state" != Z* ]]
}

# --- network namespace ------------------------------------------------------------------------

make_namespace() {
  [ -e "/run/netns/$ns" ] || { ip netns add "$ns"; say "namespace $ns created"; }
  if ! ip link show "$host_if" >/dev/null 2>&1; then
    ip link add "$host_if" type veth peer name "$ns_if" netns "$ns"
    ip addr add "$host_addr/30" dev "$host_if"
  fi
  ip link set "$host_if" up
  local addrs; addrs="$(ip -n "$ns" -br addr show dev "$ns_if")"
  [[ "$addrs" == *" $ns_addr/30"* ]] || ip -n "$ns" addr add "$ns_addr/30" dev "$ns_if"
  ip -n "$ns" link set "$ns_if" up
  ip -n "$ns" link set lo up
}

# --- certificates and keys --------------------------------------------------------------------

make_tls() {
  local tls="$dir/tls" client="$dir/client"
  mkdir -p "$tls" "$client"; chmod 700 "$tls" "$client"
  if [ ! -s "$tls/ca.crt" ] || [ ! -s "$tls/ca.key" ]; then
    say "making a local CA"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=mikrocloud remote engine CA" \
      -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
    rm -f "$tls/server.crt" "$client/cert.pem"
  fi
  if [ ! -s "$tls/server.crt" ] || [ ! -s "$tls/server.key" ]; then
    say "making the daemon's certificate"
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$ns_addr" -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
    printf 'subjectAltName=IP:%s\nextendedKeyUsage=serverAuth\n' "$ns_addr" >"$tls/server.ext"
    openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial \
      -days 3650 -extfile "$tls/server.ext" -out "$tls/server.crt" 2>/dev/null
    rm -f "$tls/server.csr" "$tls/server.ext"
  fi
  if [ ! -s "$client/cert.pem" ] || [ ! -s "$client/key.pem" ]; then
    say "making a client certificate"
    openssl req -newkey rsa:2048 -nodes -subj "/CN=mikrocloud-test-client" -keyout "$client/key.pem" -out "$client/client.csr" 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' >"$client/client.ext"
    openssl x509 -req -in "$client/client.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial \
      -days 3650 -extfile "$client/client.ext" -out "$client/cert.pem" 2>/dev/null
    rm -f "$client/client.csr" "$client/client.ext"
  fi
  cp "$tls/ca.crt" "$client/ca.pem"
  chmod 600 "$tls/ca.key" "$tls/server.key" "$client/key.pem"
  chmod 644 "$tls/ca.crt" "$tls/server.crt" "$client/ca.pem" "$client/cert.pem"
}

make_ssh() {
  local ssh="$dir/ssh"
  mkdir -p "$ssh"; chmod 755 "$ssh"
  if ! id "$ssh_user" >/dev/null 2>&1; then
    useradd --system --create-home --shell /bin/sh "$ssh_user"
  fi
  # "*" (no password) rather than the locked "!": sshd refuses a locked account even its keys.
  usermod -p '*' "$ssh_user"
  [ -s "$ssh/host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C "mikrocloud-remote-host" -f "$ssh/host_ed25519_key"
  [ -s "$ssh/client_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C "mikrocloud-test-client" -f "$ssh/client_ed25519_key"
  chmod 600 "$ssh/host_ed25519_key" "$ssh/client_ed25519_key"
  cp "$ssh/client_ed25519_key.pub" "$ssh/authorized_keys"
  chmod 644 "$ssh/authorized_keys"
  printf '[%s]:%s %s\n' "$ns_addr" "$ssh_port" "$(cut -d' ' -f1,2 "$ssh/host_ed25519_key.pub")" >"$ssh/known_hosts"
  chmod 644 "$ssh/known_hosts"
  cat >"$ssh/sshd_config" <<CONFIG
# sshd of the mikrocloud remote test engine: only in namespace $ns, public keys only, and every
# session is a connection to that engine's API (docker system dial-stdio).
Port $ssh_port
ListenAddress $ns_addr
HostKey $ssh/host_ed25519_key
PidFile $run/sshd.pid
AuthorizedKeysFile $ssh/authorized_keys
AllowUsers $ssh_user
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
UsePAM no
PermitTTY no
X11Forwarding no
AllowTcpForwarding no
AllowStreamLocalForwarding no
AllowAgentForwarding no
PermitTunnel no
MaxSessions 128
MaxStartups 64:30:128
SetEnv DOCKER_HOST=unix://$run/docker.sock
ForceCommand /usr/local/bin/docker system dial-stdio
CONFIG
}

# --- daemons ----------------------------------------------------------------------------------

# Runs in the network namespace and in a mount namespace of its own, shared by containerd and
# dockerd (so the rootfs mounts dockerd makes are the ones containerd's runc sees). /sys is
# mounted again from inside the namespace, so it shows the namespace's interfaces and never the
# host's; the cgroup hierarchies are carried over into it.
daemons() {
  cd /
  mkdir -p "$run/cgroup"
  mount --rbind /sys/fs/cgroup "$run/cgroup"
  umount -l /sys
  mount -t sysfs sysfs /sys
  mount --rbind "$run/cgroup" /sys/fs/cgroup
  umount -l "$run/cgroup"
  cat >"$run/containerd.toml" <<TOML
version = 2
root = "$dir/containerd"
state = "$run/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$run/containerd/containerd.sock"
[ttrpc]
  address = "$run/containerd/containerd.sock.ttrpc"
[debug]
  address = ""
TOML
  containerd --config "$run/containerd.toml" >>"$dir/containerd.log" 2>&1 </dev/null &
  echo $! >"$run/containerd.pid"
  wait_until 100 0.1 test -S "$run/containerd/containerd.sock" || true
  printf '{}\n' >"$run/daemon.json"
  exec dockerd --config-file "$run/daemon.json" \
    --data-root "$dir/docker" --exec-root "$run/docker" --pidfile "$run/dockerd.pid" \
    --containerd "$run/containerd/containerd.sock" --cgroup-parent /mikrocloud-remote \
    --bip "$bridge_cidr" --group "$ssh_user" \
    -H "unix://$run/docker.sock" -H "tcp://$ns_addr:$tls_port" \
    --tlsverify --tlscacert "$dir/tls/ca.crt" --tlscert "$dir/tls/server.crt" --tlskey "$dir/tls/server.key" \
    >>"$dir/dockerd.log" 2>&1 </dev/null
}

tls_answers() {
  curl -fsS --max-time 2 --cacert "$dir/client/ca.pem" --cert "$dir/client/cert.pem" --key "$dir/client/key.pem" \
    "https://$ns_addr:$tls_port/_ping" >/dev/null 2>&1
}

# engine_settled LAUNCHER_PID: the engine answers, or LAUNCHER_PID (when given) has ended.
engine_settled() {
  tls_answers || { [ -n "$1" ] && ! kill -0 "$1" 2>/dev/null; }
}

start_engine() {
  local launcher=""
  if pid_alive "$run/dockerd.pid" && tls_answers; then say "engine already running"; return 0; fi
  if pid_alive "$run/dockerd.pid"; then
    say "waiting for the running engine"
  else
    stop_pidfile "$run/containerd.pid" containerd
    mkdir -p "$run" "$dir/docker" "$dir/containerd"; chmod 755 "$run"
    # A clean environment: the daemons outlive the caller, and must not keep its TMPDIR and such.
    env -i PATH="$clean_path" HOME=/root MIKROCLOUD_STATE_DIR="$state_dir" setsid nsenter --net="/run/netns/$ns" unshare --mount --propagation slave \
      bash "$here/remote.sh" __daemons </dev/null >/dev/null 2>&1 &
    launcher=$!
  fi
  # Until the engine answers, or the launcher it was started by has ended without it.
  if wait_until 120 0.5 engine_settled "$launcher" && tls_answers; then
    say "engine answers on tcp://$ns_addr:$tls_port (TLS)"; return 0
  fi
  tail -5 "$dir/dockerd.log" >&2 || true
  die "the engine did not answer on tcp://$ns_addr:$tls_port"
}

# ssh exits 255 when it could not connect or authenticate; dial-stdio itself ends at the EOF.
ssh_answers() {
  local rc=0
  timeout 10 ssh -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$dir/ssh/known_hosts" \
    -o GlobalKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o ConnectTimeout=3 -i "$dir/ssh/client_ed25519_key" \
    -p "$ssh_port" "$ssh_user@$ns_addr" </dev/null >/dev/null 2>&1 || rc=$?
  [ "$rc" -ne 255 ] && [ "$rc" -ne 124 ]
}

start_sshd() {
  mkdir -p /run/sshd; chmod 755 /run/sshd
  if pid_alive "$run/sshd.pid"; then
    # The config may have changed since: sshd rereads it on SIGHUP.
    kill -HUP "$(cat "$run/sshd.pid")"
  else
    /usr/sbin/sshd -t -f "$dir/ssh/sshd_config" || die "sshd_config refused"
    env -i PATH="$clean_path" ip netns exec "$ns" /usr/sbin/sshd -f "$dir/ssh/sshd_config" -E "$dir/sshd.log"
  fi
  if wait_until 30 0.3 ssh_answers; then say "sshd answers on ssh://$ssh_user@$ns_addr:$ssh_port"; return 0; fi
  tail -5 "$dir/sshd.log" >&2 || true
  die "sshd did not answer on $ns_addr:$ssh_port"
}

# --- images -----------------------------------------------------------------------------------

load_images() {
  local ref=busybox:latest want have
  want="$(engine_cli docker image inspect --format '{{ .Id }}' "$ref" 2>/dev/null)" || { say "docker has no $ref: not copied"; return 0; }
  have="$(engine_cli docker-remote image inspect --format '{{ .Id }}' "$ref" 2>/dev/null || true)"
  [ "$want" = "$have" ] && return 0
  say "copying $ref from docker"
  engine_cli docker save "$ref" | engine_cli docker-remote load -q >/dev/null
}

write_env() {
  cat >"$dir/remote.env.new" <<ENV
MIKROCLOUD_TEST_REMOTE_ADDRESS=$ns_addr
MIKROCLOUD_TEST_REMOTE_TLS_HOST=tcp://$ns_addr:$tls_port
MIKROCLOUD_TEST_REMOTE_CERT_PATH=$dir/client
MIKROCLOUD_TEST_REMOTE_SSH_HOST=ssh://$ssh_user@$ns_addr:$ssh_port
MIKROCLOUD_TEST_REMOTE_SSH_KEY=$dir/ssh/client_ed25519_key
MIKROCLOUD_TEST_REMOTE_SSH_KNOWN_HOSTS=$dir/ssh/known_hosts
MIKROCLOUD_TEST_REMOTE_SOCKET=$run/docker.sock
MIKROCLOUD_TEST_REMOTE_PIDFILE=$run/dockerd.pid
ENV
  replace_if_changed "$dir/remote.env"
  chmod 644 "$dir/remote.env"
}

# --- stop -------------------------------------------------------------------------------------

process_gone() { ! kill -0 "$1" 2>/dev/null; }

# stop_pidfile FILE NAME: SIGTERM to the process FILE names, then waits up to 20 s.
stop_pidfile() {
  local file="$1" name="$2" pid
  pid_alive "$file" || { rm -f "$file"; return 0; }
  pid="$(cat "$file")"
  kill "$pid"
  wait_until 200 0.1 process_gone "$pid" || true
  if kill -0 "$pid" 2>/dev/null; then say "$name ($pid) did not stop; killing it"; kill -9 "$pid" || true; fi
  rm -f "$file"
  say "$name stopped"
}

stop() {
  stop_pidfile "$run/sshd.pid" sshd
  stop_pidfile "$run/dockerd.pid" dockerd
  stop_pidfile "$run/containerd.pid" containerd
  if ip link show "$host_if" >/dev/null 2>&1; then ip link del "$host_if"; fi
  if [ -e "/run/netns/$ns" ]; then ip netns del "$ns"; say "namespace $ns removed"; fi
}

main() {
  [ "$(id -u)" -eq 0 ] || die "run as root"
  # The state directory is written unquoted into sshd_config (and into containerd.toml's strings).
  [[ "$state_dir" =~ ^/[A-Za-z0-9._/+-]*$ ]] \
    || die "MIKROCLOUD_STATE_DIR \"$state_dir\" must be an absolute path of letters, digits and ._/+- (it goes into sshd_config)"
  case "${1:-start}" in
    __daemons) daemons; return ;;
    stop) stop; return ;;
    start) ;;
    *) die "usage: remote.sh [start|stop]" ;;
  esac
  local started; started=$(date +%s)
  command -v dockerd >/dev/null || die "no dockerd (tools/engines/up.sh installs docker.io)"
  apt_install_without_services openssh-server openssl curl iproute2
  mkdir -p "$dir" "$run"; chmod 755 "$dir" "$run"
  make_namespace
  make_tls
  make_ssh
  start_engine
  start_sshd
  load_images
  write_env
  say "ready, see $dir/remote.env; done in $(( $(date +%s) - started )) s"
}

main "$@"
