# scry — two commands on a fresh Debian machine with the Swift toolchain:
#   make run    builds in release mode and starts scry on the built-in dataset
#   make test   builds and runs every test (the chart tests draw each golden SVG with rsvg-convert;
#               the workbook tests read each workbook with openpyxl, from .build/venv)
SHELL := /bin/bash
SWIFT ?= swift
BUILT_IN := Sources/ScryStore/BuiltIn/BuiltInDataset+Files.swift
DATASET_FILES := $(wildcard examples/data/*/*.csv)

.PHONY: run test build release deps dataset clean

run: deps $(BUILT_IN)
	$(SWIFT) build -c release --product scry
	./.build/release/scry

build: deps $(BUILT_IN)
	$(SWIFT) build

release: deps $(BUILT_IN)
	$(SWIFT) build -c release --product scry

# Runs every test. Fails when the runner finds no tests: a run that tests nothing is a failure.
test: deps $(BUILT_IN)
	$(SWIFT) build --build-tests
	@mkdir -p .build
	@# The tests' files and folders go in a temporary folder of the run's own, removed after.
	@set -o pipefail; scratch=$$(mktemp -d -t scry-tests-XXXXXX); \
	TMPDIR=$$scratch $(SWIFT) test --skip-build 2>&1 | tee .build/test.log; status=$$?; \
	rm -rf "$$scratch"; exit $$status
	@tools/check-test-count .build/test.log

# The built-in dataset is compiled into the executable; regenerate it when examples/data changes.
dataset: $(BUILT_IN)

$(BUILT_IN): $(DATASET_FILES) tools/embed-dataset
	tools/embed-dataset examples/data $@

# Installs the system packages the build and the tests need, only when they are missing;
# then openpyxl, the workbook tests' independent reader, into .build/venv when it is missing.
VENV := .build/venv
deps:
	@missing=""; \
	pkg-config --exists libedit 2>/dev/null || missing="$$missing libedit-dev"; \
	pkg-config --exists zlib 2>/dev/null || missing="$$missing zlib1g-dev"; \
	python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	command -v sqlite3 >/dev/null 2>&1 || missing="$$missing sqlite3"; \
	command -v rsvg-convert >/dev/null 2>&1 || missing="$$missing librsvg2-bin"; \
	command -v pkg-config >/dev/null 2>&1 || missing="pkg-config $$missing"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi
	@if ! $(VENV)/bin/python -c 'import openpyxl' >/dev/null 2>&1; then \
		echo "installing openpyxl into $(VENV)"; \
		python3 -m venv $(VENV) && $(VENV)/bin/pip install --quiet --disable-pip-version-check openpyxl; \
	fi

clean:
	rm -rf .build
