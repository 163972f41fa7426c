#!/usr/bin/env bash
# Builds the grader sandbox image: grader-image/build.sh IMAGE
#
# Idempotent: the image carries a label with a hash of the Dockerfile and runner/, and an
# image with the current hash is left alone. Offline-capable: when no registry answers,
# the base image is made from a debootstrap rootfs (kept under $CP_CACHE_DIR/rootfs, where
# the namespace sandbox uses it too).
set -euo pipefail

IMAGE=${1:?usage: build.sh IMAGE}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
CP_CACHE_DIR=${CP_CACHE_DIR:-$ROOT/.platform/cache}
DEFAULT_BASE=python:3.11-slim-bookworm
LOCAL_BASE=code-platform/python-base:bookworm
ROOTFS=$CP_CACHE_DIR/rootfs
ROOTFS_MARKER=$CP_CACHE_DIR/rootfs.complete

say() { printf '==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# The hash covers everything that ends up in the image, in a stable order.
content_hash() {
    (
        cd "$HERE"
        { echo Dockerfile; find runner -type f ! -path '*/__pycache__/*' ! -name '*.pyc'; } |
            LC_ALL=C sort | while read -r file; do
                printf '%s\n' "$file"
                sha256sum <"$file"
            done
    ) | sha256sum | cut -c1-32
}

HASH=$(content_hash)
current=$(docker image inspect --format '{{ index .Config.Labels "code-platform.hash" }}' "$IMAGE" 2>/dev/null || true)
if [ "$current" = "$HASH" ]; then
    echo "grader image up to date"
    exit 0
fi

# Uses the default base when it is here already or a registry hands it out quickly.
default_base_available() {
    docker image inspect "$DEFAULT_BASE" >/dev/null 2>&1 && return 0
    say "trying to pull $DEFAULT_BASE"
    timeout 20 docker pull -q "$DEFAULT_BASE" >/dev/null 2>&1
}

# Makes the offline base image from a debootstrap rootfs, reusing a complete one.
ensure_local_base() {
    if docker image inspect "$LOCAL_BASE" >/dev/null 2>&1; then return; fi
    if [ ! -f "$ROOTFS_MARKER" ]; then
        say "debootstrap bookworm into $ROOTFS (about a minute)"
        as_root rm -rf "$ROOTFS"
        mkdir -p "$CP_CACHE_DIR"
        as_root debootstrap --variant=minbase --include=python3 bookworm "$ROOTFS" >"$CP_CACHE_DIR/debootstrap.log" 2>&1 ||
            { tail -n 20 "$CP_CACHE_DIR/debootstrap.log" >&2; exit 1; }
        touch "$ROOTFS_MARKER"
    else
        say "reusing the rootfs in $ROOTFS"
    fi
    say "importing $ROOTFS as $LOCAL_BASE"
    as_root tar -C "$ROOTFS" -c . | docker import - "$LOCAL_BASE" >/dev/null
}

if default_base_available; then
    base=$DEFAULT_BASE
else
    say "no registry answers; using the local base $LOCAL_BASE"
    ensure_local_base
    base=$LOCAL_BASE
fi

say "building $IMAGE from $base"
# The legacy builder's deprecation notice is noise here; the log is shown when a build fails.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
docker build -q --build-arg "BASE_IMAGE=$base" --label "code-platform.hash=$HASH" -t "$IMAGE" "$HERE" >"$log" 2>&1 ||
    { cat "$log" >&2; echo "build.sh: docker build failed" >&2; exit 1; }
say "built $IMAGE ($HASH)"
