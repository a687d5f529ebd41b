# Developer entry points. A fresh clone needs only `make demo` or `make test`:
# every target creates what it needs (.venv, web/node_modules, web/dist) itself.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEVPATH := $(VENV)/devpath
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := web/node_modules/.installed
WEB_OUT := web/dist/index.html
VENDOR_STAMP := _vendor/__init__.py
ATD := $(VENV)/bin/atd
WEB_SOURCES := $(shell find web/src -type f) web/build.mjs web/tsconfig.json web/package-lock.json
PYTEST := $(PY) -m pytest -p no:cacheprovider
# The oldest supported Anki (manifest min_point_version), pinned in requirements-oldest.txt.
VENV_OLDEST := .venv-oldest
VENV_OLDEST_STAMP := $(VENV_OLDEST)/.installed
DEMO_BASE ?= .demo-base


.PHONY: all venv vendor web manifest lint typecheck test test-js test-unit test-collab test-qt test-anki test-anki-oldest venv-oldest bench package demo clean

all: test

$(VENV_STAMP): requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@# The repository root is the package: expose it as `anki_template_designer`.
	mkdir -p $(DEVPATH)
	ln -sfn $(CURDIR) $(DEVPATH)/anki_template_designer
	echo "$(CURDIR)/$(DEVPATH)" > "$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/atd-dev.pth"
	touch $@

# `.venv/bin/atd`: the command-line tool (atd roundtrip, atd lint) from this checkout.
$(ATD): $(VENV_STAMP)
	printf '#!%s\nimport sys\nfrom anki_template_designer.cli import main\nsys.exit(main())\n' "$(CURDIR)/$(PY)" > $@
	chmod +x $@

venv: $(VENV_STAMP) $(ATD)

$(VENV_OLDEST_STAMP): requirements-oldest.txt
	$(PYTHON) -m venv $(VENV_OLDEST)
	$(VENV_OLDEST)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-oldest.txt
	mkdir -p $(VENV_OLDEST)/devpath
	ln -sfn $(CURDIR) $(VENV_OLDEST)/devpath/anki_template_designer
	echo "$(CURDIR)/$(VENV_OLDEST)/devpath" > "$$($(VENV_OLDEST)/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/atd-dev.pth"
	touch $@

venv-oldest: $(VENV_OLDEST_STAMP)

# Runtime dependencies, vendored with relative imports; used by tests and the package alike.
# Compiled ones (requirements-compiled.txt) once per platform under _vendor/<platform>/.
$(VENDOR_STAMP): pyproject.toml scripts/vendoring.py requirements-compiled.txt scripts/platform_wheels.py | $(VENV_STAMP)
	$(PY) scripts/vendoring.py
	$(PY) scripts/platform_wheels.py

vendor: $(VENDOR_STAMP)

$(NODE_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(WEB_OUT): $(NODE_STAMP) $(WEB_SOURCES)
	cd web && node build.mjs

web: $(WEB_OUT)

manifest: $(VENV_STAMP)
	$(PY) scripts/addon_meta.py

lint: $(VENV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) scripts/addon_meta.py --check

typecheck: $(VENV_STAMP) $(VENDOR_STAMP) $(NODE_STAMP)
	cd $(DEVPATH) && ../bin/python -m mypy --config-file $(CURDIR)/pyproject.toml \
		-p anki_template_designer.services -p anki_template_designer.sdk -p anki_template_designer.features \
		-p anki_template_designer.gui
	cd scripts && ../$(PY) -m mypy --config-file ../pyproject.toml --explicit-package-bases *.py
	cd web && npx tsc --noEmit -p .

test-js: $(NODE_STAMP)
	cd web && npm test --silent

test-unit: $(VENV_STAMP) $(VENDOR_STAMP) $(ATD) $(WEB_OUT)  # the package tests stage web/dist
	$(PYTEST) tests/unit
	$(ATD) roundtrip tests/corpus/templates

# The collaboration server as a real process on 127.0.0.1 (docs/collaboration.md).
test-collab: $(VENV_STAMP) $(VENDOR_STAMP) $(ATD)
	$(PYTEST) tests/collab

test-qt: $(VENV_STAMP) $(VENDOR_STAMP) $(WEB_OUT)
	$(PYTEST) tests/qt

test-anki: $(VENV_STAMP) $(VENDOR_STAMP) $(WEB_OUT)
	$(PYTEST) tests/anki

# The real-Anki tier again, inside the oldest supported Anki.
test-anki-oldest: $(VENV_OLDEST_STAMP) $(VENDOR_STAMP) $(WEB_OUT)
	$(VENV_OLDEST)/bin/python -m pytest -p no:cacheprovider tests/anki

# Everything CI checks; .ci/run calls exactly this.
test: lint typecheck test-js test-unit test-collab test-qt test-anki test-anki-oldest

# Benchmarks (figures, not pass/fail): each bench/bench_*.py prints a table with ratios
# against baselines measured in the same run.
bench: $(VENV_STAMP) $(VENDOR_STAMP) $(WEB_OUT)
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

package: $(VENV_STAMP) $(VENDOR_STAMP) $(WEB_OUT)
	$(PY) scripts/package.py

# Starts a throwaway Anki with a demo collection and the designer open.
# make demo HEADLESS=1 SCREENSHOT=/tmp/d.png  -> offscreen, saves a screenshot, exits 0.
demo: $(VENV_STAMP) $(VENDOR_STAMP) $(WEB_OUT)
	$(PY) scripts/run_anki.py --base $(DEMO_BASE) --fresh --stage-from-repo --open-designer \
		$(if $(HEADLESS),--headless --exit) $(if $(SCREENSHOT),--screenshot $(abspath $(SCREENSHOT)))

clean:
	rm -rf $(VENV) $(VENV_OLDEST) _vendor web/node_modules web/dist web/dist-tests dist $(DEMO_BASE) test-artifacts
