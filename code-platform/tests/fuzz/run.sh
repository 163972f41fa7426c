#!/usr/bin/env bash
# The API fuzzer: schemathesis against the OpenAPI document of a running code-platform,
# once with a learner's token and once with the admin's, every check on, going on past
# failures. It fails on any 5xx and on any status, header or body the document does not
# describe, and prints the totals.
#
# It starts the all-in-one binary (as `./platform up` does, in debug) on a free port
# with a database and a Redis prefix of its own, and removes both afterwards.
# Needs TEST_DATABASE_URL and REDIS_URL (`./platform test` and `./platform fuzz` set
# them; by hand: eval "$(./platform env)") and a grading sandbox (GRADER_SANDBOX,
# default docker when an engine answers, else process with GRADER_ROOTFS).
# FUZZ_EXAMPLES (default 200) bounds the examples per operation and phase, FUZZ_SEED (default
# 1) picks them; FUZZ_KEEP=1 keeps the reports (HAR files, logs).
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
STATE=${CP_STATE_DIR:-$ROOT/.platform}
SCHEMATHESIS_VERSION=4.32.5
EXAMPLES=${FUZZ_EXAMPLES:-200}
# A fixed seed makes a failure reproducible; another finds other cases.
SEED=${FUZZ_SEED:-1}
: "${TEST_DATABASE_URL:?TEST_DATABASE_URL must be set (eval \"\$(./platform env)\")}"
: "${REDIS_URL:?REDIS_URL must be set (eval \"\$(./platform env)\")}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'fuzz: %s\n' "$*" >&2; exit 1; }

# A real interpreter, not a version manager's shim (slow, and absent in CI): the newest
# 3.12+ one pyenv holds (3.11.2, Debian 12's, has a bug hypothesis can trip over:
# "AST constructor recursion depth mismatch"), else the system's. FUZZ_PYTHON overrides.
python=${FUZZ_PYTHON:-}
if [ -z "$python" ]; then
    python=$(ls -d "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V | tail -n 1)
    [ -n "$python" ] || python=/usr/bin/python3
fi
[ -x "$python" ] || python=$(command -v python3) || die "python3 is missing"
VENV=$STATE/venv/schemathesis-$SCHEMATHESIS_VERSION-py$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [ ! -x "$VENV/bin/schemathesis" ]; then
    say "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
    rm -rf "$VENV"
    if ! "$python" -m venv "$VENV" 2>/dev/null; then
        # Debian keeps venv's pip bootstrap in a package of its own.
        if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null
        "$python" -m venv "$VENV"
    fi
    "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

say "building code-platform and migrate"
cargo build --locked -q -p migrations -p code-platform

if [ -z "${GRADER_SANDBOX:-}" ]; then
    if docker info >/dev/null 2>&1; then GRADER_SANDBOX=docker; else GRADER_SANDBOX=process; fi
fi
export GRADER_SANDBOX

run=fuzz_$(date +%s)_$$
database_url="${TEST_DATABASE_URL%/*}/$run"
work=$(mktemp -d)
server=
cleanup() {
    if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    psql -q "$TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $run WITH (FORCE)" >/dev/null 2>&1 || true
    [ -n "${FUZZ_KEEP:-}" ] && echo "fuzz: reports kept in $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT

psql -q "$TEST_DATABASE_URL" -c "CREATE DATABASE $run" >/dev/null
DATABASE_URL=$database_url target/debug/migrate >"$work/migrate.log" 2>&1 ||
    { cat "$work/migrate.log" >&2; die "migrate failed"; }

port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
admin_password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
say "starting code-platform on 127.0.0.1:$port (sandbox: $GRADER_SANDBOX; log: $work/server.log)"
DATABASE_URL=$database_url REDIS_PREFIX="$run:" CP_HOST=127.0.0.1 CP_PORT=$port GRADER_SLOTS=2 \
    ADMIN_USERNAME=admin ADMIN_PASSWORD=$admin_password RUST_LOG=${RUST_LOG:-warn} \
    target/debug/code-platform >"$work/server.log" 2>&1 &
server=$!
base=http://127.0.0.1:$port
for _ in $(seq 1 150); do
    curl -fsS "$base/api/ready" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; die "code-platform stopped"; }
    sleep 0.2
done
curl -fsS "$base/api/ready" >/dev/null || die "code-platform did not become ready"

token_of() { "$python" -c 'import json, sys; print(json.load(sys.stdin)["token"])'; }
learner=$(curl -fsS -X POST "$base/api/users" | token_of)
admin=$(curl -fsS -H 'Content-Type: application/json' \
    -d "{\"username\": \"admin\", \"password\": \"$admin_password\"}" "$base/api/admin/login" | token_of)

# One run per identity; each writes a HAR file (every request and its answer) the
# totals are counted from.
failed=0
for who in learner admin; do
    token=${!who}
    say "schemathesis as the $who ($EXAMPLES examples per operation and phase)"
    # From the scratch folder: schemathesis keeps a cache in its working directory.
    if ! (cd "$work" && "$VENV/bin/schemathesis" --config-file "$ROOT/code-platform/tests/fuzz/schemathesis.toml" \
        run "$base/api/openapi.json" \
        --checks all --continue-on-failure --max-examples "$EXAMPLES" --seed "$SEED" \
        --header "Authorization: Bearer $token" --request-timeout 20 \
        --suppress-health-check all --warnings off --workers 2 \
        --report har --report-har-path "$work/$who.har" >"$work/$who.log" 2>&1); then
        failed=1
    fi
    tail -n 40 "$work/$who.log"
done

# Totals: requests sent and answered, 5xx among them, and the failures schemathesis found.
"$python" - "$work" <<'PY'
import json, pathlib, re, sys
work = pathlib.Path(sys.argv[1])
total_requests = total_failures = 0
for who in ("learner", "admin"):
    entries = json.loads((work / f"{who}.har").read_text())["log"]["entries"]
    server_errors = sum(1 for e in entries if e["response"]["status"] >= 500)
    log = (work / f"{who}.log").read_text()
    found = re.search(r"(\d+) found (\d+) unique failure", log)
    failures = int(found.group(2)) if found else 0
    total_requests += len(entries)
    total_failures += failures
    print(f"fuzz totals ({who}): {len(entries)} requests, {server_errors} answered 5xx, {failures} failures")
print(f"fuzz totals: {total_requests} requests, {total_failures} failures")
PY
if grep -qE 'panicked' "$work/server.log"; then
    grep -E 'panicked' "$work/server.log" >&2
    failed=1
fi
[ "$failed" = 0 ] || die "the API fuzzer found failures (logs above)"
say "the API fuzzer found nothing"
