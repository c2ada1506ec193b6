# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource contract: a kind declares its path, identity, fields and options; this base does the rest.

One implementation of find / compare / plan / create / update / replace / delete serves the
single-object modules, the info modules and telnyx_account alike. The kinds themselves are in
kinds.py (one class per Telnyx resource kind).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import random
import re
import time
from urllib.parse import quote

from ansible_collections.telnyx.account.plugins.module_utils.client import backoff_delay
from ansible_collections.telnyx.account.plugins.module_utils.errors import (  # noqa: F401 (TelnyxInputError re-exported)
    TelnyxAPIError, TelnyxConfigError, TelnyxError, TelnyxInputError, TelnyxStateError,
)

# What an id of each form looks like (Telnyx's ids never need escaping; anything else is refused).
ID_FORMS = {
    'uuid': (re.compile(r'[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}'),
             'a UUID such as f5586561-8ff0-4291-a0ac-84fe544797bd'),
    'digits': (re.compile(r'[0-9]{1,30}'), 'digits only, such as 1293384261075731499'),
    'token': (re.compile(r'[A-Za-z0-9_-]{1,128}'), 'letters, digits, "-" and "_" only'),
}
# After a create whose answer was lost, look for the object for this many times api_timeout before re-sending.
COMMIT_WINDOW_TIMEOUTS = 3
# A safety stop on the look-ups of one window, whatever the clock says.
MAX_COMMIT_LOOKS = 50


def is_set(value):
    return value is not None


def values_equal(desired, current):
    """Equality as a user means it: an unset string on the server equals an empty one."""
    if desired in (None, '') and current in (None, ''):
        return True
    return desired == current


def lenient(normalizer, value):
    """Normalise a server value; keep it as it is when it does not parse (it then simply differs)."""
    if value in (None, ''):
        return value
    try:
        return normalizer(value)
    except TelnyxInputError:
        return value


def secret_forms(desired, secret_fields):
    """Each secret value of ``desired`` as a server might echo it back other than as given: base64-encoded
    (padded or not), percent-encoded, and (beside a ``username``) the ``username:password`` of HTTP basic auth
    as it is and base64-encoded. A form equal to a value as given is left out."""
    given = set(desired.get(name) for name in secret_fields)
    forms = []
    for name in secret_fields:
        value = desired.get(name)
        if not isinstance(value, str) or not value:
            continue
        pairs = [value]
        if desired.get('username'):
            pairs.append('%s:%s' % (desired['username'], value))
        for text in pairs:
            encoded = base64.b64encode(text.encode('utf-8')).decode('ascii')
            forms.extend([text, encoded, encoded.rstrip('='), quote(text, safe='')])
    return [form for form in forms if form not in given]


def annotate(exc, message, **applied):
    """``exc`` with a new message and, when given, what was applied before it (``exc.applied``)."""
    exc.args = (message,)
    if applied:
        exc.applied = applied
    return exc


class Plan:
    """What one declared object needs: action is none, create, update, replace or delete."""

    def __init__(self, action, current=None, desired=None, changes=None, body=None):
        self.action = action
        self.current = current
        self.desired = desired or {}
        self.changes = changes or {}
        self.body = body or {}
        self.result = None

    @property
    def changed(self):
        return self.action != 'none'


class Resource:
    """Base of every resource kind. A kind sets the class attributes below and overrides hooks only where the
    API departs from the common case.

    The contract of a kind (checked for every kind by a unit test):

    - ``identity`` and ``update_fields`` name fields of ``fields``; ``create_only_fields`` are sent on create
      and never compared (the API does not return them); ``secret_fields`` are sent, never returned, never
      compared, and their options are no_log.
    - ``options`` is the argument spec of the kind's module (and of telnyx_account's items); ``info_options``
      that of its info module; each key of ``info_filters`` (info option -> list query parameter) is an info
      option.
    - ``normalizers`` maps a field to a function giving the form values are compared in; applied strictly to
      the user's values (TelnyxInputError) and leniently to the server's.
    - ``send_checks`` maps a field to a check of a value that a create or update sends (TelnyxInputError);
      values read back are never checked, so an exported account re-applies as a no-op.
    - ``call_options`` (option -> default) are the options that steer one call and are not object fields
      (``replace``, ``update_secret``, ``return_sip_password``, ``reenable_all_connections``): each is an option of
      the kind with that default, and no field. They are passed one way only: normalize() puts every one into the
      declared object (``desired``), with its default when not given and TelnyxInputError when it cannot be valid
      (a bool option takes only true or false, an option with choices only one of them), and every consumer reads
      it from there (plan() reads ``desired['replace']``; public() takes the declared object, so a kind may show
      a key for the call that asks for it). Call options are never sent (create and update bodies take fields
      only), never part of identity (identity_key, describe), never compared, and never shown in results or diffs
      (predict, public, diff_view).
    """

    kind = 'object'            # what a person calls it, used in messages
    return_key = 'object'      # the key the module returns it under
    list_key = 'objects'       # the key the info module returns the list under
    path = '/'
    envelope = True            # single-object answers come as {"data": {...}}
    has_get = True             # GET path/{id} exists
    id_format = 'token'        # uuid, digits or token (see ID_FORMS): what the kind's ids look like
    unique_identity = True     # the API refuses a second object with the same identity
    coexists_with_replacement = False  # a replace may create the new object before deleting the old one
    identity = ()              # fields that find an existing object when no id is given, in order
    fields = ()                # fields the user sets; compared only when set
    update_fields = ()         # fields PATCH may change (none: the kind cannot be updated)
    create_only_fields = ()    # sent on create, never compared (write-only or not returned)
    secret_fields = ()         # never returned, never logged, never compared
    create_required = ()       # fields a create needs
    export_fields = None       # fields an export holds (default: fields + create_only_fields)
    output_omit = ()           # keys of the API's answer that results leave out
    normalizers = {}           # field -> function(value): the form values are compared in
    send_checks = {}           # field -> check(value) of a value a create or update sends
    options = {}               # the module's options (argument spec, without the api_* ones and state)
    info_options = {}          # the info module's options
    info_filters = {}          # info module option -> list query parameter
    call_options = {}          # option -> default: options that steer one call, carried in desired, never sent
    clock = staticmethod(time.monotonic)

    def __init__(self, client, check_mode=False):
        self.client = client
        self.check_mode = check_mode
        self.warnings = []
        self.read_back_twins = True   # after a create of a kind whose identity is not unique, look for twins

    @property
    def can_update(self):
        return bool(self.update_fields)

    # ----------------------------------------------------------------------------- input
    def check_id(self, value, option='id'):
        """``value`` as an id of this kind, or TelnyxInputError (before any request) when it cannot be one."""
        pattern, form = ID_FORMS[self.id_format]
        text = '' if value is None else str(value)
        if not pattern.fullmatch(text):
            article = 'an' if self.kind[:1] in 'aeiou' else 'a'
            raise TelnyxInputError('%s %r cannot be %s %s id: it must be %s.' % (option, text, article, self.kind, form))
        return text

    def normalize(self, params):
        """The user's options as the API compares them; unset fields left out, every call option in (its default
        when not given). Raises TelnyxInputError."""
        desired = {}
        if params.get('id') is not None:
            desired['id'] = self.check_id(params['id'])
        for name in self.fields + self.create_only_fields + self.secret_fields:
            value = params.get(name)
            if is_set(value):
                desired[name] = self.normalize_value(name, value)
        for name in self.call_options:
            desired[name] = self.call_value(name, params.get(name))
        self.client.add_secrets(desired.get(name) for name in self.secret_fields)
        self.client.add_secrets(secret_forms(desired, self.secret_fields), encoded=True)
        return desired

    def call_value(self, name, value):
        """The value of the call option ``name``: its default when not given; TelnyxInputError when it cannot be
        valid (the module's argument spec already refuses such values; other callers are checked here)."""
        if value is None:
            return self.call_options[name]
        spec = self.options.get(name) or {}
        if spec.get('type') == 'bool' and not isinstance(value, bool):
            raise TelnyxInputError('%s must be true or false, not %r.' % (name, value))
        choices = spec.get('choices')
        if choices and value not in choices:
            raise TelnyxInputError('%s must be one of %s, not %r.' % (name, ', '.join(choices), value))
        return value

    def without_call_options(self, desired):
        """``desired`` without its call options: what the declared object itself is."""
        return dict((k, v) for k, v in desired.items() if k not in self.call_options)

    def normalize_value(self, name, value):
        """A user value in the form it is compared in; raises TelnyxInputError when it cannot be valid."""
        normalizer = self.normalizers.get(name)
        return normalizer(value) if normalizer else value

    def normalize_remote(self, name, value):
        """A server value in the form normalize() gives user values, for comparison (never refused)."""
        normalizer = self.normalizers.get(name)
        return lenient(normalizer, value) if normalizer else value

    def declare(self, params, state='present'):
        """The user's options normalised and checked for ``state``; raises TelnyxInputError before any request."""
        desired = self.normalize(params)
        if state == 'present':
            self.check_present(desired)
        else:
            self.check_identity(desired)
        return desired

    def check_present(self, desired):
        """Raise TelnyxInputError when ``desired`` cannot be made present (before any request)."""
        self.check_identity(desired)

    def check_identity(self, desired):
        """Raise TelnyxInputError when ``desired`` names no object (an empty identity names none)."""
        if 'id' in desired or self.has_identity(desired):
            return
        empty = [name for name in self.identity if desired.get(name) == '']
        if empty:
            raise TelnyxInputError('%s: %s is empty, so it names no %s; give a non-empty value or the id.' % (
                self.kind, ' and '.join(empty), self.kind))
        raise TelnyxInputError('%s: give id or %s.' % (self.kind, ' or '.join(self.identity)))

    def check_create(self, desired):
        """Raise TelnyxInputError when ``desired`` lacks what a create needs."""
        missing = [name for name in self.create_required if desired.get(name) in (None, '')]
        if missing:
            raise TelnyxInputError('%s: %s required to create one (missing: %s).' % (
                self.kind, ', '.join(self.create_required), ', '.join(missing)))

    def check_sent(self, body):
        """Raise TelnyxInputError when a value that a create or update sends cannot be valid (before any write)."""
        for name, check in self.send_checks.items():
            if body.get(name) not in (None, ''):
                check(body[name])

    def has_identity(self, desired):
        return any(desired.get(name) not in (None, '') for name in self.identity)

    def identity_key(self, desired):
        """What makes two declarations the same object: the id, else the first identity field given."""
        if 'id' in desired:
            return ('id', desired['id'])
        for name in self.identity:
            if desired.get(name) not in (None, ''):
                return (name, desired[name])
        return ('fields', tuple(sorted((k, str(v)) for k, v in self.without_call_options(desired).items())))

    def sort_key(self, item):
        """Order of exported items: by identity, so an exported file diffs cleanly."""
        return tuple(str(item.get(name) or '') for name in self.identity) + (repr(sorted(item.items())),)

    def describe(self, desired):
        """How the object is named in messages."""
        if 'id' in desired:
            return '%s %s' % (self.kind, desired['id'])
        for name in self.identity:
            if name in desired:
                return '%s with %s %r' % (self.kind, name, desired[name])
        return self.kind

    # ----------------------------------------------------------------------------- reading
    def item_path(self, obj_id):
        """The path of one object, its id percent-encoded as one path segment."""
        text = '' if obj_id is None else str(obj_id)
        if text in ('', '.', '..'):
            raise TelnyxStateError('The %s has no id that can name it in a path (%r).' % (self.kind, text))
        return '%s/%s' % (self.path, quote(text, safe=''))

    def unwrap(self, payload):
        if self.envelope and isinstance(payload, dict) and 'data' in payload:
            return payload['data']
        return payload

    def answer_object(self, payload, method, path):
        """The object an answer carries, or TelnyxAPIError when the answer is not one (never returned as data)."""
        obj = self.unwrap(payload)
        if isinstance(obj, dict) and obj.get('id') not in (None, ''):
            return obj
        what = 'an object without id' if isinstance(obj, dict) else 'a list' if isinstance(obj, list) \
            else 'text' if isinstance(obj, str) else 'empty' if obj is None else type(obj).__name__
        raise TelnyxAPIError(method, path, reason='the answer is not a %s object (it is %s); check api_url and '
                             'any proxy in between' % (self.kind, what))

    def list(self, query=None):
        return self.client.paginate(self.path, params=query)

    def confirm_absent(self):
        """After a 404 on an item path: True when the collection answers as Telnyx does (the object is gone).

        Raises TelnyxConfigError when it does not (api_url points somewhere else).
        """
        confirm = getattr(self.client, 'confirm_absent', None)
        if confirm is not None:
            return confirm(self.path)
        try:  # pragma: no cover - only for a client without confirm_absent
            payload = self.client.get(self.path, params={'page[size]': 1})
        except TelnyxAPIError:
            payload = None
        if isinstance(payload, dict) and isinstance(payload.get('data'), list):
            return True
        raise TelnyxConfigError('An item of %s answered 404 and %s is not a Telnyx list either: api_url looks '
                                'wrong (it should end in /v2).' % (self.path, self.path))

    def get(self, obj_id):
        """One object by id, or None when the API confirms it does not exist. Checks the id first."""
        obj_id = self.check_id(obj_id)
        if not self.has_get:
            return next((o for o in self.list() if str(o.get('id')) == obj_id), None)
        path = self.item_path(obj_id)
        try:
            payload = self.client.get(path)
        except TelnyxAPIError as exc:
            if exc.status == 404 and self.confirm_absent():
                return None
            raise
        return self.answer_object(payload, 'GET', path)

    def check_filters(self, query):
        """Raise TelnyxInputError when list filters break the API's rules (before any request)."""

    def info_query(self, get):
        """The list query of the kind's ``info_filters``, their values read with ``get(option)`` (None: not set);
        booleans as ``true``/``false``. Checked by check_filters(), before any request."""
        query = {}
        for option, name in self.info_filters.items():
            value = get(option)
            if value is not None:
                query[name] = ('true' if value else 'false') if isinstance(value, bool) else value
        self.check_filters(query)
        return query

    def lookup_query(self, desired):
        """List filters that narrow the search for ``desired`` on the server (None: read the whole list)."""
        return None

    def matches(self, desired, obj):
        """True when ``obj`` is the object ``desired`` names by its first given identity field."""
        for name in self.identity:
            if name in desired:
                return values_equal(desired[name], self.normalize_remote(name, obj.get(name)))
        return False

    def remote_keys(self, obj):
        """The identity keys (as identity_key gives them for a declaration) under which ``obj`` is found."""
        keys = [('id', str(obj.get('id')))]
        for name in self.identity:
            if obj.get(name) not in (None, ''):
                keys.append((name, self.normalize_remote(name, obj[name])))
        return keys

    def index(self, objects):
        """A table from identity key to objects, so that select() over many declarations is not quadratic."""
        table = {}
        for obj in objects:
            for key in self.remote_keys(obj):
                table.setdefault(key, []).append(obj)
        return table

    def select(self, desired, objects, table=None):
        """The one object of ``objects`` that ``desired`` names, None, or an error listing the candidates.

        With ``table`` (from index(objects)) the search is a dictionary look-up where the identity allows it.
        """
        key = self.identity_key(desired)
        if table is not None and key[0] in ('id',) + self.identity:
            found = table.get(key, [])
        elif 'id' in desired:
            found = [o for o in objects if str(o.get('id')) == desired['id']]
        else:
            found = [o for o in objects if self.matches(desired, o)]
        if len(found) > 1:
            raise TelnyxStateError('%s matches %d objects (ids: %s); name one with id.' % (
                self.describe(desired), len(found), ', '.join(sorted(str(o.get('id')) for o in found))))
        return found[0] if found else None

    def lookup(self, desired):
        """Read the API for the object ``desired`` names: one GET by id, or one filtered list."""
        if 'id' in desired:
            return self.get(desired['id'])
        return self.select(desired, self.list(self.lookup_query(desired)))

    # ----------------------------------------------------------------------------- comparing
    def changes(self, desired, current):
        """{field: {'before': server value, 'after': wanted value}} for the set fields that differ."""
        diff = {}
        for name in self.fields:
            if name not in desired:
                continue
            have = self.normalize_remote(name, current.get(name))
            if not values_equal(desired[name], have):
                diff[name] = {'before': have, 'after': desired[name]}
        return diff

    # ----------------------------------------------------------------------------- planning
    def plan(self, desired, current, state='present'):
        """Decide what to do; raises TelnyxStateError when the change needs a replace and ``desired`` does not
        say ``replace: true``, TelnyxInputError when a value the plan would send cannot be valid (before any
        write)."""
        if state == 'absent':
            return Plan('delete' if current else 'none', current=current, desired=desired)
        if current is None:
            if 'id' in desired:
                raise TelnyxStateError('%s does not exist; leave id out to create one.' % self.describe(desired))
            self.check_create(desired)
            return self.checked(Plan('create', desired=desired, body=self.create_body(desired)))
        changes = self.changes(desired, current)
        forced = self.forced_replace(desired, current)
        if not changes and not forced:
            return Plan('none', current=current, desired=desired)
        updatable = self.can_update and all(name in self.update_fields for name in changes) and not forced
        if updatable:
            return self.checked(Plan('update', current=current, desired=desired, changes=changes,
                                     body=self.update_body(desired, current, changes)))
        if not desired.get('replace') and not forced:
            raise TelnyxStateError('%s exists (id %s) and differs in %s, which the Telnyx API cannot update; '
                                   'set replace: true to delete and re-create it.' % (
                                       self.describe(desired), current.get('id'),
                                       ', '.join('%s (%r, wanted %r)' % (k, v['before'], v['after'])
                                                 for k, v in sorted(changes.items()))))
        merged = self.replacement(desired, current)
        self.check_create(merged)
        return self.checked(Plan('replace', current=current, desired=merged, changes=changes,
                                 body=self.create_body(merged)))

    def checked(self, plan):
        self.check_sent(plan.body)
        return plan

    def forced_replace(self, desired, current):
        """True when the object must be re-created even though no compared field differs."""
        return False

    def replacement(self, desired, current):
        """What the new object of a replace holds: the old one's user fields overlaid with the wanted ones.

        The declaration's call options ride along as call options (they steer the call; the create sends fields)."""
        merged = dict((k, self.normalize_remote(k, current.get(k))) for k in self.fields
                      if current.get(k) not in (None, ''))
        merged.update((k, v) for k, v in desired.items() if k != 'id')
        return merged

    def create_body(self, desired):
        names = self.fields + self.create_only_fields + self.secret_fields
        return dict((k, desired[k]) for k in names if k in desired)

    def update_body(self, desired, current, changes):
        return dict((k, desired[k]) for k in changes)

    # ----------------------------------------------------------------------------- applying
    def apply(self, plan):
        """Carry out a plan (nothing in check mode); returns the object as it now is (or was, for delete).

        An exception raised after a write carries ``applied`` ({'deleted': [...]} or {'created': [...]}).
        """
        if plan.action == 'none' or self.check_mode:
            plan.result = self.predict(plan)
        elif plan.action == 'create':
            plan.result = self.create(plan.desired, plan.body)
            self.look_for_twins([plan.result])
        elif plan.action == 'update':
            plan.result = self.update(plan.current, plan.body)
        elif plan.action == 'delete':
            self.delete(plan.current)
            plan.result = plan.current
        elif plan.action == 'replace':
            plan.result = self.replace(plan)
            self.look_for_twins([plan.result])
        return plan.result

    def predict(self, plan):
        """The object as it will be after the plan, for check mode and diffs."""
        if plan.action == 'delete' or plan.current is None and plan.action == 'none':
            return {}
        if plan.action in ('none', 'update'):
            after = dict(plan.current)
            after.update((k, v['after']) for k, v in plan.changes.items())
            return after
        shown = ('id',) + self.fields + self.create_only_fields
        return dict((k, v) for k, v in plan.desired.items() if k in shown)

    def post_object(self, body):
        return self.answer_object(self.client.post(self.path, body), 'POST', self.path)

    def create(self, desired, body):
        """POST the object; never make two when the server's answer is lost.

        A POST that never reached the server is re-sent by the client itself. When the answer leaves it unknown
        whether the object was made (read timeout, 5xx, dropped answer: ``TelnyxAPIError.uncertain``), the
        object is looked up again, with the client's capped back-off between looks, for a window of
        COMMIT_WINDOW_TIMEOUTS x api_timeout, and adopted if it appears; only after the window is the POST sent
        once more (never with api_retries 0). A re-send that is refused (a duplicate, 409/422) or uncertain is
        looked up again and the object adopted if it is there; otherwise its error is raised.
        """
        try:
            return self.post_object(body)
        except TelnyxAPIError as exc:
            if not exc.uncertain:
                raise
            found = self.look_after(exc, self.await_commit, desired)
            if found is not None:
                return found
            if self.client.retries < 1:
                raise self.not_seen(exc)
        try:
            return self.post_object(body)
        except TelnyxAPIError as exc:
            if exc.uncertain:
                found = self.look_after(exc, self.await_commit, desired)
            elif exc.status in (409, 422):
                found = self.look_after(exc, self.find_created, desired)
            else:
                raise
            if found is not None:
                return found
            raise self.not_seen(exc) if exc.uncertain else exc

    def look_after(self, exc, look, desired):
        """``look(desired)``; when the look-up itself fails, its error says that the create may have happened."""
        try:
            return look(desired)
        except TelnyxError as failed:
            raise annotate(failed, '%s Looking for the %s afterwards failed too: %s The %s may have been created: '
                                   'look before creating it again.' % (str(exc), self.kind, failed, self.kind))

    def not_seen(self, exc):
        return annotate(exc, '%s No %s appeared in %d s of looking; it may still appear: look before creating it '
                             'by hand, or re-run.' % (str(exc), self.kind, self.commit_window()))

    def commit_window(self):
        """Seconds to look for a create whose answer was lost: COMMIT_WINDOW_TIMEOUTS x api_timeout."""
        timeout = self.client.timeout
        if isinstance(timeout, (tuple, list)):
            timeout = max(timeout)
        return COMMIT_WINDOW_TIMEOUTS * float(timeout or 30)

    def pause(self, attempt, remaining):
        """Wait before look-up number ``attempt``: the collection's one back-off (client.backoff_delay, full jitter,
        capped), and never past the end of the window (``remaining`` seconds), so the last look comes at its end."""
        delay = backoff_delay(attempt, rng=getattr(self.client, 'rng', random))
        self.client.sleep(max(0.0, min(delay, remaining)))

    def await_commit(self, desired):
        """The object ``desired`` names once it appears within the commit window, else None."""
        start = self.clock()
        window = self.commit_window()
        attempt = 0
        while True:
            attempt += 1
            self.pause(attempt, window - (self.clock() - start))
            found = self.find_created(desired)
            if found is not None:
                return found
            if self.client.retries < 1 or attempt >= MAX_COMMIT_LOOKS or self.clock() - start >= window:
                return None

    def find_created(self, desired):
        return self.select(desired, self.list(self.lookup_query(desired)))

    def update(self, current, body):
        """PATCH the changed fields; returns the object as the API now has it."""
        path = self.item_path(current['id'])
        return self.answer_object(self.client.patch(path, body), 'PATCH', path)

    def delete(self, current):
        """DELETE the object; a 404 that the API confirms means it is gone already (what absent wanted)."""
        try:
            self.client.delete(self.item_path(current['id']))
        except TelnyxAPIError as exc:
            if exc.status != 404 or not self.confirm_absent():
                raise

    def replace(self, plan):
        """Re-create the object. Kinds that cannot hold two objects with one identity delete first; a create
        that then fails raises with ``applied = {'deleted': [old]}``. Others create first, then delete."""
        old = plan.current
        if self.coexists_with_replacement:
            new = self.create(plan.desired, plan.body)
            try:
                self.delete(old)
            except TelnyxError as exc:
                raise annotate(exc, 'Created the new %s (id %s) but could not delete the old one (id %s): %s '
                                    'Both now exist; delete id %s by hand or re-run.' % (
                                        self.kind, new.get('id'), old.get('id'), exc, old.get('id')),
                               created=[self.public(new)])
            return new
        self.delete(old)
        try:
            return self.create(plan.desired, plan.body)
        except TelnyxError as exc:
            raise annotate(exc, 'Deleted the old %s (id %s) to replace it, but creating the new one failed: %s '
                                'Re-run to create it.' % (self.kind, old.get('id'), exc),
                           deleted=[self.public(old)])

    # ----------------------------------------------------------------------------- twins
    def twin_key(self, obj):
        """The identity of a server object, for finding twins: the first identity field it has, else None."""
        for name in self.identity:
            if obj.get(name) not in (None, ''):
                return (name, self.normalize_remote(name, obj[name]))
        return None

    def twin_warnings(self, created_objects, listed_objects):
        """Warnings naming both ids when an object just created has a twin (same identity) in the list.

        Only for kinds whose identity the API does not keep unique: two runs at once can each create one.
        """
        if self.unique_identity:
            return []
        warnings = []
        for new in created_objects:
            key = self.twin_key(new or {})
            if key is None:
                continue
            others = sorted(str(o.get('id')) for o in listed_objects
                            if str(o.get('id')) != str(new.get('id')) and self.twin_key(o) == key)
            if others:
                more = 'another' if len(others) == 1 else '%d others' % len(others)
                warnings.append(
                    'Created %s %s, but the account also holds %s with the same %s (id %s): another run may have '
                    'created it at the same moment. Delete the one you do not want by id; do not run two plays '
                    'on one account at once.' % (self.kind, new.get('id'), more, key[0], ', '.join(others)))
        return warnings

    def look_for_twins(self, created_objects):
        """After creates of a kind the API does not keep unique: one read, and a warning for each twin."""
        if self.unique_identity or not self.read_back_twins or not created_objects:
            return
        self.warnings.extend(self.twin_warnings(created_objects, self.list(self.twin_query(created_objects))))

    def twin_query(self, created_objects):
        """List filters for the read that looks for twins of ``created_objects`` (None: the whole list)."""
        return None

    # ----------------------------------------------------------------------------- output
    def public(self, obj, desired=None):
        """``obj`` as results show it to the call that declared ``desired``: no secret, no omitted key."""
        if not obj:
            return {}
        hidden = self.omitted(desired)
        return dict((k, v) for k, v in obj.items() if k not in hidden)

    def omitted(self, desired=None):
        """The keys of an object that results leave out for the call that declared ``desired`` (None: any call)."""
        return set(self.secret_fields) | set(self.output_omit)

    def diff_view(self, obj):
        """``obj`` as diffs show it: the user-settable fields and the id, so a diff shows only real changes."""
        if not obj:
            return {}
        view = self.export(obj)
        if obj.get('id'):
            view['id'] = obj['id']
        return view

    def export(self, obj):
        """``obj`` as telnyx_account input: user-settable fields only; the id when nothing else names it."""
        names = self.export_fields if self.export_fields is not None else self.fields + self.create_only_fields
        item = dict((k, self.normalize_remote(k, obj[k])) for k in names if obj.get(k) not in (None, ''))
        if not self.has_identity(item) and obj.get('id') not in (None, ''):
            item['id'] = str(obj['id'])
        return item

    def export_list(self, objects):
        """Every object as telnyx_account input, sorted; objects that share an identity keep their ids,
        so that applying the export is a no-op."""
        items = [self.export(obj) for obj in objects]
        counts = {}
        for item in items:
            key = self.identity_key(item)
            counts[key] = counts.get(key, 0) + 1
        for item, obj in zip(items, objects):
            if counts[self.identity_key(item)] > 1 and obj.get('id') not in (None, ''):
                item['id'] = str(obj['id'])
        return sorted(items, key=self.sort_key)
