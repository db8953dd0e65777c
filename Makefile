# The two commands a fresh machine needs: `make run` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

.PHONY: run test install lint typecheck pytest bench clean lock

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/crampcare serve

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy src/crampcare

pytest: $(STAMP)
	$(BIN)/pytest -W error

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# `pip list --format=freeze` prints NAME==VERSION even for a package installed from a local file or URL
# (`pip freeze` would print `NAME @ file://...`, which installs on this machine only).
lock:
	$(BIN)/pip list --format=freeze --exclude-editable \
	  | grep -v -i -E '^(crampcare|pip|setuptools|wheel|distribute)==' > requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache

.PHONY: bench-web
bench-web: $(STAMP)
	$(BIN)/python -m benchmarks web

# Interface text (issue 15): extract the marked strings into the template, merge them into every language's
# catalogue (new ones arrive untranslated: tests/test_i18n_catalogues.py fails until they are translated),
# then compile the .mo files next to the .po (a wheel build compiles them itself, see setup.py).
LOCALE := src/crampcare/locale
.PHONY: messages
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k pgettext:1c,2 --no-location --sort-output -w 120 \
	  --project crampcare --msgid-bugs-address "" -o $(LOCALE)/crampcare.pot .
	$(BIN)/pybabel update -i $(LOCALE)/crampcare.pot -d $(LOCALE) -D crampcare --no-fuzzy-matching --ignore-obsolete -w 120
	# No creation dates: they change on every run and would make every two branches' catalogues conflict.
	sed -i '/^"POT-Creation-Date: /d; /^"PO-Revision-Date: /d' $(LOCALE)/crampcare.pot $(LOCALE)/*/LC_MESSAGES/crampcare.po
	$(BIN)/pybabel compile -d $(LOCALE) -D crampcare --statistics
