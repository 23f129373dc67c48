# shellcheck shell=bash disable=SC2034  # sourced by images.sh, which reads image_*
# mikrocloud/node-managers:20-alpine: node:20-alpine's layout (the host's node 20 and npm,
# busybox) plus the package managers the nixpacks planner uses for Node.js apps, which
# corepack could only download: Yarn 1 (/opt/yarn-v1), Yarn Berry (/opt/yarn-berry/yarn.js)
# and pnpm (/usr/local/lib/node_modules/pnpm), from pinned npm registry tarballs (npm-packs.bash).
# `yarn` picks the line the way corepack and the planner do: a `yarnPath` in .yarnrc.yml runs
# that release; `packageManager: yarn@1` is Yarn 1; `yarn@2+`, a .yarnrc.yml or a yarn.lock
# with a `__metadata` block is Berry; anything else Yarn 1. Builds set it as the node image
# (`[build.base_images] node`) to build yarn and pnpm apps.
image_ref="docker.io/mikrocloud/node-managers:20-alpine"

yarn1_version=1.22.22
berry_version=4.18.1
pnpm_version=10.34.8

here_recipes="$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source-path=SCRIPTDIR source=node.sh
source "$here_recipes/node.sh"
image_ref="docker.io/mikrocloud/node-managers:20-alpine"
# The base recipe's functions, kept under other names (this recipe redefines both).
eval "node_base_$(declare -f image_context)"
eval "node_base_$(declare -f image_fingerprint)"
# shellcheck source-path=SCRIPTDIR source=npm-packs.bash
source "$here_recipes/npm-packs.bash"

image_fingerprint() {
  node_base_image_fingerprint
  sha256sum "$here_recipes/node.sh" "$here_recipes/npm-packs.bash"
  printf 'yarn %s, berry %s, pnpm %s\n' "$yarn1_version" "$berry_version" "$pnpm_version"
}

image_context() {
  local dir="$1" rootfs="$1/rootfs"
  node_base_image_context "$dir"
  mkdir -p "$rootfs/opt"
  npm_pack_unpack "yarn@$yarn1_version" "$rootfs/opt/yarn-v1"
  npm_pack_unpack "@yarnpkg/cli-dist@$berry_version" "$rootfs/opt/yarn-berry"
  npm_pack_unpack "pnpm@$pnpm_version" "$rootfs/usr/local/lib/node_modules/pnpm"
  ln -s ../lib/node_modules/pnpm/bin/pnpm.cjs "$rootfs/usr/local/bin/pnpm"
  ln -s ../lib/node_modules/pnpm/bin/pnpx.cjs "$rootfs/usr/local/bin/pnpx"
  cat >"$rootfs/usr/local/bin/yarn" <<'YARN'
#!/bin/sh
# Runs the Yarn line the project asks for (see the image recipe, node-managers.sh).
release=""
if [ -f .yarnrc.yml ]; then
  release="$(sed -n 's/^yarnPath:[[:space:]]*["'\'']\{0,1\}\([^"'\'']*\)["'\'']\{0,1\}[[:space:]]*$/\1/p' .yarnrc.yml | head -n 1)"
fi
[ -n "$release" ] && [ -f "$release" ] && exec node "$release" "$@"
declared="$(sed -n 's/.*"packageManager"[[:space:]]*:[[:space:]]*"yarn@\([0-9]*\).*/\1/p' package.json 2>/dev/null | head -n 1)"
if [ "$declared" = 1 ]; then
  exec node /opt/yarn-v1/bin/yarn.js "$@"
elif [ -n "$declared" ] || [ -f .yarnrc.yml ] || grep -q '^__metadata:' yarn.lock 2>/dev/null; then
  exec node /opt/yarn-berry/bin/yarn.js "$@"
fi
exec node /opt/yarn-v1/bin/yarn.js "$@"
YARN
  chmod 755 "$rootfs/usr/local/bin/yarn"
  ln -s yarn "$rootfs/usr/local/bin/yarnpkg"
  local tool
  for tool in yarn yarnpkg pnpm pnpx; do ln -sf "/usr/local/bin/$tool" "$rootfs/usr/bin/$tool"; done
  cat >>"$dir/Dockerfile" <<DOCKERFILE
ENV YARN_VERSION=$yarn1_version \\
    YARN_ENABLE_TELEMETRY=0 \\
    COREPACK_ENABLE_STRICT=0
DOCKERFILE
}
