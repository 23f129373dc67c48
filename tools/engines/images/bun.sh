# shellcheck shell=bash disable=SC2034  # sourced by images.sh, which reads image_*
# oven/bun:1-alpine stand-in: bun's linux-x64 executable from the npm registry
# (@oven/bun-linux-x64, a pinned tarball, see npm-packs.bash) with the libraries it loads, at
# /usr/local/bin/bun (bunx linked to it), busybox for sh, user bun (1000), WORKDIR
# /home/bun/app as in the official image. The planner's image for apps with a bun lockfile.
image_ref="docker.io/oven/bun:1-alpine"
image_apt_packages=(busybox-static)

bun_version=1.4.5

# shellcheck source-path=SCRIPTDIR source=npm-packs.bash
source "$(dirname "${BASH_SOURCE[0]}")/npm-packs.bash"

image_fingerprint() {
  dpkg-query -W -f='${Package} ${Version}\n' busybox-static libc6
  sha256sum "$(dirname "${BASH_SOURCE[0]}")/npm-packs.bash"
  printf 'bun %s\n' "$bun_version"
}

image_context() {
  local dir="$1" rootfs="$1/rootfs"
  base_filesystem "$rootfs"
  install_busybox "$rootfs" full
  npm_pack_unpack "@oven/bun-linux-x64@$bun_version" "$dir/bun-package"
  chmod 755 "$dir/bun-package/bin/bun"
  copy_binary "$rootfs" "$dir/bun-package/bin/bun" /usr/local/bin/bun
  rm -rf "$dir/bun-package"
  ln -s bun "$rootfs/usr/local/bin/bunx"
  mkdir -p "$rootfs/home/bun/app"
  cat >"$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
bun:x:1000:1000::/home/bun:/bin/sh
nobody:x:65534:65534:nobody:/:/sbin/nologin
PASSWD
  printf 'root:x:0:\nbun:x:1000:\nnobody:x:65534:\n' >"$rootfs/etc/group"

  cat >"$dir/Dockerfile" <<DOCKERFILE
FROM scratch
COPY rootfs/ /
RUN ["/bin/chown", "-R", "1000:1000", "/home/bun"]
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\
    BUN_RUNTIME_TRANSPILER_CACHE_PATH=0 \\
    BUN_INSTALL_BIN=/usr/local/bin
WORKDIR /home/bun/app
CMD ["/usr/local/bin/bun"]
DOCKERFILE
}
