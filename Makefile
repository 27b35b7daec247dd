# Two commands, as in the README's Quick start:
#   make site   validate the pages, build the site into site/ and the offline copy into dist/
#   make test   run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reproducible builds: dates in the output come from the last commit.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1667865600)
# Material prints a banner about its end of life on every build.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve lock clean

# The build validates first: the hook scripts/hooks/validate.py runs scripts/validate.py's checks.
site: $(VENV)/.installed
	$(BIN)/mkdocs build --strict
	mkdir -p dist && cp site/*-offline.zip dist/

test: $(VENV)/.installed /usr/bin/chromium tests/node_modules/.package-lock.json
	$(BIN)/python -m pytest

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

# The browser tests drive Debian's chromium: Playwright cannot download a browser here.
/usr/bin/chromium:
	apt-get update && apt-get install -y chromium

# axe-core, which the accessibility tests inject into pages: pinned in tests/package-lock.json.
tests/node_modules/.package-lock.json: tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund

# Re-pin every package after changing a version in pyproject.toml.
lock:
	rm -rf $(VENV).lock && $(PYTHON) -m venv $(VENV).lock
	$(VENV).lock/bin/python -m pip install --quiet $$($(PYTHON) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print(' '.join(p['dependencies'] + p['optional-dependencies']['test']))")
	{ sed -n '1,3p' requirements.lock; $(VENV).lock/bin/python -m pip freeze; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf $(VENV).lock

clean:
	rm -rf site dist $(VENV) tests/node_modules
