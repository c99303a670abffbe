# The two commands a newcomer needs: `make demo` and `make test`.
.PHONY: demo test check bench bootstrap

bootstrap:
	./scripts/bootstrap.sh

demo: bootstrap
	.venv/bin/noomus-desktop --demo

test: bootstrap
	./scripts/test.sh

check: bootstrap
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

bench: bootstrap
	.venv/bin/python -m benchmarks
