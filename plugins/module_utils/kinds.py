# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One class per Telnyx resource kind: what it is, how it is found, what can change.

API facts come from the official OpenAPI document (paths, schemas; see each class) unless a comment says
otherwise.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import binascii
import datetime
import ipaddress
import json
import re
from urllib.parse import urlsplit

from ansible_collections.telnyx.account.plugins.module_utils.resource import (
    Resource, TelnyxAPIError, TelnyxInputError, values_equal,
)

UTC = datetime.timezone.utc


# ------------------------------------------------------------------------------------ values
IPV4_MAPPED = ipaddress.ip_network('::ffff:0:0/96')


def normalize_ip(value):
    """The canonical spelling of one IPv4 or IPv6 address (lower case, compressed)."""
    text = str(value).strip()
    if '/' in text:
        raise TelnyxInputError('ip_address %r is a range; manage ranges with telnyx_access_ip_range (cidr_block).' % value)
    if '%' in text:
        raise TelnyxInputError('ip_address %r carries a zone (scope) after %%; an allowlist entry cannot: give the '
                               'address without it.' % value)
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        raise TelnyxInputError('ip_address %r is not a valid IPv4 or IPv6 address.' % value)
    if address.version == 6 and address.ipv4_mapped is not None:
        raise TelnyxInputError('ip_address %r is the IPv4 address %s written as IPv6 (IPv4-mapped); a client with '
                               'that address reaches the API over IPv4, so give %s.'
                               % (value, address.ipv4_mapped, address.ipv4_mapped))
    return str(address)


def normalize_cidr(value):
    """The network a CIDR block names: 198.51.100.7/24 is 198.51.100.0/24."""
    text = str(value).strip()
    if '/' not in text:
        raise TelnyxInputError('cidr_block %r has no prefix length; write it as address/prefix, e.g. 198.51.100.0/24.'
                               % value)
    if '%' in text:
        raise TelnyxInputError('cidr_block %r carries a zone (scope) after %%; an allowlist range cannot: give the '
                               'network without it.' % value)
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise TelnyxInputError('cidr_block %r is not a valid IPv4 or IPv6 network.' % value)
    if network.version == 6 and network.subnet_of(IPV4_MAPPED):
        raise TelnyxInputError('cidr_block %r lies in ::ffff:0:0/96, IPv4 addresses written as IPv6 (IPv4-mapped); '
                               'clients in it reach the API over IPv4, so give the IPv4 network.' % value)
    return str(network)


def normalize_country(value):
    """A two-letter ISO 3166-1 alpha-2 code, upper case (OpenAPI: country_code)."""
    code = str(value).strip()
    if not re.match(r'^[A-Za-z]{2}$', code):
        raise TelnyxInputError('country_code %r must be a two-letter ISO 3166-1 alpha-2 code such as US.' % value)
    return code.upper()


def check_http_url(name):
    def check(value):
        parts = urlsplit(str(value))
        if parts.scheme not in ('http', 'https') or not parts.netloc:
            raise TelnyxInputError('%s must be an http(s) URL, not %r.' % (name, value))
    return check


def check_uri(name):
    """An absolute URI (OpenAPI format: uri): a scheme, then something (a SAML entity id may be a URN)."""
    def check(value):
        if not re.fullmatch(r'[A-Za-z][A-Za-z0-9+.-]*:[^\s]+', str(value)):
            raise TelnyxInputError('%s must be an absolute URI such as https://idp.example.com/metadata, not %r.'
                                   % (name, value))
    return check


URL_FRIENDLY = re.compile(r'[A-Za-z0-9._~-]+')


def check_url_friendly(value):
    """short_name "must be unique and URL-friendly, as it's going to be part of the login URL" (OpenAPI)."""
    text = str(value)
    if not URL_FRIENDLY.fullmatch(text) or text in ('.', '..'):
        raise TelnyxInputError('short_name %r is not URL-friendly: it becomes part of the login URL, so use only '
                               'letters, digits, "-", "_", "." and "~".' % value)


ISO_8601 = re.compile(r'(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?'
                      r'(?:[Zz]|[+-](\d{2}):?(\d{2}))?)?')


def check_iso8601(name):
    def check(value):
        match = ISO_8601.fullmatch(str(value).strip())
        valid = False
        if match:
            year, month, day, hour, minute, second, off_h, off_m = (int(g) if g else 0 for g in match.groups())
            try:
                datetime.datetime(year, month, day, hour, minute, second)
                valid = off_h < 24 and off_m < 60
            except ValueError:
                valid = False
        if not valid:
            raise TelnyxInputError('%s %r is not an ISO 8601 time such as 2042-06-18T21:32:38Z.' % (name, value))
    return check


def check_e164(value):
    """phone_number as E.164: +, the country code, the number; 15 digits at most (OpenAPI example +12125559000)."""
    if not re.fullmatch(r'\+[1-9][0-9]{1,14}', str(value)):
        raise TelnyxInputError('phone_number %r is not an E.164 number such as +12125559000 (a +, the country '
                               'code and the number, digits only).' % value)


def settings_view(value):
    """SSO settings as compared: only what a user can set, unset keys left out (the API adds server-made keys:
    service provider URLs and more)."""
    if not isinstance(value, dict):
        raise TelnyxInputError('settings must be a dictionary, not %r.' % type(value).__name__)
    return dict((k, v) for k, v in value.items() if k in SSO_SETTINGS and v is not None)


# ------------------------------------------------------------------------------------ kinds
class AccessIP(Resource):
    """An entry of the API access allowlist (OpenAPI: /access_ip_address; bare objects, no GET of one range)."""

    kind = 'access IP'
    return_key = 'access_ip'
    list_key = 'access_ips'
    path = '/access_ip_address'
    envelope = False
    identity = ('ip_address',)
    fields = ('ip_address', 'description')
    create_required = ('ip_address',)
    normalizers = {'ip_address': normalize_ip}
    info_filters = {'ip_source': 'filter[ip_source]'}
    options = dict(id=dict(type='str'), ip_address=dict(type='str'), description=dict(type='str'),
                   replace=dict(type='bool', default=False))
    call_options = {'replace': False}
    info_options = dict(id=dict(type='str'), ip_address=dict(type='str'), ip_source=dict(type='str'))

    def lookup_query(self, desired):
        # The server filters by exact text. An IPv4 address has one spelling; an IPv6 address
        # stored by someone else may be spelled differently, so read the whole list for those.
        if ':' not in desired['ip_address']:
            return {'filter[ip_address]': desired['ip_address']}
        return None


class AccessIPRange(Resource):
    """An allowlist range (OpenAPI: /access_ip_ranges; bare objects, no GET of one range)."""

    kind = 'access IP range'
    return_key = 'access_ip_range'
    list_key = 'access_ip_ranges'
    path = '/access_ip_ranges'
    envelope = False
    has_get = False
    identity = ('cidr_block',)
    fields = ('cidr_block', 'description')
    create_required = ('cidr_block',)
    normalizers = {'cidr_block': normalize_cidr}
    info_filters = {'cidr_block_startswith': 'filter[cidr_block][startswith]',
                    'cidr_block_endswith': 'filter[cidr_block][endswith]',
                    'cidr_block_contains': 'filter[cidr_block][contains]'}
    options = dict(id=dict(type='str'), cidr_block=dict(type='str'), description=dict(type='str'),
                   replace=dict(type='bool', default=False))
    call_options = {'replace': False}
    info_options = dict(id=dict(type='str'), cidr_block=dict(type='str'), cidr_block_startswith=dict(type='str'),
                        cidr_block_endswith=dict(type='str'), cidr_block_contains=dict(type='str'))
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
ADDRESS_SORTS = ['created_at', 'first_name', 'last_name', 'business_name', 'street_address']


class Address(Resource):
    """An address (OpenAPI: /addresses; AddressCreate.required; ids are digits, x-format int64).

    Addresses cannot be updated; the API keeps neither customer_reference nor the location unique.
    """

    kind = 'address'
    return_key = 'address'
    list_key = 'addresses'
    path = '/addresses'
    id_format = 'digits'
    unique_identity = False
    coexists_with_replacement = True
    identity = ('customer_reference',)
    fields = ADDRESS_FIELDS
    create_required = ADDRESS_REQUIRED
    normalizers = {'country_code': normalize_country}
    send_checks = {'phone_number': check_e164}
    info_filters = {'street_address_contains': 'filter[street_address][contains]',
                    'used_as_emergency': 'filter[used_as_emergency]',
                    'address_book': 'filter[address_book][eq]', 'sort': 'sort'}
    options = dict([('id', dict(type='str')), ('replace', dict(type='bool', default=False))] + [
        (name, dict(type='bool' if name in ('address_book', 'validate_address') else 'str')) for name in ADDRESS_FIELDS])
    call_options = {'replace': False}
    info_options = dict(id=dict(type='str'), customer_reference=dict(type='str'),
                        street_address_contains=dict(type='str', aliases=['street_address']),
                        used_as_emergency=dict(type='bool'), address_book=dict(type='bool'),
                        sort=dict(type='str', choices=ADDRESS_SORTS))

    def has_identity(self, desired):
        return any(desired.get(k) not in (None, '') for k in ('customer_reference',) + ADDRESS_LOCATION)

    def check_present(self, desired):
        self.check_identity(desired)
        self.check_create(desired)

    def identity_key(self, desired):
        if 'id' in desired or desired.get('customer_reference') not in (None, ''):
            return super(Address, self).identity_key(desired)
        return ('address', tuple((k, desired.get(k)) for k in ADDRESS_LOCATION))

    def twin_key(self, obj):
        if obj.get('customer_reference') not in (None, ''):
            return ('customer_reference', obj['customer_reference'])
        return ('address', tuple((k, self.normalize_remote(k, obj.get(k)) or None) for k in ADDRESS_LOCATION))

    def sort_key(self, item):
        return (item.get('customer_reference') or '',) + tuple(str(item.get(k) or '') for k in ADDRESS_LOCATION)

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

    def validation_body(self, fields):
        """The body of a validation request for ``fields`` (None values left out); TelnyxInputError when a required
        field is missing or the country code is not one. Sends nothing."""
        body = dict((k, v) for k, v in fields.items() if v is not None)
        missing = [k for k in VALIDATE_REQUIRED if not body.get(k)]
        if missing:
            raise TelnyxInputError('address validation needs %s (missing: %s).' % (
                ', '.join(VALIDATE_REQUIRED), ', '.join(missing)))
        if 'country_code' in body:
            body['country_code'] = self.normalize_value('country_code', body['country_code'])
        return body

    def validate(self, fields):
        """POST /addresses/actions/validate: the emergency validation result (changes nothing).

        ``fields``: the address fields, checked by validation_body() before anything is sent.
        """
        body = self.validation_body(fields)
        return self.unwrap(self.client.post('%s/actions/validate' % self.path, body, idempotent=True))

    def accept_suggestions(self, address_id):
        """POST /addresses/{id}/actions/accept_suggestions; returns (changed, answer): 202 accepted now, 200 before.

        Raises TelnyxInputError (before any request) when ``address_id`` cannot be an address id.
        """
        address_id = self.check_id(address_id)
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
SSO_SORTS = ['name', '-name', 'short_name', '-short_name', 'active', '-active', 'created_at', '-created_at',
             'updated_at', '-updated_at']


def check_sso_settings(settings):
    """The IdP settings a create or update sends (OpenAPI: settings; idp_* URLs are format uri)."""
    if settings.get('idp_entity_id') not in (None, ''):
        check_uri('settings.idp_entity_id')(settings['idp_entity_id'])
    if settings.get('idp_sso_target_url') not in (None, ''):
        check_http_url('settings.idp_sso_target_url')(settings['idp_sso_target_url'])
    algo = settings.get('idp_cert_fingerprint_algorithm')
    if algo not in (None, '') and algo not in FINGERPRINT_ALGORITHMS:
        raise TelnyxInputError('settings.idp_cert_fingerprint_algorithm must be one of %s, not %r.'
                               % (', '.join(FINGERPRINT_ALGORITHMS), algo))


class AuthenticationProvider(Resource):
    """An SSO provider (OpenAPI: /authentication_providers; AuthenticationProviderCreate.required is name,
    short_name, settings; ids are UUIDs). settings_url is taken on create and never returned."""

    kind = 'authentication provider'
    return_key = 'authentication_provider'
    list_key = 'authentication_providers'
    path = '/authentication_providers'
    id_format = 'uuid'
    identity = ('short_name',)
    fields = ('name', 'short_name', 'active', 'settings')
    update_fields = ('name', 'short_name', 'active', 'settings')
    create_only_fields = ('settings_url',)
    create_required = ('name', 'short_name')
    normalizers = {'settings': settings_view}
    send_checks = {'short_name': check_url_friendly, 'settings_url': check_http_url('settings_url'),
                   'settings': check_sso_settings}
    info_filters = {'sort': 'sort'}
    options = dict(id=dict(type='str'), name=dict(type='str'), short_name=dict(type='str'), active=dict(type='bool'),
                   settings=dict(type='dict', options=SSO_SETTINGS_SPEC), settings_url=dict(type='str'))
    info_options = dict(id=dict(type='str'), short_name=dict(type='str'), sort=dict(type='str', choices=SSO_SORTS))

    def normalize(self, params):
        desired = super(AuthenticationProvider, self).normalize(params)
        if 'settings' in desired and 'settings_url' in desired:
            raise TelnyxInputError('settings and settings_url are mutually exclusive.')
        return desired

    def check_create(self, desired):
        super(AuthenticationProvider, self).check_create(desired)
        if 'settings' not in desired and 'settings_url' not in desired:
            raise TelnyxInputError('authentication provider: settings or settings_url required to create one.')
        absent = [k for k in SSO_REQUIRED if 'settings' in desired and not desired['settings'].get(k)]
        if absent:
            raise TelnyxInputError('authentication provider: settings need %s (missing: %s).'
                                   % (', '.join(SSO_REQUIRED), ', '.join(absent)))

    def create_body(self, desired):
        body = super(AuthenticationProvider, self).create_body(desired)
        if 'settings_url' in body and 'settings' not in body:
            # The create schema requires settings; the API fills them from settings_url.
            body['settings'] = {}
        return body

    def changes(self, desired, current):
        diff = super(AuthenticationProvider, self).changes(desired, current)
        if 'settings' in diff:
            have = diff['settings']['before'] or {}
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
            settings = dict(self.normalize_remote('settings', current.get('settings')) or {})
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
    """A billing group (OpenAPI: /billing_groups; ids are UUIDs; names are not unique)."""

    kind = 'billing group'
    return_key = 'billing_group'
    list_key = 'billing_groups'
    path = '/billing_groups'
    id_format = 'uuid'
    unique_identity = False
    identity = ('name',)
    fields = ('name',)
    update_fields = ('name',)
    create_required = ('name',)
    options = dict(id=dict(type='str'), name=dict(type='str'))
    info_options = dict(id=dict(type='str'), name=dict(type='str'))


OTHER_SECRET_TYPE = {'bearer': 'basic', 'basic': 'bearer'}


class IntegrationSecret(Resource):
    """An integration secret (OpenAPI: /integration_secrets; no GET of one, no PATCH). The API returns neither
    the type nor any value: type is compared through the list's filter[type], values only ever sent."""

    kind = 'integration secret'
    return_key = 'integration_secret'
    list_key = 'integration_secrets'
    path = '/integration_secrets'
    has_get = False
    identity = ('identifier',)
    fields = ('identifier', 'type')
    create_only_fields = ('username',)
    secret_fields = ('token', 'password')
    create_required = ('identifier', 'type')
    export_fields = ('identifier', 'type')
    info_filters = {'type': 'filter[type]'}
    options = dict(id=dict(type='str'), identifier=dict(type='str'), type=dict(type='str', choices=['bearer', 'basic']),
                   token=dict(type='str', no_log=True), username=dict(type='str'), password=dict(type='str', no_log=True),
                   update_secret=dict(type='str', default='on_create', choices=['on_create', 'always'], no_log=False),
                   replace=dict(type='bool', default=False))
    # update_secret: what to do with values that cannot be read back (always: re-create with the given value).
    call_options = {'update_secret': 'on_create', 'replace': False}
    info_options = dict(id=dict(type='str'), identifier=dict(type='str'),
                        type=dict(type='str', choices=['bearer', 'basic']))

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
        super(IntegrationSecret, self).check_create(desired)
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


JWT_PART = re.compile(r'[A-Za-z0-9_-]+')


def looks_like_jwt(text):
    """True when ``text`` has a JWT's shape: three base64url parts, the first a JSON object (its header)."""
    parts = text.split('.')
    if len(parts) != 3 or not all(JWT_PART.fullmatch(p) for p in parts):
        return False
    try:
        header = json.loads(base64.urlsafe_b64decode(parts[0] + '=' * (-len(parts[0]) % 4)).decode('utf-8'))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return False
    return isinstance(header, dict)


class TelephonyCredential(Resource):
    """An on-demand telephony credential (OpenAPI: /telephony_credentials). ``tag`` is accepted on create and
    PATCH but is not in the TelephonyCredential response schema: it is compared through the list's
    filter[tag]. The connection is returned as resource_id "connection:<id>"."""

    kind = 'telephony credential'
    return_key = 'telephony_credential'
    list_key = 'telephony_credentials'
    path = '/telephony_credentials'
    unique_identity = False
    identity = ('name',)
    fields = ('connection_id', 'name', 'tag', 'expires_at')
    update_fields = fields
    create_required = ('connection_id',)
    send_checks = {'expires_at': check_iso8601('expires_at')}
    output_omit = ('sip_password',)
    info_filters = {'tag': 'filter[tag]', 'status': 'filter[status]',
                    'resource_id': 'filter[resource_id]', 'sip_username': 'filter[sip_username]'}
    options = dict(id=dict(type='str'), connection_id=dict(type='str'), name=dict(type='str'), tag=dict(type='str'),
                   expires_at=dict(type='str'), return_sip_password=dict(type='bool', default=False, no_log=False))
    # return_sip_password: the result of that call shows the sip_password the API returns (omitted otherwise).
    call_options = {'return_sip_password': False}
    info_options = dict(id=dict(type='str'), name=dict(type='str'), tag=dict(type='str'), status=dict(type='str'),
                        resource_id=dict(type='str'), sip_username=dict(type='str'))

    @staticmethod
    def with_connection_id(obj):
        # The API reports the connection as resource_id "connection:<id>".
        resource_id = obj.get('resource_id') or ''
        if obj.get('connection_id') is None and resource_id.startswith('connection:'):
            return dict(obj, connection_id=resource_id.split(':', 1)[1])
        return obj

    def omitted(self, desired=None):
        hidden = super(TelephonyCredential, self).omitted(desired)
        if desired and desired.get('return_sip_password'):
            hidden.discard('sip_password')
        return hidden

    def changes(self, desired, current):
        return super(TelephonyCredential, self).changes(desired, self.with_connection_id(current))

    def export(self, obj):
        return super(TelephonyCredential, self).export(self.with_connection_id(obj))

    def lookup_query(self, desired):
        return {'filter[name]': desired['name']}

    def twin_query(self, created_objects):
        names = set(o.get('name') for o in created_objects)
        return {'filter[name]': names.pop()} if len(names) == 1 and None not in names else None

    def lookup(self, desired):
        # tag is never returned: a read filtered by the wanted tag finds an unchanged credential in one call;
        # a miss means the tag differs (or the credential does not exist), told apart by a second read.
        tag = desired.get('tag')
        if not tag:
            return super(TelephonyCredential, self).lookup(desired)
        if 'id' in desired:
            found = self.get(desired['id'])
            if found is None or found.get('tag') is not None:
                return found
            tagged = self.list({'filter[tag]': tag})
            return dict(found, tag=tag) if any(str(o.get('id')) == str(found['id']) for o in tagged) else found
        found = self.select(desired, self.list({'filter[name]': desired['name'], 'filter[tag]': tag}))
        if found is not None:
            return found if found.get('tag') is not None else dict(found, tag=tag)
        return super(TelephonyCredential, self).lookup(desired)

    @staticmethod
    def with_sent_tag(obj, body):
        """The API's answer with the tag it took but does not return, as sent."""
        if 'tag' in body and isinstance(obj, dict) and obj.get('tag') is None:
            return dict(obj, tag=body['tag'])
        return obj

    def create(self, desired, body):
        return self.with_sent_tag(super(TelephonyCredential, self).create(desired, body), body)

    def update(self, current, body):
        return self.with_sent_tag(super(TelephonyCredential, self).update(current, body), body)

    def mint_token(self, credential_id):
        """POST /telephony_credentials/{id}/token: a new JWT access token (OpenAPI: 201 text/plain "JWT").

        Raises TelnyxInputError before any request for an id that cannot be one, TelnyxAPIError when the
        answer is not text/plain or not shaped as a JWT (e.g. a proxy's HTML page).
        """
        path = '%s/token' % self.item_path(self.check_id(credential_id, 'credential_id'))
        response = self.client.request('POST', path, idempotent=True, expect='text')
        token = response.data.strip() if isinstance(response.data, str) else ''
        if not looks_like_jwt(token):
            raise TelnyxAPIError('POST', path, status=response.status,
                                 reason='the answer is not an access token (a JWT: three base64url parts); check '
                                        'api_url and any proxy in between')
        # Kept out of error messages; the module returns it (the user sets no_log on the task).
        self.client.add_secrets([token], result=True)
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
