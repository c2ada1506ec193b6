#!/usr/bin/env bash
# make bench: wall time and HTTP requests against the bundled simulator. Prints the figures; asserts nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
make_venv core-2.19 "$(find_python 3.11)" "$ROOT/tests/requirements/core-2.19.txt"
VENV="$VENVS/core-2.19"
stage_collection
trap 'stop_simulator; rm -rf "$WORK"' EXIT
start_simulator "$VENV/bin/python"
PATH="$VENV/bin:$PATH" SIM_KEY="$SIM_KEY" WORK="$WORK" "$VENV/bin/python" "$ROOT/tools/bench.py" "$@"
