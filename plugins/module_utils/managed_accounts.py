# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Managed accounts: the ManagedAccount resource and acting inside one managed account (managed_account_id).

API facts (official OpenAPI, managed-accounts extract; operation ids in brackets):
- GET /managed_accounts [ListManagedAccounts] answers ManagedAccountMultiListing objects, which carry no key;
  filters filter[email][contains|eq], filter[organization_name][contains|eq] (contains: case-insensitive,
  at least 3 characters), filter[status][eq] (enabled, disabled, ...), include_cancelled_accounts, sort, pages.
- GET /managed_accounts/{id} [RetrieveManagedAccount] answers a ManagedAccount with the account's own V2
  ``api_key`` and V1 ``api_token``: the only place either appears. Both are dropped here at once.
- POST /managed_accounts [CreateManagedAccount]: business_name (required), email, password, rollup_billing,
  managed_account_allow_custom_pricing. PATCH /managed_accounts/{id} [UpdateManagedAccount] takes only
  managed_account_allow_custom_pricing. POST .../actions/disable [DisableManagedAccount] and .../actions/enable
  [EnableManagedAccount] ({"reenable_all_connections": bool}). There is no delete.
- The objects carry no status; whether an account is disabled is read through ``filter[status][eq]=disabled``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.telnyx.account.plugins.module_utils.errors import (
    TelnyxAPIError, TelnyxConfigError, TelnyxInputError, TelnyxStateError,
)
from ansible_collections.telnyx.account.plugins.module_utils.resource import Plan, Resource

# The managed account's own credentials: never returned, cached, logged or put in a message.
KEY_FIELDS = ('api_key', 'api_token')
EMAIL_RE = re.compile(r'^[^@\s]+@[^@\s]+$')
CONTAINS_FILTERS = ('filter[email][contains]', 'filter[organization_name][contains]')
MANAGED_STATES = ('enabled', 'disabled')


def without_keys(obj):
    """``obj`` without the managed account's api_key and api_token (None stays None)."""
    if not isinstance(obj, dict):
        return obj
    return dict((k, v) for k, v in obj.items() if k not in KEY_FIELDS)


class ManagedAccountPlan(Plan):
    """A Plan plus ``toggle``: None, 'enable' or 'disable', carried out after a create or update."""

    def __init__(self, action, toggle=None, status=None, **kwargs):
        super(ManagedAccountPlan, self).__init__(action, **kwargs)
        self.toggle = toggle
        self.status = status

    @property
    def changed(self):
        return self.action != 'none' or self.toggle is not None


class ManagedAccount(Resource):
    """One managed account: found by id, else by email (case-insensitive); enabled or disabled."""

    kind = 'managed account'
    return_key = 'managed_account'
    list_key = 'managed_accounts'
    path = '/managed_accounts'
    id_format = 'uuid'
    identity = ('email',)
    fields = ('email', 'business_name', 'rollup_billing', 'managed_account_allow_custom_pricing')
    update_fields = ('managed_account_allow_custom_pricing',)
    secret_fields = ('password',)
    create_required = ('business_name', 'email')
    output_omit = KEY_FIELDS
    # The API's name for what the create request calls business_name.
    remote_names = {'business_name': 'organization_name'}
    info_filters = {'email_contains': 'filter[email][contains]',
                    'organization_name_contains': 'filter[organization_name][contains]',
                    'include_cancelled': 'include_cancelled_accounts'}
    options = dict(
        id=dict(type='str'), email=dict(type='str'), business_name=dict(type='str'),
        password=dict(type='str', no_log=True), rollup_billing=dict(type='bool'),
        managed_account_allow_custom_pricing=dict(type='bool'),
        reenable_all_connections=dict(type='bool', default=False),
    )
    # reenable_all_connections: sent with the enable action of that call, never with the account.
    call_options = {'reenable_all_connections': False}
    info_options = dict(
        id=dict(type='str'), email_contains=dict(type='str'), organization_name_contains=dict(type='str'),
        include_cancelled=dict(type='bool', default=False),
    )

    # ----------------------------------------------------------------------------- input
    def normalize_value(self, name, value):
        if name == 'email':
            email = value.strip()
            if not EMAIL_RE.match(email):
                raise TelnyxInputError('email %r is not an email address.' % value)
            return email
        return value

    def normalize_remote(self, name, value):
        return value.lower() if name == 'email' and isinstance(value, str) else value

    def declare(self, params, state='enabled'):
        desired = self.normalize(params)
        if state not in MANAGED_STATES:
            raise TelnyxInputError('state must be one of %s, not %r.' % (', '.join(MANAGED_STATES), state))
        self.check_identity(desired)
        if state == 'disabled' and desired.get('reenable_all_connections'):
            raise TelnyxInputError('reenable_all_connections applies when an account is enabled; '
                                   'it cannot go with state: disabled.')
        return desired

    def identity_key(self, desired):
        key = super(ManagedAccount, self).identity_key(desired)
        return (key[0], key[1].lower()) if key[0] == 'email' else key

    # ----------------------------------------------------------------------------- reading
    def item_path(self, obj_id):
        # Every path of a managed account is built from a checked id (GET, PATCH and the actions alike).
        return super(ManagedAccount, self).item_path(self.check_id(obj_id))

    def remote(self, name, obj):
        """The server's value of the user field ``name`` (business_name is organization_name there)."""
        return self.normalize_remote(name, obj.get(self.remote_names.get(name, name)))

    def list(self, query=None):
        return [without_keys(o) for o in super(ManagedAccount, self).list(query)]

    def get(self, obj_id):
        return without_keys(self.get_with_keys(obj_id))

    def get_with_keys(self, obj_id):
        """GET /managed_accounts/{id} as answered: with the account's api_key and api_token. None on 404."""
        return super(ManagedAccount, self).get(obj_id)

    def check_filters(self, query):
        for name in CONTAINS_FILTERS:
            value = query.get(name)
            if value is not None and len(value) < 3:
                raise TelnyxInputError('%s needs at least 3 characters, not %r (an API rule).' % (
                    name.split('[')[1].rstrip(']') + '_contains', value))

    def lookup_query(self, desired):
        # filter[email][contains] is documented case-insensitive; matches() then keeps the exact address.
        return {'filter[email][contains]': desired['email']}

    def matches(self, desired, obj):
        return 'email' in desired and desired['email'].lower() == self.remote('email', obj)

    def lookup(self, desired):
        found = super(ManagedAccount, self).lookup(desired)
        if found is None:
            return None
        return dict(found, status='disabled' if self.is_disabled(found) else 'enabled')

    def is_disabled(self, obj):
        """True when the list filtered on status disabled holds ``obj`` (the objects carry no status)."""
        if not obj.get('email'):
            return False
        disabled = self.list({'filter[email][contains]': obj['email'], 'filter[status][eq]': 'disabled'})
        return any(str(o.get('id')) == str(obj.get('id')) for o in disabled)

    # ----------------------------------------------------------------------------- comparing
    def changes(self, desired, current):
        diff = {}
        for name in self.fields:
            if name not in desired:
                continue
            have = self.remote(name, current)
            wanted = desired[name].lower() if name == 'email' else desired[name]
            if wanted != have:
                diff[name] = {'before': have, 'after': desired[name]}
        return diff

    # ----------------------------------------------------------------------------- planning
    def plan(self, desired, current, state='enabled'):
        if current is None:
            if state == 'disabled':
                raise TelnyxStateError('%s does not exist, so it cannot be disabled; create it with state: enabled '
                                       'first.' % self.describe(desired))
            if 'id' in desired:
                raise TelnyxStateError('%s does not exist; leave id out (and give email and business_name) to '
                                       'create one.' % self.describe(desired))
            self.check_create(desired)
            return ManagedAccountPlan('create', desired=desired, body=self.create_body(desired), status='enabled')
        changes = self.changes(desired, current)
        fixed = sorted(k for k in changes if k not in self.update_fields)
        if fixed:
            raise TelnyxStateError(
                '%s exists (id %s) and differs in %s, which Telnyx sets only when the account is created '
                '(no API call changes it; rollup_billing needs Telnyx support). Match the account or leave the '
                'field out.' % (self.describe(desired), current.get('id'), ', '.join(
                    '%s (%r, wanted %r)' % (k, changes[k]['before'], changes[k]['after']) for k in fixed)))
        toggle = None
        if current.get('status') != state:
            toggle = 'enable' if state == 'enabled' else 'disable'
        action = 'update' if changes else 'none'
        return ManagedAccountPlan(action, toggle=toggle, status=state, current=current, desired=desired,
                                  changes=changes, body=self.update_body(desired, current, changes))

    def create_body(self, desired):
        return dict((k, desired[k]) for k in self.fields + self.secret_fields if k in desired)

    # ----------------------------------------------------------------------------- applying
    def apply(self, plan):
        """Create or PATCH, then enable or disable; returns the account as it now is, with its status."""
        if self.check_mode or not plan.changed:
            plan.result = self.predict(plan)
            return plan.result
        if plan.action == 'create':
            after = self.create(plan.desired, plan.body)
        elif plan.action == 'update':
            after = self.update(plan.current, plan.body)
        else:
            after = plan.current
        if plan.toggle:
            body = None
            if plan.toggle == 'enable':
                body = {'reenable_all_connections': bool(plan.desired.get('reenable_all_connections'))}
            answer = self.unwrap(self.client.post('%s/actions/%s' % (self.item_path(plan.current['id']), plan.toggle),
                                                  body, idempotent=True))
            after = answer if isinstance(answer, dict) and answer.get('id') else after
        plan.result = dict(without_keys(after) or {}, status=plan.status)
        return plan.result

    def predict(self, plan):
        if plan.action == 'create':
            after = dict((self.remote_names.get(k, k), v) for k, v in plan.desired.items()
                         if k in self.fields)
        else:
            after = dict(plan.current)
            after.update((self.remote_names.get(k, k), v['after']) for k, v in plan.changes.items())
        after['status'] = plan.status
        return after

    def create(self, desired, body):
        return without_keys(super(ManagedAccount, self).create(desired, body))

    # ----------------------------------------------------------------------------- output
    def export(self, obj):
        view = dict((k, self.remote(k, obj) if k != 'email' else obj.get('email')) for k in self.fields)
        view = dict((k, v) for k, v in view.items() if v not in (None, ''))
        if obj.get('status'):
            view['status'] = obj['status']
        return view


# ------------------------------------------------------------------------------ managed_account_id
def use_managed_account(module, client):
    """With managed_account_id, switch ``client`` to that managed account's own key; returns ``client``.

    Reads GET /managed_accounts/{id} once with the manager's key and takes the account's own ``api_key``; every
    later request of ``client`` carries it (TelnyxClient.act_as). The key (and the V1 token beside it) is added
    to the values Ansible masks (``module.no_log_values``) and to the client's redactions before anything else
    happens, so no result, warning, message or -vvv line shows it. Without managed_account_id nothing is sent.
    Raises TelnyxInputError for an id that is not a UUID (before any request), TelnyxConfigError when the key
    is not a manager's key or sees no such account.
    """
    account_id = module.params.get('managed_account_id')
    if account_id in (None, ''):
        return client
    resource = ManagedAccount(client)
    account_id = resource.check_id(account_id.strip() if isinstance(account_id, str) else account_id,
                                   'managed_account_id')
    try:
        account = resource.get_with_keys(account_id)
    except TelnyxAPIError as exc:
        if exc.status == 403:
            raise TelnyxConfigError('managed_account_id needs the manager account\'s API key as api_key: Telnyx '
                                    'answered HTTP 403 to GET /managed_accounts/%s (only accounts approved by Telnyx '
                                    'as managers may act inside managed accounts).' % account_id)
        raise
    if account is None:
        raise TelnyxConfigError('managed_account_id %s: the manager account of this api_key has no such managed '
                                'account (GET /managed_accounts/%s answered 404). Check the id and that api_key is '
                                'the manager\'s key.' % (account_id, account_id))
    secrets = [account.get(k) for k in KEY_FIELDS if isinstance(account.get(k), str) and account.get(k)]
    for value in secrets:
        module.no_log_values.add(value)
    client.add_secrets(secrets)
    key = account.get('api_key')
    if not isinstance(key, str) or not key.strip():
        raise TelnyxAPIError('GET', '/managed_accounts/%s' % account_id,
                             reason='the answer carries no api_key for the managed account')
    client.act_as(key.strip(), 'managed account %s' % account_id)
    return client


def refuse_managed_account_id(module):
    """Fail the module when managed_account_id (or TELNYX_MANAGED_ACCOUNT_ID) is set: the managed-account
    modules work with the manager's own key."""
    if module.params.get('managed_account_id') not in (None, ''):
        module.fail_json(msg='This module manages managed accounts with the manager account\'s key, so it does not '
                             'take managed_account_id; leave it out (and unset TELNYX_MANAGED_ACCOUNT_ID).')
