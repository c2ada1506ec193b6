# Shell helpers for script targets (sourced): finds integration_config.yml and talks to the simulator.
# shellcheck shell=bash

find_integration_config() {
    local dir
    dir=$(pwd)
    while [ "$dir" != "/" ]; do
        if [ -f "$dir/integration_config.yml" ]; then echo "$dir/integration_config.yml"; return 0; fi
        dir=$(dirname "$dir")
    done
    echo "integration_config.yml not found" >&2
    return 1
}

config=$(find_integration_config)
py=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
sim_url=$(sed -n 's/^telnyx_sim_url: //p' "$config")
# api_url and api_key are for the scripts that source this file.
# shellcheck disable=SC2034
api_url=$(sed -n 's/^telnyx_api_url: //p' "$config")
# shellcheck disable=SC2034
api_key=$(sed -n 's/^telnyx_api_key: //p' "$config")

# sim PATH [BODY [METHOD]]: one call to the simulator's control API; prints the JSON answer. Examples:
#   sim config '{"latency_ms": 50, "rate_limit": 100, "rate_window": 1}'     sim config   (read it)
#   sim faults '{"rules": [{"method": "POST", "action": "delayed_commit", "commit_after": 2, "seconds": 5}]}'
#   sim "state?account=$managed_id"
#   sim "seed?account=$managed_id" '{"billing_groups": [{"name": "x"}]}'
sim() {
    "$py" -c 'import sys, urllib.request
req = urllib.request.Request(sys.argv[1] + "/_sim/" + sys.argv[2], data=sys.argv[3].encode() if len(sys.argv) > 3 else None,
                             method=sys.argv[4] if len(sys.argv) > 4 else None)
print(urllib.request.urlopen(req).read().decode())' "$sim_url" "$@"
}

# sim_env [NAME=VALUE...]: the set-up of a script target that runs ansible-playbook or ansible-inventory against
# the simulator. Exports TELNYX_API_URL and TELNYX_API_KEY (the simulator's) and every NAME=VALUE given, and makes
# the work directory $work, removed when the script exits (kept, for a look afterwards, when KEEP_WORK is set).
#   sim_env ANSIBLE_RETRY_FILES_ENABLED=false
sim_env() {
    TELNYX_API_URL=$api_url
    TELNYX_API_KEY=$api_key
    # shellcheck disable=SC2163  # "$@" are NAME=VALUE pairs to export, as written
    export TELNYX_API_URL TELNYX_API_KEY "$@"
    work=$(mktemp -d)
    if [ -z "${KEEP_WORK:-}" ]; then
        trap 'rm -rf "$work"' EXIT
    else
        echo "work directory kept: $work" >&2
    fi
}

# says FILE TEXT: FILE holds TEXT, whatever line wrapping the output got
says() { tr -s ' \n' '  ' < "$1" | grep -qF -- "$2"; }
