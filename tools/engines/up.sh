#!/usr/bin/env bash
# Installs (when absent) and starts the container engines mikrocloud is tested on:
# Docker (rootful), Podman (rootful) and Podman (rootless, user mcrootless), then builds the
# local base images the tests use (no registry is reachable), starts the private test registry
# (registry.sh) that all three engines trust, a local npm registry build containers reach
# (verdaccio.sh), and installs Debian's Chromium for
# the API's browser test (driven by playwright-core, which downloads no browser). Idempotent: an
# engine that already answers is left alone, and never stopped.
#
# Usage: up.sh [--docker-only] [--dry-run]
#   --docker-only  Docker alone: no Podman, no test images, no test registries, no browser (what
#                  `npm start` runs when no engine answers). Without it: everything `npm test` needs.
#   --dry-run      print what would be started and exit, changing nothing
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
usage='usage: up.sh [--docker-only] [--dry-run]'
say() { printf '[engines] %s\n' "$*"; }

docker_only=0
dry_run=0
for arg in "$@"; do
  case "$arg" in
    --docker-only) docker_only=1 ;;
    --dry-run) dry_run=1 ;;
    -h | --help) echo "$usage"; exit 0 ;;
    *) printf '[engines] unknown argument: %s\n%s\n' "$arg" "$usage" >&2; exit 2 ;;
  esac
done

want="${MIKROCLOUD_ENGINES:-docker podman podman-rootless}"
with_browser=yes with_images=yes with_registry=yes with_remote=yes with_verdaccio=yes
[ "${MIKROCLOUD_SKIP_BROWSER:-0}" = "1" ] && with_browser=no
[ "${MIKROCLOUD_SKIP_IMAGES:-0}" = "1" ] && with_images=no
[ "${MIKROCLOUD_SKIP_REGISTRY:-0}" = "1" ] && with_registry=no
[ "${MIKROCLOUD_SKIP_REMOTE:-0}" = "1" ] && with_remote=no
[ "${MIKROCLOUD_SKIP_VERDACCIO:-0}" = "1" ] && with_verdaccio=no
if [ $docker_only -eq 1 ]; then
  if [ -n "${MIKROCLOUD_ENGINES:-}" ] && [ "$MIKROCLOUD_ENGINES" != docker ]; then
    say "--docker-only: starting docker alone (MIKROCLOUD_ENGINES=\"$MIKROCLOUD_ENGINES\" is not used)" >&2
  fi
  want=docker with_browser=no with_images=no with_registry=no with_remote=no with_verdaccio=no
fi
if [ $dry_run -eq 1 ]; then
  say "plan: engines=${want// /,} browser=$with_browser images=$with_images registry=$with_registry remote=$with_remote verdaccio=$with_verdaccio"
  exit 0
fi

log_dir="${MIKROCLOUD_ENGINE_LOGS:-/var/log/mikrocloud-engines}"
rootless_user="${MIKROCLOUD_ROOTLESS_USER:-mcrootless}"
rootless_runtime_dir="/tmp/${rootless_user}-run"
mkdir -p "$log_dir"

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

# rootless_podman ARG...: the rootless user's podman, from /, with its runtime dir.
rootless_podman() {
  (cd / && runuser -u "$rootless_user" -- env HOME="$(getent passwd "$rootless_user" | cut -d: -f6)" \
    XDG_RUNTIME_DIR="$rootless_runtime_dir" podman "$@")
}

# The rootless store on overlay, not vfs (vfs copies every layer: builds ~8x slower). The
# kernel's own overlay when it allows unprivileged mounts (Linux >= 5.13), else fuse-overlayfs.
# A store already on vfs is reset once (its images are rebuilt by images.sh).
rootless_storage() {
  local home conf probe driver
  home="$(getent passwd "$rootless_user" | cut -d: -f6)"
  conf="$home/.config/containers/storage.conf"
  driver="$(rootless_podman info --format '{{.Store.GraphDriverName}}' 2>/dev/null || true)"
  if [ -f "$conf" ] && [ "$driver" = overlay ]; then return 0; fi
  probe="$(mktemp -d /tmp/mc-overlay-probe.XXXXXX)"
  chown "$rootless_user:" "$probe"
  local options=''
  if ! rootless_podman --root "$probe/root" --runroot "$probe/run" --storage-driver overlay info >/dev/null 2>&1; then
    options=$'\n[storage.options.overlay]\nmount_program = "/usr/bin/fuse-overlayfs"'
  fi
  rootless_podman unshare rm -rf "$probe/root" "$probe/run" >/dev/null 2>&1 || true
  rm -rf "$probe"
  if [ -n "$driver" ] && [ "$driver" != overlay ]; then
    say "podman (rootless): moving the store from $driver to overlay (its images are rebuilt)"
    pkill -u "$rootless_user" -f 'podman system service' || true
    sleep 1
    rootless_podman system reset --force >/dev/null 2>&1 || true
  fi
  mkdir -p "$(dirname "$conf")"
  printf '[storage]\ndriver = "overlay"%s\n' "$options" >"$conf"
  chown -R "$rootless_user:" "$home/.config"
}

start_podman_rootless() {
  apt_install podman uidmap slirp4netns fuse-overlayfs curl
  containers_conf
  local sock="$rootless_runtime_dir/podman/podman.sock"
  id "$rootless_user" >/dev/null 2>&1 || useradd -m "$rootless_user"
  mkdir -p "$rootless_runtime_dir"
  chown "$rootless_user:$rootless_user" "$rootless_runtime_dir"
  chmod 700 "$rootless_runtime_dir"
  grep -q "^$rootless_user:" /etc/subuid || echo "$rootless_user:100000:65536" >>/etc/subuid
  grep -q "^$rootless_user:" /etc/subgid || echo "$rootless_user:100000:65536" >>/etc/subgid
  rootless_storage
  if ping_socket "$sock"; then say "podman (rootless) already running"; return 0; fi
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
if [ "$with_browser" = yes ] && [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
fi

if [ -f "$here/images.sh" ] && [ "$with_images" = yes ]; then
  read -ra engines <<<"$want"
  bash "$here/images.sh" "${engines[@]}"
fi

# The pull, push and credential tests use a private registry on 127.0.0.1 (seeded from busybox).
if [ -f "$here/registry.sh" ] && [ "$with_registry" = yes ]; then
  read -ra engines <<<"$want"
  bash "$here/registry.sh" "${engines[@]}"
fi

# Builds of apps with real npm dependencies install them from a local verdaccio (no uplink) that
# build containers reach on the Docker bridge's gateway address; it needs Docker's bridge.
if [ -f "$here/verdaccio.sh" ] && [ "$with_verdaccio" = yes ] && [[ " $want " == *" docker "* ]]; then
  bash "$here/verdaccio.sh"
fi

# The remote-engine tests reach a second Docker engine over TLS and SSH (remote.sh): in its
# own network namespace, seeded with busybox from the default engine.
if [ -f "$here/remote.sh" ] && [ "$with_remote" = yes ] && [[ " $want " == *" docker "* ]]; then
  bash "$here/remote.sh" start
fi
