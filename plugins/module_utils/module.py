# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module shares: the api_* options, building the client, and running a resource."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import traceback

from ansible.module_utils import basic
from ansible.module_utils.basic import AnsibleModule, env_fallback

from ansible_collections.telnyx.account.plugins.module_utils.client import (
    DEFAULT_API_URL, TelnyxAPIError, TelnyxClient, TelnyxError, redact, redact_data,
)
from ansible_collections.telnyx.account.plugins.module_utils.managed_accounts import use_managed_account


def api_argument_spec():
    """The connection options of every module (documented once in the telnyx.account.api fragment)."""
    return dict(
        api_key=dict(type='str', no_log=True, fallback=(env_fallback, ['TELNYX_API_KEY'])),
        api_url=dict(type='str', fallback=(env_fallback, ['TELNYX_API_URL']), default=DEFAULT_API_URL),
        api_timeout=dict(type='int', fallback=(env_fallback, ['TELNYX_API_TIMEOUT']), default=30),
        api_retries=dict(type='int', default=5),
        validate_certs=dict(type='bool', default=True),
        ca_path=dict(type='path', fallback=(env_fallback, ['TELNYX_CA_PATH'])),
        api_concurrency=dict(type='int', fallback=(env_fallback, ['TELNYX_API_CONCURRENCY']), default=8),
        managed_account_id=dict(type='str', fallback=(env_fallback, ['TELNYX_MANAGED_ACCOUNT_ID'])),
    )


def state_option():
    return dict(type='str', default='present', choices=['present', 'absent'])


def resource_argument_spec(resource_class):
    """The options of a resource module: the api_* options, the kind's own options and state."""
    spec = api_argument_spec()
    spec.update(copy.deepcopy(resource_class.options))
    spec.update(state=state_option())
    return spec


def account_argument_spec(sections):
    """telnyx_account's options: the api_* options and, per section, a list of the kind's own options."""
    spec = api_argument_spec()
    for name, kind in sections:
        options = copy.deepcopy(kind.options)
        options.update(state=state_option())
        # The secret suboptions are no_log themselves; the list as a whole is not a secret.
        spec[name] = dict(type='list', elements='dict', options=options, no_log=False)
    return spec


def info_argument_spec(**options):
    """An info module's options: the api_* options and ``options`` (copied: a kind's info_options stay intact)."""
    spec = api_argument_spec()
    spec.update(copy.deepcopy(options))
    return spec


def raw_arguments():
    """The module's arguments as the controller sent them, before AnsibleModule converted any type.

    ansible-core 2.19 and later keep a copy in basic._PARSED_MODULE_ARGS; earlier versions re-read the
    same buffer with basic._load_params() (both exist from 2.15 to 2.21).
    """
    parsed = getattr(basic, '_PARSED_MODULE_ARGS', None)
    if isinstance(parsed, dict):
        return parsed
    return basic._load_params()


TYPE_NAMES = ((bool, 'a boolean'), (int, 'an integer'), (float, 'a number'), (list, 'a list'), (dict, 'a dict'))


def type_name(value):
    for python_type, name in TYPE_NAMES:
        if isinstance(value, python_type):
            return name
    return 'a %s' % type(value).__name__


def raw_type_problems(spec, raw, where=''):
    """Each ``str`` option (suboptions and ``elements: str`` included) whose raw value is not a string.

    Ansible turns any scalar into a string for a ``str`` option, so an unquoted ``02134`` (the octal integer
    1116 in YAML), ``NO`` (false) or ``+12125550100`` (an integer) would be sent as another value: the raw
    value is checked against the spec instead. Returns messages naming the option, never its value.
    """
    problems = []
    if not isinstance(raw, dict):
        return problems
    for name, option in spec.items():
        for key in [name] + list(option.get('aliases') or []):
            if raw.get(key) is None:
                continue
            value, path = raw[key], where + key
            kind, elements, suboptions = option.get('type', 'str'), option.get('elements'), option.get('options')
            if kind == 'str' and not isinstance(value, str):
                problems.append('%s must be a string, not %s' % (path, type_name(value)))
            elif kind == 'list' and isinstance(value, list):
                for index, element in enumerate(value):
                    here = '%s[%d]' % (path, index)
                    if elements == 'str' and element is not None and not isinstance(element, str):
                        problems.append('%s must be a string, not %s' % (here, type_name(element)))
                    elif elements == 'dict' and suboptions:
                        problems.extend(raw_type_problems(suboptions, element, here + '.'))
            elif kind == 'dict' and suboptions:
                problems.extend(raw_type_problems(suboptions, value, path + '.'))
    return problems


def check_raw_types(module, argument_spec):
    """Fail, before any request, when a string option was given a number, a boolean, a list or a dict."""
    problems = raw_type_problems(argument_spec, raw_arguments())
    if problems:
        module.fail_json(msg='%s. Quote such values in the playbook: YAML reads an unquoted 02134 as the number 1116, '
                             'NO as false and +12125550100 as a number.' % '; '.join(problems))


def new_module(argument_spec, **kwargs):
    """An AnsibleModule with check mode on; fails at once when a string option is not one."""
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True, **kwargs)
    check_raw_types(module, argument_spec)
    return module


def new_client(module):
    """The run's TelnyxClient, with api_key; TelnyxConfigError (before any request) for bad api_* options.

    api_timeout > 0, api_retries 0-20 and api_concurrency 1-64 are checked by the client; its warnings
    (validate_certs false) are emitted once by run(), so once per task. managed_account_id is applied by run(),
    after the input has been checked.
    """
    params = module.params
    # Anything Ansible masks (no_log option values, nested ones included) stays out of error messages too.
    return TelnyxClient(
        api_key=params['api_key'], api_url=params['api_url'], timeout=params['api_timeout'],
        retries=params['api_retries'], validate_certs=params['validate_certs'], ca_path=params['ca_path'],
        concurrency=params['api_concurrency'], secrets=module.no_log_values)


def fail(module, exc, mask=None, **result):
    """fail_json from a TelnyxError: a message a person can act on, the HTTP facts, never a traceback.

    A TelnyxAPIError adds ``api_error``: method, path, status, fields, Telnyx's error codes and errors
    (redacted by the client), uncertain, attempts.
    """
    if isinstance(exc, TelnyxAPIError):
        result['api_error'] = exc.as_result()
    # A failure half-way through telnyx_account says what was applied.
    result.update(getattr(exc, 'result', None) or {})
    module.fail_json(msg=str(exc), **(mask(result) if mask else result))


def run(module, work, prepare=None):
    """Run ``work(client)`` and exit with what it returns; any TelnyxError becomes a clean failure.

    ``prepare(client)``, when given, checks the input and sends no request; it runs before anything is sent
    (before managed_account_id's read with the manager's key too), and ``work(client, prepared)`` then gets
    what it returned. Anything else is a bug of ours: the message asks to report it and ``exception`` carries
    the traceback (Ansible shows it with -vvv), both redacted of every no_log value and every secret the
    client knows.
    """
    client = None
    try:
        client = new_client(module)
        for warning in client.warnings:
            module.warn(warning)
        prepared = prepare(client) if prepare is not None else None
        use_managed_account(module, client)
        result = work(client) if prepare is None else work(client, prepared)
    except TelnyxError as exc:
        secrets = _secrets(module, client)
        exc.args = (redact(exc, secrets),)
        fail(module, exc, mask=lambda failed: _masked(module, client, failed))
    except Exception as exc:  # pylint: disable=broad-exception-caught
        secrets = _secrets(module, client)
        _masked(module, client, {})
        module.fail_json(msg='Unexpected %s in telnyx.account; please report it (the traceback shows with -vvv): %s'
                         % (type(exc).__name__, redact(exc, secrets)),
                         exception=redact(traceback.format_exc(), secrets))
    module.exit_json(**_masked(module, client, result))


def _masked(module, client, result):
    """``result`` with every secret the client knows masked, but those returned on purpose (a minted token).

    A key (a managed account's) joins the values Ansible masks everywhere (result, invocation, warnings), as the
    no_log options do. The encoded forms of the secret values (base64, percent-encoded), which only an answer of
    the server can hold, are masked here in ``result``, in one pass of one pattern: Ansible's own masking scans
    every string of the result and the invocation once per value, which for 50 secrets in four forms each over
    1,000 objects cost more than the whole converge.
    """
    if client is None:
        return result
    values, encoded = client.masked()
    module.no_log_values.update(values)
    return redact_data(result, encoded)


def _secrets(module, client):
    return list(module.no_log_values or ()) + (client.secrets() if client is not None else [])


def applied_by(exc):
    """What a failed write did before it failed, from ``exc.applied``: {'deleted': [objects], 'created': [...]}.

    A replace that deleted the old object and could not create the new one has deleted it; one that created
    the new object and could not delete the old one has created it.
    """
    applied = getattr(exc, 'applied', None) or {}
    return dict((key, [obj for obj in applied.get(key) or () if obj]) for key in ('deleted', 'created')
                if applied.get(key))


def api_error_of(exc):
    """The ``api_error`` result of the API error behind ``exc`` (itself, or the error it was raised from)."""
    for error in (exc, getattr(exc, 'cause', None), exc.__cause__):
        if isinstance(error, TelnyxAPIError):
            return error.as_result()
    return None


def surface_warnings(module, sources):
    """Hand what the resources found worth telling (their ``warnings``) to module.warn, each once."""
    seen = set()
    for source in sources:
        for text in getattr(source, 'warnings', None) or ():
            if text not in seen:
                seen.add(text)
                module.warn(text)


def converge_one(module, resource, desired, state, check_plan=None):
    """Find, plan and apply one object; returns the module result (changed, the object, diff).

    ``desired`` is what resource.declare() gave, call options included (replace, return_sip_password, ...): the
    plan reads them from there, and so does the result (resource.public(obj, desired)).

    ``check_plan(resource, plan)`` may refuse the plan (raise TelnyxError) before anything is written.
    A write that failed after changing something (``exc.applied``: a replace that deleted the old object and
    could not create the new one, or created the new one and could not delete the old one) fails with
    ``changed: true``, the ids under ``deleted`` / ``created``, and a message that names them.
    """
    current = resource.lookup(desired)
    plan = resource.plan(desired, current, state=state)
    if check_plan is not None:
        check_plan(resource, plan)
    try:
        after = resource.apply(plan)
    except TelnyxError as exc:
        applied = applied_by(exc)
        if applied:
            exc.result = dict(getattr(exc, 'result', None) or {}, changed=True)
            for outcome, objects in applied.items():
                ids = [str(obj.get('id')) for obj in objects]
                exc.result[outcome] = ids
                if not all(i in str(exc) for i in ids):
                    exc.args = ('%s %s (id %s), then: %s' % (outcome.capitalize(), resource.kind, ', '.join(ids),
                                                             exc),)
            api_error = api_error_of(exc)
            if api_error and not isinstance(exc, TelnyxAPIError):
                exc.result['api_error'] = api_error
        raise
    result = {'changed': plan.changed}
    if state == 'absent':
        result[resource.return_key] = resource.public(current, desired)
    else:
        result[resource.return_key] = resource.public(after, desired)
    if module._diff:
        result['diff'] = {'before': resource.diff_view(current),
                          'after': {} if state == 'absent' else resource.diff_view(after)}
    return result


def run_resource(module, resource_class, check_plan=None):
    """The whole of a resource module: validate input (nothing sent), then find, plan, (check the plan,) apply."""
    params = module.params

    def prepare(client):
        resource = resource_class(client, check_mode=module.check_mode)
        return resource, resource.declare(params, params['state'])

    def work(client, prepared):
        resource, desired = prepared
        try:
            return converge_one(module, resource, desired, params['state'], check_plan=check_plan)
        finally:
            surface_warnings(module, [resource])

    run(module, work, prepare)


def run_info(module, resource_class):
    """The whole of an info module: one object by id, or every page of the filtered list.

    The identity option (ip_address, cidr_block, name, ...) is matched as the resource module
    matches it (normalised spellings included); the other options are the API's list filters.
    Every option is checked before any request.
    """
    params = module.params

    def prepare(client):
        resource = resource_class(client)
        if params.get('id') is not None:
            return resource, resource.check_id(params['id']), None, None
        query = resource.info_query(params.get)
        desired = resource.normalize(dict((k, params.get(k)) for k in resource.identity if k in params))
        if resource.has_identity(desired):
            query.update(resource.lookup_query(desired) or {})
        else:
            desired = None
        return resource, None, query, desired

    def work(client, prepared):
        resource, obj_id, query, desired = prepared
        try:
            if obj_id is not None:
                found = resource.get(obj_id)
                items = [found] if found else []
            else:
                items = resource.list(query)
                if desired is not None:
                    items = [o for o in items if resource.matches(desired, o)]
            return {'changed': False, resource.list_key: [resource.public(o) for o in items]}
        finally:
            surface_warnings(module, [resource])

    run(module, work, prepare)
