#!/usr/bin/env bash
# Builds the images integration tests and the compose fixture use, without any registry:
# a busybox-static root filesystem imported with `docker import`. Idempotent: an image whose
# opsdeck.test.hash label matches the inputs (busybox binary + this script) is left alone.
#   opsdeck-test/busybox:1         plain busybox, for sleeping/printing containers
#   opsdeck-test/busybox-httpd:1   httpd on :8080; GET /cgi-bin/health answers by /www/mode:
#                                  ok -> 200, fail -> 500, slow -> 200 after $(cat /www/delay) s (default 5)
# Flip it from a test: docker exec <c> sh -c 'echo fail > /www/mode'
# Uses DOCKER_HOST like the docker CLI does.
set -euo pipefail
BUSYBOX="${BUSYBOX_BIN:-/bin/busybox}"
log() { echo "[test-images] $*" >&2; }

[ -x "$BUSYBOX" ] || { log "missing $BUSYBOX (apt-get install busybox-static)"; exit 1; }
ROOTFS_LIB="$(dirname "$0")/lib/rootfs.sh"
# shellcheck source=lib/rootfs.sh
. "$ROOTFS_LIB"
HASH="$( (sha256sum "$BUSYBOX" "$0" "$ROOTFS_LIB" | cut -d' ' -f1) | sha256sum | cut -c1-16)"

current_hash() { docker image inspect -f '{{index .Config.Labels "opsdeck.test.hash"}}' "$1" 2>/dev/null || true; }

make_www() {
  local www="$1/www"
  echo ok >"$www/mode"
  echo 5 >"$www/delay"
  echo "opsdeck test httpd" >"$www/index.html"
  # busybox httpd passes CGI output through when it starts with a status line.
  cat >"$www/cgi-bin/health" <<'CGI'
#!/bin/sh
mode="$(cat /www/mode 2>/dev/null | tr -d ' \n')"
case "$mode" in
  fail) printf 'HTTP/1.0 500 Internal Server Error\r\nContent-Type: application/json\r\n\r\n{"status":"failing"}\n' ;;
  slow) sleep "$(cat /www/delay 2>/dev/null || echo 5)"
        printf 'HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{"status":"healthy","slow":true}\n' ;;
  *)    printf 'HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{"status":"healthy"}\n' ;;
esac
CGI
  chmod 755 "$www/cgi-bin/health"
}

build() {
  local name="$1" kind="$2"
  if [ "$(current_hash "$name")" = "$HASH" ]; then log "$name is up to date"; return 0; fi
  local tmp; tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  make_rootfs "$tmp/rootfs"
  mkdir -p "$tmp/rootfs/www/cgi-bin"
  local changes=(--change "LABEL opsdeck.test.hash=$HASH" --change 'ENV PATH=/bin:/sbin:/usr/bin:/usr/sbin')
  if [ "$kind" = httpd ]; then
    make_www "$tmp/rootfs"
    changes+=(--change 'CMD ["httpd","-f","-v","-p","8080","-h","/www"]' --change 'EXPOSE 8080'
      --change 'HEALTHCHECK --interval=5s --timeout=3s --retries=2 CMD wget -q -O /dev/null http://127.0.0.1:8080/cgi-bin/health || exit 1')
  else
    changes+=(--change 'CMD ["sh"]')
  fi
  tar -C "$tmp/rootfs" -c . | docker import "${changes[@]}" - "$name" >/dev/null
  log "built $name ($HASH)"
}

build opsdeck-test/busybox:1 plain
build opsdeck-test/busybox-httpd:1 httpd
