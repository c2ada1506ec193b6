# Shared shell helpers for the make targets (sourced, not run).
# shellcheck shell=bash
#
# Sourcing this file creates a private work directory ($WORK, outside the repository) and arranges that it is
# removed, and the simulator stopped, when the script exits, however it exits. Temporary files of the tools
# the script runs go below $WORK too ($TMPDIR), so nothing is left behind in /tmp.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENVS="$ROOT/.venv"
SIM_KEY="sim-test-key-0123456789"
# The user's own home, remembered before any script points HOME at the project-local one (see use_test_home).
TELNYX_USER_HOME=${TELNYX_USER_HOME:-$HOME}
export TELNYX_USER_HOME

log() { printf '\n==> %s\n' "$*"; }

# new_work -> a fresh work directory in $WORK (outside the repository: ansible-test would otherwise see the
# staged copy as git-ignored files of this repository), with its own temporary directory as $TMPDIR.
new_work() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/telnyx-account.XXXXXX")
    mkdir -p "$WORK/tmp"
    export WORK TMPDIR="$WORK/tmp"
}

# cleanup: stops the simulator and removes the work directory; installed as the EXIT trap.
cleanup() {
    stop_simulator
    if [ -n "${WORK:-}" ]; then
        rm -rf "$WORK"
    fi
}

# on_exit_cleanup -> installs cleanup as the EXIT trap (an interrupt exits, so the trap runs then too).
# Subshells do not inherit traps: a background job calls this itself.
on_exit_cleanup() {
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

new_work
on_exit_cleanup

# use_test_home -> points HOME at a directory of this checkout (.venv/home), for ansible-test and the tools it
# runs: its pip bootstrap script, its sanity virtualenvs and Ansible's ~/.ansible/tmp go there, so the user's
# ~/.ansible, which other projects share, is neither read nor changed. `make clean` removes it.
use_test_home() {
    export HOME="$VENVS/home"
    mkdir -p "$HOME"
}

# find_python 3.12 -> path of a working interpreter of that version, or nothing
find_python() {
    local version=$1 candidate
    for candidate in "python$version" "${PYENV_ROOT:-$TELNYX_USER_HOME/.pyenv}/versions/$version"*/bin/"python$version" \
        "/usr/bin/python$version" "/usr/local/bin/python$version"; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys' >/dev/null 2>&1; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# uv -> runs the pinned uv (tests/requirements/uv.txt), installing it into .venv/uv on first use.
# uv creates the virtualenvs in seconds where python -m venv + pip takes a minute each.
uv() {
    local stamp
    stamp=$(sha256sum < "$ROOT/tests/requirements/uv.txt" | cut -c1-16)
    if [ ! -x "$VENVS/uv/bin/uv" ] || [ "$(cat "$VENVS/uv/.stamp" 2>/dev/null)" != "$stamp" ]; then
        rm -rf "$VENVS/uv"
        "$(find_python 3.11 || command -v python3)" -m venv "$VENVS/uv"
        "$VENVS/uv/bin/python" -m pip install -q --disable-pip-version-check -r "$ROOT/tests/requirements/uv.txt"
        echo "$stamp" > "$VENVS/uv/.stamp"
    fi
    UV_CACHE_DIR=${UV_CACHE_DIR:-$TELNYX_USER_HOME/.cache/uv} "$VENVS/uv/bin/uv" "$@"
}

# make_venv NAME PYTHON REQUIREMENTS_FILE -> creates or reuses $VENVS/NAME (recreated when the file, the Python or
# the venv's own path changes: a venv copied or moved elsewhere has scripts that point at the old path).
# Packages are installed with their bytecode, as pip installs them: uv leaves it out by default, and where
# PYTHONDONTWRITEBYTECODE is set nothing writes it later, so every ansible-playbook (and every module that
# imports a library) would compile its imports from source on every run.
make_venv() {
    local name=$1 python=$2 reqs=$3 dir="$VENVS/$1" stamp
    stamp=$( (cat "$reqs"; "$python" -c 'import sys; print(sys.version)'; echo "$dir bytecode") | sha256sum | cut -c1-16)
    if [ -x "$dir/bin/python" ] && [ "$(cat "$dir/.stamp" 2>/dev/null)" = "$stamp" ]; then
        return 0
    fi
    log "creating virtualenv $name with $python"
    rm -rf "$dir"
    uv venv -q --seed --python "$python" "$dir"
    uv pip install -q --compile-bytecode --python "$dir/bin/python" -r "$reqs"
    echo "$stamp" > "$dir/.stamp"
}

# install_pip_bootstrap VENV -> puts tools/get_pip.py where that ansible-test looks for its pip bootstrap script
# (in the project-local HOME of use_test_home; the real script cannot be downloaded here)
install_pip_bootstrap() {
    local venv=$1 version cache
    version=$("$venv/bin/python" - <<'PY'
import re, ansible_test, os
src = open(os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')).read()
print(re.search(r"pip='([0-9.]+)'", src).group(1))
PY
)
    cache="$HOME/.ansible/test/cache"
    case $cache in "$VENVS"/*) ;; *) echo "install_pip_bootstrap: HOME is not the project's test home" >&2; return 1 ;; esac
    mkdir -p "$cache"
    # Written aside and renamed, so that a parallel job never reads half a file.
    cp "$ROOT/tools/get_pip.py" "$cache/.get_pip.$BASHPID"
    mv -f "$cache/.get_pip.$BASHPID" "$cache/get_pip_${version//./_}.py"
}

# stage_collection -> copies the working tree (tracked and new files) to $WORK/ansible_collections/telnyx/account
stage_collection() {
    COLLECTION="$WORK/collections/ansible_collections/telnyx/account"
    rm -rf "$WORK/collections"
    mkdir -p "$COLLECTION"
    (cd "$ROOT" && git ls-files -co --exclude-standard -z | while IFS= read -r -d '' f; do
        if [ -e "$f" ]; then
            mkdir -p "$COLLECTION/$(dirname "$f")"
            cp -p "$f" "$COLLECTION/$f"
        fi
    done)
}

# start_simulator [PYTHON] [SIMULATOR OPTIONS...] -> starts the API simulator on a free loopback port;
# sets SIM_URL, API_URL, SIM_PID
start_simulator() {
    local python=${1:-python3} portfile
    shift || true
    portfile="$WORK/simport"
    rm -f "$portfile"
    "$python" "$ROOT/tests/simulator/telnyx_simulator.py" --port 0 --api-key "$SIM_KEY" --port-file "$portfile" "$@" \
        >"$WORK/simulator.log" 2>&1 &
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
