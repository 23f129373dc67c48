# shellcheck shell=bash disable=SC2034  # sourced by images.sh, which reads image_*
# busybox:latest: the static busybox from Debian's busybox-static, every applet linked
# into /bin as `busybox --install -s /bin` does (sh, httpd, wget, nc, sleep, env, ...).
image_ref="docker.io/library/busybox:latest"
image_apt_packages=(busybox-static)

image_fingerprint() {
  dpkg-query -W -f='${Package} ${Version}\n' busybox-static
}

image_context() {
  local dir="$1" rootfs="$1/rootfs"
  base_filesystem "$rootfs"
  install_busybox "$rootfs" bin
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"$rootfs/etc/group"
  cat >"$dir/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY rootfs/ /
CMD ["sh"]
DOCKERFILE
}
