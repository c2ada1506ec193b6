#!/usr/bin/env bash
# make test: every check of the project, from a fresh clone.
#   The matrix: ansible-core 2.15 (Python 3.9, as AAP 2.4 runs it) and 2.21 (Python 3.12), the oldest and the
#   newest supported, get sanity (no ignore file; pylint on the newest only, see SANITY_PARTS) and integration
#   against the simulator (the NEWEST_ONLY_TARGETS on 2.21 only, the OLDEST_ONLY_TARGETS on 2.15
#   only; set either to empty to run its targets on both); 2.16, 2.17, 2.18, 2.19 (Python 3.11) and 2.20 (Python
#   3.12), and 2.15 too, get the unit tests by pytest with ansible-test's collection plugin (2.21 by ansible-test
#   units). Then ansible-lint, collection docs lint, build, tarball content check, galaxy-importer, the
#   simulator's and the official SDK's tests and the documentation site (the changelog is linted by sanity).
# The checks are independent tasks run TEST_JOBS at a time (default 3; the run is bound by the two cores), the
#   longest first; sanity and integration are split into parts, each with its own work directory, staged copy and
#   simulator. Each task's log is printed when all end, with the wall time of each task and of the whole run.
# Environment: ONLY=sanity|units|integration|lint restricts the run; CORES="2.19" picks versions (each given
#   version then runs every stage asked for); TARGETS="telnyx_account playbooks" picks integration targets;
#   TEST_JOBS=N tasks at once.
# Nothing is left behind: work directories are removed on exit, and ansible-test runs with HOME=.venv/home
#   (its pip bootstrap script, its sanity virtualenvs), so the user's ~/.ansible is not touched.
set -euo pipefail
# The tasks' logs live outside every work directory, so no task's clean-up can take them before they are printed.
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/telnyx-account-logs.XXXXXX")
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
trap 'cleanup; rm -rf "$LOGS"' EXIT
cd "$ROOT"
RUN_START=$SECONDS

OLDEST=2.15
NEWEST=2.21
ALL_CORES="2.15 2.16 2.17 2.18 2.19 2.20 2.21"
TEST_JOBS=${TEST_JOBS:-3}
# Integration targets that run on the newest core only: single-object modules whose code does not depend on the
# ansible-core version beyond AnsibleModule, which their module-level unit tests run on every core (main() through
# the core's own AnsibleModule). On the oldest core run the targets where the core matters: the role and playbooks
# (telnyx_account through the role, per host and on localhost), the inventory plugin, no_log masking,
# telnyx_account_info and the _info modules.
NEWEST_ONLY_TARGETS=${NEWEST_ONLY_TARGETS-telnyx_integration_secret telnyx_managed_account telnyx_telephony_credential \
telnyx_transport telnyx_address telnyx_billing_group telnyx_authentication_provider telnyx_access_ip_range \
telnyx_access_ip telnyx_account}
# And one target that runs on the oldest core only: the baseline over 20 managed accounts (inventory plugin, role,
# forks), the heaviest target, for the AAP 2.4 (ansible-core 2.15) controllers resellers run; on the newest core
# the inventory plugin and the role are covered by managed_accounts_inventory and playbooks.
OLDEST_ONLY_TARGETS=${OLDEST_ONLY_TARGETS-managed_accounts_baseline}
# Integration parts: the targets of one core are dealt to this many parts (own staged copy and simulator each),
# heaviest first, by the rough seconds below (a target not listed counts 60).
INTEGRATION_PARTS=${INTEGRATION_PARTS:-3}
TARGET_SECONDS="managed_accounts_baseline:180 telnyx_account:120 telnyx_transport:90 telnyx_integration_secret:80
telnyx_access_ip:80 telnyx_address:75 telnyx_billing_group:75 managed_accounts_inventory:70 telnyx_telephony_credential:65
telnyx_managed_account:65 telnyx_authentication_provider:55 telnyx_access_ip_range:50 playbooks:30
telnyx_access_ip_range_info:25 secrets_never_logged:20 telnyx_account_info:20 telnyx_access_ip_info:15"
# Sanity parts: pylint alone, validate-modules with ansible-doc and import, then the rest. On the oldest core pylint
# is left out (OLDEST_SANITY_PYLINT=1 runs it): it lints the same source that the newest core's newer pylint lints,
# while what depends on the core and its Python (validate-modules, ansible-doc, import and compile on Python 3.9,
# yamllint, runtime-metadata) runs on both.
SANITY_PARTS=("--test pylint" "--test validate-modules --test ansible-doc --test import"
    "--skip-test pylint --skip-test validate-modules --skip-test ansible-doc --skip-test import")
OLDEST_SANITY_PYLINT=${OLDEST_SANITY_PYLINT:-0}
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

# prepare_core CORE -> creates its venv; fails naming the missing interpreter
prepare_core() {
    local core=$1 python
    if ! python=$(find_python "$(python_of "$core")"); then
        echo "python$(python_of "$core") not found: it is needed for ansible-core $core (pyenv install $(python_of "$core"))" >&2
        return 1
    fi
    make_venv "core-$core" "$python" "$ROOT/tests/requirements/core-$core.txt"
}

# check TITLE COMMAND... -> logs TITLE and runs COMMAND, timed. A failure is recorded and the task goes on to its
# next check, so that one run shows every failure; the task fails at its end.
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

checks_passed() {
    if [ "${#FAILED_CHECKS[@]}" -gt 0 ]; then
        log "failed in this task:"
        printf '    %s\n' "${FAILED_CHECKS[@]}"
        return 1
    fi
}

# in_core CORE -> sets CORE_VENV and PYVER, puts the pip bootstrap script in place and stages the collection
in_core() {
    CORE_VENV="$VENVS/core-$1"
    PYVER=$(python_of "$1")
    install_pip_bootstrap "$CORE_VENV"
    stage_collection
    cd "$COLLECTION"
}

# ------------------------------------------------------------------------------------------------ the tasks
# Each task runs in a subshell with its own work directory; its output is its log.
sanity_task() {
    local core=$1 part
    shift
    part="$*"
    in_core "$core"
    # In the core's venv itself (it holds what ansible-test's controller needs): no delegation venv to build on
    # each run; the sanity tests' own venvs are kept in .venv/home between runs. Parts select disjoint tests, so
    # no two parts build the same venv.
    check "ansible-test sanity $part (ansible-core $core, Python $PYVER)" \
        env PATH="$CORE_VENV/bin:$PATH" ansible-test sanity --python "$PYVER" --color no "$@"
    checks_passed
}

# junit_summary -> the count of unit tests run, failed and skipped, from tests/output/junit
junit_summary() {
    "$CORE_VENV/bin/python" - tests/output/junit/*.xml <<'PY'
import sys
import xml.etree.ElementTree as ET
suites = [s for f in sys.argv[1:] for s in ET.parse(f).iter('testsuite')]
count = lambda key: sum(int(s.get(key, 0)) for s in suites)
print('unit tests: %d run, %d failed, %d skipped' % (count('tests'), count('failures') + count('errors'), count('skipped')))
PY
}

units_run() {
    rm -rf tests/output/junit
    PATH="$CORE_VENV/bin:$PATH" ansible-test units --local --python "$PYVER" --color no --num-workers 2 || return 1
    junit_summary
}

units_task() {
    in_core "$1"
    check "ansible-test units (ansible-core $1, Python $PYVER)" units_run
    checks_passed
}

# The middle cores: the same unit tests through pytest with ansible-test's own collection plugin (what ansible-test
# units runs), in one process pool instead of one forked process per test: the same tests, a fifth of the time.
pytest_units_run() {
    local plugins
    plugins=$("$CORE_VENV/bin/python" -c 'import ansible_test, os; print(os.path.join(os.path.dirname(ansible_test.__file__), "_util", "target", "pytest", "plugins"))')
    rm -rf tests/output/junit
    mkdir -p tests/output/junit
    env PYTHONPATH="$plugins:$WORK/collections" PYTEST_PLUGINS=ansible_pytest_collections \
        ANSIBLE_COLLECTIONS_PATH="$WORK/collections" ANSIBLE_CONTROLLER_MIN_PYTHON_VERSION="$PYVER" \
        "$CORE_VENV/bin/python" -m pytest -q -n 2 -p no:cacheprovider --strict-markers --rootdir . --confcutdir . \
        -c "$plugins/../../../../_data/pytest/config/default.ini" --junit-xml tests/output/junit/units.xml tests/unit \
        || return 1
    junit_summary
}

pytest_units_task() {
    in_core "$1"
    check "unit tests by pytest with ansible-test's collection plugin (ansible-core $1, Python $PYVER)" \
        pytest_units_run
    checks_passed
}

integration_run() {
    local status=0
    start_simulator "$CORE_VENV/bin/python" || return 1
    printf 'telnyx_api_url: %s\ntelnyx_sim_url: %s\ntelnyx_api_key: %s\n' "$API_URL" "$SIM_URL" "$SIM_KEY" \
        > tests/integration/integration_config.yml
    rm -rf tests/output/data
    PATH="$CORE_VENV/bin:$PATH" ansible-test integration --local --python "$PYVER" --color no --continue-on-error \
        "$@" || status=$?
    stop_simulator
    "$CORE_VENV/bin/python" - tests/output/data/integration-*.json <<'PY'
import json
import sys
times = dict((t['name'], t['run_time_seconds']) for f in sys.argv[1:] for t in json.load(open(f))['targets'].values())
print('integration targets, seconds: ' + ', '.join('%s %d' % (n, s) for n, s in sorted(times.items(), key=lambda i: -i[1])))
PY
    return "$status"
}

integration_task() {
    local core=$1
    shift
    in_core "$core"
    check "ansible-test integration $* (ansible-core $core, Python $PYVER)" integration_run "$@"
    checks_passed
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

# in_tools -> the tools venv first on PATH (antsibull-docs runs ansible and ansible-doc from PATH), staged copy
in_tools() {
    TOOLS="$VENVS/tools/bin"
    export PATH="$TOOLS:$PATH"
    stage_collection
    cd "$COLLECTION"
}

lint_task() {
    in_tools
    check "shellcheck of the scripts ansible-test sanity does not see (no .sh suffix)" \
        "$VENVS/core-$NEWEST/bin/shellcheck" -x "$ROOT/.ci/run"
    check "ansible-lint --profile production" \
        env ANSIBLE_COLLECTIONS_PATH="$WORK/collections" "$TOOLS/ansible-lint" --profile production --offline
    check "antsibull-docs lint-collection-docs --plugin-docs" \
        env ANSIBLE_COLLECTIONS_PATH="$WORK/collections" "$TOOLS/antsibull-docs" lint-collection-docs --plugin-docs .
    checks_passed
}

build_task() {
    in_tools
    mkdir -p "$WORK/dist"
    check "ansible-galaxy collection build" "$TOOLS/ansible-galaxy" collection build --output-path "$WORK/dist" .
    check "tarball holds collection content only" tarball_check
    check "galaxy-importer" galaxy_importer
    checks_passed
}

simulator_task() {
    in_tools
    check "simulator tests (against the Telnyx OpenAPI documents when TELNYX_OPENAPI_SPEC is set)" simulator_tests
    check "the official Telnyx Python SDK against the simulator (tests/sdk)" sdk_tests
    checks_passed
}

docs_task() {
    check "documentation site (make docs)" bash "$ROOT/tools/docs.sh"
    checks_passed
}

# integration_parts CORE -> one line per part: the targets of that part (TARGETS, else every target that is not
# hidden, less NEWEST_ONLY_TARGETS on cores but the newest), dealt heaviest first to the lightest part.
integration_parts() {
    local core=$1 parts=$INTEGRATION_PARTS
    local -a targets=()
    if [ -n "${TARGETS:-}" ]; then
        read -r -a targets <<< "$TARGETS"
        parts=1
    else
        local dir name
        for dir in tests/integration/targets/*/; do
            name=$(basename "$dir")
            if grep -qx hidden "$dir/aliases" 2>/dev/null; then continue; fi
            if [ "$core" != "$NEWEST" ] && [[ " $NEWEST_ONLY_TARGETS " == *" $name "* ]]; then continue; fi
            if [ "$core" != "$OLDEST" ] && [[ " $OLDEST_ONLY_TARGETS " == *" $name "* ]]; then continue; fi
            targets+=("$name")
        done
    fi
    python3 - "$parts" "$TARGET_SECONDS" "${targets[@]}" <<'PY'
import sys
parts, table, targets = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
cost = dict((p.split(':')[0], int(p.split(':')[1])) for p in table.split())
bins = [[0, []] for _ in range(max(1, min(parts, len(targets))))]
for name in sorted(targets, key=lambda t: -cost.get(t, 60)):
    lightest = min(bins, key=lambda b: b[0])
    lightest[0] += cost.get(name, 60)
    lightest[1].append(name)
for weight, names in bins:
    if names:
        print(weight, ' '.join(names))
PY
}

# ------------------------------------------------------------------------------------------------ the plan
# TASKS: "ESTIMATED_SECONDS NAME FUNCTION ARGS..." lines; run longest first.
TASKS=()
task() { TASKS+=("$*"); }

cores=()
for core in ${CORES:-$ALL_CORES}; do
    python_of "$core" >/dev/null
    cores+=("$core")
done
full_core() { [ -n "${CORES:-}" ] || [ "$1" = "$OLDEST" ] || [ "$1" = "$NEWEST" ]; }

for core in "${cores[@]}"; do
    if full_core "$core" && want sanity; then
        index=0
        for part in "${SANITY_PARTS[@]}"; do
            index=$((index + 1))
            if [ "$part" = "--test pylint" ] && [ "$core" = "$OLDEST" ] && [ -z "${CORES:-}" ] \
                && [ "$OLDEST_SANITY_PYLINT" != 1 ]; then
                continue
            fi
            task "$((300 - index * 50)) sanity-$core-$index sanity_task $core $part"
        done
    fi
    if want units && { [ -n "${CORES:-}" ] || [ "$core" = "$NEWEST" ]; }; then
        task "70 units-$core units_task $core"
    elif want units; then
        task "20 units-$core pytest_units_task $core"
    fi
    if full_core "$core" && want integration; then
        index=0
        while read -r weight targets; do
            index=$((index + 1))
            task "$weight integration-$core-$index integration_task $core $targets"
        done < <(integration_parts "$core")
    fi
done
if want lint; then
    task "200 lint lint_task"
    task "180 build build_task"
    task "90 docs docs_task"
    task "50 simulator-sdk simulator_task"
fi

# Virtualenvs first, all at once (uv shares its cache safely between processes), so that the tasks only test.
log "virtualenvs (uv) for ansible-core ${cores[*]}"
uv --version >/dev/null   # installs the pinned uv once, before the venvs are made in parallel
venv_steps=()
for core in "${cores[@]}"; do
    if want units || full_core "$core"; then
        venv_steps+=("prepare_core $core")
    fi
done
if want lint; then
    if [[ " ${venv_steps[*]} " != *" prepare_core $NEWEST "* ]]; then
        venv_steps+=("prepare_core $NEWEST")   # its shellcheck checks .ci/run
    fi
    venv_steps+=("make_venv tools $(find_python 3.11) $ROOT/tests/requirements/tools.txt"
        "make_venv sdk $(find_python 3.11) $ROOT/tests/requirements/sdk.txt")
fi
venv_pids=()
for step in "${venv_steps[@]}"; do
    read -r -a words <<< "$step"
    "${words[@]}" &
    venv_pids+=("$!")
done
for pid in "${venv_pids[@]}"; do
    wait "$pid" || { log "a virtualenv could not be made (see above)"; exit 1; }
done
use_test_home
# ansible-test makes its SSH key pair on the first integration run; made here, so parallel parts do not race.
if want integration && [ ! -f "$HOME/.ansible/test/id_rsa.pub" ]; then
    mkdir -p "$HOME/.ansible/test"
    rm -f "$HOME/.ansible/test/id_rsa"
    ssh-keygen -m PEM -q -t rsa -N '' -f "$HOME/.ansible/test/id_rsa"
    sed -i -E 's/(BEGIN|END) PRIVATE KEY/\1 RSA PRIVATE KEY/' "$HOME/.ansible/test/id_rsa"
fi
# Every core's pip bootstrap script in place before tasks start, so none writes it while another reads it.
for core in "${cores[@]}"; do
    if full_core "$core" || want units; then
        install_pip_bootstrap "$VENVS/core-$core"
    fi
done

# ------------------------------------------------------------------------------------------------ the run
mapfile -t ORDERED < <(printf '%s\n' "${TASKS[@]}" | sort -k1,1nr)
log "${#ORDERED[@]} tasks, $TEST_JOBS at a time: $(printf '%s\n' "${ORDERED[@]}" | awk '{print $2}' | tr '\n' ' ')"
declare -A PID_NAME=() TASK_START=() TASK_TIME=() TASK_STATUS=()
names=()
run_one() {
    local name=$1
    shift
    (
        new_work
        on_exit_cleanup
        "$@"
    ) >"$LOGS/$name.log" 2>&1 &
    PID_NAME[$!]=$name
    TASK_START[$name]=$SECONDS
    names+=("$name")
}
reap_one() {
    local pid status=0
    wait -n -p pid || status=$?
    local name=${PID_NAME[$pid]}
    unset "PID_NAME[$pid]"
    TASK_TIME[$name]=$((SECONDS - TASK_START[$name]))
    TASK_STATUS[$name]=$status
    printf '    %-28s %s after %d s\n' "$name" "$([ "$status" = 0 ] && echo passed || echo FAILED)" "${TASK_TIME[$name]}"
}
for line in "${ORDERED[@]}"; do
    read -r -a words <<< "$line"
    while [ "${#PID_NAME[@]}" -ge "$TEST_JOBS" ]; do
        reap_one
    done
    run_one "${words[@]:1}"
done
while [ "${#PID_NAME[@]}" -gt 0 ]; do
    reap_one
done

failed=()
for name in "${names[@]}"; do
    printf '\n######## %s (%d s) ########\n' "$name" "${TASK_TIME[$name]}"
    cat "$LOGS/$name.log" || echo "(the log of $name is missing)"
    if [ "${TASK_STATUS[$name]}" != 0 ]; then
        failed+=("$name")
    fi
done
log "wall time of make test: $((SECONDS - RUN_START)) s; task times: $(for name in "${names[@]}"; do printf '%s %ss, ' "$name" "${TASK_TIME[$name]}"; done)"
if [ "${#failed[@]}" -gt 0 ]; then
    log "FAILED: ${failed[*]}"
    exit 1
fi
log "all checks passed"
