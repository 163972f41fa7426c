#!/bin/sh
# Runs redis-server with the password from $REDIS_PASSWORD_FILE and an append-only file
# in /data; extra arguments go to redis-server.
set -eu
[ -r "${REDIS_PASSWORD_FILE:-}" ] || {
    echo "redis-entrypoint: REDIS_PASSWORD_FILE must name a readable file" >&2
    exit 1
}
conf=$(mktemp)
chmod 600 "$conf"
{
    printf 'requirepass %s\n' "$(tr -d '\r\n' <"$REDIS_PASSWORD_FILE")"
    echo 'bind * -::*'
    echo 'protected-mode no'
    echo 'dir /data'
    echo 'appendonly yes'
    echo 'appendfsync everysec'
} >"$conf"
exec redis-server "$conf" "$@"
