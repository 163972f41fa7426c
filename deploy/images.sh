#!/usr/bin/env bash
# Builds every image the stack runs, tagged ${CP_TAG:-latest}: deploy/images.sh
#
#   code-platform/{programming-api,grader-api,websocket,programming-ui,migrate}
#       the release binaries (built here with cargo) on a slim Debian, no compiler;
#       programming-ui also carries the browser files from target/site
#       (programming-ui/build.sh --release must have run; ./platform images does it)
#   code-platform/{edge,postgres,redis}   nginx, PostgreSQL 15 and Redis 7 from Debian
#   code-platform/grader                  the sandbox image (grader-image/build.sh)
#
# Every image builds FROM debian:bookworm-slim (python:3.11-slim-bookworm for the
# sandbox) where a registry hands it out, and FROM a local debootstrap image otherwise.
# The binaries are built on this machine, so it should run Debian 12 (the images'
# glibc); the release build takes a few minutes the first time.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TAG=${CP_TAG:-latest}
CP_CACHE_DIR=${CP_CACHE_DIR:-$ROOT/.platform/cache}
SERVICES=(programming-api:programming-api grader-api:grader-api websocket:websocket
    programming-ui:programming-ui migrations:migrate)

say() { printf '==> %s\n' "$*" >&2; }

# build IMAGE DOCKERFILE CONTEXT: a quiet build whose log is shown when it fails.
build() {
    local log
    log=$(mktemp)
    say "building $1:$TAG"
    if ! docker build -q --build-arg "BASE_IMAGE=$base" -t "$1:$TAG" -f "$2" "$3" >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "images.sh: building $1 failed" >&2
        exit 1
    fi
    rm -f "$log"
}

[ -f target/site/pkg/programming_ui_bg.wasm ] ||
    { echo "images.sh: target/site has no wasm module; run programming-ui/build.sh --release" >&2; exit 1; }

say "building the release binaries (cargo build --release)"
cargo build --release --locked --bins -p migrations -p programming-api -p grader-api \
    -p websocket -p programming-ui --features programming-ui/ssr

base=$(deploy/base-image.sh debian:bookworm-slim code-platform/debian-base:bookworm "$CP_CACHE_DIR/rootfs-base")

# Each service builds from a context of its own that holds only what its image copies.
contexts=$CP_CACHE_DIR/images
for entry in "${SERVICES[@]}"; do
    crate=${entry%%:*} binary=${entry#*:}
    context=$contexts/$binary
    rm -rf "$context"
    mkdir -p "$context"
    cp target/release/"$binary" "$context/"
    if [ "$binary" = programming-ui ]; then cp -r target/site "$context/site"; fi
    build "code-platform/$binary" "$crate/Dockerfile" "$context"
done
for infra in edge postgres redis; do
    build "code-platform/$infra" "deploy/$infra/Dockerfile" "deploy/$infra"
done

say "building the sandbox image code-platform/grader:$TAG"
CP_CACHE_DIR=$CP_CACHE_DIR grader-image/build.sh "code-platform/grader:$TAG"

docker image ls --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' |
    grep -E "^code-platform/[a-z-]+:$TAG\b" | sort | awk -F'\t' '{ printf "   %-40s %s\n", $1, $2 }' >&2
