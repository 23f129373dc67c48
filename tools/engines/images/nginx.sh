# shellcheck shell=bash disable=SC2034  # sourced by images.sh, which reads image_*
# nginx:alpine stand-in: Debian's nginx-light with its libraries, mime.types and a config
# shaped like the official image's (conf.d/default.conf serving /usr/share/nginx/html on
# port 80, logs to the container's stdout and stderr), plus busybox for sh and friends.
image_ref="docker.io/library/nginx:alpine"
image_apt_packages=(nginx-light busybox-static)

image_fingerprint() {
  dpkg-query -W -f='${Package} ${Version}\n' nginx-light nginx-common busybox-static
  sha256sum /usr/sbin/nginx
}

image_context() {
  local dir="$1" rootfs="$1/rootfs"
  base_filesystem "$rootfs"
  install_busybox "$rootfs" full
  copy_binary "$rootfs" /usr/sbin/nginx

  mkdir -p "$rootfs"/etc/nginx/conf.d "$rootfs"/usr/share/nginx/html "$rootfs"/var/cache/nginx \
    "$rootfs"/var/lib/nginx "$rootfs"/var/log/nginx "$rootfs"/run/lock "$rootfs"/var/lock
  cp /etc/nginx/mime.types "$rootfs/etc/nginx/mime.types"
  # Like the official image: the log files are the container's own stdout and stderr.
  ln -s /dev/stdout "$rootfs/var/log/nginx/access.log"
  ln -s /dev/stderr "$rootfs/var/log/nginx/error.log"

  cat >"$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin
www-data:x:33:33:www-data:/var/www:/sbin/nologin
nobody:x:65534:65534:nobody:/home:/sbin/nologin
PASSWD
  printf 'root:x:0:\nwww-data:x:33:\nnginx:x:101:nginx\nnobody:x:65534:\n' >"$rootfs/etc/group"

  cat >"$rootfs/etc/nginx/nginx.conf" <<'CONF'
user  nginx;
# One worker: the project's machines have two cores and run many containers.
worker_processes  1;

error_log  /var/log/nginx/error.log notice;
pid        /run/nginx.pid;

events {
    worker_connections  1024;
}

http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';
    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    keepalive_timeout  65;

    include /etc/nginx/conf.d/*.conf;
}
CONF
  cat >"$rootfs/etc/nginx/conf.d/default.conf" <<'CONF'
server {
    listen       80;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
CONF
  cat >"$rootfs/usr/share/nginx/html/index.html" <<'HTML'
<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working.</p>
</body>
</html>
HTML
  cat >"$rootfs/usr/share/nginx/html/50x.html" <<'HTML'
<!DOCTYPE html>
<html>
<head><title>Error</title></head>
<body><h1>An error occurred.</h1></body>
</html>
HTML

  cat >"$dir/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY rootfs/ /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
DOCKERFILE
}
