import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from integrations.models import HotelIntegrations
from integrations.services import configure_integration
from tests.stays.factories import StaffFactory

pytestmark = pytest.mark.django_db

SECRET = "sk-vendor-0123456789-very-secret"


@pytest.fixture
def hotel_admin(hotel):
    return StaffFactory(hotel=hotel, role="hotel_admin", email="boss@par.test")


def _form(record=None, **overrides):
    data = {
        "pms_provider": "fakevendor",
        "pms__fakevendor__base_url": "https://pms.example.com",
        "pms__fakevendor__api_key": "",
        "pms__fakevendor__timeout": "7",
    }
    for cap in ["payment", "digital_key", "spa", "ocr", "concierge", "email", "sms", "push"]:
        data[f"{cap}_provider"] = ""
    data.update(overrides)
    return data


def test_admin_page_masks_secrets_and_keeps_them_when_blank(client, hotel, hotel_admin, fake_pms):
    configure_integration(
        hotel=hotel,
        capability="pms",
        provider="fakevendor",
        config={"base_url": "https://old.example.com", "api_key": SECRET},
    )
    record = HotelIntegrations.objects.get(hotel=hotel)
    client.force_login(hotel_admin)
    page = client.get(f"/admin/integrations/hotelintegrations/{record.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert SECRET not in html and SECRET[-8:] not in html
    assert "Set (stored encrypted). Leave blank to keep." in html
    assert 'name="pms__fakevendor__api_key"' in html and 'type="password"' in html

    saved = client.post(f"/admin/integrations/hotelintegrations/{record.pk}/change/", _form())
    assert saved.status_code == 302, saved.content.decode()[:3000]
    record.refresh_from_db()
    provider, config = record.choice("pms")
    assert provider == "fakevendor"
    assert config == {"base_url": "https://pms.example.com", "api_key": SECRET, "timeout": 7}


def test_admin_shows_field_errors_from_the_declaration(client, hotel, hotel_admin, fake_pms):
    record = HotelIntegrations.objects.get(hotel=hotel)  # every hotel has one from the start
    client.force_login(hotel_admin)
    response = client.post(
        f"/admin/integrations/hotelintegrations/{record.pk}/change/", _form(**{"pms__fakevendor__base_url": ""})
    )
    assert response.status_code == 200
    assert "is required" in response.content.decode()
    record.refresh_from_db()
    assert record.pms_provider == ""


def test_test_connection_button_records_result(client, hotel, hotel_admin, fake_pms):
    configure_integration(
        hotel=hotel,
        capability="pms",
        provider="fakevendor",
        config={"base_url": "https://a.example.com", "api_key": SECRET},
    )
    record = HotelIntegrations.objects.get(hotel=hotel)
    client.force_login(hotel_admin)
    fake_pms.healthy = False
    response = client.post(f"/admin/integrations/hotelintegrations/{record.pk}/test/pms/", follow=True)
    assert "Pms: fakevendor down (RuntimeError)" in response.content.decode()
    record.refresh_from_db()
    assert record.last_checks["pms"]["ok"] is False and record.last_checks["pms"]["ms"] >= 0


def test_staff_of_another_hotel_cannot_open_the_page(client, hotel, other_hotel, fake_pms):
    record = HotelIntegrations.objects.get(hotel=hotel)  # every hotel has one from the start
    intruder = StaffFactory(hotel=other_hotel, role="hotel_admin", email="boss@tyo.test")
    client.force_login(intruder)
    assert client.get(f"/admin/integrations/hotelintegrations/{record.pk}/change/").status_code == 302
    assert client.post(f"/admin/integrations/hotelintegrations/{record.pk}/test/pms/").status_code == 404


def test_set_integration_command_validates_and_masks(hotel, fake_pms):
    out = io.StringIO()
    call_command(
        "set_integration",
        "par",
        "pms",
        "fakevendor",
        "--config",
        json.dumps({"base_url": "https://a.example.com", "api_key": SECRET}),
        stdout=out,
    )
    assert SECRET not in out.getvalue() and "••••" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pms_config::text FROM integrations_hotelintegrations")
        assert SECRET not in cursor.fetchone()[0]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="base_url: must be a valid url"):
        call_command("set_integration", "PAR", "pms", "fakevendor", "--config", '{"base_url": "ftp://x"}')
    with pytest.raises(CommandError, match="Unknown pms provider"):
        call_command("set_integration", "PAR", "pms", "nope")


def test_check_integrations_exit_code_and_json(hotel, fake_pms):
    configure_integration(
        hotel=hotel,
        capability="pms",
        provider="fakevendor",
        config={"base_url": "https://a.example.com", "api_key": SECRET},
    )
    out = io.StringIO()
    call_command("check_integrations", "--hotel", "PAR", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    pms = next(r for r in data["results"] if r["capability"] == "pms")
    assert pms["ok"] is True and data["down"] == 0
    fake_pms.healthy = False
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_integrations", "--hotel", "PAR", stdout=io.StringIO())
    assert exit_info.value.code == 1


def test_readiness_reports_integrations_without_secrets(client, hotel, fake_pms):
    configure_integration(
        hotel=hotel,
        capability="pms",
        provider="fakevendor",
        config={"base_url": "https://a.example.com", "api_key": SECRET},
    )
    body = client.get("/health/ready").json()
    assert body["checks"]["integrations"]["detail"]["PAR"]["pms"] is True
    assert SECRET not in json.dumps(body)
