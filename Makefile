# Two entry points for a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLES := $(wildcard examples/*.yaml examples/en/*.yaml examples/languages/*.yaml)

.PHONY: demo test bench schemas clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/palais render $(EXAMPLES) --out out
	$(BIN)/palais render $(filter-out examples/meeting-page%,$(EXAMPLES)) --format html --out out
	$(BIN)/palais render examples/custom-kind/meeting.yaml \
	    --template-dir examples/custom-kind/templates --out out/custom-kind

# Some tests read the outputs back with the programs users open them with; where
# one is missing they are skipped, and this says so before the run.
CLIENTS := pdftotext:poppler-utils pandoc:pandoc chromium:chromium chromedriver:chromium-driver \
    soffice:libreoffice-writer-nogui

test: $(STAMP)
	@for pair in $(CLIENTS); do command -v $${pair%%:*} >/dev/null || \
	    echo "make test: $${pair%%:*} is not installed (apt-get install $${pair#*:}): the tests that use it are skipped"; done
	@command -v yaml-language-server >/dev/null || echo "make test: yaml-language-server is not installed (npm install --global yaml-language-server@1.25.0): the test that uses it is skipped"
	$(BIN)/python -m pytest -q -rs

# The JSON Schemas editors check meeting files with (the examples' first lines name
# them), written again from the cerberus schemas; a test says when they are stale.
KINDS := ga-letter ga-note ga-report iom-summary-report meeting-page
schemas: $(STAMP)
	for kind in $(KINDS); do $(BIN)/palais schema $$kind > schemas/json/$$kind.json; done
	$(BIN)/palais schema > schemas/json/meeting.json
	$(BIN)/palais schema co-chairs-summary --template-dir examples/custom-kind/templates \
	    > examples/custom-kind/co-chairs-summary.json

bench: $(STAMP)
	$(BIN)/python bench/bench.py

clean:
	rm -rf out $(VENV) *.egg-info
