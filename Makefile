# The README names two targets: `make run` (set up, migrate, seed, serve) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test setup db seed serve lint bench bench-search clean messages

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

# ruff lint and format, mypy strict on catalogue/ and analyser/ (settings in pyproject.toml); .ci/run runs it.
lint: $(STAMP)
	$(BIN)/ruff check catalogue analyser web tests bench docs
	$(BIN)/ruff format --check catalogue analyser web tests bench docs
	$(BIN)/mypy

# Benchmarks (figures go to docs/): analyser, funding paths, HTML pages, in-process search.
bench: $(STAMP)
	$(BIN)/python -m bench.bench_analyser
	$(BIN)/python -m bench.bench_paths
	$(BIN)/python -m bench.bench_pages
	$(BIN)/python -m bench.search_inprocess

# Side by side with Datasette (needs wrk and /work/bench-venv with datasette; see docs/performance.md).
bench-search: $(STAMP)
	$(BIN)/python -m bench.search_bench --sizes 10000 100000 --seconds 30

# Extract every interface string (pages, reports, CLI, vocabulary labels, analyser messages) and merge them
# into web/locale/{nn,nb,en}/LC_MESSAGES/messages.po, the one catalogue (docs/web.md).
messages: $(STAMP)
	$(BIN)/pybabel extract -F web/babel.cfg -k N_ -k msg -k nmsg:1,2 --no-location --sort-output --omit-header \
		-o web/locale/messages.pot .
	$(BIN)/pybabel update -i web/locale/messages.pot -d web/locale -D messages --no-fuzzy-matching --ignore-obsolete -w 110

clean:
	rm -rf $(VENV) var
