#!/usr/bin/env bash
# shellcheck disable=SC2154,SC1091  # sim.sh (sourced below) sets api_url, api_key, config and py
# The shipped playbooks end to end: export an account with telnyx.account.export, converge the file with
# telnyx.account.baseline (no change, no write), edit one value (one write), and check the file's header and mode.
set -eux

source ../telnyx_sim/files/sim.sh
TELNYX_API_URL=$api_url
TELNYX_API_KEY=$api_key
export TELNYX_API_URL TELNYX_API_KEY

writes() { sim log | "$py" -c 'import json, sys; print(len([e for e in json.load(sys.stdin) if e["method"] != "GET"]))'; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sim reset '{}' POST
sim seed '{"access_ips": [{"ip_address": "203.0.113.10", "description": "office"}, {"ip_address": "2001:DB8::1"}],
           "billing_groups": [{"name": "ops"}],
           "integration_secrets": [{"identifier": "crm", "type": "bearer", "token": "tok-pb-0123456789"}]}' POST

ansible-playbook -i "${INVENTORY_PATH:-localhost,}" telnyx.account.export -e "dest=$work/account.yml"
head -3 "$work/account.yml" | grep -q "^# Telnyx account exported"
grep -q "from $TELNYX_API_URL" "$work/account.yml"
[ "$(stat -c %a "$work/account.yml")" = 600 ]
if grep -q "tok-pb" "$work/account.yml"; then echo "secret in export" >&2; exit 1; fi

sim log '' DELETE
ansible-playbook -i "${INVENTORY_PATH:-localhost,}" telnyx.account.baseline -e "@$work/account.yml" | tee "$work/run1.txt"
grep -q "changed=0" "$work/run1.txt"
[ "$(writes)" = 0 ]

sim log '' DELETE
if ansible-playbook -i "${INVENTORY_PATH:-localhost,}" telnyx.account.baseline -e "@$work/account.yml" \
        -e '{"purge": ["access_ips"], "access_ips": []}' > "$work/run2.txt" 2>&1; then
    echo "a purge that empties the allowlist must fail" >&2; exit 1
fi
grep -q "allow_empty_purge" "$work/run2.txt"

sed -i 's/description: office$/description: office NAT/' "$work/account.yml"
if ansible-playbook -i "${INVENTORY_PATH:-localhost,}" telnyx.account.baseline -e "@$work/account.yml" > "$work/run3.txt" 2>&1; then
    echo "a drifted description without replace must fail" >&2; exit 1
fi
grep -q "replace: true" "$work/run3.txt"
[ "$(writes)" = 0 ]

sed -i 's/description: office NAT$/description: office/; s/^- name: ops$/- name: ops\n- name: noc/' "$work/account.yml"
ansible-playbook -i "${INVENTORY_PATH:-localhost,}" telnyx.account.baseline -e "@$work/account.yml" --diff | tee "$work/run4.txt"
grep -q "changed=1" "$work/run4.txt"
[ "$(writes)" = 1 ]
# A relative dest is taken from the directory ansible-playbook runs in, not from the playbook's.
(cd "$work" && ansible-playbook -i "${INVENTORY_PATH:-localhost,}" telnyx.account.export -e dest=relative.yml)
[ "$(stat -c %a "$work/relative.yml")" = 600 ]

# The role applied directly, with the key and URL from module_defaults (no TELNYX_* in the environment) and only
# some sections set: the role's argument check passes on every ansible-core, the unset sections are not touched.
cat > "$work/role.yml" <<'YAML'
- name: The baseline role with module_defaults
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/telnyx.account.all: {api_key: "{{ key_from_defaults }}", api_url: "{{ url_from_defaults }}"}
  roles:
    - role: telnyx.account.baseline
      vars:
        telnyx_billing_groups: [{name: ops}, {name: noc}, {name: role-direct}]
YAML
sim log '' DELETE
env -u TELNYX_API_KEY -u TELNYX_API_URL ansible-playbook -i "${INVENTORY_PATH:-localhost,}" "$work/role.yml" \
    -e "key_from_defaults=$api_key" -e "url_from_defaults=$api_url" | tee "$work/role1.txt"
grep -q "changed=1" "$work/role1.txt"
[ "$(writes)" = 1 ]
env -u TELNYX_API_KEY -u TELNYX_API_URL ansible-playbook -i "${INVENTORY_PATH:-localhost,}" "$work/role.yml" \
    -e "key_from_defaults=$api_key" -e "url_from_defaults=$api_url" | tee "$work/role2.txt"
grep -q "changed=0" "$work/role2.txt"
# telnyx_api_key, when set, wins over module_defaults: a wrong one is refused by the API.
if env -u TELNYX_API_KEY -u TELNYX_API_URL ansible-playbook -i "${INVENTORY_PATH:-localhost,}" "$work/role.yml" \
        -e "key_from_defaults=$api_key" -e "url_from_defaults=$api_url" -e telnyx_api_key=KEY-not-this-one \
        > "$work/role3.txt" 2>&1; then
    echo "telnyx_api_key must win over module_defaults" >&2; exit 1
fi
grep -q "401" "$work/role3.txt"
if grep -q "KEY-not-this-one" "$work/role3.txt"; then echo "the key was shown" >&2; exit 1; fi
[ "$(writes)" = 1 ]
echo "playbooks: export, adopt (no write), guards, one edit (one write), relative dest, role with module_defaults: ok"
