#!/usr/bin/env bash
# make bench: builds the generator and the blog example in release mode, installs wrk if missing, then runs
# scripts/bench/bench.py, which prints the table and writes bench-results.json at the repository root.
#
# Build folders (override to reuse warm ones):
#   BENCH_GENERATOR_BUILD  the generator's release build      (default .build)
#   BENCH_RELEASE_BUILD    the blog server's release build    (default .build-release, shared with docker-check)
#   BENCH_DEBUG_BUILD      the incremental debug build, and the project it builds (default .build-bench)
# Scenario settings (BENCH_DURATION, BENCH_CONNECTIONS, ...) are listed at the top of bench.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
swift=${SWIFT:-swift}
generator_build=${BENCH_GENERATOR_BUILD:-$root/.build}
release_build=${BENCH_RELEASE_BUILD:-$root/.build-release}
debug_build=${BENCH_DEBUG_BUILD:-$root/.build-bench}
# This checkout's templates, also when the generator's build folder lives elsewhere.
export AUTHGEN_TEMPLATES=${AUTHGEN_TEMPLATES:-$root/Templates}

if ! command -v wrk >/dev/null 2>&1; then
    echo "bench: installing wrk (Debian package)" >&2
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get install -y wrk >&2 || { $sudo_cmd apt-get update >&2 && $sudo_cmd apt-get install -y wrk >&2; }
fi

echo "bench: release build of the generator" >&2
"$swift" build -c release --product authgen --scratch-path "$generator_build" >&2
# The same flags as the Dockerfile (and make docker-check), so the measured binary is the one that ships.
echo "bench: release build of Generated/blog-api" >&2
(cd Generated/blog-api && "$swift" build -c release --static-swift-stdlib --product blog-api --scratch-path "$release_build") >&2

exec python3 scripts/bench/bench.py \
    --authgen "$generator_build/release/authgen" \
    --server "$release_build/release/blog-api" \
    --debug-build "$debug_build"
