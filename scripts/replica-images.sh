#!/usr/bin/env bash
# Builds the images the replica stacks (examples/<stack>/replica/) run, without any registry: a
# busybox-static root filesystem plus binaries copied from this host with the shared libraries
# ldd lists for them, imported with `docker import`. Idempotent: an image whose
# opsdeck.replica.hash label matches its inputs is left alone.
#   opsdeck-replica/node:1      node; examples/replica-kit under /replica; the Qdrant stand-in
#                               (test/support/qdrant-standin.ts) bundled into /replica/qdrant.mjs
#   opsdeck-replica/postgres:1  Postgres 15 server and client tools; an entrypoint like the
#                               official image's (POSTGRES_USER/PASSWORD/DB, initdb.d/*.sql)
#   opsdeck-replica/redis:1     redis-server and redis-cli; all addresses, protected mode off
# Needs busybox-static, postgresql (15) and redis-server on the host (scripts/services.sh installs
# them). Uses DOCKER_HOST like the docker CLI does.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SELF="$ROOT/scripts/replica-images.sh"
KIT="$ROOT/examples/replica-kit"
BUSYBOX="${BUSYBOX_BIN:-/bin/busybox}"
PG="/usr/lib/postgresql/15"
PG_TOOLS=(postgres initdb pg_ctl pg_isready psql pg_dump pg_restore)
log() { echo "[replica-images] $*" >&2; }
# shellcheck source=lib/rootfs.sh
. "$ROOT/scripts/lib/rootfs.sh"

current_hash() { docker image inspect -f '{{index .Config.Labels "opsdeck.replica.hash"}}' "$1" 2>/dev/null || true; }

# Hash of this script, busybox and the given inputs: file contents for the repository's files,
# path, size and time for host binaries (a package upgrade changes them; hashing 150 MB each run
# would not add anything).
inputs_hash() {
  {
    sha256sum "$SELF" "$BUSYBOX" "$ROOT/scripts/lib/rootfs.sh"
    for input in "$@"; do
      if [[ "$input" == "$ROOT"/* ]]; then sha256sum "$input"; else stat -L -c '%n %s %Y' "$input"; fi
    done
  } | sha256sum | cut -c1-16
}

# add_user <rootfs> <name> <home>: a system user with uid/gid 999, as the official images have.
add_user() {
  echo "$2:x:999:999:$2:$3:/bin/sh" >>"$1/etc/passwd"
  echo "$2:x:999:" >>"$1/etc/group"
}

# The shared libraries (and the dynamic loader) that ldd lists for each file.
libraries_of() {
  ldd "$@" 2>/dev/null | awk '$3 ~ /^\// { print $3 } $1 ~ /^\/.*[^:]$/ { print $1 }' | sort -u
}

# copy_with_libs <rootfs> <file>...: each file and its libraries at the same paths (symlinks followed).
copy_with_libs() {
  local root="$1" file; shift
  for file in "$@" $(libraries_of "$@"); do
    mkdir -p "$root$(dirname "$file")"
    cp -L "$file" "$root$file"
  done
}

# import_image <rootfs> <name> <hash> <docker import --change ...>...
import_image() {
  local root="$1" name="$2" hash="$3"; shift 3
  local previous; previous="$(docker image inspect -f '{{.Id}}' "$name" 2>/dev/null || true)"
  tar -C "$root" -c . | docker import --change "LABEL opsdeck.replica.hash=$hash" "$@" - "$name" >/dev/null
  # The replaced build would stay behind untagged (100 MB for node); one still in use stays.
  [ -z "$previous" ] || docker image rm "$previous" >/dev/null 2>&1 || true
  log "built $name ($hash, $(docker image inspect -f '{{.Size}}' "$name" | awk '{ printf "%d MB", $1 / 1e6 }'))"
}

build_node() {
  local name=opsdeck-replica/node:1 esbuild="$ROOT/node_modules/esbuild/bin/esbuild"
  local hash; hash="$(inputs_hash /usr/bin/node "$ROOT/test/support/qdrant-standin.ts" "$KIT"/*.mjs "$KIT"/*.json)"
  if [ "$(current_hash "$name")" = "$hash" ]; then log "$name is up to date"; return 0; fi
  [ -x "$esbuild" ] || { log "missing $esbuild (npm ci installs it with tsx)"; return 1; }
  local tmp; tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  make_rootfs "$tmp/rootfs"
  copy_with_libs "$tmp/rootfs" /usr/bin/node
  mkdir -p "$tmp/rootfs/replica" "$tmp/rootfs/app"
  # The kit as it is, but for the Qdrant main, which only runs bundled with the stand-in.
  find "$KIT" -maxdepth 1 -type f \( -name '*.mjs' -o -name '*.json' \) ! -name qdrant-main.mjs \
    -exec cp {} "$tmp/rootfs/replica/" \;
  "$esbuild" "$KIT/qdrant-main.mjs" --bundle --platform=node --format=esm --target=node20 \
    --log-level=warning --outfile="$tmp/rootfs/replica/qdrant.mjs"
  import_image "$tmp/rootfs" "$name" "$hash" \
    --change 'ENV PATH=/replica/stack/bin:/bin:/sbin:/usr/bin:/usr/sbin' \
    --change 'CMD ["node", "/replica/replica-http.mjs"]'
}

build_postgres() {
  local name=opsdeck-replica/postgres:1 tools=("${PG_TOOLS[@]/#/$PG/bin/}")
  [ -x "$PG/bin/postgres" ] || { log "missing $PG (apt-get install postgresql-15)"; return 1; }
  # Extension modules are loaded by path at run time; the JIT provider pulls in all of LLVM and
  # is optional (without it the server simply plans without JIT).
  local modules; mapfile -t modules < <(find "$PG/lib" -maxdepth 1 -name '*.so' ! -name 'llvmjit*')
  local hash; hash="$(inputs_hash "${tools[@]}" "${modules[@]}")"
  if [ "$(current_hash "$name")" = "$hash" ]; then log "$name is up to date"; return 0; fi
  local tmp; tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  local root="$tmp/rootfs"
  make_rootfs "$root"
  add_user "$root" postgres /var/lib/postgresql
  copy_with_libs "$root" "${tools[@]}" "${modules[@]}"
  mkdir -p "$root/usr/share/postgresql" "$root/usr/share/zoneinfo/Etc" "$root/usr/lib/locale"
  cp -a /usr/share/postgresql/15 "$root/usr/share/postgresql/"
  rm -rf "$root/usr/share/postgresql/15/man"
  cp /usr/share/zoneinfo/Etc/UTC "$root/usr/share/zoneinfo/Etc/UTC"
  ln -s Etc/UTC "$root/usr/share/zoneinfo/UTC"
  cp -a /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"
  mkdir -p "$root/var/lib/postgresql/data" "$root/var/run/postgresql" "$root/docker-entrypoint-initdb.d" "$root/usr/local/bin"
  chown -R 999:999 "$root/var/lib/postgresql" "$root/var/run/postgresql"
  chmod 2777 "$root/var/run/postgresql"
  postgres_entrypoint >"$root/usr/local/bin/docker-entrypoint.sh"
  chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"
  import_image "$root" "$name" "$hash" \
    --change "ENV PATH=$PG/bin:/usr/local/bin:/bin:/sbin:/usr/bin:/usr/sbin" \
    --change 'ENV PGDATA=/var/lib/postgresql/data' --change 'ENV LANG=C.UTF-8' --change 'ENV TZ=Etc/UTC' \
    --change 'VOLUME /var/lib/postgresql/data' --change 'EXPOSE 5432' \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' --change 'CMD ["postgres"]'
}

# What the official image's entrypoint does, for the variables the replicas use.
postgres_entrypoint() {
  cat <<'ENTRYPOINT'
#!/bin/sh
# Like the official postgres image: the first start initialises $PGDATA for POSTGRES_USER,
# POSTGRES_PASSWORD and POSTGRES_DB and runs /docker-entrypoint-initdb.d/*.sql and *.sh; the
# server runs as the postgres user on all addresses, password (scram) auth for remote clients,
# trust on the local socket (so `docker exec <c> pg_isready` and `pg_dump` work).
set -eu
case "${1:-postgres}" in -*) set -- postgres "$@" ;; esac
# busybox su reads options anywhere on its command line: `--` keeps the server's own (-D, -c) away.
as_postgres() { su -s /bin/sh -c 'exec "$0" "$@"' -- postgres "$@"; }

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA" && chmod 700 "$PGDATA"
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required (as in the official image)}"
    user="${POSTGRES_USER:-postgres}" db="${POSTGRES_DB:-${POSTGRES_USER:-postgres}}"
    pwfile="$(mktemp)"; printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"; chown postgres "$pwfile"
    as_postgres initdb -D "$PGDATA" --username="$user" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    rm -f "$pwfile"
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
    echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
    as_postgres pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    psql="psql -v ON_ERROR_STOP=1 --username=$user --no-password --quiet"
    [ "$db" = postgres ] || $psql --dbname=postgres -c "CREATE DATABASE \"$db\""
    for f in /docker-entrypoint-initdb.d/*; do
      case "$f" in
        *.sql) echo "running $f"; $psql --dbname="$db" -f "$f" ;;
        *.sh) echo "running $f"; . "$f" ;;
      esac
    done
    as_postgres pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    echo "PostgreSQL init process complete; ready for start up."
  fi
  exec su -s /bin/sh -c 'exec "$0" "$@"' -- postgres "$@"
fi
exec "$@"
ENTRYPOINT
}

build_redis() {
  # Debian's redis-server is a link to redis-check-rdb: one binary that acts on the name it is run by.
  local name=opsdeck-replica/redis:1 server=/usr/bin/redis-server cli=/usr/bin/redis-cli
  [ -x "$server" ] || { log "missing $server (apt-get install redis-server)"; return 1; }
  local hash; hash="$(inputs_hash "$server" "$cli")"
  if [ "$(current_hash "$name")" = "$hash" ]; then log "$name is up to date"; return 0; fi
  local tmp; tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  local root="$tmp/rootfs"
  make_rootfs "$root"
  add_user "$root" redis /data
  copy_with_libs "$root" "$(readlink -f "$server")" "$cli"
  cp -P "$server" "$root$server"
  mkdir -p "$root/data" "$root/usr/local/bin"
  chown 999:999 "$root/data"
  cat >"$root/usr/local/bin/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/sh
# Like the official redis image: options alone run redis-server; it runs as the redis user, and
# protected mode is off (the official image patches that default) so other containers connect.
set -eu
case "${1:-redis-server}" in -*) set -- redis-server "$@" ;; esac
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  chown -R redis:redis /data
  exec su -s /bin/sh -c 'exec "$0" "$@"' -- redis "$@" --protected-mode no
fi
exec "$@"
ENTRYPOINT
  chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"
  import_image "$root" "$name" "$hash" \
    --change 'ENV PATH=/usr/local/bin:/bin:/sbin:/usr/bin:/usr/sbin' --change 'WORKDIR /data' \
    --change 'VOLUME /data' --change 'EXPOSE 6379' \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' --change 'CMD ["redis-server"]'
}

[ -x "$BUSYBOX" ] || { log "missing $BUSYBOX (apt-get install busybox-static)"; exit 1; }
build_node
build_postgres
build_redis
