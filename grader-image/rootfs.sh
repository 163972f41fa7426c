#!/usr/bin/env bash
# Makes a debootstrap bookworm tree once: grader-image/rootfs.sh ROOTFS [PACKAGE,...]
#
# minbase plus the comma-separated packages; ROOTFS.complete marks a finished tree, which
# is kept and reused. The process sandbox mounts these trees read-only as a run's /, and
# deploy/base-image.sh imports them as offline base images.
set -euo pipefail

ROOTFS=${1:?usage: rootfs.sh ROOTFS [PACKAGES]}
PACKAGES=${2:-}
MARKER=$ROOTFS.complete

say() { printf '==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

[ -f "$MARKER" ] && exit 0
if ! command -v debootstrap >/dev/null; then
    say "installing debootstrap (apt-get)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq debootstrap >/dev/null
fi
say "debootstrap bookworm${PACKAGES:+ with $PACKAGES} into $ROOTFS (a minute or two)"
as_root rm -rf "$ROOTFS"
mkdir -p "$(dirname "$ROOTFS")"
log=$ROOTFS.debootstrap.log
as_root debootstrap --variant=minbase ${PACKAGES:+--include="$PACKAGES"} bookworm "$ROOTFS" >"$log" 2>&1 ||
    { tail -n 20 "$log" >&2; echo "rootfs.sh: debootstrap failed" >&2; exit 1; }
touch "$MARKER"
