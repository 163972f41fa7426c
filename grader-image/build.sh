#!/usr/bin/env bash
# Builds the grader sandbox images, one per language of languages.toml:
#
#   grader-image/build.sh IMAGE [LANGUAGE...]
#
# IMAGE names Python's; the others are named after it (languages.sh image: IMAGE
# code-platform/grader:latest gives code-platform/grader-cpp:latest). Idempotent: each image
# carries a label with a hash of the Dockerfile, runner/ and its packages, and an image
# with the current hash is left alone. Offline-capable: when no registry answers, each
# language's base is made from its own debootstrap rootfs (rootfs.sh, kept under
# $CP_CACHE_DIR as rootfs, rootfs-cpp, ...), which the process sandbox uses too.
set -euo pipefail

IMAGE=${1:?usage: build.sh IMAGE [LANGUAGE...]}
shift
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
CP_CACHE_DIR=${CP_CACHE_DIR:-$ROOT/.platform/cache}
DEFAULT_BASE=python:3.11-slim-bookworm

say() { printf '==> %s\n' "$*" >&2; }

# The hash covers everything that ends up in the image, in a stable order.
content_hash() {
    (
        cd "$HERE"
        echo "packages $1"
        { echo Dockerfile; find runner -type f ! -path '*/__pycache__/*' ! -name '*.pyc'; } |
            LC_ALL=C sort | while read -r file; do
                printf '%s\n' "$file"
                sha256sum <"$file"
            done
    ) | sha256sum | cut -c1-32
}

wanted() { [ $# -eq 1 ] && return 0; local name=$1; shift; for w in "$@"; do [ "$w" = "$name" ] && return 0; done; return 1; }

registry=unknown
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$HERE/languages.sh" >"$log.languages"
while read -r language packages; do
    wanted "$language" "$@" || continue
    image=$("$HERE/languages.sh" image "$IMAGE" "$language")
    hash=$(content_hash "$packages")
    current=$(docker image inspect --format '{{ index .Config.Labels "code-platform.hash" }}' "$image" 2>/dev/null || true)
    if [ "$current" = "$hash" ]; then
        echo "grader image $image up to date"
        continue
    fi
    # Whether a registry answers is asked once, not once per language.
    if [ "$registry" = unknown ]; then
        if docker image inspect "$DEFAULT_BASE" >/dev/null 2>&1 ||
            { say "trying to pull $DEFAULT_BASE"; timeout 20 docker pull -q "$DEFAULT_BASE" >/dev/null 2>&1; }; then
            registry=yes
        else
            registry=no
            say "no registry answers; building from local debootstrap bases"
        fi
    fi
    if [ "$registry" = yes ]; then
        base=$DEFAULT_BASE
    else
        rootfs=$("$HERE/languages.sh" rootfs "$CP_CACHE_DIR/rootfs" "$language")
        base=$(CP_NO_REGISTRY=1 "$ROOT/deploy/base-image.sh" "$DEFAULT_BASE" \
            "code-platform/$language-base:bookworm" "$rootfs" "$packages")
    fi
    say "building $image from $base"
    # The legacy builder's deprecation notice is noise here; the log is shown when a build fails.
    docker build -q --build-arg "BASE_IMAGE=$base" --build-arg "PACKAGES=$packages" \
        --label "code-platform.hash=$hash" -t "$image" "$HERE" >"$log" 2>&1 ||
        { cat "$log" >&2; echo "build.sh: docker build of $image failed" >&2; exit 1; }
    say "built $image ($hash)"
done <"$log.languages"
rm -f "$log.languages"
