# shellcheck shell=bash disable=SC2034  # sourced by images.sh, which reads image_*
# python:3.11-slim stand-in: Debian's python3.11 interpreter with its standard library (no
# test suite, no tkinter/idle) and the libraries its extension modules load, plus pip (run as
# `python -m pip`, with the wheels Debian's unbundled pip needs), plus busybox for sh.
# `python`, `python3` and `pip` are on PATH as in the official image.
image_ref="docker.io/library/python:3.11-slim"
image_apt_packages=(python3.11-minimal libpython3.11-stdlib python3-pip busybox-static)

image_fingerprint() {
  dpkg-query -W -f='${Package} ${Version}\n' python3.11-minimal libpython3.11-stdlib python3-pip python3-pip-whl python3-setuptools-whl busybox-static
}

image_context() {
  local dir="$1" rootfs="$1/rootfs" so lib
  base_filesystem "$rootfs"
  install_busybox "$rootfs" full
  # Debian's layout, so the interpreter finds its prefix (/usr) as on the host.
  copy_binary "$rootfs" /usr/bin/python3.11
  mkdir -p "$rootfs/usr/lib"
  cp -a /usr/lib/python3.11 "$rootfs/usr/lib/python3.11"
  rm -rf "$rootfs/usr/lib/python3.11/"{test,idlelib,tkinter,turtledemo,lib2to3/tests} \
    "$rootfs/usr/lib/python3.11/EXTERNALLY-MANAGED" "$rootfs/usr/lib/python3.11/config-3.11-x86_64-linux-gnu"
  # Extension modules (ssl, sqlite3, ctypes, ...) load libraries the interpreter itself does not.
  while read -r so; do
    while read -r lib; do
      [ -e "$rootfs$lib" ] && continue
      mkdir -p "$rootfs$(dirname "$lib")"
      cp -L "$lib" "$rootfs$lib"
    done < <(ldd "$so" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 }')
  done < <(find /usr/lib/python3.11/lib-dynload -name '*.so')
  # pip: Debian's copy is unbundled and finds its dependencies in /usr/share/python-wheels.
  mkdir -p "$rootfs/usr/lib/python3/dist-packages" "$rootfs/usr/share"
  cp -a /usr/lib/python3/dist-packages/pip "$rootfs/usr/lib/python3/dist-packages/pip"
  cp -a /usr/share/python-wheels "$rootfs/usr/share/python-wheels"
  find "$rootfs/usr/lib" -name '__pycache__' -prune -exec rm -rf {} +

  mkdir -p "$rootfs/usr/local/bin"
  ln -s /usr/bin/python3.11 "$rootfs/usr/bin/python3"
  ln -s /usr/bin/python3.11 "$rootfs/usr/local/bin/python"
  ln -s /usr/bin/python3.11 "$rootfs/usr/local/bin/python3"
  printf '#!/bin/sh\nexec /usr/bin/python3.11 -m pip "$@"\n' >"$rootfs/usr/local/bin/pip"
  chmod 755 "$rootfs/usr/local/bin/pip"
  ln -s pip "$rootfs/usr/local/bin/pip3"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"$rootfs/etc/group"

  cat >"$dir/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY rootfs/ /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 \
    PYTHON_VERSION=3.11
CMD ["python3"]
DOCKERFILE
}
