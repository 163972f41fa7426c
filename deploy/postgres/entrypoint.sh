#!/bin/sh
# Initialises $PGDATA on first start (superuser $POSTGRES_USER with the password in
# $POSTGRES_PASSWORD_FILE, database $POSTGRES_DB, password logins from any address),
# then runs postgres in the foreground. Extra arguments go to postgres.
set -eu

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    [ -r "${POSTGRES_PASSWORD_FILE:-}" ] || {
        echo "postgres-entrypoint: POSTGRES_PASSWORD_FILE must name a readable file" >&2
        exit 1
    }
    echo "postgres-entrypoint: initialising $PGDATA"
    # initdb needs the password without the trailing newline a secret file may have.
    pwfile=$(mktemp)
    tr -d '\r\n' <"$POSTGRES_PASSWORD_FILE" >"$pwfile"
    initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
    if [ "$POSTGRES_DB" != postgres ]; then
        echo "CREATE DATABASE \"$POSTGRES_DB\";" |
            postgres --single -D "$PGDATA" -j postgres >/dev/null
    fi
fi

exec postgres -D "$PGDATA" -c listen_addresses='*' -c max_connections=200 "$@"
