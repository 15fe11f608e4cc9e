# Two commands do everything: `make report` and `make test`; `make programme` compares events.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
EVENT  ?= data/raw/rennes-2019-11-28
OUT    ?= reports/$(notdir $(EVENT))
PROGRAMME ?= data/raw/rennes-2019-11-28 data/raw/aubusson-2020-02-06
PROGRAMME_OUT ?= reports/programme
STAMP  := $(VENV)/.installed

.PHONY: install report programme test bench lab clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (insights)"
	touch $(STAMP)

install: $(STAMP)

report: $(STAMP)
	$(BIN)/insights report $(EVENT) --out $(OUT)

programme: $(STAMP)
	$(BIN)/insights programme $(PROGRAMME) --out $(PROGRAMME_OUT)

# Tests and notebooks run on every core (pytest-xdist); a test file, and so a notebook, stays
# in one worker (--dist loadfile: nbval runs a notebook's cells in order in one kernel).
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile tests
	$(BIN)/python -m pytest -n auto --dist loadfile --nbval-lax --nbval-current-env -p no:cacheprovider notebooks

lab: $(STAMP)
	$(BIN)/python -m pip install -e '.[dev,lab]'
	$(BIN)/jupyter lab notebooks

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) data/processed/* reports out .pytest_cache
