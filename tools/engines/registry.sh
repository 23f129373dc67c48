#!/usr/bin/env bash
# Starts a private image registry for the pull, push and credential tests: Debian's
# `docker-registry` (the distribution registry) on 127.0.0.1:PORT, TLS from a local CA and
# htpasswd authentication, trusted by every named engine, seeded with a small multi-layer image.
#
#   tools/engines/registry.sh ENGINE...      ENGINE: docker | podman | podman-rootless
#
# Everything lives in $MIKROCLOUD_STATE_DIR/registry (default /var/lib/mikrocloud-engines/registry):
#   ca.crt ca.key               the local CA (made once)
#   server.crt server.key       the registry's certificate for localhost and 127.0.0.1
#   password                    the test user's random password (0600, made once)
#   htpasswd config.yml storage/ registry.log
#   registry.env                how tests find it (sourced or parsed: KEY=value lines)
# Idempotent: a registry already answering on the port is kept; the CA, the password and the
# seed image are made only when absent. A second run takes well under a second.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"
# shellcheck source=lib-services.sh
source "$here/lib-services.sh"

port="${MIKROCLOUD_REGISTRY_PORT:-5443}"
user="${MIKROCLOUD_REGISTRY_USER:-mikrocloud-test}"
dir="${MIKROCLOUD_STATE_DIR:-/var/lib/mikrocloud-engines}/registry"
seed_repository="mikrocloud-test/seed"
seed_tag="latest"

say() { printf '[registry] %s\n' "$*"; }
die() { say "error: $*" >&2; exit 1; }


# --- certificates and credentials ------------------------------------------------------------

make_certificates() {
  if [ ! -s "$dir/ca.crt" ] || [ ! -s "$dir/ca.key" ]; then
    say "making a local CA"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=mikrocloud test registry CA" \
      -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
    chmod 600 "$dir/ca.key"
    rm -f "$dir/server.crt"
  fi
  if [ ! -s "$dir/server.crt" ] || [ ! -s "$dir/server.key" ]; then
    say "making the registry's certificate"
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
      -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$dir/server.ext"
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
      -days 3650 -extfile "$dir/server.ext" -out "$dir/server.crt" 2>/dev/null
    chmod 600 "$dir/server.key"
    rm -f "$dir/server.csr" "$dir/server.ext"
  fi
}

make_credentials() {
  if [ ! -s "$dir/password" ]; then
    say "making the test user's password"
    (umask 077; openssl rand -hex 24 >"$dir/password")
    rm -f "$dir/htpasswd"
  fi
  chmod 600 "$dir/password"
  if [ ! -s "$dir/htpasswd" ]; then
    # -i reads the password from stdin: it never appears in a process list.
    htpasswd -B -i -c "$dir/htpasswd" "$user" <"$dir/password" 2>/dev/null
    chmod 600 "$dir/htpasswd"
  fi
}

write_config() {
  cat >"$dir/config.yml.new" <<YAML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  tls:
    certificate: $dir/server.crt
    key: $dir/server.key
auth:
  htpasswd:
    realm: mikrocloud-test
    path: $dir/htpasswd
YAML
  mv "$dir/config.yml.new" "$dir/config.yml"
  mkdir -p "$dir/storage"
}

# --- the registry ----------------------------------------------------------------------------

# The registry answers /v2/ with 401 to anyone without credentials: that is "up".
registry_answers() {
  local code
  code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 2 --cacert "$dir/ca.crt" "https://localhost:$port/v2/" 2>/dev/null)" || return 1
  [ "$code" = 401 ] || [ "$code" = 200 ]
}

start_registry() {
  if registry_answers; then say "already running on 127.0.0.1:$port"; return 0; fi
  write_config
  setsid docker-registry serve "$dir/config.yml" >>"$dir/registry.log" 2>&1 </dev/null &
  echo $! >"$dir/registry.pid"
  if wait_until 40 0.25 registry_answers; then say "started on 127.0.0.1:$port"; return 0; fi
  tail -5 "$dir/registry.log" >&2 || true
  die "the registry did not answer on 127.0.0.1:$port"
}

# --- trust -----------------------------------------------------------------------------------

# install_ca DIR: DIR/localhost:PORT/ca.crt and DIR/127.0.0.1:PORT/ca.crt, when different.
install_ca() {
  local base="$1" owner="${2:-}" host target
  for host in "localhost:$port" "127.0.0.1:$port"; do
    target="$base/$host/ca.crt"
    if ! cmp -s "$dir/ca.crt" "$target"; then
      mkdir -p "$base/$host"
      cp "$dir/ca.crt" "$target"
      chmod 644 "$target"
    fi
  done
  if [ -n "$owner" ]; then chown -R "$owner:" "$base"; fi
}

trust_ca() {
  local engine home
  for engine in "$@"; do
    case "$engine" in
      docker) install_ca /etc/docker/certs.d ;;
      podman) install_ca /etc/containers/certs.d ;;
      podman-rootless)
        home="$(rootless_home)"
        [ -n "$home" ] || { say "no user $rootless_user: rootless Podman not trusted"; continue; }
        runuser -u "$rootless_user" -- mkdir -p "$home/.config/containers/certs.d"
        install_ca "$home/.config/containers/certs.d" "$rootless_user" ;;
    esac
  done
}

# --- seed image ------------------------------------------------------------------------------

seed_present() {
  local code
  code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 --cacert "$dir/ca.crt" \
    -K - -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "https://localhost:$port/v2/$seed_repository/manifests/$seed_tag" <<<"user = \"$user:$(cat "$dir/password")\"" 2>/dev/null)" || return 1
  [ "$code" = 200 ]
}

# A busybox image with three more layers of random bytes (about 6 MB in all), pushed with
# docker through a throw-away client config so no login stays behind.
seed_registry() {
  if seed_present; then say "seed image $seed_repository:$seed_tag present"; return 0; fi
  engine_reachable docker || { say "docker not reachable: registry not seeded"; return 0; }
  local work ref="localhost:$port/$seed_repository:$seed_tag"
  work="$(mktemp -d /tmp/mikrocloud-registry.XXXXXX)"
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" RETURN
  cat >"$work/Dockerfile" <<'DOCKERFILE'
FROM busybox:latest
RUN head -c 2000000 /dev/urandom >/layer-1
RUN head -c 2000000 /dev/urandom >/layer-2
RUN head -c 2000000 /dev/urandom >/layer-3
LABEL io.mikrocloud.test=registry-seed
CMD ["sh"]
DOCKERFILE
  say "seeding $ref"
  engine_cli docker build -q -t "$ref" "$work" >/dev/null 2>&1
  mkdir -p "$work/client"
  DOCKER_CONFIG="$work/client" engine_cli docker login -u "$user" --password-stdin "localhost:$port" <"$dir/password" >/dev/null 2>&1
  DOCKER_CONFIG="$work/client" engine_cli docker push -q "$ref" >/dev/null
  engine_cli docker image rm "$ref" >/dev/null
}

write_env() {
  cat >"$dir/registry.env.new" <<ENV
MIKROCLOUD_TEST_REGISTRY=localhost:$port
MIKROCLOUD_TEST_REGISTRY_USER=$user
MIKROCLOUD_TEST_REGISTRY_PASSWORD_FILE=$dir/password
MIKROCLOUD_TEST_REGISTRY_CA=$dir/ca.crt
MIKROCLOUD_TEST_REGISTRY_SEED=localhost:$port/$seed_repository:$seed_tag
ENV
  replace_if_changed "$dir/registry.env"
  chmod 644 "$dir/registry.env"
}

main() {
  [ "$(id -u)" -eq 0 ] || die "run as root"
  local started; started=$(date +%s)
  apt_install_without_services docker-registry apache2-utils openssl curl
  mkdir -p "$dir"; chmod 755 "$dir"
  make_certificates
  make_credentials
  trust_ca "$@"
  start_registry
  seed_registry
  write_env
  say "localhost:$port ready, see $dir/registry.env; done in $(( $(date +%s) - started )) s"
}

main "$@"
