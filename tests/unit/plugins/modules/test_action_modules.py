# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action modules through main(): what each sends, what it returns, when it reports a change."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import json

from ansible_collections.telnyx.account.plugins.modules import (
    telnyx_address_accept_suggestions, telnyx_address_validate, telnyx_telephony_credential_token,
)
from ansible_collections.telnyx.account.tests.unit.helpers import Answer, Call, page
from ansible_collections.telnyx.account.tests.unit.module_runner import run_module

ADDRESS_ID = '1293384261075731499'
CREDENTIAL_ID = 'c0ffee00-8ff0-4291-a0ac-84fe544797bd'
VALIDATE = {'street_address': '1 Main St', 'postal_code': '02134', 'country_code': 'us'}


def b64(data):
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip('=')


def jwt(claims):
    return '%s.%s.signature0123' % (b64({'alg': 'HS256', 'typ': 'JWT'}), b64(claims))


def test_validate_returns_the_result_and_changes_nothing():
    answer = {'data': {'result': 'invalid', 'suggested': {'postal_code': '02134-1234'},
                       'errors': [{'title': 'Bad postal code', 'source': {'pointer': '/postal_code'}}]}}
    calls = [Call('POST', '/addresses/actions/validate', Answer(200, answer),
                  body={'street_address': '1 Main St', 'postal_code': '02134', 'country_code': 'US'})]
    result = run_module(telnyx_address_validate, VALIDATE, calls)
    assert result['changed'] is False
    assert result['validation']['result'] == 'invalid'
    assert result['validation']['suggested'] == {'postal_code': '02134-1234'}
    result = run_module(telnyx_address_validate, dict(VALIDATE, fail_on_invalid=True), [
        Call(c.method, c.path, c.answer, body=c.body) for c in calls])
    assert result['failed'] is True
    assert 'invalid' in result['msg'] and 'Bad postal code (postal_code)' in result['msg']


def test_accept_suggestions_is_a_change_on_202_and_none_on_200():
    path = '/addresses/%s/actions/accept_suggestions' % ADDRESS_ID
    result = run_module(telnyx_address_accept_suggestions, {'id': ADDRESS_ID}, [
        Call('POST', path, Answer(202, {'data': {'id': ADDRESS_ID, 'accepted': True}}))])
    assert result['changed'] is True and result['accepted'] is True
    result = run_module(telnyx_address_accept_suggestions, {'id': ADDRESS_ID}, [
        Call('POST', path, Answer(200, {'data': {'id': ADDRESS_ID, 'accepted': True}}))])
    assert result['changed'] is False


def test_accept_suggestions_by_reference_finds_the_address_and_check_mode_sends_nothing():
    result = run_module(telnyx_address_accept_suggestions, {'customer_reference': 'hq'}, [
        Call('GET', '/addresses', Answer(200, page([{'id': ADDRESS_ID, 'customer_reference': 'hq'}])))],
        check_mode=True)
    assert result['changed'] is True and result['address_id'] == ADDRESS_ID
    result = run_module(telnyx_address_accept_suggestions, {'customer_reference': 'nope'}, [
        Call('GET', '/addresses', Answer(200, page([])))])
    assert result['failed'] is True and "'nope'" in result['msg']


def test_accept_suggestions_needs_exactly_one_way_to_name_the_address():
    result = run_module(telnyx_address_accept_suggestions, {}, [])
    assert result['failed'] is True and 'one of the following' in result['msg']
    result = run_module(telnyx_address_accept_suggestions, {'id': ADDRESS_ID, 'customer_reference': 'hq'}, [])
    assert result['failed'] is True and 'mutually exclusive' in result['msg']


def test_token_is_minted_with_its_expiry_and_check_mode_mints_nothing():
    token = jwt({'exp': 1893456000, 'sub': 'x'})
    credential = {'id': CREDENTIAL_ID, 'name': 'sip'}
    result = run_module(telnyx_telephony_credential_token, {'credential_name': 'sip'}, [
        Call('GET', '/telephony_credentials', Answer(200, page([credential]))),
        Call('POST', '/telephony_credentials/%s/token' % CREDENTIAL_ID, Answer(201, text=token))])
    assert result['changed'] is True
    assert result['token'] == token
    assert result['expires_at'] == '2030-01-01T00:00:00Z'
    result = run_module(telnyx_telephony_credential_token, {'credential_id': CREDENTIAL_ID}, [
        Call('GET', '/telephony_credentials/' + CREDENTIAL_ID, Answer(200, {'data': credential}))], check_mode=True)
    assert result['changed'] is True and 'token' not in result


def test_a_token_answer_that_is_not_a_token_fails_and_is_not_returned():
    page_text = '<html><body>Welcome to the proxy</body></html>'
    result = run_module(telnyx_telephony_credential_token, {'credential_id': CREDENTIAL_ID}, [
        Call('GET', '/telephony_credentials/' + CREDENTIAL_ID, Answer(200, {'data': {'id': CREDENTIAL_ID}})),
        Call('POST', '/telephony_credentials/%s/token' % CREDENTIAL_ID, Answer(200, text=page_text, headers={
            'Content-Type': 'text/html'}))])
    assert result['failed'] is True
    assert 'token' not in result and 'Welcome' not in result['msg']
