#!/usr/bin/env bash
# The inventory plugin telnyx.account.managed_accounts against the simulator: hosts and their variables, filters,
# hostname, keyed and conditional groups, compose, disabled accounts (left out, or listed and marked), file-name
# check, caching on and off, and no account's key or token anywhere (inventory, cache, -vvv output).
set -eux

source ../telnyx_sim/files/sim.sh
# TELNYX_API_URL and TELNYX_API_KEY of the simulator, $work, says()
sim_env ANSIBLE_INVENTORY_UNPARSED_FAILED=true

gets() { sim log | "$py" -c 'import json, sys; print(len([e for e in json.load(sys.stdin) if e["path"] == "/managed_accounts"]))'; }
# statuses: the filter[status][eq] of each listing since the log was emptied, "-" for none
statuses() { sim log | "$py" -c 'import json, sys
print(" ".join(e["query"].get("filter[status][eq]", "-") for e in json.load(sys.stdin) if e["path"] == "/managed_accounts"))'; }
# check FILE EXPRESSION: EXPRESSION (Python) holds for the inventory JSON in FILE (hosts, hv(host), groups(name)).
check() {
    "$py" - "$@" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
def plain(value):
    if isinstance(value, dict) and set(value) == {'__ansible_unsafe'}:
        return value['__ansible_unsafe']
    return value
hostvars = data['_meta']['hostvars']
hosts = sorted(hostvars)
def hv(host):
    return dict((k, plain(v)) for k, v in hostvars[host].items())
def groups(name):
    return sorted(data.get(name, {}).get('hosts', []))
assert eval(sys.argv[2]), (sys.argv[2], json.dumps(data, indent=1)[:3000])
PY
}

sim reset '{}' POST
sim seed '{"managed_accounts": [
    {"business_name": "Alpha One", "email": "one@alpha.example"},
    {"business_name": "Alpha Two", "email": "two@alpha.example", "rollup_billing": true},
    {"business_name": "Alpha {{ lookup(\"env\", \"HOME\") }}", "email": "three@alpha.example"},
    {"business_name": "Beta Reseller", "email": "noc@beta.example"},
    {"business_name": "Alpha Dormant", "email": "four@alpha.example", "status": "disabled"},
    {"business_name": "Gone Inc", "email": "old@gone.example", "status": "cancelled"}]}' POST >/dev/null

cat > "$work/accounts.telnyx.yml" <<'YAML'
plugin: telnyx.account.managed_accounts
keyed_groups:
  - key: telnyx_rollup_billing | ternary('rollup', 'own_balance')
    prefix: billing
groups:
  resellers: "'reseller' in telnyx_organization_name | lower"
compose:
  customer: telnyx_organization_name
YAML

sim log '' DELETE
ansible-inventory -i "$work/accounts.telnyx.yml" --list > "$work/all.json"
[ "$(gets)" = 1 ]
# Enabled accounts only, by default: neither the disabled nor the cancelled account is a host.
[ "$(statuses)" = enabled ]
check "$work/all.json" "hosts == ['noc@beta.example', 'one@alpha.example', 'three@alpha.example', 'two@alpha.example']"
check "$work/all.json" "all(hv(h)['telnyx_disabled'] is False for h in hosts) and 'telnyx_disabled' not in data"
check "$work/all.json" "hv('two@alpha.example')['telnyx_rollup_billing'] is True and hv('one@alpha.example')['telnyx_rollup_billing'] is False"
check "$work/all.json" "all(hv(h)['ansible_connection'] == 'local' and len(hv(h)['telnyx_managed_account_id']) == 36 for h in hosts)"
check "$work/all.json" "all(hv(h)['telnyx_email'] == h and hv(h)['telnyx_manager_account_id'] and hv(h)['telnyx_created_at'] for h in hosts)"
check "$work/all.json" "hv('noc@beta.example')['telnyx_organization_name'] == 'Beta Reseller'"
check "$work/all.json" "groups('billing_rollup') == ['two@alpha.example'] and len(groups('billing_own_balance')) == 3"
check "$work/all.json" "groups('resellers') == ['noc@beta.example'] and len(groups('telnyx_managed_accounts')) == 4"
# Customer text is data, never a template: the composed copy keeps the braces.
check "$work/all.json" "hv('three@alpha.example')['customer'] == 'Alpha {{ lookup(\"env\", \"HOME\") }}'"

cat > "$work/filtered.telnyx.yaml" <<'YAML'
plugin: telnyx.account.managed_accounts
email_contains: "@ALPHA."
organization_name_contains: alpha
hostname: id
YAML
ansible-inventory -i "$work/filtered.telnyx.yaml" --list > "$work/filtered.json"
check "$work/filtered.json" "len(hosts) == 3 and all(hv(h)['telnyx_managed_account_id'] == h for h in hosts)"
check "$work/filtered.json" "sorted(hv(h)['telnyx_email'] for h in hosts) == ['one@alpha.example', 'three@alpha.example', 'two@alpha.example']"

# Disabled accounts with include_disabled: true: listed without a status filter, then named by a second listing
# with the same filters, marked telnyx_disabled and grouped.
printf 'plugin: telnyx.account.managed_accounts\ninclude_disabled: true\n' > "$work/disabled.telnyx.yml"
sim log '' DELETE
ansible-inventory -i "$work/disabled.telnyx.yml" --list > "$work/disabled.json"
[ "$(statuses)" = '- disabled' ]
check "$work/disabled.json" "len(hosts) == 5 and 'four@alpha.example' in hosts and 'old@gone.example' not in hosts"
check "$work/disabled.json" "[h for h in hosts if hv(h)['telnyx_disabled'] is True] == ['four@alpha.example']"
check "$work/disabled.json" "all(hv(h)['telnyx_disabled'] is False for h in hosts if h != 'four@alpha.example')"
check "$work/disabled.json" "groups('telnyx_disabled') == ['four@alpha.example'] and len(groups('telnyx_managed_accounts')) == 5"
check "$work/disabled.json" "hv('four@alpha.example')['telnyx_organization_name'] == 'Alpha Dormant'"
printf 'plugin: telnyx.account.managed_accounts\ninclude_disabled: true\nemail_contains: "@alpha."\n' > "$work/dis-alpha.telnyx.yml"
sim log '' DELETE
ansible-inventory -i "$work/dis-alpha.telnyx.yml" --list > "$work/dis-alpha.json"
sim log | "$py" -c 'import json, sys
assert [e["query"].get("filter[email][contains]") for e in json.load(sys.stdin) if e["path"] == "/managed_accounts"] == ["@alpha."] * 2'
check "$work/dis-alpha.json" "len(hosts) == 4 and groups('telnyx_disabled') == ['four@alpha.example']"
# A play over all:!telnyx_disabled leaves the disabled account out.
printf -- '- hosts: all\n  gather_facts: false\n  tasks: [{ansible.builtin.debug: {var: telnyx_disabled}}]\n' > "$work/show.yml"
ansible-playbook -i "$work/disabled.telnyx.yml" -l '!telnyx_disabled' "$work/show.yml" > "$work/show.txt"
grep -q '^noc@beta.example *: ok=1 ' "$work/show.txt"
if grep -q 'four@alpha.example' "$work/show.txt"; then exit 1; fi

# Cancelled accounts are not enabled: include_cancelled alone lists none of them and warns; with include_disabled
# they are hosts too, not marked disabled.
printf 'plugin: telnyx.account.managed_accounts\ninclude_cancelled: true\n' > "$work/cancelled.telnyx.yml"
ansible-inventory -i "$work/cancelled.telnyx.yml" --list > "$work/cancelled.json" 2> "$work/cancelled.txt"
check "$work/cancelled.json" "'old@gone.example' not in hosts and len(hosts) == 4"
says "$work/cancelled.txt" "include_cancelled lists no cancelled account unless include_disabled is true"
printf 'plugin: telnyx.account.managed_accounts\ninclude_cancelled: true\ninclude_disabled: true\n' > "$work/cancelled2.telnyx.yml"
ansible-inventory -i "$work/cancelled2.telnyx.yml" --list > "$work/cancelled2.json"
check "$work/cancelled2.json" "'old@gone.example' in hosts and len(hosts) == 6 and hv('old@gone.example')['telnyx_disabled'] is False"
check "$work/cancelled2.json" "groups('telnyx_disabled') == ['four@alpha.example']"

# Bad sources fail, saying why, before any request.
sim log '' DELETE
printf 'plugin: telnyx.account.managed_accounts\nemail_contains: ab\n' > "$work/short.telnyx.yml"
if ansible-inventory -i "$work/short.telnyx.yml" --list > "$work/short.txt" 2>&1; then exit 1; fi
says "$work/short.txt" "3 characters"
cp "$work/accounts.telnyx.yml" "$work/accounts.yml"
if ansible-inventory -i "$work/accounts.yml" --list > "$work/name.txt" 2>&1; then exit 1; fi
[ "$(gets)" = 0 ]
if TELNYX_API_KEY=not-a-manager-0123456789 ansible-inventory -i "$work/accounts.telnyx.yml" --list > "$work/key.txt" 2>&1; then exit 1; fi
says "$work/key.txt" "401"

# Caching: the second listing comes from the cache; --flush-cache asks again; without cache every run asks.
cat > "$work/cached.telnyx.yml" <<YAML
plugin: telnyx.account.managed_accounts
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: $work/cache
cache_timeout: 3600
YAML
sim log '' DELETE
ansible-inventory -i "$work/cached.telnyx.yml" --list > "$work/cached1.json"
ansible-inventory -i "$work/cached.telnyx.yml" --list > "$work/cached2.json"
[ "$(gets)" = 1 ]
check "$work/cached2.json" "len(hosts) == 4"
sim seed '{"managed_accounts": [{"business_name": "Delta", "email": "new@delta.example"}]}' POST >/dev/null
ansible-inventory -i "$work/cached.telnyx.yml" --list > "$work/cached3.json"
check "$work/cached3.json" "len(hosts) == 4"
# --flush-cache (ansible-playbook's: ansible-inventory has none before ansible-core 2.19) refreshes the cache.
printf -- '- hosts: localhost\n  gather_facts: false\n  tasks: []\n' > "$work/noop.yml"
ansible-playbook -i "$work/cached.telnyx.yml" --flush-cache "$work/noop.yml" > /dev/null
ansible-inventory -i "$work/cached.telnyx.yml" --list > "$work/cached4.json"
check "$work/cached4.json" "len(hosts) == 5 and 'new@delta.example' in hosts"
[ "$(gets)" = 2 ]
sim log '' DELETE
ansible-inventory -i "$work/accounts.telnyx.yml" --list > /dev/null
ansible-inventory -i "$work/accounts.telnyx.yml" --list > /dev/null
[ "$(gets)" = 2 ]

# No key or token of any account in any listing, the cache, or -vvv output.
ansible-inventory -vvv -i "$work/accounts.telnyx.yml" --list > "$work/vvv.txt" 2>&1
ansible-inventory -vvv -i "$work/accounts.telnyx.yml" --graph --vars >> "$work/vvv.txt" 2>&1
set +x
mapfile -t credentials < <(sim state | "$py" -c 'import json, sys
for a in json.load(sys.stdin)["managed_accounts"]:
    print(a["api_key"]); print(a["api_token"])')
found=0
[ "${#credentials[@]}" = 14 ]
for secret in "${credentials[@]}" "$api_key"; do
    if grep -rqF -- "$secret" "$work"; then
        echo "A CREDENTIAL LEAKED: ${secret:0:4}..." >&2
        found=1
    fi
done
echo "checked ${#credentials[@]} account credentials against $(cat "$work"/*.json "$work"/*.txt | wc -l) lines and the cache"
exit $found
