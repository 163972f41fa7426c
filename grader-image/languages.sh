#!/usr/bin/env bash
# Lists the languages of grader-image/languages.toml, one "NAME PACKAGES" line each, and
# names what belongs to each:
#
#   grader-image/languages.sh                     NAME PACKAGES, one line a language
#   grader-image/languages.sh image IMAGE NAME    NAME's sandbox image: IMAGE for python,
#                                                 else IMAGE's repository + "-NAME", same tag
#   grader-image/languages.sh rootfs ROOTFS NAME  NAME's rootfs: ROOTFS for python, else ROOTFS-NAME
#
# grader-api derives the same names (grader_api::sandbox::{image_for, rootfs_for}).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)

case ${1:-list} in
    list)
        awk '/^\[[a-z]+\]$/ { name = substr($0, 2, length($0) - 2) }
             name != "" && /^packages *= *"/ {
                 sub(/^packages *= *"/, ""); sub(/".*/, ""); print name, $0; name = "" }' \
            "$HERE/languages.toml"
        ;;
    image)
        image=${2:?usage: languages.sh image IMAGE NAME} name=${3:?usage: languages.sh image IMAGE NAME}
        if [ "$name" = python ]; then echo "$image"; exit 0; fi
        repository=$image tag=latest
        last=${image##*/}
        if [[ $last == *:* ]]; then repository=${image%:*} tag=${image##*:}; fi
        echo "$repository-$name:$tag"
        ;;
    rootfs)
        rootfs=${2:?usage: languages.sh rootfs ROOTFS NAME} name=${3:?usage: languages.sh rootfs ROOTFS NAME}
        if [ "$name" = python ]; then echo "$rootfs"; else echo "$rootfs-$name"; fi
        ;;
    *) echo "usage: languages.sh [image IMAGE NAME | rootfs ROOTFS NAME]" >&2; exit 2 ;;
esac
