#!/usr/bin/env bash
# End-to-end check of regeneration on the blog example (make regen-check):
#   1. copy Generated/blog-api (with its .authgen/ manifest and base copies) to a temp folder (or $AUTHGEN_CHECK_TREE);
#   2. build that untouched copy and run its `migrate` on a SQLite file with one post in it: a deployed database;
#   3. edit PostController.swift by hand, add a field to `post` in a copy of Examples/blog.yaml;
#   4. `authgen generate` keeps the edit, adds the field and a new migration, and leaves the old migration byte-identical;
#   5. `authgen pipeline` builds, tests (SQLite, and PostgreSQL when TEST_DATABASE_URL is set) and smoke-runs the result;
#   6. the new binary's `migrate` upgrades the deployed database in place, keeping its row: a SQLite file always, and
#      a schema of TEST_DATABASE_URL's PostgreSQL database when it is set (checked with psql when installed).
# Usage: scripts/regen-check.sh AUTHGEN BUILD_PATH
set -euo pipefail

authgen=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
build_path=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/authgen-regen-check.XXXXXX")
pg_url=${TEST_DATABASE_URL:-}
pg_schema=regen_check_$$
cleanup() {
    if [ -n "$pg_url" ] && command -v psql >/dev/null 2>&1; then
        psql "$pg_url" -q -c "DROP SCHEMA IF EXISTS $pg_schema CASCADE" >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# AUTHGEN_CHECK_TREE: build in this folder (made to hold exactly Generated/blog-api) rather than a new one, so that
# SwiftPM recompiles only what differs from the last project built there (make regen-check sets it).
app=${AUTHGEN_CHECK_TREE:-$tmp/blog-api}
spec=$tmp/blog.yaml
database=$tmp/deployed.sqlite
controller=$app/Sources/App/Endpoints/PostController.swift
old_migration=Sources/App/Persistence/Migration+Posts.swift

step() { echo "regen-check: $*"; }
fail() { echo "regen-check: FAILED: $*" >&2; exit 1; }

step "copy Generated/blog-api to $app"
if [ -n "${AUTHGEN_CHECK_TREE:-}" ]; then
    python3 "$repo/scripts/tree_mirror.py" "$repo/Generated/blog-api" "$app" >/dev/null
else
    cp -R "$repo/Generated/blog-api" "$app"
fi
cp "$app/$old_migration" "$tmp/old-migration.swift"

step "build the untouched copy and migrate a SQLite database with it (the deployed version)"
(cd "$app" && swift build --scratch-path "$build_path" --product blog-api >"$tmp/old-build.log" 2>&1) \
    || { cat "$tmp/old-build.log" >&2; fail "the untouched copy does not build"; }
(cd "$app" && DATABASE_URL="sqlite://$database" "$build_path/debug/blog-api" migrate) || fail "old migrate"
python3 - "$database" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
now = time.time()
db.execute("INSERT INTO users (email, username, hashed_password, created_at) VALUES ('a@example.com', 'alice', 'x', ?)", (now,))
db.execute("INSERT INTO posts (author_id, title, content, published, created_at, updated_at) VALUES (1, 'Kept', 'Existing row', 0, ?, ?)", (now, now))
db.commit()
PY

if [ -n "$pg_url" ]; then
    step "migrate PostgreSQL schema $pg_schema with the old binary"
    case $pg_url in *\?*) separator='&' ;; *) separator='?' ;; esac
    (cd "$app" && DATABASE_URL="$pg_url${separator}schema=$pg_schema" "$build_path/debug/blog-api" migrate) || fail "old migrate (PostgreSQL)"
    if command -v psql >/dev/null 2>&1; then
        psql "$pg_url" -q -v ON_ERROR_STOP=1 >/dev/null <<SQL || fail "cannot add a row on PostgreSQL"
SET search_path TO $pg_schema;
INSERT INTO users (email, username, hashed_password, created_at) VALUES ('a@example.com', 'alice', 'x', now());
INSERT INTO posts (author_id, title, content, published, created_at, updated_at)
    SELECT id, 'Kept', 'Existing row', FALSE, now(), now() FROM users;
SQL
    fi
fi

step "edit PostController.swift by hand"
marker="// regen-check: a hand edit that must survive regeneration"
python3 - "$controller" "$marker" <<'PY'
import sys
path, marker = sys.argv[1], sys.argv[2]
text = open(path).read()
first = text.index("\n") + 1
text = text[:first] + marker + "\n" + text[first:]
# A harmless code change: a helper the controller does not use.
text += "\nextension PostController {\n    static let regenCheckNote = \"edited by hand\"\n}\n"
open(path, "w").write(text)
PY

step "add 'summary' to post in a copy of Examples/blog.yaml"
python3 - "$repo/Examples/blog.yaml" "$spec" <<'PY'
import sys
source, target = sys.argv[1], sys.argv[2]
line = "      published: {type: bool, default: false}\n"
text = open(source).read()
assert line in text, "Examples/blog.yaml changed: update regen-check.sh"
open(target, "w").write(text.replace(line, line + "      summary: {type: string, max_length: 300, optional: true}\n"))
PY

step "the plan touches only post's own files and the files that list every resource"
touched=$("$authgen" generate "$spec" -o "$app" --dry-run | awk '$1 ~ /^(create|update|keep|merge|conflict|delete|orphan)$/ { print $2 }')
[ -n "$touched" ] || fail "adding a field changes nothing"
for path in $touched; do
    case "$path" in
        *Post*|README.md|Sources/App/Persistence/Migrations.swift|Sources/App/Persistence/Migration+*) ;;
        # The account plugin makes an item of every owned resource for its tests (AccountTestSupport), and tests the
        # upgrade of each owned table while that upgrade is the table's last migration (AccountOwnedItemsTests).
        Tests/AppTests/AccountTestSupport.swift|Tests/AppTests/AccountOwnedItemsTests.swift) ;;
        # The api-keys plugin's tests create and change an item of every resource with its example JSON.
        Tests/AppTests/APIKeyTestSupport.swift) ;;
        *) fail "adding a field to post touched $path, which is not post's" ;;
    esac
done
echo "$touched" | sed 's/^/  /'

step "authgen generate"
"$authgen" generate "$spec" -o "$app"
grep -qF "$marker" "$controller" || fail "the hand-edit comment is gone"
grep -qF 'static let regenCheckNote = "edited by hand"' "$controller" || fail "the hand-edited code is gone"
grep -q "summary" "$app/Sources/App/Models/Post.swift" || fail "the new field is not in the model"
new_migration=$app/Sources/App/Persistence/Migration+AddSummaryToPosts.swift
[ -f "$new_migration" ] || fail "no new migration file"
# The statement as it stands in a Swift string literal: every identifier quoted, the quotes escaped.
grep -qF 'ALTER TABLE \"posts\" ADD COLUMN \"summary\"' "$new_migration" || fail "the new migration does not add the column"
grep -qF '.addSummaryToPosts,' "$app/Sources/App/Persistence/Migrations.swift" || fail "the new migration is not listed"
cmp -s "$tmp/old-migration.swift" "$app/$old_migration" || fail "the old migration's text changed"
grep -q '"add_summary_to_posts"' "$app/.authgen/manifest.json" || fail "the manifest does not record the new migration"
step "hand edit kept, field added, new migration added, old migration byte-identical"

step "authgen pipeline"
"$authgen" pipeline "$spec" -o "$app" --build-path "$build_path"

step "upgrade the deployed database in place with the new binary"
(cd "$app" && DATABASE_URL="sqlite://$database" "$build_path/debug/blog-api" migrate) || fail "new migrate"
python3 - "$database" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
columns = [row[1] for row in db.execute("PRAGMA table_info(posts)")]
assert "summary" in columns, f"posts has no summary column: {columns}"
applied = [row[0] for row in db.execute("SELECT name FROM schema_migrations ORDER BY name")]
assert "add_summary_to_posts" in applied, f"migration not recorded: {applied}"
rows = list(db.execute("SELECT title, summary FROM posts"))
assert rows == [("Kept", None)], f"the existing row changed: {rows}"
print(f"regen-check: posts columns: {', '.join(columns)}; migrations: {', '.join(applied)}; existing row kept")
PY
if [ -n "$pg_url" ]; then
    step "upgrade PostgreSQL schema $pg_schema in place with the new binary"
    (cd "$app" && DATABASE_URL="$pg_url${separator}schema=$pg_schema" "$build_path/debug/blog-api" migrate) || fail "new migrate (PostgreSQL)"
    if command -v psql >/dev/null 2>&1; then
        rows=$(psql "$pg_url" -At -v ON_ERROR_STOP=1 \
            -c "SELECT title || '|' || coalesce(summary, '<null>') FROM $pg_schema.posts" \
            -c "SELECT count(*) FROM $pg_schema.schema_migrations WHERE name = 'add_summary_to_posts'") \
            || fail "cannot read the upgraded PostgreSQL schema"
        [ "$rows" = "$(printf 'Kept|<null>\n1')" ] || fail "unexpected PostgreSQL state after the upgrade: $rows"
        step "PostgreSQL: posts.summary added, add_summary_to_posts recorded, existing row kept"
    else
        step "PostgreSQL: migrated (psql not installed: the row check is skipped)"
    fi
fi
step "passed"
