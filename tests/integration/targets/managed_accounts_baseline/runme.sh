#!/usr/bin/env bash
# The baseline over 20 managed accounts of the simulator, from the inventory plugin, each with its own group and
# host variables: changed for every host, then ok for every host with no write; one account with injected 500s
# fails alone while the others converge; a host that names no account fails; every enabled account exported to
# host_vars converges as a no-op, and a disabled one is left out of both; the -vvv output of the runs and of the managed-account modules holds no account's key or
# token, nor do the exported files.
set -eux

source ../telnyx_sim/files/sim.sh
# TELNYX_API_URL and TELNYX_API_KEY of the simulator, $work, says()
sim_env ANSIBLE_RETRY_FILES_ENABLED=false
inv=$work/inventory
mkdir -p "$inv/group_vars" "$inv/host_vars"

writes() { sim log | "$py" -c 'import json, sys; print(len([e for e in json.load(sys.stdin) if e["method"] != "GET"]))'; }
# recap FILE: "host changed failed" per host of the play recap
recap() { sed -n 's/^\([^ ]*\) *: ok=[0-9]* *changed=\([0-9]*\) .*failed=\([0-9]*\) .*/\1 \2 \3/p' "$1" | sort; }
# objects ID: the managed account's objects as {section: sorted names or cidr blocks}
objects() { sim "state?account=$1" | "$py" -c 'import json, sys
objects = json.load(sys.stdin)["objects"]
print(json.dumps(dict((k, sorted(o.get("name") or o.get("cidr_block") for o in v)) for k, v in sorted(objects.items()) if v), sort_keys=True))'; }

sim reset '{}' POST
accounts=$("$py" -c 'import json; print(json.dumps({"managed_accounts": [
    {"business_name": "Fleet %02d" % n, "email": "acct%02d@fleet.example" % n} for n in range(1, 21)]}))')
ids=$(sim seed "$accounts" POST | "$py" -c 'import json, sys; print(" ".join(json.load(sys.stdin)["managed_accounts"]))')
id_of() { sim state | "$py" -c 'import json, sys
print([a["id"] for a in json.load(sys.stdin)["managed_accounts"] if a["email"] == sys.argv[1]][0])' "$1"; }

printf 'plugin: telnyx.account.managed_accounts\n' > "$inv/accounts.telnyx.yml"
cat > "$inv/group_vars/telnyx_managed_accounts.yml" <<'YAML'
access_ip_ranges:
  - cidr_block: 198.51.100.0/24
    description: reseller noc
billing_groups:
  - name: ops
purge: [billing_groups]
YAML
cat > "$inv/host_vars/acct03@fleet.example.yml" <<'YAML'
billing_groups:
  - name: ops
  - name: acct03-only
YAML

# 1. every account converged once: changed for each of the 20 hosts
sim log '' DELETE
ansible-playbook -i "$inv/accounts.telnyx.yml" telnyx.account.baseline -e target=all -f 5 > "$work/run1.txt" 2>&1 \
    || { cat "$work/run1.txt"; exit 1; }
[ "$(recap "$work/run1.txt" | grep -c ' 1 0$')" = 20 ]
[ "$(writes)" = 41 ]
for id in $ids; do
    want='{"access_ip_ranges": ["198.51.100.0/24"], "billing_groups": ["ops"]}'
    [ "$id" = "$(id_of acct03@fleet.example)" ] && want='{"access_ip_ranges": ["198.51.100.0/24"], "billing_groups": ["acct03-only", "ops"]}'
    [ "$(objects "$id")" = "$want" ]
done
# The manager's own account is untouched.
[ "$(objects '')" = '{}' ]

# 2. the same again: ok for every host, no write at all
sim log '' DELETE
ansible-playbook -i "$inv/accounts.telnyx.yml" telnyx.account.baseline -e target=all -f 5 -vvv > "$work/run2.txt" 2>&1 \
    || { tail -50 "$work/run2.txt"; exit 1; }
[ "$(recap "$work/run2.txt" | grep -c ' 0 0$')" = 20 ]
[ "$(writes)" = 0 ]

# 3. one account answers 500 to every billing group request: it fails alone, under its own host
broken=$(id_of acct07@fleet.example)
sim faults "{\"rules\": [{\"path\": \"^/billing_groups\", \"status\": 500, \"count\": -1, \"account\": \"$broken\"}]}" POST
sed -i 's/^  - name: ops$/  - name: ops\n  - name: audit/' "$inv/group_vars/telnyx_managed_accounts.yml"
if ansible-playbook -i "$inv/accounts.telnyx.yml" telnyx.account.baseline -e target=all -f 5 -vvv \
        > "$work/run3.txt" 2>&1; then
    echo "the broken account must fail the run" >&2; exit 1
fi
sim faults '{"rules": []}' POST
# acct03's own billing groups (host_vars) replace the group's list, so the new group does not reach it.
[ "$(recap "$work/run3.txt" | grep -c ' 1 0$')" = 18 ]
recap "$work/run3.txt" | grep -q '^acct03@fleet.example 0 0$'
recap "$work/run3.txt" | grep -q '^acct07@fleet.example 0 1$'
grep -q 'fatal: \[acct07@fleet.example -> localhost\]' "$work/run3.txt"
sed -n '/^fatal: \[acct07@fleet.example/,/^}/p' "$work/run3.txt" | grep -q '"msg": "GET /billing_groups failed: HTTP 500'
[ "$(objects "$broken")" = '{"access_ip_ranges": ["198.51.100.0/24"], "billing_groups": ["ops"]}' ]
[ "$(objects "$(id_of acct08@fleet.example)")" = '{"access_ip_ranges": ["198.51.100.0/24"], "billing_groups": ["audit", "ops"]}' ]

# 4. a host that names no managed account is refused; localhost without one is the key's own account
printf 'server1 ansible_connection=local\n' > "$work/static.ini"
if ansible-playbook -i "$work/static.ini" telnyx.account.baseline -e target=server1 -e '{"billing_groups": []}' \
        > "$work/run4.txt" 2>&1; then
    echo "a host without telnyx_managed_account_id must fail" >&2; exit 1
fi
says "$work/run4.txt" 'no telnyx_managed_account_id'
ansible-playbook -i "${INVENTORY_PATH:-localhost,}" telnyx.account.baseline -e '{"billing_groups": [{"name": "manager-own"}]}' > "$work/run5.txt" 2>&1
[ "$(objects '')" = '{"billing_groups": ["manager-own"]}' ]

# 5. the managed-account modules at -vvv
ansible-playbook -vvv -i "${INVENTORY_PATH:-localhost,}" modules.yml > "$work/modules.txt" 2>&1 || { tail -50 "$work/modules.txt"; exit 1; }
grep -q 'modules play finished' "$work/modules.txt"

# 6. every account exported into host_vars (telnyx.account.export), then converged from those files alone: no write.
# A disabled account (its key is refused) is not in the inventory, so neither run fails on it.
ansible -i "${INVENTORY_PATH:-localhost,}" localhost -m telnyx.account.telnyx_managed_account \
    -a 'email=acct20@fleet.example state=disabled' > "$work/disable.txt" 2>&1 || { cat "$work/disable.txt"; exit 1; }
adopt=$work/adopt
mkdir -p "$adopt"
cp "$inv/accounts.telnyx.yml" "$adopt/"
ansible-playbook -i "$adopt/accounts.telnyx.yml" telnyx.account.export -e target=all -e "dest_dir=$adopt/host_vars" \
    > "$work/export.txt" 2>&1 || { tail -50 "$work/export.txt"; exit 1; }
[ "$(find "$adopt/host_vars" -name '*.yml' | wc -l)" = 20 ]
[ ! -e "$adopt/host_vars/acct20@fleet.example.yml" ]
grep -q '^# managed account ' "$adopt/host_vars/acct08@fleet.example.yml"
[ "$(stat -c %a "$adopt/host_vars/acct08@fleet.example.yml")" = 600 ]
sim log '' DELETE
ansible-playbook -i "$adopt/accounts.telnyx.yml" telnyx.account.baseline -e target=all -f 5 > "$work/adopt.txt" 2>&1 \
    || { tail -50 "$work/adopt.txt"; exit 1; }
[ "$(recap "$work/adopt.txt" | grep -c ' 0 0$')" = 20 ]
if recap "$work/adopt.txt" | grep -q '^acct20@'; then echo "a disabled account was converged" >&2; exit 1; fi
[ "$(writes)" = 0 ]

# No account's key or token, and no password, in any output.
set +x
mapfile -t credentials < <(sim state | "$py" -c 'import json, sys
for a in json.load(sys.stdin)["managed_accounts"]:
    print(a["api_key"]); print(a["api_token"])')
found=0
[ "${#credentials[@]}" = 42 ]
for secret in "${credentials[@]}" "$api_key" pw-Onboard-7d2e9b41; do
    if grep -rqF -- "$secret" "$work"/*.txt "$adopt"; then
        echo "A CREDENTIAL LEAKED into the output: ${secret:0:4}..." >&2
        found=1
    fi
done
echo "checked ${#credentials[@]} credentials of 21 accounts against $(cat "$work"/*.txt | wc -l) lines"
exit $found
