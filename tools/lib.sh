# Shared shell helpers for the make targets (sourced, not run).
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Outside the repository: ansible-test would otherwise see the staged copy as git-ignored files of this repo.
WORK=${TELNYX_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/telnyx-account.XXXXXX")}
VENVS="$ROOT/.venv"
SIM_KEY="sim-test-key-0123456789"

log() { printf '\n==> %s\n' "$*"; }

# find_python 3.12 -> path of a working interpreter of that version, or nothing
find_python() {
    local version=$1 candidate
    for candidate in "python$version" "$HOME/.pyenv/versions/$version"*/bin/"python$version" "/usr/bin/python$version" "/usr/local/bin/python$version"; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys' >/dev/null 2>&1; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# make_venv NAME PYTHON REQUIREMENTS_FILE -> creates or reuses $VENVS/NAME
make_venv() {
    local name=$1 python=$2 reqs=$3 dir="$VENVS/$1" stamp
    stamp=$(cat "$reqs" | sha256sum | cut -c1-16)
    if [ -x "$dir/bin/python" ] && [ "$(cat "$dir/.stamp" 2>/dev/null)" = "$stamp" ]; then
        return 0
    fi
    log "creating virtualenv $name with $python"
    rm -rf "$dir"
    "$python" -m venv "$dir"
    "$dir/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    "$dir/bin/python" -m pip install -q --disable-pip-version-check -r "$reqs"
    echo "$stamp" > "$dir/.stamp"
}

# install_pip_bootstrap VENV -> caches tools/get_pip.py where that ansible-test looks for its pip bootstrap script
install_pip_bootstrap() {
    local venv=$1 version
    version=$("$venv/bin/python" - <<'PY'
import re, ansible_test, os
src = open(os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')).read()
print(re.search(r"pip='([0-9.]+)'", src).group(1))
PY
)
    mkdir -p "$HOME/.ansible/test/cache"
    # Written aside and renamed, so that a parallel job never reads half a file.
    cp "$ROOT/tools/get_pip.py" "$HOME/.ansible/test/cache/.get_pip.$$"
    mv -f "$HOME/.ansible/test/cache/.get_pip.$$" "$HOME/.ansible/test/cache/get_pip_${version//./_}.py"
}

# stage_collection -> copies the working tree (tracked and new files) to $WORK/ansible_collections/telnyx/account
stage_collection() {
    COLLECTION="$WORK/collections/ansible_collections/telnyx/account"
    rm -rf "$WORK/collections"
    mkdir -p "$COLLECTION"
    (cd "$ROOT" && git ls-files -co --exclude-standard -z | while IFS= read -r -d '' f; do
        [ -e "$f" ] && { mkdir -p "$COLLECTION/$(dirname "$f")"; cp -p "$f" "$COLLECTION/$f"; }
    done)
}

# start_simulator -> starts the API simulator on a free loopback port; sets SIM_URL, API_URL, SIM_PID
start_simulator() {
    local python=${1:-python3} portfile
    mkdir -p "$WORK"
    portfile=$(mktemp "$WORK/simport.XXXXXX")
    rm -f "$portfile"
    "$python" "$ROOT/tests/simulator/telnyx_simulator.py" --port 0 --api-key "$SIM_KEY" --port-file "$portfile" >"$WORK/simulator.log" 2>&1 &
    SIM_PID=$!
    for _ in $(seq 1 100); do
        [ -s "$portfile" ] && break
        sleep 0.1
    done
    [ -s "$portfile" ] || { echo "simulator did not start" >&2; cat "$WORK/simulator.log" >&2; return 1; }
    SIM_URL="http://127.0.0.1:$(cat "$portfile")"
    API_URL="$SIM_URL/v2"
    rm -f "$portfile"
    export SIM_URL API_URL SIM_PID
}

stop_simulator() {
    if [ -n "${SIM_PID:-}" ]; then
        kill "$SIM_PID" 2>/dev/null || true
        wait "$SIM_PID" 2>/dev/null || true
        SIM_PID=
    fi
}
