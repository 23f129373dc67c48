#!/usr/bin/env bash
# Installs (when absent) and starts the container engines mikrocloud is tested on:
# Docker (rootful), Podman (rootful) and Podman (rootless, user mcrootless), then builds the
# local base images the tests use (no registry is reachable), starts the private test registry
# (registry.sh) that all three engines trust, and installs Debian's Chromium for
# the API's browser test (driven by playwright-core, which downloads no browser). Idempotent: an
# engine that already answers is left alone, and never stopped.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
want="${MIKROCLOUD_ENGINES:-docker podman podman-rootless}"
log_dir="${MIKROCLOUD_ENGINE_LOGS:-/var/log/mikrocloud-engines}"
rootless_user="${MIKROCLOUD_ROOTLESS_USER:-mcrootless}"
rootless_runtime_dir="/tmp/${rootless_user}-run"
mkdir -p "$log_dir"

say() { printf '[engines] %s\n' "$*"; }

ping_socket() { curl -fsS --max-time 2 --unix-socket "$1" http://d/_ping >/dev/null 2>&1; }

wait_socket() {
  local sock="$1" name="$2"
  for _ in $(seq 1 60); do
    if ping_socket "$sock"; then say "$name answers on $sock"; return 0; fi
    sleep 0.5
  done
  say "$name did not answer on $sock within 30 s"; return 1
}

apt_updated=0
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $apt_updated -eq 0 ]; then apt-get update -qq; apt_updated=1; fi
  say "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

containers_conf() {
  # Without this, every container fails with "error setting rlimit type 7" on these VMs.
  mkdir -p /etc/containers
  if ! grep -q 'default_ulimits' /etc/containers/containers.conf 2>/dev/null; then
    printf '[containers]\ndefault_ulimits = []\n' >>/etc/containers/containers.conf
  fi
}

start_docker() {
  if ping_socket /var/run/docker.sock; then say "docker already running"; return 0; fi
  apt_install docker.io curl
  setsid dockerd --host unix:///var/run/docker.sock >"$log_dir/dockerd.log" 2>&1 < /dev/null &
  wait_socket /var/run/docker.sock docker
}

start_podman() {
  apt_install podman curl
  containers_conf
  if ping_socket /run/podman/podman.sock; then say "podman (rootful) already running"; return 0; fi
  mkdir -p /run/podman
  setsid podman system service --time=0 unix:///run/podman/podman.sock >"$log_dir/podman.log" 2>&1 < /dev/null &
  wait_socket /run/podman/podman.sock "podman (rootful)"
}

start_podman_rootless() {
  apt_install podman uidmap slirp4netns fuse-overlayfs curl
  containers_conf
  local sock="$rootless_runtime_dir/podman/podman.sock"
  if ping_socket "$sock"; then say "podman (rootless) already running"; return 0; fi
  id "$rootless_user" >/dev/null 2>&1 || useradd -m "$rootless_user"
  grep -q "^$rootless_user:" /etc/subuid || echo "$rootless_user:100000:65536" >>/etc/subuid
  grep -q "^$rootless_user:" /etc/subgid || echo "$rootless_user:100000:65536" >>/etc/subgid
  chmod 666 /dev/net/tun
  mkdir -p "$rootless_runtime_dir/podman"
  chown -R "$rootless_user:$rootless_user" "$rootless_runtime_dir"
  chmod 700 "$rootless_runtime_dir"
  su - "$rootless_user" -c "export XDG_RUNTIME_DIR=$rootless_runtime_dir; setsid podman system service --time=0 unix://$sock >$rootless_runtime_dir/podman-service.log 2>&1 </dev/null &"
  wait_socket "$sock" "podman (rootless)"
}

for engine in $want; do
  case "$engine" in
    docker) start_docker ;;
    podman) start_podman ;;
    podman-rootless) start_podman_rootless ;;
    *) say "unknown engine: $engine"; exit 2 ;;
  esac
done

# The browser test (packages/api/src/browser.integration.test.ts) drives /usr/bin/chromium.
if [ "${MIKROCLOUD_SKIP_BROWSER:-0}" != "1" ] && [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
fi

if [ -f "$here/images.sh" ] && [ "${MIKROCLOUD_SKIP_IMAGES:-0}" != "1" ]; then
  read -ra engines <<<"$want"
  bash "$here/images.sh" "${engines[@]}"
fi

# The pull, push and credential tests use a private registry on 127.0.0.1 (seeded from busybox).
if [ -f "$here/registry.sh" ] && [ "${MIKROCLOUD_SKIP_REGISTRY:-0}" != "1" ]; then
  read -ra engines <<<"$want"
  bash "$here/registry.sh" "${engines[@]}"
fi
