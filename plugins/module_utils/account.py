# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A whole account at once: read each section once, plan every object, validate the plan, then write.

Uses the same resource classes (find, compare, plan, apply) as the single-object modules.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.telnyx.account.plugins.module_utils.client import TelnyxError
from ansible_collections.telnyx.account.plugins.module_utils.resource import TelnyxInputError, TelnyxStateError
from ansible_collections.telnyx.account.plugins.module_utils.resources import (
    AccessIP, AccessIPRange, Address, AuthenticationProvider, BillingGroup, IntegrationSecret,
)

# Order matters: the allowlist first, so that a converge never locks itself out half-way.
SECTIONS = (
    ('access_ips', AccessIP),
    ('access_ip_ranges', AccessIPRange),
    ('addresses', Address),
    ('billing_groups', BillingGroup),
    ('authentication_providers', AuthenticationProvider),
    ('integration_secrets', IntegrationSecret),
)
SECTION_NAMES = tuple(name for name, _kind in SECTIONS)
OUTCOMES = ('created', 'updated', 'replaced', 'deleted', 'unchanged')
PAST = {'create': 'created', 'update': 'updated', 'replace': 'replaced', 'delete': 'deleted', 'none': 'unchanged'}


def any_change(result):
    """True when any section of an apply result created, updated, replaced or deleted something."""
    return any(outcomes[o] for outcomes in result.values() for o in OUTCOMES[:-1])


class TelnyxPlanError(TelnyxError):
    """The plan cannot be carried out as declared; nothing was written."""


class TelnyxPartialError(TelnyxError):
    """A write failed half-way; ``result`` says what was applied and what was not."""

    def __init__(self, message, result):
        super(TelnyxPartialError, self).__init__(message)
        self.result = dict(result, changed=any_change(result))


def read_section(resource):
    """Every object of a section, all pages, in one pass."""
    if isinstance(resource, IntegrationSecret):
        return resource.list_typed()
    return resource.list()


def label(resource, desired, current=None):
    """A short, stable name for an object in results and diffs: its identity value, else its id."""
    for name in resource.identity:
        if desired and desired.get(name) not in (None, ''):
            return str(desired[name])
        if current and current.get(name) not in (None, ''):
            return str(resource.normalize_remote(name, current[name]))
    if desired and 'id' in desired:
        return desired['id']
    if current and current.get('id'):
        return str(current['id'])
    return resource.describe(desired or {})


class Account:
    """Converges the sections of one account given as telnyx_account input."""

    def __init__(self, client, check_mode=False):
        self.client = client
        self.check_mode = check_mode
        self.resources = dict((name, kind(client, check_mode=check_mode)) for name, kind in SECTIONS)

    # ------------------------------------------------------------------------ validate
    def normalize_section(self, section, items):
        """Every item normalised and checked, or one error naming every bad item. No request is sent."""
        resource = self.resources[section]
        desired_items, problems, seen = [], [], {}
        for index, item in enumerate(items or []):
            where = '%s[%d]' % (section, index)
            state = item.get('state') or 'present'
            try:
                desired = resource.declare(item, state)
            except TelnyxInputError as exc:
                problems.append('%s: %s' % (where, exc))
                continue
            key = resource.identity_key(desired)
            if key in seen:
                problems.append('%s: declares the same %s as %s (%s).' % (where, resource.kind, seen[key], key[1]))
                continue
            seen[key] = where
            desired_items.append((where, desired, state, bool(item.get('replace'))))
        return desired_items, problems

    # ------------------------------------------------------------------------ plan
    def plan_section(self, section, desired_items, remote, purge, allow_empty_purge):
        resource = self.resources[section]
        plans, problems, claimed = [], [], {}
        table = resource.index(remote)
        for where, desired, state, replace in desired_items:
            try:
                current = resource.select(desired, remote, table)
                if current is not None and current.get('id') in claimed:
                    raise TelnyxStateError('names the same %s (id %s) as %s.' % (
                        resource.kind, current.get('id'), claimed[current.get('id')]))
                if current is not None:
                    claimed[current['id']] = where
                plan = resource.plan(desired, current, state=state, replace=replace)
            except TelnyxError as exc:
                problems.append('%s: %s' % (where, exc))
                continue
            plans.append(plan)
        if purge:
            kept = [p for p in plans if p.action != 'delete']
            for obj in remote:
                if obj.get('id') not in claimed:
                    plans.append(resource.plan({}, obj, state='absent'))
            if remote and not kept and not allow_empty_purge:
                problems.append('%s: purge would delete all %d objects of the section and leave it empty%s; '
                                'set allow_empty_purge: true if that is what you want.' % (
                                    section, len(remote),
                                    ' (an empty allowlist locks every API client out)' if section.startswith('access_ip')
                                    else ''))
        return plans, problems

    def plan(self, sections, purge=(), allow_empty_purge=False):
        """Validate the input, read each section once, and plan. Raises before any write when anything is wrong."""
        normalized, problems = {}, []
        for section in SECTION_NAMES:
            if section in sections and sections[section] is not None or section in purge:
                normalized[section], found = self.normalize_section(section, sections.get(section) or [])
                problems.extend(found)
        if problems:
            raise TelnyxInputError('Nothing was changed; the input has errors: ' + ' '.join(problems))
        plans = {}
        for section in normalized:
            remote = read_section(self.resources[section])
            plans[section], found = self.plan_section(section, normalized[section], remote, section in purge,
                                                      allow_empty_purge)
            problems.extend(found)
        if problems:
            raise TelnyxPlanError('Nothing was changed; the plan cannot be carried out: ' + ' '.join(problems))
        return plans

    # ------------------------------------------------------------------------ apply
    def apply(self, plans):
        """Write what differs: per section creates, updates and replaces first, deletes last.

        On the first failing write it stops and raises TelnyxPartialError with what was applied and what was not.
        """
        result = dict((section, dict((outcome, []) for outcome in OUTCOMES)) for section in plans)
        pending = [(section, plan) for section in plans for plan in self.ordered(plans[section])]
        for index, (section, plan) in enumerate(pending):
            resource = self.resources[section]
            try:
                after = resource.apply(plan)
            except TelnyxError as exc:
                not_applied = ['%s %s %s' % (p.action, s, label(self.resources[s], p.desired, p.current))
                               for s, p in pending[index:] if p.action != 'none']
                raise TelnyxPartialError(
                    'Stopped at %s %s %s: %s Already applied: %s. Not applied: %s. Re-run to finish.' % (
                        plan.action, section, label(resource, plan.desired, plan.current), exc,
                        self.summary(result) or 'nothing', ', '.join(not_applied)), result)
            result[section][PAST[plan.action]].append(self.outcome_id(resource, plan, after))
        return result

    @staticmethod
    def ordered(plans):
        return [p for p in plans if p.action != 'delete'] + [p for p in plans if p.action == 'delete']

    @staticmethod
    def outcome_id(resource, plan, after):
        """The id of the object the outcome is about; in check mode a new object has none, so its label."""
        source = after if plan.action in ('create', 'replace') else plan.current
        if source and source.get('id'):
            return str(source['id'])
        return label(resource, plan.desired, plan.current)

    @staticmethod
    def summary(result):
        parts = []
        for section, outcomes in result.items():
            for outcome in OUTCOMES[:-1]:
                if outcomes[outcome]:
                    parts.append('%s %s %s' % (section, outcome, ', '.join(outcomes[outcome])))
        return '; '.join(parts)

    def diff(self, plans):
        """before/after of every object that changes, keyed by section and label; no secret."""
        before, after = {}, {}
        for section, section_plans in plans.items():
            resource = self.resources[section]
            for plan in section_plans:
                if plan.action == 'none':
                    continue
                name = label(resource, plan.desired, plan.current)
                if plan.current:
                    before.setdefault(section, {})[name] = resource.diff_view(plan.current)
                if plan.action != 'delete':
                    after.setdefault(section, {})[name] = resource.diff_view(plan.result or resource.predict(plan))
        return {'before': before, 'after': after}

    # ------------------------------------------------------------------------ export
    def export(self, sections=SECTION_NAMES):
        """The account as telnyx_account input: user-settable fields only, sorted by identity."""
        account = {}
        for section in sections:
            resource = self.resources[section]
            items = [resource.export(obj) for obj in read_section(resource)]
            account[section] = sorted(items, key=resource.sort_key)
        return account
