#!/usr/bin/env bash
# Installs (apt, when root on Debian) and starts the real services tests need, each in a
# project-local folder on a loopback port. Idempotent: a running service is left alone.
#   scripts/services.sh start [postgres|redis|docker|chromium|all]   (default all)
#   scripts/services.sh start bench   all of the above plus a durable Postgres for benchmarks
#   scripts/services.sh stop
#   scripts/services.sh env      prints the variables tests read
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="${OPSDECK_SERVICES_DIR:-$ROOT/.cache/services}"
PG_PORT="${OPSDECK_TEST_PG_PORT:-55432}"
REDIS_PORT="${OPSDECK_TEST_REDIS_PORT:-56379}"
BENCH_PG_PORT="${OPSDECK_BENCH_PG_PORT:-55433}"
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

# start_cluster <folder> <port> [extra -c settings]: one Postgres cluster, created on first use.
start_cluster() {
  apt_install postgresql
  local bin; bin="$(pg_bin)"
  local data="$STATE/$1" port="$2"; shift 2
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"; chown -R postgres:postgres "$data" 2>/dev/null || true
    runuser -u postgres -- "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  chown -R postgres:postgres "$data" 2>/dev/null || true
  if ! runuser -u postgres -- "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 $*" start >/dev/null
  fi
}

# Tests: fsync off, since a crash of the test machine loses nothing anyone needs.
start_postgres() {
  start_cluster postgres "$PG_PORT" -c fsync=off
  log "postgres on 127.0.0.1:$PG_PORT"
}

# Benchmarks: Postgres as shipped (fsync, synchronous_commit and full_page_writes on, 128 MB
# shared_buffers), so a figure is what an operator's durable server would give.
start_bench_postgres() {
  start_cluster postgres-durable "$BENCH_PG_PORT"
  log "durable postgres (shipped settings) on 127.0.0.1:$BENCH_PG_PORT"
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
  for cluster in postgres postgres-durable; do
    [ -f "$STATE/$cluster/PG_VERSION" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$STATE/$cluster" -m fast stop >/dev/null 2>&1 || true
  done
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  [ -f "$STATE/docker/dockerd.pid" ] && kill "$(cat "$STATE/docker/dockerd.pid")" 2>/dev/null || true
}

print_env() {
  echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  echo "export TEST_PG_PORT=$PG_PORT"
  echo "export BENCH_PG_URL=postgres://postgres@127.0.0.1:$BENCH_PG_PORT/postgres"
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
      bench) start_postgres; start_bench_postgres; start_redis; start_docker; start_chromium ;;
      *) log "unknown service $what"; exit 2 ;;
    esac ;;
  stop) stop_all ;;
  env) print_env ;;
  *) echo "usage: $0 start [postgres|redis|docker|chromium|all|bench] | stop | env" >&2; exit 2 ;;
esac
