#!/usr/bin/env bash
# Starts a local npm registry for builds of apps with real dependencies: verdaccio (pinned in
# verdaccio/app.package-lock.json, installed with npm from the npm registry), with NO uplink, seeded
# on the host with the few packages the buildpack tests and the benchmark install.
#
#   tools/engines/verdaccio.sh
#
# It listens on 127.0.0.1:PORT and on the Docker bridge's gateway address (172.17.0.1 by default),
# the host address build containers on Docker's default bridge and on rootful Podman's networks
# reach. Everything lives in $MIKROCLOUD_STATE_DIR/verdaccio (default
# /var/lib/mikrocloud-engines/verdaccio):
#   app/                         verdaccio and its dependencies (npm ci from the pinned lock)
#   config.yaml storage/ htpasswd verdaccio.log verdaccio.pid
#   verdaccio.env                how tests find it (KEY=value lines)
# Idempotent: a registry already answering on both addresses with the same config is kept, and
# packages already in its storage are not fetched again. A second run takes about a second.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"
# shellcheck source=lib-services.sh
source "$here/lib-services.sh"

port="${MIKROCLOUD_VERDACCIO_PORT:-4873}"
dir="${MIKROCLOUD_STATE_DIR:-/var/lib/mikrocloud-engines}/verdaccio"
# The run-as user: verdaccio needs no privileges. Its storage is that user's.
service_user=nobody

# What the fixtures and the benchmark app install (chalk 4 with its five dependencies, ms,
# picocolors) and the package the benchmark's "dependency change" adds (kleur). Exact versions:
# the registry has no uplink, so what is not here cannot be installed.
seed=(
  ms@2.1.3
  picocolors@1.1.1
  chalk@4.1.2
  ansi-styles@4.3.0
  supports-color@7.2.0
  has-flag@4.0.0
  color-convert@2.0.1
  color-name@1.1.4
  kleur@4.1.5
)

say() { printf '[verdaccio] %s\n' "$*"; }
die() { say "error: $*" >&2; exit 1; }

# The gateway of Docker's default bridge network: a host address every build container reaches.
bridge_address() {
  local address=''
  if engine_reachable docker; then
    address="$(engine_cli docker network inspect bridge --format '{{range .IPAM.Config}}{{.Gateway}}{{end}}' 2>/dev/null || true)"
  fi
  if [ -z "$address" ]; then
    address="$(ip -4 -o addr show dev docker0 2>/dev/null | awk '{ split($4, a, "/"); print a[1]; exit }')"
  fi
  [[ "$address" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]] || return 1
  printf '%s\n' "$address"
}

# --- install ---------------------------------------------------------------------------------

install_verdaccio() {
  local app="$dir/app" want
  want="$(node -p 'require(process.argv[1]).packages["node_modules/verdaccio"].version' "$here/verdaccio/app.package-lock.json")"
  if [ -f "$app/node_modules/verdaccio/package.json" ] && cmp -s "$here/verdaccio/app.package-lock.json" "$app/package-lock.json" \
    && cmp -s "$here/verdaccio/serve.cjs" "$app/serve.cjs"; then
    return 0
  fi
  command -v npm >/dev/null || die "npm is needed to install verdaccio"
  say "installing verdaccio $want with npm (pinned lock) into $app"
  mkdir -p "$app"
  cp "$here/verdaccio/app.package.json" "$app/package.json"
  cp "$here/verdaccio/app.package-lock.json" "$app/package-lock.json"
  cp "$here/verdaccio/serve.cjs" "$app/serve.cjs"
  # The project's own npm settings (workspaces, .npmrc) must not apply: run from the app folder.
  (cd "$app" && timeout 300 npm ci --omit=dev --no-audit --no-fund --loglevel=error >"$dir/npm-ci.log" 2>&1) || {
    tail -20 "$dir/npm-ci.log" >&2 || true
    die "npm ci of verdaccio $want failed (see $dir/npm-ci.log); it needs the npm registry"
  }
}

# --- the registry ----------------------------------------------------------------------------

write_config() {
  cat >"$dir/config.yaml.new" <<YAML
# Written by tools/engines/verdaccio.sh. No uplinks: only the seeded packages can be installed.
storage: $dir/storage
auth:
  htpasswd:
    file: $dir/htpasswd
    max_users: -1
uplinks: {}
packages:
  '**':
    access: \$all
    publish: \$all
    unpublish: \$all
server:
  keepAliveTimeout: 60
web:
  enable: false
log: { type: stdout, format: pretty, level: warn }
# serve.cjs listens on: 127.0.0.1:$port $1:$port
YAML
  replace_if_changed "$dir/config.yaml"
}

answers() { curl -fsS -o /dev/null --max-time 2 "http://$1:$port/-/ping" 2>/dev/null; }
answers_on_both() { answers 127.0.0.1 && answers "$1"; }

# The process of verdaccio.pid is this script's verdaccio (node running serve.cjs).
ours_running() {
  local pid
  pid="$(cat "$dir/verdaccio.pid" 2>/dev/null || true)"
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = node ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$dir/app/serve.cjs"
}

stop_ours() {
  local pid
  pid="$(cat "$dir/verdaccio.pid" 2>/dev/null || true)"
  if ours_running; then
    say "stopping the previous verdaccio (pid $pid)"
    kill "$pid" 2>/dev/null || true
    wait_until 20 0.25 bash -c "! kill -0 $pid 2>/dev/null" || kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/verdaccio.pid"
}

start_verdaccio() {
  local bridge="$1" before
  before="$(sha256sum "$dir/config.yaml" 2>/dev/null || true)"
  write_config "$bridge"
  if answers_on_both "$bridge" && [ "$before" = "$(sha256sum "$dir/config.yaml")" ] && ours_running; then
    say "already running on 127.0.0.1:$port and $bridge:$port"
    return 0
  fi
  stop_ours
  if answers 127.0.0.1 || answers "$bridge"; then
    die "something else answers on port $port (not the verdaccio this script started); set MIKROCLOUD_VERDACCIO_PORT"
  fi
  mkdir -p "$dir/storage"
  touch "$dir/htpasswd" "$dir/verdaccio.log"
  chown -R "$service_user:" "$dir/storage" "$dir/htpasswd"
  chown "$service_user:" "$dir/verdaccio.log"
  # setpriv execs node in place (no parent left behind): the pid is node's, for stop_ours and cleanup.sh.
  setsid setpriv --reuid="$service_user" --regid="$(id -g "$service_user")" --clear-groups --inh-caps=-all \
    node "$dir/app/serve.cjs" "$dir/config.yaml" "127.0.0.1:$port" "$bridge:$port" >>"$dir/verdaccio.log" 2>&1 </dev/null &
  echo $! >"$dir/verdaccio.pid"
  if wait_until 60 0.25 answers_on_both "$bridge"; then say "started on 127.0.0.1:$port and $bridge:$port"; return 0; fi
  tail -10 "$dir/verdaccio.log" >&2 || true
  die "verdaccio did not answer on 127.0.0.1:$port and $bridge:$port (see $dir/verdaccio.log)"
}

# --- seed ------------------------------------------------------------------------------------

seed_present() {
  local spec="$1" name="${1%@*}" version="${1##*@}"
  [ "$spec" != "$name" ] || return 1
  curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$port/$name/$version" 2>/dev/null
}

# Each missing package is fetched from the npm registry with `npm pack` (which checks the
# tarball against the registry's integrity hash) and published to verdaccio as it is.
seed_registry() {
  local missing=() spec work
  for spec in "${seed[@]}"; do seed_present "$spec" || missing+=("$spec"); done
  if [ ${#missing[@]} -eq 0 ]; then say "seed present (${#seed[@]} packages)"; return 0; fi
  say "seeding ${missing[*]}"
  work="$(mktemp -d /tmp/mikrocloud-verdaccio.XXXXXX)"
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" RETURN
  (cd "$work" && timeout 120 npm pack --silent "${missing[@]}" >/dev/null 2>"$work/pack.log") || {
    cat "$work/pack.log" >&2; die "npm pack of the seed packages failed (it needs the npm registry)"
  }
  # A throw-away user config: anonymous publish needs a token in npm's eyes, never a real one.
  printf '//127.0.0.1:%s/:_authToken=mikrocloud-seed\n' "$port" >"$work/npmrc"
  local tarball
  for tarball in "$work"/*.tgz; do
    # --ignore-scripts: nothing of the package runs here. publishConfig in a package cannot redirect
    # the upload: the registry is given on the command line, which wins.
    (cd "$work" && npm publish "$tarball" --userconfig "$work/npmrc" --registry "http://127.0.0.1:$port/" \
      --ignore-scripts --tag mikrocloud-seed --provenance=false --loglevel=error >/dev/null 2>>"$work/publish.log") || {
      cat "$work/publish.log" >&2; die "publishing $(basename "$tarball") to verdaccio failed"
    }
  done
  for spec in "${seed[@]}"; do seed_present "$spec" || die "$spec is still missing after seeding"; done
}

write_env() {
  local bridge="$1"
  cat >"$dir/verdaccio.env.new" <<ENV
MIKROCLOUD_TEST_NPM_REGISTRY=http://$bridge:$port/
MIKROCLOUD_TEST_NPM_REGISTRY_HOST=http://127.0.0.1:$port/
MIKROCLOUD_TEST_NPM_SEED=${seed[*]}
ENV
  replace_if_changed "$dir/verdaccio.env"
  chmod 644 "$dir/verdaccio.env"
}

main() {
  [ "$(id -u)" -eq 0 ] || die "run as root"
  local started bridge; started=$(date +%s)
  [[ "$port" =~ ^[0-9]+$ ]] || die "MIKROCLOUD_VERDACCIO_PORT must be a port number"
  command -v node >/dev/null || die "node is needed to run verdaccio"
  bridge="$(bridge_address)" || die "no Docker bridge gateway address found (is Docker running? start it with tools/engines/up.sh)"
  mkdir -p "$dir"; chmod 755 "$dir"
  install_verdaccio
  start_verdaccio "$bridge"
  seed_registry
  write_env "$bridge"
  say "http://$bridge:$port/ ready, see $dir/verdaccio.env; done in $(( $(date +%s) - started )) s"
}

main "$@"
