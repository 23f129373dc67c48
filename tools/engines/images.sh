#!/usr/bin/env bash
# Builds the base images the tests use and makes them present in each named engine.
#
#   tools/engines/images.sh ENGINE...      ENGINE: docker | podman | podman-rootless
#
# No container registry is reachable from the project's machines, so images such as
# `busybox:latest` or `nginx:alpine` are assembled here from the host's own Debian packages
# (FROM scratch plus one COPY of a prepared root filesystem) and tagged with the public names tests refer to.
#
# Each image is one recipe file in tools/engines/images/<name>.sh. A recipe sets
#   image_ref              fully qualified reference, e.g. docker.io/library/busybox:latest
#   image_apt_packages     Debian packages it needs on the host (installed when absent)
# and defines
#   image_fingerprint      prints the versions of what goes into the image
#   image_context DIR      writes DIR/Dockerfile and whatever the Dockerfile copies
# using the helpers below (copy_binary, install_busybox, ...).
#
# Every image carries the label io.mikrocloud.base-image.recipe=<sha256 of images.sh, lib.sh,
# the recipe and its fingerprint>. An engine whose tag already carries the current hash is left
# alone, so a second run only inspects. Otherwise the image is built once (with the first of
# docker, podman, podman-rootless that is named) and `save | load`ed into the other engines,
# each of which keeps its own image store.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
recipes_dir="${MIKROCLOUD_IMAGE_RECIPES:-$here/images}"
recipe_label="io.mikrocloud.base-image.recipe"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"

say() { printf '[images] %s\n' "$*"; }
die() { say "error: $*" >&2; exit 1; }

# --- engines -----------------------------------------------------------------------------

# Prints the recipe label of REF in ENGINE, or nothing when the engine lacks the image.
engine_image_recipe() {
  local value
  value="$(engine_cli "$1" image inspect --format "{{ index .Config.Labels \"$recipe_label\" }}" "$2" 2>/dev/null)" || return 0
  printf '%s' "$value"
}

# A docker save archive names the image `busybox:latest`, which podman loads as
# localhost/busybox:latest. Podman's Docker-compatible API resolves `busybox:latest` to
# docker.io/library/busybox:latest (compat_api_enforce_docker_hub), and its CLI and builds
# find that name from the short one too, so the image keeps only its fully qualified name.
name_loaded_image() {
  local engine="$1" id="$2" ref="$3" familiar
  engine_cli "$engine" tag "$id" "$ref"
  [ "$engine" = docker ] && return 0
  familiar="${ref#docker.io/library/}"
  [ "$familiar" != "$ref" ] || return 0
  if [ "$(engine_image_id "$engine" "localhost/$familiar")" = "$id" ]; then
    engine_cli "$engine" untag "$id" "localhost/$familiar"
  fi
}

engine_image_id() { engine_cli "$1" image inspect --format '{{ .Id }}' "$2" 2>/dev/null || true; }

# --- host packages -----------------------------------------------------------------------

apt_install() {
  local missing=() pkg
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]}"
  # Packages such as nginx-light start their service on install; the base images only
  # need their files, so keep invoke-rc.d from starting anything on the host.
  local guard=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; guard=1
  fi
  local rc=0
  # up.sh has usually just refreshed the package lists; refresh only when they fall short.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  } || rc=$?
  [ $guard -eq 1 ] && rm -f /usr/sbin/policy-rc.d
  return $rc
}

# --- helpers for recipes -----------------------------------------------------------------

# copy_binary ROOTFS PATH [DEST]: copies the executable PATH (symlinks resolved) to DEST
# (default: the same path) inside ROOTFS, with every shared library `ldd` lists, each at the
# path the host's loader found it, so the binary runs in a FROM scratch image.
copy_binary() {
  local rootfs="$1" src dest lib
  src="$(readlink -f "$2")"
  dest="${3:-$2}"
  [ -x "$src" ] || die "not an executable: $2"
  mkdir -p "$rootfs$(dirname "$dest")"
  cp -L "$src" "$rootfs$dest"
  # ldd lines: "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)";
  # for a static executable it prints "not a dynamic executable" and fails.
  local deps
  deps="$(ldd "$src" 2>/dev/null)" || return 0
  if grep -q 'not found' <<<"$deps"; then die "$2 needs a library the host lacks: $(grep 'not found' <<<"$deps" | xargs)"; fi
  while read -r lib; do
    [ -n "$lib" ] || continue
    [ -e "$rootfs$lib" ] && continue
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done < <(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$deps")
}

# install_busybox ROOTFS bin|full: the static busybox at /bin/busybox, with one symlink per
# applet either all in /bin (as `busybox --install -s /bin` does, like the busybox image) or
# at each applet's usual path (/bin/sh, /usr/bin/env, ..., like Alpine).
install_busybox() {
  local rootfs="$1" layout="$2" applet
  mkdir -p "$rootfs/bin"
  cp -L /bin/busybox "$rootfs/bin/busybox"
  if [ "$layout" = full ]; then
    while read -r applet; do
      [ -e "$rootfs/$applet" ] || [ -L "$rootfs/$applet" ] && continue
      mkdir -p "$rootfs/$(dirname "$applet")"
      ln -s /bin/busybox "$rootfs/$applet"
    done < <(/bin/busybox --list-full)
  else
    while read -r applet; do
      [ "$applet" = busybox ] && continue
      ln -sf /bin/busybox "$rootfs/bin/$applet"
    done < <(/bin/busybox --list)
  fi
}

# base_filesystem ROOTFS: the directories and files a small Linux userland expects.
base_filesystem() {
  local rootfs="$1"
  mkdir -p "$rootfs"/{bin,etc,root,run,tmp,var/tmp,proc,sys,dev}
  chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
  chmod 700 "$rootfs/root"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
}

# --- superseded images ---------------------------------------------------------------

superseded_file="${MIKROCLOUD_STATE_DIR:-/var/lib/mikrocloud-engines}/superseded-images"

# Retries removing base images that were replaced while still in use; keeps those that
# are still refused, forgets those that are gone (or whose engine was not named this time).
sweep_superseded() {
  [ -s "$superseded_file" ] || return 0
  local engine id kept=() removed=0 named=" $* "
  while read -r engine id; do
    [ -n "$id" ] || continue
    if [[ "$named" != *" $engine "* ]]; then kept+=("$engine $id"); continue; fi
    [ -n "$(engine_image_id "$engine" "$id")" ] || continue
    if engine_cli "$engine" image rm "$id" >/dev/null 2>&1; then
      removed=$((removed + 1))
    else
      kept+=("$engine $id")
    fi
  done <"$superseded_file"
  printf '%s\n' "${kept[@]+"${kept[@]}"}" | awk NF >"$superseded_file"
  [ $removed -eq 0 ] || say "removed $removed replaced base images no longer in use"
}

# --- the loop ----------------------------------------------------------------------------

recipe_hash() {
  local recipe="$1"
  { cat "$here/images.sh" "$here/lib.sh" "$recipe"; image_fingerprint; } | sha256sum | cut -d' ' -f1
}

build_engine_for() {
  local e
  for e in docker podman podman-rootless; do
    case " $* " in *" $e "*) printf '%s' "$e"; return 0 ;; esac
  done
  return 1
}

# process_recipe RECIPE ENGINE...: runs in a subshell so recipes can reuse the same names.
process_recipe() {
  local recipe="$1"; shift
  local engines=("$@") name started
  name="$(basename "$recipe" .sh)"
  started=$(date +%s)

  image_ref="" image_apt_packages=()
  # shellcheck source=/dev/null
  source "$recipe"
  [ -n "$image_ref" ] || die "$recipe sets no image_ref"
  declare -F image_context >/dev/null || die "$recipe defines no image_context"
  declare -F image_fingerprint >/dev/null || die "$recipe defines no image_fingerprint"
  [ ${#image_apt_packages[@]} -eq 0 ] || apt_install "${image_apt_packages[@]}"

  local hash engine current fresh=() stale=()
  hash="$(recipe_hash "$recipe")"
  for engine in "${engines[@]}"; do
    current="$(engine_image_recipe "$engine" "$image_ref")"
    if [ "$current" = "$hash" ]; then fresh+=("$engine"); else stale+=("$engine"); fi
  done
  if [ ${#stale[@]} -eq 0 ]; then
    say "$name: $image_ref is current in ${engines[*]} (${hash:0:12})"
    return 0
  fi

  local origin
  # Global on purpose: the EXIT trap of this subshell still needs it.
  work="$(mktemp -d /tmp/mikrocloud-images.XXXXXX)"
  trap 'rm -rf "$work"' EXIT

  declare -A old_ids=()
  for engine in "${stale[@]}"; do old_ids[$engine]="$(engine_image_id "$engine" "$image_ref")"; done

  if [ ${#fresh[@]} -gt 0 ]; then
    origin="${fresh[0]}"
  else
    origin="$(build_engine_for "${stale[@]}")"
    say "$name: building $image_ref with $origin (${hash:0:12})"
    mkdir -p "$work/context"
    image_context "$work/context"
    if [ "$origin" = podman-rootless ]; then chown -R "$rootless_user:" "$work"; fi
    if ! engine_cli "$origin" build --label "$recipe_label=$hash" -t "$image_ref" "$work/context" >"$work/build.log" 2>&1; then
      sed 's/^/[images]   /' "$work/build.log" >&2
      die "$name: build failed"
    fi
    local remaining=()
    for engine in "${stale[@]}"; do [ "$engine" = "$origin" ] || remaining+=("$engine"); done
    stale=("${remaining[@]+"${remaining[@]}"}")
  fi

  if [ ${#stale[@]} -gt 0 ]; then
    say "$name: copying $image_ref from $origin to ${stale[*]}"
    local id
    id="$(engine_image_id "$origin" "$image_ref")"; id="${id#sha256:}"
    engine_cli "$origin" save "$image_ref" >"$work/image.tar"
    for engine in "${stale[@]}"; do
      engine_cli "$engine" load -q <"$work/image.tar" >/dev/null
      name_loaded_image "$engine" "$id" "$image_ref"
      [ "$(engine_image_recipe "$engine" "$image_ref")" = "$hash" ] || die "$name: $engine has no $image_ref after load"
    done
  fi

  # Drop the image the tag pointed to before. While something (a container, a child image)
  # still holds it the engine refuses; it is noted and tried again on later runs.
  local new_id
  for engine in "${!old_ids[@]}"; do
    [ -n "${old_ids[$engine]}" ] || continue
    new_id="$(engine_image_id "$engine" "$image_ref")"
    if [ "$new_id" != "${old_ids[$engine]}" ]; then
      engine_cli "$engine" image rm "${old_ids[$engine]}" >/dev/null 2>&1 \
        || printf '%s %s\n' "$engine" "${old_ids[$engine]}" >>"$superseded_file"
    fi
  done

  say "$name: $image_ref ready in ${engines[*]} ($(( $(date +%s) - started )) s)"
}

main() {
  [ $# -gt 0 ] || die "usage: images.sh ENGINE...   (docker, podman, podman-rootless)"
  local engine recipe
  for engine in "$@"; do
    case "$engine" in docker|podman|podman-rootless) ;; *) die "unknown engine: $engine" ;; esac
    engine_reachable "$engine" || die "$engine is not reachable (start it with tools/engines/up.sh)"
  done
  [ "$(id -u)" -eq 0 ] || die "run as root (it installs packages and reaches every engine's store)"

  # Several checkouts may run up.sh at once on one machine; one builder at a time.
  local lock_dir=/run/lock; [ -d "$lock_dir" ] || lock_dir=/tmp
  exec 9>"$lock_dir/mikrocloud-images.lock"
  if ! flock -n 9; then
    say "waiting for another images.sh run to finish"
    flock 9
  fi

  local started; started=$(date +%s)
  shopt -s nullglob
  local recipes=("$recipes_dir"/*.sh)
  [ ${#recipes[@]} -gt 0 ] || die "no recipes in $recipes_dir"
  mkdir -p "$(dirname "$superseded_file")"
  sweep_superseded "$@"
  for recipe in "${recipes[@]}"; do
    ( process_recipe "$recipe" "$@" )
  done
  say "done in $(( $(date +%s) - started )) s"
}

main "$@"
