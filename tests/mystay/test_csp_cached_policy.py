"""The CSP middleware builds the policy once per process; the header must stay django-csp's own."""

import pytest
from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from mystay.csp_middleware import CachedPolicyCSPMiddleware

pytestmark = pytest.mark.django_db


def _through(middleware_class, response=None, path="/api/v1/guest/stay", use_nonce=False):
    request = RequestFactory().get(path)
    middleware = middleware_class(lambda r: response or HttpResponse("{}"))
    middleware.process_request(request)
    nonce = str(request.csp_nonce) if use_nonce else None
    answered = middleware.process_response(request, response or HttpResponse("{}"))
    return answered, nonce, request


def test_the_cached_header_is_exactly_django_csps():
    ours, _, _ = _through(CachedPolicyCSPMiddleware)
    theirs, _, _ = _through(CSPMiddleware)
    assert ours[HEADER] == theirs[HEADER]
    assert "default-src 'self'" in ours[HEADER] and "frame-ancestors 'none'" in ours[HEADER]


def test_a_page_that_uses_the_nonce_gets_its_own_policy():
    plain, _, _ = _through(CachedPolicyCSPMiddleware)
    with_nonce, nonce, _ = _through(CachedPolicyCSPMiddleware, use_nonce=True)
    assert f"'nonce-{nonce}'" in with_nonce[HEADER]
    assert "nonce-" not in plain[HEADER]


def test_a_nonce_asked_for_after_the_header_is_written_is_an_error():
    from csp.exceptions import CSPNonceError

    _, _, request = _through(CachedPolicyCSPMiddleware)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


def test_per_view_overrides_and_exemptions_are_honoured():
    response = HttpResponse("{}")
    response._csp_update = {"img-src": ["https://images.example.com"]}
    updated, _, _ = _through(CachedPolicyCSPMiddleware, response=response)
    assert "https://images.example.com" in updated[HEADER]
    exempt = HttpResponse("{}")
    exempt._csp_exempt = True
    assert HEADER not in _through(CachedPolicyCSPMiddleware, response=exempt)[0]


def test_a_settings_change_rebuilds_the_policy(settings):
    before, _, _ = _through(CachedPolicyCSPMiddleware)
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    after, _, _ = _through(CachedPolicyCSPMiddleware)
    assert after[HEADER] == "default-src 'none'" != before[HEADER]
