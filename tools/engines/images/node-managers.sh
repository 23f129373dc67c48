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
image_apt_packages=(busybox-static)

yarn1_version=1.22.22
berry_version=4.18.1
pnpm_version=10.34.8

# shellcheck source-path=SCRIPTDIR source=npm-packs.bash
source "$(dirname "${BASH_SOURCE[0]}")/npm-packs.bash"

node_binary() { readlink -f "$(command -v node)"; }
npm_dir() { printf '%s/npm' "$(npm root -g)"; }

image_fingerprint() {
  dpkg-query -W -f='${Package} ${Version}\n' busybox-static
  printf 'node %s\n' "$("$(node_binary)" --version)"
  sha256sum "$(node_binary)" "$(dirname "${BASH_SOURCE[0]}")/npm-packs.bash"
  "$(node_binary)" -p 'require(process.argv[1]).version' "$(npm_dir)/package.json"
  printf 'yarn %s, berry %s, pnpm %s\n' "$yarn1_version" "$berry_version" "$pnpm_version"
}

image_context() {
  local dir="$1" rootfs="$1/rootfs" version
  version="$("$(node_binary)" --version)"
  [ "${version%%.*}" = v20 ] || die "node-managers needs node 20 on the host, found $version"

  base_filesystem "$rootfs"
  install_busybox "$rootfs" full
  copy_binary "$rootfs" "$(node_binary)" /usr/local/bin/node
  mkdir -p "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/bin" "$rootfs/opt"
  cp -a "$(npm_dir)" "$rootfs/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

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
  for tool in node npm npx yarn yarnpkg pnpm pnpx; do ln -sf "/usr/local/bin/$tool" "$rootfs/usr/bin/$tool"; done

  mkdir -p "$rootfs/home/node"
  cat >"$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
node:x:1000:1000::/home/node:/bin/sh
nobody:x:65534:65534:nobody:/:/sbin/nologin
PASSWD
  printf 'root:x:0:\nnode:x:1000:\nnobody:x:65534:\n' >"$rootfs/etc/group"

  cat >"$dir/Dockerfile" <<DOCKERFILE
FROM scratch
COPY rootfs/ /
RUN ["/bin/chown", "1000:1000", "/home/node"]
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\
    NODE_VERSION=${version#v} \\
    YARN_VERSION=$yarn1_version \\
    NPM_CONFIG_UPDATE_NOTIFIER=false \\
    NPM_CONFIG_FUND=false \\
    YARN_ENABLE_TELEMETRY=0 \\
    COREPACK_ENABLE_STRICT=0
CMD ["node"]
DOCKERFILE
}
