# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One class per Telnyx resource kind: what it is, how it is found, what can change."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import datetime
import ipaddress
import json
import re

from ansible_collections.telnyx.account.plugins.module_utils.resource import Resource, TelnyxInputError, values_equal

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover
    from urlparse import urlsplit  # type: ignore

UTC = datetime.timezone.utc


def normalize_ip(value):
    """The canonical spelling of one IPv4 or IPv6 address (lower case, compressed)."""
    text = str(value).strip()
    if '/' in text:
        raise TelnyxInputError('ip_address %r is a range; manage ranges with telnyx_access_ip_range (cidr_block).' % value)
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise TelnyxInputError('ip_address %r is not a valid IPv4 or IPv6 address.' % value)


def normalize_cidr(value):
    """The network a CIDR block names: 198.51.100.7/24 is 198.51.100.0/24."""
    text = str(value).strip()
    if '/' not in text:
        raise TelnyxInputError('cidr_block %r has no prefix length; write it as address/prefix, e.g. 198.51.100.0/24.'
                               % value)
    try:
        return str(ipaddress.ip_network(text, strict=False))
    except ValueError:
        raise TelnyxInputError('cidr_block %r is not a valid IPv4 or IPv6 network.' % value)


def lenient(normalizer, value):
    """Normalise a server value; keep it as it is when it does not parse (it then simply differs)."""
    if value in (None, ''):
        return value
    try:
        return normalizer(value)
    except TelnyxInputError:
        return value


def check_url(name, value):
    parts = urlsplit(str(value))
    if parts.scheme not in ('http', 'https') or not parts.netloc:
        raise TelnyxInputError('%s must be an http(s) URL, not %r.' % (name, value))


class AccessIP(Resource):
    kind = 'access IP'
    return_key = 'access_ip'
    list_key = 'access_ips'
    path = '/access_ip_address'
    envelope = False
    identity = ('ip_address',)
    fields = ('ip_address', 'description')
    can_update = False
    info_filters = {'ip_source': 'filter[ip_source]'}
    options = dict(id=dict(type='str'), ip_address=dict(type='str'), description=dict(type='str'),
                   replace=dict(type='bool', default=False))

    def normalize_value(self, name, value):
        return normalize_ip(value) if name == 'ip_address' else value

    def normalize_remote(self, name, value):
        return lenient(normalize_ip, value) if name == 'ip_address' else value

    def lookup_query(self, desired):
        # The server filters by exact text. An IPv4 address has one spelling; an IPv6 address
        # stored by someone else may be spelled differently, so read the whole list for those.
        if ':' not in desired['ip_address']:
            return {'filter[ip_address]': desired['ip_address']}
        return None


class AccessIPRange(Resource):
    kind = 'access IP range'
    return_key = 'access_ip_range'
    list_key = 'access_ip_ranges'
    path = '/access_ip_ranges'
    envelope = False
    has_get = False
    identity = ('cidr_block',)
    fields = ('cidr_block', 'description')
    can_update = False
    info_filters = {'cidr_block_startswith': 'filter[cidr_block][startswith]',
                    'cidr_block_endswith': 'filter[cidr_block][endswith]',
                    'cidr_block_contains': 'filter[cidr_block][contains]'}
    options = dict(id=dict(type='str'), cidr_block=dict(type='str'), description=dict(type='str'),
                   replace=dict(type='bool', default=False))

    def normalize_value(self, name, value):
        return normalize_cidr(value) if name == 'cidr_block' else value

    def normalize_remote(self, name, value):
        return lenient(normalize_cidr, value) if name == 'cidr_block' else value
    # No lookup_query: a range made elsewhere may be stored as 198.51.100.7/24 or in another IPv6
    # spelling, which an exact server filter would miss; ranges are few, one page holds 250.


ADDRESS_FIELDS = ('first_name', 'last_name', 'business_name', 'street_address', 'extended_address', 'locality',
                  'administrative_area', 'postal_code', 'country_code', 'borough', 'neighborhood', 'phone_number',
                  'customer_reference', 'address_book', 'validate_address')
VALIDATE_REQUIRED = ('country_code', 'street_address', 'postal_code')
VALIDATE_FIELDS = ('street_address', 'extended_address', 'locality', 'administrative_area', 'postal_code', 'country_code')
ADDRESS_REQUIRED = ('first_name', 'last_name', 'business_name', 'street_address', 'locality', 'country_code')
# Fields that say where the address is; the identity when neither id nor customer_reference is given.
ADDRESS_LOCATION = ('first_name', 'last_name', 'business_name', 'street_address', 'extended_address', 'locality',
                    'administrative_area', 'postal_code', 'country_code', 'borough', 'neighborhood', 'phone_number')


class Address(Resource):
    kind = 'address'
    return_key = 'address'
    list_key = 'addresses'
    path = '/addresses'
    can_update = False
    twin_allowed = True
    identity = ('customer_reference',)
    fields = ADDRESS_FIELDS
    info_filters = {'street_address_contains': 'filter[street_address][contains]',
                    'used_as_emergency': 'filter[used_as_emergency]',
                    'address_book': 'filter[address_book][eq]', 'sort': 'sort'}
    options = dict([('id', dict(type='str')), ('replace', dict(type='bool', default=False))] + [
        (name, dict(type='bool' if name in ('address_book', 'validate_address') else 'str')) for name in ADDRESS_FIELDS])

    def normalize_value(self, name, value):
        if name == 'country_code':
            code = str(value).strip()
            if not re.match(r'^[A-Za-z]{2}$', code):
                raise TelnyxInputError('country_code %r must be a two-letter ISO 3166-1 alpha-2 code such as US.' % value)
            return code.upper()
        return value

    def normalize_remote(self, name, value):
        if name == 'country_code' and isinstance(value, str):
            return value.upper()
        return value

    def has_identity(self, desired):
        return 'customer_reference' in desired or any(k in desired for k in ADDRESS_LOCATION)

    def check_present(self, desired):
        self.check_identity(desired)
        self.check_create(desired)

    def identity_key(self, desired):
        if 'id' in desired or 'customer_reference' in desired:
            return super(Address, self).identity_key(desired)
        return ('address', tuple((k, desired.get(k)) for k in ADDRESS_LOCATION))

    def sort_key(self, item):
        return (item.get('customer_reference') or '',) + tuple(str(item.get(k) or '') for k in ADDRESS_LOCATION)

    def check_create(self, desired):
        missing = [k for k in ADDRESS_REQUIRED if desired.get(k) in (None, '')]
        if missing:
            raise TelnyxInputError('address: %s required to create an address (missing: %s).' % (
                ', '.join(ADDRESS_REQUIRED), ', '.join(missing)))

    def matches(self, desired, obj):
        if 'customer_reference' in desired:
            return desired['customer_reference'] == obj.get('customer_reference')
        given = [k for k in ADDRESS_LOCATION if k in desired]
        return bool(given) and all(
            values_equal(desired[k], self.normalize_remote(k, obj.get(k))) for k in given)

    def lookup_query(self, desired):
        if 'customer_reference' in desired:
            return {'filter[customer_reference][eq]': desired['customer_reference']}
        street = desired.get('street_address') or ''
        if len(street) >= 3:
            return {'filter[street_address][contains]': street}
        return None

    def check_filters(self, query):
        street = query.get('filter[street_address][contains]')
        if street is not None and len(street) < 3:
            raise TelnyxInputError('street_address_contains needs at least 3 characters, not %r.' % street)

    def validate(self, fields):
        """POST /addresses/actions/validate: the emergency validation result (changes nothing)."""
        body = dict((k, v) for k, v in fields.items() if v is not None)
        missing = [k for k in VALIDATE_REQUIRED if not body.get(k)]
        if missing:
            raise TelnyxInputError('address validation needs %s (missing: %s).' % (
                ', '.join(VALIDATE_REQUIRED), ', '.join(missing)))
        if 'country_code' in body:
            body['country_code'] = self.normalize_value('country_code', body['country_code'])
        return self.unwrap(self.client.post('%s/actions/validate' % self.path, body, idempotent=True))

    def accept_suggestions(self, address_id):
        """POST /addresses/{id}/actions/accept_suggestions; returns (changed, answer): 202 accepted now, 200 before."""
        response = self.client.request('POST', '%s/actions/accept_suggestions' % self.item_path(address_id),
                                       body={'id': address_id}, idempotent=True)
        return response.status == 202, self.unwrap(response.data)

    def describe(self, desired):
        if 'id' in desired or 'customer_reference' in desired:
            return super(Address, self).describe(desired)
        return 'address at %s' % ', '.join(str(desired[k]) for k in ('street_address', 'locality', 'country_code')
                                           if k in desired)


FINGERPRINT_ALGORITHMS = ('sha1', 'sha256', 'sha384', 'sha512')
SSO_SETTINGS = ('idp_entity_id', 'idp_sso_target_url', 'idp_cert_fingerprint', 'idp_cert_fingerprint_algorithm')
SSO_REQUIRED = ('idp_entity_id', 'idp_sso_target_url', 'idp_cert_fingerprint')
SSO_SETTINGS_SPEC = dict(
    idp_entity_id=dict(type='str'),
    idp_sso_target_url=dict(type='str'),
    idp_cert_fingerprint=dict(type='str'),
    idp_cert_fingerprint_algorithm=dict(type='str', choices=list(FINGERPRINT_ALGORITHMS)),
)


class AuthenticationProvider(Resource):
    kind = 'authentication provider'
    return_key = 'authentication_provider'
    list_key = 'authentication_providers'
    path = '/authentication_providers'
    identity = ('short_name',)
    fields = ('name', 'short_name', 'active', 'settings')
    update_fields = ('name', 'short_name', 'active', 'settings')
    create_only_fields = ('settings_url',)
    info_filters = {'sort': 'sort'}
    options = dict(id=dict(type='str'), name=dict(type='str'), short_name=dict(type='str'), active=dict(type='bool'),
                   settings=dict(type='dict', options=SSO_SETTINGS_SPEC), settings_url=dict(type='str'))

    def normalize_value(self, name, value):
        if name == 'settings':
            settings = dict((k, v) for k, v in value.items() if v is not None)
            for key in ('idp_entity_id', 'idp_sso_target_url'):
                if key in settings:
                    check_url('settings.%s' % key, settings[key])
            algo = settings.get('idp_cert_fingerprint_algorithm')
            if algo is not None and algo not in FINGERPRINT_ALGORITHMS:
                raise TelnyxInputError('settings.idp_cert_fingerprint_algorithm must be one of %s, not %r.'
                                       % (', '.join(FINGERPRINT_ALGORITHMS), algo))
            return settings
        if name == 'settings_url':
            check_url('settings_url', value)
        return value

    def normalize_remote(self, name, value):
        if name == 'settings':
            # Only what a user can set; the API adds server-made keys (service provider URLs and more).
            return dict((k, v) for k, v in (value or {}).items() if k in SSO_SETTINGS)
        return value

    def normalize(self, params):
        desired = super(AuthenticationProvider, self).normalize(params)
        if 'settings' in desired and 'settings_url' in desired:
            raise TelnyxInputError('settings and settings_url are mutually exclusive.')
        return desired

    def check_create(self, desired):
        missing = [k for k in ('name', 'short_name') if not desired.get(k)]
        if missing:
            raise TelnyxInputError('authentication provider: %s required to create one.' % ' and '.join(missing))
        if 'settings' not in desired and 'settings_url' not in desired:
            raise TelnyxInputError('authentication provider: settings or settings_url required to create one.')
        absent = [k for k in SSO_REQUIRED if 'settings' in desired and not desired['settings'].get(k)]
        if absent:
            raise TelnyxInputError('authentication provider: settings need %s (missing: %s).'
                                   % (', '.join(SSO_REQUIRED), ', '.join(absent)))

    def changes(self, desired, current):
        diff = super(AuthenticationProvider, self).changes(desired, current)
        if 'settings' in diff:
            have = diff['settings']['before']
            wanted = desired['settings']
            given = dict((k, have.get(k)) for k in wanted)
            if given == wanted:
                del diff['settings']
            else:
                diff['settings'] = {'before': given, 'after': wanted}
        return diff

    def update_body(self, desired, current, changes):
        body = dict((k, desired[k]) for k in changes if k != 'settings')
        if 'settings' in changes:
            # The API wants the whole IdP settings block; send the current one with the changes on top.
            settings = self.normalize_remote('settings', current.get('settings'))
            settings.update(desired['settings'])
            body['settings'] = settings
        return body

    def predict(self, plan):
        after = super(AuthenticationProvider, self).predict(plan)
        if plan.action == 'update' and 'settings' in plan.changes:
            settings = dict(plan.current.get('settings') or {})
            settings.update(plan.desired['settings'])
            after['settings'] = settings
        return after


class BillingGroup(Resource):
    kind = 'billing group'
    return_key = 'billing_group'
    list_key = 'billing_groups'
    path = '/billing_groups'
    identity = ('name',)
    fields = ('name',)
    update_fields = ('name',)
    info_filters = {}
    options = dict(id=dict(type='str'), name=dict(type='str'))

    def check_create(self, desired):
        if not desired.get('name'):
            raise TelnyxInputError('billing group: name required to create one.')


OTHER_SECRET_TYPE = {'bearer': 'basic', 'basic': 'bearer'}


class IntegrationSecret(Resource):
    kind = 'integration secret'
    return_key = 'integration_secret'
    list_key = 'integration_secrets'
    path = '/integration_secrets'
    has_get = False
    can_update = False
    identity = ('identifier',)
    fields = ('identifier', 'type')
    create_only_fields = ('username',)
    secret_fields = ('token', 'password')
    info_filters = {'type': 'filter[type]'}
    options = dict(id=dict(type='str'), identifier=dict(type='str'), type=dict(type='str', choices=['bearer', 'basic']),
                   token=dict(type='str', no_log=True), username=dict(type='str'), password=dict(type='str', no_log=True),
                   update_secret=dict(type='str', default='on_create', choices=['on_create', 'always'], no_log=False),
                   replace=dict(type='bool', default=False))

    def normalize(self, params):
        desired = super(IntegrationSecret, self).normalize(params)
        desired['update_secret'] = params.get('update_secret') or 'on_create'
        return desired

    def check_present(self, desired):
        self.check_identity(desired)
        kind = desired.get('type')
        given = [k for k in ('token', 'username', 'password') if desired.get(k)]
        if given and not kind:
            raise TelnyxInputError('integration secret: set type (bearer or basic) together with %s.' % ', '.join(given))
        wrong = [k for k in given if k != 'token'] if kind == 'bearer' else ['token'] if 'token' in given else []
        if wrong:
            raise TelnyxInputError('integration secret: type %s does not take %s.' % (kind, ', '.join(wrong)))
        if kind == 'basic' and len(given) == 1:
            raise TelnyxInputError('integration secret: type basic needs both username and password.')
        if desired['update_secret'] == 'always':
            self.check_create(desired)

    def check_create(self, desired):
        if not desired.get('identifier') or not desired.get('type'):
            raise TelnyxInputError('integration secret: identifier and type required to create one.')
        need = ('token',) if desired['type'] == 'bearer' else ('username', 'password')
        missing = [k for k in need if not desired.get(k)]
        if missing:
            raise TelnyxInputError('integration secret %r does not exist yet, so its value is needed: type %s '
                                   'requires %s (missing: %s).' % (desired['identifier'], desired['type'],
                                                                   ' and '.join(need), ', '.join(missing)))

    def changes(self, desired, current):
        # The API does not return type; compare it only when the server says it.
        diff = super(IntegrationSecret, self).changes(desired, current)
        if 'type' in diff and current.get('type') is None:
            del diff['type']
        return diff

    def lookup(self, desired):
        # The API does not return a secret's type, but filters by it: a read filtered by the wanted
        # type finds an unchanged secret in one call; only a miss needs the whole list.
        if 'id' in desired or 'type' not in desired:
            return super(IntegrationSecret, self).lookup(desired)
        found = self.select(desired, self.list({'filter[type]': desired['type']}))
        if found is not None:
            return dict(found, type=desired['type'])
        found = self.select(desired, self.list())
        if found is not None and found.get('type') is None:
            found = dict(found, type=OTHER_SECRET_TYPE[desired['type']])
        return found

    def list_typed(self):
        """Every secret with its type, from one read per type.

        A secret listed under both types (a server that ignores the filter) keeps no type, so it is not compared.
        """
        by_id = {}
        for kind in sorted(OTHER_SECRET_TYPE):
            for obj in self.list({'filter[type]': kind}):
                if obj.get('id') in by_id:
                    by_id[obj['id']]['type'] = obj.get('type')
                else:
                    by_id[obj.get('id')] = dict(obj, type=obj.get('type') or kind)
        return list(by_id.values())

    def forced_replace(self, desired, current):
        # Secret values cannot be read back: "always" re-creates the secret with the given value.
        return desired.get('update_secret') == 'always'

    def create_body(self, desired):
        body = super(IntegrationSecret, self).create_body(desired)
        if body.get('type') == 'bearer':
            body.pop('username', None)
            body.pop('password', None)
        elif body.get('type') == 'basic':
            body.pop('token', None)
        return body

    def export(self, obj):
        return dict((k, obj[k]) for k in ('identifier', 'type') if obj.get(k))


class TelephonyCredential(Resource):
    kind = 'telephony credential'
    return_key = 'telephony_credential'
    list_key = 'telephony_credentials'
    path = '/telephony_credentials'
    identity = ('name',)
    fields = ('connection_id', 'name', 'tag', 'expires_at')
    update_fields = fields
    output_omit = ('sip_password',)
    info_filters = {'tag': 'filter[tag]', 'status': 'filter[status]',
                    'resource_id': 'filter[resource_id]', 'sip_username': 'filter[sip_username]'}
    options = dict(id=dict(type='str'), connection_id=dict(type='str'), name=dict(type='str'), tag=dict(type='str'),
                   expires_at=dict(type='str'), return_sip_password=dict(type='bool', default=False, no_log=False))

    def __init__(self, client, check_mode=False, return_sip_password=False):
        super(TelephonyCredential, self).__init__(client, check_mode)
        if return_sip_password:
            self.output_omit = ()

    @staticmethod
    def with_connection_id(obj):
        # The API reports the connection as resource_id "connection:<id>".
        resource_id = obj.get('resource_id') or ''
        if obj.get('connection_id') is None and resource_id.startswith('connection:'):
            return dict(obj, connection_id=resource_id.split(':', 1)[1])
        return obj

    def changes(self, desired, current):
        return super(TelephonyCredential, self).changes(desired, self.with_connection_id(current))

    def export(self, obj):
        return super(TelephonyCredential, self).export(self.with_connection_id(obj))

    def check_create(self, desired):
        if not desired.get('connection_id'):
            raise TelnyxInputError('telephony credential: connection_id required to create one.')

    def lookup_query(self, desired):
        return {'filter[name]': desired['name']}

    def mint_token(self, credential_id):
        """POST /telephony_credentials/{id}/token: a new JWT access token (text/plain)."""
        token = self.client.post('%s/token' % self.item_path(credential_id), idempotent=True)
        if not isinstance(token, str) or not token.strip():
            raise TelnyxInputError('Telnyx answered the token request for credential %s without a token.'
                                   % credential_id)
        token = token.strip()
        self.client.add_secrets([token])
        return token


def jwt_expiry(token):
    """The ``exp`` claim of a JWT as an ISO 8601 UTC time, or None when it has none or cannot be read."""
    try:
        payload = token.split('.')[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + '=' * (-len(payload) % 4)).decode('utf-8'))
        exp = claims.get('exp')
        if exp is None:
            return None
        return datetime.datetime.fromtimestamp(int(exp), tz=UTC).strftime('%Y-%m-%dT%H:%M:%SZ')
    except (IndexError, ValueError, TypeError, AttributeError, OverflowError):
        return None


KINDS = {
    'access_ips': AccessIP,
    'access_ip_ranges': AccessIPRange,
    'addresses': Address,
    'authentication_providers': AuthenticationProvider,
    'billing_groups': BillingGroup,
    'integration_secrets': IntegrationSecret,
    'telephony_credentials': TelephonyCredential,
}
