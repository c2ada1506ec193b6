#!/usr/bin/env bash
# make test: every check of the project, from a fresh clone.
#   sanity (no ignore file), units and integration on ansible-core 2.19 / Python 3.11, again on
#   2.21 / Python 3.12 when that interpreter exists; then ansible-lint, collection docs lint,
#   changelog lint, build, tarball content check and galaxy-importer.
# The two ansible-core versions and the lint checks run as three parallel jobs, each in its own work
# directory, with its own simulator; their logs are printed in order when they end.
# Environment: ONLY=sanity|units|integration|lint restricts the run; CORES="2.19" picks versions;
# TARGETS="telnyx_account playbooks" picks integration targets.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ONLY=${ONLY:-all}
CORES=${CORES:-2.19 2.21}
want() { [ "$ONLY" = all ] || [ "$ONLY" = "$1" ]; }
run_core() {
    local core=$1 pyver=$2 python venv
    trap stop_simulator EXIT
    if ! python=$(find_python "$pyver"); then
        log "python$pyver not found: skipping ansible-core $core"
        return 0
    fi
    venv="$VENVS/core-$core"
    make_venv "core-$core" "$python" "$ROOT/tests/requirements/core-$core.txt"
    install_pip_bootstrap "$venv"
    stage_collection
    export PATH="$venv/bin:$PATH"
    cd "$COLLECTION"
    if want sanity; then
        log "ansible-test sanity (ansible-core $core, Python $pyver)"
        ansible-test sanity --venv --python "$pyver" --color no
    fi
    if want units; then
        log "ansible-test units (ansible-core $core, Python $pyver)"
        ansible-test units --local --python "$pyver" --color no --num-workers 2
    fi
    if want integration; then
        log "ansible-test integration against the simulator (ansible-core $core, Python $pyver)"
        start_simulator "$venv/bin/python"
        printf 'telnyx_api_url: %s\ntelnyx_sim_url: %s\ntelnyx_api_key: %s\n' "$API_URL" "$SIM_URL" "$SIM_KEY" \
            > tests/integration/integration_config.yml
        ansible-test integration --local --python "$pyver" --color no ${TARGETS:-}
        stop_simulator
    fi
    cd "$ROOT"
    export PATH="${PATH#"$venv/bin:"}"
}

run_lint() {
    make_venv tools "$(find_python 3.11)" "$ROOT/tests/requirements/tools.txt"
    TOOLS="$VENVS/tools/bin"
    export PATH="$TOOLS:$PATH"
    stage_collection
    cd "$COLLECTION"
    log "simulator against the Telnyx OpenAPI document (skipped unless TELNYX_OPENAPI_SPEC is set)"
    (cd "$ROOT" && "$TOOLS/python" -m pytest -q -p no:cacheprovider tests/simulator)
    log "ansible-lint --profile production"
    ANSIBLE_COLLECTIONS_PATH="$WORK/collections" "$TOOLS/ansible-lint" --profile production --offline
    log "antsibull-changelog lint"
    "$TOOLS/antsibull-changelog" lint
    log "antsibull-docs lint-collection-docs --plugin-docs"
    ANSIBLE_COLLECTIONS_PATH="$WORK/collections" "$TOOLS/antsibull-docs" lint-collection-docs --plugin-docs .
    log "ansible-galaxy collection build"
    rm -rf "$WORK/dist" && mkdir -p "$WORK/dist"
    "$TOOLS/ansible-galaxy" collection build --output-path "$WORK/dist" .
    tarball=$(ls "$WORK/dist"/telnyx-account-*.tar.gz)
    log "tarball holds collection content only"
    "$TOOLS/python" "$ROOT/tools/check_tarball.py" "$tarball"
    log "galaxy-importer"
    (cd "$WORK/dist" && GALAXY_IMPORTER_CONFIG="$ROOT/tools/galaxy-importer.cfg" "$TOOLS/python" -m galaxy_importer.main "$tarball")
    cd "$ROOT"
    log "documentation site (make docs)"
    bash "$ROOT/tools/docs.sh"
}

# Each job: its own work directory (so its own staged copy and simulator), its own log.
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/telnyx-account-logs.XXXXXX")
names=()
pids=()
start_job() {
    local name=$1
    shift
    ( WORK=$(mktemp -d "${TMPDIR:-/tmp}/telnyx-account.XXXXXX"); "$@" ) >"$LOGS/$name.log" 2>&1 &
    names+=("$name")
    pids+=("$!")
}
# The lint job first: its log is printed first, and the test runners' summaries come last.
if want lint; then
    start_job "lint-docs-build" run_lint
fi
for core in $CORES; do
    want sanity || want units || want integration || break
    case $core in
        2.19) start_job "ansible-core-2.19" run_core 2.19 3.11 ;;
        2.21) start_job "ansible-core-2.21" run_core 2.21 3.12 ;;
        *) echo "unknown ansible-core $core" >&2; exit 2 ;;
    esac
done
failed=()
for index in "${!pids[@]}"; do
    if ! wait "${pids[$index]}"; then
        failed+=("${names[$index]}")
    fi
done
for name in "${names[@]}"; do
    printf '\n######## %s ########\n' "$name"
    cat "$LOGS/$name.log"
done
rm -rf "$LOGS"
if [ "${#failed[@]}" -gt 0 ]; then
    log "FAILED: ${failed[*]}"
    exit 1
fi
log "all checks passed"
