"""Sessions, CSRF and messages run for the browser pages and are skipped on the token API."""

import pytest
from django.core import checks
from django.test import Client

from tests.stays.fixtures import guest_token

pytestmark = pytest.mark.django_db


def test_the_admin_still_has_sessions_csrf_and_messages(front_desk):
    client = Client(enforce_csrf_checks=True)
    login = client.get("/admin/login/")
    assert "csrftoken" in login.cookies
    refused = client.post("/admin/login/", {"username": front_desk.username, "password": "x"})
    assert refused.status_code == 403  # no CSRF token: refused by CsrfViewMiddleware
    assert not [m for m in checks.run_checks() if m.id in {"admin.E408", "admin.E409", "admin.E410"}]


def test_the_token_api_sets_no_cookie_and_needs_no_csrf_token(stay):
    client = Client(enforce_csrf_checks=True)
    token = guest_token(client, stay)
    response = client.get("/api/v1/guest/stay", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert not response.cookies  # no session, no CSRF cookie
    logout = client.post("/api/v1/auth/logout", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert logout.status_code == 204, logout.content  # a bearer-token POST needs no CSRF token
