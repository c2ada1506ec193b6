#!/usr/bin/env bash
# shellcheck disable=SC2154,SC1091  # sim.sh (sourced below) sets api_url, api_key, config and py
# Runs a play that handles every kind of secret with -vvv and fails if any secret value shows in its output.
set -eux

source ../telnyx_sim/files/sim.sh

output=$(mktemp)
trap 'rm -f "$output"' EXIT

ansible-playbook -vvv -i "${INVENTORY_PATH:-localhost,}" -e "@$config" secrets.yml >"$output" 2>&1 || { cat "$output"; exit 1; }

# The values the play used, and those the simulator generated (SIP passwords, tokens).
state=$(sim state)
sip_passwords=$(printf "%s" "$state" | "$py" -c 'import json, sys; print("\n".join(c["sip_password"] for c in json.load(sys.stdin)["objects"]["telephony_credentials"]))')

set +x
found=0
for secret in "$api_key" tok-BEARER-4f1c9e2a77 pw-BASIC-a8d3e6b1c0 pw-ROTATE-5e7f1a9b3d tok-ACCOUNT-c3b2a1d0e9 $sip_passwords; do
    if grep -qF -- "$secret" "$output"; then
        echo "SECRET LEAKED into -vvv output: ${secret:0:4}..." >&2
        found=1
    fi
done
# A JWT minted by the play starts with this header; none may be shown.
if grep -q 'eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9\.' "$output"; then
    echo "A minted JWT leaked into -vvv output" >&2
    found=1
fi
grep -q 'secrets play finished' "$output" || { echo "the play did not run to its end" >&2; found=1; }
lines=$(wc -l < "$output")
echo "checked $lines lines of -vvv output for $(( 6 + $(printf '%s\n' "$sip_passwords" | grep -c .) )) secret values"
exit $found
