# authgen: see README.md. Every target runs from a fresh clone; nothing needs installing by hand but Swift.
SWIFT ?= swift
AUTHGEN := .build/debug/authgen
EXAMPLES := $(wildcard Examples/*.yaml)
# The generated projects share one build folder so their common dependencies compile once.
GENERATED_BUILD := $(CURDIR)/.build-generated

.PHONY: build test test-generator check-generated pipelines generate demo bench clean

build:
	$(SWIFT) build

# Generator tests, then the drift check of Generated/, then the pipeline (build, test, smoke) of every example.
test: test-generator check-generated pipelines

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

generate: build
	@for spec in $(EXAMPLES); do $(AUTHGEN) generate $$spec || exit $$?; done

# Generates the blog example, builds it and starts it on SQLite at http://127.0.0.1:8080.
demo: build
	$(AUTHGEN) generate Examples/blog.yaml
	cd Generated/blog-api && $(SWIFT) run --scratch-path $(GENERATED_BUILD) blog-api serve

bench:
	@echo "make bench: not implemented yet (it arrives with the benchmark issue)"; exit 1

clean:
	rm -rf .build .build-generated
