#!/usr/bin/env bash
# The whole test suite: lint, types, then pytest (unit, integration, interop, gui, packaging);
# then, when no arguments narrow the run, the server suites again on a real PostgreSQL
# (tests/helpers/postgres.py; NOOMUS_SKIP_POSTGRES_PASS=1 leaves that pass out).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
ruff check .
ruff format --check .
mypy
mkdir -p test-artifacts
rm -f test-artifacts/reliability.json
workers="${NOOMUS_TEST_WORKERS:-2}"
python -m pytest -n "$workers" --dist loadgroup --junitxml=test-artifacts/junit.xml "$@"
if [ $# -eq 0 ] && [ -z "${NOOMUS_SKIP_POSTGRES_PASS:-}" ]; then
    # The server suites (tests/integration/server, tests/security) and the several-process
    # suites (tests/integration/cluster, tests/integration/loadbalancer: nginx in front of three
    # processes) on PostgreSQL; the PostgreSQL-only tests (tests/integration/database) already
    # ran in the first pass. Left out, because their subject is not the server's database and
    # the first pass covers them whole (the suite must stay under 20 minutes on 2 cores):
    # the staff tool facing a hostile server or restoring names (test_staff_tool_hostile,
    # test_staff_decrypt), the parsers (test_fuzz_parsers, in-process), the uploader's
    # transport policy (test_transport) and the rotation of log files (test_log_rotation).
    NOOMUS_TEST_DATABASE=postgresql python -m pytest -n "$workers" --dist loadgroup \
        --junitxml=test-artifacts/junit-postgresql.xml tests/integration/server tests/security \
        tests/integration/cluster tests/integration/loadbalancer \
        --deselect tests/security/test_staff_tool_hostile.py \
        --deselect tests/integration/server/test_staff_decrypt.py \
        --deselect tests/security/test_fuzz_parsers.py \
        --deselect tests/security/test_transport.py \
        --deselect tests/integration/server/test_log_rotation.py
fi
