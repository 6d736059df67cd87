#!/usr/bin/env bash
# The example third-party plugins (Examples/plugins/audit-log, Examples/plugins/greeting) rendered through --plugins
# into a copy of the blog example, then one `authgen pipeline` (build, the generated tests with the plugins' own,
# smoke run) for all the plugins named; then what each must have produced, and Templates/ untouched.
#   scripts/plugin-examples-check.sh AUTHGEN BUILD_PATH CHECK_TREE PLUGIN...   (PLUGIN: audit-log | greeting)
# Rendering both into one tree also shows that two plugins that know nothing of each other coexist.
set -euo pipefail

authgen=$1 build_path=$2 check_tree=$3
shift 3
[ $# -gt 0 ] || { echo "usage: $0 AUTHGEN BUILD_PATH CHECK_TREE audit-log|greeting..." >&2; exit 2; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
spec=$out/blog.yaml
cp Examples/blog.yaml "$spec"
printf 'plugins:\n' >> "$spec"
for plugin in "$@"; do
    case $plugin in
        audit-log) printf '  audit-log:\n    retention_days: 30\n' >> "$spec" ;;
        # No override of its setting: the default must reach .env.example, compose and the README by itself.
        greeting) printf '  greeting:\n    message: '"'"'Say "hi"'"'"'\n' >> "$spec" ;;
        *) echo "plugin-examples-check: unknown example plugin '$plugin' (audit-log or greeting)" >&2; exit 2 ;;
    esac
done

fail() { echo "plugin-examples-check: $*" >&2; exit 1; }

"$authgen" generate "$spec" -o "$out/blog-api" --plugins Examples/plugins >/dev/null
python3 scripts/tree_mirror.py "$out/blog-api" "$check_tree"
"$authgen" pipeline "$spec" -o "$check_tree" --plugins Examples/plugins --build-path "$build_path"

tree=$out/blog-api
for plugin in "$@"; do
    case $plugin in
        audit-log)
            for file in Sources/App/AuditLog/AuditLogMiddleware.swift Sources/App/Extensions/ServerExtensions.swift \
                Tests/AppTests/AuditLogTests.swift; do
                [ -f "$tree/$file" ] || fail "audit-log: $file was not rendered"
            done
            grep -q 'AuditLogExtension()' "$tree/Sources/App/Extensions/ServerExtensions.swift" \
                || fail "audit-log: AuditLogExtension is not in ServerExtensions.all"
            ;;
        greeting)
            grep -q '^GREETING_AUDIENCE=world$' "$tree/.env.example" || fail "greeting: GREETING_AUDIENCE is not in .env.example"
            grep -q 'GREETING_AUDIENCE' "$tree/docker-compose.yml" || fail "greeting: GREETING_AUDIENCE is not in docker-compose.yml"
            grep -q '/greeting`' "$tree/README.md" || fail "greeting: the README has no greeting route"
            grep -qF 'static let message = "Say \"hi\""' "$tree/Sources/App/Greeting/GreetingController.swift" \
                || fail "greeting: the message is not a Swift literal"
            ;;
    esac
done
git diff --quiet -- Templates/ || fail "Templates/ changed"
echo "plugin-examples-check: $* built and passed their tests in one server; Templates/ is unchanged"
