# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every exception the collection raises, in one place. Each message is safe to show: no key, no secret.

- TelnyxConfigError: bad connection options (api_key, api_url, ca_path, ...), found before any request.
- TelnyxInputError: the user's input is wrong, found before any request.
- TelnyxStateError: the account is in a state the module will not change on its own (drift, ambiguity).
- TelnyxAPIError: a request that did not succeed, or a server answer that is not what the endpoint returns.
- TelnyxPlanError / TelnyxPartialError: telnyx_account's plan cannot be carried out / a write failed half-way.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

HINTS = {
    401: 'Telnyx rejected the API key: check api_key or TELNYX_API_KEY.',
    403: 'The API key is not allowed to do this: check the permissions of the key or the account.',
    404: 'Telnyx has no such object or path: check the id.',
    409: 'The object conflicts with the current state, for example it is still in use.',
    422: 'Telnyx refused the values sent: correct the field named above.',
    429: 'Telnyx rate limit still hit after every retry: raise api_retries or run with fewer forks.',
}


class TelnyxError(Exception):
    """Any failure the collection reports: the message is safe to show (no key, no secret)."""


class TelnyxConfigError(TelnyxError):
    """Bad connection options, found before any request is sent."""


class TelnyxAPIError(TelnyxError):
    """A request that did not succeed: carries method, path, status and Telnyx's errors.

    ``uncertain`` is true only when the server may have acted on the request even though no
    success answer arrived (5xx, read timeout, dropped answer, a 2xx answer that is not the API's):
    a create must then be looked up before it is sent again. A request that never reached the
    server (connection refused, connect timeout) is not uncertain; the client retries it itself.
    """

    def __init__(self, method, path, status=None, errors=None, reason=None, uncertain=False, attempts=1,
                 hint=None):
        self.method = method
        self.hint = hint
        self.path = path
        self.status = status
        self.errors = errors or []
        self.reason = reason
        self.uncertain = uncertain
        self.attempts = attempts
        super(TelnyxAPIError, self).__init__(self.build_message())

    @property
    def fields(self):
        """The request fields Telnyx blamed, from ``source.pointer`` or ``source.parameter``."""
        found = []
        for err in self.errors:
            source = err.get('source') or {}
            name = source.get('pointer') or source.get('parameter')
            if name:
                found.append(name.lstrip('/'))
        return found

    @property
    def codes(self):
        """Telnyx's error codes (strings, e.g. '10011'), in the order given."""
        return [str(err['code']) for err in self.errors if err.get('code') not in (None, '')]

    def as_result(self):
        """The ``api_error`` of a module's failed result: the HTTP facts and Telnyx's errors (already redacted)."""
        keep = ('code', 'title', 'detail', 'source')
        return {
            'method': self.method, 'path': self.path, 'status': self.status, 'fields': self.fields,
            'codes': self.codes, 'uncertain': self.uncertain, 'attempts': self.attempts,
            'errors': [dict((k, v) for k, v in err.items() if k in keep) for err in self.errors],
        }

    def build_message(self):
        if self.status is None:
            head = '%s %s failed: %s' % (self.method, self.path, self.reason or 'no answer')
        else:
            head = '%s %s failed: HTTP %s' % (self.method, self.path, self.status)
            if self.reason:
                head += ' %s' % self.reason
        parts = [head]
        for err in self.errors:
            text = ' '.join(str(err.get(k)) for k in ('code', 'title') if err.get(k) not in (None, ''))
            detail = err.get('detail') or err.get('description')
            if detail and detail != err.get('title'):
                text = '%s: %s' % (text, detail) if text else str(detail)
            source = err.get('source') or {}
            field = source.get('pointer') or source.get('parameter')
            if field:
                text += ' (field: %s)' % field.lstrip('/')
            if text:
                parts.append(text)
        if self.attempts > 1:
            parts.append('gave up after %d attempts' % self.attempts)
        hint = HINTS.get(self.status)
        if self.status == 404 and not self.errors:
            # Not Telnyx's error body: an unknown object, or a path that is not the API's at all.
            hint = ('No such object or path, and the answer is not a Telnyx error: check the id, and that api_url '
                    'is the Telnyx API v2 (it ends in /v2, e.g. https://api.telnyx.com/v2).')
        if self.status == 422 and not self.fields:
            hint = 'Telnyx refused the request as it stands; the detail above says why.'
        if self.status is not None and self.status >= 500:
            hint = 'Telnyx had a server error; try again later.'
        elif self.status is None and self.reason and 'TLS error' not in self.reason:
            hint = 'The network or the server failed; check api_url and connectivity.'
        if self.hint:
            hint = self.hint
        if hint:
            parts.append(hint)
        return '. '.join(p.rstrip('.') for p in parts) + '.'


class TelnyxInputError(TelnyxError):
    """The user's input is wrong; found before any request is sent."""


class TelnyxStateError(TelnyxError):
    """The account is in a state the module will not change on its own (drift without replace, ambiguity)."""
