#!/usr/bin/env bash
# Picks the base image to build FROM, making an offline one when no registry answers:
#
#   deploy/base-image.sh DEFAULT_IMAGE LOCAL_IMAGE ROOTFS [PACKAGE,...]
#
# Prints DEFAULT_IMAGE when it is here already or a registry hands it out within 20 s.
# Otherwise prints LOCAL_IMAGE, importing it first (once) from a debootstrap bookworm
# tree at ROOTFS (minbase, plus the comma-separated packages), which is kept and reused.
set -euo pipefail

DEFAULT=${1:?usage: base-image.sh DEFAULT_IMAGE LOCAL_IMAGE ROOTFS [PACKAGES]}
LOCAL=${2:?usage: base-image.sh DEFAULT_IMAGE LOCAL_IMAGE ROOTFS [PACKAGES]}
ROOTFS=${3:?usage: base-image.sh DEFAULT_IMAGE LOCAL_IMAGE ROOTFS [PACKAGES]}
PACKAGES=${4:-}
MARKER=$ROOTFS.complete

say() { printf '==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if docker image inspect "$DEFAULT" >/dev/null 2>&1; then echo "$DEFAULT"; exit 0; fi
say "trying to pull $DEFAULT"
if timeout 20 docker pull -q "$DEFAULT" >/dev/null 2>&1; then echo "$DEFAULT"; exit 0; fi
say "no registry answers; using the local base $LOCAL"

if docker image inspect "$LOCAL" >/dev/null 2>&1; then echo "$LOCAL"; exit 0; fi
if [ ! -f "$MARKER" ]; then
    say "debootstrap bookworm into $ROOTFS (about a minute)"
    as_root rm -rf "$ROOTFS"
    mkdir -p "$(dirname "$ROOTFS")"
    log=$ROOTFS.debootstrap.log
    as_root debootstrap --variant=minbase ${PACKAGES:+--include="$PACKAGES"} bookworm "$ROOTFS" >"$log" 2>&1 ||
        { tail -n 20 "$log" >&2; echo "base-image.sh: debootstrap failed" >&2; exit 1; }
    touch "$MARKER"
else
    say "reusing the rootfs in $ROOTFS"
fi
say "importing $ROOTFS as $LOCAL"
# Documentation, package lists and caches are of no use in an image (builds that install
# packages run apt-get update first).
as_root tar -C "$ROOTFS" --exclude=./usr/share/doc --exclude=./usr/share/man \
    --exclude=./usr/share/locale --exclude='./var/cache/apt/*' --exclude='./var/lib/apt/lists/*' -c . |
    docker import - "$LOCAL" >/dev/null
echo "$LOCAL"
