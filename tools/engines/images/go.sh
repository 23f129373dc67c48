# shellcheck shell=bash disable=SC2034  # sourced by images.sh, which reads image_*
# golang:1.19 stand-in (the nixpacks buildpack's Go builder): Debian's golang-go toolchain at
# /usr/local/go as in the official image, trimmed to what `go build` of an ordinary module
# needs: the go command, the compile/link/asm tool chain and the standard library's sources
# (no tests, no testdata, no cmd/), with a build cache warmed for static builds. Busybox gives
# RUN steps a sh.
# Debian bookworm ships Go 1.19; the tag follows it.
image_ref="docker.io/library/golang:1.19"
image_apt_packages=(golang-go busybox-static)

go_root() { printf '/usr/lib/go-1.19'; }

image_fingerprint() {
  dpkg-query -W -f='${Package} ${Version}\n' golang-1.19-go golang-1.19-src busybox-static
}

image_context() {
  local dir="$1" rootfs="$1/rootfs" goroot version tool
  goroot="$(go_root)"
  version="$("$goroot/bin/go" env GOVERSION)"
  case "$version" in go1.19|go1.19.*) ;; *) die "golang:1.19 needs Go 1.19 at $goroot, found $version" ;; esac

  base_filesystem "$rootfs"
  install_busybox "$rootfs" full
  local dest="$rootfs/usr/local/go"
  mkdir -p "$dest/bin" "$dest/pkg/tool/linux_amd64" "$dest/pkg/include"
  cp "$goroot/VERSION" "$dest/VERSION"
  # Debian links the go command against libc (cgo DNS and user lookups): copy_binary brings it.
  copy_binary "$rootfs" "$goroot/bin/go" /usr/local/go/bin/go
  copy_binary "$rootfs" "$goroot/bin/gofmt" /usr/local/go/bin/gofmt
  for tool in asm buildid cgo compile link pack vet; do
    if ldd "$goroot/pkg/tool/linux_amd64/$tool" >/dev/null 2>&1; then
      copy_binary "$rootfs" "$goroot/pkg/tool/linux_amd64/$tool" "/usr/local/go/pkg/tool/linux_amd64/$tool"
    else
      cp -L "$goroot/pkg/tool/linux_amd64/$tool" "$dest/pkg/tool/linux_amd64/"
    fi
  done
  cp -rL "$goroot/pkg/include/." "$dest/pkg/include/"
  # Standard library sources: `go build` type-checks against them. Tests and cmd/ are not needed.
  cp -rL "$goroot/src" "$dest/src"
  rm -rf "$dest/src/cmd"
  find "$dest/src" -type d -name testdata -prune -exec rm -rf {} +
  find "$dest/src" -type f -name '*_test.go' -delete
  mkdir -p "$rootfs/go/bin"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"$rootfs/etc/group"

  cat >"$dir/Dockerfile" <<DOCKERFILE
FROM scratch
COPY rootfs/ /
ENV GOLANG_VERSION=${version#go} \\
    GOPATH=/go \\
    PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# Debian's precompiled archives are built with cgo and would be rebuilt by every static build;
# instead the build cache is warmed the way static builds compile (CGO_ENABLED=0, -trimpath).
RUN ["/bin/sh", "-c", "CGO_ENABLED=0 go build -trimpath std"]
WORKDIR /go
CMD ["sh"]
DOCKERFILE
}
