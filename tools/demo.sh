#!/usr/bin/env bash
# make demo: converge the example account against the bundled simulator (no Telnyx account needed):
# first run changed, second run ok, then --check --diff after editing one value shows exactly that change.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

make_venv core-2.19 "$(find_python 3.11)" "$ROOT/tests/requirements/core-2.19.txt"
VENV="$VENVS/core-2.19"
stage_collection
trap 'stop_simulator; rm -rf "$WORK"' EXIT
start_simulator "$VENV/bin/python"

export ANSIBLE_COLLECTIONS_PATH="$WORK/collections" TELNYX_API_URL="$API_URL" TELNYX_API_KEY="$SIM_KEY"
export ANSIBLE_NOCOLOR=1 ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
playbook() { "$VENV/bin/ansible-playbook" telnyx.account.baseline "$@"; }
account="$ROOT/docs/examples/account.yml"

log "simulator at $API_URL; example account: docs/examples/account.yml"
log "1. first converge: everything is created (changed)"
playbook -e "@$account" | tee "$WORK/run1.txt"
log "2. second converge: nothing to do (ok, changed=0)"
playbook -e "@$account" | tee "$WORK/run2.txt"

log "3. edit one value (the Austin address moves), then plan with --check --diff"
sed 's/500 W 2nd St/600 Congress Ave/' "$account" > "$WORK/edited.yml"
playbook -e "@$WORK/edited.yml" --check --diff 2>&1 | tee "$WORK/run3.txt" || true
log "   the plan refuses: addresses cannot be changed in place; with replace: true it shows the swap"
python3 - "$WORK/edited.yml" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read().replace("    postal_code: \"78701\"\n", "    postal_code: \"78701\"\n    replace: true\n")
open(path, "w").write(text)
PY
playbook -e "@$WORK/edited.yml" --check --diff | tee "$WORK/run4.txt"

log "4. the allowlist alone with the single-object module, twice"
for pass in first second; do
    "$VENV/bin/ansible" localhost -m telnyx.account.telnyx_access_ip -a "ip_address=192.0.2.44 description=demo" \
        | tee "$WORK/adhoc-$pass.txt"
done

grep -q "changed=1" "$WORK/run1.txt"
grep -q "changed=0" "$WORK/run2.txt"
grep -q "replace: true" "$WORK/run3.txt"
grep -q "600 Congress Ave" "$WORK/run4.txt"
grep -q '"changed": true' "$WORK/adhoc-first.txt"
grep -q '"changed": false' "$WORK/adhoc-second.txt"
log "demo done: changed, then ok; the --check --diff plan shows exactly the edited address"
