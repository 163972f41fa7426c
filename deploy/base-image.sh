#!/usr/bin/env bash
# Picks the base image to build FROM, making an offline one when no registry answers:
#
#   deploy/base-image.sh DEFAULT_IMAGE LOCAL_IMAGE ROOTFS [PACKAGE,...]
#
# Prints DEFAULT_IMAGE when it is here already or a registry hands it out within 20 s
# (not asked when CP_NO_REGISTRY=1).
# Otherwise prints LOCAL_IMAGE, importing it first (once) from a debootstrap bookworm
# tree at ROOTFS (minbase, plus the comma-separated packages), which is kept and reused.
set -euo pipefail

DEFAULT=${1:?usage: base-image.sh DEFAULT_IMAGE LOCAL_IMAGE ROOTFS [PACKAGES]}
LOCAL=${2:?usage: base-image.sh DEFAULT_IMAGE LOCAL_IMAGE ROOTFS [PACKAGES]}
ROOTFS=${3:?usage: base-image.sh DEFAULT_IMAGE LOCAL_IMAGE ROOTFS [PACKAGES]}
PACKAGES=${4:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

say() { printf '==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if docker image inspect "$DEFAULT" >/dev/null 2>&1; then echo "$DEFAULT"; exit 0; fi
# CP_NO_REGISTRY=1: the caller found out already that no registry answers.
if [ -z "${CP_NO_REGISTRY:-}" ]; then
    say "trying to pull $DEFAULT"
    if timeout 20 docker pull -q "$DEFAULT" >/dev/null 2>&1; then echo "$DEFAULT"; exit 0; fi
    say "no registry answers; using the local base $LOCAL"
fi

if docker image inspect "$LOCAL" >/dev/null 2>&1; then echo "$LOCAL"; exit 0; fi
"$ROOT/grader-image/rootfs.sh" "$ROOTFS" "$PACKAGES"
say "importing $ROOTFS as $LOCAL"
# Documentation, package lists and caches are of no use in an image (builds that install
# packages run apt-get update first).
as_root tar -C "$ROOTFS" --exclude=./usr/share/doc --exclude=./usr/share/man \
    --exclude=./usr/share/locale --exclude='./var/cache/apt/*' --exclude='./var/lib/apt/lists/*' -c . |
    docker import - "$LOCAL" >/dev/null
echo "$LOCAL"
