#!/usr/bin/env bash
# A second swarm node on this machine, for testing the stack across nodes:
#   deploy/second-node.sh up     start it and join it to this engine's swarm
#   deploy/second-node.sh down   take it out of the swarm and remove it (and the swarm
#                                too, when it has no stack left: it advertised the veth)
#
# The node is a second Docker engine in network and mount namespaces of its own: it
# reaches this engine over a veth pair (this side 10.77.0.1, the node 10.77.0.2), has its
# own /run (so its containers' /var/run/docker.sock is its own engine's, as the graders
# expect), its own containerd and image store (under .platform/node2). The swarm must
# advertise 10.77.0.1 for the node to reach it: a one-node swarm advertising something
# else is re-created; a swarm with other nodes or stacks is left alone and this fails.
# Needs root, iproute2 and util-linux (nsenter, unshare).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${CP_STATE_DIR:-$ROOT/.platform}
NODE=$STATE/node2
NETNS=cp-node2
HOST_IP=10.77.0.1
NODE_IP=10.77.0.2
SOCKET=$NODE/sock/docker.sock
TAG=${CP_TAG:-latest}
# What the node may run: everything but Postgres and Redis, which stay on the labelled node.
IMAGES=(programming-api websocket programming-ui grader-api grader grader-cpp grader-javascript edge migrate)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'second-node: %s\n' "$*" >&2; exit 1; }
node() { docker -H "unix://$SOCKET" "$@"; }

[ "$(id -u)" = 0 ] || die "run as root (it makes namespaces and starts dockerd)"

network() {
    ip netns list | grep -qw "$NETNS" || ip netns add "$NETNS"
    if ! ip link show cp-node2-host >/dev/null 2>&1; then
        ip link add cp-node2-host type veth peer name cp-node2
        ip link set cp-node2 netns "$NETNS"
        ip addr add "$HOST_IP/24" dev cp-node2-host
    fi
    ip link set cp-node2-host up
    ip netns exec "$NETNS" bash -c "
        ip addr show cp-node2 | grep -q '$NODE_IP' || ip addr add '$NODE_IP/24' dev cp-node2
        ip link set cp-node2 up
        ip link set lo up
        ip route show default | grep -q . || ip route add default via '$HOST_IP'"
}

# The swarm this engine manages, advertising HOST_IP.
swarm() {
    local state addr
    state=$(docker info --format '{{.Swarm.LocalNodeState}}')
    addr=$(docker info --format '{{.Swarm.NodeAddr}}')
    if [ "$state" = active ] && [ "$addr" != "$HOST_IP" ]; then
        local nodes stacks
        nodes=$(docker node ls -q | wc -l)
        stacks=$(docker stack ls --format '{{.Name}}' | grep -vx cp-stack-test || true)
        [ "$nodes" = 1 ] && [ -z "$stacks" ] ||
            die "this engine's swarm ($nodes nodes, stacks: ${stacks:-none}) advertises $addr, not $HOST_IP; not touching it"
        say "re-creating the one-node swarm to advertise $HOST_IP"
        docker swarm leave --force >/dev/null
        state=inactive
    fi
    if [ "$state" != active ]; then
        docker swarm init --advertise-addr "$HOST_IP" >/dev/null
    fi
    if [ -z "$(docker node ls -q --filter node.label=code-platform.data=true)" ]; then
        docker node update --label-add code-platform.data=true "$(docker info --format '{{.Swarm.NodeID}}')" >/dev/null
    fi
}

engine() {
    if node info >/dev/null 2>&1; then return; fi
    say "starting the second engine ($NODE_IP)"
    mkdir -p "$NODE/lib" "$NODE/sock"
    nsenter --net="/run/netns/$NETNS" unshare -m --propagation private bash -c "
        mount -t tmpfs tmpfs /run
        mount --bind '$NODE/lib' /var/lib/docker
        exec dockerd -H unix:///run/docker.sock -H 'unix://$SOCKET' --pidfile /run/docker.pid
    " >"$NODE/dockerd.log" 2>&1 &
    for _ in $(seq 1 60); do node info >/dev/null 2>&1 && return; sleep 1; done
    tail -n 20 "$NODE/dockerd.log" >&2
    die "the second engine did not start"
}

cmd_up() {
    network
    swarm
    engine
    if [ "$(node info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
        say "joining the swarm"
        node swarm join --token "$(docker swarm join-token -q worker)" \
            --advertise-addr "$NODE_IP" "$HOST_IP:2377" >/dev/null
    fi
    say "copying the images to the second node"
    local refs=()
    for image in "${IMAGES[@]}"; do refs+=("code-platform/$image:$TAG"); done
    docker save "${refs[@]}" | node load -q >/dev/null
    docker node ls >&2
}

cmd_down() {
    if node info >/dev/null 2>&1; then
        node swarm leave --force >/dev/null 2>&1 || true
        node ps -aq | xargs -r docker -H "unix://$SOCKET" rm -f >/dev/null 2>&1 || true
        pkill -f "dockerd -H unix:///run/docker.sock -H unix://$SOCKET" || true
        for _ in $(seq 1 30); do node info >/dev/null 2>&1 || break; sleep 1; done
    fi
    # The node's entry in the swarm, once it is down.
    local id
    for id in $(docker node ls -q 2>/dev/null); do
        if [ "$(docker node inspect --format '{{.Status.Addr}}' "$id")" = "$NODE_IP" ]; then
            docker node rm --force "$id" >/dev/null 2>&1 || true
        fi
    done
    # A swarm advertising HOST_IP cannot outlive the veth; the next deploy makes a new one.
    if [ "$(docker info --format '{{.Swarm.NodeAddr}}')" = "$HOST_IP" ] &&
        [ -z "$(docker stack ls --format '{{.Name}}')" ]; then
        docker swarm leave --force >/dev/null
    fi
    ip netns del "$NETNS" 2>/dev/null || true
    ip link del cp-node2-host 2>/dev/null || true
    rm -rf "$NODE"
    say "the second node is gone"
}

case "${1:-}" in
    up) cmd_up ;;
    down) cmd_down ;;
    *) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
