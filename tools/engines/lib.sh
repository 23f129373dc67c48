# shellcheck shell=bash
# Shared by images.sh and cleanup.sh: how to reach each engine's CLI, as argv, never
# through a shell string. Source it; it defines functions and reads
#   MIKROCLOUD_ROOTLESS_USER   owner of the rootless Podman (default mcrootless)

rootless_user="${MIKROCLOUD_ROOTLESS_USER:-mcrootless}"
rootless_runtime_dir="/tmp/${rootless_user}-run"
docker_socket=/var/run/docker.sock

rootless_home() { getent passwd "$rootless_user" | cut -d: -f6; }

# engine_cli ENGINE ARG...: runs that engine's CLI with ARG... (ENGINE: docker, podman,
# podman-rootless). The legacy builder is forced for docker: the client here is newer than
# the daemon and has no buildx, and the engines' own tests use the same /build endpoint.
engine_cli() {
  local engine="$1"; shift
  # 9>&-: images.sh holds its lock on fd 9; a process the CLI leaves behind (podman's
  # rootless pause process, conmon) must not keep it.
  case "$engine" in
    docker) DOCKER_BUILDKIT=0 docker -H "unix://$docker_socket" "$@" 9>&- ;;
    podman) podman "$@" 9>&- ;;
    podman-rootless)
      # The rootless store belongs to that user; cd / so its podman can read the cwd.
      (cd / && runuser -u "$rootless_user" -- env HOME="$(rootless_home)" \
        XDG_RUNTIME_DIR="$rootless_runtime_dir" podman "$@" 9>&-) ;;
    *) printf 'unknown engine: %s\n' "$engine" >&2; return 2 ;;
  esac
}

# engine_reachable ENGINE: true when that engine's CLI can reach its image store.
engine_reachable() {
  case "$1" in
    docker) command -v docker >/dev/null && curl -fsS --max-time 2 --unix-socket "$docker_socket" http://d/_ping >/dev/null 2>&1 ;;
    podman) command -v podman >/dev/null ;;
    podman-rootless) command -v podman >/dev/null && id "$rootless_user" >/dev/null 2>&1 && [ -d "$rootless_runtime_dir" ] ;;
    *) return 1 ;;
  esac
}
