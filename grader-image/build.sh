#!/usr/bin/env bash
# Builds the grader sandbox image: grader-image/build.sh IMAGE
#
# Idempotent: the image carries a label with a hash of the Dockerfile and runner/, and an
# image with the current hash is left alone. Offline-capable: when no registry answers,
# deploy/base-image.sh makes the base from a debootstrap rootfs (kept under
# $CP_CACHE_DIR/rootfs, where the namespace sandbox uses it too).
set -euo pipefail

IMAGE=${1:?usage: build.sh IMAGE}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
CP_CACHE_DIR=${CP_CACHE_DIR:-$ROOT/.platform/cache}
DEFAULT_BASE=python:3.11-slim-bookworm
LOCAL_BASE=code-platform/python-base:bookworm

say() { printf '==> %s\n' "$*" >&2; }

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

base=$("$ROOT/deploy/base-image.sh" "$DEFAULT_BASE" "$LOCAL_BASE" "$CP_CACHE_DIR/rootfs" python3)
say "building $IMAGE from $base"
# The legacy builder's deprecation notice is noise here; the log is shown when a build fails.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
docker build -q --build-arg "BASE_IMAGE=$base" --label "code-platform.hash=$HASH" -t "$IMAGE" "$HERE" >"$log" 2>&1 ||
    { cat "$log" >&2; echo "build.sh: docker build failed" >&2; exit 1; }
say "built $IMAGE ($HASH)"
