# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A whole account at once: read each section once, plan every object, validate the plan, then write.

Uses the same resource classes (find, compare, plan, apply) as the single-object modules.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.telnyx.account.plugins.module_utils.errors import TelnyxError
from ansible_collections.telnyx.account.plugins.module_utils.module import api_error_of, applied_by
from ansible_collections.telnyx.account.plugins.module_utils.resource import TelnyxInputError, TelnyxStateError
from ansible_collections.telnyx.account.plugins.module_utils.kinds import (
    AccessIP, AccessIPRange, Address, AuthenticationProvider, BillingGroup, IntegrationSecret,
)

# Section order: the allowlist first (see Account.phases), then the other kinds.
SECTIONS = (
    ('access_ips', AccessIP),
    ('access_ip_ranges', AccessIPRange),
    ('addresses', Address),
    ('billing_groups', BillingGroup),
    ('authentication_providers', AuthenticationProvider),
    ('integration_secrets', IntegrationSecret),
)
SECTION_NAMES = tuple(name for name, _kind in SECTIONS)
# The API access allowlist is access IPs and ranges together: a client is allowed when either lists it.
ALLOWLIST = ('access_ips', 'access_ip_ranges')
OUTCOMES = ('created', 'updated', 'replaced', 'deleted', 'unchanged')
OUTCOME_OF_ACTION = {'create': 'created', 'update': 'updated', 'replace': 'replaced', 'delete': 'deleted',
                     'none': 'unchanged'}


def any_change(result):
    """True when any section of an apply result created, updated, replaced or deleted something."""
    return any(outcomes[o] for outcomes in result.values() for o in OUTCOMES[:-1])


class TelnyxPlanError(TelnyxError):
    """The plan cannot be carried out as declared; nothing was written."""


class TelnyxPartialError(TelnyxError):
    """A write failed half-way; ``result`` says what was applied and what was not.

    ``cause`` is the error of the first failed write (raised ``from`` it, so the API error rides along).
    """

    def __init__(self, message, result, cause=None):
        super(TelnyxPartialError, self).__init__(message)
        self.result = dict(result, changed=any_change(result))
        self.cause = cause


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


def add_warning(resource, text):
    """Add ``text`` to ``resource.warnings`` (which the module runner hands to module.warn), once."""
    if text not in resource.warnings:
        resource.warnings.append(text)


def allowlist_entries(resource, besides=None):
    """True when the list of ``resource`` (an allowlist kind) holds an entry other than id ``besides``.

    One read of the first page with two entries: enough to see one entry besides the one being removed.
    """
    payload = resource.client.get(resource.path, params={'page[number]': 1, 'page[size]': 2})
    items = payload.get('data') if isinstance(payload, dict) else payload
    return any(str(obj.get('id')) != str(besides) for obj in items or () if isinstance(obj, dict))


def last_entry_guard(allowed):
    """For telnyx_access_ip and telnyx_access_ip_range: a check of the plan that refuses, unless ``allowed``,
    to delete or replace the last entry of the allowlist (IPs and ranges together).

    A replace deletes the entry before it creates the new one (the API cannot hold two entries with one
    address), so replacing the only entry empties the allowlist for a moment, and for good if the create fails.
    Reads the entry's own list, and the other list only when its own holds nothing else.
    """
    def check(resource, plan):
        if allowed or plan.action not in ('delete', 'replace'):
            return
        if allowlist_entries(resource, besides=plan.current.get('id')):
            return
        other = AccessIPRange if isinstance(resource, AccessIP) else AccessIP
        if allowlist_entries(other(resource.client)):
            return
        what = label(resource, plan.desired, plan.current)
        if plan.action == 'delete':
            why = 'deleting it would leave the allowlist empty'
        else:
            why = ('replacing it deletes it before creating the new one (the API cannot hold both), so the allowlist '
                   'would be empty in between, and stay empty if the create failed')
        raise TelnyxStateError(
            '%s %s (id %s) is the last entry of the API access allowlist (access IPs and ranges together): %s. '
            'Nothing was changed. Add another entry first, or set allow_empty_allowlist: true if that is what '
            'you want.' % (resource.kind, what, plan.current.get('id'), why))
    return check


class Account:
    """Converges the sections of one account given as telnyx_account input.

    ``concurrency`` is the most requests in flight at once (api_concurrency); 1 is strictly sequential.
    """

    def __init__(self, client, check_mode=False, concurrency=None):
        self.client = client
        self.check_mode = check_mode
        self.concurrency = max(1, int(concurrency or client.concurrency or 1))
        self.resources = dict((name, kind(client, check_mode=check_mode)) for name, kind in SECTIONS)
        for resource in self.resources.values():
            # Not one read per create: check_twins() reads each section once after all its creates.
            resource.read_back_twins = False

    @property
    def warnings(self):
        """What the resources found worth telling (in section order, each once)."""
        found = []
        for name in SECTION_NAMES:
            for text in self.resources[name].warnings:
                if text not in found:
                    found.append(text)
        return found

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
            desired_items.append((where, desired, state))
        return desired_items, problems

    # ------------------------------------------------------------------------ plan
    def plan_section(self, section, desired_items, remote, purge, allow_empty_purge):
        resource = self.resources[section]
        plans, problems, claimed = [], [], {}
        table = resource.index(remote)
        for where, desired, state in desired_items:
            try:
                current = resource.select(desired, remote, table)
                if current is not None and current.get('id') in claimed:
                    raise TelnyxStateError('names the same %s (id %s) as %s.' % (
                        resource.kind, current.get('id'), claimed[current.get('id')]))
                if current is not None:
                    claimed[current['id']] = where
                plan = resource.plan(desired, current, state=state)
            except TelnyxError as exc:
                problems.append('%s: %s' % (where, exc))
                continue
            plan.where = where
            plans.append(plan)
        if purge:
            kept = [p for p in plans if p.action != 'delete']
            for obj in remote:
                if obj.get('id') not in claimed:
                    plan = resource.plan({}, obj, state='absent')
                    plan.where = 'purge'
                    plans.append(plan)
            if remote and not kept and not allow_empty_purge:
                problems.append('%s: purge would delete all %d objects of the section and leave it empty; '
                                'set allow_empty_purge: true if that is what you want.' % (section, len(remote)))
        return plans, problems

    def allowlist_problems(self, plans, remote, allow_empty_purge):
        """Every path of the plan to an empty allowlist (IPs and ranges together), unless allow_empty_purge.

        The apply changes the allowlist in three phases: creates, then replaces one at a time, then deletes. With
        ``entries`` the entries after the creates, the allowlist passes through empty when a replace (which deletes
        before it creates) meets ``entries == 1``, or when the deletes take away all ``entries``. A section not
        given is read (one short page) only when the given ones would pass through empty.
        """
        given = [s for s in ALLOWLIST if s in plans]
        if allow_empty_purge or not given:
            return []
        actions = [(s, p) for s in given for p in plans[s]]
        entries = sum(len(remote[s]) for s in given) + sum(1 for _s, p in actions if p.action == 'create')
        deletes = [(s, p) for s, p in actions if p.action == 'delete']
        replaces = [(s, p) for s, p in actions if p.action == 'replace']
        emptied_by_replace = bool(replaces) and entries == 1
        emptied_by_deletes = bool(deletes) and entries - len(deletes) == 0
        if not (emptied_by_replace or emptied_by_deletes):
            return []
        for section in ALLOWLIST:
            if section not in given and allowlist_entries(self.resources[section]):
                return []

        def names(writes):
            return ', '.join('%s %s %s' % (p.action, s, label(self.resources[s], p.desired, p.current))
                             for s, p in writes)
        if emptied_by_deletes:
            why = 'it deletes every entry (%s)' % names(deletes)
        else:
            why = ('it replaces the only entry, which deletes it before creating the new one (the API cannot hold '
                   'both), so the allowlist would be empty in between, and stay empty if the create failed (%s)'
                   % names(replaces))
        return ['The plan would leave the API access allowlist (access IPs and ranges together) empty: %s; '
                'set allow_empty_purge: true if that is what you want.' % why]

    def declare(self, sections, purge=()):
        """The input checked and normalised, per section given (or purged); sends no request.

        Returns {section: [(where, desired, state)]}, each ``desired`` with its kind's call options (replace, ...);
        raises TelnyxInputError naming every bad item.
        """
        normalized, problems = {}, []
        for section in SECTION_NAMES:
            if section in sections and sections[section] is not None or section in purge:
                normalized[section], found = self.normalize_section(section, sections.get(section) or [])
                problems.extend(found)
        if problems:
            raise TelnyxInputError('Nothing was changed; the input has errors: ' + ' '.join(problems))
        return normalized

    def plan(self, sections, purge=(), allow_empty_purge=False, declared=None):
        """Validate the input (unless ``declared``, what declare() returned for it), read each section once, and
        plan. Raises before any write when anything is wrong.

        The sections are read at the same time (up to ``concurrency`` reads in flight, through client.map).
        """
        normalized = self.declare(sections, purge) if declared is None else declared
        problems = []
        names = list(normalized)
        remote = dict(zip(names, self.client.map(lambda s: read_section(self.resources[s]), names,
                                                 workers=self.concurrency)))
        plans = {}
        for section in names:
            plans[section], found = self.plan_section(section, normalized[section], remote[section],
                                                      section in purge, allow_empty_purge)
            problems.extend(found)
        if not problems:  # (a purge that empties a section already needs allow_empty_purge)
            problems.extend(self.allowlist_problems(plans, remote, allow_empty_purge))
        if problems:
            raise TelnyxPlanError('Nothing was changed; the plan cannot be carried out: ' + ' '.join(problems))
        return plans

    # ------------------------------------------------------------------------ apply
    def phases(self, plans):
        """The writes of a plan in the order they are made: a list of (writes, most in flight at once).

        1. allowlist creates (and updates), 2. allowlist replaces one at a time, 3. allowlist deletes;
        4. the other sections' creates, updates and replaces, 5. their deletes. So the allowlist changes before
        anything else, never holds fewer entries than its final state except during a checked replace, and every
        delete comes after the creates. Within a phase the writes keep the order of the plan.
        """
        def pick(sections, actions):
            return [(s, p) for s in sections for p in plans[s] if p.action in actions]
        allowlist = [s for s in ALLOWLIST if s in plans]
        others = [s for s in plans if s not in ALLOWLIST]
        return [
            (pick(allowlist, ('create', 'update')), self.concurrency),
            (pick(allowlist, ('replace',)), 1),
            (pick(allowlist, ('delete',)), self.concurrency),
            (pick(others, ('create', 'update', 'replace')), self.concurrency),
            (pick(others, ('delete',)), self.concurrency),
        ]

    def apply(self, plans):
        """Write what differs (see phases()), up to ``concurrency`` writes in flight.

        On the first failed write no new write starts; the writes in flight finish; then TelnyxPartialError
        says exactly what was applied and what was not. Returns per section the ids of each outcome, in the
        order of the plan.
        """
        done = {}        # id(plan) -> the outcome id, for every plan carried out (or unchanged)
        extra = {}       # id(plan) -> what a failed write did before failing (applied_by)
        failures = []    # (section, plan, error) in the order they were seen
        for section in plans:
            for plan in plans[section]:
                if plan.action == 'none' or self.check_mode:
                    done[id(plan)] = self.outcome_id(self.resources[section], plan,
                                                     self.resources[section].apply(plan))
        if not self.check_mode:
            for writes, workers in self.phases(plans):
                self.run_phase(writes, workers, done, extra, failures)
                if failures:
                    break
            self.check_twins(plans, done)
        result = self.outcomes(plans, done, extra)
        if failures:
            raise self.partial_error(plans, done, extra, failures, result)
        return result

    def run_phase(self, writes, workers, done, extra, failures):
        """Carry out ``writes`` with up to ``workers`` in flight (client.map): after the first failure no new
        write starts and those in flight finish. Every outcome, and every failure, is recorded as it ends."""
        def write(item):
            section, plan = item
            resource = self.resources[section]
            try:
                done[id(plan)] = self.outcome_id(resource, plan, resource.apply(plan))
            except TelnyxError as exc:
                if applied_by(exc):
                    extra[id(plan)] = applied_by(exc)
                failures.append((section, plan, exc))
                raise

        try:
            self.client.map(write, writes, workers=workers)
        except TelnyxError:
            pass  # recorded in failures; apply() reports them

    def check_twins(self, plans, done):
        """After creates of kinds whose identity the API does not keep unique, one read per section: another
        object with a created object's identity (a concurrent run made it too) is reported in a warning."""
        for section in plans:
            resource = self.resources[section]
            if resource.unique_identity:
                continue
            created = [p.result for p in plans[section] if p.action in ('create', 'replace') and id(p) in done
                       and p.result]
            if not created:
                continue
            try:
                listed = read_section(resource)
            except TelnyxError as exc:
                add_warning(resource, 'Could not read %s back to look for duplicates made by a concurrent run: %s'
                            % (section, exc))
                continue
            for text in resource.twin_warnings(created, listed):
                add_warning(resource, text)

    def outcomes(self, plans, done, extra):
        result = dict((section, dict((outcome, []) for outcome in OUTCOMES)) for section in plans)
        for section in plans:
            for plan in plans[section]:
                for outcome, objects in sorted(extra.get(id(plan), {}).items()):
                    result[section][outcome].extend(str(obj.get('id')) for obj in objects)
                if id(plan) in done:
                    result[section][OUTCOME_OF_ACTION[plan.action]].append(done[id(plan)])
        return result

    def name(self, section, plan, action=None, object_id=None):
        """How messages name one write: action, section and label, then the id when known and not the label."""
        name = label(self.resources[section], plan.desired, plan.current)
        text = '%s %s %s' % (action or plan.action, section, name)
        if object_id is None:
            object_id = (plan.current or {}).get('id')
        if object_id and str(object_id) != name:
            text += ' (id %s)' % object_id
        return text

    def partial_error(self, plans, done, extra, failures, result):
        section, plan, exc = failures[0]
        applied, not_applied = [], []
        for name in plans:
            for each in plans[name]:
                if each.action == 'none':
                    continue
                half = extra.get(id(each), {})
                for obj in half.get('deleted', ()):
                    applied.append(self.name(name, each, 'delete', obj.get('id')))
                for obj in half.get('created', ()):
                    applied.append(self.name(name, each, 'create', obj.get('id')))
                if id(each) in done:
                    applied.append(self.name(name, each, object_id=done[id(each)]))
                elif half.get('deleted'):  # a replace that deleted the old object: the create is missing
                    not_applied.append(self.name(name, each, 'create', ''))
                elif half.get('created'):  # a replace that created the new object: the old one is left
                    not_applied.append(self.name(name, each, 'delete'))
                else:
                    not_applied.append(self.name(name, each))
        message = 'Stopped at %s: %s' % (self.name(section, plan), exc)
        if len(failures) > 1:
            message += ' Also failed while in flight: %s.' % '; '.join(
                '%s: %s' % (self.name(s, p), e) for s, p, e in failures[1:])
        message += ' Already applied: %s. Not applied: %s. Re-run to finish.' % (
            ', '.join(applied) or 'nothing', ', '.join(not_applied) or 'nothing')
        error = TelnyxPartialError(message, result, cause=exc)
        error.__cause__ = exc
        api_error = api_error_of(exc)
        if api_error:  # the first failed write's HTTP facts, as a failed single-object module gives them
            error.result['api_error'] = api_error
        return error

    @staticmethod
    def outcome_id(resource, plan, after):
        """The id of the object the outcome is about; in check mode a new object has none, so its label."""
        source = after if plan.action in ('create', 'replace') else plan.current
        if source and source.get('id'):
            return str(source['id'])
        return label(resource, plan.desired, plan.current)

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
        """The account as telnyx_account input: user-settable fields only, sorted by identity.

        The sections are read at the same time (up to ``concurrency`` reads in flight).
        """
        sections = list(sections)
        account = {}
        for section, objects in zip(sections, self.client.map(lambda s: read_section(self.resources[s]), sections,
                                                              workers=self.concurrency)):
            resource = self.resources[section]
            account[section] = resource.export_list(objects)
        return account
