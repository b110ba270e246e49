"""Headers (defect #11): CSP on the admin and the docs, Swagger UI from our own pinned static files,
Cache-Control: no-store on every API answer that may carry personal data."""

import re

import pytest
from django.contrib.staticfiles import finders

from integrations.models import HotelIntegrations
from tests.stays.factories import StaffFactory
from tests.stays.fixtures import guest_token, lookup

pytestmark = pytest.mark.django_db


def _csp(response):
    return response["Content-Security-Policy"]


def test_admin_has_a_strict_csp(client):
    response = client.get("/admin/login/")
    policy = _csp(response)
    assert "default-src 'self'" in policy
    # A nonce only where a page uses one; 'unsafe-eval' for the admin theme's Alpine.js (no inline scripts).
    # (django-csp's directive order varies from process to process: script-src may come last.)
    assert re.search(r"script-src 'self'( 'nonce-[^']+')? 'unsafe-eval'(;|$)", policy)
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_docs_use_our_own_pinned_swagger_ui_under_csp(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "script-src 'self'" in _csp(page)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn.jsdelivr" not in html and "@latest" not in html and "unpkg" not in html
    assert "<script>" not in html  # no inline script: the init script is a file of its own
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_inline_admin_script_carries_the_response_nonce(client, hotel):
    record = HotelIntegrations.objects.get(hotel=hotel)  # every hotel has one from the start
    client.force_login(StaffFactory(hotel=hotel, role="hotel_admin", email="boss@par.test"))
    page = client.get(f"/admin/integrations/hotelintegrations/{record.pk}/change/")
    nonce = re.search(r"'nonce-([^']+)'", _csp(page)).group(1)
    assert f'<script nonce="{nonce}">' in page.content.decode()


def test_personal_data_is_never_cached(api, stay, front_desk):
    response = lookup(api, "ABC123", "Dupré")
    assert response["Cache-Control"] == "no-store, private"
    token = response.json()["token"]
    assert api.get("/api/v1/guest/stay", HTTP_AUTHORIZATION=f"Bearer {token}")["Cache-Control"] == "no-store, private"
    login = api.post(
        "/api/v1/auth/staff/login", {"email": "desk@par.test", "password": "correct horse battery"}, format="json"
    )
    assert login["Cache-Control"] == "no-store, private"
    staff = api.get("/api/v1/staff/stays", HTTP_AUTHORIZATION=f"Bearer {login.json()['token']}")
    assert staff["Cache-Control"] == "no-store, private"
    assert api.get("/api/v1/guest/stay")["Cache-Control"] == "no-store, private"  # errors too
    assert guest_token(api, stay)
