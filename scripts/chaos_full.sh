#!/usr/bin/env bash
# The chaos and security suites at full strength: 10 random kills of each kind (seeds logged),
# 10,000 files, a sparse file over 4 GiB. Then the reliability table in docs/reliability.md.
#   scripts/chaos_full.sh                 # everything
#   NOOMUS_CHAOS_SEED=123 scripts/chaos_full.sh -k server_sigkill   # replay one seed
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export NOOMUS_FULL=1
mkdir -p test-artifacts
rm -f test-artifacts/reliability.json
status=0
python -m pytest tests/chaos tests/security -n "${NOOMUS_TEST_WORKERS:-2}" -p no:cacheprovider \
    -o timeout=3600 -rxXs "$@" || status=$?
python scripts/reliability_table.py || status=$?
exit "$status"
