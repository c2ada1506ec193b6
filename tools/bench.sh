#!/usr/bin/env bash
# make bench: wall time and HTTP requests against the bundled simulator. Prints the figures; asserts nothing.
#   tools/bench.py: one module task against a ping task; the 1,000-object account (create, no-op, peak RSS) against
#   a ping playbook loading the same vars; a loop against one call; then the 1,000 objects at 50 and 100 ms of
#   latency under an announced limit of 100 requests per second, with api_concurrency 1 and 8 side by side.
#   tools/bench_accounts.py (when present): the baseline over many managed accounts against a ping play.
# Not part of make test: it measures, and takes several minutes.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
make_venv core-2.19 "$(find_python 3.11)" "$ROOT/tests/requirements/core-2.19.txt"
CORE_VENV="$VENVS/core-2.19"
stage_collection
start_simulator "$CORE_VENV/bin/python"
export PATH="$CORE_VENV/bin:$PATH" SIM_KEY WORK
# BENCH_ONLY=ansible|latency|accounts runs one part (see tools/bench.py and tools/bench_accounts.py).
only=${BENCH_ONLY:-all}
if [ "$only" != accounts ]; then
    "$CORE_VENV/bin/python" "$ROOT/tools/bench.py" "$@"
fi
if [ -f "$ROOT/tools/bench_accounts.py" ] && { [ "$only" = all ] || [ "$only" = accounts ]; }; then
    "$CORE_VENV/bin/python" "$ROOT/tools/bench_accounts.py"
fi
