#!/usr/bin/env bash
# make demo: converge the example account against the bundled simulator (no Telnyx account needed):
# first run creates everything (a summary per section says what), second run changes nothing, then an edit
# that the API cannot apply in place: the plan is refused first, then planned as a replace (delete, re-create).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

make_venv core-2.19 "$(find_python 3.11)" "$ROOT/tests/requirements/core-2.19.txt"
CORE_VENV="$VENVS/core-2.19"
stage_collection
start_simulator "$CORE_VENV/bin/python"

export ANSIBLE_COLLECTIONS_PATH="$WORK/collections" TELNYX_API_URL="$API_URL" TELNYX_API_KEY="$SIM_KEY"
export ANSIBLE_NOCOLOR=1 ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

# playbook OUTPUT_FILE ARGS... -> runs the baseline playbook with -v (the module's result is kept in OUTPUT_FILE)
# and shows Ansible's usual output without the result's JSON; its exit status is the playbook's.
playbook() {
    local out=$1 status=0
    shift
    "$CORE_VENV/bin/ansible-playbook" -v telnyx.account.baseline "$@" > "$out" 2>&1 || status=$?
    sed -e 's/ => {.*$//' -e '/^No config file found/d' -e '/^Using .* as config file$/d' \
        -e '/^running playbook inside collection/d' "$out"
    return "$status"
}

# say TEXT -> a line that continues the step announced by the last log line
say() { printf '    %s\n' "$*"; }

# summary OUTPUT_FILE -> what the converge did, per section, from the module's result in that output
summary() {
    "$CORE_VENV/bin/python" - "$1" <<'PY'
import json
import sys

ORDER = ['access_ips', 'access_ip_ranges', 'addresses', 'billing_groups', 'authentication_providers',
         'integration_secrets']
WORDS = [('created', 'created'), ('updated', 'updated in place'),
         ('replaced', 'replaced: deleted, then created again (a new id)'), ('deleted', 'deleted'),
         ('unchanged', 'unchanged')]
for line in open(sys.argv[1]):
    if ' => {' not in line or '"validate_args_context"' in line:
        continue
    result = json.loads(line.split(' => ', 1)[1])
    for section in sorted(result, key=lambda s: (ORDER.index(s) if s in ORDER else len(ORDER), s)):
        outcome = result[section]
        if not isinstance(outcome, dict) or 'unchanged' not in outcome:
            continue
        said = ['%d %s' % (len(outcome[key]), words) for key, words in WORDS if outcome.get(key)]
        print('    %-26s %s' % (section, '; '.join(said) or 'nothing declared'))
PY
}

account="$ROOT/docs/examples/account.yml"
log "simulator at $API_URL; example account: docs/examples/account.yml"

log "1. first converge of the example account: every object is created (changed)"
playbook "$WORK/run1.txt" -e "@$account"
say "What the first converge created, per section (from the module's result):"
summary "$WORK/run1.txt" | tee "$WORK/summary1.txt"

log "2. second converge: nothing to do (ok, changed=0)"
playbook "$WORK/run2.txt" -e "@$account"

log "3. edit one value: the Austin address moves to 600 Congress Ave. Then plan with --check --diff."
say "Expect a REFUSAL: the Telnyx API cannot change an address in place, so the module refuses the plan"
say "(nothing is changed) and says to set replace: true, which deletes the address and creates it again."
sed 's/500 W 2nd St/600 Congress Ave/' "$account" > "$WORK/edited.yml"
if playbook "$WORK/run3.txt" -e "@$WORK/edited.yml" --check --diff; then
    echo "the plan was expected to be refused" >&2
    exit 1
fi
log "Refused, as expected. Now set replace: true on that address and plan again with --check --diff:"
say "the plan REPLACES the address: it deletes it and creates it again, so the new one gets a new id"
say "(in the diff the old id goes away)."
"$CORE_VENV/bin/python" - "$WORK/edited.yml" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read().replace("    postal_code: \"78701\"\n", "    postal_code: \"78701\"\n    replace: true\n")
open(path, "w").write(text)
PY
playbook "$WORK/run4.txt" -e "@$WORK/edited.yml" --check --diff
say "What the plan would do, per section (check mode: nothing was changed):"
summary "$WORK/run4.txt" | tee "$WORK/summary4.txt"

log "4. the allowlist alone with the single-object module, twice"
for pass in first second; do
    "$CORE_VENV/bin/ansible" localhost -m telnyx.account.telnyx_access_ip -a "ip_address=192.0.2.44 description=demo" \
        | tee "$WORK/adhoc-$pass.txt"
done

grep -q "changed=1" "$WORK/run1.txt"
grep -q "addresses .*2 created" "$WORK/summary1.txt"
grep -q "changed=0" "$WORK/run2.txt"
grep -q "replace: true" "$WORK/run3.txt"
grep -q "600 Congress Ave" "$WORK/run4.txt"
grep -q "addresses .*1 replaced: deleted, then created again" "$WORK/summary4.txt"
grep -q '"changed": true' "$WORK/adhoc-first.txt"
grep -q '"changed": false' "$WORK/adhoc-second.txt"
log "demo done: created, then ok; the edit refused, then planned as a delete and re-create"
