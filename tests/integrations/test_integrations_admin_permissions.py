"""The integrations page for a view-only manager, and Test connection as a POST with CSRF and the
change permission (defect #7)."""

import pytest
from django.test import Client
from django.urls import reverse

from integrations.models import HotelIntegrations
from integrations.services import configure_integration
from tests.stays.factories import StaffFactory

pytestmark = pytest.mark.django_db

SECRET = "sk-vendor-0123456789-very-secret"


@pytest.fixture
def record(hotel, fake_pms):
    configure_integration(
        hotel=hotel,
        capability="pms",
        provider="fakevendor",
        config={"base_url": "https://a.example.com", "api_key": SECRET},
    )
    return HotelIntegrations.objects.get(hotel=hotel)


@pytest.fixture
def manager(hotel):
    return StaffFactory(hotel=hotel, role="manager", email="manager@par.test")


@pytest.fixture
def hotel_admin(hotel):
    return StaffFactory(hotel=hotel, role="hotel_admin", email="boss@par.test")


def _test_url(record, capability="pms"):
    return reverse("admin:integrations_test_connection", args=[record.pk, capability])


def test_view_only_manager_sees_the_page_without_secrets_or_buttons(client, record, manager):
    client.force_login(manager)
    page = client.get(f"/admin/integrations/hotelintegrations/{record.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "https://a.example.com" in html  # the settings are shown, read-only
    assert SECRET not in html and SECRET[-8:] not in html
    assert "Test connection</button>" not in html
    assert 'name="pms__fakevendor__base_url"' not in html  # no editable field


def test_view_only_manager_cannot_test_a_connection(client, record, manager, fake_pms):
    client.force_login(manager)
    fake_pms.builds = 0
    assert client.post(_test_url(record)).status_code == 403
    assert fake_pms.builds == 0
    record.refresh_from_db()
    assert not record.last_checks


def test_test_connection_is_not_a_get(client, record, hotel_admin, fake_pms):
    client.force_login(hotel_admin)
    assert client.get(_test_url(record)).status_code == 405
    record.refresh_from_db()
    assert not record.last_checks


def test_test_connection_needs_the_csrf_token(record, hotel_admin, fake_pms):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(hotel_admin)
    assert browser.post(_test_url(record)).status_code == 403  # a cross-site form cannot trigger it
    page = browser.get(f"/admin/integrations/hotelintegrations/{record.pk}/change/")
    assert "Test connection</button>" in page.content.decode()
    token = page.cookies["csrftoken"].value
    response = browser.post(_test_url(record), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.last_checks["pms"]["ok"] is True
