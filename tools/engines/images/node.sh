# shellcheck shell=bash disable=SC2034  # sourced by images.sh, which reads image_*
# node:20-alpine stand-in: the host's node and npm, laid out as in the official image
# (/usr/local/bin/node, /usr/local/lib/node_modules/npm, npm and npx linked into
# /usr/local/bin and /usr/bin), plus busybox for sh and the /usr/bin/env npm's shebang uses.
image_ref="docker.io/library/node:20-alpine"
image_apt_packages=(busybox-static)

node_binary() { readlink -f "$(command -v node)"; }
npm_dir() { printf '%s/npm' "$(npm root -g)"; }

image_fingerprint() {
  dpkg-query -W -f='${Package} ${Version}\n' busybox-static
  printf 'node %s\n' "$("$(node_binary)" --version)"
  sha256sum "$(node_binary)"
  "$(node_binary)" -p 'require(process.argv[1]).version' "$(npm_dir)/package.json"
}

image_context() {
  local dir="$1" rootfs="$1/rootfs" version
  version="$("$(node_binary)" --version)"
  [ "${version%%.*}" = v20 ] || die "node:20-alpine needs node 20 on the host, found $version"

  base_filesystem "$rootfs"
  install_busybox "$rootfs" full
  copy_binary "$rootfs" "$(node_binary)" /usr/local/bin/node
  mkdir -p "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/bin"
  cp -a "$(npm_dir)" "$rootfs/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  local tool
  for tool in node npm npx; do ln -sf "/usr/local/bin/$tool" "$rootfs/usr/bin/$tool"; done

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
    NPM_CONFIG_UPDATE_NOTIFIER=false \\
    NPM_CONFIG_FUND=false
CMD ["node"]
DOCKERFILE
}
