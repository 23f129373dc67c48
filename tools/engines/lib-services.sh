# shellcheck shell=bash
# Shared by registry.sh, remote.sh and cleanup.sh, after lib.sh: the services the scripts run
# beside the engines. Kept apart from lib.sh, whose text is part of every base image's recipe
# hash (images.sh), so a change here rebuilds no image.

# The second Docker engine remote.sh starts in its own network namespace (its admin socket).
remote_run_dir=/run/mikrocloud-remote

# engine_cli and engine_reachable of lib.sh, plus the engine `docker-remote`.
eval "lib_$(declare -f engine_cli)"
eval "lib_$(declare -f engine_reachable)"
engine_cli() {
  if [ "$1" = docker-remote ]; then
    shift
    DOCKER_BUILDKIT=0 docker -H "unix://$remote_run_dir/docker.sock" "$@" 9>&-
  else
    lib_engine_cli "$@"
  fi
}
engine_reachable() {
  if [ "$1" = docker-remote ]; then
    command -v docker >/dev/null && curl -fsS --max-time 2 --unix-socket "$remote_run_dir/docker.sock" http://d/_ping >/dev/null 2>&1
  else
    lib_engine_reachable "$@"
  fi
}

# apt_install_without_services PKG...: installs the packages that are missing, without letting
# their maintainer scripts start services (docker-registry, openssh-server): the scripts start
# their own, with their own configuration. Calls `say` (each script defines its own).
apt_install_without_services() {
  local missing=() pkg
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]}"
  local guard=0 rc=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; guard=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  } || rc=$?
  [ $guard -eq 1 ] && rm -f /usr/sbin/policy-rc.d
  return $rc
}

# wait_until TRIES DELAY CMD...: runs CMD until it succeeds, at most TRIES times with DELAY
# seconds between tries; fails when it never succeeded.
wait_until() {
  local tries="$1" delay="$2" i
  shift 2
  for ((i = 1; i <= tries; i++)); do
    "$@" && return 0
    [ "$i" -lt "$tries" ] && sleep "$delay"
  done
  return 1
}

# replace_if_changed FILE: FILE.new becomes FILE when their contents differ, and is removed when
# they are the same (so FILE's time changes only with its contents).
replace_if_changed() {
  if ! cmp -s "$1.new" "$1"; then mv "$1.new" "$1"; else rm -f "$1.new"; fi
}
