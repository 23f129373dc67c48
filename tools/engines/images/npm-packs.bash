# shellcheck shell=bash
# Sourced by the recipes that put tools published on the npm registry into an image
# (node-managers.sh, bun.sh). The host fetches each pinned tarball once with `npm pack`
# (which checks it against the registry's integrity hash) into
# $MIKROCLOUD_STATE_DIR/npm-packs/; the image build only copies what was unpacked, so it
# needs no network. Not a recipe itself (images.sh reads only *.sh).

npm_packs_dir="${MIKROCLOUD_STATE_DIR:-/var/lib/mikrocloud-engines}/npm-packs"

# npm_pack_fetch SPEC: prints the path of SPEC's tarball (e.g. yarn@1.22.22), fetching it once.
npm_pack_fetch() {
  local spec="$1" name file
  # @scope/name@1.2.3 → scope-name-1.2.3.tgz, as npm pack names it.
  name="${spec#@}"; name="${name//\//-}"; name="${name/@/-}.tgz"
  file="$npm_packs_dir/$name"
  if [ ! -s "$file" ]; then
    mkdir -p "$npm_packs_dir"
    local tmp; tmp="$(mktemp -d "$npm_packs_dir/.fetch.XXXXXX")"
    (cd "$tmp" && npm pack --silent "$spec" >/dev/null 2>"$tmp/npm.log") || { cat "$tmp/npm.log" >&2; rm -rf "$tmp"; die "npm pack $spec failed"; }
    mv "$tmp/$name" "$file" || { rm -rf "$tmp"; die "npm pack $spec wrote no $name"; }
    rm -rf "$tmp"
  fi
  printf '%s' "$file"
}

# npm_pack_unpack SPEC DEST: unpacks SPEC's tarball (its package/ folder) into DEST.
npm_pack_unpack() {
  local file; file="$(npm_pack_fetch "$1")"
  mkdir -p "$2"
  tar -xzf "$file" -C "$2" --strip-components=1 --no-same-owner
}
