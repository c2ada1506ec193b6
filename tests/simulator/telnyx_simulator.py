# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A stateful simulator of the Telnyx API v2 endpoints this collection uses. Standard library only, loopback only.

Start:  python tests/simulator/telnyx_simulator.py --port 8765 [--api-key KEY] [--port-file FILE]
            [--latency-ms N] [--rate-limit N] [--rate-window SECONDS] [--meta full|no_total_pages|none]
API:    http://127.0.0.1:PORT/v2/...           (Bearer KEY, default "test-key": the manager account's key)

Managed accounts (managed-accounts OpenAPI extract): the manager's key reaches /v2/managed_accounts: list
(ManagedAccountMultiListing, no keys; filter[email][contains|eq], filter[organization_name][contains|eq]
(contains: 3 characters or more, case-insensitive), filter[status][eq] (all, active, enabled, cancelled,
disabled, blocked), include_cancelled_accounts, sort created_at|email with "-" for descending (default
-created_at), page[number]/page[size]), POST (business_name required; email generated when absent, unique),
GET/PATCH /{id} (only managed_account_allow_custom_pricing changes), POST /{id}/actions/disable|enable. Every
single-object answer is a ManagedAccount with the account's own api_key and api_token, as the document says;
list items never carry them. Each managed account has its own key and its own separate objects of every kind;
its key sees only those, gets 403 (code 10010) on /managed_accounts, and 401 while the account is disabled or
cancelled. The manager's key sees only the manager's own objects.

Realistic defaults (Telnyx developer docs and the OpenAPI extracts):
  - every /v2 answer carries x-ratelimit-limit, x-ratelimit-remaining and x-ratelimit-reset (whole seconds to the
    end of the window); each API key has its own fixed window of --rate-window seconds (default 60) that starts
    with its first request; request number --rate-limit + 1 (default 10000) and later ones in the window get
    429 {"errors": [{"code": "10011", "title": "Too many requests", ...}]} ("Rate limiting" page).
  - --latency-ms is slept before each /v2 request is processed; requests are served by one thread each, so
    latency never serialises them.
  - a path outside /v2 (e.g. api_url without /v2) answers the web server's own 404 (text/html, no Telnyx body);
    an unknown path or a missing object under /v2 answers Telnyx's 404 {"errors": [{"code": "10005", ...}]}.
  - telephony credentials: "tag" is taken on create and PATCH and filterable (filter[tag]) but never answered
    (not in the TelephonyCredential schema); "expired" is true once expires_at has passed (or when seeded with
    "_expired": true), and PATCH of an expired credential answers 422 with errors as an object:
    {"errors": {"status": "can't update credentials in expired status"}} (Telnyx WebRTC docs).
  - new access IPs and ranges are "pending" before "added" (CloudflareSyncStatus; see pending_reads below);
    seeded ones are "added" unless seeded with "status": "pending".
  - POST /addresses needs no postal_code (not in AddressCreate.required); it is validated only when given.
  - list meta per the document's PaginationMeta (no field required), switchable with "meta" below.

Control (no key, never rate limited, never delayed; /v2 requests are logged, control requests are not).
seed, state and reset take ?account=<managed account id> to act on that account's objects (404 if none):
  GET    /_sim/log                 the request log: [{"method", "path", "query", "status", "time", "account", "api",
                                   "commit"}]; account is the managed account whose key was used (null for
                                   the manager's key or an unknown key); path is relative to /v2 when "api"
                                   is true, else the full path; status is an int or "dropped"; commit is the
                                   status of a delayed or committed-then-failed write when it landed
  DELETE /_sim/log                 empty the log
  POST   /_sim/reset               forget every object, managed account, fault and log entry; config back to
                                   the command line's. With ?account=ID: forget that account's objects only
  POST   /_sim/faults              {"rules": [...]} replace the fault rules (see Fault below)
  GET    /_sim/config              the runtime config: {"latency_ms", "rate_limit", "rate_window", "meta",
                                   "meta_scope", "pending_reads", "pending_seconds"}
  POST   /_sim/config              change some of it, e.g. {"latency_ms": 50, "rate_limit": 100, "rate_window": 1,
                                   "meta": "no_total_pages"}; answers the whole config; a change of rate_limit
                                   or rate_window starts new windows; unknown keys or bad values: 400.
                                   meta: "full" (page_number, page_size, total_pages, total_results),
                                   "no_total_pages" (page_number and page_size only), "none" (no meta object).
                                   It applies to the lists whose PaginationMeta makes every field optional
                                   (addresses, SSO providers, billing groups, credentials, managed accounts);
                                   with "meta_scope": "all" also to those whose document requires them (access
                                   IPs and ranges, integration secrets).
                                   pending_reads (1) / pending_seconds (2.0): a new access IP or range is
                                   "pending" in the create answer and in the next pending_reads reads that show
                                   it, or until pending_seconds have passed, whichever ends first; then "added"
  POST   /_sim/seed                {"access_ips": [{...}], ...} add objects as if created by someone else;
                                   answers {section: [ids]}. Sections: access_ips, access_ip_ranges, addresses,
                                   authentication_providers, billing_groups, integration_secrets,
                                   telephony_credentials; fields starting with "_" are stored hidden
                                   (e.g. "_expired": true, "_used_as_emergency": true). Manager only:
                                   managed_accounts: [{create body, "status": "enabled"|"disabled"|"cancelled",
                                   "api_key": "...", "id": "..."}] (api_key and id optional)
  GET    /_sim/state               {"objects": {section: [...]}, "secrets": {...}} of the account (secret values
                                   included: for tests only); for the manager also "managed_accounts": every
                                   record with api_key, api_token and "status"

Fault rules are tried in order; the first that matches the request (method, path regex on the path after /v2,
"account" when given) and has count left is used ("skip" first lets that many matching requests through;
"count" -1 = forever). Rate limiting comes before faults; faults that stand for the network or a proxy
(status, drop, latency, redirect, html, not_found_plain) come before the key is checked. Answers of redirect,
html and not_found_plain stand for a proxy's, so they carry no x-ratelimit-* headers; status answers do.
  {"action": "status", "status": 503, "retry_after": "1", "ratelimit_reset": "1", "ratelimit_remaining": "0",
   "pointer": "/name", "code": "10015", "title": "...", "detail": "..."}
                            answer status with a Telnyx error body; nothing is done. Default codes: 429 10011,
                            408/504 10008, other 5xx 10007, 422 and other 4xx 10015
  {"action": "drop"}        close the connection without an answer; nothing is done
  {"action": "latency", "seconds": 0.2}           sleep, then serve the request normally
  {"action": "commit_then_fail", "status": 500}   do the request, then answer status (500) instead of its result
  {"action": "delayed_commit", "commit_after": 1.0, "seconds": 30, "drop": false, "status": 504}
                            the request commits commit_after seconds after it arrived, in the background; the
                            answer comes `seconds` after arrival: the commit's own answer if it has landed by
                            then, else status (504, code 10008 "Request timeout"); with "drop": true the
                            connection closes then instead. A client whose read timeout is shorter gives up
                            before either, and the object appears later.
  {"action": "redirect", "status": 302, "location": "http://127.0.0.2:8/v2/x"}   3xx (301/302/303/307/308) with
                            Location and a small text/html body
  {"action": "html", "status": 200, "body": "...", "content_type": "text/html"}  a proxy's page (default: a
                            captive-portal login page, 200 text/html)
  {"action": "not_found_plain", "body": "...", "content_type": "text/html"}      404 without a Telnyx body
  Every rule may carry "method", "path", "count" (default 1), "skip" (default 0) and "account" (a managed
  account's id: only requests made with that account's key match).
"""

from __future__ import absolute_import, division, print_function

import argparse
import base64
import hmac
import ipaddress
import json
import math
import re
import socket
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

PREFIX = '/v2'
MAX_PAGE_SIZE = 250


def now_iso():
    return datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'


class APIError(Exception):
    def __init__(self, status, code, title, detail=None, pointer=None, parameter=None):
        super(APIError, self).__init__(title)
        self.status = status
        err = {'code': str(code), 'title': title}
        if detail:
            err['detail'] = detail
        if pointer:
            err['source'] = {'pointer': pointer}
        elif parameter:
            err['source'] = {'parameter': parameter}
        self.body = {'errors': [err]}

    @classmethod
    def raw(cls, status, body):
        """An error answered with exactly this body (some services answer errors as an object, not a list)."""
        exc = cls(status, '0', 'raw')
        exc.body = body
        return exc


def compact(obj, keep=()):
    """The object without unset optional fields: the document types them as strings, never null."""
    return dict((k, v) for k, v in obj.items() if v is not None or k in keep)


def invalid(field, detail, code='10015'):
    return APIError(422, code, 'Invalid value', detail, pointer='/' + field)


def required(body, names):
    for name in names:
        if body.get(name) in (None, ''):
            raise APIError(422, '10004', 'Missing required parameter', '%s is required.' % name, pointer='/' + name)


def check_types(body, spec):
    for name, kind in spec.items():
        if name in body and body[name] is not None and not isinstance(body[name], kind):
            raise invalid(name, '%s has the wrong type.' % name, code='10016')


DEFAULT_CONFIG = {
    'latency_ms': 0,          # added before every /v2 request is processed (threads sleep in parallel)
    'rate_limit': 10000,      # requests per window and API key; the next one is answered 429 (code 10011)
    'rate_window': 60.0,      # seconds; a window starts with the first request of a key after the last one ended
    'meta': 'full',           # list meta: full | no_total_pages | none (lists whose meta fields are optional)
    'meta_scope': 'optional',  # optional: meta applies where the document makes meta fields optional; all: every list
    'pending_reads': 1,       # a new access IP or range is pending in the create answer and in this many reads
    'pending_seconds': 2.0,   # ... or until this many seconds have passed, whichever comes first; then added
}
META_MODES = ('full', 'no_total_pages', 'none')
META_SCOPES = ('optional', 'all')


def check_config(changes):
    """The config changes, checked; raises ValueError naming the bad key."""
    out = {}
    for key, value in changes.items():
        if key not in DEFAULT_CONFIG:
            raise ValueError('unknown config key %s' % key)
        if key == 'meta':
            if value not in META_MODES:
                raise ValueError('meta must be one of %s' % ', '.join(META_MODES))
        elif key == 'meta_scope':
            if value not in META_SCOPES:
                raise ValueError('meta_scope must be one of %s' % ', '.join(META_SCOPES))
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ValueError('%s must be a number >= 0' % key)
        elif key == 'rate_window' and value <= 0:
            raise ValueError('rate_window must be > 0')
        out[key] = value
    return out


KINDS = ('access_ips', 'access_ip_ranges', 'addresses', 'authentication_providers', 'billing_groups',
         'integration_secrets', 'telephony_credentials')
MANAGER_ID = '3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a'
MANAGER_EMAIL = 'manager@example.com'


def new_api_key():
    return 'KEY%s_%s' % (uuid.uuid4().hex.upper(), base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b'=').decode())


class Account:
    """One account: its key and its own objects of every kind. The manager has no record; a managed account's
    record holds the ManagedAccount fields (api_key and api_token included) and status is internal: enabled,
    disabled or cancelled (the API answers no status)."""

    def __init__(self, api_key, account_id=None, record=None, status='enabled'):
        self.id = account_id
        self.api_key = api_key
        self.record = record
        self.status = status
        self.user_id = account_id or 'a4e1f0b2-5c3d-4e6f-8a9b-0c1d2e3f4a5b'
        self.organization_id = str(uuid.uuid4()) if account_id else 'f1486bae-f067-460c-ad43-73a92848f902'
        self.forget()

    def forget(self):
        self.objects = dict((k, {}) for k in KINDS)
        self.secrets = {}
        self.accepted = set()

    def dump(self):
        return {'objects': dict((k, list(v.values())) for k, v in self.objects.items()), 'secrets': self.secrets}


class State:
    """Every account, the log, the faults, the configuration and the rate-limit windows, guarded by one lock."""

    def __init__(self, api_key, config=None):
        self.api_key = api_key
        self.lock = threading.RLock()
        self.defaults = dict(DEFAULT_CONFIG, **check_config(config or {}))
        self.reset()

    def reset(self):
        self.manager = Account(self.api_key)
        self.managed = {}   # id -> Account, in creation order
        self.keys = {self.api_key: self.manager}
        self.log = []
        self.rules = []
        self.config = dict(self.defaults)
        self.windows = {}
        self.address_seq = 1000000000000000000
        self.email_seq = 0

    def account(self, account_id):
        """The manager for None/'' , else the managed account with that id (KeyError when there is none)."""
        if not account_id:
            return self.manager
        return self.managed[account_id]

    def add_managed(self, record, status='enabled', api_key=None):
        key = api_key or new_api_key()
        record['api_key'] = key
        account = Account(key, record['id'], record, status)
        self.managed[record['id']] = account
        self.keys[key] = account
        return account

    def next_address_id(self):
        self.address_seq += 1
        return str(self.address_seq)

    def configure(self, changes):
        changes = check_config(changes)
        self.config.update(changes)
        if 'rate_limit' in changes or 'rate_window' in changes:
            self.windows = {}

    def count_request(self, key):
        """Counts one request against the key's window: (headers to send, True when over the limit)."""
        limit = int(self.config['rate_limit'])
        window = float(self.config['rate_window'])
        now = time.monotonic()
        start, used = self.windows.get(key, (None, 0))
        if start is None or now >= start + window:
            start, used = now, 0
        used += 1
        self.windows[key] = (start, used)
        reset = max(0, int(math.ceil(start + window - now)))
        headers = {'x-ratelimit-limit': str(limit), 'x-ratelimit-remaining': str(max(0, limit - used)),
                   'x-ratelimit-reset': str(reset)}
        return headers, used > limit


# ------------------------------------------------------------------------------------ helpers
def paginate(items, query, default_size=20, meta='full'):
    """One page of items; meta 'full' (every PaginationMeta field), 'no_total_pages' (page_number and page_size
    only: PaginationMeta requires none of its fields) or 'none' (no meta object at all)."""
    try:
        number = int(query.get('page[number]', 1))
        size = int(query.get('page[size]', default_size))
    except ValueError:
        raise APIError(400, '10015', 'Invalid page parameter', 'page[number] and page[size] must be integers.',
                       parameter='page')
    if number < 1:
        raise APIError(400, '10015', 'Invalid page parameter', 'page[number] must be 1 or more.',
                       parameter='page[number]')
    if size < 1 or size > MAX_PAGE_SIZE:
        raise APIError(400, '10015', 'Invalid page parameter', 'page[size] must be between 1 and 250.',
                       parameter='page[size]')
    total = len(items)
    pages = (total + size - 1) // size
    chunk = items[(number - 1) * size:number * size]
    if meta == 'none':
        return {'data': chunk}
    if meta == 'no_total_pages':
        return {'data': chunk, 'meta': {'page_number': number, 'page_size': size}}
    return {'data': chunk, 'meta': {'page_number': number, 'page_size': size, 'total_pages': pages,
                                    'total_results': total}}


def ip_ok(text):
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


def cidr_ok(text):
    try:
        ipaddress.ip_network(text, strict=False)
        return '/' in text
    except ValueError:
        return False


def url_ok(text):
    parts = urlsplit(str(text))
    return parts.scheme in ('http', 'https') and bool(parts.netloc)


def public(obj):
    """What the API answers for a stored object: no hidden (_) fields, no unset ones."""
    return dict((k, v) for k, v in obj.items() if not k.startswith('_') and v is not None)


def parse_time(text):
    """An ISO 8601 time as an aware datetime, or None when it is not one."""
    try:
        value = datetime.fromisoformat(str(text).replace('Z', '+00:00'))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def jwt(claims):
    def b64(data):
        return base64.urlsafe_b64encode(json.dumps(data, separators=(',', ':')).encode()).rstrip(b'=').decode()
    head = b64({'alg': 'HS512', 'typ': 'JWT'})
    body = b64(claims)
    sig = base64.urlsafe_b64encode(hmac.new(b'simulator', (head + '.' + body).encode(), 'sha512').digest())
    return '%s.%s.%s' % (head, body, sig.rstrip(b'=').decode())


def created_filter(items, query):
    for op in ('gt', 'gte', 'lt', 'lte'):
        value = query.get('filter[created_at][%s]' % op)
        if value is None:
            continue
        cmp = {'gt': lambda a, b: a > b, 'gte': lambda a, b: a >= b,
               'lt': lambda a, b: a < b, 'lte': lambda a, b: a <= b}[op]
        items = [o for o in items if cmp(o['created_at'], value)]
    if query.get('filter[created_at]'):
        items = [o for o in items if o['created_at'] == query['filter[created_at]']]
    return items


SINGULAR = {'access_ips': 'access IP', 'access_ip_ranges': 'access IP range', 'addresses': 'address',
            'authentication_providers': 'authentication provider', 'billing_groups': 'billing group',
            'integration_secrets': 'integration secret', 'telephony_credentials': 'telephony credential'}
SETTINGS_KEYS = ('idp_entity_id', 'idp_sso_target_url', 'idp_cert_fingerprint', 'idp_cert_fingerprint_algorithm')
ADDRESS_FIELDS = ('first_name', 'last_name', 'business_name', 'street_address', 'extended_address', 'locality',
                  'administrative_area', 'postal_code', 'country_code', 'borough', 'neighborhood', 'phone_number',
                  'customer_reference', 'address_book', 'validate_address')


# ------------------------------------------------------------------------------------ the API
class API:
    """Request routing and the behaviour of each endpoint, in the shapes of the OpenAPI extract."""

    def __init__(self, state, account):
        self.s = state
        self.a = account

    def route(self, method, path, query, body):
        parts = [p for p in path.split('/') if p]
        if not parts:
            raise APIError(404, '10005', 'Resource not found', 'The requested resource or URL could not be found.')
        head = parts[0]
        rest = parts[1:]
        handler = getattr(self, 'r_%s' % head, None)
        if handler is None:
            raise APIError(404, '10005', 'Resource not found', 'The requested resource or URL could not be found.')
        return handler(method, rest, query, body)

    def page(self, items, query, default_size=20, required_meta=False):
        """One page in the configured meta mode. required_meta: the document requires every meta field of this
        list (access IPs and ranges, integration secrets), so it stays full unless meta_scope is 'all'."""
        meta = self.s.config['meta']
        if required_meta and self.s.config['meta_scope'] != 'all':
            meta = 'full'
        return paginate(items, query, default_size, meta)

    def collection(self, name):
        return self.a.objects[name]

    def find(self, name, obj_id):
        obj = self.a.objects[name].get(obj_id)
        if obj is None:
            raise APIError(404, '10005', 'Resource not found', 'No %s with id %s.' % (SINGULAR[name], obj_id))
        return obj

    @staticmethod
    def not_allowed():
        raise APIError(405, '10006', 'Method not allowed')

    # /access_ip_address ----------------------------------------------------------------------
    def r_access_ip_address(self, method, rest, query, body):
        items = self.collection('access_ips')
        if not rest:
            if method == 'GET':
                found = sorted(items.values(), key=lambda o: o['created_at'])
                if query.get('filter[ip_address]'):
                    found = [o for o in found if o['ip_address'] == query['filter[ip_address]']]
                if query.get('filter[ip_source]'):
                    found = [o for o in found if o['source'] == query['filter[ip_source]']]
                return 200, self.page([self.access_view(o) for o in created_filter(found, query)], query,
                                      required_meta=True)
            if method == 'POST':
                required(body, ['ip_address'])
                check_types(body, {'ip_address': str, 'description': str})
                if not ip_ok(body['ip_address']):
                    raise invalid('ip_address', 'ip_address must be a valid IPv4 or IPv6 address.')
                if any(o['ip_address'] == body['ip_address'] for o in items.values()):
                    raise APIError(422, '10015', 'Duplicate IP address', 'ip_address already exists.',
                                   pointer='/ip_address')
                stamp = now_iso()
                obj = compact({'id': str(uuid.uuid4()), 'ip_address': body['ip_address'], 'source': 'api',
                               'description': body.get('description'), 'user_id': self.a.user_id,
                               'created_at': stamp, 'updated_at': stamp})
                items[obj['id']] = self.new_pending(obj)
                return 200, self.access_view(obj, read=False)
            self.not_allowed()
        obj = self.find('access_ips', rest[0])
        if method == 'GET':
            return 200, self.access_view(obj)
        if method == 'DELETE':
            del items[rest[0]]
            return 200, self.access_view(obj, read=False)
        self.not_allowed()

    def new_pending(self, obj):
        """A new allowlist entry starts pending (CloudflareSyncStatus: pending, added)."""
        obj.update(status='pending', _pending_reads=int(self.s.config['pending_reads']),
                   _pending_until=time.monotonic() + float(self.s.config['pending_seconds']))
        return obj

    @staticmethod
    def access_view(obj, read=True):
        """An access IP or range as answered: pending in the create answer and in the next pending_reads reads
        or for pending_seconds, whichever ends first; then added."""
        if obj.get('status') == 'pending' and '_pending_reads' in obj:
            if obj['_pending_reads'] <= 0 or time.monotonic() >= obj['_pending_until']:
                obj['status'] = 'added'
                obj['updated_at'] = now_iso()
                del obj['_pending_reads'], obj['_pending_until']
            elif read:
                obj['_pending_reads'] -= 1
        return public(obj)

    # /access_ip_ranges -----------------------------------------------------------------------
    def r_access_ip_ranges(self, method, rest, query, body):
        items = self.collection('access_ip_ranges')
        if not rest:
            if method == 'GET':
                found = sorted(items.values(), key=lambda o: o['created_at'])
                exact = query.get('filter[cidr_block]')
                if exact:
                    found = [o for o in found if o['cidr_block'] == exact]
                for op, test in (('startswith', str.startswith), ('endswith', str.endswith),
                                 ('contains', lambda a, b: b in a)):
                    value = query.get('filter[cidr_block][%s]' % op)
                    if value:
                        found = [o for o in found if test(o['cidr_block'], value)]
                return 200, self.page([self.access_view(o) for o in created_filter(found, query)], query,
                                      required_meta=True)
            if method == 'POST':
                required(body, ['cidr_block'])
                check_types(body, {'cidr_block': str, 'description': str})
                if not cidr_ok(body['cidr_block']):
                    raise invalid('cidr_block', 'cidr_block must be a valid CIDR block.')
                if any(o['cidr_block'] == body['cidr_block'] for o in items.values()):
                    raise APIError(422, '10015', 'Duplicate CIDR block', 'cidr_block already exists.',
                                   pointer='/cidr_block')
                stamp = now_iso()
                obj = compact({'id': str(uuid.uuid4()), 'cidr_block': body['cidr_block'],
                               'description': body.get('description'), 'user_id': self.a.user_id,
                               'created_at': stamp, 'updated_at': stamp})
                items[obj['id']] = self.new_pending(obj)
                return 200, self.access_view(obj, read=False)
            self.not_allowed()
        if len(rest) == 1 and method == 'DELETE':
            obj = self.find('access_ip_ranges', rest[0])
            del items[rest[0]]
            return 200, self.access_view(obj, read=False)
        self.not_allowed()

    # /addresses ------------------------------------------------------------------------------
    def r_addresses(self, method, rest, query, body):
        items = self.collection('addresses')
        if not rest:
            if method == 'GET':
                found = list(items.values())
                ref_eq = query.get('filter[customer_reference][eq]')
                ref_contains = query.get('filter[customer_reference][contains]') or query.get('filter[customer_reference]')
                if ref_eq is not None:
                    found = [o for o in found if o.get('customer_reference') == ref_eq]
                if ref_contains:
                    found = [o for o in found if ref_contains.lower() in (o.get('customer_reference') or '').lower()]
                street = query.get('filter[street_address][contains]')
                if street is not None:
                    if len(street) < 3:
                        raise APIError(400, '10015', 'Invalid filter', 'street_address filter needs 3 characters.',
                                       parameter='filter[street_address][contains]')
                    found = [o for o in found if street.lower() in (o.get('street_address') or '').lower()]
                emergency = query.get('filter[used_as_emergency]')
                if emergency is not None:
                    found = [o for o in found if str(o.get('_used_as_emergency', False)).lower() == emergency.lower()]
                book = query.get('filter[address_book][eq]')
                if book is not None:
                    found = [o for o in found if str(o.get('address_book')).lower() == book.lower()]
                sort = query.get('sort', 'created_at')
                key = sort.lstrip('-')
                if key not in ('created_at', 'first_name', 'last_name', 'business_name', 'street_address'):
                    raise APIError(400, '10015', 'Invalid sort', 'sort %s is not allowed.' % sort, parameter='sort')
                found.sort(key=lambda o: (o.get(key) or '', o['id']), reverse=sort.startswith('-'))
                return 200, self.page([self.public_address(o) for o in found], query)
            if method == 'POST':
                obj = self.new_address(body)
                items[obj['id']] = obj
                return 200, {'data': self.public_address(obj)}
            self.not_allowed()
        if rest == ['actions', 'validate']:
            if method != 'POST':
                self.not_allowed()
            return 200, {'data': self.validate_address(body)}
        obj = self.find('addresses', rest[0])
        if len(rest) == 1:
            if method == 'GET':
                return 200, {'data': self.public_address(obj)}
            if method == 'DELETE':
                if obj.get('_used_as_emergency'):
                    raise APIError(422, '10015', 'Address in use', 'The address is an emergency address.')
                del items[rest[0]]
                return 200, {'data': self.public_address(obj)}
            self.not_allowed()
        if rest[1:] == ['actions', 'accept_suggestions'] and method == 'POST':
            status = 200 if obj['id'] in self.a.accepted else 202
            self.a.accepted.add(obj['id'])
            return status, {'data': {'accepted': True, 'id': obj['id'], 'record_type': 'address_suggestion'}}
        self.not_allowed()

    @staticmethod
    def public_address(obj):
        return public(obj)

    def new_address(self, body):
        required(body, ['first_name', 'last_name', 'business_name', 'street_address', 'locality', 'country_code'])
        check_types(body, dict((k, bool if k in ('address_book', 'validate_address') else str) for k in ADDRESS_FIELDS))
        unknown = [k for k in body if k not in ADDRESS_FIELDS]
        if unknown:
            raise invalid(unknown[0], 'Unknown field %s.' % unknown[0])
        if not re.match(r'^[A-Z]{2}$', body['country_code']):
            raise invalid('country_code', 'country_code must be an ISO 3166-1 alpha-2 code.')
        # postal_code is not in AddressCreate.required (some countries have none): validated only when given.
        if (body.get('validate_address', True) and body.get('postal_code') is not None
                and self.validate_address(body)['result'] != 'valid'):
            raise APIError(422, '10015', 'Invalid address', 'The address failed emergency validation.',
                           pointer='/postal_code')
        stamp = now_iso()
        obj = dict((k, body.get(k)) for k in ADDRESS_FIELDS)
        obj.update(id=self.s.next_address_id(), record_type='address', created_at=stamp, updated_at=stamp)
        obj['address_book'] = body.get('address_book', True)
        obj['validate_address'] = body.get('validate_address', True)
        return obj

    @staticmethod
    def validate_address(body):
        required(body, ['country_code', 'street_address', 'postal_code'])
        # A postal code of zeros never validates; everything else does, with a tidied suggestion.
        names = ('street_address', 'extended_address', 'locality', 'administrative_area', 'postal_code', 'country_code')
        suggested = dict((k, body.get(k)) for k in names if body.get(k) is not None)
        if 'administrative_area' in suggested:
            suggested['administrative_area'] = suggested['administrative_area'].upper()
        if set(str(body['postal_code'])) <= set('0'):
            return {'record_type': 'address_validation', 'result': 'invalid', 'suggested': {},
                    'errors': [{'code': '10015', 'title': 'Invalid postal code', 'source': {'pointer': '/postal_code'},
                                'description': 'The postal code does not exist.'}]}
        return {'record_type': 'address_validation', 'result': 'valid', 'suggested': suggested, 'errors': []}

    # /authentication_providers ---------------------------------------------------------------
    def r_authentication_providers(self, method, rest, query, body):
        items = self.collection('authentication_providers')
        if not rest:
            if method == 'GET':
                sort = query.get('sort', '-created_at')
                key = sort.lstrip('-')
                if key not in ('name', 'short_name', 'active', 'created_at', 'updated_at'):
                    raise APIError(400, '10015', 'Invalid sort', 'sort %s is not allowed.' % sort, parameter='sort')
                found = sorted(items.values(), key=lambda o: (str(o.get(key)), o['id']), reverse=sort.startswith('-'))
                return 200, self.page(found, query)
            if method == 'POST':
                required(body, ['name', 'short_name'])
                self.check_provider(body, creating=True)
                stamp = now_iso()
                obj = {'id': str(uuid.uuid4()), 'record_type': 'authentication_provider',
                       'organization_id': self.a.organization_id, 'name': body['name'],
                       'short_name': body['short_name'], 'active': body.get('active', True),
                       'settings': self.provider_settings(body['short_name'], body.get('settings'),
                                                          body.get('settings_url')),
                       'created_at': stamp, 'updated_at': stamp, 'activated_at': stamp}
                items[obj['id']] = obj
                return 200, {'data': obj}
            self.not_allowed()
        obj = self.find('authentication_providers', rest[0])
        if method == 'GET':
            return 200, {'data': obj}
        if method == 'DELETE':
            del items[rest[0]]
            return 200, {'data': obj}
        if method == 'PATCH':
            self.check_provider(body, creating=False, current=obj)
            for key in ('name', 'short_name', 'active'):
                if key in body:
                    obj[key] = body[key]
            if 'settings' in body or 'settings_url' in body:
                obj['settings'] = self.provider_settings(obj['short_name'], body.get('settings'), body.get('settings_url'))
            obj['updated_at'] = now_iso()
            return 200, {'data': obj}
        self.not_allowed()

    def check_provider(self, body, creating, current=None):
        check_types(body, {'name': str, 'short_name': str, 'active': bool, 'settings': dict, 'settings_url': str})
        if creating and not body.get('settings') and not body.get('settings_url'):
            raise APIError(422, '10004', 'Missing required parameter', 'settings is required.', pointer='/settings')
        if 'short_name' in body:
            if not re.match(r'^[a-z0-9][a-z0-9_-]*$', body['short_name']):
                raise invalid('short_name', 'short_name must be URL-friendly (a-z, 0-9, - and _).')
            clash = [o for o in self.collection('authentication_providers').values()
                     if o['short_name'] == body['short_name'] and o is not current]
            if clash:
                raise APIError(422, '10015', 'short_name taken', 'short_name is already in use.', pointer='/short_name')
        settings = body.get('settings')
        if settings:
            required_keys = ('idp_entity_id', 'idp_sso_target_url', 'idp_cert_fingerprint')
            for key in required_keys:
                if not settings.get(key):
                    raise APIError(422, '10004', 'Missing required parameter', '%s is required.' % key,
                                   pointer='/settings/%s' % key)
            for key in ('idp_entity_id', 'idp_sso_target_url'):
                if not url_ok(settings[key]):
                    raise invalid('settings/%s' % key, '%s must be a URI.' % key)
            algo = settings.get('idp_cert_fingerprint_algorithm', 'sha1')
            if algo not in ('sha1', 'sha256', 'sha384', 'sha512'):
                raise invalid('settings/idp_cert_fingerprint_algorithm', 'Unknown algorithm.')
        if body.get('settings_url') and not url_ok(body['settings_url']):
            raise invalid('settings_url', 'settings_url must be a URI.')

    @staticmethod
    def provider_settings(short_name, settings, settings_url):
        made = {
            'assertion_consumer_service_url': 'https://api.telnyx.com/sso/saml/auth/%s' % short_name,
            'service_provider_entity_id': 'https://api.telnyx.com/sso/saml/metadata/%s' % short_name,
            'service_provider_login_url': 'https://api.telnyx.com/sso/saml/login/%s' % short_name,
            'name_identifier_format': 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
            'provision_groups': False,
            'idp_attribute_names': {},
            'idp_cert_fingerprint_algorithm': 'sha1',
        }
        if settings:
            made.update((k, v) for k, v in settings.items() if k in SETTINGS_KEYS)
        elif settings_url:
            # Stands in for reading the IdP metadata document at settings_url.
            made.update(idp_entity_id=settings_url, idp_sso_target_url=settings_url,
                        idp_cert_fingerprint='00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00')
        return made

    # /billing_groups -------------------------------------------------------------------------
    def r_billing_groups(self, method, rest, query, body):
        items = self.collection('billing_groups')
        if not rest:
            if method == 'GET':
                return 200, self.page(sorted(items.values(), key=lambda o: o['created_at']), query)
            if method == 'POST':
                check_types(body, {'name': str})
                stamp = now_iso()
                obj = {'id': str(uuid.uuid4()), 'record_type': 'billing_group', 'name': body.get('name'),
                       'organization_id': self.a.organization_id, 'created_at': stamp, 'updated_at': stamp,
                       'deleted_at': None}
                items[obj['id']] = obj
                return 200, {'data': obj}
            self.not_allowed()
        obj = self.find('billing_groups', rest[0])
        if method == 'GET':
            return 200, {'data': obj}
        if method == 'PATCH':
            check_types(body, {'name': str})
            if 'name' in body:
                obj['name'] = body['name']
            obj['updated_at'] = now_iso()
            return 200, {'data': obj}
        if method == 'DELETE':
            del items[rest[0]]
            gone = dict(obj, deleted_at=now_iso())
            return 200, {'data': gone}
        self.not_allowed()

    # /integration_secrets --------------------------------------------------------------------
    def r_integration_secrets(self, method, rest, query, body):
        items = self.collection('integration_secrets')
        if not rest:
            if method == 'GET':
                found = sorted(items.values(), key=lambda o: o['created_at'])
                kind = query.get('filter[type]')
                if kind is not None:
                    if kind not in ('bearer', 'basic'):
                        raise APIError(400, '10015', 'Invalid filter', 'filter[type] is bearer or basic.',
                                       parameter='filter[type]')
                    found = [o for o in found if self.a.secrets[o['id']]['type'] == kind]
                return 200, self.page(found, query, required_meta=True)
            if method == 'POST':
                required(body, ['identifier', 'type'])
                check_types(body, {'identifier': str, 'type': str, 'token': str, 'username': str, 'password': str})
                if body['type'] not in ('bearer', 'basic'):
                    raise invalid('type', 'type must be bearer or basic.')
                required(body, ['token'] if body['type'] == 'bearer' else ['username', 'password'])
                if any(o['identifier'] == body['identifier'] for o in items.values()):
                    raise APIError(422, '10015', 'Duplicate identifier', 'identifier already exists.',
                                   pointer='/identifier')
                stamp = now_iso()
                obj = {'id': str(uuid.uuid4()), 'record_type': 'integration_secret',
                       'identifier': body['identifier'], 'created_at': stamp, 'updated_at': stamp}
                items[obj['id']] = obj
                self.a.secrets[obj['id']] = dict((k, body.get(k)) for k in ('type', 'token', 'username', 'password'))
                return 201, {'data': obj}
            self.not_allowed()
        if len(rest) == 1 and method == 'DELETE':
            self.find('integration_secrets', rest[0])
            del items[rest[0]]
            self.a.secrets.pop(rest[0], None)
            return 204, None
        self.not_allowed()

    # /telephony_credentials ------------------------------------------------------------------
    def r_telephony_credentials(self, method, rest, query, body):
        items = self.collection('telephony_credentials')
        if not rest:
            if method == 'GET':
                found = sorted(items.values(), key=lambda o: o['created_at'])
                tag = query.get('filter[tag]')
                if tag is not None:
                    found = [o for o in found if o.get('_tag') == tag]
                for key in ('name', 'resource_id', 'sip_username'):
                    value = query.get('filter[%s]' % key)
                    if value is not None:
                        found = [o for o in found if o.get(key) == value]
                status = query.get('filter[status]')
                if status is not None:
                    found = [o for o in found if ('expired' if self.expired(o) else 'active') == status]
                return 200, self.page([self.credential_view(o) for o in found], query, default_size=50)
            if method == 'POST':
                required(body, ['connection_id'])
                check_types(body, {'connection_id': str, 'name': str, 'tag': str, 'expires_at': str})
                stamp = now_iso()
                # tag is taken (and filterable) but is not in the TelephonyCredential schema: never answered.
                obj = compact({'id': str(uuid.uuid4()), 'record_type': 'credential', 'name': body.get('name'),
                               '_tag': body.get('tag'), 'resource_id': 'connection:%s' % body['connection_id'],
                               'expires_at': body.get('expires_at'),
                               'sip_username': 'gencred' + uuid.uuid4().hex[:22], 'sip_password': uuid.uuid4().hex,
                               'user_id': self.a.user_id, 'created_at': stamp, 'updated_at': stamp})
                items[obj['id']] = obj
                return 201, {'data': self.credential_view(obj)}
            self.not_allowed()
        obj = self.find('telephony_credentials', rest[0])
        if len(rest) == 2 and rest[1] == 'token' and method == 'POST':
            issued = int(time.time())
            token = jwt({'aud': 'telnyx_telephony', 'iss': 'telnyx_telephony', 'sub': obj['id'],
                         'iat': issued, 'nbf': issued - 1, 'exp': issued + 86400, 'jti': str(uuid.uuid4()),
                         'typ': 'access'})
            return 201, token
        if len(rest) != 1:
            self.not_allowed()
        if method == 'GET':
            return 200, {'data': self.credential_view(obj)}
        if method == 'PATCH':
            check_types(body, {'connection_id': str, 'name': str, 'tag': str, 'expires_at': str})
            if self.expired(obj):
                # Telnyx WebRTC docs: an expired credential cannot be updated; errors comes as an object.
                raise APIError.raw(422, {'errors': {'status': "can't update credentials in expired status"}})
            for key in ('name', 'expires_at'):
                if key in body:
                    obj[key] = body[key]
            if 'tag' in body:
                obj['_tag'] = body['tag']
            if 'connection_id' in body:
                obj['resource_id'] = 'connection:%s' % body['connection_id']
            obj['updated_at'] = now_iso()
            return 200, {'data': self.credential_view(obj)}
        if method == 'DELETE':
            del items[rest[0]]
            return 200, {'data': self.credential_view(obj)}
        self.not_allowed()

    @staticmethod
    def expired(obj):
        """True once expires_at has passed (or when seeded with _expired: true)."""
        if obj.get('_expired') is not None:
            return bool(obj['_expired'])
        when = parse_time(obj['expires_at']) if obj.get('expires_at') else None
        return bool(when and when <= datetime.now(timezone.utc))

    def credential_view(self, obj):
        return dict(public(obj), expired=self.expired(obj))

    # /managed_accounts -----------------------------------------------------------------------
    def r_managed_accounts(self, method, rest, query, body):
        """Only the manager's key: a managed account's key gets 403 (code 10010)."""
        if self.a is not self.s.manager:
            raise APIError(403, '10010', 'Authorization failed',
                           'You do not have permission to perform the requested action on the specified resource '
                           'or resources.')
        if not rest:
            if method == 'GET':
                return 200, self.list_managed(query)
            if method == 'POST':
                return 200, {'data': self.managed_view(self.create_managed(body))}
            self.not_allowed()
        account = self.s.managed.get(rest[0])
        if account is None:
            raise APIError(404, '10005', 'Resource not found', 'No managed account with id %s.' % rest[0])
        if len(rest) == 1:
            if method == 'GET':
                return 200, {'data': self.managed_view(account)}
            if method == 'PATCH':
                check_types(body, {'managed_account_allow_custom_pricing': bool})
                # Only managed_account_allow_custom_pricing can change (UpdateManagedAccountRequest); other
                # fields are not applied.
                if 'managed_account_allow_custom_pricing' in body:
                    allow = body['managed_account_allow_custom_pricing']
                    account.record['managed_account_allow_custom_pricing'] = allow
                    account.record['updated_at'] = now_iso()
                return 200, {'data': self.managed_view(account)}
            self.not_allowed()
        if len(rest) == 3 and rest[1] == 'actions' and rest[2] in ('disable', 'enable') and method == 'POST':
            if account.status == 'cancelled':
                raise APIError(422, '10015', 'Account cancelled', 'A cancelled account cannot be %sd.' % rest[2])
            if rest[2] == 'enable':
                check_types(body, {'reenable_all_connections': bool})
            wanted = 'enabled' if rest[2] == 'enable' else 'disabled'
            if account.status != wanted:
                account.status = wanted
                account.record['updated_at'] = now_iso()
            return 200, {'data': self.managed_view(account)}
        self.not_allowed()

    LISTED = ('record_type', 'id', 'email', 'api_user', 'manager_account_id', 'created_at', 'updated_at',
              'organization_name', 'rollup_billing', 'managed_account_allow_custom_pricing')

    def managed_view(self, account, listed=False):
        """ManagedAccount (with api_key, api_token, balance) or, in lists, ManagedAccountMultiListing (no keys)."""
        record = account.record
        if listed:
            return dict((k, record[k]) for k in self.LISTED if k in record)
        view = dict((k, v) for k, v in record.items() if not k.startswith('_') and k != 'password')
        if not record.get('rollup_billing'):
            view['balance'] = {'record_type': 'balance', 'balance': '0.00', 'credit_limit': '0.00',
                               'available_credit': '0.00', 'currency': 'USD'}
        return view

    def list_managed(self, query):
        found = list(self.s.managed.values())
        status = query.get('filter[status][eq]')
        include = str(query.get('include_cancelled_accounts', 'false')).lower()
        if include not in ('true', 'false'):
            raise APIError(400, '10015', 'Invalid parameter', 'include_cancelled_accounts must be true or false.',
                           parameter='include_cancelled_accounts')
        if status is not None:
            wanted = {'all': ('enabled', 'disabled', 'cancelled', 'blocked'), 'active': ('enabled',),
                      'enabled': ('enabled',), 'cancelled': ('cancelled',), 'disabled': ('disabled',),
                      'blocked': ('blocked',)}.get(status)
            if wanted is None:
                raise APIError(400, '10015', 'Invalid filter', 'filter[status][eq] is one of all, active, enabled, '
                               'cancelled, disabled, blocked.', parameter='filter[status][eq]')
            found = [a for a in found if a.status in wanted]
        if include == 'false' and status not in ('all', 'cancelled'):
            found = [a for a in found if a.status != 'cancelled']
        for field in ('email', 'organization_name'):
            exact = query.get('filter[%s][eq]' % field)
            if exact is not None:
                found = [a for a in found if a.record.get(field) == exact]
            part = query.get('filter[%s][contains]' % field)
            if part is not None:
                if len(part) < 3:
                    raise APIError(400, '10015', 'Invalid filter', 'filter[%s][contains] needs at least three '
                                   'characters.' % field, parameter='filter[%s][contains]' % field)
                found = [a for a in found if part.lower() in (a.record.get(field) or '').lower()]
        sort = query.get('sort')
        if sort is None:
            # "If not given, results are sorted by created_at in descending order."
            sort = '-created_at'
        if sort.lstrip('-') not in ('created_at', 'email'):
            raise APIError(400, '10015', 'Invalid sort', 'sort is created_at or email, optionally with -.',
                           parameter='sort')
        key = sort.lstrip('-')
        found.sort(key=lambda a: (a.record[key], a.record['_seq']), reverse=sort.startswith('-'))
        return self.page([self.managed_view(a, listed=True) for a in found], query)

    def create_managed(self, body, status='enabled', api_key=None, account_id=None):
        required(body, ['business_name'])
        check_types(body, {'business_name': str, 'email': str, 'password': str, 'rollup_billing': bool,
                           'managed_account_allow_custom_pricing': bool})
        email = body.get('email')
        if email is None:
            # "If not provided, the email address will be generated based on the email address of the manager."
            self.s.email_seq += 1
            local, domain = MANAGER_EMAIL.split('@')
            email = '%s+managed%d@%s' % (local, self.s.email_seq, domain)
        if not re.match(r'^[^@\s]+@[^@\s]+\.[^@\s]+$', email):
            raise APIError(422, '10019', 'Invalid email address', 'The email parameter is not a valid email address.',
                           pointer='/email')
        taken = [a for a in self.s.managed.values() if a.record['email'].lower() == email.lower()]
        if email.lower() == MANAGER_EMAIL or taken:
            raise APIError(422, '10015', 'Invalid value', 'email has already been taken.', pointer='/email')
        if status not in ('enabled', 'disabled', 'cancelled', 'blocked'):
            raise APIError(400, '10015', 'Invalid status', 'status is enabled, disabled, cancelled or blocked.')
        stamp = now_iso()
        record = {'record_type': 'managed_account', 'id': account_id or str(uuid.uuid4()), 'email': email,
                  'api_user': MANAGER_EMAIL, 'manager_account_id': MANAGER_ID,
                  'api_token': base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b'=').decode(),
                  'organization_name': body['business_name'], 'rollup_billing': body.get('rollup_billing', False),
                  'managed_account_allow_custom_pricing': body.get('managed_account_allow_custom_pricing', False),
                  'created_at': stamp, 'updated_at': stamp, '_seq': len(self.s.managed)}
        if record['id'] in self.s.managed:
            raise APIError(400, '10015', 'Duplicate id', 'A managed account with id %s exists.' % record['id'])
        return self.s.add_managed(record, status, api_key)

    # seeding ---------------------------------------------------------------------------------
    def seed(self, payload):
        """Add objects as another tool would have made them; returns the ids per section."""
        made = {}
        creators = {
            'access_ips': lambda b: self.r_access_ip_address('POST', [], {}, b),
            'access_ip_ranges': lambda b: self.r_access_ip_ranges('POST', [], {}, b),
            'addresses': lambda b: self.r_addresses('POST', [], {}, b),
            'authentication_providers': lambda b: self.r_authentication_providers('POST', [], {}, b),
            'billing_groups': lambda b: self.r_billing_groups('POST', [], {}, b),
            'integration_secrets': lambda b: self.r_integration_secrets('POST', [], {}, b),
            'telephony_credentials': lambda b: self.r_telephony_credentials('POST', [], {}, b),
        }
        for section, bodies in payload.items():
            if section == 'managed_accounts' and self.a is self.s.manager:
                for body in bodies:
                    body = dict(body)
                    account = self.create_managed(body, body.pop('status', 'enabled'), body.pop('api_key', None),
                                                  body.pop('id', None))
                    made.setdefault(section, []).append(account.id)
                continue
            if section not in creators:
                raise APIError(400, '10015', 'Unknown section', 'No section %s.' % section)
            ids = made.setdefault(section, [])
            for body in bodies:
                body = dict(body)
                extra = dict((k, body.pop(k)) for k in list(body) if k.startswith('_'))
                status = body.pop('status', 'added') if section in ('access_ips', 'access_ip_ranges') else None
                _status, answer = creators[section](body)
                obj = answer.get('data', answer)
                stored = self.a.objects[section][obj['id']]
                stored.update(extra)
                if status == 'added':
                    # Made earlier by someone else: long past pending (seed "status": "pending" to keep it so).
                    stored['status'] = 'added'
                    stored.pop('_pending_reads', None)
                    stored.pop('_pending_until', None)
                ids.append(obj['id'])
        return made


# ------------------------------------------------------------------------------------ HTTP
TELNYX_NOT_FOUND = {'errors': [{'code': '10005', 'title': 'Resource not found',
                                'detail': 'The requested resource or URL could not be found.'}]}
TOO_MANY = {'errors': [{'code': '10011', 'title': 'Too many requests',
                        'detail': 'You have exceeded the maximum number of allowed requests.'}]}
PLAIN_404 = ('<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n'
             '<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n')
PROXY_PAGE = ('<!DOCTYPE html>\n<html><head><title>Sign in to continue</title></head>\n<body><h1>Network login</h1>\n'
              '<p>This network requires you to sign in before you can reach the Internet.</p>\n'
              '<form method="post" action="/login"><input name="user"><input name="password" type="password">'
              '</form></body></html>\n')


class Dropped(Exception):
    """The connection was closed without an answer."""


class Handler(BaseHTTPRequestHandler):
    server_version = 'TelnyxSimulator/1.0'
    protocol_version = 'HTTP/1.1'

    def setup(self):
        BaseHTTPRequestHandler.setup(self)
        # Headers and body go out in two writes: without this, Nagle and delayed ACKs add 40 ms a call.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt, *args):  # quiet: the request log is the record
        pass

    @property
    def state(self):
        return self.server.state

    def read_body(self):
        length = int(self.headers.get('Content-Length') or 0)
        raw = self.rfile.read(length) if length else b''
        if not raw:
            return None
        return json.loads(raw.decode('utf-8'))

    def send(self, status, payload, headers=None, content_type='application/json'):
        if payload is None:
            data = b''
        elif isinstance(payload, str):
            data = payload.encode()
        else:
            data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            if data:
                self.send_header('Content-Type', content_type)
            self.send_header('Content-Length', str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if data:
                self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, socket.timeout, OSError):
            # The client gave up (e.g. its read timeout ended before a delayed answer).
            self.close_connection = True

    def drop(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.connection.close()

    def do_GET(self):
        self.handle_any('GET')

    def do_POST(self):
        self.handle_any('POST')

    def do_PATCH(self):
        self.handle_any('PATCH')

    def do_DELETE(self):
        self.handle_any('DELETE')

    def do_PUT(self):
        self.handle_any('PUT')

    def note(self, entry, **values):
        with self.state.lock:
            entry.update(values)

    def handle_any(self, method):
        split = urlsplit(self.path)
        try:
            body = self.read_body()
        except ValueError:
            body = ValueError
        if split.path.startswith('/_sim/'):
            return self.control(method, split.path[len('/_sim/'):], split.query, body)
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        api = split.path.startswith(PREFIX + '/')
        path = split.path[len(PREFIX):] if api else split.path
        entry = {'method': method, 'path': path, 'query': query, 'status': None, 'time': time.time(),
                 'account': None, 'api': api, 'commit': None}
        with self.state.lock:
            self.state.log.append(entry)
            config = dict(self.state.config)
        if not api:
            # Not a path of the API (e.g. api_url without /v2): the web server's own 404, no Telnyx body.
            self.note(entry, status=404)
            return self.send(404, PLAIN_404, content_type='text/html')
        if config['latency_ms']:
            time.sleep(config['latency_ms'] / 1000.0)
        auth = self.headers.get('Authorization') or ''
        key = auth[len('Bearer '):] if auth.startswith('Bearer ') else None
        with self.state.lock:
            account = self.state.keys.get(key) if key else None
            if account is not None and not hmac.compare_digest(auth, 'Bearer %s' % account.api_key):
                account = None
            entry['account'] = account.id if account else None
            self.rate_headers, limited = self.state.count_request(auth)
            rule = None if limited else self.take_fault(method, path, entry['account'])
        if limited:
            self.note(entry, status=429)
            return self.answer(429, TOO_MANY)
        try:
            return self.serve(method, path, query, body, account, entry, rule)
        except Dropped:
            self.note(entry, status='dropped')
            self.drop()
        return None

    def answer(self, status, payload, headers=None, content_type='application/json'):
        """An answer of the API: with the rate-limit headers of this request (a fault may override them)."""
        merged = dict(self.rate_headers)
        merged.update(headers or {})
        return self.send(status, payload, merged, content_type)

    def serve(self, method, path, query, body, account, entry, rule):
        action = rule.get('action', 'status') if rule else None
        if action == 'latency':
            time.sleep(float(rule.get('seconds', 0.1)))
            rule = action = None
        if action == 'drop':
            raise Dropped()
        if action == 'status':
            status = int(rule.get('status', 503))
            headers = {}
            if rule.get('retry_after') is not None:
                headers['Retry-After'] = str(rule['retry_after'])
            if rule.get('ratelimit_reset') is not None:
                headers['x-ratelimit-reset'] = str(rule['ratelimit_reset'])
                headers['x-ratelimit-remaining'] = '0'
            if rule.get('ratelimit_remaining') is not None:
                headers['x-ratelimit-remaining'] = str(rule['ratelimit_remaining'])
            self.note(entry, status=status)
            # Telnyx's codes: 10011 too many requests, 10008 request timeout, 10007 unexpected error.
            code, title = {429: ('10011', 'Too many requests'), 408: ('10008', 'Request timeout'),
                           504: ('10008', 'Request timeout'), 422: ('10015', 'Unprocessable entity')}.get(
                status, ('10007', 'Service unavailable') if status >= 500 else ('10015', 'Bad Request'))
            error = {'code': str(rule.get('code', code)), 'title': rule.get('title', title),
                     'detail': rule.get('detail', 'Injected by the simulator.')}
            if rule.get('pointer'):
                error['source'] = {'pointer': rule['pointer']}
            return self.answer(status, {'errors': [error]}, headers)
        if action == 'redirect':
            status = int(rule.get('status', 302))
            location = rule.get('location') or 'http://127.0.0.1:9' + PREFIX + path
            self.note(entry, status=status)
            page = '<html><body>Moved: <a href="%s">here</a></body></html>\n' % location
            return self.send(status, page, {'Location': location}, content_type='text/html; charset=utf-8')
        if action == 'html':
            status = int(rule.get('status', 200))
            self.note(entry, status=status)
            return self.send(status, rule.get('body', PROXY_PAGE),
                             content_type=rule.get('content_type', 'text/html; charset=utf-8'))
        if action == 'not_found_plain':
            self.note(entry, status=404)
            return self.send(404, rule.get('body', PLAIN_404), content_type=rule.get('content_type', 'text/html'))
        if account is None or account.status != 'enabled':
            # An unknown key, or the key of a disabled (or cancelled) managed account.
            self.note(entry, status=401)
            return self.answer(401, {'errors': [{'code': '10009', 'title': 'Authentication failed',
                                                 'detail': 'The API key looks malformed or is not valid.'}]})
        if method in ('POST', 'PATCH') and body is ValueError:
            self.note(entry, status=400)
            return self.answer(400, {'errors': [{'code': '10015', 'title': 'Bad request', 'detail': 'Invalid JSON.'}]})
        if body is not None and body is not ValueError and not isinstance(body, dict):
            self.note(entry, status=422)
            return self.answer(422, {'errors': [{'code': '10015', 'title': 'Bad request',
                                                 'detail': 'Body must be an object.'}]})
        if action == 'delayed_commit':
            return self.delayed_commit(method, path, query, body, account, entry, rule)
        status, payload = self.execute(method, path, query, body, account)
        if action == 'commit_then_fail' and status < 400:
            self.note(entry, status=int(rule.get('status', 500)), commit=status)
            return self.answer(entry['status'], {'errors': [{'code': '10007', 'title': 'Unexpected error',
                                                             'detail': 'Injected after the write was committed.'}]})
        self.note(entry, status=status)
        return self.reply(status, payload)

    def execute(self, method, path, query, body, account):
        """(status, payload) of the request against the account's state; API errors become their answer."""
        try:
            with self.state.lock:
                return API(self.state, account).route(method, path, query, body or {})
        except APIError as exc:
            if path.startswith('/billing_groups') and isinstance(exc.body.get('errors'), list):
                # The billing group service types its error codes as integers.
                for err in exc.body['errors']:
                    err['code'] = int(err['code'])
            return exc.status, exc.body

    def reply(self, status, payload):
        content_type = 'text/plain' if isinstance(payload, str) else 'application/json'
        return self.answer(status, payload, content_type=content_type)

    def delayed_commit(self, method, path, query, body, account, entry, rule):
        """The request commits after commit_after seconds; the answer comes after `seconds` (the commit's own
        answer when it has landed by then, else `status`, default 504 with code 10008), or the connection
        drops then when `drop` is true."""
        started = time.monotonic()
        commit_after = float(rule.get('commit_after', 1.0))
        answer_after = float(rule.get('seconds', 30.0))
        done = {}
        landed = threading.Event()

        def commit():
            done['result'] = self.execute(method, path, query, body, account)
            self.note(entry, commit=done['result'][0])
            landed.set()

        timer = threading.Timer(commit_after, commit)
        timer.daemon = True
        timer.start()
        time.sleep(max(0.0, answer_after - (time.monotonic() - started)))
        if rule.get('drop'):
            raise Dropped()
        if landed.is_set():
            status, payload = done['result']
            self.note(entry, status=status)
            return self.reply(status, payload)
        status = int(rule.get('status', 504))
        self.note(entry, status=status)
        return self.answer(status, {'errors': [{'code': '10008', 'title': 'Request timeout',
                                                'detail': 'The request timed out.'}]})

    def take_fault(self, method, path, account=None):
        for rule in self.state.rules:
            if rule.get('count', 1) == 0:
                continue
            if rule.get('method') and rule['method'].upper() != method:
                continue
            if rule.get('path') and not re.match('^%s$' % rule['path'], path):
                continue
            if rule.get('account') and rule['account'] != account:
                continue
            if rule.get('skip', 0) > 0:
                rule['skip'] -= 1
                continue
            if rule.get('count', 1) > 0:
                rule['count'] = rule.get('count', 1) - 1
            return dict(rule)
        return None

    def control(self, method, what, raw_query, body):
        state = self.state
        params = dict(parse_qsl(raw_query, keep_blank_values=True))
        with state.lock:
            try:
                account = state.account(params.get('account'))
            except KeyError:
                return self.send(404, {'errors': [{'code': '0', 'title': 'no managed account %s' % params['account']}]})
            if what == 'log' and method == 'GET':
                return self.send(200, [dict(e) for e in state.log])
            if what == 'log' and method == 'DELETE':
                state.log = []
                return self.send(200, {'cleared': True})
            if what == 'reset' and method == 'POST':
                if params.get('account'):
                    account.forget()
                else:
                    state.reset()
                return self.send(200, {'reset': True})
            if what == 'faults' and method == 'POST':
                state.rules = list((body or {}).get('rules', []))
                return self.send(200, {'rules': state.rules})
            if what == 'config' and method == 'GET':
                return self.send(200, state.config)
            if what == 'config' and method == 'POST':
                if not isinstance(body, dict):
                    return self.send(400, {'errors': [{'code': '0', 'title': 'config needs a JSON object'}]})
                try:
                    state.configure(body)
                except ValueError as exc:
                    return self.send(400, {'errors': [{'code': '0', 'title': str(exc)}]})
                return self.send(200, state.config)
            if what == 'seed' and method == 'POST':
                try:
                    return self.send(200, API(state, account).seed(body or {}))
                except APIError as exc:
                    return self.send(exc.status, exc.body)
            if what == 'state' and method == 'GET':
                dump = account.dump()
                if account is state.manager:
                    dump['managed_accounts'] = [dict(a.record, status=a.status) for a in state.managed.values()]
                return self.send(200, dump)
        return self.send(404, {'errors': [{'code': '0', 'title': 'unknown control path'}]})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024  # many clients connecting at once are queued, not refused

    def __init__(self, address, api_key, config=None):
        host = address[0]
        if not ipaddress.ip_address(host).is_loopback:
            raise SystemExit('the simulator binds loopback addresses only, not %s' % host)
        ThreadingHTTPServer.__init__(self, address, Handler)
        self.state = State(api_key, config)


def main(argv=None):
    parser = argparse.ArgumentParser(description='Telnyx API simulator (loopback only)')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8765, help='0 picks a free port')
    parser.add_argument('--api-key', default='test-key', help="the (manager) account's API key")
    parser.add_argument('--port-file', help='write the port here once listening')
    parser.add_argument('--latency-ms', type=float, default=DEFAULT_CONFIG['latency_ms'],
                        help='added to every /v2 request (default %(default)s)')
    parser.add_argument('--rate-limit', type=int, default=DEFAULT_CONFIG['rate_limit'],
                        help='requests per window and API key before 429 (default %(default)s)')
    parser.add_argument('--rate-window', type=float, default=DEFAULT_CONFIG['rate_window'],
                        help='rate-limit window in seconds (default %(default)s)')
    parser.add_argument('--meta', choices=META_MODES, default=DEFAULT_CONFIG['meta'], help='list meta (default full)')
    args = parser.parse_args(argv)
    config = {'latency_ms': args.latency_ms, 'rate_limit': args.rate_limit, 'rate_window': args.rate_window,
              'meta': args.meta}
    try:
        server = Server((args.host, args.port), args.api_key, config)
    except ValueError as exc:
        parser.error(str(exc))
    port = server.server_address[1]
    if args.port_file:
        with open(args.port_file, 'w') as handle:
            handle.write(str(port))
    sys.stdout.write('Telnyx simulator on http://%s:%d%s\n' % (args.host, port, PREFIX))
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == '__main__':
    sys.exit(main())
