#!/usr/bin/env bash
# make test: every check of the project, from a fresh clone.
#   The matrix: ansible-core 2.15 (Python 3.9, as AAP 2.4 runs it) and 2.21 (Python 3.12), the oldest and the
#   newest supported, get sanity (no ignore file), units and integration against the simulator (on 2.15 without
#   the NEWEST_ONLY_TARGETS below; NEWEST_ONLY_TARGETS= runs them all there too); 2.16, 2.17, 2.18,
#   2.19 (Python 3.11) and 2.20 (Python 3.12) get units. Then ansible-lint, collection docs lint, changelog
#   lint, build, tarball content check, galaxy-importer and the documentation site.
# Three parallel jobs, sized for two cores: the oldest core; the newest core; the middle cores' units followed
#   by the lint/docs checks. Each job has its own work directory and simulator; its log is printed when all end.
# Environment: ONLY=sanity|units|integration|lint restricts the run; CORES="2.19" picks versions (each given
#   version then runs every stage asked for); TARGETS="telnyx_account playbooks" picks integration targets.
# Nothing is left behind: work directories are removed on exit, and ansible-test runs with HOME=.venv/home
#   (its pip bootstrap script, its sanity virtualenvs), so the user's ~/.ansible is not touched.
set -euo pipefail
# The jobs' logs live outside every work directory, so no job's clean-up can take them before they are printed.
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/telnyx-account-logs.XXXXXX")
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
trap 'cleanup; rm -rf "$LOGS"' EXIT
cd "$ROOT"

OLDEST=2.15
NEWEST=2.21
ALL_CORES="2.15 2.16 2.17 2.18 2.19 2.20 2.21"
# Integration targets that run on the newest core only: single-object modules whose code does not depend on the
# ansible-core version beyond AnsibleModule, which their module-level unit tests run on every core; together they
# take two thirds of the integration time. On the oldest core run the targets where the core matters: the role and
# playbooks, the inventory plugin, no_log masking, telnyx_account(_info), and one single-object module of each
# shape (telnyx_access_ip, the _info modules).
NEWEST_ONLY_TARGETS=${NEWEST_ONLY_TARGETS-telnyx_integration_secret telnyx_managed_account telnyx_telephony_credential \
telnyx_transport telnyx_address telnyx_billing_group telnyx_authentication_provider telnyx_access_ip_range}
ONLY=${ONLY:-all}
want() { [ "$ONLY" = all ] || [ "$ONLY" = "$1" ]; }

# python_of CORE -> the Python version that core's venv uses (one it supports as a controller)
python_of() {
    case $1 in
        2.15) echo 3.9 ;;
        2.16 | 2.17 | 2.18 | 2.19) echo 3.11 ;;
        2.20 | 2.21) echo 3.12 ;;
        *) echo "unknown ansible-core $1 (known: $ALL_CORES)" >&2; return 2 ;;
    esac
}

# prepare_core CORE -> creates its venv; sets CORE_VENV and PYVER, or fails naming the missing interpreter
prepare_core() {
    local core=$1 python
    PYVER=$(python_of "$core")
    if ! python=$(find_python "$PYVER"); then
        echo "python$PYVER not found: it is needed for ansible-core $core (pyenv install $PYVER)" >&2
        return 1
    fi
    CORE_VENV="$VENVS/core-$core"
    make_venv "core-$core" "$python" "$ROOT/tests/requirements/core-$core.txt"
}

# check TITLE COMMAND... -> logs TITLE and runs COMMAND, timed. A failure is recorded and the job goes on to its
# next check, so that one run shows every failure; the job fails at its end (job_steps).
FAILED_CHECKS=()
check() {
    local title=$1 start=$SECONDS
    shift
    log "$title"
    if "$@"; then
        printf '(%s: %d s)\n' "$title" $((SECONDS - start))
    else
        printf '(%s: FAILED after %d s)\n' "$title" $((SECONDS - start))
        FAILED_CHECKS+=("$title")
    fi
}

# The stages, run inside the staged collection. They run as `check` commands, where `set -e` does not apply:
# each command that can fail returns explicitly.
sanity_stage() {
    # In the core's venv itself (it holds what ansible-test's controller needs): no delegation venv to build on
    # each run; the sanity tests' own venvs are kept in .venv/home between runs.
    PATH="$CORE_VENV/bin:$PATH" ansible-test sanity --python "$PYVER" --color no
}

units_stage() {
    rm -rf tests/output/junit
    PATH="$CORE_VENV/bin:$PATH" ansible-test units --local --python "$PYVER" --color no --num-workers 2 || return 1
    "$CORE_VENV/bin/python" - tests/output/junit/*.xml <<'PY'
import sys
import xml.etree.ElementTree as ET
suites = [s for f in sys.argv[1:] for s in ET.parse(f).iter('testsuite')]
count = lambda key: sum(int(s.get(key, 0)) for s in suites)
print('unit tests: %d run, %d failed, %d skipped' % (count('tests'), count('failures') + count('errors'), count('skipped')))
PY
}

integration_stage() {
    local core=$1 targets=() target status=0
    start_simulator "$CORE_VENV/bin/python" || return 1
    printf 'telnyx_api_url: %s\ntelnyx_sim_url: %s\ntelnyx_api_key: %s\n' "$API_URL" "$SIM_URL" "$SIM_KEY" \
        > tests/integration/integration_config.yml
    if [ -n "${TARGETS:-}" ]; then
        read -r -a targets <<< "$TARGETS"
    elif [ "$core" != "$NEWEST" ]; then
        for target in $NEWEST_ONLY_TARGETS; do
            targets+=(--exclude "$target")
        done
    fi
    rm -rf tests/output/data
    PATH="$CORE_VENV/bin:$PATH" ansible-test integration --local --python "$PYVER" --color no --continue-on-error \
        "${targets[@]}" || status=$?
    stop_simulator
    "$CORE_VENV/bin/python" - tests/output/data/integration-*.json <<'PY'
import json
import sys
times = dict((t['name'], t['run_time_seconds']) for f in sys.argv[1:] for t in json.load(open(f))['targets'].values())
print('integration targets, seconds: ' + ', '.join('%s %d' % (n, s) for n, s in sorted(times.items(), key=lambda i: -i[1])))
PY
    return "$status"
}

# run_core CORE STAGE... -> runs the given stages (sanity units integration) on that core, in a staged copy
run_core() {
    local core=$1 stage
    shift
    CORE_VENV="$VENVS/core-$core"
    PYVER=$(python_of "$core")
    install_pip_bootstrap "$CORE_VENV"
    stage_collection
    cd "$COLLECTION"
    for stage in "$@"; do
        case $stage in
            sanity) check "ansible-test sanity (ansible-core $core, Python $PYVER)" sanity_stage ;;
            units) check "ansible-test units (ansible-core $core, Python $PYVER)" units_stage ;;
            integration) check "ansible-test integration against the simulator (ansible-core $core, Python $PYVER)" \
                integration_stage "$core" ;;
        esac
    done
    cd "$ROOT"
}

simulator_tests() {
    (cd "$ROOT" && "$VENVS/tools/bin/python" -m pytest -q -p no:cacheprovider tests/simulator)
}

sdk_tests() {
    (cd "$ROOT" && "$VENVS/sdk/bin/python" -m pytest -q -p no:cacheprovider tests/sdk)
}

tarball_check() {
    "$VENVS/tools/bin/python" "$ROOT/tools/check_tarball.py" "$WORK"/dist/telnyx-account-*.tar.gz
}

galaxy_importer() {
    (cd "$WORK/dist" && GALAXY_IMPORTER_CONFIG="$ROOT/tools/galaxy-importer.cfg" "$VENVS/tools/bin/python" \
        -m galaxy_importer.main "$WORK"/dist/telnyx-account-*.tar.gz)
}

run_lint() {
    local tools="$VENVS/tools/bin"
    export PATH="$tools:$PATH"   # antsibull-docs runs ansible and ansible-doc from PATH
    stage_collection
    cd "$COLLECTION"
    check "shellcheck of the scripts ansible-test sanity does not see (no .sh suffix)" \
        "$VENVS/core-$NEWEST/bin/shellcheck" -x "$ROOT/.ci/run"
    check "simulator tests (against the Telnyx OpenAPI documents when TELNYX_OPENAPI_SPEC is set)" \
        simulator_tests
    check "the official Telnyx Python SDK against the simulator (tests/sdk)" sdk_tests
    check "ansible-lint --profile production" \
        env ANSIBLE_COLLECTIONS_PATH="$WORK/collections" "$tools/ansible-lint" --profile production --offline
    check "antsibull-changelog lint" "$tools/antsibull-changelog" lint
    check "antsibull-docs lint-collection-docs --plugin-docs" \
        env ANSIBLE_COLLECTIONS_PATH="$WORK/collections" "$tools/antsibull-docs" lint-collection-docs --plugin-docs .
    mkdir -p "$WORK/dist"
    check "ansible-galaxy collection build" "$tools/ansible-galaxy" collection build --output-path "$WORK/dist" .
    check "tarball holds collection content only" tarball_check
    check "galaxy-importer" galaxy_importer
    cd "$ROOT"
    check "documentation site (make docs)" bash "$ROOT/tools/docs.sh"
}

# A job: a subshell with its own work directory (so its own staged copy and simulator) and its own log.
names=()
pids=()
start_job() {
    local name=$1
    shift
    (
        new_work
        on_exit_cleanup
        "$@"
    ) >"$LOGS/$name.log" 2>&1 &
    names+=("$name")
    pids+=("$!")
}
# job_steps STEP... -> runs each step ("CORE:stage,stage" or "lint") in turn; fails at the end if a check failed
job_steps() {
    local step stages
    for step in "$@"; do
        if [ "$step" = lint ]; then
            run_lint
        else
            IFS=, read -r -a stages <<< "${step#*:}"
            run_core "${step%%:*}" "${stages[@]}"
        fi
    done
    if [ "${#FAILED_CHECKS[@]}" -gt 0 ]; then
        log "failed in this job:"
        printf '    %s\n' "${FAILED_CHECKS[@]}"
        return 1
    fi
}

# What runs where: stages per core. With CORES given, each given core runs every stage asked for.
stages_wanted=()
for stage in sanity units integration; do
    if want "$stage"; then stages_wanted+=("$stage"); fi
done
full_steps=()
middle_steps=()
if [ "${#stages_wanted[@]}" -gt 0 ]; then
    for core in ${CORES:-$ALL_CORES}; do
        python_of "$core" >/dev/null
        if [ -n "${CORES:-}" ] || [ "$core" = "$OLDEST" ] || [ "$core" = "$NEWEST" ]; then
            full_steps+=("$core:$(IFS=,; echo "${stages_wanted[*]}")")
        elif want units; then
            middle_steps+=("$core:units")
        fi
    done
fi

# Virtualenvs first, one after the other (uv: seconds each), so that the jobs only test.
log "virtualenvs (uv) for ansible-core ${CORES:-$ALL_CORES}"
for step in "${full_steps[@]}" "${middle_steps[@]}"; do
    prepare_core "${step%%:*}"
done
if want lint; then
    prepare_core "$NEWEST"   # its shellcheck checks .ci/run
    make_venv tools "$(find_python 3.11)" "$ROOT/tests/requirements/tools.txt"
    make_venv sdk "$(find_python 3.11)" "$ROOT/tests/requirements/sdk.txt"
fi
use_test_home

for step in "${full_steps[@]}"; do
    start_job "ansible-core-${step%%:*}" job_steps "$step"
done
if [ "${#middle_steps[@]}" -gt 0 ] || want lint; then
    last=()
    label=""
    if [ "${#middle_steps[@]}" -gt 0 ]; then
        label="units-$(for step in "${middle_steps[@]}"; do printf '%s-' "${step%%:*}"; done)"
    fi
    if want lint; then
        last=(lint)
        label="${label}lint-docs-build"
    fi
    start_job "${label%-}" job_steps "${middle_steps[@]}" "${last[@]}"
fi

failed=()
for index in "${!pids[@]}"; do
    if ! wait "${pids[$index]}"; then
        failed+=("${names[$index]}")
    fi
done
for name in "${names[@]}"; do
    printf '\n######## %s ########\n' "$name"
    cat "$LOGS/$name.log" || echo "(the log of $name is missing)"
done
if [ "${#failed[@]}" -gt 0 ]; then
    log "FAILED: ${failed[*]}"
    exit 1
fi
log "all checks passed"
