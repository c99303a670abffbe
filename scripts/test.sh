#!/usr/bin/env bash
# The whole test suite: lint, types, then pytest (unit, integration, interop, gui, packaging).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
ruff check .
ruff format --check .
mypy
mkdir -p test-artifacts
rm -f test-artifacts/reliability.json
exec python -m pytest -n "${NOOMUS_TEST_WORKERS:-2}" --dist loadgroup --junitxml=test-artifacts/junit.xml "$@"
