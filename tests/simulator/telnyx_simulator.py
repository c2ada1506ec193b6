# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A stateful simulator of the Telnyx API v2 endpoints this collection uses. Standard library only.

Start:  python tests/simulator/telnyx_simulator.py --port 8765 [--api-key KEY] [--port-file FILE]
API:    http://127.0.0.1:PORT/v2/...           (Bearer KEY, default "test-key")
Control (no key, never logged):
  GET    /_sim/log                 the request log: [{"method", "path", "query", "status"}]
  DELETE /_sim/log                 empty the log
  POST   /_sim/reset               forget every object, fault and log entry
  POST   /_sim/faults              {"rules": [...]} replace the fault rules (see Fault below)
  POST   /_sim/seed                {"access_ips": [{...}], ...} add objects as if created by someone else
  GET    /_sim/state               every object (secret values included: for tests only)

A fault rule: {"method": "POST", "path": "/access_ip_address", "count": 2, "skip": 0,
               "action": "status" | "commit_then_fail" | "drop" | "latency",
               "status": 429, "retry_after": "1", "ratelimit_reset": "1", "seconds": 0.2, "pointer": "/name"}
"""

from __future__ import absolute_import, division, print_function

import argparse
import base64
import hmac
import ipaddress
import json
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


def compact(obj, keep=()):
    """The object without unset optional fields: the document types them as strings, never null."""
    return dict((k, v) for k, v in obj.items() if v is not None or k in keep)


def invalid(field, detail, code='10015'):
    return APIError(422, code, 'Invalid value', detail, pointer='/' + field)


def required(body, names):
    for name in names:
        if body.get(name) in (None, ''):
            raise APIError(422, '10005', 'Missing required parameter', '%s is required.' % name, pointer='/' + name)


def check_types(body, spec):
    for name, kind in spec.items():
        if name in body and body[name] is not None and not isinstance(body[name], kind):
            raise invalid(name, '%s has the wrong type.' % name, code='10016')


class State:
    """Every collection, guarded by one lock."""

    def __init__(self, api_key):
        self.api_key = api_key
        self.lock = threading.RLock()
        self.reset()

    def reset(self):
        self.objects = {k: {} for k in ('access_ips', 'access_ip_ranges', 'addresses', 'authentication_providers',
                                        'billing_groups', 'integration_secrets', 'telephony_credentials')}
        self.secrets = {}
        self.accepted = set()
        self.log = []
        self.rules = []
        self.address_seq = 1000000000000000000
        self.user_id = 'a4e1f0b2-5c3d-4e6f-8a9b-0c1d2e3f4a5b'
        self.organization_id = 'f1486bae-f067-460c-ad43-73a92848f902'

    def next_address_id(self):
        self.address_seq += 1
        return str(self.address_seq)


# ------------------------------------------------------------------------------------ helpers
def paginate(items, query, default_size=20):
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

    def __init__(self, state):
        self.s = state

    def route(self, method, path, query, body):
        parts = [p for p in path.split('/') if p]
        if not parts:
            raise APIError(404, '10007', 'Resource not found', 'No such path.')
        head = parts[0]
        rest = parts[1:]
        handler = getattr(self, 'r_%s' % head, None)
        if handler is None:
            raise APIError(404, '10007', 'Resource not found', 'No such path: %s' % path)
        return handler(method, rest, query, body)

    def collection(self, name):
        return self.s.objects[name]

    def find(self, name, obj_id):
        obj = self.s.objects[name].get(obj_id)
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
                return 200, paginate(created_filter(found, query), query)
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
                               'status': 'added', 'description': body.get('description'), 'user_id': self.s.user_id,
                               'created_at': stamp, 'updated_at': stamp})
                items[obj['id']] = obj
                return 200, obj
            self.not_allowed()
        obj = self.find('access_ips', rest[0])
        if method == 'GET':
            return 200, obj
        if method == 'DELETE':
            del items[rest[0]]
            return 200, obj
        self.not_allowed()

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
                return 200, paginate(created_filter(found, query), query)
            if method == 'POST':
                required(body, ['cidr_block'])
                check_types(body, {'cidr_block': str, 'description': str})
                if not cidr_ok(body['cidr_block']):
                    raise invalid('cidr_block', 'cidr_block must be a valid CIDR block.')
                if any(o['cidr_block'] == body['cidr_block'] for o in items.values()):
                    raise APIError(422, '10015', 'Duplicate CIDR block', 'cidr_block already exists.',
                                   pointer='/cidr_block')
                stamp = now_iso()
                obj = compact({'id': str(uuid.uuid4()), 'cidr_block': body['cidr_block'], 'status': 'added',
                               'description': body.get('description'), 'user_id': self.s.user_id,
                               'created_at': stamp, 'updated_at': stamp})
                items[obj['id']] = obj
                return 200, obj
            self.not_allowed()
        if len(rest) == 1 and method == 'DELETE':
            obj = self.find('access_ip_ranges', rest[0])
            del items[rest[0]]
            return 200, obj
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
                return 200, paginate([self.public_address(o) for o in found], query)
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
            status = 200 if obj['id'] in self.s.accepted else 202
            self.s.accepted.add(obj['id'])
            return status, {'data': {'accepted': True, 'id': obj['id'], 'record_type': 'address_suggestion'}}
        self.not_allowed()

    @staticmethod
    def public_address(obj):
        return dict((k, v) for k, v in obj.items() if not k.startswith('_') and v is not None)

    def new_address(self, body):
        required(body, ['first_name', 'last_name', 'business_name', 'street_address', 'locality', 'country_code'])
        check_types(body, dict((k, bool if k in ('address_book', 'validate_address') else str) for k in ADDRESS_FIELDS))
        unknown = [k for k in body if k not in ADDRESS_FIELDS]
        if unknown:
            raise invalid(unknown[0], 'Unknown field %s.' % unknown[0])
        if not re.match(r'^[A-Z]{2}$', body['country_code']):
            raise invalid('country_code', 'country_code must be an ISO 3166-1 alpha-2 code.')
        if body.get('validate_address', True) and self.validate_address(body)['result'] != 'valid':
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
                return 200, paginate(found, query)
            if method == 'POST':
                required(body, ['name', 'short_name'])
                self.check_provider(body, creating=True)
                stamp = now_iso()
                obj = {'id': str(uuid.uuid4()), 'record_type': 'authentication_provider',
                       'organization_id': self.s.organization_id, 'name': body['name'],
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
            raise APIError(422, '10005', 'Missing required parameter', 'settings is required.', pointer='/settings')
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
                    raise APIError(422, '10005', 'Missing required parameter', '%s is required.' % key,
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
                return 200, paginate(sorted(items.values(), key=lambda o: o['created_at']), query)
            if method == 'POST':
                check_types(body, {'name': str})
                stamp = now_iso()
                obj = {'id': str(uuid.uuid4()), 'record_type': 'billing_group', 'name': body.get('name'),
                       'organization_id': self.s.organization_id, 'created_at': stamp, 'updated_at': stamp,
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
                    found = [o for o in found if self.s.secrets[o['id']]['type'] == kind]
                return 200, paginate(found, query)
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
                self.s.secrets[obj['id']] = dict((k, body.get(k)) for k in ('type', 'token', 'username', 'password'))
                return 201, {'data': obj}
            self.not_allowed()
        if len(rest) == 1 and method == 'DELETE':
            self.find('integration_secrets', rest[0])
            del items[rest[0]]
            self.s.secrets.pop(rest[0], None)
            return 204, None
        self.not_allowed()

    # /telephony_credentials ------------------------------------------------------------------
    def r_telephony_credentials(self, method, rest, query, body):
        items = self.collection('telephony_credentials')
        if not rest:
            if method == 'GET':
                found = sorted(items.values(), key=lambda o: o['created_at'])
                for key in ('tag', 'name', 'resource_id', 'sip_username'):
                    value = query.get('filter[%s]' % key)
                    if value is not None:
                        found = [o for o in found if o.get(key) == value]
                status = query.get('filter[status]')
                if status is not None:
                    found = [o for o in found if ('expired' if o['expired'] else 'active') == status]
                return 200, paginate(found, query, default_size=50)
            if method == 'POST':
                required(body, ['connection_id'])
                check_types(body, {'connection_id': str, 'name': str, 'tag': str, 'expires_at': str})
                stamp = now_iso()
                obj = compact({'id': str(uuid.uuid4()), 'record_type': 'credential', 'name': body.get('name'),
                               'tag': body.get('tag'), 'resource_id': 'connection:%s' % body['connection_id'],
                               'expires_at': body.get('expires_at'), 'expired': False,
                               'sip_username': 'gencred' + uuid.uuid4().hex[:22], 'sip_password': uuid.uuid4().hex,
                               'user_id': self.s.user_id, 'created_at': stamp, 'updated_at': stamp})
                items[obj['id']] = obj
                return 201, {'data': obj}
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
            return 200, {'data': obj}
        if method == 'PATCH':
            check_types(body, {'connection_id': str, 'name': str, 'tag': str, 'expires_at': str})
            for key in ('name', 'tag', 'expires_at'):
                if key in body:
                    obj[key] = body[key]
            if 'connection_id' in body:
                obj['resource_id'] = 'connection:%s' % body['connection_id']
            obj['updated_at'] = now_iso()
            return 200, {'data': obj}
        if method == 'DELETE':
            del items[rest[0]]
            return 200, {'data': obj}
        self.not_allowed()

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
            ids = made.setdefault(section, [])
            for body in bodies:
                extra = dict((k, body.pop(k)) for k in list(body) if k.startswith('_'))
                _status, answer = creators[section](body)
                obj = answer.get('data', answer)
                stored = self.s.objects[section][obj['id']]
                stored.update(extra)
                ids.append(obj['id'])
        return made


# ------------------------------------------------------------------------------------ HTTP
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
        elif isinstance(payload, str) and content_type.startswith('text/'):
            data = payload.encode()
        else:
            data = json.dumps(payload).encode()
        self.send_response(status)
        if data:
            self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if data:
            self.wfile.write(data)

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

    def handle_any(self, method):
        split = urlsplit(self.path)
        try:
            body = self.read_body()
        except ValueError:
            body = ValueError
        if split.path.startswith('/_sim/'):
            return self.control(method, split.path[len('/_sim/'):], body)
        if not split.path.startswith(PREFIX + '/'):
            return self.send(404, {'errors': [{'code': '10007', 'title': 'Resource not found'}]})
        path = split.path[len(PREFIX):]
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        entry = {'method': method, 'path': path, 'query': query, 'status': None, 'time': time.time()}
        with self.state.lock:
            self.state.log.append(entry)
            rule = self.take_fault(method, path)
        if rule and rule.get('action') == 'latency':
            time.sleep(float(rule.get('seconds', 0.1)))
            rule = None
        if rule and rule.get('action') == 'drop':
            entry['status'] = 'dropped'
            self.close_connection = True
            self.connection.close()
            return None
        if rule and rule.get('action', 'status') == 'status':
            status = int(rule.get('status', 503))
            headers = {}
            if rule.get('retry_after') is not None:
                headers['Retry-After'] = str(rule['retry_after'])
            if rule.get('ratelimit_reset') is not None:
                headers['x-ratelimit-reset'] = str(rule['ratelimit_reset'])
                headers['x-ratelimit-remaining'] = '0'
            entry['status'] = status
            title = {429: 'Too many requests', 422: 'Unprocessable entity'}.get(status, 'Service unavailable')
            error = {'code': '10011' if status == 429 else '10001', 'title': title, 'detail': 'Injected by the simulator.'}
            if rule.get('pointer'):
                error['source'] = {'pointer': rule['pointer']}
            return self.send(status, {'errors': [error]}, headers)
        auth = self.headers.get('Authorization') or ''
        if not hmac.compare_digest(auth, 'Bearer %s' % self.state.api_key):
            entry['status'] = 401
            return self.send(401, {'errors': [{'code': '10009', 'title': 'Authentication failed',
                                               'detail': 'The API key looks malformed or is not valid.'}]})
        if method in ('POST', 'PATCH') and body is ValueError:
            entry['status'] = 400
            return self.send(400, {'errors': [{'code': '10015', 'title': 'Bad request', 'detail': 'Invalid JSON.'}]})
        if body is not None and body is not ValueError and not isinstance(body, dict):
            entry['status'] = 422
            return self.send(422, {'errors': [{'code': '10015', 'title': 'Bad request', 'detail': 'Body must be an object.'}]})
        try:
            with self.state.lock:
                status, payload = API(self.state).route(method, path, query, body or {})
        except APIError as exc:
            entry['status'] = exc.status
            if path.startswith('/billing_groups'):
                # The billing group service types its error codes as integers.
                for err in exc.body['errors']:
                    err['code'] = int(err['code'])
            return self.send(exc.status, exc.body)
        if rule and rule.get('action') == 'commit_then_fail':
            entry['status'] = int(rule.get('status', 500))
            return self.send(entry['status'], {'errors': [{'code': '10001', 'title': 'Internal server error',
                                                           'detail': 'Injected after the write was committed.'}]})
        entry['status'] = status
        content_type = 'text/plain' if isinstance(payload, str) else 'application/json'
        return self.send(status, payload, content_type=content_type)

    def take_fault(self, method, path):
        for rule in self.state.rules:
            if rule.get('count', 1) == 0:
                continue
            if rule.get('method') and rule['method'].upper() != method:
                continue
            if rule.get('path') and not re.match('^%s$' % rule['path'], path):
                continue
            if rule.get('skip', 0) > 0:
                rule['skip'] -= 1
                continue
            if rule.get('count', 1) > 0:
                rule['count'] = rule.get('count', 1) - 1
            return dict(rule)
        return None

    def control(self, method, what, body):
        state = self.state
        with state.lock:
            if what == 'log' and method == 'GET':
                return self.send(200, state.log)
            if what == 'log' and method == 'DELETE':
                state.log = []
                return self.send(200, {'cleared': True})
            if what == 'reset' and method == 'POST':
                state.reset()
                return self.send(200, {'reset': True})
            if what == 'faults' and method == 'POST':
                state.rules = list((body or {}).get('rules', []))
                return self.send(200, {'rules': state.rules})
            if what == 'seed' and method == 'POST':
                try:
                    return self.send(200, API(state).seed(body or {}))
                except APIError as exc:
                    return self.send(exc.status, exc.body)
            if what == 'state' and method == 'GET':
                return self.send(200, {'objects': dict((k, list(v.values())) for k, v in state.objects.items()),
                                       'secrets': state.secrets})
        return self.send(404, {'errors': [{'code': '0', 'title': 'unknown control path'}]})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, api_key):
        host = address[0]
        if not ipaddress.ip_address(host).is_loopback:
            raise SystemExit('the simulator binds loopback addresses only, not %s' % host)
        ThreadingHTTPServer.__init__(self, address, Handler)
        self.state = State(api_key)


def main(argv=None):
    parser = argparse.ArgumentParser(description='Telnyx API simulator (loopback only)')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8765, help='0 picks a free port')
    parser.add_argument('--api-key', default='test-key')
    parser.add_argument('--port-file', help='write the port here once listening')
    args = parser.parse_args(argv)
    server = Server((args.host, args.port), args.api_key)
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
