# The README's two commands are `make run` and `make test`; both install what
# is missing first and can be run again at any time.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
export PORT
# Links in emails and the QR codes of certificates name the server `make run`
# starts, whatever its port; a deployment sets its own address.
BASE_URL ?= http://127.0.0.1:$(PORT)
export BASE_URL

# WeasyPrint needs Pango, HarfBuzz's subsetter (without it, fontTools subsets
# the CJK font ~100 times slower) and the fonts every document is set in.
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	fonts-noto-cjk fonts-ukij-uyghur gettext
TEST_PACKAGES := $(RUN_PACKAGES) poppler-utils chromium

.PHONY: run test bench lint format messages lock install system-packages-run \
	system-packages-test prepare clean guide-screenshots

run: system-packages-run install prepare
	$(MANAGE) load_demo_data --if-empty
	scripts/serve

test: system-packages-test install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python scripts/check_translations.py
	mkdir -p "$${VAR_DIR:-var}"
	$(MANAGE) build_fonts
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0
	$(BIN)/pytest

bench: system-packages-test install prepare
	$(BIN)/python bench/run.py

system-packages-run:
	@scripts/install-system-packages $(RUN_PACKAGES)

system-packages-test:
	@scripts/install-system-packages $(TEST_PACKAGES)

install: $(VENV)/.installed

$(VENV)/.installed: requirements/lock.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# The fonts come before anything that runs the system checks, which warn
# while they are missing.
prepare:
	mkdir -p "$${VAR_DIR:-var}"
	$(MANAGE) build_fonts
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python scripts/check_translations.py

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Rebuilds the catalogues from the source; translate the new entries, then
# `make lint` checks that every placeholder survived. A "fuzzy" entry is
# msgmerge's guess from a similar sentence, not a translation:
# tests/config/test_admin_language.py fails until it is translated. The
# djangojs catalogue is kept by hand (see its header).
messages:
	$(MANAGE) makemessages --locale zh_Hans --locale ug --ignore=.venv \
		--ignore=var --no-obsolete --add-location file

# Photographs our admin for the guides (site/guides/screenshots/), on a
# throw-away database with the demo data; look at the pictures, then commit.
guide-screenshots: system-packages-test install
	mkdir -p "$${VAR_DIR:-var}"
	$(MANAGE) build_fonts
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0
	$(BIN)/python scripts/guide_screenshots.py

lock:
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements/lock.txt pyproject.toml

clean:
	rm -rf $(VENV) var
