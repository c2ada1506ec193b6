# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource pattern: a kind declares its path, identity and fields; this base does the rest.

One implementation of find / compare / plan / create / update / replace / delete serves the
single-object modules, the info modules and telnyx_account alike.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random

from ansible_collections.telnyx.account.plugins.module_utils.errors import (  # noqa: F401 (TelnyxInputError re-exported)
    TelnyxAPIError, TelnyxError, TelnyxInputError, TelnyxStateError,
)


def is_set(value):
    return value is not None


def values_equal(desired, current):
    """Equality as a user means it: an unset string on the server equals an empty one."""
    if desired in (None, '') and current in (None, ''):
        return True
    return desired == current


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
    """Base of every resource kind. Subclasses set the class attributes and override the hooks."""

    kind = 'object'            # what a person calls it, used in messages
    return_key = 'object'      # the key the module returns it under
    list_key = 'objects'       # the key the info module returns the list under
    path = '/'
    envelope = True            # single-object answers come as {"data": {...}}
    has_get = True             # GET path/{id} exists
    can_update = True          # PATCH path/{id} exists
    twin_allowed = False       # the API takes a second object with the same identity (replace creates first)
    identity = ()              # fields that find an existing object when no id is given, in order
    fields = ()                # fields the user sets; compared only when set
    update_fields = ()         # fields PATCH may change
    create_only_fields = ()    # sent on create, never compared (write-only or not returned)
    secret_fields = ()         # never returned, never logged, never compared
    output_omit = ()           # keys of the API's answer that results leave out
    info_filters = {}          # info module option -> list query parameter

    def __init__(self, client, check_mode=False):
        self.client = client
        self.check_mode = check_mode

    # ----------------------------------------------------------------------------- input
    def normalize(self, params):
        """The user's options as the API compares them; unset options left out. Raises TelnyxInputError."""
        desired = {}
        if params.get('id'):
            desired['id'] = str(params['id'])
        for name in self.fields + self.create_only_fields + self.secret_fields:
            value = params.get(name)
            if is_set(value):
                desired[name] = self.normalize_value(name, value)
        return desired

    def normalize_value(self, name, value):
        return value

    def normalize_remote(self, name, value):
        """A server value in the form normalize() gives user values, for comparison."""
        return value

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
        """Raise TelnyxInputError when ``desired`` names no object."""
        if 'id' not in desired and not self.has_identity(desired):
            raise TelnyxInputError('%s: give id or %s.' % (self.kind, ' or '.join(self.identity)))

    def check_create(self, desired):
        """Raise TelnyxInputError when ``desired`` lacks what a create needs."""

    def has_identity(self, desired):
        return any(name in desired for name in self.identity)

    def identity_key(self, desired):
        """What makes two declarations the same object: the id, else the first identity field given."""
        if 'id' in desired:
            return ('id', desired['id'])
        for name in self.identity:
            if name in desired:
                return (name, desired[name])
        return ('fields', tuple(sorted((k, str(v)) for k, v in desired.items())))

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
        return '%s/%s' % (self.path, obj_id)

    def unwrap(self, payload):
        if self.envelope and isinstance(payload, dict) and 'data' in payload:
            return payload['data']
        return payload

    def list(self, query=None):
        return self.client.paginate(self.path, params=query)

    def get(self, obj_id):
        """One object by id, or None when the API says 404."""
        if not self.has_get:
            return next((o for o in self.list() if str(o.get('id')) == str(obj_id)), None)
        try:
            return self.unwrap(self.client.get(self.item_path(obj_id)))
        except TelnyxAPIError as exc:
            if exc.status == 404:
                return None
            raise

    def check_filters(self, query):
        """Raise TelnyxInputError when list filters break the API's rules (before any request)."""

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
    def plan(self, desired, current, state='present', replace=False):
        """Decide what to do; raises TelnyxStateError when the change needs replace and it was not given."""
        if state == 'absent':
            return Plan('delete' if current else 'none', current=current, desired=desired)
        if current is None:
            if 'id' in desired:
                raise TelnyxStateError('%s does not exist; leave id out to create one.' % self.describe(desired))
            self.check_create(desired)
            return Plan('create', desired=desired, body=self.create_body(desired))
        changes = self.changes(desired, current)
        forced = self.forced_replace(desired, current)
        if not changes and not forced:
            return Plan('none', current=current, desired=desired)
        updatable = self.can_update and all(name in self.update_fields for name in changes) and not forced
        if updatable:
            return Plan('update', current=current, desired=desired, changes=changes,
                        body=self.update_body(desired, current, changes))
        if not replace and not forced:
            raise TelnyxStateError('%s exists (id %s) and differs in %s, which the Telnyx API cannot update; '
                                   'set replace: true to delete and re-create it.' % (
                                       self.describe(desired), current.get('id'),
                                       ', '.join('%s (%r, wanted %r)' % (k, v['before'], v['after'])
                                                 for k, v in sorted(changes.items()))))
        merged = self.replacement(desired, current)
        self.check_create(merged)
        return Plan('replace', current=current, desired=merged, changes=changes, body=self.create_body(merged))

    def forced_replace(self, desired, current):
        """True when the object must be re-created even though no compared field differs."""
        return False

    def replacement(self, desired, current):
        """What the new object of a replace holds: the old one's user fields overlaid with the wanted ones."""
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
        """Carry out a plan (nothing in check mode); returns the object as it now is (or was, for delete)."""
        if plan.action == 'none' or self.check_mode:
            plan.result = self.predict(plan)
        elif plan.action == 'create':
            plan.result = self.create(plan.desired, plan.body)
        elif plan.action == 'update':
            plan.result = self.unwrap(self.client.patch(self.item_path(plan.current['id']), plan.body))
        elif plan.action == 'delete':
            self.delete(plan.current)
            plan.result = plan.current
        elif plan.action == 'replace':
            plan.result = self.replace(plan)
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

    def create(self, desired, body):
        """POST once; after an answer that leaves it unknown whether the object was made, look before re-sending."""
        tries = 0
        while True:
            try:
                return self.unwrap(self.client.post(self.path, body))
            except TelnyxAPIError as exc:
                if not exc.uncertain or tries >= self.client.retries:
                    raise
                tries += 1
                found = self.select(desired, self.list(self.lookup_query(desired)))
                if found is not None:
                    return found
                self.client.sleep(random.uniform(0, 0.5 * (2 ** tries)))

    def delete(self, current):
        try:
            self.client.delete(self.item_path(current['id']))
        except TelnyxAPIError as exc:
            if exc.status != 404:  # gone already: what absent wanted
                raise

    def replace(self, plan):
        old = plan.current
        if self.twin_allowed:
            new = self.create(plan.desired, plan.body)
            try:
                self.delete(old)
            except TelnyxError as exc:
                raise TelnyxStateError('Created the new %s (id %s) but could not delete the old one (id %s): %s '
                                       'Both now exist; delete id %s by hand or re-run.' % (
                                           self.kind, new.get('id'), old.get('id'), exc, old.get('id')))
            return new
        self.delete(old)
        try:
            return self.create(plan.desired, plan.body)
        except TelnyxError as exc:
            raise TelnyxStateError('Deleted the old %s (id %s) to replace it, but creating the new one failed: %s '
                                   'Re-run to create it.' % (self.kind, old.get('id'), exc))

    # ----------------------------------------------------------------------------- output
    def public(self, obj):
        """``obj`` as results and diffs show it: no secret, no omitted key."""
        if not obj:
            return {}
        hidden = set(self.secret_fields) | set(self.output_omit)
        return dict((k, v) for k, v in obj.items() if k not in hidden)

    def diff_view(self, obj):
        """``obj`` as diffs show it: the user-settable fields and the id, so a diff shows only real changes."""
        if not obj:
            return {}
        view = self.export(obj)
        if obj.get('id'):
            view['id'] = obj['id']
        return view

    def export(self, obj):
        """``obj`` as telnyx_account input: user-settable fields only."""
        return dict((k, self.normalize_remote(k, obj[k])) for k in self.fields + self.create_only_fields
                    if obj.get(k) not in (None, ''))
