#!/usr/bin/env bash
# Removes what tests left behind, in every engine: containers (forced), swarm services,
# images, networks and volumes that carry the label io.mikrocloud.test (any value), and the
# temporary folders /tmp/mctest-* and /tmp/mikrocloud-test-*. Nothing without that label is
# touched, so it is safe to run at any time; a test run still in progress loses its objects.
#
#   tools/engines/cleanup.sh            everything labelled io.mikrocloud.test, and the temp folders
#   tools/engines/cleanup.sh RUN_ID     only objects labelled io.mikrocloud.test=RUN_ID
#
# Reads MIKROCLOUD_ENGINES (default: docker podman podman-rootless docker-remote, the last being
# remote.sh's engine); an engine that is not reachable is skipped. The remote engine itself is
# stopped by `remote.sh stop`, never here; the registries of registry.sh and verdaccio.sh are
# services too, and are left running.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"
# shellcheck source=lib-services.sh
source "$here/lib-services.sh"

label="io.mikrocloud.test"
filter="label=$label${1:+=$1}"
engines="${MIKROCLOUD_ENGINES:-docker podman podman-rootless docker-remote}"

say() { printf '[cleanup] %s\n' "$*"; }

# ids ENGINE KIND...: the unique ids that `ENGINE KIND... -q --filter label=...` lists.
ids() {
  local engine="$1"; shift
  engine_cli "$engine" "$@" -q --filter "$filter" 2>/dev/null | awk 'NF && !seen[$0]++' || true
}

# remove_listed ENGINE KIND LIST-ARG... -- REMOVE-ARG...: removes, one by one, what
# `ENGINE LIST-ARG... -q --filter label=...` lists, with `ENGINE REMOVE-ARG... ID`.
remove_listed() {
  local engine="$1" kind="$2"; shift 2
  local list_args=() list=() id failed=0
  while [ "$1" != -- ]; do list_args+=("$1"); shift; done
  shift
  mapfile -t list < <(ids "$engine" "${list_args[@]}")
  [ ${#list[@]} -gt 0 ] || return 0
  for id in "${list[@]}"; do
    engine_cli "$engine" "$@" "$id" >/dev/null 2>&1 || failed=$((failed + 1))
  done
  if [ $failed -eq 0 ]; then
    say "$engine: removed ${#list[@]} $kind"
  else
    say "$engine: removed $(( ${#list[@]} - failed )) $kind, $failed refused"
  fi
}

# Images go by name first, then by id, never forced: a forced removal would untag an image
# still used by an unlabelled container (docker) or remove that container (podman). Labelled
# images can be parents of other labelled images, so passes repeat while they make progress.
remove_images() {
  local engine="$1" list=() refs=() before ref
  for _ in 1 2 3 4 5; do
    mapfile -t list < <(ids "$engine" images)
    [ ${#list[@]} -gt 0 ] || return 0
    before=${#list[@]}
    mapfile -t refs < <(engine_cli "$engine" images --filter "$filter" --format '{{ .Repository }}:{{ .Tag }}' 2>/dev/null \
      | awk 'NF && !/<none>/ && !seen[$0]++' || true)
    for ref in "${refs[@]}" "${list[@]}"; do engine_cli "$engine" image rm "$ref" >/dev/null 2>&1 || true; done
    mapfile -t list < <(ids "$engine" images)
    say "$engine: removed $(( before - ${#list[@]} )) images"
    if [ ${#list[@]} -eq 0 ] || [ ${#list[@]} -ge "$before" ]; then break; fi
  done
  [ ${#list[@]} -eq 0 ] || say "$engine: ${#list[@]} labelled images are still in use, kept"
}

for engine in $engines; do
  if ! engine_reachable "$engine"; then say "$engine: not reachable, skipped"; continue; fi
  if [ "$engine" = docker ] || [ "$engine" = docker-remote ]; then
    remove_listed "$engine" containers ps -a -- rm -f
  else
    # podman's rm -f first waits the stop timeout (10 s) for processes that ignore SIGTERM
    remove_listed "$engine" containers ps -a -- rm -f --time 0
  fi
  if [ "$engine" = docker ] && [ "$(engine_cli docker info --format '{{ .Swarm.ControlAvailable }}' 2>/dev/null)" = true ]; then
    remove_listed "$engine" "swarm services" service ls -- service rm
  fi
  remove_images "$engine"
  remove_listed "$engine" networks network ls -- network rm
  remove_listed "$engine" volumes volume ls -- volume rm -f
done

if [ -z "${1:-}" ]; then
  dirs=()
  mapfile -t dirs < <(find /tmp -mindepth 1 -maxdepth 1 \( -name 'mctest-*' -o -name 'mikrocloud-test-*' \) -print)
  if [ ${#dirs[@]} -gt 0 ]; then
    rm -rf -- "${dirs[@]}"
    say "removed ${#dirs[@]} temporary folders"
  fi
fi
say "done"
