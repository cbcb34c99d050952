# The README names two targets: `make run` (set up, migrate, seed, serve) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test setup db seed serve lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

db: $(STAMP)
	$(BIN)/verkemiddelkart db upgrade

seed: db
	$(BIN)/verkemiddelkart seed

serve: $(STAMP)
	$(BIN)/verkemiddelkart serve --host 127.0.0.1 --port 8000

run: seed serve

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check catalogue analyser web tests bench

bench: $(STAMP)
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) var
