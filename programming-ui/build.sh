#!/usr/bin/env bash
# Builds the learner UI's browser side into target/site (or $UI_SITE_ROOT):
#   pkg/programming_ui.js + pkg/programming_ui_bg.wasm  (the hydrating Leptos app)
#   editor.js                                           (CodeMirror bundle, programming-ui/editor)
#   style.css                                           (programming-ui/style/main.css)
# plus .gz copies the server hands to browsers that accept gzip. The server side is an
# ordinary crate (`cargo build -p programming-ui` / `-p code-platform`).
#
# Usage: programming-ui/build.sh [--release]
# Needs: rustup, cargo, node + npm (for the editor bundle, only when it must be rebuilt).
set -euo pipefail
cd "$(dirname "$0")"
UI=$PWD
ROOT=$(cd .. && pwd)
SITE=${UI_SITE_ROOT:-$ROOT/target/site}
PROFILE=debug
CARGO_PROFILE=()
if [ "${1:-}" = "--release" ]; then PROFILE=release; CARGO_PROFILE=(--release); fi

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true

# The CLI must be exactly the wasm-bindgen version Cargo.lock resolves (pinned with `=`
# in the workspace manifest), or the generated glue does not match the module.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock")
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (a few minutes, once)"
    # Without --locked: the CLI's own lock file names a crate version this registry lacks.
    cargo install wasm-bindgen-cli --version "$want"
fi

say "building the wasm module ($PROFILE)"
# Size matters more than speed for what every learner downloads. Set here rather than in
# the workspace's [profile.release], which the servers share; the wasm build has its own
# target dir, so this does not rebuild them.
if [ "$PROFILE" = release ]; then
    export CARGO_PROFILE_RELEASE_OPT_LEVEL=z CARGO_PROFILE_RELEASE_LTO=true \
        CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
fi
cargo build --locked -p programming-ui --lib --target wasm32-unknown-unknown \
    --no-default-features --features hydrate "${CARGO_PROFILE[@]}" \
    --target-dir "$ROOT/target/wasm"

mkdir -p "$SITE/pkg"
# The name section (function names for stack traces) is over half of the module.
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
    --out-dir "$SITE/pkg" --out-name programming_ui \
    "$ROOT/target/wasm/wasm32-unknown-unknown/$PROFILE/programming_ui.wasm"

# The editor bundle is rebuilt only when a source is newer than it.
EDITOR=$UI/editor
if [ -f "$EDITOR/package.json" ]; then
    bundle=$EDITOR/dist/editor.js
    if [ ! -f "$bundle" ] || [ -n "$(find "$EDITOR/src" "$EDITOR/package.json" "$EDITOR/package-lock.json" "$EDITOR/build.mjs" -newer "$bundle" 2>/dev/null | head -n 1)" ]; then
        command -v npm >/dev/null || { echo "build.sh: npm is needed to build the editor bundle" >&2; exit 1; }
        say "building the editor bundle (npm)"
        (cd "$EDITOR" && npm ci --no-audit --no-fund && npm run build)
    fi
    cp "$bundle" "$SITE/editor.js"
else
    echo "build.sh: programming-ui/editor is missing; the UI falls back to a plain textarea" >&2
    rm -f "$SITE/editor.js"
fi

cp "$UI/style/main.css" "$SITE/style.css"

for file in "$SITE/pkg/programming_ui_bg.wasm" "$SITE/pkg/programming_ui.js" "$SITE/editor.js" "$SITE/style.css"; do
    [ -f "$file" ] && gzip -9 -k -f "$file"
done

say "shipped to the browser (raw / gzipped)"
for file in pkg/programming_ui_bg.wasm pkg/programming_ui.js editor.js style.css; do
    [ -f "$SITE/$file" ] || continue
    printf '  %-28s %8s B  %8s B\n' "$file" "$(stat -c %s "$SITE/$file")" "$(stat -c %s "$SITE/$file.gz")"
done
echo "site: $SITE"
