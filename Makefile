# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.ebbtide-installed

.PHONY: run test bench lint clean-venv wheel-test bundle

$(STAMP): pyproject.toml packaging/install-system-deps.sh
	bash packaging/install-system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

run: $(STAMP)
	$(BIN)/python -m ebbtide $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check app tests benchmarks
	$(BIN)/mypy

# Runs every benchmark and writes docs/benchmarks.md (with the date and the machine).
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/report.py

# The bundled app (dist/ebbtide/), built with PyInstaller: docs/packaging.md.
$(VENV)/.ebbtide-bundle-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bundle]"
	touch $@

bundle: $(VENV)/.ebbtide-bundle-installed
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
	  packaging/pyinstaller/ebbtide.spec

clean-venv:
	rm -rf $(VENV)
