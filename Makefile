# Two commands do everything:  make run  (load the warehouse)  and  make test  (the whole suite).
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := $(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/uv
endif

.PHONY: install run test lint bench clean-state

.venv/.installed: pyproject.toml uv.lock
	@test -x "$(UV)" || $(PYTHON) -m pip install --quiet uv
	"$(UV)" sync --frozen --python $(PYTHON)
	@touch $@

install: .venv/.installed

run: install
	.venv/bin/newsetl run

test: install
	.venv/bin/pytest -n 2 --dist loadfile

lint: install
	.venv/bin/ruff check etl dags tests

bench: install
	.venv/bin/python benchmarks/run.py

clean-state:
	-.venv/bin/newsetl warehouse stop
	rm -rf .newsetl
