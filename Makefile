# Two commands, as in the README's Quick start:
#   make site   validate the pages, build the site into site/ and the offline copy into dist/
#   make test   run every test
#   make map    redraw the People and places map (maintainers; needs npm)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reproducible builds: dates in the output come from the last commit.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1667865600)
# Material prints a banner about its end of life on every build.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve map lock clean

# The build validates first: the hook scripts/hooks/validate.py runs scripts/validate.py's checks.
site: $(VENV)/.installed-build
	$(BIN)/mkdocs build --strict
	mkdir -p dist && cp site/*-offline.zip dist/

test: $(VENV)/.installed-test /usr/bin/chromium tests/node_modules/.package-lock.json scripts/map/node_modules/.package-lock.json
	$(BIN)/python -m pytest

serve: $(VENV)/.installed-build
	$(BIN)/mkdocs serve

# Two locks, so that building never waits for the test tools: the build's
# packages (what `mkdocs build` and scripts/validate.py import), then the
# test tools on top of them.
$(VENV)/.installed-build: requirements-build.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-build.lock
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-build requirements-test.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-build.lock -r requirements-test.lock
	touch $@

# The browser tests drive Debian's chromium: Playwright cannot download a browser here.
/usr/bin/chromium:
	apt-get update && apt-get install -y chromium

# axe-core, which the accessibility tests inject into pages: pinned in tests/package-lock.json.
tests/node_modules/.package-lock.json: tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund

# The map's data, OpenStreetMap's coastline and Natural Earth as npm packages pinned in scripts/map/package-lock.json;
# tests/test_map.py redraws the map from it and compares bytes. The build never needs it.
scripts/map/node_modules/.package-lock.json: scripts/map/package-lock.json
	cd scripts/map && npm ci --no-audit --no-fund

map: scripts/map/node_modules/.package-lock.json
	$(PYTHON) scripts/draw_map.py

# Re-pin every package after changing a version in pyproject.toml: the build's
# packages first, then the test tools with the build's versions as constraints,
# so that `make test` tests exactly what `make site` installs. Each lock keeps
# its three header lines.
DECLARED = $(PYTHON) -c "import sys, tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print(*(p['dependencies'] if sys.argv[1] == 'build' else p['optional-dependencies']['test']))"
lock:
	rm -rf $(VENV).lock && $(PYTHON) -m venv $(VENV).lock
	$(VENV).lock/bin/python -m pip install --quiet $$($(DECLARED) build)
	{ sed -n '1,3p' requirements-build.lock; $(VENV).lock/bin/python -m pip freeze; } > requirements-build.lock.new
	$(VENV).lock/bin/python -m pip install --quiet -c requirements-build.lock.new $$($(DECLARED) test)
	{ sed -n '1,3p' requirements-test.lock; $(VENV).lock/bin/python -m pip freeze | grep -vxF -f requirements-build.lock.new; } > requirements-test.lock.new
	mv requirements-build.lock.new requirements-build.lock && mv requirements-test.lock.new requirements-test.lock
	rm -rf $(VENV).lock

clean:
	rm -rf site dist $(VENV) tests/node_modules scripts/map/node_modules
