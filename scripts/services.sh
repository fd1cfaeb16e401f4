#!/usr/bin/env bash
# Installs (apt, when root on Debian) and starts the real services tests need, each in a
# project-local folder on a loopback port. Idempotent: a running service is left alone.
#   scripts/services.sh start [postgres|redis|docker|chromium|all]   (default all)
#   scripts/services.sh stop
#   scripts/services.sh env      prints the variables tests read
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="${OPSDECK_SERVICES_DIR:-$ROOT/.cache/services}"
PG_PORT="${OPSDECK_TEST_PG_PORT:-55432}"
REDIS_PORT="${OPSDECK_TEST_REDIS_PORT:-56379}"
DOCKER_SOCK="$STATE/docker/docker.sock"
mkdir -p "$STATE"

log() { echo "[services] $*" >&2; }

apt_install() {
  # Installs Debian packages only when they are missing; says what is missing otherwise.
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]} with apt-get"
    if [ ! -f "$STATE/.apt-updated" ]; then apt-get update -qq && touch "$STATE/.apt-updated"; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    log "missing packages: ${missing[*]} (install them, or run as root on Debian)"
    return 1
  fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

start_postgres() {
  apt_install postgresql
  local bin; bin="$(pg_bin)"
  local data="$STATE/postgres"
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"; chown -R postgres:postgres "$data" 2>/dev/null || true
    runuser -u postgres -- "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  chown -R postgres:postgres "$data" 2>/dev/null || true
  if ! runuser -u postgres -- "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
  fi
  log "postgres on 127.0.0.1:$PG_PORT"
}

start_redis() {
  apt_install redis-server
  mkdir -p "$STATE/redis"
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$STATE/redis" \
      --save "" --appendonly no --logfile "$STATE/redis/redis.log" --pidfile "$STATE/redis/redis.pid"
    for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  log "redis on 127.0.0.1:$REDIS_PORT"
}

start_docker() {
  apt_install docker.io docker-compose busybox-static
  mkdir -p "$STATE/docker"
  if ! docker -H "unix://$DOCKER_SOCK" version >/dev/null 2>&1; then
    local driver=overlay2
    # overlay on overlay is refused on some hosts; vfs always works, only slower.
    if ! (mkdir -p "$STATE"/ovl/{l,u,w,m} && mount -t overlay overlay -o "lowerdir=$STATE/ovl/l,upperdir=$STATE/ovl/u,workdir=$STATE/ovl/w" "$STATE/ovl/m" 2>/dev/null && umount "$STATE/ovl/m"); then
      driver=vfs
    fi
    nohup dockerd --iptables=false --ip6tables=false --storage-driver="$driver" \
      --host="unix://$DOCKER_SOCK" --data-root "$STATE/docker/root" --exec-root "$STATE/docker/exec" \
      --pidfile "$STATE/docker/dockerd.pid" >"$STATE/docker/dockerd.log" 2>&1 &
    for _ in $(seq 1 100); do docker -H "unix://$DOCKER_SOCK" version >/dev/null 2>&1 && break; sleep 0.2; done
    docker -H "unix://$DOCKER_SOCK" version >/dev/null || { log "dockerd did not start; see $STATE/docker/dockerd.log"; tail -20 "$STATE/docker/dockerd.log" >&2; return 1; }
  fi
  log "docker engine at unix://$DOCKER_SOCK"
}

start_chromium() {
  apt_install chromium
  log "chromium at /usr/bin/chromium"
}

stop_all() {
  local bin; bin="$(pg_bin)"
  [ -f "$STATE/postgres/PG_VERSION" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$STATE/postgres" -m fast stop >/dev/null 2>&1 || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  [ -f "$STATE/docker/dockerd.pid" ] && kill "$(cat "$STATE/docker/dockerd.pid")" 2>/dev/null || true
}

print_env() {
  echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  echo "export TEST_PG_PORT=$PG_PORT"
  echo "export TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
  echo "export DOCKER_HOST=unix://$DOCKER_SOCK"
  echo "export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1"
}

cmd="${1:-start}"; what="${2:-all}"
case "$cmd" in
  start)
    case "$what" in
      postgres) start_postgres ;; redis) start_redis ;; docker) start_docker ;; chromium) start_chromium ;;
      all) start_postgres; start_redis; start_docker; start_chromium ;;
      *) log "unknown service $what"; exit 2 ;;
    esac ;;
  stop) stop_all ;;
  env) print_env ;;
  *) echo "usage: $0 start [postgres|redis|docker|chromium|all] | stop | env" >&2; exit 2 ;;
esac
