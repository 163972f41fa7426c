#!/usr/bin/env bash
# The swarm side of ./platform (the images must be built: ./platform images):
#   deploy/stack.sh secrets   create the stack's docker secrets that are missing, random
#   deploy/stack.sh up        swarm (one node if none), secrets, deploy, wait, print the URL
#   deploy/stack.sh down      remove the stack (volumes and secrets are kept)
#   deploy/stack.sh test      deploy a throwaway stack, run code-platform/tests/stack
#                             against it (scaling, a rolling update, under load), remove it
# Settings: CP_STACK (stack name, default code-platform), CP_PORT (edge port, default
# 8080), CP_TAG (image tag, default latest), CP_{POSTGRES,REDIS,ADMIN}_PASSWORD_SECRET
# (secret names, default code-platform-{postgres,redis,admin}-password).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
STATE=${CP_STATE_DIR:-$ROOT/.platform}
STACK=${CP_STACK:-code-platform}
export CP_PORT=${CP_PORT:-8080}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'stack: %s\n' "$*" >&2; exit 1; }

# A swarm to deploy on: this node's, or a new one-node swarm; and a node labelled for the
# data services (Postgres and Redis keep their volumes on that node).
ensure_swarm() {
    if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
        say "creating a one-node swarm (docker swarm init)"
        docker swarm init --advertise-addr 127.0.0.1 >/dev/null
    fi
    if [ -z "$(docker node ls -q --filter node.label=code-platform.data=true)" ]; then
        say "labelling this node code-platform.data=true: Postgres and Redis keep their data here"
        docker node update --label-add code-platform.data=true "$(docker info --format '{{.Swarm.NodeID}}')" >/dev/null
    fi
}

secret_name() {
    local var="CP_${1^^}_PASSWORD_SECRET"
    echo "${!var:-code-platform-$1-password}"
}

cmd_secrets() {
    ensure_swarm
    local kind name value
    for kind in postgres redis admin; do
        name=$(secret_name "$kind")
        if docker secret inspect "$name" >/dev/null 2>&1; then
            say "secret $name exists"
            continue
        fi
        value=$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')
        printf '%s' "$value" | docker secret create "$name" - >/dev/null
        say "created secret $name"
        if [ "$kind" = admin ]; then
            # Docker never shows a secret again; the operator needs this one to log in.
            mkdir -p "$STATE/secrets"
            chmod 700 "$STATE/secrets"
            (umask 077; printf '%s\n' "$value" >"$STATE/secrets/$name")
            say "the admin password is in $STATE/secrets/$name"
        fi
    done
}

# edge_host: the address of the node the edge runs on (127.0.0.1 on a one-node swarm made
# by ensure_swarm), or nothing while it is not placed yet.
edge_host() {
    local task node addr
    task=$(docker service ps -q --filter desired-state=running "${STACK}_edge" 2>/dev/null | head -n 1)
    [ -n "$task" ] || return 0
    node=$(docker inspect --format '{{.NodeID}}' "$task" 2>/dev/null) || return 0
    addr=$(docker node inspect --format '{{.Status.Addr}}' "$node" 2>/dev/null) || return 0
    if [ "$addr" = 0.0.0.0 ]; then addr=127.0.0.1; fi
    echo "$addr"
}

# wait_ready: every service at its replica count, migrations applied, the edge answering;
# sets EDGE to the edge's URL.
wait_ready() {
    local deadline=$((SECONDS + ${1:-300})) next_report=0
    say "waiting for the stack $STACK (replicas, migrations, the edge on port $CP_PORT)"
    while :; do
        local services pending
        services=$(docker stack services "$STACK" --format '{{.Name}} {{.Replicas}}')
        pending=$(awk '$1 !~ /_migrate$/ { split($2, r, "/"); if (r[1] != r[2]) print $1 " " $2 }' <<<"$services")
        EDGE="http://$(edge_host):$CP_PORT"
        if [ -z "$pending" ] &&
            docker service ps "${STACK}_migrate" --format '{{.CurrentState}}' | grep -q '^Complete' &&
            curl -fsS -m 5 "$EDGE/api/ready" >/dev/null 2>&1 &&
            curl -fsS -m 5 -o /dev/null "$EDGE/edge/health"; then
            say "the stack $STACK is up"
            return
        fi
        if ((SECONDS >= deadline)); then
            docker stack ps "$STACK" --no-trunc >&2 || true
            die "the stack $STACK was not up within ${1:-300} s"
        fi
        if ((SECONDS >= next_report)); then
            echo "   waiting for: ${pending//$'\n'/, }${pending:+; }migrations, the edge" >&2
            next_report=$((SECONDS + 15))
        fi
        sleep 2
    done
}

deploy() {
    ensure_swarm
    cmd_secrets
    say "docker stack deploy $STACK (images tagged ${CP_TAG:-latest}, edge on port $CP_PORT)"
    # Without a registry the CLI cannot pin digests; it says so for every image.
    docker stack deploy --resolve-image never -c docker-stack.yml "$STACK" 2>&1 |
        grep -v 'could not be accessed on a registry' >&2 || true
    docker stack services "$STACK" -q | grep -q . || die "docker stack deploy failed"
}

cmd_up() {
    deploy
    wait_ready 300
    echo
    echo "code-platform (swarm stack $STACK) is running: $EDGE/"
    echo "  services:  docker stack services $STACK"
    echo "  admin:     admin / the password in $STATE/secrets/$(secret_name admin)"
}

# remove STACK: the stack's services and network gone, its containers exited.
remove() {
    docker stack rm "$1" >/dev/null 2>&1 || true
    local deadline=$((SECONDS + 180))
    while docker ps -aq --filter "label=com.docker.stack.namespace=$1" | grep -q . ||
        docker network ls -q --filter "label=com.docker.stack.namespace=$1" | grep -q .; do
        ((SECONDS < deadline)) || die "the stack $1 did not go away within 180 s"
        sleep 1
    done
}

cmd_down() {
    say "removing the stack $STACK (its volumes and secrets are kept)"
    remove "$STACK"
}

cmd_test() {
    local started=$SECONDS
    STACK=cp-stack-test
    export CP_PORT=${CP_STACK_TEST_PORT:-8090}
    export CP_POSTGRES_PASSWORD_SECRET=$STACK-postgres-password
    export CP_REDIS_PASSWORD_SECRET=$STACK-redis-password
    export CP_ADMIN_PASSWORD_SECRET=$STACK-admin-password
    # The load's learners resubmit without pause, faster than any person would.
    export CP_RATE_LIMIT_SUBMISSIONS=${CP_RATE_LIMIT_SUBMISSIONS:-off}
    # A stack left over from an interrupted run goes first, with its data.
    cleanup_test_stack
    trap cleanup_test_stack EXIT
    deploy
    wait_ready 300
    say "stack up after $((SECONDS - started)) s; running code-platform/tests/stack"
    CP_STACK_URL=$EDGE CP_STACK_NAME=$STACK \
        cargo test --locked -p code-platform --test stack -- --ignored --nocapture
    say "stack-test passed in $((SECONDS - started)) s (images built before)"
}

cleanup_test_stack() {
    remove "$STACK"
    docker volume rm "${STACK}_postgres-data" "${STACK}_redis-data" >/dev/null 2>&1 || true
    # The test rotates a secret, so it may leave one by another name.
    docker secret ls -q --filter "name=$STACK-" 2>/dev/null | xargs -r docker secret rm >/dev/null 2>&1 || true
    rm -f "$STATE/secrets/$CP_ADMIN_PASSWORD_SECRET"
}

case "${1:-}" in
    secrets) cmd_secrets ;;
    up) cmd_up ;;
    down) cmd_down ;;
    test) cmd_test ;;
    *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
